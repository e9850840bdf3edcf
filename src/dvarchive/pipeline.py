"""The full build: read, resolve, render and write the whole site.

Called by :func:`dvarchive.build.build_site` when a quicker answer (nothing
changed, or only article bodies) is not possible. Even here, unchanged
article files are not parsed again and pages whose inputs are unchanged are
not made again.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .cache import BuildCache
from .collisions import check_outputs
from .errors import ContentError, Diagnostic, Report
from .feeds import feed_jobs, news_sitemap_ends, news_sitemap_job, robots_job, sitemap_jobs
from .images import ImageInfo, Refusal, images_cache, prepare_images, unreadable_photo_diagnostics, without_photos
from .layout import CONTENT_DIR, THEME_STATIC
from .load import OUTSIDE_LINK, inside_site, load_sources
from .model import RegistryEntry, Site, Sources
from .output import Copy, Staging
from .parallel import iter_parallel
from .render import ArticleInputs, PageJob, RenderContext, make_context, make_environment, plan_pages
from .published import PUBLISHED_FILE, lost_addresses, published_record, read_published
from .redirects import NETLIFY_FILE, redirect_jobs
from .resolve import resolve_site
from .results import BuildOptions, BuildResult, Progress, Stopwatch
from .search import KeptBundle, build_search_indexes, pagefind_version, search_bundles, search_fingerprint


def full_build(options: BuildOptions, cache: BuildCache, watch: Stopwatch, present: set[str]) -> BuildResult:
    """Build the site; what the cache says is unchanged is not made again.

    ``present``: the files of the last build still in the output folder.
    """
    with watch.stage("write"):
        # The current output, hard-linked, to change: linked in the background while the site is read.
        staging = Staging(options.output_dir)
    try:
        with watch.stage("load"):
            sources = load_sources(
                options.site_dir, options.include_drafts, cache, options.jobs, keep_bodies=False,
                include_future=options.include_future, now=options.now,
            )
        with watch.stage("resolve"):
            site, report = resolve_site(sources, options.jobs)
            report.extend(lost_addresses(site, read_published(options.output_dir)))
            report.raise_if_errors(ContentError)
        with watch.stage("photos"):
            content_dir = options.site_dir / CONTENT_DIR
            local = tuple(src for src in site.photos if not src.startswith(("http://", "https://")))
            images = prepare_images(content_dir, images_cache(options.site_dir), local, options.jobs)
            site = _leave_out_unreadable(site, sources.registry, images.unreadable, report)
            copies = list(images.copies) + asset_copies(site)  # static files last: blamed in a collision
        with watch.stage("plan"):
            ctx, page_jobs, feed_list = plan_site(site, images.infos, options.search)
            check_outputs(options.site_dir, page_jobs + feed_list, copies, images.infos)
            fingerprints = cache.fingerprints()
            previous = {path: fingerprints[path] for path in present & fingerprints.keys()}  # what is still there
        with watch.stage("write"):
            staging.ready()
        with watch.stage("render"):
            rendered = render_jobs(staging, page_jobs + feed_list, previous, options.jobs, cache, options.progress)
        with watch.stage("search"):
            searched = _search(site, cache, previous, staging, options.jobs) if options.search else Rendered({}, 0, 0)
        staging.put(PUBLISHED_FILE, published_record(site))  # beside the manifest, for the next build
        cache.output_changing()  # may fail (a full disk): the new version then goes, the last one stays
    except BaseException:
        staging.abandon()
        raise
    with watch.stage("write"):
        kept = rendered.fingerprints | searched.fingerprints
        made = rendered.made + searched.made
        written = rendered.written + searched.written + staging.finish(set(kept), copies)
        _remember(cache, ctx, kept)
    return BuildResult(
        output=options.output_dir,
        articles=len(site.articles),
        pages=sum(1 for job in page_jobs if job.path.endswith(".html")),
        feeds=len(feed_list),
        rendered=made,
        unchanged=len(kept) - made,
        written=written,
        seconds=0.0,
        warnings=tuple(report.diagnostics),
        scheduled=len(sources.scheduled),
        next_scheduled=sources.scheduled[0].astimezone(site.config.zone) if sources.scheduled else None,
        valid_until=_valid_until(sources, site),
    )


def _valid_until(sources: Sources, site: Site) -> datetime | None:
    """When this output stops being right with no file changed: the next scheduled
    article's time, or when the news sitemap's oldest article leaves it."""
    moments = [moment for moment in (sources.upcoming, news_sitemap_ends(site)) if moment is not None]
    return min(moments, default=None)


def _leave_out_unreadable(
    site: Site, registry: tuple[RegistryEntry, ...], unreadable: dict[str, Refusal], report: Report
) -> Site:
    """Photos that are not images stop the build; a draft's are left out (a warning)."""
    articles = [placed.article for placed in site.articles]
    report.extend(unreadable_photo_diagnostics(articles, registry, unreadable))
    report.raise_if_errors(ContentError)
    return without_photos(site, unreadable)


@dataclass(frozen=True)
class Rendered:
    """What a stage put in the output: every file's fingerprint, how many were made, how many changed."""

    fingerprints: dict[str, bytes]
    made: int
    written: int


def _remember(cache: BuildCache, ctx: RenderContext, fingerprints: dict[str, bytes]) -> None:
    """What the next build needs to know of this one (besides the recipes, kept as pages are made)."""
    cache.store_fingerprints(fingerprints)
    cache.keep_recipes({placed.article.source for placed in ctx.site.articles})
    cache.set_state("site_view", ctx.site_view)


def _search(site: Site, cache: BuildCache, previous: dict[str, bytes], staging: Staging, jobs: int) -> Rendered:
    """The Pagefind bundles (search.py): a bundle is made again only when
    the indexed text of one of its articles changed.

    Each bundle's files have the bundle's fingerprint, in what the cache keeps.
    """
    bundles = search_bundles(site)
    version = pagefind_version()
    inputs = {bundle: search_fingerprint(articles, site.config.language, version) for bundle, articles in bundles.items()}
    kept = cache.get_state("search_bundles")
    before: dict[str, KeptBundle] = kept if isinstance(kept, dict) else {}
    files = {
        bundle: before[bundle].files
        for bundle in bundles
        if bundle in before and before[bundle].files and all(previous.get(p) == inputs[bundle] for p in before[bundle].files)
    }
    stale = {bundle: articles for bundle, articles in bundles.items() if bundle not in files}
    count = written = 0
    for bundle, bundle_files in build_search_indexes(site, stale, jobs):
        # Pagefind names most files by their content: a re-indexed bundle changes only a few.
        written += sum(staging.put(path, data) for path, data in bundle_files.items())
        files[bundle] = tuple(sorted(bundle_files))
        count += len(bundle_files)
    sources = {bundle: tuple(placed.article.source for placed in articles) for bundle, articles in bundles.items()}
    cache.set_state("search_bundles", {bundle: KeptBundle(sources[bundle], files[bundle]) for bundle in bundles})
    return Rendered({path: inputs[bundle] for bundle, paths in files.items() for path in paths}, count, written)


def plan_site(
    site: Site, images: dict[str, ImageInfo], search: bool = True
) -> tuple[RenderContext, list[PageJob], list[PageJob]]:
    """Every page (the sitemaps included) and every feed of the site, as jobs."""
    ctx = make_context(site, make_environment(site.site_dir), images, search)
    pages = plan_pages(ctx)
    pages += [*sitemap_jobs(site.config, pages), news_sitemap_job(site), robots_job(site.config)]
    pages += redirect_jobs(ctx, pages)
    return ctx, pages, list(feed_jobs(ctx))


# Article pages' recipes (their inputs, for the quick rebuild) are pickled
# a batch at a time: what neighbouring articles share (sections, authors,
# agencies) is written once, and pickling costs about half as much.
_MOST_RECIPES_IN_BATCH = 16


def render_jobs(
    staging: Staging,
    planned: list[PageJob],
    previous: dict[str, bytes],
    jobs: int,
    cache: BuildCache,
    progress: Progress | None = None,
) -> Rendered:
    """Make into ``staging`` the files whose fingerprint is not in ``previous``, on ``jobs`` processes.

    The recipes of the article pages made go to the cache as they come.
    """
    size = max(1, min(_MOST_RECIPES_IN_BATCH, len(planned) // 1000))  # a small site keeps batches for all cores
    batches = [planned[start : start + size] for start in range(0, len(planned), size)]

    def make(batch: list[PageJob]) -> tuple[list[bytes], int, int, list[tuple[str, str]], bytes]:
        fingerprints, made, written = [], 0, 0
        pages: list[tuple[str, str]] = []
        recipes: dict[str, ArticleInputs] = {}
        for job in batch:
            fingerprints.append(job.inputs())
            if previous.get(job.path) == fingerprints[-1]:
                continue
            made += 1
            written += staging.put(job.path, job.make())
            if job.recipe is not None:
                source = job.recipe.placed.article.source
                pages.append((source, job.path))
                recipes[source] = job.recipe.without_body()
        # Pickled here, on the worker's core, rather than in the main process.
        return fingerprints, made, written, pages, pickle.dumps(recipes, 5)

    all_fingerprints: dict[str, bytes] = {}
    all_made = all_written = 0
    step = max(1, len(planned) // 100)
    # The results first: zip then runs them out, and the helpers end with them.
    for (fingerprints, made, written, pages, value), batch in zip(iter_parallel(make, batches, jobs), batches):
        done_before = len(all_fingerprints)
        all_fingerprints.update(zip((job.path for job in batch), fingerprints))
        all_made, all_written = all_made + made, all_written + written
        if pages:
            cache.store_recipes(pages, value)
        done = len(all_fingerprints)
        if progress is not None and (done // step > done_before // step or done == len(planned)):
            progress("render", done, len(planned))
    return Rendered(all_fingerprints, all_made, all_written)


def asset_copies(site: Site) -> list[Copy]:
    """The published photos, and the theme's static files with the site's over them.

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
    static.pop(NETLIFY_FILE, None)  # its rules open the _redirects the build writes (redirects.py)
    photos = [Copy(site.site_dir / CONTENT_DIR / src, src) for src in site.photos]
    return photos + [Copy(path, relative) for relative, path in static.items()]
