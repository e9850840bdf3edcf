"""How the search bundles are cut and made, and the document each article gives Pagefind."""

from __future__ import annotations

import os
import re
from collections import Counter

import pytest

from dvarchive.core import urls
from dvarchive.stages import search


def test_a_year_of_many_articles_is_cut_in_quarters_or_months(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls, "FEWEST_IN_SEARCH_BUNDLE", 2)
    few = [(2024, 11), (2024, 5)]
    some = [(2025, 12), (2025, 4), (2025, 3), (2025, 1)]
    many = [(2023, month) for month in range(9, 0, -1)]
    names = urls.search_bundle_names(few + some + many)
    assert names[:2] == ["2024", "2024"]
    # December 2025 is among the newest months: its own bundle, whatever its year's size.
    assert names[2:6] == ["2025-12", "2025-q2", "2025-q1", "2025-q1"]
    # 2023's quarters hold three articles each: a bundle per month.
    assert names[6:] == [f"2023-{month:02d}" for month in range(9, 0, -1)]


def test_a_month_of_many_articles_is_cut_in_parts_from_its_oldest(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls, "FEWEST_IN_SEARCH_BUNDLE", 2)
    march = [(2025, 3)] * 5  # the newest first
    assert urls.search_bundle_names(march) == ["2025-03-3", "2025-03-2", "2025-03-2", "2025-03-1", "2025-03-1"]
    # A new article joins the newest part; the older parts keep their articles, and their bundles.
    assert urls.search_bundle_names([(2025, 3), *march]) == ["2025-03-3", "2025-03-3", *["2025-03-2"] * 2, *["2025-03-1"] * 2]


def test_no_bundle_holds_more_than_the_most(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls, "FEWEST_IN_SEARCH_BUNDLE", 7)
    monkeypatch.setattr(urls, "MOST_SEARCH_BUNDLES", 1000)
    # Ten years, from a quiet one to a month of 13 articles, the newest first.
    months = [(year, month) for year in range(2025, 2015, -1) for month in range(12, 0, -1) for _ in range((year - 2015) * month // 9)]
    sizes = Counter(urls.search_bundle_names(months))
    assert max(sizes.values()) <= 7
    assert {"2016", "2018-q1", "2018-10", "2025-12-2"} <= sizes.keys()  # a year, a quarter, a month, part of a month


def test_bundles_grow_rather_than_outnumber_what_a_search_page_merges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(urls, "FEWEST_IN_SEARCH_BUNDLE", 2)
    monkeypatch.setattr(urls, "MOST_IN_SEARCH_BUNDLE", 8)
    monkeypatch.setattr(urls, "MOST_SEARCH_BUNDLES", 5)
    monkeypatch.setattr(urls, "RECENT_SEARCH_MONTHS", 0)
    months = [(year, month) for year in (2025, 2024, 2023) for month in (12, 9, 6, 3)]  # the newest first
    # Years of four articles: quarters with a limit of 2 (12 bundles), years with a limit of 4.
    assert urls.search_bundle_names(months) == ["2025"] * 4 + ["2024"] * 4 + ["2023"] * 4
    monkeypatch.setattr(urls, "MOST_IN_SEARCH_BUNDLE", 2)  # never past the most
    assert len(set(urls.search_bundle_names(months))) == 12


def test_the_newest_months_have_a_bundle_each() -> None:
    months = [(2026, 2), (2026, 1), (2026, 1), (2025, 12), (2025, 11), (2025, 1), (2019, 12)]
    assert urls.search_bundle_names(months) == ["2026-02", "2026-01", "2026-01", "2025-12", "2025", "2025", "2019"]
    # Counted back from the newest article's month, not from today: a gap of months is no matter.
    assert urls.search_bundle_names([(2019, 12), (2019, 10), (2019, 9)]) == ["2019-12", "2019-10", "2019"]
    assert urls.search_bundle_names([]) == []


@pytest.mark.parametrize(
    ("text", "spelling"),
    [
        # Every d of "Đà" and "đón" was đ; "dòng" is as written; the last word always in full.
        ("Đà Lạt đón dòng người", "5 0 2 4:người"),
        ("Ủy ban Đà-dẫn họp", "4 2:Đà-dẫn 3:họp"),  # a word with both d and đ: in full
        ("đi đến", "2 0 1:đến"),
        ("Hội nghị bàn về đê điều", "6 4 5:điều"),  # the last word spelt in full once
        ("", "0"),
    ],
)
def test_the_written_spelling_names_the_words_folding_changed(text: str, spelling: str) -> None:
    assert search.written_spelling(text) == spelling
    assert _spelt_again(search.fold_d(text), spelling) == text  # as static/js/search.js does


def _spelt_again(indexed: str, spelling: str) -> str:
    words = indexed.split(" ") if indexed else []
    count, *entries = spelling.split(" ")
    assert int(count) == len(words)
    for entry in entries:
        place, colon, word = entry.partition(":")
        words[int(place)] = word if colon else words[int(place)].replace("d", "đ").replace("D", "Đ")
    return " ".join(words)


def _index_where(_config: object, _read_body: object, _put: object, bundle: tuple[str, list[object]]) -> search.MadeBundle:
    """A bundle "made": its size, and the process that made it (module-level: a spawned helper imports it)."""
    folder, articles = bundle
    return search.MadeBundle((f"{folder}/{len(articles)}", f"{folder}/{os.getpid()}"), 1)


def test_bundles_are_made_on_helper_processes_the_largest_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search, "build_search_index", _index_where)
    bundles = {"2025-12": [object()] * 2, "2024": [object()] * 9, "2025": [object()] * 5}
    site = type("Site", (), {"config": None})()
    made = dict(search.build_search_indexes(site, bundles, jobs=2, read_body=str, put=len))  # type: ignore[arg-type]
    assert list(made) == ["2024", "2025", "2025-12"]
    sizes, pids = zip(*((int(p.split("/")[-1]) for p in bundle.files) for bundle in made.values()))
    assert sizes == (9, 5, 2) and os.getpid() not in pids


@pytest.mark.parametrize(("size", "runs"), [(5, 4), (7, 2), (11, 1)])
def test_large_bundles_are_indexed_fewer_at_a_time(monkeypatch: pytest.MonkeyPatch, size: int, runs: int) -> None:
    """Pagefind's memory grows with each bundle: together, those indexed at once hold at most _DOCUMENTS_AT_ONCE."""
    used: list[int] = []

    def run(work: object, items: list[object], jobs: int, in_helpers: bool) -> list[search.MadeBundle]:
        used.append(jobs)
        return [search.MadeBundle((), 0) for _ in items]

    monkeypatch.setattr(search, "iter_parallel", run)
    monkeypatch.setattr(search, "_DOCUMENTS_AT_ONCE", 20)
    bundles = {str(year): [object()] * size for year in range(2019, 2025)}
    site = type("Site", (), {"config": None})()
    assert len(dict(search.build_search_indexes(site, bundles, jobs=4, read_body=str, put=len))) == 6  # type: ignore[arg-type]
    assert used == [runs]


def test_words_are_split_at_every_space_the_search_page_splits_at() -> None:
    spaces = " \t\n\r\u00a0\u2003\u3000\u200b\ufeff\x1c\u2028"
    text = "".join(f"{spaces[i % len(spaces)] * (i % 3 + 1)}Đà{i}" for i in range(40)) + spaces
    assert search._words(text) == " ".join(re.split(r"[\s\u200b\ufeff]+", text)).strip()
    assert search._words(text).split(" ") == [f"Đà{i}" for i in range(40)]
