"""The dev server's watchers: they only mark the site as changed.

:class:`SiteWatcher` runs two watchfiles loops on threads its owner spawns
(so its owner can join them): one on the site folder itself, for
``dvarchive.yaml`` and the watched folders coming or going, and one on every
folder of ``content/``, ``templates/`` and ``static/``. Each sets the
``changed`` event it was given; rebuilding is the owner's business
(``serve.py``). A watcher that fails says so and starts again after a pause.

Imports: the standard library, watchfiles, ``config`` and ``errors``; never
the other ``serve`` modules (``serve.py`` imports this one).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import watchfiles

from ..core.config import CONFIG_FILE
from ..core.errors import system_diagnostic

WATCHED_DIRS = ("content", "templates", "static")
WATCH_RETRY_SECONDS = 0.5  # after a watcher's failure, doubled at each one in a row
WATCH_RETRY_MAX_SECONDS = 30.0

_Filter = Callable[[watchfiles.Change, str], bool]
Spawn = Callable[[Callable[[], object], str], threading.Thread]


class SiteWatcher:
    """Sets ``changed`` whenever something of the site changes, until ``stopping`` is set.

    ``start()`` returns once both watchers run. The tree watcher waits on its
    own event, not on ``stopping``: after setting ``stopping``, call ``wake()``.
    """

    def __init__(self, site_dir: Path, changed: threading.Event, stopping: threading.Event) -> None:
        self.site_dir = site_dir
        self._changed = changed
        self._stopping = stopping
        self._layout_changed = threading.Event()

    def start(self, spawn: Spawn) -> None:
        root_ready, tree_ready = threading.Event(), threading.Event()
        spawn(lambda: self._watch_root(root_ready), "dvarchive-watch-root")
        spawn(lambda: self._watch_tree(tree_ready), "dvarchive-watch-tree")
        # A change saved right after start() returns must not be missed.
        root_ready.wait(5)
        tree_ready.wait(5)

    def wake(self) -> None:
        """End the tree watcher's current watch (or wait), so it looks at ``stopping`` again."""
        self._layout_changed.set()

    def _watch_root(self, ready: threading.Event) -> None:
        """The site folder itself, not recursively: dvarchive.yaml and the watched folders coming or going."""

        def accept(change: watchfiles.Change, path: str) -> bool:
            name = os.path.basename(path)
            if name in WATCHED_DIRS and change is not watchfiles.Change.modified:
                self._layout_changed.set()  # the tree watcher must watch the new folder
                return True
            return name == CONFIG_FILE

        failures = 0
        while not self._stopping.is_set():
            failures = self._watch([self.site_dir], accept, _Probe(self._stopping, ready), failures)

    def _watch_tree(self, ready: threading.Event) -> None:
        """Every folder of content/, templates/ and static/, each watched alone.

        Watched recursively, the system would follow a link to a folder out of
        the site (``static/etc`` → ``/etc``) and watch all of it; so the
        folders are listed here, links not followed, and the watch starts over
        with a new list when a folder comes or goes (or after an error).
        """
        failures, again = 0, False
        while not self._stopping.is_set():
            self._layout_changed.clear()
            folders = watched_folders(self.site_dir)
            if again:
                self._changed.set()  # what was saved in a new folder before it was watched
            again = True
            if folders:
                accept = self._tree_filter({str(folder) for folder in folders})
                failures = self._watch(folders, accept, _Probe(self._layout_changed, ready), failures)
            else:
                ready.set()
                self._layout_changed.wait()

    def _tree_filter(self, folders: set[str]) -> _Filter:
        """Changes worth a rebuild; a folder coming or going also changes what is watched."""
        default = watchfiles.DefaultFilter()

        def accept(change: watchfiles.Change, path: str) -> bool:
            if not default(change, path):
                return False
            if change is not watchfiles.Change.modified and (path in folders or is_real_folder(path)):
                self._layout_changed.set()
            return True

        return accept

    def _watch(self, paths: list[Path], accept: _Filter, probe: _Probe, failures: int) -> int:
        """Watch ``paths`` (not recursively) until ``probe`` stops it; the number of failures in a row.

        Whatever goes wrong (a folder gone, too many watches, no permission) is
        said, and the caller starts again after a pause that grows with each
        failure in a row: a watcher that died would leave the server blind.
        """
        try:
            for _ in watchfiles.watch(*paths, watch_filter=accept, stop_event=probe, recursive=False, raise_interrupt=False):
                self._changed.set()
                failures = 0
            return 0
        except Exception as exc:  # noqa: BLE001 - see above
            pause = min(WATCH_RETRY_SECONDS * 2**failures, WATCH_RETRY_MAX_SECONDS)
            said = system_diagnostic(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
            print(f"dvarchive: không theo dõi được thay đổi, thử lại sau {format_seconds(pause)} giây: {said}", file=sys.stderr, flush=True)
            probe.ready.set()
            self._changed.set()  # something may have changed unseen: build once more
            self._stopping.wait(pause)
            return failures + 1


class _Probe:
    """watchfiles' stop event: the first check means the watch is running, so ``ready`` is set."""

    def __init__(self, stop: threading.Event, ready: threading.Event) -> None:
        self.stop = stop
        self.ready = ready

    def is_set(self) -> bool:
        self.ready.set()
        return self.stop.is_set()


def watched_folders(site_dir: Path) -> list[Path]:
    """Every folder of the site's content/, templates/ and static/, without following links.

    A watched folder that is itself a link is followed only if it leads to a
    folder of the site.
    """
    site = os.path.realpath(site_dir)
    found: list[Path] = []
    for name in WATCHED_DIRS:
        top = site_dir / name
        if not top.is_dir() or not Path(os.path.realpath(top)).is_relative_to(site):
            continue
        for folder, subfolders, _ in os.walk(top):  # an unreadable folder is skipped: the build says why
            subfolders[:] = [
                sub for sub in subfolders
                if sub not in watchfiles.DefaultFilter.ignore_dirs and not os.path.islink(os.path.join(folder, sub))
            ]
            found.append(Path(folder))
    return found


def is_real_folder(path: str) -> bool:
    """A folder, not a link to one."""
    return os.path.isdir(path) and not os.path.islink(path)


def format_seconds(seconds: float) -> str:
    """``1,25``: the messages are Vietnamese (also ``serve.py``'s build times)."""
    return f"{seconds:.2f}".replace(".", ",")
