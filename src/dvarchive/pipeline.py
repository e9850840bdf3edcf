"""The full build: read, resolve, render and write the whole site.

Called by :func:`dvarchive.build.build_site` when a quicker answer (nothing
changed, or only article bodies) is not possible. Even here, unchanged
article files are not parsed again and pages whose inputs are unchanged are
not made again.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from .cache import CACHE_DIR, BuildCache
from .errors import ContentError, Diagnostic
from .feeds import feed_jobs, news_sitemap_job, robots_job, sitemap_jobs
from .images import ImageInfo, prepare_images
from .layout import CONTENT_DIR, THEME_STATIC
from .load import OUTSIDE_LINK, inside_site, load_sources
from .model import Site
from .output import Copy, Staging
from .parallel import iter_parallel
from .render import PageJob, RenderContext, make_context, make_environment, plan_pages
from .resolve import resolve_site
from .results import BuildOptions, BuildResult, Progress, Stopwatch
from .search import build_search_indexes, pagefind_version, search_bundles, search_documents, search_fingerprint


def full_build(options: BuildOptions, cache: BuildCache, watch: Stopwatch, present: set[str]) -> BuildResult:
    """Build the site; what the cache says is unchanged is not made again.

    ``present``: the files of the last build still in the output folder.
    """
    with watch.stage("load"):
        sources = load_sources(options.site_dir, options.include_drafts, cache, options.jobs, keep_bodies=False)
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
        fingerprints = cache.fingerprints()
        previous = {path: fingerprints[path] for path in present & fingerprints.keys()}  # what is still there
        todo = [job for job in all_jobs if previous.get(job.path) != job.inputs]
    with watch.stage("write"):
        staging = Staging(options.output_dir)  # the current output, hard-linked, to change
    try:
        with watch.stage("render"):
            written = render_jobs(staging, todo, options.jobs, cache, options.progress)
        with watch.stage("search"):
            search_jobs, search_written = _search(site, cache, previous, staging, options.jobs) if options.search else ([], 0)
    except BaseException:
        staging.abandon()
        raise
    with watch.stage("write"):
        all_jobs += search_jobs
        made = len(todo) + search_written
        cache.output_changing()
        written += search_written + staging.finish({job.path for job in all_jobs}, copies)
        _remember(cache, ctx, all_jobs)
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


def _remember(cache: BuildCache, ctx: RenderContext, all_jobs: list[PageJob]) -> None:
    """What the next build needs to know of this one (besides the recipes, kept as pages are made)."""
    cache.store_fingerprints({job.path: job.inputs for job in all_jobs})
    cache.keep_recipes({placed.article.source for placed in ctx.site.articles})
    cache.set_state("site_view", ctx.site_view)


def _search(
    site: Site, cache: BuildCache, previous: dict[str, bytes], staging: Staging, jobs: int
) -> tuple[list[PageJob], int]:
    """The Pagefind bundles, one per year: a year's is made again only when
    the indexed text of one of its articles changed.

    Returns jobs standing for their files in the fingerprints the cache
    keeps, and how many files were made.
    """
    bundles = search_bundles(site)
    version = pagefind_version()
    inputs = {bundle: search_fingerprint(articles, site.config.language, version) for bundle, articles in bundles.items()}
    kept = cache.get_state("search_files")
    files: dict[str, list[str]] = kept if isinstance(kept, dict) else {}
    stale = [
        bundle
        for bundle in bundles
        if not (files.get(bundle) and all(previous.get(path) == inputs[bundle] for path in files[bundle]))
    ]
    documents = search_documents(site, {bundle: bundles[bundle] for bundle in stale}, jobs)
    made = build_search_indexes(documents, site.config.language, jobs)
    for bundle, bundle_files in made.items():
        for path, data in bundle_files.items():
            staging.put(path, data)
        files[bundle] = sorted(bundle_files)
    files = {bundle: files[bundle] for bundle in bundles}
    cache.set_state("search_files", files)
    search_jobs = [PageJob(path, inputs[bundle], lambda: b"") for bundle, paths in files.items() for path in paths]
    return search_jobs, sum(len(bundle_files) for bundle_files in made.values())


def plan_site(
    site: Site, images: dict[str, ImageInfo], search: bool = True
) -> tuple[RenderContext, list[PageJob], list[PageJob]]:
    """Every page (the sitemaps included) and every feed of the site, as jobs."""
    ctx = make_context(site, make_environment(site.site_dir), images, search)
    pages = plan_pages(ctx)
    pages += [*sitemap_jobs(site.config, pages), news_sitemap_job(site), robots_job(site.config)]
    return ctx, pages, list(feed_jobs(ctx))


# An article page's inputs, for the quick rebuild: (source, page path, pickled ArticleInputs).
Recipe = tuple[str, str, bytes]


def render_jobs(
    staging: Staging, todo: list[PageJob], jobs: int, cache: BuildCache, progress: Progress | None = None
) -> int:
    """Make the files of these jobs into ``staging``, on ``jobs`` processes; how many changed.

    The recipes of the article pages made go to the cache as they come.
    """

    def make(index: int) -> tuple[int, Recipe | None]:
        job = todo[index]
        written = staging.put(job.path, job.make())
        if job.recipe is None:
            return written, None
        # Pickled here, on the worker's core, rather than one by one in the main process.
        return written, (job.recipe.placed.article.source, job.path, pickle.dumps(job.recipe.without_body(), 5))

    written, step = 0, max(1, len(todo) // 100)
    for done, (changed, recipe) in enumerate(iter_parallel(make, range(len(todo)), jobs), 1):
        written += changed
        if recipe is not None:
            cache.store_recipes([recipe])
        if progress is not None and (done % step == 0 or done == len(todo)):
            progress("render", done, len(todo))
    return written


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
