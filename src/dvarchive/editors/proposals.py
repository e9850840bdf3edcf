"""People an article names with a title that neither its header nor a registry knows.

"Bộ trưởng Bộ Tài chính Nguyễn Văn Thắng" in a body, with no Nguyễn Văn
Thắng in ``people:`` or ``content/people.yaml``: ``dvarchive check``
proposes adding him, at the line, with the title the text gives (read by
:mod:`dvarchive.editors.titles`). A name with no title before it, or
between commas after it, is not proposed: capitalised words are too often
places, companies or streets named after people.

A proposal is a suggestion, once per name and file. An archive that
registers no one would get one for nearly every article, so they stop at
:data:`MOST_PER_FILE` a file and :data:`MOST_IN_ALL` in all, each time
saying how many more there are.

Reading titles takes about half a millisecond an article: what
:func:`titled_people` finds in an article is kept with its story
(:mod:`dvarchive.editors.story_cache`), and read again only when the file
changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import NamedTuple

from ..core.errors import Diagnostic, Level
from ..core.model import Article, EntityKind
from ..core.names import match_key
from ..stages.registries import REGISTRY_FILES
from .titles import propose_people

MOST_PER_FILE = 5
MOST_IN_ALL = 200
_PEOPLE_FILE = REGISTRY_FILES[EntityKind.PERSON]


class TitledName(NamedTuple):
    """A name a title introduces, where an article's file first gives it."""

    name: str
    title: str
    line: int


def titled_people(article: Article) -> tuple[TitledName, ...]:
    """Each name a title introduces in the article's body, once, at its first line."""
    found: dict[str, TitledName] = {}
    for offset, line in enumerate(article.body.split("\n")):
        if line.lstrip().startswith("!["):
            continue
        for person in propose_people(line):
            found.setdefault(match_key(person.name), TitledName(person.name, person.title, article.body_line + offset))
    return tuple(found.values())


def propose_unregistered_people(
    articles: Iterable[Article], registered: frozenset[str], titled: Mapping[str, tuple[TitledName, ...]]
) -> Iterator[Diagnostic]:
    """Suggestions for the people ``titled`` (by article) that neither the registry
    (``registered``: the matching keys of every registered person's spellings) nor
    the article's header names."""
    shown = more = 0
    files_with_more: set[str] = set()
    for article in articles:
        listed = {match_key(mention.name) for mention in article.people}
        found = [
            person for person in titled.get(article.source, ())
            if match_key(person.name) not in registered and match_key(person.name) not in listed
        ]
        for number, (name, title, line) in enumerate(found):
            if shown >= MOST_IN_ALL:
                more += len(found) - number
                files_with_more.add(article.source)
                break
            if number == MOST_PER_FILE:
                message = f"và {len(found) - number} người khác có chức danh trong bài mà {_PEOPLE_FILE} chưa có"
                yield Diagnostic(article.source, line, message, Level.SUGGESTION)
                shown += 1
                break
            message = (
                f'có vẻ là tên người: "{name}" ({title}) chưa có trong {_PEOPLE_FILE} '
                "và phần đầu không ghi: thêm vào people?"
            )
            yield Diagnostic(article.source, line, message, Level.SUGGESTION)
            shown += 1
    if more:
        message = (
            f"và {more} người có chức danh nữa trong {len(files_with_more)} bài chưa có ở đây: "
            "thêm những người thường gặp vào tệp này để dvarchive check nhận ra họ"
        )
        yield Diagnostic(_PEOPLE_FILE, None, message, Level.SUGGESTION)

