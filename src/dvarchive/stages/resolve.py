"""From sources to a site: names become entities, articles get URLs.

Decides which spellings are one person or organisation (through
:func:`~dvarchive.core.names.match_key` and the registries), gives every article
and entity its URL, reports collisions naming both sides, and picks each
article's related articles.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from ..core.config import CONFIG_FILE, SiteConfig
from ..core.errors import ContentError, Report
from ..core.model import (
    Article,
    Entity,
    EntityKind,
    EntityRef,
    Mention,
    Namesakes,
    PersonRef,
    Place,
    PlacedArticle,
    Redirect,
    RegistryEntry,
    Site,
    Sources,
)
from ..core.names import NearNames, given_name_first, match_key, sort_key
from ..core.periods import held_on
from ..core.urls import alias_url, article_url, entity_url
from ..incremental.state import KeptRankings
from .registries import REGISTRY_FILES
from .related import add_related
from .slugs import Claimant, SharedSlug, choose_slugs

_REGISTERED_KINDS = tuple(REGISTRY_FILES)  # people, organisations and authors


def resolve_site(sources: Sources, jobs: int = 1) -> tuple[Site, Report]:
    """The resolved site and the warnings found; raises ContentError on errors.

    Related articles are ranked on ``jobs`` processes.
    """
    site, report, _ = resolve_with_rankings(sources, jobs, None)
    return site, report


def resolve_with_rankings(sources: Sources, jobs: int, kept: KeptRankings | None) -> tuple[Site, Report, KeptRankings]:
    """:func:`resolve_site`, reusing the related articles ranked by the last build where
    they read the same, and with the rankings for the next one."""
    report = Report()
    report.extend(sources.diagnostics)
    articles = sorted(sources.articles, key=lambda a: (-a.date.at.timestamp(), a.source))
    urls = _article_urls(articles, sources.config, report)
    registry = _index_registry(sources.registry, report)
    names = _collect_names(articles, registry, Mistypes(sources.registry), report)
    refs, shared = _make_refs(names, sources.config, report)
    placed = [_place(article, url, names, refs) for article, url in zip(articles, urls)]
    placed = _mark_scheduled(placed, sources.now)
    placed, rankings = add_related(placed, sources.config, report, jobs, kept)
    entities = _make_entities(placed, names, refs, sources.config)
    redirects = _article_redirects(placed, sources.config, report) + _entity_redirects(entities, sources.config)
    report.raise_if_errors(ContentError)
    photos = _published_photos(placed, sources.registry)
    namesakes = _namesakes(shared, refs, sources.config)
    menu = menu_sections(entities[EntityKind.SECTION], sources.config, report)
    site = Site(sources.config, sources.site_dir, tuple(placed), entities, photos, redirects, sources.now, namesakes, menu)
    return site, report, rankings


def menu_sections(sections: tuple[Entity, ...], config: SiteConfig, report: Report) -> tuple[EntityRef, ...]:
    """The sections of the menu: those ``menu`` names, in its order, or else all of them A to Z.

    Never by the number of articles: a menu that reorders itself as counts
    cross would rewrite every page of the site for one new article.
    """
    if not config.menu:
        return tuple(sorted((section.ref for section in sections), key=lambda ref: (sort_key(ref.name, config.language), ref.slug)))
    by_key = {match_key(section.ref.name): section.ref for section in sections}
    chosen: list[EntityRef] = []
    for name, line in config.menu:
        ref = by_key.get(match_key(name))
        if ref is None:
            report.warning(CONFIG_FILE, line, f'menu "{name}": không có chuyên mục nào tên này có bài đăng, nên trình đơn bỏ qua nó')
        elif ref not in chosen:
            chosen.append(ref)
    return tuple(chosen)


def _mark_scheduled(placed: list[PlacedArticle], now: datetime | None) -> list[PlacedArticle]:
    """Articles dated after the build's clock are scheduled (here only when a preview asked for them)."""
    if now is None:
        return placed
    return [replace(item, scheduled=True) if item.article.date.at > now else item for item in placed]


def _article_urls(articles: list[Article], config: SiteConfig, report: Report) -> list[str]:
    seen: dict[str, Article] = {}
    urls = []
    for article in articles:
        year, month = article.year_month
        url = article_url(config, year, month, article.slug)
        if url in seen:
            other = seen[url]
            report.error(
                article.source,
                article.title_line,
                f'đường dẫn {url} trùng với bài {other.source}: hai bài cùng slug trong một tháng; '
                "đổi tiêu đề hoặc thêm slug: cho một bài",
            )
        seen[url] = article
        urls.append(url)
    return urls


def _article_redirects(placed: list[PlacedArticle], config: SiteConfig, report: Report) -> tuple[Redirect, ...]:
    """Each of an article's ``aliases`` leads to the article."""
    found = []
    for item in placed:
        article = item.article
        for alias in article.aliases:
            try:
                old = alias_url(config, alias.name)
            except ValueError as problem:
                report.error(article.source, alias.line, f'aliases "{alias.name}": {problem}')
                continue
            found.append(Redirect(old, item.url, article.title, Place(article.source, alias.line)))
    return tuple(found)


def _entity_redirects(entities: dict[EntityKind, tuple[Entity, ...]], config: SiteConfig) -> tuple[Redirect, ...]:
    """Each of a registered person's or organisation's ``old_slugs`` leads to its page."""
    return tuple(
        Redirect(entity_url(config, kind, slug), entity.ref.url, entity.ref.name, entity.entry.place)
        for kind in _REGISTERED_KINDS
        for entity in entities[kind]
        if entity.entry is not None
        for slug in entity.entry.old_slugs
    )


def _index_registry(entries: tuple[RegistryEntry, ...], report: Report) -> dict[tuple[EntityKind, str], RegistryEntry]:
    """Every spelling of every registry entry, by kind and matching key."""
    index: dict[tuple[EntityKind, str], RegistryEntry] = {}
    for entry in entries:
        for spelling in entry.spellings:
            key = (entry.kind, match_key(spelling))
            other = index.get(key)
            if other is not None and other is not entry:
                report.error(
                    entry.place.path,
                    entry.place.line,
                    f'tên "{spelling}" đã thuộc về "{other.name}" ({other.place}): '
                    "mỗi tên, short và alias chỉ được trỏ tới một mục",
                )
                continue
            index[key] = entry
    return index


KIND_WORDS = {EntityKind.PERSON: "người", EntityKind.ORGANISATION: "tổ chức", EntityKind.AUTHOR: "tác giả"}


class Mistypes:
    """Which names are registered ones mistyped: the one place that decides, for
    the build and for ``check``.

    ``Truong Thi Mai`` for the registered ``Trương Thị Mai`` would otherwise
    be a new person, taking her page or colliding with its URL.
    """

    def __init__(self, registry: tuple[RegistryEntry, ...]) -> None:
        self._near = {
            kind: NearNames((spelling, entry) for entry in registry if entry.kind is kind for spelling in entry.spellings)
            for kind in _REGISTERED_KINDS
        }
        # The same few names recur in thousands of articles: each spelling is looked at once.
        self._seen: dict[tuple[EntityKind, str], tuple[str, ...]] = {}

    def of(self, kind: EntityKind, name: str) -> tuple[str, ...]:
        """The registered spellings ``name`` differs from by marks, spacing or case only (none: it is not mistyped)."""
        found = self._seen.get((kind, name))
        if found is None:
            near = self._near.get(kind)
            found = tuple(dict.fromkeys(spelling for spelling, _ in near.near(name))) if near else ()
            self._seen[(kind, name)] = found
        return found


def mistyped_message(kind: EntityKind, name: str, registered: tuple[str, ...]) -> str:
    """The error for a mistyped name: the registered spelling is the fix."""
    word, registry = KIND_WORDS[kind], REGISTRY_FILES[kind]
    quoted = " hoặc ".join(f'"{spelling}"' for spelling in registered)
    return (
        f'{word} "{name}" gần giống {quoted} trong {registry} (chỉ khác dấu, khoảng trắng hoặc chữ hoa): '
        f'viết đúng {quoted}; nếu là {word} khác, thêm "{name}" vào {registry}: mỗi tên có trang riêng'
    )


@dataclass
class _Identity:
    """One entity while names are being gathered."""

    kind: EntityKind
    entry: RegistryEntry | None
    first_place: Place
    spellings: Counter[str] = field(default_factory=Counter)
    members: list[int] = field(default_factory=list)  # article positions, in order, unique
    titles: list[tuple[int, str]] = field(default_factory=list)

    @property
    def name(self) -> str:
        if self.entry is not None:
            return self.entry.name
        return sorted(self.spellings.items(), key=lambda item: (-item[1], item[0]))[0][0]


@dataclass
class _Names:
    identities: dict[tuple[EntityKind, str], _Identity] = field(default_factory=dict)
    registry: dict[tuple[EntityKind, str], RegistryEntry] = field(default_factory=dict)
    # The same few names recur in thousands of articles: each spelling is identified once.
    _known: dict[tuple[EntityKind, str], tuple[EntityKind, str]] = field(default_factory=dict)

    def identify(self, kind: EntityKind, name: str) -> tuple[EntityKind, str]:
        known = self._known.get((kind, name))
        if known is None:
            key = match_key(name)
            entry = self.registry.get((kind, key))
            known = self._known[(kind, name)] = (kind, f"registry:{entry.place}" if entry else key)
        return known

    def add(self, kind: EntityKind, mention: Mention, position: int, source: str) -> None:
        identity_key = self.identify(kind, mention.name)
        identity = self.identities.get(identity_key)
        if identity is None:
            entry = self.registry.get((kind, match_key(mention.name)))
            identity = _Identity(kind, entry, Place(source, mention.line))
            self.identities[identity_key] = identity
        identity.spellings[mention.name] += 1
        if not identity.members or identity.members[-1] != position:
            identity.members.append(position)
        if mention.title:
            identity.titles.append((position, mention.title))


def _collect_names(
    articles: list[Article], registry: dict[tuple[EntityKind, str], RegistryEntry], mistypes: Mistypes, report: Report
) -> _Names:
    names = _Names(registry=registry)
    for position, article in enumerate(articles):
        for kind, mention in _mentions_of(article):
            registered = mistypes.of(kind, mention.name)
            if registered:  # not an entity of its own: the build stops at its line
                report.error(article.source, mention.line, mistyped_message(kind, mention.name, registered))
            else:
                names.add(kind, mention, position, article.source)
    return names


def _mentions_of(article: Article) -> list[tuple[EntityKind, Mention]]:
    found = [(EntityKind.PERSON, m) for m in article.people]
    found += [(EntityKind.ORGANISATION, m) for m in article.organisations]
    if article.agency:
        found.append((EntityKind.ORGANISATION, article.agency))
    found += [(EntityKind.AUTHOR, m) for m in article.authors]
    found += [(EntityKind.TAG, m) for m in article.tags]
    if article.section:
        found.append((EntityKind.SECTION, article.section))
    return found


def _make_refs(
    names: _Names, config: SiteConfig, report: Report
) -> tuple[dict[tuple[EntityKind, str], EntityRef], tuple[SharedSlug, ...]]:
    """An EntityRef per identity (see slugs.py), and the plain slugs namesakes share."""
    claimants = [
        Claimant(key, i.kind, i.name, _place_of(i), i.entry.slug if i.entry else None, i.entry is not None)
        for key, i in names.identities.items()
    ]
    slugs = choose_slugs(claimants)
    for claimant in slugs.unnamed:
        report.error(claimant.place.path, claimant.place.line, f'tên "{claimant.name}" không có chữ nào để tạo đường dẫn')
    for claimant, other, slug in slugs.clashes:
        _report_slug_collision(claimant, other, slug, config, report)
    clashing = {c.key for clash in slugs.clashes for c in clash[:2]}
    refs = {
        key: EntityRef(identity.kind, slugs.chosen[key], identity.name, entity_url(config, identity.kind, slugs.chosen[key]))
        for key, identity in names.identities.items()
        if key in slugs.chosen and key not in clashing
    }
    return refs, slugs.namesakes


def _place_of(identity: _Identity) -> Place:
    return identity.entry.place if identity.entry else identity.first_place


def _report_slug_collision(claimant: Claimant, other: Claimant, slug: str, config: SiteConfig, report: Report) -> None:
    report.error(
        claimant.place.path,
        claimant.place.line,
        f'"{claimant.name}" và "{other.name}" ({other.place}) cùng ra đường dẫn '
        f"{entity_url(config, claimant.kind, slug)}: {_collision_fix(claimant, other)}",
    )


def _collision_fix(claimant: Claimant, other: Claimant) -> str:
    if claimant.kind not in _REGISTERED_KINDS:
        return "viết hai tên cho khác nhau"
    registry = REGISTRY_FILES[claimant.kind]
    # Both go in the registry: a name that differs from a registered one by its
    # marks alone would be taken for that one mistyped (Mistypes).
    unregistered = [f'"{c.name}"' for c in (claimant, other) if not c.registered]
    if unregistered:
        return f"ghi {' và '.join(unregistered)} vào {registry}, một trong hai tên với slug: riêng"
    return f"thêm slug: riêng cho một trong hai tên trong {registry}"


def _namesakes(
    shared: tuple[SharedSlug, ...], refs: dict[tuple[EntityKind, str], EntityRef], config: SiteConfig
) -> tuple[Namesakes, ...]:
    found = []
    for group in shared:
        members = tuple(refs[key] for key in group.members if key in refs)  # type: ignore[index]
        if len(members) > 1:
            found.append(Namesakes(group.kind, group.slug, entity_url(config, group.kind, group.slug), members))
    return tuple(found)


def _place(article: Article, url: str, names: _Names, refs: dict[tuple[EntityKind, str], EntityRef]) -> PlacedArticle:
    day = article.date.at.date()

    def identity(kind: EntityKind, mention: Mention) -> tuple[_Identity | None, EntityRef | None]:
        key = names.identify(kind, mention.name)
        return names.identities.get(key), refs.get(key)

    def ref_list(kind: EntityKind, mentions: tuple[Mention, ...]) -> tuple[EntityRef, ...]:
        found = [_named_then(*identity(kind, m), day) for m in mentions]
        return tuple(dict.fromkeys(r for r in found if r is not None))

    people = []
    seen: set[EntityRef] = set()
    for mention in article.people:
        person, ref = identity(EntityKind.PERSON, mention)
        if ref is not None and ref not in seen:
            seen.add(ref)
            people.append(PersonRef(ref, mention.title or _role_then(person, day)))
    agency, agency_ref = identity(EntityKind.ORGANISATION, article.agency) if article.agency else (None, None)
    return PlacedArticle(
        article=article,
        url=url,
        section=identity(EntityKind.SECTION, article.section)[1] if article.section else None,
        agency=_named_then(agency, agency_ref, day),
        authors=ref_list(EntityKind.AUTHOR, article.authors),
        people=tuple(people),
        organisations=ref_list(EntityKind.ORGANISATION, article.organisations),
        tags=ref_list(EntityKind.TAG, article.tags),
        agency_short=_short_then(agency, day),
    )


def _role_then(person: _Identity | None, day: date) -> str | None:
    """The registry's title for a person on a day: the role held then."""
    role = held_on(person.entry.roles, day) if person and person.entry else None
    return role.title if role else None


def _named_then(identity: _Identity | None, ref: EntityRef | None, day: date) -> EntityRef | None:
    """The link to an organisation's one page, under the name it had on ``day``."""
    if ref is None or identity is None or identity.entry is None or not identity.entry.names:
        return ref
    period = held_on(identity.entry.names, day)
    return replace(ref, name=period.name) if period else ref


def _short_then(agency: _Identity | None, day: date) -> str | None:
    """The agency's short form on ``day``: that of its name then, if it had another name."""
    if agency is None or agency.entry is None:
        return None
    period = held_on(agency.entry.names, day)
    return period.short if period else agency.entry.short


def _make_entities(
    placed: list[PlacedArticle],
    names: _Names,
    refs: dict[tuple[EntityKind, str], EntityRef],
    config: SiteConfig,
) -> dict[EntityKind, tuple[Entity, ...]]:
    grouped: dict[EntityKind, list[Entity]] = {kind: [] for kind in EntityKind}
    for identity_key, identity in names.identities.items():
        ref = refs.get(identity_key)
        if ref is None:
            continue
        grouped[identity.kind].append(
            Entity(
                ref=ref,
                sort_name=_sort_name(identity, config),
                articles=tuple(identity.members),
                entry=identity.entry,
                titles=_titles(identity),
                parent=_parent_ref(identity, names, refs),
            )
        )
    return {kind: tuple(sorted(items, key=lambda e: e.ref.slug)) for kind, items in grouped.items()}


def _sort_name(identity: _Identity, config: SiteConfig) -> str:
    if identity.entry is not None and identity.entry.sort_as:
        return identity.entry.sort_as
    if identity.kind is EntityKind.PERSON and config.people_sort == "given":
        return given_name_first(identity.name)
    return identity.name


def _titles(identity: _Identity) -> tuple[str, ...]:
    """A person's positions as articles gave them, newest first, each once."""
    seen: dict[str, str] = {}
    for _, title in sorted(identity.titles, key=lambda item: item[0]):
        seen.setdefault(match_key(title), title)
    return tuple(seen.values())


def _parent_ref(identity: _Identity, names: _Names, refs: dict[tuple[EntityKind, str], EntityRef]) -> EntityRef | None:
    if identity.entry is None or not identity.entry.parent:
        return None
    return refs.get(names.identify(EntityKind.ORGANISATION, identity.entry.parent))


def _published_photos(placed: list[PlacedArticle], registry: tuple[RegistryEntry, ...]) -> tuple[str, ...]:
    photos = {p.src for item in placed for p in (*item.article.photos, *item.article.body_photos)}
    photos |= {entry.photo.src for entry in registry if entry.photo}
    return tuple(sorted(src for src in photos if not src.startswith(("http://", "https://"))))
