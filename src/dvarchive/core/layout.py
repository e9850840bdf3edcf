"""Where things are: a site's folders, the default theme inside the package,
and the files dvarchive keeps beside a site and in its output."""

from __future__ import annotations

import json
from pathlib import Path

CONTENT_DIR = "content"
ARTICLES_DIR = "content/articles"

THEME_DIR = Path(__file__).parent.parent / "theme"
THEME_TEMPLATES = THEME_DIR / "templates"
THEME_STATIC = THEME_DIR / "static"

# The registries of people, organisations and authors (stages/registries.py).
PEOPLE_FILE = "content/people.yaml"
ORGANISATIONS_FILE = "content/organisations.yaml"
AUTHORS_FILE = "content/authors.yaml"
REGISTRY_FILES = frozenset({PEOPLE_FILE, ORGANISATIONS_FILE, AUTHORS_FILE})

CACHE_DIR = ".dvarchive-cache"  # in the site folder: what one build keeps for the next
MANIFEST = ".dvarchive-manifest.json"  # in the output folder: the files the build wrote
NETLIFY_FILE = "_redirects"  # the redirect rules of Netlify and Cloudflare Pages, in the output


def read_manifest(output_dir: Path) -> set[str] | None:
    """The files an earlier build wrote, or None when there was none."""
    try:
        data = json.loads((output_dir / MANIFEST).read_text("utf-8"))
        return set(data["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
