"""Duplicate stories end to end: ``dvarchive import`` refusing a story already in the
archive (or twice in one import), ``--allow-duplicate``, and ``dvarchive check`` naming
the earlier article; and the people with titles ``check`` proposes.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dvarchive.cli import main
from dvarchive.core.errors import Level
from dvarchive.editors.check import check_site
from dvarchive.editors.proposals import MOST_PER_FILE
from dvarchive.editors.story_cache import STORE_FILE

from .conftest import SiteMaker, article, tree_snapshot

FIXTURES = Path(__file__).parent / "fixtures" / "wire"
STANDARD = "content/articles/2026/03/ha-noi-khoi-cong-cau-di-bo-qua-song-to-lich.md"
PEOPLE = "- name: Đỗ Quang Vinh\n"


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def archive(make_site: SiteMaker) -> Path:
    """A site holding the standard wire story, imported once."""
    site = make_site({"content/people.yaml": PEOPLE})
    assert main(["import", str(FIXTURES / "standard.txt"), "--site", str(site), "--year", "2026", "-q"]) == 0
    assert (site / STANDARD).is_file()
    return site


def line_of(path: Path, words: str) -> int:
    """The number of the first line of ``path`` holding ``words``."""
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if words in line)


def wire_copy(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- import ---------------------------------------------------------------------------


def test_importing_a_story_already_in_the_archive_is_refused(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = tree_snapshot(archive / "content")
    wire = str(FIXTURES / "standard.txt")
    code, out, err = run(["import", wire, "--site", str(archive), "--year", "2026"], capsys)
    assert code == 1 and out == ""
    assert f"{wire}:3: error: bản tin này đã có trong kho: {STANDARD}" in err
    assert "cùng tiêu đề, ngày 12/03/2026; thân bài giống 100%" in err and "--allow-duplicate" in err
    assert err.splitlines()[-1] == "dvarchive: 1 lỗi; không có gì được ghi."
    assert tree_snapshot(archive / "content") == before


def test_a_copy_dated_another_year_is_still_found_by_its_body(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["import", str(FIXTURES / "standard.txt"), "--site", str(archive), "--year", "2024"], capsys)
    assert code == 1 and f"đã có trong kho: {STANDARD} (thân bài giống 100%)" in err
    assert not (archive / "content/articles/2024").exists()


def test_the_same_headline_written_otherwise_the_same_day_is_the_same_story(
    archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Thời sự\n\nHÀ NỘI: KHỞI CÔNG CẦU ĐI BỘ QUA SÔNG TÔ LỊCH!\n\n"
        "TTXVN - Chiều 12/3, quận Cầu Giấy đã động thổ một cây cầu cho người đi bộ.\n\nHà Phương\n"
    )
    code, _, err = run(["import", wire_copy(tmp_path, "ban-tin.txt", text), "--site", str(archive), "--year", "2026"], capsys)
    assert code == 1 and f"đã có trong kho: {STANDARD} (cùng tiêu đề, ngày 12/03/2026)" in err


def test_allow_duplicate_writes_it_under_a_slug_of_its_own(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wire = str(FIXTURES / "standard.txt")
    code, out, err = run(["import", wire, "--site", str(archive), "--year", "2026", "--allow-duplicate"], capsys)
    copy = STANDARD.replace(".md", "-2.md")
    assert code == 0 and out.strip() == str(archive / copy)
    assert f"{wire}:3: warning: bản tin này đã có trong kho: {STANDARD}" in err
    text = (archive / copy).read_text("utf-8")
    assert "slug: ha-noi-khoi-cong-cau-di-bo-qua-song-to-lich-2\n" in text
    assert "photos/2026/03/ha-noi-khoi-cong-cau-di-bo-qua-song-to-lich-2-1.jpg" in text
    # check then names the earlier file on the copy.
    warnings = [d for d in check_site(archive) if "cùng một tin" in d.message]
    assert [(d.path, d.line, d.level) for d in warnings] == [(copy, line_of(archive / copy, "title:"), Level.WARNING)]
    assert warnings[0].message.startswith(f"cùng một tin với {STANDARD} (cùng tiêu đề, ngày 12/03/2026; thân bài giống 100%)")


def test_stdout_writes_nothing_so_it_only_warns(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["import", str(FIXTURES / "standard.txt"), "--site", str(archive), "--year", "2026", "--stdout"], capsys)
    assert code == 0 and out.startswith("---\ntitle: Hà Nội khởi công")
    assert ": warning: bản tin này đã có trong kho:" in err


def test_two_copies_of_one_story_in_one_import(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({})
    first = str(FIXTURES / "no-photos.txt")
    second = wire_copy(tmp_path, "ban-sua.txt", (FIXTURES / "no-photos.txt").read_text("utf-8").replace("1,2 tỷ USD", "1,25 tỷ USD"))
    other = str(FIXTURES / "crlf.txt")
    code, out, err = run(["import", first, other, second, "--site", str(site), "--year", "2025"], capsys)
    assert code == 1 and out == ""
    assert f"{second}:3: error: bản tin này trùng với {first} trong cùng lần nhập (cùng tiêu đề, ngày 05/11/2025;" in err
    assert not (site / "content" / "articles").exists()
    # Without the copy, both are written, one path a line.
    code, out, _ = run(["import", first, other, "--site", str(site), "--year", "2025", "-q"], capsys)
    assert code == 0 and len(out.splitlines()) == 2 and all(Path(line).is_file() for line in out.splitlines())


def test_a_story_rewritten_in_the_archive_is_no_longer_a_copy(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The kept sketch of an edited file is made again: its stamp changed.
    path = archive / STANDARD
    assert (archive / ".dvarchive-cache" / STORE_FILE).is_file()
    path.write_text(article("Quận Cầu Giấy mở thêm bãi đỗ xe", "2026-01-05", "Bãi đỗ xe mới có 120 chỗ."), "utf-8")
    code, out, err = run(["import", str(FIXTURES / "standard.txt"), "--site", str(archive), "--year", "2026", "-q"], capsys)
    assert code == 1 and out == ""
    assert f"{STANDARD}: error: đã có tệp này" in err and "đã có trong kho" not in err  # the file name is taken, that is all
    path.rename(archive / "content/articles/2026/03/bai-do-xe.md")
    code, out, err = run(["import", str(FIXTURES / "standard.txt"), "--site", str(archive), "--year", "2026"], capsys)
    assert code == 0 and "trùng" not in err and "đã có trong kho" not in err


def test_without_a_usable_cache_folder_import_still_compares(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.rmtree(archive / ".dvarchive-cache")
    (archive / ".dvarchive-cache").write_text("không phải thư mục", "utf-8")
    code, _, err = run(["import", str(FIXTURES / "standard.txt"), "--site", str(archive), "--year", "2026"], capsys)
    assert code == 1 and f"đã có trong kho: {STANDARD}" in err


# --- check ----------------------------------------------------------------------------

BODY = (
    "Sáng 14/4, UBND huyện Đức Trọng phối hợp với ngành điện đóng điện trạm biến áp thứ 12 cho các buôn đồng bào "
    "dân tộc thiểu số. Trạm mới có công suất 250 kVA, cấp điện cho 186 hộ dân ở buôn Klong Trang và buôn Bơ Nơ. "
    "Trước đây, các hộ phải kéo dây từ lưới điện cách xa hơn hai cây số, điện yếu và thường xuyên mất vào mùa mưa.\n\n"
    "Theo kế hoạch, đến cuối năm huyện sẽ đóng điện thêm năm trạm biến áp ở các xã vùng sâu với tổng vốn 38 tỷ đồng."
)


def test_check_names_the_earlier_article_on_the_copy(make_site: SiteMaker) -> None:
    site = make_site(
        {
            "content/articles/2026/04/dong-dien.md": article("Đức Trọng đóng điện trạm biến áp cho buôn vùng sâu", "2026-04-14", BODY),
            "content/articles/2026/05/ban-sao.md": article(
                "Buôn vùng sâu có điện lưới", "2026-05-02", BODY.replace("hơn hai cây số", "gần ba cây số"), draft=True
            ),
            # A recurring headline days apart, on another text: not a copy.
            "content/articles/2026/04/gia-vang.md": article("Giá vàng trong nước hôm nay tiếp tục tăng", "2026-04-01", "Vàng tăng 200.000 đồng."),
            "content/articles/2026/04/gia-vang-2.md": article("Giá vàng trong nước hôm nay tiếp tục tăng", "2026-04-20", "Vàng tăng 500.000 đồng."),
        }
    )
    found = [d for d in check_site(site) if "cùng một tin" in d.message]
    copy = "content/articles/2026/05/ban-sao.md"
    assert [(d.path, d.line, d.level) for d in found] == [(copy, line_of(site / copy, "Sáng 14/4"), Level.WARNING)]
    assert found[0].message.startswith("cùng một tin với content/articles/2026/04/dong-dien.md (thân bài giống 9")
    assert (site / ".dvarchive-cache" / STORE_FILE).is_file()
    # Run again from what was kept: the same answer.
    assert [d for d in check_site(site) if "cùng một tin" in d.message] == found


def test_check_proposes_people_with_titles_no_registry_knows(make_site: SiteMaker) -> None:
    body = (
        "Bộ trưởng Bộ Tài chính Nguyễn Văn Thắng cho biết thu ngân sách tăng.\n\n"
        "Ông Lê Văn Ba, Chủ tịch UBND xã Tà Nung, cho biết thêm. Ông Lê Văn Ba nói tiếp.\n\n"
        "Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Hiệp dự lễ cùng Giám đốc Sở Y tế Hà Nội."
    )
    site = make_site(
        {
            "content/people.yaml": "- name: Trần Văn Hiệp\n",
            "content/articles/a.md": article("Hội nghị ngân sách", "2026-01-08", body, people=["Lê Văn Ba"]),
        }
    )
    found = [(d.line, d.level, d.message) for d in check_site(site) if "có vẻ là tên người" in d.message]
    assert found == [
        (
            line_of(site / "content/articles/a.md", "Nguyễn Văn Thắng"),
            Level.SUGGESTION,
            'có vẻ là tên người: "Nguyễn Văn Thắng" (Bộ trưởng Bộ Tài chính) chưa có trong content/people.yaml '
            "và phần đầu không ghi: thêm vào people?",
        )
    ]
    # The registered one the header leaves out is suggested with the title the text gives.
    missing = [d.message for d in check_site(site) if "Trần Văn Hiệp" in d.message]
    assert missing == ['bài nhắc đến "Trần Văn Hiệp" (Trần Văn Hiệp) nhưng phần đầu không ghi: thêm vào people, '
                       'với title: "Chủ tịch UBND tỉnh Lâm Đồng"?']


def test_proposals_stop_at_a_few_a_file_and_say_how_many_more(make_site: SiteMaker) -> None:
    names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang", "Đỗ Văn Hùng"]
    body = "\n\n".join(f"Giám đốc Sở Tài chính {name} phát biểu." for name in names)
    site = make_site({"content/articles/a.md": article("Hội nghị các sở", "2026-01-08", body)})
    found = [d.message for d in check_site(site) if d.level is Level.SUGGESTION]
    assert len(found) == MOST_PER_FILE + 1
    assert found[-1] == "và 2 người khác có chức danh trong bài mà content/people.yaml chưa có"


def test_a_damaged_cache_file_is_made_again(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = archive / ".dvarchive-cache" / STORE_FILE
    store.write_bytes("tệp hỏng".encode() * 100)
    code, _, err = run(["import", str(FIXTURES / "standard.txt"), "--site", str(archive), "--year", "2026"], capsys)
    assert code == 1 and f"đã có trong kho: {STANDARD}" in err
    assert store.read_bytes().startswith(b"SQLite format 3\x00")


def test_check_after_import_reads_the_people_import_did_not(archive: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # import keeps the stories it reads, not the people: check reads those itself.
    code, out, _ = run(["import", str(FIXTURES / "no-photos.txt"), "--site", str(archive), "--year", "2025", "-q"], capsys)
    assert code == 0
    source = Path(out.strip()).relative_to(archive).as_posix()
    found = [(d.path, d.message) for d in check_site(archive) if "có vẻ là tên người" in d.message]
    assert found == [
        (
            source,
            'có vẻ là tên người: "Trịnh Văn Lực" (Phó Giám đốc Sở Công Thương) chưa có trong content/people.yaml '
            "và phần đầu không ghi: thêm vào people?",
        )
    ]
