"""What is published when: scheduled articles, drafts, and the previews of both.

An article dated after the build's clock waits for its time: no page, list,
feed, sitemap or search index has it until a build at or after that time,
an incremental rebuild with no file changed included. ``--future`` and
``--drafts`` show what is not published, each page marked as such (a banner
and ``noindex``) and kept out of every feed, sitemap and search index. The
clock is injected: these tests never depend on today's date.
"""

from __future__ import annotations

import gzip
import json
import random
import shutil
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site, whole_site
from dvarchive.cli import main, summary_line
from dvarchive.core.results import BuildResult

from .conftest import BASE_URL, SiteMaker, article, feed, page_file, sitemap_locs, soup, text
from .test_incremental import Archive, snapshot

VN = timezone(timedelta(hours=7))
NEWS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}

PUBLISHED_URL = "/2026/12/pho-di-bo/"
SCHEDULED_URL = "/2026/12/xe-buyt/"
DRAFT_URL = "/2026/12/nhap/"

SITE: dict[str, str | bytes] = {
    "content/articles/pho-di-bo.md": article(
        "Hội An mở phố đi bộ mới",
        "2026-12-10T08:00:00+07:00",
        "Phố đi bộ mới nối chợ Hội An với bờ sông Hoài.",
        section="Du lịch",
        people=["Trần Thị Hoa"],
        tags=["phố đi bộ"],
    ),
    # No offset: in the site's timezone (Asia/Ho_Chi_Minh), so 01:00 UTC.
    "content/articles/xe-buyt.md": article(
        "Đà Nẵng khai trương tuyến buýt số 16",
        "2026-12-15 08:00",
        "Tuyến buýt số 16 nối sân bay với bán đảo Sơn Trà.",
        section="Du lịch",
        people=["Trần Thị Hoa", "Lê Văn Phúc"],
        tags=["phố đi bộ", "xe buýt"],
    ),
    "content/articles/nhap.md": article(
        "Bản nháp về lễ hội pháo hoa",
        "2026-12-09T20:00:00+07:00",
        "Lễ hội pháo hoa quốc tế năm nay có tám đội thi.",
        section="Du lịch",
        people=["Trần Thị Hoa", "Ngô Bảo Nháp"],
        tags=["phố đi bộ", "pháo hoa"],
        draft=True,
    ),
}
BEFORE = datetime(2026, 12, 15, 0, 59, tzinfo=timezone.utc)  # 07:59 in Đà Nẵng
GOES_LIVE = datetime(2026, 12, 15, 1, 0, tzinfo=timezone.utc)  # 08:00 in Đà Nẵng


def feed_links(output: Path, url: str) -> set[str]:
    return {entry.link for entry in feed(output, url).entries}


def news_locs(output: Path) -> set[str]:
    root = ET.parse(output / "sitemap-news.xml").getroot()
    return {u.findtext("s:loc", namespaces=NEWS) or "" for u in root.findall("s:url", NEWS)}


def teaser_urls(output: Path, url: str) -> list[str]:
    main_part = soup(output, url).find("main")
    return [a["href"] for a in main_part.select(".teaser-title a")]  # type: ignore[union-attr]


def search_documents(output: Path) -> dict[str, str]:
    """What the Pagefind index holds: each indexed page's URL and text."""
    documents = {}
    for fragment in (output / "pagefind").glob("*/fragment/*.pf_fragment"):
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        documents[data["url"]] = data["content"]
    return documents


def everywhere(output: Path, url: str) -> dict[str, bool]:
    """Where a published article shows: its page, lists, feeds, sitemaps."""
    absolute = BASE_URL.rstrip("/") + url
    return {
        "page": page_file(output, url).is_file(),
        "home": url in teaser_urls(output, "/"),
        "person": url in teaser_urls(output, "/nhan-vat/tran-thi-hoa/"),
        "site feed": absolute in feed_links(output, "/feed.xml"),
        "tag feed": absolute in feed_links(output, "/chu-de/pho-di-bo/feed.xml"),
        "sitemap": absolute in sitemap_locs(output),
        "news sitemap": absolute in news_locs(output),
    }


def robots(page: BeautifulSoup) -> str | None:
    tag = page.find("meta", attrs={"name": "robots"})
    return tag["content"] if tag else None  # type: ignore[index,return-value]


def clean_build_at(site: Path, scratch: Path, now: datetime, **options: object) -> dict[str, bytes]:
    """A copy of the site built from nothing, at the clock ``now``."""
    copy = scratch / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".dvarchive-cache", "public"))
    out = scratch / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    build_site(copy, out, clean=True, jobs=1, now=now, **options)  # type: ignore[arg-type]
    return snapshot(out)


# --- Scheduled articles -------------------------------------------------------------------


def test_a_scheduled_article_waits_for_its_time_then_a_rebuild_with_no_change_publishes_it(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    output = tmp_path / "out"
    first = build_site(site, output, now=BEFORE)
    shown = everywhere(output, SCHEDULED_URL)
    assert not any(shown.values()), shown
    assert SCHEDULED_URL.rstrip("/") not in (output / "2026/12/index.html").read_text("utf-8")
    assert set(search_documents(output)) == {PUBLISHED_URL}
    assert first.articles == 1 and first.scheduled == 1
    assert first.next_scheduled == datetime(2026, 12, 15, 8, 0, tzinfo=VN)
    assert "; 1 bài hẹn giờ, lên lúc 08:00 ngày 15/12/2026." in summary_line(first)

    # A minute before its time nothing has changed: the last build's output stands.
    again = build_site(site, output, now=BEFORE + timedelta(seconds=59))
    assert again.rendered == again.written == 0 and again.scheduled == 1
    assert not page_file(output, SCHEDULED_URL).exists()

    # At its time, with no file changed, the rebuild publishes it everywhere.
    live = build_site(site, output, now=GOES_LIVE)
    assert all(everywhere(output, SCHEDULED_URL).values()), everywhere(output, SCHEDULED_URL)
    assert live.articles == 2 and live.scheduled == 0 and live.next_scheduled is None
    assert "hẹn giờ" not in summary_line(live)
    assert set(search_documents(output)) == {PUBLISHED_URL, SCHEDULED_URL}
    page = soup(output, SCHEDULED_URL)
    assert robots(page) is None and not page.select(".preview-banner")
    # It lists the earlier article among its related ones; that article, its section's oldest, now lists it beside.
    related = page.find(id="dv-tin-lien-quan").find_parent("section")  # type: ignore[union-attr]
    assert PUBLISHED_URL in {a["href"] for a in related.find_all("a")}  # type: ignore[union-attr]
    beside = soup(output, PUBLISHED_URL).find(id="dv-cung-chuyen-muc").find_parent("section")  # type: ignore[union-attr]
    assert SCHEDULED_URL in {a["href"] for a in beside.find_all("a")}  # type: ignore[union-attr]
    assert snapshot(output) == clean_build_at(site, tmp_path, GOES_LIVE)


def test_a_body_edit_after_the_time_passed_publishes_the_scheduled_article_too(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    """A body edit must not keep an output the clock has outdated."""
    site = make_site(SITE)
    output = tmp_path / "out"
    build_site(site, output, now=BEFORE, search=False)
    add_sentence(site / "content/articles/pho-di-bo.md", "Thêm một câu.")
    build_site(site, output, now=GOES_LIVE, search=False)
    assert page_file(output, SCHEDULED_URL).is_file()
    assert snapshot(output) == clean_build_at(site, tmp_path, GOES_LIVE, search=False)


def add_sentence(path: Path, sentence: str) -> None:
    """A body edit: one more sentence at the end of the article."""
    path.write_text(path.read_text("utf-8") + f"\n{sentence}\n", "utf-8")


def forbid_full_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """The next build must plan the edited pages only (or build nothing)."""

    def fail(*_args: object) -> None:
        raise AssertionError("the whole site was planned")

    monkeypatch.setattr(whole_site, "plan_whole_site", fail)


def test_a_body_edit_before_the_time_plans_its_page_only(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    output = tmp_path / "out"
    build_site(site, output, now=BEFORE - timedelta(hours=1), search=False)
    add_sentence(site / "content/articles/pho-di-bo.md", "Thêm một câu.")
    forbid_full_build(monkeypatch)
    result = build_site(site, output, now=BEFORE, search=False)
    assert result.rendered == 2 and result.scheduled == 1  # its page and its ninjs document
    monkeypatch.undo()
    assert snapshot(output) == clean_build_at(site, tmp_path, BEFORE, search=False)


def test_a_clock_set_back_builds_again(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(SITE)
    output = tmp_path / "out"
    build_site(site, output, now=GOES_LIVE, search=False)
    assert page_file(output, SCHEDULED_URL).is_file()
    build_site(site, output, now=BEFORE, search=False)
    assert not page_file(output, SCHEDULED_URL).exists()


def test_a_clock_without_an_offset_is_in_the_site_timezone(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(SITE)
    result = build_site(site, tmp_path / "out", now=datetime(2026, 12, 15, 7, 59), search=False)
    assert result.scheduled == 1
    result = build_site(site, tmp_path / "out", now=datetime(2026, 12, 15, 8, 0), search=False)
    assert result.scheduled == 0 and page_file(tmp_path / "out", SCHEDULED_URL).is_file()


def test_future_previews_a_scheduled_article_marked_and_kept_out_of_feeds_sitemaps_and_search(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    site = make_site(SITE)
    output = tmp_path / "out"
    result = build_site(site, output, include_future=True, now=BEFORE)
    assert result.articles == 2 and result.scheduled == 1
    page = soup(output, SCHEDULED_URL)
    [banner] = page.select(".preview-banner")
    assert text(banner).startswith("Hẹn giờ đăng: Thứ Ba, 15/12/2026, 08:00 (GMT+7)")
    assert banner.find_parent("header", class_="article-header")
    assert robots(page) == "noindex"
    # Shown in the preview's lists, marked; never in a feed, a sitemap or the search index.
    assert SCHEDULED_URL in teaser_urls(output, "/")
    mark = soup(output, "/").find("a", href=SCHEDULED_URL).find_parent("article").select_one(".preview-mark")  # type: ignore[union-attr]
    assert mark is not None and text(mark) == "Hẹn giờ"
    shown = everywhere(output, SCHEDULED_URL)
    assert shown["page"] and shown["home"] and shown["person"]
    assert not (shown["site feed"] or shown["tag feed"] or shown["sitemap"] or shown["news sitemap"]), shown
    assert feed_links(output, "/nhan-vat/le-van-phuc/feed.xml") == set()  # named by the scheduled article alone
    assert set(search_documents(output)) == {PUBLISHED_URL}
    # A page only the preview has (a person the scheduled article alone names) is not indexed either.
    assert robots(soup(output, "/nhan-vat/le-van-phuc/")) == "noindex"
    assert BASE_URL + "nhan-vat/le-van-phuc/" not in sitemap_locs(output)
    # The published article is as on the real site: no mark, indexed, and no link to the preview.
    published = soup(output, PUBLISHED_URL)
    assert robots(published) is None and not published.select(".preview-banner")
    assert SCHEDULED_URL not in {a["href"] for a in published.find_all("a", href=True)}
    # Past its time the preview's page is the published one.
    build_site(site, output, include_future=True, now=GOES_LIVE)
    assert robots(soup(output, SCHEDULED_URL)) is None
    assert BASE_URL.rstrip("/") + SCHEDULED_URL in feed_links(output, "/feed.xml")
    assert snapshot(output) == clean_build_at(site, tmp_path, GOES_LIVE, include_future=True)


# --- Drafts -------------------------------------------------------------------------------


def test_drafts_preview_carries_a_banner_and_noindex_and_stays_out_of_feeds_sitemaps_and_search(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    files = {**SITE}
    # A published article that names the draft among its related ones.
    files["content/articles/pho-di-bo.md"] = article(
        "Hội An mở phố đi bộ mới",
        "2026-12-10T08:00:00+07:00",
        "Phố đi bộ mới nối chợ Hội An với bờ sông Hoài.",
        section="Du lịch",
        people=["Trần Thị Hoa", "Ngô Bảo Nháp"],
        tags=["phố đi bộ", "pháo hoa"],
        related=["content/articles/nhap.md"],
    )
    site = make_site(files)
    output = tmp_path / "out"
    now = datetime(2026, 12, 10, 12, 0, tzinfo=VN)  # the draft is dated the evening before
    build_site(site, output, include_drafts=True, now=now)
    page = soup(output, DRAFT_URL)
    [banner] = page.select(".preview-banner")
    assert text(banner) == "Bản nháp — chưa đăng; trang này không được công bố."
    assert banner.find_parent("header", class_="article-header") and banner.name == "p"
    assert robots(page) == "noindex"
    absolute = BASE_URL.rstrip("/") + DRAFT_URL
    feeds = [p for p in output.rglob("feed.xml")]
    assert len(feeds) > 5  # the site's and every entity's
    for path in feeds:
        assert absolute not in feed_links(output, "/" + str(path.relative_to(output).as_posix())), path
    assert absolute not in sitemap_locs(output) and absolute not in news_locs(output)
    assert BASE_URL.rstrip("/") + PUBLISHED_URL in news_locs(output)
    assert set(search_documents(output)) == {PUBLISHED_URL}
    assert DRAFT_URL not in page_file(output, PUBLISHED_URL).read_text("utf-8")  # not among its related articles
    # The preview's lists show the draft, marked.
    mark = soup(output, "/").find("a", href=DRAFT_URL).find_parent("article").select_one(".preview-mark")  # type: ignore[union-attr]
    assert mark is not None and text(mark) == "Bản nháp"
    assert robots(soup(output, "/")) is None
    # The same site without --drafts: no page of the draft, and the published article's is as in the preview.
    plain = tmp_path / "plain"
    build_site(site, plain, now=now)
    assert not page_file(plain, DRAFT_URL).exists()
    assert page_file(plain, PUBLISHED_URL).read_bytes() == page_file(output, PUBLISHED_URL).read_bytes()


def test_a_draft_dated_in_the_future_needs_both_previews(make_site: SiteMaker, tmp_path: Path) -> None:
    files = {**SITE, "content/articles/nhap.md": SITE["content/articles/nhap.md"].replace("2026-12-09T20", "2026-12-20T20")}  # type: ignore[union-attr]
    site = make_site(files)
    result = build_site(site, tmp_path / "a", include_drafts=True, now=BEFORE, search=False)
    assert not page_file(tmp_path / "a", DRAFT_URL).exists()
    assert result.scheduled == 1  # the draft waits for no time: it is not scheduled
    build_site(site, tmp_path / "b", include_drafts=True, include_future=True, now=BEFORE, search=False)
    banners = [text(b) for b in soup(tmp_path / "b", DRAFT_URL).select(".preview-banner")]
    assert banners[0].startswith("Bản nháp") and banners[1].startswith("Hẹn giờ đăng: Chủ Nhật, 20/12/2026")


def test_a_body_edit_of_a_draft_in_a_preview_plans_its_page_and_indexes_nothing(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    output = tmp_path / "out"
    now = datetime(2026, 12, 10, 12, 0, tzinfo=VN)
    build_site(site, output, include_drafts=True, now=now)
    add_sentence(site / "content/articles/nhap.md", "Một câu về voi rừng.")
    forbid_full_build(monkeypatch)
    result = build_site(site, output, include_drafts=True, now=now)
    assert result.rendered == 1  # the draft's page alone: it is in no search bundle
    assert "voi rừng" in page_file(output, DRAFT_URL).read_text("utf-8")
    monkeypatch.undo()
    assert snapshot(output) == clean_build_at(site, tmp_path, now, include_drafts=True)


# --- The news sitemap ---------------------------------------------------------------------


def test_news_sitemap_counts_two_days_back_from_the_clock(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(
        {
            "content/articles/a.md": article("Tin hôm qua", "2026-12-09T10:00:00+07:00"),
            "content/articles/b.md": article("Tin ba ngày trước", "2026-12-07T10:00:00+07:00"),
        }
    )
    output = tmp_path / "out"
    yesterday = BASE_URL + "2026/12/a/"
    build_site(site, output, now=datetime(2026, 12, 10, 9, 0, tzinfo=VN), search=False)
    assert news_locs(output) == {yesterday}
    # Two days after it, with no file changed, the rebuild empties the news sitemap.
    result = build_site(site, output, now=datetime(2026, 12, 11, 9, 59, tzinfo=VN), search=False)
    assert result.rendered == 0 and news_locs(output) == {yesterday}
    build_site(site, output, now=datetime(2026, 12, 11, 10, 0, tzinfo=VN), search=False)
    assert news_locs(output) == set()
    # An archive whose newest article is a week old has no news at all.
    build_site(site, tmp_path / "later", now=datetime(2026, 12, 16, tzinfo=VN), search=False)
    assert news_locs(tmp_path / "later") == set()


# --- Incremental builds as the clock moves ------------------------------------------------


@pytest.mark.parametrize(("seed", "future"), [(21, False), (22, True)])
def test_incremental_builds_equal_clean_builds_as_the_clock_moves(tmp_path: Path, seed: int, future: bool) -> None:
    """Editors' actions and the clock's steps, in a seeded random order: every
    rebuild equals a clean build at the same clock, byte for byte."""
    rng = random.Random(seed)
    archive = Archive(tmp_path / "site", rng)  # articles of January to April 2025
    for day in (2, 3, 5, 8):
        name = f"content/articles/hen-gio-{day}.md"
        archive.write(name, article(f"Tin hẹn giờ ngày {day}/5", f"2025-05-{day:02d}T07:30:00+07:00", people=["Trần Văn Ân"]))
    archive.write("content/articles/nhap-hen-gio.md", article("Nháp hẹn giờ", "2025-05-04T07:30:00+07:00", draft=True))
    output = tmp_path / "out"
    now = datetime(2025, 4, 28, 12, 0, tzinfo=VN)
    options = {"include_future": future, "include_drafts": future, "search": False}
    first = build_site(archive.root, output, now=now, **options)  # type: ignore[arg-type]
    actions = [Archive.add_article, Archive.edit_body, Archive.edit_title, Archive.draft, None, None, None]
    for step in range(10):
        action = rng.choice(actions)
        if action is not None:
            action(archive)
        now += timedelta(hours=rng.choice([0, 6, 20, 40]))
        last = build_site(archive.root, output, jobs=2, now=now, **options)  # type: ignore[arg-type]
        expected = clean_build_at(archive.root, tmp_path, now, **options)
        assert snapshot(output) == expected, f"step {step}: {action.__name__ if action else 'the clock'} at {now}"
    assert first.scheduled == 4 and last.scheduled < 4  # the clock passed some of them


# --- The command line ---------------------------------------------------------------------


def test_summary_line_says_how_many_are_scheduled_and_when_the_first_goes_live() -> None:
    result = BuildResult(
        Path("public"), 18, 102, 72, 247, 0, 368, 2.13, warnings=(),
        scheduled=2, next_scheduled=datetime(2026, 12, 15, 8, 0, tzinfo=VN),
    )
    assert summary_line(result) == (
        "Đã dựng 18 bài: 102 trang, 72 nguồn RSS vào public; 247 tệp làm mới, 0 tệp không đổi, 368 tệp được ghi, "
        "trong 2,13 giây; 2 bài hẹn giờ, bài sớm nhất lên lúc 08:00 ngày 15/12/2026."
    )


def test_build_future_and_drafts_from_the_command_line(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The command uses the real clock: a date far ahead stays scheduled.
    site = make_site(
        {
            "content/articles/a.md": article("Tin đã đăng", "2024-01-08T09:00:00+07:00"),
            "content/articles/b.md": article("Tin của tương lai", "2999-01-02T09:30:00+07:00"),
            "content/articles/c.md": article("Tin nháp", "2024-01-09", draft=True),
        }
    )
    assert main(["build", str(site), "--no-search"]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert out.startswith("Đã dựng 1 bài:") and out.endswith("; 1 bài hẹn giờ, lên lúc 09:30 ngày 02/01/2999.")
    assert not page_file(site / "public", "/2999/01/b/").exists()
    assert main(["build", str(site), "--no-search", "--future", "--drafts", "-o", str(tmp_path / "xem-truoc")]) == 0
    out = capsys.readouterr().out.strip().splitlines()[-1]
    assert out.startswith("Đã dựng 3 bài:")
    assert robots(soup(tmp_path / "xem-truoc", "/2999/01/b/")) == "noindex"
    assert robots(soup(tmp_path / "xem-truoc", "/2024/01/c/")) == "noindex"


def test_serve_previews_drafts_and_scheduled_articles(make_site: SiteMaker) -> None:
    from dvarchive.editors.serve import DevServer

    site = make_site(
        {
            "content/articles/a.md": article("Tin đã đăng", "2024-01-08T09:00:00+07:00"),
            "content/articles/b.md": article("Tin của tương lai", "2999-01-02T09:30:00+07:00"),
            "content/articles/c.md": article("Tin nháp", "2024-01-09", draft=True),
        }
    )
    for flags, shown in (({}, set()), ({"include_drafts": True, "include_future": True}, {"Bản nháp", "Hẹn giờ đăng"})):
        server = DevServer(site, port=0, **flags)
        server.start()
        try:
            banners = set()
            for url in ("/2999/01/b/", "/2024/01/c/"):
                if page_file(server.output, url).is_file():
                    banners |= {text(b).split(":")[0].split(" —")[0] for b in soup(server.output, url).select(".preview-banner")}
            assert banners == shown
        finally:
            server.stop()
