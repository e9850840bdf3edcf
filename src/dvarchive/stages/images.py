"""Responsive photos: smaller copies (JPEG and WebP) made once and remembered.

Each published photo gets derivatives at 480, 960 and 1600 pixels wide (no
wider than the original), turned upright by its EXIF orientation and
stripped of its metadata. They are made in the cache folder, keyed by the
photo's path, size and modification time, so an unchanged photo is never
encoded twice; the build copies them into the output beside the original.
Only raster photos are published: JPEG, PNG, WebP, GIF and AVIF, told by
their content (Pillow's reading of the file), never by their name. A file
Pillow cannot read (a text file named ``.jpg``, an SVG, an HTML page), one
of another format (TIFF, BMP, PDF…) and one too large to decode safely (a
decompression bomb) is never published: it is reported at each line that
names it, in Vietnamese, and Pillow's own English warnings are kept quiet.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import struct
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ..core.errors import Diagnostic, Level
from ..core.jobs import Copy
from ..core.layout import CACHE_DIR
from ..core.model import Article, ImageInfo, Photo, RegistryEntry, Site, Variant
from ..core.parallel import run_parallel

WIDTHS = (480, 960, 1600)
_JPEG_QUALITY = 82
_WEBP_QUALITY = 80
_INFO = "info.json"


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


def images_cache(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "images"


def prepare_images(content_dir: Path, cache_dir: Path, srcs: tuple[str, ...], jobs: int) -> PreparedImages:
    """Make (or find) the derivatives of every photo; those that cannot be read are returned with why."""
    stats = {src: (content_dir / src).stat() for src in srcs}
    work = [(content_dir / src, src, cache_dir / _key(content_dir / src, stats[src])) for src in srcs]
    results = run_parallel(_derive, work, jobs)
    infos: dict[str, ImageInfo] = {}
    copies: list[Copy] = []
    unreadable: dict[str, Refusal] = {}
    for (source, src, folder), result in zip(work, results):
        if isinstance(result, Refusal):
            unreadable[src] = result
            continue
        infos[src] = replace(result, size=stats[src].st_size)
        for variant in result.variants:
            copies += [Copy(folder / Path(variant.jpeg).name, variant.jpeg), Copy(folder / Path(variant.webp).name, variant.webp)]
    return PreparedImages(infos, tuple(copies), unreadable)


def find_unreadable(content_dir: Path, cache_dir: Path, srcs: list[str], jobs: int) -> dict[str, Refusal]:
    """The photos that would not be published, with why; nothing is written (for ``check``).

    A photo whose derivatives a build made is known to be good; the others are decoded.
    """
    work = [(content_dir / src, cache_dir / _key(content_dir / src, (content_dir / src).stat())) for src in srcs]
    found = run_parallel(_read_problem, work, jobs)
    return {src: problem for src, problem in zip(srcs, found) if problem is not None}


def _read_problem(job: tuple[Path, Path]) -> Refusal | None:
    source, folder = job
    refused = _refused_name(source)
    if refused is not None:
        return refused
    if _remembered(folder) is not None:
        return None
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


def _key(path: Path, stat: os.stat_result) -> str:
    # The published formats are part of the key: derivatives made before a format was refused are not trusted.
    formats = ",".join(sorted(PUBLISHED_FORMATS))
    stamp = f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}:{WIDTHS}:{_JPEG_QUALITY}:{_WEBP_QUALITY}:{formats}"
    return hashlib.blake2b(stamp.encode(), digest_size=12).hexdigest()


def _derive(job: tuple[Path, str, Path]) -> ImageInfo | Refusal:
    """The photo's info, making its derivatives in ``folder`` unless they are there."""
    source, src, folder = job
    refused = _refused_name(source)
    if refused is not None:
        return refused
    remembered = _remembered(folder)
    if remembered is not None:
        return remembered
    with _quiet():
        return _decode_and_derive(source, src, folder)


def _decode_and_derive(source: Path, src: str, folder: Path) -> ImageInfo | Refusal:
    try:
        with Image.open(source) as opened:
            refused = _refused_format(opened)
            if refused is not None:
                return refused
            opened.load()  # decoded now: a file that is not an image is told from a cache that cannot be written
            upright = ImageOps.exif_transpose(opened)
    except _UNDECODABLE as exc:
        return _why(exc)
    info = ImageInfo(upright.width, upright.height, _plan(src, upright.width, upright.height))
    try:
        _encode(upright, info.variants, folder)
    except _UNREADABLE as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # the disk's problem (full, read-only), reported as such
        return _why(exc)
    (folder / _INFO).write_text(json.dumps(asdict(info)), "utf-8")  # last: it marks the folder complete
    return info


def _remembered(folder: Path) -> ImageInfo | None:
    try:
        data = json.loads((folder / _INFO).read_text("utf-8"))
        return ImageInfo(data["width"], data["height"], tuple(Variant(**v) for v in data["variants"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _plan(src: str, width: int, height: int) -> tuple[Variant, ...]:
    widths = sorted({w for w in WIDTHS if w < width} | {min(width, WIDTHS[-1])})
    stem = posixpath.splitext(src)[0]
    return tuple(
        Variant(w, max(1, round(height * w / width)), f"{stem}.{w}w.jpg", f"{stem}.{w}w.webp") for w in widths
    )


def _encode(image: Image.Image, plan: tuple[Variant, ...], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    rgb = image.convert("RGB")
    for variant in plan:
        resized = rgb.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        _save(resized, folder / Path(variant.jpeg).name, "JPEG", quality=_JPEG_QUALITY, optimize=True, progressive=True)
        _save(resized, folder / Path(variant.webp).name, "WEBP", quality=_WEBP_QUALITY, method=4)


def _save(image: Image.Image, target: Path, kind: str, **options: object) -> None:
    """Whole or not at all: a build killed while encoding leaves no half file."""
    partial = target.with_name(target.name + ".part")
    image.save(partial, kind, **options)
    partial.replace(target)
