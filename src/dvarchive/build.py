"""``build_site()``: one build of a site at a time, with its cache.

The build itself is :func:`dvarchive.pipeline.run_build`: load → resolve →
plan → render → write, over only what changed since the last build.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

from .core.config import load_config
from .core.errors import OutputError
from .core.layout import CACHE_DIR
from .core.parallel import default_jobs, starting_a_helper
from .core.results import BuildOptions, BuildResult, Progress, Stopwatch
from .incremental.cache import BuildCache, cache_diagnostic
from .incremental.changes import what_changed
from .stages.output import check_output_folder


def build_site(
    site_dir: Path,
    output: Path | None = None,
    include_drafts: bool = False,
    clean: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    search: bool = True,
    force: bool = False,
    include_future: bool = False,
    now: datetime | None = None,
) -> BuildResult:
    """Build the site in ``site_dir``; raise DvarchiveError listing every problem.

    ``clean`` ignores what earlier builds left in the cache; ``jobs`` is the
    number of processes (all cores by default); ``search`` builds the
    Pagefind index and the search page; ``force`` writes into a non-empty
    folder dvarchive did not make (keeping its files). Articles dated after
    ``now`` (timezone-aware; the real clock by default) are scheduled: left
    out, or shown as previews with ``include_future``. The output is the same
    whatever the cache holds and however many processes make it.
    """
    if starting_a_helper():
        raise RuntimeError(
            "build_site() chạy khi một tiến trình phụ khởi động lại tệp chính của chương trình: "
            'đặt lời gọi build_site() trong khối if __name__ == "__main__": của tệp ấy '
            "(build_site() was called while a helper process re-ran the main script: "
            'call it under if __name__ == "__main__":)'
        )
    started = time.perf_counter()
    watch = Stopwatch()
    config = load_config(site_dir)  # before anything is written: a wrong folder gets a clear error
    output_dir = output if output is not None else site_dir / config.output
    check_output_folder(site_dir, output_dir, force)
    clock = now or datetime.now(timezone.utc)
    if clock.tzinfo is None:  # as an article's date without an offset: in the site's timezone
        clock = clock.replace(tzinfo=config.zone)
    with build_lock(site_dir), _without_cycle_collection():
        options = BuildOptions(
            site_dir, output_dir, config, include_drafts, search, jobs or default_jobs(), progress, clock, include_future
        )
        cache = BuildCache.open(site_dir, output_dir, fresh=clean)
        try:
            cache.forget_interrupted_output()
            result = _build(options, cache, watch)
            cache.output_described()
            cache.forget_missing_outputs()
            cache.commit()
        finally:
            cache.close()
    warnings = result.warnings + tuple(cache.warnings)  # the cache could not be used or kept: slower, never wrong
    return replace(result, seconds=time.perf_counter() - started, stages=watch.stages, warnings=warnings)


def _build(options: BuildOptions, cache: BuildCache, watch: Stopwatch) -> BuildResult:
    with watch.stage("load"):
        changes = what_changed(options, cache)
    if changes.nothing:
        assert changes.last is not None
        last = changes.last.result
        total = last.rendered + last.unchanged
        return replace(last, output=options.output_dir, rendered=0, unchanged=total, written=0, scope="không có gì thay đổi")
    # Imported here: a build that finds nothing to do answers without
    # loading Jinja, markdown-it, Pillow, ICU or lxml (a third of a second).
    from .pipeline import run_build

    return run_build(options, cache, watch, changes)


@contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """A build makes millions of small objects and hardly any reference cycles:
    the cycle collector would only walk them again and again (a third of the
    time of a large build). Memory is freed by reference counting as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """One build of a site at a time; a second one waits for the first.

    The system frees the lock of a build that dies. Where there is ``flock``
    (Linux, macOS) it is taken directly; elsewhere (Windows) through
    ``filelock`` (msvcrt's lock), which is imported only there: loading it
    costs a fifth of a build with nothing to do.
    """
    folder = site_dir / CACHE_DIR
    held = ExitStack()
    try:
        folder.mkdir(exist_ok=True)
        held.enter_context(_locked(folder / "lock"))
    except OSError as exc:  # a read-only or full disk: said as the cache's refusals are
        raise OutputError([cache_diagnostic(folder, exc)]) from None
    with held:
        yield


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:
        from filelock import FileLock

        with FileLock(path):
            yield
        return
    with open(path, "a") as handle:  # "a": a full disk cannot refuse it
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
