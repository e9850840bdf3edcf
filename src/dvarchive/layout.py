"""Where things are: a site's folders, and the default theme inside the package."""

from __future__ import annotations

from pathlib import Path

CONTENT_DIR = "content"
ARTICLES_DIR = "content/articles"

THEME_DIR = Path(__file__).parent / "theme"
THEME_TEMPLATES = THEME_DIR / "templates"
THEME_STATIC = THEME_DIR / "static"
