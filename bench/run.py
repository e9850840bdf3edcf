"""Benchmark dvarchive against Hugo and Pelican on generated archives.

    python bench/run.py [--articles 1000 10000] [--dvarchive CMD] [--keep DIR]
                        [--peers | --no-peers] [--hugo PATH] [--pelican PATH]
                        [--repeat R] [--seed S]

For each N: generate an archive (generate.py), then time with the wall
clock and track the peak RSS of the whole process tree (measure.py):

* dvarchive: cold build into an empty output folder, rebuild with no
  change, rebuild after one sentence is appended to one article, rebuild
  after a new article is added at the top of the archive, rebuild after one
  person's description changes in people.yaml, rebuild after the site's own
  article.html (the theme's, with one more line) is added;
* Hugo and Pelican, when installed, on the same archive (peers.py): cold
  build, then rebuild after the same one-article edit. Hugo runs twice:
  making "Tin liên quan" as dvarchive does (the peer the targets compare
  with), and, for reference, listing only the editors' related picks.

Prints the machine, the tool versions and, for each N, a Markdown table
with dvarchive's ratio to each peer, the pages and feeds each tool
produced, and how many output files each rebuild rewrote.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

import edits
import measure
from generate import Archive, article_path, describe, generate_archive, write_site
from measure import Measurement, PageCount, TreeChange
from peers import hugo_article_path, pelican_article_path, write_hugo, write_pelican

COLD, NO_CHANGE, EDIT, REGISTRY = "cold build", "no change", "one-article edit", "registry edit"
TEMPLATE, NEW = "template edit", "new article"
TARGETS_AT = 10_000
HUGO, HUGO_UNRANKED, PELICAN = "Hugo", "Hugo, no related ranking", "Pelican"


@dataclass
class ToolResult:
    """What one tool did on one archive."""

    tool: str
    runs: dict[str, Measurement] = field(default_factory=dict)
    changes: dict[str, TreeChange] = field(default_factory=dict)
    pages: PageCount | None = None
    problem: str = ""


@dataclass(frozen=True)
class Step:
    """One build: a name and the edit to make before it."""

    name: str
    prepare: Callable[[], None]


def nothing() -> None:
    """The edit before a cold build or a no-change rebuild."""


# ---------------------------------------------------------------- running


def run_steps(tool: str, command: list[str], output: Path, steps: list[Step],
              cwd: Path | None = None) -> ToolResult:
    """Run `command` once per step, after its edit; stop at the first failure."""
    result = ToolResult(tool)
    for step in steps:
        step.prepare()
        before = measure.snapshot(output)
        run = measure.run_measured(command, cwd)
        result.runs[step.name] = run
        result.changes[step.name] = measure.compare(before, measure.snapshot(output))
        print(f"  {tool:9} {step.name:17} {run.seconds:8.2f} s {run.peak_rss_mb:7.0f} MB"
              + ("" if run.ok else f"  FAILED (exit {run.returncode})"), file=sys.stderr)
        if not run.ok:
            result.problem = f"{step.name} failed (exit {run.returncode}):\n{run.output_tail}"
            break
    result.pages = measure.count_pages(output)
    return result


def bench_dvarchive(command: list[str], options: list[str], archive: Archive, work: Path) -> ToolResult:
    """Cold, no-change, one-article edit, new article, registry edit and template edit builds of dvarchive."""
    site, output = work / "site", work / "out"
    write_site(archive, site)
    article = article_path(site, edits.article_to_edit(archive))
    person = edits.person_to_edit(archive)
    steps = [
        Step(COLD, nothing), Step(NO_CHANGE, nothing),
        Step(EDIT, lambda: edits.append_sentence(article)),
        Step(NEW, lambda: edits.add_newest_article(site, archive)),
        Step(REGISTRY, lambda: edits.edit_person_description(
            site / "content" / "people.yaml", person.name)),
        Step(TEMPLATE, lambda: edits.edit_article_template(site)),
    ]
    return run_steps("dvarchive", [*command, "build", str(site), "--output", str(output), *options],
                     output, steps)


def bench_hugo(hugo: str, archive: Archive, work: Path, fill_related: bool) -> ToolResult:
    """Cold and one-article edit builds of the Hugo conversion."""
    source, output = work / "hugo", work / "out"
    write_hugo(archive, source, fill_related)
    article = hugo_article_path(source, edits.article_to_edit(archive))
    steps = [Step(COLD, nothing), Step(EDIT, lambda: edits.append_sentence(article))]
    return run_steps(HUGO if fill_related else HUGO_UNRANKED,
                     [hugo, "--source", str(source), "--destination", str(output)], output, steps)


def bench_pelican(pelican: str, archive: Archive, work: Path) -> ToolResult:
    """Cold and one-article edit builds of the Pelican conversion (cache on)."""
    source, output = work / "pelican", work / "out"
    write_pelican(archive, source)
    article = pelican_article_path(source, edits.article_to_edit(archive))
    steps = [Step(COLD, nothing), Step(EDIT, lambda: edits.append_sentence(article))]
    command = [pelican, "content", "-s", "pelicanconf.py", "-o", str(output), "--quiet"]
    return run_steps(PELICAN, command, output, steps, cwd=source)


@dataclass(frozen=True)
class Tools:
    """The commands found for each tool; None when it is missing."""

    dvarchive: list[str] | None
    hugo: str | None
    pelican: str | None
    dvarchive_options: list[str] = field(default_factory=list)  # added to `dvarchive build`


def find_tools(args: argparse.Namespace) -> Tools:
    """Locate the tools, saying which are missing and will be skipped."""
    dvarchive = shlex.split(args.dvarchive)
    if not shutil.which(dvarchive[0]):
        print(f"dvarchive: {dvarchive[0]!r} not found; skipped", file=sys.stderr)
    hugo = shutil.which(args.hugo) if args.peers else None
    if args.peers and not hugo:
        print(f"Hugo: {args.hugo!r} not found (apt-get install hugo); skipped", file=sys.stderr)
    pelican = find_pelican(args.pelican) if args.peers else None
    if args.peers and not pelican:
        print("Pelican: not found (pip install pelican markdown, or --pelican PATH); skipped",
              file=sys.stderr)
    options = [] if args.search else ["--no-search"]
    return Tools(dvarchive if shutil.which(dvarchive[0]) else None, hugo, pelican, options)


def find_pelican(given: str | None) -> str | None:
    """--pelican, else `pelican` on PATH, else next to this Python."""
    if given:
        return shutil.which(given)
    beside = Path(sys.executable).parent / "pelican"
    return shutil.which("pelican") or (str(beside) if beside.exists() else None)


@dataclass(frozen=True)
class SizeRun:
    """The results for one archive size, with what was generated and edited."""

    articles: int
    description: str
    edits: str
    results: list[ToolResult]


def describe_edits(archive: Archive) -> str:
    """Which article and which person the edits touch."""
    article = edits.article_to_edit(archive)
    person = edits.person_to_edit(archive)
    mentions = sum(1 for a in archive.articles if any(m.person == person for m in a.people))
    return (f"one-article edit: a sentence appended to {article.ref}; registry edit: "
            f"description of {person.name}, the most-named registered person "
            f"({mentions:,} articles); new article: the newest one's text under a new headline, "
            f"at the top of the archive; template edit: one more line in article.html")


def tool_benches(tools: Tools, archive: Archive) -> dict[str, Callable[[Path], ToolResult]]:
    """For each available tool, its whole sequence of builds in a given folder."""
    benches: dict[str, Callable[[Path], ToolResult]] = {}
    if tools.dvarchive:
        command, options = tools.dvarchive, tools.dvarchive_options
        benches["dvarchive"] = lambda work: bench_dvarchive(command, options, archive, work)
    if tools.hugo:
        hugo = tools.hugo
        benches[HUGO] = lambda work: bench_hugo(hugo, archive, work, fill_related=True)
        benches[HUGO_UNRANKED] = lambda work: bench_hugo(hugo, archive, work, fill_related=False)
    if tools.pelican:
        pelican = tools.pelican
        benches[PELICAN] = lambda work: bench_pelican(pelican, archive, work)
    return benches


def bench_size(articles: int, seed: int, tools: Tools, work: Path, repeat: int,
               keep: bool) -> SizeRun:
    """Generate one archive and run every available tool on it `repeat` times.

    Each round gives every tool a freshly written source tree and no output
    (so each cold build is cold, wherever a tool keeps its cache), tools
    taking turns so that a change in the machine's load hits them alike.
    """
    print(f"N = {articles}: generating …", file=sys.stderr)
    started = time.perf_counter()
    archive = generate_archive(articles, seed)
    description = f"{describe(archive)}; generated in {time.perf_counter() - started:.1f} s"
    print(f"  {description}", file=sys.stderr)
    rounds: dict[str, list[ToolResult]] = {}
    for round_number in range(1, repeat + 1):
        if repeat > 1:
            print(f"  round {round_number} of {repeat}", file=sys.stderr)
        for tool, bench in tool_benches(tools, archive).items():
            folder = work / re.sub(r"\W+", "-", tool.lower()).strip("-") / f"round{round_number}"
            rounds.setdefault(tool, []).append(bench(folder))
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
    results = [best_of(results) for results in rounds.values()]
    return SizeRun(articles, description, describe_edits(archive), results)


def largest_known(values: Iterable[float | None]) -> float | None:
    """The largest of the values that were measured, or None."""
    known = [value for value in values if value is not None]
    return max(known) if known else None


def best_of(rounds: list[ToolResult]) -> ToolResult:
    """Per step, the fastest successful round's time and the largest peak RSS."""
    last = rounds[-1]
    best = ToolResult(last.tool, changes=last.changes, pages=last.pages,
                      problem=next((r.problem for r in rounds if r.problem), ""))
    for step in rounds[0].runs:
        runs = [r.runs[step] for r in rounds if step in r.runs]
        fastest = min(runs, key=lambda run: (not run.ok, run.seconds))
        best.runs[step] = replace(
            fastest,
            peak_rss_mb=max(run.peak_rss_mb for run in runs),
            peak_pss_mb=largest_known(run.peak_pss_mb for run in runs),
            peak_largest_mb=largest_known(run.peak_largest_mb for run in runs),
        )
    return best


# ---------------------------------------------------------------- reporting


def first_line(command: list[str]) -> str:
    """The first line a command prints, or why it printed none."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unknown ({error.__class__.__name__})"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0].strip() if lines and done.returncode == 0 else "unknown"


def machine_report(tools: Tools, work_folder: Path) -> list[str]:
    """Markdown lines describing the machine and the tool versions."""
    lines = ["## Machine", "",
             f"- CPUs: {len(os.sched_getaffinity(0))} usable ({cpu_model()})",
             f"- RAM: {memory_gib():.1f} GiB",
             f"- OS: {platform.platform()}",
             f"- Python: {platform.python_version()} ({sys.executable})",
             f"- peak RSS method: {measure.RSS_METHOD}",
             f"- load average at start: {load_average()} (other work on the machine skews times)",
             f"- work folder: {work_folder} ({filesystem(work_folder)}), temporary files in its tmp/ (TMPDIR)"]
    if tools.dvarchive:
        lines.append(f"- dvarchive: {first_line([*tools.dvarchive, '--version'])}")
    if tools.hugo:
        lines.append(f"- Hugo: {first_line([tools.hugo, 'version'])}")
    if tools.pelican:
        lines.append(f"- Pelican: {first_line([tools.pelican, '--version'])}")
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


def seconds_cell(result: ToolResult | None, step: str) -> str:
    """A time in seconds, or a dash."""
    run = result.runs.get(step) if result else None
    if run is None:
        return "–"
    return f"{run.seconds:.2f}" if run.ok else f"failed ({run.seconds:.2f})"


def ratio_cell(mine: ToolResult | None, peer: ToolResult | None, step: str) -> str:
    """dvarchive's time over a peer's time for one step."""
    if not mine or not peer or step not in mine.runs or step not in peer.runs:
        return "–"
    if not (mine.runs[step].ok and peer.runs[step].ok) or peer.runs[step].seconds == 0:
        return "–"
    return f"{mine.runs[step].seconds / peer.runs[step].seconds:.3f}"


def peak_cell(result: ToolResult | None, step: str | None = None, figure: str = "peak_rss_mb") -> str:
    """A peak memory figure in MB of one step, or the largest over all steps."""
    if not result:
        return "–"
    if step is None:
        runs = list(result.runs.values())
    else:
        runs = [result.runs[step]] if step in result.runs else []
    peak = largest_known(getattr(run, figure) for run in runs)
    return "–" if peak is None else f"{peak:.0f}"


def change_cell(result: ToolResult | None, step: str) -> str:
    """Files rewritten (+ added, − removed) by one step."""
    change = result.changes.get(step) if result else None
    if change is None:
        return "–"
    extra = (f" (+{change.added})" if change.added else "") + \
            (f" (−{change.removed})" if change.removed else "")
    return f"{change.written}{extra}"


def count_cell(result: ToolResult | None, what: str) -> str:
    """Pages, feeds or files in a tool's output."""
    if not result or not result.pages:
        return "–"
    return str(getattr(result.pages, what))


def size_report(run: SizeRun, repeat: int) -> list[str]:
    """The Markdown table for one archive size."""
    articles, results = run.articles, run.results
    by_tool = {result.tool: result for result in results}
    mine = by_tool.get("dvarchive")
    peers = [by_tool[name] for name in (HUGO, HUGO_UNRANKED, PELICAN) if name in by_tool]
    tools = (mine, *peers)
    rows = [
        [f"{step} (s)", *(seconds_cell(t, step) for t in tools),
         *(ratio_cell(mine, peer, step) for peer in peers)]
        for step in (COLD, NO_CHANGE, EDIT, NEW, REGISTRY, TEMPLATE)
    ]
    per_tool: list[tuple[str, Callable[[ToolResult | None], str]]] = [
        ("peak RSS summed over processes, cold build (MB)", lambda t: peak_cell(t, COLD)),
        ("peak PSS summed over processes, cold build (MB)", lambda t: peak_cell(t, COLD, "peak_pss_mb")),
        ("peak RSS of the largest process, cold build (MB)", lambda t: peak_cell(t, COLD, "peak_largest_mb")),
        ("peak RSS summed, largest of all runs (MB)", peak_cell),
        ("output files rewritten, no change", lambda t: change_cell(t, NO_CHANGE)),
        ("output files rewritten, one-article edit", lambda t: change_cell(t, EDIT)),
        ("output files rewritten, new article", lambda t: change_cell(t, NEW)),
        ("output files rewritten, registry edit", lambda t: change_cell(t, REGISTRY)),
        ("output files rewritten, template edit", lambda t: change_cell(t, TEMPLATE)),
        ("pages (index.html)", lambda t: count_cell(t, "pages")),
        ("feeds (*.xml but sitemaps)", lambda t: count_cell(t, "feeds")),
        ("files in output", lambda t: count_cell(t, "files")),
    ]
    rows += [[label, *(cell(t) for t in tools), *([""] * len(peers))] for label, cell in per_tool]
    header = ["measurement", "dvarchive", *(peer.tool for peer in peers),
              *(f"dvarchive / {peer.tool}" for peer in peers)]
    lines = [f"## N = {articles:,} articles", "", f"Archive: {run.description}.", "",
             f"Edits: {run.edits}.", "", rounds_note(repeat), "", markdown_row(header),
             markdown_row(["---"] + ["---:"] * (len(header) - 1))]
    lines += [markdown_row(row) for row in rows]
    lines += ["", f"Load average after this size: {load_average()}.", ""]
    lines += problem_lines(results)
    if articles == TARGETS_AT and mine:
        lines += target_lines(mine, by_tool.get(HUGO))
    return lines


def rounds_note(repeat: int) -> str:
    """How the figures were taken from the rounds."""
    if repeat == 1:
        return "One round: each figure is one build."
    return (f"{repeat} rounds: times are each step's fastest round; peak RSS the largest "
            "of all rounds; file counts from the last round.")


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
    """Issue 3's targets at 10,000 articles, each met or not."""
    def seconds(result: ToolResult | None, step: str) -> float | None:
        run = result.runs.get(step) if result else None
        return run.seconds if run and run.ok else None

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


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000, 10000],
                        help="archive sizes (default: 1000 10000; 100000 on request)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--dvarchive", default="dvarchive",
                        help='dvarchive command (default "dvarchive" on PATH), '
                             'e.g. ".venv/bin/dvarchive" or "python -m dvarchive"')
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=False,
                        help="build dvarchive's search index too (default: off, as the peers build none)")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True,
                        help="also time Hugo and Pelican when installed (default: on)")
    parser.add_argument("--hugo", default="hugo", help="Hugo command (default: hugo on PATH)")
    parser.add_argument("--pelican", help="Pelican command (default: pelican on PATH "
                                          "or next to this Python)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds per size; each step reports its fastest round "
                             "(default: 1; use 3 or more on a busy machine)")
    parser.add_argument("--keep", type=Path,
                        help="work in DIR and keep the sites and outputs there "
                             "(DIR/n1000/hugo/round1/…)")
    return parser.parse_args()


def main() -> int:
    """Run the benchmark for every size asked for and print the report."""
    args = parse_args()
    if args.repeat < 1:
        print("--repeat must be at least 1", file=sys.stderr)
        return 2
    tools = find_tools(args)
    if not (tools.dvarchive or tools.hugo or tools.pelican):
        print("nothing to benchmark: no tool found", file=sys.stderr)
        return 1
    root = args.keep or Path(tempfile.mkdtemp(prefix="dvarchive-bench-"))
    # The tools' temporary files (Pagefind's input documents, Hugo's cache) go
    # on the same file system as their builds, not to a slower /tmp.
    scratch = root / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(scratch)
    report = ["# dvarchive benchmark", ""] + machine_report(tools, root)
    try:
        for articles in args.articles:
            work = root / f"n{articles}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            run = bench_size(articles, args.seed, tools, work, args.repeat, bool(args.keep))
            report += size_report(run, args.repeat)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
