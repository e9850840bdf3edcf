"""Read-only views for templates: dates already in Vietnamese, URLs already made.

Templates never call back into the model; everything they show is here as
plain frozen data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import unescape

from markupsafe import Markup

from .config import SiteConfig
from .messages import LONG_DATE, MONTH_AND_YEAR, SHORT_DATE, TIME, Messages, vietnamese
from .model import Correction, EntityRef, ImageInfo, Photo, PlacedArticle
from .names import match_key
from .periods import PartialDate
from .records import record, replace
from .schema import Moment
from .urls import photo_url


def long_date(moment: Moment, messages: Messages | None = None) -> str:
    """``Thứ Hai, 08/01/2024, 09:30 (GMT+7)`` (in English ``Monday, January 8, 2024, 9:30 AM
    (GMT+7)``): the catalog's patterns, whatever the system locale."""
    messages = messages or vietnamese()
    at = moment.at
    day = messages.date(at, LONG_DATE)
    if not moment.has_time:
        return day
    return f"{day}, {messages.date(at, TIME)} ({gmt_offset(at)})"


def short_date(moment: Moment, messages: Messages | None = None) -> str:
    return (messages or vietnamese()).date(moment.at, SHORT_DATE)


def partial_date(written: PartialDate, messages: Messages) -> str:
    """A day, a month or a year, as precisely as the registry wrote it: ``01/10/2025``, ``10/2025``, ``2025``."""
    if written.month is None:
        return str(written.year)
    pattern = SHORT_DATE if written.day is not None else MONTH_AND_YEAR
    return messages.date(datetime.combine(written.first, datetime.min.time()), pattern)


def period_display(start: PartialDate | None, end: PartialDate | None, messages: Messages) -> str:
    """``10/2025 – nay``, ``01/07/2021 – 30/09/2025``, ``đến 2019``; empty when neither is known."""
    if start and end:
        return f"{partial_date(start, messages)} – {partial_date(end, messages)}"
    if start:
        return messages("%(start)s – nay", start=partial_date(start, messages))
    return messages("đến %(end)s", end=partial_date(end, messages)) if end else ""


def gmt_offset(at: datetime) -> str:
    offset = at.utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    hours, rest = divmod(abs(minutes), 60)
    return f"GMT{sign}{hours}" + (f":{rest:02d}" if rest else "")


def iso(moment: Moment) -> str:
    return moment.at.isoformat()


@record
class Link:
    name: str
    url: str


@record
class PhotoView:
    url: str
    caption: str | None
    credit: str | None
    alt: str
    width: int | None = None
    height: int | None = None
    srcset: str | None = None  # JPEG derivatives, "url 480w, url 960w"
    webp_srcset: str | None = None


@record
class PersonLink:
    name: str
    url: str
    title: str | None


class CardHtml(bytes):
    """HTML made once and shown on many pages, kept as UTF-8: a Vietnamese
    title makes a ``str`` two bytes a character, and a build keeps a card for
    every article in every process. Templates see it as the markup it was
    (``__html__``, and ``str()`` gives that markup too)."""

    __slots__ = ()

    def __html__(self) -> Markup:
        return Markup(self.decode("utf-8"))

    __str__ = __html__


@record
class Teaser:
    title: str
    url: str
    summary: str
    date_display: str
    date_iso: str
    section: Link | None
    photo: PhotoView | None
    html: Markup | CardHtml = Markup("")  # the card as the theme draws it, once made
    preview: str | None = None  # "Bản nháp" or "Hẹn giờ": a preview build's mark on an unpublished article


@record
class PageLink:
    number: int  # 0: the front page of a list numbered from the oldest (its newest articles)
    url: str
    current: bool
    gap_before: bool = False  # pages left out between this link and the one before it


@dataclass(frozen=True)
class Pagination:
    """The links between the pages of a list (core/paging.py), in the order a reader
    goes from the newest articles to the oldest. Empty ``pages``: a list of one page."""

    current: int  # this page's number (0: the front page of a list numbered from the oldest)
    # Pages in the list; numbered from the oldest, known to the front page alone (0 on a
    # numbered page, which must not change each time the list grows a page).
    total: int
    prev_url: str | None  # the page of newer articles (rel="prev")
    next_url: str | None  # the page of older articles (rel="next")
    pages: tuple[PageLink, ...]
    from_oldest: bool = False


@record
class MetaTag:
    attribute: str  # "property" (Open Graph) or "name" (Twitter)
    key: str
    content: str


@dataclass(frozen=True)
class PageMeta:
    title: str
    description: str
    url: str
    canonical: str
    kind: str
    feed_url: str | None = None
    feed_title: str | None = None
    social: tuple[MetaTag, ...] = ()  # Open Graph and Twitter card tags
    structured_data: Markup | None = None  # JSON-LD, already made safe to embed
    noindex: bool = False  # a preview's page (a draft, a scheduled article): no search engine may keep it


@dataclass(frozen=True)
class SiteView:
    title: str
    description: str
    language: str
    root: str
    home_url: str
    feed_url: str
    people_index_url: str
    organisations_index_url: str
    sections: tuple[Link, ...]
    search_url: str | None = None
    corrections_url: str = ""
    json_feed_url: str = ""  # the site's feed as JSON Feed and as Atom, beside its RSS (feed_url)
    atom_url: str = ""


def link(ref: EntityRef | None) -> Link | None:
    return Link(ref.name, ref.url) if ref else None


def photo_view(config: SiteConfig, photo: Photo, image: ImageInfo | None = None) -> PhotoView:
    view = PhotoView(
        url=photo_url(config, photo.src),
        caption=photo.caption,
        credit=photo.credit,
        alt=photo.alt or photo.caption or "",
    )
    if image is None:
        return view
    variants = image.variants
    if not variants:  # a small photo: published as it is
        return replace(view, width=image.width, height=image.height)
    middle = next((v for v in variants if v.width >= 960), variants[-1])
    jpeg = [(photo_url(config, v.jpeg), v.width) for v in variants]
    webp = [(photo_url(config, v.webp), v.width) for v in variants]
    if image.width < WIDEST_COPY_AT_MOST:
        # Narrower than the largest copy made of bigger photos: the original serves its own
        # width, in both lists (any browser that reads WebP reads the original's format too).
        jpeg.append((view.url, image.width))
        webp.append((view.url, image.width))
    return replace(
        view,
        url=photo_url(config, middle.jpeg),
        width=image.width,
        height=image.height,
        srcset=", ".join(f"{url} {width}w" for url, width in jpeg),
        webp_srcset=", ".join(f"{url} {width}w" for url, width in webp),
    )


WIDEST_COPY_AT_MOST = 1600  # stages/photo_store.py's largest width


def lead_photo(article: PlacedArticle) -> Photo | None:
    """The first photo the body does not show; it leads the article."""
    return next((p for p in article.article.photos if not p.in_body), None)


def cover_photo(article: PlacedArticle) -> Photo | None:
    """The photo that stands for the article in lists and feeds."""
    return lead_photo(article) or next(iter(article.article.photos), None)


def teaser(
    config: SiteConfig, article: PlacedArticle, images: Mapping[str, ImageInfo], messages: Messages | None = None
) -> Teaser:
    cover = cover_photo(article)
    return Teaser(
        title=article.article.title,
        url=article.url,
        summary=article.article.lede,
        date_display=short_date(article.article.date, messages),
        date_iso=iso(article.article.date),
        section=link(article.section),
        photo=photo_view(config, cover, images.get(cover.src)) if cover else None,
        preview=preview_mark(article, messages),
    )


def correction_anchors(corrections: tuple[Correction, ...]) -> list[str]:
    """The id of each correction on its article's page, from its date: what the corrections
    page and its feed link to, and stays as more corrections are added (a second one of a day gets "-2")."""
    anchors: list[str] = []
    for correction in corrections:
        anchor = f"dv-dinh-chinh-{correction.date.at:%Y-%m-%d}"
        same_day = sum(1 for earlier in anchors if earlier == anchor or earlier.startswith(anchor + "-"))
        anchors.append(f"{anchor}-{same_day + 1}" if same_day else anchor)
    return anchors


def preview_mark(article: PlacedArticle, messages: Messages | None = None) -> str | None:
    """What marks an unpublished article wherever a preview build shows it."""
    messages = messages or vietnamese()
    if article.article.draft:
        return messages("Bản nháp")
    return messages("Hẹn giờ") if article.scheduled else None


# --- the article page's dateline and byline, as newsrooms print them ---------


@record
class Dateline:
    """What opens the first paragraph: ``Hà Nội (TTXVN) – ``.

    ``place`` is the article's ``location`` as written (None when the first
    paragraph already says where, as wire copy does: ``Sáng 8/1, tại Hà
    Nội, …``); ``agency`` links the agency by its registered short form.
    """

    place: str | None
    agency: Link | None


def agency_link(article: PlacedArticle) -> Link | None:
    """The agency as datelines and bylines print it: its registered short form
    (``TTXVN``), else its registered name, linking to its page."""
    if article.agency is None:
        return None
    return Link(article.agency_short or article.agency.name, article.agency.url)


def dateline(article: PlacedArticle, body_html: str) -> Dateline | None:
    place = article.article.location
    if place and _says_where(_first_paragraph_text(body_html), place):
        place = None
    agency = agency_link(article)
    return Dateline(place, agency) if place or agency else None


# "Sáng 8/1, tại Hà Nội, …", "Tại TP Đà Lạt, chiều 9/1 …": the place in the opening words.
_OPENING_PLACE = re.compile(r"(?:[^,.;:!?]{1,40},\s*)?tại\s+(?P<place>[^,.;:!?()]{2,80}?)\s*[,.;:]", re.IGNORECASE)


def _says_where(text: str, place: str) -> bool:
    """Whether a paragraph opens by saying it happened at ``place`` (or at a
    longer name ending in it: "thành phố Đà Lạt" for "Đà Lạt")."""
    found = _OPENING_PLACE.match(text)
    if found is None:
        return False
    said, wanted = match_key(found["place"]), match_key(place)
    return said == wanted or said.endswith(" " + wanted)


# Photos the body opens with: the dateline runs into the first paragraph after them.
_OPENING_PHOTO = re.compile(r"\s*(?:<figure\b.*?</figure>|<p><img\b[^>]*></p>)\s*", re.DOTALL)


def open_first_paragraph(body_html: str) -> tuple[Markup, Markup] | None:
    """The body cut just inside the opening tag of its first paragraph (after
    any photo it opens with), for the dateline to run into; None when the
    body opens with something else (a heading, a list, a quote)."""
    at = 0
    while (photo := _OPENING_PHOTO.match(body_html, at)) and photo.end() > at:
        at = photo.end()
    if not body_html.startswith("<p>", at):
        return None
    cut = at + len("<p>")
    return Markup(body_html[:cut]), Markup(body_html[cut:])


def _first_paragraph_text(body_html: str) -> str:
    opened = open_first_paragraph(body_html)
    if opened is None:
        return ""
    rest = str(opened[1])
    return unescape(re.sub(r"<[^>]*>", "", rest[: rest.find("</p>")]))
