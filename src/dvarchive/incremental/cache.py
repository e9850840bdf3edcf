"""The build cache: what earlier builds read and wrote, in SQLite.

Kept in ``SITE/.dvarchive-cache/build.sqlite``. It remembers each article
file as parsed (keyed by the file's size and modification time, and by a
salt naming everything else a parse depends on) and a fingerprint of every
output file's inputs, so that a rebuild parses and renders only what
changed. A cache that cannot be read is simply rebuilt; it never decides
what a page contains, only whether a page must be made again.

A cache that cannot be written (a full or read-only disk, no permission) is
an error while the output is as it was, so the build stops and the last site
stays; once the new output is in place it is only a warning: the site is
built, and what is kept still says the output changed, so the next build
trusts nothing of it.
"""

from __future__ import annotations

import errno
import pickle
import sqlite3
from collections import deque
from collections.abc import Callable, Collection, Iterable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from ..core.errors import Diagnostic, Level, OutputError, system_diagnostic
from ..core.layout import CACHE_DIR
from .fingerprints import code_fingerprint
from .state import SCHEMA, KeptRankings, KeptRegistry, LastBuild, RecipeBatch

if TYPE_CHECKING:
    from ..core.jobs import ArticleInputs
    from ..core.model import ParsedArticle
    from ..core.views import SiteView

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS parsed (source TEXT PRIMARY KEY, stamp TEXT, value BLOB);
CREATE TABLE IF NOT EXISTS state (output TEXT, key TEXT, value BLOB, PRIMARY KEY (output, key));
CREATE TABLE IF NOT EXISTS outputs (output TEXT, path TEXT, fingerprint BLOB, PRIMARY KEY (output, path));
CREATE TABLE IF NOT EXISTS recipes (output TEXT, source TEXT, path TEXT, batch INTEGER, PRIMARY KEY (output, source));
CREATE TABLE IF NOT EXISTS recipe_batches (id INTEGER PRIMARY KEY, output TEXT, value BLOB);
"""
# What is kept per output folder.
_OUTPUT_TABLES = ("state", "outputs", "recipes", "recipe_batches")
_P = ParamSpec("_P")
_T = TypeVar("_T")
_Kept = TypeVar("_Kept")


def _guarded(default: Callable[[], _T]) -> Callable[[Callable[Concatenate[BuildCache, _P], _T]], Callable[Concatenate[BuildCache, _P], _T]]:
    """SQLite's refusals (a full disk…) turned into :meth:`BuildCache._refused`; ``default`` is then returned."""

    def wrap(method: Callable[Concatenate[BuildCache, _P], _T]) -> Callable[Concatenate[BuildCache, _P], _T]:
        @wraps(method)
        def guarded(self: BuildCache, *args: _P.args, **kwargs: _P.kwargs) -> _T:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                self._refused(exc)
                return default()

        return guarded

    return wrap


def _none() -> None:
    return None


class BuildCache:
    """A site's cache; ``BuildCache.disabled()`` remembers nothing.

    Parsed articles are shared by every build of the site; what a build
    wrote (fingerprints, recipes, its inventory) is kept per output folder,
    since a site may be built into several.
    """

    def __init__(self, connection: sqlite3.Connection | None, output: str = "", path: Path | None = None) -> None:
        self._db = connection
        self._output = output
        self._path = path
        self._output_changed = False
        self.warnings: list[Diagnostic] = []  # what the build must say about the cache

    @classmethod
    def open(cls, site_dir: Path, output_dir: Path, fresh: bool = False) -> BuildCache:
        folder = site_dir / CACHE_DIR
        path = folder / "build.sqlite"
        output = str(output_dir.resolve())
        try:
            folder.mkdir(exist_ok=True)
            ignore = folder / ".gitignore"
            if not ignore.is_file() or ignore.read_bytes() != b"*\n":  # not rewritten each time: the disk may be full
                ignore.write_text("*\n")
            if fresh:
                path.unlink(missing_ok=True)
            return cls(_connect(path), output, path)
        except (OSError, sqlite3.Error):
            pass
        try:
            # What the file holds must go: kept, it could describe an output this build replaces.
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise OutputError([cache_diagnostic(path, exc)]) from None
        try:
            return cls(_connect(path), output, path)
        except (OSError, sqlite3.Error) as exc:
            disabled = cls.disabled()
            disabled.warnings.append(cache_diagnostic(path, exc, Level.WARNING, "dựng không có bộ nhớ đệm (chậm hơn)"))
            return disabled

    @classmethod
    def disabled(cls) -> BuildCache:
        return cls(None)

    @_guarded(_none)
    def last_build(self) -> LastBuild | None:
        """What the last build into this output folder left, if it finished and was kept."""
        found = _read(self._get("state", "last"), LastBuild)
        return found if found is not None and found.schema == SCHEMA else None

    @_guarded(_none)
    def keep_last_build(self, last: LastBuild, site_view: SiteView) -> None:
        """``site_view``: what every page of that output shows of the site (its navigation)."""
        self._set("state", "last", last)
        self._set("state", "site_view", site_view)

    @_guarded(_none)
    def site_view(self) -> SiteView | None:
        from ..core.views import SiteView  # not loaded by a build that has nothing to do

        return _read(self._get("state", "site_view"), SiteView)

    @_guarded(_none)
    def registry(self) -> KeptRegistry | None:
        return _read(self._get("state", "registry"), KeptRegistry)

    @_guarded(_none)
    def keep_registry(self, registry: KeptRegistry) -> None:
        self._set("state", "registry", registry)

    @_guarded(_none)
    def rankings(self) -> KeptRankings | None:
        return _read(self._get("state", "rankings"), KeptRankings)

    @_guarded(_none)
    def keep_rankings(self, rankings: KeptRankings) -> None:
        self._set("state", "rankings", rankings)

    @_guarded(dict)
    def parsed(self, salt: str, stamps: dict[str, str]) -> dict[str, ParsedArticle]:
        """The remembered parses, made with this salt, of the files whose stamp is as given."""
        from ..core.model import ParsedArticle  # not loaded by a build that has nothing to do

        if self._db is None or _read(self._get("meta", "parse_salt"), str) != salt:
            return {}
        rows = self._rows("parsed", "stamp, value", stamps)
        found = {source: _read(value, ParsedArticle) for source, stamp, value in rows if stamps.get(source) == stamp}
        return {source: parsed for source, parsed in found.items() if parsed is not None}

    @_guarded(_none)
    def store_parsed(self, salt: str, items: Iterable[tuple[str, str, bytes]], keep: set[str] | None) -> None:
        """Remember parses (source, stamp, pickled value); forget those of sources not in ``keep`` (if given).

        ``items`` is consumed whole, even by a disabled cache: it may be the parsing itself.
        """
        if self._db is None:
            deque(items, maxlen=0)
            return
        if _read(self._get("meta", "parse_salt"), str) != salt:
            self._db.execute("DELETE FROM parsed")
            self._set("meta", "parse_salt", salt)
        self._db.executemany("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", items)
        if keep is not None:
            gone = {row[0] for row in self._db.execute("SELECT source FROM parsed")} - keep
            self._db.executemany("DELETE FROM parsed WHERE source = ?", ((s,) for s in gone))

    @_guarded(dict)
    def fingerprints(self, paths: Iterable[str] | None = None) -> dict[str, bytes]:
        """The fingerprint of each file of the output, as the last builds made it (of ``paths``, if given)."""
        if self._db is None:
            return {}
        if paths is None:
            return dict(self._db.execute("SELECT path, fingerprint FROM outputs WHERE output = ?", (self._output,)))
        found = {}
        for path in paths:
            query = "SELECT fingerprint FROM outputs WHERE output = ? AND path = ?"
            row = self._db.execute(query, (self._output, path)).fetchone()
            if row is not None:
                found[path] = row[0]
        return found

    @_guarded(_none)
    def update_fingerprints(self, changed: dict[str, bytes], gone: Iterable[str]) -> None:
        """Remember the fingerprints of the files made or kept anew; forget those of files gone."""
        if self._db is None:
            return
        self._db.executemany("DELETE FROM outputs WHERE output = ? AND path = ?", ((self._output, p) for p in gone))
        self._db.executemany(
            "INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", ((self._output, path, value) for path, value in changed.items())
        )

    @_guarded(_none)
    def recipes(self, sources: set[str]) -> dict[str, ArticleInputs]:
        """The inputs of these articles' pages, as last made: those the cache has."""
        return self._recipes(sources)  # type: ignore[return-value]

    @_guarded(_none)
    def page_recipes(self, paths: set[str]) -> dict[str, object]:
        """The recipes of these pages (not articles' pages: see PageJob.keep), as last made: those the cache has."""
        return self._recipes(paths)

    def _recipes(self, keys: set[str]) -> dict[str, object]:
        if self._db is None:
            return {}
        found: dict[str, object] = {}
        for batch_id in {batch for key, batch in self._rows("recipes", "batch", keys) if key in keys}:
            row = self._db.execute("SELECT value FROM recipe_batches WHERE id = ?", (batch_id,)).fetchone()
            batch: RecipeBatch = (_read(row[0], dict) if row else None) or {}
            found.update((key, recipe) for key, recipe in batch.items() if key in keys)
        return found

    @_guarded(_none)
    def store_recipes(self, pages: Iterable[tuple[str, str]], batch: bytes) -> None:
        """Remember the recipes of article pages, (source, page path), pickled together
        in ``batch``: a dict from each source to its page's inputs."""
        if self._db is not None:
            cursor = self._db.execute("INSERT INTO recipe_batches (output, value) VALUES (?, ?)", (self._output, batch))
            self._db.executemany(
                "INSERT OR REPLACE INTO recipes VALUES (?, ?, ?, ?)",
                ((self._output, source, path, cursor.lastrowid) for source, path in pages),
            )

    @_guarded(_none)
    def keep_recipes(self, sources: set[str]) -> None:
        """Forget the recipes of articles and pages that are not among ``sources`` (articles' sources, pages' paths)."""
        if self._db is None:
            return
        rows = self._db.execute("SELECT source FROM recipes WHERE output = ?", (self._output,))
        gone = {row[0] for row in rows} - sources
        self._db.executemany("DELETE FROM recipes WHERE output = ? AND source = ?", ((self._output, s) for s in gone))
        self._db.execute(
            "DELETE FROM recipe_batches WHERE output = ? AND id NOT IN (SELECT batch FROM recipes WHERE output = ?)",
            (self._output, self._output),
        )

    @_guarded(_none)
    def output_changing(self) -> None:
        """Note, for good, that the output folder is about to change.

        Until the build's final commit, what is kept for this output folder
        describes the old output: a build killed in between must not trust it.
        """
        self._set("state", "changing", True)
        self.commit()
        self._output_changed = True

    @_guarded(_none)
    def forget_interrupted_output(self) -> None:
        """Forget what is kept for this output folder if a build changed it and died."""
        if self._db is not None and _read(self._get("state", "changing"), bool):
            for table in _OUTPUT_TABLES:
                self._db.execute(f"DELETE FROM {table} WHERE output = ?", (self._output,))  # noqa: S608

    @_guarded(_none)
    def output_described(self) -> None:
        """What is kept for this output folder describes it again (committed with the rest)."""
        self._set("state", "changing", False)

    @_guarded(_none)
    def forget_missing_outputs(self) -> None:
        """Drop what is kept for output folders that no longer exist (dev servers' temporary ones)."""
        if self._db is None:
            return
        outputs = {row[0] for row in self._db.execute("SELECT DISTINCT output FROM state")}
        for output in outputs - {self._output}:
            if not Path(output).is_dir():
                for table in _OUTPUT_TABLES:
                    self._db.execute(f"DELETE FROM {table} WHERE output = ?", (output,))  # noqa: S608

    def _rows(self, table: str, columns: str, sources: Collection[str]) -> Iterable[tuple[Any, ...]]:
        """(source, *columns) of the rows of these sources (and maybe others): looked up one by
        one when they are few (an edit), all read at once when they are many (a build)."""
        assert self._db is not None
        mine = "output = ? AND " if table != "parsed" else ""
        values: tuple[str, ...] = (self._output,) if mine else ()
        if len(sources) > 100:
            return self._db.execute(f"SELECT source, {columns} FROM {table} WHERE {mine}1", values)  # noqa: S608
        query = f"SELECT source, {columns} FROM {table} WHERE {mine}source = ?"  # noqa: S608
        return [row for source in sources for row in self._db.execute(query, (*values, source))]

    def _get(self, table: str, key: str) -> bytes | None:
        if self._db is None:
            return None
        if table == "meta":
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        else:
            row = self._db.execute("SELECT value FROM state WHERE output = ? AND key = ?", (self._output, key)).fetchone()
        return row[0] if row else None

    def _set(self, table: str, key: str, value: object) -> None:
        if self._db is None:
            return
        data = pickle.dumps(value, 5)
        if table == "meta":
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, data))
        else:
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)", (self._output, key, data))

    @_guarded(_none)
    def commit(self) -> None:
        if self._db is not None:
            self._db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()  # what was not committed is rolled back

    def _refused(self, exc: sqlite3.Error) -> None:
        """The cache cannot be read or written: an error until the output changed, then a warning.

        After a warning the cache is set aside uncommitted: what is kept still
        says the output was changing, so the next build trusts none of it.
        """
        path = self._path or Path(CACHE_DIR)
        if not self._output_changed:
            raise OutputError([cache_diagnostic(path, exc)]) from None
        done = "đã dựng xong nhưng không lưu được bộ nhớ đệm, lần dựng sau sẽ dựng lại toàn bộ"
        self.warnings.append(cache_diagnostic(path, exc, Level.WARNING, done))
        self.close()
        self._db = None


# What SQLite refused, and what to do about it (the cache can always be deleted: it is rebuilt).
_DELETE = f"hoặc xóa thư mục {CACHE_DIR} rồi dựng lại"
_SQLITE_ADVICE = {
    "SQLITE_FULL": "hết chỗ trên đĩa: giải phóng bớt dung lượng rồi dựng lại",
    "SQLITE_READONLY": f"không ghi được (ổ đĩa chỉ cho đọc, hay không có quyền ghi): kiểm tra quyền ghi thư mục này {_DELETE}",
    "SQLITE_CANTOPEN": "không mở được tệp: kiểm tra quyền, chỗ trống trên đĩa và số tệp đang mở, rồi dựng lại",
    "SQLITE_PERM": f"không có quyền: kiểm tra quyền đọc, ghi thư mục này {_DELETE}",
    "SQLITE_IOERR": f"lỗi đọc ghi đĩa: kiểm tra ổ đĩa (còn chỗ trống không, có chỉ cho đọc không) {_DELETE}",
    "SQLITE_CORRUPT": f"tệp bộ nhớ đệm bị hỏng: dựng lại với --clean {_DELETE}",
    "SQLITE_NOTADB": f"tệp bộ nhớ đệm bị hỏng: dựng lại với --clean {_DELETE}",
    "SQLITE_BUSY": "tệp đang bị một chương trình khác khóa: đợi nó xong rồi dựng lại",
    "SQLITE_LOCKED": "tệp đang bị một chương trình khác khóa: đợi nó xong rồi dựng lại",
}


def cache_diagnostic(path: Path, exc: OSError | sqlite3.Error, level: Level = Level.ERROR, what: str = "bộ nhớ đệm") -> Diagnostic:
    """The build cache refused (a full disk…): said in Vietnamese with what to do, the system's words in brackets."""
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        message = (
            f"không ghi được thư mục {CACHE_DIR} của trang (ổ đĩa chỉ cho đọc, hay không có quyền ghi): "
            f"chép trang sang nơi ghi được, hoặc cho quyền ghi, rồi dựng lại ({exc.strerror or exc})"
        )
    elif isinstance(exc, OSError):
        message = system_diagnostic(exc).message
    else:
        name = "_".join((getattr(exc, "sqlite_errorname", "") or _guess(str(exc))).split("_")[:2])  # SQLITE_IOERR_WRITE → SQLITE_IOERR
        advice = _SQLITE_ADVICE.get(name, f"bộ nhớ đệm báo lỗi: dựng lại với --clean {_DELETE}")
        message = f"{advice} ({exc})"
    return Diagnostic(str(path), None, f"{what}: {message}", level)


def _guess(text: str) -> str:
    """SQLite's error name from its message, for errors raised without one."""
    text = text.lower()
    for words, name in (("disk is full", "SQLITE_FULL"), ("readonly", "SQLITE_READONLY"), ("unable to open", "SQLITE_CANTOPEN"),
                        ("disk i/o", "SQLITE_IOERR"), ("malformed", "SQLITE_CORRUPT"), ("not a database", "SQLITE_NOTADB"),
                        ("locked", "SQLITE_BUSY")):
        if words in text:
            return name
    return ""


def _connect(path: Path) -> sqlite3.Connection:
    """The cache database, emptied when it was written by other code than this."""
    connection = sqlite3.connect(path)
    version = pickle.dumps(code_fingerprint(), 5)
    try:
        current = connection.execute("SELECT value FROM meta WHERE key = 'code'").fetchone() == (version,)
    except sqlite3.DatabaseError:
        current = False
    if not current:
        tables = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        connection.executescript("".join(f'DROP TABLE "{table}";' for table in tables) + _SCHEMA)
        connection.execute("INSERT INTO meta VALUES ('code', ?)", (version,))
        connection.commit()
    return connection


def _read(data: bytes | None, kind: type[_Kept]) -> _Kept | None:
    """A kept record, if it is there and of its type: a damaged entry is a cache miss, never a failed build."""
    if data is None:
        return None
    try:
        value = pickle.loads(data)  # noqa: S301 - our own cache file, in the site folder
    except Exception:
        return None
    return value if type(value) is kind else None
