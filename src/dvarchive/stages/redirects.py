"""Old addresses that lead to pages: a small page at each, and the same
redirects in the files hosts read (``_redirects`` for Netlify and Cloudflare
Pages, a map for nginx), so that a host can answer 301 itself.

An article's ``aliases`` and a registry entry's ``old_slugs`` become
:class:`~dvarchive.core.model.Redirect` values when the site is resolved; here
they become output files. An old address that is also a page of the site,
or that two entries claim, is an error naming both.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from ..core.errors import ContentError, Diagnostic
from ..core.jobs import PageJob
from ..core.layout import NETLIFY_FILE
from ..core.model import EntityKind, Redirect, Site
from ..core.urls import entity_word, feed_url, output_path
from ..core.views import Link
from ..incremental.fingerprints import code_fingerprint, fingerprint
from .render import RenderContext, page_meta, render_template

NGINX_FILE = "nginx-redirects.conf"

_NETLIFY_HEAD = "# Địa chỉ cũ → địa chỉ mới, do dvarchive ghi (Netlify, Cloudflare Pages).\n"
_NGINX_HEAD = """\
# Địa chỉ cũ → địa chỉ mới, do dvarchive ghi. Trong cấu hình nginx:
#   map $uri $dvarchive_redirect { include /đường/dẫn/tới/public/nginx-redirects.conf; }
#   server { … if ($dvarchive_redirect) { return 301 $dvarchive_redirect; } … }
"""


def redirect_jobs(ctx: RenderContext, other_pages: Sequence[PageJob], own_rules: str = "") -> list[PageJob]:
    """A page at each old address, and the hosts' redirect files.

    ``other_pages``: every other page of the site, which no old address may take;
    ``own_rules``: the site's own ``static/_redirects``, put first in the one made here.
    """
    site = ctx.site
    problems = old_address_problems(site, {job.path: job.url or "/" + job.path for job in other_pages})
    if problems:
        raise ContentError(problems)
    pages = [_redirect_page(ctx, redirect) for redirect in site.redirects if _is_page_address(redirect.old_url)]
    lines = tuple(_host_redirects(site))
    own = site.site_dir / "static" / NETLIFY_FILE
    # A site's own rules come first: a host applies the first rule that matches.
    own_rules = own.read_text("utf-8") if own.is_file() else ""
    old_pages = _pages_numbered_from_the_newest(site)
    netlify_lines = [*(f"{old} {new} 301!" for old, new in lines), *(f"{old} {new} 301!" for old, new in old_pages.netlify)]
    netlify = (_NETLIFY_HEAD + own_rules + "".join(line + "\n" for line in netlify_lines)).encode("utf-8")
    nginx_lines = [*(f"{old} {new};" for old, new in _nginx_pairs(lines)), *old_pages.nginx]
    nginx = (_NGINX_HEAD + "".join(line + "\n" for line in nginx_lines)).encode("utf-8")
    return [*pages, _file_job(NETLIFY_FILE, netlify), _file_job(NGINX_FILE, nginx)]


@dataclass(frozen=True)
class _HostRules:
    netlify: list[tuple[str, str]]  # (old, new) with Netlify's placeholders
    nginx: list[str]  # entries of the map


# The word of numbered pages counted from the newest, dvarchive's first paging rule.
_FIRST_PAGE_WORD = "page"


def _pages_numbered_from_the_newest(site: Site) -> _HostRules:
    """A site that has turned to ``paging: from_oldest`` (core/paging.py) no longer has the
    ``/chu-de/y-te/page/3/`` of its first rule: the hosts send them to their list's front
    page (no numbered page now holds what they held, which changed with every new article).
    None when the numbered pages still take that word."""
    config = site.config
    if config.paging != "from_oldest" or config.urls.page == _FIRST_PAGE_WORD:
        return _HostRules([], [])
    root, word = config.root, _FIRST_PAGE_WORD
    kinds = sorted({entity_word(config, kind) for kind in EntityKind})
    lists = ["", f"{config.urls.corrections}/", *(f"{kind}/:slug/" for kind in kinds)]
    # Netlify's placeholders match any folder: a month's rule would take the ninjs document of
    # an article whose slug is the word (/2024/01/page/index.json), so such a site goes without it.
    if not any(placed.url.endswith(f"/{word}/") for placed in site.articles):
        lists.append(":year/:month/")
    netlify = [(f"{root}/{where}{word}/:number/", f"{root}/{where}") for where in lists]
    # nginx: one regular expression, numbers only; a quoted one may hold "{".
    folders = "|".join([f"{re.escape(config.urls.corrections)}/", *(f"{re.escape(kind)}/[^/]+/" for kind in kinds), "[0-9]{4}/[0-9]{2}/"])
    nginx = [f'"~^(?<dvarchive_list>{re.escape(root)}/(?:{folders})?){word}/[0-9]+/?$" $dvarchive_list;']
    return _HostRules(netlify, nginx)


def _is_page_address(url: str) -> bool:
    """A page can stand at a folder's address or an .html file's; other files
    (``tin.php``) are redirected by the host's files alone."""
    return url.endswith(("/", ".html", ".htm"))


def _redirect_page(ctx: RenderContext, redirect: Redirect) -> PageJob:
    meta = page_meta(ctx.config, "redirect", redirect.title, redirect.new_url, noindex=True)
    target = Link(redirect.title, redirect.new_url)
    return PageJob(
        path=output_path(ctx.config, redirect.old_url),
        inputs=partial(fingerprint, ctx.base("redirect.html"), meta, target),
        make=partial(render_template, ctx, "redirect.html", meta, redirect=target),
        what=f"trang chuyển hướng từ địa chỉ cũ {redirect.old_url} tới {redirect.new_url}",
        place=redirect.place,
    )


def _host_redirects(site: Site) -> Iterator[tuple[str, str]]:
    """(old, new) for the hosts: every old address, and an old entity page's feed."""
    entity_pages = {entity.ref.url for entities in site.entities.values() for entity in entities}
    for redirect in site.redirects:
        yield redirect.old_url, redirect.new_url
        if redirect.new_url in entity_pages:
            yield feed_url(redirect.old_url), feed_url(redirect.new_url)


def _nginx_pairs(lines: Sequence[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """nginx compares ``$uri`` exactly: a folder's address is also asked for without its slash."""
    for old, new in lines:
        yield old, new
        if old.endswith("/") and len(old) > 1:
            yield old.rstrip("/"), new


def _file_job(path: str, data: bytes) -> PageJob:
    return PageJob(path, partial(fingerprint, code_fingerprint(), data), partial(bytes, data), what=f"tệp chuyển hướng {path} cho máy chủ")


def resolved_pages(site: Site) -> dict[str, str]:
    """The pages resolving gave addresses to (articles, people, organisations…),
    by output file: what ``check`` compares old addresses with, having no plan."""
    urls = [placed.url for placed in site.articles]
    urls += [entity.ref.url for entities in site.entities.values() for entity in entities]
    return {output_path(site.config, url): url for url in urls}


def old_address_problems(site: Site, pages: dict[str, str]) -> list[Diagnostic]:
    """An old address may not take a page of the site (``pages``: output file → URL),
    nor be claimed twice."""
    config = site.config
    claimed: dict[str, Redirect] = {}
    problems = []
    for redirect in site.redirects:
        path = output_path(config, redirect.old_url)
        other = claimed.get(redirect.old_url)
        if path in pages:
            message = f"địa chỉ cũ {redirect.old_url} là một trang đang có của trang lưu trữ ({pages[path]}): bỏ địa chỉ này"
        elif other is not None:
            message = f"địa chỉ cũ {redirect.old_url} đã dẫn tới {other.new_url} ({other.place}): mỗi địa chỉ cũ chỉ dẫn tới một trang"
        else:
            claimed[redirect.old_url] = redirect
            continue
        problems.append(Diagnostic(redirect.place.path, redirect.place.line, message))
    return problems
