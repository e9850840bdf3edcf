"""titles: the position a text gives a person, read into ``people: [{name, title}]`` by
``dvarchive import``, and the unregistered people ``dvarchive check`` proposes.

A wrong title written into a header is worse than none: the negatives
here matter as much as the positives.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dvarchive.core.frontmatter import load_yaml, split_header
from dvarchive.editors.importer import import_wire
from dvarchive.editors.titles import propose_people, title_of

STORIES = Path(__file__).parent / "fixtures" / "wire" / "titles"


def title_in(text: str, name: str) -> str | None:
    start = text.index(name)
    return title_of(text, start, start + len(name))


@pytest.mark.parametrize(
    ("text", "name", "title"),
    [
        # Before the name: a chain of positions, the clause's opening words left out.
        (
            "Phát biểu tại hội nghị, Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, Trưởng Ban Tổ chức Trung ương "
            "Hà Minh Khôi nhấn mạnh yêu cầu đổi mới.",
            "Hà Minh Khôi",
            "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, Trưởng Ban Tổ chức Trung ương",
        ),
        ("Theo Phó Thủ tướng Chính phủ Lã Văn Định, dự án cần xong trước mùa mưa.", "Lã Văn Định", "Phó Thủ tướng Chính phủ"),
        ("Đoàn công tác do Bộ trưởng Bộ Tài chính Ninh Quang Huy dẫn đầu.", "Ninh Quang Huy", "Bộ trưởng Bộ Tài chính"),
        ("Chủ tịch UBND tỉnh Lâm Đồng Vi Văn Sáng đề nghị các sở vào cuộc.", "Vi Văn Sáng", "Chủ tịch UBND tỉnh Lâm Đồng"),
        ("Chủ tịch UBND tỉnh Bà Rịa - Vũng Tàu Lò Văn Pánh dự lễ.", "Lò Văn Pánh", "Chủ tịch UBND tỉnh Bà Rịa - Vũng Tàu"),
        ("Đại sứ Việt Nam tại Nhật Bản Khúc Minh Trí trao quà.", "Khúc Minh Trí", "Đại sứ Việt Nam tại Nhật Bản"),
        ("Sách kể về cuộc đời của nguyên Chủ tịch nước Tống Văn Hải.", "Tống Văn Hải", "nguyên Chủ tịch nước"),
        # Ranks, degrees and forms of address are stepped over, never titles.
        ("Bộ trưởng Bộ Quốc phòng, Đại tướng Quan Văn Thịnh chủ trì.", "Quan Văn Thịnh", "Bộ trưởng Bộ Quốc phòng"),
        ("Thứ trưởng Bộ Quốc phòng Thượng tướng Hứa Đình Phong dự lễ.", "Hứa Đình Phong", "Thứ trưởng Bộ Quốc phòng"),
        ("Tham dự có Chủ tịch UBND tỉnh, ông Vi Văn Sáng.", "Vi Văn Sáng", "Chủ tịch UBND tỉnh"),
        # After the name, between commas; the comma of a ministry's name is no end.
        ("Hà Minh Khôi, Trưởng Ban Tổ chức Trung ương, cho biết hội nghị thành công.", "Hà Minh Khôi", "Trưởng Ban Tổ chức Trung ương"),
        (
            "Bà Lưu Thị Thúy, Giám đốc Sở Văn hóa, Thể thao và Du lịch, cho biết lễ hội kéo dài ba ngày.",
            "Lưu Thị Thúy",
            "Giám đốc Sở Văn hóa, Thể thao và Du lịch",
        ),
        ("PGS.TS Lạc Văn Hòa, Giám đốc Bệnh viện Đa khoa tỉnh, cho biết.", "Lạc Văn Hòa", "Giám đốc Bệnh viện Đa khoa tỉnh"),
        ("Thượng tướng Hứa Đình Phong, Thứ trưởng Bộ Quốc phòng, chỉ huy.", "Hứa Đình Phong", "Thứ trưởng Bộ Quốc phòng"),
        # Running on into the sentence: cut at the verb, kept only if what is left is a plain position.
        ("Ông Tạ Quốc Bảo, Chủ tịch UBND huyện Tam Đảo phát biểu tại lễ khởi công.", "Tạ Quốc Bảo", "Chủ tịch UBND huyện Tam Đảo"),
        ("Dự lễ có bà Bế Thị Lan, Phó Chủ tịch UBND tỉnh.", "Bế Thị Lan", "Phó Chủ tịch UBND tỉnh"),
        ("Ông Âu Văn Tùng, Chủ tịch UBND tỉnh cho biết, năm nay tỉnh tăng trưởng khá.", "Âu Văn Tùng", "Chủ tịch UBND tỉnh"),
        # Both sides.
        (
            "Phó Thủ tướng Bế Thị Lan, Trưởng Ban Chỉ đạo quốc gia về chuyển đổi số, nhấn mạnh yêu cầu an toàn.",
            "Bế Thị Lan",
            "Phó Thủ tướng, Trưởng Ban Chỉ đạo quốc gia về chuyển đổi số",
        ),
        # A list: each name keeps its own title.
        (
            "Dự lễ có ông Vi Văn Sáng, Chủ tịch UBND tỉnh, ông Lò Văn Pánh, Giám đốc Sở Y tế.",
            "Lò Văn Pánh",
            "Giám đốc Sở Y tế",
        ),
        ("Dự lễ có ông Vi Văn Sáng, Chủ tịch UBND tỉnh, ông Lò Văn Pánh, Giám đốc Sở Y tế.", "Vi Văn Sáng", "Chủ tịch UBND tỉnh"),
        ("Dự lễ có ông Vi Văn Sáng, Chủ tịch UBND tỉnh, Phó Chủ tịch Lò Văn Pánh.", "Lò Văn Pánh", "Phó Chủ tịch"),
    ],
)
def test_titles_are_read(text: str, name: str, title: str) -> None:
    assert title_in(text, name) == title


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # What follows the name is not a position.
        ("Bà Đinh Thị Yến, người dân phường Yên Hòa, cho biết mỗi sáng bà đi bộ.", "Đinh Thị Yến"),
        ("Theo ông Tạ Quốc Bảo, cầu dài 62 m, rộng 4 m.", "Tạ Quốc Bảo"),
        ("Anh Mạc Văn Tài, chủ trang trại cà phê, cho biết thu nhập tăng.", "Mạc Văn Tài"),
        ("Ông Phạm Quang Sang, Nghệ nhân ưu tú nhấn mạnh: “Làng nghề phải giữ nghề”.", "Phạm Quang Sang"),
        ("Bà Đinh Thị Yến, con gái ông Tống Văn Hải, xúc động chia sẻ.", "Đinh Thị Yến"),
        # A rank or a degree alone is no title.
        ("Thượng tướng Hứa Đình Phong kiểm tra công tác huấn luyện.", "Hứa Đình Phong"),
        ("PGS.TS Lạc Văn Hòa cho biết ca ghép đã thành công.", "Lạc Văn Hòa"),
        # Between dashes, or running on into a long clause: uncertain, so none.
        ("Ông Ninh Quang Huy - Tổng Biên tập nhà xuất bản - cho biết sách in 5.000 bản.", "Ninh Quang Huy"),
        ("Ông Ninh Quang Huy, Giám đốc Sở Y tế tổ chức lễ ra quân tiêm chủng cho trẻ em vùng cao.", "Ninh Quang Huy"),
        # The title before belongs to the name before it; a bare list of names has none.
        ("Dự lễ có ông Vi Văn Sáng, Chủ tịch UBND tỉnh, ông Lò Văn Pánh.", "Lò Văn Pánh"),
        ("Chủ tịch UBND tỉnh, Lò Văn Pánh và Vi Văn Sáng dự lễ.", "Lò Văn Pánh"),
        ("Phó Chủ tịch UBND tỉnh Vi Văn Sáng và Lò Văn Pánh dự lễ.", "Lò Văn Pánh"),
        # A position named in another sentence.
        ("Giám đốc Sở Y tế phát biểu. Ông Lò Văn Pánh cho biết thêm.", "Lò Văn Pánh"),
    ],
)
def test_no_title_where_none_is_certain(text: str, name: str) -> None:
    assert title_in(text, name) is None


# --- twelve invented wire stories, imported -------------------------------------------

# The people header each story must get: the title its text gives, where certain.
EXPECTED = {
    "01-hoi-nghi-to-chuc.txt": [
        {"name": "Hà Minh Khôi", "title": "Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, Trưởng Ban Tổ chức Trung ương"}
    ],
    # "Thúy" in the text, "Thuý" in the registry: one name.
    "02-thanh-hoa-lua-gao.txt": [{"name": "Lưu Thị Thuý", "title": "Phó Chủ tịch UBND tỉnh Thanh Hóa"}],
    "03-quoc-phong-dien-tap.txt": [
        {"name": "Quan Văn Thịnh", "title": "Bộ trưởng Bộ Quốc phòng"},
        {"name": "Hứa Đình Phong", "title": "Thứ trưởng Bộ Quốc phòng"},
    ],
    "04-benh-vien-ghep-tang.txt": [{"name": "Lạc Văn Hoà", "title": "Giám đốc Bệnh viện Đa khoa tỉnh"}],
    "05-lao-dong-viec-lam.txt": [{"name": "Âu Thị Ngân", "title": "Thứ trưởng Bộ Lao động, Thương binh và Xã hội"}],
    "06-tam-dao-tang-qua.txt": [{"name": "Tạ Quốc Bảo", "title": "Chủ tịch UBND huyện Tam Đảo"}],
    "07-dai-su-han-quoc.txt": [{"name": "Khúc Minh Trí", "title": "Đại sứ Việt Nam tại Hàn Quốc"}],
    "08-khanh-thanh-cau.txt": [
        {"name": "Vi Văn Sáng", "title": "Chủ tịch UBND tỉnh"},
        {"name": "Lò Văn Pánh", "title": "Giám đốc Sở Nông nghiệp và Môi trường"},
    ],
    "09-trang-trai-ca-phe.txt": ["Mạc Văn Tài"],
    "10-ha-tang-so.txt": [
        {"name": "Lã Văn Định", "title": "Phó Thủ tướng Chính phủ"},
        {"name": "Bế Thị Lan", "title": "Phó Thủ tướng, Trưởng Ban Chỉ đạo quốc gia về chuyển đổi số"},
    ],
    # Ninh Quang Huy's title stands between dashes: not read (a miss, not a mistake).
    "11-ky-niem-nguyen-chu-tich.txt": [{"name": "Tống Văn Hải", "title": "nguyên Chủ tịch nước"}, "Đinh Thị Yến", "Ninh Quang Huy"],
    "12-truong-hoc-moi.txt": ["Đinh Thị Yến", {"name": "Ninh Quang Huy", "title": "Hiệu trưởng Trường THCS Nam Từ Liêm"}],
}


@pytest.fixture
def titles_site(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "dvarchive.yaml").write_text("title: t\nbase_url: https://x.vn/\n", encoding="utf-8")
    (tmp_path / "content" / "people.yaml").write_text((STORIES / "people.yaml").read_text("utf-8"), encoding="utf-8")
    return tmp_path


def imported_people(name: str, site: Path) -> object:
    article = import_wire((STORIES / name).read_text("utf-8"), name, site, 2026, date(2026, 12, 20))
    header = load_yaml(split_header(article.text).header, first_line=2)
    assert isinstance(header, dict)
    return header.get("people")


def test_there_are_twelve_invented_stories() -> None:
    assert sorted(p.name for p in STORIES.glob("*.txt")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_an_invented_story_gets_its_titles(name: str, titles_site: Path) -> None:
    assert imported_people(name, titles_site) == EXPECTED[name]


def test_of_the_titles_the_stories_give_all_but_one_are_read_and_none_is_wrong(titles_site: Path) -> None:
    read = [p for name in EXPECTED for p in imported_people(name, titles_site) if isinstance(p, dict)]  # type: ignore[attr-defined]
    assert len(read) == 14  # of 15 people given a title; the one between dashes is left out


# --- people check proposes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "proposed"),
    [
        ("Bộ trưởng Bộ Tài chính Nguyễn Văn Thắng cho biết thu ngân sách tăng.", [("Nguyễn Văn Thắng", "Bộ trưởng Bộ Tài chính")]),
        ("Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Hiệp dự lễ.", [("Trần Văn Hiệp", "Chủ tịch UBND tỉnh Lâm Đồng")]),
        ("Ông Lê Văn Ba, Chủ tịch UBND xã Tà Nung, cho biết.", [("Lê Văn Ba", "Chủ tịch UBND xã Tà Nung")]),
        ("Giám đốc Sở, ông Phạm Cường cho biết.", [("Phạm Cường", "Giám đốc Sở")]),
        ("Thứ trưởng Nguyễn Thị Thanh Hương dự lễ.", [("Nguyễn Thị Thanh Hương", "Thứ trưởng")]),
        # Places, streets and companies named like people, or after them.
        ("Giám đốc Sở Y tế Hà Nội cho biết bệnh viện đã sẵn sàng.", []),
        ("Chủ tịch UBND thành phố Hồ Chí Minh phát biểu.", []),
        ("Chủ tịch UBND phường Trần Hưng Đạo kiểm tra công trình.", []),
        ("Giám đốc Công ty Phạm Gia cho biết đơn hàng tăng.", []),
        ("Bí thư Tỉnh ủy Cao Bằng dự lễ.", []),
        # No title: a name alone is not proposed.
        ("Ông Nguyễn Văn Thắng cho biết thu ngân sách tăng.", []),
        ("Nguyễn Văn Thắng và Lê Văn Ba dự lễ.", []),
    ],
)
def test_people_with_titles_are_proposed(text: str, proposed: list[tuple[str, str]]) -> None:
    assert [(p.name, p.title) for p in propose_people(text)] == proposed
