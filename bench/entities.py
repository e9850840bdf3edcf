"""The cast of a benchmark archive: people, organisations, authors, tags, sections.

Every entity gets a folded ASCII slug, and no two entities of one kind share
one: dvarchive treats two names folding to one slug ("Hùng" and "Hưng") as
an error unless the registry fixes a slug, so the generator never makes such
pairs. Popularity follows a Zipf-like law: a few names appear in many
articles, most in a handful.
"""

from __future__ import annotations

import itertools
import random
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import vocab

T = TypeVar("T")

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def fold_slug(text: str) -> str:
    """Fold Vietnamese text to an ASCII slug the way python-slugify does."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")


def respell(name: str) -> str:
    """Return `name` with old/new tone placement swapped ("Hòa" <-> "Hoà")."""
    return " ".join(vocab.TONE_VARIANTS.get(word, word) for word in name.split(" "))


@dataclass(frozen=True)
class ZipfPool(Generic[T]):
    """Items ranked by popularity; item i is drawn with weight 1 / (i + 1) ** s."""

    items: tuple[T, ...]
    cum_weights: tuple[float, ...]

    @classmethod
    def ranked(cls, items: Sequence[T], exponent: float) -> ZipfPool[T]:
        """Build a pool whose first item is the most popular."""
        weights = (1.0 / (rank + 1) ** exponent for rank in range(len(items)))
        return cls(tuple(items), tuple(itertools.accumulate(weights)))

    @classmethod
    def weighted(cls, items: Sequence[T], weights: Sequence[float]) -> ZipfPool[T]:
        """Build a pool with explicit weights."""
        return cls(tuple(items), tuple(itertools.accumulate(weights)))

    def pick(self, rng: random.Random) -> T:
        """Draw one item."""
        return rng.choices(self.items, cum_weights=self.cum_weights)[0]

    def pick_distinct(self, rng: random.Random, count: int) -> list[T]:
        """Draw up to `count` different items, most popular more often."""
        count = min(count, len(self.items))
        chosen: dict[T, None] = {}
        for _ in range(20):
            for item in rng.choices(self.items, cum_weights=self.cum_weights, k=count):
                chosen.setdefault(item, None)
            if len(chosen) >= count:
                break
        return list(chosen)[:count]


@dataclass(frozen=True)
class Person:
    """A person; `registered` ones are listed in people.yaml."""

    name: str
    slug: str
    female: bool
    given: str
    position: str
    home: str
    registered: bool
    alias: str


@dataclass(frozen=True)
class Organisation:
    """An organisation; `short` and `alias` only matter when registered."""

    name: str
    slug: str
    short: str
    alias: str
    parent: str
    registered: bool


@dataclass(frozen=True)
class Cast:
    """Everything an article can name, each kind in popularity order."""

    people: ZipfPool[Person]
    organisations: ZipfPool[Organisation]
    agencies: ZipfPool[Organisation]
    authors: ZipfPool[str]
    tags: ZipfPool[str]
    sections: ZipfPool[str]


def make_cast(rng: random.Random, articles: int) -> Cast:
    """Make the cast for an archive of `articles` articles."""
    taken_names: set[str] = set()
    people = make_people(rng, max(10, articles // 20), taken_names)
    authors = [make_name(rng, taken_names)[0] for _ in range(max(5, articles // 100))]
    agencies = make_agencies()
    organisations = make_organisations(rng, max(20, articles // 50))
    sections = list(vocab.SECTION_TOPICS)
    return Cast(
        people=ZipfPool.ranked(people, 1.0),
        organisations=ZipfPool.ranked(organisations, 1.0),
        agencies=ZipfPool.weighted(agencies, vocab.AGENCY_WEIGHTS),
        authors=ZipfPool.ranked(authors, 0.8),
        tags=ZipfPool.ranked(make_tags(rng, max(10, articles // 30)), 0.9),
        sections=ZipfPool.weighted(sections, vocab.SECTION_WEIGHTS),
    )


def make_name(rng: random.Random, taken: set[str]) -> tuple[str, bool, str]:
    """Return a new (full name, is female, given name) whose slug is not taken."""
    families = [family for family, _ in vocab.FAMILY_NAMES]
    family_weights = [weight for _, weight in vocab.FAMILY_NAMES]
    while True:
        female = rng.random() < 0.45
        middles = vocab.MIDDLE_NAMES_FEMALE if female else vocab.MIDDLE_NAMES_MALE
        givens = vocab.GIVEN_NAMES_FEMALE if female else vocab.GIVEN_NAMES_MALE
        parts = [rng.choices(families, family_weights)[0], rng.choice(middles)]
        if rng.random() < 0.1:
            parts.append(rng.choice(middles))
        given = rng.choice(givens)
        name = " ".join(parts + [given])
        slug = fold_slug(name)
        if slug not in taken and len(set(parts[1:] + [given])) == len(parts):
            taken.add(slug)
            return name, female, given


def make_people(rng: random.Random, count: int, taken: set[str]) -> list[Person]:
    """Make `count` people; about half are registered (all of the top ten)."""
    people = []
    for rank in range(count):
        name, female, given = make_name(rng, taken)
        unit, province = pick_province(rng)
        registered = rank < 10 or rng.random() < 0.5
        alias = f"đồng chí {name}" if registered and rng.random() < 0.15 else ""
        people.append(Person(name, fold_slug(name), female, given,
                             make_position(rng, unit, province), province,
                             registered, alias))
    return people


def pick_province(rng: random.Random) -> tuple[str, str]:
    """Return ("tỉnh Lâm Đồng", "Lâm Đồng") for a random province."""
    kind, name = rng.choice(vocab.PROVINCES)
    return f"{kind} {name}", name


def make_position(rng: random.Random, unit: str, province: str) -> str:
    """Return a position such as "Chủ tịch UBND tỉnh Lâm Đồng"."""
    roll = rng.random()
    if roll < 0.7:
        template = rng.choice(vocab.PEOPLE_POSITIONS)
    elif roll < 0.85:
        template = rng.choice(vocab.NATIONAL_POSITIONS)
    else:
        template = rng.choice(vocab.OTHER_POSITIONS)
    ministry = rng.choice([n for n, _ in vocab.NATIONAL_ORGS if n.startswith("Bộ ")])
    return template.format(
        unit=unit, name=province, town=rng.choice(vocab.DATELINE_TOWNS),
        ministry=ministry, company=make_company(rng), university=make_university(rng),
    )


def make_company(rng: random.Random) -> str:
    """Return a company name such as "Công ty cổ phần Nông sản Sao Mai"."""
    return " ".join((rng.choice(vocab.COMPANY_KINDS), rng.choice(vocab.COMPANY_WORDS_A),
                     rng.choice(vocab.COMPANY_WORDS_B)))


def make_university(rng: random.Random) -> str:
    """Return a university name such as "Trường Đại học Nông Lâm Huế"."""
    _, province = rng.choice(vocab.PROVINCES)
    return f"Trường Đại học {rng.choice(vocab.UNIVERSITY_FIELDS)} {province}"


def make_agencies() -> list[Organisation]:
    """The news agencies, all registered with their short names."""
    return [Organisation(name, fold_slug(name), short, "", "", True)
            for name, short in vocab.AGENCIES]


def organisation_candidates(rng: random.Random) -> list[tuple[str, str, str]]:
    """All (name, short, parent) organisations, national ones first."""
    national = [(name, short, "Chính phủ" if name.startswith("Bộ ") else "")
                for name, short in vocab.NATIONAL_ORGS]
    local = []
    for kind, province in vocab.PROVINCES:
        unit = f"{kind} {province}"
        people_committee = f"Ủy ban nhân dân {unit}"
        for name, short in vocab.PROVINCIAL_ORGS:
            full = name.format(unit=unit, name=province)
            parent = people_committee if full.startswith("Sở ") else ""
            local.append((full, short.format(unit=unit, name=province), parent))
    for kind, first, second in itertools.product(
            vocab.COMPANY_KINDS, vocab.COMPANY_WORDS_A, vocab.COMPANY_WORDS_B):
        local.append((f"{kind} {first} {second}", "", ""))
    for field, (_, province) in itertools.product(vocab.UNIVERSITY_FIELDS, vocab.PROVINCES):
        local.append((f"Trường Đại học {field} {province}", "", "Bộ Giáo dục và Đào tạo"))
    rng.shuffle(local)
    rng.shuffle(national)
    # Interleave so that national bodies stay among the most popular.
    head = national[:8] + local[:12]
    rng.shuffle(head)
    return head + national[8:] + local[12:]


def make_organisations(rng: random.Random, count: int) -> list[Organisation]:
    """Make `count` organisations (agencies apart); most are registered."""
    agency_slugs = {fold_slug(name) for name, _ in vocab.AGENCIES}
    taken: set[str] = set(agency_slugs)
    chosen: list[tuple[str, str, str]] = []
    for name, short, parent in organisation_candidates(rng):
        slug = fold_slug(name)
        if slug not in taken:
            taken.add(slug)
            chosen.append((name, short, parent))
        if len(chosen) == count:
            break
    names = {name for name, _, _ in chosen}
    return [make_organisation(rng, name, short, parent if parent in names else "")
            for name, short, parent in chosen]


def make_organisation(rng: random.Random, name: str, short: str, parent: str) -> Organisation:
    """Decide registration and alias for one organisation."""
    registered = bool(short) or rng.random() < 0.8
    alias = ""
    if registered and rng.random() < 0.3:
        dropped = re.sub(r" (tỉnh|thành phố|Thành phố) ", " ", name)
        alias = dropped if dropped != name else ""
    return Organisation(name, fold_slug(name), short, alias, parent, registered)


def make_tags(rng: random.Random, count: int) -> list[str]:
    """Make `count` distinct tags: topics first, then topic-and-place pairs."""
    topics = [t for topics in vocab.SECTION_TOPICS.values() for t in topics]
    first = topics + vocab.EXTRA_TAGS
    rng.shuffle(first)
    places = [name for _, name in vocab.PROVINCES]
    pairs = [f"{topic} {place}" for topic in topics for place in places]
    years = [f"{topic} {year}" for topic in topics for year in range(2016, 2026)]
    rest = pairs + years
    rng.shuffle(rest)
    tags: dict[str, str] = {}
    for tag in itertools.chain(first, places, rest):
        tags.setdefault(fold_slug(tag), tag)
        if len(tags) == count:
            break
    return list(tags.values())
