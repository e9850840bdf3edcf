"""Every published article as an IPTC ninjs 2.2 document, beside its page: ``/YYYY/MM/slug/index.json``.

ninjs ("news in JSON") is how agencies and aggregators exchange stories:
the headline and lede, the body as HTML, dates, byline and dateline place,
the photos as associated pictures with their caption, credit and every
size, and the people, organisations and topics with the addresses of their
pages. Every address in it is absolute, so the document stands on its own
wherever it is copied.

The body is in it, so it is made from the article's inputs as its page is
(:class:`ArticleInputs`), and a body edit makes both (plan.py). Its
fingerprint is made of what the page's is made of and nothing more:
whenever it changes the page is made again too, so the inputs the cache
keeps of the page are always those of this document as well.
"""

from __future__ import annotations

import json
import mimetypes
import re
from functools import partial
from html import escape
from urllib.parse import urljoin

from ..core.config import SiteConfig
from ..core.jobs import ArticleInputs, PageJob
from ..core.model import Correction, EntityRef, ImageInfo, Photo, PlacedArticle
from ..core.urls import absolute_url, ninjs_url, output_path, photo_url
from ..core.views import agency_link, iso, long_date
from ..incremental.fingerprints import fingerprint
from .article_page import article_body_html, article_digest, article_page_job
from .render import RenderContext

SCHEMA = "https://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"
# The body's figures are drawn with the theme's macros: what the document depends on of the templates.
_FIGURES = "_macros.html"


def article_files(ctx: RenderContext, inputs: ArticleInputs) -> list[PageJob]:
    """An article's page and, once it is published, its ninjs document: one after the
    other, so that one process makes both from one rendering of the body."""
    page = article_page_job(ctx, inputs)
    return [page, ninjs_job(ctx, inputs)] if inputs.placed.published else [page]


def ninjs_job(ctx: RenderContext, inputs: ArticleInputs) -> PageJob:
    """The ninjs document of a published article (a draft or a scheduled article has none)."""
    placed = inputs.placed
    url = ninjs_url(placed.url)
    return PageJob(
        path=output_path(ctx.config, url),
        inputs=partial(ninjs_fingerprint, ctx, inputs),
        make=partial(render_ninjs, ctx, inputs),
        what=f'bản ninjs của bài "{placed.article.title}" ({url})',
    )


def ninjs_fingerprint(ctx: RenderContext, inputs: ArticleInputs) -> bytes:
    return fingerprint(ctx.base(_FIGURES), "ninjs", article_digest(ctx, inputs))


def render_ninjs(ctx: RenderContext, inputs: ArticleInputs) -> bytes:
    config = ctx.config
    placed = inputs.placed
    article = placed.article
    images = dict(inputs.images)
    page = absolute_url(config, placed.url)
    body = absolute_addresses(article_body_html(ctx, placed, images), page)
    corrections = [_correction(ctx, c) for c in article.corrections]
    document: dict[str, object] = {
        "uri": page,
        "standard": {"name": "ninjs", "version": "2.2", "schema": SCHEMA},
        "type": "text",
        "representationtype": "full",
        "firstcreated": iso(article.date),
        "versioncreated": iso(article.updated or article.date),
        "pubstatus": "usable",
        "language": config.language,
        "slugline": article.slug,
        "headlines": [{"role": "main", "value": article.title}, *([{"role": "sub", "value": article.lede}] if article.lede else [])],
        "descriptions": [*([{"role": "summary", "value": article.lede}] if article.lede else []), *corrections],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": body}],
        "by": _byline(placed),
        "located": article.location or "",
        "infosources": [_named(config, placed.agency)] if placed.agency else [],
        "people": [_named(config, p.entity, "about") for p in placed.people],
        "organisations": [_named(config, o, "about") for o in placed.organisations],
        "subjects": [_named(config, t, "about") for t in placed.tags] + ([_named(config, placed.section, "section")] if placed.section else []),
        "associations": [_picture(config, n, photo, images.get(photo.src)) for n, photo in enumerate(article.photos, start=1)],
        "renditions": [{"name": "web", "href": page, "contenttype": "text/html"}],
    }
    return json_bytes({key: value for key, value in document.items() if value not in ("", [])})


def json_bytes(data: object) -> bytes:
    """JSON with ``<``, ``>`` and ``&`` as ``\\u`` escapes: a file of the output is served like any
    other, and no headline or body in it may read as markup to a browser that sniffs."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def _byline(placed: PlacedArticle) -> str:
    """As the page prints it after the story: "Ngọc Hà, Văn Dũng (TTXVN)", or the agency alone."""
    agency = agency_link(placed)
    names = ", ".join(author.name for author in placed.authors)
    if names and agency:
        return f"{names} ({agency.name})"
    return names or (agency.name if agency else "")


def _named(config: SiteConfig, ref: EntityRef, rel: str = "") -> dict[str, str]:
    """A person, organisation, tag or section: its name and the address of its page."""
    named = {"name": ref.name, "uri": absolute_url(config, ref.url), "literal": ref.slug}
    return {"rel": rel, **named} if rel else named


def _correction(ctx: RenderContext, correction: Correction) -> dict[str, str]:
    when = f'<time datetime="{iso(correction.date)}">{escape(long_date(correction.date, ctx.messages))}</time>'
    return {"role": "correction", "contenttype": "text/html", "value": f"<p>{when}: {escape(correction.note)}</p>"}


def _picture(config: SiteConfig, number: int, photo: Photo, info: ImageInfo | None) -> dict[str, object]:
    """A photo as an associated picture: caption, credit, and each of its sizes."""
    href = photo.src if photo.is_remote else absolute_url(config, photo_url(config, photo.src))
    descriptions = [{"role": "caption", "value": photo.caption}] if photo.caption else []
    descriptions += [{"role": "alt", "value": photo.alt}] if photo.alt else []
    picture: dict[str, object] = {"name": f"photo-{number}", "uri": href, "type": "picture", "descriptions": descriptions}
    if photo.credit:
        picture |= {"by": photo.credit, "copyrightnotice": photo.credit}
    picture["renditions"] = _renditions(config, photo, href, info)
    return {key: value for key, value in picture.items() if value != []}


def _renditions(config: SiteConfig, photo: Photo, href: str, info: ImageInfo | None) -> list[dict[str, object]]:
    original: dict[str, object] = {"name": "original", "href": href}
    kind = mimetypes.guess_type(photo.src)[0]
    if kind:
        original["contenttype"] = kind
    if info is None:
        return [original]
    original |= {"width": info.width, "height": info.height, "sizeinbytes": info.size}
    sizes = []
    for variant in info.variants:
        for name, path, kind in (("jpeg", variant.jpeg, "image/jpeg"), ("webp", variant.webp, "image/webp")):
            sizes.append(
                {
                    "name": f"{name}-{variant.width}",
                    "href": absolute_url(config, photo_url(config, path)),
                    "contenttype": kind,
                    "width": variant.width,
                    "height": variant.height,
                }
            )
    return [original, *sizes]


_ADDRESS = re.compile(r'\b(href|src|srcset)="([^"]*)"')


def absolute_addresses(html: str, page: str) -> str:
    """The body's links and images as absolute addresses, read from ``page``.

    The body is dvarchive's own HTML (markdown-it, the theme's figures,
    nh3 for raw HTML), whose attributes are always double-quoted; text
    holding ``href="`` is escaped there, so only attributes match.
    """

    def absolute(match: re.Match[str]) -> str:
        name, value = match[1], match[2]
        if name == "srcset":
            candidates = (candidate.strip().split(" ", 1) for candidate in value.split(","))
            value = ", ".join(" ".join([urljoin(page, parts[0]), *parts[1:]]) for parts in candidates)
        else:
            value = urljoin(page, value)
        return f'{name}="{value}"'

    return _ADDRESS.sub(absolute, html)
