"""What a build reads, as names, sizes and modification times.

Two equal inventories mean nothing a build reads has changed, so the last
build's output is this build's output; two that differ only in some article
files tell which articles to look at again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ..core.config import CONFIG_FILE
from ..core.layout import ARTICLES_DIR, CONTENT_DIR, THEME_STATIC, THEME_TEMPLATES, read_manifest
from ..core.parallel import run_parallel
from .fingerprints import code_fingerprint


@dataclass(frozen=True)
class Inventory:
    options: str  # dvarchive's code, the output folder, the build's options
    stamps: dict[str, str]  # input file → "size:mtime"

    def changed_files(self, before: Inventory | None) -> list[str] | None:
        """The files that changed since ``before``; None when files were added or removed, or the options changed."""
        if before is None or before.options != self.options or before.stamps.keys() != self.stamps.keys():
            return None
        return sorted(path for path, stamp in self.stamps.items() if before.stamps[path] != stamp)


def is_article(path: str) -> bool:
    """An article file, by its path in an inventory."""
    return path.startswith(ARTICLES_DIR + "/") and path[-3:].lower() == ".md"


def take_inventory(site_dir: Path, output_dir: Path, options: str) -> Inventory:
    """``options`` names the build's options: a change of them is a change of inputs."""
    options = f"{code_fingerprint()}|{output_dir.resolve()}|{options}"
    stamps = {CONFIG_FILE: _stamp(site_dir / CONFIG_FILE)}
    for folder in (CONTENT_DIR, "templates", "static"):
        stamps.update(file_stamps(site_dir, site_dir / folder))
    for theme_folder in (THEME_TEMPLATES, THEME_STATIC):
        stamps.update((f"theme:{name}", stamp) for name, stamp in file_stamps(theme_folder, theme_folder).items())
    return Inventory(options, stamps)


def files_in_output(output_dir: Path, jobs: int = 1) -> tuple[set[str], bool]:
    """The files the last build wrote that are still there, and whether all of them are
    (looked for on ``jobs`` processes: at 100,000 articles, 273,000 files take seconds)."""
    written = read_manifest(output_dir)
    if written is None:
        return set(), False
    paths = list(written)
    batches = [paths[start : start + _PATHS_AT_ONCE] for start in range(0, len(paths), _PATHS_AT_ONCE)]
    missing = [path for gone in run_parallel(partial(_missing, str(output_dir)), batches, jobs) for path in gone]
    return written.difference(missing), not missing


# Paths looked for in one go. A site of fewer than 200 batches of them (core/parallel.py)
# is looked at by this process alone: a helper would cost more than it saves.
_PATHS_AT_ONCE = 1_000


def _missing(root: str, paths: list[str]) -> list[str]:
    """Those of ``paths`` not under ``root``: os.path, not pathlib, at half the time."""
    return [path for path in paths if not os.path.exists(os.path.join(root, path))]


UNREADABLE = "!"  # starts the stamp of a folder that could not be read, before what the system said


def file_stamps(root: Path, folder: Path) -> dict[str, str]:
    """Every file below ``folder``, by its path from ``root`` with "/" between names.

    A folder that cannot be read is there too, as its path with a final "/"
    and a stamp of UNREADABLE and the system's words: its files are not
    deleted ones, and the build must stop and say so (the loader reports it),
    not answer that nothing changed.
    """
    stamps: dict[str, str] = {}
    start = os.path.relpath(folder, root).replace(os.sep, "/")
    # Names are joined as strings, not with pathlib or relpath: this runs for
    # every file of the archive at every build, and the stat calls should be
    # most of its time.
    waiting = [(str(folder), "" if start == "." else start + "/")]
    while waiting:
        directory, prefix = waiting.pop()
        try:
            entries = list(os.scandir(directory))
        except (FileNotFoundError, NotADirectoryError):
            continue  # an optional folder the site does not have, or one deleted meanwhile
        except OSError as exc:
            stamps[prefix or "./"] = UNREADABLE + (exc.strerror or str(exc))
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                waiting.append((entry.path, prefix + entry.name + "/"))
            elif not entry.is_dir() or entry.name[-3:].lower() == ".md":
                # A link to a folder is not followed (as the build does not),
                # unless it is named as an article: the loader then refuses it.
                stamps[prefix + entry.name] = _stamp(entry.path)
    return stamps


def _stamp(path: str | Path) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return "-"
    return f"{stat.st_size}:{stat.st_mtime_ns}"
