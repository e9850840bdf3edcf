"""``dvarchive serve``: build, serve, watch, rebuild, and reload the browser.

One :class:`DevServer` runs three kinds of threads:

- the HTTP server (``serve_http.py``, a thread per request) serves the
  output folder and adds a small reload script to every HTML page it sends;
- the watchers (``serve_watch.py``, watchfiles) only mark the site as changed;
- one rebuild loop (a background thread, or the main thread under
  :func:`serve`) builds whenever the site is marked, so builds never overlap
  and changes made during a build cause exactly one more.

After every build, good or failed, each open page is told to reload through
server-sent events on :data:`~dvarchive.editors.serve_http.EVENTS_PATH`. While the
last build failed, every page request gets an error page listing the
diagnostics, so fixing the file is enough to bring the site back.

The site is built into a temporary folder (never the site's ``public/``),
removed when the server stops. This module holds the :class:`DevServer`
(building, live-reload subscribers), :func:`serve` and its signal handling.

Imports: ``serve_http`` and ``serve_watch`` (which never import this
module), ``build``, ``config`` and ``errors``.
"""

from __future__ import annotations

import queue
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from ..build import build_site
from ..core.config import load_config
from ..core.errors import ConfigError, Diagnostic, DvarchiveError, system_diagnostic
from .serve_http import RELOAD_EVENT, BuildState, DevHTTPServer, Response, answer_request
from .serve_watch import SiteWatcher, format_seconds

DEBOUNCE_SECONDS = 0.1


class DevServer:
    """Builds a site into a temporary folder, serves it, and rebuilds on change.

    ``start()`` returns once the first build is done and the server listens;
    ``stop()`` undoes everything. Also a context manager.
    """

    def __init__(
        self, site_dir: Path, host: str = "127.0.0.1", port: int = 8000, include_drafts: bool = False, include_future: bool = False
    ) -> None:
        self.site_dir = Path(site_dir)
        self.host = host
        self.port = port
        self.include_drafts = include_drafts
        self.include_future = include_future
        self.state = BuildState()
        self.builds = 0  # finished builds, good or failed; tests wait on it
        self.temp_dir: Path | None = None
        self._httpd: DevHTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self._threads: list[threading.Thread] = []
        self._clients: set[queue.SimpleQueue[bytes | None]] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._changed = threading.Event()
        self._watcher = SiteWatcher(self.site_dir, self._changed, self._stopping)

    @property
    def output(self) -> Path:
        """The folder being served (inside ``temp_dir``; a rebuild replaces it whole)."""
        if self.temp_dir is None:
            raise RuntimeError("DevServer.start() has not been called")
        return self.temp_dir / "site"

    @property
    def address(self) -> tuple[str, int]:
        if self._httpd is None:
            raise RuntimeError("DevServer.start() has not been called")
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def start(self, rebuild_in_background: bool = True) -> None:
        """Listen, build once, then serve and watch in background threads.

        Without ``rebuild_in_background`` the caller must run
        :meth:`rebuild_until_stopped` itself.
        """
        if not self.site_dir.is_dir():
            raise ConfigError([Diagnostic(str(self.site_dir), None, "không tìm thấy thư mục trang")])
        try:
            self.temp_dir = Path(tempfile.mkdtemp(prefix="dvarchive-serve-"))
            httpd = self._httpd = DevHTTPServer(self, self.host, self.port)  # fail fast on a busy port
            self._watcher.start(self._spawn)
            self._build("Đã dựng")
            # The poll interval is how long stop() waits for the server loop to notice.
            self._http_thread = self._spawn(lambda: httpd.serve_forever(poll_interval=0.1), "dvarchive-http")
            if rebuild_in_background:
                self._spawn(self.rebuild_until_stopped, "dvarchive-rebuild")
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop watching, building and serving, then remove the temporary folder."""
        self._stopping.set()
        self._changed.set()  # wakes the rebuild worker so it can see it must stop
        self._watcher.wake()
        self._close_clients()
        if self._httpd is not None:
            if self._http_thread is not None:
                self._httpd.shutdown()  # would wait forever if serve_forever never ran
                self._http_thread = None
            self._httpd.server_close()
        for thread in self._threads:
            thread.join()  # the worker may finish a build; it must not write into a removed folder
        self._threads.clear()
        if self.temp_dir is not None:
            remove_folder(self.temp_dir)

    def _spawn(self, target: Callable[[], object], name: str) -> threading.Thread:
        thread = threading.Thread(target=target, name=name, daemon=True)
        self._threads.append(thread)
        thread.start()
        return thread

    def __enter__(self) -> DevServer:
        self.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

    # Building -------------------------------------------------------------

    def rebuild_until_stopped(self) -> None:
        """Build after every change until ``stop()``; never two builds at once."""
        while not self._stopping.is_set():
            if not self._changed.wait(0.5):  # timed, so Ctrl-C gets through on every platform
                continue
            if self._stopping.wait(DEBOUNCE_SECONDS):  # also lets a burst of saves settle
                return
            self._changed.clear()  # cleared before building: a change during the build marks it again
            self._build("Đã dựng lại")
            self._broadcast(RELOAD_EVENT)

    def _build(self, done: str) -> None:
        """Build once, print the outcome, and record it for the request handlers."""
        started = time.perf_counter()
        try:
            result = build_site(self.site_dir, self.output, include_drafts=self.include_drafts, include_future=self.include_future)
        except DvarchiveError as exc:
            self._record_failure(exc.diagnostics)
        except OSError as exc:  # a file removed while the build read it: the next save rebuilds
            self._record_failure([system_diagnostic(exc)])
        except Exception as exc:  # a bug in dvarchive: report it, and keep serving so the next save retries
            traceback.print_exc()
            self._record_failure([Diagnostic("dvarchive", None, f"lỗi nội bộ: {type(exc).__name__}: {exc}")])
        else:
            self.state = BuildState((), read_root(self.site_dir, self.state.root))
            print_diagnostics(result.warnings)
            print(f"{done} trong {format_seconds(time.perf_counter() - started)} giây.", flush=True)
        self.builds += 1

    def _record_failure(self, diagnostics: Sequence[Diagnostic]) -> None:
        errors = tuple(diagnostics)
        self.state = BuildState(errors, self.state.root)
        print_diagnostics(errors)
        count = sum(1 for d in errors if d.is_error)
        print(f"dvarchive: {count} lỗi; trình duyệt hiện trang lỗi cho tới khi sửa xong.", file=sys.stderr, flush=True)

    # Live reload ----------------------------------------------------------

    @contextmanager
    def subscribe(self) -> Iterator[queue.SimpleQueue[bytes | None]]:
        """A queue of events for one browser tab; ``None`` means the server is stopping."""
        events: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        with self._lock:
            self._clients.add(events)
        if self._stopping.is_set():
            events.put(None)
        try:
            yield events
        finally:
            with self._lock:
                self._clients.discard(events)

    def _broadcast(self, event: bytes | None) -> None:
        with self._lock:
            for events in self._clients:
                events.put(event)

    def _close_clients(self) -> None:
        self._broadcast(None)

    # Answering requests ---------------------------------------------------

    def answer(self, target: str) -> Response:
        """The response to a GET of ``target`` (the request line's path and query)."""
        return answer_request(self.state, self.output, target)


def remove_folder(folder: Path) -> None:
    """Remove ``folder``; the build may still be removing an old version inside it in the background."""
    for _ in range(100):
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            return
        time.sleep(0.05)


def read_root(site_dir: Path, previous: str) -> str:
    """The URL prefix the built pages link with; the previous one if the config just broke."""
    try:
        return load_config(site_dir).root
    except DvarchiveError:
        return previous


def print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr, flush=True)


def serve(
    site_dir: Path, host: str = "127.0.0.1", port: int = 8000, include_drafts: bool = False, include_future: bool = False
) -> int:
    """Build and serve ``site_dir`` until Ctrl-C; return the exit code (0)."""
    server = DevServer(site_dir, host, port, include_drafts, include_future)
    with stop_on_signals():
        try:
            server.start(rebuild_in_background=False)
            print(f"Đang phục vụ {server.url} — nhấn Ctrl-C để dừng.", flush=True)
            # Builds run here, in the main thread, so that Ctrl-C interrupts a
            # long one (and its worker processes) instead of waiting for it.
            server.rebuild_until_stopped()
        except KeyboardInterrupt:
            pass
        finally:
            stop_patiently(server)
    print("Đã dừng máy chủ. Tạm biệt!", flush=True)
    return 0


def stop_patiently(server: DevServer) -> None:
    """Stop, even when a second Ctrl-C interrupts the stopping: the folder must go."""
    while True:
        try:
            server.stop()
            return
        except KeyboardInterrupt:
            continue


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Ctrl-C and ``kill`` stop the server, so the temporary folder goes too.

    SIGINT is handled here too: a process started in the background by a
    script (``nohup dvarchive serve &``) inherits it ignored, and Python then
    leaves it so; the server must still stop when sent it.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set signal handlers
        return
    previous = {signum: signal.signal(signum, _interrupt) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
