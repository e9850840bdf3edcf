"""The command line speaks one language: argparse's help and errors in Vietnamese,
``--quiet`` and ``--verbose``, and every "not found" naming where it looked."""

from __future__ import annotations

import argparse
import ast
import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from dvarchive.cli import SHOWN_WARNINGS, main
from dvarchive.editors.argparse_vi import CATALOG, PLURALS

from .conftest import SiteMaker, article

COMMANDS = ("build", "check", "init", "new", "serve", "import")

# argparse's English (its phrases, and the metavars it makes from option names)
# and words of ours that would betray an untranslated phrase.
ENGLISH = re.compile(
    r"\b(usage|options?|optional|positional|arguments?|show|help message|exit|version number|error|warning|"
    r"invalid|choose|choices|required|unrecognized|expected|allowed|ambiguous|could match|subcommands?|value|"
    r"OUTPUT|JOBS|SITE|DIRECTORY|TITLE|FILE|SECTION|PORT|HOST|YEAR)\b",
    re.IGNORECASE,
)


def english_words(text: str) -> list[str]:
    """English left in ``text``, option names (``--help``, ``-h``) and choices aside."""
    words = " ".join(token for token in text.split() if not token.lstrip("[(").startswith("-"))
    words = words.replace("{text,json}", "").replace("text:", "").replace("json:", "")
    return ENGLISH.findall(words)


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exited:
        code = int(exited.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def run_command(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command as a user runs it, in a C locale (no system catalog helps)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))} | {"LC_ALL": "C", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "dvarchive", *argv], capture_output=True, text=True, encoding="utf-8", env=env, cwd=cwd, timeout=120
    )


@pytest.mark.parametrize("argv", [["--help"], *[[command, "--help"] for command in COMMANDS]], ids=lambda a: " ".join(a))
def test_every_help_is_vietnamese(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 0 and not err
    assert out.startswith("cách dùng: dvarchive")
    assert "tùy chọn:" in out and "-h, --help" in out and "in hướng dẫn này rồi thoát" in out
    assert english_words(out) == [], out


def test_the_top_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_main(["--help"], capsys)
    assert [c for c in COMMANDS if re.search(rf"^\s+{c}\s", out, re.MULTILINE)] == list(COMMANDS)
    assert "in số phiên bản rồi thoát" in out


def test_no_command_prints_the_vietnamese_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main([], capsys)
    assert code == 2 and out.startswith("cách dùng: dvarchive") and english_words(out) == []


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["biuld"], 'không có lệnh "biuld": có phải "build"? (chọn một trong: build, check, init, new, serve, import)'),
        (["chek"], 'có phải "check"?'),
        (["xyz"], 'không có lệnh "xyz" (chọn một trong:'),
        (["init"], "còn thiếu: THƯ_MỤC"),
        (["new"], "còn thiếu: TIÊU_ĐỀ"),
        (["import"], "còn thiếu: TỆP"),
        (["check", "--format", "jsn"], '--format: không có lựa chọn "jsn": có phải "json"? (chọn một trong: text, json)'),
        (["build", "--jobs", "nhiều"], '--jobs/-j: "nhiều" không phải một số nguyên'),
        (["serve", "--port", "tám"], '--port: "tám" không phải một số nguyên'),
        (["import", "-", "--year", "2O26"], '--year: "2O26" không phải một số nguyên'),
        (["build", "--output"], "--output/-o: cần một giá trị"),
        (["build", "--khong-co"], "không hiểu: --khong-co"),
        (["build", "a", "b"], "không hiểu: b"),
        (["build", "--quiet", "--verbose"], "--verbose/-v: không dùng cùng với --quiet/-q"),
        (["build", "--f"], "tùy chọn --f chưa rõ: có thể là"),
    ],
    ids=lambda v: " ".join(v) if isinstance(v, list) else "",
)
def test_every_mistake_is_said_in_vietnamese(argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 2 and not out
    usage, message = err.strip().splitlines()[0], err.strip().splitlines()[-1]
    assert usage.startswith("cách dùng: dvarchive")
    assert re.match(r"^dvarchive( \w+)?: lỗi: ", message), message
    assert said in message, message
    assert english_words(err) == [], err
    assert "Traceback" not in err


def test_the_real_command_speaks_vietnamese_too(tmp_path: Path) -> None:
    helped = run_command(["build", "--help"])
    assert helped.returncode == 0 and helped.stdout.startswith("cách dùng: dvarchive build")
    assert english_words(helped.stdout) == [], helped.stdout
    typo = run_command(["biuld", str(tmp_path)])
    assert typo.returncode == 2
    assert typo.stderr.splitlines()[-1].startswith('dvarchive: lỗi: LỆNH: không có lệnh "biuld": có phải "build"?')
    assert english_words(typo.stderr) == [], typo.stderr


def argparse_phrases() -> tuple[set[str], set[str]]:
    """The phrases this Python's argparse looks up: ``_("…")`` and ``ngettext("…", …)``."""
    tree = ast.parse(inspect.getsource(argparse))
    phrases, plurals = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            first = node.args[0]
            if node.func.id == "_" and isinstance(first, ast.Constant) and isinstance(first.value, str):
                phrases.add(first.value)
            elif node.func.id == "ngettext" and isinstance(first, ast.Constant):
                plurals.add(first.value)
    return phrases, plurals


def test_the_catalog_has_every_phrase_of_this_pythons_argparse() -> None:
    phrases, plurals = argparse_phrases()
    assert "usage: " in phrases and "expected %s argument" in plurals  # the scan finds them
    assert sorted(phrases - set(CATALOG)) == []
    assert sorted(plurals - set(PLURALS)) == []
    placeholders = re.compile(r"%\(\w+\)[rs]|%[rs]")
    for english, vietnamese in (CATALOG | PLURALS).items():  # the same values to fill in, or argparse's % fails
        assert sorted(placeholders.findall(english)) == sorted(placeholders.findall(vietnamese)), english
        assert english.endswith("\n") == vietnamese.endswith("\n"), english


def test_argparse_is_left_as_it_was(capsys: pytest.CaptureFixture[str]) -> None:
    """The catalog is lent to argparse while dvarchive reads its command line, not kept."""
    run_main(["biuld"], capsys)
    run_main(["--help"], capsys)
    assert argparse.ArgumentParser(prog="x").format_usage().startswith("usage: x")


# --- "not found" names the folder it looked in -------------------------------------------------

def test_a_missing_site_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "khong-co"
    for argv in (["build", str(missing)], ["check", str(missing)], ["new", "Tin", "--site", str(missing)]):
        done = run_command(argv)
        assert done.returncode == 1 and "Traceback" not in done.stderr
        first = done.stderr.splitlines()[0]
        assert first == f"dvarchive.yaml: error: không có thư mục trang {missing}: kiểm tra đường dẫn", first


def test_a_folder_without_config_is_named_in_full(tmp_path: Path) -> None:
    folder = tmp_path / "chua-co-trang"
    folder.mkdir()
    done = run_command(["build"], cwd=folder)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"dvarchive.yaml: error: không thấy dvarchive.yaml trong thư mục {folder}:")
    assert not (folder / "public").exists()


def test_a_missing_wire_file_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["import", str(tmp_path / "ban-tin.txt"), "--site", str(tmp_path)], capsys)
    assert code == 1 and err.startswith(f"{tmp_path / 'ban-tin.txt'}: error: không thấy tệp")


# --- --quiet and --verbose -----------------------------------------------------------------------

def draft_with_missing_photos(count: int) -> str:
    """A draft naming ``count`` photos not there yet: one build warning each (with --drafts)."""
    photos = [{"src": f"photos/chua-co-{i}.jpg"} for i in range(count)]
    return article("Bản nháp nhiều ảnh", "2024-01-09", draft=True, photos=photos)


@pytest.fixture
def warned_site(make_site: SiteMaker) -> Path:
    return make_site(
        {
            "content/articles/2024/01/tin-a.md": article("Tin A", "2024-01-08", section="Thời sự"),
            "content/articles/2024/01/nhap.md": draft_with_missing_photos(SHOWN_WARNINGS + 5),
        }
    )


def test_build_shows_the_first_warnings_then_how_many_more(warned_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["build", str(warned_site), "--drafts", "--no-search"], capsys)
    assert code == 0
    assert err.count(": warning: ") == SHOWN_WARNINGS
    assert "dvarchive: và 5 cảnh báo nữa; xem hết: dvarchive build --verbose" in err
    assert out.startswith("Đã dựng 2 bài") and "Thời gian theo giai đoạn" not in out


def test_build_verbose_shows_every_warning_and_the_stage_times(warned_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["build", str(warned_site), "--drafts", "--no-search", "--clean", "--verbose"], capsys)
    assert code == 0
    assert err.count(": warning: ") == SHOWN_WARNINGS + 5 and "cảnh báo nữa" not in err
    assert "Thời gian theo giai đoạn:" in out
    for stage in ("đọc", "liên kết", "kết xuất", "ghi"):
        assert re.search(rf"^  {stage}\s+\d+,\d\d giây$", out, re.MULTILINE), out


def test_build_quiet_prints_nothing_but_errors(warned_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["build", str(warned_site), "--drafts", "--no-search", "-q"], capsys)
    assert (code, out, err) == (0, "", "")
    assert (warned_site / "public" / "index.html").is_file()
    (warned_site / "content/articles/2024/01/hong.md").write_text("---\ntitle: [Hỏng\n---\n", "utf-8")
    code, out, err = run_main(["build", str(warned_site), "--drafts", "--no-search", "--quiet"], capsys)
    assert code == 1 and out == ""
    assert err.startswith("content/articles/2024/01/hong.md:") and ": warning: " not in err
    assert err.splitlines()[-1] == "dvarchive: 1 lỗi; không có gì được ghi."


def test_check_quiet_prints_only_what_fails(warned_site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["check", str(warned_site)], capsys)
    assert code == 0 and ": warning: " in out and "cảnh báo" in err
    code, out, err = run_main(["check", str(warned_site), "--quiet"], capsys)
    assert (code, out, err) == (0, "", "")
    code, out, err = run_main(["check", str(warned_site), "--quiet", "--strict"], capsys)
    assert code == 1 and ": warning: " in out and err == ""  # with --strict, warnings are what fails
    assert all(": warning: " in line or ": error: " in line for line in out.splitlines())


def test_import_quiet_keeps_the_article_and_drops_the_warnings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "trang"
    assert main(["init", str(site), "-q"]) == 0
    wire = tmp_path / "ban-tin.txt"
    wire.write_text("Thời sự\n\nHà Nội mở tuyến buýt mới\n\nSáng nay Hà Nội mở thêm một tuyến buýt.\n", "utf-8")
    code, out, err = run_main(["import", str(wire), "--site", str(site), "--stdout"], capsys)
    assert code == 0 and ": warning: " in err  # no dateline, no byline
    code, quiet_out, err = run_main(["import", str(wire), "--site", str(site), "--stdout", "--quiet"], capsys)
    assert code == 0 and err == "" and quiet_out.startswith("---\n") and "Hà Nội mở tuyến buýt mới" in quiet_out


def test_init_quiet_and_verbose(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(["init", str(tmp_path / "a"), "--quiet"], capsys)
    assert (code, out, err) == (0, "", "")
    code, out, _ = run_main(["init", str(tmp_path / "b"), "--verbose"], capsys)
    listed = out.splitlines()[:-1]
    assert code == 0 and str(tmp_path / "b" / "dvarchive.yaml") in listed
    assert all(Path(line).is_file() for line in listed) and len(listed) == 5
    assert out.splitlines()[-1].startswith("Đã tạo trang mới trong")
