"""Reading a site folder: articles and registries, every problem collected.

Nothing here knows about other articles: :func:`parse_article` is a function
of one file's text, so later stages may run it in parallel or cache it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from datetime import timezone
from pathlib import Path, PurePosixPath

from .config import SiteConfig, load_config
from .errors import Report
from .frontmatter import LineDict, SplitSource, YamlProblem, load_yaml, read_source, split_header
from .markdown import first_paragraph_text, image_sources
from .model import Article, Correction, EntityKind, Mention, Photo, Place, RegistryEntry, Role, Sources
from .names import clean_name, make_slug
from .schema import FieldReader, item_line

CONTENT_DIR = "content"
ARTICLES_DIR = "content/articles"
REGISTRY_FILES = {
    EntityKind.PERSON: "content/people.yaml",
    EntityKind.ORGANISATION: "content/organisations.yaml",
}

_HEADER_KEYS = frozenset(
    {
        "title", "date", "updated", "section", "summary", "agency", "author", "location",
        "photos", "people", "organisations", "tags", "related", "slug", "draft", "corrections",
    }
)
_PHOTO_KEYS = frozenset({"src", "caption", "credit", "alt"})
_PERSON_KEYS = frozenset({"name", "title"})
_CORRECTION_KEYS = frozenset({"date", "note"})
_REGISTRY_KEYS = {
    EntityKind.PERSON: frozenset(
        {"name", "slug", "aliases", "sort_as", "description", "photo", "roles"}
    ),
    EntityKind.ORGANISATION: frozenset(
        {"name", "slug", "short", "aliases", "sort_as", "description", "photo", "parent", "url"}
    ),
}
_ROLE_KEYS = frozenset({"title", "from", "to"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_sources(site_dir: Path, include_drafts: bool = False) -> Sources:
    """Read the config, every article and the registries.

    Problems in content do not stop the reading: they are in the result's
    diagnostics, so that resolving can find more and all are reported at once.
    """
    config = load_config(site_dir)
    report = Report()
    articles = []
    for path in find_article_files(site_dir):
        article = parse_article_file(site_dir, path, config, report)
        if article is not None and (include_drafts or not article.draft):
            articles.append(article)
    registry = load_registries(site_dir, report)
    return Sources(config, site_dir, tuple(articles), registry, tuple(report.diagnostics))


def find_article_files(site_dir: Path) -> list[Path]:
    root = site_dir / ARTICLES_DIR
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*.md") if path.is_file())


def parse_article_file(site_dir: Path, path: Path, config: SiteConfig, report: Report) -> Article | None:
    source = path.relative_to(site_dir).as_posix()
    try:
        text = read_source(path)
    except YamlProblem as problem:
        report.error(source, problem.line, problem.message)
        return None
    return parse_article(source, text, config, site_dir / CONTENT_DIR, report)


def parse_article(
    source: str, text: str, config: SiteConfig, content_dir: Path, report: Report
) -> Article | None:
    """Read one article's text; problems go to ``report`` with their lines."""
    try:
        parts = split_header(text)
        header = load_yaml(parts.header, first_line=2)
    except YamlProblem as problem:
        report.error(source, problem.line, problem.message)
        return None
    if not isinstance(header, LineDict):
        report.error(source, 2, "phần đầu phải là các dòng khóa: giá trị (title:, date:, …)")
        return None
    errors_before = len(report.diagnostics)
    article = _read_header(FieldReader(header, source, report, _HEADER_KEYS), parts, config, content_dir)
    if any(d.is_error for d in report.diagnostics[errors_before:]):
        return None
    return article


def _read_header(fields: FieldReader, parts: SplitSource, config: SiteConfig, content_dir: Path) -> Article | None:
    title = fields.text("title", required=True)
    date = fields.moment("date", config.zone, required=True)
    photos = _mark_body_photos(_read_photos(fields, content_dir), parts.body, parts.body_line)
    body_photos = _read_body_photos(fields, parts.body, parts.body_line, photos, content_dir)
    summary = fields.text("summary")
    if title is None or date is None:
        return None
    return Article(
        source=fields.path,
        title=title,
        date=date,
        slug=_read_slug(fields, title),
        body=parts.body,
        body_line=parts.body_line,
        lede=summary or first_paragraph_text(parts.body),
        updated=fields.moment("updated", config.zone),
        section=_mention(fields, "section"),
        summary=summary,
        agency=_mention(fields, "agency"),
        authors=_mentions(fields, "author"),
        location=fields.text("location"),
        photos=photos,
        body_photos=body_photos,
        people=_read_people(fields),
        organisations=_mentions(fields, "organisations"),
        tags=_mentions(fields, "tags"),
        related=_mentions(fields, "related"),
        corrections=_read_corrections(fields, config),
        draft=fields.boolean("draft", False),
        title_line=fields.line("title"),
    )


def _mention(fields: FieldReader, key: str) -> Mention | None:
    name = fields.name(key)
    return Mention(name, fields.line(key)) if name else None


def _mentions(fields: FieldReader, key: str) -> tuple[Mention, ...]:
    names = fields.text_list(key)
    value = fields.mapping.get(key)
    if isinstance(value, list):
        return tuple(Mention(name, item_line(value, i)) for i, name in enumerate(names))
    return tuple(Mention(name, fields.line(key)) for name in names)


def _read_slug(fields: FieldReader, title: str) -> str:
    slug = fields.text("slug")
    if slug is not None:
        if not _SLUG.fullmatch(slug):
            fields.error("slug", f'slug "{slug}" chỉ được có chữ thường không dấu, số và dấu gạch nối')
        return slug
    made = make_slug(title)
    if not made:
        fields.error("title", "tiêu đề không có chữ nào để tạo đường dẫn: thêm khóa slug:")
    return made


def _read_people(fields: FieldReader) -> tuple[Mention, ...]:
    people = []
    for item, line in fields.items("people"):
        if isinstance(item, str) and item.strip():
            people.append(Mention(clean_name(item), line))
        elif isinstance(item, LineDict):
            person = FieldReader(item, fields.path, fields.report, _PERSON_KEYS)
            name = person.name("name", required=True)
            if name:
                people.append(Mention(name, line, person.text("title")))
        else:
            fields.report.error(fields.path, line, 'mỗi người trong "people" là một tên hoặc {name, title}')
    return tuple(people)


def _read_corrections(fields: FieldReader, config: SiteConfig) -> tuple[Correction, ...]:
    corrections = []
    for item, line in fields.items("corrections"):
        if not isinstance(item, LineDict):
            fields.report.error(fields.path, line, 'mỗi đính chính trong "corrections" là {date, note}')
            continue
        entry = FieldReader(item, fields.path, fields.report, _CORRECTION_KEYS)
        when = entry.moment("date", config.zone, required=True)
        note = entry.text("note", required=True)
        if when and note:
            corrections.append(Correction(when, note))
    return tuple(corrections)


def _read_photos(fields: FieldReader, content_dir: Path) -> tuple[Photo, ...]:
    photos = []
    for item, line in fields.items("photos"):
        if isinstance(item, str):
            item = LineDict(src=item)
            item.lines, item.line = {}, line or 0
        if not isinstance(item, LineDict):
            fields.report.error(fields.path, line, 'mỗi ảnh trong "photos" là {src, caption, credit, alt}')
            continue
        entry = FieldReader(item, fields.path, fields.report, _PHOTO_KEYS)
        written = entry.text("src", required=True)
        src = written and locate_photo(written, fields.path, content_dir, fields.report, line)
        if written and src:
            photos.append(
                Photo(src, written, entry.text("caption"), entry.text("credit"), entry.text("alt"), line)
            )
    return tuple(photos)


def _mark_body_photos(photos: tuple[Photo, ...], body: str, body_line: int) -> tuple[Photo, ...]:
    shown = {written for written, _ in image_sources(body, body_line)}
    return tuple(replace(p, in_body=p.written in shown or p.src in shown) for p in photos)


def _read_body_photos(
    fields: FieldReader, body: str, body_line: int, photos: tuple[Photo, ...], content_dir: Path
) -> tuple[Photo, ...]:
    """Images the body shows that the header does not list (no caption, no credit)."""
    listed = {photo.written for photo in photos} | {photo.src for photo in photos}
    found = []
    for written, line in image_sources(body, body_line):
        if written in listed or written.startswith(("http://", "https://")):
            continue
        src = locate_photo(written, fields.path, content_dir, fields.report, line)
        if src and src not in listed:
            found.append(Photo(src, written, line=line))
            listed.add(written)
    return tuple(found)


def locate_photo(written: str, source: str, content_dir: Path, report: Report, line: int | None) -> str | None:
    """The content-relative path of a photo; relative to ``source`` or to content/.

    A path that leaves content/ is an error; a photo missing on disk is a
    warning (the article is still published, without it).
    """
    if written.startswith(("http://", "https://")):
        return written
    if written.startswith("/") or "\\" in written or re.match(r"^[a-zA-Z]:", written):
        report.error(source, line, f'ảnh "{written}": dùng đường dẫn tương đối trong content/')
        return None
    source_dir = posixpath.dirname(PurePosixPath(source).relative_to(CONTENT_DIR).as_posix())
    candidates = [posixpath.normpath(posixpath.join(source_dir, written)), posixpath.normpath(written)]
    for candidate in candidates:
        if candidate.startswith("../") or candidate == "..":
            continue
        path = content_dir / candidate
        if path.is_file():
            if not _inside(path, content_dir):
                report.error(source, line, f'ảnh "{written}" dẫn ra ngoài thư mục content/')
                return None
            return candidate
    if all(c.startswith("..") for c in candidates):
        report.error(source, line, f'ảnh "{written}" nằm ngoài thư mục content/')
        return None
    report.warning(source, line, f'không thấy tệp ảnh "{written}": ảnh bị bỏ qua')
    return None


def _inside(path: Path, folder: Path) -> bool:
    return path.resolve().is_relative_to(folder.resolve())


def load_registries(site_dir: Path, report: Report) -> tuple[RegistryEntry, ...]:
    entries: list[RegistryEntry] = []
    for kind, name in REGISTRY_FILES.items():
        path = site_dir / name
        if path.is_file():
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
    if slug is not None and not _SLUG.fullmatch(slug):
        fields.error("slug", f'slug "{slug}" chỉ được có chữ thường không dấu, số và dấu gạch nối')
    photo_src = fields.text("photo")
    photo = None
    if photo_src:
        located = locate_photo(photo_src, fields.path, content_dir, fields.report, fields.line("photo"))
        photo = Photo(located, photo_src, alt=name) if located else None
    if name is None:
        return None
    return RegistryEntry(
        kind=kind,
        name=name,
        place=Place(fields.path, line),
        slug=slug,
        short=fields.name("short"),
        aliases=fields.text_list("aliases"),
        sort_as=fields.name("sort_as"),
        description=fields.text("description"),
        photo=photo,
        roles=_read_roles(fields),
        parent=fields.name("parent"),
        url=fields.text("url"),
    )


def _read_roles(fields: FieldReader) -> tuple[Role, ...]:
    roles = []
    for item, line in fields.items("roles"):
        if not isinstance(item, LineDict):
            fields.report.error(fields.path, line, "mỗi chức vụ trong roles là {title, from, to}")
            continue
        role = FieldReader(item, fields.path, fields.report, _ROLE_KEYS)
        title = role.text("title", required=True)
        start, end = role.moment("from", timezone.utc), role.moment("to", timezone.utc)
        if title:
            roles.append(Role(title, start.at.date() if start else None, end.at.date() if end else None))
    return tuple(roles)

