"""The site's feed in two more formats, beside its RSS: JSON Feed 1.1 (``/feed.json``) and Atom (``/atom.xml``).

They list the same articles as ``/feed.xml`` (the newest ``feed_items``
published ones) and, like it, carry each article's lede, not its body: a
body edit leaves every feed as it was. Their fingerprints are the RSS
items' (feeds.py: item_inputs), so they change exactly when those do.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from feedgen.feed import FeedGenerator

from ..core.jobs import PageJob
from ..core.model import PlacedArticle
from ..core.urls import absolute_url, atom_url, home_url, json_feed_url, output_path
from ..core.views import iso
from ..incremental.fingerprints import code_fingerprint, fingerprint
from .feeds import EPOCH, categories, feed_photos, item_inputs, modified, published_positions
from .media_rss import media_photo
from .ninjs import json_bytes
from .render import RenderContext

JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"


def site_feed_jobs(ctx: RenderContext) -> list[PageJob]:
    config, site = ctx.config, ctx.site
    positions = tuple(published_positions(site, range(len(site.articles)), config.feed_items))
    channel = (config.title, config.description, config.language, config.base_url)
    json_url, atom = json_feed_url(config), atom_url(config)
    return [
        PageJob(
            path=output_path(config, json_url),
            inputs=partial(_fingerprint, ctx, "json", channel, positions),
            make=partial(render_json_feed, ctx, positions),
            what=f"nguồn JSON Feed ({json_url})",
        ),
        PageJob(
            path=output_path(config, atom),
            inputs=partial(_fingerprint, ctx, "atom", channel, positions),
            make=partial(render_atom_feed, ctx, positions),
            what=f"nguồn Atom ({atom})",
        ),
    ]


def _fingerprint(ctx: RenderContext, kind: str, channel: tuple[str, ...], positions: Sequence[int]) -> bytes:
    return fingerprint(code_fingerprint(), kind, channel, [item_inputs(ctx, i) for i in positions])


def render_json_feed(ctx: RenderContext, positions: Sequence[int]) -> bytes:
    config = ctx.config
    home = absolute_url(config, home_url(config))
    feed: dict[str, object] = {
        "version": JSON_FEED_VERSION,
        "title": config.title,
        "home_page_url": home,
        "feed_url": absolute_url(config, json_feed_url(config)),
        "description": config.description,
        "language": config.language,
        "favicon": absolute_url(config, f"{config.root}/favicon.ico"),
        "authors": [{"name": config.title, "url": home}],
        "items": [_json_item(ctx, ctx.site.articles[i]) for i in positions],
    }
    return json_bytes({key: value for key, value in feed.items() if value != ""})


def _json_item(ctx: RenderContext, placed: PlacedArticle) -> dict[str, object]:
    config, article = ctx.config, placed.article
    url = absolute_url(config, placed.url)
    item: dict[str, object] = {
        "id": url,
        "url": url,
        "title": article.title,
        "content_text": article.lede or article.title,  # the lede, as the RSS gives it
        "date_published": iso(article.date),
    }
    if article.updated:
        item["date_modified"] = iso(article.updated)
    photos = feed_photos(placed)
    if photos:
        item["image"] = media_photo(config, photos[0], ctx.images.get(photos[0].src)).url
    if placed.authors:
        item["authors"] = [{"name": a.name, "url": absolute_url(config, a.url)} for a in placed.authors]
    tags = [ref.name for ref in categories(placed)]
    if tags:
        item["tags"] = tags
    item["language"] = config.language
    return item


def render_atom_feed(ctx: RenderContext, positions: Sequence[int]) -> bytes:
    config, site = ctx.config, ctx.site
    home = absolute_url(config, home_url(config))
    generator = FeedGenerator()
    generator.id(home)
    generator.title(config.title)
    if config.description:
        generator.subtitle(config.description)
    generator.link(href=absolute_url(config, atom_url(config)), rel="self")
    generator.link(href=home, rel="alternate")
    generator.language(config.language)
    generator.author({"name": config.title, "uri": home})  # every entry has an author: the site, if none of its own
    generator.generator("dvarchive")
    # No build time: the newest change among the entries, so an unchanged archive gives the same file.
    generator.updated(max((modified(site.articles[i]) for i in positions), default=EPOCH))
    for position in positions:
        _add_atom_entry(ctx, generator, site.articles[position])
    return generator.atom_str(pretty=True)  # type: ignore[no-any-return]


def _add_atom_entry(ctx: RenderContext, generator: FeedGenerator, placed: PlacedArticle) -> None:
    config, article = ctx.config, placed.article
    url = absolute_url(config, placed.url)
    entry = generator.add_entry(order="append")
    entry.id(url)
    entry.title(article.title)
    entry.link(href=url, rel="alternate")
    entry.published(article.date.at)
    entry.updated(modified(placed))
    entry.summary(article.lede or article.title)  # plain text
    for author in placed.authors:
        entry.author({"name": author.name, "uri": absolute_url(config, author.url)})
    entry.category([{"term": ref.name} for ref in categories(placed)])
    # No enclosure: feedgen 1.0 writes an entry's links without their rel, which would make
    # the photo a second "alternate" link. The RSS and JSON feeds carry the photos.
