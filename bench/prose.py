"""Vietnamese prose for benchmark articles: titles, summaries and bodies.

Sentences come from the templates in ``vocab.py``; each field is filled on
demand for one sentence (see ``Fields``). A body is 600–900 words, with a
lede, one photo, 2–4 ``##`` subheadings, quotes from the people named, and
now and then a list or a table.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

import vocab

MIN_WORDS = 600
MAX_WORDS = 900

# Tokens that are Markdown syntax, not words.
_MARKUP = re.compile(r"^(#+|[|:-]+|!\[\]\(.*\))$")

# Fields filled by a plain choice from one bank.
_BANKS: dict[str, list[str]] = {
    "group": vocab.GROUPS, "goal": vocab.GOALS, "result": vocab.RESULTS,
    "challenge": vocab.CHALLENGES, "measure": vocab.MEASURES,
    "quality": vocab.QUALITIES,
}


@dataclass(frozen=True)
class Speaker:
    """A person as this article writes them."""

    written: str
    given: str
    position: str
    female: bool

    @property
    def honorific(self) -> str:
        """"bà" or "ông"."""
        return "bà" if self.female else "ông"


@dataclass(frozen=True)
class Scene:
    """What one article is about: the words its sentences draw on."""

    place: str
    place_name: str
    organisations: tuple[str, ...]
    speakers: tuple[Speaker, ...]
    topic: str
    related_topics: tuple[str, ...]
    year: int
    month: int
    day: int


def count_words(text: str) -> int:
    """Count whitespace-separated words, ignoring Markdown syntax (##, |, -, images)."""
    return sum(1 for token in text.split() if not _MARKUP.match(token))


def capitalise(text: str) -> str:
    """Upper-case the first letter only."""
    return text[:1].upper() + text[1:]


def format_number(value: int) -> str:
    """Vietnamese thousands separator: 12.500."""
    return f"{value:,}".replace(",", ".")


class Fields(dict[str, str]):
    """Template fields for one sentence, each made the first time it is used."""

    def __init__(self, rng: random.Random, scene: Scene) -> None:
        super().__init__()
        self.rng = rng
        self.scene = scene

    def __missing__(self, key: str) -> str:
        value = self.make(key)
        self[key] = value
        return value

    def make(self, key: str) -> str:
        """Make the value of one field."""
        rng, scene = self.rng, self.scene
        if key in _BANKS:
            return rng.choice(_BANKS[key])
        if key == "place":
            return scene.place
        if key == "org":
            return scene.organisations[0]
        if key == "org2":
            return rng.choice(scene.organisations[1:] or ("các sở, ngành liên quan",))
        if key == "topic":
            return scene.topic
        if key == "topic_cap":
            return capitalise(scene.topic)
        if key == "topic2":
            return rng.choice(scene.related_topics)
        if key in ("person", "who", "who_cap"):
            return self.name_speaker(key)
        return self.make_figure(key)

    def name_speaker(self, key: str) -> str:
        """First mention with position ("ông X, Chủ tịch ..."), later "ông Hùng"."""
        if not self.scene.speakers:
            return "lãnh đạo địa phương"
        speaker = self.rng.choice(self.scene.speakers)
        if key == "person":
            return f"{speaker.honorific} {speaker.written}, {speaker.position}"
        short = f"{speaker.honorific} {speaker.given}"
        return capitalise(short) if key == "who_cap" else short

    def make_figure(self, key: str) -> str:
        """Numbers and dates."""
        rng, scene = self.rng, self.scene
        if key == "num":
            return str(rng.randint(3, 40))
        if key == "count":
            return format_number(rng.randint(120, 12000))
        if key == "pct":
            return f"{rng.randint(5, 98)}%"
        if key == "money":
            return f"{rng.randint(2, 480)},{rng.randint(1, 9)} tỷ đồng"
        if key == "when":
            return f"{rng.choice(vocab.TIME_OF_DAY)} {scene.day}/{scene.month}"
        if key == "year":
            return str(scene.year)
        if key == "year_next":
            return str(scene.year + 1)
        if key == "month":
            return str(scene.month)
        raise KeyError(key)


def sentence(rng: random.Random, scene: Scene, template: str) -> str:
    """Fill one template into a capitalised sentence."""
    return capitalise(template.format_map(Fields(rng, scene)))


def make_title(rng: random.Random, scene: Scene) -> str:
    """A headline such as "Lâm Đồng đẩy mạnh chuyển đổi số"."""
    fields = Fields(rng, scene)
    fields["place"] = scene.place_name
    fields["org"] = scene.organisations[0]
    return capitalise(rng.choice(vocab.TITLE_TEMPLATES).format_map(fields))


def make_summary(rng: random.Random, scene: Scene) -> str:
    """A one-sentence lede for the header."""
    return sentence(rng, scene, rng.choice(vocab.SUMMARY_TEMPLATES))


class BodyWriter:
    """Builds a body block by block, keeping the word count within bounds."""

    def __init__(self, rng: random.Random, scene: Scene) -> None:
        self.rng = rng
        self.scene = scene
        self.blocks: list[str] = []
        self.words = 0

    def add(self, block: str, words: int | None = None) -> None:
        """Append a block and count its words (plain prose may pass its count)."""
        self.blocks.append(block)
        self.words += count_words(block) if words is None else words

    def paragraph(self, goal: int, first: str = "") -> None:
        """Add a paragraph of 3–5 sentences, stopping at `goal` words."""
        sentences = [first] if first else []
        used = len(first.split())
        for _ in range(self.rng.randint(3, 5) - len(sentences)):
            if self.words + used >= goal:
                break
            text = sentence(self.rng, self.scene, self.rng.choice(vocab.BODY_TEMPLATES))
            words = len(text.split())
            if self.words + used + words > MAX_WORDS:
                break
            sentences.append(text)
            used += words
        if sentences:
            self.add(" ".join(sentences), used)

    def quote(self) -> None:
        """Add a paragraph quoting one of the people, if the article has any."""
        if not self.scene.speakers:
            return
        opening = sentence(self.rng, self.scene, self.rng.choice(vocab.QUOTE_TEMPLATES))
        follow = sentence(self.rng, self.scene, self.rng.choice(vocab.FOLLOW_QUOTE_TEMPLATES))
        self.add(f"{opening} {follow}")

    def bullet_list(self) -> None:
        """Add an introduced list of 3–4 measures."""
        items = self.rng.sample(vocab.MEASURES, self.rng.randint(3, 4))
        lines = [f"- {capitalise(item)}." for item in items]
        self.add(self.rng.choice(vocab.LIST_INTROS) + "\n\n" + "\n".join(lines))

    def table(self) -> None:
        """Add a small table of planned and achieved figures."""
        header = "| " + " | ".join(vocab.TABLE_HEADERS[0]) + " |"
        rows = [header, "|---|---:|---:|"]
        for label in self.rng.sample(vocab.TABLE_ROWS, 3):
            planned = self.rng.randint(20, 900)
            done = planned + self.rng.randint(-15, 120)
            rows.append(f"| {label} | {format_number(planned)} | {format_number(done)} |")
        self.add("\n".join(rows))

    def section(self, goal: int, extras: list[str]) -> None:
        """Add a subheading and paragraphs up to `goal` words."""
        heading = vocab.HEADING_TEMPLATES[self.rng.randrange(len(vocab.HEADING_TEMPLATES))]
        self.add("## " + sentence(self.rng, self.scene, heading))
        self.paragraph(goal)
        for extra in extras:
            if self.words < MAX_WORDS - 80:
                getattr(self, extra)()
        while self.words < goal and self.words < MAX_WORDS - 30:
            self.paragraph(goal)


def make_body(rng: random.Random, scene: Scene, photo_src: str) -> str:
    """A 600–900-word Markdown body with one photo and 2–4 subheadings."""
    writer = BodyWriter(rng, scene)
    target = rng.randint(MIN_WORDS + 30, MAX_WORDS - 40)
    lede = sentence(rng, scene, rng.choice(vocab.LEDE_TEMPLATES))
    writer.paragraph(writer.words + 60, first=lede)
    writer.blocks.append(f"![]({photo_src})")
    writer.paragraph(writer.words + 70)
    sections = rng.randint(2, 4)
    extras = plan_extras(rng, sections)
    for index in range(sections):
        share = (target - writer.words) // (sections - index)
        writer.section(writer.words + share, extras[index])
    while writer.words < MIN_WORDS:
        writer.paragraph(MIN_WORDS)
    return "\n\n".join(writer.blocks) + "\n"


def plan_extras(rng: random.Random, sections: int) -> list[list[str]]:
    """Decide which section gets a quote, a list or a table."""
    extras: list[list[str]] = [[] for _ in range(sections)]
    extras[rng.randrange(sections)].append("quote")
    if rng.random() < 0.2:
        extras[rng.randrange(sections)].append("bullet_list")
    if rng.random() < 0.08:
        extras[rng.randrange(sections)].append("table")
    return extras
