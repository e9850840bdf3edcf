"""render.py: what a reader sees on article, entity, listing, archive and A–Z pages."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from bs4 import BeautifulSoup

from .conftest import (
    JPEG,
    SiteMaker,
    article,
    build,
    config_with,
    hrefs,
    links,
    page_file,
    soup,
    text,
    write_site,
)

PEOPLE = """\
- name: Trần Văn Ân
  aliases: [đồng chí Trần Văn Ân]
  description: Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng từ tháng 10/2023.
  photo: photos/people/tran-van-an.jpg
- name: Nguyễn Thị Hòa
  description: Giám đốc Sở Văn hóa, Thể thao và Du lịch thành phố Huế.
"""

ORGANISATIONS = """\
- name: Thông tấn xã Việt Nam
  short: TTXVN
  aliases: [Thông tấn xã VN]
  description: Cơ quan thông tấn quốc gia.
- name: Ủy ban nhân dân tỉnh Lâm Đồng
  short: UBND tỉnh Lâm Đồng
"""

HOI_NGHI = """\
---
title: "Hội nghị tổng kết công tác dân vận năm 2023 của tỉnh Lâm Đồng"
date: 2024-01-08T09:30:00+07:00
updated: 2024-01-09T10:00:00+07:00
section: Xây dựng Đảng
summary: >
  Sáng 8/1, Ban Dân vận Tỉnh ủy Lâm Đồng tổ chức hội nghị tổng kết công tác
  dân vận năm 2023 và triển khai nhiệm vụ năm 2024.
agency: TTXVN
author: [Nguyễn Thị Lan, Trần Minh]
location: Đà Lạt
photos:
  - src: photos/2024/01/quang-canh.jpg
    caption: Quang cảnh hội nghị.
    credit: Trần Minh/TTXVN
  - src: photos/2024/01/phat-bieu.jpg
    caption: Ông Trần Văn Ân phát biểu chỉ đạo hội nghị.
    credit: Nguyễn Thị Lan/TTXVN
    alt: Người đàn ông đứng phát biểu sau bục.
  - src: photos/2024/01/khen-thuong.jpg
    caption: Trao khen thưởng cho các tập thể.
people:
  - name: Trần Văn Ân
    title: Chủ tịch UBND tỉnh Lâm Đồng
  - Nguyễn Thị Hoà
organisations:
  - UBND tỉnh Lâm Đồng
  - Ban Dân vận Tỉnh ủy Lâm Đồng
tags: [dân vận khéo, cải cách hành chính]
related: [2023/12/dan-van-kheo-o-co-so]
corrections:
  - date: 2024-01-09T10:00:00+07:00
    note: Sửa chức danh của ông Trần Văn Ân.
---

Sáng 8/1, tại Đà Lạt, hội nghị đã diễn ra với sự tham dự của 124 điểm cầu.

![](photos/2024/01/phat-bieu.jpg)

## Nhiệm vụ năm 2024

Hội nghị đề ra ba nhóm nhiệm vụ trọng tâm.
"""

HOI_NGHI_URL = "/2024/01/hoi-nghi-tong-ket-cong-tac-dan-van-nam-2023-cua-tinh-lam-dong/"

NEWSROOM: dict[str, str | bytes] = {
    "content/people.yaml": PEOPLE,
    "content/organisations.yaml": ORGANISATIONS,
    "content/photos/people/tran-van-an.jpg": JPEG,
    "content/photos/2024/01/quang-canh.jpg": JPEG,
    "content/photos/2024/01/phat-bieu.jpg": JPEG + b"1",
    "content/photos/2024/01/khen-thuong.jpg": JPEG + b"22",
    "content/articles/2024/01/hoi-nghi-tong-ket-cong-tac-dan-van-nam-2023-cua-tinh-lam-dong.md": HOI_NGHI,
    "content/articles/2023/12/dan-van-kheo.md": article(
        "Dân vận khéo ở cơ sở: chuyện ở xã Tà Nung",
        "2023-12-10T08:00:00+07:00",
        slug="dan-van-kheo-o-co-so",
        section="Xây dựng Đảng",
        summary="Xã Tà Nung vận động 146 hộ dân hiến đất làm đường.",
        people=[{"name": "đồng chí Trần Văn Ân", "title": "Phó Chủ tịch UBND tỉnh Lâm Đồng"}],
        organisations=["Uỷ ban nhân dân tỉnh Lâm Đồng"],
        tags=["dân vận khéo"],
    ),
    # Typed in NFD; a UTC time that is already February in Hà Nội.
    "content/articles/2024/01/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue.md": unicodedata.normalize(
        "NFD",
        article(
            "Nguyễn Thị Hòa khai mạc Tuần lễ Áo dài Huế",
            "2024-01-31T20:00:00+00:00",
            section="Văn hóa",
            agency="Thông tấn xã VN",
            people=["nguyễn thị hòa"],
            tags=["áo dài"],
        ),
    ).encode(),
    # Saved by a Windows editor: a BOM and CRLF line ends.
    "content/articles/2024/02/hue-to-chuc-dem-nhac-ben-song-huong.md": b"\xef\xbb\xbf" + article(
        "Huế tổ chức đêm nhạc bên sông Hương", "2024-02-20", "Đêm nhạc diễn ra trên mặt sông.\n\nKhán giả theo dõi từ hai bờ.",
        section="Văn hóa", photos=[{"src": "dem-nhac.jpg", "caption": "Sân khấu nổi trên sông Hương."}],
    ).replace("\n", "\r\n").encode(),
    "content/articles/2024/02/dem-nhac.jpg": JPEG + b"song-huong",
    "content/articles/2024/02/du-lich-mien-trung-tang-truong.md": article("Du lịch miền Trung tăng trưởng", "2024-02-20 09:15", section="Kinh tế"),
    "content/articles/2024/02/bai-nhap-chua-duyet.md": article("Bài nháp chưa duyệt", "2024-02-21", section="Kinh tế", draft=True, people=["Người Trong Nháp"]),
    "content/articles/2024/03/canh-giac-voi-script-alert-1-script-lua-dao.md": article(
        "Cảnh giác với <script>alert(1)</script> lừa đảo",
        "2024-03-01T08:00:00+07:00",
        summary="Mẹo <b>nhận biết</b> & phòng tránh.",
        tags=["<i>an ninh</i>"],
    ),
}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("newsroom") / "site", NEWSROOM)
    return build(site)


@pytest.fixture(scope="module")
def hoi_nghi(newsroom: Path) -> BeautifulSoup:
    return soup(newsroom, HOI_NGHI_URL)


def teaser_urls(page: BeautifulSoup) -> list[str]:
    """The article links of a listing, in order (headline links of the teasers)."""
    main = page.find("main")
    return [a["href"] for h in main.find_all(["h2", "h3"]) for a in h.find_all("a", href=True) if re.match(r"^/\d{4}/\d{2}/[^/]+/$", a["href"])]


# ---- article pages -------------------------------------------------------------


def test_article_headline_and_lang(hoi_nghi: BeautifulSoup) -> None:
    assert hoi_nghi.find("html")["lang"] == "vi"
    [h1] = hoi_nghi.find("main").find_all("h1")
    assert text(h1) == "Hội nghị tổng kết công tác dân vận năm 2023 của tỉnh Lâm Đồng"
    assert "Hội nghị tổng kết công tác dân vận năm 2023" in hoi_nghi.title.get_text()


def test_article_section_link(hoi_nghi: BeautifulSoup) -> None:
    assert ("Xây dựng Đảng", "/chuyen-muc/xay-dung-dang/") in links(hoi_nghi)


def test_article_lede(hoi_nghi: BeautifulSoup) -> None:
    lede = "Sáng 8/1, Ban Dân vận Tỉnh ủy Lâm Đồng tổ chức hội nghị tổng kết công tác dân vận năm 2023 và triển khai nhiệm vụ năm 2024."
    assert any(text(p) == lede for p in hoi_nghi.find("main").find_all("p"))


def test_article_dateline_opens_the_first_paragraph_and_links_the_agency(hoi_nghi: BeautifulSoup) -> None:
    agency = hoi_nghi.find("main").find("a", href="/to-chuc/thong-tan-xa-viet-nam/")
    assert agency is not None and text(agency) == "TTXVN"  # the registered short form
    first = agency.find_parent("p")
    assert first is hoi_nghi.select_one("div.body > p")
    # The paragraph says where ("tại Đà Lạt"), as wire copy does: the place is not printed twice.
    assert text(first) == "TTXVN – Sáng 8/1, tại Đà Lạt, hội nghị đã diễn ra với sự tham dự của 124 điểm cầu."


def test_article_date_in_vietnamese(hoi_nghi: BeautifulSoup) -> None:
    times = {t["datetime"]: text(t) for t in hoi_nghi.find("main").find_all("time")}
    assert times["2024-01-08T09:30:00+07:00"] == "Thứ Hai, 08/01/2024, 09:30 (GMT+7)"
    assert times["2024-01-09T10:00:00+07:00"] == "Thứ Ba, 09/01/2024, 10:00 (GMT+7)"  # updated


def test_article_byline_closes_the_story_with_the_agency(hoi_nghi: BeautifulSoup) -> None:
    page_links = links(hoi_nghi)
    assert ("Nguyễn Thị Lan", "/tac-gia/nguyen-thi-lan/") in page_links
    assert ("Trần Minh", "/tac-gia/tran-minh/") in page_links
    [byline] = hoi_nghi.select(".byline")
    assert " ".join(byline.get_text().split()) == "Tác giả: Nguyễn Thị Lan, Trần Minh (TTXVN)"  # "Tác giả:" for screen readers only
    assert "vh" in byline.find("span")["class"]
    # After the story's text and photos, before the boxes that follow it.
    assert byline.find_previous_sibling(class_="body") is not None
    assert byline.find_next_sibling(class_="in-article") is not None
    assert hoi_nghi.select_one(".article-header .byline") is None


def test_article_lead_photo_body_figure_and_extra_photos(hoi_nghi: BeautifulSoup) -> None:
    main = hoi_nghi.find("main")
    figures = main.find_all("figure")
    srcs = [photo_of(f.find("img")["src"]) for f in figures]
    # Each photo once: the lead first, the one the body names inside the body, the rest after it.
    assert srcs == ["/photos/2024/01/quang-canh.jpg", "/photos/2024/01/phat-bieu.jpg", "/photos/2024/01/khen-thuong.jpg"]
    lead, placed, extra = figures
    assert "Quang cảnh hội nghị." in text(lead.find("figcaption"))
    assert "Ảnh: Trần Minh/TTXVN" in text(lead.find("figcaption"))
    assert text(placed.find("figcaption")) == "Ông Trần Văn Ân phát biểu chỉ đạo hội nghị. Ảnh: Nguyễn Thị Lan/TTXVN"
    assert placed.find("img")["alt"] == "Người đàn ông đứng phát biểu sau bục."
    assert "Trao khen thưởng cho các tập thể." in text(extra)
    # The body's figure stands between its paragraphs, where the body names it.
    before = placed.find_previous_sibling("p")
    after = placed.find_next_sibling("h2")
    assert before is not None and "124 điểm cầu" in text(before)
    assert after is not None and text(after) == "Nhiệm vụ năm 2024"
    assert placed.find_parent("p") is None


def test_article_people_with_titles_and_organisations(hoi_nghi: BeautifulSoup) -> None:
    main = hoi_nghi.find("main")
    an = main.find("a", href="/nhan-vat/tran-van-an/")
    assert text(an) == "Trần Văn Ân"
    assert "Chủ tịch UBND tỉnh Lâm Đồng" in text(an.parent)
    assert ("Nguyễn Thị Hòa", "/nhan-vat/nguyen-thi-hoa/") in links(hoi_nghi)
    assert ("Ủy ban nhân dân tỉnh Lâm Đồng", "/to-chuc/uy-ban-nhan-dan-tinh-lam-dong/") in links(hoi_nghi)
    assert ("Ban Dân vận Tỉnh ủy Lâm Đồng", "/to-chuc/ban-dan-van-tinh-uy-lam-dong/") in links(hoi_nghi)


def test_article_tags(hoi_nghi: BeautifulSoup) -> None:
    assert ("dân vận khéo", "/chu-de/dan-van-kheo/") in links(hoi_nghi)
    assert ("cải cách hành chính", "/chu-de/cai-cach-hanh-chinh/") in links(hoi_nghi)


def test_article_corrections(hoi_nghi: BeautifulSoup) -> None:
    main = hoi_nghi.find("main")
    heading = main.find(lambda tag: tag.name in ("h2", "h3") and "Đính chính" in tag.get_text())
    assert heading is not None
    section = heading.parent
    assert "Sửa chức danh của ông Trần Văn Ân." in text(section)
    assert "09/01/2024" in text(section)


def test_article_related(newsroom: Path, hoi_nghi: BeautifulSoup) -> None:
    related = teaser_urls(hoi_nghi)
    assert related[0] == "/2023/12/dan-van-kheo-o-co-so/"  # explicit first
    assert HOI_NGHI_URL not in related
    # Only earlier articles are ranked: the later one sharing Nguyễn Thị Hòa lists this one, not the reverse.
    assert "/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/" not in related
    later = soup(newsroom, "/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/")
    assert HOI_NGHI_URL in teaser_urls(later)


def test_nfd_title_shows_in_nfc_and_utc_time_in_site_zone(newsroom: Path) -> None:
    page = soup(newsroom, "/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/")
    h1 = text(page.find("main").find("h1"))
    assert h1 == "Nguyễn Thị Hòa khai mạc Tuần lễ Áo dài Huế"
    assert unicodedata.is_normalized("NFC", h1)
    times = [text(t) for t in page.find("main").find_all("time")]
    assert "Thứ Năm, 01/02/2024, 03:00 (GMT+7)" in times
    assert not page_file(newsroom, "/2024/01/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/").exists()


def test_bom_crlf_file_and_photo_beside_the_article(newsroom: Path) -> None:
    page = soup(newsroom, "/2024/02/hue-to-chuc-dem-nhac-ben-song-huong/")
    main = page.find("main")
    assert text(main.find("h1")) == "Huế tổ chức đêm nhạc bên sông Hương"
    paragraphs = [text(p) for p in main.find_all("p")]
    assert "Đêm nhạc diễn ra trên mặt sông." in paragraphs
    assert "Khán giả theo dõi từ hai bờ." in paragraphs
    [figure] = main.find_all("figure")
    assert "Sân khấu nổi trên sông Hương." in text(figure)
    src = photo_of(figure.find("img")["src"])
    assert page_file(newsroom, unquote(urljoin("/2024/02/hue-to-chuc-dem-nhac-ben-song-huong/", src))).read_bytes() == JPEG + b"song-huong"


def test_date_only_and_no_seconds(newsroom: Path) -> None:
    only_date = soup(newsroom, "/2024/02/hue-to-chuc-dem-nhac-ben-song-huong/")
    assert "Thứ Ba, 20/02/2024" in [text(t) for t in only_date.find("main").find_all("time")]
    no_seconds = soup(newsroom, "/2024/02/du-lich-mien-trung-tang-truong/")
    assert "Thứ Ba, 20/02/2024, 09:15 (GMT+7)" in [text(t) for t in no_seconds.find("main").find_all("time")]


def test_draft_left_out(newsroom: Path) -> None:
    assert not page_file(newsroom, "/2024/02/bai-nhap-chua-duyet/").exists()
    assert not page_file(newsroom, "/nhan-vat/nguoi-trong-nhap/").exists()
    assert "/2024/02/bai-nhap-chua-duyet/" not in teaser_urls(soup(newsroom, "/2024/02/"))


def test_titles_are_escaped(newsroom: Path) -> None:
    raw = page_file(newsroom, "/2024/03/canh-giac-voi-script-alert-1-script-lua-dao/").read_text("utf-8")
    assert "<script>alert(1)</script>" not in raw
    page = BeautifulSoup(raw, "html5lib")
    # Only data blocks (JSON-LD) may be scripts, and the title cannot close them.
    for script in page.find_all("script"):
        assert script.get("type") == "application/ld+json", script
        json.loads(script.string)
    assert text(page.find("main").find("h1")) == "Cảnh giác với <script>alert(1)</script> lừa đảo"
    assert page.find("main").find("b") is None and page.find("main").find("i") is None
    assert any("Mẹo <b>nhận biết</b> & phòng tránh." == text(p) for p in page.find("main").find_all("p"))
    home = page_file(newsroom, "/").read_text("utf-8")
    assert "<script>alert(1)</script>" not in home


def photo_of(src: str) -> str:
    """The photo a derivative was made from (``x.960w.jpg`` → ``x.jpg``)."""
    return re.sub(r"\.\d+w\.jpg$", ".jpg", src)


# ---- entity pages ----------------------------------------------------------------


def test_person_page_from_registry(newsroom: Path) -> None:
    page = soup(newsroom, "/nhan-vat/tran-van-an/")
    main = page.find("main")
    assert text(main.find("h1")) == "Trần Văn Ân"
    assert "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng từ tháng 10/2023." in text(main)
    assert [photo_of(img["src"]) for img in main.find_all("img")][:1] == ["/photos/people/tran-van-an.jpg"]
    assert (newsroom / "photos/people/tran-van-an.jpg").read_bytes() == JPEG
    # The alias used in an older article lands here; newest first.
    assert teaser_urls(page) == [HOI_NGHI_URL, "/2023/12/dan-van-kheo-o-co-so/"]
    # The positions the articles gave him.
    assert "Chủ tịch UBND tỉnh Lâm Đồng" in text(main)
    assert "Phó Chủ tịch UBND tỉnh Lâm Đồng" in text(main)


def test_tone_mark_placement_case_and_nfd_merge(newsroom: Path) -> None:
    page = soup(newsroom, "/nhan-vat/nguyen-thi-hoa/")
    assert text(page.find("main").find("h1")) == "Nguyễn Thị Hòa"
    assert teaser_urls(page) == ["/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/", HOI_NGHI_URL]
    people = sorted(p.name for p in (newsroom / "nhan-vat").iterdir() if p.is_dir())
    assert people == ["nguyen-thi-hoa", "tran-van-an"]


def test_organisation_short_alias_and_spellings_merge(newsroom: Path) -> None:
    ttx = soup(newsroom, "/to-chuc/thong-tan-xa-viet-nam/")
    assert text(ttx.find("main").find("h1")) == "Thông tấn xã Việt Nam"
    assert "Cơ quan thông tấn quốc gia." in text(ttx.find("main"))
    assert teaser_urls(ttx) == ["/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/", HOI_NGHI_URL]
    ubnd = soup(newsroom, "/to-chuc/uy-ban-nhan-dan-tinh-lam-dong/")
    assert teaser_urls(ubnd) == [HOI_NGHI_URL, "/2023/12/dan-van-kheo-o-co-so/"]
    orgs = sorted(p.name for p in (newsroom / "to-chuc").iterdir() if p.is_dir())
    assert orgs == ["ban-dan-van-tinh-uy-lam-dong", "thong-tan-xa-viet-nam", "uy-ban-nhan-dan-tinh-lam-dong"]


def test_unregistered_name_gets_a_page(newsroom: Path) -> None:
    page = soup(newsroom, "/to-chuc/ban-dan-van-tinh-uy-lam-dong/")
    assert text(page.find("main").find("h1")) == "Ban Dân vận Tỉnh ủy Lâm Đồng"
    assert teaser_urls(page) == [HOI_NGHI_URL]


@pytest.mark.parametrize(
    ("url", "heading", "articles"),
    [
        ("/tac-gia/nguyen-thi-lan/", "Nguyễn Thị Lan", [HOI_NGHI_URL]),
        ("/chu-de/dan-van-kheo/", "dân vận khéo", [HOI_NGHI_URL, "/2023/12/dan-van-kheo-o-co-so/"]),
        ("/chuyen-muc/van-hoa/", "Văn hóa", ["/2024/02/hue-to-chuc-dem-nhac-ben-song-huong/", "/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/"]),
        ("/chuyen-muc/xay-dung-dang/", "Xây dựng Đảng", [HOI_NGHI_URL, "/2023/12/dan-van-kheo-o-co-so/"]),
    ],
)
def test_author_tag_section_pages(newsroom: Path, url: str, heading: str, articles: list[str]) -> None:
    page = soup(newsroom, url)
    assert text(page.find("main").find("h1")) == heading
    assert teaser_urls(page) == articles


def test_entity_pages_link_their_feed(newsroom: Path) -> None:
    for url in ("/nhan-vat/tran-van-an/", "/to-chuc/thong-tan-xa-viet-nam/", "/tac-gia/tran-minh/", "/chu-de/ao-dai/", "/chuyen-muc/kinh-te/"):
        page = soup(newsroom, url)
        feeds = [l["href"] for l in page.find_all("link", rel="alternate", type="application/rss+xml")]
        assert url + "feed.xml" in feeds, url
        assert page_file(newsroom, url + "feed.xml").is_file()


# ---- home and archives -------------------------------------------------------------


def test_home_newest_first(newsroom: Path) -> None:
    page = soup(newsroom, "/")
    assert page.find("html")["lang"] == "vi"
    assert teaser_urls(page) == [
        "/2024/03/canh-giac-voi-script-alert-1-script-lua-dao/",
        "/2024/02/du-lich-mien-trung-tang-truong/",
        "/2024/02/hue-to-chuc-dem-nhac-ben-song-huong/",
        "/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/",
        HOI_NGHI_URL,
        "/2023/12/dan-van-kheo-o-co-so/",
    ]
    assert not page_file(newsroom, "/page/2/").exists()


def test_year_archive_lists_months_with_counts(newsroom: Path) -> None:
    page = soup(newsroom, "/2024/")
    main = page.find("main")
    months = {href: text(a.parent) for a in main.find_all("a", href=True) if (href := a["href"]).startswith("/2024/")}
    assert set(months) == {"/2024/01/", "/2024/02/", "/2024/03/"}
    assert "1 bài" in months["/2024/01/"]
    assert "3 bài" in months["/2024/02/"]
    assert "1 bài" in months["/2024/03/"]
    assert soup(newsroom, "/2023/").find("main").find("a", href="/2023/12/") is not None


def test_month_archive_lists_its_articles(newsroom: Path) -> None:
    assert teaser_urls(soup(newsroom, "/2024/02/")) == [
        "/2024/02/du-lich-mien-trung-tang-truong/",
        "/2024/02/hue-to-chuc-dem-nhac-ben-song-huong/",
        "/2024/02/nguyen-thi-hoa-khai-mac-tuan-le-ao-dai-hue/",
    ]
    assert teaser_urls(soup(newsroom, "/2024/01/")) == [HOI_NGHI_URL]


def test_not_found_page(newsroom: Path) -> None:
    page = soup(newsroom, "/404.html")
    assert page.find("html")["lang"] == "vi"
    assert "/" in hrefs(page)


def test_every_internal_link_resolves(newsroom: Path) -> None:
    """Every href and src of every page leads to a file of the build."""
    broken = []
    for path in sorted(newsroom.rglob("*.html")):
        page_url = "/" + path.relative_to(newsroom).as_posix()
        page = BeautifulSoup(path.read_text("utf-8"), "html5lib")
        for tag, attr in (("a", "href"), ("link", "href"), ("img", "src")):
            for node in page.find_all(tag):
                url = node.get(attr, "")
                if not url or url.startswith(("#", "http://", "https://", "mailto:")):
                    continue
                target = unquote(urljoin(page_url, url.split("#")[0]))
                if not page_file(newsroom, target).is_file():
                    broken.append(f"{page_url}: {url}")
    assert broken == []


def test_date_without_offset_is_in_the_site_zone(make_site: SiteMaker) -> None:
    out = build(make_site({"content/articles/giao-thua-o-da-nang.md": article("Giao thừa ở Đà Nẵng", "2024-01-31T23:30:00")}))
    page = soup(out, "/2024/01/giao-thua-o-da-nang/")
    assert "Thứ Tư, 31/01/2024, 23:30 (GMT+7)" in [text(t) for t in page.find("main").find_all("time")]


def test_site_timezone_setting(make_site: SiteMaker) -> None:
    site = make_site(
        {"content/articles/tin-tu-kolkata.md": article("Tin từ Kolkata", "2024-01-31T20:00:00+00:00")},
        config=config_with(timezone="Asia/Kolkata"),
    )
    page = soup(build(site), "/2024/02/tin-tu-kolkata/")
    assert "Thứ Năm, 01/02/2024, 01:30 (GMT+5:30)" in [text(t) for t in page.find("main").find_all("time")]


def test_url_words_from_config(make_site: SiteMaker) -> None:
    site = make_site(
        {"content/articles/tin-hue.md": article("Tin Huế", "2024-01-08", people=["Nguyễn Thị Hòa"], tags=["áo dài"])},
        config=config_with(urls={"people": "nguoi", "tags": "the"}),
    )
    out = build(site)
    assert page_file(out, "/nguoi/nguyen-thi-hoa/").is_file()
    assert page_file(out, "/nguoi/").is_file()
    assert page_file(out, "/the/ao-dai/feed.xml").is_file()
    assert not page_file(out, "/nhan-vat/nguyen-thi-hoa/").exists()
    assert ("Nguyễn Thị Hòa", "/nguoi/nguyen-thi-hoa/") in links(soup(out, "/2024/01/tin-hue/"))


def test_raw_html_in_a_body(make_site: SiteMaker) -> None:
    body = 'Đoạn có <b onclick="alert(1)">chữ đậm</b>.\n\n<script>alert(2)</script>\n'
    files: dict[str, str | bytes] = {"content/articles/tin-co-html.md": article("Tin có HTML", "2024-01-08", body)}
    off = soup(build(make_site(files, name="tat")), "/2024/01/tin-co-html/").find("main")
    assert off.find("b") is None and "<b onclick" in text(off)
    on = soup(build(make_site(files, config=config_with(allow_html=True), name="bat")), "/2024/01/tin-co-html/")
    bold = on.find("main").find("b")
    assert text(bold) == "chữ đậm" and bold.get("onclick") is None
    assert all("alert" not in (s.string or "") for s in on.find_all("script"))


# ---- pagination ---------------------------------------------------------------------


def paged_site(make_site: SiteMaker, count: int, per_page: int | None) -> Path:
    files: dict[str, str | bytes] = {
        f"content/articles/tin-da-nang-so-{n}.md": article(
            f"Tin Đà Nẵng số {n}",
            f"2024-03-{n % 28 + 1:02d}T{n % 24:02d}:00:00+07:00" if count > 28 else f"2024-03-{n:02d}T08:00:00+07:00",
            section="Thời sự",
            people=["Trương Quốc Bảo"],
            tags=["Đà Nẵng"],
        )
        for n in range(1, count + 1)
    }
    config = config_with(per_page=per_page) if per_page else None
    return build(make_site(files, config=config) if config else make_site(files))


def page_chain(output: Path, first: str) -> list[list[str]]:
    """The articles of each page, following rel=next from the first."""
    pages, url, seen = [], first, set()
    while url and url not in seen:
        seen.add(url)
        page = soup(output, url)
        pages.append(teaser_urls(page))
        nxt = page.find("a", rel="next")
        url = nxt["href"] if nxt else None
    return pages


def test_pagination_with_per_page(make_site: SiteMaker) -> None:
    out = paged_site(make_site, 5, per_page=2)
    newest_first = [f"/2024/03/tin-da-nang-so-{n}/" for n in (5, 4, 3, 2, 1)]
    for first in ("/", "/nhan-vat/truong-quoc-bao/", "/chu-de/da-nang/", "/chuyen-muc/thoi-su/", "/2024/03/"):
        chunks = page_chain(out, first)
        assert chunks == [newest_first[0:2], newest_first[2:4], newest_first[4:]], first
        assert page_file(out, first + "page/2/").is_file()
        assert page_file(out, first + "page/3/").is_file()
        assert not page_file(out, first + "page/4/").exists()
        second = soup(out, first + "page/2/")
        assert second.find("a", rel="prev")["href"] == first
        assert second.find("a", rel="next")["href"] == first + "page/3/"
        assert soup(out, first).find("a", rel="prev") is None
        assert soup(out, first + "page/3/").find("a", rel="next") is None


def test_pagination_default_twenty(make_site: SiteMaker) -> None:
    out = paged_site(make_site, 45, per_page=None)
    for first in ("/", "/nhan-vat/truong-quoc-bao/"):
        chunks = page_chain(out, first)
        assert [len(c) for c in chunks] == [20, 20, 5], first
        flat = [u for c in chunks for u in c]
        assert len(set(flat)) == 45
    assert not page_file(out, "/page/4/").exists()


def test_later_pages_link_existing_feeds(make_site: SiteMaker) -> None:
    out = paged_site(make_site, 5, per_page=2)
    page = soup(out, "/nhan-vat/truong-quoc-bao/page/2/")
    feeds = [l["href"] for l in page.find_all("link", rel="alternate", type="application/rss+xml")]
    assert feeds, "the page names no feed"
    for href in feeds:
        assert page_file(out, href).is_file(), f"{href} does not exist"
    assert "/nhan-vat/truong-quoc-bao/feed.xml" in feeds


# ---- A–Z indexes ------------------------------------------------------------------


AZ_PEOPLE = ["Trần Thị Ánh", "Lê Văn An", "Hoàng Văn Ưng", "Mai Thị Êm", "Nguyễn Văn Bình", "Phạm Thị Ân", "Đỗ Văn Đức", "H'Ăng Niê", "Âu Văn Tài"]


def az_site(make_site: SiteMaker, people_sort: str | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "content/people.yaml": "- name: H'Ăng Niê\n  slug: hang-nie\n  sort_as: Ăng Niê\n",
        "content/articles/tin-mot.md": article("Tin một", "2024-01-08", people=AZ_PEOPLE, organisations=["Ủy ban nhân dân tỉnh Lâm Đồng", "Ban Dân vận", "Đoàn Thanh niên", "Ấp Bắc"]),
        "content/articles/tin-hai.md": article("Tin hai", "2024-01-09", people=["Lê Văn An", "Đỗ Văn Đức"], organisations=["Uỷ ban nhân dân tỉnh Lâm Đồng"]),
    }
    config = config_with(people_sort=people_sort) if people_sort else None
    return build(make_site(files, config=config) if config else make_site(files))


def az_groups(page: BeautifulSoup) -> list[tuple[str, list[tuple[str, str]]]]:
    """``[(letter, [(name, text of the entry)])]`` in page order."""
    groups = []
    for heading in page.find("main").find_all("h2"):
        entries = []
        listing = heading.find_next("ul")
        for li in listing.find_all("li"):
            a = li.find("a")
            entries.append((text(a), text(li)))
        groups.append((text(heading), entries))
    return groups


def test_people_index_by_given_name_in_vietnamese_order(make_site: SiteMaker) -> None:
    out = az_site(make_site)
    groups = az_groups(soup(out, "/nhan-vat/"))
    assert [letter for letter, _ in groups] == ["A", "Ă", "Â", "B", "Đ", "Ê", "T", "Ư"]
    names = [name for _, entries in groups for name, _ in entries]
    assert names == ["Lê Văn An", "Trần Thị Ánh", "H'Ăng Niê", "Phạm Thị Ân", "Nguyễn Văn Bình", "Đỗ Văn Đức", "Mai Thị Êm", "Âu Văn Tài", "Hoàng Văn Ưng"]


def test_people_index_counts_and_links(make_site: SiteMaker) -> None:
    out = az_site(make_site)
    page = soup(out, "/nhan-vat/")
    entries = {name: entry for _, group in az_groups(page) for name, entry in group}
    assert "(2 bài)" in entries["Lê Văn An"]
    assert "(1 bài)" in entries["Trần Thị Ánh"]
    assert ("H'Ăng Niê", "/nhan-vat/hang-nie/") in links(page)
    for href in hrefs(page):
        if href.startswith("#"):
            assert page.find(id=href[1:]) is not None, href


def test_people_index_by_family_name(make_site: SiteMaker) -> None:
    out = az_site(make_site, people_sort="family")
    groups = az_groups(soup(out, "/nhan-vat/"))
    # H'Ăng Niê keeps her registry sort_as ("Ăng Niê") whatever the order.
    assert [letter for letter, _ in groups] == ["Ă", "Â", "Đ", "H", "L", "M", "N", "P", "T"]
    names = [name for _, entries in groups for name, _ in entries]
    assert names == ["H'Ăng Niê", "Âu Văn Tài", "Đỗ Văn Đức", "Hoàng Văn Ưng", "Lê Văn An", "Mai Thị Êm", "Nguyễn Văn Bình", "Phạm Thị Ân", "Trần Thị Ánh"]


def test_organisations_index(make_site: SiteMaker) -> None:
    out = az_site(make_site)
    page = soup(out, "/to-chuc/")
    groups = az_groups(page)
    assert [letter for letter, _ in groups] == ["Â", "B", "Đ", "U"]
    entries = [entry for _, group in groups for _, entry in group]
    assert len(entries) == 4  # "Ủy ban" and "Uỷ ban" are one organisation
    ubnd = page.find("main").find("a", href="/to-chuc/uy-ban-nhan-dan-tinh-lam-dong/")
    assert "(2 bài)" in text(ubnd.parent)


# ---- the site's own templates and static files -----------------------------------


def test_site_template_overrides_one_theme_template(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/tin-rieng.md": article("Tin riêng", "2024-01-08", section="Thời sự"),
            "templates/article.html": (
                '{% extends "base.html" %}\n'
                '{% block content %}<p id="mau-rieng">Mẫu riêng: {{ article.title }}</p>{% endblock %}\n'
            ),
            "static/css/site.css": "body { color: maroon; }\n",
            "static/js/rieng.js": "console.log('xin chào');\n",
        }
    )
    out = build(site)
    page = soup(out, "/2024/01/tin-rieng/")
    assert text(page.find(id="mau-rieng")) == "Mẫu riêng: Tin riêng"
    assert page.find("html")["lang"] == "vi"  # the theme's base.html around it
    home = soup(out, "/")
    assert home.find(id="mau-rieng") is None
    assert "/2024/01/tin-rieng/" in teaser_urls(home)  # the theme's list.html
    assert (out / "css/site.css").read_text("utf-8") == "body { color: maroon; }\n"
    assert (out / "js/rieng.js").is_file()


def test_theme_static_files_are_copied(make_site: SiteMaker) -> None:
    out = build(make_site({"content/articles/tin.md": article("Tin", "2024-01-08")}))
    css = soup(out, "/").find("link", rel="stylesheet")["href"]
    assert page_file(out, css).is_file()
    assert page_file(out, css).stat().st_size > 0


def test_template_error_is_reported_not_raised(make_site: SiteMaker) -> None:
    from .conftest import build_errors

    site = make_site(
        {
            "content/articles/tin.md": article("Tin", "2024-01-08"),
            "templates/article.html": '{% extends "base.html" %}\n{% block content %}{{ article.khong_co }}{% endblock %}\n',
        }
    )
    [error] = build_errors(site)
    assert error.startswith("templates/article.html")


# ---- photos with Vietnamese file names ---------------------------------------------


def test_photo_with_vietnamese_file_name_named_in_the_body(make_site: SiteMaker) -> None:
    body = "Đoạn mở đầu.\n\n![](photos/2024/01/ảnh-hội-nghị.jpg)\n\nĐoạn cuối.\n"
    site = make_site(
        {
            "content/photos/2024/01/ảnh-hội-nghị.jpg": JPEG,
            "content/articles/hoi-nghi-o-da-lat.md": article(
                "Hội nghị ở Đà Lạt", "2024-01-08", body,
                photos=[{"src": "photos/2024/01/ảnh-hội-nghị.jpg", "caption": "Quang cảnh.", "credit": "Trần Minh/TTXVN"}],
            ),
        }
    )
    out = build(site)
    page = soup(out, "/2024/01/hoi-nghi-o-da-lat/")
    figures = page.find("main").find_all("figure")
    assert len(figures) == 1
    assert "Ảnh: Trần Minh/TTXVN" in text(figures[0])
    assert figures[0].find_previous_sibling("p") is not None and "Đoạn mở đầu." in text(figures[0].find_previous_sibling("p"))
    src = figures[0].find("img")["src"]
    assert page_file(out, unquote(urljoin("/2024/01/hoi-nghi-o-da-lat/", src))).is_file()
