"""periods.py: days, months and years; the period held on a day; dates that look mistyped."""

from __future__ import annotations

from datetime import date

import pytest

from dvarchive.core.periods import PartialDate, Role, held_on, newest_first, parse_partial_date, period_doubts, still_held
from dvarchive.core.schema import BadValue


def role(title: str, start: str | None, end: str | None, line: int = 0) -> Role:
    return Role(title, parse_partial_date(start) if start else None, parse_partial_date(end) if end else None, line)


@pytest.mark.parametrize(
    ("written", "first", "last"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-10-01", date(2025, 10, 1), date(2025, 10, 1)),
        ("2025-10-01T08:30:00+07:00", date(2025, 10, 1), date(2025, 10, 1)),
    ],
)
def test_a_written_date_stands_for_its_first_and_last_day(written: str, first: date, last: date) -> None:
    parsed = parse_partial_date(written)
    assert (parsed.first, parsed.last) == (first, last)
    assert str(parsed) == written[:10]


@pytest.mark.parametrize("written", ["2025-13", "1/10/2025", "2025-02-30", "mười 2025"])
def test_a_date_that_is_not_one_is_refused(written: str) -> None:
    with pytest.raises(BadValue):
        parse_partial_date(written)


def test_the_role_held_on_a_day_is_the_one_begun_last() -> None:
    roles = [role("Tiền đạo", "2022-02", None), role("Đội trưởng", "2025-12-01", None), role("Dự bị", None, "2022-01")]
    assert held_on(roles, date(2021, 5, 1)) is roles[2]
    assert held_on(roles, date(2022, 1, 31)) is roles[2]
    assert held_on(roles, date(2022, 2, 1)) is roles[0]
    assert held_on(roles, date(2025, 12, 1)) is roles[1]  # both held: the later begun
    assert [r.title for r in newest_first(roles)] == ["Đội trưởng", "Tiền đạo", "Dự bị"]
    assert still_held(roles) is roles[1]
    assert held_on([role("A", "2025-10", "2025-09")], date(2025, 9, 30)) is None


@pytest.mark.parametrize(
    ("to", "next_from", "fixes"),
    [
        ("2024-09-30", "2025-10-01", "to: 2025-09-30 hoặc from: 2024-10-01"),  # a year off
        ("2025-10-30", "2025-10-01", "to: 2025-09-30"),  # a month off
        ("2025-11", "2025-10", "to: 2025-09 hoặc from: 2025-12"),
    ],
)
def test_periods_one_number_from_meeting_are_doubted(to: str, next_from: str, fixes: str) -> None:
    roles = [role("Phó", "2021-07-01", to, line=3), role("Trưởng", next_from, None, line=6)]
    [(line, message)] = period_doubts(roles, lambda r: f'chức danh "{r.title}"')
    assert line == 3 and f"có phải {fixes}?" in message


@pytest.mark.parametrize(
    ("to", "next_from"),
    [
        ("2025-09-30", "2025-10-01"),  # the day before
        ("2025-10-01", "2025-10-01"),  # the same day
        ("2025-09", "2025-10"),
        ("2025-10-15", "2025-10"),  # within the month written
        ("2025-09-03", "2025-09-30"),  # weeks between: a handover, not a slip
        ("2020-12-31", "2016-06-01"),  # two positions held together for years
        ("2019-05-31", "2023-02-01"),  # years without a registered position
        ("2023", "2025"),  # years alone are not second-guessed
    ],
)
def test_periods_that_meet_or_are_far_apart_are_not_doubted(to: str, next_from: str) -> None:
    roles = [role("Phó", "2015-01-01", to), role("Trưởng", next_from, None)]
    assert list(period_doubts(roles, lambda r: r.title)) == []


def test_a_to_before_its_from_is_doubted_at_its_line() -> None:
    [(line, message)] = period_doubts([role("Đội trưởng", "2026-02-01", "2025-12-31", line=9)], lambda r: r.title)
    assert line == 9 and message == "Đội trưởng: to: 2025-12-31 trước from: 2026-02-01: sửa một trong hai ngày"


def test_partial_dates_pickle_as_records() -> None:
    import pickle

    assert pickle.loads(pickle.dumps(PartialDate(2025, 10))) == PartialDate(2025, 10)
