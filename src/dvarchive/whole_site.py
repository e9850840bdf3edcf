"""The plan of the whole site: load → resolve → photos → plan.

Imported only by a build that must plan the whole site: a body edit, or a
build with nothing to do, answers without loading feeds, photos, pages and
the rest (Pillow, lxml and feedgen among them).
"""

from __future__ import annotations

from datetime import datetime
from functools import partial

from .core.errors import ContentError, Report
from .core.jobs import Copy, PageJob
from .core.layout import CONTENT_DIR
from .core.messages import site_messages
from .core.model import RegistryEntry, Site, Sources
from .core.results import BuildOptions, BuildResult, Stopwatch
from .incremental.cache import BuildCache
from .plan import Plan
from .registry_edits import kept_registry
from .stages.collisions import check_outputs
from .stages.corrections import correction_feed_job, correction_page_jobs, published_corrections
from .stages.feeds import feed_jobs, news_sitemap_ends, news_sitemap_job, robots_job, sitemap_jobs
from .stages.images import Refusal, photo_store, prepare_images, unreadable_photo_diagnostics, without_photos
from .stages.load import load_sources, read_body, read_static, read_templates
from .stages.pages import plan_pages
from .stages.published import lost_addresses, published_record, read_published
from .stages.redirects import redirect_jobs
from .stages.render import RenderContext, make_context, make_environment
from .stages.resolve import resolve_with_rankings
from .stages.search import search_bundles
from .stages.site_feeds import site_feed_jobs


def plan_whole_site(options: BuildOptions, cache: BuildCache, watch: Stopwatch) -> Plan:
    """The whole site: every page, feed, bundle and copy."""
    with watch.stage("load"):
        sources = load_sources(
            options.site_dir, options.include_drafts, cache, options.jobs, keep_bodies=False,
            include_future=options.include_future, now=options.now,
        )
        templates = read_templates(options.site_dir)
    with watch.stage("resolve"):
        site, report, rankings = resolve_with_rankings(sources, options.jobs, cache.rankings())
        cache.keep_rankings(rankings)
        report.extend(lost_addresses(site, read_published(options.output_dir)))
        report.raise_if_errors(ContentError)
    with watch.stage("photos"):
        local = tuple(src for src in site.photos if not src.startswith(("http://", "https://")))
        images = prepare_images(options.site_dir, photo_store(options.site_dir, options.config), local, options.jobs)
        site = _leave_out_unreadable(site, sources.registry, images.unreadable, report)
        static, own_redirects = read_static(options.site_dir)
        photos = [Copy(options.site_dir / CONTENT_DIR / src, src) for src in site.photos]
        # Static files last: blamed in a collision.
        copies = list(images.copies) + photos + [Copy(path, relative) for relative, path in static.items()]
    with watch.stage("plan"):
        ctx = make_context(site, make_environment(templates, site_messages(options.config)), images.infos, partial(read_body, site.site_dir), options.search)
        pages, feeds = plan_site(ctx, own_redirects)
        jobs = pages + feeds
        check_outputs(options.site_dir, jobs, copies, images.infos)
    summary = BuildResult(
        output=options.output_dir,
        articles=len(site.articles),
        pages=sum(1 for job in pages if job.path.endswith(".html")),
        feeds=len(feeds),
        rendered=0,
        unchanged=0,
        written=0,
        seconds=0.0,
        warnings=tuple(report.diagnostics),
        scheduled=len(sources.scheduled),
        next_scheduled=sources.scheduled[0].astimezone(site.config.zone) if sources.scheduled else None,
        valid_until=_valid_until(sources, site),
    )
    bundles = search_bundles(site) if options.search else {}
    registry = kept_registry(sources.registry, site)
    return Plan(ctx, jobs, bundles, copies, summary, published=published_record(site), registry=registry)


def plan_site(ctx: RenderContext, own_redirects: str = "") -> tuple[list[PageJob], list[PageJob]]:
    """Every page (the sitemaps included) and every feed of the site (RSS, JSON Feed, Atom), as jobs.

    ``own_redirects``: the rules of the site's own ``static/_redirects``.
    """
    corrections = published_corrections(ctx.site)
    pages = plan_pages(ctx) + correction_page_jobs(ctx, corrections)
    pages += [*sitemap_jobs(ctx.config, pages), news_sitemap_job(ctx.site), robots_job(ctx.config)]
    pages += redirect_jobs(ctx, pages, own_redirects)
    return pages, [*feed_jobs(ctx), *site_feed_jobs(ctx), correction_feed_job(ctx, corrections)]


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
