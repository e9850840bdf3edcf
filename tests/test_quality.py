"""The built sample site as a reader, a validator and a screen reader meet it.

One build of the sample archive (``dvarchive.yaml`` and ``content/`` at the top
of this repository) per session, then:

* the Nu HTML Checker over every page, in one run (valid HTML);
* axe-core in headless Chromium on a home, an article, a person, an
  organisation and an A–Z page, plus the checks axe cannot make: a skip link
  first, landmarks, a visible focus indicator, dark mode and print;
* the weight of an article page (HTML + CSS);
* screenshots of the home and an article at 390 px and 1280 px, with no
  horizontal scrolling on a phone.

The tools: ``java`` (Debian ``default-jre-headless``), ``chromium`` (Debian),
Playwright for Python, and ``npm install --prefix tests/quality --ignore-scripts``
for ``vnu-jar`` and ``axe-core`` (see ``.ci/run``). On a laptop without them
these tests skip; with ``CI=true`` a missing tool fails them.

Screenshots go to a temporary folder, or to ``$DVARCHIVE_SCREENSHOT_DIR``;
with ``DVARCHIVE_SCREENSHOTS=docs`` the article's top and end at 1280 px and its
top at 390 px are also kept in ``docs/`` for the README (:func:`keep_for_docs`).
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site

from .conftest import require_tool

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "tests" / "quality" / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
INSTALL_HINT = {
    "java": "apt-get install default-jre-headless",
    "chromium": "apt-get install chromium",
    "playwright": "pip install -e '.[test]'",
    "vnu.jar": "npm install --prefix tests/quality --ignore-scripts",
    "axe.min.js": "npm install --prefix tests/quality --ignore-scripts",
}
ARTICLE_BUDGET = 50_000  # bytes of HTML + CSS, photos not counted
PHONE, DESKTOP = 390, 1280


@functools.cache
def install_checkers() -> None:
    """Fetch vnu-jar and axe-core with npm (pinned in tests/quality) when they are missing."""
    npm = shutil.which("npm")
    if npm and not (VNU_JAR.is_file() and AXE_JS.is_file()):
        command = [npm, "install", "--prefix", str(NODE_MODULES.parent), "--ignore-scripts", "--no-audit", "--no-fund"]
        subprocess.run(command, capture_output=True, timeout=300)


def require(found: object, tool: str) -> None:
    require_tool(found, tool, INSTALL_HINT[tool])


# --- the built site ---------------------------------------------------------


@dataclass(frozen=True)
class Built:
    root: Path
    pages: dict[str, str]  # what the tests visit: name -> URL path

    def file(self, url_path: str) -> Path:
        path = self.root / url_path.lstrip("/")
        return path / "index.html" if url_path.endswith("/") else path


def body_kind(html_file: Path) -> str:
    match = re.search(r'<body[^>]*\bclass="[^"]*\bkind-([a-z_]+)', html_file.read_text(encoding="utf-8"))
    return match.group(1) if match else ""


def url_path_of(root: Path, html_file: Path) -> str:
    relative = html_file.relative_to(root).as_posix()
    return "/" + relative.removesuffix("index.html")


def local_path(href: str, base: str) -> str:
    """The path of a link as this site's server sees it (absolute links too)."""
    return urlsplit(urljoin(base, href)).path


def first_entry(root: Path, index_path: str) -> str:
    """The first name on an A–Z page whose page shows a portrait, or else the first name."""
    page = BeautifulSoup((root / index_path.lstrip("/") / "index.html").read_text(encoding="utf-8"), "html.parser")
    entries = [local_path(link["href"], index_path) for link in page.select(".az-list a[href]")]
    assert entries, f"{index_path} lists no one"
    with_portrait = (e for e in entries if 'class="portrait"' in (root / e.lstrip("/") / "index.html").read_text(encoding="utf-8"))
    return next(with_portrait, entries[0])


def choose_pages(root: Path) -> dict[str, str]:
    """Home, the largest article, a person and an organisation, the people A–Z, the corrections."""
    articles = [p for p in root.rglob("index.html") if body_kind(p) == "article"]
    assert articles, "the sample site has no article page"
    largest = max(articles, key=lambda p: p.stat().st_size)
    indexes = {body_kind(p): url_path_of(root, p) for p in root.rglob("index.html")}
    people, organisations = indexes["people_index"], indexes["organisations_index"]
    return {
        "home": "/",
        "article": url_path_of(root, largest),
        "person": first_entry(root, people),
        "organisation": first_entry(root, organisations),
        "az": people,
        "corrections": indexes["corrections"],
    }


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = tmp_path_factory.mktemp("sample") / "public"
    build_site(REPO, root)
    return Built(root, choose_pages(root))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(built: Built) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1 (root-relative links need a server)."""
    yield from serve_folder(built.root)


def serve_folder(root: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# --- 1. valid HTML ------------------------------------------------------------


def test_every_page_is_valid_html(built: Built) -> None:
    java = shutil.which("java")
    require(java, "java")
    install_checkers()
    require(VNU_JAR.is_file(), "vnu.jar")
    run = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--skip-non-html", str(built.root)],
        capture_output=True, text=True, timeout=300,
    )
    # vnu prints its JSON report on stderr (and exits 1 when it found errors).
    report = json.loads(run.stderr or run.stdout)
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    pages = len(list(built.root.rglob("*.html")))
    assert pages > 50, f"only {pages} pages built"
    lines = []
    for m in errors:
        where = urlsplit(m.get("url", "")).path.removeprefix(built.root.as_posix())
        lines.append(f"{where}:{m.get('lastLine', '?')}: {m['message']}\n    {m.get('extract', '').strip()}")
    if errors:
        pytest.fail(f"{len(errors)} HTML errors in {pages} pages:\n" + "\n".join(lines), pytrace=False)


def test_every_img_has_alt(built: Built) -> None:
    missing = []
    for html_file in built.root.rglob("*.html"):
        page = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
        for img in page.find_all("img"):
            # Thumbnails in teasers repeat the headline link: alt="" on purpose.
            described = img.get("alt") is not None and (img.get("alt", "").strip() or "thumb" in img.get("class", []))
            if not described:
                missing.append(f"{url_path_of(built.root, html_file)}: {img}")
    if missing:
        pytest.fail("images without alt text:\n" + "\n".join(missing), pytrace=False)


# --- 7. page weight -----------------------------------------------------------


def page_weight(built: Built, html_file: Path) -> int:
    """Bytes of the page and its stylesheets and scripts: everything but photos."""
    page_path = url_path_of(built.root, html_file)
    page = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    linked = [link["href"] for link in page.select('link[rel~="stylesheet"][href]')]
    linked += [script["src"] for script in page.select("script[src]")]
    total = html_file.stat().st_size
    for href in linked:
        asset = built.file(local_path(href, page_path))
        assert asset.is_file(), f"{page_path} links {href}, which was not built"
        total += asset.stat().st_size
    return total


def test_article_pages_weigh_under_50_kb(built: Built) -> None:
    articles = [p for p in built.root.rglob("index.html") if body_kind(p) == "article"]
    weights = {url_path_of(built.root, p): page_weight(built, p) for p in articles}
    heaviest = max(weights, key=weights.__getitem__)
    assert weights[heaviest] < ARTICLE_BUDGET, f"{heaviest}: {weights[heaviest]:,} bytes of HTML + CSS"


def test_css_has_print_and_dark_styles(built: Built) -> None:
    css = "".join(p.read_text(encoding="utf-8") for p in built.root.rglob("*.css"))
    assert re.search(r"@media\s+print", css)
    assert re.search(r"@media\s*\(\s*prefers-color-scheme:\s*dark\s*\)", css)


# --- the browser --------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright, "playwright")
    chromium = os.environ.get("DVARCHIVE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    require(chromium, "chromium")
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    tab = browser.new_page(viewport={"width": DESKTOP, "height": 900})
    yield tab
    tab.close()


@pytest.fixture(scope="session")
def axe_source() -> str:
    install_checkers()
    require(AXE_JS.is_file(), "axe.min.js")
    return AXE_JS.read_text(encoding="utf-8")


PAGE_NAMES = ["home", "article", "person", "organisation", "az", "corrections"]

# Relative luminance and contrast ratio (WCAG 2), computed in the page.
JS_COLOUR = """
const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m); return (x + 0.05) / (y + 0.05); };
"""


def run_axe(tab: Any, axe_source: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    tab.add_script_tag(content=axe_source)
    return tab.evaluate("options => axe.run(document, options)", options or {"resultTypes": ["violations"]})


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']}")
        for node in v["nodes"][:5]:
            summary = node.get("failureSummary", "").splitlines()
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[-1].strip() if summary else ''}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", PAGE_NAMES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violations(built: Built, server: str, page: Any, axe_source: str, name: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)
    page.goto(server + built.pages[name])
    result = run_axe(page, axe_source)
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]
    if bad:
        pytest.fail(f"{built.pages[name]} ({scheme}):\n{describe(bad)}", pytrace=False)


@pytest.fixture(scope="session")
def preview(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The sample built with its draft (--drafts), served: the server's URL and the draft's path."""
    root = tmp_path_factory.mktemp("preview") / "public"
    build_site(REPO, root, include_drafts=True, search=False)
    [draft] = [p for p in root.rglob("index.html") if 'class="preview-banner"' in p.read_text(encoding="utf-8")]
    for url in serve_folder(root):
        yield url, url_path_of(root, draft)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("where", ["draft", "home"])
def test_a_drafts_banner_and_mark_pass_axe(preview: tuple[str, str], page: Any, axe_source: str, where: str, scheme: str) -> None:
    """The preview's "Bản nháp" banner (on the draft) and mark (on the home page) are seen and read."""
    server, draft = preview
    page.emulate_media(color_scheme=scheme)
    page.goto(server + (draft if where == "draft" else "/"))
    marked = page.locator(".preview-banner" if where == "draft" else ".preview-mark").first
    assert marked.is_visible() and marked.inner_text().startswith("Bản nháp")
    result = run_axe(page, axe_source)
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical") or v["id"] == "color-contrast"]
    if bad:
        pytest.fail(f"{where} ({scheme}):\n{describe(bad)}", pytrace=False)


def test_axe_checks_colour_contrast(built: Built, server: str, page: Any, axe_source: str) -> None:
    """The contrast rule really ran: some text passed it."""
    page.goto(server + built.pages["article"])
    result = run_axe(page, axe_source, {"runOnly": ["color-contrast"], "resultTypes": ["passes"]})
    assert result["passes"] and result["passes"][0]["nodes"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_skip_link_comes_first_and_reaches_main(built: Built, server: str, page: Any, name: str) -> None:
    page.goto(server + built.pages[name])
    page.keyboard.press("Tab")
    first = page.evaluate(
        """() => { const a = document.activeElement, r = a.getBoundingClientRect();
                   return {tag: a.tagName, href: a.getAttribute('href'), text: a.textContent.trim(),
                           visible: r.top >= 0 && r.bottom <= innerHeight && r.width > 0}; }"""
    )
    assert first["tag"] == "A" and first["text"], first
    target = first["href"]
    assert target and target.startswith("#"), first
    assert page.evaluate("id => document.getElementById(id)?.tagName", target[1:]) == "MAIN"
    assert first["visible"], "the skip link stays off screen when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN", "focus did not move to main"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_landmarks(built: Built, server: str, page: Any, name: str) -> None:
    page.goto(server + built.pages[name])
    assert page.get_by_role("banner").count() == 1
    assert page.get_by_role("main").count() == 1
    assert page.get_by_role("contentinfo").count() == 1
    assert page.get_by_role("navigation", name="Điều hướng chính").count() == 1
    assert page.locator("h1").count() == 1


@pytest.mark.parametrize("name", ["home", "article"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_focus_stop_is_visible(built: Built, server: str, page: Any, name: str, scheme: str) -> None:
    """Tab through the page: each stop shows an outline (on itself or its card)
    with at least 3:1 contrast against the page background (WCAG 1.4.11)."""
    page.emulate_media(color_scheme=scheme)
    page.goto(server + built.pages[name])
    check = JS_COLOUR + """
    () => {
      const a = document.activeElement;
      const bg = getComputedStyle(document.body).backgroundColor;
      for (let el = a; el && el !== document.body; el = el.parentElement) {
        const s = getComputedStyle(el);
        if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2)
          return {ok: ratio(s.outlineColor, bg) >= 3, what: a.outerHTML.slice(0, 120), ratio: ratio(s.outlineColor, bg)};
      }
      return {ok: false, what: a.outerHTML.slice(0, 120), ratio: 0};
    }"""
    seen = 0
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement === document.body"):
            break
        stop = page.evaluate(check)
        assert stop["ok"], f"no visible focus indicator on {stop['what']} (contrast {stop['ratio']:.2f})"
        seen += 1
    assert seen > 5


def test_dark_mode_follows_the_system(built: Built, server: str, page: Any) -> None:
    colours = JS_COLOUR + "() => { const s = getComputedStyle(document.body); return [lum(s.backgroundColor), lum(s.color)]; }"
    page.goto(server + built.pages["article"])
    page.emulate_media(color_scheme="light")
    light_bg, light_fg = page.evaluate(colours)
    page.emulate_media(color_scheme="dark")
    dark_bg, dark_fg = page.evaluate(colours)
    assert light_bg > 0.8 and light_fg < 0.1
    assert dark_bg < 0.05 and dark_fg > 0.6


def test_print_hides_the_navigation(built: Built, server: str, page: Any) -> None:
    page.goto(server + built.pages["article"])
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    assert nav.is_visible()
    page.emulate_media(media="print")
    assert not nav.is_visible()
    assert not page.locator("footer").is_visible()
    assert page.locator("main h1").is_visible()


# --- 8. phones and screenshots ------------------------------------------------


@pytest.fixture(scope="session")
def screenshot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("DVARCHIVE_SCREENSHOT_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_horizontal_scrolling_on_a_phone(built: Built, server: str, browser: Any, name: str) -> None:
    tab = browser.new_page(viewport={"width": PHONE, "height": 844})
    try:
        tab.goto(server + built.pages[name])
        width = tab.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE, f"{built.pages[name]} is {width} px wide at {PHONE} px"
    finally:
        tab.close()


@pytest.mark.parametrize("name", ["home", "article"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_screenshots(built: Built, server: str, browser: Any, screenshot_dir: Path, name: str, width: int) -> None:
    tab = browser.new_page(viewport={"width": width, "height": 900 if width == DESKTOP else 844})
    try:
        tab.goto(server + built.pages[name])
        tab.evaluate("() => document.fonts.ready")
        # Lazy images load as they scroll into view; a full-page shot needs them all.
        tab.evaluate("() => Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode().catch(() => {}); }))")
        shot = screenshot_dir / f"{name}-{width}.png"
        tab.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= width
        if name == "article" and os.environ.get("DVARCHIVE_SCREENSHOTS") == "docs":
            keep_for_docs(tab, width)
    finally:
        tab.close()


def keep_for_docs(tab: Any, width: int) -> None:
    """The README's pictures of the article page: at 1280 px its top (headline,
    lead photo, dateline) and its end (byline, related and same-section news);
    at 390 px its top (the menu on a phone)."""
    docs = REPO / "docs"
    docs.mkdir(exist_ok=True)
    if width == PHONE:
        tab.screenshot(path=str(docs / "screenshot-article-phone.png"), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": 1200})
        return
    tab.screenshot(path=str(docs / "screenshot-article.png"), full_page=True, clip={"x": 0, "y": 0, "width": width, "height": 1500})
    top = tab.evaluate("() => document.querySelector('.byline').getBoundingClientRect().top + scrollY")
    height = tab.evaluate("() => document.documentElement.scrollHeight")
    start = max(0, int(top) - 240)
    clip = {"x": 0, "y": start, "width": width, "height": min(1500, height - start)}
    tab.screenshot(path=str(docs / "screenshot-article-end.png"), full_page=True, clip=clip)


# --- search (issue 5, point 4) -------------------------------------------------

SEARCHES = [
    # what a reader types, without marks → a headline that must be among the results
    ("truong quoc bao", "Hơn 2.000 đoàn viên Đà Nẵng ra quân làm sạch bãi biển"),
    ("dan van kheo", "Dân vận khéo ở cơ sở: chuyện ở xã Tà Nung"),
    ("dang thi anh", "Giá cà phê tăng cao, nông dân Lâm Đồng phấn khởi đầu năm"),
    ("cong chieng", "Nghệ nhân buôn Ea Kmar truyền dạy cồng chiêng cho thanh thiếu niên"),
]


@pytest.mark.parametrize(("query", "headline"), SEARCHES, ids=[q for q, _ in SEARCHES])
def test_search_finds_accented_text_from_a_query_without_marks(page: Any, server: str, query: str, headline: str) -> None:
    page.goto(server + "/tim-kiem/")
    page.fill("#tim-kiem input", query)
    results = page.locator(".pagefind-ui__result-link")
    results.first.wait_for(timeout=10_000)
    page.wait_for_timeout(300)  # the result list settles after the first match
    titles = results.all_inner_texts()
    assert headline in titles, f"{query!r} → {titles}"


def test_search_page_links_land_on_articles(page: Any, server: str) -> None:
    page.goto(server + "/tim-kiem/")
    page.fill("#tim-kiem input", "cong chieng")
    link = page.locator(".pagefind-ui__result-link").first
    link.wait_for(timeout=10_000)
    link.click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("Nghệ nhân")


# --- the article page, the phone menu and the favicon (issue 16, points 3, 5, 6) ------


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_every_photo_caption_is_exactly_as_wide_as_its_photo(built: Built, server: str, browser: Any, width: int) -> None:
    """The lead photo and those in the body: the caption's box and its text run
    from the photo's left edge to its right edge, not past them."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    try:
        tab.goto(server + built.pages["article"])
        tab.evaluate("() => Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode().catch(() => {}); }))")
        figures = tab.evaluate(
            """() => [...document.querySelectorAll('main figure')].map(f => {
                 const img = f.querySelector('img').getBoundingClientRect(), cap = f.querySelector('figcaption');
                 const box = cap.getBoundingClientRect(), range = document.createRange();
                 range.selectNodeContents(cap);
                 const lines = [...range.getClientRects()];
                 return {lead: f.classList.contains('lead'), img: [img.left, img.right, img.width],
                         caption: [box.left, box.right],
                         text: [Math.min(...lines.map(r => r.left)), Math.max(...lines.map(r => r.right))]}; })"""
        )
    finally:
        tab.close()
    assert figures and figures[0]["lead"], figures
    for figure in figures:
        left, right, photo_width = figure["img"]
        assert abs(figure["caption"][0] - left) < 1 and abs(figure["caption"][1] - right) < 1, figure
        assert figure["text"][0] >= left - 1 and figure["text"][1] <= right + 1, figure
    lead_width = figures[0]["img"][2]
    # On a phone the lead photo fills the column; on a desktop it is wider than the text (52rem).
    assert lead_width == pytest.approx(PHONE - 32, abs=1) if width == PHONE else lead_width == pytest.approx(832, abs=1)


NARROW = 360
NARROW_PAGES = [*PAGE_NAMES, "search", "not_found"]


@pytest.mark.parametrize("name", NARROW_PAGES)
def test_at_360_px_no_element_is_wider_than_the_screen_and_the_menu_is_all_in_view(
    built: Built, server: str, browser: Any, name: str
) -> None:
    """Every section and both indexes of the menu can be seen and tapped at 360 px,
    without scrolling sideways; nothing on the page sticks out of the screen
    (what a scrolling box, a wide table, holds inside it aside)."""
    path = {"search": "/tim-kiem/", "not_found": "/404.html"}.get(name) or built.pages[name]
    tab = browser.new_page(viewport={"width": NARROW, "height": 740})
    try:
        tab.goto(server + path)
        wide = tab.evaluate(
            """width => [...document.querySelectorAll('body *')].filter(el => {
                 for (let up = el.parentElement; up; up = up.parentElement) {
                   const s = getComputedStyle(up);
                   if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return false;
                 }
                 const s = getComputedStyle(el), r = el.getBoundingClientRect();
                 if (s.display === 'none' || s.visibility === 'hidden' || r.width === 0 || r.height === 0) return false;
                 if (r.width <= 1 && r.height <= 1) return false;  // visually hidden text (.vh)
                 return r.left < -0.5 || r.right > width + 0.5;
               }).map(el => el.outerHTML.slice(0, 100))""",
            NARROW,
        )
        assert not wide, f"{path} at {NARROW} px: wider than the screen:\n" + "\n".join(wide)
        assert tab.evaluate("() => document.documentElement.scrollWidth") <= NARROW
        menu = tab.get_by_role("navigation", name="Điều hướng chính").get_by_role("link")
        names = menu.all_inner_texts()
        sections = BeautifulSoup(page_file(built.root, "/").read_text(encoding="utf-8"), "html5lib").select(".site-nav a")
        assert names == [a.get_text() for a in sections] and {"Nhân vật", "Tổ chức", "Tìm kiếm"} <= set(names)
        for link in menu.all():
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= NARROW, (link.inner_text(), box)
            assert box["height"] >= 24, f"{link.inner_text()} is too small to tap"
            assert link.evaluate("a => getComputedStyle(a).whiteSpace") != "nowrap" or box["width"] < NARROW
    finally:
        tab.close()


def test_every_page_names_the_favicon_and_the_server_has_it(built: Built, server: str, page: Any) -> None:
    import urllib.request

    from PIL import Image

    for name in PAGE_NAMES:
        html = BeautifulSoup(page_file(built.root, built.pages[name]).read_text(encoding="utf-8"), "html5lib")
        [icon] = html.select('link[rel~="icon"]')
        assert icon["href"] == "/favicon.ico"
    with urllib.request.urlopen(server + "/favicon.ico") as response:
        assert response.status == 200
        with Image.open(response) as image:
            assert image.format == "ICO" and {(16, 16), (32, 32)} <= image.info["sizes"]
    # A browser that loads a page asks for nothing the site lacks (the favicon included).
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(server + built.pages["article"])
    page.wait_for_load_state("networkidle")
    assert page.evaluate("() => fetch('/favicon.ico').then(r => r.status)") == 200
    assert not missing, missing


# --- search results read as the article does (issue 16, point 1) ---------------

# A query, with or without marks, and a word its results must show as articles write it.
EXCERPT_SEARCHES = [
    ("dang vien", "đảng"),
    ("đảng viên", "đảng"),
    ("dang thi anh", "Đặng"),
    ("Đặng Thị Ánh", "Đặng"),
    ("xay dung dang", "dựng"),
    ("DA LAT", "Đà"),
    ("de kiem tra", "để"),
]


def plain_words(text: str) -> list[str]:
    """Words without the punctuation around them, for comparing texts."""
    return [w for w in (re.sub(r"^\W+|\W+$", "", word) for word in text.split()) if w]


def fold_marks(word: str) -> str:
    """What Pagefind compares: no tone or vowel marks, đ as d, lower case."""
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def matches_a_term(word: str, terms: list[str]) -> bool:
    folded = fold_marks(word)
    return any(folded.startswith(term) or term.startswith(folded) for term in terms)


def search_results(page: Any, server: str, search_path: str, query: str) -> list[dict[str, str]]:
    """The results the search page shows for a query: link, headline, excerpt (HTML)."""
    page.goto(server + search_path)
    page.fill("#tim-kiem input", query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)  # the result list settles after the first match
    return page.evaluate(
        """() => [...document.querySelectorAll('.pagefind-ui__result')].map(r => ({
             href: r.querySelector('.pagefind-ui__result-link').getAttribute('href'),
             title: r.querySelector('.pagefind-ui__result-link').textContent.trim(),
             excerpt: r.querySelector('.pagefind-ui__result-excerpt').innerHTML,
             tags: r.querySelectorAll('.pagefind-ui__result-tags li').length }))"""
    )


def article_text_words(root: Path, url_path: str) -> list[str]:
    """The article's own words as its page shows them: headline, lede, body
    (without figures, the dateline and the byline, which are not in the text)."""
    page = BeautifulSoup(page_file(root, url_path).read_text(encoding="utf-8"), "html5lib")
    for extra in page.select(".body figure, .dateline, .byline"):
        extra.decompose()
    parts = [page.select_one(".article h1"), page.select_one(".article .lede"), page.select_one(".article .body")]
    return plain_words(" ".join(part.get_text(" ") for part in parts if part is not None))


def page_file(root: Path, url_path: str) -> Path:
    path = root / url_path.lstrip("/")
    return path / "index.html" if url_path.endswith("/") else path


def contains_run(words: list[str], run: list[str]) -> bool:
    return any(words[i : i + len(run)] == run for i in range(len(words) - len(run) + 1))


@pytest.mark.parametrize(("query", "word"), EXCERPT_SEARCHES, ids=[q for q, _ in EXCERPT_SEARCHES])
def test_search_excerpts_show_the_articles_own_words(built: Built, page: Any, server: str, query: str, word: str) -> None:
    """Each excerpt is a run of the article's own text (headline, lede, body), never the
    đ-folded copy the index holds nor the names box; what it marks is what was asked for."""
    results = search_results(page, server, "/tim-kiem/", query)
    assert results, query
    terms = [fold_marks(t) for t in query.split()]
    shown = []
    for result in results:
        excerpt = BeautifulSoup(result["excerpt"], "html.parser")
        marked = [m.get_text() for m in excerpt.find_all("mark")]
        words = plain_words(excerpt.get_text())
        text = article_text_words(built.root, result["href"])
        assert words and contains_run(text, words), f"{query!r}: {result['href']} shows {excerpt.get_text()!r}, not its text"
        # Pagefind matches a word by its start, either way ("lat" marks "là").
        assert all(any(matches_a_term(w, terms) for w in plain_words(m)) for m in marked), (query, marked)
        assert result["tags"] == 0, "the excerpt's source text shows as a tag"
        shown += plain_words(" ".join(marked))
    assert word in shown, f"{query!r}: no result marks {word!r} (marked: {shown})"


# --- a site under a sub-path (issue 16, point 2) --------------------------------

SUB_PATH_BASE = "https://example.org/luu-tru/"
SUB_PATH = "/luu-tru/"
NAMES_ONLY = """---
title: "Hội An mở lớp dạy làm đèn lồng cho học sinh"
date: 2026-01-05T09:00:00+07:00
section: Văn hóa
agency: TTXVN
location: Hội An
tags: [Quỹ Đồng Hành]
---

Sáng 5/1, tại Hội An, một xưởng thủ công mở lớp dạy làm đèn lồng miễn phí cho học sinh trong dịp nghỉ Tết.

Mỗi lớp học có hai mươi em, học <b>trong</b> ba buổi & nhận đèn mang về.
"""


class NotFoundPageHandler(QuietHandler):
    """A host that answers a missing address with the site's 404.html, as Netlify,
    GitHub Pages or an nginx ``error_page`` do."""

    not_found: Path

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404 or not self.not_found.is_file():
            return super().send_error(code, message, explain)
        body = self.not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@dataclass(frozen=True)
class SubPathSite:
    output: Path  # the built site, served at SUB_PATH
    server: str  # serving the folder above it


@pytest.fixture(scope="session")
def under_sub_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SubPathSite]:
    """The sample with ``base_url: https://example.org/luu-tru/`` (and one more article,
    whose tag is in no text), built into ``luu-tru/`` of a folder served at the host's root."""
    site = tmp_path_factory.mktemp("sub-path") / "site"
    shutil.copytree(REPO / "content", site / "content")
    (site / "content/articles/2026/01/hoi-an-lop-den-long.md").write_text(NAMES_ONLY, encoding="utf-8")
    config = (REPO / "dvarchive.yaml").read_text(encoding="utf-8")
    (site / "dvarchive.yaml").write_text(re.sub(r"(?m)^base_url:.*$", f"base_url: {SUB_PATH_BASE}", config), encoding="utf-8")
    host = site.parent / "host"
    output = host / SUB_PATH.strip("/")
    build_site(site, output)
    handler = type("Handler", (NotFoundPageHandler,), {"not_found": output / "404.html"})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(host)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield SubPathSite(output, f"http://127.0.0.1:{httpd.server_address[1]}")
    httpd.shutdown()
    httpd.server_close()


def registered_urls() -> set[str]:
    """The web sites the sample's registries give people and organisations: links out."""
    import yaml

    entries = [e for name in ("people.yaml", "organisations.yaml") for e in yaml.safe_load((REPO / "content" / name).read_text("utf-8")) or []]
    return {e["url"] for e in entries if e.get("url")}


def addresses_in_html(text: str) -> list[str]:
    """Every address an HTML page points at: links, assets, srcsets, sharing tags,
    the refresh of a redirect page and the JSON-LD, but not links marked rel=external."""
    page = BeautifulSoup(text, "html5lib")
    found: list[str] = []
    for tag in page.find_all(True):
        if "external" in (tag.get("rel") or []):
            continue
        for attribute in ("href", "src"):
            if tag.get(attribute):
                found.append(tag[attribute])
        for attribute in ("srcset", "data-srcset"):
            found += [candidate.split()[0] for candidate in tag.get(attribute, "").split(",") if candidate.strip()]
        for attribute in ("data-bundle", "data-root"):
            found += tag.get(attribute, "").split()
        found += tag.get("data-merge", "").split()
        if tag.name == "meta" and tag.get("content", "").startswith(("http://", "https://", "/")):
            found.append(tag["content"])
        if tag.name == "meta" and tag.get("http-equiv", "").lower() == "refresh":
            found.append(tag["content"].split("url=", 1)[1])
    for script in page.find_all("script", type="application/ld+json"):
        found += re.findall(r'"(https?://[^"]+)"', script.string or "")
    return found


# Names of formats in feeds, sitemaps and JSON-LD: not links of the site.
VOCABULARIES = (
    "https://schema.org", "http://www.rssboard.org/", "http://purl.org/", "http://www.w3.org/",
    "http://www.sitemaps.org/", "http://www.google.com/schemas/", "http://search.yahoo.com/mrss/",
)


def test_every_link_works_under_a_sub_path(under_sub_path: SubPathSite) -> None:
    """From the home page, every page, feed, sitemap, photo and script the site points at,
    followed recursively: each is under /luu-tru/ and is there; the sitemap lists only such pages."""
    import urllib.error
    import urllib.request

    server, outside = under_sub_path.server, registered_urls()
    seen: set[str] = set()
    waiting = [SUB_PATH, SUB_PATH + "404.html", SUB_PATH + "robots.txt", SUB_PATH + "sitemap.xml", SUB_PATH + "sitemap-news.xml"]
    broken, astray = [], []
    while waiting:
        path = waiting.pop()
        if path in seen:
            continue
        seen.add(path)
        try:
            with urllib.request.urlopen(server + path) as response:
                body = response.read()
                kind = response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            broken.append(f"{path}: {error.code}")
            continue
        if kind == "text/html":
            addresses = addresses_in_html(body.decode("utf-8"))
        elif path.endswith((".xml", ".txt")):
            addresses = re.findall(r"https?://[^\s<>\"']+", body.decode("utf-8"))
        else:
            continue
        for address in addresses:
            if address.startswith("#") or address in outside or address.startswith(VOCABULARIES):
                continue
            parts = urlsplit(urljoin(SUB_PATH_BASE + path.removeprefix(SUB_PATH), address))
            if parts.netloc != "example.org" or not parts.path.startswith(SUB_PATH):
                astray.append(f"{path}: {address}")
                continue
            if path.endswith(".txt") or parts.path.endswith((".css", ".js", ".ico")) or kind == "text/html" or path.endswith(".xml"):
                waiting.append(parts.path)
    assert not astray, "addresses outside the site:\n" + "\n".join(sorted(set(astray)))
    assert not broken, "broken links:\n" + "\n".join(sorted(broken))
    pages = {p for p in seen if p.endswith("/")}
    articles = {url_path_of(under_sub_path.output, p) for p in under_sub_path.output.rglob("index.html") if body_kind(p) == "article"}
    assert {SUB_PATH + a.lstrip("/") for a in articles} <= pages, "some articles are reached by no link"
    assert any(p.endswith("/feed.xml") and p != SUB_PATH + "feed.xml" for p in seen), "no entity feed was followed"


def test_the_404_page_works_at_any_depth_under_a_sub_path(under_sub_path: SubPathSite, page: Any) -> None:
    response = page.goto(under_sub_path.server + SUB_PATH + "2020/01/khong-co-bai-nay/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang"
    # The theme's stylesheet loaded: the masthead has its accent rule.
    assert page.evaluate("() => getComputedStyle(document.querySelector('.masthead')).borderTopWidth") == "4px"
    page.get_by_role("link", name="Nhân vật (A–Z)").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == SUB_PATH + "nhan-vat/"
    assert page.locator("h1").inner_text() == "Nhân vật"


def test_search_results_open_their_articles_under_a_sub_path(under_sub_path: SubPathSite, page: Any) -> None:
    results = search_results(page, under_sub_path.server, SUB_PATH + "tim-kiem/", "cong chieng")
    assert all(r["href"].startswith(SUB_PATH) and not r["href"].startswith(SUB_PATH * 2) for r in results), results
    page.locator(".pagefind-ui__result-link").first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == results[0]["href"]
    assert page.locator("h1").inner_text() == results[0]["title"]


def test_search_excerpts_show_markup_in_the_text_as_text(under_sub_path: SubPathSite, page: Any) -> None:
    """The excerpt is HTML made from the article's words: a "<b>" they hold is shown, not obeyed."""
    results = search_results(page, under_sub_path.server, SUB_PATH + "tim-kiem/", "hai muoi em")
    [lanterns] = [r for r in results if r["title"].startswith("Hội An mở lớp")]
    excerpt = BeautifulSoup(lanterns["excerpt"], "html.parser")
    assert excerpt.find("b") is None
    assert "hai mươi em, học <b>trong</b> ba buổi &" in excerpt.get_text()
    assert [m.get_text() for m in excerpt.find_all("mark")] == ["hai", "mươi", "em,"]


def test_a_match_only_in_the_names_box_shows_the_articles_opening(under_sub_path: SubPathSite, page: Any) -> None:
    """"Quỹ Đồng Hành" is only a tag of the lantern story: its excerpt is the story's
    first words, not the names and tags after its text."""
    results = search_results(page, under_sub_path.server, SUB_PATH + "tim-kiem/", "quy dong hanh")
    [lanterns] = [r for r in results if r["title"].startswith("Hội An mở lớp")]
    excerpt = BeautifulSoup(lanterns["excerpt"], "html.parser").get_text()
    assert excerpt.startswith("Sáng 5/1, tại Hội An, một xưởng thủ công"), excerpt
    assert "Quỹ" not in excerpt and "Đồng Hành" not in excerpt


# --- structured data, sharing and photos on the sample (issue 5, points 3 and 5) ----


def test_every_sample_article_is_shareable_and_described(built: Built) -> None:
    articles = [p for p in built.root.rglob("index.html") if body_kind(p) == "article"]
    assert len(articles) >= 15
    for path in articles:
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        (data,) = [json.loads(s.string) for s in page.find_all("script", type="application/ld+json")]
        assert data["@type"] == "NewsArticle" and data["inLanguage"] == "vi", path
        assert data["headline"] == page.find("h1").get_text(), path
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00", data["datePublished"]), path
        assert data["publisher"]["logo"]["url"].startswith("https://"), path
        assert page.find("meta", property="og:title")["content"] == data["headline"], path
        assert page.find("link", rel="canonical")["href"] == data["url"], path
        for img in page.select("figure img"):
            assert img.get("srcset") and img.get("width") and img.get("height"), (path, img)
    assert (built.root / "sitemap-news.xml").is_file()
    people = BeautifulSoup((built.root / "nhan-vat/tran-van-an/index.html").read_text("utf-8"), "html.parser")
    (person,) = [json.loads(s.string) for s in people.find_all("script", type="application/ld+json")]
    assert person["@type"] == "Person" and person["name"] == "Trần Văn Ân"


# --- an English site: the interface in the site's language -------------------------


@pytest.fixture(scope="session")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A small site with language: en and English articles (tests/test_languages.py), served."""
    from .conftest import write_site
    from .test_languages import ARTICLES, ENGLISH_CONFIG

    folder = tmp_path_factory.mktemp("english")
    site = write_site(folder / "site", ARTICLES, ENGLISH_CONFIG + "language: en\n")
    build_site(site, folder / "public")
    yield from serve_folder(folder / "public")


def test_an_english_site_searches_and_reads_in_english(english_site: str, page: Any, axe_source: str) -> None:
    """What only a browser shows: the search's own words (Pagefind's interface) and the
    page as a screen reader meets it, with lang="en"."""
    page.goto(english_site + "/tim-kiem/")
    box = page.locator("#tim-kiem input")
    assert box.get_attribute("placeholder") == "Search the archive"
    box.fill("bridge")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    message = page.locator(".pagefind-ui__message").inner_text()
    assert re.fullmatch(r"1 result for bridge", message), message
    shown = page.evaluate("() => document.body.innerText")
    assert not [ch for ch in shown if not ch.isascii() and ch not in "–—…·←→“”‘’"], shown
    for path in ("/", "/2024/01/bridge/"):  # as the Vietnamese pages are checked (tests above)
        page.goto(english_site + path)
        assert page.evaluate("() => document.documentElement.lang") == "en"
        bad = [v for v in run_axe(page, axe_source)["violations"] if v["impact"] in ("serious", "critical")]
        assert not bad, f"{path}:\n{describe(bad)}"
