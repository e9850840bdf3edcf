"""The benchmark's archive and its Hugo conversion, checked before any figure is trusted.

The benchmark (``bench/``) times dvarchive and Hugo on one generated archive.
Its ratios mean something only if dvarchive builds that archive as it would
an editor's, and if Hugo's pages carry what dvarchive's carry: here the
"Tin liên quan" list, which dvarchive ranks by shared people and
organisations and Hugo's conversion ranks with Hugo's related content.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site

from .conftest import require_tool

BENCH = Path(__file__).resolve().parents[1] / "bench"
ARTICLES = 300


def bench_module(name: str) -> ModuleType:
    """A module of bench/, which is scripts beside each other rather than a package."""
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(BENCH))
        return importlib.import_module(name)


@pytest.fixture(scope="module")
def archive():  # type: ignore[no-untyped-def]
    return bench_module("generate").generate_archive(ARTICLES, seed=1)


@pytest.fixture(scope="module")
def dvarchive_output(archive, tmp_path_factory: pytest.TempPathFactory) -> Path:  # type: ignore[no-untyped-def]
    site = tmp_path_factory.mktemp("bench") / "site"
    bench_module("generate").write_site(archive, site)
    return build_site(site, search=False).output


def hugo_output(archive, folder: Path, fill_related: bool) -> Path:  # type: ignore[no-untyped-def]
    hugo = shutil.which("hugo")
    require_tool(hugo, "hugo", "apt-get install hugo")
    source, output = folder / "hugo", folder / "out"
    bench_module("peers").write_hugo(archive, source, fill_related)
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
    assert all(len(mine) == 5 for mine, _ in lists), "every article shares a subject with five others"
    same = sum(mine == theirs for mine, theirs in lists)
    # Ties (as many shared subjects, the same day) may rank apart; nothing else does.
    assert same >= 0.9 * len(lists), f"the same five, in the same order, on {same} of {len(lists)} pages"
    shared = sum(len(set(mine) & set(theirs)) for mine, theirs in lists)
    assert shared >= 0.97 * 5 * len(lists)


def test_the_reference_hugo_run_shows_only_the_editors_picks(archive, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    hugo = hugo_output(archive, tmp_path, fill_related=False)
    picked = [a for a in archive.articles if a.related]
    assert 0 < len(picked) < len(archive.articles)
    for article in archive.articles:
        assert hugo_related(hugo, article.ref) == [f"/{ref}/" for ref in article.related]
