"""The addresses a site has published, and the ones a build would lose.

Each build records in the output folder which article and which registered
person or organisation every address served (``.dvarchive-published.json``;
drafts and scheduled articles are not published). The next build compares:
an address that would no longer be served is said before anything is
written. An article that is still there under another address (its file
renamed or moved, its date or ``slug:`` changed) is an error until an
``aliases:`` line keeps the old address leading to it; an article whose file
is gone was deleted on purpose, which the build only notes.

Addresses are kept relative to the site's root, so moving the whole site
(a new ``base_url``) is not taken for a thousand moved articles.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import Diagnostic, Level
from ..core.layout import read_manifest
from ..core.model import Entity, EntityKind, PlacedArticle, Site
from ..core.names import make_slug, match_key
from ..core.urls import index_url
from .registries import REGISTRY_FILES

PUBLISHED_FILE = ".dvarchive-published.json"
_KINDS = tuple(REGISTRY_FILES)  # the kinds whose pages can be given old_slugs
_ARTICLE_FILE = re.compile(r"(\d{4})/(\d{2})/([^/]+)/index\.html")


@dataclass(frozen=True)
class Published:
    """What a build served: by address (relative to the site's root, "/2025/08/x/")."""

    articles: dict[str, tuple[str, str]]  # → (article file, headline); "" where unknown
    entities: dict[str, tuple[str, str]]  # → (kind, name)
    recorded: bool = True  # False: read off an output of an older dvarchive (addresses only)


def published_record(site: Site) -> bytes:
    """The record of what this site serves, to keep in its output folder."""
    root = len(site.config.root)
    articles = {placed.url[root:]: [placed.article.source, placed.article.title] for placed in _published(site)}
    sources = {placed.url: placed.article for placed in site.articles}
    for redirect in site.redirects:
        target = sources.get(redirect.new_url)
        if target is not None:
            articles[redirect.old_url[root:]] = [target.source, target.title]
    entities = {
        entity.ref.url[root:]: [kind.value, entity.ref.name] for kind in _KINDS for entity in site.entities[kind]
    }
    text = json.dumps({"articles": articles, "entities": entities}, ensure_ascii=False, sort_keys=True)
    # A file in the output is served like any other: no headline may read as markup in it.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").encode("utf-8")


def read_published(output_dir: Path) -> Published | None:
    """What the last build into ``output_dir`` served; None for a new folder.

    An output made before the record existed still has its manifest: its
    article pages are known by their addresses alone.
    """
    try:
        data = json.loads((output_dir / PUBLISHED_FILE).read_text("utf-8"))
        articles = {url: (str(source), str(title)) for url, (source, title) in data["articles"].items()}
        entities = {url: (str(kind), str(name)) for url, (kind, name) in data["entities"].items()}
        return Published(articles, entities)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass
    files = read_manifest(output_dir)
    if files is None:
        return None
    addresses = {"/" + path.removesuffix("index.html"): ("", "") for path in files if _ARTICLE_FILE.fullmatch(path)}
    return Published(addresses, {}, recorded=False)


def lost_addresses(site: Site, before: Published | None) -> list[Diagnostic]:
    """What the last build served that this one would not: errors for pages that
    moved (with the line that keeps the old addresses), notes for pages gone."""
    if before is None:
        return []
    root = len(site.config.root)
    served = {placed.url[root:] for placed in _published(site)} | {r.old_url[root:] for r in site.redirects}
    served |= {entity.ref.url[root:] for entities in site.entities.values() for entity in entities}
    shared = {group.url[root:] for group in site.namesakes}
    served |= shared
    moved: dict[str, tuple[PlacedArticle, list[str]]] = {}
    gone: dict[tuple[str, str], list[str]] = {}
    now = _ArticlesNow(_published(site))
    for address, (source, title) in sorted(before.articles.items()):
        if address in served:
            continue
        old = site.config.root + address
        placed = now.find(address, source, title)
        if placed is not None:
            moved.setdefault(placed.article.source, (placed, []))[1].append(old)
        else:
            gone.setdefault((source, title), []).append(old)
    found = [_moved_article(placed, olds, before.recorded) for placed, olds in moved.values()]
    found += [_gone_article(site, source, title, olds) for (source, title), olds in gone.items()]
    found += [
        _lost_entity(site, address, kind, name) if address not in served else _shared_now(site, address, kind, name)
        for address, (kind, name) in sorted(before.entities.items())
        if address not in served or address in shared
    ]
    return [diagnostic for diagnostic in found if diagnostic is not None]


def _published(site: Site) -> list[PlacedArticle]:
    return [placed for placed in site.articles if placed.published]


def _moved_article(placed: PlacedArticle, olds: list[str], recorded: bool) -> Diagnostic:
    article = placed.article
    aliases = ", ".join([*(alias.name for alias in article.aliases), *olds])
    message = (
        f"bài này đã đăng ở {', '.join(olds)} nhưng nay ở {placed.url}: để địa chỉ cũ vẫn dẫn tới bài, "
        f"ghi vào phần đầu: aliases: [{aliases}]"
    )
    if not recorded and any(make_slug(article.title) == old.rstrip("/").rsplit("/", 1)[-1] for old in olds):
        message += " (hoặc giữ cách đặt đường dẫn theo tiêu đề của bản trước 0.2: ghi article_slugs: title vào dvarchive.yaml)"
    return Diagnostic(article.source, article.title_line, message)


def _gone_article(site: Site, source: str, title: str, olds: list[str]) -> Diagnostic:
    addresses = ", ".join(olds)
    if source and (site.site_dir / source).is_file():
        message = f"bài đã đăng ở {addresses} nay không được đăng (bản nháp hoặc hẹn giờ): địa chỉ ấy sẽ không còn"
        return Diagnostic(source, None, message, Level.WARNING)
    named = f'bài "{title}" ({source})' if source else "bài"
    message = (
        f"{named} đã đăng ở {addresses} nay không còn: nếu bài bị xóa có chủ ý, không cần làm gì; "
        f"nếu bài được chuyển sang tệp khác, ghi vào phần đầu bài ấy: aliases: [{addresses}]"
    )
    return Diagnostic(source or "content/articles", None, message, Level.WARNING)


class _ArticlesNow:
    """The published articles, indexed once: an upgrade from the title rule may
    ask for thousands of lost addresses at once."""

    def __init__(self, published: list[PlacedArticle]) -> None:
        self.by_source = {placed.article.source: placed for placed in published}
        self.by_month: dict[tuple[int, int], list[PlacedArticle]] = {}
        for placed in published:
            self.by_month.setdefault(placed.article.year_month, []).append(placed)

    def find(self, address: str, source: str, title: str) -> PlacedArticle | None:
        """The article that used to be at ``address``: by its file, else (a renamed
        file) the one of that month with that headline, or whose headline makes that slug."""
        if source and source in self.by_source:
            return self.by_source[source]
        month = _ARTICLE_FILE.fullmatch(address.lstrip("/") + "index.html")
        if month is None:
            return None
        year, number, slug = month.groups()
        for placed in self.by_month.get((int(year), int(number)), ()):
            if placed.article.title == title or make_slug(placed.article.title) == slug:
                return placed
        return None


def _lost_entity(site: Site, address: str, kind_value: str, name: str) -> Diagnostic | None:
    """A registered person's or organisation's page that moved (a new name or
    slug) is an error; one no article names any more simply goes."""
    kind = EntityKind(kind_value)
    entity = _entity_named(site, kind, name)
    old = site.config.root + address
    prefix = index_url(site.config, kind)
    if entity is None or entity.entry is None or not old.startswith(prefix):
        return None
    old_slug = old[len(prefix) :].strip("/")
    slugs = ", ".join([*entity.entry.old_slugs, old_slug])
    return Diagnostic(
        entity.entry.place.path,
        entity.entry.place.line,
        f'trang của "{entity.ref.name}" đã đăng ở {old} nhưng nay ở {entity.ref.url}: để địa chỉ cũ vẫn dẫn tới trang, '
        f"ghi vào mục này: old_slugs: [{slugs}]",
    )


def _shared_now(site: Site, address: str, kind_value: str, name: str) -> Diagnostic | None:
    """A page whose address namesakes now share (it lists them): its entity moved to a
    slug that keeps its marks. Registered, that is an error, as any registered page
    that moves; named only in articles, a warning. Either way, ``slug:`` keeps the address."""
    kind = EntityKind(kind_value)
    entity = _entity_named(site, kind, name)
    old = site.config.root + address
    if entity is None or entity.ref.url == old:
        return None
    slug = old.rstrip("/").rsplit("/", 1)[-1]
    registry = REGISTRY_FILES[kind]
    moved = (
        f'trang của "{entity.ref.name}" đã đăng ở {old} nhưng nay ở {entity.ref.url}, vì có tên gần giống '
        f"cùng ra địa chỉ cũ (địa chỉ ấy nay liệt kê các tên gần giống)"
    )
    if entity.entry is not None:
        return Diagnostic(entity.entry.place.path, entity.entry.place.line, f"{moved}: để giữ địa chỉ cũ, ghi vào mục này: slug: {slug}")
    fix = f'để giữ địa chỉ cũ, ghi vào {registry}: "- name: {entity.ref.name}" và "  slug: {slug}"'
    return Diagnostic(registry, None, f"{moved}; {fix}", Level.WARNING)


def _entity_named(site: Site, kind: EntityKind, name: str) -> Entity | None:
    key = match_key(name)
    for entity in site.entities[kind]:
        spellings = entity.entry.spellings if entity.entry else (entity.ref.name,)
        if any(match_key(spelling) == key for spelling in spellings):
            return entity
    return None
