"""``check_site()``: the build's reading and resolving, plus an editor's lints.

Nothing is written. Beyond what the build rejects, it reports what
``dvarchive new`` left to fill (the placeholder body, an empty summary or
author), photos without a credit, photos the body shows that the header
does not list, people and organisations no registry knows (suggesting the
closest registered name), registered names that an article's text
mentions but its header does not, people the text names with a title that
neither the header nor a registry knows, and articles that tell a story an
earlier one told (:mod:`dvarchive.editors.duplicates`).

Nothing of the site is written; the stories compared are kept in the
site's cache folder for the next run (:mod:`dvarchive.editors.story_cache`).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..core.errors import Diagnostic, DvarchiveError, Level, Report
from ..core.model import Article, EntityKind, Mention, RegistryEntry, Sources
from ..core.names import NameFinder, make_slug, match_key
from ..core.parallel import default_jobs
from ..stages.images import find_unreadable, photo_store, unreadable_photo_diagnostics
from ..stages.load import load_sources, read_templates, scan_articles
from ..stages.published import lost_addresses, read_published
from ..stages.redirects import old_address_problems, resolved_pages
from ..stages.registries import REGISTRY_FILES
from ..stages.render import make_environment
from ..stages.resolve import KIND_WORDS, Mistypes, resolve_site
from .check_names import namesake_notes, titles_against_roles
from .duplicates import check_duplicates
from .proposals import TitledName, propose_unregistered_people, titled_people
from .scaffold import PLACEHOLDER_BODY
from .story_cache import site_stories
from .titles import title_of


def check_site(site_dir: Path) -> list[Diagnostic]:
    """Every problem and suggestion for the site, drafts and scheduled articles included, in file order."""
    # Scanned before they are read: a file changed meanwhile is not kept under its older stamp.
    stamps = {file.source: file.stamp for file in scan_articles(site_dir, Report())}
    sources = load_sources(site_dir, include_drafts=True, include_future=True)
    try:
        site, report = resolve_site(sources)
        found = list(report.diagnostics)
        found += old_address_problems(site, resolved_pages(site))
        found += lost_addresses(site, read_published(site_dir / sources.config.output))
        found += namesake_notes(site)
    except DvarchiveError as exc:
        found = list(exc.diagnostics)
    found += check_templates(site_dir)
    found += check_photo_files(sources)
    kept = site_stories(sources, stamps)
    found += lint_sources(sources, {source: k.people or () for source, k in kept.items()})
    found += check_duplicates(sources, [k.story for k in kept.values()])
    return sorted(set(found), key=lambda d: (d.path, d.line or 0, d.level != Level.ERROR, d.message))


def check_templates(site_dir: Path) -> list[Diagnostic]:
    env = make_environment(read_templates(site_dir))
    problems = []
    for name in env.list_templates(extensions=["html", "xml"]):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Diagnostic(f"templates/{name}", exc.lineno, f"lỗi mẫu trang: {exc.message}"))
    return problems


def check_photo_files(sources: Sources) -> list[Diagnostic]:
    """Photos that Pillow cannot read, at the lines that name them, as the build reports them."""
    local = {photo.src for a in sources.articles for photo in (*a.photos, *a.body_photos) if not photo.is_remote}
    local |= {entry.photo.src for entry in sources.registry if entry.photo and not entry.photo.is_remote}
    site_dir = sources.site_dir
    unreadable = find_unreadable(site_dir, photo_store(site_dir, sources.config), sorted(local), default_jobs())
    return unreadable_photo_diagnostics(sources.articles, sources.registry, unreadable)


def lint_sources(sources: Sources, titled: Mapping[str, tuple[TitledName, ...]] | None = None) -> Iterator[Diagnostic]:
    """The editor's lints; ``titled``: the people each article's text gives a title
    (:func:`~dvarchive.editors.proposals.titled_people`), made here when not given."""
    registered = _registered_names(sources.registry)
    mistypes = Mistypes(sources.registry)
    subjects = [entry for entry in sources.registry if entry.kind in (EntityKind.PERSON, EntityKind.ORGANISATION)]
    finder: NameFinder[RegistryEntry] = NameFinder((spelling, entry) for entry in subjects for spelling in entry.spellings)
    careers = {match_key(spelling): entry for entry in subjects if entry.roles for spelling in entry.spellings}
    for article in sources.articles:
        yield from _left_to_fill(article)
        yield from _photos_without_credit(article)
        yield from _unlisted_body_photos(article)
        yield from _unregistered_names(article, registered, mistypes)
        yield from _names_missing_from_header(article, finder)
        yield from titles_against_roles(article, careers)
    if titled is None:
        titled = {article.source: titled_people(article) for article in sources.articles}
    yield from propose_unregistered_people(sources.articles, registered[EntityKind.PERSON].keys, titled)


_EMPTY_KEYS = {
    "summary": "summary để trống: viết đoạn mở đầu (sapo) của bài, hoặc xóa dòng này để dùng đoạn đầu thân bài",
    "author": "author để trống: ghi tên tác giả, hoặc xóa dòng này nếu bài không ký tên",
}


def _left_to_fill(article: Article) -> Iterator[Diagnostic]:
    """What ``dvarchive new`` writes for the editor to fill: empty keys and a placeholder body."""
    for key, line in article.blank_keys:
        if key in _EMPTY_KEYS:
            yield Diagnostic(article.source, line, _EMPTY_KEYS[key], Level.WARNING)
    for offset, text in enumerate(article.body.split("\n")):
        if text.strip() == PLACEHOLDER_BODY.strip():
            yield Diagnostic(
                article.source,
                article.body_line + offset,
                f'thân bài còn câu mẫu "{text.strip()}" của dvarchive new: viết nội dung bài thay cho nó',
                Level.WARNING,
            )


def _photos_without_credit(article: Article) -> Iterator[Diagnostic]:
    for photo in article.photos:
        if not photo.credit:
            yield Diagnostic(
                article.source,
                photo.line,
                f'ảnh "{photo.written}" chưa ghi nguồn: thêm credit: (tác giả/cơ quan, ví dụ "Minh Hưng/TTXVN")',
                Level.WARNING,
            )


def _unlisted_body_photos(article: Article) -> Iterator[Diagnostic]:
    listed = {photo.src for photo in article.photos}
    for photo in article.body_photos:
        if photo.src in listed:
            continue
        yield Diagnostic(
            article.source,
            photo.line,
            f'ảnh "{photo.written}" có trong bài nhưng không có trong photos: '
            "thêm vào phần đầu để có chú thích và nguồn ảnh",
            Level.WARNING,
        )


@dataclass(frozen=True)
class _Registered:
    """The registered names of one kind: every spelling's key, and each name folded."""

    keys: frozenset[str]
    folded: dict[str, str]  # slug or matching key of a name → the name

    @classmethod
    def of(cls, entries: list[RegistryEntry]) -> _Registered:
        keys = frozenset(match_key(s) for entry in entries for s in entry.spellings)
        folded = {make_slug(entry.name): entry.name for entry in entries}
        folded.update({match_key(entry.name): entry.name for entry in entries})
        return cls(keys, folded)

    def closest(self, name: str) -> str | None:
        """The registered name that differs by a few letters or marks only."""
        for key in (make_slug(name), match_key(name)):
            close = difflib.get_close_matches(key, list(self.folded), n=1, cutoff=0.85)
            if close:
                return self.folded[close[0]]
        return None


def _registered_names(registry: tuple[RegistryEntry, ...]) -> dict[EntityKind, _Registered]:
    return {kind: _Registered.of([e for e in registry if e.kind is kind]) for kind in (EntityKind.PERSON, EntityKind.ORGANISATION)}


def _unregistered_names(
    article: Article, registered: dict[EntityKind, _Registered], mistypes: Mistypes
) -> Iterator[Diagnostic]:
    mentions: list[tuple[EntityKind, Mention]] = [(EntityKind.PERSON, m) for m in article.people]
    mentions += [(EntityKind.ORGANISATION, m) for m in article.organisations]
    for kind, mention in mentions:
        known = registered[kind]
        if match_key(mention.name) in known.keys or mistypes.of(kind, mention.name):
            continue  # registered, or a registered name mistyped: an error the build reports
        message = f'{KIND_WORDS[kind]} "{mention.name}" không có trong {REGISTRY_FILES[kind]}'
        closest = known.closest(mention.name)
        if closest:
            message += f': có phải "{closest}"?'
        yield Diagnostic(article.source, mention.line, message, Level.WARNING)


def _names_missing_from_header(article: Article, finder: NameFinder[RegistryEntry]) -> Iterator[Diagnostic]:
    listed = {match_key(m.name) for m in (*article.people, *article.organisations)}
    if article.agency:
        listed.add(match_key(article.agency.name))
    reported: set[int] = set()
    for found in finder.find(article.body):
        entry = found.value
        if id(entry) in reported or any(match_key(s) in listed for s in entry.spellings):
            continue
        reported.add(id(entry))
        key = "people" if entry.kind is EntityKind.PERSON else "organisations"
        title = title_of(article.body, found.start, found.start + len(found.text)) if key == "people" else None
        yield Diagnostic(
            article.source,
            article.body_line + article.body.count("\n", 0, found.start),
            f'bài nhắc đến "{found.text}" ({entry.name}) nhưng phần đầu không ghi: thêm vào {key}'
            + (f', với title: "{title}"?' if title else "?"),
            Level.SUGGESTION,
        )
