"""views.py: Vietnamese dates, whatever the system locale."""

from __future__ import annotations

import locale
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import jinja2
import pytest
from markupsafe import Markup

from dvarchive.core.schema import Moment, parse_moment
from dvarchive.core.views import CardHtml, gmt_offset, long_date, short_date

HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.mark.parametrize(
    ("day", "weekday"),
    [
        ("2024-01-08", "Thứ Hai"),
        ("2024-01-09", "Thứ Ba"),
        ("2024-01-10", "Thứ Tư"),
        ("2024-01-11", "Thứ Năm"),
        ("2024-01-12", "Thứ Sáu"),
        ("2024-01-13", "Thứ Bảy"),
        ("2024-01-14", "Chủ Nhật"),
    ],
)
def test_long_date_every_weekday(day: str, weekday: str) -> None:
    moment = parse_moment(f"{day}T09:30:00+07:00", HCM)
    assert long_date(moment) == f"{weekday}, {day[8:10]}/01/2024, 09:30 (GMT+7)"


def test_long_date_example_from_the_contract() -> None:
    assert long_date(parse_moment("2024-01-08T09:30:00+07:00", HCM)) == "Thứ Hai, 08/01/2024, 09:30 (GMT+7)"


def test_long_date_without_time_of_day() -> None:
    assert long_date(parse_moment("2024-02-20", HCM)) == "Thứ Ba, 20/02/2024"


def test_long_date_of_utc_input_is_in_site_zone() -> None:
    assert long_date(parse_moment("2024-01-31T20:00:00+00:00", HCM)) == "Thứ Năm, 01/02/2024, 03:00 (GMT+7)"


def test_long_date_ignores_the_system_locale() -> None:
    moment = parse_moment("2024-01-08T09:30:00+07:00", HCM)
    expected = "Thứ Hai, 08/01/2024, 09:30 (GMT+7)"
    saved = locale.setlocale(locale.LC_TIME)
    try:
        for name in ("C", "en_US.UTF-8", "de_DE.UTF-8", "vi_VN.UTF-8"):
            try:
                locale.setlocale(locale.LC_TIME, name)
            except locale.Error:
                continue
            assert long_date(moment) == expected
    finally:
        locale.setlocale(locale.LC_TIME, saved)


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (timedelta(hours=7), "GMT+7"),
        (timedelta(hours=5, minutes=30), "GMT+5:30"),
        (timedelta(hours=-3), "GMT-3"),
        (timedelta(hours=-9, minutes=-30), "GMT-9:30"),
        (timedelta(0), "GMT+0"),
    ],
)
def test_gmt_offset(offset: timedelta, text: str) -> None:
    assert gmt_offset(datetime(2024, 1, 8, 9, 30, tzinfo=timezone(offset))) == text


def test_long_date_in_a_site_with_another_zone() -> None:
    moment = parse_moment("2024-01-08T09:30:00", ZoneInfo("Asia/Kolkata"))
    assert long_date(moment) == "Thứ Hai, 08/01/2024, 09:30 (GMT+5:30)"


def test_short_date() -> None:
    assert short_date(Moment(datetime(2024, 3, 5, 1, 2, tzinfo=HCM), True)) == "05/03/2024"



@pytest.mark.parametrize("autoescape", [True, False])
def test_a_card_kept_as_utf8_shows_in_templates_as_its_markup_did(autoescape: bool) -> None:
    html = '<a href="/x/">Hà Nội &amp; Huế</a>'
    env = jinja2.Environment(autoescape=autoescape)
    uses = env.from_string("{{ a.html }}|{{ a.html|safe }}|{{ a.html ~ '<b>' }}|{{ a.html|string }}|{% if a.html %}y{% endif %}")
    shown = uses.render(a={"html": CardHtml(html.encode("utf-8"))})
    assert shown == uses.render(a={"html": Markup(html)})
    assert shown.startswith(f"{html}|{html}|")
