"""feeds.py: RSS 2.0 feeds as a subscriber's reader sees them, and the sitemap."""

from __future__ import annotations

import calendar
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker

from .conftest import (
    BASE_URL,
    SiteMaker,
    article,
    build,
    config_with,
    feed,
    page_file,
    photo,
    sitemap_locs,
    soup,
    write_site,
)

ATOM = "{http://www.w3.org/2005/Atom}"
PHOTO = photo(600, 400, b"\x00" * 100)  # a 480 copy is made of it

SITE: dict[str, str | bytes] = {
    "content/organisations.yaml": "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n  description: Cơ quan thông tấn quốc gia.\n",
    "content/photos/le-hoi.jpg": PHOTO,
    "content/photos/than-bai.jpg": photo(500, 300),
    "content/articles/da-nang-don-nam-moi-voi-le-hoi-anh-sang.md": article(
        "Đà Nẵng đón năm mới với lễ hội ánh sáng",
        "2024-01-01T00:45:00+07:00",
        "Đêm giao thừa, hàng vạn người xuống phố.\n\n![](photos/than-bai.jpg)\n",
        section="Văn hóa",
        summary="Hàng vạn người dân và du khách đón năm mới bên sông Hàn.",
        agency="TTXVN",
        author=["Ngọc Hà", "Văn Dũng"],
        photos=[
            {"src": "photos/than-bai.jpg", "caption": "Pháo hoa.", "credit": "Văn Dũng/TTXVN"},
            {"src": "photos/le-hoi.jpg", "caption": "Lễ hội.", "credit": "Ngọc Hà/TTXVN"},
        ],
        people=[{"name": "Trương Quốc Bảo", "title": "Bí thư Thành đoàn Đà Nẵng"}],
        organisations=["Thành đoàn Đà Nẵng"],
        tags=["lễ hội", "du lịch"],
    ),
    "content/articles/song-han-da-nang-len-hang-nhat.md": article(
        "Sông Hàn Đà Nẵng lên hạng Nhất",
        "2023-12-20T21:45:00+07:00",
        "Đội bóng nữ Sông Hàn Đà Nẵng giành quyền lên hạng Nhất.\n\nĐoạn hai.",
        updated="2024-01-02T08:00:00+07:00",
        section="Thể thao",
        author="Văn Dũng",
        people=["Trương Quốc Bảo"],
        tags=["bóng đá nữ"],
    ),
    "content/articles/tin-cu-nhat.md": article("Tin cũ nhất", "2023-11-01", section="Thể thao"),
}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_site(tmp_path_factory.mktemp("feeds") / "site", SITE, config_with(feed_items=2))
    return build(site)


def item_by_title(parsed: object, title: str) -> dict:  # type: ignore[type-arg]
    return next(e for e in parsed.entries if e.title == title)  # type: ignore[attr-defined]


def test_site_feed_channel(out: Path) -> None:
    parsed = feed(out, "/feed.xml")
    assert parsed.version == "rss20"
    channel = parsed.feed
    assert channel.title == "Lưu trữ Tin Thử nghiệm"
    assert channel.link == BASE_URL  # the page, not the feed
    assert channel.language == "vi"
    assert channel.subtitle == "Kho tin dùng cho các bài kiểm thử."
    root = ET.parse(out / "feed.xml").getroot().find("channel")
    self_links = [l.get("href") for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"]
    assert self_links == [BASE_URL + "feed.xml"]
    assert root.findtext("lastBuildDate") is not None
    assert channel.updated_parsed is not None
    # lastBuildDate is the newest change among its items: the update of 2 Jan.
    assert calendar.timegm(channel.updated_parsed) == calendar.timegm((2024, 1, 2, 1, 0, 0))


def test_site_feed_newest_feed_items(out: Path) -> None:
    parsed = feed(out, "/feed.xml")
    assert [e.title for e in parsed.entries] == ["Đà Nẵng đón năm mới với lễ hội ánh sáng", "Sông Hàn Đà Nẵng lên hạng Nhất"]


def test_feed_item(out: Path) -> None:
    entry = item_by_title(feed(out, "/feed.xml"), "Đà Nẵng đón năm mới với lễ hội ánh sáng")
    permalink = BASE_URL + "2024/01/da-nang-don-nam-moi-voi-le-hoi-anh-sang/"
    assert entry.link == permalink
    assert entry.id == permalink
    items = ET.parse(out / "feed.xml").getroot().find("channel").findall("item")
    guid = next(i.find("guid") for i in items if i.findtext("link") == permalink)
    assert guid.text == permalink and guid.get("isPermaLink", "true") == "true"
    assert calendar.timegm(entry.published_parsed) == calendar.timegm((2023, 12, 31, 17, 45, 0))
    assert entry.summary == "Hàng vạn người dân và du khách đón năm mới bên sông Hàn."
    assert [a.name for a in entry.authors] == ["Ngọc Hà", "Văn Dũng"]
    terms = {t.term for t in entry.tags}
    assert {"Văn hóa", "lễ hội", "du lịch", "Trương Quốc Bảo", "Thành đoàn Đà Nẵng"} <= terms
    [enclosure] = entry.enclosures
    assert enclosure.href == BASE_URL + "photos/le-hoi.jpg"  # the lead photo, not the body's
    assert enclosure.type == "image/jpeg"
    assert int(enclosure.length) == len(PHOTO)


def test_feed_item_without_summary_uses_first_paragraph(out: Path) -> None:
    entry = item_by_title(feed(out, "/feed.xml"), "Sông Hàn Đà Nẵng lên hạng Nhất")
    assert entry.summary == "Đội bóng nữ Sông Hàn Đà Nẵng giành quyền lên hạng Nhất."
    assert entry.author == "Văn Dũng"
    assert not entry.get("enclosures")


@pytest.mark.parametrize(
    ("page", "title", "items"),
    [
        ("/nhan-vat/truong-quoc-bao/", "Trương Quốc Bảo", ["Đà Nẵng đón năm mới với lễ hội ánh sáng", "Sông Hàn Đà Nẵng lên hạng Nhất"]),
        ("/to-chuc/thong-tan-xa-viet-nam/", "Thông tấn xã Việt Nam", ["Đà Nẵng đón năm mới với lễ hội ánh sáng"]),
        ("/to-chuc/thanh-doan-da-nang/", "Thành đoàn Đà Nẵng", ["Đà Nẵng đón năm mới với lễ hội ánh sáng"]),
        ("/tac-gia/van-dung/", "Văn Dũng", ["Đà Nẵng đón năm mới với lễ hội ánh sáng", "Sông Hàn Đà Nẵng lên hạng Nhất"]),
        ("/chu-de/bong-da-nu/", "bóng đá nữ", ["Sông Hàn Đà Nẵng lên hạng Nhất"]),
        ("/chuyen-muc/the-thao/", "Thể thao", ["Sông Hàn Đà Nẵng lên hạng Nhất", "Tin cũ nhất"]),
    ],
)
def test_entity_feeds(out: Path, page: str, title: str, items: list[str]) -> None:
    parsed = feed(out, page + "feed.xml")
    assert parsed.feed.title.startswith(title)
    assert parsed.feed.link == BASE_URL + page.lstrip("/")
    assert parsed.feed.language == "vi"
    root = ET.parse(page_file(out, page + "feed.xml")).getroot().find("channel")
    assert [l.get("href") for l in root.findall(f"{ATOM}link") if l.get("rel") == "self"] == [BASE_URL + page.lstrip("/") + "feed.xml"]
    assert [e.title for e in parsed.entries] == items
    for entry in parsed.entries:
        assert entry.published_parsed is not None
        assert entry.link.startswith(BASE_URL)
    link = soup(out, page).find("link", rel="alternate", type="application/rss+xml", href=page + "feed.xml")
    assert link is not None


MEDIA = "{http://search.yahoo.com/mrss/}"


def test_media_rss_gives_each_photo_with_its_caption_credit_and_thumbnail(out: Path) -> None:
    title = "Đà Nẵng đón năm mới với lễ hội ánh sáng"
    entry = item_by_title(feed(out, "/feed.xml"), title)
    assert entry.summary == "Hàng vạn người dân và du khách đón năm mới bên sông Hàn."  # the captions do not replace it
    # The lead photo first, the default; each by its largest derivative, with its size.
    assert [urlsplit(c["url"]).path for c in entry.media_content] == ["/photos/le-hoi.480w.jpg", "/photos/than-bai.480w.jpg"]
    lead = entry.media_content[0]
    assert (lead["medium"], lead["type"], lead["width"], lead["height"], lead["isdefault"]) == ("image", "image/jpeg", "480", "320", "true")
    assert [c["content"] for c in entry.media_credit] == ["Ngọc Hà/TTXVN", "Văn Dũng/TTXVN"]
    assert [urlsplit(t["url"]).path for t in entry.media_thumbnail] == ["/photos/le-hoi.480w.jpg", "/photos/than-bai.480w.jpg"]
    for address in [c["url"] for c in entry.media_content] + [t["url"] for t in entry.media_thumbnail]:
        assert address.startswith(BASE_URL) and page_file(out, urlsplit(address).path).is_file(), address
    # Each caption and credit inside its own photo's media:content.
    item = next(i for i in ET.parse(out / "feed.xml").getroot().iter("item") if i.findtext("title") == title)
    photos = [(c.findtext(f"{MEDIA}description"), c.findtext(f"{MEDIA}credit")) for c in item.findall(f"{MEDIA}content")]
    assert photos == [("Lễ hội.", "Ngọc Hà/TTXVN"), ("Pháo hoa.", "Văn Dũng/TTXVN")]
    assert item.find(f"{MEDIA}content/{MEDIA}description").get("type") == "plain"


def test_media_rss_in_entity_feeds_and_none_without_photos(out: Path) -> None:
    entry = item_by_title(feed(out, "/nhan-vat/truong-quoc-bao/feed.xml"), "Đà Nẵng đón năm mới với lễ hội ánh sáng")
    assert [c["content"] for c in entry.media_credit] == ["Ngọc Hà/TTXVN", "Văn Dũng/TTXVN"]
    assert "media_content" not in item_by_title(feed(out, "/feed.xml"), "Sông Hàn Đà Nẵng lên hạng Nhất")


def _is_date_time(value: object) -> bool:
    try:
        return datetime.fromisoformat(str(value)).tzinfo is not None
    except ValueError:
        return False


# JSON Feed 1.1 (jsonfeed.org/version/1.1), its rules as a JSON Schema: the top-level keys, each
# item's id and its content_html or content_text required, addresses absolute, dates RFC 3339.
_URL = {"type": "string", "pattern": "^https?://"}
JSON_FEED_RULES = {
    "type": "object",
    "required": ["version", "title", "items"],
    "properties": {
        "version": {"const": "https://jsonfeed.org/version/1.1"},
        "title": {"type": "string"},
        "home_page_url": _URL,
        "feed_url": _URL,
        "description": {"type": "string"},
        "favicon": _URL,
        "language": {"type": "string"},
        "authors": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "url": _URL}}},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["id"],
                "anyOf": [{"required": ["content_html"]}, {"required": ["content_text"]}],
                "properties": {
                    "id": {"type": "string"},
                    "url": _URL,
                    "title": {"type": "string"},
                    "content_text": {"type": "string"},
                    "image": _URL,
                    "date_published": {"type": "string", "format": "date-time"},
                    "date_modified": {"type": "string", "format": "date-time"},
                    "authors": {"type": "array", "items": {"type": "object", "required": ["name"]}},
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "language": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
    "additionalProperties": False,
}


def test_json_feed_lists_what_the_rss_lists(out: Path) -> None:
    data = json.loads((out / "feed.json").read_bytes())
    checker = FormatChecker(formats=())
    checker.checks("date-time")(_is_date_time)
    assert [e.message for e in Draft202012Validator(JSON_FEED_RULES, format_checker=checker).iter_errors(data)] == []
    assert (data["home_page_url"], data["feed_url"], data["language"]) == (BASE_URL, BASE_URL + "feed.json", "vi")
    rss = feed(out, "/feed.xml")
    assert [item["title"] for item in data["items"]] == [e.title for e in rss.entries]
    item = data["items"][0]
    permalink = BASE_URL + "2024/01/da-nang-don-nam-moi-voi-le-hoi-anh-sang/"
    assert item["id"] == item["url"] == permalink
    assert item["content_text"] == "Hàng vạn người dân và du khách đón năm mới bên sông Hàn."  # the lede, as the RSS
    assert item["date_published"] == "2024-01-01T00:45:00+07:00"
    assert [a["name"] for a in item["authors"]] == ["Ngọc Hà", "Văn Dũng"]
    assert {"Văn hóa", "lễ hội", "Trương Quốc Bảo"} <= set(item["tags"])
    assert page_file(out, urlsplit(item["image"]).path).is_file()
    assert data["items"][1]["date_modified"] == "2024-01-02T08:00:00+07:00"


def test_atom_feed_lists_what_the_rss_lists(out: Path) -> None:
    parsed = feed(out, "/atom.xml")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "Lưu trữ Tin Thử nghiệm" and parsed.feed.link == BASE_URL
    assert [l.href for l in parsed.feed.links if l.rel == "self"] == [BASE_URL + "atom.xml"]
    assert [e.title for e in parsed.entries] == [e.title for e in feed(out, "/feed.xml").entries]
    entry = parsed.entries[0]
    assert entry.id == entry.link == BASE_URL + "2024/01/da-nang-don-nam-moi-voi-le-hoi-anh-sang/"
    assert entry.summary == "Hàng vạn người dân và du khách đón năm mới bên sông Hàn."
    assert [a.name for a in entry.authors] == ["Ngọc Hà", "Văn Dũng"]
    assert calendar.timegm(entry.published_parsed) == calendar.timegm((2023, 12, 31, 17, 45, 0))
    assert calendar.timegm(parsed.entries[1].updated_parsed) == calendar.timegm((2024, 1, 2, 1, 0, 0))


def test_the_home_page_names_every_format_of_the_site_feed(out: Path) -> None:
    head = soup(out, "/").head
    alternates = {l["type"]: l["href"] for l in head.find_all("link", rel="alternate")}
    assert alternates == {"application/rss+xml": "/feed.xml", "application/feed+json": "/feed.json", "application/atom+xml": "/atom.xml"}
    assert not soup(out, "/chu-de/du-lich/").head.find("link", type="application/feed+json")


def test_registry_description_in_entity_feed(out: Path) -> None:
    assert feed(out, "/to-chuc/thong-tan-xa-viet-nam/feed.xml").feed.subtitle == "Cơ quan thông tấn quốc gia."


def test_every_page_points_at_the_site_feed(out: Path) -> None:
    for path in out.rglob("*.html"):
        page = BeautifulSoup(path.read_text("utf-8"), "html5lib")
        feeds = [l["href"] for l in page.find_all("link", rel="alternate", type="application/rss+xml")]
        assert "/feed.xml" in feeds, path


def test_feeds_are_reproducible(tmp_path: Path) -> None:
    one = build(write_site(tmp_path / "a", SITE), tmp_path / "out-a")
    two = build(write_site(tmp_path / "b", SITE), tmp_path / "out-b")
    assert (one / "feed.xml").read_bytes() == (two / "feed.xml").read_bytes()
    assert (one / "sitemap.xml").read_bytes() == (two / "sitemap.xml").read_bytes()


# ---- sitemap ----------------------------------------------------------------------


def test_sitemap_lists_every_page_with_lastmod(out: Path) -> None:
    locs = sitemap_locs(out)
    pages = set()
    for path in out.rglob("*.html"):
        relative = path.relative_to(out).as_posix()
        if relative == "404.html" or soup(out, "/" + relative).find("meta", attrs={"name": "robots", "content": "noindex"}):
            continue  # the corrections page of a site without corrections is one
        pages.add(BASE_URL + relative.removesuffix("index.html"))
    assert set(locs) == pages
    for must in (
        BASE_URL,
        BASE_URL + "2024/01/da-nang-don-nam-moi-voi-le-hoi-anh-sang/",
        BASE_URL + "nhan-vat/truong-quoc-bao/",
        BASE_URL + "to-chuc/thong-tan-xa-viet-nam/",
        BASE_URL + "tac-gia/ngoc-ha/",
        BASE_URL + "chu-de/le-hoi/",
        BASE_URL + "chuyen-muc/van-hoa/",
        BASE_URL + "nhan-vat/",
        BASE_URL + "to-chuc/",
        BASE_URL + "2023/",
        BASE_URL + "2023/12/",
    ):
        assert must in locs, must
    assert BASE_URL + "404.html" not in locs
    assert all(lastmod for lastmod in locs.values())
    assert locs[BASE_URL + "2023/12/song-han-da-nang-len-hang-nhat/"].startswith("2024-01-02T08:00:00")


def test_sitemap_of_a_site_served_from_a_sub_path(make_site: SiteMaker) -> None:
    site = make_site(
        {"content/articles/tin-hue.md": article("Tin Huế", "2024-01-08", section="Thời sự")},
        config="title: Kho tin\nbase_url: https://example.vn/luu-tru/\n",
    )
    out = build(site)
    locs = sitemap_locs(out)
    assert "https://example.vn/luu-tru/2024/01/tin-hue/" in locs
    assert "https://example.vn/luu-tru/" in locs
    parsed = feed(out, "/feed.xml")
    assert parsed.feed.link == "https://example.vn/luu-tru/"
    assert parsed.entries[0].link == "https://example.vn/luu-tru/2024/01/tin-hue/"
    # Links inside pages carry the sub-path too.
    page = soup(out, "/2024/01/tin-hue/")
    assert page.find("a", href="/luu-tru/chuyen-muc/thoi-su/") is not None
    assert page.find("link", rel="canonical")["href"] == "https://example.vn/luu-tru/2024/01/tin-hue/"
    # The other formats of the site's feed, and the corrections page, are under the sub-path too.
    data = json.loads((out / "feed.json").read_bytes())
    assert (data["feed_url"], data["items"][0]["url"]) == ("https://example.vn/luu-tru/feed.json", "https://example.vn/luu-tru/2024/01/tin-hue/")
    atom = feed(out, "/atom.xml")
    assert [l.href for l in atom.feed.links if l.rel == "self"] == ["https://example.vn/luu-tru/atom.xml"]
    assert atom.entries[0].link == "https://example.vn/luu-tru/2024/01/tin-hue/"
    home = soup(out, "/")
    assert {l["href"] for l in home.head.find_all("link", rel="alternate")} == {"/luu-tru/feed.xml", "/luu-tru/feed.json", "/luu-tru/atom.xml"}
    assert home.find("footer").find("a", href="/luu-tru/dinh-chinh/") is not None
    assert feed(out, "/dinh-chinh/feed.xml").feed.link == "https://example.vn/luu-tru/dinh-chinh/"


def test_robots_txt_of_a_site_under_a_sub_path_says_where_its_lines_belong() -> None:
    from dvarchive.core.config import SiteConfig
    from dvarchive.stages.feeds import robots_job

    at_root = robots_job(SiteConfig(title="t", base_url="https://x.vn/")).make().decode("utf-8")
    assert at_root.splitlines()[:2] == ["User-agent: *", "Allow: /"] and "#" not in at_root
    under = robots_job(SiteConfig(title="t", base_url="https://example.org/luu-tru/")).make().decode("utf-8")
    lines = under.splitlines()
    assert lines[0].startswith("# ") and "robots.txt ở gốc tên miền" in lines[0]
    assert "Allow: /luu-tru/" in lines
    assert "Sitemap: https://example.org/luu-tru/sitemap.xml" in lines
    assert "Sitemap: https://example.org/luu-tru/sitemap-news.xml" in lines
