"""RSS 2.0 feeds (feedgen), their photos in Media RSS (media_rss.py), and the sitemap.

An article's ``<item>`` is the same in every feed that lists it, so it is
made once per article (:func:`feed_item`) and feeds are assembled
from those items around a channel that feedgen writes. Feeds carry no build
time: the channel's lastBuildDate is its newest item's date, so an unchanged
archive gives byte-identical feeds.
"""

from __future__ import annotations

import html
import mimetypes
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta, timezone
from functools import partial
from itertools import islice
from xml.sax.saxutils import escape

from feedgen.entry import FeedEntry
from feedgen.ext.dc import DcEntryExtension
from feedgen.feed import FeedGenerator
from lxml import etree

from ..core.config import SiteConfig
from ..core.jobs import PageJob
from ..core.messages import Messages
from ..core.model import EntityRef, Photo, PlacedArticle, Site
from ..core.records import record
from ..core.urls import absolute_url, feed_url, home_url, output_path, photo_url
from ..core.views import cover_photo, iso
from ..incremental.fingerprints import code_fingerprint, fingerprint, image_key, ref_key
from .media_rss import MEDIA_NAMESPACE, MediaPhotosExtension, media_photo
from .render import RenderContext

EPOCH = datetime.fromisoformat("1970-01-01T00:00:00+00:00")
_DC_NAMESPACE = ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
_CHANNEL_END = b"  </channel>"


def feed_item(ctx: RenderContext, position: int) -> bytes:
    """One article's ``<item>``, made once and reused by every feed listing it."""
    key = ("feed_item", position)
    if key not in ctx.memo:
        ctx.memo[key] = _render_item(ctx, position)
    return ctx.memo[key]  # type: ignore[return-value]


def item_inputs(ctx: RenderContext, position: int) -> bytes:
    key = ("feed_item_inputs", position)
    if key not in ctx.memo:
        placed = ctx.site.articles[position]
        article = placed.article
        cover = cover_photo(placed)
        size = photo_size(ctx, cover.src) if cover and not cover.is_remote else None
        photos = [(p.src, p.caption, p.credit, image_key(ctx.images.get(p.src))) for p in feed_photos(placed)]
        # Not the article's digest: a feed item does not show the body.
        ctx.memo[key] = fingerprint(
            article.title, placed.url, iso(article.date), iso(article.updated) if article.updated else None,
            article.lede, tuple(map(ref_key, placed.authors)), tuple(map(ref_key, categories(placed))),
            cover.src if cover else None, size, photos,
        )
    return ctx.memo[key]  # type: ignore[return-value]


def _render_item(ctx: RenderContext, position: int) -> bytes:
    site = ctx.site
    placed = site.articles[position]
    config = site.config
    article = placed.article
    entry = FeedEntry()
    entry.register_extension("dc", DcEntryExtension, rss=True, atom=False)
    entry.register_extension("media", MediaPhotosExtension, rss=True, atom=False)
    link = absolute_url(config, placed.url)
    entry.title(article.title)
    entry.link(href=link)
    entry.guid(link, permalink=True)
    entry.pubDate(article.date.at)
    # RSS readers take a description as HTML: the plain text is escaped for them.
    entry.description(html.escape(article.lede or article.title))
    for author in placed.authors:
        entry.dc.dc_creator(author.name, replace=False)  # type: ignore[attr-defined]
    entry.category([{"term": ref.name} for ref in categories(placed)])
    _add_enclosure(ctx, placed, entry)
    entry.media.photos([media_photo(config, p, ctx.images.get(p.src)) for p in feed_photos(placed)])  # type: ignore[attr-defined]
    item = etree.tostring(entry.rss_entry(), encoding="unicode", pretty_print=True)
    # The channel declares the Dublin Core and Media RSS namespaces once for every item.
    lines = item.replace(_DC_NAMESPACE, "").replace(MEDIA_NAMESPACE, "").splitlines()
    return "".join(f"    {line}\n" for line in lines).encode("utf-8")


def feed_photos(placed: PlacedArticle) -> list[Photo]:
    """The article's photos as feeds give them: the cover first, then the others as the header lists them."""
    cover = cover_photo(placed)
    return [cover, *(p for p in placed.article.photos if p is not cover)] if cover else []


def photo_size(ctx: RenderContext, src: str) -> int | None:
    info = ctx.images.get(src)
    return info.size if info else None


def _add_enclosure(ctx: RenderContext, placed: PlacedArticle, entry: FeedEntry) -> None:
    site = ctx.site
    cover = cover_photo(placed)
    size = photo_size(ctx, cover.src) if cover and not cover.is_remote else None
    if cover is None or size is None:
        return
    kind = mimetypes.guess_type(cover.src)[0] or "application/octet-stream"
    url = absolute_url(site.config, photo_url(site.config, cover.src))
    entry.enclosure(url, str(size), kind)


def categories(placed: PlacedArticle) -> list[EntityRef]:
    refs = [placed.section] if placed.section else []
    refs += list(placed.tags) + [p.entity for p in placed.people] + list(placed.organisations)
    return list(dict.fromkeys(refs))


def feed_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    """The site's feed and one for each person, organisation, author, tag and section."""
    site, config = ctx.site, ctx.config
    newest = published_positions(site, range(len(site.articles)), config.feed_items)
    yield feed_job(ctx, home_url(config), config.title, config.description, newest)
    for entities in site.entities.values():
        for entity in entities:
            title = f"{entity.ref.name} – {config.title}"
            description = (entity.entry.description if entity.entry else None) or entity_feed_description(ctx.messages, entity.ref.name)
            positions = published_positions(site, entity.articles, config.feed_items)
            yield feed_job(ctx, entity.ref.url, title, description, positions, kept=entity.entry is not None)


def entity_feed_description(messages: Messages, name: str) -> str:
    """An entity's feed's description when the registry gives it none."""
    return messages("Tin bài về %(name)s", name=name)


def published_positions(site: Site, positions: Sequence[int], most: int) -> list[int]:
    """The first ``most`` of these articles that are published: a feed never carries
    a draft or a scheduled article (subscribers would be told of it at once)."""
    return list(islice((i for i in positions if site.articles[i].published), most))


@record
class FeedRecipe:
    """What a feed is made from, but its items: its channel, and what each item is
    made from. The cache keeps a registered entity's, whose channel has the
    registry's description (registry_edits.py): an edit of the description makes
    the channel again around the items the feed has (:func:`items_of`)."""

    page: str  # the page the feed is of
    title: str
    description: str
    item_inputs: tuple[bytes, ...]  # what each item is made from (item_inputs)
    last_modified: datetime  # the newest item's date

    def kept(self) -> FeedRecipe:
        return self


def feed_job(
    ctx: RenderContext, page: str, title: str, description: str, positions: Sequence[int], kept: bool = False
) -> PageJob:
    """``kept``: the cache keeps the feed's recipe."""
    positions = tuple(positions)
    return PageJob(
        path=output_path(ctx.config, feed_url(page)),
        inputs=partial(_feed_fingerprint, ctx, page, title, description, positions),
        make=partial(render_feed, ctx, page, title, description, positions),
        keep=partial(feed_recipe, ctx, page, title, description, positions) if kept else None,
        what=f"nguồn RSS của trang {page} ({feed_url(page)})",
    )


def feed_recipe_job(config: SiteConfig, recipe: FeedRecipe, items: bytes) -> PageJob:
    """A feed made from its recipe and its items (``items_of`` the feed as it was)."""
    return PageJob(
        path=output_path(config, feed_url(recipe.page)),
        inputs=partial(feed_fingerprint, config, recipe.page, recipe.title, recipe.description, recipe.item_inputs),
        make=partial(feed_from_recipe, config, recipe, items),
        keep=recipe.kept,
        what=f"nguồn RSS của trang {recipe.page} ({feed_url(recipe.page)})",
    )


def _feed_fingerprint(ctx: RenderContext, page: str, title: str, description: str, positions: Sequence[int]) -> bytes:
    return feed_fingerprint(ctx.config, page, title, description, [item_inputs(ctx, i) for i in positions])


def feed_fingerprint(config: SiteConfig, page: str, title: str, description: str, items: Sequence[bytes]) -> bytes:
    """``items``: what each item is made from (item_inputs)."""
    channel = (page, title, description, config.language, config.base_url)
    return fingerprint(code_fingerprint(), channel, list(items))


def feed_recipe(ctx: RenderContext, page: str, title: str, description: str, positions: Sequence[int]) -> FeedRecipe:
    inputs = tuple(item_inputs(ctx, i) for i in positions)
    last_modified = max((modified(ctx.site.articles[i]) for i in positions), default=EPOCH)
    return FeedRecipe(page, title, description, inputs, last_modified)


def render_feed(ctx: RenderContext, page: str, title: str, description: str, positions: Sequence[int]) -> bytes:
    items = b"".join(feed_item(ctx, i) for i in positions)
    return feed_from_recipe(ctx.config, feed_recipe(ctx, page, title, description, positions), items)


def feed_from_recipe(config: SiteConfig, recipe: FeedRecipe, items: bytes) -> bytes:
    """The feed: its channel around ``items``, every ``<item>`` of it one after the other."""
    head, tail = _channel(config, recipe)
    return head + items + tail


def items_of(config: SiteConfig, recipe: FeedRecipe, made: bytes) -> bytes | None:
    """The items of a feed ``made`` from this recipe; None if it was not (it was changed since)."""
    head, tail = _channel(config, recipe)
    if len(made) < len(head) + len(tail) or not made.startswith(head) or not made.endswith(tail):
        return None
    return made[len(head) : len(made) - len(tail)]


def _channel(config: SiteConfig, recipe: FeedRecipe) -> tuple[bytes, bytes]:
    """The feed before its items, and after them."""
    generator = FeedGenerator()
    generator.load_extension("dc", atom=False)
    generator.load_extension("media", atom=False)  # declares the namespace of the items' photos
    generator.title(recipe.title)
    generator.link(href=absolute_url(config, feed_url(recipe.page)), rel="self")
    generator.link(href=absolute_url(config, recipe.page), rel="alternate")
    generator.description(html.escape(recipe.description or recipe.title))
    generator.language(config.language)
    generator.generator("dvarchive")
    generator.lastBuildDate(recipe.last_modified)
    head, tail = generator.rss_str(pretty=True).rsplit(_CHANNEL_END, 1)
    return head, _CHANNEL_END + tail


def modified(placed: PlacedArticle) -> datetime:
    return (placed.article.updated or placed.article.date).at


SITEMAP_LIMIT = 50_000  # URLs in one sitemap file, as the sitemap protocol allows
_NO_DATE = datetime.min.replace(tzinfo=timezone.utc)  # sorts the pages without a beginning among themselves
NEWS_DAYS = 2


def sitemap_jobs(config: SiteConfig, pages: Sequence[PageJob], limit: int = SITEMAP_LIMIT) -> list[PageJob]:
    """``/sitemap.xml`` listing every page with its last modification.

    Past ``limit`` URLs it becomes a sitemap index of ``sitemap-1.xml``, … .
    The pages that keep their address and content come first, in the order
    they began (the oldest article first), then the pages that change as the
    archive grows, by address: a new article joins the end of the first run,
    so it changes the last part or two and the index, not every part (each
    a few megabytes to upload again).
    """
    entries = [(p.url, p.lastmod) for p in sorted((p for p in pages if p.url), key=_sitemap_place)]
    if len(entries) <= limit:
        return [_sitemap_part(config, "sitemap.xml", entries)]
    chunks = [entries[start : start + limit] for start in range(0, len(entries), limit)]
    parts = [_sitemap_part(config, f"sitemap-{number}.xml", chunk) for number, chunk in enumerate(chunks, start=1)]
    # Each part's own last change: a crawler then fetches again only the parts that changed.
    index = [(config.root + "/" + part.path, max((m for _, m in chunk if m), default=None)) for part, chunk in zip(parts, chunks)]
    made = partial(render_sitemap_index, config, index)
    return [*parts, PageJob("sitemap.xml", partial(fingerprint, config.base_url, index), made, what="sơ đồ trang sitemap.xml")]


def _sitemap_place(page: PageJob) -> tuple[bool, datetime, str]:
    """The lasting pages first, by when they began; then the others, by address."""
    return (page.since is None, page.since or _NO_DATE, page.url or "")


def _sitemap_part(config: SiteConfig, path: str, entries: list[tuple[str, datetime | None]]) -> PageJob:
    made = partial(render_sitemap, config, tuple(entries))
    return PageJob(path, partial(fingerprint, config.base_url, entries), made, what=f"sơ đồ trang {path}")


def render_sitemap(config: SiteConfig, entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    return _sitemap_xml(config, "urlset", "url", entries)


def render_sitemap_index(config: SiteConfig, parts: Sequence[tuple[str, datetime | None]]) -> bytes:
    return _sitemap_xml(config, "sitemapindex", "sitemap", parts)


def _sitemap_xml(config: SiteConfig, root: str, item: str, entries: Sequence[tuple[str, datetime | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, lastmod in entries:
        lines.append(f"  <{item}><loc>{escape(absolute_url(config, url))}</loc>")
        if lastmod is not None:
            lines.append(f"    <lastmod>{lastmod.isoformat()}</lastmod>")
        lines.append(f"  </{item}>")
    lines.append(f"</{root}>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def news_sitemap_job(site: Site) -> PageJob:
    """``/sitemap-news.xml``: the published articles of the last two days before the build's clock."""
    recent = [(absolute_url(site.config, p.url), p.article.title, iso(p.article.date)) for p in news_articles(site)]
    channel = (site.config.title, site.config.language)
    made = partial(render_news_sitemap, channel, recent)
    return PageJob("sitemap-news.xml", partial(fingerprint, channel, recent), made, what="sơ đồ tin mới sitemap-news.xml")


def news_articles(site: Site) -> list[PlacedArticle]:
    """The published articles dated in the ``NEWS_DAYS`` before the build's clock, the newest first.

    Counted from the clock, not from the newest article: an archive that
    published nothing for a week has no news to announce.
    """
    now = site.now or datetime.now(timezone.utc)
    since = now - timedelta(days=NEWS_DAYS)
    recent = []
    for placed in site.articles:  # the newest first
        if placed.article.date.at <= since:
            break
        if placed.published and placed.article.date.at <= now:
            recent.append(placed)
    return recent


def news_sitemap_ends(site: Site) -> datetime | None:
    """When the news sitemap's oldest article leaves its window (and the file must change)."""
    recent = news_articles(site)
    return recent[-1].article.date.at + timedelta(days=NEWS_DAYS) if recent else None


def render_news_sitemap(channel: tuple[str, str], items: Sequence[tuple[str, str, str]]) -> bytes:
    name, language = (escape(part) for part in channel)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">',
    ]
    for url, title, published in items:
        lines += [
            f"  <url><loc>{escape(url)}</loc>",
            "    <news:news>",
            f"      <news:publication><news:name>{name}</news:name><news:language>{language}</news:language></news:publication>",
            f"      <news:publication_date>{published}</news:publication_date>",
            f"      <news:title>{escape(title)}</news:title>",
            "    </news:news>",
            "  </url>",
        ]
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots_job(config: SiteConfig) -> PageJob:
    """``/robots.txt``, pointing crawlers at both sitemaps.

    Crawlers read robots.txt only at the top of a host: a site under a
    sub-path gets one too, saying so, whose lines belong in the host's own."""
    lines = ["User-agent: *", f"Allow: {config.root}/"]
    if config.root:
        lines[:0] = [
            f"# Trang này nằm dưới {config.root}/: máy tìm kiếm chỉ đọc robots.txt ở gốc tên miền.",
            "# Chép các dòng Sitemap dưới đây vào robots.txt của tên miền.",
        ]
    lines += [f"Sitemap: {absolute_url(config, config.root + '/' + name)}" for name in ("sitemap.xml", "sitemap-news.xml")]
    text = ("\n".join(lines) + "\n").encode("utf-8")
    return PageJob("robots.txt", partial(fingerprint, text), partial(bytes, text), what="tệp robots.txt")
