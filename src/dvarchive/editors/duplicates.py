"""Duplicate stories, as ``dvarchive check`` and ``dvarchive import`` report them.

What makes two articles one story is :mod:`dvarchive.editors.stories`';
the stories of the archive come from :mod:`dvarchive.editors.story_cache`.
``check`` warns about each article that tells again what an earlier one
told (by date, then file), naming it. ``import`` refuses a copy already in
the archive, or twice in one import, naming where it is, unless told
``--allow-duplicate``; then, and with ``--stdout``, which writes nothing, it
only warns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ..core.errors import ContentError, Diagnostic, Level
from ..core.frontmatter import YamlProblem, read_source, split_header
from ..core.model import Sources
from .importer import ImportedArticle
from .stories import SameStory, Story, StoryIndex, body_runs, find_same_stories, fold_body
from .story_cache import archive_stories


def check_duplicates(sources: Sources, stories: Sequence[Story]) -> list[Diagnostic]:
    """A warning on each article of ``sources`` that is the same story as an earlier one, at its title or body."""
    articles = {article.source: article for article in sources.articles}
    bodies = {source: article.body for source, article in articles.items()}
    diagnostics = []
    for same in find_same_stories(stories, _RunsOf(bodies)):
        article = articles[same.story.source]
        # The headline's line, or the body's first.
        line = article.title_line if same.headline else article.body_line + _leading_newlines(article.body)
        message = (
            f"cùng một tin với {same.original.source} ({_why(same)}): nếu đúng vậy, giữ một bài, xóa bài kia "
            "(bài bỏ đi đã đăng thì thêm địa chỉ của nó vào aliases: của bài giữ lại)"
        )
        diagnostics.append(Diagnostic(article.source, line, message, Level.WARNING))
    return diagnostics


def _leading_newlines(body: str) -> int:
    return len(body) - len(body.lstrip("\n"))


def imported_duplicates(site_dir: Path, articles: Sequence[ImportedArticle], refuse: bool) -> list[Diagnostic]:
    """Where each imported copy is already told: in the archive, or earlier in ``articles``.

    With ``refuse``, a ContentError carrying them all; otherwise warnings.
    """
    index = StoryIndex()
    archive = archive_stories(site_dir)
    for story in archive:
        index.add(story)
    in_archive = {story.source for story in archive}
    runs_of = _RunsOf({a.story.source: split_header(a.text).body for a in articles if a.story}, site_dir)
    found = []
    for article in articles:
        if article.story is None:
            continue
        same = index.original_of(article.story, runs_of)
        index.add(article.story)
        if same is not None:
            found.append(_import_diagnostic(article, same, same.original.source in in_archive, refuse))
    if refuse and found:
        raise ContentError(found)
    return found


def _import_diagnostic(article: ImportedArticle, same: SameStory, in_archive: bool, refuse: bool) -> Diagnostic:
    source = same.story.source
    where = f"đã có trong kho: {same.original.source}" if in_archive else f"trùng với {same.original.source} trong cùng lần nhập"
    message = f"bản tin này {where} ({_why(same)})"
    if refuse:
        message += ": không ghi gì; nếu đúng là cần thêm bài này, chạy lại với --allow-duplicate"
    return Diagnostic(source, article.line, message, Level.ERROR if refuse else Level.WARNING)


def _why(same: SameStory) -> str:
    """"cùng tiêu đề, ngày 12/03/2026; thân bài giống 97%"."""
    parts = []
    if same.headline:
        parts.append(f"cùng tiêu đề, ngày {date.fromordinal(same.original.day):%d/%m/%Y}")
    if same.similarity is not None and (not same.headline or same.similarity >= 0.5):
        parts.append(f"thân bài giống {math.floor(same.similarity * 100)}%")
    return "; ".join(parts)


class _RunsOf:
    """A story's body runs, made once: from the bodies given, else from its article file in ``site_dir``."""

    def __init__(self, bodies: dict[str, str], site_dir: Path | None = None) -> None:
        self._bodies = bodies
        self._site_dir = site_dir
        self._made: dict[str, set[int] | None] = {}

    def __call__(self, story: Story) -> set[int] | None:
        if story.source not in self._made:
            body = self._bodies.get(story.source)
            if body is None:
                body = self._read_body(story.source)
            self._made[story.source] = None if body is None else body_runs(fold_body(body))
        return self._made[story.source]

    def _read_body(self, source: str) -> str | None:
        if self._site_dir is None:
            return None
        try:
            return split_header(read_source(self._site_dir / source)).body
        except (OSError, YamlProblem):
            return None  # gone or broken since it was read: not compared
