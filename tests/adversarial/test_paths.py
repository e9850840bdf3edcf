"""Paths that lead out of the site: ``..``, absolute paths, symlinks.

Each is rejected with an error naming the file and line; no file outside
the site reaches the output, and nothing outside the output is written.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import pytest

from ..conftest import DEFAULT_CONFIG, JPEG, SiteMaker, article
from ._support import BuiltSite, assert_reported, dump, run_cli

SECRET = b"TOPSECRET-6f1d2c"
SECRET_PHOTO = JPEG[:-2] + SECRET + JPEG[-2:]
EVIL = "content/articles/2024/01/evil.md"


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    """Files outside the site (which lives in tmp_path/site) that must never be read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.jpg").write_bytes(SECRET_PHOTO)
    (folder / "secret.md").write_text(article(f"Bí mật {SECRET.decode()}", "2024-01-10", body=SECRET.decode()), "utf-8")
    (folder / "secret.yaml").write_text(f"- name: Người bí mật\n  description: {SECRET.decode()}\n", "utf-8")
    (folder / "secret.css").write_bytes(b"/* " + SECRET + b" */")
    (tmp_path / "secret.jpg").write_bytes(SECRET_PHOTO)
    return folder


def assert_no_secret(site: Path) -> None:
    """Nothing the build wrote (the output, the cache) holds the secret."""
    leaked = [
        p
        for folder in (site / "public", site / ".dvarchive-cache")
        for p in folder.rglob("*")
        if p.is_file() and not p.is_symlink() and SECRET in p.read_bytes()
    ]
    assert not leaked, f"a file outside the site was read: {leaked}"


def outside_snapshot(root: Path) -> dict[str, str]:
    """Every file below ``root`` but the site's own output, cache and staging folders."""
    found = {}
    for folder, subfolders, names in os.walk(root):
        relative = Path(folder).relative_to(root).as_posix()
        if relative == "site":
            subfolders[:] = [d for d in subfolders if d not in ("public", ".dvarchive-cache") and not d.startswith(".public.")]
        for name in names:
            path = Path(folder) / name
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "?"
    return found


@pytest.mark.parametrize(
    ("slug", "line"),
    [("../../../etc", 4), ("/tmp/evil", 4), ("a/../../b", 4), ("..", 4), ("bai\\..\\..\\x", 4)],
)
def test_slug_leading_out(built: BuiltSite, slug: str, line: int) -> None:
    built.write(EVIL, article("Bài xấu", "2024-01-10", slug=slug))
    built.fail(EVIL, line)


@pytest.mark.parametrize(
    "src",
    ["../../../../../secret.jpg", "../../../../secret.jpg", "/etc/passwd", "C:\\secret.jpg", "..\\..\\secret.jpg", "../../../../../outside/secret.jpg"],
)
def test_photo_src_leading_out(built: BuiltSite, secrets: Path, src: str) -> None:
    built.write(EVIL, article("Bài xấu", "2024-01-10", photos=[{"src": src, "caption": "x"}]))
    built.fail(EVIL, 5)
    assert_no_secret(built.site)


@pytest.mark.parametrize("src", ["../../../../../secret.jpg", "../../../../secret.jpg", "/etc/passwd", "../../../../../outside/secret.jpg"])
def test_body_image_leading_out(built: BuiltSite, secrets: Path, src: str) -> None:
    built.write(EVIL, article("Bài xấu", "2024-01-10", body=f"Đoạn một.\n\n![ảnh]({src})\n"))
    # ---, title, date, ---, blank, "Đoạn một.", blank, image
    built.fail(EVIL, 8)
    assert_no_secret(built.site)


def test_photo_src_leading_out_under_one_reading(built: BuiltSite, secrets: Path) -> None:
    """``src`` is read beside the article or from content/; here the second reading
    reaches a real file outside the site: that is an error, not "not found"."""
    built.write(EVIL, article("Bài xấu", "2024-01-10", photos=[{"src": "../../outside/secret.jpg"}]))
    assert (built.site / "content" / "../../outside/secret.jpg").is_file()
    built.fail(EVIL, 5)
    assert_no_secret(built.site)


def test_photo_symlink_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    (built.site / "content/photos/leak.jpg").symlink_to(secrets / "secret.jpg")
    built.write(EVIL, article("Bài xấu", "2024-01-10", photos=[{"src": "photos/leak.jpg"}]))
    built.fail(EVIL, 5)
    assert_no_secret(built.site)


def test_body_image_symlink_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    (built.site / "content/photos/leak.jpg").symlink_to(secrets / "secret.jpg")
    built.write(EVIL, article("Bài xấu", "2024-01-10", body="![](photos/leak.jpg)\n"))
    built.fail(EVIL, 6)
    assert_no_secret(built.site)


def test_photo_through_a_symlinked_folder(built: BuiltSite, secrets: Path) -> None:
    (built.site / "content/photos/ngoai").symlink_to(secrets, target_is_directory=True)
    built.write(EVIL, article("Bài xấu", "2024-01-10", photos=[{"src": "photos/ngoai/secret.jpg"}]))
    built.fail(EVIL, 5)
    assert_no_secret(built.site)


def test_registry_photo_symlink_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    (built.site / "content/photos/leak.jpg").symlink_to(secrets / "secret.jpg")
    built.write("content/people.yaml", "- name: Đỗ Quang Vinh\n  photo: photos/leak.jpg\n")
    built.fail("content/people.yaml", 2)
    assert_no_secret(built.site)


def test_registry_photo_with_dotdot(built: BuiltSite, secrets: Path) -> None:
    built.write("content/people.yaml", "- name: Đỗ Quang Vinh\n  photo: ../../secret.jpg\n")
    built.fail("content/people.yaml", 2)
    assert_no_secret(built.site)


def test_symlinked_article_file_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    """An article file that is a symlink to a file outside the site is not read."""
    link = built.site / EVIL
    link.symlink_to(secrets / "secret.md")
    built.fail(EVIL)
    assert_no_secret(built.site)


def test_symlinked_article_folder_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    """A folder of articles that is a symlink out of the site is never read (an error, or left out)."""
    (built.site / "content/articles/ngoai").symlink_to(secrets, target_is_directory=True)
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert "Traceback" not in err
    if code == 1:
        assert "content/articles/ngoai" in err
        built.assert_intact()
    assert_no_secret(built.site)


def test_symlinked_registry_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    """A registry that is a symlink to a file outside the site is not read."""
    registry = built.site / "content/people.yaml"
    registry.unlink()
    registry.symlink_to(secrets / "secret.yaml")
    built.write(EVIL, article("Bài có người bí mật", "2024-01-10", people=["Người bí mật"]))
    built.fail("content/people.yaml")
    assert_no_secret(built.site)


def test_symlinked_static_file_out_of_the_site(built: BuiltSite, secrets: Path) -> None:
    """A file in static/ that is a symlink out of the site is not copied into the output."""
    (built.site / "static").mkdir()
    (built.site / "static/leak.css").symlink_to(secrets / "secret.css")
    code, _, err = run_cli(["build", str(built.site)], built.capsys)
    assert "Traceback" not in err
    if code == 1:
        assert "static/leak.css" in err
        built.assert_intact()
    assert_no_secret(built.site)


@pytest.mark.parametrize(
    ("reference", "line"),
    [("../../../outside/secret", 5), ("/etc/passwd", 5), ("content/../../outside/secret.md", 5), ("2024/01/../../../x", 5)],
)
def test_related_leading_out(built: BuiltSite, secrets: Path, reference: str, line: int) -> None:
    built.write(EVIL, article("Bài xấu", "2024-01-10", related=[reference]))
    built.fail(EVIL, line)
    assert_no_secret(built.site)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("output", "../ngoai"),
        ("output", "/tmp/dvarchive-adversarial-output"),
        ("output", "public/../../ngoai"),
        ("output", "."),
        ("output", "content"),
        ("output", "content/articles"),
        ("logo", "../../secret.png"),
        ("logo", "/etc/passwd"),
        ("logo", "images/../../../secret.png"),
    ],
)
def test_config_paths_leading_out(built: BuiltSite, tmp_path: Path, key: str, value: str) -> None:
    built.write("dvarchive.yaml", DEFAULT_CONFIG + dump({key: value}))
    before = outside_snapshot(tmp_path)
    built.fail("dvarchive.yaml", 4)
    assert outside_snapshot(tmp_path) == before
    assert not Path("/tmp/dvarchive-adversarial-output").exists()


def test_good_build_writes_nothing_outside_its_output(make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = make_site({"content/photos/a.jpg": JPEG, "content/articles/a.md": article("Bài", "2024-01-08", photos=["photos/a.jpg"])})
    before = outside_snapshot(tmp_path)
    code, _, err = run_cli(["build", str(site)], capsys)
    assert code == 0, err
    assert outside_snapshot(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert sorted(p.name for p in site.iterdir() if p.name not in ("public", ".dvarchive-cache")) == ["content", "dvarchive.yaml"]


def test_base_url_path_cannot_move_files_out(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """``..`` in base_url's path changes URLs, never where files are written.

    Temporary files go to tmp_path/tmp, so a write that escapes them
    through the ``..`` lands in tmp_path (not in /) and is seen.
    """
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    config = "title: T\nbase_url: https://tin.example.vn/a/../../../\n"
    site = make_site({"content/articles/a.md": article("Bài", "2024-01-08")}, config=config)
    before = outside_snapshot(tmp_path)
    code, _, err = run_cli(["build", str(site)], capsys)
    assert "Traceback" not in err
    written = sorted(set(outside_snapshot(tmp_path)) - set(before))
    assert not written, f"files written outside the output: {written}"
    if code == 1:
        assert_reported(err, "dvarchive.yaml", 2)


def test_urls_words_cannot_move_files_out(built: BuiltSite) -> None:
    built.write("dvarchive.yaml", DEFAULT_CONFIG + "urls:\n  people: ../../ngoai\n")
    built.fail("dvarchive.yaml", 5)
