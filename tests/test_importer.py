"""importer: wire copy (tests/fixtures/wire/) turned into article files.

Each fixture is checked field by field, for losing no sentence of the
copy, and for reading back through dvarchive's own loader.
"""

from __future__ import annotations

import html
import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markdown_it import MarkdownIt

from dvarchive.core.config import SiteConfig
from dvarchive.core.errors import ContentError, DvarchiveError, Level, Report
from dvarchive.core.frontmatter import load_yaml, split_header
from dvarchive.core.model import EntityKind, Place, RegistryEntry
from dvarchive.editors.importer import (
    ImportedArticle,
    escape_markdown,
    find_entities,
    import_wire,
    wire_to_article,
    write_article,
)
from dvarchive.editors.wire import Paragraph, Subheading, WirePhoto, decode_wire, parse_wire
from dvarchive.stages.load import PhotoFinder, load_registries, parse_article, place_photos

FIXTURES = Path(__file__).parent / "fixtures" / "wire"
TODAY = date(2026, 3, 20)
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CONFIG = SiteConfig(title="t", base_url="https://x.vn/")
NOT_WIRE = "không giống bản tin thông tấn: "

PEOPLE = """\
- name: Đỗ Quang Vinh
- name: Nguyễn Thị Hòa
- name: Trịnh Văn Lực
- name: Lê Quang Ơn
- name: Phan Văn Tâm
- name: Phạm Cường
"""

ORGANISATIONS = """\
- name: Thông tấn xã Việt Nam
  short: TTXVN
- name: Ủy ban nhân dân quận Cầu Giấy
  short: UBND quận Cầu Giấy
- name: Ủy ban nhân dân phường Yên Hoà
  aliases: [phường Yên Hoà]
- name: Ủy ban nhân dân thành phố Đà Nẵng
  short: UBND thành phố Đà Nẵng
- name: Sở Công Thương tỉnh Bình Phước
  aliases: [Sở Công Thương]
- name: Hiệp hội Điều Việt Nam
  short: Vinacas
- name: Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Đà Nẵng
  aliases: [Thành đoàn Đà Nẵng]
- name: Sở Thông tin và Truyền thông thành phố Huế
- name: Ban Quản lý rừng phòng hộ tỉnh Quảng Ngãi
  aliases: [Ban Quản lý rừng phòng hộ tỉnh]
- name: Sở Giáo dục và Đào tạo tỉnh Lâm Đồng
"""


def photo(stem: str, number: int, caption: str, credit: str) -> dict[str, str]:
    return {"src": f"photos/{stem}-{number}.jpg", "caption": caption, "credit": credit}


# What each fixture must become. ``header`` is the whole header, as read back;
# ``not_text`` are the lines that are not the article's text (section, bylines,
# navigation); ``prefix`` is the dateline's agency part, which the site prints
# from ``agency``; ``in_body`` says which photos the body shows.
CASES: dict[str, dict[str, object]] = {
    "standard.txt": {
        "path": "content/articles/2026/03/ha-noi-khoi-cong-cau-di-bo-qua-song-to-lich.md",
        "header": {
            "title": "Hà Nội khởi công cầu đi bộ qua sông Tô Lịch",
            "date": "2026-03-12T08:00:00+07:00",
            "section": "Thời sự",
            "summary": "Sáng 12/3, UBND quận Cầu Giấy tổ chức lễ khởi công cầu đi bộ nối hai bờ sông Tô Lịch, "
            "dự kiến hoàn thành trong năm nay.",
            "agency": "TTXVN",
            "author": "Mai Anh",
            "location": "Hà Nội",
            "photos": [
                photo(
                    "2026/03/ha-noi-khoi-cong-cau-di-bo-qua-song-to-lich", 1,
                    "Ông Đỗ Quang Vinh, Chủ tịch UBND quận Cầu Giấy phát biểu tại lễ khởi công.",
                    "Hoàng Yến/TTXVN",
                )
            ],
            # The caption's "Ông Đỗ Quang Vinh, Chủ tịch UBND quận Cầu Giấy phát biểu…": the title
            # ends at the verb. "Bà Nguyễn Thị Hoà, người dân phường Yên Hòa" gives no position.
            "people": [{"name": "Đỗ Quang Vinh", "title": "Chủ tịch UBND quận Cầu Giấy"}, "Nguyễn Thị Hòa"],
            "organisations": ["Ủy ban nhân dân quận Cầu Giấy", "Ủy ban nhân dân phường Yên Hoà"],
        },
        "subheadings": ["Đảm bảo an toàn cho người đi bộ", "Hoàn thành trong năm"],
        "in_body": [False],
        "prefix": "TTXVN - ",
        "not_text": ["Thời sự", "Mai Anh", "Tin liên quan", "Xem thêm"],
    },
    "no-photos.txt": {
        "path": "content/articles/2025/11/xuat-khau-hat-dieu-cua-binh-phuoc-tang-manh-trong-10-thang.md",
        "header": {
            "title": "Xuất khẩu hạt điều của Bình Phước tăng mạnh trong 10 tháng",
            "date": "2025-11-05T15:00:00+07:00",
            "section": "Kinh tế",
            "summary": "Kim ngạch xuất khẩu hạt điều của tỉnh Bình Phước trong 10 tháng đầu năm ước đạt "
            "1,2 tỷ USD, tăng 18% so với cùng kỳ.",
            "agency": "TTXVN",
            "author": "Thanh Hà",
            "location": "TP Đồng Xoài",
            "people": [{"name": "Trịnh Văn Lực", "title": "Phó Giám đốc Sở Công Thương"}],
            "organisations": ["Sở Công Thương tỉnh Bình Phước", "Hiệp hội Điều Việt Nam"],
        },
        "subheadings": ["Thị trường mới"],
        "in_body": [],
        "prefix": "TTXVN - ",
        "not_text": ["Kinh tế", "Thanh Hà", "Xem thêm:"],
    },
    "no-dateline.txt": {
        "path": "content/articles/2026/03/thanh-pho-hue-thi-diem-nop-ho-so-hanh-chinh-qua-ung-dung-di-dong.md",
        "header": {
            "title": "Thành phố Huế thí điểm nộp hồ sơ hành chính qua ứng dụng di động",
            "date": "2026-03-20",
            "section": "Xã hội",
            "summary": "Từ tháng này, người dân thành phố Huế có thể nộp hồ sơ cấp đổi giấy phép lái xe và "
            "đăng ký hộ kinh doanh qua ứng dụng di động của thành phố.",
            "author": "Minh Thư",
            "photos": [
                photo(
                    "2026/03/thanh-pho-hue-thi-diem-nop-ho-so-hanh-chinh-qua-ung-dung-di-dong", 1,
                    "Người dân làm thủ tục tại Trung tâm phục vụ hành chính công thành phố Huế. (Ảnh minh họa)",
                    "TTXVN",
                )
            ],
            # The comma inside the ministry's name does not end the title.
            "people": [{"name": "Nguyễn Thị Hòa", "title": "Giám đốc Sở Văn hóa, Thể thao và Du lịch"}],
            "organisations": ["Sở Thông tin và Truyền thông thành phố Huế"],
        },
        "subheadings": [],
        "in_body": [False],
        "prefix": None,
        "not_text": ["Xã hội", "Minh Thư"],
    },
    "several-bylines.txt": {
        "path": "content/articles/2025/07/da-nang-khai-mac-tuan-le-am-thuc-duong-pho-ben-song-han.md",
        "header": {
            "title": "Đà Nẵng khai mạc Tuần lễ ẩm thực đường phố bên sông Hàn",
            "date": "2025-07-20T19:30:00+07:00",
            "section": "Văn hóa",
            "summary": "Tuần lễ ẩm thực đường phố với hơn 120 gian hàng của các địa phương miền Trung "
            "đã khai mạc bên bờ Đông sông Hàn.",
            "agency": "TTXVN",
            "author": ["Mai Anh", "Quốc Dũng"],
            "location": "Đà Nẵng",
            "photos": [
                photo(
                    "2025/07/da-nang-khai-mac-tuan-le-am-thuc-duong-pho-ben-song-han", 1,
                    "Du khách thưởng thức món mì Quảng tại một gian hàng.", "Trần Lê Lâm/TTXVN",
                )
            ],
            "organisations": [
                "Ủy ban nhân dân thành phố Đà Nẵng",
                "Đoàn Thanh niên Cộng sản Hồ Chí Minh thành phố Đà Nẵng",
            ],
        },
        "subheadings": [],
        "in_body": [True],
        "prefix": "Đà Nẵng (TTXVN) - ",
        "not_text": ["Văn hóa", "Mai Anh - Quốc Dũng"],
    },
    "crlf.txt": {
        "path": "content/articles/2025/06/can-tho-mo-hoi-cho-trai-cay-dac-san-vung-dong-bang-song-cuu-long.md",
        "header": {
            "title": "Cần Thơ mở hội chợ trái cây đặc sản vùng Đồng bằng sông Cửu Long",
            "date": "2025-06-01T12:00:00+07:00",
            "section": "Nông nghiệp",
            "summary": "Hội chợ trái cây đặc sản lần thứ năm thu hút hơn 150 gian hàng của 13 tỉnh, thành phố trong vùng.",
            "agency": "TTXVN",
            "author": "Bảo Ngọc",
            "location": "Cần Thơ",
            "photos": [
                photo(
                    "2025/06/can-tho-mo-hoi-cho-trai-cay-dac-san-vung-dong-bang-song-cuu-long", 1,
                    "Khách tham quan chọn mua sầu riêng tại hội chợ.", "TTXVN",
                )
            ],
        },
        "subheadings": [],
        "in_body": [True],
        "prefix": "TTXVN - ",
        "not_text": ["Nông nghiệp", "Bảo Ngọc"],
    },
    "extra-blank-lines.txt": {
        "path": "content/articles/2025/09/lam-dong-khanh-thanh-diem-truong-cho-hoc-sinh-vung-cao-ta-nung.md",
        "header": {
            "title": "Lâm Đồng khánh thành điểm trường cho học sinh vùng cao Tà Nung",
            "date": "2025-09-15T08:00:00+07:00",
            "section": "Giáo dục",
            "summary": "Điểm trường mới gồm 4 phòng học và khu nội trú cho 60 học sinh người dân tộc thiểu số.",
            "agency": "TTXVN",
            "author": ["Hoàng Nam", "Lê Phương"],
            "location": "xã Tà Nung",
            "people": [{"name": "Lê Quang Ơn", "title": "Bí thư Đảng ủy xã Tà Nung"}],
            "tags": ["giáo dục", "Lâm Đồng", "vùng cao"],
        },
        "subheadings": ["Lớp học đầu tiên"],
        "in_body": [],
        "prefix": "TTXVN - ",
        "not_text": [
            "Giáo dục", "Hoàng Nam", "Lê Phương", "Từ khóa: giáo dục, Lâm Đồng, vùng cao", "Tin liên quan",
            "Lâm Đồng đầu tư 200 tỷ đồng cho trường học vùng khó", "Học sinh Tà Nung vào năm học mới", "Xem thêm",
        ],
    },
    "photos-mid-body.txt": {
        "path": "content/articles/2025/04/quang-ngai-trong-moi-50-ha-rung-ngap-man-ven-bien.md",
        "header": {
            "title": "Quảng Ngãi trồng mới 50 ha rừng ngập mặn ven biển",
            "date": "2025-04-30T05:00:00+07:00",
            "section": "Môi trường",
            "summary": "Tỉnh Quảng Ngãi vừa hoàn thành trồng mới 50 ha rừng ngập mặn ở cửa sông Trà Khúc, "
            "góp phần chống xói lở bờ biển.",
            "agency": "TTXVN",
            "author": "Phạm Cường",
            "photos": [
                photo(
                    "2025/04/quang-ngai-trong-moi-50-ha-rung-ngap-man-ven-bien", 1,
                    "Đoàn viên thanh niên trồng cây đước tại bãi triều xã Tịnh Khê.",
                    "Phạm Cường/TTXVN, Đinh Hương/TTXVN",
                ),
                photo(
                    "2025/04/quang-ngai-trong-moi-50-ha-rung-ngap-man-ven-bien", 2,
                    "Rừng đước ở cửa sông Trà Khúc sau ba tháng trồng.", "TTXVN",
                ),
                photo(
                    "2025/04/quang-ngai-trong-moi-50-ha-rung-ngap-man-ven-bien", 3,
                    "Một khu rừng ngập mặn ven biển miền Trung. (Ảnh minh hoạ)", "Ngọc Hà/TTXVN",
                ),
            ],
            # Phạm Cường is registered, but only signs the article and its photos.
            "people": [{"name": "Phan Văn Tâm", "title": "Giám đốc Ban Quản lý rừng phòng hộ tỉnh"}],
            "organisations": ["Ban Quản lý rừng phòng hộ tỉnh Quảng Ngãi"],
        },
        "subheadings": ["Từ bãi bồi trơ trọi đến rừng xanh", "Nhân rộng mô hình"],
        "in_body": [True, True, True],
        "prefix": "TTXVN - ",
        "not_text": ["Môi trường", "Phạm Cường", "Tin cùng chuyên mục"],
    },
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "dvarchive.yaml").write_text("title: t\nbase_url: https://x.vn/\n", encoding="utf-8")
    (tmp_path / "content" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "content" / "organisations.yaml").write_text(ORGANISATIONS, encoding="utf-8")
    return tmp_path


def import_fixture(name: str, site: Path, year: int | None = None) -> ImportedArticle:
    text = decode_wire((FIXTURES / name).read_bytes(), name)
    return import_wire(text, name, site, year, TODAY)


def read_header(article: ImportedArticle) -> dict[str, object]:
    header = load_yaml(split_header(article.text).header, first_line=2)
    assert isinstance(header, dict)
    return header


def body_of(article: ImportedArticle) -> str:
    return split_header(article.text).body.strip("\n")


def rendered_text(markdown: str) -> str:
    """What a reader sees of Markdown: the HTML without its tags."""
    rendered = MarkdownIt("commonmark").enable("table").render(markdown)
    return html.unescape(re.sub(r"<[^>]+>", " ", rendered))


def source_lines(name: str) -> list[str]:
    text = unicodedata.normalize("NFC", (FIXTURES / name).read_bytes().decode("utf-8-sig"))
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


# --- each fixture ------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_becomes_the_expected_header(name: str, site: Path) -> None:
    article = import_fixture(name, site)
    assert article.path == CASES[name]["path"]
    # Every import is a draft until an editor checks it, and writes down the
    # slug its file is named by, so that editing the headline keeps the URL.
    slug = str(CASES[name]["path"]).rsplit("/", 1)[1].removesuffix(".md")
    assert read_header(article) == {**CASES[name]["header"], "draft": "true", "slug": slug}  # type: ignore[dict-item]


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_body_has_subheadings_and_photos_in_order(name: str, site: Path) -> None:
    body = body_of(import_fixture(name, site))
    assert re.findall(r"^## (.*)$", body, re.MULTILINE) == CASES[name]["subheadings"]
    photos = CASES[name]["header"].get("photos", [])  # type: ignore[attr-defined]
    shown = [p["src"] for p, in_body in zip(photos, CASES[name]["in_body"]) if in_body]  # type: ignore[call-overload]
    assert re.findall(r"^!\[\]\((.*)\)$", body, re.MULTILINE) == shown


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_sentence_of_the_copy_is_kept(name: str, site: Path) -> None:
    article = import_fixture(name, site)
    header = read_header(article)
    photos = header.get("photos", [])
    captions = [p.get("caption", "") for p in photos]  # type: ignore[union-attr]
    credits = [p.get("credit", "") for p in photos]  # type: ignore[union-attr]
    kept = "\n".join([str(header["title"]), str(header.get("summary", "")), rendered_text(body_of(article)), *captions])
    kept = " ".join(kept.split())
    case = CASES[name]
    prefix = case["prefix"]
    checked = 0
    for line in source_lines(name):
        if line in case["not_text"]:  # type: ignore[operator]
            continue
        if prefix and line.startswith(prefix):  # type: ignore[arg-type]
            assert header["agency"] in prefix  # type: ignore[operator]
            line = line[len(prefix) :]  # type: ignore[arg-type]
        line = line.removeprefix("* ")  # the mark of a subheading, not its text
        for sentence in re.split(r"(?<=[.!?…])\s+", line):
            credit = re.fullmatch(r"\((Ảnh[^:)]*)(?::\s*(.*))?\)", sentence)
            if credit:
                assert credit[2] in credits
                if credit[1] != "Ảnh":
                    assert any(caption.endswith(f"({credit[1]})") for caption in captions)
            else:
                assert sentence in kept, sentence
            checked += 1
    assert checked >= 5


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_reads_back_through_the_loader(name: str, site: Path) -> None:
    article = import_fixture(name, site)
    report = Report()
    parsed = parse_article(article.path, article.text, CONFIG, report)
    assert parsed is not None and not report.diagnostics, report.diagnostics
    header = CASES[name]["header"]
    assert parsed.title == header["title"]  # type: ignore[index]
    assert parsed.summary == header.get("summary")  # type: ignore[attr-defined]
    assert parsed.location == header.get("location")  # type: ignore[attr-defined]
    assert parsed.date.has_time == ("T" in header["date"])  # type: ignore[index,operator]
    # The placeholder photos are not there yet: in a draft (what import
    # writes), warnings, never errors.
    placed = place_photos(replace(parsed, draft=True), PhotoFinder(site / "content"), report)
    photos = header.get("photos", [])  # type: ignore[attr-defined]
    assert all(d.level is Level.WARNING and "không thấy tệp ảnh" in d.message for d in report.diagnostics)
    assert len(report.diagnostics) == len(photos) + sum(CASES[name]["in_body"])  # type: ignore[arg-type]
    assert placed.photos == ()


@pytest.mark.parametrize("name", sorted(CASES))
def test_fixture_photos_are_placed_once_the_files_exist(name: str, site: Path) -> None:
    article = import_fixture(name, site)
    photos = CASES[name]["header"].get("photos", [])  # type: ignore[attr-defined]
    for item in photos:
        path = site / "content" / item["src"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xff\xd8\xff\xd9")
    report = Report()
    parsed = parse_article(article.path, article.text, CONFIG, report)
    assert parsed is not None
    placed = place_photos(parsed, PhotoFinder(site / "content"), report)
    assert not report.diagnostics
    assert [(p.src, p.caption, p.credit) for p in placed.photos] == [
        (p["src"], p["caption"], p["credit"]) for p in photos
    ]
    assert [p.in_body for p in placed.photos] == CASES[name]["in_body"]


def test_import_warns_about_what_the_editor_must_finish(site: Path) -> None:
    undated = import_fixture("no-dateline.txt", site)
    assert all(w.level is Level.WARNING and w.path == "no-dateline.txt" for w in undated.warnings)
    messages = " ".join(w.message for w in undated.warnings)
    assert "20/03/2026" in messages
    assert "photos/2026/03/thanh-pho-hue-thi-diem-nop-ho-so-hanh-chinh-qua-ung-dung-di-dong-1.jpg" in messages
    assert not import_fixture("no-photos.txt", site).warnings


# --- variants of one copy ---------------------------------------------------------


def test_nfd_bom_and_crlf_give_the_same_article(site: Path) -> None:
    text = (FIXTURES / "standard.txt").read_text(encoding="utf-8")
    expected = import_wire(text, "a.txt", site, None, TODAY).text
    variants = [
        unicodedata.normalize("NFD", text),
        "\ufeff" + text.replace("\n", "\r\n"),
        text.replace("\n", "\r"),
        text.replace("\n\n", "\n\n\n  \n").replace("\n", "  \n"),
        decode_wire(text.encode("utf-16"), "a.txt"),
    ]
    for variant in variants:
        assert import_wire(variant, "a.txt", site, None, TODAY).text == expected


def test_the_year_comes_from_the_user_or_today(site: Path) -> None:
    assert read_header(import_fixture("standard.txt", site, year=2024))["date"] == "2024-03-12T08:00:00+07:00"
    # 5/11 has not come yet on 20/3/2026: the copy is from last year.
    assert read_header(import_fixture("no-photos.txt", site))["date"] == "2025-11-05T15:00:00+07:00"
    assert read_header(import_fixture("standard.txt", site))["date"] == "2026-03-12T08:00:00+07:00"


def test_wire_to_article_is_pure_and_files_under_the_date(site: Path) -> None:
    wire = parse_wire((FIXTURES / "several-bylines.txt").read_text(encoding="utf-8"), "x.txt")
    registry = load_registries(site, Report())
    article = wire_to_article(wire, 2023, ZoneInfo("Asia/Bangkok"), registry, today=TODAY)
    assert article.path == "content/articles/2023/07/da-nang-khai-mac-tuan-le-am-thuc-duong-pho-ben-song-han.md"
    assert read_header(article)["date"] == "2023-07-20T19:30:00+07:00"
    other = wire_to_article(wire, 2023, ZoneInfo("Europe/Paris"), (), today=TODAY)
    assert read_header(other)["date"] == "2023-07-20T19:30:00+02:00"
    assert "organisations" not in read_header(other)


# --- the parts of the copy -------------------------------------------------------


def wire(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


HEAD = ("Thời sự", "Hội nghị bàn về giao thông đô thị", "Hội nghị diễn ra trong hai ngày với 200 đại biểu.")


@pytest.mark.parametrize(
    ("opening", "moment"),
    [
        ("Rạng sáng 12/3, tại Hà Nội,", "2026-03-12T05:00:00+07:00"),
        ("Sáng 12/3, tại Hà Nội,", "2026-03-12T08:00:00+07:00"),
        ("Trưa 12/3, tại Hà Nội,", "2026-03-12T12:00:00+07:00"),
        ("Chiều 12/3, tại Hà Nội,", "2026-03-12T15:00:00+07:00"),
        ("Tối 12/3, tại Hà Nội,", "2026-03-12T19:30:00+07:00"),
        ("Đêm 12/3, tại Hà Nội,", "2026-03-12T22:00:00+07:00"),
        ("Chiều tối 12/3, tại Hà Nội,", "2026-03-12T17:30:00+07:00"),
        ("Ngày 12/3, tại Hà Nội,", "2026-03-12"),
        ("12/3, tại Hà Nội,", "2026-03-12"),
        ("Sáng 12/3/2024, tại Hà Nội,", "2024-03-12T08:00:00+07:00"),
    ],
)
def test_dateline_gives_date_and_time(opening: str, moment: str) -> None:
    copy = parse_wire(wire(*HEAD, f"TTXVN - {opening} hội nghị khai mạc."), "x.txt")
    assert copy.dateline is not None and copy.dateline.location == "Hà Nội"
    header = read_header(wire_to_article(copy, 2026, ZONE, (), today=TODAY))
    assert header["date"] == moment
    assert header["agency"] == "TTXVN"
    assert body_of(wire_to_article(copy, 2026, ZONE, (), today=TODAY)).startswith(opening)


@pytest.mark.parametrize(
    ("paragraph", "agency", "location", "body"),
    [
        ("Hà Nội (TTXVN) - Sáng 12/3, hội nghị khai mạc.", "TTXVN", "Hà Nội", "Sáng 12/3, hội nghị khai mạc."),
        ("(TTXVN) - Sáng 12/3, hội nghị khai mạc.", "TTXVN", None, "Sáng 12/3, hội nghị khai mạc."),
        ("Hà Nội - Sáng 12/3, hội nghị khai mạc.", None, "Hà Nội", "Sáng 12/3, hội nghị khai mạc."),
        ("Báo Lâm Đồng - Sáng 12/3, tại Đà Lạt, hội nghị khai mạc.", "Báo Lâm Đồng", "Đà Lạt",
         "Sáng 12/3, tại Đà Lạt, hội nghị khai mạc."),
        ("TTXVN/VNA – Chiều 12/3, hội nghị khai mạc.", "TTXVN/VNA", None, "Chiều 12/3, hội nghị khai mạc."),
        # Not datelines: the text stays as it is.
        ("Ông Lê Văn A - Chủ tịch hội - cho biết hội nghị khai mạc.", None, None,
         "Ông Lê Văn A - Chủ tịch hội - cho biết hội nghị khai mạc."),
    ],
)
def test_dateline_forms(paragraph: str, agency: str | None, location: str | None, body: str) -> None:
    copy = parse_wire(wire(*HEAD, paragraph), "x.txt")
    header = read_header(wire_to_article(copy, 2026, ZONE, (), today=TODAY))
    assert header.get("agency") == agency
    assert header.get("location") == location
    assert body_of(wire_to_article(copy, 2026, ZONE, (), today=TODAY)).strip() == body


def test_a_dateline_may_open_the_copy_without_a_lede() -> None:
    copy = parse_wire(wire("Thời sự", "Hội nghị bàn về giao thông", "TTXVN - Sáng 12/3, hội nghị khai mạc.", "Đoạn hai."), "x")
    assert copy.lede is None
    assert copy.dateline is not None and copy.dateline.agency == "TTXVN"
    assert "summary" not in read_header(wire_to_article(copy, 2026, ZONE, (), today=TODAY))


def test_a_date_that_does_not_exist_is_an_error_with_its_line() -> None:
    copy = parse_wire(wire(*HEAD, "TTXVN - Sáng 30/2, hội nghị khai mạc."), "x.txt")
    with pytest.raises(ContentError) as caught:
        wire_to_article(copy, 2026, ZONE, (), today=TODAY)
    (diagnostic,) = caught.value.diagnostics
    assert (diagnostic.path, diagnostic.line) == ("x.txt", 7)
    assert "30/2/2026" in diagnostic.message


def test_a_dateline_from_december_imported_in_january_is_last_year(site: Path) -> None:
    text = wire(*HEAD, "TTXVN - Tối 31/12, pháo hoa được bắn tại ba điểm.")
    article = import_wire(text, "x.txt", site, None, date(2026, 1, 2))
    assert read_header(article)["date"] == "2025-12-31T19:30:00+07:00"
    assert article.path.startswith("content/articles/2025/12/")


@pytest.mark.parametrize(
    ("line", "caption", "credit"),
    [
        ("Quang cảnh hội nghị. (Ảnh: Hoàng Yến/TTXVN)", "Quang cảnh hội nghị.", "Hoàng Yến/TTXVN"),
        ("Quang cảnh hội nghị. (Ảnh: A/TTXVN, B/TTXVN)", "Quang cảnh hội nghị.", "A/TTXVN, B/TTXVN"),
        ("Quang cảnh hội nghị. (Ảnh: TTXVN)", "Quang cảnh hội nghị.", "TTXVN"),
        ("Quang cảnh hội nghị. (ảnh: TTXVN)", "Quang cảnh hội nghị.", "TTXVN"),
        ("Quang cảnh hội nghị. (Ảnh minh họa: TTXVN)", "Quang cảnh hội nghị. (Ảnh minh họa)", "TTXVN"),
        ("Quang cảnh hội nghị. (Ảnh minh hoạ)", "Quang cảnh hội nghị. (Ảnh minh hoạ)", None),
        ("Quang cảnh hội nghị. (Ảnh tư liệu: TTXVN)", "Quang cảnh hội nghị. (Ảnh tư liệu)", "TTXVN"),
        ("Quang cảnh hội nghị. Ảnh: Hoàng Yến/TTXVN", "Quang cảnh hội nghị.", "Hoàng Yến/TTXVN"),
        ("Ảnh minh họa", "Ảnh minh họa", None),
        ("(Ảnh: TTXVN)", None, "TTXVN"),
    ],
)
def test_photo_captions(line: str, caption: str | None, credit: str | None) -> None:
    copy = parse_wire(wire(*HEAD, "TTXVN - Sáng 12/3, hội nghị khai mạc.", line, "Đoạn cuối của bài."), "x")
    photos = [b for b in copy.blocks if isinstance(b, WirePhoto)]
    assert [(p.caption, p.credit) for p in photos] == [(caption, credit)]


@pytest.mark.parametrize(
    ("byline", "authors"),
    [
        ("Mai Anh", ["Mai Anh"]),
        ("Mai Anh - Quốc Dũng", ["Mai Anh", "Quốc Dũng"]),
        ("Mai Anh, Quốc Dũng và Thu Hà", ["Mai Anh", "Quốc Dũng", "Thu Hà"]),
        ("Mai Anh\nQuốc Dũng", ["Mai Anh", "Quốc Dũng"]),
        ("Bài và ảnh: Nguyễn Thị Lan", ["Nguyễn Thị Lan"]),
        ("Nguyễn Thị Lan (TTXVN)", ["Nguyễn Thị Lan"]),
        ("Nguyễn Thị Lan/TTXVN", ["Nguyễn Thị Lan"]),
        # Not a byline: kept as the last paragraph.
        ("Hội nghị kết thúc", []),
    ],
)
def test_bylines(byline: str, authors: list[str]) -> None:
    copy = parse_wire(wire(*HEAD, "TTXVN - Sáng 12/3, hội nghị khai mạc.", byline, "Tin liên quan"), "x")
    assert list(copy.authors) == authors
    if not authors:
        assert copy.blocks[-1] == Paragraph(byline, 9)


def test_subheadings_and_paragraphs() -> None:
    copy = parse_wire(
        wire(*HEAD, "TTXVN - Sáng 12/3, hội nghị khai mạc.", "Những con số đáng chú ý",
             "Số vụ tai nạn giảm 12%.", "* Còn nhiều việc phải làm.", "Các đại biểu đề xuất ba giải pháp."),
        "x",
    )
    kinds = [(type(b).__name__, b.text) for b in copy.blocks if not isinstance(b, WirePhoto)]
    assert kinds == [
        ("Paragraph", "TTXVN - Sáng 12/3, hội nghị khai mạc."),
        ("Subheading", "Những con số đáng chú ý"),
        ("Paragraph", "Số vụ tai nạn giảm 12%."),
        ("Subheading", "Còn nhiều việc phải làm."),
        ("Paragraph", "Các đại biểu đề xuất ba giải pháp."),
    ]


def test_navigation_is_dropped_but_no_text() -> None:
    copy = parse_wire(
        wire(*HEAD, "TTXVN - Sáng 12/3, hội nghị khai mạc.", "Xem thêm",
             "Đoạn này vẫn là của bài.", "Mai Anh", "Tin liên quan",
             "Hà Nội thông xe cầu vượt mới", "Xem thêm: Giao thông dịp Tết", "Chia sẻ"),
        "x",
    )
    texts = [b.text for b in copy.blocks if isinstance(b, Paragraph)]
    assert texts == ["TTXVN - Sáng 12/3, hội nghị khai mạc.", "Đoạn này vẫn là của bài."]
    assert copy.authors == ("Mai Anh",)


def test_a_link_inside_the_article_does_not_cut_off_what_follows() -> None:
    copy = parse_wire(
        wire("Phỏng vấn", "Bộ trưởng nói về cải cách thủ tục", "Phóng viên phỏng vấn Bộ trưởng đầu năm.",
             "- Thưa Bộ trưởng, năm qua ngành đã làm được gì?", "Xem thêm: Giá vàng hôm nay",
             "Chia sẻ: chúng tôi đã cắt giảm 200 thủ tục.", "Xin cảm ơn Bộ trưởng!", "PV"),
        "x",
    )
    assert [b.text for b in copy.blocks] == [
        "- Thưa Bộ trưởng, năm qua ngành đã làm được gì?",
        "Chia sẻ: chúng tôi đã cắt giảm 200 thủ tục.",
        "Xin cảm ơn Bộ trưởng!",
    ]
    assert copy.authors == ("PV",)


def test_tags_after_the_text_are_kept_and_related_headlines_dropped() -> None:
    copy = parse_wire(
        wire(*HEAD, "TTXVN - Chiều 2/1, giá lúa tăng 200 đồng/kg.", "Bài và ảnh: Thu Hà")
        + "Xem thêm: Giá vàng hôm nay\nGiá cà phê giảm\nTừ khóa: lúa gạo, giá cả\n",
        "x",
    )
    assert copy.tags == ("lúa gạo", "giá cả")
    assert copy.authors == ("Thu Hà",)
    assert [b.text for b in copy.blocks] == ["TTXVN - Chiều 2/1, giá lúa tăng 200 đồng/kg."]


def test_a_copy_without_a_section_starts_with_its_headline() -> None:
    copy = parse_wire(wire("Hà Nội mưa lớn", "Mưa lớn từ đêm qua làm nhiều tuyến phố ngập sâu.", "Đoạn hai."), "x")
    assert (copy.section, copy.headline, copy.lede) == (None, "Hà Nội mưa lớn", "Mưa lớn từ đêm qua làm nhiều tuyến phố ngập sâu.")


def test_lines_wrapped_in_mid_sentence_are_joined() -> None:
    copy = parse_wire("Thời sự\n\nHội nghị bàn về giao thông\n\nHội nghị diễn ra\ntrong hai ngày.\n\nĐoạn hai\nvà hết.\n", "x")
    assert copy.lede == "Hội nghị diễn ra trong hai ngày."
    assert copy.blocks == (Paragraph("Đoạn hai và hết.", 8),)


def test_markdown_characters_are_shown_as_written() -> None:
    texts = [
        "1975. Năm thống nhất đất nước.",
        "- Thưa ông, *vì sao* giá tăng?",
        "+ Một ý, # không phải tiêu đề, <b>không in đậm</b> và [không](phải liên kết).",
        "> Không phải trích dẫn, `không phải mã`, a_b_c, \\ và &amp; giữ nguyên.",
        "=== và --- không phải đường kẻ.",
    ]
    for text in texts:
        assert " ".join(rendered_text(escape_markdown(text)).split()) == text


def test_escaped_text_reaches_the_body() -> None:
    copy = parse_wire(wire(*HEAD, "TTXVN - Sáng 12/3, hội nghị khai mạc.", "- Thưa ông, *vì sao*?", "Hết."), "x")
    body = body_of(wire_to_article(copy, 2026, ZONE, (), today=TODAY))
    assert "\\- Thưa ông, \\*vì sao\\*?" in body


# --- names of the registries --------------------------------------------------------


def entry(kind: EntityKind, name: str, short: str | None = None, aliases: tuple[str, ...] = ()) -> RegistryEntry:
    return RegistryEntry(kind=kind, name=name, place=Place("r.yaml", 1), short=short, aliases=aliases)


REGISTRY = (
    entry(EntityKind.PERSON, "Nguyễn Thị Hòa"),
    entry(EntityKind.PERSON, "Trần Văn Ân", aliases=("đồng chí Trần Văn Ân",)),
    entry(EntityKind.ORGANISATION, "Thông tấn xã Việt Nam", short="TTXVN"),
    entry(EntityKind.ORGANISATION, "Ủy ban nhân dân tỉnh Lâm Đồng", short="UBND tỉnh Lâm Đồng"),
    entry(EntityKind.ORGANISATION, "Tỉnh ủy Lâm Đồng"),
    entry(EntityKind.ORGANISATION, "Ban Dân vận Tỉnh ủy Lâm Đồng"),
    entry(EntityKind.ORGANISATION, "Tổng công ty Licogi", short="LICO"),
)


@pytest.mark.parametrize(
    ("text", "people", "organisations"),
    [
        ("Bà Nguyễn Thị Hoà phát biểu.", ["Nguyễn Thị Hòa"], []),
        ("BÀ NGUYỄN THỊ HÒA PHÁT BIỂU.", ["Nguyễn Thị Hòa"], []),
        ("Bà Nguyễn Thị Hòa và ông Trần Văn Ân.", ["Nguyễn Thị Hòa", "Trần Văn Ân"], []),
        ("Theo Thông tấn xã Việt Nam và ttxvn, …", [], ["Thông tấn xã Việt Nam"]),
        ("UBND tỉnh Lâm Đồng họp.", [], ["Ủy ban nhân dân tỉnh Lâm Đồng"]),
        ("Ủy ban nhân dân tỉnh Lâm Đồng họp.", [], ["Ủy ban nhân dân tỉnh Lâm Đồng"]),
        ("Uỷ ban nhân dân tỉnh Lâm Đồng họp.", [], ["Ủy ban nhân dân tỉnh Lâm Đồng"]),
        ("Ban Dân vận Tỉnh ủy Lâm Đồng tổ chức hội nghị.", [], ["Ban Dân vận Tỉnh ủy Lâm Đồng"]),
        ("Ban Dân vận Tỉnh uỷ Lâm Đồng và Tỉnh ủy Lâm Đồng.", [], ["Ban Dân vận Tỉnh ủy Lâm Đồng", "Tỉnh ủy Lâm Đồng"]),
        # A short name inside a longer word, or a name cut short, is not a mention.
        ("Công ty LICOGI16 và TTXVNS không có trong sổ.", [], []),
        ("Bà Nguyễn Thị Hoa phát biểu.", [], []),
        ("Nguyễn Thị phát biểu.", [], []),
        # A name that runs on into a capitalised word is a longer name, another person.
        ("Bà Nguyễn Thị Hòa Bình phát biểu.", [], []),
        ("Bà Nguyễn Thị Hòa Bình và bà Nguyễn Thị Hòa.", ["Nguyễn Thị Hòa"], []),
        ("Ông Trần Văn Ân Khang, đồng chí Trần Văn Ân.", ["Trần Văn Ân"], []),
        ("Bà Nguyễn Thị Hòa\nBình minh lên.", ["Nguyễn Thị Hòa"], []),
        ("BÀ NGUYỄN THỊ HÒA BÌNH PHÁT BIỂU.", ["Nguyễn Thị Hòa"], []),
        ("Tỉnh ủy Lâm Đồng Mới chưa có.", [], []),
    ],
)
def test_registry_names_are_found_in_the_text(text: str, people: list[str], organisations: list[str]) -> None:
    assert find_entities([text], REGISTRY) == (people, organisations)


def test_names_are_listed_once_in_order_of_first_mention() -> None:
    texts = ["TTXVN đưa tin.", "Bà Nguyễn Thị Hòa, ông Trần Văn Ân.", "Đồng chí Trần Văn Ân và bà Nguyễn Thị Hoà."]
    assert find_entities(texts, REGISTRY) == (["Nguyễn Thị Hòa", "Trần Văn Ân"], ["Thông tấn xã Việt Nam"])


def test_the_agency_and_credits_are_not_mentions() -> None:
    copy = parse_wire(
        wire(*HEAD, "TTXVN - Sáng 12/3, hội nghị khai mạc.", "Quang cảnh. (Ảnh: Nguyễn Thị Hòa/TTXVN)",
             "Hết.", "Nguyễn Thị Hòa"),
        "x",
    )
    header = read_header(wire_to_article(copy, 2026, ZONE, REGISTRY, today=TODAY))
    assert "people" not in header and "organisations" not in header
    assert header["author"] == "Nguyễn Thị Hòa"


# --- not wire copy ----------------------------------------------------------------


def assert_not_wire(error: DvarchiveError, path: str, line: int | None, words: str) -> None:
    (diagnostic,) = error.diagnostics
    assert (diagnostic.path, diagnostic.line, diagnostic.level) == (path, line, Level.ERROR)
    assert diagnostic.message.startswith(NOT_WIRE)
    assert words in diagnostic.message


def test_a_markdown_article_is_not_wire_copy() -> None:
    text = (FIXTURES / "invalid-markdown.md").read_text(encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        parse_wire(text, "invalid-markdown.md")
    assert_not_wire(caught.value, "invalid-markdown.md", 1, "YAML")


def test_a_binary_file_is_not_wire_copy() -> None:
    with pytest.raises(ContentError) as caught:
        decode_wire((FIXTURES / "invalid-binary.png").read_bytes(), "invalid-binary.png")
    assert_not_wire(caught.value, "invalid-binary.png", 1, "UTF-8")


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("", None, "rỗng"),
        ("\ufeff \n\n\t\r\n", None, "rỗng"),
        ("Hà Nội khởi công cầu đi bộ qua sông Tô Lịch\n", 1, "một dòng"),
        ("\n\nHà Nội khởi công cầu đi bộ\n\n", 3, "một dòng"),
        ("# Tiêu đề\n\nĐoạn văn.\n", 1, "Markdown"),
        ("<html><body>\n<p>x</p>\n", 1, "HTML"),
        ('{"title": "x"}\n{"a": 1}\n', 1, "JSON"),
        ("Tiêu đề\n\nDòng\x00nhị phân.\n", 3, "điều khiển"),
        ("Thời sự\n\nTiêu đề\n\nMột dòng ngắn\n", 3, "đoạn văn"),
        (" ".join(["Một câu rất dài."] * 40) + "\n\nĐoạn hai.\n", 1, "tiêu đề"),
    ],
)
def test_other_text_is_not_wire_copy(text: str, line: int | None, words: str) -> None:
    with pytest.raises(ContentError) as caught:
        parse_wire(text, "-")
    assert_not_wire(caught.value, "-", line, words)


# --- writing ------------------------------------------------------------------------


def test_write_article_creates_the_file_and_never_overwrites_it(site: Path) -> None:
    article = import_fixture("standard.txt", site)
    path = write_article(site, article)
    assert path == site / "content/articles/2026/03/ha-noi-khoi-cong-cau-di-bo-qua-song-to-lich.md"
    assert path.read_text(encoding="utf-8") == article.text
    path.write_text("bài đã sửa", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        write_article(site, import_fixture("standard.txt", site))
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.path == article.path
    assert "không ghi đè" in diagnostic.message
    assert path.read_text(encoding="utf-8") == "bài đã sửa"


def test_import_needs_a_site(tmp_path: Path) -> None:
    with pytest.raises(DvarchiveError):
        import_wire((FIXTURES / "standard.txt").read_text(encoding="utf-8"), "a.txt", tmp_path, None, TODAY)


def test_a_broken_registry_stops_the_import(site: Path) -> None:
    (site / "content" / "people.yaml").write_text("- name: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        import_fixture("standard.txt", site)
    assert caught.value.diagnostics[0].path == "content/people.yaml"


def test_body_blocks_are_the_parsed_types() -> None:
    copy = parse_wire((FIXTURES / "photos-mid-body.txt").read_text(encoding="utf-8"), "p.txt")
    assert [type(b) for b in copy.blocks] == [
        Paragraph, WirePhoto, Subheading, Paragraph, WirePhoto, Paragraph, WirePhoto, Subheading, Paragraph
    ]
    assert copy.blocks[1] == WirePhoto(
        "Đoàn viên thanh niên trồng cây đước tại bãi triều xã Tịnh Khê.", "Phạm Cường/TTXVN, Đinh Hương/TTXVN", 9
    )
