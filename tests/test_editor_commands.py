"""`dvarchive check`, `new` and `init`, as an editor runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dvarchive.check import check_site
from dvarchive.cli import main
from dvarchive.errors import Level
from dvarchive.load import parse_article
from dvarchive.config import load_config
from dvarchive.errors import Report

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
    assert (site / "dvarchive.yaml").is_file() and (site / "templates" / "base.html").is_file()
    assert (site / "static" / "css" / "site.css").is_file()
    assert main(["build", str(site)]) == 0
    assert (site / "public" / "index.html").is_file()
    before = (site / "dvarchive.yaml").read_bytes()
    assert main(["init", str(site)]) == 1
    assert (site / "dvarchive.yaml").read_bytes() == before
