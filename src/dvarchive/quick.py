"""The quick rebuild: when only the bodies of some articles changed.

Fixing a typo changes one page: the article's own. Its headline, lede,
date, photos and names are what other pages (lists, feeds, related boxes)
show of it, so when those are as they were, the article's page is remade
from the inputs the cache kept for it, and nothing else is touched but the
search bundle it is in (its month's, year's or quarter's), indexed
again from the kept inputs of that bundle's articles. Any other change, or
anything unexpected, falls back to the full build.
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
from .output import replace_file, write_site
from .render import ArticleInputs, RenderContext, make_environment, page_bases, render_article
from .results import BuildOptions
from .search import KeptBundle, build_search_indexes, pagefind_version, search_fingerprint
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
    files_added: int  # to the output: a bundle made again may have more or fewer files


def quick_rebuild(
    options: BuildOptions, cache: BuildCache, before: Inventory | None, now: Inventory, present: set[str]
) -> QuickResult | None:
    """Remake the pages of articles whose body alone changed; None if more changed.

    ``present``: the files of the output (there is an inventory to compare
    with only when the last build's files are all there).
    """
    changed = now.changed_articles(before)
    site_view = cache.get_state("site_view")
    if not changed or not isinstance(site_view, SiteView):
        return None
    edits = [_body_edit(options.site_dir, options.config, cache, source) for source in changed]
    if any(edit is None for edit in edits):
        return None
    done = [edit for edit in edits if edit is not None]
    ctx = _light_context(options.site_dir, options.config, site_view)
    pages = {edit.path: render_article(ctx, edit.inputs) for edit in done}
    if options.search:
        bundles = cache.get_state("search_bundles")
        if not isinstance(bundles, dict) or not all(isinstance(b, KeptBundle) for b in bundles.values()):
            return None
        reindexed = _reindex(ctx.site, cache, bundles, done, options.jobs)
        if reindexed is None:
            return None
        cache.output_changing()
        result = _write_with_search(options.output_dir, present, cache, bundles, pages, reindexed)
    else:
        cache.output_changing()
        written = sum(replace_file(options.output_dir, path, data) for path, data in pages.items())
        result = QuickResult(rendered=len(pages), written=written, files_added=0)
    for edit in done:
        cache.store_parsed_one(edit.source, now.stamps[edit.source], edit.parsed)
        cache.store_recipes([(edit.source, edit.path)], pickle.dumps({edit.source: edit.inputs.without_body()}, 5))
        cache.store_fingerprint(edit.path, edit.inputs.fingerprint(ctx))
    return result


@dataclass(frozen=True)
class Reindexed:
    """A search bundle made again: its files before and now, and its fingerprint."""

    name: str
    kept: KeptBundle  # as the last build left it
    files: dict[str, bytes]
    fingerprint: bytes


def _reindex(
    site: Site, cache: BuildCache, kept: dict[str, KeptBundle], edits: list[QuickEdit], jobs: int
) -> list[Reindexed] | None:
    """The bundles of the edited articles, made again; None if the cache lacks what they need.

    ``kept``: every bundle, as the last build left it.
    """
    # Drafts and scheduled articles (in a preview) are in no bundle.
    edited = {edit.source: edit.inputs for edit in edits if edit.inputs.placed.published}
    # A body edit leaves dates, and so bundles, as they were.
    names = sorted(name for name, bundle in kept.items() if not edited.keys().isdisjoint(bundle.sources))
    sources = {source for name in names for source in kept[name].sources}
    found = cache.recipes(sources - edited.keys()) | edited
    if not all(isinstance(found.get(source), ArticleInputs) for source in sources) or not edited.keys() <= sources:
        return None
    members = {name: [found[source].placed for source in kept[name].sources] for name in names}  # type: ignore[union-attr]
    made = dict(build_search_indexes(site, members, jobs))
    version = pagefind_version()
    return [
        Reindexed(name, kept[name], made[name], search_fingerprint(members[name], site.config.language, version))
        for name in names
    ]


def _write_with_search(
    output_dir: Path,
    manifest: set[str],
    cache: BuildCache,
    kept: dict[str, KeptBundle],
    pages: dict[str, bytes],
    bundles: list[Reindexed],
) -> QuickResult:
    """Swap in the output with these pages and bundles, all at once (files come and go).

    ``manifest``: the files of the output as it is; ``kept``: every bundle, as the last build left it.
    """
    made = pages | {path: data for bundle in bundles for path, data in bundle.files.items()}
    old = {path for bundle in bundles for path in bundle.kept.files}
    written = write_site(output_dir, made, manifest - old, [])
    cache.forget_fingerprints(old)
    for bundle in bundles:
        for path in bundle.files:
            cache.store_fingerprint(path, bundle.fingerprint)
    remade = {bundle.name: KeptBundle(bundle.kept.sources, tuple(sorted(bundle.files))) for bundle in bundles}
    cache.set_state("search_bundles", kept | remade)
    added = sum(len(bundle.files) - len(bundle.kept.files) for bundle in bundles)
    return QuickResult(rendered=len(made), written=written, files_added=added)


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
    return RenderContext(empty, env, markdown, site_view, (), {}, page_bases(env, config, site_view))
