"""Rendering's machinery: the Jinja environment, the render context every page
shares, what each template's pages depend on, and a page's meta tags.

The pages themselves are planned as jobs in pages.py and article_page.py.
Nothing here touches the disk: templates come read by the loader, article
bodies through the loader's reader (``RenderContext.read_body``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import jinja2
from jinja2 import meta
from jinja2.loaders import split_template_path
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..core.config import SiteConfig
from ..core.errors import Diagnostic, TemplateError
from ..core.markdown import make_markdown
from ..core.messages import Messages, site_messages, vietnamese
from ..core.model import Article, Entity, EntityKind, ImageInfo, Site, Templates
from ..core.urls import absolute_url, atom_url, corrections_url, feed_url, home_url, index_url, json_feed_url, search_url
from ..core.views import CardHtml, Link, MetaTag, PageMeta, SiteView, Teaser, teaser
from ..incremental.fingerprints import code_fingerprint, fingerprint, image_key, teaser_key
from .sharing import page_social


def make_environment(templates: Templates, messages: Messages | None = None) -> jinja2.Environment:
    """An environment over the templates the loader read (the site's over the theme's);
    ``_("…")`` in a template gives the text in the site's language."""
    env = jinja2.Environment(
        loader=_ReadTemplates(templates),
        auto_reload=False,
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    messages = messages or vietnamese()
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=messages, ngettext=lambda one, many, n, **values: messages(one if n == 1 else many, **values), newstyle=True
    )
    return env


class _ReadTemplates(jinja2.BaseLoader):
    """Jinja's loader over templates already read: rendering never goes to the disk."""

    def __init__(self, templates: Templates) -> None:
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        name = "/".join(split_template_path(template))
        if name not in self.templates:
            raise jinja2.TemplateNotFound(template)
        filename, text = self.templates[name]
        return text.decode("utf-8"), filename, lambda: True

    def list_templates(self) -> list[str]:
        return sorted(self.templates)


@dataclass
class RenderContext:
    """What every page needs, made once per build (and once more per worker)."""

    site: Site
    env: jinja2.Environment
    markdown: MarkdownIt
    site_view: SiteView
    teasers: tuple[Teaser, ...]  # by position in site.articles
    images: dict[str, ImageInfo]  # sizes and derivatives of the photos, by src
    bases: dict[str, bytes]  # by template: what every page made with it depends on (page_bases)
    read_body: Callable[[Article], str]  # the loader's (load.read_body): bodies are read as pages are made
    messages: Messages  # the interface's words in the site's language
    _cards: dict[tuple[str, int], Teaser] = field(default_factory=dict)
    _teaser_digests: dict[str, bytes] = field(default_factory=dict)
    memo: dict[object, object] = field(default_factory=dict)  # per-article pieces other modules reuse

    def __reduce__(self) -> tuple[object, ...]:
        # For a spawned helper: the Jinja environment and the Markdown parser are made
        # again there from what they were made of, and the memos start empty.
        templates = self.env.loader.templates  # type: ignore[union-attr]
        fields = (self.site, self.site_view, self.teasers, self.images, self.bases, self.read_body, self.messages)
        return (_context_again, (templates, *fields))

    @property
    def config(self) -> SiteConfig:
        return self.site.config

    def base(self, template: str) -> bytes:
        # A template that is not there has no base: making the page says what is missing.
        return self.bases.get(template, b"")

    def card(self, teaser: Teaser, level: int = 2) -> Teaser:
        """The teaser with its HTML as the theme's ``teaser`` macro draws it."""
        key = (teaser.url, level)
        if key not in self._cards:
            macros = self.env.get_template("_macros.html").module
            html = CardHtml(str(macros.teaser(teaser, level=level)).encode("utf-8"))  # type: ignore[attr-defined]
            self._cards[key] = replace(teaser, html=html)
        return self._cards[key]

    def teaser_digest(self, teaser: Teaser) -> bytes:
        """The fingerprint of a teaser: pages that show teasers are keyed by these."""
        if teaser.url not in self._teaser_digests:
            self._teaser_digests[teaser.url] = fingerprint(teaser_key(teaser))
        return self._teaser_digests[teaser.url]


def _context_again(
    templates: Templates,
    site: Site,
    site_view: SiteView,
    teasers: tuple[Teaser, ...],
    images: dict[str, ImageInfo],
    bases: dict[str, bytes],
    read_body: Callable[[Article], str],
    messages: Messages,
) -> RenderContext:
    env = make_environment(templates, messages)
    markdown = make_markdown(site.config.allow_html)
    return RenderContext(site, env, markdown, site_view, teasers, images, bases, read_body, messages)


def make_context(
    site: Site, env: jinja2.Environment, images: dict[str, ImageInfo], read_body: Callable[[Article], str], search: bool = False
) -> RenderContext:
    config = site.config
    sections = tuple(Link(ref.name, ref.url) for ref in site.menu)
    site_view = SiteView(
        title=config.title,
        description=config.description,
        language=config.language,
        root=config.root,
        home_url=home_url(config),
        feed_url=feed_url(home_url(config)),
        people_index_url=index_url(config, EntityKind.PERSON),
        organisations_index_url=index_url(config, EntityKind.ORGANISATION),
        sections=sections,
        search_url=search_url(config) if search else None,
        corrections_url=corrections_url(config),
        json_feed_url=json_feed_url(config),
        atom_url=atom_url(config),
    )
    messages = site_messages(config)
    teasers = tuple(teaser(config, article, images, messages) for article in site.articles)
    markdown = make_markdown(config.allow_html)
    bases = page_bases(env, config, site_view)
    return RenderContext(site, env, markdown, site_view, teasers, images, bases, read_body, messages)


def entity_key(ctx: RenderContext, entity: Entity | None, images: dict[str, ImageInfo]) -> bytes | None:
    """What an entity's front page shows of the entity itself, made once per entity
    (``images``: the sizes and derivatives of its photo, by src)."""
    if entity is None:
        return None
    memo = ("entity", entity.ref)
    if memo not in ctx.memo:
        photo = entity.entry.photo if entity.entry else None
        info = images.get(photo.src) if photo else None
        ctx.memo[memo] = fingerprint(entity.ref, entity.entry, entity.titles, entity.parent, image_key(info))
    return ctx.memo[memo]  # type: ignore[return-value]


# Python draws teasers and figures with these macros, on pages of any template.
_MACROS = "_macros.html"


def page_bases(env: jinja2.Environment, config: SiteConfig, site_view: SiteView) -> dict[str, bytes]:
    """What every page made with each template depends on, by template name:
    dvarchive itself, the template and those it uses, the config, the navigation.

    So an edit of ``article.html`` remakes the article pages only, and one of
    ``base.html`` or ``_macros.html`` every page.
    """
    templates = {name: text for name, (_, text) in env.loader.templates.items()}  # type: ignore[union-attr]
    uses = {name: _templates_named(env, text) for name, text in templates.items()}
    # Pages read per_page only through what a list page holds, feed_items and
    # the output folder not at all: changing them remakes only what shows them.
    shown = replace(config, per_page=0, feed_items=0, output="")
    common = fingerprint(code_fingerprint(), shown, site_view, site_messages(config).texts)
    return {name: fingerprint(common, _used_templates(templates, uses, name)) for name in templates}


def _templates_named(env: jinja2.Environment, text: bytes) -> frozenset[str] | None:
    """The templates a template extends, imports or includes; None if it may use any
    (a name it computes, or text that is not a template: making a page will say so)."""
    try:
        named = set(meta.find_referenced_templates(env.parse(text.decode("utf-8"))))
        # As the loader reads a name: "./base.html" is "base.html".
        return None if None in named else frozenset("/".join(split_template_path(n)) for n in named)  # type: ignore[arg-type]
    except (jinja2.TemplateSyntaxError, jinja2.TemplateNotFound, UnicodeDecodeError):
        return None


def _used_templates(
    templates: dict[str, bytes], uses: dict[str, frozenset[str] | None], name: str
) -> list[tuple[str, bytes | None]]:
    """The text of a template, of the macros and of all they use in turn (a missing one as None)."""
    used: set[str] = set()
    waiting = [name, _MACROS]
    while waiting:
        current = waiting.pop()
        if current in used:
            continue
        used.add(current)
        named = uses.get(current, frozenset())
        if named is None:
            used = set(templates)
            break
        waiting.extend(named)
    return sorted((used_name, templates.get(used_name)) for used_name in used)  # type: ignore[arg-type]


def render_template(ctx: RenderContext, name: str, page: PageMeta, **values: object) -> bytes:
    try:
        template = ctx.env.get_template(name)
        return template.render(site=ctx.site_view, page=page, **values).encode("utf-8")
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([_template_diagnostic(exc.filename or name, exc.lineno, exc.message or "")]) from None
    except jinja2.TemplateError as exc:
        line = _template_line(exc)
        raise TemplateError([_template_diagnostic(line[0] or name, line[1], str(exc))]) from None


def _template_diagnostic(filename: str, line: int | None, message: str) -> Diagnostic:
    return Diagnostic(_template_path(filename), line, f"lỗi mẫu trang: {message}")


def _template_path(filename: str) -> str:
    path = Path(filename)
    return f"templates/{path.name}" if path.is_absolute() else filename


def _template_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The deepest template frame of a rendering error."""
    found: tuple[str | None, int | None] = (None, None)
    tb = exc.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if code.co_filename.endswith(".html"):
            found = (code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def page_meta(
    config: SiteConfig,
    kind: str,
    title: str,
    url: str,
    description: str = "",
    feed: tuple[str, str] | None = None,
    social: tuple[MetaTag, ...] | None = None,
    structured_data: Markup | None = None,
    noindex: bool = False,
) -> PageMeta:
    """``feed`` is the page's own feed: its URL and its title. ``social``
    (the sharing tags) are a plain page's unless given. ``noindex``: a page
    of a preview build that the public site does not have, or an old address
    that leads on."""
    return PageMeta(
        title=title,
        description=description,
        url=url,
        canonical=absolute_url(config, url),
        kind=kind,
        feed_url=feed[0] if feed else None,
        feed_title=feed[1] if feed else None,
        social=page_social(config, title, description, url) if social is None else social,
        structured_data=structured_data,
        noindex=noindex,
    )


def article_context(
    site_dir: Path, config: SiteConfig, env: jinja2.Environment, site_view: SiteView, read_body: Callable[[Article], str]
) -> RenderContext:
    """Enough of a render context to make article pages from their inputs alone (no other article is known)."""
    empty = Site(config, site_dir, (), {kind: () for kind in EntityKind}, ())
    markdown = make_markdown(config.allow_html)
    bases = page_bases(env, config, site_view)
    return RenderContext(empty, env, markdown, site_view, (), {}, bases, read_body, site_messages(config))
