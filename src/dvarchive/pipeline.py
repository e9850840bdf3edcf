"""The build, every time: load → resolve → plan → render → write.

:func:`run_build` is given what changed since the last build into this
output folder (:mod:`dvarchive.incremental.changes`; when nothing did, the
last output is the answer and this module is not even imported). When only
some articles' bodies did, the plan is their pages and the search bundles
they are in, made from the inputs the cache kept of them
(:func:`dvarchive.plan.plan_edits`): every other file of the output stays
as it is. Otherwise the whole site is loaded, resolved and planned
(:mod:`dvarchive.whole_site`). Either way the plan's jobs are rendered (a
job whose fingerprint is what the last build recorded for its file is not
made again) and written through one staging folder swapped in at once, and
what the next build needs is kept.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

from .core.jobs import ArticleInputs, PageJob
from .core.parallel import iter_fed, iter_parallel
from .core.results import BuildOptions, BuildResult, Progress, Stopwatch
from .incremental.cache import BuildCache
from .incremental.changes import Changes
from .incremental.state import KeptBundle, LastBuild
from .plan import Plan, plan_edits
from .stages.ninjs import article_files
from .stages.output import Staging
from .stages.published import PUBLISHED_FILE
from .stages.render import RenderContext, article_context
from .stages.search import build_search_indexes, pagefind_version, search_fingerprint


@dataclass(frozen=True)
class Rendered:
    """What a stage put in the output: every file's fingerprint, how many were made, how many changed."""

    fingerprints: dict[str, bytes]
    made: int
    written: int


@dataclass(frozen=True)
class Made:
    """What rendering a plan put in the staging folder, and what the output had before."""

    fingerprints: dict[str, bytes]  # of every file the plan made or found unchanged
    known: dict[str, bytes]  # the fingerprints the cache had of the files the plan owns
    made: int
    written: int
    wanted: set[str]  # the files of the new output (copies aside)
    bundles: dict[str, KeptBundle]  # every search bundle the new output has


def run_build(options: BuildOptions, cache: BuildCache, watch: Stopwatch, changes: Changes) -> BuildResult:
    """Build the site; only what changed since the last build (``changes``, not nothing) is made again."""
    with watch.stage("write"):
        # The current output, hard-linked, to change: linked in the background while the site is
        # read, unless the build may change only a page or two (Staging's "deferred").
        # Its manifest as what_changed read it, when every file of it is there (an output put back
        # after a swap killed midway is read again).
        written = changes.present if changes.last is not None else None
        staging = Staging(options.output_dir, deferred=_renamed_alone(changes, options.search), previous=written)
    try:
        plan = plan_edits(options, cache, watch, changes) if changes.edited else None
        why = changes.why or "bài sửa có thay đổi hiện ở trang khác (tiêu đề, ngày, tên, ảnh…), hoặc có lỗi cần báo"
        if changes.registries:
            from .registry_edits import plan_registry_edits  # loads feeds and lists: a body edit does not need them

            plan = plan_registry_edits(options, cache, watch, changes)
            why = "sổ đăng ký đổi ở chỗ khác ngoài phần mô tả hay địa chỉ web, hoặc có điều cần báo"
        if plan is None:
            staging.link()
            from . import whole_site  # loads feeds, photos, pages…: only a whole-site plan needs them

            plan = whole_site.plan_whole_site(options, cache, watch)
        made = _make(plan, changes, cache, staging, options, watch)
        cache.output_changing()  # may fail (a full disk): the new version then goes, the last one stays
    except BaseException:
        staging.abandon()
        raise
    with watch.stage("write"):
        written = made.written + staging.finish(made.wanted, plan.copies)
        changed = {path: value for path, value in made.fingerprints.items() if made.known.get(path) != value}
        cache.update_fingerprints(changed, made.known.keys() - made.fingerprints.keys())
        if not plan.partial:
            kept = {job.path for job in plan.jobs if job.keep is not None}
            cache.keep_recipes({placed.article.source for placed in plan.ctx.site.articles} | kept)
    scope = _scope(plan, changes, why)
    result = replace(_result(plan, made, written, scope), output=options.output_dir)
    last = LastBuild(changes.inventory, options.now, replace(result, seconds=0.0, stages={}), made.bundles)
    cache.keep_last_build(last, plan.ctx.site_view)
    if plan.registry is not None:
        cache.keep_registry(plan.registry)
    return result


def _scope(plan: Plan, changes: Changes, why: str) -> str:
    """What the build planned, in the editors' words."""
    if not plan.partial:
        return f"cả trang: {why}"
    if changes.registries:
        return f"chỉ trang và nguồn RSS của {len(plan.jobs) // 2} mục sổ đăng ký sửa phần mô tả"
    edited = sum(1 for job in plan.jobs if job.recipe is not None)  # an article's page (its ninjs document aside)
    return f"chỉ trang của {edited} bài sửa nội dung"


def _renamed_alone(changes: Changes, search: bool) -> int:
    """How many changed or new files a build of edited articles or registries may rename into the
    output one by one (see Staging): the page and the ninjs document of one article, and the files
    of its search bundle that Pagefind makes anew; the front page and feed of a registry entry;
    otherwise one file at most."""
    if changes.registries:
        return 2  # an entry's front page and its feed
    if not changes.edited:
        return 0
    if len(changes.edited) > 1:
        return 1
    return 2 + (_MOST_SEARCH_FILES_ALONE if search else 0)


# A bundle indexed again after a body edit changes its pagefind-entry.json, its
# metadata, the article's fragment and the index chunks holding the words that
# changed: rarely more than a few dozen files. Renaming each costs far less than
# linking every file of the output (about 30 µs each), which is what more would cost.
_MOST_SEARCH_FILES_ALONE = 100


def _make(plan: Plan, changes: Changes, cache: BuildCache, staging: Staging, options: BuildOptions, watch: Stopwatch) -> Made:
    """Render the plan's jobs and search bundles into ``staging``: those whose fingerprint changed."""
    last_bundles = changes.last.bundles if changes.last else {}  # each kept if its inputs and files are as they were
    owned = {job.path for job in plan.jobs} | {p for name in plan.bundles for p in last_bundles.get(name, _NO_BUNDLE).files}
    known = cache.fingerprints(owned if plan.partial else None)
    previous = {path: known[path] for path in changes.present & known.keys()}  # what is still there
    with watch.stage("write"):
        staging.ready()
    with watch.stage("render"):
        rendered = render_jobs(staging, plan, previous, options.jobs, cache, options.progress)
    with watch.stage("search"):
        searched, bundles = _search(plan, last_bundles, previous, staging, options.jobs)
    if plan.published is not None:
        staging.put(PUBLISHED_FILE, plan.published)  # beside the manifest, for the next build
    fingerprints = rendered.fingerprints | searched.fingerprints
    # A partial plan keeps every other file of the last output as it is.
    wanted = (changes.present - owned if plan.partial else set()) | fingerprints.keys()
    made, written = rendered.made + searched.made, rendered.written + searched.written
    return Made(fingerprints, known, made, written, wanted, bundles)


def _result(plan: Plan, made: Made, written: int, scope: str) -> BuildResult:
    """The plan's summary with what this build made; a partial plan's output holds
    the last build's files, less those it owned, plus those it made or kept."""
    summary = plan.summary
    files = len(made.fingerprints) + (summary.rendered + summary.unchanged - len(made.known) if plan.partial else 0)
    return replace(summary, rendered=made.made, unchanged=files - made.made, written=written, scope=scope)


_NO_BUNDLE = KeptBundle((), ())


def _search(
    plan: Plan, last_bundles: dict[str, KeptBundle], previous: dict[str, bytes], staging: Staging, jobs: int
) -> tuple[Rendered, dict[str, KeptBundle]]:
    """The planned Pagefind bundles (search.py): a bundle is made again only when
    the indexed text of one of its articles changed. Each bundle's files have
    the bundle's fingerprint, in what the cache keeps.

    Returns what was put in the output, and every bundle the output now has: a
    partial plan's and the last build's others, or a whole-site plan's alone.
    """
    site = plan.ctx.site
    version = pagefind_version() if plan.bundles else ""
    inputs = {name: search_fingerprint(articles, site.config, version) for name, articles in plan.bundles.items()}
    kept = {name: last_bundles[name].files for name in plan.bundles if name in last_bundles and last_bundles[name].files}
    files = {name: paths for name, paths in kept.items() if all(previous.get(p) == inputs[name] for p in paths)}
    stale = {name: articles for name, articles in plan.bundles.items() if name not in files}
    made = written = 0
    for name, bundle in build_search_indexes(site, stale, jobs, plan.ctx.read_body, staging.put):
        # Pagefind names most files by their content: a re-indexed bundle changes only a few.
        written += bundle.written
        files[name] = bundle.files
        made += len(bundle.files)
    planned = {
        name: KeptBundle(tuple(placed.article.source for placed in articles), files[name])
        for name, articles in plan.bundles.items()
    }
    fingerprints = {path: inputs[name] for name, paths in files.items() for path in paths}
    return Rendered(fingerprints, made, written), (last_bundles | planned if plan.partial else planned)


@dataclass(frozen=True)
class _MakeBatch:
    """A batch of jobs made into the staging folder (those whose fingerprint changed): the
    work of render's helpers. Returns the jobs' fingerprints, how many were made and
    written, the pages made whose recipe the cache keeps (an article's by its source,
    another's by its path; and the page's path), and their recipes pickled."""

    staging: Staging
    previous: dict[str, bytes]

    def __call__(self, batch: list[PageJob]) -> tuple[list[bytes], int, int, list[tuple[str, str]], bytes]:
        fingerprints, made, written, pages, recipes = self.make(batch)
        # Pickled here, on the worker's core, rather than in the main process.
        return fingerprints, made, written, pages, pickle.dumps(recipes, 5)

    def make(self, batch: list[PageJob]) -> tuple[list[bytes], int, int, list[tuple[str, str]], dict[str, object]]:
        fingerprints, made, written = [], 0, 0
        pages: list[tuple[str, str]] = []
        recipes: dict[str, object] = {}
        for job in batch:
            fingerprints.append(job.inputs())
            if self.previous.get(job.path) == fingerprints[-1]:
                continue
            made += 1
            written += self.staging.put(job.path, job.make())
            if job.recipe is not None:
                source = job.recipe.placed.article.source
                pages.append((source, job.path))
                recipes[source] = job.recipe.without_body()
            elif job.keep is not None:
                pages.append((job.path, job.path))
                recipes[job.path] = job.keep()
        return fingerprints, made, written, pages, recipes


# Article pages' recipes (their inputs, to make a page again alone) are pickled
# a batch at a time: what neighbouring articles share (sections, authors,
# agencies) is written once, and pickling costs about half as much.
_MOST_RECIPES_IN_BATCH = 16


def render_jobs(
    staging: Staging,
    plan: Plan,
    previous: dict[str, bytes],
    jobs: int,
    cache: BuildCache,
    progress: Progress | None = None,
) -> Rendered:
    """Make into ``staging`` the files of the plan whose fingerprint is not in ``previous``, on ``jobs`` processes.

    The recipes of the article pages made go to the cache as they come.
    """
    planned = plan.jobs
    size = max(1, min(_MOST_RECIPES_IN_BATCH, len(planned) // 1000))  # a small site keeps batches for all cores
    articles = _article_files(planned) if jobs > 1 else []  # one process: no helper to send them to
    if len(articles) >= _ARTICLES_MADE_BY_FRESH_HELPERS:
        results = _fed_results(staging, plan.ctx, articles, planned, previous, size, jobs)
    else:
        batches = [planned[start : start + size] for start in range(0, len(planned), size)]
        # The results first: zip then runs them out, and the helpers end with them. From both ends:
        # article pages here, lists and feeds in the helpers, each process keeping its own memos.
        made = iter_parallel(_MakeBatch(staging, previous), batches, jobs, from_both_ends=True)
        results = ((result, [job.path for job in batch]) for result, batch in zip(made, batches))
    all_fingerprints: dict[str, bytes] = {}
    all_made = all_written = 0
    step = max(1, len(planned) // 100)
    for (fingerprints, made_here, written, pages, value), paths in results:
        done_before = len(all_fingerprints)
        all_fingerprints.update(zip(paths, fingerprints))
        all_made, all_written = all_made + made_here, all_written + written
        if pages:
            cache.store_recipes(pages, value)
        done = len(all_fingerprints)
        if progress is not None and (done // step > done_before // step or done == len(planned)):
            progress("render", done, len(planned))
    return Rendered(all_fingerprints, all_made, all_written)


# From this many articles, their pages are made by helpers started fresh, given each
# article's inputs (ArticleInputs) as they ask: a helper forked once the site is
# planned maps all of it, and the build's memory (summed over processes) doubles.
# Below, a fork is cheaper than starting an interpreter.
_ARTICLES_MADE_BY_FRESH_HELPERS = 1_000

_Made = tuple[list[bytes], int, int, list[tuple[str, str]], bytes]  # what a _MakeBatch returns


def _fed_results(
    staging: Staging,
    ctx: RenderContext,
    articles: list[list[PageJob]],
    planned: list[PageJob],
    previous: dict[str, bytes],
    size: int,
    jobs: int,
) -> Iterator[tuple[_Made, list[str]]]:
    """Each batch made, with its files' paths: the article pages in this process and in fresh
    helpers (which hold nothing of the site), every other file in this process."""
    in_articles = {id(job) for files in articles for job in files}
    others = [job for job in planned if id(job) not in in_articles]
    here = [others[start : start + size] for start in range(0, len(others), size)]
    fed = [articles[start : start + size] for start in range(0, len(articles), size)]
    context = article_context(ctx.site.site_dir, ctx.config, ctx.env, ctx.site_view, ctx.read_body)
    make = _MakeBatch(staging, previous)
    fed_jobs = [[job for files in batch for job in files] for batch in fed]
    # This process makes the articles it takes from the jobs it has, sharing the memos of the lists' teasers.
    items = _ArticleBatches(fed, previous)
    made = iter_fed(make, here, _MakeArticles(staging, context), items, jobs, fed_here=lambda index: make(fed_jobs[index]))
    for from_fed, index, result in made:
        yield result, [job.path for job in (fed_jobs[index] if from_fed else here[index])]


def _article_files(planned: list[PageJob]) -> list[list[PageJob]]:
    """Each article's files in the plan: its page, then its ninjs document once it is published
    (one after the other, as ninjs.article_files plans them)."""
    found = []
    for position, job in enumerate(planned):
        if job.recipe is not None:
            found.append(planned[position : position + (2 if job.recipe.placed.published else 1)])
    return found


# A batch of articles as a helper is sent it: their inputs pickled as the cache keeps
# them (a dict from each source to its ArticleInputs), and the fingerprints the last
# build recorded of each article's files.
_ArticleBatch = tuple[bytes, list[tuple[bytes | None, ...]]]


class _ArticleBatches(Sequence[_ArticleBatch]):
    """The batches of articles, each pickled as a helper is sent it (never all at once)."""

    def __init__(self, batches: list[list[list[PageJob]]], previous: dict[str, bytes]) -> None:
        self.batches, self.previous = batches, previous

    def __len__(self) -> int:
        return len(self.batches)

    def __getitem__(self, index: int) -> _ArticleBatch:  # type: ignore[override]
        batch = self.batches[index]
        recipes = {files[0].recipe.placed.article.source: files[0].recipe.without_body() for files in batch}  # type: ignore[union-attr]
        made_before = [tuple(self.previous.get(job.path) for job in files) for files in batch]
        return pickle.dumps(recipes, 5), made_before


@dataclass(frozen=True)
class _MakeArticles:
    """Batches of articles' pages made from their inputs alone, in a helper that holds nothing
    else of the site (``context``: an article_context): what _MakeBatch returns."""

    staging: Staging
    context: RenderContext

    def __call__(self, batch: _ArticleBatch) -> _Made:
        pickled, made_before = batch
        recipes: dict[str, ArticleInputs] = pickle.loads(pickled)  # noqa: S301 - from this build's own process
        planned: list[PageJob] = []
        previous: dict[str, bytes] = {}
        for inputs, known in zip(recipes.values(), made_before):
            files = article_files(self.context, inputs)
            planned += files
            previous.update((job.path, value) for job, value in zip(files, known) if value is not None)
        fingerprints, made, written, pages, kept = _MakeBatch(self.staging, previous).make(planned)
        # Every article of the batch made (a cold build): the cache keeps the batch as it came.
        return fingerprints, made, written, pages, pickled if len(kept) == len(recipes) else pickle.dumps(kept, 5)
