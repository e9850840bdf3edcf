"""Editors' slips are caught (issue 13, point 6).

An article without a summary shows its first paragraph once; ``check``
warns about what ``dvarchive new`` leaves to fill and about photos without
a credit; a registered name typed without its marks, with other spacing or
capitals is an error at the article's line, in ``build`` as in ``check``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dvarchive.cli import main
from dvarchive.core.errors import Level
from dvarchive.editors.check import check_site

from .conftest import BASE_URL, JPEG, SiteMaker, article, build, build_errors, feed, soup, text, tree_snapshot

FIRST = "Sáng 12/8, tỉnh Lâm Đồng khởi công tuyến đường liên xã dài 14 km."
SECOND = "Tuyến đường dự kiến hoàn thành trong 18 tháng."
URL = "/2025/08/a/"


def occurrences(page_text: str, sentence: str) -> int:
    """How many times a reader sees ``sentence`` in a page's text."""
    return page_text.count(sentence)


# ---- the lede, once ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "header", [{}, {"summary": ""}, {"summary": "   "}], ids=["no summary", "empty summary", "blank summary"]
)
def test_without_a_summary_the_first_paragraph_is_shown_once(make_site: SiteMaker, header: dict[str, str]) -> None:
    body = f"{FIRST}\n\n{SECOND}\n"
    site = make_site({"content/articles/a.md": article("Khởi công đường liên xã", "2025-08-12T09:00:00+07:00", body, location="Đà Lạt", **header)})
    out = build(site)
    page = soup(out, URL)
    shown = page.find("article")
    assert occurrences(text(shown), FIRST) == 1
    assert shown.find(class_="lede") is None
    # Where it stands: the body's first paragraph, which the dateline opens.
    paragraphs = [text(p) for p in shown.select("div.body > p")]
    assert paragraphs[:2] == [f"Đà Lạt – {FIRST}", SECOND]
    # Lists, feeds and the page's description still carry it as the lede.
    assert page.find("meta", attrs={"name": "description"})["content"] == FIRST
    assert occurrences(text(soup(out, "/")), FIRST) == 1
    [entry] = feed(out, "/feed.xml").entries
    assert entry.link == BASE_URL + URL.lstrip("/") and entry.description == FIRST


def test_a_summary_is_the_lede_above_the_body(make_site: SiteMaker) -> None:
    summary = "Lâm Đồng khởi công đường liên xã Tà Nung – Nam Ban."
    site = make_site({"content/articles/a.md": article("Khởi công đường liên xã", "2025-08-12", f"{FIRST}\n\n{SECOND}\n", summary=summary)})
    shown = soup(build(site), URL).find("article")
    assert text(shown.find(class_="lede")) == summary
    assert occurrences(text(shown), summary) == 1 and occurrences(text(shown), FIRST) == 1


# ---- what `new` leaves to fill --------------------------------------------------------


def line_of(path: Path, start: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(start))


def test_check_strict_fails_on_a_fresh_new_article(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({})
    assert main(["new", "Đà Nẵng mở tuyến buýt mới", "--site", str(site)]) == 0
    path = Path(capsys.readouterr().out.strip())
    source = path.relative_to(site).as_posix()
    assert main(["check", str(site)]) == 0  # warnings only
    assert main(["check", str(site), "--strict"]) == 1
    out = capsys.readouterr().out
    assert f"{source}:{line_of(path, 'summary:')}: warning: summary để trống" in out
    assert f"{source}:{line_of(path, 'author:')}: warning: author để trống" in out
    assert f'{source}:{line_of(path, "Viết nội dung bài ở đây.")}: warning: thân bài còn câu mẫu "Viết nội dung bài ở đây."' in out

    filled = (
        path.read_text("utf-8")
        .replace("summary:", "summary: Đà Nẵng mở tuyến xe buýt số 16.", 1)
        .replace("author:", "author: Minh Hưng", 1)
        .replace("Viết nội dung bài ở đây.", "Sáng nay, Đà Nẵng mở tuyến xe buýt số 16.")
    )
    path.write_text(filled, "utf-8")
    assert [str(d) for d in check_site(site) if d.path == source] == []


def test_check_warns_about_a_photo_without_credit(make_site: SiteMaker) -> None:
    photos = [{"src": "photos/a.jpg", "caption": "Có nguồn.", "credit": "Minh Hưng/TTXVN"}, {"src": "photos/b.jpg", "caption": "Không nguồn."}]
    site = make_site({"content/photos/a.jpg": JPEG, "content/photos/b.jpg": JPEG, "content/articles/a.md": article("Tin", "2024-01-08", photos=photos)})
    found = [d for d in check_site(site) if "chưa ghi nguồn" in d.message]
    # Line 4 is "photos:", 5–7 the first photo, 8 the second's "- src:".
    assert [(d.line, d.level) for d in found] == [(8, Level.WARNING)]
    assert 'ảnh "photos/b.jpg" chưa ghi nguồn: thêm credit:' in found[0].message


def test_a_written_empty_summary_differs_from_none(make_site: SiteMaker) -> None:
    """No ``summary:`` key at all is a choice (the first paragraph is the lede), not something left to fill."""
    site = make_site({"content/articles/a.md": article("Tin", "2024-01-08", author="Minh Hưng")})
    assert [d for d in check_site(site) if d.level is not Level.SUGGESTION] == []


# ---- registered names mistyped -----------------------------------------------------------

PEOPLE = "- name: Trương Thị Mai\n  description: Ủy viên Bộ Chính trị.\n- name: Nguyễn Thị Hòa\n"
ORGANISATIONS = "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n"
MAI_URL = "/nhan-vat/truong-thi-mai/"
MISTYPED = (
    'người "Truong Thi Mai" gần giống "Trương Thị Mai" trong content/people.yaml '
    '(chỉ khác dấu, khoảng trắng hoặc chữ hoa): viết đúng "Trương Thị Mai"; '
    'nếu là người khác, thêm "Truong Thi Mai" vào content/people.yaml: mỗi tên có trang riêng'
)


def registered_site(make_site: SiteMaker, **articles: str) -> Path:
    return make_site({"content/people.yaml": PEOPLE, "content/organisations.yaml": ORGANISATIONS, **articles})


def test_a_name_without_its_marks_is_an_error_at_the_article_line(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    site = registered_site(make_site, **{"content/articles/a.md": article("Tin A", "2024-01-08", people=["Trương Thị Mai"])})
    out = build(site)
    (site / "content/articles/b.md").write_text(article("Tin B", "2024-01-09", people=["Lê Văn Tám", "Truong Thi Mai"]), "utf-8")
    before = tree_snapshot(out)
    assert main(["build", str(site)]) == 1
    err = capsys.readouterr().err
    # Line 4 is "people:", 5 "- Lê Văn Tám", 6 the misspelt name; nothing is pinned to the registry.
    assert f"content/articles/b.md:6: error: {MISTYPED}" in err.splitlines()
    assert "content/people.yaml" not in err.split(": error: ")[0] and "Traceback" not in err
    assert tree_snapshot(out) == before
    page = soup(out, MAI_URL)
    assert text(page.find("h1")) == "Trương Thị Mai" and "Ủy viên Bộ Chính trị." in text(page.find("main"))
    # check says the same, as an error, and not also "có phải …?".
    found = [d for d in check_site(site) if d.path == "content/articles/b.md" and d.line == 6]
    assert [(d.level, d.message) for d in found] == [(Level.ERROR, MISTYPED)]


def test_a_mistyped_name_alone_does_not_take_the_registered_page(make_site: SiteMaker) -> None:
    site = registered_site(make_site, **{"content/articles/b.md": article("Tin B", "2024-01-09", people=["Truong Thi Mai"])})
    assert build_errors(site) == [f"content/articles/b.md:5: error: {MISTYPED}"]
    assert not (site / "public").exists()


@pytest.mark.parametrize(
    ("header", "line", "written", "registered"),
    [
        ({"people": ["TrươngThị Mai"]}, 5, "TrươngThị Mai", "Trương Thị Mai"),
        ({"people": ["Nguyen Thi Hoa"]}, 5, "Nguyen Thi Hoa", "Nguyễn Thị Hòa"),
        ({"organisations": ["Thong tan xa Viet Nam"]}, 5, "Thong tan xa Viet Nam", "Thông tấn xã Việt Nam"),
        ({"agency": "T TXVN"}, 4, "T TXVN", "TTXVN"),
    ],
    ids=["spacing", "no marks", "organisation", "agency, near the short name"],
)
def test_near_misses_of_every_registered_spelling(
    make_site: SiteMaker, header: dict[str, object], line: int, written: str, registered: str
) -> None:
    site = registered_site(make_site, **{"content/articles/a.md": article("Tin", "2024-01-08", **header)})
    [error] = build_errors(site)
    assert error.startswith(f'content/articles/a.md:{line}: error: ')
    assert f'"{written}" gần giống "{registered}"' in error and f'viết đúng "{registered}"' in error


def test_spellings_that_match_are_the_registered_entity(make_site: SiteMaker) -> None:
    """Case, NFC and where the tone mark sits are the same name: no error, one page."""
    site = registered_site(
        make_site,
        **{
            "content/articles/a.md": article("Tin A", "2024-01-08", people=["trương thị mai", "Nguyễn Thị Hoà"]),
            "content/articles/b.md": article("Tin B", "2024-01-09", people=["TRƯƠNG THỊ MAI"], agency="ttxvn"),
        },
    )
    out = build(site)
    page = soup(out, MAI_URL)
    assert text(page.find("h1")) == "Trương Thị Mai"
    assert text(soup(out, "/nhan-vat/nguyen-thi-hoa/").find("h1")) == "Nguyễn Thị Hòa"


def test_a_name_that_differs_by_more_than_marks_keeps_the_soft_warning(make_site: SiteMaker) -> None:
    site = registered_site(make_site, **{"content/articles/a.md": article("Tin", "2024-01-08", people=["Trương Thị Mây", "Lê Văn Tám"])})
    build(site)  # another person: built
    found = {(d.line, d.level, d.message) for d in check_site(site) if d.path == "content/articles/a.md"}
    assert (5, Level.WARNING, 'người "Trương Thị Mây" không có trong content/people.yaml: có phải "Trương Thị Mai"?') in found
    assert (6, Level.WARNING, 'người "Lê Văn Tám" không có trong content/people.yaml') in found
