"""RSS 2.0 feeds (feedgen) and the sitemap.

Feeds carry no build time: the channel's lastBuildDate is the newest item's
date, so an unchanged archive gives byte-identical feeds.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator, Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from feedgen.feed import FeedGenerator

from .model import PlacedArticle
from .render import RenderContext, RenderedFile
from .urls import absolute_url, feed_url, home_url, output_path, photo_url
from .views import cover_photo

_EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")


def render_feeds(ctx: RenderContext) -> Iterator[RenderedFile]:
    """The site's feed and one for each person, organisation, author, tag and section."""
    config = ctx.config
    newest = range(min(len(ctx.site.articles), config.feed_items))
    yield render_feed(ctx, home_url(config), config.title, config.description, newest)
    for entities in ctx.site.entities.values():
        for entity in entities:
            title = f"{entity.ref.name} – {config.title}"
            description = (entity.entry.description if entity.entry else None) or f"Tin bài về {entity.ref.name}"
            yield render_feed(ctx, entity.ref.url, title, description, entity.articles[: config.feed_items])


def render_feed(ctx: RenderContext, page: str, title: str, description: str, positions: Sequence[int]) -> RenderedFile:
    config = ctx.config
    generator = FeedGenerator()
    generator.load_extension("dc")
    generator.title(title)
    generator.link(href=absolute_url(config, page), rel="alternate")
    generator.link(href=absolute_url(config, feed_url(page)), rel="self")
    generator.description(description or title)
    generator.language(config.language)
    generator.generator("dvarchive")
    items = [ctx.site.articles[i] for i in positions]
    generator.lastBuildDate(max((_modified(a) for a in items), default=_EPOCH))
    for placed in items:
        _add_item(ctx, generator, placed)
    return RenderedFile(output_path(config, feed_url(page)), generator.rss_str(pretty=True))


def _add_item(ctx: RenderContext, generator: FeedGenerator, placed: PlacedArticle) -> None:
    config = ctx.config
    article = placed.article
    entry = generator.add_entry(order="append")
    link = absolute_url(config, placed.url)
    entry.title(article.title)
    entry.link(href=link)
    entry.guid(link, permalink=True)
    entry.pubDate(article.date.at)
    entry.description(article.lede or article.title)
    for author in placed.authors:
        entry.dc.dc_creator(author.name, replace=False)
    entry.category([{"term": ref.name} for ref in _categories(placed)])
    cover = cover_photo(placed)
    if cover is not None and not cover.is_remote:
        path = ctx.site.site_dir / "content" / cover.src
        if path.is_file():
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            url = absolute_url(config, photo_url(config, cover.src))
            entry.enclosure(url, str(path.stat().st_size), kind)


def _categories(placed: PlacedArticle) -> list:  # type: ignore[type-arg]
    refs = [placed.section] if placed.section else []
    refs += list(placed.tags) + [p.entity for p in placed.people] + list(placed.organisations)
    return list(dict.fromkeys(refs))


def _modified(placed: PlacedArticle) -> datetime:
    return (placed.article.updated or placed.article.date).at


def render_sitemap(ctx: RenderContext, pages: Sequence[RenderedFile]) -> RenderedFile:
    """``/sitemap.xml`` listing every page with its last modification."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted((p for p in pages if p.url), key=lambda p: p.url or ""):
        lines.append(f"  <url><loc>{escape(absolute_url(ctx.config, page.url or ''))}</loc>")
        if page.lastmod is not None:
            lines.append(f"    <lastmod>{page.lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return RenderedFile("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))
