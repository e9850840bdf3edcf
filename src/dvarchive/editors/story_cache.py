"""An archive's stories (:class:`~dvarchive.editors.stories.Story`), kept between runs,
with the people its texts introduce by a title (:func:`~dvarchive.editors.proposals.titled_people`).

``dvarchive import`` compares each new story with every article of the
archive, and ``dvarchive check`` compares them all with each other. Making
a story means reading and folding an article's body, about a millisecond:
a minute for 100,000 articles. So they are kept in
``SITE/.dvarchive-cache/stories.sqlite``, beside the build's cache, with
the stamp (size and modification time) and the digest of the file each was
made from: ``import`` knows an unchanged file by its stamp, without
reading it; ``check``, which has read every file anyway, by its digest.
Only the files changed since are read again.

What is kept depends on dvarchive's code and on the site's timezone (a
story's day is its date's, in that zone): when either changes, it starts
afresh. It is a cache, never a source: one that cannot be opened or written
(a read-only checkout) is simply done without, and it can be deleted at
any time.
"""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from ..core.config import SiteConfig, load_config
from ..core.errors import Report
from ..core.layout import CACHE_DIR
from ..core.model import Article, Sources
from ..core.parallel import default_jobs, iter_parallel
from ..incremental.fingerprints import code_fingerprint
from ..stages.load import ArticleFile, parse_article_file, scan_articles
from .proposals import TitledName, titled_people
from .stories import Story, make_story

STORE_FILE = "stories.sqlite"
_STORIES = """
CREATE TABLE IF NOT EXISTS stories (
    source TEXT PRIMARY KEY, stamp TEXT, digest TEXT, headline TEXT, day INTEGER, sketch BLOB, words INTEGER, people TEXT
)
"""


@dataclass(frozen=True)
class Kept:
    stamp: str  # "" when the file was read without one
    digest: str
    story: Story
    people: tuple[TitledName, ...] | None  # None: not read (import does not need them; check reads them)


class StoryStore:
    """The kept stories of one site; ``StoryStore(None)`` keeps nothing."""

    def __init__(self, db: sqlite3.Connection | None) -> None:
        self._db = db

    @classmethod
    def open(cls, site_dir: Path, salt: str) -> StoryStore:
        path = site_dir / CACHE_DIR / STORE_FILE
        try:
            return cls(_connect(path, salt))
        except (OSError, sqlite3.Error):
            pass
        try:
            path.unlink(missing_ok=True)  # a damaged file: start afresh
            return cls(_connect(path, salt))
        except (OSError, sqlite3.Error):
            return cls(None)

    def known(self, people: bool = True) -> dict[str, Kept]:
        """What is kept, by file; without ``people`` (import needs none), the people left out, unread."""
        if self._db is None:
            return {}
        try:
            columns = "source, stamp, digest, headline, day, sketch, words, " + ("people" if people else "NULL")
            rows = self._db.execute(f"SELECT {columns} FROM stories").fetchall()
        except sqlite3.Error:
            return {}
        return {
            row[0]: Kept(
                row[1], row[2], Story(row[0], row[3], row[4], tuple(array("I", row[5])), row[6]),
                None if row[7] is None else tuple(TitledName(*person) for person in json.loads(row[7])),
            )
            for row in rows
        }

    def keep(self, kept: Iterable[Kept], gone: Iterable[str] = ()) -> None:
        """Remember these stories; forget those of the files ``gone``."""
        if self._db is None:
            return
        rows = [
            (
                k.story.source, k.stamp, k.digest, k.story.headline, k.story.day, array("I", k.story.sketch).tobytes(),
                k.story.words, None if k.people is None else json.dumps(k.people, ensure_ascii=False),
            )
            for k in kept
        ]
        try:
            with self._db:
                self._db.execute("BEGIN")
                self._db.executemany("INSERT OR REPLACE INTO stories VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
                self._db.executemany("DELETE FROM stories WHERE source = ?", ((source,) for source in gone))
        except sqlite3.Error:
            pass  # kept next time, then

    def close(self) -> None:
        if self._db is not None:
            self._db.close()


def _connect(path: Path, salt: str) -> sqlite3.Connection:
    path.parent.mkdir(exist_ok=True)
    if not (path.parent / ".gitignore").exists():
        (path.parent / ".gitignore").write_text("*\n")
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
    row = db.execute("SELECT value FROM meta WHERE key = 'salt'").fetchone()
    if row is None or row[0] != salt:
        # Made by other code, perhaps in another shape: made again.
        db.execute("DROP TABLE IF EXISTS stories")
        db.execute("INSERT OR REPLACE INTO meta VALUES ('salt', ?)", (salt,))
    db.execute(_STORIES)
    return db


def store_salt(config: SiteConfig) -> str:
    return f"{code_fingerprint()}:{config.timezone}"


def read_article(article: Article, stamp: str = "", people: bool = True) -> Kept:
    """What is kept of an article: its story, and (with ``people``) the people its text gives a title."""
    day = article.date.at.date().toordinal()
    story = make_story(article.source, article.title, day, article.body)
    return Kept(stamp, article.digest, story, titled_people(article) if people else None)


# --- dvarchive check: the articles it has read ---------------------------------------


def site_stories(sources: Sources, stamps: dict[str, str]) -> dict[str, Kept]:
    """What is kept of every article of ``sources`` (read with their bodies), by file.

    ``stamps`` are the article files' stamps as scanned before they were
    read: a file changed since has a newer stamp, which ``import`` will not
    take for the one kept.
    """
    store = StoryStore.open(sources.site_dir, store_salt(sources.config))
    try:
        known = store.known()
        fresh = [a for a in sources.articles if a.source not in known or not _still(known[a.source], a)]
        made = [replace(kept, stamp=stamps.get(kept.story.source, "")) for kept in iter_parallel(read_article, fresh, default_jobs())]
        store.keep(made, set(known) - set(stamps))
    finally:
        store.close()
    found = known | {kept.story.source: kept for kept in made}
    return {a.source: found[a.source] for a in sources.articles}


# --- dvarchive import: the archive, read only where it changed ---------------------------


def archive_stories(site_dir: Path) -> list[Story]:
    """The story of every article file of the site that can be read, drafts and scheduled ones included."""
    config = load_config(site_dir)
    files = scan_articles(site_dir, Report())
    store = StoryStore.open(site_dir, store_salt(config))
    try:
        known = store.known(people=False)
        todo = [file for file in files if file.source not in known or known[file.source].stamp != file.stamp]
        made = [kept for kept in iter_parallel(partial(_read_file, site_dir, config), todo, default_jobs()) if kept]
        store.keep(made, set(known) - {file.source for file in files})
    finally:
        store.close()
    found = known | {kept.story.source: kept for kept in made}
    return [found[file.source].story for file in files if file.source in found and found[file.source].stamp == file.stamp]


def _still(kept: Kept, article: Article) -> bool:
    return kept.digest == article.digest and kept.people is not None


def _read_file(site_dir: Path, config: SiteConfig, file: ArticleFile) -> Kept | None:
    """What import keeps of an article file (its story; the people are check's to read);
    None when it cannot be read (``build`` and ``check`` say why)."""
    article = parse_article_file(site_dir, config, file.source).article
    return None if article is None else read_article(article, file.stamp, people=False)
