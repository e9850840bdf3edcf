"""What a build will make: a :class:`Plan`, and the short plan of a body edit.

A plan is every output file as a job, with what the build says of the site.
:func:`plan_edits` plans the pages of articles whose body alone changed,
from what the cache kept of them; :mod:`dvarchive.registry_edits` plans a
registry edit that shows on its entries' own pages alone, and
:mod:`dvarchive.whole_site` the whole site, when anything else changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from .core.jobs import ArticleInputs, Copy, PageJob
from .core.messages import site_messages
from .core.model import PlacedArticle
from .core.results import BuildOptions, BuildResult, Stopwatch
from .incremental.cache import BuildCache
from .incremental.changes import Changes, bodies_only
from .incremental.state import KeptBundle, KeptRegistry
from .stages.load import load_edited, read_body, read_templates
from .stages.ninjs import article_files
from .stages.render import RenderContext, article_context, make_environment


@dataclass(frozen=True)
class Plan:
    """Every file a build makes or keeps, as jobs, and what it says of the site."""

    ctx: RenderContext
    jobs: list[PageJob]  # pages, sitemaps, redirects and feeds
    bundles: dict[str, list[PlacedArticle]]  # the search bundles to make, or keep if unchanged
    copies: list[Copy]  # photos, their derivatives and static files
    summary: BuildResult  # the site's counts and warnings (what was made is filled in after)
    # Only some files are planned (the pages of articles whose body alone changed):
    # the last output's other files stay as they are.
    partial: bool = False
    published: bytes | None = None  # the record of the addresses served (published.py)
    registry: KeptRegistry | None = None  # the registries read, for the next build (None: as the last build kept)


def plan_edits(options: BuildOptions, cache: BuildCache, watch: Stopwatch, changes: Changes) -> Plan | None:
    """The pages of the edited articles, and their search bundles, when only their bodies
    changed; None when the edits show elsewhere (the whole site is then planned)."""
    last = changes.last
    assert last is not None
    with watch.stage("load"):
        stamps = {source: changes.inventory.stamps[source] for source in changes.edited}
        parsed = load_edited(options.site_dir, options.config, stamps, cache, options.jobs)
        edits = bodies_only(parsed, cache.recipes(set(changes.edited)))
        if edits is None:
            return None
        templates = read_templates(options.site_dir)
    with watch.stage("plan"):
        bundles = _bundles_of(edits, last.bundles, cache) if options.search else {}
        site_view = cache.site_view()
        if bundles is None or site_view is None:
            return None
        env = make_environment(templates, site_messages(options.config))
        ctx = article_context(options.site_dir, options.config, env, site_view, partial(read_body, options.site_dir))
        # An article's page and its ninjs document (which holds the body too), one after the other.
        jobs = [job for inputs in edits.values() for job in article_files(ctx, inputs)]
    return Plan(ctx, jobs, bundles, [], last.result, partial=True)


def _bundles_of(
    edits: dict[str, ArticleInputs], kept: dict[str, KeptBundle], cache: BuildCache
) -> dict[str, list[PlacedArticle]] | None:
    """The search bundles the edited articles are in, with their articles; None if the cache lacks one.

    A body edit leaves dates, and so bundles, as they were. Drafts and
    scheduled articles (in a preview) are in no bundle.
    """
    edited = {source: inputs for source, inputs in edits.items() if inputs.placed.published}
    names = sorted(name for name, bundle in kept.items() if not edited.keys().isdisjoint(bundle.sources))
    sources = {source for name in names for source in kept[name].sources}
    found = cache.recipes(sources - edited.keys()) | edited
    if not sources <= found.keys() or not edited.keys() <= sources:
        return None
    return {name: [found[source].placed for source in kept[name].sources] for name in names}
