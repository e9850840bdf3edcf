"""What search engines and social networks read: JSON-LD, Open Graph, Twitter cards.

JSON-LD is serialised with ``<``, ``>`` and ``&`` as ``\\u`` escapes, so no
text in any field (a ``</script>`` in a headline) can end the script
element it sits in; the meta tags are escaped by the templates.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from ..core.config import SiteConfig
from ..core.model import Entity, EntityKind, EntityRef, PersonRef, Photo, PlacedArticle
from ..core.periods import still_held
from ..core.urls import absolute_url, home_url, photo_url
from ..core.views import MetaTag, correction_anchors, cover_photo, iso

_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def json_ld(data: dict[str, object]) -> Markup:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


def logo_url(config: SiteConfig) -> str:
    return absolute_url(config, photo_url(config, config.logo))


def _image(config: SiteConfig, photo: Photo | None) -> str | None:
    if photo is None:
        return None
    return photo.src if photo.is_remote else absolute_url(config, photo_url(config, photo.src))


def _publisher(config: SiteConfig) -> dict[str, object]:
    return {
        "@type": "Organization",
        "name": config.title,
        "url": absolute_url(config, home_url(config)),
        "logo": {"@type": "ImageObject", "url": logo_url(config)},
    }


def _thing(config: SiteConfig, ref: EntityRef) -> dict[str, object]:
    kind = "Person" if ref.kind is EntityKind.PERSON else "Organization"
    return {"@type": kind, "name": ref.name, "url": absolute_url(config, ref.url)}


def _person(config: SiteConfig, person: PersonRef) -> dict[str, object]:
    """A person the article is about, with the title it gives them or the role they held on its date."""
    thing = _thing(config, person.entity)
    return {**thing, "jobTitle": person.title} if person.title else thing


def article_structured_data(config: SiteConfig, placed: PlacedArticle) -> Markup:
    article = placed.article
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "description": article.lede,
        "url": absolute_url(config, placed.url),
        "mainEntityOfPage": absolute_url(config, placed.url),
        "datePublished": iso(article.date),
        "dateModified": iso(article.updated or article.date),
        "inLanguage": config.language,
        "author": [{"@type": "Person", "name": a.name, "url": absolute_url(config, a.url)} for a in placed.authors],
        "publisher": _publisher(config),
        "image": [u for u in (_image(config, p) for p in article.photos) if u],
        "about": [_person(config, p) for p in placed.people] + [_thing(config, o) for o in placed.organisations],
        "keywords": [t.name for t in placed.tags],
    }
    if placed.section:
        data["articleSection"] = placed.section.name
    if placed.agency:
        data["sourceOrganization"] = _thing(config, placed.agency)
    if article.corrections:
        data["correction"] = _corrections(config, placed)
    return json_ld({key: value for key, value in data.items() if value not in ([], "")})


def _corrections(config: SiteConfig, placed: PlacedArticle) -> list[dict[str, object]]:
    """Each published correction as a schema.org ``CorrectionComment``, linking to where the page shows it."""
    page = absolute_url(config, placed.url)
    return [
        {"@type": "CorrectionComment", "text": c.note, "datePublished": iso(c.date), "url": f"{page}#{anchor}"}
        for c, anchor in zip(placed.article.corrections, correction_anchors(placed.article.corrections))
    ]


def article_social(config: SiteConfig, placed: PlacedArticle) -> tuple[MetaTag, ...]:
    article = placed.article
    tags = _common(config, "article", article.title, article.lede, placed.url, _image(config, cover_photo(placed)))
    tags += [
        MetaTag("property", "article:published_time", iso(article.date)),
        MetaTag("property", "article:modified_time", iso(article.updated or article.date)),
    ]
    if placed.section:
        tags.append(MetaTag("property", "article:section", placed.section.name))
    tags += [MetaTag("property", "article:tag", tag.name) for tag in placed.tags]
    return tuple(tags)


def entity_structured_data(config: SiteConfig, entity: Entity) -> Markup | None:
    if entity.ref.kind not in (EntityKind.PERSON, EntityKind.ORGANISATION, EntityKind.AUTHOR):
        return None
    data: dict[str, object] = {"@context": "https://schema.org", **_thing(config, entity.ref)}
    if entity.ref.kind is EntityKind.AUTHOR:
        data["@type"] = "Person"
    entry = entity.entry
    if entry is not None:
        data["description"] = entry.description or ""
        data["image"] = _image(config, entry.photo) or ""
        data["alternateName"] = [s for s in (entry.short, *entry.aliases) if s]
        data["sameAs"] = entry.url or ""
    role = still_held(entry.roles) if entry else None
    if role or entity.titles:
        data["jobTitle"] = role.title if role else entity.titles[0]  # the registry's role held now, else the newest article's
    if entity.parent:
        data["parentOrganization"] = _thing(config, entity.parent)
    return json_ld({key: value for key, value in data.items() if value not in ([], "")})


def entity_social(config: SiteConfig, entity: Entity, url: str, title: str) -> tuple[MetaTag, ...]:
    entry = entity.entry
    image = _image(config, entry.photo) if entry else None
    kind = "profile" if entity.ref.kind in (EntityKind.PERSON, EntityKind.AUTHOR) else "website"
    return tuple(_common(config, kind, title, (entry.description if entry else None) or "", url, image))


def page_social(config: SiteConfig, title: str, description: str, url: str) -> tuple[MetaTag, ...]:
    return tuple(_common(config, "website", title, description, url, None))


def _common(config: SiteConfig, kind: str, title: str, description: str, url: str, image: str | None) -> list[MetaTag]:
    tags = [
        MetaTag("property", "og:site_name", config.title),
        MetaTag("property", "og:locale", _LOCALES.get(config.language, config.language)),
        MetaTag("property", "og:type", kind),
        MetaTag("property", "og:title", title),
        MetaTag("property", "og:url", absolute_url(config, url)),
    ]
    if description:
        tags.append(MetaTag("property", "og:description", description))
    tags.append(MetaTag("property", "og:image", image or logo_url(config)))
    tags += [
        MetaTag("name", "twitter:card", "summary_large_image" if image else "summary"),
        MetaTag("name", "twitter:title", title),
    ]
    if description:
        tags.append(MetaTag("name", "twitter:description", description))
    if image:
        tags.append(MetaTag("name", "twitter:image", image))
    return tags
