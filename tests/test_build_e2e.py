"""Whole builds: every problem reported at once, the output written safely, rebuilds
that match a clean build, and the sample archive of this repository."""

from __future__ import annotations

import calendar
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
import yaml

from dvarchive import build_site, pipeline
from dvarchive.cli import main
from dvarchive.core import parallel
from dvarchive.core.names import match_key
from dvarchive.incremental import inventory

from .conftest import (
    BASE_URL,
    DEFAULT_CONFIG,
    JPEG,
    SiteMaker,
    article,
    build,
    config_with,
    feed,
    links,
    page_file,
    sitemap_locs,
    soup,
    text,
    tree_snapshot,
)

DIAGNOSTIC = re.compile(r"^(?P<path>[^:]+):(?:(?P<line>\d+):)? (?P<level>error|warning): (?P<message>.+)$")
REPO = Path(__file__).resolve().parents[1]


def cli_build(site: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["build", str(site), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


# ---- every problem, at its place, with nothing written ---------------------------


def test_every_problem_of_the_site_in_one_run(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(
        {
            "content/articles/a.md": "---\ntitle: Hội nghị ở Đà Lạt\ndate: 8/1/2024\nsection: Thời sự\n---\nThân bài.\n",
            "content/articles/b.md": "---\ndate: 2024-01-08\nsection: Thời sự\n---\nThân bài không có tiêu đề.\n",
            "content/articles/c/mua-hoa.md": article("Đà Lạt đón mùa hoa", "2024-01-10"),
            "content/articles/d/mua-hoa.md": article("Đà Lạt đón mùa hoa", "2024-01-20"),
            "content/people.yaml": "- name: Nguyễn Văn Hùng\n  slug: hung\n- name: Nguyễn Văn Hưng\n  slug: hung\n",
            "content/articles/e.md": article("Tin E", "2024-01-11", people=["Nguyễn Văn Hùng"]),
            "content/articles/f.md": article("Tin F", "2024-01-12", people=["Nguyễn Văn Hưng"]),
        }
    )
    code, out, err = cli_build(site, capsys)
    assert code == 1
    errors = error_lines(err)
    assert all(DIAGNOSTIC.match(line) for line in err.splitlines()[:-1]), err
    assert any(e.startswith("content/articles/a.md:3: error:") and "8/1/2024" in e for e in errors)
    assert any(e.startswith("content/articles/b.md:2: error:") and '"title"' in e for e in errors)
    assert any("content/articles/c/mua-hoa.md" in e and "content/articles/d/mua-hoa.md" in e for e in errors)
    assert any("Nguyễn Văn Hùng" in e and "Nguyễn Văn Hưng" in e for e in errors)
    assert "Traceback" not in err
    assert not (site / "public").exists()


GOOD = article("Hội An đón khách quốc tế", "2024-01-08T09:30:00+07:00", section="Du lịch", people=["Lê Văn Hùng"])

BREAKS: dict[str, tuple[dict[str, str | bytes], str, str]] = {
    # name: (files written over the good site, expected start of one error line, words in it)
    "yaml syntax": ({"content/articles/a.md": '---\ntitle: "Hội An\ndate: 2024-01-08\n---\n'}, "content/articles/a.md:", "YAML"),
    "missing header": ({"content/articles/a.md": "Hội An đón khách.\n"}, "content/articles/a.md:1: error:", "---"),
    "header not a mapping": ({"content/articles/a.md": "---\n- Hội An\n- 2024-01-08\n---\n"}, "content/articles/a.md:2: error:", ""),
    "ambiguous date": ({"content/articles/a.md": "---\ntitle: Hội An\ndate: 8/1/2024\n---\n"}, "content/articles/a.md:3: error:", "2024-01-08"),
    "duplicate keys": ({"content/articles/a.md": "---\ntitle: Hội An\ndate: 2024-01-08\ntitle: Hội An 2\n---\n"}, "content/articles/a.md:4: error:", "title"),
    "python tag": ({"content/articles/a.md": "---\ntitle: !!python/object/apply:os.system ['echo x']\ndate: 2024-01-08\n---\n"}, "content/articles/a.md:2: error:", ""),
    "invalid utf-8": ({"content/articles/a.md": b"---\ntitle: H\xf4i An\ndate: 2024-01-08\n---\n"}, "content/articles/a.md:2: error:", "UTF-8"),
    "unknown key": ({"content/articles/a.md": "---\ntitle: Hội An\ndate: 2024-01-08\npeple: [Lê Văn Hùng]\n---\n"}, "content/articles/a.md:4: error:", '"people"'),
    "impossible offset": ({"content/articles/a.md": "---\ntitle: Hội An\ndate: 2024-01-08T09:30:00+70:00\n---\n"}, "content/articles/a.md:3: error:", ""),
    "broken config": ({"dvarchive.yaml": "title: [Lưu trữ\nbase_url: https://tin.example.vn/\n"}, "dvarchive.yaml:", "YAML"),
    "missing base_url": ({"dvarchive.yaml": "title: Lưu trữ\n"}, "dvarchive.yaml:1: error:", "base_url"),
    "broken registry": ({"content/people.yaml": "- name: [Lê Văn Hùng\n"}, "content/people.yaml:", "YAML"),
    "registry not a list": ({"content/people.yaml": "name: Lê Văn Hùng\n"}, "content/people.yaml:1: error:", ""),
    "same slug in a month": (
        {"content/articles/b/a.md": article("Hội An đón khách quốc tế", "2024-01-20")},
        "content/articles/",
        "content/articles/a.md",
    ),
    "one slug for two names": (
        {
            "content/people.yaml": "- name: Lê Văn Hùng\n  slug: le-van-hung\n- name: Lê Văn Hưng\n  slug: le-van-hung\n",
            "content/articles/b.md": article("Tin khác", "2024-01-20", people=["Lê Văn Hưng"]),
        },
        "content/people.yaml:",
        "Lê Văn Hưng",
    ),
    "template error": ({"templates/article.html": "{% extends 'base.html' %}{% block content %}{{ article.khong_co }}{% endblock %}"}, "templates/article.html", ""),
}


@pytest.mark.parametrize("case", list(BREAKS))
def test_a_broken_site_leaves_the_output_as_it_was(make_site: SiteMaker, capsys: pytest.CaptureFixture[str], case: str) -> None:
    site = make_site({"content/articles/a.md": GOOD})
    code, _, err = cli_build(site, capsys)
    assert code == 0, err
    before = tree_snapshot(site / "public")
    files, start, words = BREAKS[case]
    for relative, content in files.items():
        path = site / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, out, err = cli_build(site, capsys)
    assert code == 1, out
    assert "Traceback" not in err
    errors = error_lines(err)
    assert any(e.startswith(start) and words in e for e in errors), err
    assert all(DIAGNOSTIC.match(e) for e in errors)
    if case == "same slug in a month":
        assert any("content/articles/a.md" in e and "content/articles/b/a.md" in e for e in errors)
    if case == "one slug for two names":
        assert any("Lê Văn Hùng" in e and "Lê Văn Hưng" in e for e in errors)
    assert tree_snapshot(site / "public") == before


def test_namesakes_build_each_at_its_own_address(make_site: SiteMaker) -> None:
    """Two people whose names fold to one slug build, unregistered, each under a
    slug that keeps the marks; the plain address leads to both."""
    files: dict[str, str | bytes] = {
        "content/articles/a.md": article("Tin Hà Nội", "2024-01-08", people=["Nguyễn Văn Hùng"]),
        "content/articles/b.md": article("Tin Đà Nẵng", "2024-01-09", people=["Nguyễn Văn Hưng"]),
    }
    out = build(make_site(files, name="truoc"))
    assert text(soup(out, "/nhan-vat/nguyeenx-vawn-hungf/").find("h1")) == "Nguyễn Văn Hùng"
    assert text(soup(out, "/nhan-vat/nguyeenx-vawn-huwng/").find("h1")) == "Nguyễn Văn Hưng"
    assert {t: h for t, h in links(soup(out, "/nhan-vat/nguyen-van-hung/"))} == {
        "Nguyễn Văn Hùng": "/nhan-vat/nguyeenx-vawn-hungf/",
        "Nguyễn Văn Hưng": "/nhan-vat/nguyeenx-vawn-huwng/",
    }
    assert [text(a) for a in soup(out, "/2024/01/b/").select(".in-article a")] == ["Nguyễn Văn Hưng"]
    # A registry slug: still wins; the other keeps its own address, and the plain one is that person's page.
    files["content/people.yaml"] = "- name: Nguyễn Văn Hùng\n  slug: nguyen-van-hung\n- name: Nguyễn Văn Hưng\n"
    out = build(make_site(files, name="sau"))
    assert text(soup(out, "/nhan-vat/nguyen-van-hung/").find("h1")) == "Nguyễn Văn Hùng"
    assert text(soup(out, "/nhan-vat/nguyeenx-vawn-huwng/").find("h1")) == "Nguyễn Văn Hưng"


def test_not_a_site_folder_is_left_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "tai-lieu"
    folder.mkdir()
    (folder / "bao-cao.md").write_text("# Báo cáo\n", "utf-8")
    before = sorted(p.name for p in folder.iterdir())
    code, _, err = cli_build(folder, capsys)
    assert code == 1
    assert "dvarchive.yaml" in err and "Traceback" not in err
    assert sorted(p.name for p in folder.iterdir()) == before


# ---- the output folder ---------------------------------------------------------------


TWO_ARTICLES: dict[str, str | bytes] = {
    "content/photos/a.jpg": JPEG,
    "content/photos/b.jpg": JPEG + b"b",
    "static/js/doc.js": "console.log('đọc');\n",
    "content/articles/a.md": article(
        "Huế khai mạc Festival nghề truyền thống", "2024-01-08T09:00:00+07:00",
        section="Văn hóa", people=["Nguyễn Thị Hòa", "Phan Văn Lộc"], tags=["lễ hội"],
        photos=[{"src": "photos/a.jpg", "caption": "Khai mạc."}],
    ),
    "content/articles/b.md": article(
        "Làng nghề Phước Tích đón khách", "2024-02-08T09:00:00+07:00",
        section="Văn hóa", people=["Nguyễn Thị Hòa"], tags=["làng nghề"],
        photos=[{"src": "photos/b.jpg", "caption": "Làng gốm."}],
    ),
}
A_URL = "/2024/01/a/"
B_URL = "/2024/02/b/"


def test_deleting_an_article_removes_all_it_alone_made(make_site: SiteMaker) -> None:
    site = make_site(TWO_ARTICLES)
    out = build(site)
    for url in (A_URL, "/nhan-vat/phan-van-loc/", "/chu-de/le-hoi/", "/2024/01/", "/2024/01/"):
        assert page_file(out, url).is_file()
    assert (out / "photos/a.jpg").read_bytes() == JPEG
    assert (out / "js/doc.js").is_file()
    (site / "content/articles/a.md").unlink()
    build(site)
    for url in (A_URL, "/nhan-vat/phan-van-loc/", "/nhan-vat/phan-van-loc/feed.xml", "/chu-de/le-hoi/", "/2024/01/"):
        assert not page_file(out, url).exists(), url
    assert not (out / "photos/a.jpg").exists()
    assert (out / "photos/b.jpg").is_file()
    assert (out / "js/doc.js").is_file()
    assert [e.link for e in feed(out, "/feed.xml").entries] == [BASE_URL + B_URL.lstrip("/")]
    assert [e.link for e in feed(out, "/nhan-vat/nguyen-thi-hoa/feed.xml").entries] == [BASE_URL + B_URL.lstrip("/")]
    assert BASE_URL + A_URL.lstrip("/") not in sitemap_locs(out)
    assert "/nhan-vat/phan-van-loc/" not in {a["href"] for a in soup(out, "/nhan-vat/").find_all("a", href=True)}


def test_the_theme_brings_a_favicon_and_a_site_may_bring_its_own(make_site: SiteMaker) -> None:
    from dvarchive.core.layout import THEME_STATIC

    site = make_site(TWO_ARTICLES)
    out = build(site)
    assert (out / "favicon.ico").read_bytes() == (THEME_STATIC / "favicon.ico").read_bytes()
    assert soup(out, A_URL).find("link", rel="icon")["href"] == "/favicon.ico"
    own = b"\x00\x00\x01\x00" + b"the site's own icon"
    (site / "static").mkdir(exist_ok=True)
    (site / "static/favicon.ico").write_bytes(own)
    build(site)
    assert (out / "favicon.ico").read_bytes() == own


@pytest.mark.parametrize("where", ["site", "parent", "content", "foreign"])
def test_refuses_unsafe_output_folders(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str) -> None:
    site = make_site(TWO_ARTICLES)
    foreign = tmp_path / "tai-lieu"
    foreign.mkdir()
    (foreign / "luu-y.txt").write_text("Không được xóa.", "utf-8")
    output = {"site": site, "parent": tmp_path, "content": site / "content", "foreign": foreign}[where]
    before = {**tree_snapshot(site), **{f"../{k}": v for k, v in tree_snapshot(foreign).items()}}
    code, _, err = cli_build(site, capsys, "--output", str(output))
    assert code == 1
    assert ": error: " in err and "Traceback" not in err
    after = {**tree_snapshot(site), **{f"../{k}": v for k, v in tree_snapshot(foreign).items()}}
    assert {k: after.get(k) for k in before} == before  # nothing deleted, nothing changed


def test_an_empty_folder_is_accepted(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(TWO_ARTICLES)
    empty = tmp_path / "trang"
    empty.mkdir()
    build(site, empty)
    assert page_file(empty, A_URL).is_file()


def test_output_key_in_config(make_site: SiteMaker) -> None:
    site = make_site(TWO_ARTICLES, config=config_with(output="_site"))
    out = build(site)
    assert out == site / "_site"
    assert page_file(site / "_site", A_URL).is_file()


# ---- rebuilds give what a clean build gives ---------------------------------------


def clean_build(site: Path, tmp: Path, drafts: bool = False) -> dict[str, str]:
    """Build a fresh copy of the site (no cache, no earlier output)."""
    copy = tmp / f"sach-{len(list(tmp.iterdir()))}"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", ".dvarchive-cache", ".public*"))
    return tree_snapshot(build(copy, drafts=drafts))


def edit(path: Path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


A_MD = "content/articles/a.md"
EDITS: dict[str, dict[str, str | bytes | None]] = {
    # name: files written (None: deleted) after a first build
    "retitle": {A_MD: str(TWO_ARTICLES[A_MD]).replace("Huế khai mạc Festival", "Huế bế mạc Festival")},
    "body": {A_MD: str(TWO_ARTICLES[A_MD]).replace("Nội dung bài", "Toàn văn bài")},
    "new section": {"content/articles/c.md": article("Giá cà phê tăng", "2024-03-01", section="Kinh tế", people=["Nguyễn Thị Hòa"])},
    "correction date": {A_MD: article(
        "Huế khai mạc Festival nghề truyền thống", "2024-01-08T09:00:00+07:00", updated="2024-01-20T10:00:00+07:00",
        section="Văn hóa", people=["Nguyễn Thị Hòa", "Phan Văn Lộc"], tags=["lễ hội"], photos=[{"src": "photos/a.jpg", "caption": "Khai mạc."}],
    )},
    "registry description": {"content/people.yaml": "- name: Nguyễn Thị Hòa\n  description: Giám đốc Sở Văn hóa và Thể thao.\n"},
    "bigger photo": {"content/photos/b.jpg": JPEG + b"x" * 500},
    "config": {"dvarchive.yaml": config_with(per_page=1, feed_items=1)},
    "site title": {"dvarchive.yaml": DEFAULT_CONFIG.replace("Lưu trữ Tin Thử nghiệm", "Kho tin Huế")},
    "own template": {"templates/article.html": '{% extends "base.html" %}{% block content %}<h1>{{ article.title }}</h1>{% endblock %}'},
    "static file": {"static/css/site.css": "body { color: navy; }\n"},
    "delete article": {"content/articles/b.md": None},
    "delete photo": {"content/photos/a.jpg": None, A_MD: str(TWO_ARTICLES[A_MD]).replace("photos/a.jpg", "photos/b.jpg")},
}


@pytest.mark.parametrize("change", list(EDITS))
def test_a_rebuild_after_an_edit_matches_a_clean_build(make_site: SiteMaker, tmp_path: Path, change: str) -> None:
    site = make_site(TWO_ARTICLES)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    out = build(site)
    for relative, content in EDITS[change].items():
        if content is None:
            (site / relative).unlink()
        else:
            edit(site / relative, content)
    build(site)
    assert tree_snapshot(out) == clean_build(site, scratch)


def test_correction_moves_the_feed_date(make_site: SiteMaker) -> None:
    """A new ``updated:`` time (a correction) is the feeds' new lastBuildDate."""
    files = dict(TWO_ARTICLES)
    files["content/articles/b.md"] = article(
        "Làng nghề Phước Tích đón khách", "2024-02-08T09:00:00+07:00",
        updated="2024-02-09T08:00:00+07:00", section="Văn hóa", people=["Nguyễn Thị Hòa"],
    )
    site = make_site(files)
    out = build(site)
    b = site / "content/articles/b.md"
    edit(b, b.read_text("utf-8").replace("2024-02-09T08:00:00", "2024-03-01T08:00:00"))
    build(site)
    for url in ("/feed.xml", "/nhan-vat/nguyen-thi-hoa/feed.xml", "/chuyen-muc/van-hoa/feed.xml"):
        updated = feed(out, url).feed.updated_parsed
        assert calendar.timegm(updated) == calendar.timegm((2024, 3, 1, 1, 0, 0)), url
    assert sitemap_locs(out)[BASE_URL + B_URL.lstrip("/")].startswith("2024-03-01T08:00:00")


def test_drafts_flag_on_then_off(make_site: SiteMaker) -> None:
    files = {**TWO_ARTICLES, "content/articles/ban-nhap.md": article("Bản nháp", "2024-02-10", draft=True, section="Văn hóa")}
    site = make_site(files)
    out = build(site, drafts=True)
    assert page_file(out, "/2024/02/ban-nhap/").is_file()
    build(site)
    assert not page_file(out, "/2024/02/ban-nhap/").exists()
    assert "/2024/02/ban-nhap/" not in {a["href"] for a in soup(out, "/chuyen-muc/van-hoa/").find_all("a", href=True)}


@pytest.mark.parametrize("looked_for_by", ["this process", "helpers"])
def test_a_page_deleted_from_the_output_comes_back(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, looked_for_by: str) -> None:
    site = make_site(TWO_ARTICLES)
    out = build(site)
    page_file(out, A_URL).unlink()
    if looked_for_by == "helpers":  # as at 200,000 output files and more: the files are looked for a batch per process
        monkeypatch.setattr(inventory, "_PATHS_AT_ONCE", 1)
        monkeypatch.setattr(parallel, "_MIN_PARALLEL_ITEMS", 2)
    result = build_site(site, jobs=2)
    assert result.scope.startswith("cả trang: thư mục đầu ra thiếu tệp")
    assert page_file(out, A_URL).is_file()


def test_article_pages_made_by_fresh_helpers_are_those_made_here(sample: tuple[Path, Path, dict], monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[type-arg]
    """A large site's article pages are made from their inputs alone by helpers that hold
    nothing else (here forced on the sample archive, and on this process too)."""
    site, out, _ = sample
    fed: list[int] = []

    def iter_fed_without_shortcut(*args: object, fed_here: object = None, **kwargs: object) -> object:
        fed.append(len(args[3]))  # type: ignore[arg-type]  # the batches of articles
        return parallel.iter_fed(*args, **kwargs)  # this process too makes its articles from their inputs alone

    monkeypatch.setattr(pipeline, "_ARTICLES_MADE_BY_FRESH_HELPERS", 1)
    monkeypatch.setattr(pipeline, "iter_fed", iter_fed_without_shortcut)
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns("public", ".dvarchive-cache"))
    result = build_site(copy, jobs=2)
    assert fed and fed[0] >= 18  # every published article of the sample, a batch each
    assert tree_snapshot(result.output) == tree_snapshot(out)

    # What the cache kept of those pages (each batch as it was sent) makes a body edit's page,
    # and a new article's whole-site plan makes only what changed, as a clean build would.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    edited = sorted((copy / "content/articles").rglob("*.md"))[0]
    edit(edited, edited.read_text("utf-8") + "\nMột đoạn viết thêm sau khi đăng.\n")
    assert build_site(copy, jobs=2).scope.startswith("chỉ trang của 1 bài")
    assert tree_snapshot(result.output) == clean_build(copy, scratch)
    text = re.sub(r"(?m)^title:.*$", "title: Tin thêm về sự kiện trong tháng", edited.read_text("utf-8"), count=1)
    text = re.sub(r"(?m)^slug:.*$", "slug: tin-them", text, count=1)
    edit(edited.with_name("tin-them.md"), text)
    assert build_site(copy, jobs=2).scope.startswith("cả trang")
    assert tree_snapshot(result.output) == clean_build(copy, scratch)


def test_building_into_two_folders_in_turn(make_site: SiteMaker, tmp_path: Path) -> None:
    site = make_site(TWO_ARTICLES)
    first, second = tmp_path / "ban-1", tmp_path / "ban-2"
    build(site, first)
    a = site / "content/articles/a.md"
    edit(a, a.read_text("utf-8").replace("section: Văn hóa", "section: Thời sự"))
    build(site, second)
    build(site, first)
    assert tree_snapshot(first) == tree_snapshot(second)
    assert page_file(first, "/chuyen-muc/thoi-su/").is_file()


# ---- the sample archive of this repository ------------------------------------------


def read_header(path: Path) -> dict:  # type: ignore[type-arg]
    text = unicodedata.normalize("NFC", path.read_text("utf-8-sig").replace("\r\n", "\n"))
    return yaml.safe_load(text.split("\n---", 1)[0].removeprefix("---\n")) or {}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[Path, dict]]:  # type: ignore[type-arg]
    """The sample archive, copied (the build keeps a cache in its site folder) and built."""
    if not (REPO / "dvarchive.yaml").is_file():
        pytest.skip("no sample archive")
    site = tmp_path_factory.mktemp("sample") / "site"
    site.mkdir()
    shutil.copy2(REPO / "dvarchive.yaml", site / "dvarchive.yaml")
    shutil.copytree(REPO / "content", site / "content")
    result = build_site(site, site / "public")
    assert not [w for w in result.warnings if w.is_error]
    headers = {p: read_header(p) for p in sorted((site / "content/articles").rglob("*.md"))}
    return site, result.output, headers


def person_names(header: dict) -> list[tuple[str, str | None]]:  # type: ignore[type-arg]
    found = []
    for person in header.get("people") or []:
        if isinstance(person, dict):
            found.append((str(person["name"]), person.get("title")))
        else:
            found.append((str(person), None))
    return found


def test_sample_builds_many_articles_over_months(sample: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    site, out, headers = sample
    published = [h for h in headers.values() if not h.get("draft")]
    assert len(published) >= 15
    pages = out.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    article_pages = [p for p in pages if 'class="kind-article"' in p.read_text("utf-8")]
    assert len(article_pages) == len(published)
    # The sample's one alias: its old address sends readers on.
    assert 'http-equiv="refresh"' in page_file(out, "/2025/12/dan-van-kheo-xa-ta-nung/").read_text("utf-8")
    months = {p.parent.parent.relative_to(out).as_posix() for p in article_pages}
    assert len(months) >= 3
    for month in months:
        assert page_file(out, f"/{month}/").is_file()
    for page in ("/", "/nhan-vat/", "/to-chuc/", "/feed.xml", "/sitemap.xml", "/404.html"):
        assert page_file(out, page).is_file(), page
    assert len(feed(out, "/feed.xml").entries) == min(len(published), 50)


def test_sample_leaves_out_its_draft(sample: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    site, out, headers = sample
    drafts = [h for h in headers.values() if h.get("draft")]
    assert drafts, "the sample has a draft"
    headlines = {
        " ".join(soup(out, "/" + p.parent.relative_to(out).as_posix() + "/").find("main").find("h1").get_text().split())
        for p in out.glob("[0-9][0-9][0-9][0-9]/[0-9][0-9]/*/index.html")
    }
    titles = {e.title for e in feed(out, "/feed.xml").entries}
    home = soup(out, "/").get_text()
    for header in drafts:
        title = " ".join(str(header["title"]).split())
        assert title not in headlines
        assert title not in titles
        assert title not in home


def test_sample_merges_tone_mark_spellings(sample: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    site, out, headers = sample
    spellings: dict[str, set[str]] = {}
    for header in headers.values():
        if header.get("draft"):
            continue
        for name, _ in person_names(header):
            spellings.setdefault(match_key(name), set()).add(name)
    merged = {key: names for key, names in spellings.items() if len(names) > 1}
    assert merged, "the sample spells some person two ways (Hoà/Hòa)"
    for key, names in merged.items():
        pages = set()
        for path in (out / "nhan-vat").glob("*/index.html"):
            heading = soup(out, f"/nhan-vat/{path.parent.name}/").find("main").find("h1").get_text(strip=True)
            if match_key(heading) == key:
                pages.add(path.parent.name)
        assert len(pages) == 1, (names, pages)
        [slug] = pages
        listed = {a["href"] for a in soup(out, f"/nhan-vat/{slug}/").find("main").find_all("a", href=True)}
        mentioning = [h for h in headers.values() if not h.get("draft") and any(match_key(n) == key for n, _ in person_names(h))]
        assert len([u for u in listed if re.match(r"^/\d{4}/\d{2}/[^/]+/$", u)]) >= len(mentioning)


def test_sample_person_with_titles_from_several_articles(sample: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    site, out, headers = sample
    titles: dict[str, set[str]] = {}
    for header in headers.values():
        if header.get("draft"):
            continue
        for name, title in person_names(header):
            if title:
                titles.setdefault(match_key(name), set()).add(" ".join(str(title).split()))
    several = {key: found for key, found in titles.items() if len({match_key(t) for t in found}) > 1}
    assert several, "the sample gives some person different titles"
    shown_somewhere = False
    for path in (out / "nhan-vat").glob("*/index.html"):
        page = soup(out, f"/nhan-vat/{path.parent.name}/")
        key = match_key(page.find("main").find("h1").get_text(strip=True))
        if key in several:
            text = " ".join(page.find("main").get_text(" ").split())
            assert all(t in text for t in several[key]), several[key]
            shown_somewhere = True
    assert shown_somewhere


def test_sample_photos_copied(sample: tuple[Path, Path, dict]) -> None:  # type: ignore[type-arg]
    site, out, headers = sample
    photos = 0
    for path, header in headers.items():
        if header.get("draft"):
            continue
        for photo in header.get("photos") or []:
            src = photo["src"] if isinstance(photo, dict) else photo
            for candidate in (path.parent / src, site / "content" / src):
                if candidate.is_file():
                    relative = candidate.resolve().relative_to((site / "content").resolve()).as_posix()
                    assert (out / relative).read_bytes() == candidate.read_bytes()
                    photos += 1
                    break
    assert photos >= 5
