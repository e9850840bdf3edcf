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

from .conftest import SiteMaker, article, build_errors, soup

PEOPLE = "- name: Trần Văn Ân\n  description: Chủ tịch tỉnh.\n  aliases: [đồng chí Trần Văn Ân]\n"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


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
    day = [datetime(2024, 1, d, tzinfo=timezone.utc) for d in (9, 3, 4, 1, 2)]
    pages = [PageJob(f"{i}/index.html", lambda: b"", lambda: b"", url=f"/{i}/", lastmod=day[i]) for i in range(5)]
    jobs = sitemap_jobs(config, pages, limit=2)
    assert [job.path for job in jobs] == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml"]
    index = ET.fromstring(jobs[-1].make())
    assert index.tag.endswith("sitemapindex") and len(index) == 3
    # Each part with the last change of its own pages.
    assert [el.text for el in index.iter(SITEMAP + "lastmod")] == ["2024-01-09T00:00:00+00:00", "2024-01-04T00:00:00+00:00", "2024-01-02T00:00:00+00:00"]
    assert len(ET.fromstring(jobs[0].make())) == 2
    assert SITEMAP_LIMIT == 50_000
    assert [job.path for job in sitemap_jobs(config, pages)] == ["sitemap.xml"]


def test_a_new_article_rewrites_the_last_part_of_the_sitemap_not_every_part() -> None:
    """Articles and lasting pages first, in the order they began; the pages every new article
    changes last: an archive of 300,000 articles has ten parts of 8.5 MB each."""
    config = SiteConfig(title="t", base_url="https://x.vn/")
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)

    def article(n: int) -> PageJob:  # the newer the article, the earlier its address sorts
        at = start + timedelta(hours=n)
        return PageJob(f"{n}.html", lambda: b"", lambda: b"", url=f"/2024/01/{'z' * (40 - n)}/", lastmod=at, since=at)

    def front_pages(newest: int) -> list[PageJob]:
        at = start + timedelta(hours=newest)
        return [PageJob(f"{tag}.html", lambda: b"", lambda: b"", url=f"/chu-de/{tag}/", lastmod=at) for tag in "abcde"]

    def parts(count: int) -> list[bytes]:
        return [job.make() for job in sitemap_jobs(config, [*map(article, range(count)), *front_pages(count - 1)], limit=10)]

    before, after = parts(30), parts(31)
    assert len(before) == len(after) == 5  # four parts and the index
    assert [b == a for b, a in zip(before, after)] == [True, True, True, False, False]
    urls = [el.text for el in ET.fromstring(after[0]).iter(SITEMAP + "loc")]
    assert urls[0] == "https://x.vn/2024/01/" + "z" * 40 + "/"  # the oldest article first


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
    # 600×900 stored, EXIF orientation 6: the reader sees it 900×600; the 480 copy is
    # turned upright, the original (its own width) keeps its EXIF, which browsers follow.
    assert body_figure["width"] == "900" and body_figure["height"] == "600"
    assert [c.split() for c in body_figure["srcset"].split(", ")] == [["/photos/xoay.480w.jpg", "480w"], ["/photos/xoay.jpg", "900w"]]
    with Image.open(out / "photos/xoay.480w.jpg") as upright:
        assert upright.size == (480, 320)
    assert not (out / "photos/xoay.900w.jpg").exists()  # no copy as large as the original


def test_an_unchanged_photo_is_never_encoded_twice(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build_site(site)
    (site / "content/articles/b.md").write_text(article("Tin cũ đã sửa", "2024-01-01T08:00:00+07:00"), "utf-8")
    from dvarchive.stages import images

    def refuse(*args: object) -> None:
        raise AssertionError("a photo was encoded again")

    monkeypatch.setattr(images, "encode", refuse)
    build_site(site)
    build_site(site, site.parent / "elsewhere", clean=True)  # even into another folder, even --clean


def _no_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    from dvarchive.stages import images

    def refuse(*args: object) -> None:
        raise AssertionError("a photo was encoded again")

    monkeypatch.setattr(images, "encode", refuse)


def test_a_photo_renamed_or_used_again_is_not_encoded_again(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The store keeps a photo's copies by its content: a new name is only a new copy in the output."""
    build_site(site)
    (site / "content/photos/lon.jpg").rename(site / "content/photos/cau-moi.jpg")
    (site / "content/photos/ban-sao.jpg").write_bytes((site / "content/photos/cau-moi.jpg").read_bytes())
    for name, photo in (("cau.md", "cau-moi"), ("ban-sao.md", "ban-sao")):
        (site / "content/articles" / name).write_text(
            article(f"Tin ảnh {photo}", "2024-01-02T08:00:00+07:00", photos=[{"src": f"photos/{photo}.jpg", "caption": "Cầu."}]), "utf-8"
        )
    text = (site / "content/articles/khanh-thanh-script-b-cau-b.md").read_text("utf-8")
    (site / "content/articles/khanh-thanh-script-b-cau-b.md").write_text(text.replace("photos/lon.jpg", "photos/cau-moi.jpg"), "utf-8")
    _no_encoding(monkeypatch)
    out = build_site(site).output
    for stem in ("cau-moi", "ban-sao"):
        with Image.open(out / f"photos/{stem}.1600w.jpg") as copy:
            assert copy.size == (1600, 800)


def test_a_fresh_checkout_with_the_photo_store_restored_encodes_nothing(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As CI with its cache restored: another folder, new modification times, only the store kept."""
    store = tmp_path / "shared-store"
    config = f"title: T\nbase_url: https://tin.example.vn/\nphoto_store: {store}\n"
    files = {
        "content/photos/a.jpg": jpeg(1200, 800),
        "content/articles/a.md": article("Tin có ảnh", "2024-01-02T08:00:00+07:00", photos=[{"src": "photos/a.jpg", "caption": "Ảnh."}]),
    }
    first = build_site(make_site(files, config=config, name="may-mot")).output
    _no_encoding(monkeypatch)
    second = build_site(make_site(files, config=config, name="may-hai")).output
    assert (second / "photos/a.960w.webp").read_bytes() == (first / "photos/a.960w.webp").read_bytes()


def test_a_small_photo_is_published_as_it_is(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    """Narrower than the smallest size: nothing to make, the original alone, with its size."""
    site = make_site(
        {
            "content/photos/nho.jpg": jpeg(320, 213),
            "content/articles/a.md": article("Tin ảnh nhỏ", "2024-01-02T08:00:00+07:00", photos=[{"src": "photos/nho.jpg", "caption": "Nhỏ."}]),
        }
    )
    out = build_site(site).output
    img = soup(out, "/2024/01/a/").find("figure", class_="lead").find("img")
    assert img["src"] == "/photos/nho.jpg" and img["width"] == "320" and img["height"] == "213"
    assert img.get("srcset") is None and img.find_parent("picture") is None
    assert sorted(p.name for p in (out / "photos").iterdir()) == ["nho.jpg"]
    # Nothing in the store; the cache knows its size, so the next build does not open it.
    assert not any(path.is_file() for path in (site / ".dvarchive-cache/photos").rglob("*"))
    first = (out / "2024/01/a/index.html").read_bytes()
    (site / "content/articles/a.md").write_text((site / "content/articles/a.md").read_text("utf-8") + "\nThêm.\n", "utf-8")
    with monkeypatch.context() as patched:
        patched.setattr(Image, "open", lambda *args, **kwargs: pytest.fail("a known small photo was opened again"))
        build_site(site, clean=True)
    assert (out / "2024/01/a/index.html").read_bytes().replace(b"<p>Th\xc3\xaam.</p>\n", b"") == first
    # A new file under the same name is read again.
    (site / "content/photos/nho.jpg").write_bytes(jpeg(400, 300))
    img = soup(build_site(site).output, "/2024/01/a/").find("figure", class_="lead").find("img")
    assert img["width"] == "400" and img["height"] == "300"


def test_a_medium_photo_gets_the_smaller_sizes_and_serves_its_own(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/photos/vua.jpg": jpeg(1200, 800),
            "content/articles/a.md": article("Tin ảnh vừa", "2024-01-02T08:00:00+07:00", photos=[{"src": "photos/vua.jpg", "caption": "Vừa."}]),
        }
    )
    out = build_site(site).output
    figure = soup(out, "/2024/01/a/").find("figure", class_="lead")
    assert figure.find("img")["srcset"] == "/photos/vua.480w.jpg 480w, /photos/vua.960w.jpg 960w, /photos/vua.jpg 1200w"
    assert figure.find("source")["srcset"] == "/photos/vua.480w.webp 480w, /photos/vua.960w.webp 960w, /photos/vua.jpg 1200w"
    assert sorted(p.name for p in (out / "photos").iterdir()) == [
        "vua.480w.jpg", "vua.480w.webp", "vua.960w.jpg", "vua.960w.webp", "vua.jpg"
    ]
    for copy in (out / "photos").iterdir():  # a web server running as another user reads them
        assert copy.stat().st_mode & 0o044 == 0o044, copy.name


def test_copies_are_flattened_on_white_and_carry_no_metadata(make_site: SiteMaker) -> None:
    """A PNG's transparency becomes white (JPEG has none); GPS positions and camera data are dropped."""
    logo = Image.new("RGBA", (1000, 500), (0, 0, 0, 0))
    logo.paste((10, 120, 200, 255), (0, 0, 500, 500))
    png = BytesIO()
    logo.save(png, "PNG")
    photo = Image.new("RGB", (1000, 600), (90, 140, 60))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh Thử"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 30.0)}  # GPS
    with_exif = BytesIO()
    photo.save(with_exif, "JPEG", exif=exif.tobytes())
    site = make_site(
        {
            "content/photos/logo.png": png.getvalue(),
            "content/photos/gps.jpg": with_exif.getvalue(),
            "content/articles/a.md": article(
                "Tin hai ảnh", "2024-01-02T08:00:00+07:00",
                photos=[{"src": "photos/logo.png", "caption": "Logo."}, {"src": "photos/gps.jpg", "caption": "Ảnh có GPS."}],
            ),
        }
    )
    out = build_site(site).output
    with Image.open(out / "photos/logo.480w.jpg") as copy:
        assert copy.mode == "RGB" and copy.getpixel((400, 100)) >= (250, 250, 250)  # was transparent
        left = copy.getpixel((100, 100))
        assert abs(left[0] - 10) < 12 and abs(left[2] - 200) < 12
    for name in ("gps.480w.jpg", "gps.960w.jpg", "gps.480w.webp"):
        with Image.open(out / "photos" / name) as copy:
            assert not copy.getexif() and "exif" not in copy.info and "icc_profile" not in copy.info, name


def test_a_large_photo_cut_short_is_refused_at_its_line(make_site: SiteMaker) -> None:
    whole = BytesIO()
    Image.effect_noise((1600, 1000), 40).convert("RGB").save(whole, "JPEG", quality=90)
    site = make_site(
        {
            "content/photos/cut.jpg": whole.getvalue()[: len(whole.getvalue()) // 2],
            "content/articles/a.md": article("Tin ảnh hỏng", "2024-01-02T08:00:00+07:00", photos=[{"src": "photos/cut.jpg", "caption": "Hỏng."}]),
        }
    )
    errors = build_errors(site)
    assert len(errors) == 1 and "content/articles/a.md:" in errors[0] and "photos/cut.jpg" in errors[0]
    assert "không phải là ảnh đọc được" in errors[0]
