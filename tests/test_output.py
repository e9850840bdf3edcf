"""output.py: the only writer; a new folder swapped in whole, never someone else's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dvarchive.core.errors import OutputError
from dvarchive.stages import output
from dvarchive.stages.output import MANIFEST, Copy, check_output_folder, write_site

from .conftest import tree_snapshot


def site_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    for folder in ("content/articles", "templates", "static"):
        (site / folder).mkdir(parents=True)
    (site / "dvarchive.yaml").write_text("title: x\n", "utf-8")
    return site


def test_write_site_files_copies_and_manifest(tmp_path: Path) -> None:
    source = tmp_path / "anh.jpg"
    source.write_bytes(b"\xff\xd8anh\xff\xd9")
    out = tmp_path / "site" / "public"
    made = {"index.html": "<p>Trang chủ</p>".encode(), "2024/01/tin/index.html": b"<p>Tin</p>"}
    write_site(out, made, set(), [Copy(source, "photos/anh.jpg")])
    assert (out / "index.html").read_text("utf-8") == "<p>Trang chủ</p>"
    assert (out / "2024/01/tin/index.html").read_bytes() == b"<p>Tin</p>"
    assert (out / "photos/anh.jpg").read_bytes() == source.read_bytes()
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    assert manifest["files"] == ["2024/01/tin/index.html", "index.html", "photos/anh.jpg"]


def test_write_site_replaces_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"a/index.html": b"cu", "b/index.html": b"cu", "c/index.html": b"giu"}, set(), [])
    write_site(out, {"a/index.html": b"moi"}, {"c/index.html"}, [])
    assert (out / "a/index.html").read_bytes() == b"moi"
    assert (out / "c/index.html").read_bytes() == b"giu"
    assert not (out / "b").exists()
    assert sorted(json.loads((out / MANIFEST).read_text("utf-8"))["files"]) == ["a/index.html", "c/index.html"]


def test_removed_files_leave_no_empty_folders(tmp_path: Path) -> None:
    """A month whose only article went, and its year with it; folders still holding files stay."""
    out = tmp_path / "public"
    old = {"2023/05/tin/index.html": b"a", "2024/01/tin/index.html": b"b", "2024/02/mot/index.html": b"c"}
    write_site(out, old | {"2024/02/hai/index.html": b"d", "khac.txt": b"e"}, set(), [])
    write_site(out, {"2024/02/mot/index.html": b"c"}, {"khac.txt"}, [])
    folders = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_dir())
    assert folders == ["2024", "2024/02", "2024/02/mot"]


def test_write_site_never_writes_through_to_the_old_version(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"index.html": b"ban cu"}, set(), [])
    old = (out / "index.html").open("rb")  # a reader of the live site
    try:
        write_site(out, {"index.html": b"ban moi"}, set(), [])
        assert old.read() == b"ban cu"
    finally:
        old.close()
    assert (out / "index.html").read_bytes() == b"ban moi"


def test_write_site_failure_keeps_the_old_output(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"index.html": b"ban cu", "a/index.html": b"a"}, set(), [])
    before = tree_snapshot(out)
    with pytest.raises(OSError):
        write_site(out, {"index.html": b"ban moi"}, set(), [Copy(tmp_path / "khong-co.jpg", "photos/x.jpg")])
    assert tree_snapshot(out) == before


@pytest.mark.parametrize("cp", [True, False])
def test_unchanged_files_stay_the_same_files_with_or_without_cp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cp: bool) -> None:
    out = tmp_path / "public"
    write_site(out, {"a/index.html": b"giu", "b/index.html": b"cu"}, set(), [])
    kept = (out / "a/index.html").stat()
    if not cp:  # another system: the links are made here, in Python
        monkeypatch.setattr(output.shutil, "which", lambda _name: None)
    write_site(out, {"b/index.html": b"moi"}, {"a/index.html"}, [])
    assert (out / "a/index.html").stat().st_ino == kept.st_ino and (out / "b/index.html").read_bytes() == b"moi"


def test_a_build_that_fails_while_the_output_is_being_linked_leaves_no_trace(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {f"{n}/index.html": b"trang" for n in range(2000)}, set(), [])
    before = tree_snapshot(out)
    staging = output.Staging(out)  # the links are being made in the background
    staging.abandon()  # as a build does when an article has an error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    assert tree_snapshot(out) == before


@pytest.mark.parametrize(
    "output",
    [".", "..", "content", "templates", "static", "content/articles/public"],
)
def test_refuses_dangerous_folders(tmp_path: Path, output: str) -> None:
    site = site_dir(tmp_path)
    with pytest.raises(OutputError) as caught:
        check_output_folder(site, site / output)
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.is_error


def test_refuses_a_folder_it_did_not_create(tmp_path: Path) -> None:
    site = site_dir(tmp_path)
    foreign = tmp_path / "tai-lieu"
    foreign.mkdir()
    (foreign / "bao-cao.docx").write_bytes(b"quan trong")
    with pytest.raises(OutputError):
        check_output_folder(site, foreign)
    assert (foreign / "bao-cao.docx").read_bytes() == b"quan trong"


def test_refuses_a_file(tmp_path: Path) -> None:
    site = site_dir(tmp_path)
    (tmp_path / "public").write_text("tệp", "utf-8")
    with pytest.raises(OutputError):
        check_output_folder(site, tmp_path / "public")


@pytest.mark.parametrize("state", ["missing", "empty", "built"])
def test_accepts_new_empty_or_own_folders(tmp_path: Path, state: str) -> None:
    site = site_dir(tmp_path)
    out = site / "public"
    if state == "empty":
        out.mkdir()
    elif state == "built":
        write_site(out, {"index.html": b"x"}, set(), [])
    check_output_folder(site, out)


def _inodes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}


def test_a_deferred_staging_puts_one_changed_file_in_place_by_one_rename(tmp_path: Path) -> None:
    """A one-page edit: no copy of the site's links, the other files untouched, nothing left beside the output."""
    out = tmp_path / "public"
    write_site(out, {"a/index.html": b"cu", "b/index.html": b"giu"}, set(), [])
    before = _inodes(out)
    staging = output.Staging(out, deferred=True)
    assert staging.put("b/index.html", b"giu") == 0  # as it is: nothing to do
    assert staging.put("a/index.html", b"moi") == 1
    assert (out / "a/index.html").read_bytes() == b"cu"  # nothing shows before finish
    staging.finish({"a/index.html", "b/index.html"}, [])
    after = _inodes(out)
    assert (out / "a/index.html").read_bytes() == b"moi"
    assert after["b/index.html"] == before["b/index.html"] and after[MANIFEST] == before[MANIFEST]
    assert after["a/index.html"] != before["a/index.html"]  # a new file, renamed in: never written through
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_deferred_staging_with_more_changes_swaps_the_whole_site_in(tmp_path: Path) -> None:
    """Two changed files (or a file more or less) must appear together: the whole new version is swapped in."""
    out = tmp_path / "public"
    write_site(out, {"a/index.html": b"cu", "b/index.html": b"cu", "c/index.html": b"giu"}, set(), [])
    staging = output.Staging(out, deferred=True)
    staging.put("a/index.html", b"moi")
    staging.put("b/index.html", b"moi")
    with pytest.raises(FileNotFoundError):
        (staging.folder / "c/index.html").stat()  # no links yet
    staging.finish({"a/index.html", "b/index.html", "c/index.html"}, [])
    assert (out / "a/index.html").read_bytes() == b"moi"
    assert (out / "b/index.html").read_bytes() == b"moi" and (out / "c/index.html").read_bytes() == b"giu"
    assert not (out / ".dvarchive-aside").exists()  # the files put aside went into the new version


def test_an_articles_page_and_ninjs_document_are_renamed_in_one_after_the_other(tmp_path: Path) -> None:
    """A body edit of one article changes two files that stand alone: each renamed in, no copy of the site's links."""
    out = tmp_path / "public"
    files = {"a/index.html": b"cu", "a/index.json": b"cu", "b/index.html": b"giu"}
    write_site(out, files, set(), [])
    before = _inodes(out)
    staging = output.Staging(out, deferred=2)
    staging.put("a/index.html", b"moi")
    staging.put("a/index.json", b"moi")
    staging.finish(set(files), [])
    after = _inodes(out)
    assert (out / "a/index.html").read_bytes() == (out / "a/index.json").read_bytes() == b"moi"
    assert after[MANIFEST] == before[MANIFEST] and after["b/index.html"] == before["b/index.html"]  # no new version swapped in
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]
    staging = output.Staging(out, deferred=2)
    for path in files:
        staging.put(path, b"lan ba")
    staging.finish(set(files), [])  # three: the whole new version, at once
    assert _inodes(out)[MANIFEST] != after[MANIFEST] and (out / "b/index.html").read_bytes() == b"lan ba"


def test_a_search_bundle_indexed_again_comes_in_file_by_file_the_new_files_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A body edit with search: the page, and the bundle's files that Pagefind named anew.
    No new version is swapped in: files that nothing names yet come first, the entry that
    names them next, the page last, then the files no longer named go."""
    out = tmp_path / "public"
    files = {"a/index.html": b"cu", "pf/entry.json": b"cu", "pf/index/old.pf_index": b"cu", "pf/fragment/a-old": b"cu"}
    write_site(out, files | {"b/index.html": b"giu"}, set(), [])
    before, folder = _inodes(out), out.stat().st_ino
    renamed: list[str] = []
    replace = output.os.replace
    monkeypatch.setattr(output.os, "replace", lambda source, target: (renamed.append(Path(target).name), replace(source, target)))
    staging = output.Staging(out, deferred=4)
    new = {"a/index.html": b"moi", "pf/entry.json": b"moi", "pf/index/new.pf_index": b"moi", "pf/fragment/a-new": b"moi"}
    for path, data in new.items():
        staging.put(path, data)
    wanted = set(new) | {"b/index.html", "pf/index/old.pf_index"}  # one index chunk unchanged, the old fragment gone
    staging.finish(wanted, [])
    after = _inodes(out)
    assert out.stat().st_ino == folder and after["b/index.html"] == before["b/index.html"]
    assert {path: (out / path).read_bytes() for path in new} == new and not (out / "pf/fragment/a-old").exists()
    assert renamed[renamed.index(MANIFEST) + 1 : renamed.index("index.html") + 1] == ["a-new", "new.pf_index", "entry.json", "index.html"]
    assert json.loads((out / MANIFEST).read_text("utf-8"))["files"] == sorted(wanted)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public"]


def test_a_deferred_staging_that_is_linked_after_all_works_as_usual(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write_site(out, {"a/index.html": b"cu", "b/index.html": b"cu"}, set(), [])
    staging = output.Staging(out, deferred=True)
    staging.link()  # the build found more to do than a page or two
    staging.ready()
    staging.put("a/index.html", b"moi")
    staging.finish({"a/index.html"}, [])
    assert (out / "a/index.html").read_bytes() == b"moi" and not (out / "b/index.html").exists()
