"""Photo-like JPEGs for the benchmark: every article's own photos, made deterministically.

A newsroom's archive costs most in its photos: camera JPEGs of 1600–2400
pixels and about a megabyte each, whose derivatives a site generator
decodes, resizes and encodes. The photos made here give the encoders the
work real ones give them: a sky with multi-scale noise clouds, ground and
foliage textures, buildings, people and signs drawn over them, a vignette
and film grain; never flat colour. Each JPEG's quality is chosen so that
the file weighs what was drawn for it (0.3–1.5 MB), as a camera's do.

A photo is a pure function of (seed, number, mode): the same three always
give the same bytes (with the same Pillow and libjpeg), whatever the size
of the archive. Made photos are kept in a cache folder, by those three and
the version of this module's drawing, so a run does not make them again:
``ensure_photos`` makes the missing ones on every core, ``place_photo``
puts one into a site (a hard link where it can, else a copy).

Pillow is imported by this module only; the generator imports it only for
``--photos real`` and ``--photos small``.
"""

from __future__ import annotations

import io
import os
import random
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageOps

REAL, SMALL, POOL = "real", "small", "pool"
MODES = (REAL, SMALL, POOL)
DRAWING_VERSION = 2  # raise when the drawing changes: cached photos of another version are not used
# Landscape widths; portraits are 1608–2000 wide and 3:2 tall. Never exactly 1600: the width of
# dvarchive's largest copy, where whether a photo "narrower than 1600" gets one is a tie to avoid.
REAL_WIDTHS = (1608, 2400)
REAL_BYTES = (300_000, 1_500_000)  # each photo's JPEG weighs within these
SMALL_SIZE = (320, 213)
DERIVATIVE_WIDTHS = (480, 960, 1600)  # dvarchive's; its derivative heights are rounded (no ties here)
LAST_TARGET_TRIES = 7


@dataclass(frozen=True)
class PhotoSpec:
    """What one photo will be: its size, its weight and the randomness that draws it."""

    seed: int
    number: int  # the archive's photo number, from 1
    mode: str
    width: int
    height: int
    target_bytes: int  # 0: no target (small photos)

    @property
    def cache_name(self) -> str:
        """The file's name in the cache: all that makes it, so no two photos share one."""
        return f"v{DRAWING_VERSION}-{self.mode}-s{self.seed}-{self.number:06d}-{self.width}x{self.height}.jpg"


def photo_spec(seed: int, number: int, mode: str) -> PhotoSpec:
    """The size and weight of photo `number`: 3:2 mostly, some 4:3, a few portraits."""
    if mode == SMALL:
        return PhotoSpec(seed, number, mode, *SMALL_SIZE, target_bytes=0)
    if mode != REAL:
        raise ValueError(f"no own photos in mode {mode!r}")
    rng = random.Random(f"dvarchive-bench photo size {seed} {number}")
    shape = rng.choices(("3:2", "4:3", "portrait"), (70, 20, 10))[0]
    if shape == "portrait":
        width = rng.randrange(REAL_WIDTHS[0], 2001, 8)
        height = width * 3 // 2
    else:
        width = rng.randrange(REAL_WIDTHS[0], REAL_WIDTHS[1] + 1, 8)
        height = width * 2 // 3 if shape == "3:2" else width * 3 // 4
    return PhotoSpec(seed, number, mode, width, untied_height(width, height),
                     target_bytes=rng.randrange(350_000, 1_400_001, 1000))


def untied_height(width: int, height: int) -> int:
    """`height`, or one more, so that no derivative's height falls on a half pixel.

    Python rounds a half to even, Hugo (Go's `imaging`) up: a tie would
    give the two tools derivatives a pixel apart, so the photos have none.
    """
    while any((height * w * 2) % width == width for w in DERIVATIVE_WIDTHS if w < width):
        height += 1
    return height


# ---------------------------------------------------------------- drawing


def draw_photo(spec: PhotoSpec) -> Image.Image:
    """The photo's pixels: sky and clouds, ground, foliage, buildings and people, vignette, grain."""
    rng = random.Random(f"dvarchive-bench photo pixels {spec.seed} {spec.number}")
    size = (spec.width, spec.height)
    coarse = (max(8, spec.width // 4), max(8, spec.height // 4))
    horizon = rng.uniform(0.3, 0.62)
    scene = Image.composite(draw_ground(rng, coarse), draw_sky(rng, coarse), ground_mask(rng, coarse, horizon))
    # Leaves at half size, then one enlargement: resizing the full-size picture is most of the time spent.
    scene = scene.resize((spec.width // 2, spec.height // 2), Image.Resampling.BICUBIC)
    add_foliage(rng, scene, horizon)
    scene = scene.resize(size, Image.Resampling.BICUBIC)
    draw_things(rng, scene, horizon)
    scene = ImageChops.multiply(scene, vignette(rng, size))
    return add_grain(rng, scene, rng.uniform(9, 20))


def noise(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Uniform white noise, from the photo's own random stream (never the C library's)."""
    return Image.frombytes("L", size, rng.randbytes(size[0] * size[1]))


def fractal(rng: random.Random, size: tuple[int, int], start: int = 3, roughness: float = 0.5) -> Image.Image:
    """Multi-scale value noise ("clouds"): coarse noise enlarged, finer noise blended in, octave by octave."""
    width, height = size
    current = (start, max(2, round(start * height / width)))
    image = noise(rng, current)
    weight = roughness
    while current[0] * 2 <= width:
        current = (current[0] * 2, max(2, min(height, current[1] * 2)))
        image = Image.blend(image.resize(current, Image.Resampling.BICUBIC), noise(rng, current), weight)
        weight *= 0.82
    return ImageOps.autocontrast(image.resize(size, Image.Resampling.BICUBIC), cutoff=1)


def colour(rng: random.Random, low: tuple[int, int, int], high: tuple[int, int, int]) -> tuple[int, int, int]:
    """A colour drawn channel by channel between two."""
    return tuple(rng.randint(a, b) for a, b in zip(low, high))  # type: ignore[return-value]


def draw_sky(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """A gradient sky (blue, grey or dusk) with fractal clouds."""
    top = colour(rng, (40, 70, 120), (120, 150, 215))
    low = colour(rng, (150, 160, 170), (235, 225, 220))
    sky = ImageOps.colorize(Image.linear_gradient("L").resize(size), top, low)
    clouds = fractal(rng, size, start=3, roughness=0.3)
    cover = rng.uniform(0.3, 0.7)
    mask = clouds.point(lambda v: max(0, min(255, int((v / 255 - cover) * 3 * 255))))
    cloud_colour = ImageOps.colorize(clouds, colour(rng, (120, 120, 130), (170, 170, 180)), (250, 250, 250))
    return Image.composite(cloud_colour, sky, mask)


def draw_ground(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Fields, streets or water: a fractal texture coloured between a dark and a light tone."""
    palettes = [((30, 50, 20), (130, 150, 70)), ((60, 55, 50), (170, 160, 150)),
                ((20, 50, 70), (110, 150, 160)), ((70, 50, 30), (190, 150, 100))]
    dark, light = rng.choice(palettes)
    texture = fractal(rng, size, start=rng.choice((6, 12, 24)), roughness=0.55)
    return ImageOps.colorize(texture, dark, light, mid=colour(rng, dark, light))


def ground_mask(rng: random.Random, size: tuple[int, int], horizon: float) -> Image.Image:
    """White below a ragged horizon (a tree line, roofs), black above."""
    width, height = size
    edge = fractal(rng, (width, 8), start=8, roughness=0.6).resize((width, 1)).tobytes()
    mask = Image.new("L", size, 0)
    line = [(x, height * horizon - (edge[x] / 255) * height * 0.12) for x in range(width)]
    ImageDraw.Draw(mask).polygon(line + [(width, height), (0, height)], fill=255)
    return mask


def add_foliage(rng: random.Random, scene: Image.Image, horizon: float) -> None:
    """Clumps of leaves, detailed at the scene's size, in the ground's part of the picture."""
    width, height = scene.size
    leaves = ImageOps.colorize(fractal(rng, scene.size, start=48, roughness=0.7),
                               colour(rng, (5, 20, 5), (40, 60, 30)), colour(rng, (90, 120, 40), (160, 190, 90)))
    clumps = fractal(rng, (width // 2, height // 2), start=4, roughness=0.4).point(lambda v: 255 if v > 150 else 0)
    band = Image.new("L", clumps.size, 0)
    ImageDraw.Draw(band).rectangle((0, int(clumps.height * horizon * 0.8), clumps.width, clumps.height), fill=255)
    mask = ImageChops.multiply(clumps, band).resize(scene.size, Image.Resampling.BILINEAR)
    scene.paste(leaves, (0, 0), mask)


def draw_things(rng: random.Random, scene: Image.Image, horizon: float) -> None:
    """Buildings with windows, people, a banner: edges and small detail, as a news photo has."""
    width, height = scene.size
    draw = ImageDraw.Draw(scene)
    base = int(height * horizon)
    for _ in range(rng.randint(2, 7)):
        left, wide = rng.randrange(0, width), rng.randint(width // 14, width // 5)
        top = base - rng.randint(height // 10, height // 3)
        draw.rectangle((left, top, left + wide, base + height // 20), fill=colour(rng, (90, 80, 70), (230, 220, 200)))
        step = rng.randint(18, 40)
        window = colour(rng, (20, 30, 40), (90, 110, 130))
        for y in range(top + step // 2, base, step):
            for x in range(left + step // 3, left + wide - step // 2, step):
                draw.rectangle((x, y, x + step // 2, y + step // 2), fill=window)
    for _ in range(rng.randint(3, 25)):
        x, tall = rng.randrange(0, width), rng.randint(height // 10, height // 4)
        feet = rng.randint(base + height // 20, height)
        body = colour(rng, (10, 10, 10), (240, 240, 240))
        draw.rounded_rectangle((x, feet - tall, x + tall // 4, feet), radius=tall // 12, fill=body)
        draw.ellipse((x + tall // 20, feet - tall - tall // 6, x + tall // 5, feet - tall), fill=(200, 160, 130))
    if rng.random() < 0.5:
        top = rng.randint(height // 10, base)
        draw.rectangle((width // 8, top, width * 7 // 8, top + height // 14), fill=(180, 20, 30))
        for x in range(width // 8 + 20, width * 7 // 8 - 40, 34):
            draw.rectangle((x, top + height // 50, x + 22, top + height // 24), fill=(250, 220, 60))


def vignette(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    """Darker corners, as a lens gives them."""
    radial = ImageOps.invert(Image.radial_gradient("L")).point(lambda v: 150 + v * 105 // 255)
    return Image.merge("RGB", [radial.resize(size, Image.Resampling.BILINEAR)] * 3)


def add_grain(rng: random.Random, image: Image.Image, strength: float) -> Image.Image:
    """Film grain: per-pixel luminance noise, triangular (two draws averaged), plus a coarser colour noise."""
    size = image.size
    luma = Image.blend(noise(rng, size), noise(rng, size), 0.5)
    luma = luma.point(lambda v: max(0, min(255, round(128 + (v - 128) * strength / 64))))
    half = (size[0] // 2, size[1] // 2)
    # Colour noise in 2×2 blocks, as a camera's demosaicing leaves it (and cheap to enlarge).
    tint = [noise(rng, half).point(lambda v: 128 + (v - 128) * 3 // 64).resize(size, Image.Resampling.NEAREST)
            for _ in range(3)]
    grain = Image.merge("RGB", [ImageChops.add(luma, t, 1.0, -128) for t in tint])
    return ImageChops.add(image.convert("RGB"), grain, 1.0, -128)


# ---------------------------------------------------------------- encoding


def encode_photo(spec: PhotoSpec) -> bytes:
    """The JPEG, at the quality that brings it nearest its target weight, with a camera's EXIF."""
    image = draw_photo(spec)
    exif = camera_exif(spec)
    if not spec.target_bytes:
        return jpeg(image, 85, exif)
    low, high = 40, 97
    best = b""
    for _ in range(LAST_TARGET_TRIES):
        quality = (low + high) // 2
        made = jpeg(image, quality, exif)
        if not best or abs(len(made) - spec.target_bytes) < abs(len(best) - spec.target_bytes):
            best = made
        if abs(len(made) - spec.target_bytes) < spec.target_bytes * 0.08 or low >= high:
            break
        low, high = (quality + 1, high) if len(made) < spec.target_bytes else (low, quality - 1)
    return best


def jpeg(image: Image.Image, quality: int, exif: bytes) -> bytes:
    """Baseline JPEG with 4:2:0 chroma, as most cameras write."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, subsampling=2, exif=exif)
    return out.getvalue()


def camera_exif(spec: PhotoSpec) -> bytes:
    """A small EXIF block: maker, model, time, and orientation 1 (upright: both tools draw it as stored)."""
    exif = Image.Exif()
    exif[0x010F] = "Benchmark Camera Co."
    exif[0x0110] = "BC-1"
    exif[0x0112] = 1
    exif[0x0132] = f"2025:{1 + spec.number % 12:02d}:{1 + spec.number % 28:02d} 08:{spec.number % 60:02d}:00"
    return exif.tobytes()


# ---------------------------------------------------------------- the cache


def cached_path(cache: Path, spec: PhotoSpec) -> Path:
    """Where a photo is kept once made."""
    return cache / spec.cache_name


def make_into_cache(job: tuple[PhotoSpec, str]) -> int:
    """Make one photo in the cache (whole or not at all); returns its size in bytes."""
    spec, folder = job
    target = cached_path(Path(folder), spec)
    data = encode_photo(spec)
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(target)
    return len(data)


def ensure_photos(specs: Iterable[PhotoSpec], cache: Path, jobs: int | None = None) -> int:
    """Make the photos that the cache lacks, on `jobs` processes (all cores); returns how many were made."""
    cache.mkdir(parents=True, exist_ok=True)
    missing = [(spec, str(cache)) for spec in specs if not cached_path(cache, spec).exists()]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(missing)))
    if jobs == 1:
        for job in missing:
            make_into_cache(job)
    elif missing:
        with get_context().Pool(jobs) as pool:
            for _ in pool.imap_unordered(make_into_cache, missing, chunksize=4):
                pass
    return len(missing)


def place_photo(cache: Path, spec: PhotoSpec, target: Path) -> None:
    """Put a made photo at `target`: a hard link to the cached file where the file system allows, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    source = cached_path(cache, spec)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def default_cache() -> Path:
    """The photo cache when none is given: kept between runs, under the user's cache folder."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "dvarchive-bench" / "photos"
