"""People and organisations over time, and names that fold alike (issue 18, points 1 and 6).

Built end to end and read as a reader, a search engine or an editor running
``check`` meets them: the title beside a person's name is the one they held
on the article's date; a person's page shows their career and files their
articles under it; an organisation renamed in 2025 is shown under the name
it had on each article's date, on one page; two people whose names fold to
one slug build, each at an address that a third namesake later does not
move; authors have a registry of their own.
"""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from dvarchive import build_site
from dvarchive.core.errors import Level
from dvarchive.editors.check import check_site

from .conftest import JPEG, SiteMaker, article, build, build_errors, config_with, links, soup, text

PEOPLE = """\
- name: Trần Văn Ân
  description: Lãnh đạo tỉnh Lâm Đồng (nhân vật hư cấu).
  roles:
    - title: Phó Chủ tịch UBND tỉnh Lâm Đồng
      from: 2021-07
      to: 2025-09
    - title: Chủ tịch UBND tỉnh Lâm Đồng
      from: 2025-10-01
"""

ORGANISATIONS = """\
- name: Sở Xây dựng tỉnh Lâm Đồng
  short: SXD Lâm Đồng
  names:
    - name: Sở Giao thông Vận tải tỉnh Lâm Đồng
      short: SGTVT Lâm Đồng
      to: 2025-02-28
    - name: Sở Xây dựng tỉnh Lâm Đồng
      from: 2025-03-01
"""


def plain(node: object) -> str:
    """A node's text as a reader reads it: white space folded, none added between elements."""
    return " ".join(node.get_text().split())  # type: ignore[attr-defined]


def person_line(page: BeautifulSoup, name: str) -> str:
    """The line of the "Trong bài" box that names ``name``."""
    [item] = [li for li in page.select(".in-article li") if name in text(li)]
    return plain(item)


def json_ld(page: BeautifulSoup) -> dict:  # type: ignore[type-arg]
    return json.loads(page.find("script", type="application/ld+json").string)


# ---- roles over time -------------------------------------------------------------------------


def roles_site(make_site: SiteMaker, config: str | None = None) -> Path:
    files: dict[str, str | bytes] = {
        "content/people.yaml": PEOPLE,
        "content/articles/2025/08/khoi-cong.md": article("Khởi công đường liên xã", "2025-08-12", people=["Trần Văn Ân"]),
        "content/articles/2025/11/chuyen-doi-so.md": article("Đẩy mạnh chuyển đổi số", "2025-11-14", people=["Trần Văn Ân"]),
        "content/articles/2025/12/tong-ket.md": article(
            "Hội nghị tổng kết", "2025-12-20", people=[{"name": "Trần Văn Ân", "title": "Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"}]
        ),
        "content/articles/2020/05/hoi-thao.md": article("Hội thảo nông nghiệp", "2020-05-02", people=["Trần Văn Ân"]),
    }
    return make_site(files, config=config) if config else make_site(files)


def test_the_title_beside_a_name_is_the_role_held_on_the_articles_date(make_site: SiteMaker) -> None:
    out = build(roles_site(make_site))
    before, after = soup(out, "/2025/08/khoi-cong/"), soup(out, "/2025/11/chuyen-doi-so/")
    assert person_line(before, "Trần Văn Ân") == "Trần Văn Ân, Phó Chủ tịch UBND tỉnh Lâm Đồng"
    assert person_line(after, "Trần Văn Ân") == "Trần Văn Ân, Chủ tịch UBND tỉnh Lâm Đồng"
    # The article's own title first; none where the registry knows no role on that date.
    assert person_line(soup(out, "/2025/12/tong-ket/"), "Trần Văn Ân") == "Trần Văn Ân, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh"
    assert person_line(soup(out, "/2020/05/hoi-thao/"), "Trần Văn Ân") == "Trần Văn Ân"
    # Search engines read the same title.
    about = {thing["name"]: thing.get("jobTitle") for thing in json_ld(before)["about"]}
    assert about == {"Trần Văn Ân": "Phó Chủ tịch UBND tỉnh Lâm Đồng"}
    assert "jobTitle" not in json_ld(soup(out, "/2020/05/hoi-thao/"))["about"][0]


def test_a_persons_page_shows_the_career_and_files_articles_under_it(make_site: SiteMaker) -> None:
    out = build(roles_site(make_site))
    page = soup(out, "/nhan-vat/tran-van-an/")
    career = page.find(id="dv-qua-trinh").find_parent("section")
    assert [text(li) for li in career.find_all("li")] == [
        "Chủ tịch UBND tỉnh Lâm Đồng (01/10/2025 – nay)",
        "Phó Chủ tịch UBND tỉnh Lâm Đồng (07/2021 – 09/2025)",
    ]
    groups = [(text(g.find("h2")), [text(a) for a in g.select(".teaser-title a")]) for g in page.select(".role-group")]
    assert groups == [
        ("Chủ tịch UBND tỉnh Lâm Đồng (01/10/2025 – nay)", ["Hội nghị tổng kết", "Đẩy mạnh chuyển đổi số"]),
        ("Phó Chủ tịch UBND tỉnh Lâm Đồng (07/2021 – 09/2025)", ["Khởi công đường liên xã"]),
        ("Các bài khác", ["Hội thảo nông nghiệp"]),
    ]
    assert json_ld(page)["jobTitle"] == "Chủ tịch UBND tỉnh Lâm Đồng"  # the role held now


def test_groups_run_on_across_the_pages_of_a_list(make_site: SiteMaker) -> None:
    out = build(roles_site(make_site, config_with(per_page=2)))
    first, second = soup(out, "/nhan-vat/tran-van-an/"), soup(out, "/nhan-vat/tran-van-an/page/2/")
    assert [text(h) for h in first.select(".role-group h2")] == ["Chủ tịch UBND tỉnh Lâm Đồng (01/10/2025 – nay)"]
    assert [text(h) for h in second.select(".role-group h2")] == [
        "Phó Chủ tịch UBND tỉnh Lâm Đồng (07/2021 – 09/2025)",
        "Các bài khác",
    ]


def test_an_english_site_writes_the_periods_in_english(make_site: SiteMaker) -> None:
    out = build(roles_site(make_site, config_with(language="en")))
    career = soup(out, "/nhan-vat/tran-van-an/").find(id="dv-qua-trinh").find_parent("section")
    assert text(career) == (
        "Career Chủ tịch UBND tỉnh Lâm Đồng (Oct 1, 2025 – present) Phó Chủ tịch UBND tỉnh Lâm Đồng (July 2021 – September 2025)"
    )


def test_a_wrong_role_date_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    people = "- name: Trần Văn Ân\n  roles:\n    - title: Chủ tịch\n      from: 1/10/2025\n    - title: Phó Chủ tịch\n      to: 2025-13\n"
    errors = build_errors(make_site({"content/people.yaml": people, "content/articles/a.md": article("Tin", "2025-11-01")}))
    assert [e.split(": error: ")[0] for e in errors] == ["content/people.yaml:4", "content/people.yaml:6"]
    assert "2025-10-01" in errors[0]  # the ISO form of what was meant


def test_check_warns_of_role_dates_that_look_mistyped(make_site: SiteMaker) -> None:
    people = """\
- name: Trần Văn Ân
  roles:
    - title: Phó Chủ tịch UBND tỉnh
      from: 2021-07-01
      to: 2024-09-30
    - title: Chủ tịch UBND tỉnh
      from: 2025-10-01
- name: Mai Thị Êm
  roles:
    - title: Đội trưởng
      from: 2026-02-01
      to: 2025-12-31
    - title: Tiền đạo
      from: 2022-02-01
"""
    site = make_site({"content/people.yaml": people, "content/articles/a.md": article("Tin", "2025-11-01", people=["Trần Văn Ân"])})
    warnings = {(d.path, d.line): d.message for d in check_site(site) if d.level is Level.WARNING and d.path.endswith(".yaml")}
    assert set(warnings) == {("content/people.yaml", 3), ("content/people.yaml", 10)}
    assert "có phải to: 2025-09-30 hoặc from: 2024-10-01?" in warnings[("content/people.yaml", 3)]
    assert "to: 2025-12-31 trước from: 2026-02-01" in warnings[("content/people.yaml", 10)]
    # Two positions held together, or a gap of years, are not doubted; nor is the sample's registry.
    assert not [d for d in check_site(Path(__file__).parents[1]) if d.path == "content/people.yaml"]


def test_check_warns_when_an_article_gives_a_title_not_held_on_its_date(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/people.yaml": PEOPLE,
            # Line 6 names him; a month after he became chairman, the article still calls him vice-chairman.
            "content/articles/a.md": article(
                "Tin", "2025-11-03", people=[{"name": "Trần Văn Ân", "title": "Phó Chủ tịch UBND tỉnh"}]
            ),
            # A title the registry does not list is the article's to give.
            "content/articles/b.md": article("Tin B", "2025-11-04", people=[{"name": "Trần Văn Ân", "title": "Trưởng đoàn công tác"}]),
            "content/articles/c.md": article("Tin C", "2025-08-04", people=[{"name": "Trần Văn Ân", "title": "Phó Chủ tịch UBND tỉnh"}]),
        }
    )
    found = [d for d in check_site(site) if d.level is Level.WARNING and d.path.startswith("content/articles/")]
    assert [(d.path, d.line) for d in found] == [("content/articles/a.md", 5)]
    assert found[0].message == (
        'bài ngày 03/11/2025 ghi Trần Văn Ân là "Phó Chủ tịch UBND tỉnh", nhưng theo content/people.yaml chức danh ấy là '
        'từ 2021-07 đến 2025-09, còn ngày ấy người này giữ "Chủ tịch UBND tỉnh Lâm Đồng": sửa title trong bài, '
        "hoặc from:/to: trong roles"
    )


# ---- organisations renamed ---------------------------------------------------------------------


def renamed_site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/organisations.yaml": ORGANISATIONS,
            "content/articles/2024/11/mo-duong.md": article(
                "Mở rộng đường đèo", "2024-11-05", "Hà Nội – Sáng 5/11, công trình khởi công.",
                organisations=["Sở Xây dựng tỉnh Lâm Đồng"], agency="SXD Lâm Đồng", location="Đà Lạt",
            ),
            "content/articles/2025/04/nghiem-thu.md": article(
                "Nghiệm thu cầu mới", "2025-04-10", organisations=["Sở Giao thông Vận tải tỉnh Lâm Đồng"], agency="SGTVT Lâm Đồng",
            ),
        }
    )


def test_an_organisation_renamed_in_2025_shows_the_name_it_had_on_one_page(make_site: SiteMaker) -> None:
    out = build(renamed_site(make_site))
    page_url = "/to-chuc/so-xay-dung-tinh-lam-dong/"
    old, new = soup(out, "/2024/11/mo-duong/"), soup(out, "/2025/04/nghiem-thu/")
    # Before the renaming, the old name (even where the article wrote the new one), linking to the one page.
    assert ("Sở Giao thông Vận tải tỉnh Lâm Đồng", page_url) in links(old)
    assert plain(old.select_one(".dateline")) == "Đà Lạt (SGTVT Lâm Đồng) –"
    # After it, the new name, though the article wrote the old one: the old name resolves like an alias.
    assert ("Sở Xây dựng tỉnh Lâm Đồng", page_url) in links(new)
    assert not (out / "to-chuc/so-giao-thong-van-tai-tinh-lam-dong").exists()
    page = soup(out, page_url)
    assert text(page.find("h1")) == "Sở Xây dựng tỉnh Lâm Đồng"
    history = page.find(id="dv-ten-goi").find_parent("section")
    assert [text(li) for li in history.find_all("li")] == [
        "Sở Xây dựng tỉnh Lâm Đồng (01/03/2025 – nay)",
        "Sở Giao thông Vận tải tỉnh Lâm Đồng (đến 28/02/2025)",
    ]
    assert [text(a) for a in page.select(".teaser-title a")] == ["Nghiệm thu cầu mới", "Mở rộng đường đèo"]


def test_a_former_name_claimed_by_another_entry_is_an_error(make_site: SiteMaker) -> None:
    organisations = ORGANISATIONS + "- name: Sở Giao thông Vận tải tỉnh Lâm Đồng\n"
    errors = build_errors(make_site({"content/organisations.yaml": organisations, "content/articles/a.md": article("Tin", "2024-01-08")}))
    assert any(e.startswith("content/organisations.yaml:9: error:") and "Sở Xây dựng tỉnh Lâm Đồng" in e for e in errors), errors


# ---- namesakes ----------------------------------------------------------------------------------

HA = {
    "content/articles/a.md": article("Tin Hà Nội", "2024-01-08", people=["Nguyễn Thúy Hà"], author="Phan Xuân Hưng"),
    "content/articles/b.md": article("Tin Huế", "2024-01-09", people=["Nguyễn Thùy Hà"], author="Phan Xuân Hùng"),
}


def entity_pages(out: Path, word: str) -> dict[str, str]:
    """``{url: h1}`` of every page under ``/word/``, the namesakes' lists included."""
    return {
        f"/{word}/{path.parent.name}/": text(BeautifulSoup(path.read_text("utf-8"), "html5lib").find("h1"))
        for path in (out / word).glob("*/index.html")
    }


def test_namesakes_build_each_at_an_address_a_third_does_not_move(make_site: SiteMaker) -> None:
    site = make_site(HA)
    out = build(site)
    pages = entity_pages(out, "nhan-vat")
    assert pages == {
        "/nhan-vat/nguyeenx-thuys-haf/": "Nguyễn Thúy Hà",
        "/nhan-vat/nguyeenx-thuyf-haf/": "Nguyễn Thùy Hà",
        "/nhan-vat/nguyen-thuy-ha/": "Nguyễn Thùy Hà · Nguyễn Thúy Hà",
    }
    authors = entity_pages(out, "tac-gia")
    assert authors["/tac-gia/phan-xuaan-huwng/"] == "Phan Xuân Hưng" and authors["/tac-gia/phan-xuaan-hungf/"] == "Phan Xuân Hùng"
    # The shared address leads to each; search engines keep the people's own pages.
    shared = soup(out, "/nhan-vat/nguyen-thuy-ha/")
    assert ("Nguyễn Thúy Hà", "/nhan-vat/nguyeenx-thuys-haf/") in links(shared)
    assert shared.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # A third namesake, in an older article: no address of the first two moves.
    (site / "content/articles/c.md").write_text(article("Tin cũ", "2023-05-01", people=["Nguyễn Thủy Hà"]), "utf-8")
    out = build(site)
    after = entity_pages(out, "nhan-vat")
    assert {url: name for url, name in after.items() if url in pages and url != "/nhan-vat/nguyen-thuy-ha/"} == {
        url: name for url, name in pages.items() if url != "/nhan-vat/nguyen-thuy-ha/"
    }
    assert after["/nhan-vat/nguyeenx-thuyr-haf/"] == "Nguyễn Thủy Hà"
    assert len(links(soup(out, "/nhan-vat/nguyen-thuy-ha/"))) == 3
    # check notes the three as one group, at a line that names one of them.
    notes = [d for d in check_site(site) if d.level is Level.SUGGESTION and "/nhan-vat/" in d.message]
    assert [(d.path, d.line) for d in notes] == [("content/articles/b.md", 5)]
    assert notes[0].message.startswith("các tên gần giống, bỏ dấu thì như nhau, mỗi tên có trang riêng: ")
    assert "/nhan-vat/nguyen-thuy-ha/ liệt kê cả 3" in notes[0].message


def test_a_page_published_alone_that_namesakes_now_share_is_said_with_the_fix(make_site: SiteMaker) -> None:
    site = make_site({"content/people.yaml": "- name: Nguyễn Thúy Hà\n", "content/articles/a.md": HA["content/articles/a.md"]})
    out = build(site)
    assert text(soup(out, "/nhan-vat/nguyen-thuy-ha/").find("h1")) == "Nguyễn Thúy Hà"
    # A namesake is registered: her published page would move, so the build stops with the line that keeps it.
    (site / "content/people.yaml").write_text("- name: Nguyễn Thúy Hà\n- name: Nguyễn Thùy Hà\n", "utf-8")
    (site / "content/articles/b.md").write_text(HA["content/articles/b.md"], "utf-8")
    [error] = [e for e in build_errors(site) if ": error: " in e]
    assert error.startswith('content/people.yaml:1: error: trang của "Nguyễn Thúy Hà" đã đăng ở /nhan-vat/nguyen-thuy-ha/')
    assert error.endswith("ghi vào mục này: slug: nguyen-thuy-ha")
    (site / "content/people.yaml").write_text("- name: Nguyễn Thúy Hà\n  slug: nguyen-thuy-ha\n- name: Nguyễn Thùy Hà\n", "utf-8")
    out = build(site)
    assert text(soup(out, "/nhan-vat/nguyen-thuy-ha/").find("h1")) == "Nguyễn Thúy Hà"
    assert text(soup(out, "/nhan-vat/nguyeenx-thuyf-haf/").find("h1")) == "Nguyễn Thùy Hà"


def test_an_unregistered_page_that_namesakes_now_share_is_a_warning(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/a.md": HA["content/articles/a.md"]})
    build(site)
    (site / "content/articles/b.md").write_text(HA["content/articles/b.md"], "utf-8")
    # check says it before the build; the build says it once, and builds: the old address lists both.
    [warning] = [d for d in check_site(site) if d.path == "content/people.yaml"]
    assert [d for d in build_site(site).warnings if d.path == "content/people.yaml"] == [warning]
    assert warning.level is Level.WARNING
    assert ("Nguyễn Thúy Hà", "/nhan-vat/nguyeenx-thuys-haf/") in links(soup(site / "public", "/nhan-vat/nguyen-thuy-ha/"))
    assert warning.message.endswith('để giữ địa chỉ cũ, ghi vào content/people.yaml: "- name: Nguyễn Thúy Hà" và "  slug: nguyen-thuy-ha"')


# ---- the authors' registry ------------------------------------------------------------------------

AUTHORS = """\
- name: Minh Hưng
  slug: minh-hung-ttxvn
  old_slugs: [minh-hung]
  aliases: [Hoàng Minh Hưng]
  description: Phóng viên thường trú tại Lâm Đồng (nhân vật hư cấu).
  photo: photos/authors/minh-hung.jpg
"""


def test_authors_have_a_registry(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/authors.yaml": AUTHORS,
            "content/photos/authors/minh-hung.jpg": JPEG,
            "content/articles/a.md": article("Tin A", "2024-01-08", author="Minh Hưng"),
            "content/articles/b.md": article("Tin B", "2024-01-09", author="Hoàng Minh Hưng"),
        }
    )
    out = build(site)
    page = soup(out, "/tac-gia/minh-hung-ttxvn/")
    assert text(page.find("h1")) == "Minh Hưng"
    assert "Phóng viên thường trú tại Lâm Đồng (nhân vật hư cấu)." in text(page.find("main"))
    assert page.select_one("img.portrait")["src"].startswith("/photos/authors/")
    assert [text(a) for a in page.select(".teaser-title a")] == ["Tin B", "Tin A"]
    assert ("Minh Hưng", "/tac-gia/minh-hung-ttxvn/") in links(soup(out, "/2024/01/b/"))
    assert soup(out, "/tac-gia/minh-hung/").find("meta", attrs={"http-equiv": "refresh"})  # the old slug leads on
    # A byline that misses the registered name's marks is an error, as for people.
    (site / "content/articles/c.md").write_text(article("Tin C", "2024-01-10", author="Minh Hung"), "utf-8")
    [error] = build_errors(site)
    assert error.startswith("content/articles/c.md:4: error: tác giả \"Minh Hung\" gần giống \"Minh Hưng\" trong content/authors.yaml")


def test_an_unknown_key_in_the_authors_registry_is_an_error(make_site: SiteMaker) -> None:
    errors = build_errors(make_site({"content/authors.yaml": "- name: Minh Hưng\n  roles: []\n", "content/articles/a.md": article("Tin", "2024-01-08")}))
    assert [e.split(": error: ")[0] for e in errors] == ["content/authors.yaml:2"]
