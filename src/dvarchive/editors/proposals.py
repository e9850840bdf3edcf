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
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..core.errors import Diagnostic, Level
from ..core.model import Article, EntityKind
from ..core.names import match_key
from ..stages.registries import REGISTRY_FILES
from .titles import ProposedPerson, propose_people

MOST_PER_FILE = 5
MOST_IN_ALL = 200
_PEOPLE_FILE = REGISTRY_FILES[EntityKind.PERSON]


def propose_unregistered_people(articles: Iterable[Article], registered: frozenset[str]) -> Iterator[Diagnostic]:
    """Suggestions for the people with titles that ``articles`` name; ``registered``: the
    matching keys of every registered person's spellings."""
    shown = more = 0
    files_with_more: set[str] = set()
    for article in articles:
        found = list(_proposals(article, registered))
        for number, (person, line) in enumerate(found):
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
                f'có vẻ là tên người: "{person.name}" ({person.title}) chưa có trong {_PEOPLE_FILE} '
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


def _proposals(article: Article, registered: frozenset[str]) -> Iterator[tuple[ProposedPerson, int]]:
    """Each person proposed for ``article``, once, with the body line that first names them."""
    known = set(registered) | {match_key(mention.name) for mention in article.people}
    for offset, line in enumerate(article.body.split("\n")):
        if line.lstrip().startswith("!["):
            continue
        for person in propose_people(line):
            key = match_key(person.name)
            if key not in known:
                known.add(key)
                yield person, article.body_line + offset
