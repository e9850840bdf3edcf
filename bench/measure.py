"""Timing, peak memory and output-tree measurements for the benchmark.

Wall time is ``time.perf_counter()`` around the command. Memory, with
psutil, is sampled over the process and all its descendants (listed every
0.25 s, or less often when that would take over 2% of a core), three ways,
each keeping its peak:

* RSS summed over the tree: what the issue's target names; it counts a page
  shared by a parent and its forked workers once per process, so it
  overstates what a tree of forked processes holds;
* PSS summed over the tree (``/proc/PID/smaps_rollup`` on Linux): each shared
  page divided among the processes sharing it, so the sum is the memory the
  tree really holds;
* the RSS of the largest single process.

Without psutil, the command runs under a small Python wrapper that reports
``getrusage(RUSAGE_CHILDREN).ru_maxrss``, the peak of the largest single
process, which is exact for single-process tools.

CPU time is user + system time of the command and every descendant it
waited for (``getrusage(RUSAGE_CHILDREN)`` before and after): all the cores'
work, where wall time shows only how long it took. The 1-minute load
average is read before and after each command: other work on the machine
slows every tool, so a figure taken at a high load says so beside it.
"""

from __future__ import annotations

import json
import os
import resource
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
RSS_METHOD = ("psutil, sampled over the process tree: RSS summed and the largest single process's RSS "
              "every 20 ms; PSS summed (smaps_rollup) and the tree itself every 0.25 s, less often when "
              "reading them would take over 2% of a core"
              if psutil else
              "getrusage(RUSAGE_CHILDREN).ru_maxrss: largest single process "
              "(install psutil for the whole tree)")

# Runs the command and reports its time, its children's peak RSS (KiB) and CPU time.
_WRAPPER = """\
import json, resource, subprocess, sys, time
started = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as report:
    json.dump({"seconds": seconds, "peak_kib": usage.ru_maxrss, "code": code,
               "cpu": usage.ru_utime + usage.ru_stime}, report)
"""


@dataclass(frozen=True)
class Measurement:
    """One timed run of a command."""

    seconds: float
    peak_rss_mb: float  # RSS summed over the process tree
    returncode: int
    output_tail: str
    peak_pss_mb: float | None = None  # PSS summed over the tree, where the system tells it
    peak_largest_mb: float | None = None  # RSS of the largest single process
    cpu_seconds: float = 0.0  # user + system time of the command and its descendants
    load_before: float = 0.0  # 1-minute load average just before the command
    load_after: float = 0.0  # and just after it

    @property
    def ok(self) -> bool:
        """Whether the command succeeded."""
        return self.returncode == 0


def run_measured(command: list[str], cwd: Path | None = None) -> Measurement:
    """Run `command` to completion, timing it and tracking its peak memory and CPU time."""
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryFile() as log:
        if psutil is not None:
            before = children_cpu()
            seconds, peak, code = run_with_psutil(command, cwd, log)
            cpu = children_cpu() - before
        else:
            seconds, peak_bytes, code, cpu = run_with_getrusage(command, cwd, log)
            peak = TreeMemory(peak_bytes, None, peak_bytes)
        log.seek(0)
        tail = log.read().decode("utf-8", "replace")[-2000:]
    pss = peak.pss / 2**20 if peak.pss is not None else None
    return Measurement(seconds, peak.rss / 2**20, code, tail, pss, peak.largest / 2**20,
                       cpu, load_before, os.getloadavg()[0])


def children_cpu() -> float:
    """User + system seconds of this process's children that have ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True)
class TreeMemory:
    """Memory of a process tree at one moment, in bytes."""

    rss: int
    pss: int | None
    largest: int

    def peak(self, other: TreeMemory) -> TreeMemory:
        """Each figure's larger value."""
        pss = None if self.pss is None or other.pss is None else max(self.pss, other.pss)
        return TreeMemory(max(self.rss, other.rss), pss, max(self.largest, other.largest))


def run_with_psutil(command: list[str], cwd: Path | None,
                    log: IO[bytes]) -> tuple[float, TreeMemory, int]:
    """Time the command while a thread samples the memory of its process tree."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=log, stderr=subprocess.STDOUT)
    peak = [TreeMemory(0, 0, 0)]
    sampler = threading.Thread(target=sample_tree, args=(process, peak), daemon=True)
    sampler.start()
    code = process.wait()
    seconds = time.perf_counter() - started
    sampler.join()
    return seconds, peak[0], code


def sample_tree(process: subprocess.Popen[bytes], peak: list[TreeMemory]) -> None:
    """Keep in peak[0] the largest figures seen for `process` and its descendants."""
    try:
        root = psutil.Process(process.pid)
    except psutil.NoSuchProcess:
        return
    members = [root]
    next_thorough = 0.0
    while process.poll() is None:
        started = time.perf_counter()
        thorough = started >= next_thorough
        if thorough:
            members = tree_members(root)
        peak[0] = peak[0].peak(tree_memory(members, with_pss=thorough))
        if thorough:
            spent = time.perf_counter() - started
            next_thorough = started + max(THOROUGH_SECONDS, spent * THOROUGH_COST)
        time.sleep(POLL_SECONDS)


# Listing a process's descendants reads every process of the system, and
# reading PSS walks a process's page tables (25 ms for a process of 1.4 GB):
# done every 20 ms, either would take much of the CPU the build measured
# needs. RSS of the known processes is read every 20 ms; the process tree
# and PSS every 0.25 s, or less often so that they take at most 1/50 of a core.
THOROUGH_SECONDS = 0.25
THOROUGH_COST = 50


def tree_members(root: psutil.Process) -> list[psutil.Process]:
    """A process and its live descendants."""
    try:
        return [root] + root.children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def tree_memory(members: list[psutil.Process], with_pss: bool = True) -> TreeMemory:
    """RSS (and PSS, or 0 when not asked) of these processes, those still alive."""
    rss = largest = 0
    pss: int | None = 0
    for member in members:
        try:
            resident = member.memory_info().rss
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue  # ended since it was listed
        rss += resident
        largest = max(largest, resident)
        if with_pss:
            proportional = process_pss(member.pid)
            pss = None if pss is None or proportional is None else pss + proportional
    return TreeMemory(rss, pss, largest)


def process_pss(pid: int) -> int | None:
    """A process's proportional set size in bytes; None where the system does not tell it (not Linux)."""
    if not HAS_SMAPS_ROLLUP:
        return None
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as rollup:
            for line in rollup:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass  # it ended while being read
    return 0


HAS_SMAPS_ROLLUP = os.path.exists("/proc/self/smaps_rollup")


def run_with_getrusage(command: list[str], cwd: Path | None,
                       log: IO[bytes]) -> tuple[float, int, int, float]:
    """Run the command under the wrapper and read back its report (time, peak, exit status, CPU)."""
    with tempfile.NamedTemporaryFile("r", suffix=".json") as report:
        subprocess.run([sys.executable, "-c", _WRAPPER, report.name, *command],
                       cwd=cwd, stdout=log, stderr=subprocess.STDOUT, check=False)
        result = json.load(report)
    return result["seconds"], result["peak_kib"] * 1024, result["code"], result["cpu"]


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
    """What a build produced: pages, feeds, photo files and all files."""

    pages: int
    feeds: int
    files: int
    images: int = 0  # photos and their copies: .jpg, .jpeg, .png, .webp, .gif, .avif


IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".avif")


def count_pages(root: Path) -> PageCount:
    """Count index.html pages, feed files (.xml other than sitemaps) and image files."""
    names = [Path(path).name for path in snapshot(root)]
    pages = sum(1 for name in names if name == "index.html")
    feeds = sum(1 for name in names if name.endswith(".xml") and not name.startswith("sitemap"))
    images = sum(1 for name in names if name.lower().endswith(IMAGE_SUFFIXES))
    return PageCount(pages, feeds, len(names), images)
