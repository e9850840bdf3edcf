"""Running independent work on several processes, results in input order.

With ``jobs`` processes, this process works too and ``jobs - 1`` helpers
start. Every process takes the next chunk of items as it becomes free, and
only results travel back (with ``from_both_ends``, this process takes them
from the front and its helpers from the back). A helper copies each memory page it touches
(reference counts are written even when objects are only read), so one
helper fewer than a pool of ``jobs`` workers beside an idle parent holds a
whole process's worth of memory less.

How helpers start (:func:`start_method`): on Linux they are forked, and
inherit what this process had built (the resolved site, for rendering)
without pickling it. Forking a process that runs other threads may leave a
helper stuck on a lock one of them held, so with any other thread alive
(``serve``'s server and watcher), and on macOS and Windows (where the system
libraries are not safe to fork, or there is no fork), helpers are spawned:
a fresh interpreter that gets the work and the items pickled, once, and
imports what it needs. So ``work`` and ``items`` must be picklable: module-level
functions, ``functools.partial`` of them, or objects of module-level classes.
``DVARCHIVE_START_METHOD`` (``fork``, ``spawn`` or ``forkserver``; another
value is ignored) forces one, to test the other systems' way here.

With one job, or little work, everything runs in this process; the output
is the same either way.

:func:`iter_fed` shares work another way: its helpers always start fresh
and are sent the items one batch at a time, while this process does the
work only it can do (the render stage: lists need the whole site, an
article's page only its inputs).
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import multiprocessing.synchronize
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.process import BaseProcess
from multiprocessing.queues import Queue
from multiprocessing.sharedctypes import SynchronizedArray
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")
Fed = TypeVar("Fed")

# Below this many items, starting processes costs more than it saves.
_MIN_PARALLEL_ITEMS = 200
# How often this process looks for a helper that died while it waits for results.
_WAIT_SECONDS = 0.5


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


START_METHOD_VARIABLE = "DVARCHIVE_START_METHOD"


def start_method() -> str:
    """How helpers start here and now: ``fork`` on Linux with no other thread alive, else ``spawn``."""
    forced = os.environ.get(START_METHOD_VARIABLE, "")
    if forced in multiprocessing.get_all_start_methods():
        return forced
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


def fresh_start_method() -> str:
    """How helpers that need nothing of this process start: spawned (unless forced otherwise).

    A forked helper's resident memory counts every page of this process it
    shares, the whole loaded site once the build has read it: helpers that
    are given all they need (the photo work) start empty instead.
    """
    forced = os.environ.get(START_METHOD_VARIABLE, "")
    return forced if forced in multiprocessing.get_all_start_methods() else "spawn"


def run_parallel(
    work: Callable[[In], Out],
    items: Sequence[In],
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    in_helpers: bool = False,
) -> list[Out]:
    """``[work(item) for item in items]``, on ``jobs`` processes when worth it (see :func:`iter_parallel`)."""
    step = max(1, len(items) // 100)
    collected: list[Out] = []
    for result in iter_parallel(work, items, jobs, in_helpers):
        collected.append(result)
        if progress is not None and (len(collected) % step == 0 or len(collected) == len(items)):
            progress(len(collected), len(items))
    return collected


def iter_parallel(
    work: Callable[[In], Out], items: Sequence[In], jobs: int, in_helpers: bool = False, from_both_ends: bool = False
) -> Iterator[Out]:
    """``map(work, items)`` on ``jobs`` processes when worth it: results in order, as they come.

    With ``in_helpers`` and more than one job, ``jobs`` helpers do all the
    work, however little, and this process only gathers: for work that
    loads a library with threads of its own (libvips), which must not be
    alive here when a later stage forks; such helpers are spawned
    (:func:`fresh_start_method`). An exception raised by ``work`` in
    any process is raised here. Consume the iterator whole, or close it:
    the helpers end with it.

    With ``from_both_ends``, this process works from the first items on and
    the helpers from the last ones back, until they meet: items far apart
    are then worked in different processes, so what the work keeps to reuse
    between neighbouring items (the render context's cards and feed items)
    is made and held in one process rather than in each. The helpers'
    results wait here until this process reaches them.
    """
    if jobs <= 1 or not items or (len(items) < _MIN_PARALLEL_ITEMS and not in_helpers):
        yield from map(work, items)
        return
    chunk = max(1, min(64, len(items) // (jobs * 16)))
    helpers = min(jobs if in_helpers else jobs - 1, -(-len(items) // chunk))
    method = fresh_start_method() if in_helpers else start_method()
    shared = _Shared(work, items, chunk, method, this_process_works=not in_helpers, helpers_from_back=from_both_ends)
    yield from shared.run(helpers)


class _Shared:
    """Items cut in chunks that this process and its helpers take in turn."""

    def __init__(
        self, work: Callable[[In], Out], items: Sequence[In], chunk: int, method: str, this_process_works: bool,
        helpers_from_back: bool = False,
    ) -> None:
        context = multiprocessing.get_context(method)
        self.this_process_works = this_process_works
        self.work = work
        self.items = items
        self.chunk = chunk
        self.chunks = -(-len(items) // chunk)
        # The next chunk from the front, and the one after the next from the back: taken until they meet.
        self.ends: SynchronizedArray[int] = context.Array("q", [0, self.chunks])  # type: ignore[assignment]
        self.helpers_from_back = helpers_from_back and this_process_works
        # A queue's feeder thread sends for the helper, which works on meanwhile.
        self.results: Queue[tuple[int, list[Out] | BaseException]] = context.Queue()
        self.context = context
        self._pickled: bytes | None = None

    def __getstate__(self) -> dict[str, object]:
        # A spawned helper gets the work and the items pickled once for all helpers
        # (pickle shares what items have in common, such as the render context, within one dump).
        if self._pickled is None:
            self._pickled = pickle.dumps((self.work, self.items), pickle.HIGHEST_PROTOCOL)
        return {**self.__dict__, "work": None, "items": None}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self.work, self.items = pickle.loads(self._pickled)  # type: ignore[arg-type]  # noqa: S301 - from the parent
        self._pickled = None

    def run(self, helpers: int) -> Iterator[Out]:
        gc.freeze()  # the helpers share this process's objects; collecting would copy their pages
        processes: list[BaseProcess] = []
        try:
            for _ in range(helpers):
                process = self.context.Process(target=self._help, daemon=True)
                process.start()
                processes.append(process)
            yield from self._work_and_gather(processes)
        finally:
            for process in processes:
                if process.is_alive():
                    process.terminate()
                process.join()
            self.results.close()
            gc.unfreeze()

    def _take(self) -> int | None:
        """The next chunk from the front (this process's), or None when all are taken."""
        return self._take_at(back=False)

    def _take_for_helper(self) -> int | None:
        return self._take_at(back=self.helpers_from_back)

    def _take_at(self, back: bool) -> int | None:
        with self.ends.get_lock():
            front, end = self.ends[0], self.ends[1]
            if front >= end:
                return None
            if back:
                self.ends[1] = end - 1
                return end - 1
            self.ends[0] = front + 1
            return front

    def _do(self, index: int) -> list[Out]:
        return [self.work(item) for item in self.items[index * self.chunk : (index + 1) * self.chunk]]

    def _help(self) -> None:
        # Ctrl-C is the parent's to handle; a helper that died of it would leave it waiting.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _end_with_parent()
        while (index := self._take_for_helper()) is not None:
            try:
                self.results.put((index, self._do(index)))
            except BaseException as error:  # noqa: BLE001 - the parent raises it
                self.results.put((index, error))
                return

    def _work_and_gather(self, processes: list[BaseProcess]) -> Iterator[Out]:
        done: dict[int, list[Out]] = {}
        next_out = 0
        while next_out < self.chunks:
            index = self._take() if self.this_process_works else None
            if index is not None:
                done[index] = self._do(index)
                self._receive(done, processes, wait=False)
            elif next_out not in done:
                self._receive(done, processes, wait=True)
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1

    def _receive(self, done: dict[int, list[Out]], processes: list[BaseProcess], wait: bool) -> None:
        """Take what the helpers sent; with ``wait``, at least one result."""
        while True:
            try:
                index, result = self.results.get(timeout=_WAIT_SECONDS) if wait else self.results.get_nowait()
            except queue.Empty:
                if not wait:
                    return
                if any(p.exitcode not in (None, 0) for p in processes):
                    raise ChildProcessError("a build process ended unexpectedly") from None
                continue
            if isinstance(result, BaseException):
                raise result
            done[index] = result
            wait = False


def _end_with_parent() -> None:
    """A helper whose build was killed outright ends at once: no one will read what it
    makes, and once its results fill the pipe it would wait for ever, holding its memory."""
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def starting_a_helper() -> bool:
    """Whether this process is a spawned helper running the main script again as it starts:
    a build started there, outside ``if __name__ == "__main__":``, would wait for ever on
    the build that started the helper."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def iter_fed(
    here: Callable[[In], Out],
    here_items: Sequence[In],
    fed: Callable[[Fed], Out],
    fed_items: Sequence[Fed],
    jobs: int,
    fed_here: Callable[[int], Out] | None = None,
) -> Iterator[tuple[bool, int, Out]]:
    """``here`` over ``here_items`` in this process, and ``fed`` over ``fed_items`` shared with
    ``jobs - 1`` fresh helpers (:func:`fresh_start_method`): ``(fed, index, result)`` as each is done.

    For work only this process can do (what needs the whole loaded site)
    beside work that travels (an article page, made from its inputs alone):
    a helper is given ``fed`` pickled once, then a few items, and one more
    for each result it sends, so it never holds more than those. (A forked
    helper would map every page of this process, and its resident memory
    count them all.) This process does its own items first, then the fed
    ones from the front, while the helpers take them from the back.
    ``fed_here``: how this process does the fed item at an index, if not as
    a helper does (with what it holds already). An exception raised by any
    work is raised here.
    """
    fed_here = fed_here or (lambda index: fed(fed_items[index]))
    if jobs <= 1 or not fed_items:
        yield from ((False, index, here(item)) for index, item in enumerate(here_items))
        yield from ((True, index, fed_here(index)) for index in range(len(fed_items)))
        return
    feeding = _Feeding(fed, fed_items, jobs - 1)
    try:
        feeding.start()
        yield from feeding.run(here, here_items, fed_here)
    finally:
        feeding.stop()


# How many items a helper is sent before it has sent back a result: it works on while
# this process, busy with its own, has not yet read its results.
_AHEAD = 12


class _Feeding:
    """Fresh helpers, each sent a few items from the back of ``items``, then the next for each result."""

    def __init__(self, work: Callable[[Fed], Out], items: Sequence[Fed], helpers: int) -> None:
        context = multiprocessing.get_context(fresh_start_method())
        self.items = items
        self.front, self.back = 0, len(items)  # this process takes from the front, the helpers from the back
        self.results: Queue[tuple[int, int, object]] = context.Queue()
        self.tasks: list[Queue[tuple[int, Fed] | None]] = [context.Queue() for _ in range(helpers)]
        self.in_flight = [0] * helpers
        self.stopping = context.Event()
        self.processes = [
            context.Process(target=_fed_helper, args=(work, number, tasks, self.results, self.stopping), daemon=True)
            for number, tasks in enumerate(self.tasks)
        ]

    def start(self) -> None:
        for number, process in enumerate(self.processes):
            process.start()
            self._send(number, _AHEAD)

    def run(self, here: Callable[[In], Out], here_items: Sequence[In], fed_here: Callable[[int], Out]) -> Iterator[tuple[bool, int, Out]]:
        for index, item in enumerate(here_items):
            yield False, index, here(item)
            yield from self._receive(wait=False)
        while self.front < self.back:
            index = self.front
            self.front += 1
            yield True, index, fed_here(index)
            yield from self._receive(wait=False)
        while any(self.in_flight):
            yield from self._receive(wait=True)

    def _receive(self, wait: bool) -> Iterator[tuple[bool, int, Out]]:
        """What the helpers sent, each sent one more item for each result; with ``wait``, at least one result."""
        while True:
            try:
                number, index, result = self.results.get(timeout=_WAIT_SECONDS) if wait else self.results.get_nowait()
            except queue.Empty:
                if not wait:
                    return
                if any(p.exitcode not in (None, 0) for p in self.processes):
                    raise ChildProcessError("a build process ended unexpectedly") from None
                continue
            if isinstance(result, BaseException):
                raise result
            self.in_flight[number] -= 1
            self._send(number, 1)
            yield True, index, result  # type: ignore[misc]
            wait = False

    def _send(self, number: int, count: int) -> None:
        for _ in range(count):
            if self.front >= self.back:
                return
            self.back -= 1
            self.tasks[number].put((self.back, self.items[self.back]))
            self.in_flight[number] += 1

    def stop(self) -> None:
        """End the helpers: each skips what it was sent and has not worked (nothing, when all
        went well), then ends; one that does not end soon after is ended."""
        self.stopping.set()
        for tasks, process in zip(self.tasks, self.processes):
            if process.is_alive():
                tasks.put(None)
        for tasks, process in zip(self.tasks, self.processes):
            if process.pid is not None:
                process.join(timeout=_STOP_SECONDS)
                if process.is_alive():
                    process.terminate()
                process.join()
            if process.exitcode != 0:
                tasks.cancel_join_thread()  # no one will read what is left of its items: do not wait to send them
            tasks.close()
            tasks.join_thread()  # the queue's thread ends: a later stage may fork
        self.results.close()


# How long a helper told to stop may take to end: the item it is working on.
_STOP_SECONDS = 5.0


def _fed_helper(
    work: Callable[[Fed], Out],
    number: int,
    tasks: Queue[tuple[int, Fed] | None],
    results: Queue[tuple[int, int, object]],
    stopping: multiprocessing.synchronize.Event,
) -> None:
    """A helper of :func:`iter_fed`: the items it is sent, worked until it is sent None.

    After an error, or once the parent stops, the items left are read and
    skipped: the parent's queue then empties, and its thread can end.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _end_with_parent()
    failed = False
    while (task := tasks.get()) is not None:
        if failed or stopping.is_set():
            continue
        index, item = task
        try:
            results.put((number, index, work(item)))
        except BaseException as error:  # noqa: BLE001 - the parent raises it
            results.put((number, index, error))
            failed = True
