"""What search engines, social networks and phones get: structured data,
sharing tags, the news sitemap, and photos in several sizes."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from dvarchive import build_site
from dvarchive.core.config import SiteConfig
from dvarchive.core.jobs import PageJob
from dvarchive.stages.feeds import SITEMAP_LIMIT, sitemap_jobs

from .conftest import SiteMaker, article, soup

PEOPLE = "- name: Trần Văn Ân\n  description: Chủ tịch tỉnh.\n  aliases: [đồng chí Trần Văn Ân]\n"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def jpeg(width: int, height: int, orientation: int | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    out = BytesIO()
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture
def site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/people.yaml": PEOPLE,
            "content/photos/lon.jpg": jpeg(2000, 1000),
            "content/photos/xoay.jpg": jpeg(600, 900, orientation=6),
            "content/articles/khanh-thanh-script-b-cau-b.md": article(
                "Khánh thành </script><b>cầu</b>",
                "2024-01-08T09:30:00+07:00",
                "Mở đầu.\n\n![](photos/xoay.jpg)\n\nKết.",
                section="Thời sự",
                summary="Cầu mới nối hai bờ.",
                author="Minh Hưng",
                agency="TTXVN",
                people=[{"name": "Trần Văn Ân", "title": "Chủ tịch tỉnh"}],
                organisations=["Sở Giao thông"],
                tags=["giao thông"],
                updated="2024-01-09T10:00:00+07:00",
                photos=[{"src": "photos/lon.jpg", "caption": "Cây cầu."}, {"src": "photos/xoay.jpg", "caption": "Xoay."}],
            ),
            "content/articles/tin-cu.md": article("Tin cũ", "2024-01-01T08:00:00+07:00"),
        }
    )


def json_ld(page) -> list[dict]:  # type: ignore[no-untyped-def]
    return [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]


def test_news_article_structured_data(site: Path) -> None:
    out = build_site(site).output
    page = soup(out, "/2024/01/khanh-thanh-script-b-cau-b/")
    (data,) = json_ld(page)
    assert data["@type"] == "NewsArticle" and data["headline"] == "Khánh thành </script><b>cầu</b>"
    assert data["datePublished"] == "2024-01-08T09:30:00+07:00" and data["dateModified"] == "2024-01-09T10:00:00+07:00"
    assert data["author"] == [{"@type": "Person", "name": "Minh Hưng", "url": "https://tin.example.vn/tac-gia/minh-hung/"}]
    assert data["publisher"]["@type"] == "Organization" and data["publisher"]["logo"]["url"].endswith("/images/logo.png")
    assert data["articleSection"] == "Thời sự" and data["inLanguage"] == "vi"
    assert data["image"][0] == "https://tin.example.vn/photos/lon.jpg"
    # With the title the article gives him (see test_people.py for the registry's roles).
    person = {"@type": "Person", "name": "Trần Văn Ân", "url": "https://tin.example.vn/nhan-vat/tran-van-an/", "jobTitle": "Chủ tịch tỉnh"}
    assert person in data["about"]
    assert any(t["@type"] == "Organization" and t["name"] == "Sở Giao thông" for t in data["about"])
    assert "</script>" not in page.find("script", type="application/ld+json").decode_contents()


def test_sharing_tags_and_canonical(site: Path) -> None:
    out = build_site(site).output
    page = soup(out, "/2024/01/khanh-thanh-script-b-cau-b/")

    def meta(attribute: str, key: str) -> list[str]:
        return [m["content"] for m in page.find_all("meta", attrs={attribute: key})]

    assert meta("property", "og:type") == ["article"]
    assert meta("property", "og:title") == ["Khánh thành </script><b>cầu</b>"]
    assert meta("property", "og:url") == ["https://tin.example.vn/2024/01/khanh-thanh-script-b-cau-b/"]
    assert meta("property", "og:image") == ["https://tin.example.vn/photos/lon.jpg"]
    assert meta("property", "article:published_time") == ["2024-01-08T09:30:00+07:00"]
    assert meta("name", "twitter:card") == ["summary_large_image"]
    assert page.find("link", rel="canonical")["href"] == "https://tin.example.vn/2024/01/khanh-thanh-script-b-cau-b/"


def test_person_page_structured_data(site: Path) -> None:
    out = build_site(site).output
    (data,) = json_ld(soup(out, "/nhan-vat/tran-van-an/"))
    assert data["@type"] == "Person" and data["name"] == "Trần Văn Ân"
    assert data["description"] == "Chủ tịch tỉnh." and data["alternateName"] == ["đồng chí Trần Văn Ân"]
    assert data["jobTitle"] == "Chủ tịch tỉnh"


def test_news_sitemap_holds_the_last_two_days(site: Path) -> None:
    # Two days back from the build's clock (tests/test_publishing.py: as the clock moves).
    out = build_site(site, now=datetime(2024, 1, 9, 12, 0, tzinfo=timezone(timedelta(hours=7)))).output
    root = ET.parse(out / "sitemap-news.xml").getroot()
    titles = [el.text for el in root.iter(NEWS + "title")]
    assert titles == ["Khánh thành </script><b>cầu</b>"]  # b.md is a week older
    assert [el.text for el in root.iter(NEWS + "language")] == ["vi"]
    robots = (out / "robots.txt").read_text("utf-8")
    assert "Sitemap: https://tin.example.vn/sitemap-news.xml" in robots


def test_sitemap_becomes_an_index_past_its_limit() -> None:
    config = SiteConfig(title="t", base_url="https://x.vn/")
    pages = [PageJob(f"{i}/index.html", lambda: b"", lambda: b"", url=f"/{i}/") for i in range(5)]
    jobs = sitemap_jobs(config, pages, limit=2)
    assert [job.path for job in jobs] == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(jobs[-1].make())
    assert index.tag.endswith("sitemapindex") and len(index) == 3
    assert len(ET.fromstring(jobs[0].make())) == 2
    assert SITEMAP_LIMIT == 50_000
    assert [job.path for job in sitemap_jobs(config, pages)] == ["sitemap.xml"]


def test_photos_in_several_sizes_upright_with_dimensions(site: Path) -> None:
    out = build_site(site).output
    page = soup(out, "/2024/01/khanh-thanh-script-b-cau-b/")
    lead = page.find("figure", class_="lead").find("img")
    assert lead["width"] == "2000" and lead["height"] == "1000" and lead.get("loading") is None
    assert [c.split()[1] for c in lead["srcset"].split(", ")] == ["480w", "960w", "1600w"]
    webp = page.find("figure", class_="lead").find("source", type="image/webp")
    assert webp["srcset"].count(".webp") == 3
    for candidate in lead["srcset"].split(", "):
        url, width = candidate.split()
        with Image.open(out / url.lstrip("/")) as image:
            assert image.width == int(width[:-1])
    body_figure = page.find("div", class_="body").find("img")
    assert body_figure["loading"] == "lazy"
    # 600×900 stored, EXIF orientation 6: the reader sees it 900×600.
    assert body_figure["width"] == "900" and body_figure["height"] == "600"
    with Image.open(out / "photos/xoay.900w.jpg") as upright:
        assert upright.size == (900, 600)


def test_an_unchanged_photo_is_never_encoded_twice(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(site)
    (site / "content/articles/b.md").write_text(article("Tin cũ đã sửa", "2024-01-01T08:00:00+07:00"), "utf-8")
    from dvarchive.stages import images

    def refuse(*args: object) -> None:
        raise AssertionError("a photo was encoded again")

    monkeypatch.setattr(images, "_encode", refuse)
    build_site(site)
    build_site(site, site.parent / "elsewhere", clean=True)  # even into another folder, even --clean
