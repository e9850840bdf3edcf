"""Two outputs at one file: whatever made them, an error naming both, the last site kept.

Before, the later one silently won: ``urls: {people: '2025'}`` put the
people A–Z where the 2025 archive was, a static file replaced a page.
"""

from __future__ import annotations

import pytest

from ..conftest import DEFAULT_CONFIG, article
from ._support import BuiltSite, run_cli

CONFIG_LINE = len(DEFAULT_CONFIG.splitlines()) + 2  # a word under urls:


@pytest.mark.parametrize(
    ("words", "contains"),
    [
        ("people: '2024'", "lưu trữ năm 2024"),
        ("organisations: '1999'", "lưu trữ năm 1999"),
        ("people: to-chuc", "urls.organisations"),
        ("tags: nhan-vat", "urls.people"),
        ("page: tim-kiem", "urls.search"),
        ("search: Chu-De", "urls.tags"),
        ("search: pagefind", "/pagefind/"),
        ("people: photos", "/photos/"),
    ],
    ids=["year", "other-year", "people-as-organisations", "tags-as-people", "page-as-search", "case", "pagefind", "photos"],
)
def test_a_url_word_that_would_take_other_pages(built: BuiltSite, words: str, contains: str) -> None:
    built.write("dvarchive.yaml", f"{DEFAULT_CONFIG}urls:\n  {words}\n")
    built.fail("dvarchive.yaml", CONFIG_LINE, contains)


def test_two_written_words_alike_are_reported_at_the_later(built: BuiltSite) -> None:
    built.write("dvarchive.yaml", f"{DEFAULT_CONFIG}urls:\n  tags: x\n  people: x\n")
    built.fail("dvarchive.yaml", CONFIG_LINE + 1, "urls.tags")


def test_swapped_words_are_fine(built: BuiltSite) -> None:
    built.write("dvarchive.yaml", f"{DEFAULT_CONFIG}urls:\n  people: to-chuc\n  organisations: nhan-vat\n")
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    assert "Đỗ Quang Vinh" in (built.output / "to-chuc" / "index.html").read_text("utf-8")
    assert "UBND quận Cầu Giấy" in (built.output / "nhan-vat" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("static", "contains"),
    [
        ("2024/index.html", "lưu trữ năm 2024 (/2024/)"),
        ("2024/01/cau/index.html", 'bài "Hà Nội khởi công cầu đi bộ"'),
        ("nhan-vat/index.html", "trang Nhân vật A–Z (/nhan-vat/)"),
        ("index.html", "trang chủ (/)"),
        ("page/2/index.html", None),
        ("feed.xml", "nguồn RSS"),
        ("feed.json", "nguồn JSON Feed (/feed.json)"),
        ("atom.xml", "nguồn Atom (/atom.xml)"),
        ("2024/01/cau/index.json", 'bản ninjs của bài "Hà Nội khởi công cầu đi bộ" (/2024/01/cau/index.json)'),
        ("dinh-chinh/index.html", "trang đính chính (/dinh-chinh/)"),
        ("dinh-chinh/feed.xml", "nguồn RSS của trang đính chính"),
        ("nhan-vat/do-quang-vinh/feed.xml", "nguồn RSS của trang /nhan-vat/do-quang-vinh/"),
        ("sitemap.xml", "sơ đồ trang"),
        ("robots.txt", "robots.txt"),
        ("404.html", "trang 404"),
        ("tim-kiem/index.html", "trang tìm kiếm"),
        ("nginx-redirects.conf", "tệp chuyển hướng"),
        ("photos/cau.jpg", "ảnh content/photos/cau.jpg"),
        (".dvarchive-manifest.json", "dvarchive"),
        (".dvarchive-published.json", "dvarchive"),
        ("pagefind/pagefind.js", "dành cho chỉ mục tìm kiếm"),
        ("pagefind", "dành cho chỉ mục tìm kiếm"),
        ("2024", "nằm đúng chỗ thư mục /2024/"),
        ("nhan-vat/do-quang-vinh", "trang của nhân vật Đỗ Quang Vinh"),
        ("sitemap.xml/x", "sơ đồ trang"),
    ],
)
def test_a_static_file_where_the_build_writes(built: BuiltSite, static: str, contains: str | None) -> None:
    if static == "page/2/index.html":  # the home page's second page: a site with more articles than per_page
        built.write("dvarchive.yaml", DEFAULT_CONFIG + "per_page: 1\n")
        contains = "trang 2 của trang chủ (/page/2/)"
    built.write(f"static/{static}", "<p>tệp tĩnh</p>")
    built.fail(f"static/{static}", None, contains)


def test_an_old_address_where_the_build_writes_a_file(built: BuiltSite) -> None:
    built.write("static/tin-cu.html", "<p>tệp tĩnh</p>")
    built.write(
        "content/articles/2024/02/moi.md",
        article("Bài mới", "2024-02-01", aliases=["/tin-cu.html", "/robots.txt/", "/pagefind/"]),
    )
    built.fail("static/tin-cu.html", None, "trang chuyển hướng từ địa chỉ cũ /tin-cu.html")
    # "/robots.txt/" needs a folder where robots.txt is; "/pagefind/" is the search's.
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 1
    rows = {row.split(": error: ")[0]: row for row in err.splitlines() if ": error: " in row}
    assert "địa chỉ cũ /robots.txt/" in rows["content/articles/2024/02/moi.md:6"]
    assert "thư mục /pagefind/, dành cho chỉ mục tìm kiếm" in rows["content/articles/2024/02/moi.md:7"]
    built.assert_intact()


def test_every_collision_is_reported_at_once(built: BuiltSite) -> None:
    for name in ("feed.xml", "sitemap.xml", "2024/01/index.html"):
        built.write(f"static/{name}", "x")
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 1
    culprits = sorted(row.split(":")[0] for row in err.splitlines() if ": error: " in row)
    assert culprits == ["static/2024/01/index.html", "static/feed.xml", "static/sitemap.xml"], err
    built.assert_intact()


def test_without_search_the_search_folder_is_still_kept_free(built: BuiltSite) -> None:
    built.write("static/pagefind/x.js", "x")
    code, _, err = run_cli(["build", str(built.site), "--no-search"], built.capsys)
    assert code == 1 and "static/pagefind/x.js: error:" in err


def test_a_photo_named_like_another_photos_smaller_copy(built: BuiltSite) -> None:
    """``cau.jpg`` 1000 px wide gets ``cau.480w.jpg`` beside it in the output: a photo of that name collides."""
    import io

    from PIL import Image

    wide = io.BytesIO()
    Image.new("RGB", (1000, 600), (90, 120, 150)).save(wide, "JPEG")
    built.write("content/photos/cau.jpg", wide.getvalue())
    built.write("static/photos/cau.960w.webp", "x")
    built.write(
        "content/articles/2024/02/anh.md",
        article("Ảnh", "2024-02-01", photos=[{"src": "photos/cau.480w.jpg"}]),
    )
    built.write("content/photos/cau.480w.jpg", wide.getvalue())
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 1, err
    rows = {row.split(": error: ")[0]: row for row in err.splitlines() if ": error: " in row}
    assert "bản thu nhỏ /photos/cau.960w.webp của ảnh content/photos/cau.jpg" in rows["static/photos/cau.960w.webp"]
    assert "bản thu nhỏ /photos/cau.480w.jpg của ảnh content/photos/cau.jpg" in rows["content/photos/cau.480w.jpg"]
    built.assert_intact()


@pytest.mark.parametrize(
    ("static", "contains"),
    [("Robots.txt", "tệp robots.txt"), ("css/SITE.css", "css/site.css"), ("photos/Cau.jpg", "ảnh content/photos/cau.jpg")],
)
def test_two_files_that_differ_only_in_case_are_one_on_windows_and_macos(
    built: BuiltSite, static: str, contains: str
) -> None:
    """Linux keeps both; Windows and macOS fold case, and one would overwrite the other there."""
    built.write(f"static/{static}", "tệp tĩnh")
    row = built.fail(f"static/{static}", None, contains)
    assert "chữ hoa, chữ thường" in row and "Windows" in row


def test_a_photo_named_in_nfd_beside_its_nfc_twin_is_one_file_on_macos(built: BuiltSite) -> None:
    """The same name with its marks encoded two ways (NFC, NFD): two files on Linux, one on macOS."""
    import unicodedata

    from ..conftest import JPEG

    nfc, nfd = unicodedata.normalize("NFC", "ảnh.jpg"), unicodedata.normalize("NFD", "ảnh.jpg")
    built.write(f"content/photos/{nfc}", JPEG)
    built.write(f"static/photos/{nfd}", JPEG)
    built.write("content/articles/2024/02/anh.md", article("Bài có ảnh", "2024-02-01", photos=[{"src": f"photos/{nfc}", "credit": "TTXVN"}]))
    row = built.fail(f"static/photos/{nfd}", None, "cách ghi dấu")
    assert "Windows" in row
