"""A build killed at any moment leaves the last good site whole.

A site of generated articles (search on) is built again and again by the
``dvarchive build`` command, its content switching between three versions,
and each build is SIGKILLed (with its workers, ``cp`` and Pagefind) at a
point of its progress, not of the clock: the build runs under an audit hook
that counts what it does to files (opens, renames, links, removals, folders
made, processes started) and kills the whole process group at the Nth such
event. N is drawn over the length of the last build of that kind that was
let finish, so kills fall all along a build however slow the machine.

After every kill the output folder must be exactly a good build: the one
before (same files, same bytes as a reference build of that content) or,
when the kill came after the new version was in place, the new one. Every
few kills, and at the end, a build left to finish must give exactly the
reference output. The loop is bounded by a count of builds, never by time.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

from ..conftest import tree_snapshot, write_site
from ._support import medium_site_files, write_version

ARTICLES = 120
VERSIONS = (0, 1, 2)
KILLS = 20
ATTEMPTS = 40  # builds started to be killed; those that finish first are checked all the same
SEED = 20260106

# Runs the command under a hook that kills the build's process group at the LIMITth file event,
# and writes how many events there were to COUNT_FILE if the build ends by itself.
KILLING_RUNNER = """
import atexit, os, signal, sys
limit, count_file = int(sys.argv[1]), sys.argv[2]
events = {"open", "os.rename", "os.link", "os.symlink", "os.remove", "os.rmdir", "os.mkdir",
          "shutil.copyfile", "shutil.rmtree", "subprocess.Popen", "sqlite3.connect"}
count = 0

def hook(event, args):
    global count
    if event in events:
        count += 1
        if count == limit:
            os.killpg(0, signal.SIGKILL)

def record():
    with open(count_file, "w") as out:
        out.write(str(count))

sys.addaudithook(hook)
atexit.register(record)
from dvarchive.cli import main
sys.exit(main(sys.argv[3:]))
"""


def start_build(site: Path, limit: int = 0, count_file: Path | None = None, *extra: str) -> subprocess.Popen[bytes]:
    """``dvarchive build SITE EXTRA``, killed at its ``limit``th file event (never with 0)."""
    scratch = site.parent / "tmp"  # what a killed build leaves in its temporary folder stays in tmp_path
    scratch.mkdir(exist_ok=True)
    counted = count_file or site.parent / "events"
    return subprocess.Popen(
        [sys.executable, "-c", KILLING_RUNNER, str(limit), str(counted), "build", str(site), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)},
        start_new_session=True,  # its own process group: the kill takes its workers and Pagefind too
    )


def finish_build(site: Path, *extra: str) -> int:
    """Build to the end; the number of file events it made."""
    count_file = site.parent / "events"
    process = start_build(site, 0, count_file, *extra)
    _, err = process.communicate(timeout=300)
    assert process.returncode == 0, err.decode("utf-8", "replace")
    return int(count_file.read_text())


def test_killed_builds_leave_the_last_good_site(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    contents = {version: medium_site_files(ARTICLES, version) for version in VERSIONS}

    # Reference outputs, one per version, each built whole into its own site folder.
    references = [write_site(tmp_path / f"reference-{v}", contents[v]) for v in VERSIONS]
    processes = [start_build(site, 0, tmp_path / f"events-{v}") for v, site in zip(VERSIONS, references)]
    for process in processes:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode("utf-8", "replace")
    expected = {v: tree_snapshot(site / "public") for v, site in zip(VERSIONS, references)}
    assert len({frozenset(snapshot.items()) for snapshot in expected.values()}) == len(VERSIONS)

    site = write_site(tmp_path / "site", contents[0])
    output = site / "public"
    # How many file events a build makes depends on what the cache holds: one of each kind is measured.
    events = {"clean": finish_build(site, "--clean")}
    assert tree_snapshot(output) == expected[0]
    write_version(site, contents[1])
    events["after a build"] = events["after a kill"] = finish_build(site)
    assert tree_snapshot(output) == expected[1]
    in_output = in_content = 1

    kills = finished = 0
    count_file = tmp_path / "events"
    killed = False
    for attempt in range(ATTEMPTS):
        if kills == KILLS:
            break
        in_content = rng.choice([v for v in VERSIONS if v != in_content])
        write_version(site, contents[in_content])
        kind = "clean" if rng.random() < 0.25 else "after a kill" if killed else "after a build"
        limit = rng.randint(1, int(events[kind] * 1.05) + 1)
        count_file.unlink(missing_ok=True)
        process = start_build(site, limit, count_file, *(["--clean"] if kind == "clean" else []))
        _, err = process.communicate(timeout=300)
        killed = process.returncode != 0
        if killed:
            assert process.returncode == -9, f"the build failed by itself: {err.decode('utf-8', 'replace')}"
            kills += 1
        else:
            finished += 1
            events[kind] = int(count_file.read_text())  # the length of such a build, for the next draws

        snapshot = tree_snapshot(output)
        if snapshot == expected[in_content]:
            in_output = in_content
        assert snapshot == expected[in_output], (
            f"after a kill at file event {limit} of a {kind} build (attempt {attempt}), the output is neither "
            f"version {in_output} nor version {in_content}: " + describe_difference(snapshot, expected[in_output])
        )
        if killed and kills % 7 == 0:
            finish_build(site)  # the next build succeeds and gives the reference output
            assert tree_snapshot(output) == expected[in_content]
            in_output, killed = in_content, False

    assert kills == KILLS, f"only {kills} of {ATTEMPTS} builds killed ({finished} finished first)"
    finish_build(site)
    assert tree_snapshot(output) == expected[in_content]
    # The content back to a version seen before: again exactly its reference.
    in_content = (in_content + 1) % len(VERSIONS)
    write_version(site, contents[in_content])
    finish_build(site)
    assert tree_snapshot(output) == expected[in_content]


def describe_difference(actual: dict[str, str], wanted: dict[str, str]) -> str:
    missing = sorted(wanted.keys() - actual.keys())
    extra = sorted(actual.keys() - wanted.keys())
    changed = sorted(path for path in wanted.keys() & actual.keys() if wanted[path] != actual[path])
    return f"{len(missing)} missing {missing[:5]}, {len(extra)} extra {extra[:5]}, {len(changed)} changed {changed[:5]}"
