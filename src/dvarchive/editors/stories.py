"""One story told twice: the same headline, or near-identical bodies.

Two articles are the same story when

- their headlines are the same once folded (case, where tone marks sit,
  đ, punctuation and spaces set aside), the headline has at least
  :data:`HEADLINE_WORDS` words, and they are dated the same day, or at most
  :data:`HEADLINE_DAYS` days apart with bodies sharing at least
  :data:`RELATED_BODY` of their runs: a story sent twice, or imported
  twice, perhaps corrected. A short headline ("Tin vắn"), or one a daily
  round-up uses again on another text, is a recurring headline, not a copy;
- or their bodies are near-identical: of the runs of
  :data:`SHINGLE_WORDS` words the two bodies hold (words folded to ASCII
  letters), at least :data:`SAME_BODY` are in both (Jaccard similarity).
  A word changed alters the four runs that hold it: a story with one word
  in a hundred corrected, or a paragraph added, stays above 0.8; two
  stories written from one template, their figures and names differing,
  fall well below it (tests/test_stories.py measures both). A body under
  :data:`BODY_WORDS` words is too short to judge.

At 100,000 articles comparing every pair of bodies is out of the
question. Each body is summed up by a sketch: the hashes of its sentences,
the :data:`SKETCH_SIZE` smallest (a bottom-k MinHash over sentences).
Near-identical bodies share most of their sentences, so most of their
sketches; a sentence that more than :data:`COMMON` bodies share is a stock
phrase, no clue. Bodies sharing :data:`CLUES` such clues, and
:data:`SHARED_SENTENCES` of their sketches, are compared word by word, as
written. (Measured on the benchmark's archive, whose bodies are drawn from
one bank of sentences: copies with one word in fifty changed share 10 to
20 of their 24 sketched sentences, unrelated articles at most 8.)
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ..core.names import match_key, nfc

SHINGLE_WORDS = 4
SAME_BODY = 0.8
BODY_WORDS = 30
HEADLINE_WORDS = 5
HEADLINE_DAYS = 2
RELATED_BODY = 0.3
SKETCH_SIZE = 24
COMMON = 20
CLUES = 3
SHARED_SENTENCES = 0.4

_LINK_TARGET = re.compile(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)")  # an image, or where a link leads: not the story's words
_SENTENCE_END = re.compile(rb"[.!?;:\n]+")
_NOT_LETTERS = bytes(ch if chr(ch).isalnum() and ch < 128 else 32 for ch in range(256)).lower()
_D = str.maketrans("đĐðÐ", "dDdD")


@dataclass(frozen=True)
class Story:
    """What two articles are compared by."""

    source: str  # the article file (or wire copy) it was made from
    headline: str  # folded (fold_headline)
    day: int  # the date's ordinal, in the site's zone
    sketch: tuple[int, ...]  # the smallest hashes of the body's sentences, ascending
    words: int  # in the body


@dataclass(frozen=True)
class SameStory:
    """``story`` tells what ``original`` told."""

    story: Story
    original: Story
    headline: bool  # the same headline, days apart at most
    similarity: float | None  # of the bodies, when both are long enough to tell


def fold_headline(text: str) -> str:
    """A headline as compared: "Hà Nội: Khởi công cầu Tô Lịch" = "hà nội khởi công cầu tô lịch"."""
    words = re.findall(r"\w+", nfc(text).translate(_D))
    return " ".join(match_key(word) for word in words)


def fold_body(body: str) -> bytes:
    """The body's words in ASCII, its sentence ends kept; images and link targets left out."""
    text = unicodedata.normalize("NFD", _LINK_TARGET.sub(" ", body).translate(_D))
    return text.encode("ascii", "ignore")


def body_runs(folded: bytes) -> set[int]:
    """The hashes of the body's runs of SHINGLE_WORDS words (lower case, punctuation left out)."""
    words = folded.translate(_NOT_LETTERS).split()
    runs = zip(*(words[offset:] for offset in range(SHINGLE_WORDS)))
    return set(map(zlib.crc32, map(b" ".join, runs)))


def make_story(source: str, headline: str, day: int, body: str) -> Story:
    folded = fold_body(body)
    sentences = {zlib.crc32(b" ".join(s.translate(_NOT_LETTERS).split())) for s in _SENTENCE_END.split(folded)}
    sentences.discard(zlib.crc32(b""))
    words = len(folded.translate(_NOT_LETTERS).split())
    return Story(source, fold_headline(headline), day, tuple(heapq.nsmallest(SKETCH_SIZE, sentences)), words)


def similarity(first: set[int], second: set[int]) -> float:
    """Jaccard similarity: the share of runs in both, of those in either."""
    either = len(first | second)
    return len(first & second) / either if either else 0.0


# A body's runs (body_runs), made again when a comparison needs them: None when it cannot be read.
RunsOf = Callable[[Story], "set[int] | None"]


def _order(story: Story) -> tuple[int, str]:
    """The original of two copies is the earlier, then the first file ("x.md" before "x-2.md")."""
    return story.day, story.source.rpartition(".")[0] or story.source


def _worth_comparing(first: Story, second: Story, clues: int) -> bool:
    """Enough sentences in common, rare ones among them, to compare the bodies word by word."""
    fewest = min(len(first.sketch), len(second.sketch))
    shared = len(set(first.sketch).intersection(second.sketch))
    return clues >= min(CLUES, fewest) and shared >= math.ceil(SHARED_SENTENCES * fewest)


# --- all the stories of a site ------------------------------------------------------


def find_same_stories(stories: Sequence[Story], runs_of: RunsOf) -> list[SameStory]:
    """Each story that tells again what an earlier one told, with the earliest such original."""
    found: dict[str, SameStory] = {}
    for match in (*_same_headlines(stories, runs_of), *_same_bodies(stories, runs_of)):
        kept = found.get(match.story.source)
        if kept is None or _order(match.original) < _order(kept.original):
            found[match.story.source] = match
        elif kept.original is match.original and not kept.headline:
            found[match.story.source] = SameStory(match.story, match.original, True, kept.similarity)
    return sorted(found.values(), key=lambda match: _order(match.story))


def _same_headlines(stories: Sequence[Story], runs_of: RunsOf) -> list[SameStory]:
    groups: dict[str, list[Story]] = {}
    for story in stories:
        if len(story.headline.split()) >= HEADLINE_WORDS:
            groups.setdefault(story.headline, []).append(story)
    matches = []
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=_order)
        days = [story.day for story in group]
        for position, story in enumerate(group):
            earlier = group[bisect.bisect_left(days, story.day - HEADLINE_DAYS) : position]
            match = next(filter(None, (_same_headline(story, original, runs_of) for original in earlier)), None)
            if match is not None:
                matches.append(match)
    return matches


def _same_headline(story: Story, original: Story, runs_of: RunsOf) -> SameStory | None:
    """``story`` and ``original``, whose headlines are the same, as one story, if they are."""
    if len(story.headline.split()) < HEADLINE_WORDS or abs(story.day - original.day) > HEADLINE_DAYS:
        return None
    shared = _body_similarity(story, original, runs_of)
    if story.day != original.day and (shared is None or shared < RELATED_BODY):
        return None
    return SameStory(story, original, True, shared)


def _same_bodies(stories: Sequence[Story], runs_of: RunsOf) -> list[SameStory]:
    """Pairs sharing CLUES sentences of their sketches that fewer than COMMON bodies share, compared in full."""
    long_enough = [story for story in stories if story.words >= BODY_WORDS]
    counts = Counter(itertools.chain.from_iterable(story.sketch for story in long_enough))
    clues = {value for value, count in counts.items() if 2 <= count <= COMMON}
    sharing: dict[int, list[int]] = {}
    for number, story in enumerate(long_enough):
        for value in clues.intersection(story.sketch):
            sharing.setdefault(value, []).append(number)
    pairs = Counter(itertools.chain.from_iterable(itertools.combinations(numbers, 2) for numbers in sharing.values()))
    # Most pairs have a sentence or two in common: only bodies of fewer sentences may share fewer than CLUES.
    short = {number for number, story in enumerate(long_enough) if len(story.sketch) < CLUES}
    likely = [(pair, shared) for pair, shared in pairs.items() if shared >= CLUES or not short.isdisjoint(pair)]
    matches = []
    for (one, other), shared in likely:
        first, second = sorted((long_enough[one], long_enough[other]), key=_order)
        if _worth_comparing(first, second, shared):
            same = _body_similarity(second, first, runs_of)
            if same is not None and same >= SAME_BODY:
                matches.append(SameStory(second, first, False, same))
    return matches


def _body_similarity(story: Story, original: Story, runs_of: RunsOf) -> float | None:
    if story.words < BODY_WORDS or original.words < BODY_WORDS:
        return None
    runs, other = runs_of(story), runs_of(original)
    return None if runs is None or other is None else similarity(runs, other)


# --- one story against an archive -------------------------------------------------


@dataclass
class StoryIndex:
    """An archive's stories, to ask of a new one whether it is already there (``dvarchive import``)."""

    stories: list[Story] = field(default_factory=list)
    by_headline: dict[str, list[Story]] = field(default_factory=dict)

    def add(self, story: Story) -> None:
        self.stories.append(story)
        self.by_headline.setdefault(story.headline, []).append(story)

    def original_of(self, story: Story, runs_of: RunsOf) -> SameStory | None:
        """The earliest story of the index that ``story`` tells again, if any."""
        headlines = (_same_headline(story, original, runs_of) for original in self.by_headline.get(story.headline, ()))
        matches = [match for match in headlines if match is not None]
        if story.words >= BODY_WORDS:
            matches += self._same_bodies(story, runs_of)
        return min(matches, key=lambda match: (_order(match.original), not match.headline), default=None)

    def _same_bodies(self, story: Story, runs_of: RunsOf) -> list[SameStory]:
        sketch = set(story.sketch)
        # Set intersections, in C: 100,000 sketches in a tenth of a second.
        hits = [(original, sketch.intersection(original.sketch)) for original in self.stories]
        hits = [(original, shared) for original, shared in hits if shared and original.words >= BODY_WORDS]
        counts = Counter(itertools.chain.from_iterable(shared for _, shared in hits))
        matches = []
        for original, shared in hits:
            clues = [value for value in shared if counts[value] <= COMMON]
            if _worth_comparing(story, original, len(clues)):
                same = _body_similarity(story, original, runs_of)
                if same is not None and same >= SAME_BODY:
                    matches.append(SameStory(story, original, False, same))
        return matches
