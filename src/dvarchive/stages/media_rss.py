"""Media RSS for the photos of a feed item: a small feedgen extension of our own.

feedgen's ``media`` extension writes ``media:content`` and
``media:thumbnail`` only, each bare. A news photo travels with its caption
and its credit, so here each photo is one ``media:content`` (its largest
derivative, with its size) holding its ``media:description`` (the caption),
``media:credit`` (the credit) and ``media:thumbnail`` (its smallest
derivative), as the Media RSS specification allows inside ``media:content``.
The cover photo comes first and is the item's default.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass

from feedgen.ext.base import BaseEntryExtension
from feedgen.util import xml_elem
from lxml import etree

from ..core.config import SiteConfig
from ..core.model import ImageInfo, Photo
from ..core.urls import absolute_url, photo_url

MEDIA_NS = "http://search.yahoo.com/mrss/"
MEDIA_NAMESPACE = f' xmlns:media="{MEDIA_NS}"'  # declared once by the channel


@dataclass(frozen=True)
class MediaPhoto:
    """One photo as a feed item gives it: addresses and sizes already made."""

    url: str
    kind: str | None  # its MIME type, when known
    width: int | None
    height: int | None
    caption: str | None
    credit: str | None
    thumbnail: tuple[str, int, int] | None  # url, width, height


def media_photo(config: SiteConfig, photo: Photo, info: ImageInfo | None) -> MediaPhoto:
    """A photo of the site by its largest and smallest derivatives; a photo elsewhere by its address."""
    if photo.is_remote or info is None:
        url = photo.src if photo.is_remote else absolute_url(config, photo_url(config, photo.src))
        return MediaPhoto(url, None, None, None, photo.caption, photo.credit, None)
    if not info.variants:  # a small photo, published as it is: its own thumbnail
        url = absolute_url(config, photo_url(config, photo.src))
        kind = mimetypes.guess_type(photo.src)[0]
        return MediaPhoto(url, kind, info.width, info.height, photo.caption, photo.credit, (url, info.width, info.height))
    largest, smallest = info.variants[-1], info.variants[0]
    thumbnail = (absolute_url(config, photo_url(config, smallest.jpeg)), smallest.width, smallest.height)
    url = absolute_url(config, photo_url(config, largest.jpeg))
    return MediaPhoto(url, "image/jpeg", largest.width, largest.height, photo.caption, photo.credit, thumbnail)


class MediaPhotosExtension(BaseEntryExtension):  # type: ignore[misc]
    """feedgen's entry extension: ``entry.media.photos([...])``, written into the RSS item."""

    def __init__(self) -> None:
        self._photos: list[MediaPhoto] = []

    def photos(self, photos: list[MediaPhoto]) -> None:
        self._photos = list(photos)

    def extend_rss(self, item: etree._Element) -> etree._Element:
        for number, photo in enumerate(self._photos):
            # Under the "media" prefix (the channel declares it; the item's own declaration is dropped).
            content = etree.SubElement(item, f"{{{MEDIA_NS}}}content", nsmap={"media": MEDIA_NS})
            content.set("url", photo.url)
            content.set("medium", "image")
            if number == 0:
                content.set("isDefault", "true")
            if photo.kind:
                content.set("type", photo.kind)
            if photo.width and photo.height:
                content.set("width", str(photo.width))
                content.set("height", str(photo.height))
            if photo.caption:
                _text(content, "description", photo.caption).set("type", "plain")
            if photo.credit:
                _text(content, "credit", photo.credit)
            if photo.thumbnail:
                url, width, height = photo.thumbnail
                thumbnail = xml_elem(f"{{{MEDIA_NS}}}thumbnail", content)
                thumbnail.set("url", url)
                thumbnail.set("width", str(width))
                thumbnail.set("height", str(height))
        return item

    def extend_atom(self, entry: etree._Element) -> etree._Element:
        return entry  # the Atom feed gives the cover photo as an enclosure link


def _text(parent: etree._Element, name: str, value: str) -> etree._Element:
    element = xml_elem(f"{{{MEDIA_NS}}}{name}", parent)
    element.text = value
    return element
