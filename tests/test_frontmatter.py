"""frontmatter.py: decoding, the header split, YAML with line numbers."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from dvarchive.core.frontmatter import LineDict, LineList, YamlProblem, load_yaml, read_source, split_header

# ---- read_source ---------------------------------------------------------


def test_read_source_strips_bom(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeff---\ntitle: Tin\n---\n".encode())
    assert read_source(path).startswith("---\n")


def test_read_source_crlf_and_cr_become_lf(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("---\r\ntitle: Tin\r\n---\r\nThân bài\rdòng hai\r\n".encode())
    assert read_source(path) == "---\ntitle: Tin\n---\nThân bài\ndòng hai\n"


def test_read_source_normalises_to_nfc(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(unicodedata.normalize("NFD", "Nguyễn Thị Hòa").encode())
    text = read_source(path)
    assert text == "Nguyễn Thị Hòa"
    assert unicodedata.is_normalized("NFC", text)


def test_read_source_rejects_bad_utf8_with_line(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    # Windows-1258, as old newsroom tools save it.
    path.write_bytes("---\ntitle: Tin\n".encode() + b"H\xe0 N\xf4i\n")
    with pytest.raises(YamlProblem) as caught:
        read_source(path)
    assert caught.value.line == 3
    assert "UTF-8" in caught.value.message


# ---- split_header ----------------------------------------------------------


def test_split_header_parts_and_body_line() -> None:
    parts = split_header("---\ntitle: Tin\ndate: 2024-01-08\n---\n\nThân bài.\n")
    assert parts.header == "title: Tin\ndate: 2024-01-08"
    assert parts.body == "\nThân bài.\n"
    assert parts.body_line == 5


def test_split_header_accepts_yaml_document_end() -> None:
    parts = split_header("---\ntitle: Tin\n...\nThân bài.")
    assert parts.header == "title: Tin"
    assert parts.body == "Thân bài."


def test_split_header_body_may_contain_rules() -> None:
    parts = split_header("---\ntitle: Tin\n---\nĐoạn một.\n\n---\n\nĐoạn hai.")
    assert "Đoạn hai." in parts.body
    assert parts.header == "title: Tin"


def test_split_header_missing() -> None:
    with pytest.raises(YamlProblem) as caught:
        split_header("title: Tin\n\nThân bài.")
    assert caught.value.line == 1


@pytest.mark.parametrize(
    ("text", "header", "body", "body_line"),
    [
        ("---\n---\nThân.", "", "Thân.", 3),  # an empty header
        ("--- \ntitle: Tin\n---\t \nThân.", "title: Tin", "Thân.", 4),  # spaces after the rules
        ("---\ntitle: Tin\n---", "title: Tin", "", 4),  # no body, no last line end
        ("---\ntitle: Tin\n---\n", "title: Tin", "", 4),
        ("---\ntitle: Tin\n ---\n----\n---\nThân.", "title: Tin\n ---\n----", "Thân.", 6),  # only "---" alone ends it
        ("---\na: |\n  x\n\n...\n\nThân.\n", "a: |\n  x\n", "\nThân.\n", 6),
    ],
)
def test_split_header_finds_the_first_line_that_is_only_a_rule(text: str, header: str, body: str, body_line: int) -> None:
    parts = split_header(text)
    assert (parts.header, parts.body, parts.body_line) == (header, body, body_line)


def test_split_header_unterminated() -> None:
    with pytest.raises(YamlProblem) as caught:
        split_header("---\ntitle: Tin\nThân bài.")
    assert caught.value.line == 1
    assert "---" in caught.value.message


# ---- load_yaml -------------------------------------------------------------


def test_load_yaml_keeps_lines_of_keys_and_items() -> None:
    data = load_yaml("title: Tin\ntags:\n  - một\n  - hai\nphotos:\n  - src: a.jpg\n    caption: Ảnh\n", first_line=2)
    assert isinstance(data, LineDict)
    assert data.lines["title"] == 2
    assert data.lines["tags"] == 3
    assert isinstance(data["tags"], LineList)
    assert data["tags"].lines == [4, 5]
    photo = data["photos"][0]
    assert photo.lines == {"src": 7, "caption": 8}


def test_load_yaml_scalars_stay_strings() -> None:
    data = load_yaml("title: 1975\ndate: 2024-01-08\ndraft: yes\nratio: 1.5\nnull_value: ~\n")
    assert data == {"title": "1975", "date": "2024-01-08", "draft": "yes", "ratio": "1.5", "null_value": None}


def test_load_yaml_duplicate_key_names_both_lines() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml("title: Một\ndate: 2024-01-08\ntitle: Hai\n", first_line=2)
    assert caught.value.line == 4
    assert "title" in caught.value.message
    assert "2" in caught.value.message  # the line of the first one


def test_load_yaml_syntax_error_has_line() -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml('title: "Tin\ndate: 2024-01-08\nsection: [Thời sự\n', first_line=2)
    assert caught.value.line is not None and caught.value.line >= 2
    assert "YAML" in caught.value.message


# The slips editors make, the line they are told, and words of what to do.
_SLIPS = [
    ("title: Hà Nội: mưa lớn kéo dài\ndate: 2025-03-01\n", 1, "ngoặc kép"),
    ("title: Mưa\n\tdate: 2025-03-01\n", 2, "Tab"),
    ("title: Mưa\nsummary: \"Mưa lớn\ndate: 2025-03-01\n", 2, "chưa được đóng"),
    ("title: Mưa\ntags: [thời tiết, lũ\n", 3, "ngoặc vuông"),
    ("title: Mưa\n- lũ\n", 2, "“tên: giá trị”"),
    ("title: \"Mưa\" lớn\n", 1, "ngoặc đơn"),
    ("title: 'Nhà 'A' mới'\n", 1, "ngoặc đơn"),
    ("title: Mưa\nsummary: *lớn*\n", 2, "neo"),
    ("title: @mưa\n", 1, "ngoặc kép"),
    ('title: "C:\\Tin\\mua"\n', 1, "ngoặc đơn"),
    ("title: Mưa\nsummary: &nbsp\nx: &nbsp\n", 3, "neo"),
    ("title: a\ndate: b\npeople:\n  - A\n - B\n", 5, "thụt lề"),
]


@pytest.mark.parametrize(("document", "line", "advice"), _SLIPS)
def test_a_yaml_slip_is_told_in_vietnamese_at_its_line(document: str, line: int, advice: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(document)
    assert caught.value.line == line
    assert advice in caught.value.message
    assert not any(word in caught.value.message for word in ("found", "expected", "mapping", "scalar", "while")), caught.value.message


@pytest.mark.parametrize(
    "document",
    [
        "title: !!python/object:os.system {}\n",
        "title: !!python/object/apply:os.system ['echo pwned']\n",
        "title: !!python/name:os.system\n",
        "title: !custom x\n",
    ],
)
def test_load_yaml_rejects_tags(document: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(document)
    assert caught.value.line == 1
    assert "thẻ" in caught.value.message


def test_load_yaml_non_string_key() -> None:
    with pytest.raises(YamlProblem):
        load_yaml("? [a, b]\n: giá trị\n")


def test_load_yaml_empty_is_none() -> None:
    assert load_yaml("") is None
