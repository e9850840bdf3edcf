"""Timing, peak memory and output-tree measurements for the benchmark.

Wall time is ``time.perf_counter()`` around the command. Peak RSS is that of
the whole process tree: with psutil, a thread samples every 20 ms the RSS of
the process and all its descendants and keeps the largest sum; without
psutil, the command runs under a small Python wrapper that reports
``getrusage(RUSAGE_CHILDREN).ru_maxrss``, the peak of the largest single
process (not the sum of a tree), which is exact for single-process tools.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO

try:
    import psutil
except ImportError:  # the fallback below needs only the standard library
    psutil = None

POLL_SECONDS = 0.02
RSS_METHOD = ("psutil: sum of RSS over the process tree, sampled every 20 ms"
              if psutil else
              "getrusage(RUSAGE_CHILDREN).ru_maxrss: largest single process "
              "(install psutil for the whole tree)")

# Runs the command and reports its time and its children's peak RSS (KiB).
_WRAPPER = """\
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
with open(sys.argv[1], "w") as report:
    json.dump({"seconds": seconds, "peak_kib": peak, "code": code}, report)
"""


@dataclass(frozen=True)
class Measurement:
    """One timed run of a command."""

    seconds: float
    peak_rss_mb: float
    returncode: int
    output_tail: str

    @property
    def ok(self) -> bool:
        """Whether the command succeeded."""
        return self.returncode == 0


def run_measured(command: list[str], cwd: Path | None = None) -> Measurement:
    """Run `command` to completion, timing it and tracking its peak memory."""
    with tempfile.TemporaryFile() as log:
        if psutil is not None:
            seconds, peak_bytes, code = run_with_psutil(command, cwd, log)
        else:
            seconds, peak_bytes, code = run_with_getrusage(command, cwd, log)
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
    return Measurement(seconds, peak_bytes / 2**20, code, tail)


def run_with_psutil(command: list[str], cwd: Path | None,
                    log: IO[bytes]) -> tuple[float, int, int]:
    """Time the command while a thread samples the RSS of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    peak = [0]
    sampler = threading.Thread(target=sample_tree_rss, args=(process, peak), daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    return seconds, peak[0], code


def sample_tree_rss(process: subprocess.Popen[bytes], peak: list[int]) -> None:
    """Keep in peak[0] the largest RSS sum of `process` and its descendants."""
    try:
        root = psutil.Process(process.pid)
    except psutil.NoSuchProcess:
        return
    while process.poll() is None:
        peak[0] = max(peak[0], tree_rss(root))
        time.sleep(POLL_SECONDS)


def tree_rss(root: psutil.Process) -> int:
    """RSS in bytes of a process and all its live descendants."""
    total = 0
    try:
        members = [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # ended between listing and reading
    return total


def run_with_getrusage(command: list[str], cwd: Path | None,
                       log: IO[bytes]) -> tuple[float, int, int]:
    """Run the command under the wrapper and read back its report."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        subprocess.run([sys.executable, "-c", _WRAPPER, report.name, *command],
                       cwd=cwd, stdout=log, stderr=subprocess.STDOUT, check=False)
        result = json.load(report)
    return result["seconds"], result["peak_kib"] * 1024, result["code"]


# ---------------------------------------------------------------- output trees


def snapshot(root: Path) -> dict[str, int]:
    """Modification times (ns) of every file under `root`, by relative path."""
    times: dict[str, int] = {}
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append(Path(entry.path))
            else:
                relative = os.path.relpath(entry.path, root)
                times[relative] = entry.stat(follow_symlinks=False).st_mtime_ns
    return times


@dataclass(frozen=True)
class TreeChange:
    """How an output tree changed between two snapshots."""

    written: int
    added: int
    removed: int


def compare(before: dict[str, int], after: dict[str, int]) -> TreeChange:
    """Count files rewritten (mtime changed), added and removed."""
    written = sum(1 for path, mtime in after.items() if path in before and before[path] != mtime)
    added = sum(1 for path in after if path not in before)
    removed = sum(1 for path in before if path not in after)
    return TreeChange(written, added, removed)


@dataclass(frozen=True)
class PageCount:
    """What a build produced: pages, feeds and all files."""

    pages: int
    feeds: int
    files: int


def count_pages(root: Path) -> PageCount:
    """Count index.html pages and feed files (.xml other than sitemaps)."""
    names = [Path(path).name for path in snapshot(root)]
    pages = sum(1 for name in names if name == "index.html")
    feeds = sum(1 for name in names if name.endswith(".xml") and not name.startswith("sitemap"))
    return PageCount(pages, feeds, len(names))
