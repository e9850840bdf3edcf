"""The article page as a Vietnamese newsroom prints it: the dateline running
into the first paragraph, the byline closing the story with the agency, and
"Tin cùng chuyên mục" when an article has few related ones (issue 16, point 3).

Where the photos and captions fall on a screen is measured in a browser, in
tests/test_quality.py.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag

from dvarchive import build_site
from dvarchive.editors.importer import import_wire
from dvarchive.editors.wire import decode_wire

from .conftest import JPEG, SiteMaker, article, build, page_file, soup

ORGANISATIONS = """\
- name: Thông tấn xã Việt Nam
  short: TTXVN
- name: Báo Lâm Đồng
"""
URL = "/2026/01/a/"
WIRE = Path(__file__).parent / "fixtures" / "wire" / "standard.txt"


def reads(node: Tag) -> str:
    """The text of a node as a reader reads it: white space folded, nothing added between tags."""
    return " ".join(node.get_text().split())


def first_paragraph(page: BeautifulSoup) -> Tag:
    paragraph = page.select_one("div.body > p")
    assert paragraph is not None
    return paragraph


def one_article(make_site: SiteMaker, body: str, **header: object) -> BeautifulSoup:
    files: dict[str, str | bytes] = {
        "content/organisations.yaml": ORGANISATIONS,
        "content/photos/a.jpg": JPEG,
        "content/articles/2026/01/a.md": article("Khởi công cầu đi bộ", "2026-01-08T09:00:00+07:00", body, **header),
    }
    return soup(build(make_site(files)), URL)


# --- the dateline --------------------------------------------------------------------


def test_the_dateline_prints_the_place_then_the_agencys_registered_short_form(make_site: SiteMaker) -> None:
    page = one_article(make_site, "Sáng 8/1, Bộ Giáo dục và Đào tạo công bố lịch thi.", agency="thông tấn xã việt nam", location="Hà Nội")
    paragraph = first_paragraph(page)
    assert reads(paragraph) == "Hà Nội (TTXVN) – Sáng 8/1, Bộ Giáo dục và Đào tạo công bố lịch thi."
    [dateline] = page.select(".dateline")
    assert dateline.parent is paragraph and reads(dateline) == "Hà Nội (TTXVN) –"
    assert dateline.find("a")["href"] == "/to-chuc/thong-tan-xa-viet-nam/"


@pytest.mark.parametrize(
    ("opening", "shown"),
    [
        ("Sáng 8/1, tại Hà Nội, Bộ Y tế họp báo.", "TTXVN – Sáng 8/1, tại Hà Nội, Bộ Y tế họp báo."),
        ("Tại thành phố Hà Nội, chiều 8/1, Bộ Y tế họp báo.", "TTXVN – Tại thành phố Hà Nội, chiều 8/1, Bộ Y tế họp báo."),
        ("Sáng 8/1, tại Hải Phòng, Bộ Y tế họp báo.", "Hà Nội (TTXVN) – Sáng 8/1, tại Hải Phòng, Bộ Y tế họp báo."),
        ("Sáng 8/1, Bộ Y tế họp báo tại Hà Nội.", "Hà Nội (TTXVN) – Sáng 8/1, Bộ Y tế họp báo tại Hà Nội."),
    ],
    ids=["says where", "a longer name of the place", "another place", "not in its opening words"],
)
def test_the_place_is_not_printed_twice(make_site: SiteMaker, opening: str, shown: str) -> None:
    """Wire copy keeps its own dateline ("Sáng 8/1, tại Hà Nội, …"): the page then
    prints the agency alone before it, as the agency does."""
    page = one_article(make_site, opening, agency="TTXVN", location="Hà Nội")
    assert reads(first_paragraph(page)) == shown


def test_an_imported_wire_story_names_its_place_once(make_site: SiteMaker) -> None:
    site = make_site({"content/organisations.yaml": ORGANISATIONS})
    imported = import_wire(decode_wire(WIRE.read_bytes(), WIRE.name), WIRE.name, site, 2026, date(2026, 3, 20))
    (site / imported.path).parent.mkdir(parents=True)
    (site / imported.path).write_text(imported.text, encoding="utf-8")
    url = "/2026/03/" + Path(imported.path).stem + "/"
    page = soup(build(site, drafts=True), url)  # an imported story is a draft, its photo still to come
    paragraph = reads(first_paragraph(page))
    assert paragraph.startswith("TTXVN – Sáng 12/3, tại Hà Nội, UBND quận Cầu Giấy tổ chức lễ khởi công")
    assert paragraph.count("Hà Nội") == 1


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ({"agency": "Báo Lâm Đồng", "location": "Đà Lạt"}, "Đà Lạt (Báo Lâm Đồng) – "),
        ({"agency": "Báo Thanh Niên", "location": "Đà Lạt"}, "Đà Lạt (Báo Thanh Niên) – "),
        ({"agency": "TTXVN"}, "TTXVN – "),
        ({"location": "Đà Lạt"}, "Đà Lạt – "),
    ],
    ids=["registered without a short form", "not registered", "no place", "no agency"],
)
def test_datelines_without_a_short_form_a_place_or_an_agency(make_site: SiteMaker, header: dict[str, str], shown: str) -> None:
    page = one_article(make_site, "Sáng 8/1, hội nghị khai mạc.", **header)
    assert reads(first_paragraph(page)) == shown + "Sáng 8/1, hội nghị khai mạc."


def test_no_dateline_without_a_place_or_an_agency(make_site: SiteMaker) -> None:
    page = one_article(make_site, "Sáng 8/1, hội nghị khai mạc.")
    assert page.select(".dateline") == [] and reads(first_paragraph(page)) == "Sáng 8/1, hội nghị khai mạc."


def test_the_dateline_runs_into_the_first_paragraph_after_a_photo(make_site: SiteMaker) -> None:
    """A body that opens with a photo: the dateline opens the paragraph under it, not the photo."""
    page = one_article(
        make_site, "![](photos/a.jpg)\n\nSáng 8/1, hội nghị khai mạc.\n\nĐoạn hai.", agency="TTXVN", location="Đà Lạt",
        photos=[{"src": "photos/a.jpg", "caption": "Quang cảnh."}],
    )
    body = page.select_one("div.body")
    children = [child for child in body.children if isinstance(child, Tag)]
    assert [child.name for child in children[:3]] == ["figure", "p", "p"]
    assert reads(children[1]) == "Đà Lạt (TTXVN) – Sáng 8/1, hội nghị khai mạc."


def test_a_body_opening_with_a_heading_gets_the_dateline_on_its_own(make_site: SiteMaker) -> None:
    page = one_article(make_site, "## Mở đầu\n\nSáng 8/1, hội nghị khai mạc.", agency="TTXVN", location="Đà Lạt")
    children = [child for child in page.select_one("div.body").children if isinstance(child, Tag)]
    assert [child.name for child in children[:3]] == ["p", "h2", "p"]
    assert reads(children[0]) == "Đà Lạt (TTXVN) –"
    assert reads(children[2]) == "Sáng 8/1, hội nghị khai mạc."


# --- the byline ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "shown"),
    [
        ({"author": ["Minh Hưng", "Thu Trang"], "agency": "Thông tấn xã Việt Nam"}, "Tác giả: Minh Hưng, Thu Trang (TTXVN)"),
        ({"author": "Minh Hưng"}, "Tác giả: Minh Hưng"),
        ({"agency": "TTXVN"}, "Nguồn: TTXVN"),
    ],
    ids=["authors and agency", "an author", "an agency"],
)
def test_the_byline_closes_the_story(make_site: SiteMaker, header: dict[str, object], shown: str) -> None:
    page = one_article(make_site, "Sáng 8/1, hội nghị khai mạc.\n\nĐoạn cuối của bài.", **header)
    [byline] = page.select(".byline")
    assert reads(byline) == shown
    assert reads(byline.find(class_="vh")) == shown.split(": ")[0] + ":"  # for screen readers; the page shows the names
    story = byline.find_previous_sibling(class_="body")
    assert story is not None and reads(story.find_all("p")[-1]) == "Đoạn cuối của bài."
    for author in header.get("author", []) if isinstance(header.get("author"), list) else [header.get("author")]:
        if author:
            assert byline.find("a", string=author)["rel"] == ["author"]


def test_no_byline_without_an_author_or_an_agency(make_site: SiteMaker) -> None:
    assert one_article(make_site, "Sáng 8/1, hội nghị khai mạc.").select(".byline") == []


# --- "Tin cùng chuyên mục" ------------------------------------------------------------


def section_site(make_site: SiteMaker, extra: dict[str, str] | None = None) -> Path:
    """Eight "Văn hóa" stories on eight days of January 2026 (v1 the oldest) sharing no one,
    and one "Thể thao" story between them."""
    files = {
        f"content/articles/2026/01/v{n}.md": article(f"Tin văn hóa số {n}", f"2026-01-{n + 10:02d}T08:00:00+07:00", section="Văn hóa")
        for n in range(1, 9)
    }
    files["content/articles/2026/01/t1.md"] = article("Tin thể thao", "2026-01-14T09:00:00+07:00", section="Thể thao")
    return make_site(files | (extra or {}))


def section_news(page: BeautifulSoup) -> list[str]:
    box = page.find("section", attrs={"aria-labelledby": "dv-cung-chuyen-muc"})
    if box is None:
        return []
    assert reads(box.find("h2")) == "Tin cùng chuyên mục"
    return [a["href"] for a in box.select(".teaser-title a")]


def related(page: BeautifulSoup) -> list[str]:
    box = page.find("section", attrs={"aria-labelledby": "dv-tin-lien-quan"})
    return [] if box is None else [a["href"] for a in box.select(".teaser-title a")]


def test_an_article_without_related_ones_lists_the_newest_of_its_section_before_it(make_site: SiteMaker) -> None:
    out = build(section_site(make_site))
    assert related(soup(out, "/2026/01/v7/")) == []
    assert section_news(soup(out, "/2026/01/v7/")) == [f"/2026/01/v{n}/" for n in (6, 5, 4, 3, 2)]
    # The section's oldest stories have fewer before them: the nearest after them fill the list, newest first.
    assert section_news(soup(out, "/2026/01/v2/")) == [f"/2026/01/v{n}/" for n in (6, 5, 4, 3, 1)]
    assert section_news(soup(out, "/2026/01/t1/")) == []  # alone in its section


def test_section_news_fill_a_short_related_list_and_repeat_none(make_site: SiteMaker) -> None:
    picks = {"content/articles/2026/01/v8.md": article("Tin văn hóa số 8", "2026-01-18T08:00:00+07:00", section="Văn hóa", related=["2026/01/v5", "2026/01/t1"])}
    page = soup(build(section_site(make_site, picks)), "/2026/01/v8/")
    assert related(page) == ["/2026/01/v5/", "/2026/01/t1/"]
    assert section_news(page) == ["/2026/01/v7/", "/2026/01/v6/", "/2026/01/v4/"]


def test_five_related_articles_leave_no_room_for_section_news(make_site: SiteMaker) -> None:
    picks = {"content/articles/2026/01/v8.md": article(
        "Tin văn hóa số 8", "2026-01-18T08:00:00+07:00", section="Văn hóa", related=[f"2026/01/v{n}" for n in (1, 2, 3, 4, 5)]
    )}
    page = soup(build(section_site(make_site, picks)), "/2026/01/v8/")
    assert len(related(page)) == 5 and section_news(page) == []


def test_section_news_never_name_a_draft_or_a_scheduled_story(make_site: SiteMaker) -> None:
    unpublished = {
        "content/articles/2026/01/v6.md": article("Tin văn hóa số 6", "2026-01-16T08:00:00+07:00", section="Văn hóa", draft=True),
        "content/articles/2026/01/v5.md": article("Tin văn hóa số 5", "2099-01-15T08:00:00+07:00", section="Văn hóa"),
    }
    site = section_site(make_site, unpublished)
    # Even a preview, which builds their pages, lists neither on a published story's page.
    out = build_site(site, include_drafts=True, include_future=True, search=False).output
    assert page_file(out, "/2026/01/v6/").is_file() and page_file(out, "/2099/01/v5/").is_file()
    assert section_news(soup(out, "/2026/01/v7/")) == [f"/2026/01/v{n}/" for n in (8, 4, 3, 2, 1)]
