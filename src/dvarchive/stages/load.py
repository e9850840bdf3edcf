"""Reading a site folder: articles and registries, every problem collected.

Nothing here knows about other articles: :func:`parse_article` is a function
of one file's text, so later stages may run it in parallel or cache it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path

from ..core.config import SiteConfig, load_config
from ..core.errors import ContentError, Diagnostic, Report
from ..core.frontmatter import LineDict, SplitSource, YamlProblem, load_yaml, read_source, split_header
from ..core.layout import ARTICLES_DIR, CONTENT_DIR, NETLIFY_FILE, THEME_STATIC, THEME_TEMPLATES
from ..core.markdown import MOST_ARTICLE_BYTES, body_problem, first_paragraph_text, image_sources
from ..core.model import Article, Correction, Mention, ParsedArticle, Photo, Sources, Templates
from ..core.names import clean_name, make_slug
from ..core.parallel import iter_parallel
from ..core.paths import OUTSIDE_LINK, InsideCheck, PhotoFinder, check_photo_path, inside_site, place_photos
from ..core.schema import FieldReader, valid_slug
from ..incremental.cache import BuildCache
from ..incremental.fingerprints import code_fingerprint
from ..incremental.inventory import UNREADABLE, file_stamps
from .registries import load_registries

_HEADER_KEYS = frozenset(
    {
        "title", "date", "updated", "section", "summary", "agency", "author", "location",
        "photos", "people", "organisations", "tags", "related", "slug", "aliases", "draft", "corrections",
    }
)
_PHOTO_KEYS = frozenset({"src", "caption", "credit", "alt"})
_PERSON_KEYS = frozenset({"name", "title"})
_CORRECTION_KEYS = frozenset({"date", "note"})
_ROLE_KEYS = frozenset({"title", "from", "to"})


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


def load_edited(site_dir: Path, config: SiteConfig, files: dict[str, str], cache: BuildCache, jobs: int) -> list[ParsedArticle]:
    """Some article files (source → stamp), parsed as a build does and their photos found.

    The cached parses of the other files are kept.
    """
    edited = [ArticleFile(source, stamp) for source, stamp in sorted(files.items())]
    finder = PhotoFinder(site_dir / CONTENT_DIR)
    found = []
    for item in _parse_all(site_dir, config, edited, cache, jobs, keep_bodies=False, only_these=False):
        if item.article is not None:
            report = Report()
            article = place_photos(item.article, finder, report)
            item = ParsedArticle(item.source, article, item.diagnostics + tuple(report.diagnostics))
        found.append(item)
    return found


def _parse_all(
    site_dir: Path,
    config: SiteConfig,
    files: list[ArticleFile],
    cache: BuildCache,
    jobs: int,
    keep_bodies: bool,
    only_these: bool = True,
) -> list[ParsedArticle]:
    """``only_these``: these are all the article files; the cache forgets the others."""
    # Of the config, a parse reads only the timezone (of dates written without
    # one) and where slugs come from.
    salt = f"{code_fingerprint()}:{config.timezone}:{config.article_slugs}:bodies={keep_bodies}"
    results = cache.parsed(salt, {file.source: file.stamp for file in files})
    todo = [file for file in files if file.source not in results]

    # Parses come as pickles, which the cache keeps as they are; this process
    # unpickles them as they come (a fifth of the cost of parsing).
    parse = partial(_parsed_pickle, site_dir, config, keep_bodies, InsideCheck(site_dir))

    def received() -> Iterator[tuple[str, str, bytes]]:
        # The results first: zip then runs them out, and the helpers end with them.
        for data, file in zip(iter_parallel(parse, todo, jobs), todo):
            results[file.source] = pickle.loads(data)  # noqa: S301 - made just now
            yield file.source, file.stamp, data

    cache.store_parsed(salt, received(), {f.source for f in files} if only_these else None)
    return [results[file.source] for file in files]


def _parsed_pickle(site_dir: Path, config: SiteConfig, keep_bodies: bool, inside: InsideCheck, file: ArticleFile) -> bytes:
    return pickle.dumps(parse_article_file(site_dir, config, file.source, keep_bodies, inside), 5)


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


def read_templates(site_dir: Path) -> Templates:
    """Every template a page may use, by name: the site's, then the theme's it does not replace."""
    found: Templates = {}
    for folder in (site_dir / "templates", THEME_TEMPLATES):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if path.is_file():
                found.setdefault(path.relative_to(folder).as_posix(), (str(path), path.read_bytes()))
    return found


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
        valid_slug(fields, "slug", slug)
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
        if written and check_photo_path(written, fields.path, fields.report, line):
            photos.append(
                Photo(written, written, entry.text("caption"), entry.text("credit"), entry.text("alt"), line)
            )
    return tuple(photos)


def _read_body_images(fields: FieldReader, body: str, body_line: int) -> tuple[Photo, ...]:
    images = []
    for written, line in image_sources(body, body_line):
        if check_photo_path(written, fields.path, fields.report, line):
            images.append(Photo(written, written, line=line))
    return tuple(images)


def read_static(site_dir: Path) -> tuple[dict[str, Path], str]:
    """The static files to publish (the theme's, the site's over them), by path in the
    output; and the rules of the site's own ``static/_redirects``, which the build
    writes first in the ``_redirects`` it makes (redirects.py) instead of copying it.

    A file of the site's static/ that links out of the site is an error:
    nothing outside the site is published.
    """
    static: dict[str, Path] = {}
    outside = []
    for folder in (THEME_STATIC, site_dir / "static"):
        for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
            if folder != THEME_STATIC and not inside_site(site_dir, path):
                outside.append(Diagnostic(path.relative_to(site_dir).as_posix(), None, OUTSIDE_LINK))
            elif path.is_file():
                static[path.relative_to(folder).as_posix()] = path
    if outside:
        raise ContentError(outside)
    own = static.pop(NETLIFY_FILE, None)
    own_rules = own.read_text("utf-8") if own is not None and own.parent == site_dir / "static" else ""
    return static, own_rules
