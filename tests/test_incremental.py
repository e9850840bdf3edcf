"""Incremental builds give, byte for byte, what a clean build gives.

A seeded random sequence of editors' actions (add, edit, rename, delete,
schedule articles, keep their old addresses as aliases; change registries,
templates, static files and the config; and the clock moving on, so that
scheduled articles go live) is applied to a site. After each step the site is built incrementally (with the
cache of every earlier step) and a copy of it is built from nothing; the two
output folders must hold the same files with the same bytes.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from dvarchive import build_site, whole_site
from dvarchive.core import parallel, urls
from dvarchive.core.errors import DvarchiveError
from dvarchive.core.layout import THEME_TEMPLATES
from dvarchive.core.model import Sources
from dvarchive.incremental import inventory
from dvarchive.incremental.cache import BuildCache
from dvarchive.stages import search
from dvarchive.stages.output import MANIFEST

from .conftest import JPEG, article, config_with, feed, soup, write_site

PEOPLE = ["Trần Văn Ân", "Nguyễn Thị Hòa", "Lê Quang Ơn", "Phạm Minh Đức", "Đặng Thị Ánh", "Hoàng Văn Ưng"]
SPELLINGS = {"Nguyễn Thị Hòa": "Nguyễn Thị Hoà"}
ORGANISATIONS = ["Thông tấn xã Việt Nam", "Ủy ban nhân dân tỉnh Lâm Đồng", "Sở Y tế Huế", "Hợp tác xã Cầu Đất"]
TAGS = ["giao thông", "y tế", "giáo dục", "du lịch", "nông nghiệp"]
SECTIONS = ["Thời sự", "Kinh tế", "Xã hội", "Văn hóa"]
WORDS = "người dân tỉnh thành phố dự án công trình khánh thành khởi công hội nghị nông dân học sinh bệnh viện".split()


class Archive:
    """A site that a seeded editor keeps changing."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.root = root
        self.rng = rng
        self.serial = 0
        self.tick = 1_700_000_000_000_000_000
        self.clock = datetime(2025, 5, 1, 9, tzinfo=timezone(timedelta(hours=7)))  # the builds' clock
        write_site(root, {"content/photos/a.jpg": JPEG, "content/photos/b.jpg": JPEG + b"\0"}, config_with(per_page=3, feed_items=4))
        self.write("content/people.yaml", _people_registry("Chủ tịch tỉnh"))
        self.write("content/organisations.yaml", "- name: Thông tấn xã Việt Nam\n  short: TTXVN\n" + _RENAMED)
        for _ in range(12):
            self.add_article()

    def write(self, relative: str, text: str | bytes) -> None:
        """Write a file and give it a newer modification time than any before."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
        self.tick += 10_000_000
        os.utime(path, ns=(self.tick, self.tick))

    def articles(self) -> list[Path]:
        return sorted((self.root / "content/articles").rglob("*.md"))

    def add_article(self) -> None:
        self.serial += 1
        rng = self.rng
        people = rng.sample(PEOPLE, rng.randint(0, 3))
        header: dict[str, object] = {
            "section": rng.choice(SECTIONS),
            "summary": f"Tóm tắt số {self.serial}.",
            "author": rng.choice(["Minh Hưng", "Thu Trang"]),
            "agency": rng.choice(["TTXVN", "Thông tấn xã Việt Nam", "Báo Lâm Đồng"]),
            "people": [SPELLINGS.get(p, p) if rng.random() < 0.5 else p for p in people],
            "organisations": rng.sample(ORGANISATIONS, rng.randint(0, 2)),
            "tags": rng.sample(TAGS, rng.randint(0, 2)),
        }
        if rng.random() < 0.5:
            header["photos"] = [{"src": rng.choice(["photos/a.jpg", "photos/b.jpg"]), "caption": "Ảnh minh họa.", "credit": "TTXVN"}]
        if header["author"] == "Minh Hưng" and self.serial % 3 == 0:
            # Two bylines that fold to one slug: namesakes, whose shared address comes and goes.
            # (Chosen without drawing from rng, so each seed's archive stays as the tests below know it.)
            header["author"] = "Minh Hùng"
        date = f"2025-{rng.randint(1, 4):02d}-{rng.randint(1, 28):02d}T{rng.randint(6, 20):02d}:00:00+07:00"
        title = f"Bản tin số {self.serial}: {' '.join(rng.sample(WORDS, 4))}"
        self.write(f"content/articles/{self.serial:03d}.md", article(title, date, self.body(), **header))

    def schedule(self) -> None:
        """An article dated after the builds' clock: left out until the clock passes it."""
        self.serial += 1
        date = (self.clock + timedelta(hours=self.rng.choice([2, 30, 100]))).isoformat()
        text = article(f"Bản tin số {self.serial}: hẹn giờ đăng", date, self.body(), section=self.rng.choice(SECTIONS), tags=["du lịch"])
        self.write(f"content/articles/{self.serial:03d}.md", text)

    def advance_clock(self) -> None:
        self.clock += timedelta(hours=self.rng.choice([1, 24, 72]))

    def body(self) -> str:
        paragraphs = [" ".join(self.rng.choices(WORDS, k=12)).capitalize() + "." for _ in range(3)]
        return "\n\n".join(paragraphs)

    def edit_body(self) -> None:
        path = self.rng.choice(self.articles())
        self.write(str(path.relative_to(self.root)), path.read_text("utf-8") + "\nThêm một câu cập nhật.\n")

    def edit_title(self) -> None:
        path = self.rng.choice(self.articles())
        text = path.read_text("utf-8").replace("title: 'Bản tin", "title: 'Tin cập nhật", 1)
        assert "title: 'Tin cập nhật" in text
        self.write(str(path.relative_to(self.root)), text)

    def move_date(self) -> None:
        path = self.rng.choice(self.articles())
        old = self.address(path)
        before = path.read_text("utf-8")
        text = before.replace("date: '2025-", "date: '2024-", 1)
        self.write(str(path.relative_to(self.root)), with_alias(text, old) if text != before else text)

    def rename(self) -> None:
        """A file renamed, and its old address kept, as the build asks."""
        path = self.rng.choice(self.articles())
        target = path.with_name(f"doi-ten-{self.serial}-{path.name}")
        self.serial += 1
        old = self.address(path)
        path.rename(target)
        self.write(str(target.relative_to(self.root)), with_alias(target.read_text("utf-8"), old))

    def address(self, path: Path) -> str:
        """The article's URL: its month and its file's name."""
        month = re.search(r"^date: '(\d{4})-(\d{2})", path.read_text("utf-8"), re.MULTILINE)
        assert month is not None
        return f"/{month[1]}/{month[2]}/{path.stem}/"

    def delete(self) -> None:
        if len(self.articles()) > 3:
            self.rng.choice(self.articles()).unlink()

    def edit_registry(self) -> None:
        """A new description, or a role that begins on another day: the titles shown beside the name move."""
        title = self.rng.choice(["Bí thư Tỉnh ủy", "Chủ tịch tỉnh", "Đại biểu Quốc hội"])
        self.write("content/people.yaml", _people_registry(title, self.rng.choice(["2025-02-10", "2025-03", "2024-06-01"])))

    def edit_agency_short(self) -> None:
        """The agency's short form, which datelines and bylines print, changes or goes; or it had another name before."""
        short = self.rng.choice(["  short: TTXVN\n", "  short: VNA\n", ""])
        former = self.rng.choice(["", "  names:\n    - name: Việt Nam Thông tấn xã\n      short: VNTTX\n      to: 2025-02-15\n"])
        self.write("content/organisations.yaml", f"- name: Thông tấn xã Việt Nam\n{short}  aliases: [TTXVN]\n{former}{_RENAMED}")

    def change_section(self) -> None:
        """An article moves to another section: its own "Tin cùng chuyên mục" and its neighbours' change."""
        path = self.rng.choice(self.articles())
        text = re.sub(r"^section: .*$", f"section: {self.rng.choice(SECTIONS)}", path.read_text("utf-8"), count=1, flags=re.MULTILINE)
        self.write(str(path.relative_to(self.root)), text)

    def edit_template(self) -> None:
        name = self.rng.choice(sorted(TEMPLATE_EDITS))
        self.write(f"templates/{name}", edited_template(name, f"Bản mẫu {self.rng.randint(0, 10**6)}"))

    def edit_static(self) -> None:
        self.write("static/css/extra.css", f"/* {self.rng.random()} */\n")

    def edit_config(self) -> None:
        per_page = self.rng.choice([2, 3, 5])
        self.write("dvarchive.yaml", config_with(per_page=per_page, feed_items=self.rng.choice([3, 4])))

    def draft(self) -> None:
        path = self.rng.choice(self.articles())
        text = path.read_text("utf-8")
        if not text.startswith("---\ndraft: true\n"):  # a draft twice over would write the key twice
            self.write(str(path.relative_to(self.root)), text.replace("---\n", "---\ndraft: true\n", 1))


# Theme templates, and the line after which an edit shows on the pages made with them.
TEMPLATE_EDITS = {
    "404.html": "{% block content %}",
    "article.html": "{% block content %}",
    "list.html": "{% block content %}",
    "base.html": '<body class="kind-{{ page.kind }}">',
    "_macros.html": '<p class="teaser-meta">',
}


def edited_template(name: str, words: str) -> str:
    """The theme's template with ``words`` shown on every page it makes."""
    theme = (THEME_TEMPLATES / name).read_text("utf-8")
    anchor = TEMPLATE_EDITS[name]
    assert anchor in theme
    return theme.replace(anchor, f'{anchor}<span class="ban-mau">{words}</span>', 1)


def _people_registry(title: str, chairman_from: str = "2025-03") -> str:
    """Trần Văn Ân becomes chairman in the months the articles are dated: the title beside his name follows the date."""
    return (
        f"- name: Trần Văn Ân\n  description: {title} Lâm Đồng.\n  aliases: [đồng chí Trần Văn Ân]\n"
        f"  roles:\n    - title: Phó Chủ tịch UBND tỉnh\n      to: 2025-02\n    - title: Chủ tịch UBND tỉnh\n      from: {chairman_from}\n"
        "- name: Nguyễn Thị Hòa\n  slug: nguyen-thi-hoa\n"
    )


# An organisation renamed while the articles run: each is shown under its name then.
_RENAMED = "- name: Sở Y tế Huế\n  names:\n    - name: Sở Y tế Thừa Thiên Huế\n      to: 2025-02-28\n"


ACTIONS: list[Callable[[Archive], None]] = [
    Archive.add_article, Archive.edit_body, Archive.edit_body, Archive.edit_title, Archive.move_date,
    Archive.rename, Archive.delete, Archive.edit_registry, Archive.edit_template, Archive.edit_static,
    Archive.edit_config, Archive.draft, Archive.edit_agency_short, Archive.change_section, Archive.schedule,
    Archive.advance_clock,
]


def with_alias(text: str, old: str) -> str:
    """The article with one more old address in its ``aliases``."""
    found = re.search(r"^aliases: \[(.*)\]$", text, re.MULTILINE)
    if found is None:
        return text.replace("\n---\n", f"\naliases: [{old}]\n---\n", 1)
    return text.replace(found[0], f"aliases: [{found[1]}, {old}]", 1)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def clean_build(site: Path, scratch: Path, search: bool = True, now: datetime | None = None) -> dict[str, bytes]:
    """Build a copy of the site, without its cache, in one process (at the clock ``now``, if given)."""
    copy = scratch / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(".dvarchive-cache", "public"))
    out = scratch / "clean-out"
    shutil.rmtree(out, ignore_errors=True)
    build_site(copy, out, clean=True, jobs=1, search=search, now=now)
    return snapshot(out)


# Seeds 22 and 43 schedule articles that the clock then reaches, with edits between.
@pytest.mark.parametrize("seed", [1, 2, 3, 22, 43])
def test_incremental_builds_equal_clean_builds(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    archive = Archive(tmp_path / "site", rng)
    output = tmp_path / "out"
    build_site(archive.root, output, now=archive.clock)
    for step in range(14):
        action = rng.choice(ACTIONS)
        action(archive)
        build_site(archive.root, output, jobs=2, now=archive.clock)
        assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock), f"step {step}: {action.__name__}"


@pytest.mark.parametrize("search", [False, True])
def test_unchanged_files_keep_their_modification_time(tmp_path: Path, search: bool) -> None:
    archive = Archive(tmp_path / "site", random.Random(7))
    output = tmp_path / "out"
    build_site(archive.root, output, search=search)
    before = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    archive.edit_body()
    result = build_site(archive.root, output, search=search)
    after = {p: p.stat().st_mtime_ns for p in output.rglob("*") if p.is_file()}
    changed = [p for p in before if after.get(p) != before[p] and p.suffix == ".html"]
    assert len(changed) == 1
    if not search:  # a body edit: one page and its ninjs document made, nothing else looked at
        assert result.rendered == 2
        assert sorted(p.relative_to(output) for p in before if after.get(p) != before[p]) == [
            changed[0].relative_to(output), changed[0].with_name("index.json").relative_to(output)
        ]


def test_a_template_edit_remakes_only_the_pages_made_with_it(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "site", random.Random(9))
    output = tmp_path / "out"
    build_site(archive.root, output, search=False)

    def edit(template: str, words: str) -> tuple[int, set[str], set[str]]:
        """After an edit of ``template``: how many pages were made, which changed, which show ``words``."""
        before = snapshot(output)
        archive.write(f"templates/{template}", edited_template(template, words))
        made = build_site(archive.root, output, search=False).rendered
        after = snapshot(output)
        pages = {path for path in after if path.endswith(".html")}
        showing = {path for path in pages if BeautifulSoup(after[path], "html.parser").find(string=words)}
        return made, {path for path in pages if after[path] != before.get(path)}, showing

    pages = {path for path in snapshot(output) if path.endswith(".html")}
    article_pages = {path for path in pages if b'class="kind-article"' in (output / path).read_bytes()}
    assert len(article_pages) == len(archive.articles())
    assert edit("article.html", "Mẫu bài") == (len(article_pages), article_pages, article_pages)
    assert edit("404.html", "Mẫu lỗi") == (1, {"404.html"}, {"404.html"})
    made, changed, showing = edit("list.html", "Mẫu danh sách")
    assert made == len(changed) and changed == showing and "index.html" in showing
    assert not showing & (article_pages | {"404.html"})
    # The teaser macro shows on list pages, and on the article pages that list related articles;
    # every page is made again, since figures are drawn with these macros too.
    made, changed, showing = edit("_macros.html", "Mẫu thẻ")
    documents = len(list(output.rglob("index.json")))  # ninjs: their bodies' figures are drawn with these macros
    assert documents == len(article_pages)
    assert made == len(pages) + documents and changed == showing and "index.html" in showing and showing & article_pages
    assert edit("base.html", "Mẫu chung") == (len(pages), pages, pages)


def test_a_template_named_as_the_loader_reads_it_is_followed(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "site", random.Random(11))
    theme_article = (THEME_TEMPLATES / "article.html").read_text("utf-8")
    assert '{% extends "base.html" %}' in theme_article
    archive.write("templates/article.html", theme_article.replace('"base.html"', '"./base.html"', 1))
    output = tmp_path / "out"
    build_site(archive.root, output, search=False)
    archive.write("templates/base.html", edited_template("base.html", "Mẫu chung"))
    build_site(archive.root, output, search=False)
    assert snapshot(output) == clean_build(archive.root, tmp_path, search=False)


def test_a_config_change_remakes_only_what_shows_it(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "site", random.Random(10))
    output = tmp_path / "out"
    build_site(archive.root, output, search=False)
    before = snapshot(output)
    archive.write("dvarchive.yaml", config_with(per_page=3, feed_items=2))
    result = build_site(archive.root, output, search=False)
    after = snapshot(output)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed and all(path.endswith(".xml") or path == "feed.json" for path in changed)
    assert result.rendered == len(changed)  # nothing else was made again, let alone parsed
    archive.write("dvarchive.yaml", config_with(per_page=5, feed_items=2))
    build_site(archive.root, output, search=False)
    changed = {path for path, data in snapshot(output).items() if data != after.get(path)}
    assert "index.html" in changed and not any(b'class="kind-article"' in after.get(path, b"") for path in changed)


def test_registry_edit_rewrites_only_the_pages_that_show_it(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "site", random.Random(8))
    archive.write("content/articles/an.md", article("Tin về ông Ân", "2025-03-05", people=["Trần Văn Ân"]))
    output = tmp_path / "out"
    build_site(archive.root, output)
    before = snapshot(output)
    archive.write("content/people.yaml", _people_registry("Nguyên Chủ tịch tỉnh"))
    build_site(archive.root, output)
    after = snapshot(output)
    changed = {path for path in after if after[path] != before.get(path)}
    assert changed and all(path.startswith("nhan-vat/tran-van-an/") for path in changed - {".dvarchive-manifest.json"})


def _described_registries(archive: Archive, person: str, agency: str, agency_url: str) -> None:
    """Trần Văn Ân's description (over several lines, so the entry after his moves down)
    and the agency's description and web address; nothing else of the registries changes."""
    people = _people_registry("Chủ tịch tỉnh").replace("  description: Chủ tịch tỉnh Lâm Đồng.\n", f"  description: >-\n    {person}\n")
    assert people != _people_registry("Chủ tịch tỉnh")
    archive.write("content/people.yaml", people)
    described = f"  description: {agency}\n  url: {agency_url}\n"
    archive.write("content/organisations.yaml", f"- name: Thông tấn xã Việt Nam\n  short: TTXVN\n{described}{_RENAMED}")


def _from_oldest(archive: Archive) -> Archive:
    archive.write("dvarchive.yaml", config_with(per_page=3, feed_items=4, paging="from_oldest"))
    return archive


def test_a_description_edit_remakes_its_entrys_front_page_and_feed_alone(tmp_path: Path) -> None:
    archive = _from_oldest(Archive(tmp_path / "site", random.Random(8)))
    archive.write("content/articles/an.md", article("Tin về ông Ân", "2025-03-05", people=["Trần Văn Ân"], agency="TTXVN"))
    output = tmp_path / "out"
    build_site(archive.root, output, jobs=2, now=archive.clock)
    before = snapshot(output)
    person = "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng\n    từ tháng 3 năm 2025."
    _described_registries(archive, person, "Hãng thông tấn quốc gia.", "https://vnanet.vn/")

    result = build_site(archive.root, output, jobs=2, now=archive.clock)

    assert result.scope == "chỉ trang và nguồn RSS của 2 mục sổ đăng ký sửa phần mô tả"
    after = snapshot(output)
    assert after == clean_build(archive.root, tmp_path, now=archive.clock)
    changed = {path for path in after if after[path] != before.get(path)} - {".dvarchive-manifest.json"}
    assert changed == {
        "nhan-vat/tran-van-an/index.html", "nhan-vat/tran-van-an/feed.xml",
        "to-chuc/thong-tan-xa-viet-nam/index.html", "to-chuc/thong-tan-xa-viet-nam/feed.xml",
    }
    shown = "Chủ tịch Ủy ban nhân dân tỉnh Lâm Đồng từ tháng 3 năm 2025."
    assert soup(output, "/nhan-vat/tran-van-an/").find(string=re.compile(re.escape(shown))) is not None
    assert feed(output, "/to-chuc/thong-tan-xa-viet-nam/feed.xml").feed.description == "Hãng thông tấn quốc gia."
    agency_page = soup(output, "/to-chuc/thong-tan-xa-viet-nam/")
    assert agency_page.find("a", href="https://vnanet.vn/") is not None

    # Again, from the recipes the short plan kept; then a description taken away.
    _described_registries(archive, "Nguyên Chủ tịch tỉnh.", "Thông tấn xã quốc gia.", "https://vnanet.vn/en/")
    assert build_site(archive.root, output, now=archive.clock).scope.startswith("chỉ trang và nguồn RSS của 2 mục")
    assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock)
    archive.write("content/organisations.yaml", f"- name: Thông tấn xã Việt Nam\n  short: TTXVN\n{_RENAMED}")
    assert build_site(archive.root, output, now=archive.clock).scope.startswith("chỉ trang và nguồn RSS của 1 mục")
    assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock)
    assert feed(output, "/to-chuc/thong-tan-xa-viet-nam/feed.xml").feed.description == "Tin bài về Thông tấn xã Việt Nam"

    # A feed another tool rewrote in the output since (here its indentation) is not what its recipe made: made again whole.
    feed_file = output / "nhan-vat/tran-van-an/feed.xml"
    feed_file.write_bytes(feed_file.read_bytes().replace(b"\n  ", b"\n\t"))
    _described_registries(archive, "Chủ tịch tỉnh.", "Thông tấn xã quốc gia.", "https://vnanet.vn/")
    assert build_site(archive.root, output, now=archive.clock).scope.startswith("cả trang")
    assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock)


@pytest.mark.parametrize(
    "edit",
    [
        pytest.param(lambda text: text.replace("aliases: [đồng chí Trần Văn Ân]", "aliases: [ông Ân]"), id="an alias"),
        pytest.param(lambda text: text.replace("from: 2025-03", "from: 2025-04"), id="a role"),
        pytest.param(lambda text: text.replace("description: Chủ tịch tỉnh Lâm Đồng.", "description: Một mô tả.\n  sort_as: An"), id="more"),
        pytest.param(lambda text: text + "- name: Lê Thị Bình\n  description: Chưa có bài nào.\n", id="an entry added"),
        pytest.param(lambda text: text + "  description: [không phải chữ]\n", id="a problem"),
    ],
)
def test_a_registry_edit_beyond_descriptions_plans_the_whole_site(tmp_path: Path, edit: Callable[[str], str]) -> None:
    archive = _from_oldest(Archive(tmp_path / "site", random.Random(8)))
    output = tmp_path / "out"
    build_site(archive.root, output, now=archive.clock)
    before = snapshot(output)
    archive.write("content/people.yaml", edit(_people_registry("Chủ tịch tỉnh")))
    try:
        result = build_site(archive.root, output, now=archive.clock)
    except DvarchiveError as error:  # reported as a whole-site build reports it, the output untouched
        assert "content/people.yaml" in str(error)
        assert snapshot(output) == before
        return
    assert result.scope.startswith("cả trang: sổ đăng ký đổi ở chỗ khác")
    assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock)


def test_a_description_shown_on_every_page_of_a_list_numbered_from_the_newest_plans_the_whole_site(tmp_path: Path) -> None:
    archive = Archive(tmp_path / "site", random.Random(8))  # paging: from_newest, the first rule
    output = tmp_path / "out"
    build_site(archive.root, output, now=archive.clock)
    _described_registries(archive, "Nguyên Chủ tịch tỉnh.", "Thông tấn xã quốc gia.", "https://vnanet.vn/")
    assert build_site(archive.root, output, now=archive.clock).scope.startswith("cả trang")
    assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock)


def test_a_description_shown_beside_namesakes_plans_the_whole_site(tmp_path: Path) -> None:
    """The page at the address two bylines share describes each: the description shows there too."""
    archive = _from_oldest(Archive(tmp_path / "site", random.Random(8)))
    archive.write("content/articles/hung.md", article("Tin của Minh Hưng", "2025-03-05", author="Minh Hưng"))
    archive.write("content/articles/hung-2.md", article("Tin của Minh Hùng", "2025-03-06", author="Minh Hùng"))
    archive.write("content/authors.yaml", "- name: Minh Hưng\n  description: Phóng viên thường trú.\n- name: Minh Hùng\n")
    output = tmp_path / "out"
    build_site(archive.root, output, now=archive.clock)
    archive.write("content/authors.yaml", "- name: Minh Hưng\n  description: Phóng viên ảnh.\n- name: Minh Hùng\n")
    result = build_site(archive.root, output, now=archive.clock)
    assert result.scope.startswith("cả trang")
    assert snapshot(output) == clean_build(archive.root, tmp_path, now=archive.clock)
    assert "Phóng viên ảnh." in (output / "tac-gia/minh-hung/index.html").read_text("utf-8")


def test_a_date_change_moves_the_title_beside_a_name(tmp_path: Path) -> None:
    """The title shown comes from the role held on the article's date: a new date
    (in the same month, so the address stays) remakes the pages that show it, as a clean build would."""
    archive = Archive(tmp_path / "site", random.Random(5))
    registry = _people_registry("Chủ tịch tỉnh", chairman_from="2025-03-15").replace("to: 2025-02", "to: 2025-03-14")
    archive.write("content/people.yaml", registry)
    archive.write("content/articles/2025/03/an.md", article("Ông Ân thăm bệnh viện", "2025-03-10", people=["Trần Văn Ân"]))
    output = tmp_path / "out"
    build_site(archive.root, output)
    assert "Trần Văn Ân, Phó Chủ tịch UBND tỉnh" in " ".join(soup(output, "/2025/03/an/").select_one(".in-article").get_text().split())
    archive.write("content/articles/2025/03/an.md", article("Ông Ân thăm bệnh viện", "2025-03-20", people=["Trần Văn Ân"]))
    build_site(archive.root, output)
    assert "Trần Văn Ân, Chủ tịch UBND tỉnh" in " ".join(soup(output, "/2025/03/an/").select_one(".in-article").get_text().split())
    assert snapshot(output) == clean_build(archive.root, tmp_path / "scratch")


class Killed(BaseException):
    """Stands for SIGKILL: the build stops where it is, nothing more is saved."""


@pytest.mark.parametrize("edit", [Archive.edit_title, Archive.edit_body])
def test_build_killed_before_saving_its_cache_does_not_mislead_the_next(
    tmp_path: Path, edit: Callable[[Archive], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The output is new but the cache still describes the old one: the next
    build, back on the old content, must not keep the new pages as they are."""
    archive = Archive(tmp_path / "site", random.Random(10))
    output = tmp_path / "out"
    build_site(archive.root, output, search=False)
    originals = {path: path.read_bytes() for path in archive.articles()}
    edit(archive)

    def die(_cache: object) -> None:
        raise Killed

    with monkeypatch.context() as patch:
        patch.setattr(BuildCache, "forget_missing_outputs", die)
        with pytest.raises(Killed):
            build_site(archive.root, output, search=False)
    for path, data in originals.items():
        archive.write(str(path.relative_to(archive.root)), data)
    archive.edit_static()  # and something else, so that the full build compares fingerprints
    build_site(archive.root, output, search=False)
    assert snapshot(output) == clean_build(archive.root, tmp_path, search=False)


@pytest.mark.parametrize("start_method", ["fork", "spawn"])
def test_parallel_build_equals_one_process_build(tmp_path: Path, start_method: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers forked (Linux) or spawned (Windows, macOS, or Linux with threads
    running): a spawned helper gets the work pickled and builds its own Jinja."""
    monkeypatch.setenv(parallel.START_METHOD_VARIABLE, start_method)
    if start_method == "spawn":
        # This process only gathers, so the spawned helper does all the work (and
        # one that cannot unpickle it fails the build): patched here, not there.
        monkeypatch.setattr(parallel._Shared, "_take", lambda self: None)
    archive = Archive(tmp_path / "site", random.Random(9))
    for _ in range(200):
        archive.add_article()
    result = build_site(archive.root, tmp_path / "two", clean=True, jobs=2)
    assert result.articles >= 200 and result.rendered > 200  # enough work for parsing and rendering processes to start
    build_site(archive.root, tmp_path / "one", clean=True, jobs=1)
    assert snapshot(tmp_path / "two") == snapshot(tmp_path / "one")


@pytest.mark.parametrize("search", [False, True])
def test_an_article_saved_during_a_build_stops_it_cleanly(
    tmp_path: Path, search: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Builds keep no bodies in memory and read each again to render it: a
    file changed since it was parsed must not give a page of neither version."""
    archive = Archive(tmp_path / "site", random.Random(11))
    output = tmp_path / "out"
    build_site(archive.root, output, search=search)
    before = snapshot(output)
    edited = archive.articles()[0]
    archive.write(str(edited.relative_to(archive.root)), edited.read_text("utf-8").replace("title: '", "title: 'Mới: ", 1))
    real_resolve = whole_site.resolve_with_rankings

    def resolve_then_save_again(sources: Sources, jobs: int, kept: object) -> object:
        edited.write_text(edited.read_text("utf-8") + "\nCâu viết thêm khi đang dựng.\n", "utf-8")
        return real_resolve(sources, jobs, kept)  # type: ignore[arg-type]

    monkeypatch.setattr(whole_site, "resolve_with_rankings", resolve_then_save_again)
    with pytest.raises(DvarchiveError) as caught:
        build_site(archive.root, output, search=search)
    [problem] = caught.value.diagnostics
    assert problem.path == str(edited.relative_to(archive.root)) and "dựng lại" in problem.message
    assert snapshot(output) == before
    monkeypatch.undo()
    build_site(archive.root, output, search=search)  # built again, as the message says: the newest text
    assert snapshot(output) == clean_build(archive.root, tmp_path, search=search)


def test_search_has_a_bundle_per_year_and_an_edit_remakes_its_year_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = Archive(tmp_path / "site", random.Random(12))  # January to April 2025
    older = archive.articles()[0]
    archive.write(str(older.relative_to(archive.root)), older.read_text("utf-8").replace("date: '2025-", "date: '2024-", 1))
    output = tmp_path / "out"
    build_site(archive.root, output)
    before = _search_stamps(output)
    bundles = {p.relative_to(output / "pagefind").parts[0] for p in before}
    # The newest three months have a bundle each; before them, a bundle per year.
    assert bundles == {"2024", "2025", "2025-02", "2025-03", "2025-04"}
    box = soup(output, "/tim-kiem/").find(id="tim-kiem")
    merged = [box["data-bundle"], *box["data-merge"].split()]
    assert merged == [f"/pagefind/{name}/" for name in sorted(bundles, reverse=True)]  # the newest first

    january = next(p for p in archive.articles() if "date: '2025-01-" in p.read_text("utf-8"))
    every_file_before = _identities(output)
    archive.write(str(january.relative_to(archive.root)), january.read_text("utf-8") + "\nMột câu mới về cồng chiêng.\n")
    with monkeypatch.context() as patched:  # a body edit: its page and its search bundle only
        patched.setattr(whole_site, "plan_whole_site", _fail)
        result = build_site(archive.root, output)
    remade = _remade_bundles(output, before)
    assert remade == {"2025"}
    # The summary counts the files that changed on disk: Pagefind names most of a year's files
    # by their content, and those stay as they were.
    every_file_after = _identities(output)
    changed = {p for p in every_file_after if every_file_before.get(p) != every_file_after[p]} - {MANIFEST}
    assert result.written == len(changed) < sum(1 for p in _search_stamps(output) if "/2025/" in p.as_posix())
    assert snapshot(output) == clean_build(archive.root, tmp_path)
    clean = build_site(archive.root, tmp_path / "clean", clean=True)
    assert result.rendered + result.unchanged == clean.rendered + clean.unchanged


def test_a_new_article_or_an_edit_in_the_newest_months_remakes_only_its_month_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = Archive(tmp_path / "site", random.Random(14))  # January to April 2025
    output = tmp_path / "out"
    build_site(archive.root, output)
    indexed: list[str] = []
    index = search.build_search_index
    monkeypatch.setattr(search, "build_search_index", lambda *args: (indexed.append(args[-1][0]), index(*args))[1])

    def remade_bundles() -> set[str]:
        before = _search_stamps(output)
        indexed.clear()
        build_site(archive.root, output, jobs=1)  # indexed here, where the count is kept
        remade = _remade_bundles(output, before)
        assert {folder.split("/")[-1] for folder in indexed} == remade  # Pagefind ran for these alone
        return remade

    april = next(p for p in archive.articles() if "date: '2025-04-" in p.read_text("utf-8"))
    archive.write(str(april.relative_to(archive.root)), april.read_text("utf-8") + "\nMột câu mới về mùa mưa.\n")
    with monkeypatch.context() as patched:
        patched.setattr(whole_site, "plan_whole_site", _fail)
        assert remade_bundles() == {"2025-04"}
    new = article("Tin mới nhất về mùa mưa", "2025-04-28T07:00:00+07:00", "Mưa lớn ở Lâm Đồng.", section="Thời sự")
    archive.write("content/articles/moi-nhat.md", new)  # a new article: the full build
    assert remade_bundles() == {"2025-04"}
    archive.write("static/ghi-chu.txt", "Bản lưu trữ.")  # the full build again, and nothing to search changed
    assert remade_bundles() == set()
    assert snapshot(output) == clean_build(archive.root, tmp_path)


def test_a_big_year_is_searched_in_quarters_months_or_parts_and_an_edit_remakes_its_own_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(urls, "FEWEST_IN_SEARCH_BUNDLE", 3)  # the archive's 12 articles of 2025
    monkeypatch.setattr(urls, "RECENT_SEARCH_MONTHS", 0)  # and no month of its own for the newest
    archive = Archive(tmp_path / "site", random.Random(13))
    output = tmp_path / "out"
    build_site(archive.root, output)
    # April alone in its quarter; January to March too many for one: a month each, February in two parts.
    box = soup(output, "/tim-kiem/").find(id="tim-kiem")
    merged = [box["data-bundle"], *box["data-merge"].split()]
    assert merged == [f"/pagefind/{name}/" for name in ["2025-q2", "2025-03", "2025-02-2", "2025-02-1", "2025-01"]]
    assert {p.name for p in (output / "pagefind").iterdir() if p.is_dir()} == {path.split("/")[2] for path in merged}

    for month, bundle in [("04", "2025-q2"), ("02", "2025-02-1")]:
        edited = next(p for p in archive.articles() if f"date: '2025-{month}-" in p.read_text("utf-8"))
        before = _search_stamps(output)
        archive.write(str(edited.relative_to(archive.root)), edited.read_text("utf-8") + "\nMột câu mới về mùa xuân.\n")
        with monkeypatch.context() as patched:  # a body edit re-indexes its bundle only
            patched.setattr(whole_site, "plan_whole_site", _fail)
            build_site(archive.root, output)
        assert _remade_bundles(output, before) == {bundle}
    assert snapshot(output) == clean_build(archive.root, tmp_path)


def _search_stamps(output: Path) -> dict[Path, int]:
    """Each search file's modification time."""
    return {p: p.stat().st_mtime_ns for p in (output / "pagefind").rglob("*") if p.is_file()}


def _remade_bundles(output: Path, before: dict[Path, int]) -> set[str]:
    """The search bundles with a file written since ``before``."""
    after = _search_stamps(output)
    return {p.relative_to(output / "pagefind").parts[0] for p in after if before.get(p) != after[p]}


def _identities(output: Path) -> dict[str, tuple[int, int]]:
    """Each file's inode and modification time: a file written again gets new ones."""
    return {
        p.relative_to(output).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in output.rglob("*") if p.is_file()
    }


def _fail(*_args: object) -> None:
    raise AssertionError("the whole site was planned")


def test_datelines_and_section_lists_follow_their_inputs(tmp_path: Path) -> None:
    """The agency's short form, which datelines and bylines print, and the sections,
    which make each article's "Tin cùng chuyên mục": an incremental build after
    each change equals a clean one, and shows the change."""
    archive = Archive(tmp_path / "site", random.Random(7))
    output = tmp_path / "out"
    build_site(archive.root, output)
    first = archive.articles()[0]
    steps: list[Callable[[], None]] = [
        lambda: archive.write("content/organisations.yaml", "- name: Thông tấn xã Việt Nam\n  short: VNA\n  aliases: [TTXVN]\n"),
        lambda: archive.write("content/organisations.yaml", "- name: Thông tấn xã Việt Nam\n  aliases: [TTXVN]\n"),
        archive.change_section,
        archive.change_section,
        archive.draft,
        archive.add_article,
        lambda: archive.write(str(first.relative_to(archive.root)), re.sub(r"(?m)^section: .*$", "section: Thể thao", first.read_text("utf-8"))),
    ]
    for step, change in enumerate(steps):
        change()
        build_site(archive.root, output, jobs=2)
        assert snapshot(output) == clean_build(archive.root, tmp_path), f"step {step}"
        if step == 0:
            assert b"(VNA)" in b"".join(data for name, data in snapshot(output).items() if name.endswith("index.html"))


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_files_missing_from_the_last_output_are_found_by_every_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(inventory, "_PATHS_AT_ONCE", 3)
    monkeypatch.setattr(parallel, "_MIN_PARALLEL_ITEMS", 2)
    written = {f"{year}/{month:02d}/bai-{n}/index.html" for year in (2024, 2025) for month in range(1, 13) for n in range(4)}
    for path in written:
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("<!DOCTYPE html>")
    (tmp_path / MANIFEST).write_text(json.dumps({"files": sorted(written)}))
    assert inventory.files_in_output(tmp_path, jobs) == (written, True)
    gone = {"2024/01/bai-0/index.html", "2025/07/bai-2/index.html", "2025/12/bai-3/index.html"}
    for path in gone:
        (tmp_path / path).unlink()
    assert inventory.files_in_output(tmp_path, jobs) == (written - gone, False)


def test_the_code_fingerprint_covers_the_whole_package() -> None:
    """A new version of any part of dvarchive (a stage, the model, a catalog) makes the
    cache's pickles and pages stale; once it covered only one folder of the package."""
    from dvarchive.incremental.fingerprints import code_files

    package = Path(whole_site.__file__).parent
    covered = {path.relative_to(package).as_posix() for path in code_files()}
    assert {"stages/render.py", "core/model.py", "incremental/cache.py", "pipeline.py", "messages/vi.po", "messages/en.po"} <= covered
    assert {path.relative_to(package).as_posix() for path in package.rglob("*.py")} <= covered


def test_turning_allow_html_on_indexes_the_bodies_again(tmp_path: Path) -> None:
    """The text a search document holds of raw HTML depends on allow_html (as the page shows it)."""
    body = 'Lễ hội <span class="mau">đèn lồng</span> mở cửa.\n\n<div>Phố cổ đông vui.</div>\n'
    site = write_site(tmp_path / "site", {"content/articles/den-long.md": article("Đèn lồng Hội An", "2025-02-01T08:00:00+07:00", body)})
    output = tmp_path / "out"
    build_site(site, output)
    (site / "dvarchive.yaml").write_text(config_with(allow_html=True), encoding="utf-8")
    build_site(site, output)
    assert snapshot(output) == clean_build(site, tmp_path)
