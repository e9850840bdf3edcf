"""What the adversarial tests share: running the CLI as a user does, and
checking that a failed build reported its culprit and touched nothing, or
that a successful one left nothing executable in the output.
"""

from __future__ import annotations

import json
import re
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from dvarchive.cli import main

from ..conftest import JPEG, SiteMaker, article, tree_snapshot

BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "xlink:href", "data", "background")

# A good site: two articles, both registries and a photo. Error cases break one file of it.
GOOD_FILES: dict[str, str | bytes] = {
    "content/photos/cau.jpg": JPEG,
    "content/articles/2024/01/cau.md": article(
        "Hà Nội khởi công cầu đi bộ",
        "2024-01-08T09:30:00+07:00",
        section="Thời sự",
        people=["Đỗ Quang Vinh"],
        organisations=["UBND quận Cầu Giấy"],
        photos=[{"src": "photos/cau.jpg", "caption": "Lễ khởi công."}],
    ),
    "content/articles/2024/01/song.md": article("Nạo vét sông Tô Lịch", "2024-01-09", section="Thời sự", tags=["môi trường"]),
    "content/people.yaml": "- name: Đỗ Quang Vinh\n  description: Chủ tịch UBND quận.\n",
    "content/organisations.yaml": "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n",
}


def payload(field: str) -> str:
    """Markup that would run if it reached a page unescaped; ``field`` tells the copies apart."""
    return (
        f'<script>alert("{field}")</script><img src=x onerror=alert(1)>'
        f'<a href="javascript:alert(1)" onclick="alert(2)">{field}</a></script>"\'&amp;'
    )


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``dvarchive ARGV`` → (exit code, stdout, stderr); an escaping exception is a crash."""
    try:
        code = main(argv)
    except SystemExit as exited:
        code = int(exited.code or 0)
    except BaseException:  # noqa: BLE001 - a user would see this traceback
        out, err = capsys.readouterr()
        pytest.fail(f"dvarchive {' '.join(argv)} crashed instead of reporting:\n{traceback.format_exc()}\n{err}")
    out, err = capsys.readouterr()
    return code, out, err


def assert_reported(err: str, culprit: str, line: int | None = None, contains: str | None = None) -> str:
    """stderr names ``culprit`` (a path relative to the site) as ``path:line: error: …``; returns that line."""
    assert "Traceback" not in err, err
    place = re.escape(culprit) + (f":{line}" if line is not None else r"(?::\d+)?")
    pattern = re.compile(rf"^(?:\S*/)?{place}: error: .+")
    found = [row for row in err.splitlines() if pattern.match(row)]
    assert found, f"no '{culprit}{':' + str(line) if line else ''}: error: …' in stderr:\n{err}"
    if contains is not None:
        assert any(contains in row for row in found), f"{contains!r} not in {found}"
    return found[0]


@dataclass
class BuiltSite:
    """A site built once by the CLI; ``fail`` breaks nothing itself, it checks a broken build."""

    site: Path
    output: Path
    snapshot: dict[str, str]
    capsys: pytest.CaptureFixture[str]

    def write(self, relative: str, content: str | bytes) -> Path:
        path = self.site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
        return path

    def fail(self, culprit: str, line: int | None = None, contains: str | None = None) -> str:
        """Build; it must exit 1 naming ``culprit`` (and ``line``), and leave the last output intact."""
        code, _, err = run_cli(["build", str(self.site)], self.capsys)
        assert code == 1, f"exit {code}, expected 1; stderr:\n{err}"
        row = assert_reported(err, culprit, line, contains)
        self.assert_intact()
        return row

    def assert_intact(self) -> None:
        assert tree_snapshot(self.output) == self.snapshot, "the previous output changed"


def header_file(header: str, body: str = "Nội dung.") -> str:
    """An article file with this exact header text."""
    return f"---\n{header}---\n\n{body}\n"


def dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=1000)


# --- what a successful build must not contain --------------------------------------------------

def html_files(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("*.html") if p.is_file())


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html5lib")


def is_search_page_script(output: Path, path: Path, script: object) -> bool:
    """The search page's own scripts: Pagefind's UI and the call that starts it."""
    if path.parent.name != "tim-kiem":
        return False
    src = script.get("src")  # type: ignore[attr-defined]
    if src is not None:
        return src.endswith("/pagefind/pagefind-ui.js")
    return (script.string or "").strip().startswith("new PagefindUI(")  # type: ignore[attr-defined]


def assert_nothing_executable(output: Path) -> None:
    """No page holds a script, handler, frame or dangerous URL that the site did not mean to."""
    pages = html_files(output)
    assert pages, "no HTML pages"
    problems: list[str] = []
    for path in pages:
        page = parse_html(path)
        where = path.relative_to(output).as_posix()
        for script in page.find_all("script"):
            if script.get("type") == "application/ld+json":
                try:
                    json.loads((script.string or ""))
                except ValueError as exc:
                    problems.append(f"{where}: JSON-LD does not parse ({exc})")
            elif not is_search_page_script(output, path, script):
                problems.append(f"{where}: injected {str(script)[:120]}")
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                if name.lower().startswith("on"):
                    problems.append(f"{where}: <{element.name} {name}=…>")
                values = value if isinstance(value, list) else [value]
                if name.lower() in URL_ATTRIBUTES and any(_bad_url(v) for v in values):
                    problems.append(f"{where}: <{element.name} {name}={value!r}>")
            if element.name in ("iframe", "object", "embed", "svg", "math", "frame", "base", "form"):
                problems.append(f"{where}: injected <{element.name}>")
            if element.name == "img" and element.get("src") == "x":
                problems.append(f"{where}: injected <img src=x>")
            if element.name == "meta" and (element.get("http-equiv") or "").lower() == "refresh":
                problems.append(f"{where}: injected meta refresh")
    assert not problems, "\n".join(problems[:40])


def _bad_url(value: str) -> bool:
    squeezed = re.sub(r"[\x00-\x20]+", "", value).lower()
    return squeezed.startswith(BAD_SCHEMES)


def ld_json(page: BeautifulSoup) -> list[dict[str, object]]:
    return [json.loads(s.string or "") for s in page.find_all("script", type="application/ld+json")]


def assert_feeds_parse(output: Path) -> list[feedparser.FeedParserDict]:
    feeds = []
    for path in sorted(output.rglob("feed.xml")):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        feeds.append(parsed)
    assert feeds, "no feeds"
    return feeds


def assert_xml_parses(output: Path) -> None:
    for path in sorted(output.rglob("*.xml")):
        ET.parse(path)


