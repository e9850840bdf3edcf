"""Properties of the name functions and of the header writer, over generated inputs (hypothesis).

Vietnamese names are generated from syllables (onset, rhyme, tone), so that
the old-style and new-style placements of a tone mark (``hoà``/``hòa``,
``uỷ``/``ủy``, ``thuý``/``thúy``, ``khoẻ``/``khỏe``) can be built for any name.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
import unicodedata
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dvarchive.core.config import SiteConfig
from dvarchive.core.errors import Report
from dvarchive.core.frontmatter import read_source
from dvarchive.core.model import EntityKind, Place
from dvarchive.core.names import clean_name, make_slug, match_key, nfc, sort_key, telex_slug
from dvarchive.editors.headers import format_article
from dvarchive.editors.scaffold import new_article
from dvarchive.stages.load import parse_article
from dvarchive.stages.slugs import Claimant, choose_slugs

# HYPOTHESIS_PROFILE=thorough for a long hunt; the default keeps the suite fast.
settings.register_profile(
    "dvarchive", max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("thorough", parent=settings.get_profile("dvarchive"), max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dvarchive"))

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ALPHABET = "a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y".split()
VOWELS = set("aăâeêioôơuưy")
TONES = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")  # none, huyền, sắc, ngã, hỏi, nặng
ONSETS = (
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "k", "kh", "l", "m", "n", "ng", "nh", "p", "ph",
    "r", "s", "t", "th", "tr", "v", "x",
)
# Rhymes whose tone mark sits on one vowel whatever the style: (rhyme, index of that vowel).
FIXED_RHYMES = (
    ("a", 0), ("an", 0), ("ăn", 0), ("âm", 0), ("anh", 0), ("ai", 0), ("ao", 0), ("e", 0), ("ê", 0), ("ênh", 0),
    ("i", 0), ("in", 0), ("o", 0), ("ong", 0), ("ông", 0), ("ơn", 0), ("oi", 0), ("u", 0), ("ung", 0), ("ưng", 0),
    ("ui", 0), ("ương", 1), ("iêt", 1), ("uân", 1), ("ươi", 1), ("oan", 1), ("uyên", 2), ("ach", 0),
)
# Open rhymes where the old style marks the first vowel (hòa) and the new style the second (hoà).
SHIFTING_RHYMES = ("oa", "oe", "uy")


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def with_tone(letters: str, index: int, tone: str) -> str:
    """``letters`` with the tone mark on its ``index``-th character, in NFC."""
    return nfc(letters[: index + 1] + tone + letters[index + 1 :])


@st.composite
def syllable_pair(draw: st.DrawFn) -> tuple[str, str]:
    """One syllable in the old and the new style (the same when the style does not matter)."""
    onset = draw(st.sampled_from(ONSETS))
    tone = draw(st.sampled_from(TONES))
    if draw(st.booleans()):
        rhyme = draw(st.sampled_from(SHIFTING_RHYMES))
        if onset in ("gi", "k") or (onset == "" and rhyme == "uy"):
            onset = "h"
        return with_tone(onset + rhyme, len(onset), tone), with_tone(onset + rhyme, len(onset) + 1, tone)
    rhyme, index = draw(st.sampled_from(FIXED_RHYMES))
    word = with_tone(onset + rhyme, len(onset) + index, tone)
    return word, word


def recase(word: str, how: str) -> str:
    return {"lower": word.lower(), "upper": word.upper(), "title": word[:1].upper() + word[1:], "same": word}[how]


@st.composite
def name_pair(draw: st.DrawFn) -> tuple[str, str]:
    """A Vietnamese name in the old and the new tone style, each word cased at random."""
    pairs = draw(st.lists(syllable_pair(), min_size=1, max_size=4))
    cases = st.sampled_from(["lower", "upper", "title", "same"])
    old = " ".join(recase(a, draw(cases)) for a, _ in pairs)
    new = " ".join(recase(b, draw(cases)) for _, b in pairs)
    return old, new


vietnamese_names = name_pair().map(lambda pair: pair[0])


# --- make_slug -----------------------------------------------------------------------------


@given(st.text())
def test_make_slug_shape(text: str) -> None:
    slug = make_slug(text)
    assert slug.isascii()
    assert slug == slug.lower()
    assert slug == "" or SLUG.fullmatch(slug), slug
    assert "--" not in slug


@given(st.text())
def test_make_slug_is_stable_across_normal_forms(text: str) -> None:
    slug = make_slug(text)
    assert make_slug(text) == slug
    assert make_slug(nfc(text)) == slug
    assert make_slug(nfd(text)) == slug
    assert make_slug(unicodedata.normalize("NFKC", text)) == make_slug(unicodedata.normalize("NFKD", text))


@given(name_pair())
def test_make_slug_of_vietnamese_names(pair: tuple[str, str]) -> None:
    old, new = pair
    slug = make_slug(old)
    assert SLUG.fullmatch(slug), (old, slug)
    assert slug == make_slug(new) == make_slug(old.upper()) == make_slug(nfd(old))
    assert slug.count("-") == len(old.split()) - 1


# --- match_key -----------------------------------------------------------------------------


@given(st.text())
def test_match_key_ignores_the_normal_form(text: str) -> None:
    key = match_key(text)
    assert match_key(nfc(text)) == key
    assert match_key(nfd(text)) == key


@given(name_pair())
def test_match_key_ignores_where_the_tone_mark_sits(pair: tuple[str, str]) -> None:
    old, new = pair
    assert match_key(old) == match_key(new), (old, new)
    assert match_key(nfd(old)) == match_key(nfc(new))


@given(vietnamese_names)
def test_match_key_ignores_case_and_spacing(name: str) -> None:
    key = match_key(name)
    assert match_key(name.lower()) == key
    assert match_key(name.upper()) == key
    assert match_key(name.title()) == key
    assert match_key("  " + "   ".join(name.split()) + " ") == key
    assert match_key(key) == key  # a key is its own key


@given(syllable_pair(), st.sampled_from(TONES), st.sampled_from(TONES))
def test_match_key_tells_tones_apart(pair: tuple[str, str], first: str, second: str) -> None:
    """Only the place of the tone is ignored, never the tone itself (Hùng ≠ Húng)."""
    base = "".join(ch for ch in nfd(pair[0]) if ch not in "".join(TONES))
    vowel = next(i for i, ch in enumerate(base) if ch in "aeiouy")
    one, other = with_tone(base, vowel, first), with_tone(base, vowel, second)
    assert (match_key(one) == match_key(other)) == (first == second)


def test_match_key_on_the_contract_examples() -> None:
    for one, other in [("hoà", "hòa"), ("uỷ", "ủy"), ("thuý", "thúy"), ("khoẻ", "khỏe"), ("Hoà", "HÒA")]:
        assert match_key(one) == match_key(other)


# --- sort_key ------------------------------------------------------------------------------


@given(st.permutations(ALPHABET), st.booleans())
def test_sort_key_orders_the_alphabet(letters: list[str], upper: bool) -> None:
    shown = [letter.upper() if upper else letter for letter in letters]
    expected = [letter.upper() if upper else letter for letter in ALPHABET]
    assert sorted(shown, key=sort_key) == expected


def toned(letter: str, tone: str) -> str:
    return with_tone(letter, 0, tone) if letter in VOWELS else letter


word_letters = st.lists(st.tuples(st.sampled_from(ALPHABET), st.sampled_from(TONES)), max_size=8).map(
    lambda items: "".join(toned(letter, tone) for letter, tone in items)
)


@given(
    st.lists(st.sampled_from(range(len(ALPHABET))), min_size=2, max_size=2, unique=True),
    st.sampled_from(TONES),
    st.sampled_from(TONES),
    word_letters,
    word_letters,
    st.booleans(),
    st.booleans(),
)
def test_sort_key_orders_by_base_letter_first(
    positions: list[int], tone_a: str, tone_b: str, rest_a: str, rest_b: str, upper_a: bool, upper_b: bool
) -> None:
    """The first letter decides, whatever its tone, its case and what follows."""
    first, second = sorted(positions)
    a = toned(ALPHABET[first], tone_a) + rest_a
    b = toned(ALPHABET[second], tone_b) + rest_b
    a = a[:1].upper() + a[1:] if upper_a else a
    b = b[:1].upper() + b[1:] if upper_b else b
    assert sort_key(a) < sort_key(b), (a, b)


@given(vietnamese_names)
def test_sort_key_ignores_the_normal_form(name: str) -> None:
    assert sort_key(nfd(name)) == sort_key(nfc(name))


# --- headers written by format_article read back through parse_article ---------------------

CONFIG = SiteConfig(title="Thử", base_url="https://tin.example.vn/")
TRICKY = [
    "yes", "no", "Yes", "NO", "on", "off", "true", "False", "null", "Null", "~", "1975", "-1", "0x1F", "1e3",
    "3.14", ".inf", "0o17", "2024-01-08", "12:30", "- gạch đầu dòng", "-", "# không phải chú thích", "a # b",
    "a: b", "key: value: more", "'nháy đơn'", '"nháy kép"', "it's", "[a, b]", "{a: 1}", "&neo", "*bí-danh",
    "!thẻ", "!!python/object/apply:os.system", "| khối", "> gấp", "%TAG", "@x", "`x`", "---", "...", "? hỏi",
    ",phẩy", "Hà Nội: 30°C", "Trương Thị Mai", "Uỷ ban nhân dân", "ĐẢNG", "\\ sổ ngược", "tab\tở giữa",
    "dòng\nmới", "  cách  đầu  ", "\ufeffBOM", "#", "😀 biểu tượng", "<script>alert(1)</script>",
]
tricky_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(min_size=1, max_size=40),
    st.tuples(st.sampled_from(TRICKY), st.text(max_size=10), st.sampled_from(TRICKY)).map("".join),
    vietnamese_names,
).filter(lambda value: bool(value.split()))


def folded(value: str) -> str:
    """What the loader makes of a written text: NFC, white space folded."""
    return " ".join(nfc(value).split())


moments = st.one_of(
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.builds(
        lambda day, seconds, offset: datetime.combine(day, datetime.min.time(), timezone(timedelta(minutes=offset)))
        + timedelta(seconds=seconds),
        st.dates(min_value=date(1900, 1, 2), max_value=date(2100, 12, 30)),
        st.integers(0, 86399),
        st.integers(-12 * 60, 14 * 60),
    ),
)


# People and authors are named with letters ("5" is refused as a name).
names = tricky_text.filter(lambda text: any(ch.isalpha() for ch in text))


@given(
    title=tricky_text,
    when=moments,
    section=tricky_text,
    summary=tricky_text,
    author=st.one_of(names, st.lists(names, min_size=1, max_size=3)),
    location=tricky_text,
    people=st.lists(st.tuples(names, st.one_of(st.none(), tricky_text)), max_size=3),
    tags=st.lists(tricky_text, max_size=3),
    body=st.text(max_size=60),
)
def test_format_article_reads_back(
    title: str,
    when: date,
    section: str,
    summary: str,
    author: str | list[str],
    location: str,
    people: list[tuple[str, str | None]],
    tags: list[str],
    body: str,
) -> None:
    header: dict[str, object] = {
        "title": title,
        "date": when,
        "section": section,
        "summary": summary,
        "author": author,
        "location": location,
        "people": [{"name": name, "title": position} for name, position in people],
        "tags": tags,
    }
    if not make_slug(folded(title)):
        header["slug"] = "bai-viet"
    text = format_article(header, body)
    report = Report()
    article = parse_article("content/articles/bai.md", text, CONFIG, report)
    assert article is not None and not report.diagnostics, (text, report.diagnostics)
    assert article.title == folded(title)
    assert article.section is not None and article.section.name == folded(section)
    assert article.summary == folded(summary)
    assert article.location == folded(location)
    authors = [author] if isinstance(author, str) else author
    assert [m.name for m in article.authors] == [folded(a) for a in authors]
    assert [(m.name, m.title) for m in article.people] == [
        (folded(name), folded(position) if position and position.split() else None) for name, position in people
    ]
    assert [m.name for m in article.tags] == [folded(tag) for tag in tags]
    if isinstance(when, datetime):
        assert article.date.has_time and article.date.at == when
    else:
        assert not article.date.has_time and article.date.at.date() == when


@given(title=tricky_text, section=st.one_of(st.none(), tricky_text))
def test_new_article_reads_back(title: str, section: str | None) -> None:
    slug = make_slug(clean_name(title))
    if not slug or len(slug) > 150:
        return  # new_article refuses a title without letters; a file name has a length limit
    now = datetime(2026, 3, 12, 1, 30, tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        (site / "dvarchive.yaml").write_text("title: Thử\nbase_url: https://tin.example.vn/\n", "utf-8")
        path = new_article(site, title, section, now)
        source = path.relative_to(site).as_posix()
        assert source == f"content/articles/2026/03/{slug}.md"
        report = Report()
        article = parse_article(source, read_source(path), CONFIG, report)
        assert article is not None and not report.has_errors, report.diagnostics
        assert article.title == folded(title)
        assert (article.section.name if article.section else None) == (folded(section) if section else None)
        assert article.date.at == now


# --- telex_slug and the slugs of namesakes ---------------------------------------------------


@given(name_pair())
def test_telex_slug_ignores_spelling_style_case_and_normal_form(pair: tuple[str, str]) -> None:
    old, new = pair
    slug = telex_slug(old)
    assert SLUG.fullmatch(slug), (old, slug)
    assert slug == telex_slug(new) == telex_slug(old.upper()) == telex_slug(nfd(old))


@given(vietnamese_names, vietnamese_names)
def test_telex_slug_tells_different_names_apart(one: str, other: str) -> None:
    assert (telex_slug(one) == telex_slug(other)) == (match_key(one) == match_key(other)), (one, other)


def _claimants(names: list[str]) -> list[Claimant]:
    unique = list(dict.fromkeys(match_key(name) for name in names))
    return [Claimant(key, EntityKind.PERSON, key, Place("content/articles/a.md", i)) for i, key in enumerate(unique)]


@given(st.lists(vietnamese_names, min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_slugs_do_not_depend_on_the_order_names_are_met(names: list[str], rng: random.Random) -> None:
    claimants = _claimants(names)
    shuffled = claimants[:]
    rng.shuffle(shuffled)
    assert choose_slugs(claimants) == choose_slugs(shuffled)


@given(st.lists(vietnamese_names, min_size=1, max_size=6), vietnamese_names)
def test_a_name_met_later_moves_no_address_but_a_lone_holders_of_its_plain_slug(names: list[str], later: str) -> None:
    before = choose_slugs(_claimants(names)).chosen
    after = choose_slugs(_claimants([*names, later])).chosen
    moved = {key for key, slug in before.items() if after[key] != slug}
    # Only the one name that had the plain slug alone, when the new name folds to it too.
    assert len(moved) <= 1
    for key in moved:
        assert make_slug(key) == make_slug(later) == before[key] and match_key(later) != key


def test_a_record_replaced_is_the_dataclass_replaced() -> None:
    """``records.replace``, the fast path a large build takes, changes what ``dataclasses.replace`` changes."""
    import dataclasses

    from dvarchive.core.model import Mention, Photo
    from dvarchive.core.records import replace

    photo = Photo("photos/a.jpg", "../a.jpg", caption="Cầu mới", credit="TTXVN", line=7)
    for changes in ({}, {"in_body": True}, {"src": "photos/b.jpg", "line": None, "alt": "Cây cầu"}):
        assert replace(photo, **changes) == dataclasses.replace(photo, **changes)
    assert replace(Mention("Hoà", 3), title="Chủ tịch") == Mention("Hoà", 3, "Chủ tịch")
