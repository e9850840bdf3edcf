"""What runs differently on Windows and macOS, forced here on Linux.

No Windows or macOS machine runs these tests: each forces the other
system's code path (no ``fcntl``; no one-step folder exchange, as on
Windows; helper processes spawned, not forked, as on Windows and macOS)
and checks what a user there would see.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dvarchive import build_site
from dvarchive.core.parallel import START_METHOD_VARIABLE
from dvarchive.stages import output
from dvarchive.stages.output import Staging

from ..conftest import SiteMaker, article, tree_snapshot

SITE = {
    "content/articles/mot.md": article("Tin thứ nhất", "2025-03-01T08:00:00+07:00", "Nội dung thứ nhất."),
    "content/articles/hai.md": article("Tin thứ hai", "2025-03-02T08:00:00+07:00", "Nội dung thứ hai."),
}


def test_dvarchive_runs_without_fcntl(make_site: SiteMaker, tmp_path: Path) -> None:
    """Windows has no ``fcntl``: every command, a build included, must work without it."""
    site = make_site(SITE)
    script = (
        "import sys; sys.modules['fcntl'] = None\n"  # importing it now raises ImportError, as on Windows
        "from dvarchive.cli import main\n"
        f"sys.exit(main(['build', {str(site)!r}, '--no-search', '--quiet']))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (site / "public" / "index.html").is_file()


@pytest.fixture
def no_exchange(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows: no call swaps two folders in one step."""
    monkeypatch.setattr(output, "_rename_exchange", lambda first, second: False)


def test_the_three_rename_swap_builds_what_the_one_step_swap_builds(
    make_site: SiteMaker, tmp_path: Path, no_exchange: None
) -> None:
    site = make_site(SITE)
    build_site(site, tmp_path / "out", search=False)
    (site / "content/articles/hai.md").write_text(article("Tin thứ hai, sửa", "2025-03-02T08:00:00+07:00", "Mới."), "utf-8")
    build_site(site, tmp_path / "out", search=False)
    assert "Tin thứ hai, sửa" in (tmp_path / "out" / "index.html").read_text("utf-8")
    assert not list(tmp_path.glob(".out.previous-*"))  # the old version went with the staging folder


@pytest.mark.parametrize("stop_after", [1, 2])
def test_a_swap_stopped_midway_loses_nothing(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_exchange: None, stop_after: int
) -> None:
    """Killed after the first rename (no output at all, the last site set aside) or
    after the second (the new site in place): the next build starts from a whole site."""
    site = make_site(SITE)
    out = tmp_path / "out"
    build_site(site, out, search=False)
    last = tree_snapshot(out)
    renames = 0
    real_rename = Path.rename

    def rename(self: Path, target: Path) -> Path:
        nonlocal renames
        if self.parent == tmp_path and (self.name.startswith(".out.") or self == out):
            renames += 1
            if renames > stop_after:
                raise KeyboardInterrupt  # the build dies here
        return real_rename(self, target)

    staging = Staging(out)
    staging.ready()
    staging.put("index.html", b"<p>trang moi</p>")
    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(KeyboardInterrupt):
        staging.finish(set(last) - {".dvarchive-manifest.json"}, [])
    monkeypatch.setattr(Path, "rename", real_rename)
    assert out.exists() == (stop_after == 2)
    Staging(out).abandon()  # what the next build does first
    if stop_after == 1:
        assert tree_snapshot(out) == last  # the last site is back
    else:
        assert (out / "index.html").read_bytes() == b"<p>trang moi</p>"
    assert not list(tmp_path.glob(".out.previous-*"))
    build_site(site, out, search=False, clean=True)  # a real build marks its cache before the swap
    assert "Tin thứ nhất" in (out / "index.html").read_text("utf-8")


def test_the_progress_bar_runs_no_thread_while_the_build_forks(
    make_site: SiteMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a terminal the bar is drawn as the build reports: no thread is alive
    when the build forks its workers (a fork with threads may deadlock)."""
    import io
    import threading

    from dvarchive.editors.progress import progress_bar

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setattr(sys, "stderr", Terminal())
    site = make_site(SITE)
    threads_seen: list[int] = []
    with progress_bar() as progress:
        assert progress is not None

        def report(stage: str, done: int, total: int) -> None:
            threads_seen.append(threading.active_count())
            progress(stage, done, total)

        build_site(site, tmp_path / "out", search=False, progress=report)
    assert threads_seen and set(threads_seen) == {1}


def _many_articles(count: int) -> dict[str, str]:
    """Enough articles for a build to share its parsing and rendering with helper processes."""
    return {
        f"content/articles/tin-{n:03d}.md": article(
            f"Tin số {n} về mùa lúa ở đồng bằng", f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}T08:00:00+07:00", f"Nội dung {n}."
        )
        for n in range(count)
    }


def test_a_build_as_on_windows_spawns_its_helpers_and_builds_the_same_site(make_site: SiteMaker, tmp_path: Path) -> None:
    """Windows all at once, from the command line: no ``fcntl``, helpers spawned
    (there is no fork), the output swapped in three renames."""
    site = make_site(_many_articles(260))
    script = (
        "import sys; sys.modules['fcntl'] = None\n"
        "from dvarchive.stages import output\n"
        "output._rename_exchange = lambda first, second: False\n"
        "from dvarchive.cli import main\n"
        f"sys.exit(main(['build', {str(site)!r}, '-o', {str(tmp_path / 'windows')!r}, '-j', '2', '--no-search', '--quiet']))\n"
    )
    environment = {**os.environ, START_METHOD_VARIABLE: "spawn"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr
    reference = make_site(_many_articles(260), name="reference")  # its own lock file, as above
    build_site(reference, tmp_path / "linux", jobs=1, search=False)
    assert tree_snapshot(tmp_path / "windows") == tree_snapshot(tmp_path / "linux")


def test_the_installed_command_spawns_helpers_as_on_macos(make_site: SiteMaker, tmp_path: Path) -> None:
    """A spawned helper imports the main module again: the ``dvarchive`` command's
    script must not build a second time in it."""
    command = Path(sys.executable).with_name("dvarchive")
    if not command.is_file():
        pytest.skip("dvarchive is not installed beside this Python")  # always installed by the README's test command
    site = make_site(_many_articles(260))
    environment = {**os.environ, START_METHOD_VARIABLE: "spawn"}
    done = subprocess.run(
        [str(command), "build", str(site), "-o", str(tmp_path / "mac"), "-j", "2", "--no-search"],
        capture_output=True, text=True, env=environment,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Đã dựng") == 1, done.stdout
    # The reference from a site of its own: under DVARCHIVE_TEST_AS=windows this process locks
    # with filelock's soft lock, which would wait for ever on the lock file flock leaves.
    reference = make_site(_many_articles(260), name="reference")
    build_site(reference, tmp_path / "linux", jobs=1, search=False)
    assert tree_snapshot(tmp_path / "mac") == tree_snapshot(tmp_path / "linux")
