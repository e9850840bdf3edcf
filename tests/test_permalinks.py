"""Addresses that last: slugs from file names, aliases and old slugs that lead
on, and builds that refuse to lose a published address."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dvarchive.cli import main

from .conftest import SiteMaker, article, build, build_errors, config_with, page_file, soup, tree_snapshot

BUS = "content/articles/2025/08/da-nang-mo-tuyen-buyt-moi.md"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def set_header(path: Path, key: str, value: str) -> None:
    """Change (or add) one header line, as an editor would."""
    text = path.read_text("utf-8")
    line = re.compile(rf"^{key}:.*$", re.MULTILINE)
    if line.search(text):
        text = line.sub(f"{key}: {value}", text, count=1)
    else:
        text = text.replace("\n---\n", f"\n{key}: {value}\n---\n", 1)
    path.write_text(text, "utf-8")


def redirect_target(output: Path, url: str) -> str:
    """Where the page at ``url`` sends a browser, checked as a reader's browser and a search engine see it."""
    page = soup(output, url)
    refresh = page.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh is not None, f"{url} is not a redirect page"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    target = refresh["content"].split("url=", 1)[1]
    assert page.find("link", rel="canonical")["href"].endswith(target)
    assert target in {a["href"] for a in page.find("main").find_all("a", href=True)}
    return target


# ---- the slug: written down, or the file's name ---------------------------------


def test_a_headline_edit_keeps_the_url(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({})
    code, out, _ = run(capsys, "new", "Đà Nẵng mở tuyến buýt mới", "--site", str(site))
    assert code == 0
    path = site / out.strip()
    assert path.name == "da-nang-mo-tuyen-buyt-moi.md"
    text = path.read_text("utf-8")
    assert "slug: da-nang-mo-tuyen-buyt-moi" in text and "draft: true" in text
    set_header(path, "draft", "false")
    year_month = path.parent.relative_to(site / "content/articles").as_posix()
    url = f"/{year_month}/da-nang-mo-tuyen-buyt-moi/"
    output = build(site)
    assert soup(output, url).h1.get_text() == "Đà Nẵng mở tuyến buýt mới"

    set_header(path, "title", '"Đà Nẵng mở thêm tuyến xe buýt số 16"')
    code, _, err = run(capsys, "build", str(site), "--no-search")
    assert code == 0, err
    assert soup(output, url).h1.get_text() == "Đà Nẵng mở thêm tuyến xe buýt số 16"
    assert not page_file(output, f"/{year_month}/da-nang-mo-them-tuyen-xe-buyt-so-16/").exists()


def test_without_slug_the_file_name_gives_the_url(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/2025/08/tuyen-buyt-16.md": article("Đà Nẵng mở thêm tuyến xe buýt số 16", "2025-08-12"),
            "content/articles/2025/09/Lễ hội pháo hoa.md": article("Khai mạc lễ hội", "2025-09-01"),
            "content/articles/2025/10/cau-rong/index.md": article("Cầu Rồng phun lửa", "2025-10-05"),
            "content/articles/2025/10/x.md": article("Bài có slug", "2025-10-06", slug="bai-rieng"),
        }
    )
    output = build(site)
    for url in ("/2025/08/tuyen-buyt-16/", "/2025/09/le-hoi-phao-hoa/", "/2025/10/cau-rong/", "/2025/10/bai-rieng/"):
        assert page_file(output, url).is_file(), url


def test_sites_may_keep_the_title_rule(make_site: SiteMaker) -> None:
    site = make_site(
        {"content/articles/a.md": article("Hội An đón khách quốc tế", "2024-01-08")},
        config=config_with(article_slugs="title"),
    )
    assert page_file(build(site), "/2024/01/hoi-an-don-khach-quoc-te/").is_file()


def test_a_wrong_article_slugs_value_is_an_error(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/a.md": article("Tin", "2024-01-08")}, config=config_with(article_slugs="headline"))
    errors = build_errors(site)
    assert any(e.startswith("dvarchive.yaml:4: error:") and "article_slugs" in e for e in errors), errors


# ---- old addresses that lead on ------------------------------------------------


def test_aliases_get_redirect_pages_and_host_redirects(make_site: SiteMaker) -> None:
    site = make_site(
        {
            BUS: article(
                "Đà Nẵng mở thêm tuyến xe buýt số 16",
                "2025-08-12",
                aliases=["/2025/08/tuyen-cu/", "2025/07/ban-nhap", "https://tin.example.vn/tin/123.html", "/tin.php"],
            ),
        }
    )
    output = build(site)
    new = "/2025/08/da-nang-mo-tuyen-buyt-moi/"
    assert redirect_target(output, "/2025/08/tuyen-cu/") == new
    assert redirect_target(output, "/2025/07/ban-nhap/") == new
    assert redirect_target(output, "/tin/123.html") == new
    assert not (output / "tin.php").exists()  # only the hosts can redirect a .php address
    rules = [line.split() for line in (output / "_redirects").read_text("utf-8").splitlines() if not line.startswith("#")]
    assert ["/2025/08/tuyen-cu/", new, "301!"] in rules
    assert ["/tin.php", new, "301!"] in rules
    nginx = (output / "nginx-redirects.conf").read_text("utf-8")
    assert f"/2025/08/tuyen-cu/ {new};" in nginx and f"/2025/08/tuyen-cu {new};" in nginx
    # Redirect pages are not pages of the site for search engines.
    assert "tuyen-cu" not in (output / "sitemap.xml").read_text("utf-8")


def test_aliases_under_a_sub_path(make_site: SiteMaker) -> None:
    site = make_site(
        {BUS: article("Tuyến buýt 16", "2025-08-12", aliases=["/luu-tru/2025/08/cu/", "2025/08/cu-hon/"])},
        config="title: Lưu trữ\nbase_url: https://tin.example.vn/luu-tru/\n",
    )
    output = build(site)
    new = "/luu-tru/2025/08/da-nang-mo-tuyen-buyt-moi/"
    assert redirect_target(output, "/2025/08/cu/") == new
    assert redirect_target(output, "/2025/08/cu-hon/") == new
    assert f"/luu-tru/2025/08/cu/ {new} 301!" in (output / "_redirects").read_text("utf-8")


def test_a_sites_own_redirect_rules_come_first(make_site: SiteMaker) -> None:
    site = make_site(
        {
            BUS: article("Tuyến buýt 16", "2025-08-12", aliases=["/cu/"]),
            "static/_redirects": "/lien-he /gioi-thieu/ 302\n",
        }
    )
    lines = (build(site) / "_redirects").read_text("utf-8").splitlines()
    rules = [line for line in lines if not line.startswith("#")]
    assert rules == ["/lien-he /gioi-thieu/ 302", "/cu/ /2025/08/da-nang-mo-tuyen-buyt-moi/ 301!"]


@pytest.mark.parametrize(
    ("alias", "words"),
    [
        ("https://other.example.com/2025/08/x/", "không thuộc trang này"),
        ("/2025/../x/", '".."'),
        ("/tin?id=5", '"?"'),
        ("/tin tức/", "chữ ASCII"),
    ],
)
def test_a_wrong_alias_is_an_error_at_its_line(make_site: SiteMaker, alias: str, words: str) -> None:
    site = make_site({BUS: article("Tuyến buýt 16", "2025-08-12", aliases=[alias])})
    errors = build_errors(site)
    assert any(e.startswith(f"{BUS}:5: error:") and words in e for e in errors), errors


def test_an_alias_may_not_take_a_page_or_be_claimed_twice(make_site: SiteMaker) -> None:
    site = make_site(
        {
            BUS: article("Tuyến buýt 16", "2025-08-12", aliases=["/2025/08/", "/cu/"]),
            "content/articles/2025/08/khac.md": article("Tin khác", "2025-08-13", aliases=["/cu/"]),
        }
    )
    errors = build_errors(site)
    assert any(e.startswith(f"{BUS}:5: error:") and "/2025/08/" in e and "trang đang có" in e for e in errors), errors
    assert any("/cu/" in e and "khac.md" in e and BUS in e for e in errors), errors


def test_check_reports_an_alias_that_takes_an_article(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(
        {
            BUS: article("Tuyến buýt 16", "2025-08-12", aliases=["/2025/08/khac/"]),
            "content/articles/2025/08/khac.md": article("Tin khác", "2025-08-13"),
        }
    )
    code, out, _ = run(capsys, "check", str(site))
    assert code == 1
    assert any(line.startswith(f"{BUS}:5: error:") and "/2025/08/khac/" in line for line in out.splitlines()), out


def test_old_slugs_lead_to_an_entitys_page(make_site: SiteMaker) -> None:
    site = make_site(
        {
            BUS: article("Tuyến buýt 16", "2025-08-12", people=["Trương Thị Mai"]),
            "content/people.yaml": "- name: Trương Thị Mai\n  old_slugs: [truong-mai]\n",
        }
    )
    output = build(site)
    assert redirect_target(output, "/nhan-vat/truong-mai/") == "/nhan-vat/truong-thi-mai/"
    rules = (output / "_redirects").read_text("utf-8")
    assert "/nhan-vat/truong-mai/feed.xml /nhan-vat/truong-thi-mai/feed.xml 301!" in rules


# ---- a build never loses a published address without saying so ---------------------


def test_a_moved_article_stops_the_build_with_the_aliases_line(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({BUS: article("Đà Nẵng mở tuyến buýt mới", "2025-08-12", people=["Trương Thị Mai"])})
    output = build(site)
    before = tree_snapshot(output)
    (site / BUS).rename(site / "content/articles/2025/08/tuyen-16.md")

    code, _, err = run(capsys, "build", str(site), "--no-search")
    assert code == 1
    line = next(line for line in err.splitlines() if ": error: " in line)
    assert line.startswith("content/articles/2025/08/tuyen-16.md:2: error:")
    assert "/2025/08/da-nang-mo-tuyen-buyt-moi/" in line and "/2025/08/tuyen-16/" in line
    assert "Traceback" not in err
    assert tree_snapshot(output) == before
    code, out, err = run(capsys, "check", str(site))
    assert code == 1 and line in out

    fix = line.split("ghi vào phần đầu: ", 1)[1]
    assert fix == "aliases: [/2025/08/da-nang-mo-tuyen-buyt-moi/]"
    set_header(site / "content/articles/2025/08/tuyen-16.md", "aliases", fix.split(": ", 1)[1])
    code, _, err = run(capsys, "build", str(site), "--no-search")
    assert code == 0, err
    assert redirect_target(output, "/2025/08/da-nang-mo-tuyen-buyt-moi/") == "/2025/08/tuyen-16/"


def test_a_changed_date_that_moves_an_article_is_caught(make_site: SiteMaker) -> None:
    site = make_site({BUS: article("Tuyến buýt 16", "2025-08-31T20:00:00+07:00")})
    build(site)
    set_header(site / BUS, "date", "2025-09-01T08:00:00+07:00")
    errors = build_errors(site)
    assert any(e.startswith(f"{BUS}:2: error:") and "/2025/08/da-nang-mo-tuyen-buyt-moi/" in e for e in errors), errors


def test_a_deleted_article_is_noted_once(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(
        {
            BUS: article("Tuyến buýt 16", "2025-08-12"),
            "content/articles/2025/08/khac.md": article("Tin khác", "2025-08-13"),
        }
    )
    output = build(site)
    (site / BUS).unlink()
    code, _, err = run(capsys, "build", str(site), "--no-search")
    assert code == 0
    warnings = [line for line in err.splitlines() if ": warning: " in line]
    assert len(warnings) == 1 and warnings[0].startswith(f"{BUS}: warning:")
    assert "/2025/08/da-nang-mo-tuyen-buyt-moi/" in warnings[0] and "Tuyến buýt 16" in warnings[0]
    assert not page_file(output, "/2025/08/da-nang-mo-tuyen-buyt-moi/").exists()
    (site / "content/articles/2025/08/khac.md").write_text(article("Tin khác", "2025-08-14"), "utf-8")
    code, _, err = run(capsys, "build", str(site), "--no-search")
    assert code == 0 and ": warning: " not in err


def test_an_article_made_a_draft_again_is_a_warning(make_site: SiteMaker) -> None:
    site = make_site({BUS: article("Tuyến buýt 16", "2025-08-12"), "content/articles/b.md": article("Tin B", "2025-08-13")})
    build(site)
    set_header(site / BUS, "draft", "true")
    result_warnings = [str(d) for d in _build_warnings(site)]
    assert any(w.startswith(f"{BUS}: warning:") and "bản nháp" in w for w in result_warnings), result_warnings


def _build_warnings(site: Path) -> tuple[object, ...]:
    from dvarchive import build_site

    return build_site(site, search=False).warnings


def test_a_renamed_person_stops_the_build_with_the_old_slugs_line(make_site: SiteMaker) -> None:
    site = make_site(
        {
            BUS: article("Tuyến buýt 16", "2025-08-12", people=["Trương Thị Mai"]),
            "content/people.yaml": "- name: Trương Thị Mai\n",
        }
    )
    build(site)
    (site / "content/people.yaml").write_text("- name: Trương Thị Mai Anh\n  aliases: [Trương Thị Mai]\n", "utf-8")
    errors = build_errors(site)
    assert any(
        e.startswith("content/people.yaml:1: error:") and e.endswith("old_slugs: [truong-thi-mai]") for e in errors
    ), errors
    (site / "content/people.yaml").write_text(
        "- name: Trương Thị Mai Anh\n  aliases: [Trương Thị Mai]\n  old_slugs: [truong-thi-mai]\n", "utf-8"
    )
    output = build(site)
    assert redirect_target(output, "/nhan-vat/truong-thi-mai/") == "/nhan-vat/truong-thi-mai-anh/"


def test_an_output_of_the_title_rule_says_how_to_keep_it(make_site: SiteMaker) -> None:
    """A site built before 0.2 (no record of addresses, only the manifest) that moves to file names."""
    site = make_site({"content/articles/a.md": article("Hội An đón khách", "2024-01-08")}, config=config_with(article_slugs="title"))
    output = build(site)
    (output / ".dvarchive-published.json").unlink()
    (site / "dvarchive.yaml").write_text(config_with(), "utf-8")
    errors = build_errors(site)
    assert any(
        e.startswith("content/articles/a.md:2: error:")
        and "aliases: [/2024/01/hoi-an-don-khach/]" in e
        and "article_slugs: title" in e
        for e in errors
    ), errors
