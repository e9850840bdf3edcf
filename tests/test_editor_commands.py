"""`dvarchive check`, `new` and `init`, as an editor runs them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from dvarchive.cli import main
from dvarchive.core.config import load_config
from dvarchive.core.errors import Level, Report
from dvarchive.core.layout import THEME_STATIC, THEME_TEMPLATES
from dvarchive.editors.check import check_site
from dvarchive.editors.scaffold import init_site, new_article
from dvarchive.stages.load import parse_article

from .conftest import JPEG, SiteMaker, article

PEOPLE = "- name: Trương Thị Mai\n  aliases: [bà Trương Thị Mai]\n- name: Lê Văn Hùng\n"
ORGANISATIONS = "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n"


@pytest.fixture
def editorial_site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/people.yaml": PEOPLE,
            "content/organisations.yaml": ORGANISATIONS,
            "content/photos/a.jpg": JPEG,
            "content/articles/a.md": article(
                "Hội nghị dân vận",
                "2024-01-08T09:30:00+07:00",
                "Bà Trương Thị Mai phát biểu. Theo TTXVN, hội nghị thành công.\n\n![](photos/a.jpg)",
                people=["Trương Thị Mây", "Nguyễn Văn Mới"],
                related=["2023/12/khong-co-bai-nay"],
            ),
            "content/articles/b.md": article("Tin thứ hai", "2024-01-09"),
        }
    )


def test_check_reports_every_kind_of_problem(editorial_site: Path) -> None:
    found = {(d.level, d.message.split(":")[0]) for d in check_site(editorial_site)}
    messages = [str(d) for d in check_site(editorial_site)]
    text = "\n".join(messages)
    assert 'người "Trương Thị Mây" không có trong content/people.yaml: có phải "Trương Thị Mai"?' in text
    assert 'người "Nguyễn Văn Mới" không có trong content/people.yaml' in text
    assert 'related "2023/12/khong-co-bai-nay" không trỏ tới bài nào' in text
    assert 'ảnh "photos/a.jpg" có trong bài nhưng không có trong photos' in text
    assert '"TTXVN" (Thông tấn xã Việt Nam) nhưng phần đầu không ghi' in text
    assert all(m.startswith("content/articles/a.md:") for m in messages)
    assert {level for level, _ in found} == {Level.WARNING, Level.SUGGESTION}


def test_check_exit_codes_and_json(editorial_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(editorial_site)]) == 0  # warnings only
    assert main(["check", str(editorial_site), "--strict"]) == 1
    capsys.readouterr()
    assert main(["check", str(editorial_site), "--format", "json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    records = [json.loads(line) for line in lines]
    assert records and all(set(r) == {"path", "line", "level", "message"} for r in records)
    assert {r["level"] for r in records} == {"warning", "suggestion"}


def test_check_finds_what_build_rejects_and_writes_nothing(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({"content/articles/a.md": "---\ntitle: Tin\ndate: 8/1/2024\npeple: [A]\n---\nx\n"})
    assert main(["check", str(site)]) == 1
    err = capsys.readouterr().out
    assert "content/articles/a.md:3: error:" in err and "2024-01-08" in err
    assert 'content/articles/a.md:4: error: khóa lạ "peple": có phải "people"?' in err
    assert not (site / "public").exists()


def test_new_creates_an_article_that_builds(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({})
    assert main(["new", "Hà Nội: khởi công cầu “Tô Lịch”", "--section", "Thời sự", "--site", str(site)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.parent.parent.parent.name == "articles" and path.name == "ha-noi-khoi-cong-cau-to-lich.md"
    report = Report()
    parsed = parse_article("content/articles/x.md", path.read_text("utf-8"), load_config(site), report)
    assert parsed is not None and not report.diagnostics
    assert parsed.title == "Hà Nội: khởi công cầu “Tô Lịch”" and parsed.section is not None
    assert parsed.section.name == "Thời sự" and parsed.date.at.utcoffset().total_seconds() == 7 * 3600  # type: ignore[union-attr]
    assert main(["build", str(site)]) == 0


def test_new_never_overwrites(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({})
    assert main(["new", "Tin mới", "--site", str(site)]) == 0
    path = Path(capsys.readouterr().out.strip())
    path.write_text(path.read_text("utf-8") + "\nĐã viết.\n", "utf-8")
    assert main(["new", "Tin mới", "--site", str(site)]) == 1
    assert "không ghi đè" in capsys.readouterr().err
    assert path.read_text("utf-8").endswith("Đã viết.\n")


def test_init_makes_a_site_that_builds_and_refuses_an_existing_one(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "toa-soan"
    assert main(["init", str(site)]) == 0
    assert (site / "dvarchive.yaml").is_file()
    assert main(["build", str(site)]) == 0
    assert (site / "public" / "index.html").is_file()
    assert (site / "public" / "css" / "site.css").read_bytes() == (THEME_STATIC / "css" / "site.css").read_bytes()
    before = (site / "dvarchive.yaml").read_bytes()
    assert main(["init", str(site)]) == 1
    assert (site / "dvarchive.yaml").read_bytes() == before


def test_init_refuses_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "ghi-chu.txt").write_text("đừng xóa", "utf-8")
    assert main(["init", str(tmp_path / "ghi-chu.txt")]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{tmp_path / 'ghi-chu.txt'}: error: đây là một tệp, không phải thư mục") and "Traceback" not in err
    assert (tmp_path / "ghi-chu.txt").read_text("utf-8") == "đừng xóa"


def test_init_writes_only_the_sites_own_files(tmp_path: Path) -> None:
    """The theme stays in the package, so an upgrade's theme fixes reach the site;
    templates/ says how to override one file."""
    site = tmp_path / "toa-soan"
    init_site(site, datetime(2026, 1, 31, 20, 5, 9, 123, tzinfo=timezone.utc))
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    assert files == [
        "content/articles/2026/02/chao-mung-den-voi-kho-luu-tru.md",  # 1 February in Hà Nội
        "content/organisations.yaml",
        "content/people.yaml",
        "dvarchive.yaml",
        "templates/README.txt",
    ]
    assert sorted(p.name for p in site.iterdir() if p.is_dir()) == ["content", "static", "templates"]
    assert (site / "content/photos").is_dir() and not any((site / "static").iterdir())
    readme = (site / "templates/README.txt").read_text("utf-8")
    assert all(f"- {p.name}" in readme for p in THEME_TEMPLATES.glob("*.html")) and "--eject-theme" in readme


def test_init_dates_the_example_in_the_sites_timezone_as_new_does(tmp_path: Path) -> None:
    site = tmp_path / "toa-soan"
    init_site(site, datetime(2026, 1, 31, 20, 5, 9, 123, tzinfo=timezone.utc))
    example = site / "content/articles/2026/02/chao-mung-den-voi-kho-luu-tru.md"
    assert "\ndate: 2026-02-01T03:05:09+07:00\n" in example.read_text("utf-8")
    made = new_article(site, "Tin mới", None, datetime(2026, 1, 31, 20, 5, 9, 123, tzinfo=timezone.utc))
    assert "\ndate: 2026-02-01T03:05:09+07:00\n" in made.read_text("utf-8")


def test_init_by_the_command_is_dated_plus_seven_whatever_the_machine(tmp_path: Path) -> None:
    site = tmp_path / "toa-soan"
    env = {k: v for k, v in os.environ.items()} | {"TZ": "America/New_York"}
    done = subprocess.run([sys.executable, "-m", "dvarchive", "init", str(site)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    (example,) = (site / "content/articles").rglob("*.md")
    assert re.search(r"^date: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$", example.read_text("utf-8"), re.MULTILINE)


def test_a_site_made_by_init_overrides_one_template_and_keeps_the_rest(tmp_path: Path) -> None:
    site = tmp_path / "toa-soan"
    init_site(site, datetime(2026, 1, 31, 20, 5, tzinfo=timezone.utc))
    (site / "templates/404.html").write_text('{% extends "base.html" %}{% block content %}<p>Không có trang này.</p>{% endblock %}', "utf-8")
    (site / "static/css").mkdir()
    (site / "static/css/site.css").write_text("body { color: #123; }\n", "utf-8")
    assert main(["build", str(site), "--no-search", "-q"]) == 0
    assert "<p>Không có trang này.</p>" in (site / "public/404.html").read_text("utf-8")
    assert (site / "public/css/site.css").read_text("utf-8") == "body { color: #123; }\n"
    assert (site / "public/images/logo.png").read_bytes() == (THEME_STATIC / "images/logo.png").read_bytes()
    index = (site / "public/index.html").read_text("utf-8")
    assert "Chào mừng đến với kho lưu trữ" in index  # made with the theme's templates


def test_init_eject_theme_copies_the_theme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "toa-soan"
    assert main(["init", str(site), "--eject-theme", "-q"]) == 0
    for theme, mine in ((THEME_TEMPLATES, site / "templates"), (THEME_STATIC, site / "static")):
        theirs = sorted(p.relative_to(theme) for p in theme.rglob("*") if p.is_file())
        assert theirs and theirs == sorted(p.relative_to(mine) for p in mine.rglob("*") if p.is_file())
    assert main(["build", str(site), "--no-search", "-q"]) == 0
