"""Fingerprints: digests of what an output file is made from.

A page whose fingerprint is the one the last build recorded for its file
need not be made again (see :mod:`dvarchive.pipeline`). Fingerprints are
made of plain tuples: pickling them is fast, where pickling the dataclasses
themselves for every page would cost seconds on a large site. This module
knows the data (model, views) and nothing of how pages are made.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Article, EntityRef, ImageInfo, Photo, PlacedArticle
    from ..core.views import Teaser


def fingerprint(*parts: object) -> bytes:
    """A digest of plain values (dataclasses, tuples, strings…): equal values, equal digests."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: the bytes depend on the values, not on which objects are shared
    pickler.dump(parts)
    return hashlib.blake2b(buffer.getvalue(), digest_size=16).digest()


@cache
def code_fingerprint() -> str:
    """Changes whenever dvarchive's own code does, so no stale pickle is ever read
    and no page made by older code is kept."""
    package = Path(__file__).parent.parent
    digest = hashlib.sha1()
    for path in code_files():
        digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


def code_files() -> list[Path]:
    """Every file of the package that decides what a build makes: its code and the
    interface's catalogs (the theme's templates are inputs of their own)."""
    package = Path(__file__).parent.parent
    return sorted([*package.rglob("*.py"), *package.rglob("*.po")])


def ref_key(ref: EntityRef | None) -> tuple[str, str, str, str] | None:
    # The member's value read as Enum stores it (``_value_``): ``.value`` is a descriptor
    # call, eight times slower, and this runs for every name on every page.
    return None if ref is None else (ref.kind._value_, ref.slug, ref.name, ref.url)


def photo_key(photo: Photo) -> tuple[str, str, bool]:
    return (photo.src, photo.written, photo.in_body)  # the rest comes from the file's text


def image_key(info: ImageInfo | None) -> tuple[object, ...] | None:
    if info is None:
        return None
    # The file's size too: an article's ninjs document gives it, and is made from what its page is.
    return (info.width, info.height, info.size, tuple((v.width, v.height, v.jpeg, v.webp) for v in info.variants))


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
        tuple(map(photo_key, article.photos)),
        tuple(map(photo_key, article.body_photos)),
        placed.scheduled,  # not in the file: the clock decides it
        placed.agency_short,
    )


def teaser_key(teaser: Teaser) -> tuple[object, ...]:
    photo = teaser.photo
    section = (teaser.section.name, teaser.section.url) if teaser.section else None
    shown = None if photo is None else (photo.url, photo.alt, photo.width, photo.height, photo.srcset, photo.webp_srcset)
    return (teaser.title, teaser.url, teaser.summary, teaser.date_display, teaser.date_iso, section, shown, teaser.preview)


def shown_elsewhere(article: Article) -> Article:
    """The article without what only its own page shows: the body.

    Two versions of an article equal here differ only on the article's own
    page (and in the search index): every list, feed and related box that
    shows it is as it was.
    """
    images = tuple(replace(photo, line=None) for photo in article.body_photos)
    return replace(article, body="", body_line=0, body_photos=images, digest="")
