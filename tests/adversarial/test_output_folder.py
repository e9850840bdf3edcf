"""The output folder is safe to point anywhere: refused where a build could do harm,
never deleting what it did not write, one build at a time."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import SiteMaker, article, tree_snapshot
from ._support import GOOD_FILES, assert_reported, medium_site_files, run_cli, tripwire, write_version


def refused(site: Path, output: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> str:
    """The build exits 1 with an error; any write into ``output`` on the way trips the wire."""
    with tripwire(output):
        code, _, err = run_cli(["build", str(site), "-o", str(output), *extra], capsys)
    assert "tripwire" not in err, err
    assert code == 1, err
    assert "Traceback" not in err
    assert any(": error: " in row for row in err.splitlines()), err
    return err


@pytest.mark.parametrize("target", ["site", "content", "content/articles", "templates", "static", "parent", "grandparent"])
@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_refuses_the_site_its_folders_and_its_parents(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], target: str, force: bool
) -> None:
    site = make_site(dict(GOOD_FILES), name="nha/site")
    for folder in ("templates", "static"):
        (site / folder).mkdir(exist_ok=True)
    output = {"site": site, "parent": site.parent, "grandparent": tmp_path}.get(target, site / target)
    before = tree_snapshot(tmp_path)
    refused(site, output, capsys, *(["--force"] if force else []))
    assert tree_snapshot(tmp_path) == before


def test_refuses_a_symlink_to_the_site(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(dict(GOOD_FILES))
    (tmp_path / "loi-tat").symlink_to(site, target_is_directory=True)
    before = tree_snapshot(site)
    refused(site, tmp_path / "loi-tat", capsys, "--force")
    refused(site, site / "content" / ".." / "content", capsys, "--force")
    assert tree_snapshot(site) == before


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_refuses_the_home_folder(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, force: bool
) -> None:
    home = tmp_path / "home" / "bientap"
    home.mkdir(parents=True)
    (home / "thu.txt").write_text("thư riêng", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    site = make_site(dict(GOOD_FILES))
    before = tree_snapshot(home)
    refused(site, home, capsys, *(["--force"] if force else []))
    refused(site, Path("~").expanduser(), capsys, *(["--force"] if force else []))
    assert tree_snapshot(home) == before
    assert sorted(p.name for p in home.iterdir()) == ["thu.txt"]


@pytest.mark.parametrize("force", [False, True], ids=["plain", "force"])
def test_refuses_the_root_folder(make_site: SiteMaker, capsys: pytest.CaptureFixture[str], force: bool) -> None:
    site = make_site(dict(GOOD_FILES))
    before = sorted(os.listdir("/"))
    refused(site, Path("/"), capsys, *(["--force"] if force else []))
    refused(site, Path("/tmp/.."), capsys, *(["--force"] if force else []))
    assert sorted(os.listdir("/")) == before


def test_refuses_an_output_that_is_a_file(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(dict(GOOD_FILES))
    target = tmp_path / "public.txt"
    target.write_text("không phải thư mục", "utf-8")
    refused(site, target, capsys, "--force")
    assert target.read_text("utf-8") == "không phải thư mục"


def foreign_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "www"
    (folder / "tai-lieu").mkdir(parents=True)
    (folder / "ghi-chu.txt").write_text("đừng xóa", "utf-8")
    (folder / "tai-lieu" / "bao-cao.docx").write_bytes(b"quan trong")
    (folder / ".htaccess").write_text("Options -Indexes\n", "utf-8")
    return folder


def test_refuses_a_foreign_folder_without_force(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(dict(GOOD_FILES))
    folder = foreign_folder(tmp_path)
    before = tree_snapshot(folder)
    err = refused(site, folder, capsys)
    assert_reported(err, str(folder))
    assert tree_snapshot(folder) == before


def test_force_keeps_the_foreign_files(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(dict(GOOD_FILES))
    folder = foreign_folder(tmp_path)
    before = tree_snapshot(folder)
    code, _, err = run_cli(["build", str(site), "-o", str(folder), "--force"], capsys)
    assert code == 0, err
    after = tree_snapshot(folder)
    assert {path: after.get(path) for path in before} == before
    assert "index.html" in after
    # Rebuilt after an edit, with and without --force, and after the site lost an article: still kept.
    (site / "content/articles/2024/01/song.md").unlink()
    for extra in ([], ["--force"], ["--clean"]):
        code, _, err = run_cli(["build", str(site), "-o", str(folder), *extra], capsys)
        assert code == 0, err
        after = tree_snapshot(folder)
        assert {path: after.get(path) for path in before} == before
        assert not (folder / "2024/01/song").exists()


def test_deletes_only_what_it_wrote(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site(dict(GOOD_FILES))
    output = site / "public"
    assert run_cli(["build", str(site)], capsys)[0] == 0
    extras = {
        "ghi-chu.txt": b"cua bien tap",
        "2024/01/song/ban-nhap.txt": b"trong thu muc cua mot bai se bi xoa",
        "rieng/a/b.txt": b"thu muc rieng",
        "pagefind/them.txt": b"trong thu muc tim kiem",
    }
    for relative, data in extras.items():
        (output / relative).parent.mkdir(parents=True, exist_ok=True)
        (output / relative).write_bytes(data)
    page = output / "2024/01/song/index.html"
    assert page.is_file()
    (site / "content/articles/2024/01/song.md").unlink()
    (site / "content/articles/2024/01/moi.md").write_text(article("Bài mới", "2024-01-11"), "utf-8")
    for extra in ([], ["--clean"], ["--no-search"], []):
        code, _, err = run_cli(["build", str(site), *extra], capsys)
        assert code == 0, err
        for relative, data in extras.items():
            assert (output / relative).read_bytes() == data, f"{relative} was deleted or changed ({extra})"
        assert not page.exists(), "a page of a removed article stayed"
        assert (output / "2024/01/moi/index.html").is_file()


def run_build(site: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "dvarchive", "build", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def test_two_builds_at_once_are_serialised(tmp_path: Path) -> None:
    from ..conftest import write_site

    files = medium_site_files(120)
    site = write_site(tmp_path / "site", files)
    reference = write_site(tmp_path / "reference", files)
    done = subprocess.run([sys.executable, "-m", "dvarchive", "build", str(reference)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    expected = tree_snapshot(reference / "public")
    for round_ in range(2):  # into an empty output, then over a built one after an edit
        if round_:
            write_version(site, medium_site_files(120, version=1))
            write_version(reference, medium_site_files(120, version=1))
            shutil.rmtree(reference / "public")
            done = subprocess.run([sys.executable, "-m", "dvarchive", "build", str(reference)], capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
            expected = tree_snapshot(reference / "public")
        first, second = run_build(site), run_build(site)
        outcomes = [process.communicate(timeout=120) for process in (first, second)]
        assert first.returncode == 0, outcomes[0][1]
        assert second.returncode == 0, outcomes[1][1]
        assert tree_snapshot(site / "public") == expected
