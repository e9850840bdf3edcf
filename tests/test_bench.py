"""The benchmark's archive and its Hugo conversion, checked before any figure is trusted.

The benchmark (``bench/``) times dvarchive and Hugo on one generated archive.
Its ratios mean something only if dvarchive builds that archive as it would
an editor's, and if Hugo's pages carry what dvarchive's carry: here the
"Tin liên quan" list, which dvarchive ranks by shared people and
organisations and Hugo's conversion ranks with Hugo's related content.
"""

from __future__ import annotations

import importlib
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup
from PIL import Image, ImageStat

from dvarchive import build_site

from .conftest import require_tool

BENCH = Path(__file__).resolve().parents[1] / "bench"
ARTICLES = 300


def bench_module(name: str) -> ModuleType:
    """A module of bench/, which is scripts beside each other rather than a package."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        return importlib.import_module(name)


@pytest.fixture(scope="module", autouse=True)
def bench_on_path() -> Iterator[None]:
    """bench/ on the path while these tests run: the generator imports photos.py (Pillow) only when asked to draw."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        yield


@pytest.fixture(scope="module")
def archive():  # type: ignore[no-untyped-def]
    return bench_module("generate").generate_archive(ARTICLES, seed=1)


@pytest.fixture(scope="module")
def dvarchive_output(archive, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    site = tmp_path_factory.mktemp("bench") / "site"
    bench_module("generate").write_site(archive, site)
    return build_site(site, search=False).output


def hugo_output(archive, folder: Path, fill_related: bool, photo_cache: Path | None = None) -> Path:  # type: ignore[no-untyped-def]
    hugo = shutil.which("hugo")
    require_tool(hugo, "hugo", "apt-get install hugo")
    source, output = folder / "hugo", folder / "out"
    bench_module("peers").write_hugo(archive, source, fill_related, photo_cache)
    done = subprocess.run([str(hugo), "--source", str(source), "--destination", str(output), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return output


def page(output: Path, ref: str) -> BeautifulSoup:
    return BeautifulSoup((output / ref / "index.html").read_text("utf-8"), "html.parser")


def dvarchive_related(output: Path, ref: str) -> list[str]:
    section = page(output, ref).find("section", class_="related")
    return [a["href"] for a in section.select(".teaser-title a")] if section else []


def hugo_related(output: Path, ref: str) -> list[str]:
    heading = page(output, ref).find("h2", string="Tin liên quan")
    return [a["href"] for a in heading.find_next_sibling("ul").find_all("a")] if heading else []


def test_the_generated_archive_builds_with_every_article_on_its_page(archive, dvarchive_output: Path) -> None:  # type: ignore[no-untyped-def]
    for article in archive.articles:
        title = page(dvarchive_output, article.ref).find("h1")
        assert title is not None and title.get_text(" ", strip=True) == article.title


def test_hugo_shows_the_related_articles_dvarchive_shows(archive, dvarchive_output: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hugo = hugo_output(archive, tmp_path, fill_related=True)
    lists = [(dvarchive_related(dvarchive_output, a.ref), hugo_related(hugo, a.ref)) for a in archive.articles]
    # Earlier articles only: all but the oldest few share a subject with five earlier ones.
    assert sum(len(mine) == 5 for mine, _ in lists) >= 0.95 * len(lists)
    same = sum(mine == theirs for mine, theirs in lists)
    # Ties (as many shared subjects, the same day) may rank apart; nothing else does.
    assert same >= 0.9 * len(lists), f"the same five, in the same order, on {same} of {len(lists)} pages"
    shared = sum(len(set(mine) & set(theirs)) for mine, theirs in lists)
    assert shared >= 0.97 * sum(len(mine) for mine, _ in lists)


def test_the_reference_hugo_run_shows_only_the_editors_picks(archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hugo = hugo_output(archive, tmp_path, fill_related=False)
    picked = [a for a in archive.articles if a.related]
    assert 0 < len(picked) < len(archive.articles)
    for article in archive.articles:
        assert hugo_related(hugo, article.ref) == [f"/{ref}/" for ref in article.related]


# ---------------------------------------------------------------- photos
#
# The benchmark's photo figures compare dvarchive and Hugo doing the same image work: every
# article's own camera-sized photos, and of each the same copies (sizes and formats).

PHOTO_ARTICLES = 4


def image_facts(path: Path) -> tuple[str, int, int]:
    with Image.open(path) as opened:
        return opened.format, opened.width, opened.height


@pytest.fixture(scope="module")
def photo_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("photo-cache")


@pytest.fixture(scope="module")
def real_archive():  # type: ignore[no-untyped-def]
    return bench_module("generate").generate_archive(PHOTO_ARTICLES, seed=3, photos="real")


@pytest.fixture(scope="module")
def real_site(real_archive, photo_cache: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    site = tmp_path_factory.mktemp("real") / "site"
    bench_module("generate").write_site(real_archive, site, photo_cache, jobs=1)
    return site


def test_the_same_articles_and_seed_give_the_same_bytes_photos_included(real_archive, real_site: Path,  # type: ignore[no-untyped-def]
                                                                        tmp_path: Path) -> None:
    again = tmp_path / "site"
    generate = bench_module("generate")
    # Another, empty cache: the photos are drawn again, not copied.
    generate.write_site(generate.generate_archive(PHOTO_ARTICLES, seed=3, photos="real"), again, tmp_path / "cache", jobs=1)
    files = sorted(p.relative_to(real_site) for p in real_site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    assert any(f.suffix == ".jpg" for f in files)
    for name in files:
        assert (real_site / name).read_bytes() == (again / name).read_bytes(), name


def test_real_photos_are_every_articles_own_camera_sized_jpegs(real_archive, real_site: Path) -> None:  # type: ignore[no-untyped-def]
    srcs = [photo.src for article in real_archive.articles for photo in article.photos]
    assert len(srcs) == len(set(srcs)), "no photo shared between articles"
    for article in real_archive.articles:
        assert 1 <= len(article.photos) <= 3
        text = (real_site / "content" / "articles" / article.month_dir / f"{article.slug}.md").read_text("utf-8")
        assert f"![]({article.photos[0].src})" in text
        for photo in article.photos:
            path = real_site / "content" / photo.src
            kind, width, height = image_facts(path)
            assert kind == "JPEG" and 1600 <= width <= 2400 and height >= 1000
            assert 300_000 <= path.stat().st_size <= 1_500_000
            with Image.open(path) as opened:
                spread = ImageStat.Stat(opened.convert("L").resize((400, 300))).stddev[0]
                colours = opened.convert("RGB").resize((200, 150)).getcolors(200 * 150)
            assert spread > 20, "not flat: light and shade across the picture"
            assert colours is None or len(colours) > 10_000, "not flat: nearly every pixel its own colour"


def test_photo_sizes_are_mostly_3_2_some_4_3_and_a_few_portraits() -> None:
    photos = bench_module("photos")
    specs = [photos.photo_spec(1, number, "real") for number in range(1, 2001)]
    shapes = Counter("portrait" if s.height > s.width else "4:3" if s.height * 4 >= s.width * 3 else "3:2" for s in specs)
    assert shapes["3:2"] > 1200 and 200 < shapes["4:3"] < 600 and 100 < shapes["portrait"] < 350
    assert all(1600 <= s.width <= 2400 and 300_000 <= s.target_bytes <= 1_500_000 for s in specs)
    # No copy's height falls on a half pixel, which dvarchive (Python) and Hugo (Go) round apart.
    assert not [s for s in specs for w in (480, 960, 1600) if w < s.width and (s.height * w * 2) % s.width == s.width]


def test_the_photo_modes_change_the_photos_and_nothing_else_of_the_text(tmp_path: Path) -> None:
    generate = bench_module("generate")
    pool, small = (generate.generate_archive(60, seed=2, photos=mode) for mode in ("pool", "small"))
    counts = Counter(len(article.photos) for article in small.articles)
    assert set(counts) == {1, 2, 3} and all(len(article.photos) == 1 for article in pool.articles)
    for shared, own in zip(pool.articles, small.articles):
        assert own.body == shared.body.replace(shared.photos[0].src, own.photos[0].src)
        assert (own.title, own.date, own.people) == (shared.title, shared.date, shared.people)


def dvarchive_copies(output: Path) -> list[tuple[str, str, int, int]]:
    """(photo, format, width, height) of each smaller copy dvarchive made: photos/…/name.480w.webp."""
    found = []
    for path in (output / "photos").rglob("*"):
        named = re.fullmatch(r"(.+)\.(\d+)w\.(jpg|webp)", path.name)
        if named:
            source = path.relative_to(output).with_name(f"{named[1]}.jpg").as_posix()
            found.append((source, *image_facts(path)))
    return sorted(found)


def hugo_copies(output: Path, site: Path) -> list[tuple[str, str, int, int]]:
    """The same for Hugo, whose copies are named [photo]_hu<hash of parts of the photo>_<its bytes>_<options>.<ext>
    in the photo's folder: the folder and the photo's size in bytes tell which photo (checked to be unique)."""
    photos = [p.relative_to(site / "content") for p in (site / "content" / "photos").rglob("*.jpg")]
    by_place = {(p.parent.as_posix(), (site / "content" / p).stat().st_size): p.as_posix() for p in photos}
    assert len(by_place) == len(photos)
    found = []
    for path in (output / "photos").rglob("*"):
        named = re.fullmatch(r".*_hu[0-9a-f]{32}_(\d+)_.+\.(jpg|webp)", path.name)
        if named:
            place = (path.parent.relative_to(output).as_posix(), int(named[1]))
            found.append((by_place[place], *image_facts(path)))
    return sorted(found)


def expected_copies(site: Path) -> list[tuple[str, str, int, int]]:
    """dvarchive's rule: JPEG and WebP copies 480, 960 and 1600 wide, only those narrower than the photo."""
    expected = []
    for path in (site / "content" / "photos").rglob("*.jpg"):
        _, width, height = image_facts(path)
        for copy in (w for w in (480, 960, 1600) if w < width):
            for kind in ("JPEG", "WEBP"):
                expected.append((path.relative_to(site / "content").as_posix(), kind, copy, round(height * copy / width)))
    return sorted(expected)


def pictures(output: Path, ref: str) -> list[tuple[str, str, list[str], list[str]]]:
    """Each photo on an article page, in order: its alt text, the width of the file its <img> shows
    ("original" when it is no copy), and the widths its JPEG and WebP srcsets offer."""
    def widths(srcset: str | None) -> dict[str, str]:
        return dict(reversed(item.split()) for item in srcset.split(",")) if srcset else {}

    found = []
    for img in page(output, ref).find("article").find_all("img"):
        picture = img.find_parent("picture")
        jpeg, webp = widths(img.get("srcset")), widths(picture.find("source")["srcset"] if picture else None)
        shown = next((width for width, url in jpeg.items() if url == img["src"]), "original")
        found.append((img["alt"], shown, list(jpeg), list(webp)))
    return found


def test_hugo_makes_of_each_real_photo_the_copies_dvarchive_makes(real_archive, real_site: Path,  # type: ignore[no-untyped-def]
                                                                  photo_cache: Path, tmp_path: Path) -> None:
    mine = build_site(real_site, search=False).output
    hugo = hugo_output(real_archive, tmp_path, fill_related=True, photo_cache=photo_cache)
    assert hugo_copies(hugo, real_site) == dvarchive_copies(mine) == expected_copies(real_site)
    for photo in (p for article in real_archive.articles for p in article.photos):
        original = (real_site / "content" / photo.src).read_bytes()
        assert (mine / photo.src).read_bytes() == original == (hugo / photo.src).read_bytes()
    for article in real_archive.articles:
        shown = pictures(hugo, article.ref)
        assert shown == pictures(mine, article.ref)
        assert sorted(alt for alt, *_ in shown) == sorted(photo.caption for photo in article.photos)
        assert all(width == "960w" and jpeg == webp == ["480w", "960w", "1600w"] for _, width, jpeg, webp in shown)


def test_hugo_publishes_small_photos_as_they_are(photo_cache: Path, tmp_path: Path) -> None:
    generate = bench_module("generate")
    archive = generate.generate_archive(PHOTO_ARTICLES, seed=3, photos="small")
    generate.write_site(archive, tmp_path / "site", photo_cache, jobs=1)
    hugo = hugo_output(archive, tmp_path, fill_related=True, photo_cache=photo_cache)
    assert expected_copies(tmp_path / "site") == [] == hugo_copies(hugo, tmp_path / "site")
    for photo in (p for article in archive.articles for p in article.photos):
        assert image_facts(hugo / photo.src) == ("JPEG", 320, 213)
    for article in archive.articles:
        shown = pictures(hugo, article.ref)
        assert len(shown) == len(article.photos) and all(rest == ["original", [], []] for _, *rest in shown)
        for img in page(hugo, article.ref).find("article").find_all("img"):
            assert (hugo / img["src"].lstrip("/")).is_file()


# ---------------------------------------------------------------- the runner's own parts


def test_the_photo_cache_warm_build_starts_from_dvarchive_s_photo_store_alone(tmp_path: Path) -> None:
    run = bench_module("run")
    site, output = tmp_path / "site", tmp_path / "out"
    store = site / run.PHOTO_STORE / "ab12"
    store.mkdir(parents=True)
    (store / "info.json").write_text("{}")
    (site / run.CACHE_DIR / "state.bin").write_bytes(b"x")
    (site / run.CACHE_DIR / "other").mkdir()
    (site / "content").mkdir()
    output.mkdir()
    (output / "index.html").write_text("<html>")
    run.warm_dvarchive(site, output)
    assert not output.exists() and (site / "content").is_dir()
    kept = sorted(p.relative_to(site) for p in (site / run.CACHE_DIR).rglob("*"))
    assert kept == sorted([*run.PHOTO_STORE.parents[:-2], run.PHOTO_STORE, run.PHOTO_STORE / "ab12",
                           run.PHOTO_STORE / "ab12" / "info.json"])


def test_cpu_time_counts_the_whole_process_tree() -> None:
    measure = bench_module("measure")
    # A child that starts a grandchild; the grandchild works, then says how much CPU it used.
    work = "import time\nx = 0\nfor i in range(3_000_000): x += i\nprint(time.process_time())"
    command = [sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {work!r}])"]
    run = measure.run_measured(command)
    assert run.ok
    grandchild = float(run.output_tail.strip().splitlines()[-1])
    assert run.cpu_seconds >= grandchild > 0


def timed(seconds: float, cpu: float) -> object:
    """A measured build: its time and CPU, the load around it, and its peak memory (RSS 100, PSS 80, largest 60 MB)."""
    return bench_module("measure").Measurement(
        seconds, 100.0, 0, "", cpu_seconds=cpu, load_before=1.0, load_after=1.5, peak_pss_mb=80.0, peak_largest_mb=60.0
    )


def size_table(articles: int, photos: int, mode: str, tools: list[object]) -> tuple[list[str], dict[str, list[str]]]:
    """The report of one size: its lines, and its table rows by their first cell."""
    report = bench_module("report")
    lines = report.size_report(report.SizeRun(articles, "archive", "photos", photos, mode, "edits", tools), repeat=1)
    return lines, {cells[0]: cells[1:] for cells in (line[2:-2].split(" | ") for line in lines if line.startswith("| "))}


def test_the_report_gives_cpu_per_photo_and_the_load_around_each_build() -> None:
    report = bench_module("report")
    mine = report.ToolResult("dvarchive", runs={report.COLD: timed(10, 18), report.WARM: timed(2, 3)})
    hugo = report.ToolResult("Hugo", runs={report.COLD: timed(40, 70), report.WARM: timed(1, 1)})
    _, rows = size_table(100, 150, "real", [mine, hugo])
    assert rows["cold build (s)"] == ["10.00", "40.00", "0.250"]
    assert rows["CPU-s per photo, cold build"] == ["0.120", "0.467", "0.257"]
    assert rows["photo work, CPU-s per photo (cold − photo cache warm)"] == ["0.100", "0.460", ""]
    assert rows["cold build"] == ["18.00 (load 1.00 → 1.50)", "70.00 (load 1.00 → 1.50)", "0.257"]
    # Every build's peak memory: RSS summed / PSS summed / the largest process.
    assert rows["cold build, peak memory"] == ["100 / 80 / 60", "100 / 80 / 60"]
    assert rows["cold build, photo cache warm, peak memory"][0] == "100 / 80 / 60"


def test_the_report_sets_search_on_beside_search_off_with_the_ratio_and_the_targets() -> None:
    report = bench_module("report")
    off = report.ToolResult(report.DVARCHIVE, runs={report.COLD: timed(10, 16), report.EDIT: timed(0.5, 0.6)})
    on = report.ToolResult(report.DVARCHIVE_SEARCH, runs={report.COLD: timed(14, 30), report.EDIT: timed(1.6, 1.5)})
    lines, rows = size_table(10_000, 0, "pool", [off, on])
    assert rows["measurement"] == ["dvarchive", "dvarchive, search on", "search on / off"]
    assert rows["cold build (s)"] == ["10.00", "14.00", "1.400"]
    assert rows["one-article edit (s)"] == ["0.50", "1.60", "3.200"]
    assert rows["cold build"][-1] == "1.875"  # CPU seconds
    targets = [line for line in lines if line.startswith("- ") and "search" in line]
    assert targets[0].startswith("- cold build with search ≤ 1.5 × without: 14.00 s / 10.00 s = 1.40") and targets[0].endswith(" met")
    assert targets[1] == "- one-article edit with search ≤ 1.5 s: 1.60 s (1.50 CPU-s) — NOT met"


def test_steps_run_only_the_builds_asked_for_after_the_cold_one(tmp_path: Path) -> None:
    """At 300,000 articles the whole sequence takes hours: --steps picks builds, the cold one first always."""
    run, report = bench_module("run"), bench_module("report")
    archive = bench_module("generate").generate_archive(40, seed=3, photos="pool")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["run.py", "--no-peers", "--steps", "new", "no-change"])
        only = run.find_tools(run.parse_args()).steps
    assert only == (report.NO_CHANGE, report.NEW)  # in the benchmark's order, whatever the command line's
    result = run.bench_dvarchive([sys.executable, "-m", "dvarchive"], ["--no-search"], archive, tmp_path, None, only=only)
    assert not result.problem
    assert list(result.runs) == [report.COLD, report.NO_CHANGE, report.NEW]
    assert result.changes[report.NO_CHANGE].written == 0 and result.changes[report.NEW].added >= 2
