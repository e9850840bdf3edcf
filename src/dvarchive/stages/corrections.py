"""The site's corrections: ``/dinh-chinh/`` lists every published correction, the newest first, with its own feed.

A correction is one entry of an article's ``corrections:``. Each links to
where the article's page shows it (its anchor, see views.correction_anchors).
Drafts and scheduled articles are left out, even from a preview: what they
correct has not been published. Corrections are in the article's header,
so any change to them is planned with the whole site, never as a body edit.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from feedgen.feed import FeedGenerator

from ..core.jobs import PageJob
from ..core.model import Site
from ..core.schema import Moment
from ..core.urls import absolute_url, corrections_url, feed_url, output_path, paged_url
from ..core.views import correction_anchors, iso, long_date
from ..incremental.fingerprints import code_fingerprint, fingerprint
from .feeds import EPOCH
from .pages import pagination
from .render import RenderContext, page_meta, render_template

_TEMPLATE = "corrections.html"


@dataclass(frozen=True)
class PublishedCorrection:
    """One correction of a published article, as the page and the feed show it."""

    title: str  # the article's headline
    url: str  # the article's page, at the correction's anchor
    date: Moment
    note: str


def published_corrections(site: Site) -> list[PublishedCorrection]:
    """Every correction of the published articles, the newest first (of one day: the newer
    article first, and of one article the one it lists last)."""
    found = []
    for placed in site.articles:  # the newest article first
        article = placed.article
        if not placed.published or not article.corrections:
            continue
        anchors = correction_anchors(article.corrections)
        entries = [PublishedCorrection(article.title, f"{placed.url}#{a}", c.date, c.note) for c, a in zip(article.corrections, anchors)]
        found += reversed(entries)
    return sorted(found, key=lambda entry: entry.date.at, reverse=True)  # stable: ties keep the order above


def correction_page_jobs(ctx: RenderContext, corrections: Sequence[PublishedCorrection]) -> list[PageJob]:
    """``/dinh-chinh/``, then ``/dinh-chinh/page/2/`` …, ``per_page`` corrections a page."""
    config = ctx.config
    first = corrections_url(config)
    per_page = config.per_page
    total = max(1, -(-len(corrections) // per_page))
    heading = ctx.messages("Đính chính")
    description = ctx.messages("Các đính chính đã đăng trong %(title)s, mới nhất trước.", title=config.title)
    feed = (feed_url(first), f"{heading} – {config.title}")
    jobs = []
    for number in range(1, total + 1):
        url = paged_url(config, first, number)
        title = heading if number == 1 else ctx.messages("%(title)s – trang %(number)s", title=heading, number=number)
        chunk = corrections[(number - 1) * per_page : number * per_page]
        # Without a correction yet, the page has nothing for search engines: noindex, and not in the sitemap.
        meta = page_meta(config, "corrections", title, url, description, feed, noindex=not chunk)
        view = {
            "heading": heading,
            "feed_url": feed[0],
            "entries": [_entry_view(ctx, entry) for entry in chunk],
            "pagination": pagination(config, first, number, total),
        }
        jobs.append(
            PageJob(
                path=output_path(config, url),
                inputs=partial(fingerprint, ctx.base(_TEMPLATE), _TEMPLATE, meta, view),
                make=partial(render_template, ctx, _TEMPLATE, meta, corrections=view),
                url=url if chunk else None,
                lastmod=chunk[0].date.at if chunk else None,
                what=f"trang đính chính ({url})",
            )
        )
    return jobs


def _entry_view(ctx: RenderContext, entry: PublishedCorrection) -> dict[str, str]:
    return {
        "title": entry.title,
        "url": entry.url,
        "date_display": long_date(entry.date, ctx.messages),
        "date_iso": iso(entry.date),
        "note": entry.note,
    }


def correction_feed_job(ctx: RenderContext, corrections: Sequence[PublishedCorrection]) -> PageJob:
    """``/dinh-chinh/feed.xml``: the newest ``feed_items`` corrections, each an item linking to it."""
    config = ctx.config
    page = corrections_url(config)
    heading = ctx.messages("Đính chính")
    channel = (
        f"{heading} – {config.title}",
        ctx.messages("Các đính chính đã đăng trong %(title)s, mới nhất trước.", title=config.title),
        absolute_url(config, page),
        absolute_url(config, feed_url(page)),
        config.language,
    )
    items = tuple(
        (ctx.messages("Đính chính: %(title)s", title=entry.title), absolute_url(config, entry.url), entry.date.at, entry.note)
        for entry in corrections[: config.feed_items]
    )
    return PageJob(
        path=output_path(config, feed_url(page)),
        inputs=partial(fingerprint, code_fingerprint(), channel, items),
        make=partial(render_correction_feed, channel, items),
        what=f"nguồn RSS của trang đính chính ({feed_url(page)})",
    )


def render_correction_feed(channel: tuple[str, str, str, str, str], items: Sequence[tuple[str, str, datetime, str]]) -> bytes:
    title, description, page, feed, language = channel
    generator = FeedGenerator()
    generator.title(title)
    generator.link(href=feed, rel="self")
    generator.link(href=page, rel="alternate")
    generator.description(html.escape(description))
    generator.language(language)
    generator.generator("dvarchive")
    # No build time: the newest correction's, so an unchanged archive gives the same file.
    generator.lastBuildDate(max((at for _, _, at, _ in items), default=EPOCH))
    for item_title, link, at, note in items:
        entry = generator.add_entry(order="append")
        entry.title(item_title)
        entry.link(href=link)
        entry.guid(link, permalink=True)
        entry.pubDate(at)
        entry.description(html.escape(note))  # RSS readers take a description as HTML
    return generator.rss_str(pretty=True)  # type: ignore[no-any-return]
