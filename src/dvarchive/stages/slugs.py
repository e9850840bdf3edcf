"""The slug of every person, organisation, author, tag and section page.

Part of the resolve stage. A slug must not move when the archive grows, so
it is a function of the name alone and of the registry, never of which
name was seen first or of how many there are:

1. a registry ``slug:`` wins;
2. a name is folded to its plain slug (``Nguyễn Thúy Hà`` → ``nguyen-thuy-ha``)
   when no other name of its kind folds to it and no ``slug:`` takes it;
3. names that fold to one plain slug (namesakes: ``Nguyễn Thúy Hà`` and
   ``Nguyễn Thùy Hà``) each take their Telex slug, which keeps every mark
   (``nguyeenx-thuys-haf``, ``nguyeenx-thuyf-haf``): a third namesake later
   changes neither. The plain address then lists the namesakes, so a link
   to it still leads to each (unless one of them is written without marks:
   its Telex slug is the plain one).

Two names that no rule tells apart (a registry ``slug:`` written twice,
names that differ only in a mark Vietnamese does not use) are an error
naming both, fixed with a ``slug:`` in the registry.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

from ..core.model import EntityKind, Place
from ..core.names import make_slug, telex_slug


@dataclass(frozen=True)
class Claimant:
    """One entity asking for a slug."""

    key: Hashable
    kind: EntityKind
    name: str
    place: Place  # its registry entry, or where an article first names it
    fixed: str | None = None  # the registry's slug:
    registered: bool = False


@dataclass(frozen=True)
class SharedSlug:
    """A plain slug that several names fold to, none of them taking it."""

    kind: EntityKind
    slug: str
    members: tuple[Hashable, ...]  # the claimants' keys


@dataclass(frozen=True)
class Slugs:
    chosen: dict[Hashable, str]  # claimant key → slug
    namesakes: tuple[SharedSlug, ...]
    unnamed: tuple[Claimant, ...]  # names without a letter to make a slug of
    clashes: tuple[tuple[Claimant, Claimant, str], ...]  # two claimants, the slug both would take


def choose_slugs(claimants: Sequence[Claimant]) -> Slugs:
    chosen: dict[Hashable, str] = {}
    namesakes: list[SharedSlug] = []
    by_kind: dict[EntityKind, list[Claimant]] = defaultdict(list)
    for claimant in claimants:
        by_kind[claimant.kind].append(claimant)
    unnamed = tuple(c for c in claimants if not c.fixed and not make_slug(c.name))
    for kind, of_kind in by_kind.items():
        fixed = {c.fixed for c in of_kind if c.fixed}
        folded: dict[str, list[Claimant]] = defaultdict(list)
        for claimant in of_kind:
            if claimant.fixed:
                chosen[claimant.key] = claimant.fixed
            elif make_slug(claimant.name):
                folded[make_slug(claimant.name)].append(claimant)
        for plain, group in folded.items():
            if len(group) == 1 and plain not in fixed:
                chosen[group[0].key] = plain
                continue
            for claimant in group:
                chosen[claimant.key] = telex_slug(claimant.name)
            if len(group) > 1 and plain not in fixed and all(telex_slug(c.name) != plain for c in group):
                members = sorted(group, key=lambda c: telex_slug(c.name))
                namesakes.append(SharedSlug(kind, plain, tuple(c.key for c in members)))
    # A Telex slug may be another group's plain one ("Mã" types "max"): that name has the page.
    taken = {(c.kind, chosen[c.key]) for c in claimants if c.key in chosen}
    namesakes = [n for n in namesakes if (n.kind, n.slug) not in taken]
    return Slugs(chosen, tuple(sorted(namesakes, key=lambda n: (n.kind.value, n.slug))), unnamed, _clashes(claimants, chosen))


def _clashes(claimants: Sequence[Claimant], chosen: dict[Hashable, str]) -> tuple[tuple[Claimant, Claimant, str], ...]:
    """Claimants of one kind left with one slug, each against the first, in an order that does not depend on reading."""
    by_slug: dict[tuple[EntityKind, str], list[Claimant]] = defaultdict(list)
    for claimant in claimants:
        if claimant.key in chosen:
            by_slug[(claimant.kind, chosen[claimant.key])].append(claimant)
    found = []
    for (_, slug), group in by_slug.items():
        ordered = sorted(group, key=lambda c: (not c.registered, c.place.path, c.place.line or 0, c.name))
        found += [(later, ordered[0], slug) for later in ordered[1:]]
    return tuple(found)
