"""The short plan of a registry edit: the pages of the entries edited, when nothing else shows the edit.

A person's, organisation's or author's description and web address show on
the entity's front page (as its description, and in its sharing tags and
structured data) and in its feed's channel, and nowhere else (the A–Z
pages list names and counts; article pages the names and roles by date).
In a site whose lists are numbered from the oldest (``paging:
from_oldest``), an entity's numbered pages name it and no more (see
listings.py), so an edit of those alone remakes two files per entry, from the recipes
the cache kept of them when they were last made (``ListingRecipe``,
``FeedRecipe``; the feed's items are those of the feed in the output, which
its recipe is checked to have made), with the entry as it is now. Any other change of a
registry (a name, an alias, a role, a photo, an entry added or removed)
changes what articles resolve to or show: :mod:`dvarchive.whole_site`
plans the whole site then, as it does when the registries have a problem
to report, or the cache lacks a recipe.
"""

from __future__ import annotations

from dataclasses import fields, is_dataclass
from functools import partial

from .core.errors import Report
from .core.jobs import PageJob
from .core.layout import REGISTRY_FILES
from .core.messages import site_messages
from .core.model import RegistryEntry, Site
from .core.paging import FROM_OLDEST
from .core.records import replace
from .core.results import BuildOptions, Stopwatch
from .core.urls import feed_url, output_path
from .incremental.cache import BuildCache
from .incremental.changes import Changes
from .incremental.state import KeptRegistry
from .plan import Plan
from .stages.feeds import FeedRecipe, entity_feed_description, feed_recipe_job, items_of
from .stages.listings import ListingRecipe, listing_job
from .stages.load import read_body, read_templates
from .stages.registries import load_registries
from .stages.render import RenderContext, article_context, make_environment


def plan_registry_edits(options: BuildOptions, cache: BuildCache, watch: Stopwatch, changes: Changes) -> Plan | None:
    """The front pages and feeds of the registered people, organisations and authors whose
    description or web address alone changed (nothing else shows them); None when an edit
    shows elsewhere, or the registries have a problem to report (the whole site is then planned)."""
    last, kept = changes.last, cache.registry()
    if options.config.paging != FROM_OLDEST:
        return None  # every page of a list numbered from the newest shows the description
    if last is None or kept is None or any(d.path in REGISTRY_FILES for d in last.result.warnings):
        return None  # the last build's warnings of the registries would be reported again, stale
    with watch.stage("load"):
        report = Report()
        entries = load_registries(options.site_dir, report)
        edited = _described_alone(kept, entries)
        if report.diagnostics or edited is None:
            return None
        templates = read_templates(options.site_dir)
    with watch.stage("plan"):
        site_view = cache.site_view()
        pages = {kept.pages[place]: entries[place] for place in edited}
        paths = {url: (output_path(options.config, url), output_path(options.config, feed_url(url))) for url in pages}
        recipes = cache.page_recipes({path for both in paths.values() for path in both})
        if site_view is None or not all(_recipes_of(recipes, both) for both in paths.values()):
            return None
        items = {url: _feed_items(options, recipes, paths[url][1]) for url in pages}
        if None in items.values():
            return None
        env = make_environment(templates, site_messages(options.config))
        ctx = article_context(options.site_dir, options.config, env, site_view, partial(read_body, options.site_dir))
        jobs = [
            job
            for url, entry in pages.items()
            for job in entity_jobs(ctx, *_recipes_of(recipes, paths[url]), items[url], entry)  # type: ignore[arg-type]
        ]
    return Plan(ctx, jobs, {}, [], last.result, partial=True, registry=KeptRegistry(entries, kept.pages))


def _recipes_of(recipes: dict[str, object], paths: tuple[str, str]) -> tuple[ListingRecipe, FeedRecipe] | tuple[()]:
    """The recipes of an entity's front page and feed, if the cache has both."""
    page, feed = (recipes.get(path) for path in paths)
    return (page, feed) if isinstance(page, ListingRecipe) and isinstance(feed, FeedRecipe) else ()


def _feed_items(options: BuildOptions, recipes: dict[str, object], path: str) -> bytes | None:
    """The items of the feed at ``path`` in the output, as the last build made it; None if it was changed since."""
    recipe = recipes[path]
    assert isinstance(recipe, FeedRecipe)
    try:
        made = (options.output_dir / path).read_bytes()
    except OSError:
        return None
    return items_of(options.config, recipe, made)


def entity_jobs(ctx: RenderContext, page: ListingRecipe, feed: FeedRecipe, items: bytes, entry: RegistryEntry) -> list[PageJob]:
    """An entity's front page and feed (around its ``items``) made again with its registry entry as it is now."""
    entity = page.page.entity
    assert entity is not None
    page = replace(page, page=replace(page.page, entity=replace(entity, entry=entry), description=entry.description or ""))
    feed = replace(feed, description=entry.description or entity_feed_description(ctx.messages, entity.ref.name))
    return [listing_job(ctx, page), feed_recipe_job(ctx.config, feed, items)]


def _described_alone(kept: KeptRegistry, entries: tuple[RegistryEntry, ...]) -> list[int] | None:
    """The places of the entries whose description or web address alone changed since the last
    build, if each has a page that alone shows them; None if any other field changed.

    Lines do not count: an entry below a longer description moves down, and no page shows its line.
    """
    if len(entries) != len(kept.entries):
        return None
    edited = []
    for place, (before, now) in enumerate(zip(kept.entries, entries)):
        if before == now:
            continue
        if _without_lines(replace(before, description=None, url=None)) != _without_lines(replace(now, description=None, url=None)):
            return None
        if (before.description, before.url) != (now.description, now.url):
            if kept.pages[place] is None:
                return None
            edited.append(place)
    return edited


def _without_lines(value: object) -> object:
    """A record's fields, and theirs in turn, without the lines they were read from."""
    if is_dataclass(value) and not isinstance(value, type):
        shown = tuple((f.name, _without_lines(getattr(value, f.name))) for f in fields(value) if f.name != "line")
        return (type(value).__name__, shown)
    if isinstance(value, tuple):
        return tuple(_without_lines(item) for item in value)
    return value


def kept_registry(entries: tuple[RegistryEntry, ...], site: Site) -> KeptRegistry:
    """The registries as read, with the page of each entry's entity (see KeptRegistry)."""
    signposted = {ref.url for group in site.namesakes for ref in group.members}
    pages = {
        (entity.entry.kind, entity.entry.name): entity.ref.url
        for of_kind in site.entities.values()
        for entity in of_kind
        if entity.entry is not None and entity.ref.url not in signposted
    }
    return KeptRegistry(entries, tuple(pages.get((entry.kind, entry.name)) for entry in entries))
