"""Reading a site folder: articles and registries, every problem collected.

Nothing here knows about other articles: :func:`parse_article` is a function
of one file's text, so later stages may run it in parallel or cache it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from .cache import BuildCache, code_fingerprint, load_value
from .config import SiteConfig, load_config
from .errors import ContentError, Diagnostic, Report
from .frontmatter import LineDict, SplitSource, YamlProblem, load_yaml, read_source, split_header
from .inventory import UNREADABLE, file_stamps
from .layout import ARTICLES_DIR, CONTENT_DIR
from .markdown import MOST_ARTICLE_BYTES, body_problem, first_paragraph_text, image_sources, is_safe_link
from .model import Article, Correction, EntityKind, Mention, Photo, Place, RegistryEntry, Role, Sources
from .names import clean_name, make_slug
from .parallel import iter_parallel
from .schema import FieldReader, item_line

REGISTRY_FILES = {
    EntityKind.PERSON: "content/people.yaml",
    EntityKind.ORGANISATION: "content/organisations.yaml",
}

_HEADER_KEYS = frozenset(
    {
        "title", "date", "updated", "section", "summary", "agency", "author", "location",
        "photos", "people", "organisations", "tags", "related", "slug", "aliases", "draft", "corrections",
    }
)
_PHOTO_KEYS = frozenset({"src", "caption", "credit", "alt"})
_PERSON_KEYS = frozenset({"name", "title"})
_CORRECTION_KEYS = frozenset({"date", "note"})
_REGISTRY_KEYS = {
    EntityKind.PERSON: frozenset(
        {"name", "slug", "old_slugs", "aliases", "sort_as", "description", "photo", "roles"}
    ),
    EntityKind.ORGANISATION: frozenset(
        {"name", "slug", "old_slugs", "short", "aliases", "sort_as", "description", "photo", "parent", "url"}
    ),
}
_ROLE_KEYS = frozenset({"title", "from", "to"})
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def load_sources(
    site_dir: Path,
    include_drafts: bool = False,
    cache: BuildCache | None = None,
    jobs: int = 1,
    keep_bodies: bool = True,
    include_future: bool = False,
    now: datetime | None = None,
) -> Sources:
    """Read the config, every article and the registries.

    Problems in content do not stop the reading: they are in the result's
    diagnostics, so that resolving can find more and all are reported at once.
    Articles whose files did not change since the last build come from the
    cache; the others are parsed here, on ``jobs`` processes. Without
    ``keep_bodies`` the articles come without their bodies, which are most
    of their size: a build reads each one again when it needs it
    (:func:`read_body`).

    Drafts are left out unless ``include_drafts``, and articles dated after
    ``now`` (the build's clock; the real one by default) unless
    ``include_future``. That is decided here, not in the cached parse: the
    same file is scheduled at one build and published at the next.
    """
    config = load_config(site_dir)
    cache = cache or BuildCache.disabled()
    clock = now or datetime.now(timezone.utc)
    report = Report()
    files = scan_articles(site_dir, report)
    parsed = _parse_all(site_dir, config, files, cache, jobs, keep_bodies)
    finder = PhotoFinder(site_dir / CONTENT_DIR)
    articles, future = [], []
    for item in parsed:
        report.extend(item.diagnostics)
        if item.article is None or (item.article.draft and not include_drafts):
            continue
        if item.article.date.at > clock:
            future.append(item.article)
        if include_future or item.article.date.at <= clock:
            articles.append(place_photos(item.article, finder, report))
    registry = load_registries(site_dir, report)
    scheduled = tuple(sorted(article.date.at for article in future if not article.draft))
    upcoming = min((article.date.at for article in future), default=None)
    return Sources(config, site_dir, tuple(articles), registry, tuple(report.diagnostics), clock, scheduled, upcoming)


@dataclass(frozen=True)
class ArticleFile:
    source: str  # relative to the site, "/" separators
    stamp: str  # changes when the file does: size and modification time


@dataclass(frozen=True)
class ParsedArticle:
    source: str
    article: Article | None
    diagnostics: tuple[Diagnostic, ...]


def scan_articles(site_dir: Path, report: Report) -> list[ArticleFile]:
    """Every ``content/articles/**.md`` (``.MD`` too) with its stamp, in path order.

    What would drop out of the site unseen is reported: a folder that cannot
    be read, and a name that is not UTF-8 (no header could name it, and no
    message could print it as it is).
    """
    stamps = file_stamps(site_dir, site_dir / ARTICLES_DIR)
    files = []
    undecodable: set[str] = set()
    for source, stamp in sorted(stamps.items()):
        if stamp.startswith(UNREADABLE):
            report.error(_printable(source.rstrip("/")), None, f"không đọc được thư mục ({stamp[1:]}): {_UNREADABLE_FOLDER}")
        elif not _is_utf8(source):
            undecodable.add(_first_undecodable(source))
        elif source[-3:].lower() == ".md":
            files.append(ArticleFile(source, stamp))
    for name in sorted(undecodable):
        report.error(_printable(name), None, _UNDECODABLE_NAME)
    return files


_UNREADABLE_FOLDER = (
    "các bài trong đó không được dựng; cho phép đọc thư mục (chmod a+rx) hoặc chuyển các bài ra khỏi nó"
)
_UNDECODABLE_NAME = (
    "tên này không viết bằng UTF-8 (có lẽ chép từ máy dùng bảng mã cũ): đổi tên, gõ lại bằng chữ Unicode; "
    "tệp chưa được đọc"
)


def _is_utf8(name: str) -> bool:
    # A name that is not UTF-8 comes from os.scandir with its bad bytes as lone surrogates.
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _first_undecodable(source: str) -> str:
    """The path up to its first name that is not UTF-8: a folder's is reported once, not per file."""
    parts = source.split("/")
    bad = next(index for index, part in enumerate(parts) if not _is_utf8(part))
    return "/".join(parts[: bad + 1])


def _printable(name: str) -> str:
    """The name with each byte that is not UTF-8 shown as \\xNN."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def _parse_all(
    site_dir: Path, config: SiteConfig, files: list[ArticleFile], cache: BuildCache, jobs: int, keep_bodies: bool
) -> list[ParsedArticle]:
    # Of the config, a parse reads only the timezone (of dates written without
    # one) and where slugs come from.
    salt = f"{code_fingerprint()}:{config.timezone}:{config.article_slugs}:bodies={keep_bodies}"
    remembered = cache.parsed(salt)
    results: dict[str, ParsedArticle] = {}
    for file in files:
        stamp, value = remembered.get(file.source, (None, None))
        item = load_value(value) if stamp == file.stamp else None
        if isinstance(item, ParsedArticle):
            results[file.source] = item
    todo = [file for file in files if file.source not in results]

    # Parses come as pickles, which the cache keeps as they are; this process
    # unpickles them as they come (a fifth of the cost of parsing).
    inside = InsideCheck(site_dir)

    def parse(file: ArticleFile) -> bytes:
        return pickle.dumps(parse_article_file(site_dir, config, file.source, keep_bodies, inside), 5)

    def received() -> Iterator[tuple[str, str, bytes]]:
        # The results first: zip then runs them out, and the helpers end with them.
        for data, file in zip(iter_parallel(parse, todo, jobs), todo):
            results[file.source] = pickle.loads(data)  # noqa: S301 - made just now
            yield file.source, file.stamp, data

    cache.store_parsed(salt, received(), {f.source for f in files})
    return [results[file.source] for file in files]


def parse_article_file(
    site_dir: Path, config: SiteConfig, source: str, keep_body: bool = True, inside: InsideCheck | None = None
) -> ParsedArticle:
    report = Report()
    if not (inside or InsideCheck(site_dir))(site_dir / source):
        report.error(source, None, OUTSIDE_LINK)
        return ParsedArticle(source, None, tuple(report.diagnostics))
    try:
        size = (site_dir / source).stat().st_size
        if size > MOST_ARTICLE_BYTES:  # refused unread: reading and parsing it could take minutes
            megabytes = f"{size / 1e6:.1f}".replace(".", ",")
            report.error(source, None, f"tệp bài quá lớn ({megabytes} MB, tối đa {MOST_ARTICLE_BYTES // 1_000_000} MB): chia thành nhiều bài")
            return ParsedArticle(source, None, tuple(report.diagnostics))
        text = read_source(site_dir / source)
    except YamlProblem as problem:
        report.error(source, problem.line, problem.message)
        return ParsedArticle(source, None, tuple(report.diagnostics))
    except OSError as exc:  # a link to nothing, a file without read permission, one deleted meanwhile
        report.error(source, None, f"không đọc được tệp ({exc.strerror}): kiểm tra tệp còn đó và được phép đọc")
        return ParsedArticle(source, None, tuple(report.diagnostics))
    article = parse_article(source, text, config, report, keep_body)
    return ParsedArticle(source, article, tuple(report.diagnostics))


def parse_article(source: str, text: str, config: SiteConfig, report: Report, keep_body: bool = True) -> Article | None:
    """Read one article's text; problems go to ``report`` with their lines.

    A function of the text and the config's timezone alone: it does not look
    at the disk, so its result can be cached by the file's stamp (photos are
    found later).
    Without ``keep_body`` the article comes without its body (see :func:`read_body`).
    """
    try:
        parts = split_header(text)
        header = load_yaml(parts.header, first_line=2)
    except YamlProblem as problem:
        report.error(source, problem.line, problem.message)
        return None
    if not isinstance(header, LineDict):
        report.error(source, 2, "phần đầu phải là các dòng khóa: giá trị (title:, date:, …)")
        return None
    too_costly = body_problem(parts.body)
    if too_costly is not None:
        line, message = too_costly
        report.error(source, parts.body_line + line, message)
        return None
    errors_before = len(report.diagnostics)
    fields = FieldReader(header, source, report, _HEADER_KEYS)
    article = _read_header(fields, parts, config, _digest(source, text), keep_body)
    if article is None or any(d.is_error for d in report.diagnostics[errors_before:]):
        return None
    return article


def _digest(source: str, text: str) -> str:
    return hashlib.blake2b(f"{source}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def read_body(site_dir: Path, article: Article) -> str:
    """The article's body: its own, or read again from its file when a build left it out.

    The file must still hold the text the article was parsed from: a page
    whose body is newer than its header (an editor saving during a build)
    would be a page of neither version.
    """
    if article.body or not article.digest:
        return article.body
    try:
        text = read_source(site_dir / article.source)
    except (OSError, YamlProblem):
        text = None
    if text is None or _digest(article.source, text) != article.digest:
        raise ContentError([Diagnostic(article.source, None, "tệp đã thay đổi trong khi đang dựng: hãy dựng lại")])
    return split_header(text).body


def _read_header(fields: FieldReader, parts: SplitSource, config: SiteConfig, digest: str, keep_body: bool) -> Article | None:
    """Every field is read, so that all of a file's problems are reported at once."""
    title = fields.text("title", required=True)
    summary = fields.text("summary")
    values = {
        "date": fields.moment("date", config.zone, required=True),
        "slug": _read_slug(fields, title, config.article_slugs),
        "aliases": _mentions(fields, "aliases"),
        "updated": fields.moment("updated", config.zone),
        "section": _mention(fields, "section"),
        "agency": _mention(fields, "agency"),
        "authors": _names(fields, _mentions(fields, "author"), "author"),
        "location": fields.text("location"),
        "photos": _read_photos(fields),
        "body_photos": _read_body_images(fields, parts.body, parts.body_line),
        "people": _names(fields, _read_people(fields), "people"),
        "organisations": _names(fields, _mentions(fields, "organisations"), "organisations"),
        "tags": _mentions(fields, "tags"),
        "related": _mentions(fields, "related"),
        "corrections": _read_corrections(fields, config),
        "draft": fields.boolean("draft", False),
        "blank_keys": _blank_keys(fields),
    }
    if title is None or values["date"] is None:
        return None
    return Article(
        source=fields.path,
        title=title,
        body=parts.body if keep_body else "",
        body_line=parts.body_line,
        lede=summary or first_paragraph_text(parts.body),
        summary=summary,
        title_line=fields.line("title"),
        digest=digest,
        **values,  # type: ignore[arg-type]
    )


def _blank_keys(fields: FieldReader) -> tuple[tuple[str, int | None], ...]:
    """Keys written without a value (``summary:``): what ``check`` tells an editor is left to fill."""
    return tuple(
        (key, fields.line(key))
        for key, value in fields.mapping.items()
        if value is None or (isinstance(value, str) and not value.strip())
    )


def _mention(fields: FieldReader, key: str) -> Mention | None:
    name = fields.name(key)
    return Mention(name, fields.line(key)) if name else None


def _mentions(fields: FieldReader, key: str) -> tuple[Mention, ...]:
    return tuple(Mention(name, line) for name, line in fields.text_items(key))


def _names(fields: FieldReader, mentions: tuple[Mention, ...], key: str) -> tuple[Mention, ...]:
    """People and organisations are named with letters: "5" is a mistake, not a name."""
    for mention in mentions:
        if not any(ch.isalpha() for ch in mention.name):
            fields.report.error(fields.path, mention.line, f'"{key}": "{mention.name}" không phải là một tên')
    return tuple(m for m in mentions if any(ch.isalpha() for ch in m.name))


def _read_slug(fields: FieldReader, title: str | None, made_from: str) -> str:
    """The ``slug:`` as written, else one made from the file's name (or, on
    sites that keep the rule of old, from the title): editing a headline
    must not move a published article."""
    slug = fields.text("slug")
    if slug is not None:
        _valid_slug(fields, "slug", slug)
        return slug
    if made_from == "title":
        if title is None:
            return ""
        made = make_slug(title)
        if not made:
            fields.error("title", "tiêu đề không có chữ nào để tạo đường dẫn: thêm khóa slug:")
        return made
    made = file_slug(fields.path)
    if not made:
        fields.report.error(fields.path, None, "tên tệp không có chữ nào để tạo đường dẫn: đổi tên tệp hoặc thêm khóa slug:")
    return made


def file_slug(source: str) -> str:
    """The slug an article file's name gives: ``2026/01/hoi-nghi.md`` → ``hoi-nghi``;
    an ``index.md`` is named by its folder, as Hugo names a page bundle."""
    folder, name = posixpath.split(source)
    stem = posixpath.splitext(name)[0]
    if stem in ("index", "_index"):
        stem = posixpath.basename(folder)
    return make_slug(stem)


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
    for entry in fields.records("corrections", _CORRECTION_KEYS, "{date, note}"):
        when = entry.moment("date", config.zone, required=True)
        note = entry.text("note", required=True)
        if when and note:
            corrections.append(Correction(when, note))
    return tuple(corrections)


def _read_photos(fields: FieldReader) -> tuple[Photo, ...]:
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
        if written and _check_photo_path(written, fields.path, fields.report, line):
            photos.append(
                Photo(written, written, entry.text("caption"), entry.text("credit"), entry.text("alt"), line)
            )
    return tuple(photos)


def _read_body_images(fields: FieldReader, body: str, body_line: int) -> tuple[Photo, ...]:
    images = []
    for written, line in image_sources(body, body_line):
        if _check_photo_path(written, fields.path, fields.report, line):
            images.append(Photo(written, written, line=line))
    return tuple(images)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


def is_other_scheme(written: str) -> bool:
    """An address with a scheme other than http(s): ``data:``, ``javascript:`` (``C:`` is a drive)."""
    return bool(_SCHEME.match(written)) and not written.startswith(("http://", "https://"))


def _check_photo_path(written: str, source: str, report: Report, line: int | None) -> bool:
    """A photo path must stay inside content/; said without looking at the disk."""
    if written.startswith(("http://", "https://")):
        return True
    if is_other_scheme(written) or not is_safe_link(written):
        # data:, javascript: (however encoded): never published, so said where it is written.
        problem = f'ảnh "{written}" không phải tệp trong content/ cũng không phải địa chỉ http(s)://'
        report.error(source, line, f"{problem}: {_FIX_ADDRESS}")
        return False
    if written.startswith("/") or "\\" in written or re.match(r"^[a-zA-Z]:", written):
        report.error(source, line, f'ảnh "{written}": dùng đường dẫn tương đối trong content/')
        return False
    if all(c.startswith("../") or c == ".." for c in _photo_candidates(written, source)):
        report.error(source, line, f'ảnh "{written}" nằm ngoài thư mục content/')
        return False
    return True


_FIX_ADDRESS = "chép ảnh (JPEG, PNG, WebP, GIF hoặc AVIF) vào content/ và ghi đường dẫn tương đối tới nó"


def _photo_candidates(written: str, source: str) -> list[str]:
    """Where a photo may be, relative to content/: beside the source, or from content/."""
    source_dir = posixpath.dirname(source.removeprefix(CONTENT_DIR + "/"))
    return [posixpath.normpath(posixpath.join(source_dir, written)), posixpath.normpath(written)]


class PhotoFinder:
    """Looks photos up under content/, each file once however many articles use it."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self._real_content = os.path.realpath(content_dir)
        self._found: dict[str, str] = {}  # candidate → "file", "outside" or "missing"

    def state(self, candidate: str) -> str:
        if candidate not in self._found:
            path = os.path.join(self.content_dir, candidate)
            if not os.path.isfile(path):
                self._found[candidate] = "missing"
            else:
                real = os.path.realpath(path)
                inside = real.startswith(self._real_content + os.sep)
                self._found[candidate] = "file" if inside else "outside"
        return self._found[candidate]


def place_photos(article: Article, finder: PhotoFinder, report: Report) -> Article:
    """Find each photo of an article on disk; a missing one is an error, or in a
    draft a warning, and is left out.

    Body images take the caption and credit of the header photo they show,
    and a header photo that the body shows is marked as placed there.
    """
    def locate(photo: Photo) -> Photo | None:
        return locate_photo(photo, article.source, finder, report, article.draft)

    photos = [p for p in map(locate, article.photos) if p]
    by_src = {photo.src: photo for photo in photos}
    body = []
    for image in article.body_photos:
        located = locate(image)
        if located is not None:
            listed = by_src.get(located.src)
            body.append(replace(listed, written=image.written, line=image.line) if listed else located)
    shown = {image.src for image in body}
    placed = tuple(p if p.in_body == (p.src in shown) else replace(p, in_body=p.src in shown) for p in photos)
    return replace(article, photos=placed, body_photos=tuple(body))


def locate_photo(photo: Photo, source: str, finder: PhotoFinder, report: Report, draft: bool = False) -> Photo | None:
    """The photo with its content-relative ``src``, or None (reported) if it is not there.

    A draft may name photos not there yet: a warning, where a published
    article would show a broken image (an error).
    """
    if photo.is_remote:
        return photo
    for candidate in _photo_candidates(photo.written, source):
        if candidate.startswith("..") and os.path.lexists(os.path.join(finder.content_dir, candidate)):
            report.error(source, photo.line, f'ảnh "{photo.written}" nằm ngoài thư mục content/')
            return None
        state = "missing" if candidate.startswith("..") else finder.state(candidate)
        if state == "missing":
            continue
        if state == "outside":
            report.error(source, photo.line, f'ảnh "{photo.written}" dẫn ra ngoài thư mục content/')
            return None
        return photo if candidate == photo.src else replace(photo, src=candidate)
    missing = f'không thấy tệp ảnh "{photo.written}"'
    if draft:
        report.warning(source, photo.line, f"{missing}: bản nháp nên ảnh được bỏ qua; thêm tệp ảnh trước khi đăng bài")
    else:
        report.error(source, photo.line, f"{missing} (tìm cạnh tệp bài và trong content/): {_FIX_PHOTO_PATH}")
    return None


_FIX_PHOTO_PATH = "kiểm tra tên tệp, chữ hoa chữ thường và thư mục, hoặc chép ảnh vào đó"


def load_registries(site_dir: Path, report: Report) -> tuple[RegistryEntry, ...]:
    entries: list[RegistryEntry] = []
    for kind, name in REGISTRY_FILES.items():
        path = site_dir / name
        if path.is_file() and not inside_site(site_dir, path):
            report.error(name, None, OUTSIDE_LINK)
        elif path.is_file():
            entries.extend(_load_registry(kind, name, path, site_dir / CONTENT_DIR, report))
    return tuple(entries)


OUTSIDE_LINK = "tệp này là một liên kết dẫn ra ngoài thư mục trang: dvarchive không đọc nó; chép tệp vào trang"


def inside_site(site_dir: Path, path: Path) -> bool:
    """The file, its links followed, is in the site folder (nothing outside is ever read)."""
    return InsideCheck(site_dir)(path)


class InsideCheck:
    """:func:`inside_site` for many files: each folder's links are followed once.

    Following every link of a path costs a system call per folder in it;
    here a file costs one (is it a link?) once its folder is known. Made
    afresh for each build, so a folder swapped for a link is seen.
    """

    def __init__(self, site_dir: Path) -> None:
        self._root = os.path.realpath(site_dir) + os.sep
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path) -> bool:
        folder, name = os.path.split(path)
        if folder not in self._folders:
            self._folders[folder] = os.path.realpath(folder)
        real = os.path.realpath(path) if os.path.islink(path) else os.path.join(self._folders[folder], name)
        return real.startswith(self._root)


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
        _valid_slug(fields, "slug", slug)
    written = fields.text("photo")
    photo = None
    if written and _check_photo_path(written, fields.path, fields.report, fields.line("photo")):
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
        roles=_read_roles(fields),
        parent=fields.name("parent"),
        url=_read_web_address(fields),
    )


def _read_old_slugs(fields: FieldReader) -> tuple[str, ...]:
    """Slugs the entry's page had before: each old address then leads to the page."""
    return tuple(slug for slug in fields.text_list("old_slugs") if _valid_slug(fields, "old_slugs", slug))


def _valid_slug(fields: FieldReader, key: str, slug: str) -> bool:
    """Whether ``slug`` can be the last part of a URL; reported at ``key`` if not."""
    if _SLUG.fullmatch(slug):
        return True
    fields.error(key, f'{key} "{slug}" chỉ được có chữ thường không dấu, số và dấu gạch nối')
    return False


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
        start, end = role.moment("from", timezone.utc), role.moment("to", timezone.utc)
        if title:
            roles.append(Role(title, start.at.date() if start else None, end.at.date() if end else None))
    return tuple(roles)

