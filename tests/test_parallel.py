"""Work shared between this process and forked helpers: same results, errors raised here."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time

import pytest

from dvarchive.core.parallel import iter_parallel, run_parallel

PARENT = os.getpid()


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
