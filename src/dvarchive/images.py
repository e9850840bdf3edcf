"""Responsive photos: smaller copies (JPEG and WebP) made once and remembered.

Each published photo gets derivatives at 480, 960 and 1600 pixels wide (no
wider than the original), turned upright by its EXIF orientation and
stripped of its metadata. They are made in the cache folder, keyed by the
photo's path, size and modification time, so an unchanged photo is never
encoded twice; the build copies them into the output beside the original.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from dataclasses import asdict, dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from .errors import Report
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


def prepare_images(content_dir: Path, cache_dir: Path, srcs: tuple[str, ...], jobs: int, report: Report) -> PreparedImages:
    """Make (or find) the derivatives of every photo; unreadable ones are reported and skipped."""
    work = [(content_dir / src, src, cache_dir / _key(content_dir / src)) for src in srcs]
    results = run_parallel(_derive, work, jobs)
    infos: dict[str, ImageInfo] = {}
    copies: list[Copy] = []
    for (source, src, folder), result in zip(work, results):
        if isinstance(result, str):
            report.warning(f"content/{src}", None, f"không đọc được ảnh ({result}): ảnh được đăng nguyên bản")
            continue
        infos[src] = result
        for variant in result.variants:
            copies += [Copy(folder / Path(variant.jpeg).name, variant.jpeg), Copy(folder / Path(variant.webp).name, variant.webp)]
    return PreparedImages(infos, tuple(copies))


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
            upright = ImageOps.exif_transpose(opened)
            info = ImageInfo(upright.width, upright.height, _plan(src, upright.width, upright.height))
            _encode(upright, info.variants, folder)
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        return str(exc) or type(exc).__name__
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
