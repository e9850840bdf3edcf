"""What changed since the last build, decided in one place.

Every build asks :func:`what_changed` first. The answer is one of four:
nothing (the last output is this build's output), some article files and
nothing else (their pages may be all that must be made again), some
registries and nothing else (the pages of the entries edited may be), or
anything else (every page is planned, and those whose fingerprint is
unchanged are not made again). :func:`bodies_only` then tells, once the
edited files are parsed, whether the edits show anywhere but on the
articles' own pages; registry_edits.py tells the same of registry edits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING

from ..core.layout import REGISTRY_FILES
from ..core.results import BuildOptions
from .cache import BuildCache
from .fingerprints import shown_elsewhere
from .inventory import Inventory, files_in_output, is_article, take_inventory
from .state import LastBuild

if TYPE_CHECKING:
    from ..core.jobs import ArticleInputs
    from ..core.model import ParsedArticle


@dataclass(frozen=True)
class Changes:
    inventory: Inventory  # what this build reads
    present: set[str]  # the files of the last output still there
    last: LastBuild | None  # what the last build kept; None: build everything
    nothing: bool = False
    edited: tuple[str, ...] = ()  # article files changed when no other file did
    registries: bool = False  # registries changed, and no other file
    why: str = ""  # why the whole site is planned, in the editors' words


def what_changed(options: BuildOptions, cache: BuildCache) -> Changes:
    """What changed since the last build into this output folder, with these options."""
    named = f"drafts={options.include_drafts} future={options.include_future} search={options.search}"
    inventory = take_inventory(options.site_dir, options.output_dir, named)
    present, intact = files_in_output(options.output_dir, options.jobs)
    last = cache.last_build()
    return replace(_compare(last, inventory, intact, options.now), inventory=inventory, present=present)


def _compare(last: LastBuild | None, inventory: Inventory, intact: bool, now: datetime) -> Changes:
    """``intact``: every file the last build wrote is still in the output."""
    none: set[str] = set()
    if last is None:
        return Changes(inventory, none, None, why="chưa có bản dựng trước vào thư mục này")
    if not intact:
        return Changes(inventory, none, None, why="thư mục đầu ra thiếu tệp của bản dựng trước")
    if not _still_valid(last, now):
        why = "đã đến giờ đăng một bài hẹn giờ hay giờ một bài rời sitemap tin mới, hoặc đồng hồ lùi lại"
        return Changes(inventory, none, None, why=why)
    if inventory == last.inventory:
        return Changes(inventory, none, last, nothing=True)
    if inventory.options != last.inventory.options:
        why = "phiên bản dvarchive hoặc tùy chọn dựng (--drafts, --future, --no-search) đã đổi"
        return Changes(inventory, none, None, why=why)
    changed = inventory.changed_files(last.inventory)
    if changed and REGISTRY_FILES.issuperset(changed):
        return Changes(inventory, none, last, registries=True, why="sổ đăng ký nhân vật, tổ chức hay tác giả thay đổi")
    if changed is None or not all(map(is_article, changed)):
        return Changes(inventory, none, last, why="có tệp ngoài bài viết thay đổi, hoặc bài được thêm, bớt")
    return Changes(inventory, none, last, edited=tuple(changed))


def _still_valid(last: LastBuild, now: datetime) -> bool:
    """The last build's output is still right at ``now``, if no file changed.

    Time alone changes a site: a scheduled article goes live, the news
    sitemap's oldest article leaves it. A clock earlier than the last
    build's (set back, or a test's) may see an article as not yet published.
    """
    if now < last.clock:
        return False
    return last.result.valid_until is None or now < last.result.valid_until


def bodies_only(parsed: list[ParsedArticle], kept: dict[str, ArticleInputs]) -> dict[str, ArticleInputs] | None:
    """The inputs of the edited articles' pages, when only their bodies changed; None otherwise.

    ``parsed``: the edited files, their photos found; ``kept``: the inputs
    the last build made their pages from. An edit that shows elsewhere (a
    headline, a date, a name…), or one with a problem, needs the whole site.
    """
    edits = {}
    for item in parsed:
        inputs = kept.get(item.source)
        if item.article is None or item.diagnostics or inputs is None:
            return None
        if shown_elsewhere(item.article) != shown_elsewhere(inputs.placed.article):
            return None
        edits[item.source] = replace(inputs, placed=replace(inputs.placed, article=item.article))
    return edits
