"""How a list of articles (the home page, a person's, a month's…) is cut into pages.

Two rules, chosen by ``paging:`` in ``dvarchive.yaml``:

- ``from_newest`` (the first rule, kept by a site that does not say): page 1
  is the list's own address and holds the newest ``per_page`` articles, page
  2 the next ones, and so on. A new article moves every article of the list
  one place down, so every page of every list it is in changes.
- ``from_oldest`` (what ``dvarchive init`` writes): numbered pages are full
  pages counted from the oldest article, ``/trang/1/`` its first
  ``per_page``; the list's own address, the front page, holds every article
  not yet on one, the newest first: at least ``per_page`` of them and fewer
  than twice that (a list shorter than that is one page). A new article
  changes the front page alone; once the front page holds twice
  ``per_page``, its older half becomes the next numbered page. A numbered
  page never changes after that, but for its links to the two newer pages
  (made when they are) and for an article deleted, unpublished or dated
  again before it. So its address can be cited, and cached.

Why the front page is not the newest ``per_page`` articles, as on some
sites: then the first page a reader reaches going back repeats up to
``per_page`` - 1 of the articles just read, and a list of 25 shows 15 of
them twice. Here no article is on two pages of a list, and a front page is
never nearly empty.

Within a page the articles run newest first, as on the front page: going
back from the front page, a reader reads the archive in one order.
"""

from __future__ import annotations

from .config import SiteConfig
from .records import record
from .urls import paged_url
from .views import PageLink, Pagination

FROM_OLDEST = "from_oldest"
FROM_NEWEST = "from_newest"
FRONT = 0  # the front page's number in a list numbered from the oldest

# A numbered page links to this many newer and older pages around it.
_AROUND = 2


@record
class ListPage:
    """One page of a list: its number and its articles, as a slice of the list (newest first)."""

    number: int  # from the newest: 1, 2, …; from the oldest: FRONT, then the highest number down to 1
    start: int
    stop: int
    numbered: int  # from the oldest: how many numbered pages the list has; from the newest: how many pages
    front: bool  # the list's own address, with its newest articles
    lasting: bool = False  # a numbered page of a list numbered from the oldest: full, and kept as it is


def cut_pages(count: int, per_page: int, paging: str) -> list[ListPage]:
    """The pages of a list of ``count`` articles, the front page first, then older and older."""
    if paging == FROM_OLDEST:
        numbered = max(0, count // per_page - 1)
        front = ListPage(FRONT, 0, count - numbered * per_page, numbered, front=True)
        older = [
            ListPage(n, count - n * per_page, count - (n - 1) * per_page, numbered, front=False, lasting=True)
            for n in range(numbered, 0, -1)
        ]
        return [front, *older]
    total = max(1, -(-count // per_page))
    return [ListPage(n, (n - 1) * per_page, min(count, n * per_page), total, front=n == 1) for n in range(1, total + 1)]


def links_key(page: ListPage) -> tuple[int, int]:
    """What a page's links (:func:`pagination`) depend on, its list's address aside: for a lasting
    page, only whether the pages just newer than it are there, so a page added to the list
    changes none but those."""
    if page.lasting:
        return page.number, min(page.numbered, page.number + _AROUND + 1)
    return page.number, page.numbered


def pagination(config: SiteConfig, first_url: str, page: ListPage) -> Pagination:
    """The links of one page of a list whose front page is at ``first_url``."""
    if config.paging == FROM_OLDEST:
        return _from_oldest(config, first_url, page.number, page.numbered)
    return _from_newest(config, first_url, page.number, page.numbered)


def _from_newest(config: SiteConfig, first_url: str, current: int, total: int) -> Pagination:
    """Links to the first two pages, the last two, and two on each side of this one."""
    shown = sorted(n for n in {1, 2, total - 1, total, *range(current - _AROUND, current + _AROUND + 1)} if 1 <= n <= total)
    links = _links(config, first_url, current, shown) if total > 1 else ()
    return Pagination(
        current=current,
        total=total,
        prev_url=paged_url(config, first_url, current - 1) if current > 1 else None,
        next_url=paged_url(config, first_url, current + 1) if current < total else None,
        pages=links,
    )


def _from_oldest(config: SiteConfig, first_url: str, current: int, numbered: int) -> Pagination:
    """The front page, then numbers from the highest down: on the front page the newest three
    and the oldest two; on a numbered page two on each side of it and the oldest two. A
    numbered page shows nothing of the pages newer than the ones next to it, so a page
    added to the list changes only the front page and the pages just before it."""
    if current == FRONT:
        shown = {numbered, numbered - 1, numbered - 2, 2, 1}
        newer, older = None, numbered or None
    else:
        shown = {*range(current - _AROUND, current + _AROUND + 1), 2, 1}
        newer, older = (FRONT if current == numbered else current + 1), (current - 1 or None)
    numbers = sorted((n for n in shown if 1 <= n <= numbered), reverse=True)
    front = PageLink(FRONT, first_url, current == FRONT)
    links = (front, *_links(config, first_url, current, numbers, after=numbered)) if numbered else ()
    return Pagination(
        current=current,
        total=numbered + 1 if current == FRONT else 0,
        prev_url=None if newer is None else paged_url(config, first_url, newer),
        next_url=None if older is None else paged_url(config, first_url, older),
        pages=links,
        from_oldest=True,
    )


def _links(config: SiteConfig, first_url: str, current: int, numbers: list[int], after: int | None = None) -> tuple[PageLink, ...]:
    """Links to ``numbers`` in order, each marked when pages are left out before it. ``after``: the
    number the links follow (the highest page, after the front page), when there is one."""
    links = []
    before = after + 1 if after is not None else None
    for number in numbers:
        gap = before is not None and abs(number - before) > 1
        links.append(PageLink(number, paged_url(config, first_url, number), number == current, gap))
        before = number
    return tuple(links)
