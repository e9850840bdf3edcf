"""No two outputs at one file: checked once, after planning, before anything is written.

Every file a build puts in the output folder (pages, feeds, sitemaps, the
redirect pages and files, static files, photos and their smaller copies, the
search bundles under ``pagefind/``, dvarchive's own records) is claimed
here by what makes it. Two claims on one file, or a file where another
output needs a folder (``2025`` beside ``2025/index.html``), are errors
naming both, in one report. One pass over a dict: cheap for 200,000 files.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..core.config import CONFIG_FILE
from ..core.errors import ContentError, Diagnostic
from ..core.frontmatter import LineDict, YamlProblem, load_yaml, read_source
from ..core.jobs import Copy, PageJob
from ..core.layout import CONTENT_DIR, MANIFEST
from ..core.model import ImageInfo, Place
from ..core.urls import SEARCH_DIR
from .published import PUBLISHED_FILE

_RECORDS = {MANIFEST: "danh sách tệp của dvarchive", PUBLISHED_FILE: "sổ địa chỉ đã đăng của dvarchive"}
_FIX = "mỗi tệp của trang chỉ do một nguồn tạo ra: đổi địa chỉ hoặc tên của một trong hai"


@dataclass(frozen=True)
class _Claim:
    """What makes one output, described only when it collides."""

    what: str
    place: Place | None  # None: the site's settings (dvarchive.yaml)


Claimant = PageJob | Copy | _Claim


@dataclass(frozen=True)
class _Collision:
    path: str
    first: Claimant
    second: Claimant  # the one blamed, when it has a place
    folder: bool = False  # ``second`` is a file at ``path``, where ``first`` needs a folder
    twins: bool = False  # ``second``'s path differs from ``first``'s only in case or encoding


def check_outputs(site_dir: Path, outputs: Sequence[PageJob], copies: Sequence[Copy], images: dict[str, ImageInfo]) -> None:
    """Raise ContentError naming both origins of every file claimed twice.

    ``outputs`` come before ``copies``: of a page and a static file, the static file is blamed.
    """
    files: dict[str, Claimant] = {name: _Claim(what, None) for name, what in _RECORDS.items()}
    collisions: list[_Collision] = []
    for claimant in (*outputs, *copies):
        first = files.setdefault(claimant.path, claimant)
        if first is not claimant:
            collisions.append(_Collision(claimant.path, first, claimant))
    collisions += _files_in_the_way(files)
    collisions += _twins_elsewhere(files)
    if collisions:
        made_from = {path: src for src, info in images.items() for v in info.variants for path in (v.jpeg, v.webp)}
        describe = _Describer(site_dir, made_from)
        raise ContentError([describe.collision(collision) for collision in collisions])


# The search bundles (search.py) are written after this check, and may be
# left out (--no-search): their folder is kept free in every build.
_SEARCH_CLAIM = _Claim(f"chỉ mục tìm kiếm (/{SEARCH_DIR}/)", None)


def _files_in_the_way(files: dict[str, Claimant]) -> Iterator[_Collision]:
    """A file standing where another output needs a folder; anything in the search's folder."""
    if SEARCH_DIR in files:
        yield _Collision(SEARCH_DIR, _SEARCH_CLAIM, files[SEARCH_DIR], folder=True)
    folders: set[str] = set()
    for path, claimant in files.items():
        folder = path.rpartition("/")[0]
        while folder and folder not in folders:  # each folder once: its parents were seen with it
            folders.add(folder)
            if folder in files:
                yield _Collision(folder, claimant, files[folder], folder=True)
            folder = folder.rpartition("/")[0]
        if path.startswith(SEARCH_DIR + "/"):
            yield _Collision(SEARCH_DIR, _SEARCH_CLAIM, claimant, folder=True)


def _twins_elsewhere(files: dict[str, Claimant]) -> Iterator[_Collision]:
    """Two files whose paths differ only in case or in how a mark is encoded (NFC or
    NFD): one file on Windows and macOS, whose file systems fold both."""
    seen: dict[str, str] = {}
    for path in files:
        folded = unicodedata.normalize("NFC", path).casefold()
        first = seen.setdefault(folded, path)
        if first != path:
            yield _Collision(path, files[first], files[path], twins=True)


class _Describer:
    """Each origin in words an editor knows, and the place to change."""

    def __init__(self, site_dir: Path, made_from: dict[str, str]) -> None:
        self.site_dir = site_dir
        self.made_from = made_from
        self._config_line: int | None | bool = False

    def collision(self, collision: _Collision) -> Diagnostic:
        first, second = self.claim(collision.first), self.claim(collision.second)
        place = second.place or first.place
        fix = _FIX if place else "đổi các từ trong urls: của dvarchive.yaml"
        if collision.first is _SEARCH_CLAIM:
            message = f"{second.what} nằm trong thư mục /{SEARCH_DIR}/, dành cho chỉ mục tìm kiếm; {fix}"
        elif collision.twins:
            message = (
                f"{second.what} và {first.what} chỉ khác nhau ở chữ hoa, chữ thường hay cách ghi dấu: trên Windows "
                f"và macOS hai tệp {collision.path} và {self.path_of(collision.first)} là một; {fix}"
            )
        elif collision.folder:
            message = f"{second.what} nằm đúng chỗ thư mục /{collision.path}/ mà {first.what} cần; {fix}"
        else:
            message = f"{second.what} trùng với {first.what}: cùng ghi vào tệp {collision.path}; {fix}"
        place = place or Place(CONFIG_FILE, self.config_line())
        return Diagnostic(place.path, place.line, message)

    @staticmethod
    def path_of(claimant: Claimant) -> str:
        return claimant.path if isinstance(claimant, (PageJob, Copy)) else claimant.what

    def claim(self, claimant: Claimant) -> _Claim:
        if isinstance(claimant, _Claim):
            return claimant
        if isinstance(claimant, PageJob):
            if claimant.recipe is not None:
                article = claimant.recipe.placed.article
                return _Claim(f'bài "{article.title}" ({claimant.recipe.placed.url})', Place(article.source, article.title_line))
            return _Claim(claimant.what or f"tệp {claimant.path}", claimant.place)
        return self.copy_claim(claimant)

    def copy_claim(self, copy: Copy) -> _Claim:
        try:
            relative = copy.source.relative_to(self.site_dir).as_posix()
        except ValueError:
            relative = None  # the theme's
        if relative is not None and relative.startswith((f"{CONTENT_DIR}/", "static/")):
            what = "ảnh" if relative.startswith(f"{CONTENT_DIR}/") else "tệp tĩnh"
            return _Claim(f"{what} {relative} (/{copy.path})", Place(relative, None))
        if copy.path in self.made_from:  # made in the cache
            src = f"{CONTENT_DIR}/{self.made_from[copy.path]}"
            return _Claim(f"bản thu nhỏ /{copy.path} của ảnh {src}", Place(src, None))
        return _Claim(f"tệp của giao diện /{copy.path}", None)

    def config_line(self) -> int | None:
        """The line of ``urls:`` in dvarchive.yaml (read again: only when a collision is reported)."""
        if self._config_line is False:
            self._config_line = None
            try:
                data = load_yaml(read_source(self.site_dir / CONFIG_FILE))
            except (OSError, YamlProblem, UnicodeError):
                return None
            if isinstance(data, LineDict):
                self._config_line = data.lines.get("urls")
        return self._config_line  # type: ignore[return-value]
