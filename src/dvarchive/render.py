"""Rendering: the Jinja environment, every HTML page of the site, in memory.

Pages are planned as :class:`PageJob` values: a path in the output folder,
a fingerprint of the page's inputs, and a function that makes its bytes.
Nothing here touches the disk. Making one article's page depends only on
that article, the teasers of its related articles and the templates, so
pages can be made independently, in any process, or not at all when their
inputs did not change.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import partial
from pathlib import Path

import jinja2
from jinja2 import meta
from jinja2.loaders import split_template_path
from markdown_it import MarkdownIt
from markupsafe import Markup

from .cache import code_fingerprint
from .config import SiteConfig
from .errors import ContentError, Diagnostic, TemplateError
from .images import ImageInfo
from .layout import THEME_TEMPLATES
from .load import read_body
from .markdown import TOO_DEEP, TooDeep, make_markdown, render_body
from .model import Entity, EntityKind, EntityRef, Photo, Place, PlacedArticle, Site
from .names import initial_letter, letter_anchor, sort_key
from .sharing import article_social, article_structured_data, entity_social, entity_structured_data, page_social
from .urls import (
    absolute_url,
    feed_url,
    home_url,
    index_url,
    month_url,
    output_path,
    paged_url,
    photo_url,
    search_bundle_folder,
    search_bundle_names,
    search_url,
    year_url,
)
from .views import (
    Link,
    MetaTag,
    PageLink,
    PageMeta,
    Pagination,
    PersonLink,
    SiteView,
    Teaser,
    agency_link,
    dateline,
    iso,
    lead_photo,
    link,
    long_date,
    open_first_paragraph,
    photo_view,
    teaser,
)

_KIND_INTRO = {
    EntityKind.PERSON: "Nhân vật",
    EntityKind.ORGANISATION: "Tổ chức",
    EntityKind.AUTHOR: "Tác giả",
    EntityKind.TAG: "Chủ đề",
    EntityKind.SECTION: "Chuyên mục",
}


def make_environment(site_dir: Path) -> jinja2.Environment:
    """Templates of the site first, then the default theme's.

    Each build makes its own environment, so templates are not checked for
    changes on disk at every page (a file system call per template used).
    """
    loaders = [jinja2.FileSystemLoader(str(site_dir / "templates")), jinja2.FileSystemLoader(str(THEME_TEMPLATES))]
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


@dataclass(frozen=True)
class PageJob:
    """One output file: where it goes, what its content depends on, how to make it.

    ``inputs`` gives a fingerprint of everything the content is made from,
    so a file whose inputs are unchanged since the last build need not be
    made again. Like ``make``, it is called where the page is made, on any
    core: fingerprinting every page is itself work worth sharing.
    """

    path: str
    inputs: Callable[[], bytes]
    make: Callable[[], bytes]
    url: str | None = None  # for pages: the URL the sitemap lists
    lastmod: datetime | None = None
    recipe: ArticleInputs | None = None  # kept by the cache to remake an article's page alone
    # What the file is, in an editor's words, and where it is asked for (None: the site's
    # settings), for an error naming the two origins of one file (collisions.py).
    # An article's page is described from its recipe.
    what: str = ""
    place: Place | None = None


def fingerprint(*parts: object) -> bytes:
    """A digest of plain values (dataclasses, tuples, strings…): equal values, equal digests."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the bytes depend on the values, not on which objects are shared
    pickler.dump(parts)
    return hashlib.blake2b(buffer.getvalue(), digest_size=16).digest()


# Fingerprints are made of plain tuples: pickling them is fast, where pickling
# the dataclasses themselves for every page would cost seconds on a large site.


def ref_key(ref: EntityRef | None) -> tuple[str, str, str, str] | None:
    return None if ref is None else (ref.kind.value, ref.slug, ref.name, ref.url)


def _photo_key(photo: Photo) -> tuple[str, str, bool]:
    return (photo.src, photo.written, photo.in_body)  # the rest comes from the file's text


def image_key(info: ImageInfo | None) -> tuple[object, ...] | None:
    if info is None:
        return None
    return (info.width, info.height, tuple((v.width, v.height, v.jpeg, v.webp) for v in info.variants))


def placed_key(placed: PlacedArticle) -> tuple[object, ...]:
    """Everything an article's own page shows of it (its related articles aside)."""
    article = placed.article
    return (
        article.digest,
        placed.url,
        ref_key(placed.section),
        ref_key(placed.agency),
        tuple(map(ref_key, placed.authors)),
        tuple((ref_key(p.entity), p.title) for p in placed.people),
        tuple(map(ref_key, placed.organisations)),
        tuple(map(ref_key, placed.tags)),
        tuple(map(_photo_key, article.photos)),
        tuple(map(_photo_key, article.body_photos)),
        placed.scheduled,  # not in the file: the clock decides it
        placed.agency_short,
    )


def teaser_key(teaser: Teaser) -> tuple[object, ...]:
    photo = teaser.photo
    section = (teaser.section.name, teaser.section.url) if teaser.section else None
    shown = None if photo is None else (photo.url, photo.alt, photo.width, photo.height, photo.srcset, photo.webp_srcset)
    return (teaser.title, teaser.url, teaser.summary, teaser.date_display, teaser.date_iso, section, shown, teaser.preview)


@dataclass
class RenderContext:
    """What every page needs, made once per build (and once more per worker)."""

    site: Site
    env: jinja2.Environment
    markdown: MarkdownIt
    site_view: SiteView
    teasers: tuple[Teaser, ...]  # by position in site.articles
    images: dict[str, ImageInfo]  # sizes and derivatives of the photos, by src
    bases: dict[str, bytes]  # by template: what every page made with it depends on (page_bases)
    _cards: dict[tuple[str, int], Teaser] = field(default_factory=dict)
    _teaser_digests: dict[str, bytes] = field(default_factory=dict)
    memo: dict[object, object] = field(default_factory=dict)  # per-article pieces other modules reuse

    @property
    def config(self) -> SiteConfig:
        return self.site.config

    def base(self, template: str) -> bytes:
        # A template that is not there has no base: making the page says what is missing.
        return self.bases.get(template, b"")

    def card(self, teaser: Teaser, level: int = 2) -> Teaser:
        """The teaser with its HTML as the theme's ``teaser`` macro draws it."""
        key = (teaser.url, level)
        if key not in self._cards:
            macros = self.env.get_template("_macros.html").module
            html = Markup(str(macros.teaser(teaser, level=level)))  # type: ignore[attr-defined]
            self._cards[key] = replace(teaser, html=html)
        return self._cards[key]

    def teaser_digest(self, teaser: Teaser) -> bytes:
        """The fingerprint of a teaser: pages that show teasers are keyed by these."""
        if teaser.url not in self._teaser_digests:
            self._teaser_digests[teaser.url] = fingerprint(teaser_key(teaser))
        return self._teaser_digests[teaser.url]


def make_context(site: Site, env: jinja2.Environment, images: dict[str, ImageInfo], search: bool = False) -> RenderContext:
    config = site.config
    sections = tuple(
        Link(e.ref.name, e.ref.url)
        for e in sorted(site.entities[EntityKind.SECTION], key=lambda e: (-len(e.articles), sort_key(e.ref.name)))
    )
    site_view = SiteView(
        title=config.title,
        description=config.description,
        language=config.language,
        root=config.root,
        home_url=home_url(config),
        feed_url=feed_url(home_url(config)),
        people_index_url=index_url(config, EntityKind.PERSON),
        organisations_index_url=index_url(config, EntityKind.ORGANISATION),
        sections=sections,
        search_url=search_url(config) if search else None,
    )
    teasers = tuple(teaser(config, article, images) for article in site.articles)
    markdown = make_markdown(config.allow_html)
    return RenderContext(site, env, markdown, site_view, teasers, images, page_bases(env, config, site_view))


def entity_key(ctx: RenderContext, entity: Entity | None) -> bytes | None:
    """What an entity's pages show of the entity itself, made once per entity."""
    if entity is None:
        return None
    memo = ("entity", entity.ref)
    if memo not in ctx.memo:
        photo = entity.entry.photo if entity.entry else None
        info = ctx.images.get(photo.src) if photo else None
        ctx.memo[memo] = fingerprint(entity.ref, entity.entry, entity.titles, entity.parent, image_key(info))
    return ctx.memo[memo]  # type: ignore[return-value]


# Python draws teasers and figures with these macros, on pages of any template.
_MACROS = "_macros.html"


def page_bases(env: jinja2.Environment, config: SiteConfig, site_view: SiteView) -> dict[str, bytes]:
    """What every page made with each template depends on, by template name:
    dvarchive itself, the template and those it uses, the config, the navigation.

    So an edit of ``article.html`` remakes the article pages only, and one of
    ``base.html`` or ``_macros.html`` every page.
    """
    templates = _templates(env)
    uses = {name: _templates_named(env, text) for name, text in templates.items()}
    # Pages read per_page only through what a list page holds, feed_items and
    # the output folder not at all: changing them remakes only what shows them.
    shown = replace(config, per_page=0, feed_items=0, output="")
    common = fingerprint(code_fingerprint(), shown, site_view)
    return {name: fingerprint(common, _used_templates(templates, uses, name)) for name in templates}


def _templates(env: jinja2.Environment) -> dict[str, bytes]:
    """Every template a page may use, by name: the site's, then the theme's it does not replace."""
    found: dict[str, bytes] = {}
    for loader in env.loader.loaders:  # type: ignore[union-attr]
        for folder in loader.searchpath:
            for path in sorted(Path(folder).rglob("*")):
                if path.is_file():
                    found.setdefault(path.relative_to(folder).as_posix(), path.read_bytes())
    return found


def _templates_named(env: jinja2.Environment, text: bytes) -> frozenset[str] | None:
    """The templates a template extends, imports or includes; None if it may use any
    (a name it computes, or text that is not a template: making a page will say so)."""
    try:
        named = set(meta.find_referenced_templates(env.parse(text.decode("utf-8"))))
        # As the loader reads a name: "./base.html" is "base.html".
        return None if None in named else frozenset("/".join(split_template_path(n)) for n in named)  # type: ignore[arg-type]
    except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound, UnicodeDecodeError):
        return None


def _used_templates(
    templates: dict[str, bytes], uses: dict[str, frozenset[str] | None], name: str
) -> list[tuple[str, bytes | None]]:
    """The text of a template, of the macros and of all they use in turn (a missing one as None)."""
    used: set[str] = set()
    waiting = [name, _MACROS]
    while waiting:
        current = waiting.pop()
        if current in used:
            continue
        used.add(current)
        named = uses.get(current, frozenset())
        if named is None:
            used = set(templates)
            break
        waiting.extend(named)
    return sorted((used_name, templates.get(used_name)) for used_name in used)  # type: ignore[arg-type]


def render_template(ctx: RenderContext, name: str, page: PageMeta, **values: object) -> bytes:
    try:
        template = ctx.env.get_template(name)
        return template.render(site=ctx.site_view, page=page, **values).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([_template_diagnostic(exc.filename or name, exc.lineno, exc.message or "")]) from None
    except jinja2.TemplateError as exc:
        line = _template_line(exc)
        raise TemplateError([_template_diagnostic(line[0] or name, line[1], str(exc))]) from None


def _template_diagnostic(filename: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(_template_path(filename), line, f"lỗi mẫu trang: {message}")


def _template_path(filename: str) -> str:
    path = Path(filename)
    return f"templates/{path.name}" if path.is_absolute() else filename


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The deepest template frame of a rendering error."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".html"):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def page_meta(
    config: SiteConfig,
    kind: str,
    title: str,
    url: str,
    description: str = "",
    feed: tuple[str, str] | None = None,
    social: tuple[MetaTag, ...] | None = None,
    structured_data: Markup | None = None,
    noindex: bool = False,
) -> PageMeta:
    """``feed`` is the page's own feed: its URL and its title. ``social``
    (the sharing tags) are a plain page's unless given. ``noindex``: a page
    of a preview build that the public site does not have, or an old address
    that leads on."""
    return PageMeta(
        title=title,
        description=description,
        url=url,
        canonical=absolute_url(config, url),
        kind=kind,
        feed_url=feed[0] if feed else None,
        feed_title=feed[1] if feed else None,
        social=page_social(config, title, description, url) if social is None else social,
        structured_data=structured_data,
        noindex=noindex,
    )


def plan_pages(ctx: RenderContext) -> list[PageJob]:
    """Every HTML page of the site, as jobs (the sitemap is planned from them)."""
    return [
        *(article_job(ctx, position) for position in range(len(ctx.site.articles))),
        *home_jobs(ctx),
        *entity_jobs(ctx),
        *archive_jobs(ctx),
        *index_jobs(ctx),
        *search_page_jobs(ctx),
        not_found_job(ctx),
    ]


@dataclass(frozen=True)
class ArticleInputs:
    """All an article's page is made from, besides the templates and the site.

    ``placed.related`` (positions in this build) is left out: the teasers of
    the related articles stand for them.
    """

    placed: PlacedArticle
    related: tuple[Teaser, ...]
    images: tuple[tuple[str, ImageInfo], ...]  # the article's photos: src → size and derivatives
    section_news: tuple[Teaser, ...] = ()  # "Tin cùng chuyên mục" (placed.section_news is left out too)

    def without_body(self) -> ArticleInputs:
        """What the cache keeps for the quick rebuild, which brings the new body itself."""
        if not self.placed.article.body:
            return self  # a full build reads bodies only to render them
        return replace(self, placed=replace(self.placed, article=replace(self.placed.article, body="")))

    def fingerprint(self, ctx: RenderContext) -> bytes:
        """The page's fingerprint."""
        related = [[ctx.teaser_digest(teaser) for teaser in teasers] for teasers in (self.related, self.section_news)]
        images = [(src, image_key(info)) for src, info in self.images]
        return fingerprint(ctx.base("article.html"), placed_key(self.placed), related, images)


def article_job(ctx: RenderContext, position: int) -> PageJob:
    placed = ctx.site.articles[position]
    photos = (*placed.article.photos, *placed.article.body_photos)
    images = tuple(dict((p.src, ctx.images[p.src]) for p in photos if p.src in ctx.images).items())
    section_news = tuple(ctx.teasers[i] for i in placed.section_news)
    inputs = ArticleInputs(replace(placed, related=(), section_news=()), tuple(ctx.teasers[i] for i in placed.related), images, section_news)
    return PageJob(
        path=output_path(ctx.config, placed.url),
        inputs=partial(inputs.fingerprint, ctx),
        make=partial(render_article, ctx, inputs),
        url=placed.url if placed.published else None,  # the sitemap lists published pages only
        lastmod=(placed.article.updated or placed.article.date).at,
        recipe=inputs,
    )


def render_article(ctx: RenderContext, inputs: ArticleInputs) -> bytes:
    """The page of one article."""
    config = ctx.config
    placed = inputs.placed
    article = placed.article
    images = dict(inputs.images)
    lead = lead_photo(placed)
    body_html = _body_html(ctx, placed, images)
    view = {
        "title": article.title,
        "url": placed.url,
        # Without a summary the lede is the body's first paragraph: the page
        # shows it once, where it stands (after the dateline), not twice.
        "summary": article.summary,
        "section": link(placed.section),
        "location": article.location,
        "agency": agency_link(placed),  # by its registered short form ("TTXVN")
        "date_display": long_date(article.date),
        "date_iso": iso(article.date),
        "updated_display": long_date(article.updated) if article.updated else None,
        "updated_iso": iso(article.updated) if article.updated else None,
        "authors": [link(a) for a in placed.authors],
        "lead_photo": photo_view(config, lead, images.get(lead.src)) if lead else None,
        "extra_photos": [photo_view(config, p, images.get(p.src)) for p in article.photos if not p.in_body and p is not lead],
        "body_html": Markup(body_html),
        "dateline": dateline(placed, body_html),  # runs into the first paragraph:
        "body_opening": open_first_paragraph(body_html),  # the body cut inside its opening <p>
        "people": [PersonLink(p.entity.name, p.entity.url, p.title) for p in placed.people],
        "organisations": [link(o) for o in placed.organisations],
        "tags": [link(t) for t in placed.tags],
        "related": [ctx.card(teaser, level=3) for teaser in inputs.related],
        "section_news": [ctx.card(teaser, level=3) for teaser in inputs.section_news],
        "corrections": [{"date_display": long_date(c.date), "note": c.note} for c in article.corrections],
        # A preview's banners: say plainly that this page is not (yet) published.
        "draft": article.draft,
        "scheduled_display": long_date(article.date) if placed.scheduled else None,
    }
    social, structured_data = article_social(config, placed), article_structured_data(config, placed)
    meta = page_meta(
        config, "article", article.title, placed.url, article.lede, None, social, structured_data, noindex=not placed.published
    )
    return render_template(ctx, "article.html", meta, article=view)


def _body_html(ctx: RenderContext, placed: PlacedArticle, images: dict[str, ImageInfo]) -> str:
    config = ctx.config
    # Body images come first: they are keyed by the src as the body writes it.
    photos: dict[str, Photo] = {}
    for photo in (*placed.article.body_photos, *placed.article.photos):
        photos.setdefault(photo.written, photo)
    macros = ctx.env.get_template("_macros.html").module

    def figure(src: str, alt: str) -> str | None:
        photo = photos.get(src)
        if photo is None:
            return None
        view = photo_view(config, photo, images.get(photo.src))
        if alt and not photo.alt:
            view = replace(view, alt=alt)
        return str(macros.photo_figure(view)) + "\n"  # type: ignore[attr-defined]

    def image_url(src: str) -> str | None:
        # Only photos the loader found: a draft's missing photo, a path out of
        # content/ or a script URL is never an <img> (the loader reported each).
        photo = photos.get(src)
        return None if photo is None else photo_url(config, photo.src)

    try:
        body = read_body(ctx.site.site_dir, placed.article)
        return render_body(ctx.markdown, body, figure, image_url, config.allow_html)
    except TooDeep as exc:
        raise ContentError([Diagnostic(placed.article.source, placed.article.body_line + exc.line, TOO_DEEP)]) from None
    except RecursionError:
        raise ContentError([Diagnostic(placed.article.source, placed.article.body_line, "nội dung lồng nhau quá sâu")]) from None


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
            title = f"{title} – trang {number}"
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
        page.noindex,
    )


def _render_listing(ctx: RenderContext, page: ListingPage) -> bytes:
    config, entity = ctx.config, page.entity
    url = paged_url(config, page.first_url, page.number)
    pagination = _pagination(config, page.first_url, page.number, page.total)
    listing = _listing_view(ctx, page.kind, page.heading, page.positions, entity, pagination)
    listing["feed_url"] = page.feed[0] if page.feed else None
    listing["articles"] = [ctx.card(ctx.teasers[i]) for i in page.chunk]
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
        "intro": _KIND_INTRO.get(entity.ref.kind) if entity else None,
        "description": entry.description if entry else None,
        "photo": photo_view(ctx.config, entry.photo, ctx.images.get(entry.photo.src)) if entry and entry.photo else None,
        "titles": list(entity.titles) if entity else [],
        "aliases": [a for a in (*((entry.short,) if entry.short else ()), *entry.aliases)] if entry else [],
        "external_url": entry.url if entry else None,
        "parent": link(entity.parent) if entity else None,
        "count": len(positions),
        "pagination": pagination,
    }


def _pagination(config: SiteConfig, first_url: str, current: int, total: int) -> Pagination:
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
            yield from listing_jobs(ctx, month_url(config, year, month), "month", f"Tháng {month}/{year}", positions)
        view = {
            "year": year,
            "months": [{"name": f"Tháng {m}", "url": month_url(config, year, m), "count": len(by_month[m])} for m in sorted(by_month)],
            "count": sum(len(p) for p in by_month.values()),
        }
        url = year_url(config, year)
        preview = only_previews(ctx, [p for ps in by_month.values() for p in ps])
        meta = page_meta(config, "year", f"Năm {year}", url, noindex=preview)
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
}


def index_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    """The A–Z pages of people and of organisations."""
    headings = {EntityKind.PERSON: ("Nhân vật", "people_index"), EntityKind.ORGANISATION: ("Tổ chức", "organisations_index")}
    for kind, (heading, page_kind) in headings.items():
        entities = ctx.site.entities[kind]
        view = {
            "heading": heading,
            "intro": _index_intro(ctx.config, kind),
            "count": len(entities),
            "groups": _letter_groups(ctx.config, entities),
        }
        meta = page_meta(ctx.config, page_kind, f"{heading} từ A đến Z", index_url(ctx.config, kind))
        lastmod = max((ctx.site.articles[e.articles[0]].article.date.at for e in entities), default=None)
        yield _template_job(ctx, "az.html", meta, lastmod, index=view)


def _index_intro(config: SiteConfig, kind: EntityKind) -> str:
    if kind is EntityKind.ORGANISATION:
        return "Các tổ chức được nhắc đến trong kho lưu trữ, xếp theo thứ tự chữ cái."
    order = "tên" if config.people_sort == "given" else "họ"
    return f"Các nhân vật được nhắc đến trong kho lưu trữ, xếp theo {order} theo thứ tự chữ cái tiếng Việt."


def _letter_groups(config: SiteConfig, entities: Sequence[Entity]) -> list[dict[str, object]]:
    ordered = sorted(entities, key=lambda e: (sort_key(e.sort_name, config.language), e.ref.slug))
    groups: dict[str, list[dict[str, object]]] = {}
    for entity in ordered:
        letter = initial_letter(entity.sort_name)
        groups.setdefault(letter, []).append({"name": entity.ref.name, "url": entity.ref.url, "count": len(entity.articles)})
    letters = sorted(groups, key=lambda letter: sort_key(letter, config.language))
    return [{"letter": letter, "anchor": letter_anchor(letter), "entries": groups[letter]} for letter in letters]


def search_page_jobs(ctx: RenderContext) -> Iterator[PageJob]:
    if ctx.site_view.search_url:
        meta = page_meta(ctx.config, "search", "Tìm kiếm", ctx.site_view.search_url, f"Tìm trong {ctx.config.title}")
        published = [placed for placed in ctx.site.articles if placed.published]  # what the index holds
        newest = max((placed.article.date.at for placed in published[:1]), default=None)
        # The Pagefind bundles (search.py), the newest first: the page merges them.
        names = dict.fromkeys(search_bundle_names([placed.article.year_month for placed in published]))
        bundles = [f"{ctx.config.root}/{search_bundle_folder(name)}/" for name in names]
        yield _template_job(ctx, "search.html", meta, newest, bundles=bundles, bundle=bundles[0] if bundles else None)


def not_found_job(ctx: RenderContext) -> PageJob:
    meta = page_meta(ctx.config, "404", "Không tìm thấy trang", ctx.config.root + "/404.html")
    return _template_job(ctx, "404.html", meta, None)
