"""The Markdown renderer: CommonMark plus tables, photos placed as figures.

Raw HTML in a body is shown as text unless the site allows it; then the
rendered body is sanitised with nh3, so no script or event handler survives.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.parser_block import ParserBlock
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

# A figure maker gets the image src as written and returns the figure's HTML,
# or None when the src names no known photo (the image then stays inline).
FigureMaker = Callable[[str, str], "str | None"]
# The URL of a photo named by an image src as written; None when it names no published photo
# (the image is then left out of the page, unless it is a web address).
ImageUrl = Callable[[str], "str | None"]

_IMAGE = re.compile(r"!\[[^\]\n]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_SKIP_FOR_LEDE = re.compile(r"^\s*(#|!\[|\||>|[-*+]\s|\d+[.)]\s|```|~~~|<|---|\*\*\*)")
_ALLOWED_HTML_ATTRIBUTES = {"*": {"class", "id", "title", "lang"}, "img": {"src", "alt", "width", "height"}}


# Bounds on an article, so that a paste cannot stall a build. markdown-it's
# time grows with the text (10,000 nested list levels are 100 MB of indents:
# 25–40 s), and much faster with each "[" or "(" left open: it is tried as
# the start of a link against the rest of its paragraph (50,000 "[": 10–25 s).
# A link that closes ("[chữ](https://…)") costs little: a 10 MB article of
# 60,000 links builds.
MOST_ARTICLE_BYTES = 16_000_000
MOST_OPEN_BRACKETS = 1_000
# Blocks nested deeper than this are not rendered by markdown-it (it drops the
# rest of the block): an error rather than lost text. A list takes two levels
# (the list and its item), a quote one.
MOST_NESTING = 20


class TooDeep(Exception):
    """A list or quote nested past MOST_NESTING, from ``line`` of the body (counted from 0)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


TOO_DEEP = "danh sách hoặc trích dẫn lồng nhau quá sâu (danh sách tối đa 9 tầng): bớt số tầng lồng nhau"


class _NestingParserBlock(ParserBlock):
    """markdown-it's block parser, raising TooDeep where it would silently drop the rest."""

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:  # noqa: N803 - markdown-it's names
        if state.level >= state.md.options.maxNesting:
            line = state.skipEmptyLines(startLine)
            if line < endLine and state.sCount[line] >= state.blkIndent:
                raise TooDeep(line)
        super().tokenize(state, startLine, endLine)


_BRACKET_OR_BREAK = re.compile(r"\\.|[\[\]()]|\n[ \t]*\n")
_CLOSING = {"]": "[", ")": "("}


def body_problem(body: str) -> tuple[int, str] | None:
    """What makes a body too costly to render: (its line in the body, from 0, and what to do), or None.

    Counted: each "[" or "(" not closed in its paragraph, or opened inside another of its kind.
    """
    open_brackets: dict[str, list[int]] = {"[": [], "(": []}
    costly = 0
    for match in _BRACKET_OR_BREAK.finditer(body):
        mark = match.group()
        if mark in open_brackets:
            costly += bool(open_brackets[mark])
            open_brackets[mark].append(match.start())
        elif mark in _CLOSING:
            if open_brackets[_CLOSING[mark]]:
                open_brackets[_CLOSING[mark]].pop()
        elif mark[0] == "\n":  # a paragraph ends: what is still open never closes
            costly += _outermost_open(open_brackets)
            open_brackets = {"[": [], "(": []}
        if costly > MOST_OPEN_BRACKETS:
            return body.count("\n", 0, match.start()), _TOO_MANY_OPEN
    costly += _outermost_open(open_brackets)
    return (body.count("\n"), _TOO_MANY_OPEN) if costly > MOST_OPEN_BRACKETS else None


def _outermost_open(open_brackets: dict[str, list[int]]) -> int:
    """The outermost bracket of each kind still open (those inside it were counted when opened)."""
    return sum(bool(stack) for stack in open_brackets.values())


_TOO_MANY_OPEN = (
    f'bài có hơn {MOST_OPEN_BRACKETS:_} dấu "[" hoặc "(" không đóng hay lồng nhau, '.replace("_", ".")
    + "làm việc dựng rất chậm: đóng hoặc bỏ bớt chúng, hoặc chia thành nhiều bài"
)


def make_markdown(allow_html: bool) -> MarkdownIt:
    # Straight quotes become Vietnamese curly ones; no other typographic replacement.
    options = {"html": allow_html, "typographer": True, "quotes": "“”‘’", "maxNesting": MOST_NESTING}
    md = MarkdownIt("commonmark", options).enable(["table", "smartquotes"])
    md.block.__class__ = _NestingParserBlock  # keeps the rules the preset enabled
    md.core.ruler.disable("normalize")  # done by render_body, with str.replace rather than a regex: quicker
    md.validateLink = is_safe_link
    md.core.ruler.push("dvarchive_figures", _mark_figures)
    return md


_UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "file", "data"})
# What a browser ignores inside a URL's scheme, or strips around it: controls, spaces, invisible marks.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f\u3000\ufeff]+")
_LEADING_SCHEME = re.compile(r"([a-z][a-z0-9+.-]+):", re.IGNORECASE)


def is_safe_link(url: str) -> bool:
    """No script, local file or inline data behind a link or an image, however it is encoded.

    HTML entities (``&#x09;``, ``&colon;``) and percent-escapes (``%6A``) are
    decoded, a few times over for double encodings; then controls and spaces
    are dropped and the scheme compared in lower case.
    """
    return _decoded_scheme(url) not in _UNSAFE_SCHEMES


def _decoded_scheme(url: str) -> str | None:
    seen = url
    for _ in range(4):
        decoded = unquote(html.unescape(seen))
        if decoded == seen:
            break
        seen = decoded
    match = _LEADING_SCHEME.match(_INVISIBLE.sub("", seen))
    return match.group(1).lower() if match else None


def is_web_address(url: str) -> bool:
    return re.match(r"https?://", url, re.IGNORECASE) is not None


def _mark_figures(state) -> None:  # type: ignore[no-untyped-def]
    """Turn a paragraph holding a single image into one ``figure`` token."""
    tokens: list[Token] = state.tokens
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "paragraph_open" and index + 2 < len(tokens) and _lone_image(tokens[index + 1]):
            image = tokens[index + 1].children[0]  # type: ignore[index]
            figure = Token("figure", "figure", 0)
            raw = str(image.attrGet("src") or "")
            figure.attrs = {"src": unquote(raw), "raw": raw, "alt": image.content}
            figure.map = token.map
            result.append(figure)
            index += 3
            continue
        result.append(token)
        index += 1
    state.tokens = result


def _lone_image(inline: Token) -> bool:
    children = [c for c in inline.children or [] if not (c.type == "text" and not c.content.strip())]
    return inline.type == "inline" and len(children) == 1 and children[0].type == "image"


def render_body(md: MarkdownIt, body: str, figure: FigureMaker, image_url: ImageUrl, allow_html: bool) -> str:
    """The body as HTML; photos named alone on a line become figures."""
    env: dict[str, object] = {}
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\0", "\ufffd")
    tokens = md.parse(body, env)
    _rewrite_inline_images(tokens, image_url)
    rules = md.renderer.rules

    def render_figure(tokens: list[Token], idx: int, options, env) -> str:  # type: ignore[no-untyped-def]
        attrs = tokens[idx].attrs
        src, alt = str(attrs["src"]), str(attrs["alt"])
        made = figure(src, alt)
        if made is not None:
            return made
        url = _published_url(str(attrs["raw"]), image_url)
        if url is None:
            return ""
        return f'<p><img src="{md.utils.escapeHtml(url)}" alt="{md.utils.escapeHtml(alt)}" loading="lazy"></p>\n'  # type: ignore[attr-defined]

    rules["figure"] = render_figure
    html = md.renderer.render(tokens, md.options, env)
    return nh3.clean(html, attributes=_ALLOWED_HTML_ATTRIBUTES) if allow_html else html


def _rewrite_inline_images(tokens: list[Token], image_url: ImageUrl) -> None:
    for token in tokens:
        if not token.children:
            continue
        kept = []
        for child in token.children:
            if child.type == "image":
                url = _published_url(str(child.attrGet("src") or ""), image_url)
                if url is None:
                    continue
                child.attrSet("src", url)
            kept.append(child)
        token.children = kept


def _published_url(raw: str, image_url: ImageUrl) -> str | None:
    """An image's URL on the page: a known photo's, or a web address; anything else is left out.

    markdown-it percent-encodes the src (``raw``); photos are known by the src as written.
    """
    url = image_url(unquote(raw))
    if url is None and is_web_address(raw):
        url = raw
    return url if url is not None and is_safe_link(url) else None


def image_sources(body: str, first_line: int) -> list[tuple[str, int]]:
    """The src of each image in a body, with the file line it stands on."""
    found = []
    for match in _IMAGE.finditer(body):
        line = first_line + body.count("\n", 0, match.start())
        found.append((match.group(1), line))
    return found


def first_paragraph_text(body: str) -> str:
    """The plain text of the body's first paragraph, for a missing summary."""
    for block in re.split(r"\n\s*\n", body.strip()):
        if block.strip() and not _SKIP_FOR_LEDE.match(block):
            return _plain_text(block)
    return ""


@lru_cache(maxsize=1)
def _inline_parser() -> MarkdownIt:
    return MarkdownIt("commonmark")


def _plain_text(block: str) -> str:
    tokens = _inline_parser().parseInline(block)
    parts = []
    for child in tokens[0].children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())
