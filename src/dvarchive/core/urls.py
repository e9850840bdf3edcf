"""The URLs of the built site, and the files they are written to."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from urllib.parse import urlsplit

from .config import SiteConfig
from .model import EntityKind


def entity_word(config: SiteConfig, kind: EntityKind) -> str:
    words = config.urls
    return {
        EntityKind.PERSON: words.people,
        EntityKind.ORGANISATION: words.organisations,
        EntityKind.AUTHOR: words.authors,
        EntityKind.TAG: words.tags,
        EntityKind.SECTION: words.sections,
    }[kind]


def home_url(config: SiteConfig) -> str:
    return config.root + "/"


def article_url(config: SiteConfig, year: int, month: int, slug: str) -> str:
    return f"{config.root}/{year:04d}/{month:02d}/{slug}/"


def entity_url(config: SiteConfig, kind: EntityKind, slug: str) -> str:
    return f"{config.root}/{entity_word(config, kind)}/{slug}/"


def index_url(config: SiteConfig, kind: EntityKind) -> str:
    return f"{config.root}/{entity_word(config, kind)}/"


def year_url(config: SiteConfig, year: int) -> str:
    return f"{config.root}/{year:04d}/"


def month_url(config: SiteConfig, year: int, month: int) -> str:
    return f"{config.root}/{year:04d}/{month:02d}/"


def paged_url(config: SiteConfig, first_page: str, number: int) -> str:
    """Page ``number`` of a list whose front page is ``first_page``: the front page is
    number 1 when pages are counted from the newest, 0 when from the oldest (core/paging.py)."""
    front = 0 if config.paging == "from_oldest" else 1
    return first_page if number == front else f"{first_page}{config.urls.page}/{number}/"


def search_url(config: SiteConfig) -> str:
    return f"{config.root}/{config.urls.search}/"


def corrections_url(config: SiteConfig) -> str:
    return f"{config.root}/{config.urls.corrections}/"


def json_feed_url(config: SiteConfig) -> str:
    return home_url(config) + "feed.json"


def atom_url(config: SiteConfig) -> str:
    return home_url(config) + "atom.xml"


def ninjs_url(article_url: str) -> str:
    """An article's IPTC ninjs document, beside its page."""
    return article_url + "index.json"


SEARCH_DIR = "pagefind"  # the search bundles, under the output folder


def search_bundle_folder(bundle: str) -> str:
    """Where one search bundle (see :func:`search_bundle_names`) goes, under the output folder."""
    return f"{SEARCH_DIR}/{bundle}"


# An edit indexes its article's whole bundle again, at about 2–3 ms of
# Pagefind's time for each article (bench/README.md, "Search"); a reader's
# search fetches from every bundle (a chunk of the index for each word, about
# 60–300 KB). Readers come first: no bundle holds more than
# FEWEST_IN_SEARCH_BUNDLE articles (a year, or its quarters, or its months, or
# parts of a month), a year at 10,000 articles (bundles of 400 made an old
# article's edit 3–4 times as fast and every search 1.35–3.2 times as heavy);
# past MOST_SEARCH_BUNDLES bundles the limit doubles, up to
# MOST_IN_SEARCH_BUNDLE (Pagefind holds 0.3–0.5 MB of memory for each article
# it indexes). It doubles only as the archive does.
FEWEST_IN_SEARCH_BUNDLE = 1_600
MOST_IN_SEARCH_BUNDLE = 3_200
MOST_SEARCH_BUNDLES = 40

# New articles, and most corrections, fall in the newest months of an
# archive: each of these months has its own small bundle.
RECENT_SEARCH_MONTHS = 3


def search_bundle_names(months: Sequence[tuple[int, int]]) -> list[str]:
    """The search bundle of each article, from its (year, month), the articles newest first.

    With ``limit`` articles at most in a bundle (see FEWEST_IN_SEARCH_BUNDLE):
    an article of the archive's newest RECENT_SEARCH_MONTHS calendar months
    is in its month's bundle ("2026-03"). An older one is in its year's
    ("2025") when the year has at most ``limit`` such articles, else its
    quarter's ("2025-q3") when the quarter has at most that many, else its
    month's ("2025-07"). A month of more articles is cut, counting from its
    oldest article, into parts of ``limit`` ("2025-07-1", "2025-07-2", …): a
    new article joins only the newest part.
    """
    limit = FEWEST_IN_SEARCH_BUNDLE
    names = _bundle_names(months, limit)
    while limit < MOST_IN_SEARCH_BUNDLE and len(set(names)) > MOST_SEARCH_BUNDLES:
        limit = min(2 * limit, MOST_IN_SEARCH_BUNDLE)
        names = _bundle_names(months, limit)
    return names


def _bundle_names(months: Sequence[tuple[int, int]], limit: int) -> list[str]:
    recent = _recent_months(months)
    older = [(year, month) for year, month in months if (year, month) not in recent]
    per_year = Counter(year for year, _ in older)
    per_quarter = Counter((year, _quarter(month)) for year, month in older)
    per_month = Counter(months)
    seen: Counter[tuple[int, int]] = Counter()
    names = []
    for year, month in reversed(months):  # the oldest first: a month's parts are counted from its start
        if (year, month) in recent or per_quarter[year, _quarter(month)] > limit:
            name = f"{year}-{month:02d}"
            if per_month[year, month] > limit:
                name += f"-{seen[year, month] // limit + 1}"
            seen[year, month] += 1
        elif per_year[year] > limit:
            name = f"{year}-q{_quarter(month)}"
        else:
            name = str(year)
        names.append(name)
    return names[::-1]


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def _recent_months(months: Sequence[tuple[int, int]]) -> set[tuple[int, int]]:
    """The newest RECENT_SEARCH_MONTHS calendar months, counting back from the newest article's."""
    if not months:
        return set()
    year, month = max(months)
    newest = year * 12 + month - 1  # months since year 0
    return {((newest - back) // 12, (newest - back) % 12 + 1) for back in range(RECENT_SEARCH_MONTHS)}


_OLD_PATH = re.compile(r"[A-Za-z0-9._~-]+(?:/[A-Za-z0-9._~-]+)*/?")


def alias_url(config: SiteConfig, written: str) -> str:
    """The URL path of an old address as an editor writes it: ``/2025/08/ten-cu/``,
    ``2025/08/ten-cu``, or the whole address on this site's host. A folder-like
    path gets its final slash. Raises ValueError saying what is wrong."""
    example = "ví dụ /2025/08/ten-bai-cu/"
    parts = urlsplit(written.strip())
    site = urlsplit(config.base_url)
    if (parts.scheme or parts.netloc) and (parts.scheme not in ("http", "https") or parts.netloc != site.netloc):
        raise ValueError(f"không thuộc trang này ({config.base_url}): ghi đường dẫn trong trang, {example}")
    if parts.query or parts.fragment:
        raise ValueError(f'không được có "?" hay "#": ghi đường dẫn trong trang, {example}')
    path = "/" + parts.path.lstrip("/")
    if config.root and (path == config.root or path.startswith(config.root + "/")):
        path = path[len(config.root) :] or "/"
    relative = path[1:]
    if not _OLD_PATH.fullmatch(relative) or {".", ".."} & set(relative.rstrip("/").split("/")):
        raise ValueError(f'chỉ được có chữ ASCII, số, "-", "_", "." và "/", không có ".." hay "//": {example}')
    if not relative.endswith("/") and "." not in relative.rsplit("/", 1)[-1]:
        relative += "/"
    return f"{config.root}/{relative}"


def feed_url(page_url: str) -> str:
    return page_url + "feed.xml"


def photo_url(config: SiteConfig, src: str) -> str:
    return src if src.startswith(("http://", "https://")) else f"{config.root}/{src}"


def absolute_url(config: SiteConfig, path: str) -> str:
    parts = urlsplit(config.base_url)
    return f"{parts.scheme}://{parts.netloc}{path}"


def output_path(config: SiteConfig, url: str) -> str:
    """The file, relative to the output folder, that serves a URL path."""
    relative = url[len(config.root) :].lstrip("/")
    return relative + "index.html" if relative.endswith("/") or not relative else relative
