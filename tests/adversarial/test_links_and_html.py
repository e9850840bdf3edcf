"""Dangerous URLs in Markdown, and raw HTML in bodies (off by default; sanitised when on)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import SiteMaker, article, config_with, page_file, text
from ._support import assert_nothing_executable, assert_reported, parse_html, run_cli

ARTICLE_URL = "/2024/01/bai-co-lien-ket/"

LINKS_BODY = """\
Đoạn đầu có [liên kết 1](javascript:alert(1)) và [liên kết 2](JaVaScRiPt:alert(2)).

[liên kết 3]( javascript:alert(3) ) [liên kết 4](vbscript:msgbox(4)) [liên kết 5](VBScript:msgbox(5))

[liên kết 6](data:text/html;base64,PHNjcmlwdD5hbGVydCg2KTwvc2NyaXB0Pg==) [liên kết 7](data:image/png;base64,iVBORw0KGgo=)

[liên kết 8](&#106;avascript:alert(8)) [liên kết 9](java&#x09;script:alert(9)) [liên kết 10](javascript&colon;alert(10))

Tự động: <javascript:alert(11)> <vbscript:msgbox(12)> <data:text/html,<script>alert(13)</script>>

Tham chiếu: [liên kết 14][xau] và [liên kết 15][xau2]

[xau]: javascript:alert(14)
[xau2]: data:text/html,alert(15)

Ảnh tham chiếu ![a][anh1] và ![b][anh2] và ![c][anh3] và ![d][anh4].

![ảnh riêng][anh5]

[anh1]: %6Aavascript:alert(16)
[anh2]: java&#x09;script:alert(17)
[anh3]: data:image/png;base64,iVBORw0KGgo=
[anh4]: VBScript%3Amsgbox(18)
[anh5]: JAVA%09SCRIPT:alert(19)

Đoạn cuối.
"""
# Images written inline with such a src are errors at their line (tests/adversarial/test_photos_and_urls.py);
# reference-style ones above are not seen by the loader, so the renderer alone must leave them out.


def build_body(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str], body: str, allow_html: bool = False, name: str = "site"
) -> Path:
    site = make_site(
        {"content/articles/2024/01/bai-co-lien-ket.md": article("Bài có liên kết", "2024-01-08", body=body)},
        config=config_with(allow_html=allow_html),
        name=name,
    )
    code, _, err = run_cli(["build", str(site)], capsys)
    assert code == 0, err
    return site / "public"


@pytest.mark.parametrize("allow_html", [False, True], ids=["html-off", "html-on"])
def test_no_dangerous_scheme_in_any_href_or_src(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str], allow_html: bool
) -> None:
    output = build_body(make_site, capsys, LINKS_BODY, allow_html)
    assert_nothing_executable(output, payload_images=not allow_html)
    body = parse_html(page_file(output, ARTICLE_URL)).select_one("div.body")
    assert body is not None and "Đoạn cuối." in text(body)


def test_data_image_urls_are_errors_at_their_lines(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    """``data:`` is never a src, not even for a PNG (an SVG or HTML payload could follow): the editor is told where."""
    site = make_site(
        {"content/articles/2024/01/bai-co-lien-ket.md": article(
            "Bài có liên kết", "2024-01-08", body="Ảnh ![c](data:image/png;base64,iVBORw0KGgo=) trong dòng.\n\n![](data:image/gif;base64,R0lGOD)\n"
        )}
    )
    code, _, err = run_cli(["build", str(site)], capsys)
    assert code == 1 and not (site / "public").exists()
    assert_reported(err, "content/articles/2024/01/bai-co-lien-ket.md", 6, 'ảnh "data:image/png;base64,iVBORw0KGgo="')
    assert_reported(err, "content/articles/2024/01/bai-co-lien-ket.md", 8, 'ảnh "data:image/gif;base64,R0lGOD"')


RAW_HTML = """\
Đoạn đầu <b>đậm</b> và <i>nghiêng</i>.

<script>alert(1)</script>

<iframe src="https://example.com/evil"></iframe>

<img src="https://example.com/a.png" onerror="alert('onerror')" alt="ảnh">

<p onclick="alert('onclick')">Đoạn có onclick</p>

<a href="javascript:alert('href')">liên kết js</a> <a href="JaVaScRiPt:alert(1)">hoa thường</a> <a href="&#106;avascript:alert(1)">thực thể</a> <a href="java&#x09;script:alert(1)">tab</a> <a href="data:text/html,<script>alert(1)</script>">data</a> <a href="vbscript:msgbox(1)">vbs</a>

<svg onload="alert('svg')"><circle r="1"/></svg>

<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">

<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">Gửi</button></form>

<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><base href="javascript:alert(1)//">

<style>body { background: url("javascript:alert(1)") }</style>

<div style="background:url(javascript:alert(1))">kiểu</div>

<math><mi xlink:href="javascript:alert(1)">x</mi></math>

<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>

Đoạn cuối <b>giữ lại</b>.
"""


def test_raw_html_is_text_by_default(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    output = build_body(make_site, capsys, RAW_HTML)
    assert_nothing_executable(output)
    body = parse_html(page_file(output, ARTICLE_URL)).select_one("div.body")
    assert body is not None
    assert body.find("b") is None, "raw <b> became an element with allow_html off"
    shown = body.get_text()
    assert "<script>alert(1)</script>" in shown
    assert "<b>giữ lại</b>" in shown


def test_raw_html_is_sanitised_when_allowed(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    output = build_body(make_site, capsys, RAW_HTML, allow_html=True)
    assert_nothing_executable(output, payload_images=False)
    body = parse_html(page_file(output, ARTICLE_URL)).select_one("div.body")
    assert body is not None
    assert [b.get_text() for b in body.find_all("b")] == ["đậm", "giữ lại"]
    assert body.find("i") is not None
    assert body.find("style") is None
    assert not [el for el in body.find_all(True) if "style" in el.attrs]
    assert "Đoạn có onclick" in body.get_text()
    kept = body.find("img", alt="ảnh")
    assert kept is not None and kept.get("src") == "https://example.com/a.png"
    raw = page_file(output, ARTICLE_URL).read_text("utf-8")
    assert "alert('onerror')" not in raw and "alert('svg')" not in raw


def test_html_in_markdown_link_text_and_titles(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    body = (
        '[<img src=x onerror=alert(1)>](https://example.com "\\"><script>alert(1)</script>")\n\n'
        '![" onerror="alert(1)](https://example.com/a.png "x\\" onload=\\"alert(1)")\n\n'
        "```html\n<script>alert('code')</script>\n```\n\n`<img src=x onerror=alert(1)>`\n"
    )
    for allow_html in (False, True):
        output = build_body(make_site, capsys, body, allow_html, name=f"html-{allow_html}")
        assert_nothing_executable(output, payload_images=not allow_html)
        code = parse_html(page_file(output, ARTICLE_URL)).find("pre")
        assert code is not None and "<script>alert('code')</script>" in code.get_text()
