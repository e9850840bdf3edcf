"""Path safety: nothing outside the site is read, nothing outside content/ is published.

Used by every stage that takes a path from a user (an article's photo, a
registry's, a static file, a link to a file): the rules live here once.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path

from .errors import Report
from .layout import CONTENT_DIR
from .markdown import is_safe_link
from .model import Article, Photo
from .records import replace

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]+:")


def is_other_scheme(written: str) -> bool:
    """An address with a scheme other than http(s): ``data:``, ``javascript:`` (``C:`` is a drive)."""
    return bool(_SCHEME.match(written)) and not written.startswith(("http://", "https://"))


def check_photo_path(written: str, source: str, report: Report, line: int | None) -> bool:
    """A photo path must stay inside content/; said without looking at the disk."""
    if written.startswith(("http://", "https://")):
        return True
    if is_other_scheme(written) or not is_safe_link(written):
        # data:, javascript: (however encoded): never published, so said where it is written.
        problem = f'ảnh "{written}" không phải tệp trong content/ cũng không phải địa chỉ http(s)://'
        report.error(source, line, f"{problem}: {_FIX_ADDRESS}")
        return False
    if written.startswith("/") or "\\" in written or re.match(r"^[a-zA-Z]:", written):
        report.error(source, line, f'ảnh "{written}": dùng đường dẫn tương đối trong content/')
        return False
    if all(c.startswith("../") or c == ".." for c in photo_candidates(written, source)):
        report.error(source, line, f'ảnh "{written}" nằm ngoài thư mục content/')
        return False
    return True


_FIX_ADDRESS = "chép ảnh (JPEG, PNG, WebP, GIF hoặc AVIF) vào content/ và ghi đường dẫn tương đối tới nó"


def photo_candidates(written: str, source: str) -> list[str]:
    """Where a photo may be, relative to content/: beside the source, or from content/."""
    source_dir = posixpath.dirname(source.removeprefix(CONTENT_DIR + "/"))
    return [posixpath.normpath(posixpath.join(source_dir, written)), posixpath.normpath(written)]


OUTSIDE_LINK = "tệp này là một liên kết dẫn ra ngoài thư mục trang: dvarchive không đọc nó; chép tệp vào trang"


def inside_site(site_dir: Path, path: Path) -> bool:
    """The file, its links followed, is in the site folder (nothing outside is ever read)."""
    return InsideCheck(site_dir)(path)


class InsideCheck:
    """:func:`inside_site` for many files: each folder's links are followed once.

    Following every link of a path costs a system call per folder in it;
    here a file costs one (is it a link?) once its folder is known. Made
    afresh for each build, so a folder swapped for a link is seen.
    """

    def __init__(self, site_dir: Path) -> None:
        self._root = os.path.realpath(site_dir) + os.sep
        self._folders: dict[str, str] = {}

    def __call__(self, path: Path) -> bool:
        folder, name = os.path.split(path)
        if folder not in self._folders:
            self._folders[folder] = os.path.realpath(folder)
        real = os.path.realpath(path) if os.path.islink(path) else os.path.join(self._folders[folder], name)
        return real.startswith(self._root)


class PhotoFinder:
    """Looks photos up under content/, each file once however many articles use it."""

    def __init__(self, content_dir: Path) -> None:
        self.content_dir = content_dir
        self._real_content = os.path.realpath(content_dir)
        self._found: dict[str, str] = {}  # candidate → "file", "outside" or "missing"

    def state(self, candidate: str) -> str:
        if candidate not in self._found:
            path = os.path.join(self.content_dir, candidate)
            if not os.path.isfile(path):
                self._found[candidate] = "missing"
            else:
                real = os.path.realpath(path)
                inside = real.startswith(self._real_content + os.sep)
                self._found[candidate] = "file" if inside else "outside"
        return self._found[candidate]


def place_photos(article: Article, finder: PhotoFinder, report: Report) -> Article:
    """Find each photo of an article on disk; a missing one is an error, or in a
    draft a warning, and is left out.

    Body images take the caption and credit of the header photo they show,
    and a header photo that the body shows is marked as placed there.
    """
    def locate(photo: Photo) -> Photo | None:
        return locate_photo(photo, article.source, finder, report, article.draft)

    photos = [p for p in map(locate, article.photos) if p]
    by_src = {photo.src: photo for photo in photos}
    body = []
    for image in article.body_photos:
        located = locate(image)
        if located is not None:
            listed = by_src.get(located.src)
            body.append(replace(listed, written=image.written, line=image.line) if listed else located)
    shown = {image.src for image in body}
    placed = tuple(p if p.in_body == (p.src in shown) else replace(p, in_body=p.src in shown) for p in photos)
    return replace(article, photos=placed, body_photos=tuple(body))


def locate_photo(photo: Photo, source: str, finder: PhotoFinder, report: Report, draft: bool = False) -> Photo | None:
    """The photo with its content-relative ``src``, or None (reported) if it is not there.

    A draft may name photos not there yet: a warning, where a published
    article would show a broken image (an error).
    """
    if photo.is_remote:
        return photo
    for candidate in photo_candidates(photo.written, source):
        if candidate.startswith("..") and os.path.lexists(os.path.join(finder.content_dir, candidate)):
            report.error(source, photo.line, f'ảnh "{photo.written}" nằm ngoài thư mục content/')
            return None
        state = "missing" if candidate.startswith("..") else finder.state(candidate)
        if state == "missing":
            continue
        if state == "outside":
            report.error(source, photo.line, f'ảnh "{photo.written}" dẫn ra ngoài thư mục content/')
            return None
        return photo if candidate == photo.src else replace(photo, src=candidate)
    missing = f'không thấy tệp ảnh "{photo.written}"'
    if draft:
        report.warning(source, photo.line, f"{missing}: bản nháp nên ảnh được bỏ qua; thêm tệp ảnh trước khi đăng bài")
    else:
        report.error(source, photo.line, f"{missing} (tìm cạnh tệp bài và trong content/): {_FIX_PHOTO_PATH}")
    return None


_FIX_PHOTO_PATH = "kiểm tra tên tệp, chữ hoa chữ thường và thư mục, hoặc chép ảnh vào đó"
