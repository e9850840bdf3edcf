"""schema.py: dates and date-times, typed fields with their lines."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from dvarchive.core.errors import Report
from dvarchive.core.frontmatter import load_yaml
from dvarchive.core.schema import BadValue, FieldReader, parse_moment

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("text", "expected", "has_time"),
    [
        ("2024-01-08T09:30:00+07:00", datetime(2024, 1, 8, 9, 30), True),
        ("2024-01-08T09:30:00", datetime(2024, 1, 8, 9, 30), True),  # site zone
        ("2024-01-08 09:30:00", datetime(2024, 1, 8, 9, 30), True),
        ("2024-02-20 09:15", datetime(2024, 2, 20, 9, 15), True),  # no seconds
        ("2024-02-20T09:15", datetime(2024, 2, 20, 9, 15), True),
        ("2024-02-20", datetime(2024, 2, 20, 0, 0), False),  # date only
        ("2024-01-31T20:00:00+00:00", datetime(2024, 2, 1, 3, 0), True),  # UTC → next day in Hà Nội
        ("2024-01-31T20:00:00Z", datetime(2024, 2, 1, 3, 0), True),
        ("2024-01-08T09:30:00.250+07:00", datetime(2024, 1, 8, 9, 30), True),
        ("2024-01-08T08:00:00+0600", datetime(2024, 1, 8, 9, 0), True),
        ("2024-01-08T05:00:00+05:30", datetime(2024, 1, 8, 6, 30), True),
        ("2024-01-08T00:30:00-03:00", datetime(2024, 1, 8, 10, 30), True),
        ("  2024-01-08  ", datetime(2024, 1, 8), False),
    ],
)
def test_parse_moment_forms(text: str, expected: datetime, has_time: bool) -> None:
    moment = parse_moment(text, HCM)
    assert moment.at.tzinfo is not None
    assert moment.at.utcoffset() == timedelta(hours=7)  # shown and filed in the site zone
    assert moment.at.replace(tzinfo=None) == expected
    assert moment.has_time is has_time


def test_parse_moment_without_offset_uses_given_zone() -> None:
    moment = parse_moment("2024-07-01T12:00:00", ZoneInfo("Europe/Paris"))
    assert moment.at.utcoffset() == timedelta(hours=2)
    assert moment.at.astimezone(timezone.utc).hour == 10


@pytest.mark.parametrize("text", ["8/1/2024", "08/01/2024", "8.1.2024", "8/1/24"])
def test_parse_moment_ambiguous_date_suggests_iso(text: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_moment(text, HCM)
    message = str(caught.value)
    assert "ISO" in message
    assert "2024-01-08" in message


@pytest.mark.parametrize("text", ["2024-02-30", "2023-02-29", "2024-13-01", "2024-01-08T24:00"])
def test_parse_moment_impossible_dates(text: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_moment(text, HCM)
    assert text in str(caught.value)


@pytest.mark.parametrize("text", ["hôm qua", "", "2024", "Thứ Hai 8 tháng 1", "2024-01-08T9h30"])
def test_parse_moment_garbage(text: str) -> None:
    with pytest.raises(BadValue) as caught:
        parse_moment(text, HCM)
    assert "ISO" in str(caught.value)


@pytest.mark.parametrize("text", ["2024-01-08T09:30:00+70:00", "2024-01-08T09:30:00-25:00"])
def test_parse_moment_impossible_offset_is_a_bad_value(text: str) -> None:
    # A typo in the offset must be reported like any other bad date, not crash the build.
    with pytest.raises(BadValue):
        parse_moment(text, HCM)


# ---- FieldReader -------------------------------------------------------------


def reader(yaml_text: str, allowed: set[str], first_line: int = 2) -> tuple[FieldReader, Report]:
    report = Report()
    mapping = load_yaml(yaml_text, first_line=first_line)
    return FieldReader(mapping, "content/articles/a.md", report, frozenset(allowed)), report  # type: ignore[arg-type]


def test_unknown_key_suggests_the_close_one() -> None:
    _, report = reader("title: Tin\npeple: [Lê Văn Hùng]\n", {"title", "people", "tags"})
    [diagnostic] = report.diagnostics
    assert diagnostic.line == 3
    assert "peple" in diagnostic.message and '"people"' in diagnostic.message


def test_unknown_key_far_from_any_lists_the_allowed() -> None:
    _, report = reader("title: Tin\nxyz: 1\n", {"title", "people"})
    [diagnostic] = report.diagnostics
    assert "xyz" in diagnostic.message
    assert "people" in diagnostic.message and "title" in diagnostic.message


def test_required_text_missing_points_at_the_mapping() -> None:
    fields, report = reader("date: 2024-01-08\n", {"title", "date"})
    assert fields.text("title", required=True) is None
    [diagnostic] = report.diagnostics
    assert diagnostic.line == 2
    assert '"title"' in diagnostic.message


def test_text_folds_white_space_and_rejects_lists() -> None:
    fields, report = reader("summary: >\n  Dòng một\n  dòng hai.\ntitle: [a, b]\n", {"summary", "title"})
    assert fields.text("summary") == "Dòng một dòng hai."
    assert fields.text("title") is None
    [diagnostic] = report.diagnostics
    assert diagnostic.line == 5


def test_text_list_accepts_one_string_or_a_list() -> None:
    fields, report = reader("a: một\nb: [hai, ba]\nc:\n  - bốn\n  - [năm]\n", {"a", "b", "c"})
    assert fields.text_list("a") == ("một",)
    assert fields.text_list("b") == ("hai", "ba")
    assert fields.text_list("c") == ("bốn",)
    [diagnostic] = report.diagnostics
    assert diagnostic.line == 6


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("yes", True), ("có", True), ("false", False), ("no", False)])
def test_boolean(value: str, expected: bool) -> None:
    fields, report = reader(f"draft: {value}\n", {"draft"})
    assert fields.boolean("draft", not expected) is expected
    assert not report.diagnostics


def test_boolean_rejects_other_words() -> None:
    fields, report = reader("draft: maybe\n", {"draft"})
    assert fields.boolean("draft", False) is False
    assert report.has_errors


@pytest.mark.parametrize("value", ["0", "-3", "mười", "2.5"])
def test_integer_rejects(value: str) -> None:
    fields, report = reader(f"per_page: {value}\n", {"per_page"})
    assert fields.integer("per_page", 20) == 20
    assert report.diagnostics[0].line == 2


def test_moment_error_names_the_key_and_line() -> None:
    fields, report = reader("title: Tin\ndate: 8/1/2024\n", {"title", "date"})
    assert fields.moment("date", HCM) is None
    [diagnostic] = report.diagnostics
    assert diagnostic.line == 3
    assert '"date"' in diagnostic.message and "8/1/2024" in diagnostic.message
