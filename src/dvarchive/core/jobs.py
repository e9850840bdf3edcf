"""What the planning of a build hands to rendering and writing: output files as jobs.

A :class:`PageJob` is one file the renderer makes; a :class:`Copy` one it
copies as it is. :class:`ArticleInputs` is all an article's page is made
from, kept by the cache so that the page of an article whose body alone
changed can be made again without the rest of the site.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from .records import record

if TYPE_CHECKING:
    from .model import ImageInfo, Place, PlacedArticle
    from .views import Teaser


@record
class PageJob:
    """One output file: where it goes, what its content depends on, how to make it.

    ``inputs`` gives a fingerprint of everything the content is made from
    (:mod:`dvarchive.incremental.fingerprints`), so a file whose inputs are unchanged
    since the last build need not be made again. Like ``make``, it is called
    where the page is made, on any core: fingerprinting every page is itself
    work worth sharing.
    """

    path: str
    inputs: Callable[[], bytes]
    make: Callable[[], bytes]
    url: str | None = None  # for pages: the URL the sitemap lists
    lastmod: datetime | None = None
    # A page that keeps its address and what it lists as the archive grows (an article, a
    # numbered page of a list numbered from the oldest): when it began, its place in the
    # sitemap. None: a page that changes with every new article (a list's front page).
    since: datetime | None = None
    recipe: ArticleInputs | None = None  # kept by the cache to remake an article's page alone
    # What the cache keeps to remake another page alone, made when the page is (a registered
    # entity's front page and feed: registry_edits.py). Kept by the page's path.
    keep: Callable[[], object] | None = None
    # What the file is, in an editor's words, and where it is asked for (None: the site's
    # settings), for an error naming the two origins of one file (collisions.py).
    # An article's page is described from its recipe.
    what: str = ""
    place: Place | None = None


@dataclass(frozen=True)
class Copy:
    """A file copied as it is: a photo or a static asset."""

    source: Path
    path: str  # relative to the output folder


@record
class ArticleInputs:
    """All an article's page is made from, besides the templates and the site.

    ``placed.related`` and ``placed.section_news`` (positions in this build)
    are left out: the teasers of those articles stand for them.
    """

    placed: PlacedArticle
    related: tuple[Teaser, ...]
    images: tuple[tuple[str, ImageInfo], ...]  # the article's photos: src → size and derivatives
    section_news: tuple[Teaser, ...] = ()  # "Tin cùng chuyên mục" (placed.section_news is left out too)

    def without_body(self) -> ArticleInputs:
        """What the cache keeps: a later build brings the new body itself."""
        if not self.placed.article.body:
            return self  # a full build reads bodies only to render them
        return replace(self, placed=replace(self.placed, article=replace(self.placed.article, body="")))
