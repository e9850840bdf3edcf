"""``dvarchive serve``: build, serve, watch, rebuild, and reload the browser.

One :class:`DevServer` runs three kinds of threads:

- the HTTP server (``ThreadingHTTPServer``, a thread per request) serves the
  output folder and adds a small reload script to every HTML page it sends;
- the watchers (watchfiles) only mark the site as changed;
- one rebuild loop (a background thread, or the main thread under
  :func:`serve`) builds whenever the site is marked, so builds never overlap
  and changes made during a build cause exactly one more.

After every build, good or failed, each open page is told to reload through
server-sent events on :data:`EVENTS_PATH`. While the last build failed, every
page request gets an error page listing the diagnostics, so fixing the file
is enough to bring the site back.

The site is built into a temporary folder (never the site's ``public/``),
removed when the server stops.
"""

from __future__ import annotations

import html
import mimetypes
import os
import queue
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import cast
from urllib.parse import unquote

import watchfiles

from .build import build_site
from .config import CONFIG_FILE, load_config
from .errors import ConfigError, Diagnostic, DvarchiveError, system_diagnostic

EVENTS_PATH = "/__dvarchive/events"
WATCHED_DIRS = ("content", "templates", "static")
RELOAD_SCRIPT = (
    f'<script>new EventSource("{EVENTS_PATH}")'
    '.addEventListener("reload", () => location.reload());</script>\n'
).encode()
RELOAD_EVENT = b"event: reload\ndata: reload\n\n"  # an event without data is never dispatched
PING = b": ping\n\n"  # a comment line: browsers ignore it, dead clients fail on it
PING_SECONDS = 15.0
DEBOUNCE_SECONDS = 0.1
SWAP_RETRY_SECONDS = 0.02
SWAP_ATTEMPTS = 3
WATCH_RETRY_SECONDS = 0.5  # after a watcher's failure, doubled at each one in a row
WATCH_RETRY_MAX_SECONDS = 30.0

_Filter = Callable[[watchfiles.Change, str], bool]

# Separators smuggled in percent-encoded: a static site never links to them.
_ENCODED_SEPARATOR = re.compile(r"%(2f|5c|00)", re.IGNORECASE)
_CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".pdf": "application/pdf",
}


@dataclass(frozen=True)
class BuildState:
    """The outcome of the last build, replaced whole so requests read it without a lock."""

    errors: tuple[Diagnostic, ...] = ()
    root: str = ""  # the path part of base_url, as in SiteConfig.root


@dataclass(frozen=True)
class Response:
    status: int
    content_type: str
    body: bytes
    location: str | None = None


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
        self._httpd: _HTTPServer | None = None
        self._http_thread: threading.Thread | None = None
        self._threads: list[threading.Thread] = []
        self._clients: set[queue.SimpleQueue[bytes | None]] = set()
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._changed = threading.Event()
        self._layout_changed = threading.Event()

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
            httpd = self._httpd = _HTTPServer(self, self.host, self.port)  # fail fast on a busy port
            self._start_watchers()
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
        self._layout_changed.set()
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

    # Watching -------------------------------------------------------------

    def _start_watchers(self) -> None:
        root_ready, tree_ready = threading.Event(), threading.Event()
        self._spawn(lambda: self._watch_root(root_ready), "dvarchive-watch-root")
        self._spawn(lambda: self._watch_tree(tree_ready), "dvarchive-watch-tree")
        # A change saved right after start() returns must not be missed.
        root_ready.wait(5)
        tree_ready.wait(5)

    def _watch_root(self, ready: threading.Event) -> None:
        """The site folder itself, not recursively: dvarchive.yaml and the watched folders coming or going."""

        def accept(change: watchfiles.Change, path: str) -> bool:
            name = os.path.basename(path)
            if name in WATCHED_DIRS and change is not watchfiles.Change.modified:
                self._layout_changed.set()  # the tree watcher must watch the new folder
                return True
            return name == CONFIG_FILE

        failures = 0
        while not self._stopping.is_set():
            failures = self._watch([self.site_dir], accept, _Probe(self._stopping, ready), failures)

    def _watch_tree(self, ready: threading.Event) -> None:
        """Every folder of content/, templates/ and static/, each watched alone.

        Watched recursively, the system would follow a link to a folder out of
        the site (``static/etc`` → ``/etc``) and watch all of it; so the
        folders are listed here, links not followed, and the watch starts over
        with a new list when a folder comes or goes (or after an error).
        """
        failures, again = 0, False
        while not self._stopping.is_set():
            self._layout_changed.clear()
            folders = watched_folders(self.site_dir)
            if again:
                self._changed.set()  # what was saved in a new folder before it was watched
            again = True
            if folders:
                accept = self._tree_filter({str(folder) for folder in folders})
                failures = self._watch(folders, accept, _Probe(self._layout_changed, ready), failures)
            else:
                ready.set()
                self._layout_changed.wait()

    def _tree_filter(self, folders: set[str]) -> _Filter:
        """Changes worth a rebuild; a folder coming or going also changes what is watched."""
        default = watchfiles.DefaultFilter()

        def accept(change: watchfiles.Change, path: str) -> bool:
            if not default(change, path):
                return False
            if change is not watchfiles.Change.modified and (path in folders or is_real_folder(path)):
                self._layout_changed.set()
            return True

        return accept

    def _watch(self, paths: list[Path], accept: _Filter, probe: _Probe, failures: int) -> int:
        """Watch ``paths`` (not recursively) until ``probe`` stops it; the number of failures in a row.

        Whatever goes wrong (a folder gone, too many watches, no permission) is
        said, and the caller starts again after a pause that grows with each
        failure in a row: a watcher that died would leave the server blind.
        """
        try:
            for _ in watchfiles.watch(*paths, watch_filter=accept, stop_event=probe, recursive=False, raise_interrupt=False):
                self._changed.set()
                failures = 0
            return 0
        except Exception as exc:  # noqa: BLE001 - see above
            pause = min(WATCH_RETRY_SECONDS * 2**failures, WATCH_RETRY_MAX_SECONDS)
            said = system_diagnostic(exc) if isinstance(exc, OSError) else f"{type(exc).__name__}: {exc}"
            print(f"dvarchive: không theo dõi được thay đổi, thử lại sau {format_seconds(pause)} giây: {said}", file=sys.stderr, flush=True)
            probe.ready.set()
            self._changed.set()  # something may have changed unseen: build once more
            self._stopping.wait(pause)
            return failures + 1

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
        state = self.state
        path, _, query = target.partition("?")
        if state.root and path == "/":
            return Response(301, "text/plain; charset=utf-8", b"", f"{state.root}/")
        segments = split_request_path(path.partition("#")[0], state.root)
        if segments is not None and state.errors and is_page(segments):
            return Response(500, "text/html; charset=utf-8", render_error_page(state.errors))
        return self._read(segments, path + "/" + (f"?{query}" if query else ""))

    def _read(self, segments: list[str] | None, slash_target: str) -> Response:
        """Read from the output folder, again if a rebuild swapped it meanwhile."""
        response = None
        for _ in range(SWAP_ATTEMPTS):
            before = folder_identity(self.output)
            try:
                response = read_response(self.output, segments, slash_target)
            except OSError:  # the folder vanished between two renames of the swap
                response = None
            # A file read is real whichever build made it; a "missing" is only
            # believed if the folder was the same one throughout.
            if response is not None and (response.status == 200 or _unchanged(before, self.output)):
                return response
            time.sleep(SWAP_RETRY_SECONDS)
        return response or not_found_text()


class _Probe:
    """watchfiles' stop event: the first check means the watch is running, so ``ready`` is set."""

    def __init__(self, stop: threading.Event, ready: threading.Event) -> None:
        self.stop = stop
        self.ready = ready

    def is_set(self) -> bool:
        self.ready.set()
        return self.stop.is_set()


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client must not hold up stop()
    request_queue_size = 128  # many tabs and assets connect at once

    def __init__(self, dev: DevServer, host: str, port: int) -> None:
        self.dev = dev
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a closed tab is not an error
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class _Handler(BaseHTTPRequestHandler):
    server_version = "dvarchive"
    timeout = 60  # a client silent this long is gone; frees its thread

    @property
    def dev(self) -> DevServer:
        return cast(_HTTPServer, self.server).dev

    def do_GET(self) -> None:
        if self.path.partition("?")[0] == EVENTS_PATH:
            self.stream_events()
        else:
            self.send(self.dev.answer(self.path), with_body=True)

    def do_HEAD(self) -> None:
        self.send(self.dev.answer(self.path), with_body=False)

    def refuse(self) -> None:
        self.send_response(405)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = refuse

    def send(self, response: Response, with_body: bool) -> None:
        body = response.body
        if response.content_type.startswith("text/html"):
            body = inject_reload(body)  # only what is sent: the built files stay as they are
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if response.location is not None:
            self.send_header("Location", response.location)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def stream_events(self) -> None:
        """Server-sent events until the tab closes or the server stops."""
        with self.dev.subscribe() as events:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            try:
                self.wfile.write(b"retry: 1000\n\n")
                while (event := next_event(events)) is not None:
                    self.wfile.write(event)
            except OSError:  # the tab is gone; a ping found out
                pass

    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the build messages


def next_event(events: queue.SimpleQueue[bytes | None]) -> bytes | None:
    try:
        return events.get(timeout=PING_SECONDS)
    except queue.Empty:
        return PING


def split_request_path(path: str, root: str = "") -> list[str] | None:
    """The segments of a URL path below ``root``, or None for anything that could leave it.

    ``/2026/01/a/`` → ``["2026", "01", "a", ""]``; the last segment is empty
    for a path ending with a slash.
    """
    if _ENCODED_SEPARATOR.search(path):
        return None
    try:
        path = unquote(path, errors="strict")
    except UnicodeDecodeError:
        return None
    if not path.startswith(root + "/"):
        return None
    segments = path[len(root) + 1 :].split("/")
    if "" in segments[:-1] or any(s in (".", "..") or "\\" in s or "\0" in s for s in segments):
        return None
    return segments


def find_file(folder: Path, segments: list[str]) -> Path | None:
    """The file inside ``folder`` for these segments (a folder's index.html), symlinks resolved."""
    candidate = folder.joinpath(*segments)
    if candidate.is_dir():
        candidate = candidate / "index.html"
    real = Path(os.path.realpath(candidate))
    if not real.is_relative_to(os.path.realpath(folder)) or not real.is_file():
        return None
    return real


def read_response(folder: Path, segments: list[str] | None, slash_target: str) -> Response:
    """A file of the built site, a redirect to a folder's slash, or the site's 404 page."""
    found = find_file(folder, segments) if segments is not None else None
    if found is None or segments is None:
        page = find_file(folder, ["404.html"])
        if page is None:
            return not_found_text()
        return Response(404, "text/html; charset=utf-8", page.read_bytes())
    if segments[-1] != "" and folder.joinpath(*segments).is_dir():  # relative links need the slash
        return Response(301, "text/plain; charset=utf-8", b"", slash_target)
    data = found.read_bytes()
    return Response(200, guess_content_type(found, data), data)


def not_found_text() -> Response:
    return Response(404, "text/plain; charset=utf-8", "Không tìm thấy.\n".encode())


def _unchanged(before: tuple[int, int] | None, folder: Path) -> bool:
    return before is not None and before == folder_identity(folder)


def folder_identity(folder: Path) -> tuple[int, int] | None:
    """Which directory is at ``folder`` now: each build puts a new one there."""
    try:
        info = os.stat(folder)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def is_page(segments: list[str]) -> bool:
    """Whether a request is for a page (which shows build errors) rather than an asset."""
    last = segments[-1]
    return last == "" or last.endswith((".html", ".htm")) or "." not in last


def guess_content_type(path: Path, data: bytes) -> str:
    suffix = path.suffix.lower()
    if suffix == ".xml":  # feeds and the sitemap share the suffix
        return "application/rss+xml; charset=utf-8" if b"<rss" in data[:1024] else "application/xml; charset=utf-8"
    return _CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def inject_reload(page: bytes) -> bytes:
    """The page with the reload script just before its last ``</body>``."""
    end = page.lower().rfind(b"</body>")
    if end < 0:
        return page + RELOAD_SCRIPT
    return page[:end] + RELOAD_SCRIPT + page[end:]


def render_error_page(diagnostics: Sequence[Diagnostic]) -> bytes:
    """The page every request gets while the site does not build."""
    listing = html.escape("\n".join(str(d) for d in diagnostics))
    return (
        '<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">\n'
        "<title>Lỗi dựng trang</title>\n"
        "<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}"
        "pre{background:#fff0f0;border-left:4px solid #c00;padding:1rem;overflow-x:auto;white-space:pre-wrap}</style>\n"
        "</head>\n<body>\n<h1>Lỗi dựng trang</h1>\n"
        "<p>Trang không dựng được. Sửa các lỗi dưới đây rồi lưu tệp: trang sẽ tự tải lại.</p>\n"
        f"<pre>{listing}</pre>\n</body>\n</html>\n"
    ).encode()


def watched_folders(site_dir: Path) -> list[Path]:
    """Every folder of the site's content/, templates/ and static/, without following links.

    A watched folder that is itself a link is followed only if it leads to a
    folder of the site.
    """
    site = os.path.realpath(site_dir)
    found: list[Path] = []
    for name in WATCHED_DIRS:
        top = site_dir / name
        if not top.is_dir() or not Path(os.path.realpath(top)).is_relative_to(site):
            continue
        for folder, subfolders, _ in os.walk(top):  # an unreadable folder is skipped: the build says why
            subfolders[:] = [
                sub for sub in subfolders
                if sub not in watchfiles.DefaultFilter.ignore_dirs and not os.path.islink(os.path.join(folder, sub))
            ]
            found.append(Path(folder))
    return found


def is_real_folder(path: str) -> bool:
    """A folder, not a link to one."""
    return os.path.isdir(path) and not os.path.islink(path)


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


def format_seconds(seconds: float) -> str:
    return f"{seconds:.2f}".replace(".", ",")


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
