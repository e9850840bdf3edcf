"""Agency wire copy (plain text) turned into an article file: ``dvarchive import``.

The layout of wire copy is described in docs/content-format.md ("Wire copy")::

    Thời sự                                      section
    Hà Nội khởi công cầu đi bộ …                 headline
    Sáng 12/3, UBND quận Cầu Giấy …              lede
    Ông Đỗ Quang Vinh … (Ảnh: Hoàng Yến/TTXVN)   photo caption (anywhere)
    TTXVN - Sáng 12/3, tại Hà Nội, …             dateline, opening the body
    Đảm bảo an toàn cho người đi bộ              subheading (or "* …")
    Mai Anh                                      byline(s)
    Tin liên quan                                navigation, dropped

The work is done in two pure steps and one that reads the site:

    parse_wire(text, source)                     → WireCopy: the parts, nothing lost
    wire_to_article(wire, year, zone, registry)  → ImportedArticle: header + Markdown
    import_wire(text, source, site_dir, year, today)   both, with the site's settings

and :func:`write_article` is the only function that touches the disk; it
never overwrites a file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path

from .config import load_config
from .errors import ContentError, Diagnostic, Level, Report
from .headers import format_article
from .layout import ARTICLES_DIR
from .load import load_registries
from .model import EntityKind, RegistryEntry
from .names import NameFinder, make_slug, match_key, nfc

_NOT_WIRE = "không giống bản tin thông tấn"

# A caption ends in its credit: "(Ảnh: Hoàng Yến/TTXVN)", "(Ảnh minh họa: TTXVN)",
# "(Ảnh minh họa)", or without brackets "… Ảnh: TTXVN". Both tone placements of
# "họa" are in use, so both are accepted.
_PHOTO_KIND = r"Ảnh(?:\s+(?:minh\s+h(?:ọa|oạ)|tư\s+liệu|chụp\s+màn\s+hình))?"
_CAPTION_BRACKETED = re.compile(
    rf"^(?P<caption>.*?)\s*\(\s*(?P<kind>{_PHOTO_KIND})\s*(?::\s*(?P<credit>[^()]*?))?\s*\)\s*$",
    re.IGNORECASE,
)
_CAPTION_BARE = re.compile(
    rf"^(?P<caption>(?:.*[.!?…\"”)]\s+)?)(?P<kind>{_PHOTO_KIND})\s*(?::\s*(?P<credit>[^.()]{{1,80}}?))?\s*\.?\s*$",
    re.IGNORECASE,
)

# The dateline: "TTXVN - Sáng 12/3, tại Hà Nội, …" or "Hà Nội (TTXVN) - Sáng 12/3, …".
_DASH = r"\s*[-–—]\s+"
_DATELINE_BRACKETED = re.compile(rf"^(?:(?P<place>[^()\-–—]{{2,40}}?)\s*)?\((?P<agency>[^()]{{2,40}})\){_DASH}")
_DATELINE_DASHED = re.compile(rf"^(?P<agency>[^\s()\-–—][^()\-–—,.]{{0,40}}?){_DASH}")
_WHEN = re.compile(
    r"(?P<part>rạng sáng|sáng sớm|sáng|trưa|đầu giờ chiều|chiều tối|chiều|tối muộn|tối|đêm|khuya)?\s*"
    r"(?:(?:hôm\s+)?nay\s*)?(?:ngày\s*)?"
    r"(?P<day>\d{1,2})\s*/\s*(?P<month>\d{1,2})(?:\s*/\s*(?P<year>\d{4}))?\b",
    re.IGNORECASE,
)
_PLACE = re.compile(r"\s*,\s*tại\s+(?P<place>[^,;.]{2,80}?)\s*,")
_MEDIA_WORDS = ("báo", "đài", "tạp chí", "thông tấn", "truyền hình", "phóng viên", "cổng")

# A plausible clock time for each part of the day a dateline may name.
_PART_OF_DAY = {
    "rạng sáng": time(5, 0), "sáng sớm": time(6, 0), "sáng": time(8, 0), "trưa": time(12, 0),
    "đầu giờ chiều": time(13, 30), "chiều": time(15, 0), "chiều tối": time(17, 30),
    "tối": time(19, 30), "tối muộn": time(21, 0), "đêm": time(22, 0), "khuya": time(23, 0),
}

# Lines a website adds around the article; compared by match_key.
_NAVIGATION = frozenset(
    match_key(words)
    for words in (
        "tin liên quan", "bài liên quan", "xem thêm", "đọc thêm", "tin cùng chuyên mục",
        "tin khác", "các tin khác", "tin mới", "tin mới nhất", "tin nổi bật", "tin đọc nhiều",
        "có thể bạn quan tâm", "bạn có thể quan tâm", "chia sẻ", "bình luận", "in bài",
        "gửi bài", "quay lại", "về đầu trang", "lên đầu trang", "trở về", "theo dõi chúng tôi",
    )
)
# Words that introduce a link to another article: "Xem thêm: <headline>".
_LINK_WORDS = frozenset(
    match_key(words) for words in ("xem thêm", "đọc thêm", "tin liên quan", "bài liên quan", "tin cùng chuyên mục")
)
_NAV_TRIM = " :»›>|-–—\t"
_TAGS_LINE = re.compile(r"^(?:từ khóa|từ khoá|tags?|chủ đề)\s*:\s*(?P<tags>.+)$", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(
    r"^(?:(?:bài|tin|ảnh)(?:\s*(?:,|và)\s*(?:ảnh|video))?|nhóm phóng viên|nhóm pv|thực hiện)\s*:\s*",
    re.IGNORECASE,
)
_BYLINE_SPLIT = re.compile(r"\s+[-–—]\s+|\s*[,;&]\s*|\s+và\s+")
_BYLINE_AGENCY = re.compile(r"\s*(?:\([^()]*\)|/[^\s/]+)$")

_FINAL_PUNCTUATION = frozenset(".!?…:;,")
_CLOSERS = "\"'”’»)] "
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]<])|&(?=#?\w+;)")
_MARKDOWN_LINE_START = re.compile(r"^(?:(?P<mark>[#>+\-=~])|(?P<number>\d{1,9})(?=[.)]))")


@dataclass(frozen=True)
class Dateline:
    """"TTXVN - Sáng 12/3, tại Hà Nội, …": who, when and where."""

    prefix: str  # the text before the article's first words ("TTXVN - ")
    agency: str | None
    location: str | None
    day: int | None
    month: int | None
    year: int | None
    part_of_day: str | None  # lower case, a key of _PART_OF_DAY
    line: int


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class Subheading:
    text: str
    line: int


@dataclass(frozen=True)
class WirePhoto:
    caption: str | None
    credit: str | None
    line: int


Block = Paragraph | Subheading | WirePhoto


@dataclass(frozen=True)
class WireCopy:
    """The parts of one piece of wire copy, in NFC, every word of it kept."""

    source: str
    headline: str
    headline_line: int
    section: str | None = None
    lede: str | None = None
    dateline: Dateline | None = None  # it opens the first Paragraph of ``blocks``
    blocks: tuple[Block, ...] = ()  # the body, in the order of the copy
    authors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportedArticle:
    """An article file to write: where (relative to the site) and what."""

    path: str  # "content/articles/YYYY/MM/<slug>.md"
    text: str
    warnings: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True)
class _Line:
    """A non-blank line of the copy; ``last`` differs when wrapped lines were joined."""

    text: str
    number: int
    last: int = 0

    def __post_init__(self) -> None:
        if not self.last:
            object.__setattr__(self, "last", self.number)


# --- reading the copy ---------------------------------------------------------


def decode_wire(data: bytes, source: str) -> str:
    """Bytes of a file or stdin as text; UTF-8 (with or without BOM) or UTF-16 with a BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _not_wire(source, line, "tệp không phải văn bản UTF-8 (có phải tệp nhị phân?)") from None


def parse_wire(text: str, source: str) -> WireCopy:
    """The parts of wire copy; ContentError when the text is not wire copy."""
    lines = _read_lines(text, source)
    section, headline, rest = _take_heading(lines, source)
    rest, tags = _drop_navigation(rest)
    rest, authors = _take_bylines(rest)
    blocks = _classify(rest)
    lede, blocks = _take_lede(blocks)
    dateline = _find_dateline(blocks)
    texts = [lede or "", *(b.text for b in blocks if isinstance(b, Paragraph))]
    if not any(_has_final_punctuation(text) for text in texts):
        raise _not_wire(source, headline.number, "không có đoạn văn nào (câu kết thúc bằng dấu chấm) sau tiêu đề")
    return WireCopy(
        source, headline.text, headline.number, section and section.text, lede, dateline,
        tuple(blocks), tuple(authors), tuple(tags),
    )


def _not_wire(source: str, line: int | None, why: str) -> ContentError:
    return ContentError([Diagnostic(source, line, f"{_NOT_WIRE}: {why}")])


def _read_lines(text: str, source: str) -> list[_Line]:
    """The non-blank lines, in NFC with white space folded, wrapped lines joined."""
    text = nfc(text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n"))
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        raise _not_wire(source, line, "có ký tự điều khiển (có phải tệp nhị phân?)")
    lines = [_Line(" ".join(raw.split()), n) for n, raw in enumerate(text.split("\n"), 1)]
    lines = [line for line in lines if line.text]
    _reject_other_formats(lines, source)
    return _join_wrapped(lines)


def _join_wrapped(lines: list[_Line]) -> list[_Line]:
    """Join a line cut in mid-sentence to the next one (which then starts in lower case)."""
    joined: list[_Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and line.number == previous.last + 1
            and line.text[0].islower()
            and not _has_final_punctuation(previous.text)
        ):
            joined[-1] = _Line(f"{previous.text} {line.text}", previous.number, line.number)
        else:
            joined.append(line)
    return joined


def _reject_other_formats(lines: list[_Line], source: str) -> None:
    if not lines:
        raise _not_wire(source, None, "tệp rỗng")
    first = lines[0]
    if first.text == "---":
        raise _not_wire(source, first.number, "tệp mở đầu bằng ---, có vẻ đã là một bài viết có phần đầu YAML")
    if first.text.startswith("#"):
        raise _not_wire(source, first.number, "dòng đầu là một tiêu đề Markdown (#), không phải chuyên mục hay tiêu đề")
    if first.text.startswith(("<", "{", "[")):
        raise _not_wire(source, first.number, "tệp có vẻ là HTML hoặc JSON, không phải văn bản thuần")
    if len(lines) < 2:
        raise _not_wire(source, first.number, "chỉ có một dòng: cần ít nhất tiêu đề và một đoạn văn")


def _take_heading(lines: list[_Line], source: str) -> tuple[_Line | None, _Line, list[_Line]]:
    """The section (when the copy has one), the headline, and what follows."""
    first, second = lines[0], lines[1]
    has_section = (
        len(lines) > 2
        and _is_short(first.text)
        and not _has_final_punctuation(first.text)
        and not _ends_like_paragraph(second.text)
        and _read_caption(second.text) is None
    )
    section, headline = (first, second) if has_section else (None, first)
    if len(headline.text) > 300 or (_ends_like_paragraph(headline.text) and len(headline.text) > 200):
        raise _not_wire(source, headline.number, "dòng đầu dài như một đoạn văn, không phải tiêu đề")
    return section, headline, lines[2:] if has_section else lines[1:]


def _is_short(text: str) -> bool:
    return len(text.split()) <= 6 and len(text) <= 60


def _stripped_end(text: str) -> str:
    return text.rstrip(_CLOSERS)


def _has_final_punctuation(text: str) -> bool:
    return _stripped_end(text)[-1:] in _FINAL_PUNCTUATION


def _ends_like_paragraph(text: str) -> bool:
    """A paragraph ends with a full stop; a headline may end with ? or ! but rarely with "."."""
    return _stripped_end(text)[-1:] in (".", "…", ":")


def _drop_navigation(lines: list[_Line]) -> tuple[list[_Line], list[str]]:
    """Leave out the site's navigation; keep "Từ khóa: a, b" after the text as tags.

    After the article's last sentence, the first navigation line starts the
    site's furniture (with the headlines of related articles): all of it goes.
    Inside the article only a bare navigation word or a "Xem thêm: …" link
    goes, so that no sentence of the article can be lost.
    """
    text_end = max((i for i, line in enumerate(lines) if _is_article_text(line.text)), default=-1)
    kept: list[_Line] = []
    for index, line in enumerate(lines):
        furniture = _is_navigation(line.text) or _is_link(line.text)
        trailing = index > text_end
        if trailing and furniture:
            break
        if not furniture and not (trailing and _read_tags(line.text)):
            kept.append(line)
    tags = [tag for line in lines[text_end + 1 :] for tag in _read_tags(line.text)]
    return kept, tags


def _is_article_text(text: str) -> bool:
    """A sentence of the article (so what stands before it is not navigation)."""
    ends_sentence = _stripped_end(text)[-1:] in (".", "…", "!", "?")
    return ends_sentence and not (_read_tags(text) or _is_navigation(text) or _is_link(text))


def _read_tags(text: str) -> list[str]:
    found = _TAGS_LINE.match(text)
    if found is None:
        return []
    return [tag.strip(" .") for tag in re.split(r"[,;]", found["tags"]) if tag.strip(" .")]


def _is_navigation(text: str) -> bool:
    """A line that is nothing but a navigation word: "Tin liên quan", "» Xem thêm:"."""
    return match_key(text.strip(_NAV_TRIM)) in _NAVIGATION


def _is_link(text: str) -> bool:
    """"Xem thêm: <headline of another article>"."""
    words, colon, _ = text.partition(":")
    return bool(colon) and match_key(words.strip(_NAV_TRIM)) in _LINK_WORDS


def _take_bylines(lines: list[_Line]) -> tuple[list[_Line], list[str]]:
    """The name lines at the end ("Mai Anh - Quốc Dũng", or one name a line)."""
    end = len(lines)
    while end > 1 and _read_byline(lines[end - 1].text) is not None:
        end -= 1
    authors = [name for line in lines[end:] for name in _read_byline(line.text) or ()]
    return lines[:end], authors


def _read_byline(text: str) -> list[str] | None:
    """The names of a byline, or None when the line is not one."""
    if len(text) > 100 or _has_final_punctuation(text) or _read_caption(text) is not None:
        return None
    names = []
    for part in _BYLINE_SPLIT.split(_BYLINE_PREFIX.sub("", text)):
        name = _BYLINE_AGENCY.sub("", part.strip()).strip()
        if not _is_name(name):
            return None
        names.append(name)
    return names


def _is_name(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= 5 and all(
        word[0].isupper() and all(ch.isalpha() or ch in ".-'’" for ch in word) for word in words
    )


def _classify(lines: list[_Line]) -> list[Block]:
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        photo = _read_caption(line.text)
        if photo is not None:
            blocks.append(WirePhoto(photo[0], photo[1], line.number))
        elif line.text.startswith("* ") and len(line.text) > 2:
            blocks.append(Subheading(line.text[2:].strip(), line.number))
        elif _is_subheading(line.text) and index < len(lines) - 1:
            blocks.append(Subheading(line.text, line.number))
        else:
            blocks.append(Paragraph(line.text, line.number))
    return blocks


def _is_subheading(text: str) -> bool:
    return len(text.split()) <= 25 and len(text) <= 160 and not _has_final_punctuation(text)


def _read_caption(text: str) -> tuple[str | None, str | None] | None:
    """(caption, credit) of a photo caption line, or None when it is not one.

    "Ảnh minh họa" and its kin are part of what the reader must be told, so
    they stay in the caption: "Người dân làm thủ tục. (Ảnh minh họa)".
    """
    found = _CAPTION_BRACKETED.match(text) or _CAPTION_BARE.match(text)
    if found is None:
        return None
    caption, kind, credit = found["caption"].strip(), found["kind"], (found["credit"] or "").strip()
    if match_key(kind) != match_key("ảnh"):
        caption = f"{caption} ({kind})" if caption else kind
    return caption or None, credit or None


def _take_lede(blocks: list[Block]) -> tuple[str | None, list[Block]]:
    """The first paragraph, before any subheading, unless the dateline opens it."""
    for index, block in enumerate(blocks):
        if isinstance(block, Subheading):
            break
        if isinstance(block, Paragraph):
            if _read_dateline(block) is not None:
                break
            return block.text, blocks[:index] + blocks[index + 1 :]
    return None, blocks


def _find_dateline(blocks: list[Block]) -> Dateline | None:
    first = next((b for b in blocks if not isinstance(b, WirePhoto)), None)
    return _read_dateline(first) if isinstance(first, Paragraph) else None


def _read_dateline(paragraph: Paragraph) -> Dateline | None:
    text = paragraph.text
    bracketed = _DATELINE_BRACKETED.match(text)
    dashed = bracketed or _DATELINE_DASHED.match(text)
    if dashed is None:
        return None
    rest = text[dashed.end() :]
    when = _WHEN.match(rest)
    agency, place = dashed["agency"].strip(), bracketed and bracketed["place"]
    if not bracketed and not _looks_like_agency(agency):
        if when is None:
            return None
        agency, place = None, dashed["agency"].strip()  # "Hà Nội - Sáng 12/3, …"
    if place is None and when is not None:
        at = _PLACE.match(rest, when.end())
        place = at["place"] if at and len(at["place"].split()) <= 8 else None
    return Dateline(
        prefix=text[: dashed.end()],
        agency=agency,
        location=place.strip() if place else None,
        day=int(when["day"]) if when else None,
        month=int(when["month"]) if when else None,
        year=int(when["year"]) if when and when["year"] else None,
        part_of_day=when["part"].lower() if when and when["part"] else None,
        line=paragraph.line,
    )


def _looks_like_agency(text: str) -> bool:
    """"TTXVN", "VNA", "TTXVN/VNA", or a name such as "Báo Lâm Đồng"."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters) and len(text.split()) <= 3:
        return True
    return text.lower().startswith(_MEDIA_WORDS)


# --- making the article -------------------------------------------------------


def wire_to_article(
    wire: WireCopy,
    year: int,
    zone: tzinfo,
    registry: Sequence[RegistryEntry],
    today: date | None = None,
) -> ImportedArticle:
    """The article file for ``wire``, filed under its date in ``zone``.

    ``year`` completes the dateline's day and month; a copy without a dated
    dateline is dated ``today`` (the day it is imported; the clock's date
    when not given), with a warning.
    """
    warnings: list[Diagnostic] = []
    published = _publication_date(wire, year, zone, today or date.today(), warnings)
    slug = make_slug(wire.headline)
    if not slug:
        message = "tiêu đề không có chữ nào để tạo tên tệp"
        raise ContentError([Diagnostic(wire.source, wire.headline_line, message)])
    folder = f"{published.year:04d}/{published.month:02d}"
    photos = _photo_sources(wire.blocks, f"photos/{folder}/{slug}")
    # Written down, the slug keeps the URL when the headline is edited; a
    # draft until an editor has checked it and put in the real photos.
    header = _make_header(wire, published, photos, registry) | {"slug": slug, "draft": True}
    body = _make_body(wire, photos)
    _warn_about_gaps(wire, photos, warnings)
    path = f"{ARTICLES_DIR}/{folder}/{slug}.md"
    return ImportedArticle(path, format_article(header, body), tuple(warnings))


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
    clock = _PART_OF_DAY.get(dateline.part_of_day or "")
    if not clock:
        return day
    moment = datetime.combine(day, clock, tzinfo=zone)
    offset = moment.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        # A local mean time (Asia/Ho_Chi_Minh's +07:06:30 before 1912) has no
        # ±HH:MM form: the time is written without it, and read in the site's zone.
        return moment.replace(tzinfo=None)
    return moment


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
    people, organisations = find_entities(_article_texts(wire), registry)
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
        "people": people or None,
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


# --- the site -------------------------------------------------------------------


def import_wire(text: str, source: str, site_dir: Path, year: int | None, today: date) -> ImportedArticle:
    """Wire copy as an article of the site in ``site_dir`` (its zone, its registries).

    Without ``year`` the dateline's day is taken in this year, or in the last
    one when that day is still to come (copy from 31/12 imported on 2/1).
    """
    if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
        raise ContentError([Diagnostic(source, None, f"--year {year}: {_YEARS}")])
    config = load_config(site_dir)
    report = Report()
    registry = load_registries(site_dir, report)
    report.raise_if_errors(ContentError)
    wire = parse_wire(text, source)
    return wire_to_article(wire, _guess_year(wire, today) if year is None else year, config.zone, registry, today)


def _guess_year(wire: WireCopy, today: date) -> int:
    dateline = wire.dateline
    if dateline is None or dateline.day is None or dateline.month is None:
        return today.year
    try:
        this_year = date(today.year, dateline.month, dateline.day)
    except ValueError:
        return today.year
    return today.year - 1 if this_year > today + timedelta(days=1) else today.year


def write_article(site_dir: Path, article: ImportedArticle) -> Path:
    """Write the article file; an existing file is never overwritten."""
    path = site_dir / article.path
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(article.text)
    except FileExistsError:
        message = "đã có tệp này: không ghi đè; đổi tên hoặc xóa tệp cũ, hay xem trước bằng --stdout"
        raise ContentError([Diagnostic(article.path, None, message)]) from None
    return path
