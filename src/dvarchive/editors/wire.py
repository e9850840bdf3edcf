"""Agency wire copy (plain text) read into its parts: the first step of ``dvarchive import``.

The layout of wire copy is described in docs/content-format.md ("Wire copy")::

    Thời sự                                      section
    Hà Nội khởi công cầu đi bộ …                 headline
    Sáng 12/3, UBND quận Cầu Giấy …              lede
    Ông Đỗ Quang Vinh … (Ảnh: Hoàng Yến/TTXVN)   photo caption (anywhere)
    TTXVN - Sáng 12/3, tại Hà Nội, …             dateline, opening the body
    Đảm bảo an toàn cho người đi bộ              subheading (or "* …")
    Mai Anh                                      byline(s)
    Tin liên quan                                navigation, dropped

:func:`parse_wire` gives a :class:`WireCopy`, the parts with nothing lost;
a pure function of the text. :mod:`dvarchive.editors.importer` makes the article.
"""


from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time

from ..core.errors import ContentError, Diagnostic
from ..core.names import match_key, nfc

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
PART_OF_DAY = {
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


@dataclass(frozen=True)
class Dateline:
    """"TTXVN - Sáng 12/3, tại Hà Nội, …": who, when and where."""

    prefix: str  # the text before the article's first words ("TTXVN - ")
    agency: str | None
    location: str | None
    day: int | None
    month: int | None
    year: int | None
    part_of_day: str | None  # lower case, a key of PART_OF_DAY
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
