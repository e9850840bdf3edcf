"""The interface speaks the site's language: one gettext catalog per language.

A site with ``language: en`` and English articles shows no Vietnamese word
of the interface; a Vietnamese site no English one; a site may change
single texts with ``messages:``; dates follow the language (Babel's CLDR
patterns). Read with a real HTML parser, every page and every attribute a
reader or a screen reader meets.
"""

from __future__ import annotations

import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site
from dvarchive.core.messages import catalog, messages_for
from dvarchive.core.schema import parse_moment
from dvarchive.core.views import long_date, short_date

from .conftest import JPEG, SiteMaker, article, build_errors, config_with, soup

ARTICLES = {
    "content/photos/bridge.jpg": JPEG,
    "content/articles/2024/01/bridge.md": article(
        "City opens a new bridge",
        "2024-01-08T09:30:00+07:00",
        "The city opened a bridge over the river on Monday.\n\n![](../../../photos/bridge.jpg)\n\nTraffic will be lighter.",
        updated="2024-01-09T10:00:00+07:00",
        section="City",
        author="Lan Nguyen",
        agency="Wire",
        location="Hue",
        photos=[{"src": "photos/bridge.jpg", "caption": "The bridge.", "credit": "Lan Nguyen"}],
        people=[{"name": "Tran Van An", "title": "Mayor"}],
        organisations=["City Council"],
        tags=["transport"],
        corrections=[{"date": "2024-01-10", "note": "The bridge is 300 m long."}],
    ),
    "content/articles/2024/02/market.md": article(
        "Night market returns", "2024-02-03T18:00:00+07:00", "The night market is back.", section="City", tags=["transport"],
        people=["Tran Van An"],
    ),
}
ENGLISH_CONFIG = "title: City Archive\nbase_url: https://archive.example.org/\ndescription: News of the city.\n"
# Marks that are not words: in either language's pages.
_PUNCTUATION = set("–—…·←→“”‘’()")


def _pages(output: Path) -> list[tuple[str, BeautifulSoup]]:
    return [(str(p.relative_to(output)), BeautifulSoup(p.read_text("utf-8"), "html.parser")) for p in sorted(output.rglob("*.html"))]


def _seen(page: BeautifulSoup) -> str:
    """What a reader or a screen reader meets: the text, and the attributes read aloud or shown."""
    for hidden in page(["script", "style"]):
        hidden.decompose()
    attributes = [el.get(name) for name in ("aria-label", "title", "alt", "placeholder") for el in page.find_all(attrs={name: True})]
    return " ".join([page.get_text(" "), *(a for a in attributes if isinstance(a, str))])


def _fixed_parts(text: str) -> list[str]:
    """The words of a catalog text without its placeholders and patterns: what would show of it."""
    return [part.strip() for part in re.split(r"%\(\w+\)s|\[\w+\]", text) if len(part.strip()) > 3]


def test_an_english_site_shows_no_vietnamese_interface_word(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site({**ARTICLES, "dvarchive.yaml": ENGLISH_CONFIG + "language: en\n"})
    output = tmp_path / "out"
    build_site(site, output)
    vietnamese = {part for message, _ in catalog("vi") if not message.startswith(("EEEE", "dd/", "HH", "'")) for part in _fixed_parts(message)}
    english_words = {part for _, text in catalog("en") for part in _fixed_parts(text)}
    vietnamese -= english_words  # "Lưu trữ" is not in English; a name like "dvarchive" is in both
    pages = _pages(output)
    assert len(pages) > 15
    for name, page in pages:
        seen = _seen(page)
        letters = {ch for ch in seen if not ch.isascii() and ch not in _PUNCTUATION and not ch.isspace()}
        assert not letters, f"{name}: {sorted(letters)} in {seen[:300]!r}"
        assert not [part for part in vietnamese if part in seen], name
    home = soup(output, "/")
    assert home.find("html")["lang"] == "en"
    assert [a.get_text(strip=True) for a in home.select("nav.site-nav a")][:1] == ["Home"]


def test_a_vietnamese_site_shows_no_english_interface_word(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(ARTICLES)
    output = tmp_path / "out"
    build_site(site, output)
    english = {part for message, text in catalog("en") if text != message for part in _fixed_parts(text)}
    english -= {"City", "Wire"}  # the articles' own words
    for name, page in _pages(output):
        seen = _seen(page)
        found = [part for part in english if re.search(rf"\b{re.escape(part)}\b", seen)]
        assert not found, f"{name}: {found}"


def test_an_english_article_page_reads_in_english(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site({**ARTICLES, "dvarchive.yaml": config_with(language="en-GB")})
    output = tmp_path / "out"
    build_site(site, output)
    page = soup(output, "/2024/01/bridge/")
    assert page.find("time").get_text(strip=True) == "Monday, January 8, 2024, 9:30 AM (GMT+7)"
    assert page.select_one(".updated").get_text(" ", strip=True).startswith("Updated: Tuesday, January 9, 2024")
    assert [h.get_text(strip=True) for h in page.find_all("h2")] == ["Corrections", "In this article", "Topics", "More from this section"]
    assert "Related articles" in [h.get_text(strip=True) for h in soup(output, "/2024/02/market/").find_all("h2")]  # the later one
    assert page.select_one("figcaption .credit").get_text(strip=True) == "Photo: Lan Nguyen"
    assert soup(output, "/2024/01/").find("h1").get_text(strip=True) == "January 2024"
    assert soup(output, "/2024/").find("h1").get_text(strip=True) == "2024"
    assert soup(output, "/nhan-vat/").find("h1").get_text(strip=True) == "People"


def test_a_site_changes_single_texts(make_site: SiteMaker, tmp_path: Path) -> None:
    config = config_with(messages={"Trang chủ": "Trang nhà", "Tin liên quan": "Đọc thêm"})
    site = make_site({**ARTICLES, "dvarchive.yaml": config})
    output = tmp_path / "out"
    build_site(site, output)
    page = soup(output, "/2024/01/bridge/")
    assert page.select("nav.site-nav a")[0].get_text(strip=True) == "Trang nhà"
    assert "Đọc thêm" in [h.get_text(strip=True) for h in soup(output, "/2024/02/market/").find_all("h2")]
    assert page.find("h2", string="Trong bài")  # the rest as the catalog has it


def test_a_mistyped_text_id_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    site = make_site({**ARTICLES, "dvarchive.yaml": config_with(messages={"Trang chu": "Trang nhà"})})
    errors = build_errors(site)
    assert any(e.startswith("dvarchive.yaml:") and 'có phải "Trang chủ"?' in e for e in errors), errors


def test_a_language_without_a_catalog_is_an_error(make_site: SiteMaker) -> None:
    site = make_site({**ARTICLES, "dvarchive.yaml": config_with(language="fr")})
    errors = build_errors(site)
    assert any('language "fr"' in e and "vi và en" in e for e in errors), errors


def test_changing_the_language_remakes_every_page(make_site: SiteMaker, tmp_path: Path) -> None:
    """The catalog is part of every page's inputs: no page keeps the other language's words."""
    site = make_site(ARTICLES)
    output = tmp_path / "out"
    build_site(site, output, search=False)
    (site / "dvarchive.yaml").write_text(config_with(language="en"), "utf-8")
    build_site(site, output, search=False)
    clean = tmp_path / "clean"
    build_site(site, clean, search=False, clean=True)
    for name, _ in _pages(output):
        assert (output / name).read_bytes() == (clean / name).read_bytes(), name


@pytest.mark.parametrize(
    ("language", "long", "short"),
    [("vi", "Thứ Hai, 08/01/2024, 09:30 (GMT+7)", "08/01/2024"), ("en", "Monday, January 8, 2024, 9:30 AM (GMT+7)", "Jan 8, 2024")],
)
def test_dates_follow_the_language(language: str, long: str, short: str) -> None:
    moment = parse_moment("2024-01-08T09:30:00+07:00", ZoneInfo("Asia/Ho_Chi_Minh"))
    messages = messages_for(language)
    assert long_date(moment, messages) == long
    assert short_date(moment, messages) == short


def test_a_date_format_is_remembered_per_day_only_when_it_shows_no_time() -> None:
    """Days are formatted once per day (a large archive names them again and again);
    a site whose own short date shows the time gets each article's time."""
    zone = ZoneInfo("Asia/Ho_Chi_Minh")
    morning, evening = (parse_moment(f"2024-01-08T{at}:00+07:00", zone) for at in ("09:30", "21:05"))
    plain = messages_for("vi")
    assert [short_date(m, plain) for m in (morning, evening, morning)] == ["08/01/2024"] * 3
    timed = messages_for("vi", (("dd/MM/y", "dd/MM/y HH:mm"),))
    assert [short_date(m, timed) for m in (morning, evening, morning)] == ["08/01/2024 09:30", "08/01/2024 21:05", "08/01/2024 09:30"]


def test_both_catalogs_hold_every_text_the_theme_uses() -> None:
    theme = Path(__file__).resolve().parent.parent / "templates"
    used = {m for path in theme.glob("*.html") for m in re.findall(r'_\("([^"]*)"', path.read_text("utf-8"))}
    for language in ("vi", "en"):
        ids = {message for message, _ in catalog(language)}
        assert used <= ids, (language, used - ids)
        assert ids == {message for message, _ in catalog("vi")}
