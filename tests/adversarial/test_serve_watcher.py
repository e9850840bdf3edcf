"""The dev server's watcher (issue 15, point 5): it never leaves the site,
survives every error it meets, and the server recovers once the cause is gone.

A folder link out of the site (``static/etc`` → ``/etc``) used to be watched
whole: the watcher met a folder it could not read, died, and the server
answered 500 until restarted. Waits poll a bounded number of times.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import watchfiles

from dvarchive.editors import serve_watch
from dvarchive.editors.serve import DevServer

from ..test_serve import ARTICLE, ARTICLE_URL, article_text, fetch, running, save, write_site

TRIES = 600  # polls, 0.05 s apart when nothing happens: about 30 s at worst on an idle machine


def poll(condition: Callable[[], bool], what: str, tries: int = TRIES) -> None:
    for _ in range(tries):
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"never came: {what}")


def watched_inodes() -> list[int]:
    """The inodes this process's inotify instances watch (Linux: /proc/self/fdinfo)."""
    found = []
    for fd in os.listdir("/proc/self/fdinfo"):
        try:
            with open(f"/proc/self/fdinfo/{fd}") as info:
                rows = info.read().splitlines()
        except OSError:
            continue
        for row in rows:
            if row.startswith("inotify wd:"):
                fields = dict(part.split(":", 1) for part in row.split()[1:] if ":" in part)
                found.append(int(fields["ino"], 16))
    return found


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = write_site(tmp_path / "site")
    (root / "static").mkdir()
    return root


def outside_tree(tmp_path: Path) -> set[int]:
    """A folder outside the site with folders in it; their inodes."""
    outside = tmp_path / "ngoai"
    for relative in ("a/b/c", "d/e", "f"):
        (outside / relative).mkdir(parents=True)
    return {os.stat(folder).st_ino for folder in [outside, *outside.rglob("*")] if folder.is_dir()}


def shows(server: DevServer, title: str) -> bool:
    status, _, body = fetch(server, ARTICLE_URL)
    return status == 200 and title.encode() in body


def test_a_folder_link_out_of_the_site_is_never_watched(site: Path, tmp_path: Path) -> None:
    if not os.path.isdir("/proc/self/fdinfo"):
        pytest.skip("needs Linux's /proc")
    outside = outside_tree(tmp_path)
    before = len(watched_inodes())
    with running(site) as server:
        builds = server.builds
        (site / "static/ngoai").symlink_to(tmp_path / "ngoai", target_is_directory=True)
        (site / "static/etc").symlink_to("/etc", target_is_directory=True)
        new = site / "static/moi"
        new.mkdir()  # a folder coming: the watch starts over, with the links there
        poll(lambda: os.stat(new).st_ino in watched_inodes(), "the new folder watched")
        poll(lambda: server.builds > builds, "a build")
        watched = watched_inodes()
        assert not outside & set(watched), "a folder outside the site is watched"
        folders = len(serve_watch.watched_folders(site))
        assert len(watched) - before <= folders + 1, f"{len(watched) - before} watches for {folders} folders and the site"
        (site / "static/ngoai").unlink()
        (site / "static/etc").unlink()
        poll(lambda: fetch(server, ARTICLE_URL)[0] == 200, "the page again once the links are gone")
        save(new / "ghi-chu.txt", "một")
        poll(lambda: fetch(server, "/moi/ghi-chu.txt")[2] == "một".encode(), "a file in the new folder")


def test_a_link_to_etc_then_removed_the_server_recovers(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's case, with a file link too so that the build fails while the links are there."""
    with running(site) as server:
        (site / "static/etc").symlink_to("/etc", target_is_directory=True)
        (site / "static/hostname").symlink_to("/etc/hostname")
        poll(lambda: fetch(server, ARTICLE_URL)[0] == 500, "the error page")
        assert "static/hostname" in fetch(server, ARTICLE_URL)[2].decode()
        (site / "static/etc").unlink()
        (site / "static/hostname").unlink()
        poll(lambda: fetch(server, ARTICLE_URL)[0] == 200, "the page again once the links are gone")
        save(site / ARTICLE, article_text("Bài sửa sau đó"))  # and it still watches
        poll(lambda: shows(server, "Bài sửa sau đó"), "the edited article")
    assert "Traceback" not in capsys.readouterr().err


def failing_watch(failures: int, error: Exception) -> Callable[..., Iterator[set[tuple[watchfiles.Change, str]]]]:
    """watchfiles.watch, failing the first ``failures`` times it is started on the site's folders."""
    real = watchfiles.watch
    left = [failures]

    def watch(*paths: object, **options: object) -> Iterator[set[tuple[watchfiles.Change, str]]]:
        if left[0] > 0 and not options.get("recursive", True) and len(paths) > 1:
            left[0] -= 1
            raise error
        yield from real(*paths, **options)  # type: ignore[arg-type]

    return watch


@pytest.mark.parametrize(
    "error",
    [PermissionError(13, "Permission denied", "/etc/ssl/private"), OSError(28, "inotify watch limit reached"), RuntimeError("notify")],
    ids=["permission", "watch limit", "other"],
)
def test_the_watcher_survives_its_errors(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    monkeypatch.setattr(serve_watch, "WATCH_RETRY_SECONDS", 0.01)
    monkeypatch.setattr(serve_watch.watchfiles, "watch", failing_watch(3, error))
    with running(site) as server:
        poll(lambda: "không theo dõi được thay đổi, thử lại sau" in capsys.readouterr().err, "the watcher's failure said")
        for round_ in range(2):  # after the failures, and again: it keeps watching
            save(site / ARTICLE, article_text(f"Bài sửa lần {round_}"))
            poll(lambda: shows(server, f"Bài sửa lần {round_}"), f"edit {round_}")
