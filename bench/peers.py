"""Convert a generated archive for the peer generators, Hugo and Pelican.

Both conversions start from the in-memory records of ``generate.py`` (not
from parsing the site), so the three trees hold the same articles, bodies,
photos and names. People and organisations are written under their
canonical (registry) names, so a peer builds one page per entity as
dvarchive does after matching spellings.

Hugo: content/posts/YYYY-MM-slug.md with TOML front matter; taxonomies
tags, categories (the section), people, organisations, authors and archives
(year and month terms, standing in for dvarchive's /YYYY/ and /YYYY/MM/
pages); a minimal layout set of our own (peer_sites/hugo: baseof, single,
list, terms, an image render hook) and Hugo's built-in RSS and sitemap.
The photos are Hugo assets (assets/photos/…), and the templates make of each
what dvarchive makes: JPEG (q82) and WebP (q80) copies 480, 960 and 1600
pixels wide, those narrower than the original only, in a ``<picture>`` with
``srcset`` (partials/picture.html), and the original published beside them.
"Tin liên quan" is made as dvarchive makes it: the editors' picks, then
Hugo's related content over people and organisations (config.toml).

Pelican: content/articles/YYYY/MM/slug.md with Pelican metadata,
peer_sites/pelican/pelicanconf.py, the bundled ``notmyidea`` theme, RSS
feeds for the site, categories, tags and authors, year and month archives,
and its content cache on. Pelican has no
custom taxonomies without plugins, so people and organisations are added to
each article's tags: Pelican then builds a page and a feed for each, as
dvarchive does. Pelican does no image work: it copies the photos as they are
(the peer that does less; the report says so).

    python bench/peers.py OUT_DIR --articles N [--seed S] [--photos real|small|pool] [--photo-cache DIR]

writes OUT_DIR/hugo and OUT_DIR/pelican for the archive that
``generate.py`` makes with the same N and seed.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections import Counter
from pathlib import Path

from generate import PHOTO_MODES, REAL, Archive, Article, generate_archive, write_photos

# Fixed files of each peer site (settings, Hugo layouts), kept as real files.
PEER_SITES = Path(__file__).resolve().parent / "peer_sites"

# ---------------------------------------------------------------- Hugo


def toml_string(text: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML)."""
    return json.dumps(text, ensure_ascii=False)


def toml_array(items: list[str] | tuple[str, ...]) -> str:
    """A TOML array of strings."""
    return "[" + ", ".join(toml_string(item) for item in items) + "]"


def hugo_name(article: Article) -> str:
    """The file name of an article under content/posts/."""
    return f"{article.month_dir.replace('/', '-')}-{article.slug}"


def hugo_article_path(root: Path, article: Article) -> Path:
    """Where an article's file lives in the Hugo tree."""
    return root / "content" / "posts" / f"{hugo_name(article)}.md"


def hugo_front_matter(article: Article, by_ref: dict[str, Article]) -> str:
    """TOML front matter with every taxonomy and the photo."""
    lines = [
        f"title = {toml_string(article.title)}",
        f"date = {article.date.isoformat()}",
        f"slug = {toml_string(article.slug)}",
        f"categories = {toml_array([article.section])}",
        f"tags = {toml_array(article.tags)}",
        f"people = {toml_array([m.person.name for m in article.people])}",
        f"organisations = {toml_array([m.organisation.name for m in article.organisations])}",
        f"authors = {toml_array(article.authors)}",
        f"archives = {toml_array([article.month_dir[:4], article.month_dir.replace('/', '-')])}",
        f"agency = {toml_string(article.agency.name)}",
        f"related = {toml_array(['/posts/' + hugo_name(by_ref[r]) for r in article.related])}",
    ]
    if article.updated:
        lines.append(f"lastmod = {article.updated.isoformat()}")
    if article.summary:
        lines.append(f"summary = {toml_string(article.summary)}")
    if article.location:
        lines.append(f"location = {toml_string(article.location)}")
    for photo in article.photos:  # an array of tables: last, after every plain key
        lines += ["[[photos]]", f"src = {toml_string(photo.src)}",
                  f"caption = {toml_string(photo.caption)}", f"credit = {toml_string(photo.credit)}"]
    return "+++\n" + "\n".join(lines) + "\n+++\n\n"


def write_hugo(archive: Archive, root: Path, fill_related: bool = True, photo_cache: Path | None = None) -> None:
    """Write the archive as a Hugo site into `root`.

    With `fill_related` off, the article pages list only the editors'
    `related` picks: the reference run, lighter than dvarchive's pages.
    """
    shutil.copytree(PEER_SITES / "hugo", root, dirs_exist_ok=True)
    if not fill_related:
        config = root / "config.toml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("fillRelated = true", "fillRelated = false"), encoding="utf-8")
    write_photos(archive, root / "assets", photo_cache)
    posts = root / "content" / "posts"
    posts.mkdir(parents=True, exist_ok=True)
    by_ref = {a.ref: a for a in archive.articles}
    for article in archive.articles:
        body = article.body.replace("](photos/", "](/photos/")
        text = hugo_front_matter(article, by_ref) + body
        hugo_article_path(root, article).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- Pelican

def pelican_list(items: list[str]) -> str:
    """A Pelican metadata list; a trailing ';' keeps names with commas whole."""
    return "; ".join(items) + ";"


def pelican_article_path(root: Path, article: Article) -> Path:
    """Where an article's file lives in the Pelican tree."""
    return root / "content" / "articles" / article.month_dir / f"{article.slug}.md"


def pelican_slugs(archive: Archive) -> dict[str, str]:
    """Slugs unique over the whole archive, as Pelican needs (it treats two
    articles with one slug as translations); repeats get the month added."""
    counts = Counter(a.slug for a in archive.articles)
    return {a.ref: a.slug if counts[a.slug] == 1 else f"{a.slug}-{a.month_dir.replace('/', '-')}"
            for a in archive.articles}


def pelican_metadata(article: Article, slug: str) -> str:
    """Pelican's Markdown metadata block (one `Key: value` a line)."""
    tags = list(article.tags)
    tags += [m.person.name for m in article.people]
    tags += [m.organisation.name for m in article.organisations]
    lines = [
        f"Title: {article.title}",
        f"Date: {article.date.isoformat(sep=' ')}",
        f"Slug: {slug}",
        f"Category: {article.section}",
        f"Tags: {pelican_list(tags)}",
    ]
    if article.authors:
        lines.append(f"Authors: {pelican_list(list(article.authors))}")
    if article.updated:
        lines.append(f"Modified: {article.updated.isoformat(sep=' ')}")
    if article.summary:
        lines.append(f"Summary: {article.summary}")
    return "\n".join(lines) + "\n\n"


def write_pelican(archive: Archive, root: Path, photo_cache: Path | None = None) -> None:
    """Write the archive as a Pelican project into `root`."""
    shutil.copytree(PEER_SITES / "pelican", root, dirs_exist_ok=True)
    write_photos(archive, root / "content", photo_cache)
    for month_dir in sorted({a.month_dir for a in archive.articles}):
        (root / "content" / "articles" / month_dir).mkdir(parents=True, exist_ok=True)
    slugs = pelican_slugs(archive)
    for article in archive.articles:
        body = article.body.replace("](photos/", "]({static}/photos/")
        text = pelican_metadata(article, slugs[article.ref]) + body
        pelican_article_path(root, article).write_text(text, encoding="utf-8")


# ---------------------------------------------------------------- command line


def main() -> int:
    """Command line: write the Hugo and Pelican trees for one archive."""
    parser = argparse.ArgumentParser(description="Write Hugo and Pelican trees of an archive.")
    parser.add_argument("out_dir", type=Path, help="folder to create hugo/ and pelican/ in")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=1, help="random seed (as for generate.py)")
    parser.add_argument("--photos", choices=PHOTO_MODES, default=REAL, help="as for generate.py (default: real)")
    parser.add_argument("--photo-cache", type=Path, help="as for generate.py")
    args = parser.parse_args()
    archive = generate_archive(args.articles, args.seed, args.photos)
    write_hugo(archive, args.out_dir / "hugo", photo_cache=args.photo_cache)
    write_pelican(archive, args.out_dir / "pelican", args.photo_cache)
    print(f"wrote {args.out_dir / 'hugo'} and {args.out_dir / 'pelican'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
