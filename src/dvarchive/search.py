"""Full-text search with Pagefind, built with the site.

Pagefind indexes one small HTML document per article (headline, lede,
names, tags and the body's text) that dvarchive writes for it; the search
bundle it makes is then written with the rest of the site. Pagefind folds
Vietnamese tone and vowel marks when it matches, so ``truong thi mai``
finds "Trương Thị Mai", but it leaves ``đ`` alone: each document therefore
also carries its text with ``đ`` folded to ``d``, so that ``dang`` finds
"Đặng" too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from functools import partial
from html import escape
from pathlib import Path

from .errors import Diagnostic, OutputError
from .load import read_body
from .model import PlacedArticle, Site
from .parallel import iter_parallel
from .render import fingerprint

SEARCH_DIR = "pagefind"
_MARKUP = re.compile(r"!\[[^\]]*\]\([^)]*\)|[#>*_`|~]+|\[([^\]]*)\]\([^)]*\)")


def search_documents(site: Site, jobs: int = 1) -> dict[str, bytes]:
    """One document to index per article, by the path that gives its URL (made on ``jobs`` processes)."""
    root = site.config.root.lstrip("/")
    paths = [f"{root}/{placed.url[len(site.config.root):].strip('/')}/index.html".lstrip("/") for placed in site.articles]
    documents = iter_parallel(partial(_document, site.site_dir), site.articles, jobs)
    return dict(zip(paths, documents))


def _document(site_dir: Path, placed: PlacedArticle) -> bytes:
    article = placed.article
    names = [p.entity.name for p in placed.people] + [o.name for o in placed.organisations]
    names += [t.name for t in placed.tags] + ([placed.section.name] if placed.section else [])
    text = " ".join([article.lede, " ".join(names), _MARKUP.sub(r"\1", read_body(site_dir, article))])
    folded = fold_d(f"{article.title} {text}")
    html = (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{escape(article.title)}</title></head>'
        f'<body data-pagefind-body><h1 data-pagefind-meta="title">{escape(article.title)}</h1>'
        f"<p>{escape(text)}</p>"
        + (f"<p>{escape(folded)}</p>" if folded != f"{article.title} {text}" else "")
        + "</body></html>"
    )
    return html.encode("utf-8")


def fold_d(text: str) -> str:
    return text.replace("đ", "d").replace("Đ", "D")


def search_fingerprint(documents: dict[str, bytes]) -> bytes:
    return fingerprint(sorted(documents.items()), pagefind_version())


def pagefind_version() -> str:
    return subprocess.run([_executable(), "--version"], capture_output=True, text=True).stdout.strip()


def build_search_index(documents: dict[str, bytes], language: str) -> dict[str, bytes]:
    """The Pagefind bundle for these documents: path under the output → bytes."""
    with tempfile.TemporaryDirectory(prefix="dvarchive-search-") as scratch:
        site = Path(scratch) / "site"
        bundle = Path(scratch) / "bundle"
        for relative, data in documents.items():
            (site / relative).parent.mkdir(parents=True, exist_ok=True)
            (site / relative).write_bytes(data)
        site.mkdir(exist_ok=True)
        command = [_executable(), "--site", str(site), "--output-path", str(bundle), "--force-language", language, "--silent"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            message = f"Pagefind không tạo được chỉ mục tìm kiếm: {done.stderr.strip() or done.stdout.strip()}"
            raise OutputError([Diagnostic(SEARCH_DIR, None, message)])
        return {f"{SEARCH_DIR}/{p.relative_to(bundle).as_posix()}": p.read_bytes() for p in sorted(bundle.rglob("*")) if p.is_file()}


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
