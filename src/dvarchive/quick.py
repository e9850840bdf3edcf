"""The quick rebuild: when only the bodies of some articles changed.

Fixing a typo changes one page: the article's own. Its headline, lede,
date, photos and names are what other pages (lists, feeds, related boxes)
show of it, so when those are as they were, the article's page is remade
from the inputs the cache kept for it, and nothing else is touched. Any
other change, or anything unexpected, falls back to the full build.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass, replace
from pathlib import Path

from .cache import BuildCache
from .config import SiteConfig
from .errors import Report
from .inventory import Inventory
from .layout import CONTENT_DIR
from .load import ParsedArticle, PhotoFinder, parse_article_file, place_photos
from .markdown import make_markdown
from .model import Article, EntityKind, Site
from .output import replace_file
from .render import ArticleInputs, RenderContext, base_fingerprint, make_environment, render_article
from .views import SiteView


@dataclass(frozen=True)
class QuickEdit:
    source: str
    path: str  # the page, in the output folder
    parsed: ParsedArticle
    inputs: ArticleInputs


@dataclass(frozen=True)
class QuickResult:
    rendered: int
    written: int


def quick_rebuild(
    site_dir: Path, config: SiteConfig, output_dir: Path, cache: BuildCache, before: Inventory | None, now: Inventory
) -> QuickResult | None:
    """Remake the pages of articles whose body alone changed; None if more changed."""
    changed = now.changed_articles(before)
    site_view = cache.get_state("site_view")
    if not changed or not isinstance(site_view, SiteView):
        return None
    edits = [_body_edit(site_dir, config, cache, source) for source in changed]
    if any(edit is None for edit in edits):
        return None
    ctx = _light_context(site_dir, config, site_view)
    written = 0
    cache.output_changing()
    for edit in edits:
        assert edit is not None
        written += replace_file(output_dir, edit.path, render_article(ctx, edit.inputs))
        cache.store_parsed_one(edit.source, now.stamps[edit.source], edit.parsed)
        cache.store_recipes([(edit.source, edit.path)], pickle.dumps({edit.source: edit.inputs.without_body()}, 5))
        cache.store_fingerprint(edit.path, edit.inputs.fingerprint(ctx))
    return QuickResult(rendered=len(edits), written=written)


def _body_edit(site_dir: Path, config: SiteConfig, cache: BuildCache, source: str) -> QuickEdit | None:
    remembered = cache.recipe(source)
    if remembered is None or not isinstance(remembered[1], ArticleInputs):
        return None
    path, inputs = remembered
    parsed = parse_article_file(site_dir, config, source)
    if parsed.article is None or parsed.diagnostics:
        return None
    report = Report()
    article = place_photos(parsed.article, PhotoFinder(site_dir / CONTENT_DIR), report)
    if report.diagnostics or _shown_elsewhere(article) != _shown_elsewhere(inputs.placed.article):
        return None
    return QuickEdit(source, path, parsed, replace(inputs, placed=replace(inputs.placed, article=article)))


def _shown_elsewhere(article: Article) -> Article:
    """The article without what only its own page shows: the body."""
    images = tuple(replace(photo, line=None) for photo in article.body_photos)
    return replace(article, body="", body_line=0, body_photos=images, digest="")


def _light_context(site_dir: Path, config: SiteConfig, site_view: SiteView) -> RenderContext:
    """Enough of a render context to make article pages from their inputs."""
    env = make_environment(site_dir)
    empty = Site(config, site_dir, (), {kind: () for kind in EntityKind}, ())
    markdown = make_markdown(config.allow_html)
    return RenderContext(empty, env, markdown, site_view, (), {}, base_fingerprint(env, config, site_view))
