"""ninjs.py: every published article as an IPTC ninjs 2.2 document, as a news agency's client reads it.

Each ``index.json`` is validated against the IPTC's own JSON Schema
(vendored in tests/fixtures/ninjs), with the formats it names (``uri``,
``date-time``) checked too; then read as a client would: the addresses it
gives lead to files the build wrote.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker

from dvarchive import build_site, whole_site
from dvarchive.stages.ninjs import absolute_addresses
from dvarchive.stages.output import MANIFEST

from .conftest import BASE_URL, SiteMaker, article, build, page_file, photo, write_site
from .test_incremental import clean_build, snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "ninjs"
ARTICLE_URL = "/2024/01/cau-rong-sang-den-dip-tet/"
CAU_RONG = photo(1200, 800)

SITE: dict[str, str | bytes] = {
    "content/organisations.yaml": "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n",
    "content/photos/cau-rong.jpg": CAU_RONG,
    "content/photos/phao-hoa.jpg": photo(1000, 600),
    "content/articles/cau-rong-sang-den-dip-tet.md": article(
        "Cầu Rồng sáng đèn dịp Tết",
        "2024-01-28T19:30:00+07:00",
        "Tối 28/1, cầu Rồng phun lửa mừng năm mới.\n\n![](photos/phao-hoa.jpg)\n\n"
        "Xem thêm [lịch lễ hội](/2024/01/le-hoi-phao-hoa/) và [bản đồ](../../ban-do/).",
        updated="2024-01-29T08:00:00+07:00",
        section="Văn hóa",
        summary="Đà Nẵng thắp sáng cầu Rồng suốt chín đêm Tết.",
        agency="Thông tấn xã Việt Nam",
        author=["Ngọc Hà", "Văn Dũng"],
        location="Đà Nẵng",
        photos=[
            {"src": "photos/cau-rong.jpg", "caption": "Cầu Rồng về đêm.", "credit": "Ngọc Hà/TTXVN", "alt": "Cây cầu hình rồng"},
            {"src": "photos/phao-hoa.jpg", "caption": "Pháo hoa trên sông Hàn.", "credit": "Văn Dũng"},
        ],
        people=[{"name": "Lê Trung Chinh", "title": "Chủ tịch UBND TP Đà Nẵng"}],
        organisations=["Ủy ban nhân dân TP Đà Nẵng"],
        tags=["lễ hội", "du lịch"],
        corrections=[{"date": "2024-01-29", "note": "Sửa số đêm cầu sáng đèn: chín đêm, không phải bảy."}],
    ),
    "content/articles/le-hoi-phao-hoa.md": article("Lễ hội pháo hoa trở lại", "2024-01-20", section="Văn hóa"),
    "content/articles/ban-nhap.md": article("Bản nháp về cầu Rồng", "2024-01-29", section="Văn hóa", draft=True),
    "content/articles/hen-gio.md": article("Bài hẹn giờ về cầu Rồng", "2999-01-01", section="Văn hóa"),
}


def _is_uri(value: object) -> bool:
    parts = urlsplit(str(value))
    return bool(parts.scheme and parts.netloc)


def _is_date_time(value: object) -> bool:
    try:
        return datetime.fromisoformat(str(value)).tzinfo is not None and "T" in str(value)
    except ValueError:
        return False


def ninjs_validator() -> Draft202012Validator:
    """The IPTC's schema, with the two formats it uses checked (jsonschema skips unknown formats)."""
    schema = json.loads((FIXTURES / "ninjs-schema_2.2.json").read_text("utf-8"))
    checker = FormatChecker(formats=())
    checker.checks("uri")(_is_uri)
    checker.checks("date-time")(_is_date_time)
    return Draft202012Validator(schema, format_checker=checker)


def ninjs(output: Path, url: str) -> dict:  # type: ignore[type-arg]
    path = page_file(output, url + "index.json")
    assert path.is_file(), f"no ninjs document at {url}index.json"
    return json.loads(path.read_bytes())


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(write_site(tmp_path_factory.mktemp("ninjs") / "site", SITE))


def test_the_validator_reads_the_schema_as_its_authors_meant() -> None:
    validator = ninjs_validator()
    example = json.loads((FIXTURES / "example-2.2-complex-text-article.json").read_text("utf-8"))
    assert list(validator.iter_errors(example)) == []
    assert list(validator.iter_errors({"type": "text"}))  # no uri
    assert list(validator.iter_errors({"uri": "http://x.example/1", "headline": "ninjs 1.x"}))  # not a 2.x property
    assert list(validator.iter_errors({"uri": "http://x.example/1", "versioncreated": "28/01/2024"}))


def test_every_ninjs_document_is_valid(out: Path) -> None:
    validator = ninjs_validator()
    documents = sorted(out.rglob("index.json"))
    assert [p.parent.relative_to(out).as_posix() for p in documents] == ["2024/01/cau-rong-sang-den-dip-tet", "2024/01/le-hoi-phao-hoa"]
    for path in documents:
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(json.loads(path.read_bytes()))]
        assert errors == [], path


def test_ninjs_says_what_the_page_says(out: Path) -> None:
    document = ninjs(out, ARTICLE_URL)
    page = BASE_URL + ARTICLE_URL.lstrip("/")
    assert document["uri"] == page and document["type"] == "text" and document["language"] == "vi"
    assert document["standard"]["version"] == "2.2"
    assert document["headlines"] == [
        {"role": "main", "value": "Cầu Rồng sáng đèn dịp Tết"},
        {"role": "sub", "value": "Đà Nẵng thắp sáng cầu Rồng suốt chín đêm Tết."},
    ]
    assert {"role": "summary", "value": "Đà Nẵng thắp sáng cầu Rồng suốt chín đêm Tết."} in document["descriptions"]
    assert document["firstcreated"] == "2024-01-28T19:30:00+07:00"
    assert document["versioncreated"] == "2024-01-29T08:00:00+07:00"
    assert document["by"] == "Ngọc Hà, Văn Dũng (TTXVN)"  # as the page's byline prints it
    assert document["located"] == "Đà Nẵng"
    assert document["infosources"] == [
        {"name": "Thông tấn xã Việt Nam", "uri": BASE_URL + "to-chuc/thong-tan-xa-viet-nam/", "literal": "thong-tan-xa-viet-nam"}
    ]
    assert document["renditions"] == [{"name": "web", "href": page, "contenttype": "text/html"}]


def test_ninjs_body_is_the_pages_body_with_absolute_addresses(out: Path) -> None:
    [body] = ninjs(out, ARTICLE_URL)["bodies"]
    assert body["role"] == "main" and body["contenttype"] == "text/html"
    html = BeautifulSoup(body["value"], "html5lib")
    assert "cầu Rồng phun lửa mừng năm mới" in html.get_text()
    links = [a["href"] for a in html.find_all("a")]
    assert links == [BASE_URL + "2024/01/le-hoi-phao-hoa/", BASE_URL + "2024/ban-do/"]
    figure = html.find("figure")  # the body's photo, drawn as the page draws it
    assert "Pháo hoa trên sông Hàn." in figure.get_text() and "Văn Dũng" in figure.get_text()
    sources = [figure.find("img")["src"], *(c.split()[0] for c in figure.find("img")["srcset"].split(","))]
    sources += [c.split()[0] for c in figure.find("source")["srcset"].split(",")]
    for address in sources:
        assert address.startswith(BASE_URL) and page_file(out, urlsplit(address).path).is_file(), address


def test_ninjs_photos_are_associated_pictures_with_caption_credit_and_sizes(out: Path) -> None:
    lead, second = ninjs(out, ARTICLE_URL)["associations"]
    assert lead["type"] == "picture" and lead["uri"] == BASE_URL + "photos/cau-rong.jpg"
    assert {"role": "caption", "value": "Cầu Rồng về đêm."} in lead["descriptions"]
    assert {"role": "alt", "value": "Cây cầu hình rồng"} in lead["descriptions"]
    assert lead["by"] == lead["copyrightnotice"] == "Ngọc Hà/TTXVN"
    assert second["by"] == "Văn Dũng" and second["name"] != lead["name"]
    original, *sizes = lead["renditions"]
    assert original == {
        "name": "original", "href": BASE_URL + "photos/cau-rong.jpg", "contenttype": "image/jpeg",
        "width": 1200, "height": 800, "sizeinbytes": len(CAU_RONG),
    }
    assert {s["contenttype"] for s in sizes} == {"image/jpeg", "image/webp"}
    for rendition in lead["renditions"] + second["renditions"]:
        assert page_file(out, urlsplit(rendition["href"]).path).is_file(), rendition


def test_ninjs_names_people_organisations_and_topics_with_their_pages(out: Path) -> None:
    document = ninjs(out, ARTICLE_URL)
    assert document["people"] == [
        {"rel": "about", "name": "Lê Trung Chinh", "uri": BASE_URL + "nhan-vat/le-trung-chinh/", "literal": "le-trung-chinh"}
    ]
    assert [o["uri"] for o in document["organisations"]] == [BASE_URL + "to-chuc/uy-ban-nhan-dan-tp-da-nang/"]
    subjects = {(s["name"], s["rel"]): s["uri"] for s in document["subjects"]}
    assert subjects == {
        ("lễ hội", "about"): BASE_URL + "chu-de/le-hoi/",
        ("du lịch", "about"): BASE_URL + "chu-de/du-lich/",
        ("Văn hóa", "section"): BASE_URL + "chuyen-muc/van-hoa/",
    }
    for named in document["people"] + document["organisations"] + document["subjects"]:
        assert page_file(out, urlsplit(named["uri"]).path).is_file(), named


def test_ninjs_carries_the_corrections(out: Path) -> None:
    corrections = [d for d in ninjs(out, ARTICLE_URL)["descriptions"] if d["role"] == "correction"]
    assert len(corrections) == 1 and corrections[0]["contenttype"] == "text/html"
    shown = BeautifulSoup(corrections[0]["value"], "html5lib")
    assert shown.find("time")["datetime"] == "2024-01-29T00:00:00+07:00"
    assert "chín đêm, không phải bảy" in shown.get_text()


def test_ninjs_escapes_markup_characters(out: Path) -> None:
    raw = page_file(out, ARTICLE_URL + "index.json").read_text("utf-8")
    assert "<" not in raw and ">" not in raw and "&" not in raw  # \u003c…: no browser takes it for HTML


def test_drafts_and_scheduled_articles_have_no_ninjs_even_in_a_preview(make_site: SiteMaker, tmp_path: Path) -> None:
    out = build_site(make_site(SITE), tmp_path / "preview", include_drafts=True, include_future=True).output
    assert page_file(out, "/2024/01/ban-nhap/").is_file() and page_file(out, "/2999/01/hen-gio/").is_file()
    assert not page_file(out, "/2024/01/ban-nhap/index.json").exists()
    assert not page_file(out, "/2999/01/hen-gio/index.json").exists()
    assert page_file(out, ARTICLE_URL + "index.json").is_file()


def test_ninjs_of_a_site_under_a_sub_path(make_site: SiteMaker) -> None:
    site = make_site(SITE, config="title: Kho tin\nbase_url: https://example.vn/luu-tru/\n")
    out = build(site)
    document = ninjs(out, ARTICLE_URL)
    assert document["uri"] == "https://example.vn/luu-tru" + ARTICLE_URL
    assert document["associations"][0]["uri"] == "https://example.vn/luu-tru/photos/cau-rong.jpg"
    assert document["people"][0]["uri"] == "https://example.vn/luu-tru/nhan-vat/le-trung-chinh/"
    links = [a["href"] for a in BeautifulSoup(document["bodies"][0]["value"], "html5lib").find_all("a")]
    # Where the page's own links lead a browser: "/2024/…" as the editor wrote it is on the host's root.
    assert links == ["https://example.vn/2024/01/le-hoi-phao-hoa/", "https://example.vn/luu-tru/2024/ban-do/"]
    assert list(ninjs_validator().iter_errors(document)) == []


def test_a_body_edit_remakes_the_ninjs_document_with_the_page(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    output = tmp_path / "out"
    build_site(site, output, search=False)
    source = site / "content/articles/cau-rong-sang-den-dip-tet.md"
    source.write_text(source.read_text("utf-8") + "\nĐêm cuối, hàng nghìn người xem cầu phun nước.\n", "utf-8")

    def whole_site_planned(*_args: object) -> None:
        raise AssertionError("a body edit planned the whole site")

    monkeypatch.setattr(whole_site, "plan_whole_site", whole_site_planned)
    manifest = (output / MANIFEST).stat().st_ino
    result = build_site(site, output, search=False)
    monkeypatch.undo()
    assert result.rendered == 2  # the page and its ninjs document, nothing else
    assert (output / MANIFEST).stat().st_ino == manifest  # both renamed into place: no new version of the site linked
    assert "hàng nghìn người xem cầu phun nước" in ninjs(output, ARTICLE_URL)["bodies"][0]["value"]
    assert snapshot(output) == clean_build(site, tmp_path / "scratch", search=False)


def test_absolute_addresses_reads_each_address_from_the_page() -> None:
    page = "https://tin.example.vn/2024/01/bai/"
    html = (
        '<p><a href="/chu-de/x/">x</a> <a href="#chu-thich">1</a> <a href="mailto:toa-soan@example.vn">thư</a> '
        '<a href="https://khac.example/y">y</a> href=&quot;/khong/&quot;</p>'
        '<img src="../anh.jpg" srcset="/a.480w.jpg 480w, /a.960w.jpg 960w">'
    )
    assert absolute_addresses(html, page) == (
        '<p><a href="https://tin.example.vn/chu-de/x/">x</a> <a href="https://tin.example.vn/2024/01/bai/#chu-thich">1</a> '
        '<a href="mailto:toa-soan@example.vn">thư</a> <a href="https://khac.example/y">y</a> href=&quot;/khong/&quot;</p>'
        '<img src="https://tin.example.vn/2024/01/anh.jpg" '
        'srcset="https://tin.example.vn/a.480w.jpg 480w, https://tin.example.vn/a.960w.jpg 960w">'
    )
