"""A progress bar for long builds on a terminal; silent elsewhere (CI, pipes).

The bar is redrawn when the build reports, never by a thread of its own:
a build forks its workers, and a process that forks with a thread running
may deadlock in the child (Python 3.12 warns of it).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

_STAGES = {"render": "Đang kết xuất"}


@contextmanager
def progress_bar() -> Iterator[Callable[[str, int, int], None] | None]:
    """Yields a ``progress(stage, done, total)`` callback, or None when quiet."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        transient=True,
        auto_refresh=False,
    ) as bar:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, refresh=True)

        yield report
