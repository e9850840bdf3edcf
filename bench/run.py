"""Benchmark dvarchive against Hugo and Pelican on generated archives, photos included.

    python bench/run.py [--articles N …] [--photos real|small|pool] [--photo-cache DIR]
                        [--dvarchive CMD] [--work DIR | --keep DIR] [--peers | --no-peers]
                        [--hugo PATH] [--pelican PATH] [--unranked | --no-unranked]
                        [--repeat R] [--seed S] [--jobs J]

For each N: generate an archive (generate.py) with its photos (photos.py:
every article's own by default, made once into the photo cache), then time
each build with the wall clock and the CPU time of the whole process tree,
and track its peak memory (measure.py), the load average before and after:

* dvarchive: cold build (no output, no cache: every photo's copies made),
  cold build with the photo cache warm (everything removed but the photo
  store, PHOTO_STORE below), rebuild with no change, after one sentence is
  appended to one article, after a new article is added at the top of the
  archive, after one person's description changes in people.yaml, after the
  site's own article.html (the theme's, with one more line) is added;
* Hugo and Pelican, when installed, on the same archive (peers.py): cold
  build; Hugo's cold build with its photo cache warm (``resources/_gen``
  kept, ``public/`` removed); the same one-article edit. Hugo makes the
  photos' copies dvarchive makes; Pelican copies them as they are (it does
  no image work: its column says so). Hugo runs once more, for reference,
  listing only the editors' related picks (by default with the pool photos
  only, where that run is cheap).

Prints the machine, the tool versions and, for each N, Markdown tables with
dvarchive's ratio to each peer, CPU seconds (per photo too), memory, the
pages, feeds and photo files each tool produced, how many output files each
rebuild rewrote, and the load average around every build.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import edits
import measure
from generate import (
    PHOTO_MODES,
    POOL,
    REAL,
    Archive,
    article_path,
    describe,
    describe_photos,
    generate_archive,
    make_photos,
    write_site,
)
from peers import hugo_article_path, pelican_article_path, write_hugo, write_pelican
from report import (
    COLD,
    DVARCHIVE,
    DVARCHIVE_SEARCH,
    EDIT,
    HUGO,
    HUGO_UNRANKED,
    NEW,
    NO_CHANGE,
    PELICAN,
    REGISTRY,
    STEPS,
    TEMPLATE,
    WARM,
    SizeRun,
    ToolResult,
    largest_known,
    machine_report,
    size_report,
)

# --steps: the short names of dvarchive's builds.
STEP_NAMES = dict(zip(("cold", "warm", "no-change", "edit", "new", "registry", "template"), STEPS))

# Where dvarchive keeps the photos' copies between builds, relative to the site: what the
# "photo cache warm" build keeps (everything else of the cache, and the output, removed).
CACHE_DIR = Path(".dvarchive-cache")
PHOTO_STORE = CACHE_DIR / "photos"  # photo_store: in dvarchive.yaml, by default (stages/photo_store.py)
HUGO_PHOTO_CACHE = Path("resources") / "_gen"  # Hugo's processed images, relative to its source


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
        print(f"  {tool[:9]:9} {step.name[:28]:28} {run.seconds:8.2f} s {run.cpu_seconds:8.2f} CPU-s "
              f"{run.peak_rss_mb:7.0f} MB (PSS {run.peak_pss_mb or 0:.0f})  load {run.load_before:.2f} → {run.load_after:.2f}"
              + ("" if run.ok else f"  FAILED (exit {run.returncode})"), file=sys.stderr)
        if not run.ok:
            result.problem = f"{step.name} failed (exit {run.returncode}):\n{run.output_tail}"
            break
    result.pages = measure.count_pages(output)
    return result


def keep_only(folder: Path, kept: Path) -> None:
    """Remove everything under `folder` but `kept` (a path below it) and the folders leading to it."""
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        if entry == kept:
            continue
        if entry.is_dir() and not entry.is_symlink() and kept.is_relative_to(entry):
            keep_only(entry, kept)
        elif entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def warm_dvarchive(site: Path, output: Path) -> None:
    """Before the "photo cache warm" build: no output, and of the cache the photo store alone."""
    shutil.rmtree(output, ignore_errors=True)
    keep_only(site / CACHE_DIR, site / PHOTO_STORE)


def bench_dvarchive(command: list[str], options: list[str], archive: Archive, work: Path,
                    photo_cache: Path | None, tool: str = DVARCHIVE, only: tuple[str, ...] = STEPS) -> ToolResult:
    """Cold, photo-cache-warm, no-change, one-article edit, new article, registry and template builds
    (those of them named in ``only``: the cold build always, as every other starts from its output)."""
    site, output = work / "site", work / "out"
    write_site(archive, site, photo_cache)
    article = article_path(site, edits.article_to_edit(archive))
    person = edits.person_to_edit(archive)
    steps = [
        Step(COLD, nothing),
        Step(WARM, lambda: warm_dvarchive(site, output)),
        Step(NO_CHANGE, nothing),
        Step(EDIT, lambda: edits.append_sentence(article)),
        Step(NEW, lambda: edits.add_newest_article(site, archive)),
        Step(REGISTRY, lambda: edits.edit_person_description(site / "content" / "people.yaml", person.name)),
        Step(TEMPLATE, lambda: edits.edit_article_template(site)),
    ]
    steps = [step for step in steps if step.name == COLD or step.name in only]
    return run_steps(tool, [*command, "build", str(site), "--output", str(output), *options], output, steps)


def bench_hugo(hugo: str, archive: Archive, work: Path, fill_related: bool, photo_cache: Path | None) -> ToolResult:
    """Cold, photo-cache-warm and one-article edit builds of the Hugo conversion."""
    source, output, cache = work / "hugo", work / "out", work / "hugo-cache"
    write_hugo(archive, source, fill_related, photo_cache)
    article = hugo_article_path(source, edits.article_to_edit(archive))

    def cold() -> None:
        for folder in (output, cache, source / HUGO_PHOTO_CACHE):
            shutil.rmtree(folder, ignore_errors=True)

    steps = [Step(COLD, cold), Step(WARM, lambda: shutil.rmtree(output, ignore_errors=True)),
             Step(EDIT, lambda: edits.append_sentence(article))]
    command = [hugo, "--source", str(source), "--destination", str(output), "--cacheDir", str(cache)]
    return run_steps(HUGO if fill_related else HUGO_UNRANKED, command, output, steps)


def bench_pelican(pelican: str, archive: Archive, work: Path, photo_cache: Path | None) -> ToolResult:
    """Cold and one-article edit builds of the Pelican conversion (content cache on; no image work)."""
    source, output = work / "pelican", work / "out"
    write_pelican(archive, source, photo_cache)
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
    search: bool = False  # dvarchive with its search index too, beside dvarchive without (--no-search)
    unranked: bool | None = None  # Hugo's reference run too; None: with the pool photos only
    steps: tuple[str, ...] = STEPS  # dvarchive's builds to run, in this order (--steps)

    def versions(self) -> dict[str, list[str]]:
        """Each tool found, with the command that prints its version."""
        found = {DVARCHIVE: [*self.dvarchive, "--version"]} if self.dvarchive else {}
        found |= {HUGO: [self.hugo, "version"]} if self.hugo else {}
        return found | ({PELICAN: [self.pelican, "--version"]} if self.pelican else {})


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
    return Tools(dvarchive if shutil.which(dvarchive[0]) else None, hugo, pelican, args.search, args.unranked,
                 tuple(step for step in STEPS if step in {STEP_NAMES[name] for name in args.steps}))


def find_pelican(given: str | None) -> str | None:
    """--pelican, else `pelican` on PATH, else next to this Python."""
    if given:
        return shutil.which(given)
    beside = Path(sys.executable).parent / "pelican"
    return shutil.which("pelican") or (str(beside) if beside.exists() else None)


def describe_edits(archive: Archive) -> str:
    """Which article and which person the edits touch."""
    article = edits.article_to_edit(archive)
    person = edits.person_to_edit(archive)
    mentions = sum(1 for a in archive.articles if any(m.person == person for m in a.people))
    return (f"one-article edit: a sentence appended to {article.ref}; registry edit: "
            f"description of {person.name}, the most-named registered person "
            f"({mentions:,} articles); new article: the newest one's text (and photos) under a new "
            f"headline, at the top of the archive; template edit: one more line in article.html")


def tool_benches(tools: Tools, archive: Archive,
                 photo_cache: Path | None) -> dict[str, Callable[[Path], ToolResult]]:
    """For each available tool, its whole sequence of builds in a given folder."""
    benches: dict[str, Callable[[Path], ToolResult]] = {}
    if tools.dvarchive:
        command = tools.dvarchive
        only = tools.steps
        benches[DVARCHIVE] = lambda work: bench_dvarchive(command, ["--no-search"], archive, work, photo_cache,
                                                          only=only)
        if tools.search:
            benches[DVARCHIVE_SEARCH] = lambda work: bench_dvarchive(command, [], archive, work, photo_cache,
                                                                     DVARCHIVE_SEARCH, only)
    if tools.hugo:
        hugo = tools.hugo
        benches[HUGO] = lambda work: bench_hugo(hugo, archive, work, True, photo_cache)
        unranked = tools.unranked if tools.unranked is not None else archive.photo_mode == POOL
        if unranked:
            benches[HUGO_UNRANKED] = lambda work: bench_hugo(hugo, archive, work, False, photo_cache)
    if tools.pelican:
        pelican = tools.pelican
        benches[PELICAN] = lambda work: bench_pelican(pelican, archive, work, photo_cache)
    return benches


def bench_size(articles: int, seed: int, photos: str, tools: Tools, work: Path, repeat: int, keep: bool,
               photo_cache: Path | None, jobs: int | None) -> SizeRun:
    """Generate one archive and its photos, and run every available tool on it `repeat` times.

    Each round gives every tool a freshly written source tree and no output
    (so each cold build is cold, wherever a tool keeps its cache), tools
    taking turns so that a change in the machine's load hits them alike.
    """
    print(f"N = {articles}, photos {photos}: generating …", file=sys.stderr)
    started = time.perf_counter()
    archive = generate_archive(articles, seed, photos)
    description = f"{describe(archive)}; generated in {time.perf_counter() - started:.1f} s"
    print(f"  {description}", file=sys.stderr)
    started = time.perf_counter()
    made = make_photos(archive, photo_cache, jobs)
    photo_text = describe_photos(archive, photo_cache)
    if archive.photo_mode != POOL and made:
        photo_text += (f"; {made:,} made in {time.perf_counter() - started:.1f} s "
                       f"(on {jobs or os.cpu_count()} processes), the others taken from the photo cache")
    elif archive.photo_mode != POOL:
        photo_text += "; all taken from the photo cache"
    print(f"  {photo_text}", file=sys.stderr)
    rounds: dict[str, list[ToolResult]] = {}
    for round_number in range(1, repeat + 1):
        if repeat > 1:
            print(f"  round {round_number} of {repeat}", file=sys.stderr)
        for tool, bench in tool_benches(tools, archive, photo_cache).items():
            folder = work / re.sub(r"\W+", "-", tool.lower()).strip("-") / f"round{round_number}"
            rounds.setdefault(tool, []).append(bench(folder))
            if not keep:
                shutil.rmtree(folder, ignore_errors=True)
    results = [best_of(results) for results in rounds.values()]
    photo_count = len(archive.own_photos())  # 0 with the pool: no per-photo figures
    return SizeRun(articles, description, photo_text, photo_count, photos, describe_edits(archive), results)


def best_of(rounds: list[ToolResult]) -> ToolResult:
    """Per step, the fastest successful round's time (with its CPU time and load) and the largest peak RSS."""
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


# ---------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, nargs="+",
                        help="archive sizes (default: 1000 with real photos; 1000 10000 with small or pool ones)")
    parser.add_argument("--photos", choices=PHOTO_MODES, default=REAL,
                        help="real: every article 1–3 camera-like photos of its own, 1600–2400 px, 0.3–1.5 MB "
                             "(default); small: as many of 320×213 px; pool: 20 shared tiny JPEGs (speed-only runs)")
    parser.add_argument("--photo-cache", type=Path,
                        help="folder keeping the made photos between runs (default "
                             "~/.cache/dvarchive-bench/photos); on the work folder's file system, "
                             "photos are hard-linked into each tree instead of copied")
    parser.add_argument("--jobs", type=int, help="processes making photos (default: all cores)")
    parser.add_argument("--seed", type=int, default=1, help="generator seed")
    parser.add_argument("--dvarchive", default="dvarchive",
                        help='dvarchive command (default "dvarchive" on PATH), '
                             'e.g. ".venv/bin/dvarchive" or "python -m dvarchive"')
    parser.add_argument("--search", action=argparse.BooleanOptionalAction, default=False,
                        help="also run dvarchive with its search index (Pagefind), reported beside dvarchive "
                             "without it, with the ratio and issue 19's search targets (default: off: "
                             "dvarchive builds without search, as the peers build none)")
    parser.add_argument("--peers", action=argparse.BooleanOptionalAction, default=True,
                        help="also time Hugo and Pelican when installed (default: on)")
    parser.add_argument("--hugo", default="hugo", help="Hugo command (default: hugo on PATH)")
    parser.add_argument("--pelican", help="Pelican command (default: pelican on PATH "
                                          "or next to this Python)")
    parser.add_argument("--unranked", action=argparse.BooleanOptionalAction, default=None,
                        help="also run Hugo listing only the editors' related picks, for reference "
                             "(default: with --photos pool only)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds per size; each step reports its fastest round "
                             "(default: 1; use 3 or more on a busy machine)")
    parser.add_argument("--steps", nargs="+", choices=list(STEP_NAMES), default=list(STEP_NAMES),
                        help="dvarchive's builds to run (default: all); the cold build always runs. "
                             "At 300,000 articles, e.g. --steps cold no-change edit new")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--work", type=Path,
                       help="work in DIR (e.g. /dev/shm/bench: tmpfs), removing each tool's trees once timed")
    where.add_argument("--keep", type=Path,
                       help="work in DIR and keep the sites and outputs there (DIR/n1000/hugo/round1/…)")
    args = parser.parse_args()
    if args.articles is None:
        args.articles = [1000] if args.photos == REAL else [1000, 10000]
    return args


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
    root = args.keep or args.work or Path(tempfile.mkdtemp(prefix="dvarchive-bench-"))
    # The tools' temporary files (Pagefind's input documents, Hugo's cache) go
    # on the same file system as their builds, not to a slower /tmp.
    scratch = root / "tmp"
    scratch.mkdir(parents=True, exist_ok=True)
    os.environ["TMPDIR"] = str(scratch)
    photo_cache = None if args.photos == POOL else (args.photo_cache or default_photo_cache())
    report = ["# dvarchive benchmark", ""] + machine_report(tools.versions(), root, photo_cache)
    try:
        for articles in args.articles:
            work = root / f"n{articles}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            run = bench_size(articles, args.seed, args.photos, tools, work, args.repeat, bool(args.keep),
                             photo_cache, args.jobs)
            report += size_report(run, args.repeat)
    finally:
        if not args.keep:
            for folder in (scratch, *(root / f"n{articles}" for articles in args.articles)):
                shutil.rmtree(folder, ignore_errors=True)
            if not args.work:
                shutil.rmtree(root, ignore_errors=True)
    print("\n".join(report))
    return 0


def default_photo_cache() -> Path:
    """The photo cache when none is given (photos.py, which imports Pillow, says where)."""
    import photos

    return photos.default_cache()


if __name__ == "__main__":
    sys.exit(main())
