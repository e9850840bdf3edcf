"""An article's page: its job, its fingerprint and its HTML.

Making one article's page depends only on that article, the teasers of its
related articles, its photos and the templates (:class:`ArticleInputs`),
so pages can be made independently, in any process, or not at all when
their inputs did not change; the cache keeps the inputs, so a build after
a body edit makes the page again without the rest of the site.
"""

from __future__ import annotations

from functools import partial

from markupsafe import Markup

from ..core.errors import ContentError, Diagnostic
from ..core.jobs import ArticleInputs, PageJob
from ..core.markdown import TOO_DEEP, TooDeep, render_body
from ..core.model import ImageInfo, Photo, PlacedArticle
from ..core.records import replace
from ..core.urls import output_path, photo_url
from ..core.views import (
    PersonLink,
    agency_link,
    correction_anchors,
    dateline,
    iso,
    lead_photo,
    link,
    long_date,
    open_first_paragraph,
    photo_view,
)
from ..incremental.fingerprints import fingerprint, image_key, placed_key
from .render import RenderContext, page_meta, render_template
from .sharing import article_social, article_structured_data


def article_inputs(ctx: RenderContext, position: int) -> ArticleInputs:
    """All the page of the article at ``position`` is made from (its ninjs document too)."""
    placed = ctx.site.articles[position]
    photos = (*placed.article.photos, *placed.article.body_photos)
    images = tuple(dict((p.src, ctx.images[p.src]) for p in photos if p.src in ctx.images).items())
    related = tuple(ctx.teasers[i] for i in placed.related)
    section_news = tuple(ctx.teasers[i] for i in placed.section_news)
    return ArticleInputs(replace(placed, related=(), section_news=()), related, images, section_news)


def article_page_job(ctx: RenderContext, inputs: ArticleInputs) -> PageJob:
    """The job of one article's page, from all it is made of."""
    placed = inputs.placed
    return PageJob(
        path=output_path(ctx.config, placed.url),
        inputs=partial(article_fingerprint, ctx, inputs),
        make=partial(render_article, ctx, inputs),
        url=placed.url if placed.published else None,  # the sitemap lists published pages only
        lastmod=(placed.article.updated or placed.article.date).at,
        since=placed.article.date.at,
        recipe=inputs,
    )


def article_fingerprint(ctx: RenderContext, inputs: ArticleInputs) -> bytes:
    """What an article's page is made from: its template, the article and its photos, its related teasers."""
    related = [[ctx.teaser_digest(teaser) for teaser in teasers] for teasers in (inputs.related, inputs.section_news)]
    return fingerprint(ctx.base("article.html"), article_digest(ctx, inputs), related)


def article_digest(ctx: RenderContext, inputs: ArticleInputs) -> bytes:
    """What an article's page and its ninjs document both show of the article itself, its photos
    included: made once for the two, which are fingerprinted one after the other."""
    key = (_ARTICLE_DIGEST, inputs.placed.url)
    digest = ctx.memo.pop(key, None)  # the second of the two takes it away
    if digest is None:
        images = [(src, image_key(info)) for src, info in inputs.images]
        digest = fingerprint(placed_key(inputs.placed), images)
        if inputs.placed.published:  # a draft or a scheduled article has no ninjs document to ask again
            ctx.memo[key] = digest
    return digest  # type: ignore[return-value]


_ARTICLE_DIGEST = "article_digest"


def render_article(ctx: RenderContext, inputs: ArticleInputs) -> bytes:
    """The page of one article."""
    config = ctx.config
    placed = inputs.placed
    article = placed.article
    images = dict(inputs.images)
    lead = lead_photo(placed)
    body_html = article_body_html(ctx, placed, images)
    view = {
        "title": article.title,
        "url": placed.url,
        # Without a summary the lede is the body's first paragraph: the page
        # shows it once, where it stands (after the dateline), not twice.
        "summary": article.summary,
        "section": link(placed.section),
        "location": article.location,
        "agency": agency_link(placed),  # by its registered short form ("TTXVN")
        "date_display": long_date(article.date, ctx.messages),
        "date_iso": iso(article.date),
        "updated_display": long_date(article.updated, ctx.messages) if article.updated else None,
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
        "corrections": [
            {"date_display": long_date(c.date, ctx.messages), "date_iso": iso(c.date), "note": c.note, "anchor": anchor}
            for c, anchor in zip(article.corrections, correction_anchors(article.corrections))
        ],
        # A preview's banners: say plainly that this page is not (yet) published.
        "draft": article.draft,
        "scheduled_display": long_date(article.date, ctx.messages) if placed.scheduled else None,
    }
    social, structured_data = article_social(config, placed), article_structured_data(config, placed)
    meta = page_meta(
        config, "article", article.title, placed.url, article.lede, None, social, structured_data, noindex=not placed.published
    )
    return render_template(ctx, "article.html", meta, article=view)


def article_body_html(ctx: RenderContext, placed: PlacedArticle, images: dict[str, ImageInfo]) -> str:
    """The article's body as HTML, figures drawn with the theme's macros.

    The page and the ninjs document of an article are planned one after the
    other and made by the same process: the body is read and rendered once
    for both. One body is kept, so memory does not grow with the site.
    """
    key = (placed.article.source, placed.article.digest, placed.url)
    kept = ctx.memo.get(_LAST_BODY)
    if isinstance(kept, tuple) and kept[0] == key:
        return kept[1]  # type: ignore[no-any-return]
    body_html = _body_html(ctx, placed, images)
    ctx.memo[_LAST_BODY] = (key, body_html)
    return body_html


_LAST_BODY = "last article body"


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
        body = ctx.read_body(placed.article)
        return render_body(ctx.markdown, body, figure, image_url, config.allow_html)
    except TooDeep as exc:
        raise ContentError([Diagnostic(placed.article.source, placed.article.body_line + exc.line, TOO_DEEP)]) from None
    except RecursionError:
        raise ContentError([Diagnostic(placed.article.source, placed.article.body_line, "nội dung lồng nhau quá sâu")]) from None
