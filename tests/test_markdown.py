"""markdown.py: CommonMark plus tables, photos as figures, raw HTML handled safely."""

from __future__ import annotations

from bs4 import BeautifulSoup

from dvarchive.core.markdown import first_paragraph_text, image_sources, make_markdown, render_body

KNOWN = {"photos/cau-rong.jpg": "Cầu Rồng về đêm."}


def figure(src: str, alt: str) -> str | None:
    caption = KNOWN.get(src)
    if caption is None:
        return None
    return f'<figure data-src="{src}"><img src="/{src}" alt="{alt}"><figcaption>{caption}</figcaption></figure>\n'


def image_url(src: str) -> str:
    return "/" + src if src in KNOWN else src


def render(body: str, allow_html: bool = False) -> BeautifulSoup:
    html = render_body(make_markdown(allow_html), body, figure, image_url, allow_html)
    return BeautifulSoup(html, "html5lib")


def test_paragraphs_headings_emphasis() -> None:
    page = render("Sáng 9/1, **hội nghị** đã diễn ra.\n\n## Kết quả nổi bật\n\n- một\n- hai\n")
    assert page.find("strong").get_text() == "hội nghị"
    assert page.find("h2").get_text() == "Kết quả nổi bật"
    assert [li.get_text() for li in page.find_all("li")] == ["một", "hai"]


def test_tables() -> None:
    page = render("| Tỉnh | Số hộ |\n|---|---:|\n| Lâm Đồng | 146 |\n| Đắk Lắk | 90 |\n")
    table = page.find("table")
    assert table is not None
    assert [th.get_text() for th in table.find_all("th")] == ["Tỉnh", "Số hộ"]
    assert [td.get_text() for td in table.find_all("td")] == ["Lâm Đồng", "146", "Đắk Lắk", "90"]


def test_photo_alone_in_a_paragraph_becomes_the_figure_where_it_stands() -> None:
    page = render("Đoạn một.\n\n![Cầu](photos/cau-rong.jpg)\n\nĐoạn hai.\n")
    body = page.find("body")
    children = [c for c in body.children if getattr(c, "name", None)]
    assert [c.name for c in children] == ["p", "figure", "p"]
    fig = children[1]
    assert fig["data-src"] == "photos/cau-rong.jpg"
    assert fig.find("img")["alt"] == "Cầu"
    assert fig.find("figcaption").get_text() == "Cầu Rồng về đêm."
    assert fig.find_parent("p") is None


def test_unknown_photo_stays_an_image() -> None:
    page = render("![Ảnh lạ](photos/khac.jpg)\n")
    assert page.find("figure") is None
    img = page.find("img")
    assert img["src"] == "photos/khac.jpg" and img["alt"] == "Ảnh lạ"


def test_inline_image_inside_text_gets_its_url() -> None:
    page = render("Xem ảnh ![nhỏ](photos/cau-rong.jpg) trong đoạn.\n")
    assert page.find("figure") is None
    assert page.find("img")["src"] == "/photos/cau-rong.jpg"


def test_javascript_links_are_not_links() -> None:
    page = render("[bấm vào đây](javascript:alert(1)) và [đây](JAVASCRIPT:alert(2)) và <javascript:alert(3)>\n")
    assert not [a for a in page.find_all("a") if "javascript" in a.get("href", "").lower()]
    assert "bấm vào đây" in page.get_text()


def test_ordinary_links_are_links() -> None:
    page = render("[Báo Lâm Đồng](https://baolamdong.vn/) và <https://ttxvn.vn>\n")
    assert [a["href"] for a in page.find_all("a")] == ["https://baolamdong.vn/", "https://ttxvn.vn"]


def test_raw_html_is_text_by_default() -> None:
    body = '<script>alert("xss")</script>\n\nĐoạn có <b onclick="x()">chữ đậm</b> và <iframe src="https://x"></iframe>.\n'
    page = render(body)
    assert page.find("script") is None
    assert page.find("b") is None
    assert page.find("iframe") is None
    # Shown as typed (straight quotes become curly ones, as everywhere in a body).
    assert '<script>alert(“xss”)</script>' in page.get_text()


def test_raw_html_allowed_is_sanitised() -> None:
    body = '<p class="ghi-chu">Ghi chú <b onclick="x()">đậm</b></p>\n\n<script>alert(1)</script>\n\n<img src="x.jpg" onerror="alert(1)">\n'
    page = render(body, allow_html=True)
    assert page.find("b").get_text() == "đậm"
    assert page.find("b").get("onclick") is None
    assert page.find("p", class_="ghi-chu") is not None
    assert page.find("script") is None
    assert all(img.get("onerror") is None for img in page.find_all("img"))


def test_image_sources_with_lines() -> None:
    body = "Đoạn một.\n\n![](photos/a.jpg)\n\nXem ![x](photos/ảnh-b.jpg \"tiêu đề\").\n"
    assert image_sources(body, first_line=10) == [("photos/a.jpg", 12), ("photos/ảnh-b.jpg", 14)]


def test_first_paragraph_text_skips_headings_photos_lists() -> None:
    body = "\n# Tít\n\n![](a.jpg)\n\n- mục\n\n> trích\n\nĐoạn [có liên kết](https://x) và `mã`,\nhai dòng.\n\nĐoạn hai."
    assert first_paragraph_text(body) == "Đoạn có liên kết và mã, hai dòng."


def test_first_paragraph_text_of_empty_body() -> None:
    assert first_paragraph_text("") == ""


def test_an_image_whose_url_is_none_is_left_out() -> None:
    """A draft's photo that is not there: neither a figure nor a broken inline image."""
    def url(src: str) -> str | None:
        return None if src == "photos/chua-co.jpg" else image_url(src)

    body = "Đầu.\n\n![](photos/chua-co.jpg)\n\nẢnh ![nhỏ](photos/chua-co.jpg) trong dòng, ![](photos/cau-rong.jpg) còn đây.\n"
    page = BeautifulSoup(render_body(make_markdown(False), body, figure, url, False), "html5lib")
    assert [img["src"] for img in page.find_all("img")] == ["/photos/cau-rong.jpg"]
    assert "trong dòng" in page.get_text() and "Đầu." in page.get_text()
