"""Every HTML page of the site, planned as jobs: the article pages
(article_page.py) with their ninjs documents (ninjs.py), the home page and the lists of a month, a person, an
organisation, an author, a tag or a section, the year archives, the A–Z
indexes, the search page and the 404 page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from ..core.config import SiteConfig
from ..core.jobs import PageJob
from ..core.messages import MONTH, MONTH_OF_YEAR
from ..core.model import Entity, EntityKind
from ..core.names import initial_letter, letter_anchor, sort_key
from ..core.periods import still_held
from ..core.urls import (
    feed_url,
    home_url,
    index_url,
    month_url,
    output_path,
    paged_url,
    search_bundle_folder,
    search_bundle_names,
    year_url,
)
from ..core.views import PageLink, PageMeta, Pagination, link, photo_view
from ..incremental.fingerprints import fingerprint
from .article_page import article_inputs
from .ninjs import article_files
from .render import RenderContext, entity_key, page_meta, render_template
from .sharing import entity_social, entity_structured_data
from .timelines import career_view, names_view, role_groups

_KIND_INTRO = {
    EntityKind.PERSON: "Nhân vật",
    EntityKind.ORGANISATION: "Tổ chức",
    EntityKind.AUTHOR: "Tác giả",
    EntityKind.TAG: "Chủ đề",
    EntityKind.SECTION: "Chuyên mục",
}


def plan_pages(ctx: RenderContext) -> list[PageJob]:
    """Every HTML page of the site, as jobs (the sitemap is planned from them)."""
    return [
        *(job for position in range(len(ctx.site.articles)) for job in article_files(ctx, article_inputs(ctx, position))),
        *home_jobs(ctx),
        *entity_jobs(ctx),
        *archive_jobs(ctx),
        *index_jobs(ctx),
        *search_page_jobs(ctx),
        *namesakes_jobs(ctx),
        not_found_job(ctx),
    ]


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
    """A paginated list of articles: home, a month, an entity's page."""
    config = ctx.config
    total = max(1, -(-len(positions) // config.per_page))
    description = (entity.entry.description if entity and entity.entry else None) or ""
    feed = (feed_url(first_url), feed_title) if feed_title else None
    preview = only_previews(ctx, positions)
    for number in range(1, total + 1):
        chunk = tuple(positions[(number - 1) * config.per_page : number * config.per_page])
        url = paged_url(config, first_url, number)
        title = page_title or heading
        if number > 1:
            title = ctx.messages("%(title)s – trang %(number)s", title=title, number=number)
        page = ListingPage(first_url, kind, heading, title, positions, chunk, number, total, feed, description, entity, preview)
        what = _listing_what(kind, heading, entity)
        yield PageJob(
            path=output_path(config, url),
            inputs=partial(_listing_fingerprint, ctx, page),
            make=partial(_render_listing, ctx, page),
            url=None if preview else url,
            # Articles run newest first: the lowest position is the newest.
            lastmod=ctx.site.articles[min(chunk)].article.date.at if chunk else None,
            what=f"{what} ({url})" if number == 1 else f"trang {number} của {what} ({url})",
        )


_ENTITY_WORDS = {
    EntityKind.PERSON: "nhân vật",
    EntityKind.ORGANISATION: "tổ chức",
    EntityKind.AUTHOR: "tác giả",
    EntityKind.TAG: "chủ đề",
    EntityKind.SECTION: "chuyên mục",
}


def _listing_what(kind: str, heading: str, entity: Entity | None) -> str:
    if entity is not None:
        return f"trang của {_ENTITY_WORDS[entity.ref.kind]} {entity.ref.name}"
    return "trang chủ" if kind == "home" else f"danh sách {heading[:1].lower()}{heading[1:]}"


@dataclass(frozen=True)
class ListingPage:
    """One page of a list, as planned; its view is made only when the page is rendered."""

    first_url: str
    kind: str
    heading: str
    title: str
    positions: Sequence[int]  # every article of the list
    chunk: tuple[int, ...]  # those on this page
    number: int
    total: int
    feed: tuple[str, str] | None  # the list's feed: URL and title
    description: str
    entity: Entity | None
    noindex: bool = False  # a list that only a preview has (see only_previews)


def only_previews(ctx: RenderContext, positions: Sequence[int]) -> bool:
    """A list of articles none of which is published: a page that only a preview
    build has (a person only a draft names, the month of a scheduled article)."""
    return bool(positions) and not any(ctx.site.articles[i].published for i in positions)


def _listing_fingerprint(ctx: RenderContext, page: ListingPage) -> bytes:
    url = paged_url(ctx.config, page.first_url, page.number)
    return fingerprint(
        ctx.base("list.html"), page.kind, page.heading, page.title, url, page.number, page.total, page.feed, page.description,
        entity_key(ctx, page.entity), [ctx.teaser_digest(ctx.teasers[i]) for i in page.chunk], len(page.positions),
        page.noindex, _group_headings(ctx, page),
    )


def _group_headings(ctx: RenderContext, page: ListingPage) -> list[tuple[str, str, int]] | None:
    """A person's page files its articles under roles: the headings, and how many articles each heads."""
    groups = role_groups(page.entity, ctx.site.articles, page.chunk, ctx.messages)
    return None if groups is None else [(heading, period, len(positions)) for heading, period, positions in groups]


def _render_listing(ctx: RenderContext, page: ListingPage) -> bytes:
    config, entity = ctx.config, page.entity
    url = paged_url(config, page.first_url, page.number)
    pages = pagination(config, page.first_url, page.number, page.total)
    listing = _listing_view(ctx, page.kind, page.heading, page.positions, entity, pages)
    listing["feed_url"] = page.feed[0] if page.feed else None
    listing["articles"] = [ctx.card(ctx.teasers[i]) for i in page.chunk]
    groups = role_groups(entity, ctx.site.articles, page.chunk, ctx.messages)
    listing["groups"] = [
        {"heading": heading, "period": period, "articles": [ctx.card(ctx.teasers[i], level=3) for i in positions]}
        for heading, period, positions in groups or ()
    ]
    if entity is None:
        meta = page_meta(config, page.kind, page.title, url, page.description, page.feed, noindex=page.noindex)
    else:
        social, structured_data = entity_social(config, entity, url, page.title), entity_structured_data(config, entity)
        meta = page_meta(config, page.kind, page.title, url, page.description, page.feed, social, structured_data, page.noindex)
    return render_template(ctx, "list.html", meta, listing=listing)


def _listing_view(
    ctx: RenderContext,
    kind: str,
    heading: str,
    positions: Sequence[int],
    entity: Entity | None,
    pagination: Pagination,
) -> dict[str, object]:
    entry = entity.entry if entity else None
    return {
        "heading": heading,
        "kind": kind,
        "intro": ctx.messages(_KIND_INTRO[entity.ref.kind]) if entity else None,
        "description": entry.description if entry else None,
        "photo": photo_view(ctx.config, entry.photo, ctx.images.get(entry.photo.src)) if entry and entry.photo else None,
        "titles": list(entity.titles) if entity else [],
        "career": career_view(entity, ctx.messages),  # a person's roles, newest first
        "names": names_view(entity, ctx.messages),  # an organisation's names over time
        "aliases": [a for a in (*((entry.short,) if entry.short else ()), *entry.aliases)] if entry else [],
        "external_url": entry.url if entry else None,
        "parent": link(entity.parent) if entity else None,
        "count": len(positions),
        "pagination": pagination,
    }


def pagination(config: SiteConfig, first_url: str, current: int, total: int) -> Pagination:
    """Links to the first two pages, the last two, and two on each side of this one."""

    def url(number: int) -> str:
        return paged_url(config, first_url, number)

    shown = {1, 2, total - 1, total, *range(current - 2, current + 3)}
    return Pagination(
        current=current,
        total=total,
        prev_url=url(current - 1) if current > 1 else None,
        next_url=url(current + 1) if current < total else None,
        pages=tuple(PageLink(n, url(n), n == current) for n in sorted(shown) if 1 <= n <= total),
    )


def home_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    config = ctx.config
    positions = range(len(ctx.site.articles))
    yield from listing_jobs(ctx, home_url(config), "home", config.title, positions, page_title=config.title)


def entity_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    for kind, entities in ctx.site.entities.items():
        for entity in entities:
            feed_title = f"{entity.ref.name} – {ctx.config.title}"
            yield from listing_jobs(
                ctx, entity.ref.url, kind.value, entity.ref.name, entity.articles, feed_title=feed_title, entity=entity
            )


def archive_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    """``/YYYY/`` with its months, and the paginated ``/YYYY/MM/`` lists."""
    config = ctx.config
    months: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for position, placed in enumerate(ctx.site.articles):
        year, month = placed.article.year_month
        months[year][month].append(position)
    for year, by_month in months.items():
        for month, positions in by_month.items():
            heading = ctx.messages.date(datetime(year, month, 1), MONTH_OF_YEAR)
            yield from listing_jobs(ctx, month_url(config, year, month), "month", heading, positions)
        view = {
            "year": year,
            "months": [
                {"name": ctx.messages.date(datetime(year, m, 1), MONTH), "url": month_url(config, year, m), "count": len(by_month[m])}
                for m in sorted(by_month)
            ],
            "count": sum(len(p) for p in by_month.values()),
        }
        url = year_url(config, year)
        preview = only_previews(ctx, [p for ps in by_month.values() for p in ps])
        meta = page_meta(config, "year", ctx.messages("Năm %(year)s", year=year), url, noindex=preview)
        lastmod = max(ctx.site.articles[p].article.date.at for ps in by_month.values() for p in ps)
        yield _template_job(ctx, "year.html", meta, lastmod, year=view)


def _template_job(ctx: RenderContext, template: str, meta: PageMeta, lastmod: datetime | None, **values: object) -> PageJob:
    return PageJob(
        path=output_path(ctx.config, meta.url),
        inputs=partial(fingerprint, ctx.base(template), template, meta, values),
        make=partial(render_template, ctx, template, meta, **values),
        url=meta.url if meta.kind != "404" and not meta.noindex else None,
        lastmod=lastmod,
        what=f"{_TEMPLATE_WHAT.get(meta.kind, 'trang').format(title=meta.title.lower())} ({meta.url})",
    )


_TEMPLATE_WHAT = {
    "year": "lưu trữ {title}",
    "people_index": "trang Nhân vật A–Z",
    "organisations_index": "trang Tổ chức A–Z",
    "search": "trang tìm kiếm",
    "404": "trang 404",
    "namesakes": "trang các tên gần giống {title}",
}


def index_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    """The A–Z pages of people and of organisations."""
    headings = {EntityKind.PERSON: ("Nhân vật", "people_index"), EntityKind.ORGANISATION: ("Tổ chức", "organisations_index")}
    for kind, (heading, page_kind) in headings.items():
        entities = ctx.site.entities[kind]
        heading = ctx.messages(heading)
        view = {
            "heading": heading,
            "intro": ctx.messages(_index_intro(ctx.config, kind)),
            "count": len(entities),
            "groups": _letter_groups(ctx.config, entities),
        }
        meta = page_meta(ctx.config, page_kind, ctx.messages("%(heading)s từ A đến Z", heading=heading), index_url(ctx.config, kind))
        lastmod = max((ctx.site.articles[e.articles[0]].article.date.at for e in entities), default=None)
        yield _template_job(ctx, "az.html", meta, lastmod, index=view)


def _index_intro(config: SiteConfig, kind: EntityKind) -> str:
    if kind is EntityKind.ORGANISATION:
        return "Các tổ chức được nhắc đến trong kho lưu trữ, xếp theo thứ tự chữ cái."
    if config.people_sort == "given":
        return "Các nhân vật được nhắc đến trong kho lưu trữ, xếp theo tên theo thứ tự chữ cái tiếng Việt."
    return "Các nhân vật được nhắc đến trong kho lưu trữ, xếp theo họ theo thứ tự chữ cái tiếng Việt."


def _letter_groups(config: SiteConfig, entities: Sequence[Entity]) -> list[dict[str, object]]:
    ordered = sorted(entities, key=lambda e: (sort_key(e.sort_name, config.language), e.ref.slug))
    groups: dict[str, list[dict[str, object]]] = {}
    for entity in ordered:
        letter = initial_letter(entity.sort_name)
        groups.setdefault(letter, []).append({"name": entity.ref.name, "url": entity.ref.url, "count": len(entity.articles)})
    letters = sorted(groups, key=lambda letter: sort_key(letter, config.language))
    return [{"letter": letter, "anchor": letter_anchor(letter), "entries": groups[letter]} for letter in letters]


def namesakes_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    """The page at an address several names share (``/nhan-vat/nguyen-thuy-ha/``): each
    name has its own page under a slug that keeps its marks (see slugs.py), and a
    link made to the plain address, when only one of them was in the archive,
    still leads to each."""
    if not ctx.site.namesakes:
        return
    entities = {entity.ref.url: entity for of_kind in ctx.site.entities.values() for entity in of_kind}
    for group in ctx.site.namesakes:
        members = sorted(group.members, key=lambda ref: (sort_key(ref.name, ctx.config.language), ref.slug))
        names = [ref.name for ref in members]
        entries = [_namesake_entry(entities[ref.url]) for ref in members if ref.url in entities]
        meta = page_meta(ctx.config, "namesakes", " · ".join(names), group.url, noindex=True)  # a signpost, not a page to find
        yield _template_job(ctx, "namesakes.html", meta, None, namesakes={"names": names, "entries": entries})


def _namesake_entry(entity: Entity) -> dict[str, object]:
    """What tells one namesake from another: the description, else the role held now."""
    entry = entity.entry
    role = still_held(entry.roles) if entry else None
    about = (entry.description if entry else None) or (role.title if role else None) or next(iter(entity.titles), None)
    return {"name": entity.ref.name, "url": entity.ref.url, "count": len(entity.articles), "about": about}


def search_page_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    if ctx.site_view.search_url:
        description = ctx.messages("Tìm trong %(title)s", title=ctx.config.title)
        meta = page_meta(ctx.config, "search", ctx.messages("Tìm kiếm"), ctx.site_view.search_url, description)
        published = [placed for placed in ctx.site.articles if placed.published]  # what the index holds
        newest = max((placed.article.date.at for placed in published[:1]), default=None)
        # The Pagefind bundles (search.py), the newest first: the page merges them.
        names = dict.fromkeys(search_bundle_names([placed.article.year_month for placed in published]))
        bundles = [f"{ctx.config.root}/{search_bundle_folder(name)}/" for name in names]
        yield _template_job(ctx, "search.html", meta, newest, bundles=bundles, bundle=bundles[0] if bundles else None)


def not_found_job(ctx: RenderContext) -> PageJob:
    meta = page_meta(ctx.config, "404", ctx.messages("Không tìm thấy trang"), ctx.config.root + "/404.html")
    return _template_job(ctx, "404.html", meta, None)
