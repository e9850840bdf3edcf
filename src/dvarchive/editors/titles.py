"""The titles a text gives people: "Bộ trưởng Bộ Tài chính Nguyễn Văn Thắng".

Vietnamese news names a person with a chain of positions, written before
the name::

    Ủy viên Bộ Chính trị, Thường trực Ban Bí thư, Trưởng Ban Tổ chức Trung ương Trương Thị Mai

or after it, between commas::

    Trương Thị Mai, Trưởng Ban Tổ chức Trung ương, cho biết …

A title starts with a position word (:data:`_HEADS`: Chủ tịch, Bộ trưởng,
Giám đốc…). Forms of address (ông, bà, đồng chí), military ranks (Thượng
tướng) and degrees (PGS.TS) are not positions: they are stepped over, never
written as a title.

A wrong title in a header is worse than none, so a title is read only where
its two ends are certain: the name on one side, and on the other a comma
or the start of the clause. A title that runs on to the end of a sentence
is kept only up to a verb ("Chủ tịch UBND quận Cầu Giấy phát biểu…") and
only when what is left reads as a position. Titles that precede a list
("ông A, Chủ tịch UBND tỉnh, ông B") belong to no one for certain: none.

:func:`title_of` reads the title around one mention of a name;
:func:`propose_people` finds, in a line, names no registry knows that a
title introduces (what ``dvarchive check`` proposes).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from ..core.names import match_key, word_keys


class _Phrases:
    """Phrases (separated by ";"), compared by their words' matching keys."""

    def __init__(self, text: str) -> None:
        found = {tuple(match_key(word) for word in phrase.split()) for phrase in text.split(";") if phrase.strip()}
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(found, key=len, reverse=True):  # the longest first
            self._by_first.setdefault(phrase[0], []).append(phrase)
        self._all = found

    def __contains__(self, keys: tuple[str, ...]) -> bool:
        return keys in self._all

    def at(self, keys: list[str] | tuple[str, ...], index: int) -> int:
        """How many words the longest phrase at ``keys[index]`` takes; 0: none is there."""
        for phrase in self._by_first.get(keys[index], ()) if index < len(keys) else ():
            if tuple(keys[index : index + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def ending(self, keys: list[str]) -> int:
        """How many words the longest phrase ``keys`` end with takes; 0: none."""
        return max((n for n in range(1, min(len(keys), 6) + 1) if tuple(keys[-n:]) in self._all), default=0)


# Words that open a position. "Phó" and "Tổng" make more of them ("Phó Chủ tịch",
# "Tổng Giám đốc"); "nguyên", "cố", "quyền" may stand before any ("nguyên Bộ trưởng").
_HEAD_WORDS = (
    "chủ tịch; bí thư; ủy viên; uỷ viên; thường trực; thủ tướng; bộ trưởng; thứ trưởng; giám đốc;"
    "tổng bí thư; tổng giám đốc; tổng cục trưởng; cục trưởng; vụ trưởng; viện trưởng; chánh án; chánh văn phòng;"
    "chánh thanh tra; tổng thanh tra; tổng kiểm toán; thống đốc; chủ nhiệm; tổng thư ký; đại sứ; tổng lãnh sự;"
    "lãnh sự; tư lệnh; chính ủy; chính uỷ; tổng tham mưu trưởng; tham mưu trưởng; chỉ huy trưởng; hiệu trưởng;"
    "đội trưởng; đồn trưởng; tổ trưởng; người phát ngôn; tổng biên tập; đại biểu quốc hội; kiểm sát viên;"
    "thẩm phán; đặc phái viên;"
    # "trưởng" alone would take "trưởng thành" (grown up) for a position.
    "trưởng ban; trưởng phòng; trưởng khoa; trưởng đoàn; trưởng công an; trưởng thôn; trưởng bản; trưởng ấp;"
    "trưởng đại diện; trưởng văn phòng; trưởng cơ quan; trưởng phân xã; trưởng trạm; trưởng tiểu ban; trưởng nhóm;"
    "trưởng hạt; trưởng đài; trưởng khu phố; trưởng ngành; trưởng bộ môn"
)
_HEADS = _Phrases(_HEAD_WORDS)
_HEAD_PREFIXES = _Phrases("phó; nguyên; cựu; cố; quyền; tân; nguyên phó; cựu phó; quyền phó")

# Not positions: forms of address, ranks, degrees and honours. Stepped over
# between a title and its name ("Bộ trưởng Bộ Công an, Đại tướng Tô Lâm").
_NOT_TITLES = _Phrases(
    "ông; bà; anh; chị; cô; chú; bác; cụ; em; thầy; ngài; đồng chí; đại tướng; thượng tướng; trung tướng;"
    "thiếu tướng; đại tá; thượng tá; trung tá; thiếu tá; đại úy; đại uý; thượng úy; trung úy; thiếu úy;"
    "đô đốc; phó đô đốc; chuẩn đô đốc; gs; pgs; ts; ths; tskh; bs; bsck; ks; kts; ls; ns; giáo sư; phó giáo sư;"
    "tiến sĩ; tiến sỹ; thạc sĩ; thạc sỹ; bác sĩ; bác sỹ; dược sĩ; kỹ sư; kiến trúc sư; luật sư; nhà báo; nhà văn;"
    "nhà thơ; nghệ sĩ; nghệ sĩ nhân dân; nghệ sĩ ưu tú; nsnd; nsưt; ngnd; ngưt; ttnd; ttưt; nhà giáo nhân dân;"
    "nhà giáo ưu tú; thầy thuốc nhân dân; thầy thuốc ưu tú; anh hùng lao động; anh hùng lực lượng vũ trang nhân dân;"
    "nghệ nhân; nghệ nhân ưu tú; nghệ nhân nhân dân; lão thành cách mạng; mẹ việt nam anh hùng"
)
_ADDRESS = _Phrases("ông; bà; anh; chị; đồng chí; cụ; ngài")

# Where a title stops: verbs and the words around them. Never words of a
# position or an organisation's name ("dự án", "Tổng Thư ký", "Đại sứ … tại").
_STOPS = _Phrases(
    "cho biết; phát biểu; nói; nhấn mạnh; khẳng định; đề nghị; yêu cầu; chủ trì; tham dự; trao; tặng; kiểm tra;"
    "làm việc; chúc mừng; cắt băng; đánh giá; chỉ đạo; báo cáo; trả lời; chia sẻ; giới thiệu; phát động; đã;"
    "đang; sẽ; vừa; được; bị; là; cũng; nêu; lưu ý; đề xuất; kiến nghị; động viên; ghi nhận; biểu dương;"
    "trao đổi; thông báo; cảm ơn; hướng dẫn; tham quan; khảo sát; thăm; tiếp nhận; đón; gặp; gặp gỡ; dẫn đầu;"
    "khai mạc; bế mạc; kết luận; xác nhận; thừa nhận; giải thích; trình bày; cho rằng; nhận định; bày tỏ;"
    "mong muốn; hy vọng; tin tưởng; có; không; chưa; vẫn; luôn; đều; rất; khi; theo; này; đó; cùng với; làm"
)
# A title never ends on these: what follows them is another part of the sentence.
_OPEN_ENDS = frozenset(match_key(word) for word in "và với cùng của cho tại là ở để thì mà hay hoặc".split())

# Commas inside the names of two ministries are not the ends of a title.
_COMMA = re.compile(r",(?!\s*(?:thể thao và du lịch|thương binh và xã hội)\b)\s*", re.IGNORECASE)
# A dash is no end: it joins the parts of names ("Bà Rịa - Vũng Tàu").
_CLAUSE_END = re.compile(r"[.!?…](?=\s|$)|[;:()\[\]“”\"\n]")
_LOOSE_RUN, _STRICT_RUN = 7, 4  # lower-case words in a row a title may hold (see _reads_as_title)
_MOST_WORDS = 25


def title_of(text: str, start: int, end: int) -> str | None:
    """The title ``text`` gives the name at ``start:end``: before it, after it, or both joined."""
    parts = [part for part in (_title_before(text, start), _title_after(text, end)) if part]
    return ", ".join(parts) or None


# --- before the name --------------------------------------------------------------


def _title_before(text: str, start: int) -> str | None:
    clause = text[_clause_start(text, start) : start]
    segments = [segment.strip() for segment in _COMMA.split(clause)]
    nearest = segments.pop()
    title = _strip_not_titles(nearest)
    direct = bool(title)  # the title stands right before the name, not before "ông", "Thượng tướng"
    if not direct:
        # "Chủ tịch UBND tỉnh, ông Nguyễn Văn A": the title is the segment before;
        # but "…, Nguyễn Văn A" with nothing between is a list of names.
        if not nearest or not segments:
            return None
        title = segments.pop()
    heads = list(_heads(title))
    if not heads:
        return None
    if heads[0] == 0:
        chain = [title]
        while segments and _find_head(segments[-1]) == 0:
            chain.insert(0, segments.pop())
    else:
        # "Theo Phó Thủ tướng …", "… gặp mặt Chủ tịch nước …": from the first position word that opens a title.
        chain = [next((title[h:] for h in heads if _reads_as_title(title[h:], _LOOSE_RUN)), title[heads[0] :])]
    if not all(_reads_as_title(part, _LOOSE_RUN) for part in chain):
        return None
    if segments and ends_with_name(segments[-1]):
        # "ông B, Chủ tịch UBND tỉnh, ông A": the segments are B's, not A's.
        return chain[-1] if direct else None
    return ", ".join(chain)


def _clause_start(text: str, end: int) -> int:
    last = 0
    for found in _CLAUSE_END.finditer(text, 0, end):
        last = found.end()
    return last


def _strip_not_titles(segment: str) -> str:
    """The segment without the forms of address, ranks and degrees it ends with."""
    while True:
        words = word_keys(segment)
        length = _NOT_TITLES.ending([key for key, _, _ in words])
        if not length:
            return segment.rstrip(" ,.")
        segment = segment[: words[-length][1]].rstrip(" ,.")


# --- after the name ---------------------------------------------------------------


def _title_after(text: str, end: int) -> str | None:
    comma = re.match(r"\s*,\s*", text[end:])
    if comma is None:
        return None
    start = end + comma.end()
    stop = _CLAUSE_END.search(text, start)
    segments = [segment.strip() for segment in _COMMA.split(text[start : stop.start() if stop else len(text)])]
    chain = []
    for segment in segments:
        if _find_head(segment) != 0:
            break
        chain.append(segment)
    if not chain:
        return None
    # The last part may run on into the sentence ("…, Chủ tịch UBND quận phát biểu…"):
    # cut at its verb, or taken to the sentence's end, only a plain position is kept.
    last = _cut_at_stop(chain[-1])
    if (last != chain[-1] or len(chain) == len(segments)) and not _reads_as_title(last, _STRICT_RUN):
        return None
    chain[-1] = last
    if not all(_reads_as_title(part, _LOOSE_RUN) for part in chain):
        return None
    return ", ".join(chain)


def _cut_at_stop(segment: str) -> str:
    words = word_keys(segment)
    keys = [key for key, _, _ in words]
    for index in range(_head_length(keys, 0), len(keys)):
        if segment[words[index][1]].islower() and _STOPS.at(keys, index):
            return segment[: words[index][1]].rstrip(" ,")
    return segment


# --- what a title looks like -------------------------------------------------------


def _find_head(segment: str) -> int | None:
    """Where the first position word of ``segment`` starts, or None."""
    return next(_heads(segment), None)


def _heads(segment: str) -> Iterator[int]:
    """Where each position word of ``segment`` starts."""
    words = word_keys(segment)
    keys = [key for key, _, _ in words]
    for index in range(len(keys)):
        if _head_length(keys, index):
            yield words[index][1]


def _head_length(keys: list[str], index: int) -> int:
    """How many words a position's opening takes at ``index`` ("nguyên Phó Chủ tịch": 4), or 0."""
    head = _HEADS.at(keys, index)
    if head:
        return head
    prefix = _HEAD_PREFIXES.at(keys, index)
    head = _HEADS.at(keys, index + prefix) if prefix else 0
    return prefix + head if head else 0


def _reads_as_title(title: str, most_lower: int) -> bool:
    """Words a position is made of: no verb, no form of address, no loose end,
    and no longer run of lower-case words than ``most_lower`` (a clause)."""
    words = word_keys(title)
    keys = [key for key, _, _ in words]
    if not 1 <= len(keys) <= _MOST_WORDS or keys[-1] in _OPEN_ENDS:
        return False
    for index in range(_head_length(keys, 0), len(keys)):
        if title[words[index][1]].islower() and (_STOPS.at(keys, index) or _ADDRESS.at(keys, index)):
            return False
    run = longest = 0
    for _, start, _ in words:
        run = run + 1 if title[start].islower() else 0
        longest = max(longest, run)
    return longest <= most_lower


# --- names that look like people ---------------------------------------------------

# The commonest Vietnamese family names: a capitalised run opening with one reads as a person.
SURNAMES = frozenset(
    match_key(name)
    for name in (
        "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương Trịnh Đinh Lâm "
        "Phùng Mai Tô Trương Hà Tạ Lương Lưu Cao Quách Châu Thái Tăng Kiều Triệu Đàm Hầu Lục Chu Khổng La Giang "
        "Tôn Thân Nông Lò Quan Hứa Diệp Từ Tống Âu Mạc Mạch Nghiêm Thạch Kim Doãn Lã Bế Ninh Viên"
    ).split()
)
# Places whose first word is also a family name, and words after which a name is a place's.
_PLACES = _Phrases(
    "Hà Nội; Hà Giang; Hà Tĩnh; Hà Nam; Hà Đông; Hà Tiên; Lâm Đồng; Cao Bằng; Thái Nguyên; Thái Bình; Thái Lan;"
    "Hồ Chí Minh; Hoàng Mai; Hoàng Sa; Kim Bảng; Mai Châu; Lý Sơn; Phan Thiết; Phan Rang; Tô Lịch; Lương Sơn;"
    "Châu Đốc; Châu Thành; Hồ Gươm; Quan Hóa; Quan Sơn; Lục Ngạn; Lục Nam; Ninh Bình; Ninh Thuận; Kim Sơn;"
    "Giang Thành; Văn Lâm; Văn Giang; Văn Chấn; Trần Văn Thời; Cao Lãnh; Đoàn Kết"
)
# Provinces and cities, which may stand between a title and a name: "Chủ tịch UBND tỉnh Lâm Đồng Trần Văn Hiệp".
_PROVINCES = _Phrases(
    "An Giang; Bắc Giang; Bắc Kạn; Bạc Liêu; Bắc Ninh; Bến Tre; Bình Định; Bình Dương; Bình Phước; Bình Thuận;"
    "Cà Mau; Cần Thơ; Cao Bằng; Đà Nẵng; Đắk Lắk; Đắk Nông; Điện Biên; Đồng Nai; Đồng Tháp; Gia Lai; Hà Giang;"
    "Hà Nam; Hà Nội; Hà Tĩnh; Hải Dương; Hải Phòng; Hậu Giang; Hòa Bình; Hưng Yên; Khánh Hòa; Kiên Giang;"
    "Kon Tum; Lai Châu; Lâm Đồng; Lạng Sơn; Lào Cai; Long An; Nam Định; Nghệ An; Ninh Bình; Ninh Thuận; Phú Thọ;"
    "Phú Yên; Quảng Bình; Quảng Nam; Quảng Ngãi; Quảng Ninh; Quảng Trị; Sóc Trăng; Sơn La; Tây Ninh; Thái Bình;"
    "Thái Nguyên; Thanh Hóa; Thừa Thiên Huế; Huế; Tiền Giang; Hồ Chí Minh; Trà Vinh; Tuyên Quang; Vĩnh Long;"
    "Vĩnh Phúc; Yên Bái"
)
# After these a name is a place's or a school's: "phường Trần Hưng Đạo", "trường Lê Quý Đôn".
# Not after "tỉnh", "thành phố": "Chủ tịch UBND tỉnh Trần Văn Bình" leaves the province out.
_PLACE_WORDS = frozenset(
    match_key(word) for word in "quận huyện xã phường trấn đường phố sông hồ núi cầu chợ làng thôn ấp bản đảo trường viện ty".split()
)


@dataclass(frozen=True)
class ProposedPerson:
    name: str
    title: str
    start: int  # in the text


def propose_people(text: str) -> Iterator[ProposedPerson]:
    """Names that read as people's, each introduced by a title in ``text``:
    "Bộ trưởng Bộ Tài chính Nguyễn Văn Thắng", "ông Lê Văn Ba, Chủ tịch UBND xã, …".

    A full name: three or four capitalised words opening with a family name,
    or two after "ông", "bà"… ("Công ty Phạm Gia" is a company's name, "ông
    Phạm Gia" a person's); a whole run of capitalised words, or one that only
    a province's name precedes ("… tỉnh Lâm Đồng Trần Văn Hiệp"), never the
    end of a longer name ("Trường Đại học Nông Lâm Long An").
    """
    if not _HEAD_HINT.search(_ascii(text)):
        return
    for start, end in _capitalised_runs(text):
        name_start = _proposed_name(text, start, end) if " " in text[start:end] else None
        if name_start is None:
            continue
        before = _title_before(text, name_start)
        after = _title_after(text, end) if _after_address(text, name_start) else None
        title = ", ".join(part for part in (before, after) if part)
        if title:
            yield ProposedPerson(text[name_start:end], title, name_start)


def _proposed_name(text: str, start: int, end: int) -> int | None:
    words = text[start:end].split(" ")
    keys = [match_key(word) for word in words]
    for size in (3, 4, 2):
        lead = len(words) - size
        if lead < 0 or keys[lead] not in SURNAMES or lead and not _may_precede_name(tuple(keys[:lead])):
            continue
        begin = start + sum(len(word) + 1 for word in words[:lead])
        if (size > 2 or _after_address(text, begin)) and not _is_place(text, begin, tuple(keys[lead:])):
            return begin
    return None


def _may_precede_name(keys: tuple[str, ...]) -> bool:
    """A province ("tỉnh Lâm Đồng Trần Văn Hiệp"), or "Ông" opening a sentence."""
    return keys in _PROVINCES or keys in _ADDRESS


def _ascii(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFD", text).encode("ascii", "ignore").decode().lower()


# Lines without a position word name no one with a title: most lines, passed over at once.
_HEAD_HINT = re.compile(r"\b(?:" + "|".join(sorted({_ascii(h.strip()) for h in _HEAD_WORDS.split(";")})) + r")\b")


def _letters(upper: bool) -> str:
    """The Latin letters (Vietnamese ones among them) of one case, for a character class."""
    ranges = (range(0x41, 0x250), range(0x1E00, 0x1F00))
    return "".join(chr(c) for r in ranges for c in r if chr(c).isalpha() and chr(c).isupper() == upper and chr(c).islower() != upper)


_UPPER, _LOWER = _letters(True), _letters(False)
# A capitalised word ("Nguyễn", "A"; not "UBND"), and runs of them one space apart.
_CAPITALISED_RUN = re.compile(rf"(?<!\w)[{_UPPER}][{_LOWER}]*(?: [{_UPPER}][{_LOWER}]*)*(?!\w)")


def _capitalised_runs(text: str) -> Iterator[tuple[int, int]]:
    """Each run of capitalised words (not acronyms) separated by single spaces."""
    for found in _CAPITALISED_RUN.finditer(text):
        yield found.start(), found.end()


def _name_start(text: str, start: int, end: int, sizes: tuple[int, ...] = (3, 4, 2)) -> int | None:
    """Where a person's name begins in the capitalised run ``start:end``: its last
    three words, else four, else two, whose first is a family name; None when none reads as a name."""
    words = word_keys(text[start:end])
    for size in sizes:
        if size > len(words):
            continue
        keys = tuple(key for key, _, _ in words[-size:])
        begin = start + words[-size][1]
        if keys[0] in SURNAMES and not _is_place(text, begin, keys):
            return begin
    return None


def _is_place(text: str, begin: int, keys: tuple[str, ...]) -> bool:
    if _PLACES.at(keys, 0):
        return True
    before = [key for key, _, _ in word_keys(text[max(0, begin - 16) : begin])]
    if before[-2:] == [match_key("thành"), match_key("phố")]:
        return False
    return bool(before) and before[-1] in _PLACE_WORDS


def _after_address(text: str, name_start: int) -> bool:
    """The name follows "ông", "bà", "đồng chí"…: what follows it between commas is about it."""
    before = [key for key, _, _ in word_keys(text[max(0, name_start - 12) : name_start])]
    return bool(before) and _ADDRESS.ending(before) > 0


def ends_with_name(segment: str) -> bool:
    """The segment ends with a person's name: "ông Trần Văn Bình", "Lê Thị Hoa"."""
    runs = list(_capitalised_runs(segment))
    if not runs or segment[runs[-1][1] :].strip(" ,"):
        return False
    start, end = runs[-1]
    return _name_start(segment, start, end) is not None or _after_address(segment, start)
