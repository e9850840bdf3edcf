"""Reading the registries: ``content/people.yaml``, ``content/organisations.yaml``
and ``content/authors.yaml``.

Part of the load stage (see :mod:`dvarchive.stages.load`): every problem is
reported with its line, none stops the reading.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path

from ..core.errors import Report
from ..core.frontmatter import LineDict, YamlProblem, load_yaml, read_source
from ..core.layout import AUTHORS_FILE, CONTENT_DIR, ORGANISATIONS_FILE, PEOPLE_FILE
from ..core.model import EntityKind, Photo, Place, RegistryEntry
from ..core.paths import OUTSIDE_LINK, PhotoFinder, check_photo_path, inside_site, locate_photo
from ..core.periods import NamePeriod, P, PartialDate, Role, parse_partial_date, period_doubts
from ..core.schema import BadValue, FieldReader, item_line, valid_slug

REGISTRY_FILES = {EntityKind.PERSON: PEOPLE_FILE, EntityKind.ORGANISATION: ORGANISATIONS_FILE, EntityKind.AUTHOR: AUTHORS_FILE}

_REGISTRY_KEYS = {
    EntityKind.PERSON: frozenset(
        {"name", "slug", "old_slugs", "aliases", "sort_as", "description", "photo", "roles"}
    ),
    EntityKind.ORGANISATION: frozenset(
        {"name", "slug", "old_slugs", "short", "aliases", "sort_as", "description", "photo", "parent", "url", "names"}
    ),
    EntityKind.AUTHOR: frozenset({"name", "slug", "old_slugs", "aliases", "sort_as", "description", "photo"}),
}
_ROLE_KEYS = frozenset({"title", "from", "to"})
_NAME_KEYS = frozenset({"name", "short", "from", "to"})


def load_registries(site_dir: Path, report: Report) -> tuple[RegistryEntry, ...]:
    entries: list[RegistryEntry] = []
    for kind, name in REGISTRY_FILES.items():
        path = site_dir / name
        if path.is_file() and not inside_site(site_dir, path):
            report.error(name, None, OUTSIDE_LINK)
        elif path.is_file():
            entries.extend(_load_registry(kind, name, path, site_dir / CONTENT_DIR, report))
    return tuple(entries)


def _load_registry(kind: EntityKind, source: str, path: Path, content_dir: Path, report: Report) -> list[RegistryEntry]:
    try:
        data = load_yaml(read_source(path))
    except YamlProblem as problem:
        report.error(source, problem.line, problem.message)
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        report.error(source, 1, "sổ đăng ký phải là một danh sách, mỗi mục bắt đầu bằng “- name: …”")
        return []
    entries = []
    for index, item in enumerate(data):
        line = item_line(data, index)
        if not isinstance(item, LineDict):
            report.error(source, line, "mỗi mục của sổ đăng ký là một bảng khóa có ít nhất name:")
            continue
        entry = _read_entry(kind, FieldReader(item, source, report, _REGISTRY_KEYS[kind]), line, content_dir)
        if entry is not None:
            entries.append(entry)
    return entries


def _read_entry(kind: EntityKind, fields: FieldReader, line: int | None, content_dir: Path) -> RegistryEntry | None:
    name = fields.name("name", required=True)
    slug = fields.text("slug")
    if slug is not None:
        valid_slug(fields, "slug", slug)
    written = fields.text("photo")
    photo = None
    if written and check_photo_path(written, fields.path, fields.report, fields.line("photo")):
        photo = locate_photo(Photo(written, written, alt=name, line=fields.line("photo")), fields.path, PhotoFinder(content_dir), fields.report)
    if name is None:
        return None
    return RegistryEntry(
        kind=kind,
        name=name,
        place=Place(fields.path, line),
        slug=slug,
        old_slugs=_read_old_slugs(fields),
        short=fields.name("short"),
        aliases=fields.text_list("aliases"),
        sort_as=fields.name("sort_as"),
        description=fields.text("description"),
        photo=photo,
        roles=_read_roles(fields) if kind is EntityKind.PERSON else (),
        parent=fields.name("parent"),
        url=_read_web_address(fields),
        names=_read_names(fields) if kind is EntityKind.ORGANISATION else (),
    )


def _read_old_slugs(fields: FieldReader) -> tuple[str, ...]:
    """Slugs the entry's page had before: each old address then leads to the page."""
    return tuple(slug for slug in fields.text_list("old_slugs") if valid_slug(fields, "old_slugs", slug))


def _read_web_address(fields: FieldReader) -> str | None:
    url = fields.text("url")
    if url is not None and not re.match(r"https?://[^\s/]+", url, re.IGNORECASE):
        fields.error("url", f'url "{url}" phải là một địa chỉ web bắt đầu bằng https:// hoặc http://')
        return None
    return url


def _read_roles(fields: FieldReader) -> tuple[Role, ...]:
    roles = []
    for role in fields.records("roles", _ROLE_KEYS, "{title, from, to}"):
        title = role.text("title", required=True)
        start, end = _partial_date(role, "from"), _partial_date(role, "to")
        if title:
            roles.append(Role(title, start, end, role.mapping.line))
    _report_doubts(fields, roles, lambda role: f'chức danh "{role.title}"')
    return tuple(roles)


def _read_names(fields: FieldReader) -> tuple[NamePeriod, ...]:
    """An organisation's names over time: each also names it in articles, like an alias."""
    names = []
    for period in fields.records("names", _NAME_KEYS, "{name, short, from, to}"):
        name, short = period.name("name", required=True), period.name("short")
        start, end = _partial_date(period, "from"), _partial_date(period, "to")
        if name:
            names.append(NamePeriod(name, short, start, end, period.mapping.line))
    _report_doubts(fields, names, lambda period: f'tên "{period.name}"')
    return tuple(names)


def _partial_date(fields: FieldReader, key: str) -> PartialDate | None:
    """A day, a month or a year: ``2025-10-01``, ``2025-10``, ``2025``."""
    value = fields.text(key)
    if value is None:
        return None
    try:
        return parse_partial_date(value)
    except BadValue as exc:
        fields.error(key, f'"{key}": {exc}; viết năm-tháng-ngày (2025-10-01), năm-tháng (2025-10) hoặc năm (2025)')
        return None


def _report_doubts(fields: FieldReader, periods: Sequence[P], describe: Callable[[P], str]) -> None:
    """Dates that look mistyped: warnings, since a gap or two positions at once may be true."""
    for line, message in period_doubts(periods, describe):
        fields.report.warning(fields.path, line, message)

