"""Each article's related articles: the editors' ``related`` picks, then the
earlier articles sharing the most people and organisations ("Tin liên quan"),
five in all; and, when those are fewer, the section's neighbours ("Tin cùng
chuyên mục").

Only earlier articles are ranked, so that a page, once published, keeps its
list as the archive grows: a new article changes no older article's page.

Part of the resolve stage: a function of the placed articles alone.
"""

from __future__ import annotations

import heapq
import re
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from hashlib import blake2b
from itertools import combinations, islice

from ..core.config import SiteConfig
from ..core.errors import Report
from ..core.model import EntityKind, EntityRef, PlacedArticle
from ..core.parallel import run_parallel
from ..core.records import replace
from ..incremental.state import KeptRankings

_REGISTERED_KINDS = (EntityKind.PERSON, EntityKind.ORGANISATION)

RELATED_COUNT = 5
_DIGEST = KeptRankings.DIGEST_SIZE
PAIR_WINDOW = 200  # articles per pair of subjects looked at for "related"


def add_related(
    placed: list[PlacedArticle], config: SiteConfig, report: Report, jobs: int, kept: KeptRankings | None = None
) -> tuple[list[PlacedArticle], KeptRankings]:
    """Each article with its related articles, and the rankings to keep for the next build.

    An article's ranking reads only it and the earlier articles, so one
    ``kept`` from a build where those were the same is used as it is: a new
    article is the only one ranked, and a registry edit ranks none.
    """
    by_reference = _reference_index(placed, config)
    # A published article's related list never names a draft or a scheduled article (a preview's may).
    unpublished = {position for position, item in enumerate(placed) if not item.published}
    chosen = [_visible(item, _explicit_related(item, position, by_reference, report), unpublished) for position, item in enumerate(placed)]
    digests = _ranking_digests(placed, chosen)
    shared = _rank_shared(placed, chosen, unpublished, digests, kept, jobs)
    placed = [replace(item, related=(*picks, *found)) for item, picks, found in zip(placed, chosen, shared)]
    return add_section_news(placed, unpublished), _to_keep(digests, shared)


def _rank_shared(
    placed: list[PlacedArticle], chosen: list[list[int]], unpublished: set[int], digests: list[bytes], kept: KeptRankings | None, jobs: int
) -> list[tuple[int, ...]]:
    """The earlier articles ranked for each article: as kept when its digest is the same, else ranked now."""
    found = {position: ranked for position, digest in enumerate(digests) if (ranked := _kept(kept, position, digest, len(placed))) is not None}
    todo = [position for position in range(len(placed)) if position not in found]
    if todo:
        # Only the subjects of the articles to rank are indexed: for one new article, a handful.
        among = {_page_key(ref) for position in todo for ref in _subjects(placed[position])}
        ranking = _Ranking(chosen, SubjectIndex(placed, among), unpublished, [item.published for item in placed])
        found.update(zip(todo, run_parallel(ranking, todo, jobs)))
    return [found[position] for position in range(len(placed))]


def _kept(kept: KeptRankings | None, position: int, digest: bytes, count: int) -> tuple[int, ...] | None:
    """The kept ranking of the article at ``position`` of ``count``, if it read what it reads now."""
    place = count - 1 - position  # counted from the oldest: the same while every earlier article is
    size = KeptRankings.DIGEST_SIZE
    if kept is None or kept.width != RELATED_COUNT or kept.digests[place * size : (place + 1) * size] != digest:
        return None
    slots = kept.ranked[place * RELATED_COUNT : (place + 1) * RELATED_COUNT]
    return tuple(count - 1 - earlier for earlier in slots if earlier >= 0)


def _to_keep(digests: list[bytes], shared: list[tuple[int, ...]]) -> KeptRankings:
    count = len(digests)
    ranked = array("i")
    for found in reversed(shared):  # the oldest first
        places = [count - 1 - position for position in found]
        ranked.extend(places + [-1] * (RELATED_COUNT - len(places)))
    return KeptRankings(b"".join(reversed(digests)), ranked, RELATED_COUNT)


def _visible(item: PlacedArticle, picks: list[int], unpublished: set[int]) -> list[int]:
    """The editors' picks a reader may see, five at most."""
    hidden = unpublished if item.published else set()
    return [p for p in picks if p not in hidden][:RELATED_COUNT]


def _ranking_digests(placed: list[PlacedArticle], chosen: list[list[int]]) -> list[bytes]:
    """For each article, a digest of all its ranking reads: its subjects, picks and state, and
    those of every earlier article in order (a chain from the oldest)."""
    digests: list[bytes] = [b""] * len(placed)
    earlier = b""
    for position in range(len(placed) - 1, -1, -1):
        item = placed[position]
        own = "\0".join([item.article.source, str(item.published), *sorted(_page_key(ref) for ref in _subjects(item))])
        picks = "\0".join(placed[p].article.source for p in chosen[position])
        digests[position] = blake2b(b"%b\1%b\1%b" % (earlier, own.encode(), picks.encode()), digest_size=_DIGEST).digest()
        earlier = blake2b(earlier + own.encode(), digest_size=_DIGEST).digest()
    return digests


@dataclass(frozen=True)
class _Ranking:
    """The earlier articles sharing most subjects with the one at a position, after the
    editors' picks: the work of the helpers."""

    chosen: list[list[int]]  # the editors' picks each one shows, by position
    subjects: SubjectIndex
    unpublished: set[int]
    published: list[bool]

    def __call__(self, position: int) -> tuple[int, ...]:
        hidden = self.unpublished if self.published[position] else set()
        picks = self.chosen[position]
        return tuple(self.subjects.most_shared(position, RELATED_COUNT - len(picks), exclude=set(picks) | {position} | hidden))


def add_section_news(placed: list[PlacedArticle], unpublished: set[int]) -> list[PlacedArticle]:
    """"Tin cùng chuyên mục": an article with fewer than RELATED_COUNT related
    articles lists as many more of its section, those published just before
    it (the section's oldest, those just after it). So a new article changes
    the list of no older one but the few at the start of a small section.
    """
    members: dict[EntityRef, list[int]] = defaultdict(list)
    for position, item in enumerate(placed):
        if item.section is not None:
            members[item.section].append(position)  # newest first, as positions run
    found = []
    for position, item in enumerate(placed):
        wanted = RELATED_COUNT - len(item.related)
        if item.section is None or wanted <= 0:
            found.append(item)
            continue
        section = members[item.section]
        # A published article's list never names a draft or a scheduled article (a preview's may).
        skip = ({position, *item.related}, unpublished if item.published else set())
        at = bisect_left(section, position)
        older = _first_kept(section, range(at + 1, len(section)), skip, wanted)
        newer = _first_kept(section, range(at - 1, -1, -1), skip, wanted - len(older))
        found.append(replace(item, section_news=tuple(sorted(older + newer))))
    return found


def _first_kept(section: list[int], indexes: range, skip: tuple[set[int], set[int]], wanted: int) -> list[int]:
    kept: list[int] = []
    for index in indexes:
        if len(kept) >= wanted:
            break
        if not any(section[index] in skipped for skipped in skip):
            kept.append(section[index])
    return kept


class SubjectIndex:
    """Which articles share people and organisations with which, for "related".

    Only articles published before the one ranked are candidates. Ranking
    is by the number of shared subjects, then recency. Counting every
    article of a popular person for every article would be quadratic, so
    articles sharing two or more subjects are found through lists kept per
    pair of subjects (short ones), and those sharing one from each
    subject's list, from the article just before the one ranked.
    """

    def __init__(self, placed: list[PlacedArticle], among: set[str] | None = None) -> None:
        """``among``: the subjects (page keys) to index, when not all are needed."""
        # Subjects are numbered: pairs of small ints hash far faster than pairs of refs.
        # By page, not by name: an organisation renamed is one subject under both names.
        numbers: dict[str, int] = {}
        self.subjects = [
            [
                numbers.setdefault(page, len(numbers))
                for page in sorted({_page_key(ref) for ref in _subjects(item)})
                if among is None or page in among
            ]
            for item in placed
        ]
        self.members: dict[int, list[int]] = defaultdict(list)
        self.pairs: dict[tuple[int, int], list[int]] = defaultdict(list)
        for position, refs in enumerate(self.subjects):
            for ref in refs:
                self.members[ref].append(position)
            for pair in combinations(refs, 2):
                self.pairs[pair].append(position)

    def most_shared(self, position: int, wanted: int, exclude: set[int]) -> list[int]:
        if wanted <= 0:
            return []
        refs = self.subjects[position]
        pair_counts: Counter[int] = Counter()
        for pair in combinations(refs, 2):
            # The co-mentions just before this article are enough to find the
            # best candidates; counting all of them grows with the archive squared.
            pair_counts.update(_earlier(self.pairs[pair], position, PAIR_WINDOW))
        # k shared subjects make k(k-1)/2 shared pairs: more pairs, more subjects.
        ranked = heapq.nsmallest(wanted, ((-n, p) for p, n in pair_counts.items() if p not in exclude))
        chosen = [p for _, p in ranked]
        return chosen + self._most_recent(position, refs, wanted - len(chosen), exclude | set(chosen))

    def _most_recent(self, position: int, refs: list[int], wanted: int, exclude: set[int]) -> list[int]:
        """The most recent earlier articles sharing at least one subject."""
        if wanted <= 0:
            return []
        heads = (
            islice((p for p in _earlier(self.members[ref], position) if p not in exclude), wanted)
            for ref in refs
        )
        return list(islice(dict.fromkeys(heapq.merge(*heads)), wanted))


def _earlier(positions: list[int], position: int, most: int | None = None) -> Iterator[int]:
    """The ``positions`` (ascending, so newest first) after ``position``: the earlier articles, lazily, up to ``most``."""
    start = bisect_right(positions, position)
    end = len(positions) if most is None else min(len(positions), start + most)
    return (positions[index] for index in range(start, end))


def _page_key(ref: EntityRef) -> str:
    return f"{ref.kind._value_}/{ref.slug}"  # as in fingerprints.ref_key: the fast read


def _subjects(item: PlacedArticle) -> list[EntityRef]:
    return [p.entity for p in item.people] + list(item.organisations)


def _reference_index(placed: list[PlacedArticle], config: SiteConfig) -> dict[str, int]:
    """Each article under the ways ``related`` may name it."""
    index: dict[str, int] = {}
    for position, item in enumerate(placed):
        index[item.url[len(config.root) :].strip("/")] = position
        source = item.article.source
        index[source] = position
        index[source.removeprefix("content/")] = position
    return index


def _explicit_related(item: PlacedArticle, position: int, by_reference: dict[str, int], report: Report) -> list[int]:
    chosen: list[int] = []
    for mention in item.article.related:
        written = mention.name.strip()
        reference = written.strip("/")
        if written.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", written) or ".." in reference.split("/"):
            report.error(item.article.source, mention.line, f'related "{mention.name}": không dùng ".." hay đường dẫn tuyệt đối')
            continue
        target = by_reference.get(reference)
        if target is None:
            report.warning(
                item.article.source,
                mention.line,
                f'related "{mention.name}" không trỏ tới bài nào: viết dạng YYYY/MM/slug hoặc đường dẫn trong content/',
            )
        elif target != position and target not in chosen:
            chosen.append(target)
    return chosen




