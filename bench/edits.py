"""The edits the benchmark makes between builds.

Each is the smallest change an editor makes every day: one more sentence at
the end of one article, a new article, or a new description for one person
in people.yaml; and a designer's: one more line in the article template. The
article edit works on all three trees (dvarchive, Hugo, Pelican) because
the body is always the end of the file.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from entities import Person
from generate import Archive, Article, article_path, encode_article

ADDED_SENTENCE = ("Ban tổ chức cho biết sẽ tiếp tục theo dõi, đánh giá kết quả "
                  "và thông tin đến bạn đọc trong thời gian tới.")
NEW_DESCRIPTION = "Mô tả cập nhật cho benchmark: đã thay đổi chức vụ và lĩnh vực phụ trách."
THEME_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"  # the default theme
TEMPLATE_LINE = '<p class="archive-note">Bản lưu trữ, không cập nhật sau ngày đăng.</p>'


def article_to_edit(archive: Archive) -> Article:
    """The article in the middle of the archive (by date) with LF line ends."""
    middle = len(archive.articles) // 2
    candidates = archive.articles[middle:] + archive.articles[:middle]
    return next(a for a in candidates if not a.crlf and not a.bom)


def person_to_edit(archive: Archive) -> Person:
    """The most-mentioned registered person: the registry edit that touches most."""
    return next(p for p in archive.cast.people.items if p.registered)


def append_sentence(path: Path, sentence: str = ADDED_SENTENCE) -> None:
    """Add `sentence` as a new last paragraph of the article file at `path`."""
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n\n" + sentence + "\n", encoding="utf-8")


def edit_person_description(people_yaml: Path, name: str,
                             description: str = NEW_DESCRIPTION) -> None:
    """Replace the one-line `description:` of `name`'s entry in people.yaml."""
    lines = people_yaml.read_text(encoding="utf-8").split("\n")
    start = next(i for i, line in enumerate(lines) if entry_name(line) == name)
    for index in range(start + 1, len(lines)):
        if lines[index].startswith("- "):
            break
        if lines[index].startswith("  description:"):
            lines[index] = f"  description: {json.dumps(description, ensure_ascii=False)}"
            people_yaml.write_text("\n".join(lines), encoding="utf-8")
            return
    raise ValueError(f"{people_yaml}: no description for {name}")


def entry_name(line: str) -> str:
    """The name on a `- name: ...` line (plain or double-quoted), else ""."""
    if not line.startswith("- name: "):
        return ""
    value = line[len("- name: "):].strip()
    return json.loads(value) if value.startswith('"') else value


def edit_article_template(site: Path) -> None:
    """Give the site its own article.html: the theme's, with one more line on every article page."""
    theme = (THEME_TEMPLATES / "article.html").read_text(encoding="utf-8")
    anchor = "{% block content %}"
    if anchor not in theme:
        raise ValueError(f"{THEME_TEMPLATES / 'article.html'}: no {anchor}")
    target = site / "templates" / "article.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(theme.replace(anchor, anchor + "\n" + TEMPLATE_LINE, 1), encoding="utf-8")


def add_newest_article(site: Path, archive: Archive) -> Path:
    """A new article at the top of the archive: the newest one's text under a new headline."""
    newest = max(archive.articles, key=lambda a: a.date)
    title = f"Tin mới nhất: {newest.title}"
    added = replace(newest, title=title, slug=f"tin-moi-nhat-{newest.slug}", related=(), crlf=False, bom=False)
    path = article_path(site, added)
    path.write_bytes(encode_article(added))
    return path
