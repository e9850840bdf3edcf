"""``check``'s notes on people and names: titles that the registry's roles
contradict, and namesakes (names that fold to one plain slug).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..core.errors import Diagnostic, Level
from ..core.model import Article, Entity, EntityKind, Mention, Place, RegistryEntry, Site
from ..core.names import make_slug, match_key
from ..core.periods import Role, holds_on
from ..stages.registries import REGISTRY_FILES

_KIND_WORDS = {
    EntityKind.PERSON: "người",
    EntityKind.ORGANISATION: "tổ chức",
    EntityKind.AUTHOR: "tác giả",
    EntityKind.TAG: "chủ đề",
    EntityKind.SECTION: "chuyên mục",
}


def titles_against_roles(article: Article, careers: dict[str, RegistryEntry]) -> Iterator[Diagnostic]:
    """A title an article gives a person that the registry says they did not hold on its date.

    Only a title recognisably one of the person's registered roles is
    compared (the same words, or one of them without its last words:
    "Chủ tịch UBND tỉnh" for "Chủ tịch UBND tỉnh Lâm Đồng"): an article may
    well give a title the registry does not list.
    """
    day = article.date.at.date()
    for mention in article.people:
        entry = careers.get(match_key(mention.name))
        if entry is None or not mention.title:
            continue
        same = [role for role in entry.roles if _same_title(mention.title, role.title)]
        if not same or any(holds_on(role, day) for role in same):
            continue
        held = [role for role in entry.roles if holds_on(role, day)]
        then = f'giữ "{held[-1].title}"' if held else "không giữ chức danh nào trong sổ"
        yield Diagnostic(
            article.source,
            mention.line,
            f'bài ngày {day:%d/%m/%Y} ghi {entry.name} là "{mention.title}", nhưng theo {REGISTRY_FILES[entry.kind]} '
            f"chức danh ấy là {_span(same[0])}, còn ngày ấy người này {then}: sửa title trong bài, "
            "hoặc from:/to: trong roles",
            Level.WARNING,
        )


def _same_title(one: str, other: str) -> bool:
    first, second = match_key(one), match_key(other)
    return first == second or first.startswith(second + " ") or second.startswith(first + " ")


def _span(role: Role) -> str:
    start = f"từ {role.start}" if role.start else ""
    end = f"đến {role.end}" if role.end else "đến nay"
    return f"{start} {end}".strip()


def namesake_notes(site: Site) -> Iterator[Diagnostic]:
    """Each group of names that differ but fold to one plain slug: a note, since
    they may be two people (each has a page) or one name mistyped."""
    for kind, entities in site.entities.items():
        folded: dict[str, list[Entity]] = defaultdict(list)
        for entity in entities:
            folded[make_slug(entity.ref.name)].append(entity)
        for plain, group in sorted(folded.items()):
            if len(group) > 1:
                yield _namesake_note(site, kind, plain, sorted(group, key=lambda e: e.ref.slug))


def _namesake_note(site: Site, kind: EntityKind, plain: str, group: list[Entity]) -> Diagnostic:
    pages = ", ".join(f'"{e.ref.name}" ({e.ref.url})' for e in group)
    shared = next((n.url for n in site.namesakes if n.kind is kind and n.slug == plain), None)
    listed = f"; địa chỉ {shared} liệt kê cả {len(group)}" if shared else ""
    fix = f"nếu là một {_KIND_WORDS[kind]}, viết tên cho giống nhau" + (
        f"; nếu là nhiều {_KIND_WORDS[kind]}, ghi vào {REGISTRY_FILES[kind]} để thêm mô tả phân biệt" if kind in REGISTRY_FILES else ""
    )
    place = _place_of(site, group[0])
    return Diagnostic(
        place.path,
        place.line,
        f"các tên gần giống, bỏ dấu thì như nhau, mỗi tên có trang riêng: {pages}{listed}; {fix}",
        Level.SUGGESTION,
    )


def _place_of(site: Site, entity: Entity) -> Place:
    """The entity's registry entry, else the line of its oldest article that names it."""
    if entity.entry is not None:
        return entity.entry.place
    article = site.articles[entity.articles[-1]].article
    key = match_key(entity.ref.name)
    line = next((m.line for m in _mentions(article, entity.ref.kind) if match_key(m.name) == key), None)
    return Place(article.source, line)


def _mentions(article: Article, kind: EntityKind) -> tuple[Mention, ...]:
    if kind is EntityKind.PERSON:
        return article.people
    if kind is EntityKind.ORGANISATION:
        return (*article.organisations, *((article.agency,) if article.agency else ()))
    if kind is EntityKind.AUTHOR:
        return article.authors
    if kind is EntityKind.TAG:
        return article.tags
    return (article.section,) if article.section else ()
