"""Running independent work on several processes, results in input order.

Processes are forked, so a worker inherits what the parent had built (the
resolved site, for rendering) without pickling it; only the inputs and the
results cross between processes. With one job, or little work, everything
runs in this process and the output is the same.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

# Below this many items, starting processes costs more than it saves.
_MIN_PARALLEL_ITEMS = 200


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_parallel(work: Callable[[In], Out], items: Sequence[In], jobs: int) -> list[Out]:
    if jobs <= 1 or len(items) < _MIN_PARALLEL_ITEMS or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    _forked_work.append(work)
    try:
        context = multiprocessing.get_context("fork")
        chunk = max(1, min(256, len(items) // (jobs * 8)))
        with context.Pool(jobs) as pool:
            return pool.map(_call_forked_work, items, chunksize=chunk)
    finally:
        _forked_work.pop()


# The work function reaches the forked workers by inheritance, not pickling:
# closures over the resolved site cannot be pickled, and need not be.
_forked_work: list[Callable[[object], object]] = []


def _call_forked_work(item: object) -> object:
    return _forked_work[-1](item)
