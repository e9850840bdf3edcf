"""headers.format_article: what it writes, dvarchive's own loader reads back unchanged."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from dvarchive.core.config import SiteConfig
from dvarchive.core.errors import Report
from dvarchive.core.frontmatter import load_yaml, split_header
from dvarchive.core.model import Article
from dvarchive.editors.headers import HEADER_KEYS, format_article
from dvarchive.stages.load import PhotoFinder, parse_article, place_photos

CONFIG = SiteConfig(title="t", base_url="https://x.vn/")
ICT = timezone(timedelta(hours=7))

AWKWARD = [
    "Hà Nội: khởi công cầu đi bộ",
    "- không phải một danh sách",
    "# không phải chú thích",
    "a # b",
    '"Đổi mới" là gì?',
    "'Trích dẫn' đơn",
    'Ông nói: "Được", rồi đi',
    "yes",
    "no",
    "null",
    "~",
    "true",
    "1975",
    "3.14",
    "0x1F",
    "2026-03-12",
    "12:30",
    "@tên",
    "`mã`",
    "%TAG",
    "!quan trọng",
    "& và *",
    "{ngoặc}",
    "[ngoặc vuông]",
    "|",
    ">",
    "---",
    "...",
    "?",
    "Đại hội Đảng bộ tỉnh Lâm Đồng lần thứ XII, nhiệm kỳ 2025–2030, khai mạc trọng thể tại Đà Lạt với sự tham dự của 350 đại biểu",
]


def read_back(text: str, content_dir: Path) -> tuple[Article | None, Report]:
    """The article as a build reads it: parsed, then its photos looked up on disk."""
    report = Report()
    article = parse_article("content/articles/2026/03/x.md", text, CONFIG, report)
    if article is not None:
        article = place_photos(article, PhotoFinder(content_dir), report)
    return article, report


def raw_header(text: str) -> dict[str, object]:
    header = load_yaml(split_header(text).header, first_line=2)
    assert isinstance(header, dict)
    return header


@pytest.mark.parametrize("value", AWKWARD)
def test_awkward_strings_read_back_unchanged(value: str, tmp_path: Path) -> None:
    # A byline is a name, and a name has letters ("1975" is refused as one).
    authors = [value, "Mai Anh"] if any(ch.isalpha() for ch in value) else ["Mai Anh"]
    text = format_article(
        {"title": value, "date": datetime(2026, 3, 12, 8, tzinfo=ICT), "summary": value,
         "section": value, "author": authors, "tags": [value], "slug": "x"},
        "Nội dung.",
    )
    article, report = read_back(text, tmp_path)
    assert not report.diagnostics, report.diagnostics
    assert article is not None
    assert article.title == value
    assert article.summary == value
    assert article.section is not None and article.section.name == value
    assert [a.name for a in article.authors] == authors
    assert [t.name for t in article.tags] == [value]


def test_white_space_is_written_as_the_loader_reads_it(tmp_path: Path) -> None:
    text = format_article({"title": "  Hà   Nội \t mưa lớn  ", "date": date(2026, 3, 12)}, "x")
    assert "title: Hà Nội mưa lớn\n" in text
    article, _ = read_back(text, tmp_path)
    assert article is not None and article.title == "Hà Nội mưa lớn"


def test_text_is_written_in_nfc() -> None:
    decomposed = "Hoa\u0300 Bi\u0300nh"  # "Hoà Bình" with combining marks
    text = format_article({"title": decomposed, "date": date(2026, 3, 12)}, "x")
    assert "title: Hoà Bình\n" in text


def test_vietnamese_is_written_as_is_not_escaped() -> None:
    text = format_article({"title": "Đổi mới ở Thừa Thiên Huế", "date": date(2026, 3, 12)}, "x")
    assert "Đổi mới ở Thừa Thiên Huế" in text
    assert "\\u" not in text and "\\x" not in text


def test_long_lines_are_not_wrapped() -> None:
    summary = " ".join(["Một câu dài về công tác dân vận ở cơ sở."] * 20)
    text = format_article({"title": "t", "date": date(2026, 3, 12), "summary": summary}, "x")
    assert f"summary: {summary}\n" in text


def test_keys_follow_the_contract_order_whatever_the_given_order() -> None:
    header = {
        "tags": ["a"], "people": ["Lê Văn Hùng"], "photos": [{"src": "p.jpg"}], "location": "Đà Lạt",
        "author": "Mai Anh", "agency": "TTXVN", "summary": "s", "section": "Thời sự",
        "date": date(2026, 1, 9), "title": "t", "draft": True, "slug": "t",
    }
    text = format_article(header, "x")
    keys = [line.split(":")[0] for line in split_header(text).header.split("\n") if line and line[0] != " "]
    assert keys == [key for key in HEADER_KEYS if key in header]


def test_dates_are_iso_with_offset_and_unquoted(tmp_path: Path) -> None:
    text = format_article(
        {"title": "t", "date": datetime(2026, 3, 12, 8, 0, 30, 999, tzinfo=ICT), "updated": date(2026, 3, 13)}, "x"
    )
    assert "date: 2026-03-12T08:00:30+07:00\n" in text
    assert "updated: 2026-03-13\n" in text
    article, report = read_back(text, tmp_path)
    assert not report.diagnostics
    assert article is not None
    assert article.date.at == datetime(2026, 3, 12, 8, 0, 30, tzinfo=ICT)
    assert article.date.has_time
    assert article.updated is not None and not article.updated.has_time


def test_photos_are_block_mappings_and_read_back(tmp_path: Path) -> None:
    (tmp_path / "photos").mkdir()
    (tmp_path / "photos" / "a.jpg").write_bytes(b"jpg")
    photos = [{"src": "photos/a.jpg", "caption": "Quang cảnh: hội nghị.", "credit": "Hoàng Yến/TTXVN, Mai Anh/TTXVN"}]
    text = format_article({"title": "t", "date": date(2026, 3, 12), "photos": photos}, "![](photos/a.jpg)")
    assert (
        "photos:\n"
        "  - src: photos/a.jpg\n"
        "    caption: 'Quang cảnh: hội nghị.'\n"
        "    credit: Hoàng Yến/TTXVN, Mai Anh/TTXVN\n"
    ) in text
    article, report = read_back(text, tmp_path)
    assert not report.diagnostics
    assert article is not None
    (photo,) = article.photos
    assert (photo.src, photo.caption, photo.credit, photo.in_body) == (
        "photos/a.jpg", "Quang cảnh: hội nghị.", "Hoàng Yến/TTXVN, Mai Anh/TTXVN", True
    )


def test_people_with_titles_and_booleans_read_back(tmp_path: Path) -> None:
    header = {
        "title": "t", "date": date(2026, 3, 12), "draft": False,
        "people": ["Nguyễn Thị Hòa", {"name": "Lê Văn Hùng", "title": "Phó Bí thư: Tỉnh ủy"}],
        "organisations": ["TTXVN"],
    }
    article, report = read_back(format_article(header, "x"), tmp_path)
    assert not report.diagnostics
    assert article is not None and article.draft is False
    assert [(p.name, p.title) for p in article.people] == [
        ("Nguyễn Thị Hòa", None), ("Lê Văn Hùng", "Phó Bí thư: Tỉnh ủy")
    ]
    assert [o.name for o in article.organisations] == ["TTXVN"]


def test_none_is_left_out_and_empty_values_inside_items_too() -> None:
    text = format_article(
        {"title": "t", "date": date(2026, 3, 12), "agency": None, "author": None,
         "photos": [{"src": "a.jpg", "caption": None, "credit": ""}]},
        "x",
    )
    header = raw_header(text)
    assert list(header) == ["title", "date", "photos"]
    assert header["photos"] == [{"src": "a.jpg"}]


def test_empty_values_are_blanks_for_the_editor(tmp_path: Path) -> None:
    """What ``dvarchive new`` writes: keys to fill in, which the loader reads as absent."""
    text = format_article(
        {"title": "t", "date": date(2026, 3, 12), "summary": "", "author": " ", "people": [], "tags": ["", " "]},
        "x",
    )
    assert "summary:\nauthor:\npeople: []\ntags: []\n" in text
    article, report = read_back(text, tmp_path)
    assert not report.diagnostics
    assert article is not None
    assert (article.summary, article.authors, article.people, article.tags) == (None, (), (), ())


def test_body_follows_one_blank_line_and_ends_with_one_newline() -> None:
    text = format_article({"title": "t", "date": date(2026, 3, 12)}, "\n\nĐoạn một.\n\nĐoạn hai.\n\n\n")
    assert text.endswith("---\n\nĐoạn một.\n\nĐoạn hai.\n")
    assert text.startswith("---\ntitle: t\n")


def test_unknown_keys_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="peple"):
        format_article({"title": "t", "date": date(2026, 3, 12), "peple": ["x"]}, "x")
    with pytest.raises(ValueError, match="url"):
        format_article({"title": "t", "date": date(2026, 3, 12), "photos": [{"src": "a", "url": "b"}]}, "x")
