"""What one build keeps for the next, as typed records.

The cache (:mod:`dvarchive.incremental.cache`) stores these and nothing else: a record
read back is of its type, or is not there. ``SCHEMA`` names their shape;
the cache is emptied when dvarchive's code changes (``code_fingerprint``),
so a record is only ever read by the code that wrote it, and ``SCHEMA``
says so to a reader of the file.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, TypeAlias

from ..core.results import BuildResult
from .inventory import Inventory

if TYPE_CHECKING:
    from ..core.model import RegistryEntry

SCHEMA = 1


@dataclass(frozen=True)
class KeptBundle:
    """A search bundle as built: its articles (their sources, in the order they were indexed) and its files."""

    sources: tuple[str, ...]
    files: tuple[str, ...]


@dataclass(frozen=True)
class LastBuild:
    """The last build into one output folder: enough to tell what changed since.

    What making an article's page again needs besides (the navigation, the
    page's inputs) is kept apart: a build with nothing to do never reads it.
    """

    inventory: Inventory  # what it read
    clock: datetime  # the time it was built for
    result: BuildResult
    bundles: dict[str, KeptBundle]  # the search bundles, by name
    schema: int = SCHEMA


# An article page's inputs (ArticleInputs) are kept a batch at a time, by source;
# another page's recipe (PageJob.keep) by its path.
RecipeBatch: TypeAlias = "dict[str, object]"


@dataclass(frozen=True)
class KeptRegistry:
    """The registries as the last build read them, and the page of each entry's entity:
    its address, or None where the entity has no page or the entry shows elsewhere
    too (on the page of the namesakes it shares a plain address with)."""

    entries: tuple[RegistryEntry, ...]
    pages: tuple[str | None, ...]


@dataclass(frozen=True)
class KeptRankings:
    """Each article's "Tin liên quan" as last ranked, by its place counted from the oldest
    article (0): the digest of what its ranking read (it and every earlier article, so
    while the digest is the same so are those places) and the places it ranked. Flat
    arrays: at 100,000 articles a few megabytes, where tuples of names took 45."""

    digests: bytes  # DIGEST_SIZE bytes an article, the oldest first
    ranked: array[int]  # ``width`` places an article, -1 where it ranked fewer
    width: int

    DIGEST_SIZE = 16
