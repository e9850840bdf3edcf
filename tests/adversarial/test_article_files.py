"""Hostile or broken article files: YAML tricks, wrong types, bad bytes, huge files.

Every error case starts from a good site built once, breaks one file, and
checks that ``dvarchive build`` exits 1 naming the file (and line), prints
no traceback and leaves the last output byte for byte.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ..conftest import article, page_file
from ._support import BuiltSite, assert_reported, header_file, run_cli

BAD = "content/articles/2024/01/hong.md"


def pwn(marker: Path) -> list[str]:
    """YAML tags that would run a command creating ``marker`` if they were ever constructed."""
    command = f"touch {marker}"
    return [
        f'!!python/object/apply:os.system ["{command}"]',
        f'!!python/object/new:os.system ["{command}"]',
        f'!!python/object/apply:subprocess.check_output [["touch", "{marker}"]]',
        "!!python/name:os.system",
        f'!<tag:yaml.org,2002:python/object/apply:os.system> ["{command}"]',
    ]


@pytest.mark.parametrize("index", range(5))
def test_python_tags_in_a_header_never_run(built: BuiltSite, tmp_path: Path, index: int) -> None:
    marker = tmp_path / "pwned"
    tag = pwn(marker)[index]
    built.write(BAD, header_file(f"title: {tag}\ndate: 2024-01-10\n"))
    built.fail(BAD, 2)
    assert not marker.exists(), "a YAML tag ran a command"


def test_python_tags_in_config_and_registries_never_run(built: BuiltSite, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    tag = pwn(marker)[0]
    built.write("content/people.yaml", f"- name: Đỗ Quang Vinh\n  description: {tag}\n")
    built.fail("content/people.yaml", 2)
    assert not marker.exists()
    built.write("content/people.yaml", "- name: Đỗ Quang Vinh\n")
    config = (built.site / "dvarchive.yaml").read_text("utf-8")
    built.write("dvarchive.yaml", config + f"language: {tag}\n")
    built.fail("dvarchive.yaml", 4)
    assert not marker.exists()


def billion_laughs(last_key: str) -> str:
    rows = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, key in zip("abcdefgh", "bcdefghi"):
        rows.append(f"{key}: &{key} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(rows) + f"\n{last_key}: *i\n"


@pytest.mark.parametrize("field", ["title", "tags", "people", "summary"])
def test_alias_bomb_in_a_header(built: BuiltSite, field: str) -> None:
    header = billion_laughs(field)
    if field != "title":
        header = "title: Bom\ndate: 2024-01-10\n" + header
    built.write(BAD, header_file(header))
    started = time.monotonic()
    built.fail(BAD)
    assert time.monotonic() - started < 20


def test_alias_bomb_in_a_registry_and_config(built: BuiltSite) -> None:
    built.write("content/organisations.yaml", "- name: Bom\n" + "".join(f"  {row}\n" for row in billion_laughs("aliases").splitlines()))
    built.fail("content/organisations.yaml")
    built.write("content/organisations.yaml", "- name: Thông tấn xã Việt Nam\n")
    config = (built.site / "dvarchive.yaml").read_text("utf-8")
    built.write("dvarchive.yaml", config + billion_laughs("description"))
    built.fail("dvarchive.yaml")


def test_deeply_nested_yaml(built: BuiltSite) -> None:
    built.write(BAD, header_file("title: " + "[" * 20000 + "]" * 20000 + "\ndate: 2024-01-10\n"))
    built.fail(BAD)


def test_duplicate_keys(built: BuiltSite) -> None:
    built.write(BAD, header_file("title: Một\ndate: 2024-01-10\nsection: Thời sự\ntitle: Hai\n"))
    built.fail(BAD, 5)


@pytest.mark.parametrize(
    "header",
    ["- title: Một\n- date: 2024-01-10\n", "chỉ là một dòng chữ\n", "'title: Một'\n", "42\n", "", "~\n", "[title, date]\n"],
    ids=["list", "scalar", "quoted", "number", "empty", "null", "flow-list"],
)
def test_header_that_is_not_a_mapping(built: BuiltSite, header: str) -> None:
    built.write(BAD, header_file(header))
    built.fail(BAD, 2)


@pytest.mark.parametrize(
    ("header", "line"),
    [
        ("title: [a, b]\ndate: 2024-01-10\n", 2),
        ("title: {x: 1}\ndate: 2024-01-10\n", 2),
        ("title: Một\ndate: {x: 1}\n", 3),
        ("title: Một\ndate: [2024-01-10]\n", 3),
        ("title: Một\ndate: 2024-01-10\npeople: 5\n", 4),
        ("title: Một\ndate: 2024-01-10\npeople:\n  - [a, b]\n", 5),
        ("title: Một\ndate: 2024-01-10\ndraft: maybe\n", 4),
        ('title: Một\ndate: 2024-01-10\ndraft: "maybe"\n', 4),
        ("title: Một\ndate: 2024-01-10\ntags: {a: 1}\n", 4),
        ("title: Một\ndate: 2024-01-10\ntags:\n  - {a: 1}\n", 5),
        ("title: Một\ndate: 2024-01-10\nauthor: {name: A}\n", 4),
        ("title: Một\ndate: 2024-01-10\nsummary: [a]\n", 4),
        ("title: Một\ndate: 2024-01-10\nslug: [a]\n", 4),
        ("title: Một\ndate: 2024-01-10\ncorrections: yes\n", 4),
        ("title: Một\ndate: 2024-01-10\ncorrections:\n  - ngày nào đó\n", 5),
        ("title: Một\ndate: 2024-01-10\ncorrections:\n  - date: 2024-01-11\n", 5),
        ("title: Một\ndate: 2024-01-10\nupdated: ngày mai\n", 4),
        ("title: Một\ndate: 2024-02-30\n", 3),
        ("title: Một\ndate: 2024-01-10T25:00\n", 3),
        ("title: Một\ndate: 2024-01-10T08:00+25:00\n", 3),
        ("title: Một\ndate: 0001-01-01T00:00:00+14:00\n", 3),
        ("title: Một\ndate: 9999-12-31T23:00:00-12:00\n", 3),
        ("title: Một\ndate: 2024-01-10\npeple: [A]\n", 4),
        ("date: 2024-01-10\n", None),
        ("title: Một\n", None),
        ("title: '   '\ndate: 2024-01-10\n", 2),
    ],
)
def test_wrong_types(built: BuiltSite, header: str, line: int | None) -> None:
    built.write(BAD, header_file(header))
    built.fail(BAD, line)


@pytest.mark.parametrize(("written", "iso"), [("8/1/2024", "2024-01-08"), ("08/01/2024", "2024-01-08"), ("8.1.2024", "2024-01-08"), ("31/12/24", "2024-12-31")])
def test_ambiguous_date_suggests_iso(built: BuiltSite, written: str, iso: str) -> None:
    built.write(BAD, header_file(f"title: Một\ndate: {written}\n"))
    built.fail(BAD, 3, contains=iso)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"", 1),
        (b"\xef\xbb\xbf", 1),
        (b"\n\n\n", 1),
        ("Chỉ có nội dung, không có phần đầu.\n".encode(), 1),
        ("title: Một\ndate: 2024-01-10\n\nNội dung.\n".encode(), 1),
        ("---\ntitle: Một\ndate: 2024-01-10\n\nNội dung không có dòng kết thúc phần đầu.\n".encode(), 1),
        ("---\ntitle: Một\ndate: 2024-01-10\n".encode(), 1),
        (b"---", 1),
    ],
    ids=["empty", "bom-only", "blank-lines", "no-header", "header-without-dashes", "unclosed", "unclosed-no-body", "dashes-only"],
)
def test_missing_or_unclosed_header(built: BuiltSite, content: bytes, line: int) -> None:
    built.write(BAD, content)
    built.fail(BAD, line)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        (b"---\ntitle: M\xe1\xbb\x99t\ndate: 2024-01-10\nsection: Th\xff\n---\n\nN\n", 4),
        (b"---\ntitle: Mot\ndate: 2024-01-10\n---\n\nDong mot.\n\nDong \xc3\x28 hai.\n", 8),
        ("---\ntitle: Một\ndate: 2024-01-10\n---\n\n".encode("utf-16"), 1),
        ("---\ntitle: Café à Hà Nôi\ndate: 2024-01-10\n---\n\nNội dung.\n".encode("latin-1", errors="replace"), 2),
    ],
    ids=["header", "body", "utf-16", "latin-1"],
)
def test_invalid_utf8(built: BuiltSite, content: bytes, line: int) -> None:
    built.write(BAD, content)
    built.fail(BAD, line)


def test_nul_byte_in_the_header(built: BuiltSite) -> None:
    built.write(BAD, b"---\ntitle: M\x00t\ndate: 2024-01-10\n---\n\nN\n")
    built.fail(BAD, 2)


def test_nul_byte_in_the_body(built: BuiltSite) -> None:
    """Builds (NUL is not text: it never reaches a page), or a clear error naming the file."""
    built.write(BAD, b"---\ntitle: Mot\ndate: 2024-01-10\n---\n\nDong\x00 mot.\n")
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert "Traceback" not in err
    if code == 1:
        assert BAD in err
        built.assert_intact()
        return
    assert code == 0, err
    leaked = [p for p in built.output.rglob("*") if p.is_file() and p.suffix in (".html", ".xml") and b"\x00" in p.read_bytes()]
    assert not leaked


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("---\ntitle: Một\n\ufeffdate: 2024-01-10\n---\n\nNội dung.\n", 3),
        ("---\ntitle: Một\ndate: 2024-01-10\n\ufeff---\n\nNội dung.\n", 1),
    ],
    ids=["header-line", "closing-dashes"],
)
def test_bom_in_the_middle_of_the_header(built: BuiltSite, content: str, line: int) -> None:
    """A BOM inside the header is reported at its line (or the header is read as if it were not there)."""
    built.write(BAD, content)
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert "Traceback" not in err
    if code == 0:  # read as if the BOM were not there
        assert page_file(built.output, "/2024/01/hong/").is_file()
        return
    assert code == 1
    assert_reported(err, BAD, line)
    built.assert_intact()


def test_bom_in_the_middle_of_the_body_builds(built: BuiltSite) -> None:
    built.write(BAD, "\ufeff---\ntitle: Một\ndate: 2024-01-10\n---\n\nĐoạn một.\n\n\ufeffĐoạn hai.\n\ufeff\n")
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    assert "Đoạn hai." in page_file(built.output, "/2024/01/hong/").read_text("utf-8")


def test_two_errors_in_two_files_are_both_reported(built: BuiltSite) -> None:
    built.write(BAD, header_file("title: Một\ndate: 8/1/2024\n"))
    built.write("content/articles/2024/01/hong-2.md", header_file("title: [a]\ndate: 2024-01-10\n"))
    built.fail(BAD, 3)
    built.fail("content/articles/2024/01/hong-2.md", 2)


def test_ten_megabyte_article_builds(built: BuiltSite) -> None:
    paragraph = (
        "Đây là một đoạn văn tiếng Việt khá dài về công tác dân vận ở cơ sở, có **chữ đậm**, "
        "[một liên kết](https://example.com) và `mã`. "
    ) * 8
    body = "\n\n".join([paragraph] * (10 * 1024 * 1024 // len(paragraph.encode()) + 1))
    built.write(BAD, article("Bài rất dài", "2024-01-10", body=body))
    assert (built.site / BAD).stat().st_size >= 10 * 1024 * 1024
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert code == 0, err
    page = page_file(built.output, "/2024/01/hong/")
    assert page.stat().st_size > 10 * 1024 * 1024
    # Every link of the body is on the page (the lede repeats a few in the page's head).
    assert page.read_text("utf-8").count('<a href="https://example.com">một liên kết</a>') == body.count("[một liên kết]")


def test_hundred_thousand_character_title(built: BuiltSite) -> None:
    """Builds, or a clear error naming the file and the title's line; never a crash."""
    title = ("Tiêu đề rất dài " * 7000)[:100_000].strip()
    built.write(BAD, article(title, "2024-01-10"))
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert "Traceback" not in err
    if code == 0:
        pages = [p for p in (built.output / "2024/01").iterdir() if p.name == "hong"]
        assert len(pages) == 1 and (pages[0] / "index.html").is_file()
        return
    assert code == 1, err[:2000]
    reported = [row for row in err.splitlines() if row.startswith(f"{BAD}:2: error: ")]
    assert reported, f"no '{BAD}:2: error: …' in stderr:\n{err[:2000]}"
    built.assert_intact()
