"""What a reader's search costs: the requests and bytes of the search page, in a real browser.

    python bench/search_reader.py OUT [--query "da nang" …] [--chromium PATH]

Serves the built output ``OUT`` on localhost, opens its search page in
headless Chromium (Playwright, the project's test extra), and for each query
(a fresh page each time, no cache) counts what the browser fetched: when the
page opened (the page, Pagefind's scripts, its WebAssembly, and each search
bundle's entry and metadata) and then for the query (each bundle's index
chunks holding the query's words, the fragments of the results shown).
Pagefind's files are compressed already; the server adds no compression.
Prints one Markdown table row per query.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

QUERIES = ("da nang", "kinh te", "nguyen van", "giao duc", "ha noi", "cau")
SEARCH_PAGE = "/tim-kiem/"


@dataclass
class Fetched:
    """Requests and bytes, in all and for Pagefind's index chunks."""

    requests: int = 0
    bytes: int = 0
    chunks: int = 0
    chunk_bytes: int = 0
    urls: list[str] = field(default_factory=list)

    def add(self, url: str, size: int) -> None:
        self.requests += 1
        self.bytes += size
        self.urls.append(url)
        if url.endswith(".pf_index"):
            self.chunks += 1
            self.chunk_bytes += size


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        pass


@contextmanager
def serving(root: Path) -> Iterator[str]:
    """The output folder on a local HTTP server, for as long as the block runs."""
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def search_costs(browser: object, address: str, query: str) -> tuple[Fetched, Fetched, int]:
    """What opening the search page fetched, what the query fetched, and how many results it found."""
    page = browser.new_page()  # type: ignore[attr-defined]
    opening, searching = Fetched(), Fetched()
    current = [opening]
    page.on("requestfinished", lambda request: current[0].add(request.url, request.sizes()["responseBodySize"]))
    page.goto(address + SEARCH_PAGE, wait_until="networkidle")
    current[0] = searching
    page.fill("#tim-kiem input", query)
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=30_000)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    found = page.locator(".pagefind-ui__message").inner_text()
    page.close()
    return opening, searching, int("".join(ch for ch in found.split(" ")[0] if ch.isdigit()) or 0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="a built output folder with search")
    parser.add_argument("--query", action="append", help=f"a query (default: {', '.join(QUERIES)})")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    bundles = sum(1 for folder in (args.output / "pagefind").iterdir() if folder.is_dir())
    print(f"{args.output}: {bundles} search bundles", file=sys.stderr)
    print("| query | results | opening: requests | opening: KB | search: requests | search: KB | of which index chunks | chunk KB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    with serving(args.output) as address, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=args.chromium, headless=True)
        for query in args.query or QUERIES:
            opening, searching, results = search_costs(browser, address, query)
            print(f"| {query} | {results:,} | {opening.requests} | {opening.bytes / 1000:,.0f} | {searching.requests} "
                  f"| {searching.bytes / 1000:,.0f} | {searching.chunks} | {searching.chunk_bytes / 1000:,.0f} |", flush=True)
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
