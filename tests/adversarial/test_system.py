"""The system refuses (issue 15, point 4): a full or read-only disk under the
output, the cache or the temporary folder, or SQLite refusing the cache.

Each is a Vietnamese ``path: error: …`` naming the place and what to do,
exit 1, no traceback, the last site as it was; once the cause is gone, the
next build succeeds and equals a clean build. Real small file systems are
tmpfs mounts (root only, as in CI); elsewhere those tests skip, unless CI is
set. SQLite's refusals are also injected at every write of a build in turn.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from dvarchive.incremental import cache as cache_module

from ..conftest import SiteMaker, article, require_tool, tree_snapshot, write_site
from ._support import GOOD_FILES, assert_reported, run_cli

EDITED = "content/articles/2024/01/song.md"


@contextmanager
def small_disk(folder: Path, size: str = "2m") -> Iterator[Path]:
    """A tmpfs of ``size`` mounted on ``folder`` (made if missing) for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, text=True)
    require_tool(done.returncode == 0, "mount -t tmpfs", f"needs root: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system of ``folder`` to the last byte; returns the filler file (delete it to free it)."""
    filler = folder / "day-dia.bin"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        for size in (65536, 4096, 1):  # bounded: 6 GB at most, then the last pages
            for _ in range(100_000):
                try:
                    os.write(handle, b"\0" * size)
                except OSError as exc:
                    assert exc.errno == errno.ENOSPC, exc
                    break
    finally:
        os.close(handle)
    return filler


def cli(argv: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command as a user runs it, in its own process (a mount must not outlive a crash of the test)."""
    return subprocess.run(
        [sys.executable, "-m", "dvarchive", *argv], capture_output=True, text=True, encoding="utf-8",
        env={**os.environ, **(env or {})}, timeout=180,
    )


def reference(tmp_path: Path, files: dict[str, str | bytes]) -> dict[str, str]:
    """The output of a clean build of ``files``, made in a folder of its own."""
    site = write_site(tmp_path / "reference", files)
    done = cli(["build", str(site)])
    assert done.returncode == 0, done.stderr
    snapshot = tree_snapshot(site / "public")
    shutil.rmtree(site)
    return snapshot


def edit(site: Path) -> dict[str, str | bytes]:
    """A header edit (a full build); returns the site's files as they now are."""
    text = article("Nạo vét sông Tô Lịch và hồ Tây", "2024-01-09", section="Thời sự", tags=["môi trường"])
    (site / EDITED).write_text(text, "utf-8")
    return {**GOOD_FILES, EDITED: text}


def refused(site: Path, output: Path, culprit: str, contains: str, env: dict[str, str] | None = None) -> str:
    before = tree_snapshot(output)
    done = cli(["build", str(site), "-o", str(output)], env)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
    assert_named(done.stderr, culprit, contains)
    assert tree_snapshot(output) == before, "the last site changed"
    return done.stderr


def assert_named(err: str, place: str, contains: str) -> None:
    """An error line names ``place`` or a file in it, and says ``contains``."""
    rows = [row for row in err.splitlines() if row.startswith(place) and ": error: " in row and contains in row]
    assert rows, f"no '{place}…: error: …{contains}…' in:\n{err}"


FULL = "hết chỗ trên đĩa: giải phóng bớt dung lượng rồi dựng lại"


def test_a_full_disk_under_the_cache(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", GOOD_FILES)
    output = site / "public"
    with small_disk(site / ".dvarchive-cache", "4m") as folder:
        done = cli(["build", str(site)])
        assert done.returncode == 0, done.stderr
        files = edit(site)
        filler = fill(folder)
        err = refused(site, output, str(folder / "build.sqlite"), FULL)
        assert "bộ nhớ đệm" in err
        refused(site, output, str(folder / "build.sqlite"), FULL)  # again: nothing was taken as done
        filler.unlink()
        done = cli(["build", str(site)])
        assert done.returncode == 0, done.stderr
        assert tree_snapshot(output) == reference(tmp_path, files)


def test_a_full_disk_under_the_output(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", GOOD_FILES)
    with small_disk(tmp_path / "www", "8m") as disk:
        output = disk / "public"
        done = cli(["build", str(site), "-o", str(output)])
        assert done.returncode == 0, done.stderr
        files = edit(site)
        filler = fill(disk)
        refused(site, output, str(output), FULL)
        filler.unlink()
        done = cli(["build", str(site), "-o", str(output)])
        assert done.returncode == 0, done.stderr
        assert tree_snapshot(output) == reference(tmp_path, files)


def test_a_full_temporary_folder(tmp_path: Path) -> None:
    """Pagefind's input documents are written there. Python takes another
    temporary folder when TMPDIR cannot be written: the build may succeed."""
    site = write_site(tmp_path / "site", GOOD_FILES)
    output = site / "public"
    done = cli(["build", str(site)])
    assert done.returncode == 0, done.stderr
    files = edit(site)
    with small_disk(tmp_path / "tmp", "1m") as temporary:
        filler = fill(temporary)
        before = tree_snapshot(output)
        done = cli(["build", str(site)], env={"TMPDIR": str(temporary)})
        assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr
        if done.returncode == 1:
            assert_named(done.stderr, str(temporary), FULL)
            assert tree_snapshot(output) == before
        else:
            assert done.returncode == 0, done.stderr
        filler.unlink()
        done = cli(["build", str(site)], env={"TMPDIR": str(temporary)})
        assert done.returncode == 0, done.stderr
    assert tree_snapshot(output) == reference(tmp_path, files)


@pytest.mark.parametrize("where", ["output", "cache"])
def test_a_read_only_disk(tmp_path: Path, where: str) -> None:
    site = write_site(tmp_path / "site", GOOD_FILES)
    folder = tmp_path / "www" if where == "output" else site / ".dvarchive-cache"
    with small_disk(folder, "8m"):
        output = folder / "public" if where == "output" else site / "public"
        done = cli(["build", str(site), "-o", str(output)])
        assert done.returncode == 0, done.stderr
        files = edit(site)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        refused(site, output, str(output if where == "output" else folder), "ổ đĩa chỉ cho đọc")
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
        done = cli(["build", str(site), "-o", str(output)])
        assert done.returncode == 0, done.stderr
        assert tree_snapshot(output) == reference(tmp_path, files)


# --- SQLite refusing the cache at each write of a build in turn -----------------------------------

class _Refusing:
    """A cache connection whose writes fail from the ``fail_at``-th on, as on a disk that fills up."""

    writes = 0
    fail_at: int | None = None
    message = "database or disk is full"

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._connection = connection

    def _write(self) -> None:
        type(self).writes += 1
        if self.fail_at is not None and self.writes >= self.fail_at:
            raise sqlite3.OperationalError(self.message)

    def execute(self, sql: str, *args: object) -> sqlite3.Cursor:
        if not sql.lstrip().upper().startswith("SELECT"):
            self._write()
        return self._connection.execute(sql, *args)  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: object) -> sqlite3.Cursor:
        self._write()
        return self._connection.executemany(sql, rows)  # type: ignore[arg-type]

    def commit(self) -> None:
        self._write()
        self._connection.commit()

    def close(self) -> None:
        self._connection.close()


@pytest.fixture
def refusing(monkeypatch: pytest.MonkeyPatch) -> type[_Refusing]:
    real = cache_module._connect
    monkeypatch.setattr(cache_module, "_connect", lambda path: _Refusing(real(path)))
    _Refusing.writes, _Refusing.fail_at = 0, None
    return _Refusing


@pytest.mark.parametrize("message", ["database or disk is full", "attempt to write a readonly database", "disk I/O error"])
def test_the_cache_refused_at_every_write_of_a_build(
    make_site: SiteMaker, tmp_path: Path, capsys: pytest.CaptureFixture[str], refusing: type[_Refusing], message: str
) -> None:
    """Before the new output is in place: an error and the last site. After: the site, a warning.
    Either way the next build, the disk freed, equals a clean build."""
    site = make_site(dict(GOOD_FILES))
    output = site / "public"
    assert run_cli(["build", str(site), "--no-search"], capsys)[0] == 0
    versions = [dict(GOOD_FILES), edit(site)]
    expected = [tree_snapshot(output)]
    refusing.writes = 0
    assert run_cli(["build", str(site), "--no-search"], capsys)[0] == 0
    expected.append(tree_snapshot(output))
    writes = refusing.writes
    assert writes > 5
    refusing.message = message
    shown = 0
    for fail_at in range(1, writes + 1):  # one build per write, the version switching each time
        now = fail_at % 2
        write_site(site, {EDITED: versions[now][EDITED]})
        before = tree_snapshot(output)
        refusing.writes, refusing.fail_at = 0, fail_at
        code, _, err = run_cli(["build", str(site), "--no-search"], capsys)
        assert "Traceback" not in err
        if code == 1:
            assert_reported(err, str(site / ".dvarchive-cache/build.sqlite"), contains=f"({message})")
            assert tree_snapshot(output) == before, f"write {fail_at}: the last site changed"
        elif refusing.writes < fail_at:  # this version's build writes the cache fewer times: nothing refused
            assert code == 0 and not err, err
            assert tree_snapshot(output) == expected[now], f"write {fail_at}"
        else:
            assert code == 0, err
            assert "build.sqlite: warning: đã dựng xong nhưng không lưu được bộ nhớ đệm" in err, err
            assert tree_snapshot(output) == expected[now], f"write {fail_at}"
            shown += 1
        refusing.fail_at = None
        code, _, err = run_cli(["build", str(site), "--no-search"], capsys)
        assert code == 0, err
        assert tree_snapshot(output) == expected[now], f"the build after a refusal at write {fail_at}"
    assert shown, "no refusal came after the new output was in place"


def test_too_many_open_files_is_said(make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """No machine here runs out of file handles on a small site, so the refusal is injected where the output is written."""
    site = make_site(GOOD_FILES)
    code, _, err = run_cli(["build", str(site), "--no-search"], capsys)
    assert code == 0, err
    edit(site)
    before = tree_snapshot(site / "public")
    real_open = os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if ".public.new-" in os.fspath(path) and flags & os.O_CREAT:  # type: ignore[arg-type]
            raise OSError(errno.EMFILE, os.strerror(errno.EMFILE), path)
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    code, _, err = run_cli(["build", str(site), "--no-search", "--jobs", "1"], capsys)
    monkeypatch.undo()
    assert code == 1 and "Traceback" not in err
    assert_named(err, str(site / "public"), "mở quá nhiều tệp cùng lúc")
    assert tree_snapshot(site / "public") == before
    code, _, err = run_cli(["build", str(site), "--no-search"], capsys)
    assert code == 0, err
