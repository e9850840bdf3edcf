"""Responsive photos: smaller copies (JPEG and WebP) made once and remembered.

Each published photo gets derivatives at 480, 960 and 1600 pixels wide (no
wider than the original), turned upright by its EXIF orientation and
stripped of its metadata. They are made in the cache folder, keyed by the
photo's path, size and modification time, so an unchanged photo is never
encoded twice; the build copies them into the output beside the original.
A photo that Pillow cannot read (a text file named ``.jpg``) is never
published: it is reported at each line that names it.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .cache import CACHE_DIR
from .errors import Diagnostic, Level
from .model import Article, Photo, RegistryEntry, Site
from .output import Copy
from .parallel import run_parallel

WIDTHS = (480, 960, 1600)
_JPEG_QUALITY = 82
_WEBP_QUALITY = 80
_INFO = "info.json"


@dataclass(frozen=True)
class Variant:
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


@dataclass(frozen=True)
class PreparedImages:
    infos: dict[str, ImageInfo]  # content-relative src → info
    copies: tuple[Copy, ...]  # the derivatives, to copy into the output
    unreadable: dict[str, str]  # src → why Pillow cannot read it


def images_cache(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "images"


def prepare_images(content_dir: Path, cache_dir: Path, srcs: tuple[str, ...], jobs: int) -> PreparedImages:
    """Make (or find) the derivatives of every photo; those that cannot be read are returned with why."""
    work = [(content_dir / src, src, cache_dir / _key(content_dir / src)) for src in srcs]
    results = run_parallel(_derive, work, jobs)
    infos: dict[str, ImageInfo] = {}
    copies: list[Copy] = []
    unreadable: dict[str, str] = {}
    for (source, src, folder), result in zip(work, results):
        if isinstance(result, str):
            unreadable[src] = result
            continue
        infos[src] = result
        for variant in result.variants:
            copies += [Copy(folder / Path(variant.jpeg).name, variant.jpeg), Copy(folder / Path(variant.webp).name, variant.webp)]
    return PreparedImages(infos, tuple(copies), unreadable)


def find_unreadable(content_dir: Path, cache_dir: Path, srcs: list[str], jobs: int) -> dict[str, str]:
    """The photos Pillow cannot read, with why; nothing is written (for ``check``).

    A photo whose derivatives a build made is known to be good; the others are decoded.
    """
    work = [(content_dir / src, cache_dir / _key(content_dir / src)) for src in srcs]
    found = run_parallel(_read_problem, work, jobs)
    return {src: problem for src, problem in zip(srcs, found) if problem is not None}


def _read_problem(job: tuple[Path, Path]) -> str | None:
    source, folder = job
    if _remembered(folder) is not None:
        return None
    try:
        with Image.open(source) as opened:
            opened.draft("RGB", (WIDTHS[0], WIDTHS[0]))  # a JPEG decodes at a fraction of its size, every byte still read
            opened.load()
    except _UNREADABLE as exc:
        return _why(exc)
    return None


_UNREADABLE = (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError)


def _why(exc: Exception) -> str:
    """Pillow's reason, without the file's absolute path it may carry."""
    if isinstance(exc, UnidentifiedImageError):
        return "không nhận ra định dạng ảnh"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


def unreadable_photo_diagnostics(
    articles: Iterable[Article], registry: Iterable[RegistryEntry], unreadable: dict[str, str]
) -> list[Diagnostic]:
    """Each place that names a photo Pillow cannot read: an error, in a draft a warning (it is left out)."""
    found = []
    for article in articles:
        for photo in (*article.photos, *article.body_photos):
            if photo.src in unreadable:
                found.append(_unreadable_at(article.source, photo, unreadable[photo.src], article.draft))
    for entry in registry:
        if entry.photo is not None and entry.photo.src in unreadable:
            found.append(_unreadable_at(entry.place.path, entry.photo, unreadable[entry.photo.src], draft=False))
    return found


def _unreadable_at(path: str, photo: Photo, why: str, draft: bool) -> Diagnostic:
    problem = f'tệp "content/{photo.src}" không phải là ảnh đọc được ({why})'
    if draft:
        return Diagnostic(path, photo.line, f"{problem}: bản nháp nên ảnh được bỏ qua; {_FIX}", Level.WARNING)
    return Diagnostic(path, photo.line, f"{problem}: {_FIX}")


_FIX = "thay bằng ảnh JPEG, PNG hoặc WebP"


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


def _key(path: Path) -> str:
    stat = path.stat()
    stamp = f"{path.name}:{stat.st_size}:{stat.st_mtime_ns}:{WIDTHS}:{_JPEG_QUALITY}:{_WEBP_QUALITY}"
    return hashlib.blake2b(stamp.encode(), digest_size=12).hexdigest()


def _derive(job: tuple[Path, str, Path]) -> ImageInfo | str:
    """The photo's info, making its derivatives in ``folder`` unless they are there."""
    source, src, folder = job
    remembered = _remembered(folder)
    if remembered is not None:
        return remembered
    try:
        with Image.open(source) as opened:
            opened.load()  # decoded now: a file that is not an image is told from a cache that cannot be written
            upright = ImageOps.exif_transpose(opened)
    except _UNREADABLE as exc:
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
