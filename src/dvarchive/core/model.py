"""The plain, frozen data that flows from one stage to the next. No I/O here."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from .config import SiteConfig
from .errors import Diagnostic
from .periods import NamePeriod, Role
from .records import record
from .schema import Moment


class EntityKind(str, Enum):
    PERSON = "person"
    ORGANISATION = "organisation"
    AUTHOR = "author"
    TAG = "tag"
    SECTION = "section"


@record
class Place:
    """Where something was written: a file relative to the site, and a line."""

    path: str
    line: int | None

    def __str__(self) -> str:
        return self.path if self.line is None else f"{self.path}:{self.line}"


@record
class Mention:
    """A name as an article or registry writes it."""

    name: str
    line: int | None
    title: str | None = None  # a person's position, as this article states it

    def __reduce__(self) -> tuple[object, ...]:
        # A few thousand names recur in a hundred thousand articles: each
        # read back from a pickle is one shared string, not a copy per mention.
        return _shared_mention, (self.name, self.line, self.title)


def _shared_mention(name: str, line: int | None, title: str | None) -> Mention:
    return Mention(sys.intern(name), line, sys.intern(title) if title else title)


@record
class Photo:
    src: str  # relative to content/ ("photos/2026/01/x.jpg"), or an http(s) URL
    written: str  # the src as the editor wrote it, to find it in the body
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    line: int | None = None
    in_body: bool = False  # the body names it, so it is shown there as a figure

    @property
    def is_remote(self) -> bool:
        return self.src.startswith(("http://", "https://"))


@record
class Correction:
    date: Moment
    note: str


@record
class Article:
    """One article file, read and checked; knows nothing of other articles."""

    source: str  # path relative to the site, with "/" separators
    title: str
    date: Moment
    slug: str
    body: str  # Markdown
    body_line: int
    lede: str  # the summary, or the first paragraph of the body as text
    updated: Moment | None = None
    section: Mention | None = None
    summary: str | None = None
    blank_keys: tuple[tuple[str, int | None], ...] = ()  # header keys written without a value, with their lines
    agency: Mention | None = None
    authors: tuple[Mention, ...] = ()
    location: str | None = None
    photos: tuple[Photo, ...] = ()
    body_photos: tuple[Photo, ...] = ()  # the images the body shows, as it writes them
    people: tuple[Mention, ...] = ()
    organisations: tuple[Mention, ...] = ()
    tags: tuple[Mention, ...] = ()
    related: tuple[Mention, ...] = ()
    aliases: tuple[Mention, ...] = ()  # old addresses of the article, as written: each leads to it
    corrections: tuple[Correction, ...] = ()
    draft: bool = False
    title_line: int | None = None
    digest: str = ""  # of the file's path and text: what the header and body were made from

    @property
    def year_month(self) -> tuple[int, int]:
        return self.date.at.year, self.date.at.month


@record
class RegistryEntry:
    """One person or organisation from content/people.yaml or organisations.yaml."""

    kind: EntityKind
    name: str
    place: Place
    slug: str | None = None
    old_slugs: tuple[str, ...] = ()  # slugs its page had before
    short: str | None = None
    aliases: tuple[str, ...] = ()
    sort_as: str | None = None
    description: str | None = None
    photo: Photo | None = None
    roles: tuple[Role, ...] = ()  # a person's positions over time
    parent: str | None = None
    url: str | None = None
    names: tuple[NamePeriod, ...] = ()  # an organisation's names over time

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every name an article may call it by: its name, short form, aliases and names over time."""
        former = [spelling for period in self.names for spelling in (period.name, period.short) if spelling]
        return tuple(dict.fromkeys((self.name, *((self.short,) if self.short else ()), *self.aliases, *former)))


@dataclass(frozen=True)
class Variant:
    """A smaller copy of a photo, as JPEG and WebP."""

    width: int
    height: int
    jpeg: str  # relative to the output folder
    webp: str


@dataclass(frozen=True)
class ImageInfo:
    """A photo's upright size and its derivatives, smallest first."""

    width: int
    height: int
    variants: tuple[Variant, ...]
    size: int = 0  # of the photo's file, in bytes (a feed's enclosure gives it)


# The templates a site's pages may use, by name (the site's over the theme's): the file each was read from, and its text.
Templates = dict[str, tuple[str, bytes]]


@dataclass(frozen=True)
class ParsedArticle:
    """An article file as parsed: the article, or None and why (its diagnostics)."""

    source: str
    article: Article | None
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Sources:
    """Everything read from a site folder, before names are resolved."""

    config: SiteConfig
    site_dir: Path
    articles: tuple[Article, ...]
    registry: tuple[RegistryEntry, ...]
    diagnostics: tuple[Diagnostic, ...] = ()  # warnings found while reading
    now: datetime | None = None  # the build's clock: articles dated after it are scheduled
    scheduled: tuple[datetime, ...] = ()  # when each scheduled article goes live, the earliest first (drafts aside)
    # The earliest date after ``now`` of an article these options show or hold back
    # for its date alone (drafts included when shown): the output changes then.
    upcoming: datetime | None = None


@record
class EntityRef:
    """A link to an entity page."""

    kind: EntityKind
    slug: str
    name: str
    url: str


@record
class PersonRef:
    entity: EntityRef
    title: str | None


@record
class PlacedArticle:
    """An article with its URL and every name resolved to an entity."""

    article: Article
    url: str
    section: EntityRef | None
    agency: EntityRef | None
    authors: tuple[EntityRef, ...]
    people: tuple[PersonRef, ...]
    organisations: tuple[EntityRef, ...]
    tags: tuple[EntityRef, ...]
    related: tuple[int, ...] = ()  # positions in Site.articles
    scheduled: bool = False  # dated after the build's clock: shown only in a preview (--future)
    agency_short: str | None = None  # the agency's registered short form ("TTXVN"), for the dateline
    section_news: tuple[int, ...] = ()  # "Tin cùng chuyên mục": when related are fewer than five, positions

    @property
    def published(self) -> bool:
        """On the public site: neither a draft nor scheduled. Only these go into
        feeds, sitemaps, the search index and published articles' related lists."""
        return not (self.article.draft or self.scheduled)


@record
class Entity:
    """A person, organisation, author, tag or section, with its articles."""

    ref: EntityRef
    sort_name: str
    articles: tuple[int, ...]  # positions in Site.articles, newest first
    entry: RegistryEntry | None = None
    titles: tuple[str, ...] = ()  # a person's positions as articles gave them
    parent: EntityRef | None = None


@record
class Namesakes:
    """Names of one kind that fold to one plain slug, each with a page of its own:
    the plain address lists them (``/nhan-vat/nguyen-thuy-ha/``)."""

    kind: EntityKind
    slug: str
    url: str
    members: tuple[EntityRef, ...]


@record
class Redirect:
    """An old address that leads to a page: an article's alias, an entity's old slug."""

    old_url: str  # a URL path of this site, as the old page had it
    new_url: str
    title: str  # of the page it leads to
    place: Place  # where the old address is written


@dataclass(frozen=True)
class Site:
    """The resolved site: everything the renderer needs, nothing it must look up."""

    config: SiteConfig
    site_dir: Path
    articles: tuple[PlacedArticle, ...]  # newest first
    entities: dict[EntityKind, tuple[Entity, ...]]
    photos: tuple[str, ...]  # content-relative paths of the photos to publish
    redirects: tuple[Redirect, ...] = ()
    now: datetime | None = None  # the build's clock (the news sitemap counts back from it)
    namesakes: tuple[Namesakes, ...] = ()  # plain addresses shared by several names
    menu: tuple[EntityRef, ...] = ()  # the sections in the site's menu, in its order
