"""The interface's words and date formats in the site's language: one gettext
catalog per language (``dvarchive/messages/vi.po``, ``en.po``), read with Babel.

The catalogs' ids are the Vietnamese words, as the default theme writes them
(``_("Trang chủ")`` in a template); ``vi.po`` gives each as it is, ``en.po``
its English. A site's ``messages:`` in ``dvarchive.yaml`` replaces single
texts of its language's catalog. Dates are formatted by Babel with the
catalog's patterns (Unicode CLDR: ``EEEE`` the weekday, ``dd/MM/y`` …), in
the language's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .config import SiteConfig

CATALOGS = Path(__file__).resolve().parent.parent / "messages"
LANGUAGES = ("vi", "en")  # the catalogs dvarchive ships

# The catalog's date patterns (their ids are the Vietnamese patterns).
LONG_DATE = "EEEE, dd/MM/y"
SHORT_DATE = "dd/MM/y"
TIME = "HH:mm"
MONTH_OF_YEAR = "'Tháng' M/y"  # a month's archive: "Tháng 1/2024", "January 2024"
MONTH = "'Tháng' M"  # a month in its year's archive
MONTH_AND_YEAR = "MM/y"  # a role's start or end written as a month: "10/2025", "October 2025"


@dataclass(frozen=True)
class Messages:
    """The texts of one language: ``messages("Trang %(number)s", number=2)``."""

    language: str  # the catalog's: "vi" or "en"
    texts: tuple[tuple[str, str], ...]  # id → text, the site's own texts applied

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", dict(self.texts))  # looked up for every word of every page
        object.__setattr__(self, "_days", {})  # (day, pattern) → text: see date()

    def __call__(self, message: str, **values: object) -> str:
        text = self._by_id.get(message) or message  # type: ignore[attr-defined]
        return text % values if values else text

    def date(self, at: datetime, pattern: str) -> str:
        """``at`` in the catalog's ``pattern`` (given by its id), in the language's words."""
        from babel.dates import format_datetime  # Babel is loaded only by a build that makes pages

        text = self(pattern)
        if not _day_only(text):
            return format_datetime(at, text, locale=self.language)
        # A pattern of the day alone is formatted once per day: a large archive's
        # list pages name the days they cover, hundreds of thousands of times.
        key = (at.date(), text)
        days: dict[tuple[date, str], str] = self._days  # type: ignore[attr-defined]
        if key not in days:
            days[key] = format_datetime(at, text, locale=self.language)
        return days[key]


@lru_cache(maxsize=64)
def _day_only(text: str) -> bool:
    """Whether a CLDR pattern shows only fields of the day (a site's ``messages:`` may add the time)."""
    from babel.dates import parse_pattern

    return all(field[0] in _DAY_FIELDS for field in re.findall(r"%\((\w+)\)s", parse_pattern(text).format))


_DAY_FIELDS = frozenset("GyYuUQqMLlwWdDFgEec")  # era, year, quarter, month, week, day, weekday


def catalog_language(language: str) -> str | None:
    """The catalog for a site's ``language`` (``en-GB`` → ``en``); None if there is none."""
    primary = language.split("-")[0].lower()
    return primary if primary in LANGUAGES else None


@lru_cache(maxsize=8)
def catalog(language: str) -> tuple[tuple[str, str], ...]:
    """The ids and texts of a shipped catalog, in its order."""
    from babel.messages.pofile import read_po

    with open(CATALOGS / f"{language}.po", "rb") as file:
        entries = read_po(file, locale=language)
    return tuple((message.id, message.string or message.id) for message in entries if message.id)


@lru_cache(maxsize=8)
def messages_for(language: str, own: tuple[tuple[str, str], ...] = ()) -> Messages:
    """The messages of a site's ``language`` (one with a catalog), its ``own`` texts over the catalog's."""
    shipped = catalog_language(language) or "vi"
    return Messages(shipped, tuple({**dict(catalog(shipped)), **dict(own)}.items()))


def vietnamese() -> Messages:
    """The default messages: the Vietnamese catalog as it is."""
    return messages_for("vi")


def site_messages(config: SiteConfig) -> Messages:
    return messages_for(config.language, config.messages)
