"""The build cache: what earlier builds read and wrote, in SQLite.

Kept in ``SITE/.dvarchive-cache/build.sqlite``. It remembers each article
file as parsed (keyed by the file's size and modification time, and by a
salt naming everything else a parse depends on) and a fingerprint of every
output file's inputs, so that a rebuild parses and renders only what
changed. A cache that cannot be read is simply rebuilt; it never decides
what a page contains, only whether a page must be made again.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from collections import deque
from collections.abc import Iterable
from functools import cache
from pathlib import Path

CACHE_DIR = ".dvarchive-cache"
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


class BuildCache:
    """A site's cache; ``BuildCache.disabled()`` remembers nothing.

    Parsed articles are shared by every build of the site; what a build
    wrote (fingerprints, recipes, its inventory) is kept per output folder,
    since a site may be built into several.
    """

    def __init__(self, connection: sqlite3.Connection | None, output: str = "") -> None:
        self._db = connection
        self._output = output

    @classmethod
    def open(cls, site_dir: Path, output_dir: Path, fresh: bool = False) -> BuildCache:
        folder = site_dir / CACHE_DIR
        path = folder / "build.sqlite"
        output = str(output_dir.resolve())
        try:
            folder.mkdir(exist_ok=True)
            (folder / ".gitignore").write_text("*\n")
            if fresh:
                path.unlink(missing_ok=True)
            return cls(_connect(path), output)
        except (OSError, sqlite3.DatabaseError):
            path.unlink(missing_ok=True)
            try:
                return cls(_connect(path), output)
            except (OSError, sqlite3.DatabaseError):
                return cls.disabled()

    @classmethod
    def disabled(cls) -> BuildCache:
        return cls(None)

    def get_state(self, key: str) -> object:
        """What the last build into this output folder left under ``key``."""
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM state WHERE output = ? AND key = ?", (self._output, key)).fetchone()
        return _unpickle(row[0]) if row else None

    def set_state(self, key: str, value: object) -> None:
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO state VALUES (?, ?, ?)", (self._output, key, pickle.dumps(value, 5)))

    def get_meta(self, key: str) -> object:
        if self._db is None:
            return None
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return _unpickle(row[0]) if row else None

    def set_meta(self, key: str, value: object) -> None:
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, pickle.dumps(value, 5)))

    def parsed(self, salt: str) -> dict[str, tuple[str, object]]:
        """Every remembered parse made with this salt: source → (stamp, value)."""
        if self._db is None or self.get_meta("parse_salt") != salt:
            return {}
        rows = self._db.execute("SELECT source, stamp, value FROM parsed")
        return {source: (stamp, value) for source, stamp, value in rows}

    def store_parsed(self, salt: str, items: Iterable[tuple[str, str, bytes]], keep: set[str]) -> None:
        """Remember parses (source, stamp, pickled value); forget those of sources not in ``keep``.

        ``items`` is consumed whole, even by a disabled cache: it may be the parsing itself.
        """
        if self._db is None:
            deque(items, maxlen=0)
            return
        if self.get_meta("parse_salt") != salt:
            self._db.execute("DELETE FROM parsed")
            self.set_meta("parse_salt", salt)
        self._db.executemany(
            "INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)",
            items,
        )
        gone = {row[0] for row in self._db.execute("SELECT source FROM parsed")} - keep
        self._db.executemany("DELETE FROM parsed WHERE source = ?", ((s,) for s in gone))

    def fingerprints(self) -> dict[str, bytes]:
        if self._db is None:
            return {}
        return dict(self._db.execute("SELECT path, fingerprint FROM outputs WHERE output = ?", (self._output,)))

    def store_fingerprints(self, fingerprints: dict[str, bytes]) -> None:
        if self._db is None:
            return
        self._db.execute("DELETE FROM outputs WHERE output = ?", (self._output,))
        self._db.executemany(
            "INSERT INTO outputs VALUES (?, ?, ?)", ((self._output, path, value) for path, value in fingerprints.items())
        )

    def recipe(self, source: str) -> tuple[str, object] | None:
        """The output path and the inputs of an article's page, as last made."""
        if self._db is None:
            return None
        row = self._db.execute(
            "SELECT path, value FROM recipes JOIN recipe_batches ON recipe_batches.id = recipes.batch "
            "WHERE recipes.output = ? AND source = ?",
            (self._output, source),
        ).fetchone()
        batch = _unpickle(row[1]) if row else None
        return (row[0], batch.get(source)) if isinstance(batch, dict) else None

    def recipes(self, sources: set[str]) -> dict[str, object]:
        """The inputs of these articles' pages, as last made: those the cache has."""
        if self._db is None:
            return {}
        rows = self._db.execute("SELECT source, batch FROM recipes WHERE output = ?", (self._output,))
        found: dict[str, object] = {}
        for batch_id in {batch for source, batch in rows if source in sources}:
            row = self._db.execute("SELECT value FROM recipe_batches WHERE id = ?", (batch_id,)).fetchone()
            batch = _unpickle(row[0]) if row else None
            if isinstance(batch, dict):
                found.update((source, inputs) for source, inputs in batch.items() if source in sources)
        return found

    def store_recipes(self, pages: Iterable[tuple[str, str]], batch: bytes) -> None:
        """Remember the recipes of article pages, (source, page path), pickled together
        in ``batch``: a dict from each source to its page's inputs."""
        if self._db is not None:
            cursor = self._db.execute("INSERT INTO recipe_batches (output, value) VALUES (?, ?)", (self._output, batch))
            self._db.executemany(
                "INSERT OR REPLACE INTO recipes VALUES (?, ?, ?, ?)",
                ((self._output, source, path, cursor.lastrowid) for source, path in pages),
            )

    def keep_recipes(self, sources: set[str]) -> None:
        """Forget the recipes of articles that are not among ``sources``."""
        if self._db is None:
            return
        rows = self._db.execute("SELECT source FROM recipes WHERE output = ?", (self._output,))
        gone = {row[0] for row in rows} - sources
        self._db.executemany("DELETE FROM recipes WHERE output = ? AND source = ?", ((self._output, s) for s in gone))
        self._db.execute(
            "DELETE FROM recipe_batches WHERE output = ? AND id NOT IN (SELECT batch FROM recipes WHERE output = ?)",
            (self._output, self._output),
        )

    def store_parsed_one(self, source: str, stamp: str, value: object) -> None:
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO parsed VALUES (?, ?, ?)", (source, stamp, pickle.dumps(value, 5)))

    def store_fingerprint(self, path: str, fingerprint: bytes) -> None:
        if self._db is not None:
            self._db.execute("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", (self._output, path, fingerprint))

    def forget_fingerprints(self, paths: Iterable[str]) -> None:
        if self._db is not None:
            self._db.executemany("DELETE FROM outputs WHERE output = ? AND path = ?", ((self._output, p) for p in paths))

    def output_changing(self) -> None:
        """Note, for good, that the output folder is about to change.

        Until the build's final commit, what is kept for this output folder
        describes the old output: a build killed in between must not trust it.
        """
        self.set_state("changing", True)
        self.commit()

    def forget_interrupted_output(self) -> None:
        """Forget what is kept for this output folder if a build changed it and died."""
        if self._db is not None and self.get_state("changing"):
            for table in _OUTPUT_TABLES:
                self._db.execute(f"DELETE FROM {table} WHERE output = ?", (self._output,))  # noqa: S608

    def output_described(self) -> None:
        """What is kept for this output folder describes it again (committed with the rest)."""
        self.set_state("changing", False)

    def forget_missing_outputs(self) -> None:
        """Drop what is kept for output folders that no longer exist (dev servers' temporary ones)."""
        if self._db is None:
            return
        outputs = {row[0] for row in self._db.execute("SELECT DISTINCT output FROM state")}
        for output in outputs - {self._output}:
            if not Path(output).is_dir():
                for table in _OUTPUT_TABLES:
                    self._db.execute(f"DELETE FROM {table} WHERE output = ?", (output,))  # noqa: S608

    def commit(self) -> None:
        if self._db is not None:
            self._db.commit()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def load_value(value: object) -> object:
    """A value from :meth:`BuildCache.parsed`, unpickled (None if unreadable)."""
    return _unpickle(value) if isinstance(value, bytes) else value


@cache
def code_fingerprint() -> str:
    """Changes whenever dvarchive's own code does, so no stale pickle is ever read."""
    digest = hashlib.sha1()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


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


def _unpickle(data: bytes) -> object:
    try:
        return pickle.loads(data)  # noqa: S301 - our own cache file, in the site folder
    except Exception:  # a damaged entry is a cache miss, never a failed build
        return None
