"""A build killed at any moment leaves the last good site whole.

A medium site (300 generated articles, search on) is built again and again
by ``python -m dvarchive build``, its content switching between three
versions, and each build is SIGKILLed (with its workers and Pagefind) after
a random delay spread over a build's duration. After every kill the output
folder must be exactly a good build: the one before (same files, same
bytes as a reference build of that content) or, when the kill came after
the new version was in place, the new one. Every few kills, and at the
end, a build left to finish must give exactly the reference output.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from ..conftest import tree_snapshot, write_site
from ._support import medium_site_files, write_version

ARTICLES = 300
VERSIONS = (0, 1, 2)
KILLS = 22
SEED = 20260106
TIME_LIMIT = 150.0  # seconds: the test fails rather than run on


def start_build(site: Path, *extra: str) -> subprocess.Popen[bytes]:
    scratch = site.parent / "tmp"  # what a killed build leaves in its temporary folder stays in tmp_path
    scratch.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "dvarchive", "build", str(site), *extra],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "TMPDIR": str(scratch)},
        start_new_session=True,  # its own process group: the kill takes its workers and Pagefind too
    )


def finish_build(site: Path, *extra: str) -> float:
    started = time.monotonic()
    process = start_build(site, *extra)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0, err.decode("utf-8", "replace")
    return time.monotonic() - started


def test_killed_builds_leave_the_last_good_site(tmp_path: Path) -> None:
    started = time.monotonic()
    rng = random.Random(SEED)
    contents = {version: medium_site_files(ARTICLES, version) for version in VERSIONS}

    # Reference outputs, one per version, each built whole into its own site folder.
    references = [write_site(tmp_path / f"reference-{v}", contents[v]) for v in VERSIONS]
    processes = [start_build(site) for site in references]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert process.returncode == 0, err.decode("utf-8", "replace")
    expected = {v: tree_snapshot(site / "public") for v, site in zip(VERSIONS, references)}
    assert len({frozenset(snapshot.items()) for snapshot in expected.values()}) == len(VERSIONS)

    site = write_site(tmp_path / "site", contents[0])
    output = site / "public"
    duration = finish_build(site)
    assert tree_snapshot(output) == expected[0]
    in_output, in_content = 0, 0

    kills = finished = 0
    while kills < KILLS:
        assert time.monotonic() - started < TIME_LIMIT, f"only {kills} kills in {TIME_LIMIT} s"
        in_content = rng.choice([v for v in VERSIONS if v != in_content])
        write_version(site, contents[in_content])
        extra = ["--clean"] if rng.random() < 0.25 else []
        delay = rng.uniform(0.0, duration * 1.05)
        process = start_build(site, *extra)
        time.sleep(delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        else:
            finished += 1
        process.wait(timeout=60)
        if process.stderr is not None:
            process.stderr.close()

        snapshot = tree_snapshot(output)
        if snapshot == expected[in_content]:
            in_output = in_content
        assert snapshot == expected[in_output], (
            f"after a kill {delay:.2f} s into a build (kill {kills}, {extra}), the output is neither "
            f"version {in_output} nor version {in_content}: "
            + describe_difference(snapshot, expected[in_output])
        )
        if kills % 7 == 0 and process.returncode != 0:
            finish_build(site)  # the next build succeeds and gives the reference output
            assert tree_snapshot(output) == expected[in_content]
            in_output = in_content

    finish_build(site)
    assert tree_snapshot(output) == expected[in_content]
    # The content back to a version seen before: again exactly its reference.
    in_content = (in_content + 1) % len(VERSIONS)
    write_version(site, contents[in_content])
    finish_build(site)
    assert tree_snapshot(output) == expected[in_content]
    assert kills >= 20 and kills + finished >= 20


def describe_difference(actual: dict[str, str], wanted: dict[str, str]) -> str:
    missing = sorted(wanted.keys() - actual.keys())
    extra = sorted(actual.keys() - wanted.keys())
    changed = sorted(path for path in wanted.keys() & actual.keys() if wanted[path] != actual[path])
    return f"{len(missing)} missing {missing[:5]}, {len(extra)} extra {extra[:5]}, {len(changed)} changed {changed[:5]}"
