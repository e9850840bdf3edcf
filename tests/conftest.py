"""Shared helpers: tiny fixture sites on disk, building them, reading the output.

A test writes a site as a dict of ``{relative path: text}`` (a default
``dvarchive.yaml`` is added unless the dict has one), builds it with the
library and reads what a reader or a feed subscriber would see::

    site = make_site({"content/articles/a.md": article("Tiêu đề", "2024-01-08")})
    out = build(site)
    page = soup(out, "/2024/01/tieu-de/")
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup
from PIL import Image

from dvarchive import build_site
from dvarchive.core.errors import DvarchiveError
from dvarchive.core.parallel import START_METHOD_VARIABLE
from dvarchive.stages import output

BASE_URL = "https://tin.example.vn/"
DEFAULT_CONFIG = f"""\
title: Lưu trữ Tin Thử nghiệm
base_url: {BASE_URL}
description: Kho tin dùng cho các bài kiểm thử.
"""

# A real (tiny) JPEG, one grey pixel: a build refuses a photo that is not an
# image, so the photos of test sites must be ones Pillow reads.
JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c"
    "3933383740485c4e404457453738506d51575f626768673e4d71797064785c656763ffc0000b080001000101011100ffc400140001000000"
    "00000000000000000000000000ffc40014100100000000000000000000000000000000ffda0008010100003f003fffd9"
)



def photo(width: int, height: int, tail: bytes = b"") -> bytes:
    """A JPEG of this size (one colour: quick to encode), large enough for smaller copies to be made."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), (120, 90, 60)).save(out, "JPEG", quality=80)
    return out.getvalue() + tail


SiteMaker = Callable[..., Path]


def write_files(root: Path, files: dict[str, str | bytes]) -> None:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")


def write_site(root: Path, files: dict[str, str | bytes], config: str | None = DEFAULT_CONFIG) -> Path:
    """A site folder holding ``files``; ``config`` is added as dvarchive.yaml unless given."""
    root.mkdir(parents=True, exist_ok=True)
    if config is not None and "dvarchive.yaml" not in files:
        (root / "dvarchive.yaml").write_text(config, encoding="utf-8")
    write_files(root, files)
    return root


# .ci/run runs the build's tests once more as on Windows (DVARCHIVE_TEST_AS=windows):
# no fcntl (the lock is filelock's), no one-step folder exchange (the three-rename
# swap), helpers spawned; "macos": helpers spawned. Each test can still force its own.
TEST_AS = os.environ.get("DVARCHIVE_TEST_AS", "")


@pytest.fixture(autouse=True)
def as_another_system(monkeypatch: pytest.MonkeyPatch) -> None:
    if TEST_AS in ("windows", "macos"):
        monkeypatch.setenv(START_METHOD_VARIABLE, "spawn")
    if TEST_AS == "windows":
        monkeypatch.setitem(sys.modules, "fcntl", None)  # importing it raises ImportError, as there
        monkeypatch.setattr(output, "_rename_exchange", lambda first, second: False)


@pytest.fixture
def make_site(tmp_path: Path) -> SiteMaker:
    """``make_site(files, config=..., name="site")`` → the site folder in tmp_path."""

    def make(files: dict[str, str | bytes], config: str | None = DEFAULT_CONFIG, name: str = "site") -> Path:
        return write_site(tmp_path / name, files, config)

    return make


def article(title: str, date: str, body: str = "", **header: object) -> str:
    """An article file: a YAML header (title, date, then ``header`` in order) and a body."""
    fields: dict[str, object] = {"title": title, "date": date, **header}
    text = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=1000)
    if not body:
        body = f"Nội dung bài {title}."
    return f"---\n{text}---\n\n{body}\n"


def config_with(**values: object) -> str:
    """The default dvarchive.yaml plus ``values``."""
    extra = yaml.safe_dump(values, allow_unicode=True, sort_keys=False) if values else ""
    return DEFAULT_CONFIG + extra


def require_tool(found: object, tool: str, how_to_install: str) -> None:
    """Skip without ``tool`` on a laptop; in CI (``CI=true``) a missing tool is a failure."""
    if found:
        return
    message = f"{tool} not found ({how_to_install})"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def build(site: Path, output: Path | None = None, drafts: bool = False) -> Path:
    """Build with the library; returns the output folder."""
    result = build_site(site, output, include_drafts=drafts)
    return result.output


def build_errors(site: Path, output: Path | None = None) -> list[str]:
    """Build a site that must fail; returns its diagnostics as printed."""
    with pytest.raises(DvarchiveError) as caught:
        build_site(site, output)
    return [str(d) for d in caught.value.diagnostics]


def page_file(output: Path, url: str) -> Path:
    """The file that serves a site URL (``/2024/01/x/`` → ``2024/01/x/index.html``)."""
    relative = url.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return output / relative


def soup(output: Path, url: str) -> BeautifulSoup:
    """A built page, parsed as a browser would."""
    path = page_file(output, url)
    assert path.is_file(), f"no page at {url}"
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


def feed(output: Path, url: str) -> feedparser.FeedParserDict:
    path = page_file(output, url)
    assert path.is_file(), f"no feed at {url}"
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def sitemap_locs(output: Path) -> dict[str, str | None]:
    """``{loc: lastmod}`` of /sitemap.xml."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ET.parse(output / "sitemap.xml").getroot()
    return {
        u.findtext("s:loc", namespaces=ns) or "": u.findtext("s:lastmod", namespaces=ns)
        for u in root.findall("s:url", ns)
    }


def links(page: BeautifulSoup) -> list[tuple[str, str]]:
    """``(text, href)`` of every link in the page's main content."""
    main = page.find("main") or page
    return [(" ".join(a.get_text().split()), a["href"]) for a in main.find_all("a", href=True)]


def hrefs(page: BeautifulSoup) -> set[str]:
    return {href for _, href in links(page)}


def text(node: object) -> str:
    """The visible text of a node, white space folded."""
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def tree_snapshot(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` with the hash of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }
