"""Markup in every header field and every name: shown as text, never run.

One site carries a different payload in each field (so that a leak names
its field); the build must succeed and every page, feed, sitemap and the
search bundle must hold the payload only as inert text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site

from ..conftest import JPEG, SiteMaker, article, page_file, text
from ._support import (
    assert_feeds_parse,
    assert_nothing_executable,
    assert_xml_parses,
    dump,
    html_files,
    is_search_page_script,
    ld_json,
    parse_html,
    payload,
    run_cli,
)

FIELDS = (
    "title", "summary", "section", "author", "location", "agency", "person", "person-title", "organisation",
    "tag", "caption", "credit", "alt", "correction", "site-title", "site-description", "registry-person",
    "registry-description", "registry-alias", "registry-sort-as", "registry-org", "registry-short", "registry-parent",
    "role",
)
P = {field: payload(field) for field in FIELDS}
BASE = "https://tin.example.vn/"


def markup_site(make_site: SiteMaker, allow_html: bool = False) -> Path:
    config = dump(
        {
            "title": P["site-title"],
            "base_url": BASE,
            "description": P["site-description"],
            "allow_html": allow_html,
        }
    )
    people = [
        {
            "name": P["registry-person"],
            "aliases": [P["registry-alias"]],
            "description": P["registry-description"],
            "sort_as": P["registry-sort-as"],
            "roles": [{"title": P["role"], "from": "2020-01-01"}],
        }
    ]
    organisations = [{"name": P["registry-org"], "short": P["registry-short"], "parent": P["registry-parent"]}]
    files: dict[str, str | bytes] = {
        "content/photos/anh.jpg": JPEG,
        "content/people.yaml": dump(people),
        "content/organisations.yaml": dump(organisations),
        "content/articles/2024/01/doc.md": article(
            P["title"],
            "2024-01-08T08:00:00+07:00",
            body="Đoạn mở đầu của bài.\n\n![](photos/anh.jpg)\n\nĐoạn cuối.\n",
            summary=P["summary"],
            section=P["section"],
            author=P["author"],
            location=P["location"],
            agency=P["agency"],
            people=[{"name": P["person"], "title": P["person-title"]}, P["registry-alias"]],
            organisations=[P["organisation"], P["registry-short"], P["registry-parent"]],
            tags=[P["tag"]],
            photos=[{"src": "photos/anh.jpg", "caption": P["caption"], "credit": P["credit"], "alt": P["alt"]}],
            corrections=[{"date": "2024-01-09", "note": P["correction"]}],
        ),
        "content/articles/2024/01/hai.md": article(
            "Bài thứ hai", "2024-01-07", people=[P["registry-person"]], organisations=[P["registry-org"]]
        ),
    }
    return make_site(files, config=config)


@pytest.fixture(params=[False, True], ids=["html-off", "html-on"])
def markup_output(request: pytest.FixtureRequest, make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> Path:
    site = markup_site(make_site, allow_html=request.param)
    code, _, err = run_cli(["build", str(site)], capsys)
    assert code == 0, err
    return site / "public"


def article_page(output: Path) -> Path:
    [path] = [p for p in html_files(output) if p.parent.as_posix().endswith("2024/01/doc")]
    return path


def test_no_page_has_anything_executable(markup_output: Path) -> None:
    assert_nothing_executable(markup_output)


def test_article_page_shows_every_field_as_text(markup_output: Path) -> None:
    page = parse_html(article_page(markup_output))
    assert text(page.find("h1")) == P["title"]
    visible = page.get_text()
    for field in ("title", "summary", "section", "author", "location", "agency", "person", "person-title",
                  "organisation", "tag", "caption", "credit", "correction", "site-title", "site-description"):
        assert P[field] in visible, f"{field} is not shown as text"
    assert P["alt"] in {img.get("alt") for img in page.find_all("img")}


def test_json_ld_holds_the_title_exactly(markup_output: Path) -> None:
    page = parse_html(article_page(markup_output))
    [news] = [d for d in ld_json(page) if d.get("@type") == "NewsArticle"]
    assert news["headline"] == P["title"]
    assert news["description"] == P["summary"]
    assert news["articleSection"] == P["section"]
    assert news["publisher"]["name"] == P["site-title"]  # type: ignore[index]
    assert P["tag"] in news["keywords"]  # type: ignore[operator]


def test_entity_pages_json_ld_and_text(markup_output: Path) -> None:
    person_pages = [p for p in html_files(markup_output) if "registry-person" in p.parent.name]
    assert len(person_pages) == 1
    page = parse_html(person_pages[0])
    assert text(page.find("h1")) == P["registry-person"]
    assert P["registry-description"] in page.get_text()
    [person] = [d for d in ld_json(page) if d.get("@type") == "Person"]
    assert person["name"] == P["registry-person"]
    assert person["description"] == P["registry-description"]
    assert P["registry-alias"] in person["alternateName"]  # type: ignore[operator]


def test_feeds_parse_and_keep_the_raw_text(markup_output: Path) -> None:
    assert_feeds_parse(markup_output)
    main = feedparser.parse((markup_output / "feed.xml").read_bytes())
    assert main.feed.title == P["site-title"]
    assert P["title"] in [entry.title for entry in main.entries]
    # The same without feedparser's guessing: the XML text is the title, exactly.
    channel = ET.parse(markup_output / "feed.xml").getroot().find("channel")
    assert channel is not None
    assert channel.findtext("title") == P["site-title"]
    assert P["title"] in [item.findtext("title") for item in channel.iter("item")]


def test_feed_descriptions_show_the_text(markup_output: Path) -> None:
    """An RSS description is HTML to every reader: a plain-text summary must be escaped into it.

    Read as a reader does (feedparser takes it as text/html), the description
    must show the summary's characters, not turn them into elements.
    """
    main = feedparser.parse((markup_output / "feed.xml").read_bytes())
    assert BeautifulSoup(main.feed.subtitle, "html5lib").get_text() == P["site-description"]
    [entry] = [e for e in main.entries if e.title == P["title"]]
    assert BeautifulSoup(entry.summary, "html5lib").get_text() == P["summary"]


def test_sitemaps_parse_and_keep_the_raw_text(markup_output: Path, tmp_path: Path) -> None:
    assert_xml_parses(markup_output)
    # The news sitemap holds the two days before the build's clock: built again the day after.
    day_after = tmp_path / "ngay-sau"
    build_site(markup_output.parent, day_after, now=datetime(2024, 1, 9, tzinfo=timezone(timedelta(hours=7))))
    assert_xml_parses(day_after)
    news = ET.parse(day_after / "sitemap-news.xml").getroot()
    titles = [el.text for el in news.iter() if el.tag.endswith("}title")]
    assert P["title"] in titles
    assert not [el for el in news.iter() if el.tag in ("script", "img")]


def test_search_bundle_and_no_raw_payload_in_any_page(markup_output: Path) -> None:
    assert list((markup_output / "pagefind").glob("*/pagefind.js")), "no search bundle"
    assert list((markup_output / "pagefind").rglob("*.pf_fragment")), "no search documents were indexed"
    # Only an unescaped "<" can open an element; quotes in text are inert (and need no escaping).
    raw = ("<script>alert(", "<img src=x", '<a href="javascript:')
    leaks = []
    for path in sorted(markup_output.rglob("*")):
        if path.is_file() and path.suffix in (".html", ".xml", ".json", ".txt"):
            content = path.read_text("utf-8", errors="replace")
            leaks += [f"{path.relative_to(markup_output)}: {r}" for r in raw if r in content]
    assert not leaks, leaks


def test_search_page_keeps_only_its_own_scripts(markup_output: Path) -> None:
    page = parse_html(page_file(markup_output, "/tim-kiem/"))
    scripts = [s for s in page.find_all("script") if s.get("type") != "application/ld+json"]
    # Pagefind's UI, the theme's helper for it (static/js/search.js) and the call that starts it.
    path = page_file(markup_output, "/tim-kiem/")
    assert len(scripts) == 3 and all(is_search_page_script(markup_output, path, s) for s in scripts)
    assert P["site-title"] in page.get_text()


def test_registry_url_with_a_javascript_scheme_is_not_a_link(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    """An organisation's ``url`` is shown as a link: only http(s) may become one."""
    site = make_site(
        {
            "content/organisations.yaml": dump(
                [
                    {"name": "Tổ chức A", "url": "javascript:alert(document.cookie)"},
                    {"name": "Tổ chức B", "url": "data:text/html,<script>alert(1)</script>"},
                    {"name": "Tổ chức C", "url": " JaVaScRiPt:alert(1)"},
                ]
            ),
            "content/articles/a.md": article("Bài A", "2024-01-08", organisations=["Tổ chức A", "Tổ chức B", "Tổ chức C"]),
        }
    )
    code, _, err = run_cli(["build", str(site)], capsys)
    if code == 1:  # refusing the registry entry is as good as not linking it
        assert "content/organisations.yaml:" in err and "Traceback" not in err
        return
    assert_nothing_executable(site / "public")
