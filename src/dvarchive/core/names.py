"""Vietnamese names: normal form, matching keys, slugs, A–Z order.

One place decides when two spellings are one name (:func:`match_key`);
everything else asks it. The rules are those of the content contract: names
match after NFC, ignoring case and where the tone mark sits (``Hoà`` =
``Hòa``, ``Uỷ`` = ``Ủy``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

import icu
from slugify import slugify

T = TypeVar("T")

# The five tone marks, as combining characters after NFD. The other marks
# (breve, circumflex, horn) make different letters and are kept.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")

# Telex spelling of the letters that ASCII lacks, for readable anchors.
_TELEX = {"ă": "aw", "â": "aa", "đ": "dd", "ê": "ee", "ô": "oo", "ơ": "ow", "ư": "uw"}


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def clean_name(text: str) -> str:
    """A name as written, in NFC with its white space folded."""
    return " ".join(nfc(text).split())


@lru_cache(maxsize=65536)
def match_key(name: str) -> str:
    """The key under which two spellings of one name are equal.

    Each syllable loses its tone mark, which is then appended at the end of
    the syllable, so the key no longer depends on the vowel that carries it.
    """
    decomposed = unicodedata.normalize("NFD", name).casefold()
    return " ".join(_fold_syllable(word) for word in decomposed.split())


def _fold_syllable(syllable: str) -> str:
    tones = "".join(ch for ch in syllable if ch in _TONE_MARKS)
    letters = "".join(ch for ch in syllable if ch not in _TONE_MARKS)
    return letters + tones


@lru_cache(maxsize=65536)
def loose_key(name: str) -> str:
    """A name without any of its marks, its spaces or its case:
    ``Trương Thị Mai``, ``Truong Thi Mai`` and ``TrươngThị mai`` all give ``truongthimai``.

    Looser than :func:`match_key`, on purpose: two spellings with one loose
    key and two matching keys are one name mistyped, or two people an editor
    must tell apart (see :class:`NearNames`).
    """
    decomposed = unicodedata.normalize("NFD", name).casefold().replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch) and not ch.isspace())


def strip_tones(text: str) -> str:
    """The text without its tone marks (``Đặng`` → ``Đăng``)."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc("".join(ch for ch in decomposed if ch not in _TONE_MARKS))


SLUG_LIMIT = 150  # characters: far below file systems' 255 bytes a name


@lru_cache(maxsize=65536)
def make_slug(text: str) -> str:
    """ASCII, lower case, hyphenated, at most SLUG_LIMIT long; empty when the text has no letters."""
    return slugify(nfc(text), backend="text-unidecode", max_length=SLUG_LIMIT, word_boundary=True)


# Telex, the way most Vietnamese type: a tone is a key after the syllable,
# a changed letter its letter doubled (â: aa) or followed by w (ư: uw).
_TELEX_TONES = {"\u0301": "s", "\u0300": "f", "\u0309": "r", "\u0303": "x", "\u0323": "j"}
_TELEX_MARKS = {"\u0302": None, "\u0306": "w", "\u031b": "w"}  # circumflex (the letter again), breve, horn


@lru_cache(maxsize=65536)
def telex_slug(name: str) -> str:
    """A slug that keeps every mark of the name, as Telex types it:
    ``Nguyễn Thúy Hà`` → ``nguyeenx-thuys-haf``, ``Nguyễn Thùy Hà`` → ``nguyeenx-thuyf-haf``.

    Two names with one :func:`match_key` have one Telex slug (the tone is
    typed after the syllable, wherever it sits); two with different keys
    differ in it, as far as their letters are Vietnamese. A name without
    marks keeps its plain slug.
    """
    typed: list[str] = []
    tone = ""
    for ch in unicodedata.normalize("NFD", nfc(name).casefold()):
        if ch in _TELEX_TONES:
            tone = _TELEX_TONES[ch]
        elif ch in _TELEX_MARKS:
            typed.append(_TELEX_MARKS[ch] or (typed[-1] if typed else ""))
        elif ch == "đ":
            typed.append("dd")
        elif ch.isalnum() or unicodedata.combining(ch):
            typed.append(ch)
        else:  # the syllable ends: its tone is typed now
            typed += [tone, ch]
            tone = ""
    return make_slug("".join(typed) + tone)


@lru_cache(maxsize=4)
def _collator(locale: str) -> icu.Collator:
    return icu.Collator.createInstance(icu.Locale(locale))


def sort_key(text: str, locale: str = "vi") -> bytes:
    """A key that orders text as a Vietnamese dictionary does."""
    return bytes(_collator(locale).getSortKey(nfc(text)))


def given_name_first(name: str) -> str:
    """``Trương Thị Mai`` → ``Mai Trương Thị``: how directories list people."""
    words = name.split()
    return " ".join(words[-1:] + words[:-1])


def initial_letter(text: str) -> str:
    """The letter of the alphabet a name is filed under (``Đặng`` → ``Đ``)."""
    first = strip_tones(text.strip())[:1].upper()
    return first if first.isalpha() else "#"


def letter_anchor(letter: str) -> str:
    """An ASCII id for a letter group (``Đ`` → ``chu-dd``)."""
    lower = letter.lower()
    if lower == "#":
        return "chu-so"
    return "chu-" + _TELEX.get(lower, make_slug(lower) or format(ord(lower), "x"))


_WORD = re.compile(r"\w+")


def word_keys(text: str) -> list[tuple[str, int, int]]:
    """Each word of a text with its matching key and its span."""
    return [(match_key(m.group()), m.start(), m.end()) for m in _WORD.finditer(nfc(text))]


@dataclass(frozen=True)
class FoundName(Generic[T]):
    value: T
    text: str  # as the text writes it
    start: int


class NameFinder(Generic[T]):
    """Finds known names in running text, whole words only, tolerant of case
    and of where the tone mark sits (the rules of :func:`match_key`).

    A name that runs on into a capitalised word on the same line is part of
    a longer name, and not found: "Nguyễn Thị Hòa Bình" is not "Nguyễn Thị
    Hòa", nor "Sở Y tế Huế" the "Sở Y tế" of another province.
    """

    def __init__(self, names: Iterable[tuple[str, T]]) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], T]]] = {}
        for spelling, value in names:
            keys = tuple(key for key, _, _ in word_keys(spelling))
            if keys:
                self._by_first.setdefault(keys[0], []).append((keys, value))
        for candidates in self._by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))  # the longest name wins

    def find(self, text: str) -> list[FoundName[T]]:
        text = nfc(text)
        words = word_keys(text)
        found: list[FoundName[T]] = []
        index = 0
        while index < len(words):
            match = self._match_at(words, index)
            if match is None:
                index += 1
                continue
            length, value = match
            start, end = words[index][1], words[index + length - 1][2]
            if index + length < len(words) and _runs_on(text, start, end, words[index + length][1]):
                index += 1
                continue
            found.append(FoundName(value, text[start:end], start))
            index += length
        return found

    def _match_at(self, words: list[tuple[str, int, int]], index: int) -> tuple[int, T] | None:
        for keys, value in self._by_first.get(words[index][0], ()):
            if tuple(key for key, _, _ in words[index : index + len(keys)]) == keys:
                return len(keys), value
        return None


class NearNames(Generic[T]):
    """Known names, to tell one typed without its marks, with a space too many
    or too few, or in other capitals (``Truong Thi Mai``, ``TrươngThị Mai``).

    A name that :func:`match_key` matches to a known one is that name, not a
    near miss: ``Hoà`` is ``Hòa``, ``trương thị mai`` is ``Trương Thị Mai``.
    """

    def __init__(self, names: Iterable[tuple[str, T]]) -> None:
        self._exact: set[str] = set()
        self._loose: dict[str, list[tuple[str, T]]] = {}
        for spelling, value in names:
            self._exact.add(match_key(spelling))
            self._loose.setdefault(loose_key(spelling), []).append((spelling, value))

    def near(self, name: str) -> list[tuple[str, T]]:
        """The known spellings that ``name`` is a near miss of; none when it is one of them."""
        if match_key(name) in self._exact:
            return []
        return self._loose.get(loose_key(name), [])


def _runs_on(text: str, start: int, end: int, next_start: int) -> bool:
    """The name at ``start:end`` goes on into the capitalised word at ``next_start``.

    Text in capitals says nothing of where a name ends: there it never does.
    """
    gap = text[end:next_start]
    return gap.isspace() and "\n" not in gap and text[next_start].isupper() and not text[start:end].isupper()
