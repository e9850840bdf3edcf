"""The benchmark's report: what each tool did, as Markdown tables.

``run.py`` runs the tools and hands over, for each archive size, a
``SizeRun``: per tool a ``ToolResult`` with one ``Measurement`` per step.
This module turns them into the report: the machine, then per size a table
of wall times with dvarchive's ratio to each peer, CPU time and photos,
memory and output counts, and a table of CPU time with the load average
before and after each build.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import measure
from measure import Measurement, PageCount, TreeChange

COLD, WARM, NO_CHANGE = "cold build", "cold build, photo cache warm", "no change"
EDIT, NEW, REGISTRY, TEMPLATE = "one-article edit", "new article", "registry edit", "template edit"
STEPS = (COLD, WARM, NO_CHANGE, EDIT, NEW, REGISTRY, TEMPLATE)
DVARCHIVE = "dvarchive"
DVARCHIVE_SEARCH = "dvarchive, search on"  # with Pagefind's index, beside dvarchive without it (--search)
HUGO, HUGO_UNRANKED, PELICAN = "Hugo", "Hugo, no related ranking", "Pelican (no image work)"
PEERS = (HUGO, HUGO_UNRANKED, PELICAN)
TARGETS_AT = 10_000


@dataclass
class ToolResult:
    """What one tool did on one archive."""

    tool: str
    runs: dict[str, Measurement] = field(default_factory=dict)
    changes: dict[str, TreeChange] = field(default_factory=dict)
    pages: PageCount | None = None
    problem: str = ""


@dataclass(frozen=True)
class SizeRun:
    """The results for one archive size, with what was generated and edited."""

    articles: int
    description: str
    photos: str  # how many photos, how large, how they were made
    photo_count: int  # photo files in the source (the pool's 20 in pool mode)
    photo_mode: str
    edits: str
    results: list[ToolResult]


def largest_known(values: Iterable[float | None]) -> float | None:
    """The largest of the values that were measured, or None."""
    known = [value for value in values if value is not None]
    return max(known) if known else None


# ---------------------------------------------------------------- the machine


def first_line(command: list[str]) -> str:
    """The first line a command prints, or why it printed none."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error.__class__.__name__})"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines and done.returncode == 0 else "unknown"


def machine_report(versions: dict[str, list[str]], work_folder: Path, photo_cache: Path | None) -> list[str]:
    """Markdown lines describing the machine and the tool versions (each tool's version command given)."""
    lines = ["## Machine", "",
             f"- CPUs: {len(os.sched_getaffinity(0))} usable ({cpu_model()})",
             f"- RAM: {memory_gib():.1f} GiB",
             f"- OS: {platform.platform()}",
             f"- Python: {platform.python_version()} ({sys.executable})",
             f"- peak RSS method: {measure.RSS_METHOD}",
             "- CPU time: user + system of the command and all its descendants (getrusage of the children)",
             f"- load average at start: {load_average()} (other work on the machine skews times)",
             f"- work folder: {work_folder} ({filesystem(work_folder)}), temporary files in its tmp/ (TMPDIR)"]
    if photo_cache:
        lines.append(f"- photo cache: {photo_cache} ({filesystem(photo_cache)})")
    lines += [f"- {tool}: {first_line(command)}" for tool, command in versions.items()]
    return lines + [""]


def filesystem(folder: Path) -> str:
    """The type of the file system a folder is on, as /proc/mounts names it (Linux)."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return "file system unknown"
    real = str(folder.resolve())
    best = max((m for m in mounts if real == m[1] or real.startswith(m[1].rstrip("/") + "/")),
               key=lambda m: len(m[1]), default=None)
    return f"{best[2]} on {best[1]}" if best else "file system unknown"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def memory_gib() -> float:
    """Total memory from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 2**20
    except OSError:
        pass
    return 0.0


# ---------------------------------------------------------------- cells


def good_run(result: ToolResult | None, step: str) -> Measurement | None:
    """The step's measurement when it ran and succeeded."""
    run = result.runs.get(step) if result else None
    return run if run is not None and run.ok else None


def seconds_cell(result: ToolResult | None, step: str) -> str:
    """A time in seconds, or a dash."""
    run = result.runs.get(step) if result else None
    if run is None:
        return "–"
    return f"{run.seconds:.2f}" if run.ok else f"failed ({run.seconds:.2f})"


def ratio_cell(mine: ToolResult | None, peer: ToolResult | None, step: str, figure: str = "seconds") -> str:
    """dvarchive's time (wall, or CPU) over a peer's for one step."""
    ours, theirs = good_run(mine, step), good_run(peer, step)
    if ours is None or theirs is None or getattr(theirs, figure) == 0:
        return "–"
    return f"{getattr(ours, figure) / getattr(theirs, figure):.3f}"


def cpu_cell(result: ToolResult | None, step: str) -> str:
    """CPU seconds of one step, with the load average before and after it."""
    run = good_run(result, step)
    if run is None:
        return "–"
    return f"{run.cpu_seconds:.2f} (load {run.load_before:.2f} → {run.load_after:.2f})"


def per_photo_cell(result: ToolResult | None, photos: int, marginal: bool) -> str:
    """CPU seconds per photo of the cold build; or, marginal, of its photo work alone (cold − photo cache warm)."""
    cold = good_run(result, COLD)
    warm = good_run(result, WARM)
    if cold is None or photos == 0 or (marginal and warm is None):
        return "–"
    spent = cold.cpu_seconds - (warm.cpu_seconds if marginal and warm else 0.0)
    return f"{spent / photos:.3f}"


def peak_cell(result: ToolResult | None, step: str | None = None, figure: str = "peak_rss_mb") -> str:
    """A peak memory figure in MB of one step, or the largest over all steps."""
    if not result:
        return "–"
    runs = list(result.runs.values()) if step is None else [result.runs[step]] if step in result.runs else []
    peak = largest_known(getattr(run, figure) for run in runs)
    return "–" if peak is None else f"{peak:.0f}"


def memory_cell(result: ToolResult | None, step: str) -> str:
    """A step's peak memory in MB: RSS summed over the process tree, PSS summed, the largest process's RSS."""
    run = result.runs.get(step) if result else None
    if run is None:
        return "–"
    pss = "–" if run.peak_pss_mb is None else f"{run.peak_pss_mb:.0f}"
    largest = "–" if run.peak_largest_mb is None else f"{run.peak_largest_mb:.0f}"
    return f"{run.peak_rss_mb:.0f} / {pss} / {largest}"


def change_cell(result: ToolResult | None, step: str) -> str:
    """Files rewritten (+ added, − removed) by one step."""
    change = result.changes.get(step) if result else None
    if change is None:
        return "–"
    extra = (f" (+{change.added})" if change.added else "") + (f" (−{change.removed})" if change.removed else "")
    return f"{change.written}{extra}"


def count_cell(result: ToolResult | None, what: str) -> str:
    """Pages, feeds, images or files in a tool's output."""
    if not result or not result.pages:
        return "–"
    return str(getattr(result.pages, what))


# ---------------------------------------------------------------- one size


def size_report(run: SizeRun, repeat: int) -> list[str]:
    """The Markdown tables for one archive size."""
    by_tool = {result.tool: result for result in run.results}
    mine = by_tool.get(DVARCHIVE)
    searched = by_tool.get(DVARCHIVE_SEARCH)
    peers = [by_tool[name] for name in PEERS if name in by_tool]
    tools = (mine, *([searched] if searched else []), *peers)
    # Ratio columns: search on over off, then dvarchive over each peer.
    ratios: list[tuple[ToolResult | None, ToolResult | None]] = [(searched, mine)] if searched else []
    ratios += [(mine, p) for p in peers]
    steps = [step for step in STEPS if any(step in t.runs for t in run.results)]
    rows = [[f"{step} (s)", *(seconds_cell(t, step) for t in tools), *(ratio_cell(a, b, step) for a, b in ratios)]
            for step in steps]
    rows.append(["CPU-s per photo, cold build", *(per_photo_cell(t, run.photo_count, False) for t in tools),
                 *(ratio_cell(a, b, COLD, "cpu_seconds") for a, b in ratios)])
    rows.append(["photo work, CPU-s per photo (cold − photo cache warm)",
                 *(per_photo_cell(t, run.photo_count, True) for t in tools), *([""] * len(ratios))])
    per_tool: list[tuple[str, Callable[[ToolResult | None], str]]] = [
        ("peak RSS summed over processes, cold build (MB)", lambda t: peak_cell(t, COLD)),
        ("peak PSS summed over processes, cold build (MB)", lambda t: peak_cell(t, COLD, "peak_pss_mb")),
        ("peak RSS of the largest process, cold build (MB)", lambda t: peak_cell(t, COLD, "peak_largest_mb")),
        ("peak RSS summed, largest of all runs (MB)", peak_cell),
        *((f"output files rewritten, {step}", lambda t, step=step: change_cell(t, step))
          for step in steps if step not in (COLD, WARM)),
        ("pages (index.html)", lambda t: count_cell(t, "pages")),
        ("feeds (*.xml but sitemaps)", lambda t: count_cell(t, "feeds")),
        ("image files (photos, their copies, a theme's own)", lambda t: count_cell(t, "images")),
        ("files in output", lambda t: count_cell(t, "files")),
    ]
    rows += [[label, *(cell(t) for t in tools), *([""] * len(ratios))] for label, cell in per_tool]
    named = [t.tool for t in tools if t is not None]
    ratio_names = [("search on / off" if a is searched else f"dvarchive / {b.tool}") for a, b in ratios if b is not None]
    header = ["measurement", *named, *ratio_names]
    lines = [f"## N = {run.articles:,} articles, photos: {run.photo_mode}", "",
             f"Archive: {run.description}.", "", f"Photos: {run.photos}.", "",
             f"Edits: {run.edits}.", "", rounds_note(repeat), "", *table(header, rows), "",
             "CPU seconds (user + system, the whole process tree) and the 1-minute load average "
             "before → after each build:", "",
             *table(["build", *named, *(f"{name}, CPU" for name in ratio_names)],
                    [[step, *(cpu_cell(t, step) for t in tools),
                      *(ratio_cell(a, b, step, "cpu_seconds") for a, b in ratios)] for step in steps]),
             "", "Peak memory of each build, MB: RSS summed over the process tree / PSS summed / "
             "RSS of the largest process:", "",
             *table(["build", *named],
                    [[f"{step}, peak memory", *(memory_cell(t, step) for t in tools if t is not None)] for step in steps]),
             "", f"Load average after this size: {load_average()}.", ""]
    lines += problem_lines(run.results)
    if run.articles == TARGETS_AT and mine and run.photo_mode == "pool":
        lines += target_lines(mine, by_tool.get(HUGO))
        if searched:
            lines += search_target_lines(mine, searched)
    return lines


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A Markdown table, the first column left-aligned and the others right."""
    return [markdown_row(header), markdown_row(["---"] + ["---:"] * (len(header) - 1)),
            *(markdown_row(row) for row in rows)]


def rounds_note(repeat: int) -> str:
    """How the figures were taken from the rounds."""
    if repeat == 1:
        return "One round: each figure is one build."
    return (f"{repeat} rounds: times are each step's fastest round (its CPU time and load beside it); "
            "peak RSS the largest of all rounds; file counts from the last round.")


def markdown_row(cells: list[str]) -> str:
    """One Markdown table row."""
    return "| " + " | ".join(cells) + " |"


def problem_lines(results: list[ToolResult]) -> list[str]:
    """The failures, with the end of each failing tool's output."""
    lines = []
    for result in results:
        if result.problem:
            lines += [f"**{result.tool}**: {result.problem.splitlines()[0]}", "", "```",
                      *result.problem.splitlines()[1:][-15:], "```", ""]
    return lines


def target_lines(mine: ToolResult, hugo: ToolResult | None) -> list[str]:
    """Issue 3's targets at 10,000 articles (the pool archive they were set for), each met or not."""
    def seconds(result: ToolResult | None, step: str) -> float | None:
        run = good_run(result, step)
        return run.seconds if run else None

    cold, edit, same = seconds(mine, COLD), seconds(mine, EDIT), seconds(mine, NO_CHANGE)
    hugo_cold = seconds(hugo, COLD)
    peak = max((run.peak_rss_mb for run in mine.runs.values()), default=None)
    pss = largest_known(run.peak_pss_mb for run in mine.runs.values())
    checks = [
        ("cold build ≤ 10 s", cold, cold is not None and cold <= 10),
        ("cold build ≤ 0.3 × Hugo's", cold,
         cold is not None and hugo_cold is not None and cold <= 0.3 * hugo_cold),
        ("one-article edit ≤ 1 s", edit, edit is not None and edit <= 1),
        ("no-change rebuild ≤ 0.5 s", same, same is not None and same <= 0.5),
        ("peak RSS, all processes, ≤ 600 MB", peak, peak is not None and peak <= 600),
    ]
    lines = ["Targets at 10,000 articles:", ""]
    for label, value, met in checks:
        shown = "not measured" if value is None else f"{value:.2f}"
        if label.startswith("cold build ≤ 0.3"):
            shown += f" (0.3 × Hugo = {0.3 * hugo_cold:.2f})" if hugo_cold else " (no Hugo time)"
        if label.startswith("peak RSS") and pss is not None:
            shown += f" (PSS summed: {pss:.0f})"
        lines.append(f"- {label}: {shown} — {'met' if met else 'NOT met'}")
    return lines + [""]


def search_target_lines(mine: ToolResult, searched: ToolResult) -> list[str]:
    """Issue 19's search targets at 10,000 articles, each met or not: the cold build
    with search ≤ 1.5 × the same build without, and a one-article edit with search ≤ 1.5 s
    (the benchmark edits an article from the middle of the archive: an old year's)."""
    cold, cold_searched, edit = good_run(mine, COLD), good_run(searched, COLD), good_run(searched, EDIT)
    lines = ["Search targets at 10,000 articles (search on against off, in the same run):", ""]
    if cold is None or cold_searched is None:
        lines.append("- cold build with search ≤ 1.5 × without: not measured — NOT met")
    else:
        ratio, cpu_ratio = cold_searched.seconds / cold.seconds, cold_searched.cpu_seconds / cold.cpu_seconds
        lines.append(f"- cold build with search ≤ 1.5 × without: {cold_searched.seconds:.2f} s / {cold.seconds:.2f} s "
                     f"= {ratio:.2f} (CPU: {cold_searched.cpu_seconds:.1f} / {cold.cpu_seconds:.1f} CPU-s = {cpu_ratio:.2f})"
                     f" — {'met' if ratio <= 1.5 else 'NOT met'}")
    shown = "not measured" if edit is None else f"{edit.seconds:.2f} s ({edit.cpu_seconds:.2f} CPU-s)"
    met = edit is not None and edit.seconds <= 1.5
    lines.append(f"- one-article edit with search ≤ 1.5 s: {shown} — {'met' if met else 'NOT met'}")
    return lines + [""]
