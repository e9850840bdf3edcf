"""Every HTML page of the site, planned as jobs: the article pages
(article_page.py) with their ninjs documents (ninjs.py), the home page and the lists of a month, a person, an
organisation, an author, a tag or a section (listings.py), the year archives, the A–Z
indexes, the search page and the 404 page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from functools import partial

from ..core.config import SiteConfig
from ..core.jobs import PageJob
from ..core.messages import MONTH, MONTH_OF_YEAR
from ..core.model import Entity, EntityKind
from ..core.names import initial_letter, letter_anchor, sort_key
from ..core.periods import still_held
from ..core.urls import home_url, index_url, month_url, output_path, search_bundle_folder, search_bundle_names, year_url
from ..core.views import PageMeta
from ..incremental.fingerprints import fingerprint
from .article_page import article_inputs
from .listings import listing_jobs, only_previews
from .ninjs import article_files
from .render import RenderContext, page_meta, render_template


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
