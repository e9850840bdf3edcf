"""The dev server's HTTP side: requests in, files of the built site out.

:class:`DevHTTPServer` (``ThreadingHTTPServer``, a thread per request) hands
every GET and HEAD to the :class:`ServedSite` it serves, streams server-sent
events on :data:`EVENTS_PATH`, and adds a small reload script to every HTML
page it sends. :func:`answer_request` turns a request path into a
:class:`Response`: a file of the output folder (read again if a rebuild
swapped the folder meanwhile), a redirect, the site's 404 page, or, while
the last build failed, an error page listing the diagnostics. Paths that
could leave the output folder are refused here.

Imports: the standard library and ``errors``; never the other ``serve``
modules (``serve.py`` imports this one).
"""

from __future__ import annotations

import html
import mimetypes
import os
import queue
import re
import socket
import sys
import time
from collections.abc import Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Protocol, cast
from urllib.parse import unquote

from ..core.errors import Diagnostic

EVENTS_PATH = "/__dvarchive/events"
RELOAD_SCRIPT = (
    f'<script>new EventSource("{EVENTS_PATH}")'
    '.addEventListener("reload", () => location.reload());</script>\n'
).encode()
RELOAD_EVENT = b"event: reload\ndata: reload\n\n"  # an event without data is never dispatched
PING = b": ping\n\n"  # a comment line: browsers ignore it, dead clients fail on it
PING_SECONDS = 15.0
SWAP_RETRY_SECONDS = 0.02
SWAP_ATTEMPTS = 3

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


class ServedSite(Protocol):
    """What the HTTP server asks of the dev server."""

    def answer(self, target: str) -> Response: ...

    def subscribe(self) -> AbstractContextManager[queue.SimpleQueue[bytes | None]]: ...


class DevHTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a stuck client must not hold up stop()
    request_queue_size = 128  # many tabs and assets connect at once

    def __init__(self, dev: ServedSite, host: str, port: int) -> None:
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
    def dev(self) -> ServedSite:
        return cast(DevHTTPServer, self.server).dev

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


def answer_request(state: BuildState, output: Path, target: str) -> Response:
    """The response to a GET of ``target`` (the request line's path and query), served from ``output``."""
    path, _, query = target.partition("?")
    if state.root and path == "/":
        return Response(301, "text/plain; charset=utf-8", b"", f"{state.root}/")
    segments = split_request_path(path.partition("#")[0], state.root)
    if segments is not None and state.errors and is_page(segments):
        return Response(500, "text/html; charset=utf-8", render_error_page(state.errors))
    return read_swapped(output, segments, path + "/" + (f"?{query}" if query else ""))


def read_swapped(output: Path, segments: list[str] | None, slash_target: str) -> Response:
    """Read from the output folder, again if a rebuild swapped it meanwhile."""
    response = None
    for _ in range(SWAP_ATTEMPTS):
        before = folder_identity(output)
        try:
            response = read_response(output, segments, slash_target)
        except OSError:  # the folder vanished between two renames of the swap
            response = None
        # A file read is real whichever build made it; a "missing" is only
        # believed if the folder was the same one throughout.
        if response is not None and (response.status == 200 or _unchanged(before, output)):
            return response
        time.sleep(SWAP_RETRY_SECONDS)
    return response or not_found_text()


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
