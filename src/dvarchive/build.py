"""``build_site()``: load → resolve → render → write, in that order.

The cache makes a rebuild cheap. When no input changed, nothing is done,
unless the clock has passed the time until which the last output holds
(a scheduled article's, or the news sitemap's window).
When only article bodies changed, only those pages are remade (``quick.py``).
Otherwise the whole pipeline runs, but unchanged article files are not
parsed again and a page whose inputs (its fingerprint) are as they were is
not made again: its file stays as the last build wrote it.
"""

from __future__ import annotations

import fcntl
import gc
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import CACHE_DIR, BuildCache, cache_diagnostic
from .config import load_config
from .errors import OutputError
from .inventory import Inventory, take_inventory
from .output import check_output_folder, files_in_output
from .parallel import default_jobs
from .results import BuildOptions, BuildResult, Progress, Stopwatch

if TYPE_CHECKING:
    from .quick import QuickResult

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
            result = _build_with_cache(options, cache, watch)
            cache.commit()
        finally:
            cache.close()
    warnings = result.warnings + tuple(cache.warnings)  # the cache could not be used or kept: slower, never wrong
    return replace(result, seconds=time.perf_counter() - started, stages=watch.stages, warnings=warnings)


def _build_with_cache(options: BuildOptions, cache: BuildCache, watch: Stopwatch) -> BuildResult:
    with watch.stage("load"):
        named = f"drafts={options.include_drafts} future={options.include_future} search={options.search}"
        inventory = take_inventory(options.site_dir, options.output_dir, named)
        present, intact = files_in_output(options.output_dir)
        before = cache.get_state("inventory") if intact else None
        last = cache.get_state("last_build")
        if not isinstance(before, Inventory) or not isinstance(last, BuildResult) or not _still_valid(cache, last, options.now):
            before = None  # the full build: as after a change of every file
    if before == inventory:
        assert isinstance(last, BuildResult)
        result = _unchanged(last, options.output_dir)
    else:
        with watch.stage("quick"):
            quick = _quick(options, cache, before, inventory, present)
        if quick is not None:
            # The edited articles' headers are as they were, so the last build's warnings still hold.
            assert isinstance(last, BuildResult)
            total = last.rendered + last.unchanged + quick.files_added
            result = replace(last, rendered=quick.rendered, unchanged=total - quick.rendered, written=quick.written)
        else:
            # Imported here: a build that finds nothing to do answers without
            # loading Jinja, markdown-it, Pillow, ICU or lxml (a third of a second).
            from .pipeline import full_build

            result = full_build(options, cache, watch, present)
    cache.set_state("inventory", inventory)
    cache.set_state("clock", options.now)
    cache.set_state("last_build", replace(result, output=options.output_dir, seconds=0.0, stages={}))
    cache.output_described()
    cache.forget_missing_outputs()
    return result


def _still_valid(cache: BuildCache, last: BuildResult, now: datetime) -> bool:
    """The last build's output is still right at ``now``, if no file changed.

    Time alone changes a site: a scheduled article goes live, the news
    sitemap's oldest article leaves it. A clock earlier than the last
    build's (set back, or a test's) may see an article as not yet published.
    """
    clock = cache.get_state("clock")
    if not isinstance(clock, datetime) or now < clock:
        return False
    return last.valid_until is None or now < last.valid_until


def _quick(
    options: BuildOptions, cache: BuildCache, before: Inventory | None, now: Inventory, present: set[str]
) -> QuickResult | None:
    from .quick import quick_rebuild  # see full_build's import

    return quick_rebuild(options, cache, before, now, present)


def _unchanged(last: BuildResult, output_dir: Path) -> BuildResult:
    total = last.rendered + last.unchanged
    return replace(last, output=output_dir, rendered=0, unchanged=total, written=0)


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
    """One build of a site at a time; a second one waits for the first."""
    folder = site_dir / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        lock = open(folder / "lock", "a")  # noqa: SIM115 - closed below; "a": a full disk cannot refuse it
    except OSError as exc:
        raise OutputError([cache_diagnostic(folder, exc)]) from None
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


