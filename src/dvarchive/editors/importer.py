"""``dvarchive import``: agency wire copy turned into an article file.

The work is done in two pure steps and one that reads the site:

    parse_wire(text, source)                     → WireCopy: the parts, nothing lost (wire.py)
    wire_to_article(wire, year, zone, registry)  → ImportedArticle: header + Markdown
    import_wires(copies, site_dir, year, today)        both, for each copy, with the site's settings

and :func:`write_articles` is the only function that touches the disk; it
never overwrites a file. Whether a copy is already in the archive is
:mod:`dvarchive.editors.duplicates`' to say.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from pathlib import Path

from ..core.config import load_config
from ..core.errors import ContentError, Diagnostic, Level, Report
from ..core.layout import ARTICLES_DIR
from ..core.model import EntityKind, RegistryEntry
from ..core.names import NameFinder, make_slug
from ..stages.registries import load_registries
from .headers import format_article
from .stories import Story, make_story
from .titles import title_of
from .wire import PART_OF_DAY, Block, Paragraph, Subheading, WireCopy, WirePhoto, parse_wire

_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<])|&(?=#?\w+;)")
_MARKDOWN_LINE_START = re.compile(r"^(?:(?P<mark>[#>+\-=~])|(?P<number>\d{1,9})(?=[.)]))")


@dataclass(frozen=True)
class ImportedArticle:
    """An article file to write: where (relative to the site) and what."""

    path: str  # "content/articles/YYYY/MM/<slug>.md"
    text: str
    warnings: tuple[Diagnostic, ...] = ()
    story: Story | None = None  # what the archive is searched for, to find the story already there
    line: int | None = None  # of the copy's headline


def wire_to_article(
    wire: WireCopy,
    year: int,
    zone: tzinfo,
    registry: Sequence[RegistryEntry],
    today: date | None = None,
    taken: Callable[[str], bool] | None = None,
) -> ImportedArticle:
    """The article file for ``wire``, filed under its date in ``zone``.

    ``year`` completes the dateline's day and month; a copy without a dated
    dateline is dated ``today`` (the day it is imported; the clock's date
    when not given), with a warning. With ``taken`` (is this article path
    in use?), a path in use gets the first free slug "<slug>-2", "-3"…: how
    a story imported again on purpose gets a file of its own.
    """
    warnings: list[Diagnostic] = []
    published = _publication_date(wire, year, zone, today or date.today(), warnings)
    slug = make_slug(wire.headline)
    if not slug:
        message = "tiêu đề không có chữ nào để tạo tên tệp"
        raise ContentError([Diagnostic(wire.source, wire.headline_line, message)])
    folder = f"{published.year:04d}/{published.month:02d}"
    if taken is not None:
        slug = next(s for s in _slugs(slug) if not taken(f"{ARTICLES_DIR}/{folder}/{s}.md"))
    photos = _photo_sources(wire.blocks, f"photos/{folder}/{slug}")
    # Written down, the slug keeps the URL when the headline is edited; a
    # draft until an editor has checked it and put in the real photos.
    header = _make_header(wire, published, photos, registry) | {"slug": slug, "draft": True}
    body = _make_body(wire, photos)
    _warn_about_gaps(wire, photos, warnings)
    path = f"{ARTICLES_DIR}/{folder}/{slug}.md"
    day = published.date() if isinstance(published, datetime) else published
    story = make_story(wire.source, wire.headline, day.toordinal(), body)
    return ImportedArticle(path, format_article(header, body), tuple(warnings), story, wire.headline_line)


def _publication_date(wire: WireCopy, year: int, zone: tzinfo, today: date, warnings: list[Diagnostic]) -> date:
    """The dateline's day in ``year`` (its own year if it gives one), at its part of the day.

    Without a part of the day the date has no time: better no time than an
    invented one, and the site then shows the day alone.
    """
    dateline = wire.dateline
    if dateline is None or dateline.day is None or dateline.month is None:
        line = dateline.line if dateline else wire.headline_line
        message = f"không thấy ngày trong dòng tin (TTXVN - Sáng 12/3, …): lấy ngày {today:%d/%m/%Y}, hãy kiểm tra lại"
        warnings.append(_warning(wire.source, line, message))
        return today
    if dateline.year is not None and not FIRST_YEAR <= dateline.year <= LAST_YEAR:
        raise ContentError([Diagnostic(wire.source, dateline.line, f"năm {dateline.year} trong dòng tin: {_YEARS}")])
    try:
        day = date(dateline.year or year, dateline.month, dateline.day)
    except ValueError:
        written = f"{dateline.day}/{dateline.month}/{dateline.year or year}"
        message = f'ngày "{written}" trong dòng tin không có thật'
        raise ContentError([Diagnostic(wire.source, dateline.line, message)]) from None
    clock = PART_OF_DAY.get(dateline.part_of_day or "")
    if not clock:
        return day
    moment = datetime.combine(day, clock, tzinfo=zone)
    offset = moment.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        # A local mean time (Asia/Ho_Chi_Minh's +07:06:30 before 1912) has no
        # ±HH:MM form: the time is written without it, and read in the site's zone.
        return moment.replace(tzinfo=None)
    return moment


def _slugs(slug: str) -> Iterator[str]:
    yield slug
    yield from (f"{slug}-{number}" for number in itertools.count(2))


# The years a wire copy may be from: a year outside is a slip (--year 0, 1800 for 2018).
FIRST_YEAR, LAST_YEAR = 1900, 2100
_YEARS = f"năm của bản tin phải từ {FIRST_YEAR} đến {LAST_YEAR}"


def _warning(source: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(source, line, message, Level.WARNING)


def _photo_sources(blocks: Iterable[Block], stem: str) -> dict[int, str]:
    """A placeholder src for each photo, by its line: photos/YYYY/MM/<slug>-N.jpg."""
    photos = [block for block in blocks if isinstance(block, WirePhoto)]
    return {photo.line: f"{stem}-{number}.jpg" for number, photo in enumerate(photos, 1)}


def _make_header(
    wire: WireCopy, published: date, photos: dict[int, str], registry: Sequence[RegistryEntry]
) -> dict[str, object]:
    """The header; what the copy does not give is None, so it is left out, not left blank."""
    dateline = wire.dateline
    texts = _article_texts(wire)
    people, organisations = find_entities(texts, registry)
    # The press gives a person's full title where it first names them, in the
    # text; a headline shortens it: read last.
    titles = read_titles([*texts[1:], texts[0]], registry)
    listed_photos = [
        {"src": photos[block.line], "caption": block.caption, "credit": block.credit}
        for block in wire.blocks
        if isinstance(block, WirePhoto)
    ]
    return {
        "title": wire.headline,
        "date": published,
        "section": wire.section,
        "summary": wire.lede,
        "agency": dateline and dateline.agency,
        "author": wire.authors[0] if len(wire.authors) == 1 else list(wire.authors) or None,
        "location": dateline and dateline.location,
        "photos": listed_photos or None,
        "people": [{"name": name, "title": titles[name]} if name in titles else name for name in people] or None,
        "organisations": organisations or None,
        "tags": list(wire.tags) or None,
    }


def _article_texts(wire: WireCopy) -> list[str]:
    """What the article says, for finding names: not its credits, bylines or agency."""
    texts = [wire.headline, wire.lede or ""]
    for block in _body_blocks(wire):
        texts.append(block.caption or "" if isinstance(block, WirePhoto) else block.text)
    return texts


def _body_blocks(wire: WireCopy) -> list[Block]:
    """The blocks, with the dateline's "TTXVN - " taken off the first paragraph.

    The site prints the dateline from ``agency`` and ``location`` opening the
    body; left in the text too, the reader would see the agency twice.
    """
    blocks = list(wire.blocks)
    if wire.dateline is None:
        return blocks
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph):
            blocks[index] = Paragraph(block.text.removeprefix(wire.dateline.prefix), block.line)
            break
    return blocks


def _make_body(wire: WireCopy, photos: dict[int, str]) -> str:
    """Markdown: paragraphs as written, subheadings as ##, photos where they stood.

    A photo before the first words of the body is the article's lead photo:
    it is listed in the header only, and the site shows it above the body.
    """
    blocks = _body_blocks(wire)
    lead = blocks[0] if blocks and isinstance(blocks[0], WirePhoto) else None
    parts = []
    for block in blocks:
        if isinstance(block, WirePhoto):
            if block is not lead:
                parts.append(f"![]({photos[block.line]})")
        elif isinstance(block, Subheading):
            parts.append("## " + escape_markdown(block.text).replace("#", "\\#"))
        else:
            parts.append(escape_markdown(block.text))
    return "\n\n".join(parts)


def escape_markdown(text: str) -> str:
    """Plain text that Markdown shows exactly as written (no list, no emphasis, no HTML).

    Wire copy is plain text: "1975. …", "- Thưa ông, …" or "*" must reach the
    reader as typed, so the few characters Markdown reads are escaped.
    """
    escaped = _MARKDOWN_INLINE.sub(lambda found: "\\" + found.group(0), text)
    return _MARKDOWN_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(found: re.Match[str]) -> str:
    if found["number"]:
        return found["number"] + "\\"  # "1975\." is not an ordered list
    return "\\" + found["mark"]


def _warn_about_gaps(wire: WireCopy, photos: dict[int, str], warnings: list[Diagnostic]) -> None:
    if not wire.authors:
        warnings.append(_warning(wire.source, None, "không thấy tên tác giả ở cuối bản tin: thêm author: nếu cần"))
    if photos:
        names = ", ".join(photos.values())
        warnings.append(_warning(wire.source, None, f"{len(photos)} ảnh cần tệp thật trong content/: {names}"))


# --- names of the registries ----------------------------------------------------


def find_entities(texts: Iterable[str], registry: Sequence[RegistryEntry]) -> tuple[list[str], list[str]]:
    """The registry's people and organisations that ``texts`` name, in order of mention.

    The matching is names.NameFinder's, the one ``dvarchive check`` uses:
    whole words, any case, any tone-mark placement, the longest spelling
    winning ("Ban Dân vận Tỉnh ủy Lâm Đồng" is not also "Tỉnh ủy Lâm Đồng").
    Each entity is written under its registry name, however the text spells it.
    """
    finder: NameFinder[RegistryEntry] = NameFinder(
        (spelling, entry) for entry in registry for spelling in entry.spellings
    )
    found: dict[tuple[EntityKind, str], RegistryEntry] = {}
    for text in texts:
        for name in finder.find(text):
            found.setdefault((name.value.kind, name.value.name), name.value)
    people = [entry.name for entry in found.values() if entry.kind is EntityKind.PERSON]
    organisations = [entry.name for entry in found.values() if entry.kind is EntityKind.ORGANISATION]
    return people, organisations


def read_titles(texts: Iterable[str], registry: Sequence[RegistryEntry]) -> dict[str, str]:
    """The title each registered person is first given in ``texts``, by registry name.

    Titles are read where they are certain (see :mod:`dvarchive.editors.titles`);
    a person named without one gets none: better no title than a wrong one.
    """
    finder: NameFinder[RegistryEntry] = NameFinder(
        (spelling, entry) for entry in registry if entry.kind is EntityKind.PERSON for spelling in entry.spellings
    )
    titles: dict[str, str] = {}
    for text in texts:
        for name in finder.find(text):
            title = None if name.value.name in titles else title_of(text, name.start, name.start + len(name.text))
            if title:
                titles[name.value.name] = title
    return titles


# --- the site -------------------------------------------------------------------


def import_wire(text: str, source: str, site_dir: Path, year: int | None, today: date) -> ImportedArticle:
    """Wire copy as an article of the site in ``site_dir`` (its zone, its registries).

    Without ``year`` the dateline's day is taken in this year, or in the last
    one when that day is still to come (copy from 31/12 imported on 2/1).
    """
    return import_wires([(text, source)], site_dir, year, today)[0]


def import_wires(
    copies: Sequence[tuple[str, str]], site_dir: Path, year: int | None, today: date, new_files: bool = False
) -> list[ImportedArticle]:
    """Each copy (text, source) as an article, as :func:`import_wire` makes it;
    the problems of every copy are reported at once. With ``new_files``, an
    article whose file is there already (or made by an earlier copy) gets a
    slug of its own (see :func:`wire_to_article`)."""
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ContentError([Diagnostic(source, None, f"--year {year}: {_YEARS}") for _, source in copies[:1]])
    config = load_config(site_dir)
    report = Report()
    registry = load_registries(site_dir, report)
    report.raise_if_errors(ContentError)
    articles: list[ImportedArticle] = []
    problems: list[Diagnostic] = []

    def taken(path: str) -> bool:
        return (site_dir / path).exists() or any(article.path == path for article in articles)

    for text, source in copies:
        try:
            wire = parse_wire(text, source)
            wire_year = _guess_year(wire, today) if year is None else year
            articles.append(wire_to_article(wire, wire_year, config.zone, registry, today, taken if new_files else None))
        except ContentError as exc:
            problems += exc.diagnostics
    if problems:
        raise ContentError(problems)
    return articles


def _guess_year(wire: WireCopy, today: date) -> int:
    dateline = wire.dateline
    if dateline is None or dateline.day is None or dateline.month is None:
        return today.year
    try:
        this_year = date(today.year, dateline.month, dateline.day)
    except ValueError:
        return today.year
    return today.year - 1 if this_year > today + timedelta(days=1) else today.year


_EXISTS = "đã có tệp này: không ghi đè; đổi tên hoặc xóa tệp cũ, hay xem trước bằng --stdout"


def write_article(site_dir: Path, article: ImportedArticle) -> Path:
    """Write the article file; an existing file is never overwritten."""
    return write_articles(site_dir, [article])[0]


def write_articles(site_dir: Path, articles: Sequence[ImportedArticle]) -> list[Path]:
    """Write the article files, all or none: none when one of them is there already,
    or when two of them would be one file."""
    problems, seen = [], set()
    for article in articles:
        if (site_dir / article.path).exists() or article.path in seen:
            problems.append(Diagnostic(article.path, None, _EXISTS))
        seen.add(article.path)
    if problems:
        raise ContentError(problems)
    return [_write_new(site_dir, article) for article in articles]


def _write_new(site_dir: Path, article: ImportedArticle) -> Path:
    path = site_dir / article.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(article.text)
    except FileExistsError:  # made meanwhile, by someone else
        raise ContentError([Diagnostic(article.path, None, _EXISTS)]) from None
    return path
