"""cli.py: the ``dvarchive`` command as a user runs it."""

from __future__ import annotations

import errno
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import dvarchive
from dvarchive.cli import main, summary_line
from dvarchive.core.results import BuildResult
from dvarchive.stages.output import MANIFEST, Staging
from dvarchive.stages.published import PUBLISHED_FILE

from .conftest import JPEG, SiteMaker, article, page_file, tree_snapshot

SUMMARY = re.compile(
    r"^Đã dựng (?P<articles>[\d.]+) bài: (?P<pages>[\d.]+) trang, (?P<feeds>[\d.]+) nguồn RSS vào .*; "
    r"(?P<made>[\d.]+) tệp làm mới, (?P<kept>[\d.]+) tệp không đổi, (?P<written>[\d.]+) tệp được ghi, "
    r"trong \d+,\d\d giây\.$"
)

SITE: dict[str, str | bytes] = {
    "content/photos/hoi-an.jpg": JPEG,
    "content/articles/2024/01/hoi-an-don-khach-quoc-te-tro-lai.md": article(
        "Hội An đón khách quốc tế trở lại",
        "2024-01-08T09:30:00+07:00",
        section="Du lịch",
        photos=[{"src": "photos/hoi-an.jpg", "caption": "Phố cổ Hội An."}],
    ),
    "content/articles/2024/01/ban-nhap-ve-hoi-an.md": article("Bản nháp về Hội An", "2024-01-09", section="Du lịch", draft=True),
}


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--version"])
    assert exited.value.code == 0
    assert capsys.readouterr().out.strip() == f"dvarchive {dvarchive.__version__}"


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "build" in out and "--version" in out


def test_build_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["build", "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert "--output" in out and "--drafts" in out


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([], capsys)
    assert code == 2
    assert "build" in out


def test_build_site_dir_into_public(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(SITE)
    code, out, err = run(["build", str(site)], capsys)
    assert code == 0, err
    assert page_file(site / "public", "/2024/01/hoi-an-don-khach-quoc-te-tro-lai/").is_file()
    assert (site / "public/photos/hoi-an.jpg").read_bytes() == JPEG
    assert not page_file(site / "public", "/2024/01/ban-nhap-ve-hoi-an/").exists()
    lines = out.strip().splitlines()
    match = SUMMARY.match(lines[-1])
    assert match, lines[-1]
    assert int(match["articles"]) == 1
    html = [p for p in (site / "public").rglob("*.html")]
    assert int(match["pages"]) == len(html)
    feeds = [p for p in (site / "public").rglob("*") if p.name in ("feed.xml", "feed.json", "atom.xml")]
    # The site's (RSS, JSON Feed, Atom), the section's and the corrections page's.
    assert int(match["feeds"]) == len(feeds) == 5
    files = [p for p in (site / "public").rglob("*") if p.is_file() and p.name not in (MANIFEST, PUBLISHED_FILE)]
    assert int(match["written"]) == len(files)  # the photos and static files too

    code, out, err = run(["build", str(site)], capsys)
    again = SUMMARY.match(out.strip().splitlines()[-1])
    assert code == 0 and again, out
    assert (again["made"], again["written"]) == ("0", "0")
    assert int(again["kept"]) == int(match["made"])


def test_summary_writes_counts_as_vietnamese_does() -> None:
    result = BuildResult(Path("public"), 10_000, 16_803, 1_151, 1_281, 26_952, 25, 3.734, warnings=())
    assert summary_line(result) == (
        "Đã dựng 10.000 bài: 16.803 trang, 1.151 nguồn RSS vào public; "
        "1.281 tệp làm mới, 26.952 tệp không đổi, 25 tệp được ghi, trong 3,73 giây."
    )


def test_build_defaults_to_the_current_folder(make_site: SiteMaker, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    site = make_site(SITE)
    monkeypatch.chdir(site)
    code, out, err = run(["build"], capsys)
    assert code == 0, err
    assert page_file(site / "public", "/2024/01/hoi-an-don-khach-quoc-te-tro-lai/").is_file()
    assert SUMMARY.match(out.strip().splitlines()[-1])


def test_build_output_and_drafts(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(SITE)
    output = tmp_path / "ban-dung"
    code, out, err = run(["build", str(site), "--output", str(output), "--drafts"], capsys)
    assert code == 0, err
    assert page_file(output, "/2024/01/ban-nhap-ve-hoi-an/").is_file()
    assert page_file(output, "/2024/01/hoi-an-don-khach-quoc-te-tro-lai/").is_file()
    assert not (site / "public").exists()
    match = SUMMARY.match(out.strip().splitlines()[-1])
    assert match and int(match["articles"]) == 2


def test_build_errors_exit_1_with_places(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(
        {
            "content/articles/a.md": "---\ntitle: Tin A\ndate: 8/1/2024\n---\nThân bài.\n",
            "content/articles/b.md": "---\ndate: 2024-01-08\npeple: [Lê Văn Hùng]\n---\nThân bài.\n",
        }
    )
    code, out, err = run(["build", str(site)], capsys)
    assert code == 1
    lines = err.strip().splitlines()
    assert any(line.startswith("content/articles/a.md:3: error:") and "ISO" in line for line in lines)
    assert any(line.startswith("content/articles/b.md:2: error:") and '"title"' in line for line in lines)
    assert any(line.startswith("content/articles/b.md:3: error:") and "people" in line for line in lines)
    assert "Traceback" not in err
    assert not SUMMARY.match(out.strip())
    assert not (site / "public").exists()


def test_refused_output_exit_1(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(SITE)
    foreign = tmp_path / "tai-lieu"
    foreign.mkdir()
    (foreign / "ghi-chu.txt").write_text("đừng xóa", "utf-8")
    code, _, err = run(["build", str(site), "-o", str(foreign)], capsys)
    assert code == 1
    assert "error" in err and "Traceback" not in err
    assert (foreign / "ghi-chu.txt").read_text("utf-8") == "đừng xóa"


def test_missing_site_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", str(tmp_path / "khong-co")], capsys)
    assert code == 1
    assert "dvarchive.yaml" in err and "Traceback" not in err


def test_python_dash_m(make_site: SiteMaker) -> None:
    site = make_site(SITE)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG"))} | {"LC_ALL": "C", "PYTHONIOENCODING": "utf-8"}
    version = subprocess.run([sys.executable, "-m", "dvarchive", "--version"], capture_output=True, text=True, env=env, timeout=60)
    assert version.returncode == 0
    assert version.stdout.strip() == f"dvarchive {dvarchive.__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "dvarchive", "build", str(site)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert SUMMARY.match(done.stdout.strip().splitlines()[-1]), done.stdout
    assert page_file(site / "public", "/2024/01/hoi-an-don-khach-quoc-te-tro-lai/").is_file()
    # Broken, built again through the command: exit 1, the site as it was.
    before = tree_snapshot(site / "public")
    (site / "content/articles/2024/01/hoi-an.md").write_text("---\ntitle: [Hội An\n---\n", "utf-8")
    failed = subprocess.run(
        [sys.executable, "-m", "dvarchive", "build", str(site)], capture_output=True, text=True, encoding="utf-8", env=env, timeout=120
    )
    assert failed.returncode == 1
    assert failed.stderr.startswith("content/articles/2024/01/hoi-an.md:")
    assert "Traceback" not in failed.stderr
    assert tree_snapshot(site / "public") == before


def test_a_full_disk_is_said_in_vietnamese_and_the_last_site_stays(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(SITE)
    assert run(["build", str(site), "--no-search"], capsys)[0] == 0
    before = tree_snapshot(site / "public")
    (site / "content/articles/2024/01/hoi-an.md").write_text(article("Hội An mùa lễ hội", "2024-01-08"), "utf-8")

    def disk_full(self: Staging, path: str, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", os.path.join(self.folder, path))

    monkeypatch.setattr(Staging, "_put", disk_full)
    code, out, err = run(["build", str(site), "--no-search"], capsys)
    assert code == 1 and "Traceback" not in err
    # Named where the user knows it, not in the hidden folder the new version was being written to.
    assert err.startswith(f"{site / 'public'}/")
    assert "error: hết chỗ trên đĩa: giải phóng bớt dung lượng rồi dựng lại (No space left on device)" in err
    assert tree_snapshot(site / "public") == before
