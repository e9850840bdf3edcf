"""Running independent work on several processes, results in input order.

Processes are forked, so a worker inherits what the parent had built (the
resolved site, for rendering) without pickling it; only the inputs and the
results cross between processes. With one job, or little work, everything
runs in this process and the output is the same.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# Below this many items, starting processes costs more than it saves.
_MIN_PARALLEL_ITEMS = 200


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_parallel(
    work: Callable[[In], Out],
    items: Sequence[In],
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[Out]:
    """``[work(item) for item in items]``, on ``jobs`` processes when worth it."""
    step = max(1, len(items) // 100)
    return _collect(iter_parallel(work, items, jobs), len(items), step, progress)


def iter_parallel(work: Callable[[In], Out], items: Sequence[In], jobs: int) -> Iterator[Out]:
    """``map(work, items)`` on ``jobs`` processes when worth it: results in order, as they come.

    Consume it whole: the worker processes end with it.
    """
    if jobs <= 1 or len(items) < _MIN_PARALLEL_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(work, items)
        return
    chunk = max(1, min(64, len(items) // (jobs * 16)))
    _forked_work.append(work)
    gc.freeze()  # the workers share the parent's objects; collecting would copy their pages
    try:
        with multiprocessing.get_context("fork").Pool(jobs, initializer=_ignore_interrupts) as pool:
            yield from pool.imap(_call_forked_work, items, chunksize=chunk)  # type: ignore[misc]
    finally:
        _forked_work.pop()
        gc.unfreeze()


def _collect(results: Iterator[Out], total: int, step: int, progress: Callable[[int, int], None] | None) -> list[Out]:
    collected: list[Out] = []
    for result in results:
        collected.append(result)
        if progress is not None and (len(collected) % step == 0 or len(collected) == total):
            progress(len(collected), total)
    return collected


# The work function reaches the forked workers by inheritance, not pickling:
# closures over the resolved site cannot be pickled, and need not be.
_forked_work: list[Callable[[object], object]] = []


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle; a worker that died of it would leave the pool waiting.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _call_forked_work(item: object) -> object:
    return _forked_work[-1](item)
