"""Positions and names over time: a person's ``roles``, an organisation's ``names``.

Each holds from a ``from`` to a ``to``, written as a day (``2025-10-01``),
a month (``2025-10``) or a year (``2025``): a month or a year stands for
its first day when it opens a period and for its last when it closes one,
so ``to: 2025-09`` and ``from: 2025-10`` meet without a gap. No ``from``:
since always; no ``to``: still held. On a given day the period held is the
one begun last among those that hold then (a role begun later is the one a
newsroom names; two positions held at once are one role, "Bí thư Tỉnh ủy,
Chủ tịch HĐND tỉnh", as newsrooms write them).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta, timezone
from typing import Protocol, TypeVar

from .records import record
from .schema import BadValue, parse_moment

_PARTIAL = re.compile(r"(\d{4})(?:-(\d{1,2}))?")


@record
class PartialDate:
    """A day, a month or a year, as the registry writes it."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def first(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> date:
        if self.day is not None:
            return self.first
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __str__(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n is not None]
        return "-".join(parts)


def parse_partial_date(text: str) -> PartialDate:
    """``2025``, ``2025-10``, ``2025-10-01`` (or a date-time, whose day is taken)."""
    text = text.strip()
    found = _PARTIAL.fullmatch(text)
    if found is None:
        day = parse_moment(text, timezone.utc).at.date()
        return PartialDate(day.year, day.month, day.day)
    year, month = int(found[1]), int(found[2]) if found[2] else None
    if month is not None and not 1 <= month <= 12:
        raise BadValue(f'tháng "{text}" không có thật: viết năm-tháng, ví dụ 2025-10')
    if year < 1:
        raise BadValue(f'năm "{text}" không có thật')
    return PartialDate(year, month)


@record
class Role:
    """A position a person held: ``title`` from ``start`` to ``end`` (None: open)."""

    title: str
    start: PartialDate | None
    end: PartialDate | None
    line: int | None = None


@record
class NamePeriod:
    """A name an organisation had (and its short form then) from ``start`` to ``end``."""

    name: str
    short: str | None
    start: PartialDate | None
    end: PartialDate | None
    line: int | None = None


class Period(Protocol):
    @property
    def start(self) -> PartialDate | None: ...

    @property
    def end(self) -> PartialDate | None: ...

    @property
    def line(self) -> int | None: ...


P = TypeVar("P", bound=Period)


def holds_on(period: Period, day: date) -> bool:
    return (period.start is None or period.start.first <= day) and (period.end is None or day <= period.end.last)


def _begins(period: Period) -> date:
    return period.start.first if period.start else date.min


def held_on(periods: Sequence[P], day: date) -> P | None:
    """The period held on ``day``: of those that hold then, the one begun last (the later written, on a tie)."""
    found = None
    for period in periods:
        if holds_on(period, day) and (found is None or _begins(period) >= _begins(found)):
            found = period
    return found


def newest_first(periods: Sequence[P]) -> list[P]:
    """The periods by when they began, the latest first: how a career is read on its page."""
    order = sorted(enumerate(periods), key=lambda item: (_begins(item[1]), item[0]), reverse=True)
    return [period for _, period in order]


def still_held(periods: Sequence[P]) -> P | None:
    """The period begun last of those with no end: what a page says someone holds now,
    without asking the clock (a page must not change by itself overnight)."""
    return next((period for period in newest_first(periods) if period.end is None), None)


def period_doubts(periods: Sequence[P], describe: Callable[[P], str]) -> Iterator[tuple[int | None, str]]:
    """Dates that look mistyped, each with its line and what to write: a ``to``
    before its own ``from``, and a period that ends a little before or after
    the next one begins where changing one number (the year or the month)
    would make them meet. A longer gap or overlap is left alone:
    a person may hold no registered position for a while, or two at once.
    """
    for period in periods:
        if period.start and period.end and period.end.last < period.start.first:
            yield period.line, f"{describe(period)}: to: {period.end} trước from: {period.start}: sửa một trong hai ngày"
    ordered = sorted((p for p in periods if p.start is not None), key=_begins)
    for earlier, later in zip(ordered, ordered[1:]):
        end, start = earlier.end, later.start
        if end is None or start is None or _meet(end, start) or end.last < _begins(earlier):
            continue
        fixes = _one_number_off(end, start)
        if fixes:
            how = "chồng lên" if end.last >= start.first else "cách xa"
            yield earlier.line, (
                f"{describe(earlier)} (to: {end}) và {describe(later)} (from: {start}) {how} nhau, "
                f"có lẽ do gõ nhầm một con số: có phải {' hoặc '.join(fixes)}? Nếu đúng như đã ghi, bỏ qua cảnh báo này"
            )


def _meet(end: PartialDate, start: PartialDate) -> bool:
    """One period ends where the next begins: the day before, the same day, or within one written month or year."""
    return start.first - timedelta(days=1) <= end.last and end.first <= start.last


def _one_number_off(end: PartialDate, start: PartialDate) -> list[str]:
    """The ``to`` that ends the day before the next ``from``, and the ``from`` that
    begins the day after the ``to``, each when it is the written date with one
    number changed. Periods written as years alone are not second-guessed."""
    if end.month is None or start.month is None:
        return []
    fixes = []
    wanted_end = _like(end, start.first - timedelta(days=1))
    if _one_number_apart(end, wanted_end):
        fixes.append(f"to: {wanted_end}")
    wanted_start = _like(start, end.last + timedelta(days=1))
    if _one_number_apart(start, wanted_start):
        fixes.append(f"from: {wanted_start}")
    return fixes


def _like(written: PartialDate, day: date) -> PartialDate:
    """``day`` written as precisely as ``written`` is."""
    return PartialDate(day.year, day.month if written.month else None, day.day if written.day else None)


def _one_number_apart(one: PartialDate, other: PartialDate) -> bool:
    """The same date but for its year or its month: a slip of the keyboard. Days
    alone are not doubted: a handover a few weeks long is common."""
    return one.day == other.day and (one.year == other.year) != (one.month == other.month)
