"""How the search bundles are scheduled: Pagefind's memory grows with each bundle's size."""

from __future__ import annotations

import threading
import time

import pytest

from dvarchive.core import urls
from dvarchive.stages import search


def _bundles(size: int) -> dict[str, list[object]]:
    return {"2024": [object()] * size, "2025": [object()] * size}


def test_small_bundles_are_indexed_side_by_side(monkeypatch: pytest.MonkeyPatch) -> None:
    both_running = threading.Barrier(2, timeout=10)

    def index(_site: object, _articles: list[object], folder: str, _read_body: object) -> dict[str, bytes]:
        both_running.wait()  # broken, and raising, unless the two bundles run at once
        return {f"{folder}/pagefind-entry.json": b"{}"}

    monkeypatch.setattr(search, "build_search_index", index)
    monkeypatch.setattr(search, "_DOCUMENTS_AT_ONCE", 10)
    made = list(search.build_search_indexes(None, _bundles(5), jobs=2, read_body=str))  # type: ignore[arg-type]
    assert [name for name, _ in made] == ["2024", "2025"]


def test_large_bundles_are_indexed_one_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    running, most = [0], [0]
    lock = threading.Lock()

    def index(_site: object, _articles: list[object], folder: str, _read_body: object) -> dict[str, bytes]:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)
        with lock:
            running[0] -= 1
        return {f"{folder}/pagefind-entry.json": b"{}"}

    monkeypatch.setattr(search, "build_search_index", index)
    monkeypatch.setattr(search, "_DOCUMENTS_AT_ONCE", 10)
    made = dict(search.build_search_indexes(None, _bundles(6), jobs=2, read_body=str))  # type: ignore[arg-type]
    assert list(made) == ["2024", "2025"] and most[0] == 1


def test_a_year_of_many_articles_is_cut_in_quarters_or_months(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls, "MOST_IN_SEARCH_BUNDLE", 2)
    few = [(2024, 5), (2024, 11)]
    some = [(2025, 1), (2025, 3), (2025, 4), (2025, 12)]
    many = [(2023, month) for month in range(1, 10)]
    names = urls.search_bundle_names(few + some + many)
    assert names[:2] == ["2024", "2024"]
    # December 2025 is among the newest months: its own bundle, whatever its year's size.
    assert names[2:6] == ["2025-q1", "2025-q1", "2025-q2", "2025-12"]
    assert names[6:] == [f"2023-{month:02d}" for month in range(1, 10)]


def test_the_newest_months_have_a_bundle_each() -> None:
    months = [(2026, 2), (2026, 1), (2026, 1), (2025, 12), (2025, 11), (2025, 1), (2019, 12)]
    assert urls.search_bundle_names(months) == ["2026-02", "2026-01", "2026-01", "2025-12", "2025", "2025", "2019"]
    # Counted back from the newest article's month, not from today: a gap of months is no matter.
    assert urls.search_bundle_names([(2019, 12), (2019, 10), (2019, 9)]) == ["2019-12", "2019-10", "2019"]
    assert urls.search_bundle_names([]) == []
