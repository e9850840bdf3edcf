"""What the adversarial tests share: running the CLI as a user does, and
checking that a failed build reported its culprit and touched nothing, or
that a successful one left nothing executable in the output.
"""

from __future__ import annotations

import json
import os
import random
import re
import sys
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup

from dvarchive.cli import main

from ..conftest import JPEG, article, tree_snapshot, write_site

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
        where = "".join(traceback.format_exc().splitlines(keepends=True)[-8:])
        pytest.fail(f"dvarchive {' '.join(argv)[:200]} crashed instead of reporting:\n{where}\n{err[:2000]}")
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
    """The search page's own scripts: Pagefind's UI, the theme's helpers for it
    (static/js/search.js) and the call that starts it."""
    if path.parent.name != "tim-kiem":
        return False
    src = script.get("src")  # type: ignore[attr-defined]
    if src is not None:
        if src == "/js/search.js":
            return True
        return re.search(r"/pagefind/\d{4}(-q[1-4]|-\d\d)?/pagefind-ui\.js$", src) is not None  # the newest bundle
    return (script.string or "").strip().startswith("new PagefindUI(")  # type: ignore[attr-defined]


def assert_nothing_executable(output: Path, payload_images: bool = True) -> None:
    """No page holds a script, handler, frame or dangerous URL that the site did not mean to.

    ``payload_images``: an ``<img src=x>`` counts as injected (the payloads carry one);
    off where sanitised raw HTML may rightly keep a harmless image.
    """
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
            if payload_images and element.name == "img" and element.get("src") == "x":
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




# --- a medium site, for the lock and the kill tests -----------------------------------------------

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ"]
_MIDDLE = ["Văn", "Thị", "Minh", "Quang", "Thu", "Đức", "Ngọc", "Hữu"]
_GIVEN = ["An", "Bình", "Châu", "Dũng", "Giang", "Hà", "Khánh", "Lan", "Mai", "Nam", "Oanh", "Phúc", "Quỳnh", "Sơn", "Tâm", "Uyên", "Việt", "Yến"]
_ORGS = ["UBND tỉnh Lâm Đồng", "Ban Dân vận Tỉnh ủy", "Mặt trận Tổ quốc Việt Nam", "Sở Giáo dục", "Sở Y tế", "Hội Nông dân", "Đoàn Thanh niên"]
_SECTIONS = ["Thời sự", "Xây dựng Đảng", "Kinh tế", "Xã hội", "Văn hóa"]
_TAGS = ["dân vận khéo", "cải cách hành chính", "nông thôn mới", "chuyển đổi số", "an sinh xã hội", "giáo dục", "y tế"]
_WORDS = "công tác dân vận cơ sở nhân dân chính quyền địa phương phát triển kinh tế xã hội đời sống người dân".split()


def medium_site_files(count: int = 300, version: int = 0) -> dict[str, str | bytes]:
    """``count`` generated articles; ``version`` changes a few titles, bodies and the article list."""
    rng = random.Random(6)
    files: dict[str, str | bytes] = {"content/photos/chung.jpg": JPEG}
    for index in range(count):
        people = [f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}" for _ in range(rng.randint(0, 3))]
        title = f"Tin số {index}: " + " ".join(rng.choice(_WORDS) for _ in range(8))
        body = "\n\n".join(" ".join(rng.choice(_WORDS) for _ in range(60)) + "." for _ in range(rng.randint(3, 8)))
        if version and index % 37 == version % 37:
            title += f" (bản {version})"
            body += f"\n\nĐoạn thêm của bản {version}."
        if version % 2 and index == count - 1:
            continue  # one article comes and goes
        month = 1 + index % 12
        header: dict[str, object] = {
            "section": _SECTIONS[index % len(_SECTIONS)],
            "people": list(dict.fromkeys(people)),
            "organisations": rng.sample(_ORGS, rng.randint(0, 2)),
            "tags": rng.sample(_TAGS, rng.randint(0, 3)),
        }
        if index % 10 == 0:
            header["photos"] = [{"src": "photos/chung.jpg", "caption": f"Ảnh bài {index}."}]
        files[f"content/articles/2024/{month:02d}/tin-{index}.md"] = article(
            title, f"2024-{month:02d}-{1 + index % 28:02d}T{index % 24:02d}:00:00+07:00", body=body, **header
        )
    return files


def write_version(site: Path, files: dict[str, str | bytes]) -> None:
    """Make the site's content exactly ``files`` (article files not in it are removed)."""
    wanted = {site / relative for relative in files}
    for path in (site / "content").rglob("*.md"):
        if path not in wanted:
            path.unlink()
    changed = {
        relative: content
        for relative, content in files.items()
        if not (site / relative).is_file()
        or (site / relative).read_bytes() != (content if isinstance(content, bytes) else content.encode("utf-8"))
    }
    write_site(site, changed)


# --- a tripwire: any write into a refused folder fails the test, however the build writes -------

_FORBIDDEN: list[Path] = []
_WRITE_EVENTS = {"os.mkdir", "os.remove", "os.rmdir", "os.rename", "os.link", "os.symlink", "shutil.rmtree", "os.truncate", "os.chmod", "os.utime"}


def _forbidden(path: object) -> bool:
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if not isinstance(path, (str, os.PathLike)) or isinstance(path, int):
        return False
    absolute = Path(os.path.realpath(path))
    for folder in _FORBIDDEN:
        if folder == Path("/"):
            # Everything is below /: what a build would make there is a top-level entry.
            if absolute == folder or absolute.parent == folder:
                return True
        elif absolute == folder or absolute.is_relative_to(folder):
            return True
    return False


def _audit(event: str, args: tuple[object, ...]) -> None:
    if not _FORBIDDEN:
        return
    paths: list[object] = []
    if event == "open":
        path, mode, flags = args
        writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC)
        )
        if writing:
            paths = [path]
    elif event in _WRITE_EVENTS:
        paths = [arg for arg in args[:2]]
    elif event == "subprocess.Popen":
        command = args[1]
        if isinstance(command, (list, tuple)):
            paths = [a for a in command[1:] if isinstance(a, (str, bytes, os.PathLike)) and str(a).startswith(("/", "."))]
    for path in paths:
        if _forbidden(path):
            raise PermissionError(f"tripwire: {event} {path} (a refused folder)")


sys.addaudithook(_audit)


@contextmanager
def tripwire(*folders: Path) -> Iterator[None]:
    """Within the block, any write into ``folders`` raises (and so fails the build and the test)."""
    _FORBIDDEN[:] = [Path(os.path.abspath(f)).resolve() for f in folders]
    try:
        yield
    finally:
        _FORBIDDEN.clear()
