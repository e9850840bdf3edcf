"""``build_site()``: load → resolve → render → write, in that order.

The cache makes a rebuild cheap: unchanged article files are not parsed
again, and a page whose inputs (its fingerprint) did not change since the
last build is not made again; its file stays as it was.
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .cache import CACHE_DIR, BuildCache
from .errors import Diagnostic
from .feeds import feed_jobs, sitemap_job
from .load import CONTENT_DIR, load_sources
from .model import Site
from .output import Copy, check_output_folder, read_manifest, write_site
from .parallel import default_jobs, run_parallel
from .render import THEME_STATIC, PageJob, make_context, make_environment, plan_pages
from .resolve import resolve_site

Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    pages: int  # HTML pages in the site
    feeds: int
    rendered: int  # files made by this build
    unchanged: int  # files left as the last build wrote them
    written: int  # files whose bytes changed on disk
    seconds: float
    warnings: tuple[Diagnostic, ...]
    stages: dict[str, float] = field(default_factory=dict)


@dataclass
class _Stopwatch:
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started


def build_site(
    site_dir: Path,
    output: Path | None = None,
    include_drafts: bool = False,
    clean: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> BuildResult:
    """Build the site in ``site_dir``; raise DvarchiveError listing every problem.

    ``clean`` ignores what earlier builds left in the cache; ``jobs`` is the
    number of processes (all cores by default). The output is the same
    whatever the cache holds and however many processes make it.
    """
    started = time.perf_counter()
    watch = _Stopwatch()
    jobs = jobs or default_jobs()
    with build_lock(site_dir):
        cache = BuildCache.open(site_dir, fresh=clean)
        try:
            with watch.stage("load"):
                sources = load_sources(site_dir, include_drafts, cache, jobs)
            output_dir = output if output is not None else site_dir / sources.config.output
            check_output_folder(site_dir, output_dir)
            with watch.stage("resolve"):
                site, report = resolve_site(sources)
            with watch.stage("plan"):
                page_jobs, feed_list = plan_site(site)
                all_jobs = page_jobs + feed_list
                previous = _previous_fingerprints(cache, output_dir)
                todo = [job for job in all_jobs if previous.get(job.path) != job.inputs]
            with watch.stage("render"):
                made = render_jobs(todo, jobs, progress)
            with watch.stage("write"):
                kept = {job.path for job in all_jobs} - set(made)
                result = write_site(output_dir, made, kept, list(asset_copies(site)))
            cache.store_fingerprints({job.path: job.inputs for job in all_jobs})
            cache.commit()
        finally:
            cache.close()
    return BuildResult(
        output=output_dir,
        articles=len(site.articles),
        pages=sum(1 for job in page_jobs if job.path.endswith(".html")),
        feeds=len(feed_list),
        rendered=len(made),
        unchanged=len(kept),
        written=result.written,
        seconds=time.perf_counter() - started,
        warnings=tuple(report.diagnostics),
        stages=watch.stages,
    )


@contextmanager
def build_lock(site_dir: Path) -> Iterator[None]:
    """One build of a site at a time; a second one waits for the first."""
    folder = site_dir / CACHE_DIR
    folder.mkdir(exist_ok=True)
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def plan_site(site: Site) -> tuple[list[PageJob], list[PageJob]]:
    """Every page (the sitemap included) and every feed of the site, as jobs."""
    ctx = make_context(site, make_environment(site.site_dir))
    pages = plan_pages(ctx)
    pages.append(sitemap_job(site.config, pages))
    return pages, list(feed_jobs(ctx))


def _previous_fingerprints(cache: BuildCache, output_dir: Path) -> dict[str, bytes]:
    """What the last build made, as far as it is still in the output."""
    written = read_manifest(output_dir)
    if written is None:
        return {}
    return {path: inputs for path, inputs in cache.fingerprints().items() if path in written}


def render_jobs(todo: list[PageJob], jobs: int, progress: Progress | None = None) -> dict[str, bytes]:
    """Make the files of these jobs, on ``jobs`` processes; path → bytes."""
    report = (lambda done, total: progress("render", done, total)) if progress else None
    contents = run_parallel(lambda index: todo[index].make(), range(len(todo)), jobs, report)
    return {job.path: data for job, data in zip(todo, contents)}


def asset_copies(site: Site) -> Iterator[Copy]:
    """The theme's static files, the site's over them, and the published photos."""
    static: dict[str, Path] = {}
    for folder in (THEME_STATIC, site.site_dir / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    static[path.relative_to(folder).as_posix()] = path
    for relative, path in static.items():
        yield Copy(path, relative)
    for src in site.photos:
        yield Copy(site.site_dir / CONTENT_DIR / src, src)
