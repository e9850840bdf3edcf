"""The paginated lists of articles: the home page, a month's, a person's,
organisation's, author's, tag's or section's, each cut into pages by the
site's ``paging`` rule (core/paging.py).

A list numbered from the oldest keeps its numbered pages as they are while
it grows: such a page shows nothing that depends on the whole list (not how
many articles it has, nor how many pages, nor the titles a person's newest
articles gave them), only its own articles, the dates they cover, and links
to the pages next to it. Its fingerprint is made of exactly that, so a new
article remakes the front page of each list it is in and no numbered page.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from functools import partial

from ..core.jobs import PageJob
from ..core.model import Entity, EntityKind, ImageInfo
from ..core.paging import ListPage, cut_pages, links_key, pagination
from ..core.records import record, replace
from ..core.urls import feed_url, output_path, paged_url
from ..core.views import Pagination, Teaser, link, photo_view, short_date
from ..incremental.fingerprints import fingerprint
from .render import RenderContext, entity_key, page_meta, render_template
from .sharing import entity_social, entity_structured_data, page_social
from .timelines import career_view, names_view, role_groups

_KIND_INTRO = {
    EntityKind.PERSON: "Nhân vật",
    EntityKind.ORGANISATION: "Tổ chức",
    EntityKind.AUTHOR: "Tác giả",
    EntityKind.TAG: "Chủ đề",
    EntityKind.SECTION: "Chuyên mục",
}

_ENTITY_WORDS = {
    EntityKind.PERSON: "nhân vật",
    EntityKind.ORGANISATION: "tổ chức",
    EntityKind.AUTHOR: "tác giả",
    EntityKind.TAG: "chủ đề",
    EntityKind.SECTION: "chuyên mục",
}


@record
class ListingPage:
    """One page of a list, as planned; its view is made only when the page is rendered."""

    first_url: str  # the list's front page
    cut: ListPage
    kind: str
    heading: str
    title: str
    chunk: tuple[int, ...]  # the articles on this page, newest first
    count: int | None  # how many articles the list has, as shown (None: a numbered page that does not change)
    dates: str  # the days a numbered page of a list numbered from the oldest covers ("" elsewhere)
    feed: tuple[str, str] | None  # the list's feed: URL and title
    description: str
    entity: Entity | None
    noindex: bool = False  # a list that only a preview has (see only_previews)

    @property
    def lasting(self) -> bool:
        """A numbered page of a list numbered from the oldest: it shows nothing of the rest of the list."""
        return self.cut.lasting


def listing_jobs(
    ctx: RenderContext,
    first_url: str,
    kind: str,
    heading: str,
    positions: Sequence[int],
    page_title: str | None = None,
    feed_title: str | None = None,
    entity: Entity | None = None,
) -> Iterator[PageJob]:
    """A paginated list of articles (``positions``, the newest first): home, a month, an entity's page."""
    config = ctx.config
    description = (entity.entry.description if entity and entity.entry else None) or ""
    feed = (feed_url(first_url), feed_title) if feed_title else None
    preview = only_previews(ctx, positions)
    what = _listing_what(kind, heading, entity)
    for cut in cut_pages(len(positions), config.per_page, config.paging):
        chunk = tuple(positions[cut.start : cut.stop])
        url = paged_url(config, first_url, cut.number)
        dates = _dates_covered(ctx, chunk) if cut.lasting else ""
        title = numbered_title(ctx, page_title or heading, cut.number, dates)
        count = None if cut.lasting else len(positions)
        # What the registry says of the entity is its front page's: editing it rewrites that page, not hundreds.
        shown = "" if cut.lasting else description
        page = ListingPage(first_url, cut, kind, heading, title, chunk, count, dates, feed, shown, entity, preview)
        # Articles run newest first: the lowest position is the newest.
        lastmod = ctx.site.articles[min(chunk)].article.date.at if chunk else None
        yield PageJob(
            path=output_path(config, url),
            inputs=partial(_listing_fingerprint, ctx, page),
            make=partial(_render_listing, ctx, page),
            url=None if preview else url,
            lastmod=lastmod,
            since=lastmod if cut.lasting else None,
            keep=partial(_kept_recipe, ctx, page) if cut.front and entity and entity.entry else None,
            what=f"{what} ({url})" if cut.front else f"trang {cut.number} của {what} ({url})",
        )


def numbered_title(ctx: RenderContext, title: str, number: int, dates: str) -> str:
    """The title of page ``number`` of a list (``dates``: what a lasting page covers)."""
    if dates:  # a numbered page that never changes: its number, and the days it covers
        return ctx.messages("%(title)s – trang %(number)s (%(dates)s)", title=title, number=number, dates=dates)
    if number > 1:
        return ctx.messages("%(title)s – trang %(number)s", title=title, number=number)
    return title


def _dates_covered(ctx: RenderContext, chunk: tuple[int, ...]) -> str:
    """``03/01/2024 – 15/02/2024``, or one day: the oldest article's day to the newest's."""
    newest, oldest = (short_date(ctx.site.articles[i].article.date, ctx.messages) for i in (chunk[0], chunk[-1]))
    return newest if newest == oldest else f"{oldest} – {newest}"


def _listing_what(kind: str, heading: str, entity: Entity | None) -> str:
    if entity is not None:
        return f"trang của {_ENTITY_WORDS[entity.ref.kind]} {entity.ref.name}"
    return "trang chủ" if kind == "home" else f"danh sách {heading[:1].lower()}{heading[1:]}"


def only_previews(ctx: RenderContext, positions: Sequence[int]) -> bool:
    """A list of articles none of which is published: a page that only a preview
    build has (a person only a draft names, the month of a scheduled article)."""
    return bool(positions) and not any(ctx.site.articles[i].published for i in positions)


@record
class ListingRecipe:
    """A page of a list with what it shows of its articles: all it is made from
    besides the templates and the site's navigation. The cache keeps the recipe of
    a registered entity's front page, so that an edit of the entity's description
    remakes that page alone (registry_edits.py)."""

    page: ListingPage
    teasers: tuple[Teaser, ...]  # the page's articles, newest first
    days: tuple[date, ...]  # their days: a person's articles are filed under the role held then
    images: tuple[tuple[str, ImageInfo], ...]  # the entity's photo: src → size and derivatives

    def kept(self) -> ListingRecipe:
        """What the cache keeps: without positions in this build's list of articles."""
        entity = self.page.entity
        page = replace(self.page, chunk=(), entity=replace(entity, articles=()) if entity else None)
        return replace(self, page=page)


def listing_recipe(ctx: RenderContext, page: ListingPage) -> ListingRecipe:
    articles = ctx.site.articles
    entry = page.entity.entry if page.entity else None
    info = ctx.images.get(entry.photo.src) if entry and entry.photo else None
    images = ((entry.photo.src, info),) if entry and entry.photo and info else ()
    days = tuple(articles[i].article.date.at.date() for i in page.chunk)
    return ListingRecipe(page, tuple(ctx.teasers[i] for i in page.chunk), days, images)


def listing_job(ctx: RenderContext, recipe: ListingRecipe) -> PageJob:
    """A list page made from its recipe alone (one the cache kept: see ListingRecipe)."""
    page = recipe.page
    url = paged_url(ctx.config, page.first_url, page.cut.number)
    return PageJob(
        path=output_path(ctx.config, url),
        inputs=partial(listing_fingerprint, ctx, recipe),
        make=partial(render_listing, ctx, recipe),
        url=url,
        keep=recipe.kept,
        what=f"{_listing_what(page.kind, page.heading, page.entity)} ({url})",
    )


def _kept_recipe(ctx: RenderContext, page: ListingPage) -> ListingRecipe:
    return listing_recipe(ctx, page).kept()


def _listing_fingerprint(ctx: RenderContext, page: ListingPage) -> bytes:
    return listing_fingerprint(ctx, listing_recipe(ctx, page))


def listing_fingerprint(ctx: RenderContext, recipe: ListingRecipe) -> bytes:
    page = recipe.page
    return fingerprint(
        ctx.base("list.html"), page.kind, page.heading, page.title, page.first_url, links_key(page.cut), page.feed,
        page.description, _entity_shown(ctx, recipe), [ctx.teaser_digest(teaser) for teaser in recipe.teasers],
        page.count, page.dates, page.noindex, _group_headings(ctx, recipe),
    )


def _entity_shown(ctx: RenderContext, recipe: ListingRecipe) -> object:
    """What the page shows of its entity: on a numbered page that never changes, its name alone."""
    entity = recipe.page.entity
    if recipe.page.lasting:
        return entity.ref if entity else None
    return entity_key(ctx, entity, dict(recipe.images))


def _group_headings(ctx: RenderContext, recipe: ListingRecipe) -> list[tuple[str, str, int]] | None:
    """A person's page files its articles under roles: the headings, and how many articles each heads."""
    groups = role_groups(recipe.page.entity, recipe.days, ctx.messages)
    return None if groups is None else [(heading, period, len(places)) for heading, period, places in groups]


def _render_listing(ctx: RenderContext, page: ListingPage) -> bytes:
    return render_listing(ctx, listing_recipe(ctx, page))


def render_listing(ctx: RenderContext, recipe: ListingRecipe) -> bytes:
    config, page, entity = ctx.config, recipe.page, recipe.page.entity
    url = paged_url(config, page.first_url, page.cut.number)
    listing = _listing_view(ctx, recipe, pagination(config, page.first_url, page.cut))
    listing["feed_url"] = page.feed[0] if page.feed else None
    listing["articles"] = [ctx.card(teaser) for teaser in recipe.teasers]
    groups = role_groups(entity, recipe.days, ctx.messages)
    listing["groups"] = [
        {"heading": heading, "period": period, "articles": [ctx.card(recipe.teasers[place], level=3) for place in places]}
        for heading, period, places in groups or ()
    ]
    if entity is None:
        meta = page_meta(config, page.kind, page.title, url, page.description, page.feed, noindex=page.noindex)
    else:
        # The entity's own data (its title now among them) is its front page's.
        social = page_social(config, page.title, "", url) if page.lasting else entity_social(config, entity, url, page.title)
        structured_data = None if page.lasting else entity_structured_data(config, entity)
        meta = page_meta(config, page.kind, page.title, url, page.description, page.feed, social, structured_data, page.noindex)
    return render_template(ctx, "list.html", meta, listing=listing)


def _listing_view(ctx: RenderContext, recipe: ListingRecipe, pages: Pagination) -> dict[str, object]:
    page, entity, images = recipe.page, recipe.page.entity, dict(recipe.images)
    # A numbered page that never changes names the entity and no more (see _entity_shown).
    entry = entity.entry if entity and not page.lasting else None
    return {
        "heading": page.heading,
        "kind": page.kind,
        "front": page.cut.front,  # the list's newest articles, at its own address
        "intro": ctx.messages(_KIND_INTRO[entity.ref.kind]) if entity else None,
        "description": entry.description if entry else None,
        "photo": photo_view(ctx.config, entry.photo, images.get(entry.photo.src)) if entry and entry.photo else None,
        "titles": list(entity.titles) if entity and not page.lasting else [],
        "career": None if page.lasting else career_view(entity, ctx.messages),  # a person's roles, newest first
        "names": None if page.lasting else names_view(entity, ctx.messages),  # an organisation's names over time
        "aliases": [a for a in (*((entry.short,) if entry.short else ()), *entry.aliases)] if entry else [],
        "external_url": entry.url if entry else None,
        "parent": link(entity.parent) if entity and not page.lasting else None,
        "count": page.count,
        "dates": page.dates,
        "pagination": pages,
    }
