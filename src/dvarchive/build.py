"""``build_site()``: load → resolve → render → write, in that order."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic
from .feeds import render_feed_item, render_feeds, render_sitemap
from .load import CONTENT_DIR, load_sources
from .model import Site
from .output import Copy, check_output_folder, write_site
from .render import (
    THEME_STATIC,
    RenderedFile,
    make_context,
    make_environment,
    render_archives,
    render_articles,
    render_entities,
    render_home,
    render_indexes,
    render_not_found,
)
from .resolve import resolve_site


@dataclass(frozen=True)
class BuildResult:
    output: Path
    articles: int
    pages: int
    feeds: int
    files: int
    seconds: float
    warnings: tuple[Diagnostic, ...]


def build_site(site_dir: Path, output: Path | None = None, include_drafts: bool = False) -> BuildResult:
    """Build the site in ``site_dir``; raise DvarchiveError listing every problem."""
    started = time.perf_counter()
    sources = load_sources(site_dir, include_drafts)
    output_dir = output if output is not None else site_dir / sources.config.output
    check_output_folder(site_dir, output_dir)
    site, report = resolve_site(sources)
    pages, feeds = render_site(site)
    files = [(f.path, f.data) for f in (*pages, *feeds)]
    written = write_site(output_dir, files, list(asset_copies(site)))
    return BuildResult(
        output=output_dir,
        articles=len(site.articles),
        pages=sum(1 for p in pages if p.path.endswith(".html")),
        feeds=len(feeds),
        files=written,
        seconds=time.perf_counter() - started,
        warnings=tuple(report.diagnostics),
    )


def render_site(site: Site) -> tuple[list[RenderedFile], list[RenderedFile]]:
    """Every page (the sitemap included) and every feed, in memory."""
    ctx = make_context(site, make_environment(site.site_dir))
    pages = [
        *render_articles(ctx),
        *render_home(ctx),
        *render_entities(ctx),
        *render_archives(ctx),
        *render_indexes(ctx),
        render_not_found(ctx),
    ]
    pages.append(render_sitemap(site, pages))
    items = [render_feed_item(site, position) for position in range(len(site.articles))]
    return pages, list(render_feeds(site, items))


def asset_copies(site: Site) -> Iterator[Copy]:
    """The theme's static files, the site's over them, and the published photos."""
    static: dict[str, Path] = {}
    for folder in (THEME_STATIC, site.site_dir / "static"):
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    static[path.relative_to(folder).as_posix()] = path
    for relative, path in static.items():
        yield Copy(path, relative)
    for src in site.photos:
        yield Copy(site.site_dir / CONTENT_DIR / src, src)
