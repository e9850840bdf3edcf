"""Broken registries and a broken dvarchive.yaml: exit 1, the file and line, the last output intact."""

from __future__ import annotations

import pytest

from ._support import BuiltSite, assert_nothing_executable, assert_reported, dump, run_cli

PEOPLE = "content/people.yaml"
ORGANISATIONS = "content/organisations.yaml"
HEAD = "title: Lưu trữ\nbase_url: https://tin.example.vn/\n"  # lines 1 and 2; what a case adds starts at 3


@pytest.mark.parametrize("registry", [PEOPLE, ORGANISATIONS])
@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("name: Đỗ Quang Vinh\n", 1),
        ("Đỗ Quang Vinh\n", 1),
        ("42\n", 1),
        ("{}\n", 1),
        ("- Đỗ Quang Vinh\n", 1),
        ("- name: Một\n- [a, b]\n", 2),
        ("- name: Một\n- 42\n", 2),
        ("- description: Không có tên.\n", 1),
        ("- name: Một\n- name: ''\n", 2),
        ("- name: Một\n- name: [a, b]\n", 2),
        ("- name: Một\n- name: {x: 1}\n", 2),
        ("- name: Một\n  description: [chưa đóng\n", 3),
        ("- name: Một\n\tdescription: tab\n", 2),
        ("- name: Một\n  name: Hai\n", 2),
        ("- name: Một\n  slug: ../../etc\n", 2),
        ("- name: Một\n  aliases: {a: 1}\n", 2),
        ("- name: Một\n  descripton: lỗi chính tả\n", 2),
        ("- name: Một\n  description: ok\n- name: Hai\n  aliases: [Một]\n", 3),
    ],
    ids=[
        "mapping", "scalar", "number", "empty-mapping", "string-entry", "list-entry", "number-entry", "missing-name",
        "blank-name", "list-name", "mapping-name", "bad-yaml", "tab", "duplicate-key", "bad-slug", "bad-aliases",
        "unknown-key", "alias-of-another",
    ],
)
def test_broken_registry(built: BuiltSite, registry: str, content: str, line: int) -> None:
    built.write(registry, content)
    built.fail(registry, line)


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("- name: Một\n  roles:\n    - title: Chủ tịch\n      from: 8/1/2024\n", 4),
        ("- name: Một\n  roles: Chủ tịch\n", 2),
        ("- name: Một\n  roles:\n    - from: 2024-01-08\n", 3),
    ],
    ids=["ambiguous-date", "roles-not-a-list", "role-without-title"],
)
def test_broken_roles(built: BuiltSite, content: str, line: int) -> None:
    built.write(PEOPLE, content)
    built.fail(PEOPLE, line)


def test_invalid_utf8_registry(built: BuiltSite) -> None:
    built.write(PEOPLE, b"- name: M\xe1\xbb\x99t\n- name: Hai \xff\n")
    built.fail(PEOPLE, 2)


def test_missing_config(built: BuiltSite) -> None:
    (built.site / "dvarchive.yaml").unlink()
    built.fail("dvarchive.yaml")


def test_config_is_a_folder(built: BuiltSite) -> None:
    (built.site / "dvarchive.yaml").unlink()
    (built.site / "dvarchive.yaml").mkdir()
    built.fail("dvarchive.yaml")


@pytest.mark.parametrize(
    ("content", "line"),
    [
        ("- title: Lưu trữ\n- base_url: https://tin.example.vn/\n", 1),
        ("Lưu trữ\n", 1),
        ("", 1),
        ("base_url: https://tin.example.vn/\n", 1),
        ("title: Lưu trữ\n", 1),
        ("title: ''\nbase_url: https://tin.example.vn/\n", 1),
        ("title: [a, b]\nbase_url: https://tin.example.vn/\n", 1),
        ("title: Lưu trữ\nbase_url: /tin/\n", 2),
        ("title: Lưu trữ\nbase_url: javascript:alert(1)\n", 2),
        ("title: Lưu trữ\nbase_url: tin.example.vn\n", 2),
        (HEAD + "timezone: Asia/Hanoi\n", 3),
        (HEAD + "timezone: ../../../etc/passwd\n", 3),
        (HEAD + "timezone: UTC+7\n", 3),
        (HEAD + "per_page: 0\n", 3),
        (HEAD + "per_page: -5\n", 3),
        (HEAD + "per_page: mười\n", 3),
        (HEAD + "per_page: 2.5\n", 3),
        (HEAD + "per_page: [10]\n", 3),
        (HEAD + "feed_items: 0\n", 3),
        (HEAD + "allow_html: maybe\n", 3),
        (HEAD + "people_sort: surname\n", 3),
        (HEAD + "language: [vi]\n", 3),
        (HEAD + "urls:\n  people: nhân vật\n", 4),
        (HEAD + "urls:\n  peopl: nguoi\n", 4),
        (HEAD + "urls: nhan-vat\n", 3),
        (HEAD + "titel: Lưu trữ\n", 3),
        (HEAD + "outptu: build\n", 3),
        (HEAD + "description: [chưa đóng\n", 4),
        (HEAD + "title: Hai\n", 3),
    ],
    ids=[
        "list", "scalar", "empty", "missing-title", "missing-base-url", "blank-title", "list-title",
        "relative-base-url", "javascript-base-url", "schemeless-base-url", "bad-timezone", "path-timezone",
        "offset-timezone", "per-page-zero", "per-page-negative", "per-page-word",
        "per-page-float", "per-page-list", "feed-items-zero", "allow-html-maybe", "people-sort", "language-list",
        "url-word-with-space", "unknown-url-key", "urls-not-a-mapping", "unknown-key", "unknown-key-output",
        "bad-yaml", "duplicate-key",
    ],
)
def test_broken_config(built: BuiltSite, content: str, line: int) -> None:
    built.write("dvarchive.yaml", content)
    built.fail("dvarchive.yaml", line)


def test_every_config_problem_is_reported_at_once(built: BuiltSite) -> None:
    built.write("dvarchive.yaml", "title: Lưu trữ\nbase_url: /tin/\ntimezone: Mars/Olympus\nper_page: 0\npeple: x\n")
    for line in (2, 3, 4, 5):
        built.fail("dvarchive.yaml", line)


@pytest.mark.parametrize("language", ['"><script>alert(1)</script>', "tiếng việt", "vi_VN@@@", "x" * 300])
def test_odd_language_is_an_error_or_harmless(built: BuiltSite, language: str) -> None:
    """``language`` names a locale (A–Z order, Pagefind): a bad one is an error at its line, never a crash."""
    built.write("dvarchive.yaml", HEAD + dump({"language": language}))
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    if code == 1:
        assert_reported(err, "dvarchive.yaml", 3)
        built.assert_intact()
    else:
        assert code == 0, err
        assert_nothing_executable(built.output)
