"""Work shared between this process and its helpers, forked or spawned: same results, errors raised here."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from dvarchive.core import parallel
from dvarchive.core.parallel import iter_fed, iter_parallel, run_parallel, start_method

PARENT = os.getpid()


@pytest.fixture(autouse=True)
def forked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers are forked (the work of most tests here is a closure, which only a fork
    can share), whatever threads earlier tests left running."""
    monkeypatch.setenv(parallel.START_METHOD_VARIABLE, "fork")


def test_results_come_in_input_order_from_several_processes() -> None:
    def work(n: int) -> tuple[int, int]:
        time.sleep(0.0002)  # enough work for the helper to start and share it
        return n * n, os.getpid()

    items = list(range(3000))
    results = run_parallel(work, items, jobs=2)
    assert [square for square, _ in results] == [n * n for n in items]
    assert len({pid for _, pid in results}) == 2  # this process and one helper


def test_one_job_or_little_work_stays_in_this_process() -> None:
    assert {pid for pid in run_parallel(lambda _: os.getpid(), range(3000), jobs=1)} == {PARENT}
    assert {pid for pid in run_parallel(lambda _: os.getpid(), range(10), jobs=2)} == {PARENT}


def test_progress_is_reported_up_to_the_total() -> None:
    seen: list[tuple[int, int]] = []
    run_parallel(lambda n: n, range(1000), jobs=2, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1000, 1000) and [done for done, _ in seen] == sorted(done for done, _ in seen)


@pytest.mark.parametrize("failing", [0, 1500, 2999])
def test_an_error_in_any_process_is_raised_here(failing: int) -> None:
    def work(n: int) -> int:
        if n == failing:
            raise ValueError(f"item {n}")
        return n

    with pytest.raises(ValueError, match=f"item {failing}"):
        run_parallel(work, range(3000), jobs=2)
    assert not multiprocessing.active_children()


def test_a_helper_that_dies_is_noticed() -> None:
    def work(n: int) -> int:
        if os.getpid() != PARENT:
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.001)  # so that the helper starts before this process has taken every item
        return n

    with pytest.raises(ChildProcessError):
        run_parallel(work, range(3000), jobs=2)
    assert not multiprocessing.active_children()


def test_stopping_early_ends_the_helpers() -> None:
    results = iter_parallel(lambda n: n, range(5000), jobs=2)
    assert [next(results) for _ in range(10)] == list(range(10))
    results.close()
    assert not multiprocessing.active_children()


# A spawned helper is a new interpreter: it is given the work pickled, so the
# work is a module-level function here, not a closure.


def square_after_a_pause(n: int) -> tuple[int, int]:
    time.sleep(0.001)
    return n * n, os.getpid()


def fail_at_1500(n: int) -> int:
    if n == 1500:
        raise ValueError("item 1500")
    return n


@pytest.fixture
def spawned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Helpers are spawned, as on Windows and macOS, and this process only gathers
    their results: every item is the spawned helper's (patched here, not there)."""
    monkeypatch.setenv(parallel.START_METHOD_VARIABLE, "spawn")
    monkeypatch.setattr(parallel._Shared, "_take", lambda self: None)


@pytest.mark.usefixtures("spawned")
def test_spawned_helpers_give_results_in_input_order() -> None:
    items = list(range(600))
    results = run_parallel(square_after_a_pause, items, jobs=3)
    assert [square for square, _ in results] == [n * n for n in items]
    assert PARENT not in {pid for _, pid in results} and len({pid for _, pid in results}) == 2


@pytest.mark.usefixtures("spawned")
def test_an_error_in_a_spawned_helper_is_raised_here() -> None:
    with pytest.raises(ValueError, match="item 1500"):
        run_parallel(fail_at_1500, range(3000), jobs=2)
    assert not multiprocessing.active_children()


@pytest.mark.usefixtures("spawned")
def test_work_a_spawned_helper_cannot_be_given_fails_here() -> None:
    with pytest.raises((AttributeError, TypeError, pickle.PicklingError)):
        run_parallel(lambda n: n, range(3000), jobs=2)  # a lambda cannot be pickled
    assert not multiprocessing.active_children()


def test_helpers_are_forked_only_with_no_other_thread_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)
    with monkeypatch.context() as alone:
        alone.setattr(parallel.threading, "active_count", lambda: 1)  # whatever earlier tests left running
        assert start_method() == "fork"  # Linux, this thread alone
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # as serve's server and watcher threads
    other.start()
    try:
        assert start_method() == "spawn"
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert start_method() == "spawn"  # macOS: the system's libraries are not safe to fork
    monkeypatch.setattr(parallel.sys, "platform", "win32")
    assert start_method() == "spawn"


def test_the_start_method_can_be_forced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(parallel.START_METHOD_VARIABLE, "spawn")
    assert start_method() == "spawn"
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)
    monkeypatch.setenv(parallel.START_METHOD_VARIABLE, "no-such-method")
    assert start_method() == "fork"  # ignored


def test_helpers_working_from_the_back_leave_the_front_to_this_process() -> None:
    items = list(range(3000))
    results = list(iter_parallel(square_after_a_pause, items, jobs=2, from_both_ends=True))
    assert [square for square, _ in results] == [n * n for n in items]  # in order all the same
    pids = [pid for _, pid in results]
    assert pids[0] == PARENT and pids[-1] != PARENT
    # Each process worked one stretch of the items: the owner changes once.
    assert sum(1 for before, after in zip(pids, pids[1:]) if before != after) == 1


SEEN_HERE = {"value": "as imported"}


def what_this_process_holds(_: int) -> str:
    return SEEN_HERE["value"]


def test_work_done_only_in_helpers_runs_in_spawned_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    """The photo work: its helpers need nothing of this process, and a forked one would
    count every page of the loaded site in its resident memory."""
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)
    monkeypatch.setattr(parallel.threading, "active_count", lambda: 1)  # where other work is forked
    monkeypatch.setitem(SEEN_HERE, "value", "changed here")
    assert set(run_parallel(what_this_process_holds, range(10), jobs=2, in_helpers=True)) == {"as imported"}
    assert start_method() == "fork"


class FedWork:
    """Work for fresh helpers: what the process holds, and a file named by its pid (the
    sign, for this process, that a helper has started)."""

    def __init__(self, folder: Path, failing: int | None = None) -> None:
        self.folder, self.failing = folder, failing

    def __call__(self, item: int | tuple[int, bytes]) -> tuple[int, int, str]:
        n = item[0] if isinstance(item, tuple) else item
        (self.folder / str(os.getpid())).touch()
        if n == self.failing:
            raise ValueError(f"item {n}")
        return n * n, os.getpid(), SEEN_HERE["value"]


def wait_for_a_helper(folder: Path) -> None:
    """Until a helper has worked an item (bounded by count, not time: at most 3,000 looks)."""
    for _ in range(3000):
        if any(int(path.name) != PARENT for path in folder.iterdir()):
            return
        time.sleep(0.01)


def test_fed_work_goes_to_fresh_helpers_from_the_back(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The article pages of a large site: a helper holds only what it is sent, never the
    pages of this process, and this process does its own items first, then the fed ones from the front."""
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)
    monkeypatch.setitem(SEEN_HERE, "value", "changed here")
    here_items = list(range(20))

    def here(n: int) -> int:
        if n == 0:
            wait_for_a_helper(tmp_path)  # so that the helper surely shares the fed items
        return -n

    results = list(iter_fed(here, here_items, FedWork(tmp_path), list(range(300)), jobs=2))
    assert [(index, value) for fed, index, value in results if not fed] == [(n, -n) for n in here_items]  # in order
    fed = {index: value for from_fed, index, value in results if from_fed}
    assert sorted(fed) == list(range(300)) and all(square == n * n for n, (square, _, _) in fed.items())
    helpers = {n for n, (_, pid, _) in fed.items() if pid != PARENT}
    assert helpers and {fed[n][2] for n in helpers} == {"as imported"}  # started fresh, not forked
    assert {fed[n][2] for n in fed.keys() - helpers} == {"changed here"}
    assert min(helpers) > max(fed.keys() - helpers, default=-1)  # the helper took them from the back
    assert not multiprocessing.active_children()


def test_fed_work_this_process_does_its_own_way(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)
    fed_here = []
    results = list(iter_fed(lambda n: n, [], FedWork(tmp_path), list(range(300)), jobs=1, fed_here=lambda i: fed_here.append(i) or i))
    assert fed_here == list(range(300)) and [value for _, _, value in results] == list(range(300))


@pytest.mark.parametrize("failing", [0, 299])
def test_an_error_in_fed_work_is_raised_here(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, failing: int) -> None:
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)

    def here(n: int) -> int:
        wait_for_a_helper(tmp_path)
        return n

    with pytest.raises(ValueError, match=f"item {failing}"):
        list(iter_fed(here, [0], FedWork(tmp_path, failing), LARGE_ITEMS, jobs=2))
    assert not multiprocessing.active_children()


class DyingWork(FedWork):
    """A helper that dies outright (as one the system kills for want of memory) at its first item."""

    def __call__(self, item: tuple[int, bytes]) -> tuple[int, int, str]:  # type: ignore[override]
        (self.folder / str(os.getpid())).touch()
        os._exit(3)


# Items larger than a pipe holds: what a helper was sent and did not read fills the
# pipe, and a queue that waited to send the rest would wait for ever.
LARGE_ITEMS = [(n, b"x" * 100_000) for n in range(300)]


def test_a_fed_helper_that_dies_is_noticed_and_not_waited_for(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)

    def here(n: int) -> int:
        wait_for_a_helper(tmp_path)
        return n

    with pytest.raises(ChildProcessError):
        list(iter_fed(here, [0], DyingWork(tmp_path), LARGE_ITEMS, jobs=2, fed_here=lambda index: (index, PARENT, "")))
    assert not multiprocessing.active_children()


def test_an_error_here_stops_the_fed_helpers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """They skip what they were sent, and end."""
    monkeypatch.delenv(parallel.START_METHOD_VARIABLE, raising=False)

    def here(n: int) -> int:
        wait_for_a_helper(tmp_path)
        raise ValueError("this process failed")

    before = set(threading.enumerate())
    with pytest.raises(ValueError, match="this process failed"):
        list(iter_fed(here, [0], FedWork(tmp_path), LARGE_ITEMS, jobs=2))
    assert not multiprocessing.active_children()
    assert set(threading.enumerate()) <= before  # the queues' threads ended: a later stage may fork


ORPHANED = """
import multiprocessing, sys, time
from dvarchive.core.parallel import iter_parallel

def slow(item):
    time.sleep(0.01)
    return item

if __name__ == "__main__":
    results = iter_parallel(slow, list(range(200_000)), 3)
    next(results)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(600)
"""


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")  # a zombie no one reaped has ended
    except FileNotFoundError:
        return True


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_helpers_of_a_build_killed_outright_end_too(tmp_path: Path) -> None:
    script = tmp_path / "orphaned.py"
    script.write_text(ORPHANED, "utf-8")
    build = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        helpers = [int(pid) for pid in build.stdout.readline().split()]  # type: ignore[union-attr]
        assert len(helpers) == 2 and not any(map(_ended, helpers))
    finally:
        build.kill()
        build.wait()
    for _ in range(600):  # up to a minute: each helper ends as soon as it sees its parent gone
        if all(map(_ended, helpers)):
            break
        time.sleep(0.1)
    assert all(map(_ended, helpers)), "a helper outlived the build that started it"


UNGUARDED = """
from pathlib import Path
from dvarchive import build_site
build_site(Path(__file__).parent / "site", jobs=2, search=False)  # not under if __name__ == "__main__"
"""


def test_a_script_building_outside_its_main_guard_fails_rather_than_waiting_for_ever(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from .conftest import article, photo, write_site

    monkeypatch.delenv(parallel.START_METHOD_VARIABLE)  # as a user's script runs: photo helpers spawned

    write_site(tmp_path / "site", {
        "content/photos/lon.jpg": photo(1200, 800),
        "content/articles/a.md": article("Tin có ảnh lớn", "2024-01-02T08:00:00+07:00", photos=[{"src": "photos/lon.jpg", "caption": "Ảnh."}]),
    })
    script = tmp_path / "unguarded.py"
    script.write_text(UNGUARDED, "utf-8")
    # Photos are made in spawned helpers, which run the script again as they start.
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300)
    assert done.returncode != 0
    assert 'if __name__ == "__main__":' in done.stderr
