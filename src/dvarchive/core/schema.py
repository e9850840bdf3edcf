"""Typed reading of YAML mappings, reporting every problem with its line.

The config, the article header and the registries are all YAML mappings
read through a :class:`FieldReader`: it knows the allowed keys, converts
each value to the type the contract gives it, and reports what does not fit
to a :class:`~dvarchive.core.errors.Report` instead of raising, so that one pass
over a file finds all of its problems.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, timezone, tzinfo

from .errors import Report
from .frontmatter import LineDict, LineList
from .names import clean_name
from .records import record

_ISO_MOMENT = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)?"
)
_SLASHED_DATE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})")
_TRUE = {"true", "yes", "on", "có"}
_FALSE = {"false", "no", "off", "không"}


@record
class Moment:
    """A point in time, and whether the source gave its time of day."""

    at: datetime  # always timezone-aware
    has_time: bool


class BadValue(ValueError):
    """A value that does not fit its field; the message says how to fix it."""


def parse_moment(text: str, zone: tzinfo) -> Moment:
    """Read an ISO date or date-time; without an offset it is in ``zone``."""
    text = text.strip()
    match = _ISO_MOMENT.fullmatch(text)
    if match is None:
        raise BadValue(_moment_hint(text))
    year, month, day, hour, minute, second, offset = match.groups()
    try:
        day_part = date(int(year), int(month), int(day))
        clock = time(int(hour or 0), int(minute or 0), int(second or 0))
    except ValueError:
        raise BadValue(f'ngày "{text}" không có thật trên lịch') from None
    moment = datetime.combine(day_part, clock)
    tz = _offset(offset, text) if offset else zone
    # Shown and filed (/YYYY/MM/) in the site's zone, whatever offset was written.
    try:
        return Moment(moment.replace(tzinfo=tz).astimezone(zone), has_time=hour is not None)
    except (OverflowError, ValueError):
        raise BadValue(f'ngày "{text}" nằm ngoài lịch dùng được (năm 1 đến 9999)') from None


def _offset(text: str, moment: str) -> tzinfo:
    if text in ("Z", "z"):
        return timezone.utc
    digits = text[1:].replace(":", "")
    # Seconds too: a local mean time, as Python writes it (+07:06:30 in Hồ Chí Minh before 1912).
    hours, minutes, seconds = int(digits[:2]), int(digits[2:4] or 0), int(digits[4:6] or 0)
    if hours > 14 or minutes > 59 or seconds > 59:
        raise BadValue(f'múi giờ "{text}" trong "{moment}" không có thật: ví dụ +07:00')
    sign = -1 if text[0] == "-" else 1
    return timezone(sign * timedelta(hours=hours, minutes=minutes, seconds=seconds))


def _moment_hint(text: str) -> str:
    slashed = _SLASHED_DATE.fullmatch(text)
    if slashed:
        day, month, year = slashed.groups()
        year = year if len(year) == 4 else "20" + year
        guess = f"{year}-{int(month):02d}-{int(day):02d}"
        return (
            f'ngày "{text}" không rõ nghĩa (ngày/tháng hay tháng/ngày?): '
            f"viết theo dạng ISO năm-tháng-ngày, ví dụ {guess}"
        )
    return (
        f'ngày giờ "{text}" không hợp lệ: viết theo dạng ISO, '
        "ví dụ 2026-01-09 hoặc 2026-01-09T08:30:00+07:00"
    )


class FieldReader:
    """Reads the fields of one YAML mapping, reporting problems by line."""

    def __init__(
        self,
        mapping: LineDict,
        path: str,
        report: Report,
        allowed: frozenset[str],
        what: str = "khóa",
    ) -> None:
        self.mapping = mapping
        self.path = path
        self.report = report
        self._report_unknown(allowed, what)

    def _report_unknown(self, allowed: frozenset[str], what: str) -> None:
        for key in self.mapping:
            if key in allowed:
                continue
            close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
            hint = f': có phải "{close[0]}"?' if close else f": các {what} được dùng là " + ", ".join(
                sorted(allowed)
            )
            self.error(key, f'{what} lạ "{key}"{hint}')

    def line(self, key: str) -> int:
        return self.mapping.lines.get(key, self.mapping.line)

    def error(self, key: str, message: str) -> None:
        self.report.error(self.path, self.line(key), message)

    def has(self, key: str) -> bool:
        return self.mapping.get(key) is not None

    def text(self, key: str, required: bool = False) -> str | None:
        value = self.mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.report.error(self.path, self.line(key), f'thiếu "{key}" (bắt buộc)')
            return None
        if not isinstance(value, str):
            self.error(key, f'"{key}" phải là một chuỗi chữ, không phải {_kind(value)}')
            return None
        return " ".join(value.split())

    def name(self, key: str, required: bool = False) -> str | None:
        value = self.text(key, required)
        return clean_name(value) if value is not None else None

    def text_list(self, key: str) -> tuple[str, ...]:
        """A string or a list of strings (``tags: a`` and ``tags: [a, b]``)."""
        return tuple(text for text, _ in self.text_items(key))

    def text_items(self, key: str) -> tuple[tuple[str, int | None], ...]:
        """Like :meth:`text_list`, each text with its line."""
        value = self.mapping.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            return ((clean_name(value), self.line(key)),) if value.strip() else ()
        if not isinstance(value, list):
            self.error(key, f'"{key}" phải là một chuỗi hoặc một danh sách chuỗi')
            return ()
        items: list[tuple[str, int | None]] = []
        for index, item in enumerate(value):
            if isinstance(item, str) and item.strip():
                items.append((clean_name(item), item_line(value, index)))
            else:
                self.report.error(
                    self.path, item_line(value, index), f'mỗi mục của "{key}" phải là một chuỗi chữ'
                )
        return tuple(items)

    def items(self, key: str) -> list[tuple[object, int]]:
        """The items of a list field with their lines; a lone value is a list of one."""
        value = self.mapping.get(key)
        if value is None:
            return []
        if not isinstance(value, list):
            return [(value, self.line(key))]
        return [(item, item_line(value, index)) for index, item in enumerate(value)]

    def records(self, key: str, allowed: frozenset[str], shape: str) -> Iterator[FieldReader]:
        """A reader for each mapping in a list field; other items are reported as not of ``shape``."""
        for item, line in self.items(key):
            if isinstance(item, LineDict):
                yield FieldReader(item, self.path, self.report, allowed)
            else:
                self.report.error(self.path, line, f'mỗi mục của "{key}" là {shape}')

    def boolean(self, key: str, default: bool) -> bool:
        value = self.mapping.get(key)
        if value is None:
            return default
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.error(key, f'"{key}" phải là true hoặc false')
        return default

    def integer(self, key: str, default: int, minimum: int = 1) -> int:
        value = self.mapping.get(key)
        if value is None:
            return default
        if isinstance(value, str) and value.strip().isdigit() and int(value) >= minimum:
            return int(value)
        self.error(key, f'"{key}" phải là một số nguyên từ {minimum} trở lên')
        return default

    def moment(self, key: str, zone: tzinfo, required: bool = False) -> Moment | None:
        value = self.text(key, required)
        if value is None:
            return None
        try:
            return parse_moment(value, zone)
        except BadValue as exc:
            self.error(key, f'"{key}": {exc}')
            return None

    def mapping_of(self, key: str) -> LineDict | None:
        value = self.mapping.get(key)
        if value is None:
            return None
        if not isinstance(value, LineDict):
            self.error(key, f'"{key}" phải là một bảng khóa: giá trị')
            return None
        return value


def item_line(items: LineList | list, index: int) -> int | None:  # type: ignore[type-arg]
    lines = getattr(items, "lines", None)
    return lines[index] if lines and index < len(lines) else getattr(items, "line", None)


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, dict):
        return "một bảng khóa"
    return type(value).__name__


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def valid_slug(fields: FieldReader, key: str, slug: str) -> bool:
    """Whether ``slug`` can be the last part of a URL; reported at ``key`` if not."""
    if _SLUG.fullmatch(slug):
        return True
    fields.error(key, f'{key} "{slug}" chỉ được có chữ thường không dấu, số và dấu gạch nối')
    return False
