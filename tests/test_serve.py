"""serve.py and serve_http.py: the development server, over real sockets on 127.0.0.1.

Each test writes a one-article site into tmp_path, starts a DevServer on a
free port and stops it. Waits are bounded: a broken watcher fails a test, it
never hangs the suite.
"""

from __future__ import annotations

import http.client
import inspect
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import IO, Any

import pytest

from dvarchive.build import build_site
from dvarchive.editors.serve import DevServer, serve
from dvarchive.editors.serve_http import RELOAD_SCRIPT, split_request_path

ARTICLE = "content/articles/2026/01/a.md"
ARTICLE_URL = "/2026/01/a/"
GOOD_DATE = "2026-01-05T08:00:00+07:00"
TIMEOUT = 10.0


def write_site(root: Path, title: str = "Bài đầu tiên", date: str = GOOD_DATE, base_url: str = "https://example.vn/") -> Path:
    (root / "content/articles/2026/01").mkdir(parents=True)
    (root / "dvarchive.yaml").write_text(f"title: Lưu trữ Thử\nbase_url: {base_url}\n", encoding="utf-8")
    save(root / ARTICLE, article_text(title, date))
    return root


def article_text(title: str, date: str = GOOD_DATE) -> str:
    # slug: keeps the URL still while a test changes the title.
    return f"---\ntitle: {title}\nslug: a\ndate: {date}\n---\n\nNội dung của bài {title}.\n"


def save(path: Path, text: str) -> None:
    """Write as editors do: a temporary file renamed over the old one."""
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return write_site(tmp_path / "site")


@contextmanager
def running(site_dir: Path) -> Iterator[DevServer]:
    server = DevServer(site_dir, port=0)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def fetch(server: DevServer, path: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
    """One request sent exactly as written (no normalising, no redirects followed)."""
    host, port = server.address
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_for(condition: Callable[[], bool], timeout: float = TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


@contextmanager
def events(server: DevServer) -> Iterator[http.client.HTTPResponse]:
    """An open event stream, registered with the server once this yields."""
    host, port = server.address
    connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)
    try:
        connection.request("GET", "/__dvarchive/events")
        response = connection.getresponse()
        assert response.status == 200
        assert response.getheader("Content-Type", "").startswith("text/event-stream")
        assert response.readline() == b"retry: 1000\n"
        yield response
    finally:
        connection.close()


def next_event(stream: http.client.HTTPResponse) -> str:
    """The name of the next event, skipping pings (a socket timeout fails the test)."""
    while True:
        line = stream.readline()
        assert line, "event stream closed"
        if line.startswith(b"event: "):
            return line[len(b"event: ") :].strip().decode()


def test_serves_pages_with_the_reload_script_and_feeds_as_xml(site: Path) -> None:
    with running(site) as server:
        assert server.url.startswith("http://127.0.0.1:")
        for url in ("/", ARTICLE_URL):
            status, headers, body = fetch(server, url)
            assert status == 200
            assert headers["content-type"] == "text/html; charset=utf-8"
            assert body.count(RELOAD_SCRIPT) == 1
            assert body.index(RELOAD_SCRIPT) < body.rindex(b"</body>")
        assert "Bài đầu tiên".encode() in fetch(server, ARTICLE_URL)[2]
        status, headers, body = fetch(server, "/feed.xml")
        assert status == 200
        assert headers["content-type"].startswith("application/rss+xml")
        assert RELOAD_SCRIPT not in body
        assert fetch(server, "/sitemap.xml")[1]["content-type"].startswith("application/xml")
        assert fetch(server, "/css/site.css")[1]["content-type"] == "text/css; charset=utf-8"
        # The script is added to what is sent, never to the built files.
        assert b"__dvarchive" not in (server.output / "index.html").read_bytes()


def test_answers_head_redirects_folders_and_refuses_other_methods(site: Path) -> None:
    with running(site) as server:
        status, headers, body = fetch(server, ARTICLE_URL, "HEAD")
        assert (status, body) == (200, b"")
        assert int(headers["content-length"]) == len(fetch(server, ARTICLE_URL)[2])
        status, headers, _ = fetch(server, ARTICLE_URL.rstrip("/") + "?x=1")
        assert (status, headers["location"]) == (301, ARTICLE_URL + "?x=1")
        status, headers, _ = fetch(server, "/", "POST")
        assert (status, headers["allow"]) == (405, "GET, HEAD")


def test_missing_page_gets_the_sites_404_page(site: Path) -> None:
    with running(site) as server:
        status, headers, body = fetch(server, "/khong-co/trang-nay/")
        assert status == 404
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert body.startswith((server.output / "404.html").read_bytes().split(b"</body>")[0])
        assert RELOAD_SCRIPT in body


def test_change_on_disk_pushes_reload_and_serves_the_new_page(site: Path) -> None:
    with running(site) as server, events(server) as stream:
        save(site / ARTICLE, article_text("Tiêu đề đã được sửa lại"))
        assert next_event(stream) == "reload"
        status, _, body = fetch(server, ARTICLE_URL)
        assert status == 200
        assert "Tiêu đề đã được sửa lại".encode() in body


def test_config_change_rebuilds(site: Path) -> None:
    with running(site) as server, events(server) as stream:
        save(site / "dvarchive.yaml", "title: Kho Tin Mới Đổi Tên\nbase_url: https://example.vn/\n")
        assert next_event(stream) == "reload"
        assert "Kho Tin Mới Đổi Tên".encode() in fetch(server, "/")[2]


def test_folder_created_while_serving_is_watched(site: Path) -> None:
    with running(site) as server, events(server) as stream:
        (site / "static").mkdir()
        save(site / "static/ghi-chu.txt", "một")
        assert next_event(stream) == "reload"
        wait_for(lambda: fetch(server, "/ghi-chu.txt")[2] == "một".encode())
        save(site / "static/ghi-chu.txt", "hai")  # seen only if static/ is now watched
        wait_for(lambda: fetch(server, "/ghi-chu.txt")[2] == "hai".encode())


def test_build_error_shows_in_terminal_and_browser_until_fixed(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with running(site) as server:
        save(site / ARTICLE, article_text("Bài đầu tiên", date="5/1"))
        wait_for(lambda: fetch(server, ARTICLE_URL)[0] == 500)
        status, headers, body = fetch(server, ARTICLE_URL)
        page = body.decode()
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert '<html lang="vi">' in page
        assert "<title>Lỗi dựng trang</title>" in page
        assert f"<pre>{ARTICLE}:4: error: &quot;date&quot;: ngày giờ &quot;5/1&quot; không hợp lệ" in page
        assert RELOAD_SCRIPT.decode() in page
        assert fetch(server, "/khong-co/")[0] == 500  # every page, not only the broken one
        assert fetch(server, "/css/site.css")[0] == 200  # assets of the last good build stay
        assert f'{ARTICLE}:4: error: "date": ngày giờ "5/1" không hợp lệ' in capsys.readouterr().err
        save(site / ARTICLE, article_text("Bài đã sửa xong"))
        wait_for(lambda: fetch(server, ARTICLE_URL)[0] == 200)
        assert "Bài đã sửa xong".encode() in fetch(server, ARTICLE_URL)[2]
        assert "Đã dựng lại trong " in capsys.readouterr().out


def test_changes_during_a_build_cause_exactly_one_more(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    building = threading.Event()
    running_now: list[int] = []
    overlaps: list[int] = []
    def slow_build(*args: Any, **kwargs: Any) -> Any:
        running_now.append(1)
        overlaps.append(len(running_now))
        building.set()
        time.sleep(0.4)
        try:
            return build_site(*args, **kwargs)
        finally:
            running_now.pop()

    monkeypatch.setattr("dvarchive.editors.serve.build_site", slow_build)
    with running(site) as server:
        building.clear()
        first = server.builds
        save(site / ARTICLE, article_text("Lần sửa thứ nhất"))
        assert building.wait(TIMEOUT)
        for n in range(3):  # saved while that build runs
            save(site / ARTICLE, article_text(f"Lần sửa thêm số {n}"))
            time.sleep(0.02)
        wait_for(lambda: server.builds == first + 2)
        time.sleep(0.8)  # long enough for a third build to start, were one coming
        assert server.builds == first + 2
        assert max(overlaps) == 1
        assert "Lần sửa thêm số 2".encode() in fetch(server, ARTICLE_URL)[2]


def test_a_crash_in_the_build_is_shown_and_survived(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with running(site) as server:
        monkeypatch.setattr("dvarchive.editors.serve.build_site", lambda *a, **k: 1 / 0)
        save(site / ARTICLE, article_text("Bài làm hỏng máy dựng"))
        wait_for(lambda: fetch(server, ARTICLE_URL)[0] == 500)
        assert "dvarchive: error: lỗi nội bộ: ZeroDivisionError".encode() in fetch(server, "/")[2]
        monkeypatch.setattr("dvarchive.editors.serve.build_site", build_site)
        save(site / ARTICLE, article_text("Bài dựng lại được"))
        wait_for(lambda: fetch(server, ARTICLE_URL)[0] == 200)


def test_failed_first_build_still_serves_the_error_page(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", date="ngày mai")
    with running(site) as server:
        status, _, body = fetch(server, "/")
        assert status == 500
        assert f"{ARTICLE}:4: error:".encode() in body
        assert fetch(server, "/css/site.css")[0] == 404  # nothing was ever built
        save(site / ARTICLE, article_text("Bài đầu tiên"))
        wait_for(lambda: fetch(server, ARTICLE_URL)[0] == 200)


def test_base_url_with_a_path_is_served_under_it(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", base_url="https://example.vn/luu-tru/")
    with running(site) as server:
        status, headers, _ = fetch(server, "/")
        assert (status, headers["location"]) == (301, "/luu-tru/")
        assert fetch(server, "/luu-tru" + ARTICLE_URL)[0] == 200
        assert fetch(server, ARTICLE_URL)[0] == 404


HOSTILE_PATHS = [
    "/../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/..%2Fsecret.txt",
    "/..\\secret.txt",
    "/%2e%2e%5csecret.txt",
    "/./../secret.txt",
    "/site/../secret.txt",
    "//etc/passwd",
    "/%2fetc/passwd",
    "/../../../../../../etc/passwd",
    "/..%2f..%2f..%2f..%2f..%2f..%2fetc/passwd",
    "/index.html%00.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "http://example.vn/../secret.txt",
    # Links made by hand inside the served folder, pointing out of it.
    "/leak.txt",
    "/leak-dir/secret.txt",
    "/leak-config",
]


def test_requests_cannot_leave_the_output_folder(site: Path) -> None:
    with running(site) as server:
        assert server.temp_dir is not None
        secret = server.temp_dir / "secret.txt"  # beside the served folder: one ".." away
        secret.write_text("BÍ MẬT", encoding="utf-8")
        (server.output / "leak.txt").symlink_to(secret)
        (server.output / "leak-dir").symlink_to(server.temp_dir, target_is_directory=True)
        (server.output / "leak-config").symlink_to(site / "dvarchive.yaml")
        for path in HOSTILE_PATHS:
            for method in ("GET", "HEAD"):
                status, _, body = fetch(server, path, method)
                assert status == 404, (method, path)
                for leaked in ("BÍ MẬT".encode(), b"root:", b"base_url"):
                    assert leaked not in body, (method, path)
        assert fetch(server, "/")[0] == 200  # and the site itself still served


@pytest.mark.parametrize(
    ("path", "segments"),
    [
        ("/", [""]),
        ("/2026/01/a/", ["2026", "01", "a", ""]),
        ("/nh%C3%A2n-v%E1%BA%ADt/", ["nhân-vật", ""]),
        ("/a/../b", None),
        ("/a/%2e%2e/b", None),
        ("/a%2fb", None),
        ("/a%5cb", None),
        ("/a\\b", None),
        ("/a%00", None),
        ("//etc", None),
        ("/a//b", None),
        ("a", None),
        ("/%ff", None),
    ],
)
def test_split_request_path(path: str, segments: list[str] | None) -> None:
    assert split_request_path(path) == segments


def test_split_request_path_under_a_root() -> None:
    assert split_request_path("/luu-tru/a/", "/luu-tru") == ["a", ""]
    assert split_request_path("/luu-tru-khac/a/", "/luu-tru") is None


def test_serves_concurrent_clients_through_rebuilds(site: Path) -> None:
    expected = {"/": 200, ARTICLE_URL: 200, "/feed.xml": 200, "/css/site.css": 200, "/404.html": 200, "/khong-co/": 404}
    urls = list(expected)
    with running(site) as server:
        first_builds = server.builds
        editing_done = threading.Event()
        sent = count()

        def edit() -> None:
            for n in range(5):
                builds = server.builds
                save(site / ARTICLE, article_text(f"Phiên bản số {n} của bài"))
                wait_for(lambda: server.builds > builds)
            editing_done.set()

        def client() -> list[tuple[str, int]]:
            seen = []
            while (n := next(sent)) < 1000 or not editing_done.is_set():
                url = urls[n % len(urls)]
                status, _, body = fetch(server, url)
                if url.endswith("/") and status == 200:
                    assert body.rstrip().endswith(b"</html>")  # a whole page, never a torn one
                seen.append((url, status))
            return seen

        started = time.monotonic()
        editor = threading.Thread(target=edit, daemon=True)
        editor.start()
        with ThreadPoolExecutor(max_workers=50) as pool:
            clients = [pool.submit(client) for _ in range(50)]
            results = [pair for c in clients for pair in c.result(timeout=60)]
        editor.join(TIMEOUT)
        assert editing_done.is_set()
        assert time.monotonic() - started < 30
        assert len(results) >= 1000
        assert [pair for pair in results if pair[1] != expected[pair[0]]] == []
        assert server.builds >= first_builds + 5


def test_requests_racing_a_two_step_swap_are_retried(site: Path) -> None:
    """Where the folder cannot be exchanged in one step, it is missing for a moment."""
    with running(site) as server:
        twin = server.output.with_name("twin")
        shutil.copytree(server.output, twin)
        aside = server.output.with_name("aside")
        swapping = threading.Event()
        swapping.set()

        def swap() -> None:
            while swapping.is_set():
                server.output.rename(aside)
                time.sleep(0.001)  # the moment no site is there
                twin.rename(server.output)
                aside.rename(twin)
                time.sleep(0.05)  # builds are further apart than a retry

        swapper = threading.Thread(target=swap, daemon=True)
        swapper.start()
        try:
            with ThreadPoolExecutor(max_workers=20) as pool:
                urls = [ARTICLE_URL, "/css/site.css", "/khong-co/"] * 100
                statuses = list(pool.map(lambda url: (url, fetch(server, url)[0]), urls, timeout=60))
        finally:
            swapping.clear()
            swapper.join(TIMEOUT)
        assert [pair for pair in statuses if pair[1] != (404 if pair[0] == "/khong-co/" else 200)] == []


def test_host_defaults_to_loopback(site: Path) -> None:
    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"
    assert inspect.signature(serve).parameters["port"].default == 8000
    assert DevServer(site).host == "127.0.0.1"
    with running(site) as server:
        assert server.address[0] == "127.0.0.1"


def test_stop_is_prompt_with_a_client_listening(site: Path) -> None:
    with running(site) as server:
        temp_dir = server.temp_dir
        assert temp_dir is not None and (server.output / "index.html").is_file()
        with events(server) as stream:
            started = time.monotonic()
            server.stop()
            assert time.monotonic() - started < 3
            assert stream.read().strip() == b""  # the stream ends instead of hanging
        assert not temp_dir.exists()
    # running() stopped it a second time: harmless.


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child is POSIX")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
@pytest.mark.parametrize("started_ignoring", [False, True], ids=["", "started-ignoring-them"])
def test_serve_exits_zero_on_ctrl_c(site: Path, tmp_path: Path, signum: int, started_ignoring: bool) -> None:
    """``started_ignoring``: as a script's ``nohup dvarchive serve &`` starts it, with SIGINT ignored."""
    temp_root = tmp_path / "tmp"
    temp_root.mkdir()
    code = (
        # SIGUSR1 makes it print every thread's stack: what it was doing if it does not stop.
        "import faulthandler, signal, sys; faulthandler.register(signal.SIGUSR1, all_threads=True); "
        + ("signal.signal(signal.SIGINT, signal.SIG_IGN); signal.signal(signal.SIGTERM, signal.SIG_IGN); " if started_ignoring else "")
        + "from pathlib import Path; from dvarchive.editors.serve import serve; sys.exit(serve(Path(sys.argv[1]), port=0))"
    )
    env = {**os.environ, "TMPDIR": str(temp_root), "PYTHONUTF8": "1"}
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(site)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    )
    try:
        lines: queue.Queue[str] = queue.Queue()
        reader = threading.Thread(target=copy_lines, args=(child.stdout, lines), daemon=True)
        reader.start()
        while not (line := lines.get(timeout=TIMEOUT)).startswith("Đang phục vụ http://127.0.0.1:"):
            pass
        assert line.rstrip().endswith("— nhấn Ctrl-C để dừng.")
        assert len(list(temp_root.iterdir())) == 1  # the served folder
        child.send_signal(signum)
        try:
            exit_code = child.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            signals = signal_states(child.pid)
            child.send_signal(signal.SIGUSR1)
            time.sleep(1)
            child.kill()
            printed = [lines.get() for _ in range(lines.qsize())]
            pytest.fail(
                f"the server did not stop within {TIMEOUT} s; it printed {printed}; "
                f"its threads' signals: {signals}; their stacks:\n{child.stderr.read()[-8000:]}"
            )
        assert exit_code == 0
    finally:
        child.kill()
        child.wait()
    assert list(temp_root.iterdir()) == []
    reader.join(TIMEOUT)
    remaining = []
    while not lines.empty():
        remaining.append(lines.get())
    assert remaining == ["Đã dừng máy chủ. Tạm biệt!\n"]


def signal_states(pid: int) -> list[str]:
    """Each thread's pending, blocked, ignored and caught signals (Linux), to see where a signal went."""
    states = []
    for status in sorted(Path(f"/proc/{pid}/task").glob("*/status")):
        fields = dict(line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line)
        states.append(" ".join(f"{key}={fields.get(key, '?').strip()}" for key in ("Name", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")))
    return states


def copy_lines(stream: IO[str], lines: queue.Queue[str]) -> None:
    for line in stream:
        lines.put(line)
