"""Full-text search with Pagefind, built with the site.

Pagefind indexes one small HTML document per article (headline, summary,
the body's text, then names, tags and section) that dvarchive writes for it; the search
bundles it makes are then written with the rest of the site. Each of the
archive's three newest months has a bundle (``pagefind/2026-03/``), and
before them each year (``pagefind/2025/``), or each quarter or month, or
part of a month, of a year of more articles than a bundle holds
(``pagefind/2024-q3/``; see :func:`search_bundle_names`); the search page
merges them. Pagefind cannot update an index, so an edit or a new article
re-indexes the bundle it falls in rather than the whole archive, and no
single run of Pagefind holds the whole archive in memory. The bundles are
made side by side on helper processes, each making its documents and then
waiting for its own Pagefind.

Pagefind folds Vietnamese tone and vowel marks when it matches, so
``truong thi mai`` finds "Trương Thị Mai", but it leaves ``đ`` alone. What
it indexes is therefore the text with ``đ`` folded to ``d``, and the search
page folds the query the same way, so that ``dang`` and ``Đặng`` both find
"Đặng". The reader never sees that folded copy: each document also says how
to spell its text as written again (:func:`written_spelling`: the words
folding changed, about one in ten), and the search page
(``static/js/search.js``) makes each result's excerpt from the text so
spelt, at the words Pagefind matched in the summary and body (the headline
is the result's title; the names indexed after the text, so that a person's
name finds the articles about them, are not shown). Pagefind's time grows
with the bytes it indexes and compresses: the text as written, carried
whole, would cost a third more.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from html import escape
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.token import Token

from ..core.config import SiteConfig
from ..core.errors import Diagnostic, OutputError
from ..core.markdown import TooDeep, make_markdown
from ..core.model import Article, PlacedArticle, Site
from ..core.parallel import iter_parallel
from ..core.urls import MOST_IN_SEARCH_BUNDLE, SEARCH_DIR, search_bundle_folder, search_bundle_names
from ..incremental.fingerprints import fingerprint

# A rough cut of Markdown's marks, for a body too deeply nested to parse (the build reports it).
_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|[#>*_`|~]+|\[([^\]]*)\]\([^)]*\)")
_TAG = re.compile(r"<[^>]*>")


def search_bundles(site: Site) -> dict[str, list[PlacedArticle]]:
    """The published articles of each bundle (see :func:`search_bundle_names`), the newest first.

    Drafts and scheduled articles are never indexed, even in a preview build:
    a search result would publish their headline and text.
    """
    bundles: dict[str, list[PlacedArticle]] = {}
    published = [placed for placed in site.articles if placed.published]
    names = search_bundle_names([placed.article.year_month for placed in published])
    for name, placed in zip(names, published):
        bundles.setdefault(name, []).append(placed)
    return bundles


def search_fingerprint(articles: list[PlacedArticle], config: SiteConfig, version: str) -> bytes:
    """What a bundle is made from, without reading a body: each document's
    path, headline, lede and names, the digest of its file's text, the
    language, whether raw HTML is allowed (the body's words differ), and
    Pagefind's version (:func:`pagefind_version`)."""
    keys = [(placed.url, placed.article.title, placed.article.lede, _names(placed), placed.article.digest) for placed in articles]
    return fingerprint(keys, config.language, config.allow_html, version)


def _document(placed: PlacedArticle, markdown: MarkdownIt, read_body: Callable[[Article], str]) -> bytes:
    """What Pagefind indexes of an article: its headline, its text (summary and
    body) and, last, the names of its "Trong bài" box, tags and section, all
    with ``đ`` folded (the search page folds the query the same way); and, in
    the ``written`` metadata, how to spell the text as written again
    (:func:`written_spelling`), from which the search page makes each
    result's excerpt (``static/js/search.js``)."""
    article = placed.article
    text = _words(" ".join([article.summary or "", _body_text(markdown, read_body(article))]))
    title = _words(article.title)
    names = _words(" ".join(_names(placed)))
    html = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f'<body data-pagefind-body><h1 data-pagefind-meta="title[data-title], written[data-written]"'
        f' data-title="{escape(title)}" data-written="{escape(written_spelling(text))}">{escape(fold_d(title))}</h1>'
        f"<p>{escape(fold_d(text))}</p><p>{escape(fold_d(names))}</p></body></html>"
    )
    return html.encode("utf-8")


def written_spelling(text: str) -> str:
    """How the search page spells the indexed text (``đ`` folded) as written again:
    its number of words, then each word that folding changed, by its place
    (``12``: every ``d`` of it was ``đ``; ``40:Đà-dẫn``: a word spelt in full),
    and the last word in full (Pagefind may end it with a full stop of its own).

    The text as written would double each document; Pagefind's time grows with
    the bytes it indexes and compresses (``bench/README.md``), and about one
    word in ten of Vietnamese has an ``đ``.
    """
    words = text.split(" ") if text else []
    entries = [str(len(words))]
    last = len(words) - 1
    for place in [place for place, word in enumerate(words) if "đ" in word or "Đ" in word]:
        word = words[place]
        entries.append(str(place) if place != last and _unfold_d(fold_d(word)) == word else f"{place}:{word}")
    if words and entries[-1].partition(":")[0] != str(last):
        entries.append(f"{last}:{words[last]}")
    return " ".join(entries)


def _body_text(markdown: MarkdownIt, body: str) -> str:
    """The body's words as its page shows them: without Markdown's marks or the
    photos, with the quotes curled and raw HTML as the page has it (text, or
    with ``allow_html`` its tags dropped)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")  # as render_body does
    try:
        tokens = markdown.parse(body)
    except (TooDeep, RecursionError):
        return _MARKUP.sub(r"\1", body)
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts += [_inline_text(child) for child in token.children or ()]
        elif token.type in ("code_block", "fence"):
            parts.append(token.content)
        elif token.type == "html_block":
            parts.append(_TAG.sub(" ", token.content))
        parts.append(" ")  # between blocks
    return "".join(parts)


def _inline_text(token: Token) -> str:
    if token.type in ("text", "code_inline"):
        return token.content
    return " " if token.type in ("softbreak", "hardbreak") else ""


def _words(text: str) -> str:
    """The words of a text, one space apart, as the search page splits them
    (a zero-width space would make Pagefind split words at it instead).
    ``str.split`` splits at what regular expressions call ``\\s``, in C."""
    return " ".join(text.replace("\u200b", " ").replace("\ufeff", " ").split())


def _names(placed: PlacedArticle) -> list[str]:
    names = [p.entity.name for p in placed.people] + [o.name for o in placed.organisations]
    return names + [t.name for t in placed.tags] + ([placed.section.name] if placed.section else [])


def fold_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


def _unfold_d(word: str) -> str:
    return word.replace("d", "đ").replace("D", "Đ")


def pagefind_version() -> str:
    return subprocess.run([_executable(), "--version"], capture_output=True, text=True).stdout.strip()


@dataclass(frozen=True)
class MadeBundle:
    """A bundle's files, put in the output: their paths under it, and how many changed."""

    files: tuple[str, ...]
    written: int


def build_search_indexes(
    site: Site,
    bundles: dict[str, list[PlacedArticle]],
    jobs: int,
    read_body: Callable[[Article], str],
    put: Callable[[str, bytes], int],
) -> Iterator[tuple[str, MadeBundle]]:
    """Make each bundle and ``put`` its files (path under the output, bytes; 1 if written): each bundle as it is done.

    On ``jobs`` helper processes, fewer for large bundles (Pagefind's memory),
    the largest bundles first (so that the processes end together): each
    makes a bundle's documents (Python, on its own core: Markdown parsing is
    most of it), waits for Pagefind, which has the core meanwhile, and puts
    the files itself (a bundle's files are megabytes: none goes back to this
    process).
    """
    names = sorted(bundles, key=lambda name: len(bundles[name]), reverse=True)
    index = partial(build_search_index, site.config, read_body, put)
    items = [(search_bundle_folder(name), bundles[name]) for name in names]
    largest = len(bundles[names[0]]) if names else 0
    runs = max(1, min(jobs, len(items), _DOCUMENTS_AT_ONCE // max(1, largest)))
    # One bundle (a body edit's) is made here: a helper would only wait for Pagefind too.
    yield from zip(names, iter_parallel(index, items, runs, in_helpers=True))


# Pagefind holds 0.3–0.5 MB of memory for each article it indexes: bundles are
# indexed side by side only while together they hold no more than this many.
_DOCUMENTS_AT_ONCE = 2 * MOST_IN_SEARCH_BUNDLE


def build_search_index(
    config: SiteConfig,
    read_body: Callable[[Article], str],
    put: Callable[[str, bytes], int],
    bundle: tuple[str, list[PlacedArticle]],
) -> MadeBundle:
    """The Pagefind bundle of these articles, its files put under the output (in its folder).

    Each article's document is written as it is made, so that no bundle's
    documents are ever all in memory.
    """
    folder, articles = bundle
    with tempfile.TemporaryDirectory(prefix="dvarchive-search-") as scratch:
        markdown = make_markdown(config.allow_html)
        documents = Path(scratch) / "site"
        made = Path(scratch) / "bundle"
        documents.mkdir()
        for placed in articles:
            # Where the article's page is under the site's root, so that Pagefind
            # gives its URL from there: the search page adds the root (its baseUrl).
            path = documents / placed.url[len(config.root) :].strip("/") / "index.html"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(_document(placed, markdown, read_body))
        command = [_executable(), "--site", str(documents), "--output-path", str(made), "--force-language", config.language, "--silent"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            message = f"Pagefind không tạo được chỉ mục tìm kiếm: {done.stderr.strip() or done.stdout.strip()}"
            raise OutputError([Diagnostic(SEARCH_DIR, None, message)])
        files = {f"{folder}/{p.relative_to(made).as_posix()}": p for p in made.rglob("*") if p.is_file()}
        written = sum(put(path, file.read_bytes()) for path, file in files.items())
        return MadeBundle(tuple(sorted(files)), written)


def _executable() -> str:
    try:
        from pagefind_bin import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        found = shutil.which("pagefind")
        if found is None:
            raise OutputError(
                [Diagnostic(SEARCH_DIR, None, "không tìm thấy Pagefind: cài pagefind[bin], hoặc dựng với --no-search")]
            ) from None
        return found
