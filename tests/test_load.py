"""load.py: articles and registries read from a site folder, problems collected."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from dvarchive.core.errors import ContentError, Level
from dvarchive.core.model import Article, EntityKind
from dvarchive.stages.load import load_sources

from .conftest import JPEG, SiteMaker, article, build_errors, config_with

FULL_ARTICLE = """\
---
title: "Hội nghị tổng kết công tác dân vận năm 2025 của tỉnh Lâm Đồng"
date: 2026-01-09T08:30:00+07:00
updated: 2026-01-09 14:00
section: Xây dựng Đảng
summary: >
  Sáng 9/1, Ban Dân vận Tỉnh ủy Lâm Đồng tổ chức hội nghị tổng kết công tác
  dân vận năm 2025.
agency: TTXVN
author: [Nguyễn Thị Lan, Trần Minh]
location: Đà Lạt
photos:
  - src: photos/2026/01/hoi-nghi.jpg
    caption: Quang cảnh hội nghị.
    credit: Trần Minh/TTXVN
    alt: Hội trường phông đỏ.
  - src: anh-ben-canh.jpg
people:
  - name: Lê Văn Hùng
    title: Phó Bí thư Thường trực Tỉnh ủy Lâm Đồng
  - Phạm Thị Thu
organisations:
  - Ban Dân vận Tỉnh ủy Lâm Đồng
  - Mặt trận Tổ quốc Việt Nam
tags: [dân vận khéo, cải cách hành chính]
related: [2025/12/dan-van-kheo-o-co-so]
slug: hoi-nghi-dan-van-2025
draft: false
corrections:
  - date: 2026-01-10
    note: Sửa chức danh của ông Lê Văn Hùng.
---

Sáng 9/1, tại Đà Lạt, hội nghị đã diễn ra.

![](photos/2026/01/hoi-nghi.jpg)
"""


def load_one(make_site: SiteMaker, text: str | bytes, name: str = "content/articles/2026/01/a.md", **extra: str | bytes) -> Article:
    site = make_site({name: text, **extra})
    [loaded] = load_sources(site).articles
    return loaded


def load_errors(site: Path, drafts: bool = False) -> list[str]:
    """The errors found while reading (raised, or carried forward to resolving)."""
    try:
        diagnostics = load_sources(site, drafts).diagnostics
    except ContentError as exc:
        diagnostics = exc.diagnostics
    errors = [str(d) for d in diagnostics if d.is_error]
    assert errors, "expected errors"
    return errors


def test_every_header_key(make_site: SiteMaker) -> None:
    a = load_one(
        make_site,
        FULL_ARTICLE,
        **{
            "content/photos/2026/01/hoi-nghi.jpg": JPEG,
            "content/articles/2026/01/anh-ben-canh.jpg": JPEG,
        },
    )
    assert a.title == "Hội nghị tổng kết công tác dân vận năm 2025 của tỉnh Lâm Đồng"
    assert a.date.at.replace(tzinfo=None) == datetime(2026, 1, 9, 8, 30)
    assert a.updated is not None and a.updated.at.hour == 14
    assert a.section is not None and a.section.name == "Xây dựng Đảng"
    assert a.summary == "Sáng 9/1, Ban Dân vận Tỉnh ủy Lâm Đồng tổ chức hội nghị tổng kết công tác dân vận năm 2025."
    assert a.lede == a.summary
    assert a.agency is not None and a.agency.name == "TTXVN"
    assert [m.name for m in a.authors] == ["Nguyễn Thị Lan", "Trần Minh"]
    assert a.location == "Đà Lạt"
    first, second = a.photos
    assert (first.src, first.caption, first.credit, first.alt) == (
        "photos/2026/01/hoi-nghi.jpg", "Quang cảnh hội nghị.", "Trần Minh/TTXVN", "Hội trường phông đỏ.",
    )
    assert first.in_body is True
    assert second.src == "articles/2026/01/anh-ben-canh.jpg"  # relative to the article
    assert second.in_body is False
    assert [(m.name, m.title) for m in a.people] == [
        ("Lê Văn Hùng", "Phó Bí thư Thường trực Tỉnh ủy Lâm Đồng"),
        ("Phạm Thị Thu", None),
    ]
    assert [m.name for m in a.organisations] == ["Ban Dân vận Tỉnh ủy Lâm Đồng", "Mặt trận Tổ quốc Việt Nam"]
    assert [m.name for m in a.tags] == ["dân vận khéo", "cải cách hành chính"]
    assert [m.name for m in a.related] == ["2025/12/dan-van-kheo-o-co-so"]
    assert a.slug == "hoi-nghi-dan-van-2025"
    assert a.draft is False
    [correction] = a.corrections
    assert correction.note == "Sửa chức danh của ông Lê Văn Hùng."
    assert correction.date.at.date().isoformat() == "2026-01-10"
    assert a.source == "content/articles/2026/01/a.md"
    assert a.title_line == 2
    assert a.people[0].line == 19


def test_single_author_string(make_site: SiteMaker) -> None:
    a = load_one(make_site, article("Tin", "2024-01-08", author="Nguyễn Thị Lan"))
    assert [m.name for m in a.authors] == ["Nguyễn Thị Lan"]


def test_slug_made_from_the_file_name(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/2024/01/Đại hội Đảng.md": article("Trương Thị Mai dự Đại hội Đảng", "2024-01-08")})
    [a] = load_sources(site).articles
    assert a.slug == "dai-hoi-dang"


def test_slug_made_from_title_where_the_site_keeps_that_rule(make_site: SiteMaker) -> None:
    site = make_site(
        {"content/articles/a.md": article("Trương Thị Mai dự Đại hội Đảng", "2024-01-08")},
        config=config_with(article_slugs="title"),
    )
    [a] = load_sources(site).articles
    assert a.slug == "truong-thi-mai-du-dai-hoi-dang"


def test_a_file_name_without_letters_needs_a_slug(make_site: SiteMaker) -> None:
    [error] = load_errors(make_site({"content/articles/!!!.md": article("Tin", "2024-01-08")}))
    assert error.startswith("content/articles/!!!.md: error:") and "slug:" in error


def test_lede_falls_back_to_first_paragraph(make_site: SiteMaker) -> None:
    body = "## Tiêu đề phụ\n\n![](x.jpg)\n\nĐoạn **đầu tiên** của bài,\nviết trên hai dòng.\n\nĐoạn hai."
    a = load_one(make_site, article("Tin", "2024-01-08", body))
    assert a.summary is None
    assert a.lede == "Đoạn đầu tiên của bài, viết trên hai dòng."


def test_bom_crlf_nfd(make_site: SiteMaker) -> None:
    text = article("Nguyễn Thị Hòa thăm Huế", "2024-01-08T09:30:00+07:00", people=["Nguyễn Thị Hòa"])
    data = b"\xef\xbb\xbf" + unicodedata.normalize("NFD", text).replace("\n", "\r\n").encode()
    a = load_one(make_site, data)
    assert a.title == "Nguyễn Thị Hòa thăm Huế"
    assert unicodedata.is_normalized("NFC", a.title)
    assert a.people[0].name == "Nguyễn Thị Hòa"
    assert "\r" not in a.body


def test_any_folder_depth_and_vietnamese_file_names(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/a.md": article("Bài một", "2024-01-08"),
            "content/articles/thời sự/2024/tháng một/bài hai.md": article("Bài hai", "2024-01-09"),
            "content/articles/notes.txt": "không phải bài",
        }
    )
    sources = load_sources(site)
    assert sorted(a.source for a in sources.articles) == [
        "content/articles/a.md",
        "content/articles/thời sự/2024/tháng một/bài hai.md",
    ]


def test_drafts_left_out_unless_asked(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/a.md": article("Bài đăng", "2024-01-08"),
            "content/articles/b.md": article("Bài nháp", "2024-01-09", draft=True),
        }
    )
    assert [a.title for a in load_sources(site).articles] == ["Bài đăng"]
    assert sorted(a.title for a in load_sources(site, include_drafts=True).articles) == ["Bài nháp", "Bài đăng"]


def test_body_photos_not_in_header(make_site: SiteMaker) -> None:
    body = "Đoạn một.\n\n![Cầu Rồng](photos/cau-rong.jpg)\n\n![](https://cdn.example.vn/x.jpg)\n"
    a = load_one(make_site, article("Tin", "2024-01-08", body), **{"content/photos/cau-rong.jpg": JPEG})
    assert a.photos == ()
    [photo] = [p for p in a.body_photos if not p.is_remote]
    assert photo.src == "photos/cau-rong.jpg"
    assert photo.line is not None


def test_missing_photo_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    body = "Đoạn một.\n\n![](photos/cung-khong-co.jpg)\n"
    site = make_site({"content/articles/a.md": article("Tin", "2024-01-08", body, photos=[{"src": "photos/khong-co.jpg"}])})
    errors = load_errors(site)
    # The line of "- src:", and the body's line of the image (the body starts on line 8).
    assert any(e.startswith('content/articles/a.md:5: error: không thấy tệp ảnh "photos/khong-co.jpg"') for e in errors)
    assert any(e.startswith('content/articles/a.md:10: error: không thấy tệp ảnh "photos/cung-khong-co.jpg"') for e in errors)


def test_missing_photo_of_a_draft_is_a_warning_and_left_out(make_site: SiteMaker) -> None:
    body = "Đoạn một.\n\n![](photos/cung-khong-co.jpg)\n"
    site = make_site({"content/articles/a.md": article("Tin", "2024-01-08", body, photos=["photos/khong-co.jpg"], draft=True)})
    sources = load_sources(site, include_drafts=True)
    assert sources.articles[0].photos == () and sources.articles[0].body_photos == ()
    assert [(d.line, d.level) for d in sources.diagnostics] == [(5, Level.WARNING), (11, Level.WARNING)]
    assert all("bản nháp" in d.message for d in sources.diagnostics)


def test_registry_photo_missing_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    site = make_site({"content/people.yaml": "- name: Trần Văn Ân\n  description: Chủ tịch.\n  photo: photos/people/an.jpg\n"})
    assert any(e.startswith('content/people.yaml:3: error: không thấy tệp ảnh "photos/people/an.jpg"') for e in load_errors(site))


def test_body_image_with_another_scheme_is_an_error_at_its_line(make_site: SiteMaker) -> None:
    """``data:`` and ``javascript:`` images are neither a file nor a web address: never published, said where written."""
    body = "![a](data:image/png;base64,iVBORw0KGgo=) ![b](javascript:alert(1))\n"
    site = make_site({"content/articles/a.md": article("Tin", "2024-01-08", body)})
    errors = load_errors(site)
    assert [e.split(": error: ")[0] for e in errors] == ["content/articles/a.md:6", "content/articles/a.md:6"]
    assert all("không phải tệp trong content/ cũng không phải địa chỉ http(s)://" in e for e in errors)


def test_photo_outside_content_is_an_error(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/a.md": article("Tin", "2024-01-08", photos=[{"src": "../../dvarchive.yaml"}]),
            "content/articles/b.md": article("Tin hai", "2024-01-08", photos=[{"src": "/etc/passwd"}]),
        }
    )
    errors = load_errors(site)
    assert any(e.startswith("content/articles/a.md:5: error:") for e in errors)
    assert any(e.startswith("content/articles/b.md:5: error:") for e in errors)


# ---- problems, each at its file and line --------------------------------------


def test_unknown_key_with_suggestion(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/a.md": "---\ntitle: Tin\ndate: 2024-01-08\npeple: [Lê Văn Hùng]\n---\nThân bài.\n"})
    [error] = load_errors(site)
    assert error.startswith("content/articles/a.md:4: error:")
    assert "peple" in error and "people" in error


def test_unknown_keys_inside_lists(make_site: SiteMaker) -> None:
    text = (
        "---\ntitle: Tin\ndate: 2024-01-08\n"
        "people:\n  - name: Lê Văn Hùng\n    titel: Bí thư\n"
        "photos:\n  - src: a.jpg\n    captoin: Ảnh\n"
        "---\nThân bài.\n"
    )
    errors = load_errors(make_site({"content/articles/a.md": text, "content/articles/a.jpg": JPEG}))
    assert sorted(errors) == sorted(
        [e for e in errors if e.startswith(("content/articles/a.md:6:", "content/articles/a.md:9:"))]
    )
    assert len(errors) == 2
    assert any('"title"' in e for e in errors)
    assert any('"caption"' in e for e in errors)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("title: Tin\n\nThân bài không có phần đầu.\n", 1, "---"),
        ("---\n- title\n- date\n---\nThân bài.\n", 2, "khóa"),
        ('---\ntitle: "Tin\ndate: 2024-01-08\n---\n', None, "YAML"),
        ("---\ntitle: Tin\ndate: 8/1/2024\n---\n", 3, "2024-01-08"),
        ("---\ntitle: Một\ndate: 2024-01-08\ntitle: Hai\n---\n", 4, "title"),
        ("---\ntitle: !!python/object/apply:os.system ['ls']\ndate: 2024-01-08\n---\n", 2, "thẻ"),
        ("---\ndate: 2024-01-08\n---\nThân bài.\n", 2, '"title"'),
        ("---\ntitle: Tin\n---\nThân bài.\n", 2, '"date"'),
        ("---\ntitle: Tin\ndate: 2024-01-08\nslug: Tin Mới\n---\n", 4, "slug"),
        ("---\ntitle: Tin\ndate: 2024-01-08\ndraft: chưa\n---\n", 4, "draft"),
        ("---\ntitle: Tin\ndate: 2024-01-08\npeople: [[Lê Văn Hùng]]\n---\n", 4, "people"),
        ("---\ntitle: Tin\ndate: 2024-01-08\ncorrections:\n  - note: thiếu ngày\n---\n", 5, '"date"'),
        ("---\ntitle: Tin\ndate: 2024-01-08\nsection: {a: b}\n---\n", 4, "section"),
    ],
)
def test_article_problems(make_site: SiteMaker, text: str, line: int | None, words: str) -> None:
    [error] = load_errors(make_site({"content/articles/a.md": text}))
    prefix = "content/articles/a.md:" + (f"{line}: error:" if line else "")
    assert error.startswith(prefix), error
    assert words in error


def test_yaml_syntax_error_line(make_site: SiteMaker) -> None:
    text = "---\ntitle: Tin\ndate: 2024-01-08\ntags: [a, b\nsection: Thời sự\n---\n"
    [error] = load_errors(make_site({"content/articles/a.md": text}))
    line = int(error.split(":")[1])
    assert 4 <= line <= 6


def test_invalid_utf8(make_site: SiteMaker) -> None:
    data = b"---\ntitle: Tin\ndate: 2024-01-08\nlocation: \xd0\xe0 L\xe1t\n---\n"
    [error] = load_errors(make_site({"content/articles/a.md": data}))
    assert error.startswith("content/articles/a.md:4: error:")
    assert "UTF-8" in error


def test_every_problem_of_every_file(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/a.md": "---\ntitle: Tin A\ndate: 8/1/2024\nsection: Thời sự\n---\n",
            "content/articles/b.md": "---\ndate: 2024-01-08\nsection: Thời sự\n---\n",
            "content/articles/c.md": "---\ntitle: Tin C\ndate: 2024-01-08\npeple: [Lê Văn Hùng]\ntagz: [x]\n---\n",
            "content/articles/d.md": article("Tin D", "2024-01-08"),
        }
    )
    errors = load_errors(site)
    assert [e.split(": error:")[0] for e in errors] == [
        "content/articles/a.md:3",
        "content/articles/b.md:2",
        "content/articles/c.md:4",
        "content/articles/c.md:5",
    ]


def test_a_file_without_title_still_reports_its_other_problems(make_site: SiteMaker) -> None:
    # Editors fix a file once: every problem in it must show in the first run.
    text = "---\ndate: 2024-01-08\nupdated: 9/1/2024\nslug: Sai Slug\n---\nThân bài.\n"
    errors = load_errors(make_site({"content/articles/a.md": text}))
    places = sorted(e.split(": error:")[0] for e in errors)
    assert places == ["content/articles/a.md:2", "content/articles/a.md:3", "content/articles/a.md:4"]


def test_draft_with_errors_is_still_checked(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/a.md": "---\ntitle: Nháp\ndate: 8/1/2024\ndraft: true\n---\n"})
    [error] = load_errors(site)
    assert error.startswith("content/articles/a.md:3: error:")


# ---- registries ------------------------------------------------------------


PEOPLE = """\
# Người trong kho
- name: Trần Văn Ân
  slug: tran-van-an
  aliases: [đồng chí Trần Văn Ân]
  sort_as: Ân Trần Văn
  description: Chủ tịch UBND tỉnh Lâm Đồng.
  photo: photos/people/tran-van-an.jpg
  roles:
    - title: Chủ tịch UBND tỉnh Lâm Đồng
      from: 2025-10-01
      to:
- name: Nguyễn Thị Hòa
"""

ORGANISATIONS = """\
- name: Thông tấn xã Việt Nam
  short: TTXVN
  aliases: [Thông tấn xã VN]
  parent: Chính phủ
  url: https://example.org
"""


def test_registries(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/people.yaml": PEOPLE,
            "content/organisations.yaml": ORGANISATIONS,
            "content/photos/people/tran-van-an.jpg": JPEG,
        }
    )
    sources = load_sources(site)
    an, hoa, ttx = sources.registry
    assert (an.kind, an.name, an.slug, an.sort_as) == (EntityKind.PERSON, "Trần Văn Ân", "tran-van-an", "Ân Trần Văn")
    assert an.aliases == ("đồng chí Trần Văn Ân",)
    assert an.description == "Chủ tịch UBND tỉnh Lâm Đồng."
    assert an.photo is not None and an.photo.src == "photos/people/tran-van-an.jpg"
    [role] = an.roles
    assert role.title == "Chủ tịch UBND tỉnh Lâm Đồng"
    assert role.start is not None and str(role.start) == "2025-10-01" and role.start.first.isoformat() == "2025-10-01"
    assert role.end is None
    assert an.place.line == 2
    assert hoa.place.line == 12
    assert (ttx.kind, ttx.short, ttx.parent, ttx.url) == (
        EntityKind.ORGANISATION, "TTXVN", "Chính phủ", "https://example.org",
    )
    assert ttx.spellings == ("Thông tấn xã Việt Nam", "TTXVN", "Thông tấn xã VN")


@pytest.mark.parametrize(
    ("people", "line"),
    [
        ("name: Trần Văn Ân\n", 1),  # a mapping, not a list
        ("- Trần Văn Ân\n", 1),  # an item that is not a mapping
        ("- name: Trần Văn Ân\n  titel: Chủ tịch\n", 2),
        ("- name: Trần Văn Ân\n  slug: Tran Van An\n", 2),
        ("- description: Không có tên\n", 1),
        ("- name: Trần Văn Ân\n- name: Trần Văn Ân\n  short: x\n  name: y\n", 4),
        ("- name: [Trần Văn Ân\n", None),
        ("- name: Trần Văn Ân\n  roles:\n    - title: Chủ tịch\n      from: 1/10/2025\n", 4),
    ],
)
def test_registry_problems(make_site: SiteMaker, people: str, line: int | None) -> None:
    [error] = load_errors(make_site({"content/people.yaml": people}))
    assert error.startswith("content/people.yaml:" + (f"{line}: error:" if line else "")), error


def test_registry_and_article_problems_in_one_run(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/a.md": "---\ntitle: Tin\ndate: 2024-13-01\n---\n",
            "content/organisations.yaml": "- name: TTXVN\n  shrt: TTX\n",
        }
    )
    errors = load_errors(site)
    assert [e.split(": error:")[0] for e in errors] == ["content/articles/a.md:3", "content/organisations.yaml:2"]


def test_date_in_site_zone_and_offset_converted(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/a.md": article("Tin A", "2024-01-31T20:00:00+00:00"),
            "content/articles/b.md": article("Tin B", "2024-01-31 20:00"),
        }
    )
    by_title = {a.title: a for a in load_sources(site).articles}
    assert by_title["Tin A"].year_month == (2024, 2)
    assert by_title["Tin A"].date.at.utcoffset() == timedelta(hours=7)
    assert by_title["Tin B"].year_month == (2024, 1)


def test_an_article_link_to_nothing_is_an_error_naming_it(make_site: SiteMaker) -> None:
    site = make_site({"content/articles/tin.md": article("Tin thật", "2026-01-09")})
    (site / "content/articles/gio-khong.md").symlink_to("da-xoa.md")  # its target was deleted
    [problem] = build_errors(site)
    assert problem.startswith("content/articles/gio-khong.md: error: không đọc được tệp (No such file or directory)")
    assert not (site / "public").exists()
