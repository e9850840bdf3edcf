"""The only module that writes: the whole site appears at once, or not at all.

A build writes into a fresh folder beside the output and swaps it in only
when everything is written, so a failed or interrupted build leaves the last
good site as it was. The output folder carries a manifest; a folder without
one that is not empty was not made by dvarchive and is never replaced.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, OutputError

MANIFEST = ".dvarchive-manifest.json"


@dataclass(frozen=True)
class Copy:
    """A file copied as it is: a photo or a static asset."""

    source: Path
    path: str  # relative to the output folder


def check_output_folder(site_dir: Path, output_dir: Path) -> None:
    """Refuse an output folder that a build could damage by replacing it."""
    site = site_dir.resolve()
    output = output_dir.resolve()
    forbidden = {
        site: "chính thư mục trang",
        site / "content": "thư mục content/",
        site / "templates": "thư mục templates/",
        site / "static": "thư mục static/",
        Path.home().resolve(): "thư mục nhà",
        Path(output.anchor): "thư mục gốc",
    }
    reason = forbidden.get(output)
    if reason is None and site.is_relative_to(output):
        reason = "một thư mục cha của trang"
    if reason is None and output.is_relative_to(site / "content"):
        reason = "một thư mục trong content/"
    if reason is not None:
        raise OutputError([Diagnostic(str(output_dir), None, f"không thể ghi đầu ra vào {reason}: chọn thư mục khác, ví dụ public/")])
    if output.exists() and not output.is_dir():
        raise OutputError([Diagnostic(str(output_dir), None, "đầu ra không phải là một thư mục")])
    if output.is_dir() and not (output / MANIFEST).is_file() and any(output.iterdir()):
        raise OutputError(
            [Diagnostic(str(output_dir), None, "thư mục đầu ra có tệp nhưng không do dvarchive tạo: chọn thư mục khác hoặc làm trống nó")]
        )


def write_site(output_dir: Path, files: Iterable[tuple[str, bytes]], copies: Iterable[Copy]) -> int:
    """Write every file into a new folder, then put it in place of the old one."""
    output_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
    try:
        written = _fill(staging, files, copies)
        _swap(staging, output_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _fill(folder: Path, files: Iterable[tuple[str, bytes]], copies: Iterable[Copy]) -> int:
    paths: list[str] = []
    made: set[Path] = set()
    for path, data in files:
        target = _target(folder, path, made)
        target.write_bytes(data)
        paths.append(path)
    for copy in copies:
        shutil.copy2(copy.source, _target(folder, copy.path, made))
        paths.append(copy.path)
    (folder / MANIFEST).write_text(json.dumps({"files": sorted(set(paths))}, ensure_ascii=False, indent=0), "utf-8")
    return len(set(paths))


def _target(folder: Path, path: str, made: set[Path]) -> Path:
    target = folder / path
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    return target


def _swap(staging: Path, output_dir: Path) -> None:
    os.chmod(staging, 0o755)
    if not output_dir.exists():
        staging.rename(output_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.old-", dir=output_dir.parent))
    retired.rmdir()
    output_dir.rename(retired)
    staging.rename(output_dir)
    shutil.rmtree(retired, ignore_errors=True)
