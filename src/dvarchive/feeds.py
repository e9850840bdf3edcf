"""RSS 2.0 feeds (feedgen) and the sitemap.

An article's ``<item>`` is the same in every feed that lists it, so it is
made once per article (:func:`render_feed_item`) and feeds are assembled
from those items around a channel that feedgen writes. Feeds carry no build
time: the channel's lastBuildDate is its newest item's date, so an unchanged
archive gives byte-identical feeds.
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterator, Sequence
from datetime import datetime
from xml.sax.saxutils import escape

from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from .model import EntityRef, PlacedArticle, Site
from .render import RenderedFile
from .urls import absolute_url, feed_url, home_url, output_path, photo_url
from .views import cover_photo

_EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")
_DC_NAMESPACE = ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
_CHANNEL_END = b"  </channel>"


def render_feed_item(site: Site, position: int) -> bytes:
    """One article's ``<item>``, indented to sit in a channel."""
    placed = site.articles[position]
    config = site.config
    article = placed.article
    entry = FeedEntry()
    entry.register_extension("dc", DcEntryExtension, rss=True, atom=False)
    link = absolute_url(config, placed.url)
    entry.title(article.title)
    entry.link(href=link)
    entry.guid(link, permalink=True)
    entry.pubDate(article.date.at)
    entry.description(article.lede or article.title)
    for author in placed.authors:
        entry.dc.dc_creator(author.name, replace=False)  # type: ignore[attr-defined]
    entry.category([{"term": ref.name} for ref in _categories(placed)])
    _add_enclosure(site, placed, entry)
    item = etree.tostring(entry.rss_entry(), encoding="unicode", pretty_print=True)
    # The channel declares the Dublin Core namespace once for every item.
    lines = item.replace(_DC_NAMESPACE, "").splitlines()
    return "".join(f"    {line}\n" for line in lines).encode("utf-8")


def _add_enclosure(site: Site, placed: PlacedArticle, entry: FeedEntry) -> None:
    cover = cover_photo(placed)
    if cover is None or cover.is_remote:
        return
    path = site.site_dir / "content" / cover.src
    if path.is_file():
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        url = absolute_url(site.config, photo_url(site.config, cover.src))
        entry.enclosure(url, str(path.stat().st_size), kind)


def _categories(placed: PlacedArticle) -> list[EntityRef]:
    refs = [placed.section] if placed.section else []
    refs += list(placed.tags) + [p.entity for p in placed.people] + list(placed.organisations)
    return list(dict.fromkeys(refs))


def render_feeds(site: Site, items: Sequence[bytes]) -> Iterator[RenderedFile]:
    """The site's feed and one for each person, organisation, author, tag and section."""
    config = site.config
    newest = range(min(len(site.articles), config.feed_items))
    yield render_feed(site, items, home_url(config), config.title, config.description, newest)
    for entities in site.entities.values():
        for entity in entities:
            title = f"{entity.ref.name} – {config.title}"
            description = (entity.entry.description if entity.entry else None) or f"Tin bài về {entity.ref.name}"
            yield render_feed(site, items, entity.ref.url, title, description, entity.articles[: config.feed_items])


def render_feed(
    site: Site, items: Sequence[bytes], page: str, title: str, description: str, positions: Sequence[int]
) -> RenderedFile:
    config = site.config
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False)
    generator.title(title)
    generator.link(href=absolute_url(config, feed_url(page)), rel="self")
    generator.link(href=absolute_url(config, page), rel="alternate")
    generator.description(description or title)
    generator.language(config.language)
    generator.generator("dvarchive")
    generator.lastBuildDate(max((_modified(site.articles[i]) for i in positions), default=_EPOCH))
    channel = generator.rss_str(pretty=True)
    head, tail = channel.rsplit(_CHANNEL_END, 1)
    body = b"".join(items[i] for i in positions)
    return RenderedFile(output_path(config, feed_url(page)), head + body + _CHANNEL_END + tail)


def _modified(placed: PlacedArticle) -> datetime:
    return (placed.article.updated or placed.article.date).at


def render_sitemap(site: Site, pages: Sequence[RenderedFile]) -> RenderedFile:
    """``/sitemap.xml`` listing every page with its last modification."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for page in sorted((p for p in pages if p.url), key=lambda p: p.url or ""):
        lines.append(f"  <url><loc>{escape(absolute_url(site.config, page.url or ''))}</loc>")
        if page.lastmod is not None:
            lines.append(f"    <lastmod>{page.lastmod.isoformat()}</lastmod>")
        lines.append("  </url>")
    lines.append("</urlset>")
    return RenderedFile("sitemap.xml", ("\n".join(lines) + "\n").encode("utf-8"))
