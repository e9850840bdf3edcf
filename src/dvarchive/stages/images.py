"""Responsive photos: smaller copies (JPEG and WebP) made once and kept by content.

Each published photo gets derivatives at 480, 960 and 1600 pixels wide,
only those narrower than the original (which is published beside them),
turned upright by its EXIF orientation and stripped of its metadata. They
are kept in the photo store (photo_store.py), by the photo's content, so a
photo is encoded once whatever its name, and the build copies them into the
output. Only raster photos are published: JPEG, PNG, WebP, GIF and AVIF,
told by their content (Pillow's reading of the file's header), never by
their name. A file that cannot be read (a text file named ``.jpg``, an SVG,
an HTML page, a JPEG cut short), one of another format (TIFF, BMP, PDF…)
and one too large to decode safely (a decompression bomb) is never
published: it is reported at each line that names it, in Vietnamese, and
the libraries' own English warnings are kept quiet.
"""

from __future__ import annotations

import os
import re
import shutil
import struct
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from ..core.config import SiteConfig
from ..core.errors import Diagnostic, Level
from ..core.jobs import Copy
from ..core.layout import CACHE_DIR, CONTENT_DIR
from ..core.model import Article, ImageInfo, Photo, RegistryEntry, Site
from ..core.parallel import run_parallel
from .photo_store import (
    WIDTHS,
    DigestIndex,
    content_digest,
    encode,
    remember,
    remembered,
    store_folder,
    variant_name,
    widths_to_make,
)


@dataclass(frozen=True)
class Refusal:
    """Why a file named as a photo is not published, and what to do, in Vietnamese."""

    problem: str  # follows 'tệp "content/…" '
    fix: str


@dataclass(frozen=True)
class PreparedImages:
    infos: dict[str, ImageInfo]  # content-relative src → info
    copies: tuple[Copy, ...]  # the derivatives, to copy into the output
    unreadable: dict[str, Refusal]  # src → why it is not published


def photo_store(site_dir: Path, config: SiteConfig) -> Path:
    return site_dir / config.photo_store  # an absolute photo_store stays as it is


def prepare_images(site_dir: Path, store: Path, srcs: tuple[str, ...], jobs: int) -> PreparedImages:
    """Make (or find) the derivatives of every photo; those that cannot be read are returned with why.

    A photo whose digest the index knows and whose folder is complete costs a
    stat and a small read; the others go to helper processes, which read,
    check and encode them.
    """
    content_dir = site_dir / CONTENT_DIR
    shutil.rmtree(site_dir / CACHE_DIR / "images", ignore_errors=True)  # where earlier versions kept copies, by name
    index = DigestIndex(site_dir)
    stats = {src: (content_dir / src).stat() for src in srcs}
    found: dict[str, tuple[str, ImageInfo | Refusal]] = {}
    work = []
    for src in srcs:
        digest = index.digest(src, stats[src])
        info = _known(index, store, src, stats[src])
        if info is not None:
            found[src] = (digest or "", info)
        else:
            work.append(_Photo(content_dir / src, src, store, digest or None))
    for photo, (digest, result) in zip(work, run_parallel(_derive, work, jobs, in_helpers=True)):
        found[photo.src] = (digest, result)
    infos: dict[str, ImageInfo] = {}
    copies: list[Copy] = []
    unreadable: dict[str, Refusal] = {}
    for src in srcs:
        digest, result = found[src]
        if isinstance(result, Refusal):
            unreadable[src] = result
            continue
        index.learn(src, stats[src], digest, result)
        infos[src] = replace(result, size=stats[src].st_size)
        folder = store_folder(store, digest)
        for v in result.variants:
            copies += [Copy(folder / variant_name(v.width, "jpg"), v.jpeg), Copy(folder / variant_name(v.width, "webp"), v.webp)]
    index.save(set(srcs))
    return PreparedImages(infos, tuple(copies), unreadable)


def find_unreadable(site_dir: Path, store: Path, srcs: list[str], jobs: int) -> dict[str, Refusal]:
    """The photos that would not be published, with why; nothing is written (for ``check``).

    A photo whose derivatives a build made is known to be good; the others are decoded.
    """
    content_dir = site_dir / CONTENT_DIR
    index = DigestIndex(site_dir)
    unknown = []
    for src in srcs:
        if _known(index, store, src, (content_dir / src).stat()) is None:
            unknown.append(src)
    found = run_parallel(_read_problem, [content_dir / src for src in unknown], jobs)
    return {src: problem for src, problem in zip(unknown, found) if problem is not None}


def _known(index: DigestIndex, store: Path, src: str, stat: os.stat_result) -> ImageInfo | None:
    """What an earlier build found of the photo, if the file is as it was: a small photo's
    size from the index, or a larger one's copies from the store."""
    digest = index.digest(src, stat)
    if digest == "":
        return index.small_photo(src, stat)
    return remembered(store_folder(store, digest), src) if digest else None


def _read_problem(source: Path) -> Refusal | None:
    refused = _refused_name(source)
    if refused is not None:
        return refused
    try:
        with _quiet(), Image.open(source) as opened:
            refused = _refused_format(opened)
            if refused is not None:
                return refused
            opened.draft("RGB", (WIDTHS[0], WIDTHS[0]))  # a JPEG decodes at a fraction of its size, every byte still read
            opened.load()
    except _UNDECODABLE as exc:
        return _why(exc)
    return None


_UNREADABLE = (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError, MemoryError)
# What Pillow's decoders raise besides, on a malformed file: the file's fault, never a traceback.
# (Only around opening and decoding; the encoding of derivatives keeps the narrow list above.)
_UNDECODABLE = (*_UNREADABLE, EOFError, SyntaxError, IndexError, KeyError, TypeError, ZeroDivisionError, struct.error)
# Pillow's names; MPO is the JPEG that cameras and phones write with a preview inside.
PUBLISHED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "AVIF"})
_FIX_FORMAT = "chỉ ảnh JPEG, PNG, WebP, GIF hoặc AVIF được đăng; lưu lại ảnh ở một trong các định dạng đó"
_FIX_UNREADABLE = "thay bằng ảnh JPEG, PNG, WebP, GIF hoặc AVIF"


@contextmanager
def _quiet() -> Iterator[None]:
    """Pillow's warnings (a large image, odd EXIF data, a palette's transparency) are English and
    say nothing an editor can act on: what matters is refused as an error instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        yield


# The original is published under its own name, and a web server types a file by its name: a JPEG
# named .html or .svg would be served as a page. The content is checked too (below).
PUBLISHED_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif"})


def _refused_name(source: Path) -> Refusal | None:
    if source.suffix.lower() in PUBLISHED_SUFFIXES:
        return None
    said = f'có đuôi "{source.suffix}"' if source.suffix else "không có đuôi tên"
    return Refusal(
        f"{said}, không phải đuôi của một ảnh", "đặt tên tệp ảnh có đuôi .jpg, .jpeg, .png, .webp, .gif hoặc .avif"
    )


def _refused_format(opened: Image.Image) -> Refusal | None:
    """A file Pillow reads but that is not a photo format the site publishes (TIFF, BMP, PDF, an icon…)."""
    if opened.format in PUBLISHED_FORMATS:
        return None
    return Refusal(f"là tệp {opened.format or 'ảnh'}, không phải ảnh được đăng", _FIX_FORMAT)


def _why(exc: BaseException) -> Refusal:
    """Pillow's reason, in Vietnamese where it can be, without the file's absolute path it may carry."""
    if isinstance(exc, Image.DecompressionBombError):
        return _too_large(str(exc))
    if isinstance(exc, UnidentifiedImageError):
        why = "không nhận ra định dạng ảnh"
    elif isinstance(exc, MemoryError):
        why = "không đủ bộ nhớ để đọc ảnh"
    elif isinstance(exc, OSError) and exc.strerror:
        why = exc.strerror
    else:
        why = str(exc) or type(exc).__name__
    return Refusal(f"không phải là ảnh đọc được ({why})", _FIX_UNREADABLE)


def _too_large(message: str) -> Refusal:
    """Pillow refuses to decode an image over twice its pixel limit: a decompression bomb, or far too big a scan."""
    sizes = [int(n) for n in re.findall(r"(\d+) pixels", message)]
    said = ""
    if len(sizes) == 2:
        said = f" ({_millions(sizes[0])} triệu điểm ảnh, tối đa {_millions(sizes[1])} triệu)"
    return Refusal(
        f"là ảnh quá lớn để xử lý{said}",
        "thu nhỏ ảnh (chẳng hạn còn 4000 điểm ảnh chiều rộng) rồi lưu lại, hoặc thay bằng ảnh khác",
    )


def _millions(pixels: int) -> str:
    return f"{pixels / 1_000_000:.0f}"


def unreadable_photo_diagnostics(
    articles: Iterable[Article], registry: Iterable[RegistryEntry], unreadable: dict[str, Refusal]
) -> list[Diagnostic]:
    """Each place that names a photo that is not published: an error, in a draft a warning (it is left out)."""
    found = []
    for article in articles:
        for photo in (*article.photos, *article.body_photos):
            if photo.src in unreadable:
                found.append(_unreadable_at(article.source, photo, unreadable[photo.src], article.draft))
    for entry in registry:
        if entry.photo is not None and entry.photo.src in unreadable:
            found.append(_unreadable_at(entry.place.path, entry.photo, unreadable[entry.photo.src], draft=False))
    return found


def _unreadable_at(path: str, photo: Photo, why: Refusal, draft: bool) -> Diagnostic:
    problem = f'tệp "content/{photo.src}" {why.problem}'
    if draft:
        return Diagnostic(path, photo.line, f"{problem}: bản nháp nên ảnh được bỏ qua; {why.fix}", Level.WARNING)
    return Diagnostic(path, photo.line, f"{problem}: {why.fix}")


def without_photos(site: Site, srcs: Iterable[str]) -> Site:
    """The site with these photos left out of its articles and of what is published."""
    left_out = set(srcs)
    if not left_out:
        return site
    articles = tuple(
        replace(placed, article=_article_without(placed.article, left_out))
        if any(p.src in left_out for p in (*placed.article.photos, *placed.article.body_photos))
        else placed
        for placed in site.articles
    )
    return replace(site, articles=articles, photos=tuple(src for src in site.photos if src not in left_out))


def _article_without(article: Article, left_out: set[str]) -> Article:
    photos = tuple(p for p in article.photos if p.src not in left_out)
    body = tuple(p for p in article.body_photos if p.src not in left_out)
    return replace(article, photos=photos, body_photos=body)


@dataclass(frozen=True)
class _Photo:
    """A photo for a helper to read, check and encode; its digest if the index knows it."""

    source: Path
    src: str
    store: Path
    digest: str | None


def _derive(photo: _Photo) -> tuple[str, ImageInfo | Refusal]:
    """The photo's digest and info, its derivatives made in the store unless they are there.

    A photo too narrow for any copy is only checked: it gets no digest ("") and nothing in the store.
    """
    refused = _refused_name(photo.source)
    if refused is not None:
        return "", refused
    if photo.digest is None:
        with _quiet():
            small = _small_photo(photo.source)
        if small is not None:
            return "", small
    try:
        digest = photo.digest or content_digest(photo.source)
    except OSError as exc:
        return "", _why(exc)
    folder = store_folder(photo.store, digest)
    info = remembered(folder, photo.src)  # made by another build, or for the same photo under another name
    if info is None:
        with _quiet():
            info = _decode_and_derive(photo, folder)
        if isinstance(info, ImageInfo):
            remember(folder, info)
    return digest, info


def _small_photo(source: Path) -> ImageInfo | Refusal | None:
    """The info of a photo with no copy to make, once it is known to read whole (or why it does
    not read); None for a photo that gets copies."""
    try:
        with Image.open(source) as opened:
            refused = _refused_format(opened)
            if refused is not None:
                return refused
            width, height = _upright_size(opened)
            if widths_to_make(width):
                return None
            opened.draft("RGB", (1, 1))  # a JPEG decodes at an eighth of its size, every byte still read
            opened.load()
    except _UNDECODABLE as exc:
        return _why(exc)
    return ImageInfo(width, height, ())


def _decode_and_derive(photo: _Photo, folder: Path) -> ImageInfo | Refusal:
    try:
        with Image.open(photo.source) as opened:  # the header: its format, and its size against the pixel limit
            refused = _refused_format(opened)
            if refused is not None:
                return refused
            width, height = _upright_size(opened)
            widths = widths_to_make(width)
            if not widths:
                opened.load()  # nothing to make of a small photo: decoded here to be sure it reads
    except _UNDECODABLE as exc:
        return _why(exc)
    try:
        variants = encode(photo.source, widths, folder, photo.src) if widths else ()
    except ValueError as exc:
        return _why(exc)
    return ImageInfo(width, height, variants)


def _upright_size(opened: Image.Image) -> tuple[int, int]:
    """The photo's size once turned as its EXIF orientation says (5–8: a quarter turn)."""
    try:
        orientation = opened.getexif().get(_ORIENTATION, 1)
    except _UNDECODABLE:
        orientation = 1
    return (opened.height, opened.width) if orientation in (5, 6, 7, 8) else (opened.width, opened.height)


_ORIENTATION = 0x0112
