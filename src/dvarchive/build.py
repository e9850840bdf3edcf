"""``build_site()``: load → resolve → render → write, in that order.

The cache makes a rebuild cheap. When no input changed, nothing is done.
When only article bodies changed, only those pages are remade (``quick.py``).
Otherwise the whole pipeline runs, but unchanged article files are not
parsed again and a page whose inputs (its fingerprint) are as they were is
not made again: its file stays as the last build wrote it.
"""

from __future__ import annotations

import fcntl
import gc
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from .cache import CACHE_DIR, BuildCache
from .config import SiteConfig, load_config
from .errors import ContentError, Diagnostic
from .feeds import feed_jobs, news_sitemap_job, robots_job, sitemap_jobs
from .images import ImageInfo, prepare_images
from .inventory import Inventory, take_inventory
from .load import CONTENT_DIR, OUTSIDE_LINK, inside_site, load_sources
from .model import Site
from .output import Copy, Staging, check_output_folder, read_manifest
from .parallel import default_jobs, run_parallel
from .quick import quick_rebuild
from .render import THEME_STATIC, PageJob, RenderContext, make_context, make_environment, plan_pages
from .resolve import resolve_site
from .search import build_search_index, search_documents, search_fingerprint

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


@dataclass(frozen=True)
class _Options:
    site_dir: Path
    output_dir: Path
    config: SiteConfig
    include_drafts: bool
    search: bool
    jobs: int
    progress: Progress | None


def build_site(
    site_dir: Path,
    output: Path | None = None,
    include_drafts: bool = False,
    clean: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
    search: bool = True,
    force: bool = False,
) -> BuildResult:
    """Build the site in ``site_dir``; raise DvarchiveError listing every problem.

    ``clean`` ignores what earlier builds left in the cache; ``jobs`` is the
    number of processes (all cores by default); ``search`` builds the
    Pagefind index and the search page; ``force`` writes into a non-empty
    folder dvarchive did not make (keeping its files). The output is the same
    whatever the cache holds and however many processes make it.
    """
    started = time.perf_counter()
    watch = _Stopwatch()
    config = load_config(site_dir)  # before anything is written: a wrong folder gets a clear error
    output_dir = output if output is not None else site_dir / config.output
    check_output_folder(site_dir, output_dir, force)
    with build_lock(site_dir), _without_cycle_collection():
        options = _Options(site_dir, output_dir, config, include_drafts, search, jobs or default_jobs(), progress)
        cache = BuildCache.open(site_dir, output_dir, fresh=clean)
        try:
            result = _build_with_cache(options, cache, watch)
            cache.commit()
        finally:
            cache.close()
    return replace(result, seconds=time.perf_counter() - started, stages=watch.stages)


def _build_with_cache(options: _Options, cache: BuildCache, watch: _Stopwatch) -> BuildResult:
    with watch.stage("load"):
        now = take_inventory(options.site_dir, options.output_dir, f"drafts={options.include_drafts} search={options.search}")
        before = cache.get_state("inventory") if _output_intact(options.output_dir) else None
        last = cache.get_state("last_build")
        if not isinstance(before, Inventory) or not isinstance(last, BuildResult):
            before = None
    if before == now:
        assert isinstance(last, BuildResult)
        result = _unchanged(last, options.output_dir)
    else:
        with watch.stage("quick"):
            # The search index covers every body, so a body edit needs the full build to redo it.
            quick = None if options.search else quick_rebuild(options.site_dir, options.config, options.output_dir, cache, before, now)
        if quick is not None:
            # The edited articles' headers are as they were, so the last build's warnings still hold.
            assert isinstance(last, BuildResult)
            total = last.rendered + last.unchanged
            result = replace(last, rendered=quick.rendered, unchanged=total - quick.rendered, written=quick.written)
        else:
            result = _full_build(options, cache, watch)
    cache.set_state("inventory", now)
    cache.set_state("last_build", replace(result, output=options.output_dir, seconds=0.0, stages={}))
    cache.forget_missing_outputs()
    return result


def _output_intact(output_dir: Path) -> bool:
    """Every file the last build wrote is still there."""
    written = read_manifest(output_dir)
    return written is not None and all(os.path.exists(output_dir / path) for path in written)


def _unchanged(last: BuildResult, output_dir: Path) -> BuildResult:
    total = last.rendered + last.unchanged
    return replace(last, output=output_dir, rendered=0, unchanged=total, written=0)


def _full_build(options: _Options, cache: BuildCache, watch: _Stopwatch) -> BuildResult:
    with watch.stage("load"):
        sources = load_sources(options.site_dir, options.include_drafts, cache)
    with watch.stage("resolve"):
        site, report = resolve_site(sources)
    with watch.stage("photos"):
        content_dir = options.site_dir / CONTENT_DIR
        local = tuple(src for src in site.photos if not src.startswith(("http://", "https://")))
        images = prepare_images(content_dir, options.site_dir / CACHE_DIR / "images", local, options.jobs, report)
        copies = asset_copies(site) + list(images.copies)
    with watch.stage("plan"):
        ctx, page_jobs, feed_list = plan_site(site, images.infos, options.search)
        all_jobs = page_jobs + feed_list
        previous = _previous_fingerprints(cache, options.output_dir)
        todo = [job for job in all_jobs if previous.get(job.path) != job.inputs]
    staging = Staging(options.output_dir)
    try:
        with watch.stage("render"):
            written = render_jobs(staging, todo, options.jobs, options.progress)
        with watch.stage("search"):
            search_jobs, search_written = _search(site, cache, previous, staging) if options.search else ([], 0)
    except BaseException:
        staging.abandon()
        raise
    with watch.stage("write"):
        all_jobs += search_jobs
        made = len(todo) + search_written
        written += search_written + staging.finish({job.path for job in all_jobs}, copies)
        _remember(cache, ctx, all_jobs, todo)
    return BuildResult(
        output=options.output_dir,
        articles=len(site.articles),
        pages=sum(1 for job in page_jobs if job.path.endswith(".html")),
        feeds=len(feed_list),
        rendered=made,
        unchanged=len(all_jobs) - made,
        written=written,
        seconds=0.0,
        warnings=tuple(report.diagnostics),
    )


def _remember(cache: BuildCache, ctx: RenderContext, all_jobs: list[PageJob], made: list[PageJob]) -> None:
    """What the next build needs to know of this one."""
    cache.store_fingerprints({job.path: job.inputs for job in all_jobs})
    recipes = [(job.recipe.placed.article.source, job.path, job.recipe) for job in made if job.recipe]
    cache.store_recipes(recipes, keep={placed.article.source for placed in ctx.site.articles})
    cache.set_state("site_view", ctx.site_view)


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
    folder.mkdir(exist_ok=True)
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _search(site: Site, cache: BuildCache, previous: dict[str, bytes], staging: Staging) -> tuple[list[PageJob], int]:
    """The Pagefind bundle, made again only when some article's indexed text changed.

    Returns jobs standing for its files in the fingerprints the cache keeps,
    and how many files were made.
    """
    documents = search_documents(site)
    inputs = search_fingerprint(documents)
    files = cache.get_state("search_files")
    made = 0
    if not (isinstance(files, list) and files and all(previous.get(path) == inputs for path in files)):
        bundle = build_search_index(documents, site.config.language)
        for path, data in bundle.items():
            staging.put(path, data)
        files, made = sorted(bundle), len(bundle)
    cache.set_state("search_files", files)
    return [PageJob(path, inputs, lambda: b"") for path in files], made


def plan_site(
    site: Site, images: dict[str, ImageInfo], search: bool = True
) -> tuple[RenderContext, list[PageJob], list[PageJob]]:
    """Every page (the sitemaps included) and every feed of the site, as jobs."""
    ctx = make_context(site, make_environment(site.site_dir), images, search)
    pages = plan_pages(ctx)
    pages += [*sitemap_jobs(site.config, pages), news_sitemap_job(site), robots_job(site.config)]
    return ctx, pages, list(feed_jobs(ctx))


def _previous_fingerprints(cache: BuildCache, output_dir: Path) -> dict[str, bytes]:
    """What the last build made, as far as it is still in the output."""
    written = read_manifest(output_dir)
    if written is None:
        return {}
    fingerprints = cache.fingerprints()
    return {path: fingerprints[path] for path in written & fingerprints.keys() if os.path.exists(output_dir / path)}


def render_jobs(staging: Staging, todo: list[PageJob], jobs: int, progress: Progress | None = None) -> int:
    """Make the files of these jobs into ``staging``, on ``jobs`` processes; how many changed."""
    report = (lambda done, total: progress("render", done, total)) if progress else None
    written = run_parallel(lambda index: staging.put(todo[index].path, todo[index].make()), range(len(todo)), jobs, report)
    return sum(written)


def asset_copies(site: Site) -> list[Copy]:
    """The theme's static files, the site's over them, and the published photos.

    A file of the site's static/ that links out of the site is an error:
    nothing outside the site is published.
    """
    static: dict[str, Path] = {}
    outside = []
    for folder in (THEME_STATIC, site.site_dir / "static"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if folder != THEME_STATIC and not inside_site(site.site_dir, path):
                outside.append(Diagnostic(path.relative_to(site.site_dir).as_posix(), None, OUTSIDE_LINK))
            elif path.is_file():
                static[path.relative_to(folder).as_posix()] = path
    if outside:
        raise ContentError(outside)
    copies = [Copy(path, relative) for relative, path in static.items()]
    return copies + [Copy(site.site_dir / CONTENT_DIR / src, src) for src in site.photos]
