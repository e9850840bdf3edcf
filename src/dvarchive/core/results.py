"""What a build is asked to do, how long its stages take, and what it did."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .config import SiteConfig
from .errors import Diagnostic

Progress = Callable[[str, int, int], None]  # stage, done, total


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    pages: int  # HTML pages in the site
    feeds: int
    rendered: int  # files made by this build
    unchanged: int  # files left as the last build wrote them
    written: int  # files whose bytes changed on disk
    seconds: float
    warnings: tuple[Diagnostic, ...]
    stages: dict[str, float] = field(default_factory=dict)
    scheduled: int = 0  # articles dated after the build's clock (drafts aside), shown or not
    next_scheduled: datetime | None = None  # when the first of them goes live, in the site's timezone
    # Until when the output is right: then a scheduled article goes live or the
    # news sitemap's oldest article leaves it, and a rebuild must build again.
    valid_until: datetime | None = None
    scope: str = ""  # what this build planned, and why, in the editors' words (--verbose)


@dataclass
class Stopwatch:
    stages: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.stages[name] = self.stages.get(name, 0.0) + time.perf_counter() - started


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    output_dir: Path
    config: SiteConfig
    include_drafts: bool
    search: bool
    jobs: int
    progress: Progress | None
    now: datetime  # the build's clock, timezone-aware: what is dated after it is scheduled
    include_future: bool = False
