"""Photos and image URLs: no script URL in any output however it is encoded;
only raster photos (JPEG, PNG, WebP, GIF, AVIF, told by content) published;
an image too large to decode is a Vietnamese error, Pillow's English
warnings never reach the user.
"""

from __future__ import annotations

import json
import re
import warnings
from io import BytesIO

import pytest
from PIL import Image

from dvarchive.core.markdown import is_safe_link, make_markdown, render_body

from ..conftest import article, page_file
from ._support import (
    BAD_SCHEMES,
    BuiltSite,
    assert_feeds_parse,
    assert_nothing_executable,
    assert_reported,
    html_files,
    ld_json,
    parse_html,
    run_cli,
)

A_MD = "content/articles/2024/01/cau.md"  # the good site's article with a photo (GOOD_FILES)
B_MD = "content/articles/2024/01/anh.md"

# The src of an image as an editor (or an attacker) may write it; each means a script or inline data to a browser.
ENCODED = {
    "percent": "%6Aavascript:alert(1)",
    "entity-tab": "java&#x09;script:alert(2)",
    "entity-letter": "&#106;avascript:alert(3)",
    "entity-colon": "javascript&colon;alert(4)",
    "percent-tab-upper": "JAVA%09SCRIPT:alert(5)",
    "double-percent": "%256Aavascript:alert(6)",
    "vbscript-percent-colon": "VBScript%3Amsgbox(7)",
    "data-entity": "&#x64;ata:text/html,x",
    "zero-width": "java\u200bscript:alert(8)",
    "plain": "javascript:alert(9)",
    "data": "data:image/png;base64,iVBORw0KGgo=",
}


def squeezed(value: str) -> str:
    return re.sub(r"[\x00-\x20\u200b]+", "", value).lower()


def from_pillow(caught: list[warnings.WarningMessage]) -> list[str]:
    """The warnings Pillow raised (the build's own subprocess notices are not the image path's)."""
    return [f"{w.category.__name__}: {w.message}" for w in caught if "/PIL/" in w.filename.replace("\\", "/")]


def png(width: int, height: int) -> bytes:
    """A 1-bit PNG: huge in pixels, small on disk."""
    out = BytesIO()
    Image.new("1", (width, height)).save(out, "PNG")
    return out.getvalue()


def raster(kind: str) -> bytes:
    out = BytesIO()
    Image.new("RGB", (8, 8), (10, 120, 30)).save(out, kind)
    return out.getvalue()


SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>\n'
HTML = "<!doctype html><html><body><script>alert(document.cookie)</script></body></html>\n"


def body_article(body: str, draft: bool = False, **header: object) -> str:
    if draft:
        header["draft"] = True
    return article("Ảnh trong bài", "2024-01-10T08:00:00+07:00", body=body, **header)


# --- 1. no script URL behind an image -------------------------------------------------------------


@pytest.mark.parametrize("url", ENCODED.values(), ids=ENCODED.keys())
def test_is_safe_link_decodes_before_it_judges(url: str) -> None:
    assert not is_safe_link(url)


@pytest.mark.parametrize("url", ["photos/cau.jpg", "https://anh.example.vn/a.jpg", "C:/anh.jpg", "anh 1: cau.jpg"])
def test_is_safe_link_keeps_ordinary_addresses(url: str) -> None:
    assert is_safe_link(url)


@pytest.mark.parametrize("url", ENCODED.values(), ids=ENCODED.keys())
def test_the_renderer_never_makes_a_script_src(url: str) -> None:
    """Whatever the loader let through, and whatever the page's callback answers, no script src is made."""
    body = f"![riêng]({url})\n\nTrong dòng ![a]({url}) và ![b][r].\n\n[r]: {url}\n"
    html = render_body(make_markdown(False), body, lambda src, alt: None, lambda src: src, False)
    sources = re.findall(r'\ssrc="([^"]*)"', html)
    assert not [s for s in sources if squeezed(s).startswith(BAD_SCHEMES)], html
    assert "<img" not in html, html


@pytest.mark.parametrize("url", ENCODED.values(), ids=ENCODED.keys())
def test_a_script_image_is_an_error_at_its_line(built: BuiltSite, url: str) -> None:
    built.write(B_MD, body_article(f"Đoạn đầu.\n\n![]({url})\n"))
    built.fail(B_MD, 8, "không phải tệp trong content/ cũng không phải địa chỉ http(s)://")


def test_a_script_image_in_a_draft_is_an_error_too(built: BuiltSite) -> None:
    """Not a photo still to come: a draft is told at once, and nothing is built."""
    built.write(B_MD, body_article("Đoạn đầu.\n\nTrong dòng ![x](%6Aavascript:alert(1)).\n", draft=True))
    code, _, err = run_cli(["build", "--drafts", str(built.site)], built.capsys)
    assert code == 1
    assert_reported(err, B_MD, 9, 'ảnh "%6Aavascript:alert(1"')
    built.assert_intact()


def test_a_header_photo_with_a_script_url_is_an_error(built: BuiltSite) -> None:
    built.write(B_MD, body_article("Nội dung.", photos=[{"src": "java&#x09;script:alert(1)"}]))
    built.fail(B_MD, 5, "không phải tệp trong content/")


def test_a_draft_shows_no_image_the_loader_did_not_find(built: BuiltSite) -> None:
    """A draft's missing photo, a path out of content/ and reference-style script images: no <img> at all."""
    body = (
        "Đoạn đầu.\n\n![](../../etc/passwd)\n\n![](photos/chua-co.jpg)\n\n"
        "![a][r1] ![b][r2] ![c][r3]\n\n[r1]: %6Aavascript:alert(1)\n[r2]: java&#x09;script:alert(2)\n[r3]: ../../../etc/passwd\n\nĐoạn cuối.\n"
    )
    built.write(B_MD, body_article(body, draft=True))
    code, _, err = run_cli(["build", "--drafts", str(built.site)], built.capsys)
    assert code == 0, err
    assert "Traceback" not in err
    page = parse_html(page_file(built.output, "/2024/01/anh/"))
    body_div = page.select_one("div.body")
    assert body_div is not None and "Đoạn cuối." in body_div.get_text()
    assert body_div.find_all("img") == [], body_div
    assert_nothing_executable(built.output)


def test_no_script_url_in_feeds_json_ld_or_sharing_tags(built: BuiltSite) -> None:
    """A published article with reference-style script images and a remote photo: every URL in every output is clean."""
    body = "Đoạn đầu.\n\n![](https://anh.example.vn/cau.jpg)\n\n![a][r1] ![b][r2]\n\n[r1]: %6Aavascript:alert(1)\n[r2]: &#x64;ata:text/html,x\n"
    built.write(B_MD, body_article(body, photos=[{"src": "https://anh.example.vn/cau.jpg", "credit": "TTXVN"}]))
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    assert_nothing_executable(built.output)
    for feed in assert_feeds_parse(built.output):
        for entry in feed.entries:
            urls = [link.get("href", "") for link in entry.get("links", [])]
            for content in entry.get("content", []) + [entry.get("summary_detail", {})]:
                urls += re.findall(r'(?:src|href|srcset)="([^"]*)"', content.get("value", ""))
            assert not [u for u in urls if squeezed(u).startswith(BAD_SCHEMES)], urls
    for path in html_files(built.output):
        page = parse_html(path)
        for data in ld_json(page):
            strings = re.findall(r'"((?:[^"\\]|\\.)*)"', json.dumps(data))
            assert not [s for s in strings if squeezed(s).startswith(BAD_SCHEMES)], path
        for meta in page.find_all("meta"):
            assert not squeezed(meta.get("content") or "").startswith(BAD_SCHEMES), meta


# --- 2. only raster photos, told by their content ---------------------------------------------------


NOT_PUBLISHED = {
    "svg": ("photos/x.svg", SVG.encode(), 'có đuôi ".svg"'),
    "html": ("photos/trang.html", HTML.encode(), 'có đuôi ".html"'),
    "svg-named-jpg": ("photos/gia.jpg", SVG.encode(), "không phải là ảnh đọc được"),
    "html-named-png": ("photos/gia.png", HTML.encode(), "không phải là ảnh đọc được"),
    "jpeg-named-html": ("photos/anh.html", raster("JPEG") + HTML.encode(), 'có đuôi ".html"'),
    "jpeg-named-svg": ("photos/anh.SVG", raster("JPEG"), 'có đuôi ".SVG"'),
    "jpeg-no-suffix": ("photos/anh", raster("JPEG"), "không có đuôi tên"),
    "tiff-named-jpg": ("photos/scan.jpg", raster("TIFF"), "là tệp TIFF"),
    "bmp-named-png": ("photos/anh.png", raster("BMP"), "là tệp BMP"),
    "ico-named-gif": ("photos/bieu-tuong.gif", raster("ICO"), "là tệp ICO"),
    "pdf": ("photos/to.pdf", raster("PDF"), 'có đuôi ".pdf"'),
    "text-named-webp": ("photos/ghi-chu.webp", b"ghi ch\xc3\xba\n", "không phải là ảnh đọc được"),
}


@pytest.mark.parametrize("case", NOT_PUBLISHED.values(), ids=NOT_PUBLISHED.keys())
def test_only_raster_photos_are_published(built: BuiltSite, case: tuple[str, bytes, str]) -> None:
    src, content, said = case
    built.write(f"content/{src}", content)
    built.write(B_MD, body_article(f"Đoạn đầu.\n\n![]({src})\n", photos=[{"src": src, "credit": "TTXVN"}]))
    row = built.fail(B_MD, 5, said)
    assert "JPEG, PNG, WebP, GIF hoặc AVIF" in row or ".jpg, .jpeg, .png, .webp, .gif hoặc .avif" in row


@pytest.mark.parametrize("case", NOT_PUBLISHED.values(), ids=NOT_PUBLISHED.keys())
def test_check_refuses_what_the_build_refuses(built: BuiltSite, case: tuple[str, bytes, str]) -> None:
    src, content, said = case
    built.write(f"content/{src}", content)
    built.write(B_MD, body_article(f"Đoạn đầu.\n\n![]({src})\n"))
    code, out, err = run_cli(["check", str(built.site)], built.capsys)
    assert code == 1
    assert_reported(out + err, B_MD, 8, said)


def test_a_draft_s_svg_and_html_are_never_copied(built: BuiltSite) -> None:
    built.write("content/photos/x.svg", SVG)
    built.write("content/photos/trang.html", HTML)
    built.write("content/photos/anh.html", raster("JPEG") + HTML.encode())  # a real JPEG, served as a page by its name
    body = "Đoạn đầu.\n\n![](photos/trang.html)\n\n![](photos/anh.html)\n"
    built.write(B_MD, body_article(body, draft=True, photos=[{"src": "photos/x.svg"}]))
    code, _, err = run_cli(["build", "--drafts", str(built.site)], built.capsys)
    assert code == 0, err
    assert re.search(rf"^{B_MD}:5: warning: .*x\.svg.*bản nháp", err, re.MULTILINE), err
    assert re.search(rf"^{B_MD}:11: warning: .*trang\.html.*bản nháp", err, re.MULTILINE), err
    assert re.search(rf"^{B_MD}:13: warning: .*anh\.html.*bản nháp", err, re.MULTILINE), err
    published = [p.name for p in built.output.rglob("*") if p.suffix in (".svg", ".html") and "photos" in p.parts]
    assert published == []
    assert_nothing_executable(built.output)


def test_a_registry_photo_must_be_a_raster_photo(built: BuiltSite) -> None:
    built.write("content/photos/vinh.svg", SVG)
    built.write("content/people.yaml", "- name: Đỗ Quang Vinh\n  description: Chủ tịch UBND quận.\n  photo: photos/vinh.svg\n")
    built.fail("content/people.yaml", 3, 'có đuôi ".svg"')


@pytest.mark.parametrize("kind", ["JPEG", "PNG", "WEBP", "GIF", "AVIF"])
def test_the_five_formats_are_published_by_content(built: BuiltSite, kind: str) -> None:
    """Told by content: a PNG saved as ``.JPG`` is still a photo (a browser shows it)."""
    src = "photos/anh.JPG" if kind != "JPEG" else "photos/anh.png"
    built.write(f"content/{src}", raster(kind))
    built.write(B_MD, body_article(f"Đoạn đầu.\n\n![]({src})\n", photos=[{"src": src, "credit": "TTXVN"}]))
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    assert (built.output / src).read_bytes() == raster(kind)


# --- 3. images too large, and Pillow's warnings -----------------------------------------------------


def test_a_decompression_bomb_is_a_vietnamese_error(built: BuiltSite) -> None:
    built.write("content/photos/bom.png", png(20000, 20000))
    built.write(B_MD, body_article("Đoạn đầu.\n\n![](photos/bom.png)\n"))
    row = built.fail(B_MD, 8, 'tệp "content/photos/bom.png" là ảnh quá lớn')
    assert "thu nhỏ ảnh" in row and "DecompressionBomb" not in row and "pixels" not in row
    code, out, err = run_cli(["check", str(built.site)], built.capsys)
    assert code == 1
    assert_reported(out + err, B_MD, 8, "thu nhỏ ảnh")


def test_a_large_allowed_photo_prints_no_library_warning(built: BuiltSite) -> None:
    """Over Pillow's warning limit (about 89 million pixels), under its error limit: published, quietly.

    Its derivatives are made as for any photo; Pillow's English warning says
    nothing an editor must act on, and the image's size is not a fault.
    """
    built.write("content/photos/lon.png", png(9500, 9500))
    built.write(B_MD, body_article("Đoạn đầu.\n\n![](photos/lon.png)\n", photos=[{"src": "photos/lon.png", "credit": "TTXVN"}]))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code, out, err = run_cli(["build", "--jobs", "1", str(built.site)], built.capsys)
    assert code == 0, err
    assert from_pillow(caught) == []
    assert "DecompressionBomb" not in err + out and "pixels" not in err + out
    assert (built.output / "photos/lon.480w.jpg").is_file()
