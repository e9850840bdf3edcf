"""Old addresses that lead to pages: a small page at each, and the same
redirects in the files hosts read (``_redirects`` for Netlify and Cloudflare
Pages, a map for nginx), so that a host can answer 301 itself.

An article's ``aliases`` and a registry entry's ``old_slugs`` become
:class:`~dvarchive.core.model.Redirect` values when the site is resolved; here
they become output files. An old address that is also a page of the site,
or that two entries claim, is an error naming both.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import partial

from ..core.errors import ContentError, Diagnostic
from ..core.jobs import PageJob
from ..core.layout import NETLIFY_FILE
from ..core.model import Redirect, Site
from ..core.urls import feed_url, output_path
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
    netlify = (_NETLIFY_HEAD + own_rules + "".join(f"{old} {new} 301!\n" for old, new in lines)).encode("utf-8")
    nginx = (_NGINX_HEAD + "".join(f"{old} {new};\n" for old, new in _nginx_pairs(lines))).encode("utf-8")
    return [*pages, _file_job(NETLIFY_FILE, netlify), _file_job(NGINX_FILE, nginx)]


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
