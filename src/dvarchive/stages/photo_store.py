"""Where a photo's smaller copies are kept, and how they are made.

**The store.** Derivatives are kept by what the photo *is*: a folder named
from a digest of the file's bytes and of the settings below. A photo moved,
renamed or used again under another name is never encoded twice, and the
folder can be shared: between the sites of a newsroom, between machines,
or restored by CI from its cache (docs/deploy.md), where a fresh checkout
then builds as fast as a warm one. Each folder is complete once its
``info.json`` is written (last), so a build killed while encoding leaves
nothing a later build trusts. Nothing in the store is ever changed, only
added.

**The digest index.** Reading every photo to find its digest would cost a
second per thousand agency photos on every build; the site's cache keeps
each photo's digest with its size and modification time, so only a new or
changed file is read.

**Encoding** is libvips's (pyvips). On 2400×1600 agency-size photos on this
project's machine (2-core AMD EPYC VM; bench/ has the figures), the full
set (three sizes, JPEG and WebP) took 107 CPU-ms with libvips against 185
with Pillow at the same settings (Pillow's resampling and its WebP encoder
at effort 0 cost the most). Only widths smaller than the original are made;
the original is published beside them and serves its own size. The
settings, chosen for news photos on screens: JPEG quality 82, baseline with
optimised Huffman tables (progressive costs twice the JPEG encoding for 2–3 %
fewer bytes); WebP quality 80 at effort 0 (effort 2 took 70 % more time for
0–2 % fewer bytes, effort 4 2.6 times the time for 2–4 % fewer); colours in
sRGB, transparency flattened on white, turned upright by the EXIF
orientation, every metadata field stripped (GPS positions included).

libvips starts threads of its own; the build forks its helpers later (for
rendering), so pyvips is imported only in the helper processes that encode
(see images.py), never in the build's own process when it has helpers.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
from pathlib import Path

from ..core.layout import CACHE_DIR
from ..core.model import ImageInfo, Variant

WIDTHS = (480, 960, 1600)
JPEG_QUALITY = 82
WEBP_QUALITY = 80
WEBP_EFFORT = 0
# Part of every folder's name: other settings, other derivatives.
SETTINGS = f"widths={WIDTHS};jpeg=q{JPEG_QUALITY},baseline,optimised;webp=q{WEBP_QUALITY},effort{WEBP_EFFORT};srgb;white;upright;bare"
INFO = "info.json"
_INDEX = "photo-digests.json"


def default_store(site_dir: Path) -> Path:
    return site_dir / CACHE_DIR / "photos"


def content_digest(path: Path) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, lambda: hashlib.blake2b(digest_size=20)).hexdigest()


def store_folder(store: Path, digest: str) -> Path:
    """The folder of one photo's derivatives: by its content and the settings."""
    named = hashlib.blake2b(f"{digest}:{SETTINGS}".encode(), digest_size=16).hexdigest()
    return store / named[:2] / named


def widths_to_make(width: int) -> list[int]:
    """The sizes a photo of this width gets: only smaller ones."""
    return [w for w in WIDTHS if w < width]


def variant_name(width: int, suffix: str) -> str:
    """A derivative's file name in the store (the output names it after the photo)."""
    return f"{width}w.{suffix}"


def remembered(folder: Path, src: str) -> ImageInfo | None:
    """The info of a folder a build completed, its copies named after ``src``; None if it is not (yet) there."""
    try:
        data = json.loads((folder / INFO).read_text("utf-8"))
        sizes = [(int(width), int(height)) for width, height in data["variants"]]
        return ImageInfo(int(data["width"]), int(data["height"]), _named(sizes, src))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(folder: Path, info: ImageInfo) -> None:
    """Mark the folder complete: written last, whole or not at all. What it holds
    knows no name: the same photo may be published under several."""
    sizes = [[v.width, v.height] for v in info.variants]
    _write_whole(folder / INFO, json.dumps({"width": info.width, "height": info.height, "variants": sizes}).encode("utf-8"))


def _named(sizes: list[tuple[int, int]], src: str) -> tuple[Variant, ...]:
    stem = posixpath.splitext(src)[0]
    return tuple(Variant(width, height, f"{stem}.{width}w.jpg", f"{stem}.{width}w.webp") for width, height in sizes)


class DigestIndex:
    """Each photo's digest by its file's size and modification time, kept between builds.

    A photo too narrow for any copy has no digest ("") and no folder in the
    store: it is kept here with its size in pixels, all a build needs of it.
    """

    def __init__(self, site_dir: Path) -> None:
        self.path = site_dir / CACHE_DIR / _INDEX
        try:
            self.known: dict[str, list[object]] = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            self.known = {}
        self.changed = False

    def digest(self, src: str, stat: os.stat_result) -> str | None:
        entry = self.known.get(src)
        if isinstance(entry, list) and entry[:2] == [stat.st_size, stat.st_mtime_ns]:
            return str(entry[2])
        return None

    def small_photo(self, src: str, stat: os.stat_result) -> ImageInfo | None:
        """The info of a photo known to need no copies, if the file is as it was."""
        entry = self.known.get(src)
        if self.digest(src, stat) == "" and isinstance(entry, list) and len(entry) == 5:
            return ImageInfo(int(entry[3]), int(entry[4]), ())  # type: ignore[call-overload]
        return None

    def learn(self, src: str, stat: os.stat_result, digest: str, info: ImageInfo) -> None:
        entry: list[object] = [stat.st_size, stat.st_mtime_ns, digest]
        if not digest:
            entry += [info.width, info.height]
        if self.known.get(src) != entry:
            self.known[src] = entry
            self.changed = True

    def save(self, srcs: set[str]) -> None:
        """Keep the photos of this build (``srcs``): the index holds no photo long gone."""
        kept = {src: entry for src, entry in self.known.items() if src in srcs}
        if not self.changed and len(kept) == len(self.known):
            return
        try:
            _write_whole(self.path, json.dumps(kept, separators=(",", ":")).encode("utf-8"))
        except OSError:
            pass  # only speed is lost: the next build reads the photos again


def encode(source: Path, widths: list[int], folder: Path, src: str) -> tuple[Variant, ...]:
    """Make the derivatives of one photo in ``folder``, at ``widths`` (smaller than the
    photo, at least one); raises ``ValueError`` with libvips's reason if the file cannot
    be decoded whole."""
    import pyvips  # here only: see the module's docstring

    pyvips.cache_set_max(0)  # one pass over each photo: libvips's operation cache would only hold memory
    sizes = []
    try:
        # Decoded at the largest size made: a JPEG twice as large or more is shrunk as it is read.
        largest = pyvips.Image.thumbnail_buffer(
            source.read_bytes(), widths[-1], height=_UNBOUNDED, size="down", option_string="fail_on=truncated"
        )
        largest = _for_screens(largest).copy_memory()
        for width in reversed(widths):
            image = largest if width == widths[-1] else largest.thumbnail_image(width, height=_UNBOUNDED)
            _save(image, folder, image.width)  # named by the width made, which the info records
            sizes.append((image.width, image.height))
    except pyvips.Error as exc:
        raise ValueError(_first_line(str(exc))) from None
    return _named(sizes[::-1], src)


_UNBOUNDED = 10_000_000  # a height no photo reaches: the width alone sets the size


def _for_screens(image: object) -> object:
    """8-bit sRGB without transparency: what JPEG takes and every screen shows alike."""
    if image.hasalpha():  # type: ignore[attr-defined]
        image = image.flatten(background=[255, 255, 255])  # type: ignore[attr-defined]
    if image.interpretation != "srgb" or image.format != "uchar":  # type: ignore[attr-defined]
        image = image.colourspace("srgb").cast("uchar")  # type: ignore[attr-defined]
    return image


def _save(image: object, folder: Path, width: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    jpeg = image.jpegsave_buffer(Q=JPEG_QUALITY, optimize_coding=True, keep="none")  # type: ignore[attr-defined]
    webp = image.webpsave_buffer(Q=WEBP_QUALITY, effort=WEBP_EFFORT, keep="none")  # type: ignore[attr-defined]
    _write_whole(folder / variant_name(width, "jpg"), jpeg)
    _write_whole(folder / variant_name(width, "webp"), webp)


def _write_whole(target: Path, data: bytes) -> None:
    """Whole or not at all: a build killed while writing leaves no half file. The file
    gets the permissions of any new file (the umask's): published, it is read by the web server."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")  # two builds sharing a store never share one
    try:
        with open(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666), "wb") as file:
            file.write(data)
        os.replace(partial, target)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def _first_line(message: str) -> str:
    lines = [line.strip() for line in message.splitlines() if line.strip() and not line.startswith("unable to call")]
    return lines[0] if lines else message.strip()
