"""corrections.py: corrections travel — the article's JSON-LD, the site's ``/dinh-chinh/`` page and its feed.

Read as a reader (html5lib), a subscriber (feedparser) and a search engine
(the JSON-LD) meet them. Drafts and scheduled articles' corrections are
nowhere, not even in a preview.
"""

from __future__ import annotations

import calendar
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from dvarchive import build_site

from .conftest import BASE_URL, SiteMaker, article, build, config_with, feed, soup, text, write_site
from .test_incremental import clean_build, snapshot

SITE: dict[str, str | bytes] = {
    "content/articles/cau-moi.md": article(
        "Khánh thành cầu mới qua sông Hương",
        "2024-01-08T09:00:00+07:00",
        section="Thời sự",
        corrections=[
            {"date": "2024-01-10", "note": "Cầu dài 300 m, không phải 250 m."},
            {"date": "2024-01-12T15:00:00+07:00", "note": "Sửa tên nhà thầu thi công."},
        ],
    ),
    "content/articles/cho-dem.md": article(
        "Chợ đêm Huế mở lại",
        "2024-01-09T18:00:00+07:00",
        section="Đời sống",
        corrections=[
            {"date": "2024-01-11", "note": "Chợ mở từ 18 giờ, không phải 17 giờ."},
            {"date": "2024-01-11", "note": "Sửa địa chỉ lối vào phía nam."},
        ],
    ),
    "content/articles/khong-dinh-chinh.md": article("Mưa lớn ở Thừa Thiên Huế", "2024-01-10", section="Thời sự"),
    "content/articles/ban-nhap.md": article(
        "Bản nháp về cầu", "2024-01-11", draft=True, corrections=[{"date": "2024-01-13", "note": "Đính chính của bản nháp."}]
    ),
    "content/articles/hen-gio.md": article(
        "Bài hẹn giờ về cầu", "2999-01-01", corrections=[{"date": "2999-01-02", "note": "Đính chính của bài hẹn giờ."}]
    ),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(write_site(tmp_path_factory.mktemp("corrections") / "site", SITE))


def entries(output: Path, url: str = "/dinh-chinh/") -> list[tuple[str, str, str, str]]:
    """(headline, link, date, note) of each correction the page lists, in its order."""
    found = []
    for item in soup(output, url).select("main ol.corrections-list > li"):
        link = item.find("h2").find("a")
        found.append((text(link), link["href"], item.find("time")["datetime"], text(item.find_all("p")[-1])))
    return found


def test_the_corrections_page_lists_every_published_correction_newest_first(out: Path) -> None:
    assert entries(out) == [
        ("Khánh thành cầu mới qua sông Hương", "/2024/01/cau-moi/#dv-dinh-chinh-2024-01-12", "2024-01-12T15:00:00+07:00", "Sửa tên nhà thầu thi công."),
        ("Chợ đêm Huế mở lại", "/2024/01/cho-dem/#dv-dinh-chinh-2024-01-11-2", "2024-01-11T00:00:00+07:00", "Sửa địa chỉ lối vào phía nam."),
        ("Chợ đêm Huế mở lại", "/2024/01/cho-dem/#dv-dinh-chinh-2024-01-11", "2024-01-11T00:00:00+07:00", "Chợ mở từ 18 giờ, không phải 17 giờ."),
        ("Khánh thành cầu mới qua sông Hương", "/2024/01/cau-moi/#dv-dinh-chinh-2024-01-10", "2024-01-10T00:00:00+07:00", "Cầu dài 300 m, không phải 250 m."),
    ]


def test_each_correction_links_to_where_its_article_shows_it(out: Path) -> None:
    for _, link, _, note in entries(out):
        page, anchor = link.split("#")
        shown = soup(out, page).find(id=anchor)
        assert shown is not None and note in text(shown), link


def test_the_corrections_page_is_a_page_of_the_site(out: Path) -> None:
    page = soup(out, "/dinh-chinh/")
    assert page.find("html")["lang"] == "vi"
    assert [text(h) for h in page.find_all("h1")] == ["Đính chính"]
    assert page.title.string == "Đính chính – Lưu trữ Tin Thử nghiệm"
    assert page.head.find("link", rel="alternate", type="application/rss+xml", href="/dinh-chinh/feed.xml") is not None
    assert page.find("main").find("a", href="/dinh-chinh/feed.xml") is not None
    assert not page.find("meta", attrs={"name": "robots"})
    footer_link = page.find("footer").find("a", href="/dinh-chinh/")
    assert footer_link["aria-current"] == "page"
    for url in ("/", "/2024/01/cau-moi/", "/chuyen-muc/thoi-su/", "/404.html"):
        assert soup(out, url).find("footer").find("a", href="/dinh-chinh/", string="Đính chính") is not None, url


def test_the_corrections_feed(out: Path) -> None:
    parsed = feed(out, "/dinh-chinh/feed.xml")
    assert parsed.feed.title == "Đính chính – Lưu trữ Tin Thử nghiệm"
    assert parsed.feed.link == BASE_URL + "dinh-chinh/"
    assert [e.title for e in parsed.entries] == [
        "Đính chính: Khánh thành cầu mới qua sông Hương", "Đính chính: Chợ đêm Huế mở lại",
        "Đính chính: Chợ đêm Huế mở lại", "Đính chính: Khánh thành cầu mới qua sông Hương",
    ]
    first = parsed.entries[0]
    assert first.link == first.id == BASE_URL + "2024/01/cau-moi/#dv-dinh-chinh-2024-01-12"
    assert first.summary == "Sửa tên nhà thầu thi công."
    assert calendar.timegm(first.published_parsed) == calendar.timegm((2024, 1, 12, 8, 0, 0))
    assert len({e.id for e in parsed.entries}) == 4  # one guid each, two of one day included


def test_an_articles_json_ld_gives_its_corrections(out: Path) -> None:
    script = soup(out, "/2024/01/cau-moi/").find("script", type="application/ld+json")
    data = json.loads(script.string)
    assert data["correction"] == [
        {"@type": "CorrectionComment", "text": "Cầu dài 300 m, không phải 250 m.", "datePublished": "2024-01-10T00:00:00+07:00",
         "url": BASE_URL + "2024/01/cau-moi/#dv-dinh-chinh-2024-01-10"},
        {"@type": "CorrectionComment", "text": "Sửa tên nhà thầu thi công.", "datePublished": "2024-01-12T15:00:00+07:00",
         "url": BASE_URL + "2024/01/cau-moi/#dv-dinh-chinh-2024-01-12"},
    ]
    plain = json.loads(soup(out, "/2024/01/khong-dinh-chinh/").find("script", type="application/ld+json").string)
    assert "correction" not in plain


def test_drafts_and_scheduled_articles_corrections_are_nowhere_even_in_a_preview(make_site: SiteMaker, tmp_path: Path) -> None:
    out = build_site(make_site(SITE), tmp_path / "preview", include_drafts=True, include_future=True).output
    notes = [note for *_, note in entries(out)]
    assert len(notes) == 4 and not any("bản nháp" in n or "hẹn giờ" in n for n in notes)
    assert all("nháp" not in e.summary and "hẹn giờ" not in e.summary for e in feed(out, "/dinh-chinh/feed.xml").entries)


def test_corrections_page_in_pages_and_in_english(make_site: SiteMaker) -> None:
    config = "title: City Archive\nbase_url: https://archive.example.org/\nlanguage: en\nper_page: 3\n"
    out = build(make_site(SITE, config=config))
    assert len(entries(out)) == 3 and len(entries(out, "/dinh-chinh/page/2/")) == 1
    page = soup(out, "/dinh-chinh/")
    assert [text(h) for h in page.find_all("h1")] == ["Corrections"]
    assert page.find("nav", class_="pagination").find("a", href="/dinh-chinh/page/2/") is not None
    assert text(page.find("p", class_="description")) == "Corrections published in City Archive, the newest first."
    assert feed(out, "/dinh-chinh/feed.xml").entries[0].title == "Correction: Khánh thành cầu mới qua sông Hương"


def test_a_site_without_corrections_says_so_and_keeps_the_page_out_of_search(make_site: SiteMaker) -> None:
    out = build(make_site({"content/articles/a.md": SITE["content/articles/khong-dinh-chinh.md"]}))
    page = soup(out, "/dinh-chinh/")
    assert text(page.find("p", class_="empty")) == "Chưa có đính chính nào."
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert feed(out, "/dinh-chinh/feed.xml").entries == []


def test_a_new_correction_reaches_the_page_and_the_feed_of_an_incremental_build(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", SITE, config_with(feed_items=2))
    output = tmp_path / "out"
    now = datetime(2024, 2, 1, 9, tzinfo=timezone(timedelta(hours=7)))
    build_site(site, output, now=now, search=False)
    source = site / "content/articles/khong-dinh-chinh.md"
    source.write_text(article("Mưa lớn ở Thừa Thiên Huế", "2024-01-10", section="Thời sự", corrections=[
        {"date": "2024-01-20", "note": "Lượng mưa là 400 mm."}
    ]), "utf-8")
    build_site(site, output, now=now, search=False)
    assert entries(output)[0][3] == "Lượng mưa là 400 mm."
    assert feed(output, "/dinh-chinh/feed.xml").entries[0].summary == "Lượng mưa là 400 mm."
    assert snapshot(output) == clean_build(site, tmp_path / "scratch", search=False, now=now)
