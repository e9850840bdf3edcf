"""Pathological input, bounded: a paste cannot stall a build, and no date import
writes is one the build refuses.

The sizes here took many seconds on the code before these bounds (10,000
nested list levels: 25–40 s, 50,000 open "[": 10–25 s); the tests check the
error, never the time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import article
from ._support import BuiltSite, run_cli

FIXTURES = Path(__file__).parent.parent / "fixtures" / "wire"
BODY_LINE = 5  # the blank line after an article()'s header of title and date


def test_ten_thousand_nested_list_levels_are_refused_unread(built: BuiltSite) -> None:
    # 100 MB of indents: refused by its size before it is read.
    body = "\n".join("  " * level + "- mục" for level in range(10_000))
    built.write("content/articles/2024/02/lists.md", article("Danh sách", "2024-02-01", body=body))
    built.fail("content/articles/2024/02/lists.md", None, "tệp bài quá lớn")


@pytest.mark.parametrize(
    "pasted",
    ["[" * 50_000 + "a", "[a " * 50_000, "[a](" * 50_000, "(" * 50_000, "[[a]] " * 5_000 + "\n\n" + "[b " * 1_000],
    ids=["nested-brackets", "unclosed-brackets", "unclosed-destinations", "parentheses", "many-paragraphs"],
)
def test_fifty_thousand_open_brackets_are_an_error_at_their_line(built: BuiltSite, pasted: str) -> None:
    body = "Mở đầu.\n\n" + pasted
    built.write("content/articles/2024/02/brackets.md", article("Ngoặc", "2024-02-01", body=body))
    built.fail("content/articles/2024/02/brackets.md", None, 'hơn 1.000 dấu "[" hoặc "("')
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    line = int(err.split("content/articles/2024/02/brackets.md:")[1].split(":")[0])
    assert line >= BODY_LINE + 3  # where the thousandth open bracket stands


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("Mở đầu.\n\n" + "\n".join("  " * level + "- mục" for level in range(30)), BODY_LINE + 3 + 9),
        ("> " * 10_000 + "trích", BODY_LINE + 1),
        ("- > " * 5_000 + "trích", BODY_LINE + 1),
    ],
    ids=["list-30-levels", "quote-10000-levels", "list-and-quote"],
)
def test_nesting_past_the_renderers_limit_is_an_error_not_lost_text(built: BuiltSite, body: str, line: int) -> None:
    """markdown-it leaves out what is nested too deep: the build said nothing and the text was gone."""
    built.write("content/articles/2024/02/deep.md", article("Lồng nhau", "2024-02-01", body=body))
    built.fail("content/articles/2024/02/deep.md", line, "lồng nhau quá sâu")


def test_what_news_needs_is_well_within_the_bounds(built: BuiltSite) -> None:
    body = "\n".join("  " * level + f"- mục {level}" for level in range(9))
    body += "\n\n" + " ".join(f"[liên kết {n}](https://example.vn/{n}) (ảnh [{n}])" for n in range(20_000))
    body += "\n\n" + "Một dấu [ lạc, một dấu ( lạc. " * 500
    built.write("content/articles/2024/02/ok.md", article("Bình thường", "2024-02-01", body=body))
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    page = (built.output / "2024" / "02" / "ok" / "index.html").read_text("utf-8")
    assert "mục 8" in page and "liên kết 19999" in page


# --- import --year ---------------------------------------------------------------------


@pytest.mark.parametrize("year", ["0", "-5", "1800", "1899", "2101", "99999"])
def test_an_implausible_import_year_is_an_error(built: BuiltSite, year: str) -> None:
    before = sorted(built.site.rglob("*.md"))
    code, _, err = run_cli(
        ["import", str(FIXTURES / "standard.txt"), "--site", str(built.site), f"--year={year}"], built.capsys
    )
    assert code == 1, err
    assert "Traceback" not in err
    assert f"error: --year {year}: năm của bản tin phải từ 1900 đến 2100" in err
    assert sorted(built.site.rglob("*.md")) == before


def test_a_dateline_year_outside_the_plausible_ones_is_an_error(built: BuiltSite, tmp_path: Path) -> None:
    copy = tmp_path / "cu.txt"
    copy.write_text((FIXTURES / "standard.txt").read_text("utf-8").replace("TTXVN - Sáng 12/3,", "TTXVN - Sáng 12/3/1800,"), "utf-8")
    code, _, err = run_cli(["import", str(copy), "--site", str(built.site)], built.capsys)
    assert code == 1 and "năm 1800 trong dòng tin" in err and "Traceback" not in err


@pytest.mark.parametrize("year", ["1900", "1906", "1911", "1912", "2100"])
def test_what_import_writes_the_build_reads(built: BuiltSite, year: str) -> None:
    """Before 1912 Hồ Chí Minh City's clock was local mean time, +07:06:30: import wrote
    a date the build refused."""
    code, out, err = run_cli(
        ["import", str(FIXTURES / "standard.txt"), "--site", str(built.site), f"--year={year}"], built.capsys
    )
    assert code == 0, err
    written = Path(out.strip().splitlines()[-1])
    assert f"date: {year}-03-12T08:00:00" in written.read_text("utf-8")
    code, _, err = run_cli(["build", str(built.site), "--drafts", "--future"], built.capsys)
    assert code == 0, err
    page = (built.output / year / "03" / written.stem / "index.html").read_text("utf-8")
    assert f'"{year}-03-12T08:00:00+07:' in page  # the same morning, in the site's zone


def test_an_offset_with_seconds_is_read(built: BuiltSite) -> None:
    built.write("content/articles/1900/03/lmt.md", article("Giờ địa phương", "1900-03-12T08:00:00+07:06:30"))
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    assert (built.output / "1900" / "03" / "lmt" / "index.html").is_file()
