"""Careers and names over time on entity pages.

A person's page shows the registry's ``roles`` as a timeline, newest first
(the position held now is what a reader looks for, and the articles below
run newest first too), and files the articles under the role held on each
article's date. An organisation's page shows the names it has had.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from ..core.messages import Messages
from ..core.model import Entity, EntityKind
from ..core.periods import held_on, newest_first
from ..core.views import period_display


def career_view(entity: Entity | None, messages: Messages) -> list[dict[str, str]]:
    """A person's roles, newest first, each with its period (``10/2025 – nay``)."""
    if entity is None or entity.entry is None or entity.ref.kind is not EntityKind.PERSON:
        return []
    return [{"title": r.title, "period": period_display(r.start, r.end, messages)} for r in newest_first(entity.entry.roles)]


def names_view(entity: Entity | None, messages: Messages) -> list[dict[str, str]]:
    """An organisation's names over time, newest first."""
    if entity is None or entity.entry is None or entity.ref.kind is not EntityKind.ORGANISATION:
        return []
    return [{"name": n.name, "period": period_display(n.start, n.end, messages)} for n in newest_first(entity.entry.names)]


def role_groups(entity: Entity | None, days: Sequence[date], messages: Messages) -> list[tuple[str, str, list[int]]] | None:
    """The articles of one page of a person's list, in runs under the role held on
    their ``days``: (heading, period, places on the page); None for a person without
    roles. Runs follow the list's order, so a page starts where the last one ended."""
    if entity is None or entity.entry is None or not entity.entry.roles:
        return None
    groups: list[tuple[str, str, list[int]]] = []
    last: object = False
    for place, day in enumerate(days):
        role = held_on(entity.entry.roles, day)
        if role is not last:
            heading = role.title if role else messages("Các bài khác")
            groups.append((heading, period_display(role.start, role.end, messages) if role else "", []))
            last = role
        groups[-1][2].append(place)
    return groups
