"""Generate a realistic, deterministic Vietnamese news archive for benchmarks.

    python bench/generate.py OUT_DIR --articles N [--seed S] [--photos real|small|pool]
                             [--photo-cache DIR] [--jobs J]

writes a complete dvarchive site in the contract format
(docs/content-format.md): dvarchive.yaml, content/articles/YYYY/MM/
<slug>.md, content/people.yaml, content/organisations.yaml and the photos
under content/photos/. The same N and seed always give the same bytes: all
randomness comes from ``random.Random`` streams seeded from the seed, never
from the clock.

Photos (``--photos``): ``real``, the default, gives every article 1–3
photos of its own, camera-like JPEGs of 1600–2400 pixels and 0.3–1.5 MB
(photos.py, with Pillow, made once into ``--photo-cache``); ``small`` gives
them as many photos of 320×213 pixels; ``pool`` points every article at one
of 20 shared 315-byte JPEGs (the speed-only runs). The articles' text is
the same in every mode but for the photos' paths and the extra photos'
captions: the photos draw from a random stream of their own. Without Pillow
(standard library only) the generator makes ``pool`` archives.

``generate_archive`` builds the archive in memory (``peers.py`` converts the
same records for Hugo and Pelican); ``write_site`` writes it.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import re
import sys
import textwrap
import time
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import vocab
from entities import (
    Cast,
    Organisation,
    Person,
    fold_slug,
    make_cast,
    pick_province,
    respell,
)
from prose import Scene, Speaker, count_words, make_body, make_summary, make_title

SITE_TITLE = "Lưu trữ tin Dân vận (benchmark)"
BASE_URL = "https://bench.example.vn/"
VIETNAM = timezone(timedelta(hours=7))
LAST_DAY = datetime(2025, 12, 31, tzinfo=VIETNAM)
PHOTO_POOL_SIZE = 20
PHOTO_DIR = "photos/pool"
REAL, SMALL, POOL = "real", "small", "pool"  # the photo modes (photos.py has the same names)
PHOTO_MODES = (REAL, SMALL, POOL)

# A valid 16×12 JPEG (gradient, 315 bytes); pool files differ by a comment.
TINY_JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4p"
    "LSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09P"
    "T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAMABAD"
    "ASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABQME/8QAGRAAAwADAAAAAAAAAAAAAAAAAAMh"
    "AgQx/8QAFQEBAQAAAAAAAAAAAAAAAAAAAQT/xAAZEQADAAMAAAAAAAAAAAAAAAAAAQMEBSH/2gAM"
    "AwEAAhEDEQA/AM6NTkEkanIWQvGQSQvGQa3ZPr8l8P/Z"
)


@dataclass(frozen=True)
class PersonMention:
    """A person as one article names them (`written` may be a respelling)."""

    person: Person
    written: str
    title: str


@dataclass(frozen=True)
class OrgMention:
    """An organisation as one article names it (short name, alias, respelling)."""

    organisation: Organisation
    written: str


@dataclass(frozen=True)
class Photo:
    """One of an article's photos; `src` is relative to content/."""

    src: str
    caption: str
    credit: str
    number: int  # the pool file's number (pool mode), else the archive's photo number, from 1


@dataclass(frozen=True)
class Correction:
    """A published correction ("Đính chính")."""

    day: date
    note: str


@dataclass(frozen=True)
class Article:
    """One generated article, in the shape of the contract's header."""

    month_dir: str
    slug: str
    title: str
    date: datetime
    updated: datetime | None
    section: str
    summary: str
    folded_summary: bool
    agency: Organisation
    agency_written: str
    authors: tuple[str, ...]
    location: str
    photos: tuple[Photo, ...]  # the first is placed in the body; the others are shown with the article
    people: tuple[PersonMention, ...]
    organisations: tuple[OrgMention, ...]
    tags: tuple[str, ...]
    related: tuple[str, ...]
    corrections: tuple[Correction, ...]
    body: str
    crlf: bool
    bom: bool

    @property
    def ref(self) -> str:
        """The contract's article reference, "YYYY/MM/slug"."""
        return f"{self.month_dir}/{self.slug}"


@dataclass(frozen=True)
class Archive:
    """A whole generated archive."""

    seed: int
    cast: Cast
    articles: tuple[Article, ...]
    photos: tuple[str, ...]  # the pool's 20 files (pool mode), else the first 20 article photos, for the registry
    photo_mode: str = POOL

    def own_photos(self) -> list[Photo]:
        """Every article's photos, in number order (none in pool mode, whose photos are shared)."""
        if self.photo_mode == POOL:
            return []
        return [photo for article in self.articles for photo in article.photos]


# ---------------------------------------------------------------- generation


def generate_archive(articles: int, seed: int = 1, photos: str = POOL) -> Archive:
    """Build an archive of `articles` articles, deterministic in (articles, seed, photos)."""
    if photos not in PHOTO_MODES:
        raise ValueError(f"photos must be one of {', '.join(PHOTO_MODES)}, not {photos!r}")
    rng = random.Random(seed)
    cast = make_cast(rng, articles)
    pool = tuple(f"{PHOTO_DIR}/anh-{index:02d}.jpg" for index in range(1, PHOTO_POOL_SIZE + 1))
    album = Album(random.Random(f"dvarchive-bench photos {seed}"), photos)
    made: list[Article] = []
    taken: set[str] = set()
    for when in make_dates(rng, articles):
        made.append(make_article(rng, cast, when, pool, album, made, taken))
    archive = Archive(seed, cast, tuple(made), pool, photos)
    if photos != POOL:
        own = archive.own_photos()
        archive = replace(archive, photos=tuple(own[i % len(own)].src for i in range(PHOTO_POOL_SIZE)))
    return archive


@dataclass
class Album:
    """Hands out the articles' own photos, numbered, from a random stream of their own."""

    rng: random.Random
    mode: str
    given: int = 0

    def photos_for(self, cast: Cast, month_dir: str, slug: str, first: Photo) -> tuple[Photo, ...]:
        """1–3 photos named after the article (the first with the caption already drawn); in pool mode `first`."""
        if self.mode == POOL:
            return (first,)
        count = self.rng.choices((1, 2, 3), (50, 35, 15))[0]
        made = []
        for index in range(1, count + 1):
            self.given += 1
            caption = first.caption if index == 1 else self.rng.choice(vocab.CAPTIONS)
            credit = first.credit if index == 1 else f"{cast.authors.pick(self.rng)}/{first.credit.split('/')[-1]}"
            made.append(Photo(f"photos/{month_dir}/{slug}-{index}.jpg", caption, credit, self.given))
        return tuple(made)


def make_dates(rng: random.Random, count: int) -> list[datetime]:
    """Publication times over 2–10 years up to the end of 2025, in order."""
    months = max(24, min(120, count // 100))
    span_days = round(months * 30.44)
    first_day = LAST_DAY - timedelta(days=span_days - 1)
    dates = []
    for _ in range(count):
        minutes = rng.randrange(5 * 60 + 30, 22 * 60 + 30, 5)
        dates.append(first_day + timedelta(days=rng.randrange(span_days), minutes=minutes))
    return sorted(dates)


def make_article(rng: random.Random, cast: Cast, when: datetime, pool: tuple[str, ...], album: Album,
                 earlier: list[Article], taken: set[str]) -> Article:
    """Make one article published at `when`."""
    section = cast.sections.pick(rng)
    people = mention_people(rng, cast)
    organisations = mention_organisations(rng, cast)
    scene = make_scene(rng, section, when, people, organisations)
    title, slug = unique_title(rng, scene, f"{when:%Y/%m}", taken)
    agency = cast.agencies.pick(rng)
    agency_written = agency.short if agency.short and rng.random() < 0.85 else agency.name
    shared = rng.choice(pool)  # drawn in every mode, so that the text is the same in all
    first = Photo(shared, rng.choice(vocab.CAPTIONS), f"{cast.authors.pick(rng)}/{agency.short or agency.name}",
                  pool.index(shared) + 1)
    photos = album.photos_for(cast, f"{when:%Y/%m}", slug, first)
    updated = when + timedelta(hours=rng.randint(1, 48)) if rng.random() < 0.03 else None
    return Article(
        month_dir=f"{when:%Y/%m}", slug=slug, title=title, date=when, updated=updated,
        section=section,
        summary=make_summary(rng, scene) if rng.random() < 0.85 else "",
        folded_summary=rng.random() < 0.3,
        agency=agency, agency_written=agency_written,
        authors=tuple(cast.authors.pick_distinct(rng, rng.choices((0, 1, 2), (5, 85, 10))[0])),
        location=pick_location(rng, scene),
        photos=photos, people=people, organisations=organisations,
        tags=tuple(cast.tags.pick_distinct(rng, rng.randint(2, 5))),
        related=pick_related(rng, earlier),
        corrections=make_corrections(rng, when),
        body=make_body(rng, scene, photos[0].src),
        crlf=rng.random() < 0.02, bom=rng.random() < 0.01,
    )


def mention_people(rng: random.Random, cast: Cast) -> tuple[PersonMention, ...]:
    """Pick 0–4 people and how this article writes their names."""
    count = rng.choices((0, 1, 2, 3, 4), (10, 35, 30, 15, 10))[0]
    mentions = []
    for person in cast.people.pick_distinct(rng, count):
        written = person.name
        variant = respell(person.name)
        if person.alias and rng.random() < 0.1:
            written = person.alias
        elif variant != person.name and rng.random() < 0.3:
            written = variant
        title = person.position if rng.random() < 0.6 else ""
        mentions.append(PersonMention(person, written, title))
    return tuple(mentions)


def mention_organisations(rng: random.Random, cast: Cast) -> tuple[OrgMention, ...]:
    """Pick 1–3 organisations, sometimes by short name, alias or respelling."""
    mentions = []
    for organisation in cast.organisations.pick_distinct(rng, rng.randint(1, 3)):
        written = organisation.name
        if organisation.registered and organisation.short and rng.random() < 0.3:
            written = organisation.short
        elif organisation.registered and organisation.alias and rng.random() < 0.15:
            written = organisation.alias
        if rng.random() < 0.2:
            written = respell(written)
        mentions.append(OrgMention(organisation, written))
    return tuple(mentions)


def make_scene(rng: random.Random, section: str, when: datetime,
               people: tuple[PersonMention, ...],
               organisations: tuple[OrgMention, ...]) -> Scene:
    """Gather what the article's sentences talk about."""
    unit, province = pick_province(rng)
    topics = vocab.SECTION_TOPICS[section]
    speakers = tuple(
        Speaker(m.written if not m.written.startswith("đồng chí ") else m.person.name,
                m.person.given, m.person.position, m.person.female)
        for m in people
    )
    return Scene(
        place=unit, place_name=province,
        organisations=tuple(m.written for m in organisations),
        speakers=speakers, topic=rng.choice(topics), related_topics=tuple(topics),
        year=when.year, month=when.month, day=when.day,
    )


def unique_title(rng: random.Random, scene: Scene, month_dir: str,
                 taken: set[str]) -> tuple[str, str]:
    """A headline whose slug no other article of the month has."""
    title = make_title(rng, scene)
    candidate, number = title, 1
    while f"{month_dir}/{fold_slug(candidate)}" in taken:
        number += 1
        candidate = f"{title} (kỳ {number})"
    taken.add(f"{month_dir}/{fold_slug(candidate)}")
    return candidate, fold_slug(candidate)


def pick_location(rng: random.Random, scene: Scene) -> str:
    """The dateline: the province, a town, or nothing."""
    roll = rng.random()
    if roll < 0.7:
        return scene.place_name
    return rng.choice(vocab.DATELINE_TOWNS) if roll < 0.9 else ""


def pick_related(rng: random.Random, earlier: list[Article]) -> tuple[str, ...]:
    """1–2 references to recent earlier articles, for about 15% of articles."""
    recent = earlier[-300:]
    if not recent or rng.random() >= 0.15:
        return ()
    return tuple(a.ref for a in rng.sample(recent, min(len(recent), rng.randint(1, 2))))


def make_corrections(rng: random.Random, when: datetime) -> tuple[Correction, ...]:
    """A published correction for about 1% of articles."""
    if rng.random() >= 0.01:
        return ()
    return (Correction((when + timedelta(days=1)).date(), rng.choice(vocab.CORRECTION_NOTES)),)


# ---------------------------------------------------------------- YAML text

_PLAIN = re.compile(r"[^\W\d_][^:#\[\]{},\"'\n]*")
_YAML_WORDS = {"yes", "no", "on", "off", "true", "false", "null", "y", "n"}


def yaml_scalar(text: str) -> str:
    """A plain YAML scalar when unambiguous, else a double-quoted one."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


def yaml_flow(items: tuple[str, ...] | list[str]) -> str:
    """A flow sequence: [a, "b, c"]."""
    return "[" + ", ".join(yaml_scalar(item) for item in items) + "]"


def render_header(article: Article) -> list[str]:
    """The YAML header lines, in the order the contract shows them."""
    lines = [f"title: {yaml_scalar(article.title)}", f"date: {article.date.isoformat()}"]
    if article.updated:
        lines.append(f"updated: {article.updated.isoformat()}")
    lines.append(f"section: {yaml_scalar(article.section)}")
    lines += render_summary(article)
    lines.append(f"agency: {yaml_scalar(article.agency_written)}")
    if len(article.authors) == 1:
        lines.append(f"author: {yaml_scalar(article.authors[0])}")
    elif article.authors:
        lines.append(f"author: {yaml_flow(article.authors)}")
    if article.location:
        lines.append(f"location: {yaml_scalar(article.location)}")
    lines.append("photos:")
    for photo in article.photos:
        lines += [f"  - src: {photo.src}", f"    caption: {yaml_scalar(photo.caption)}",
                  f"    credit: {yaml_scalar(photo.credit)}"]
    lines += render_mentions(article)
    lines.append(f"tags: {yaml_flow(article.tags)}")
    if article.related:
        lines.append(f"related: {yaml_flow(article.related)}")
    lines += ["corrections:"] if article.corrections else []
    for correction in article.corrections:
        lines += [f"  - date: {correction.day.isoformat()}",
                  f"    note: {yaml_scalar(correction.note)}"]
    return lines


def render_summary(article: Article) -> list[str]:
    """The summary, either quoted on one line or folded (`>`) over several."""
    if not article.summary:
        return []
    if article.folded_summary:
        return ["summary: >"] + ["  " + line for line in textwrap.wrap(article.summary, 76)]
    return [f"summary: {yaml_scalar(article.summary)}"]


def render_mentions(article: Article) -> list[str]:
    """The people (some with a title) and organisations lists."""
    lines = ["people:"] if article.people else []
    for mention in article.people:
        if mention.title:
            lines += [f"  - name: {yaml_scalar(mention.written)}",
                      f"    title: {yaml_scalar(mention.title)}"]
        else:
            lines.append(f"  - {yaml_scalar(mention.written)}")
    lines += ["organisations:"] + [f"  - {yaml_scalar(m.written)}" for m in article.organisations]
    return lines


def render_article(article: Article) -> str:
    """The whole article file: header and body (LF line ends, no BOM)."""
    return "---\n" + "\n".join(render_header(article)) + "\n---\n\n" + article.body


def render_people(archive: Archive) -> str:
    """people.yaml: the registered people, with optional keys now and then."""
    rng = random.Random(archive.seed + 1)
    lines = ["# Người có trong lưu trữ (sinh tự động cho benchmark)"]
    for person in archive.cast.people.items:
        if person.registered:
            lines += render_person(rng, person, archive.photos)
    return "\n".join(lines) + "\n"


def render_person(rng: random.Random, person: Person, photos: tuple[str, ...]) -> list[str]:
    """One people.yaml entry; `description` is always one line (run.py edits it)."""
    lines = [f"- name: {yaml_scalar(person.name)}"]
    if rng.random() < 0.1:
        lines.append(f"  slug: {person.slug}")
    if person.alias:
        lines.append(f"  aliases: {yaml_flow([person.alias])}")
    if rng.random() < 0.1:
        family, *middle = person.name.split(" ")[:-1]
        lines.append(f"  sort_as: {yaml_scalar(' '.join([person.given, family, *middle]))}")
    description = rng.choice(vocab.PERSON_DESCRIPTIONS).format(
        position=person.position, home=person.home,
        topic=rng.choice(rng.choice(list(vocab.SECTION_TOPICS.values()))))
    lines.append(f"  description: {yaml_scalar(capitalise_first(description))}")
    if rng.random() < 0.05:
        lines.append(f"  photo: {rng.choice(photos)}")
    if rng.random() < 0.3:
        since = date(rng.randint(2015, 2023), rng.randint(1, 12), rng.randint(1, 28))
        lines += ["  roles:", f"    - title: {yaml_scalar(person.position)}",
                  f"      from: {since.isoformat()}", "      to:"]
    return lines


def capitalise_first(text: str) -> str:
    """Upper-case the first letter only."""
    return text[:1].upper() + text[1:]


def render_organisations(archive: Archive) -> str:
    """organisations.yaml: agencies and the registered organisations."""
    lines = ["# Tổ chức có trong lưu trữ (sinh tự động cho benchmark)"]
    for organisation in archive.cast.agencies.items:
        lines += render_organisation(organisation)
        lines.append(f"  url: https://{organisation.slug}.example.vn/")
    for organisation in archive.cast.organisations.items:
        if organisation.registered:
            lines += render_organisation(organisation)
    return "\n".join(lines) + "\n"


def render_organisation(organisation: Organisation) -> list[str]:
    """One organisations.yaml entry."""
    lines = [f"- name: {yaml_scalar(organisation.name)}"]
    if organisation.short:
        lines.append(f"  short: {yaml_scalar(organisation.short)}")
    if organisation.alias:
        lines.append(f"  aliases: {yaml_flow([organisation.alias])}")
    if organisation.parent:
        lines.append(f"  parent: {yaml_scalar(organisation.parent)}")
    return lines


def render_config() -> str:
    """dvarchive.yaml."""
    return (f"title: {yaml_scalar(SITE_TITLE)}\n"
            f"base_url: {BASE_URL}\n"
            "description: Kho lưu trữ tin bài sinh tự động để đo hiệu năng.\n"
            "language: vi\n"
            "timezone: Asia/Ho_Chi_Minh\n"
            "paging: from_oldest\n")  # as dvarchive init writes it


# ---------------------------------------------------------------- writing


def article_path(site: Path, article: Article) -> Path:
    """Where an article's file lives in a generated site."""
    return site / "content" / "articles" / article.month_dir / f"{article.slug}.md"


def encode_article(article: Article) -> bytes:
    """The file bytes, with the article's line-end and BOM style."""
    text = render_article(article)
    if article.crlf:
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if article.bom else "").encode("utf-8") + text.encode("utf-8")


def photo_bytes(index: int) -> bytes:
    """A distinct valid JPEG: the tiny one with a COM segment after SOI."""
    comment = f"dvarchive benchmark photo {index}".encode("ascii")
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return TINY_JPEG[:2] + segment + TINY_JPEG[2:]


def photo_specs(archive: Archive) -> list:  # list[photos.PhotoSpec]
    """What each own photo of the archive will be (none in pool mode); imports Pillow otherwise."""
    if archive.photo_mode == POOL:
        return []
    import photos  # Pillow: only for the modes that draw photos

    return [photos.photo_spec(archive.seed, photo.number, archive.photo_mode) for photo in archive.own_photos()]


def make_photos(archive: Archive, cache: Path | None = None, jobs: int | None = None) -> int:
    """Make the archive's own photos that `cache` lacks, on every core; returns how many were made."""
    if archive.photo_mode == POOL:
        return 0
    import photos

    return photos.ensure_photos(photo_specs(archive), cache or photos.default_cache(), jobs)


def write_photos(archive: Archive, under: Path, cache: Path | None = None, jobs: int | None = None) -> None:
    """Write the archive's photo files below `under` (photos/…): the shared pool, or each article's own."""
    if archive.photo_mode == POOL:
        for index, src in enumerate(archive.photos, start=1):
            (under / src).parent.mkdir(parents=True, exist_ok=True)
            (under / src).write_bytes(photo_bytes(index))
        return
    import photos

    cache = cache or photos.default_cache()
    make_photos(archive, cache, jobs)
    for photo, spec in zip(archive.own_photos(), photo_specs(archive)):
        photos.place_photo(cache, spec, under / photo.src)


def describe_photos(archive: Archive, cache: Path | None = None) -> str:
    """The photos, once made into `cache`: how many, how large, how heavy."""
    if archive.photo_mode == POOL:
        return f"the pool of {PHOTO_POOL_SIZE} shared {len(photo_bytes(1))}-byte JPEGs"
    import photos

    specs = photo_specs(archive)
    weights = [photos.cached_path(cache or photos.default_cache(), spec).stat().st_size for spec in specs]
    widths, heights = [s.width for s in specs], [s.height for s in specs]
    return (f"{len(specs):,} of the articles' own ({archive.photo_mode}), "
            f"{min(widths)}–{max(widths)} px wide, {min(heights)}–{max(heights)} px high, "
            f"{min(weights) / 1e6:.2f}–{max(weights) / 1e6:.2f} MB (mean {sum(weights) / len(weights) / 1e6:.2f} MB, "
            f"total {sum(weights) / 1e9:.2f} GB)")


def write_site(archive: Archive, site: Path, photo_cache: Path | None = None, jobs: int | None = None) -> None:
    """Write the archive as a dvarchive site into `site` (own photos made into, and taken from, `photo_cache`)."""
    content = site / "content"
    content.mkdir(parents=True, exist_ok=True)
    (site / "dvarchive.yaml").write_text(render_config(), encoding="utf-8")
    write_photos(archive, content, photo_cache, jobs)
    for month_dir in sorted({a.month_dir for a in archive.articles}):
        (content / "articles" / month_dir).mkdir(parents=True, exist_ok=True)
    for article in archive.articles:
        article_path(site, article).write_bytes(encode_article(article))
    (content / "people.yaml").write_text(render_people(archive), encoding="utf-8")
    (content / "organisations.yaml").write_text(render_organisations(archive), encoding="utf-8")


def describe(archive: Archive) -> str:
    """A one-paragraph summary of what was generated."""
    words = [count_words(a.body) for a in archive.articles]
    cast = archive.cast
    return (f"{len(archive.articles)} articles "
            f"({archive.articles[0].date:%Y-%m} to {archive.articles[-1].date:%Y-%m}), "
            f"body words {min(words)}–{max(words)} (mean {sum(words) // len(words)}); "
            f"{len(cast.people.items)} people "
            f"({sum(p.registered for p in cast.people.items)} registered), "
            f"{len(cast.organisations.items)} organisations + {len(cast.agencies.items)} agencies, "
            f"{len(cast.authors.items)} authors, {len(cast.tags.items)} tags, "
            f"{len(cast.sections.items)} sections")


def main() -> int:
    """Command line: generate one site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the site into (new or empty)")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed")
    parser.add_argument("--photos", choices=PHOTO_MODES, default=REAL,
                        help="real: 1–3 camera-like photos per article, 1600–2400 px, 0.3–1.5 MB (default); "
                             "small: as many of 320×213 px; pool: 20 shared tiny JPEGs")
    parser.add_argument("--photo-cache", type=Path,
                        help="folder keeping made photos between runs (default ~/.cache/dvarchive-bench/photos)")
    parser.add_argument("--jobs", type=int, help="processes making photos (default: all cores)")
    args = parser.parse_args()
    if args.articles < 1:
        parser.error("--articles must be at least 1")
    if args.out_dir.exists() and any(args.out_dir.iterdir()):
        parser.error(f"{args.out_dir} is not empty")
    started = time.perf_counter()
    archive = generate_archive(args.articles, args.seed, args.photos)
    write_site(archive, args.out_dir, args.photo_cache, args.jobs)
    print(f"{args.out_dir}: {describe(archive)}; photos: {describe_photos(archive, args.photo_cache)}; "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
