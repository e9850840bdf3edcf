"""Lists numbered from the oldest (``paging: from_oldest``): numbered pages that keep their
articles, and their addresses, as the archive grows.

Unit tests of the cut (core/paging.py), then built sites read as a reader
reads them (following rel="next" from the front page), then what a build
rewrites when an article is added, deleted, dated again, drafted or scheduled.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site
from dvarchive.core.config import SiteConfig, UrlWords
from dvarchive.core.paging import FROM_NEWEST, FROM_OLDEST, ListPage, cut_pages, links_key, pagination

from .conftest import SiteMaker, article, config_with, page_file, sitemap_locs, soup, text
from .test_incremental import Archive, clean_build, snapshot

VIETNAM = timezone(timedelta(hours=7))
START = datetime(2024, 1, 1, 7, tzinfo=VIETNAM)
SECTIONS = ["Thời sự", "Thời sự", "Thời sự", "Thời sự", "Kinh tế", "Kinh tế", "Kinh tế", "Xã hội", "Văn hóa", "Thời sự"]
TAGS = ["giao thông", "y tế", "giáo dục", "du lịch", "nông nghiệp", "môi trường"]
PEOPLE = ["Trần Văn Ân", "Nguyễn Thị Hòa", "Lê Quang Ơn", "Phạm Minh Đức", "Đặng Thị Ánh", "Hoàng Văn Ưng", "Vũ Thị Hạnh"]
AUTHORS = ["Minh Hưng", "Thu Trang", "Ngọc Hà"]


# ---- the cut ------------------------------------------------------------------------


def oldest_first(pages: list[ListPage], count: int) -> dict[int, list[int]]:
    """Each page's articles, counted from the oldest (0), by page number."""
    return {page.number: sorted(count - 1 - i for i in range(page.start, page.stop)) for page in pages}


@pytest.mark.parametrize("per_page", [1, 2, 3, 5, 20])
def test_numbered_pages_are_full_and_keep_their_articles_as_the_list_grows(per_page: int) -> None:
    for count in range(0, 6 * per_page + 3):
        pages = cut_pages(count, per_page, FROM_OLDEST)
        front, numbered = pages[0], pages[1:]
        assert front.number == 0 and front.front and not front.lasting
        assert sorted(i for page in pages for i in range(page.start, page.stop)) == list(range(count))  # each once
        assert all(page.stop - page.start == per_page and page.lasting for page in numbered)
        assert [page.number for page in numbered] == list(range(len(numbered), 0, -1))  # the newest pages first
        size = front.stop - front.start
        assert size == count if count < 2 * per_page else per_page <= size < 2 * per_page
        # One more article (the newest): every numbered page holds what it held.
        before, after = oldest_first(pages, count), oldest_first(cut_pages(count + 1, per_page, FROM_OLDEST), count + 1)
        assert all(after[number] == held for number, held in before.items() if number)


def test_pages_from_the_newest_are_cut_as_before() -> None:
    assert [(p.number, p.start, p.stop, p.front) for p in cut_pages(45, 20, FROM_NEWEST)] == [
        (1, 0, 20, True), (2, 20, 40, False), (3, 40, 45, False)
    ]
    assert [(p.number, p.start, p.stop) for p in cut_pages(0, 20, FROM_NEWEST)] == [(1, 0, 0)]


def test_a_numbered_page_links_only_to_the_pages_near_it() -> None:
    """Its links, and what its fingerprint knows of them, are the same however many pages come after."""
    config = SiteConfig(title="t", base_url="https://tin.example.vn/", paging=FROM_OLDEST, urls=UrlWords(page="trang"))

    def page(number: int, numbered: int) -> ListPage:
        return next(p for p in cut_pages((numbered + 1) * 5, 5, FROM_OLDEST) if p.number == number)

    far = [pagination(config, "/chu-de/y-te/", page(7, numbered)) for numbered in (10, 11, 40)]
    assert far[0] == far[1] == far[2]
    assert links_key(page(7, 10)) == links_key(page(7, 40))
    seven = far[0]
    assert (seven.prev_url, seven.next_url, seven.total) == ("/chu-de/y-te/trang/8/", "/chu-de/y-te/trang/6/", 0)
    assert [(link.number, link.gap_before) for link in seven.pages] == [
        (0, False), (9, True), (8, False), (7, False), (6, False), (5, False), (2, True), (1, False)
    ]
    # The newest numbered page leads back to the front page; a new page after it changes it.
    newest = pagination(config, "/chu-de/y-te/", page(7, 7))
    assert newest.prev_url == "/chu-de/y-te/" and newest != seven and links_key(page(7, 7)) != links_key(page(7, 8))
    front = pagination(config, "/chu-de/y-te/", page(0, 40))
    assert (front.prev_url, front.next_url, front.total) == (None, "/chu-de/y-te/trang/40/", 41)
    assert [link.number for link in front.pages] == [0, 40, 39, 38, 2, 1]


# ---- a site as a reader reads it --------------------------------------------------------


def nth_article(number: int, **header: object) -> tuple[str, str]:
    """The ``number``-th article of a test archive, nine hours after the one before."""
    when = START + timedelta(hours=9 * number)
    fields: dict[str, object] = {
        "section": SECTIONS[number % len(SECTIONS)],
        "tags": sorted({TAGS[number % 6], TAGS[(number * 7 + 1) % 6]}),
        "people": [PEOPLE[number % len(PEOPLE)]],
        "author": AUTHORS[number % 3],
        **header,
    }
    return f"content/articles/{when:%Y/%m}/ban-tin-{number:04d}.md", article(f"Bản tin số {number}", when.isoformat(), **fields)


def archive_files(count: int) -> dict[str, str | bytes]:
    return dict(nth_article(number) for number in range(count))


def from_oldest(per_page: int, **values: object) -> str:
    return config_with(per_page=per_page, paging="from_oldest", **values)


def teasers(page: BeautifulSoup) -> list[str]:
    return [a["href"] for a in page.select(".teaser-title a")]


def reading_order(output: Path, first: str) -> Iterator[tuple[str, BeautifulSoup]]:
    """Every page of a list, from its front page, following rel="next" (older)."""
    url: str | None = first
    seen = set()
    while url is not None:
        assert url not in seen, f"the pages lead back to {url}"
        seen.add(url)
        page = soup(output, url)
        yield url, page
        older = page.find("a", rel="next")
        url = older["href"] if older else None


def address(number: int) -> str:
    when = START + timedelta(hours=9 * number)
    return f"/{when:%Y/%m}/ban-tin-{number:04d}/"


def test_a_reader_goes_from_the_newest_to_the_oldest(make_site: SiteMaker, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_site(archive_files(23), from_oldest(5)), out, search=False)
    pages = list(reading_order(out, "/"))
    # 23 articles, 5 a page: three full pages from the oldest, and the newest eight on the front page.
    assert [url for url, _ in pages] == ["/", "/trang/3/", "/trang/2/", "/trang/1/"]
    assert [teasers(page) for _, page in pages] == [
        [address(n) for n in range(22, 14, -1)], *([address(n) for n in range(top, top - 5, -1)] for top in (14, 9, 4))
    ]
    assert not page_file(out, "/trang/4/").exists() and not page_file(out, "/page/2/").exists()
    # Newer and older, both ways; the newest numbered page leads back to the front page.
    third = soup(out, "/trang/3/")
    assert third.find("a", rel="prev")["href"] == "/" and third.find("a", rel="next")["href"] == "/trang/2/"
    assert text(third.find("a", rel="prev")) == "← Mới hơn" and text(third.find("a", rel="next")) == "Cũ hơn →"
    assert soup(out, "/").find("a", rel="prev") is None and soup(out, "/trang/1/").find("a", rel="next") is None
    nav = soup(out, "/").find("nav", class_="pagination")
    assert [text(a) for a in nav.find_all("a")] == ["Mới nhất", "Trang 3", "Trang 2", "Trang 1", "Cũ hơn →"]
    # A numbered page says which it is and the days it covers, never how many pages there are.
    first_day, last_day = (START + timedelta(hours=9 * n) for n in (10, 14))
    dates = f"{first_day:%d/%m/%Y} – {last_day:%d/%m/%Y}"
    assert third.title.string == f"Lưu trữ Tin Thử nghiệm – trang 3 ({dates})"
    assert text(third.select_one(".page-note")) == f"Trang 3 · {dates}"
    assert soup(out, "/").select_one(".teaser.featured") is not None and third.select_one(".teaser.featured") is None


def test_every_list_is_numbered_from_the_oldest(make_site: SiteMaker, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_site(archive_files(60), from_oldest(4)), out, search=False)
    lists = ["/", "/chuyen-muc/thoi-su/", "/chu-de/y-te/", "/nhan-vat/tran-van-an/", "/tac-gia/minh-hung/", "/2024/01/"]
    for first in lists:
        pages = list(reading_order(out, first))
        shown = [url for _, page in pages for url in teasers(page)]
        assert len(shown) == len(set(shown)) > 4, first
        dates = [page_date(out, url) for url in shown]
        assert dates == sorted(dates, reverse=True), first  # one order, the newest first, across the pages
        numbers = [int(m[1]) for url, _ in pages[1:] if (m := re.search(r"/trang/(\d+)/$", url))]
        assert numbers == list(range(len(pages) - 1, 0, -1)), first
        assert all(len(teasers(page)) == 4 for _, page in pages[1:]), first


def page_date(output: Path, url: str) -> str:
    return soup(output, url).find("time")["datetime"]


def test_a_numbered_page_of_a_person_shows_nothing_of_the_rest_of_the_list(make_site: SiteMaker, tmp_path: Path) -> None:
    files = archive_files(40)
    for number in range(0, 40, 7):  # Trần Văn Ân's articles, each giving him a title
        path, _ = nth_article(number)
        files[path] = nth_article(number, people=[{"name": "Trần Văn Ân", "title": f"Chức vụ {number}"}])[1]
    out = tmp_path / "out"
    build_site(make_site(files, from_oldest(2)), out, search=False)
    front, numbered = soup(out, "/nhan-vat/tran-van-an/"), soup(out, "/nhan-vat/tran-van-an/trang/1/")
    assert text(front.select_one(".count")).startswith("6 bài")
    assert front.select_one(".titles") is not None and front.find("script", type="application/ld+json") is not None
    assert text(numbered.select_one(".count")).startswith("Trang 1 · ") and "bài" not in text(numbered.select_one(".count"))
    assert numbered.select_one(".titles") is None and numbered.find("script", type="application/ld+json") is None
    assert numbered.find("h1").get_text(strip=True) == "Trần Văn Ân"  # still says whose page it is


def test_a_registry_edit_rewrites_the_front_page_of_the_entity_not_its_numbered_pages(make_site: SiteMaker, tmp_path: Path) -> None:
    people = "- name: Trần Văn Ân\n  description: Kỹ sư cầu đường.\n  aliases: [ông Ân]\n"
    site = make_site({**archive_files(70), "content/people.yaml": people}, from_oldest(2))
    out = tmp_path / "out"
    build_site(site, out, search=False)
    front, numbered = soup(out, "/nhan-vat/tran-van-an/"), soup(out, "/nhan-vat/tran-van-an/trang/1/")
    assert text(front.select_one(".description")) == "Kỹ sư cầu đường." and front.select_one(".aliases") is not None
    assert numbered.select_one(".description") is None and numbered.select_one(".aliases") is None
    assert "Kỹ sư" not in str(numbered.find("head"))  # nor in its meta description or social tags
    before = snapshot(out)

    (site / "content/people.yaml").write_text(people.replace("Kỹ sư cầu đường.", "Giám đốc Sở Giao thông."), "utf-8")
    build_site(site, out, search=False)
    after = snapshot(out)
    assert changed_files(before, after) == {"nhan-vat/tran-van-an/index.html", "nhan-vat/tran-van-an/feed.xml"}  # the feed describes it too
    assert text(soup(out, "/nhan-vat/tran-van-an/").select_one(".description")) == "Giám đốc Sở Giao thông."
    assert after == clean_build(site, tmp_path, search=False)


def test_sitemap_lists_numbered_pages_with_their_newest_article(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(archive_files(23), from_oldest(5))
    out = tmp_path / "out"
    build_site(site, out, search=False)
    locs = sitemap_locs(out)
    newest_on_page_2 = START + timedelta(hours=9 * 9)
    assert locs["https://tin.example.vn/trang/2/"] == newest_on_page_2.isoformat()
    assert locs["https://tin.example.vn/"] == (START + timedelta(hours=9 * 22)).isoformat()
    path, text_ = nth_article(23)
    (site / path).write_text(text_, "utf-8")
    build_site(site, out, search=False)
    after = sitemap_locs(out)
    assert all(after[loc] == lastmod for loc, lastmod in locs.items() if "/trang/" in loc)  # frozen pages keep their lastmod
    assert after["https://tin.example.vn/"] == (START + timedelta(hours=9 * 23)).isoformat()


def test_an_english_numbered_page(make_site: SiteMaker, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_site(archive_files(12), from_oldest(5, language="en")), out, search=False)
    page = soup(out, "/trang/1/")
    assert page.title.string == "Lưu trữ Tin Thử nghiệm – page 1 (Jan 1, 2024 – Jan 2, 2024)"
    nav = page.find("nav", class_="pagination")
    assert [text(a) for a in nav.find_all("a")] == ["← Newer", "Newest", "Page 1"]


# ---- what a build rewrites ------------------------------------------------------------------

RECORDS = {".dvarchive-manifest.json", ".dvarchive-published.json"}
ARTICLE_FILE = re.compile(r"\d{4}/\d{2}/[^/]+/index\.(html|json)")
NUMBERED = re.compile(r"(?P<list>(?:.*/)?)trang/(?P<number>\d+)/index\.html")


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Files written, added or removed, dvarchive's own records aside."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)} - RECORDS


def add_article(site: Path, number: int, **header: object) -> str:
    path, text_ = nth_article(number, **header)
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_text(text_, "utf-8")
    return address(number)


def numbered_pages_changed(before: dict[str, bytes], after: dict[str, bytes]) -> set[str]:
    """Numbered pages that were there and changed, but for the three just before a page new in their list
    (whose links to newer pages now lead to it)."""
    added = {(m["list"], int(m["number"])) for path in after.keys() - before.keys() if (m := NUMBERED.fullmatch(path))}
    allowed = {f"{where}trang/{number - back}/index.html" for where, number in added for back in (1, 2, 3)}
    return {path for path in before.keys() & after.keys() if NUMBERED.fullmatch(path) and before[path] != after[path]} - allowed


def rewrites_for_a_new_article(tmp_path: Path, count: int, paging: str) -> tuple[set[str], set[str]]:
    """Build an archive of ``count`` articles, add the newest, build again: the article pages
    rewritten (its own aside), and every other file rewritten, added or removed."""
    site = tmp_path / f"{paging}-{count}"
    out = site / "public"
    from .conftest import write_site

    write_site(site, archive_files(count), config_with(per_page=5, paging=paging))
    build_site(site, out, search=False)
    before = snapshot(out)
    new = add_article(site, count)
    build_site(site, out, search=False)
    after = snapshot(out)
    changed = changed_files(before, after) - {new.lstrip("/") + "index.html", new.lstrip("/") + "index.json"}
    articles = {path for path in changed if ARTICLE_FILE.fullmatch(path)}
    # An older article's page changes only when its "Tin cùng chuyên mục" now names the new article
    # (the oldest articles of a small section); "Tin liên quan" ranks earlier articles only.
    for path in articles:
        assert new in {a["href"] for a in BeautifulSoup(after[path], "html.parser").select(".related a")}, path
    if paging == FROM_OLDEST:
        assert not numbered_pages_changed(before, after)
    return articles, changed - articles


def test_a_new_article_rewrites_as_few_files_in_a_large_archive_as_in_a_small_one(tmp_path: Path) -> None:
    """The lists a new article is in change their front pages and feeds, nothing more: the count
    does not grow with the archive. Numbered from the newest, every page of those lists changes."""
    small_articles, small = rewrites_for_a_new_article(tmp_path, 200, FROM_OLDEST)
    large_articles, large = rewrites_for_a_new_article(tmp_path, 400, FROM_OLDEST)
    assert not small_articles and not large_articles  # no older article's page
    assert len(large) <= 25 and len(small) <= 25
    assert abs(len(large) - len(small)) <= 4  # a list whose front page filled up gets a numbered page (and three links)
    assert "index.html" in large and "sitemap.xml" in large and not any(path.startswith("trang/") for path in large)
    _, newest_first = rewrites_for_a_new_article(tmp_path, 400, FROM_NEWEST)
    assert len(newest_first) > 10 * len(large)  # every page of every list the article is in
    assert {f"page/{n}/index.html" for n in range(2, 81)} <= newest_first


def test_a_full_front_page_becomes_the_next_numbered_page(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(archive_files(14), from_oldest(5))
    out = tmp_path / "out"
    build_site(site, out, search=False)
    assert [url for url, _ in reading_order(out, "/")] == ["/", "/trang/1/"]
    before = snapshot(out)
    add_article(site, 14)
    build_site(site, out, search=False)
    after = snapshot(out)
    pages = list(reading_order(out, "/"))
    assert [url for url, _ in pages] == ["/", "/trang/2/", "/trang/1/"]
    assert [teasers(page) for _, page in pages] == [[address(n) for n in range(top, top - 5, -1)] for top in (14, 9, 4)]
    home = {path for path in changed_files(before, after) if path == "index.html" or path.startswith("trang/")}
    assert home == {"index.html", "trang/2/index.html", "trang/1/index.html"}  # page 1: its link to newer articles
    assert teasers(BeautifulSoup(before["trang/1/index.html"], "html.parser")) == teasers(soup(out, "/trang/1/"))


def test_a_new_date_moves_an_article_to_its_page(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(archive_files(30), from_oldest(5))
    out = tmp_path / "out"
    build_site(site, out, search=False)
    before = snapshot(out)
    moved_to = START + timedelta(hours=9 * 17 + 1)  # an hour after article 17, in the same month: the address stays
    path, _ = nth_article(2)
    text_ = (site / path).read_text("utf-8")
    (site / path).write_text(re.sub(r"^date: .*$", f"date: '{moved_to.isoformat()}'", text_, count=1, flags=re.M), "utf-8")
    build_site(site, out, search=False)
    order = [n for n in range(30) if n != 2]
    order.insert(order.index(17) + 1, 2)
    pages = list(reading_order(out, "/"))
    assert [url for url, _ in pages] == ["/", *(f"/trang/{n}/" for n in range(5, 0, -1))]
    assert [u for _, page in pages for u in teasers(page)] == [address(n) for n in reversed(order)]
    # Pages 1 to 4 hold other articles now; page 5, after the article's new place, holds what it held.
    changed = changed_files(before, snapshot(out))
    assert {f"trang/{n}/index.html" for n in (1, 2, 3, 4)} <= changed and "trang/5/index.html" not in changed
    assert snapshot(out) == clean_build(site, tmp_path / "scratch", search=False)


def test_a_deleted_article_leaves_its_page_to_the_next(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(archive_files(30), from_oldest(5))
    out = tmp_path / "out"
    build_site(site, out, search=False)
    path, _ = nth_article(3)
    (site / path).unlink()
    result = build_site(site, out, search=False)
    assert any(address(3) in d.message for d in result.warnings)  # the address gone is said, as ever
    pages = list(reading_order(out, "/"))
    # 29 articles: four numbered pages; the fifth's articles are on the front page again.
    assert [url for url, _ in pages] == ["/", "/trang/4/", "/trang/3/", "/trang/2/", "/trang/1/"]
    assert len(teasers(pages[0][1])) == 9 and not page_file(out, "/trang/5/").exists()
    assert snapshot(out) == clean_build(site, tmp_path / "scratch", search=False)


def test_drafts_and_scheduled_articles_shift_no_page_until_published(make_site: SiteMaker, tmp_path: Path) -> None:
    now = START + timedelta(days=20)
    site = make_site(archive_files(23), from_oldest(5))
    out = tmp_path / "out"
    build_site(site, out, search=False, now=now)
    before = snapshot(out)
    draft_date = (START + timedelta(hours=9 * 5 + 1)).isoformat()  # among the oldest: it would shift every page
    (site / "content/articles/ban-nhap.md").write_text(article("Bản nháp giữa kho", draft_date, draft=True), "utf-8")
    (site / "content/articles/hen-gio.md").write_text(
        article("Tin hẹn giờ", (now + timedelta(days=2)).isoformat(), section="Thời sự", tags=["y tế"]), "utf-8"
    )
    build_site(site, out, search=False, now=now)
    assert not {path for path in changed_files(before, snapshot(out)) if path.endswith(".html")}
    # A preview lists them where they will be, marked, counted in the pages as they will be.
    preview = tmp_path / "preview"
    build_site(site, preview, search=False, now=now, include_drafts=True, include_future=True)
    pages = list(reading_order(preview, "/"))
    assert [url for url, _ in pages] == ["/", "/trang/4/", "/trang/3/", "/trang/2/", "/trang/1/"]
    assert teasers(pages[0][1])[0] == "/2024/01/hen-gio/"
    # The draft, after article 5, where it would go: the pages after it hold one article less each.
    assert teasers(pages[-2][1]) == [address(8), address(7), address(6), "/2024/01/ban-nhap/", address(5)]
    marks = [text(mark) for _, page in pages for mark in page.select(".preview-mark")]
    assert sorted(marks) == ["Bản nháp", "Hẹn giờ"]
    # Its time come, the scheduled article is a new article: no numbered page changes.
    later = now + timedelta(days=3)
    before = snapshot(out)
    build_site(site, out, search=False, now=later)
    after = snapshot(out)
    assert "index.html" in changed_files(before, after) and not numbered_pages_changed(before, after)
    assert snapshot(out) == clean_build(site, tmp_path / "scratch", search=False, now=later)


class OldestFirstArchive(Archive):
    """test_incremental's seeded editor, on a site numbered from the oldest."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        super().__init__(root, rng)
        self.write("dvarchive.yaml", from_oldest(3, feed_items=4))

    def edit_config(self) -> None:
        self.write("dvarchive.yaml", from_oldest(self.rng.choice([2, 3, 5]), feed_items=self.rng.choice([3, 4])))


@pytest.mark.parametrize("seed", [4, 22])
def test_incremental_builds_equal_clean_builds_numbered_from_the_oldest(tmp_path: Path, seed: int) -> None:
    from .test_incremental import ACTIONS

    rng = random.Random(seed)
    archive = OldestFirstArchive(tmp_path / "site", rng)
    for _ in range(6):
        archive.add_article()  # enough for numbered pages in most lists
    output = tmp_path / "out"
    build_site(archive.root, output, now=archive.clock, search=False)
    for step in range(12):
        action = rng.choice(ACTIONS)
        getattr(archive, action.__name__)()
        build_site(archive.root, output, jobs=2, now=archive.clock, search=False)
        clean = clean_build(archive.root, tmp_path, now=archive.clock, search=False)
        assert snapshot(output) == clean, f"step {step}: {action.__name__}"
    assert any(NUMBERED.fullmatch(path) for path in snapshot(output))


# ---- sites made before, and new sites ------------------------------------------------------


def test_a_site_that_does_not_say_keeps_its_pages_numbered_from_the_newest(make_site: SiteMaker, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_site(archive_files(12), config_with(per_page=5)), out, search=False)
    assert [url for url, _ in reading_order(out, "/")] == ["/", "/page/2/", "/page/3/"]
    assert not (out / "trang").exists()
    assert "page/" not in (out / "_redirects").read_text("utf-8").split("301!", 1)[-1]  # no rule for its own pages


def test_a_site_turning_to_pages_from_the_oldest_sends_its_old_pages_to_their_lists(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(archive_files(30), config_with(per_page=5))
    out = tmp_path / "out"
    build_site(site, out, search=False)
    old_pages = {path for path in snapshot(out) if re.fullmatch(r"(?:.*/)?page/\d+/index\.html", path)}
    assert {"page/2/index.html", "chu-de/y-te/page/2/index.html", "2024/01/page/2/index.html"} <= old_pages
    (site / "dvarchive.yaml").write_text(from_oldest(5), "utf-8")
    build_site(site, out, search=False)
    assert not old_pages & set(snapshot(out))  # gone from the output, hence from the host at the next upload
    assert [url for url, _ in reading_order(out, "/")] == ["/", *(f"/trang/{n}/" for n in range(5, 0, -1))]
    rules = [line.split() for line in (out / "_redirects").read_text("utf-8").splitlines() if not line.startswith("#")]
    for old, new in [("/page/:number/", "/"), ("/chu-de/:slug/page/:number/", "/chu-de/:slug/"), ("/:year/:month/page/:number/", "/:year/:month/")]:
        assert [old, new, "301!"] in rules
    [entry] = [line for line in (out / "nginx-redirects.conf").read_text("utf-8").splitlines() if "dvarchive_list" in line]
    pattern, target = entry.rstrip(";").rsplit(" ", 1)
    assert target == "$dvarchive_list"
    regex = re.compile(pattern.strip('"').removeprefix("~").replace("(?<", "(?P<"))  # nginx's PCRE names groups (?<…>)

    def sent(uri: str) -> str | None:
        found = regex.match(uri)
        return found["dvarchive_list"] if found else None

    assert [sent(u) for u in ("/page/7/", "/chu-de/y-te/page/2", "/2024/01/page/3/", "/dinh-chinh/page/2/")] == [
        "/", "/chu-de/y-te/", "/2024/01/", "/dinh-chinh/"
    ]
    assert [sent(u) for u in ("/trang/2/", "/2024/01/page/", "/2024/01/page/index.json", "/tin/page/2/")] == [None] * 4
    assert snapshot(out) == clean_build(site, tmp_path / "scratch", search=False)


def test_page_rules_under_a_sub_path(make_site: SiteMaker, tmp_path: Path) -> None:
    config = from_oldest(5).replace("https://tin.example.vn/", "https://tin.example.vn/luu-tru/")
    out = tmp_path / "out"
    build_site(make_site(archive_files(12), config), out, search=False)
    assert "/luu-tru/nhan-vat/:slug/page/:number/ /luu-tru/nhan-vat/:slug/ 301!" in (out / "_redirects").read_text("utf-8")
    assert '"~^(?<dvarchive_list>/luu\\-tru/(?:' in (out / "nginx-redirects.conf").read_text("utf-8")
    assert soup(out, "/").find("a", rel="next")["href"] == "/luu-tru/trang/1/" and page_file(out, "/trang/1/").is_file()


def test_init_writes_pages_from_the_oldest(tmp_path: Path) -> None:
    from dvarchive.core.config import load_config
    from dvarchive.editors.scaffold import init_site

    init_site(tmp_path / "moi", datetime(2026, 1, 5, 9, tzinfo=VIETNAM))
    config = load_config(tmp_path / "moi")
    assert (config.paging, config.urls.page) == ("from_oldest", "trang")


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("paging: newest\n", 'dvarchive.yaml:4: error: paging phải là "from_oldest"'),
        ("paging: from_oldest\nurls:\n  search: trang\n", 'urls.search "trang" trùng với urls.page'),
    ],
)
def test_paging_mistakes_are_errors_at_their_line(make_site: SiteMaker, written: str, found: str) -> None:
    from .conftest import DEFAULT_CONFIG, build_errors

    errors = build_errors(make_site(archive_files(3), DEFAULT_CONFIG + written))
    assert any(found in error for error in errors), errors


def test_a_site_may_keep_its_own_word_for_numbered_pages(make_site: SiteMaker, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(make_site(archive_files(12), from_oldest(5, urls={"page": "so"})), out, search=False)
    assert [url for url, _ in reading_order(out, "/")] == ["/", "/so/1/"]
