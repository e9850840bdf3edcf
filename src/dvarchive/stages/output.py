"""The only module that writes: the whole site appears at once, or not at all.

A build writes into a fresh folder beside the output and swaps it in only
when everything is written, so a failed or interrupted build leaves the last
good site as it was. The output folder carries a manifest; a folder without
one that is not empty was not made by dvarchive and is never replaced.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..core.errors import Diagnostic, OutputError
from ..core.jobs import Copy
from ..core.layout import MANIFEST, read_manifest


def check_output_folder(site_dir: Path, output_dir: Path, force: bool = False) -> None:
    """Refuse an output folder that a build could damage by writing into it.

    A non-empty folder without a manifest was not made by dvarchive: it is
    refused unless ``force`` (its files are then kept, only ours are added).
    """
    site = site_dir.resolve()
    output = output_dir.resolve()
    forbidden = {
        site: "chính thư mục trang",
        site / "content": "thư mục content/",
        site / "templates": "thư mục templates/",
        site / "static": "thư mục static/",
        Path.home().resolve(): "thư mục nhà",
        Path(output.anchor): "thư mục gốc",
    }
    reason = forbidden.get(output)
    if reason is None and site.is_relative_to(output):
        reason = "một thư mục cha của trang"
    if reason is None and output.is_relative_to(site / "content"):
        reason = "một thư mục trong content/"
    if reason is not None:
        raise OutputError([Diagnostic(str(output_dir), None, f"không thể ghi đầu ra vào {reason}: chọn thư mục khác, ví dụ public/")])
    if output.exists() and not output.is_dir():
        raise OutputError([Diagnostic(str(output_dir), None, "đầu ra không phải là một thư mục")])
    if not force and output.is_dir() and not (output / MANIFEST).is_file() and any(output.iterdir()):
        raise OutputError(
            [
                Diagnostic(
                    str(output_dir),
                    None,
                    "thư mục đầu ra có tệp nhưng không do dvarchive tạo: chọn thư mục khác, làm trống nó, "
                    "hoặc dùng --force (các tệp sẵn có được giữ nguyên)",
                )
            ]
        )


class Staging:
    """The next version of the output, filled beside it and swapped in when whole.

    It starts as hard links to the current output's files, so an unchanged
    file keeps its inode and modification time; a changed file is replaced,
    never written through the link. The links are made in the background
    from the start (a large site has hundreds of thousands of files), and
    :meth:`ready` waits for them before the first :meth:`put`. :meth:`put`
    may be called from forked worker processes. Of the old files, only those
    the last build wrote (its manifest) may go: files someone else put there stay.

    A ``deferred`` staging (a build that may change only a page or two)
    links nothing at first: the files put are kept aside, and :meth:`finish`
    decides. One changed file, and the same files in the site, is one rename
    into the output: the new site appears at once all the same, without a
    copy of every link (most of the time of a one-page edit). More, and the
    links are made then. :meth:`link` gives up deferring before any put.

    ``deferred`` is how many changed or new files may be renamed in so, one
    after the other: 1, or 2 for the body edit of one article, whose page
    and ninjs document change together, and more when its search bundle is
    indexed again. New files go first (nothing links to them yet), then the
    changed ones, a page last, then the files no longer wanted go; each file
    is whole at every moment. For the instant between the renames, only the
    document (or the search bundle: Pagefind names its files by their
    content, and its ``pagefind-entry.json``, renamed in after them, switches
    to the new ones) is newer than the page.
    """

    def __init__(self, output_dir: Path, deferred: int = 0, previous: set[str] | None = None) -> None:
        """``previous``: the files of the last build still in the output, if the caller has read
        its manifest already (hundreds of thousands of names, at scale)."""
        self.output_dir = output_dir
        output_dir.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(output_dir)
        if previous is None:
            previous = (read_manifest(output_dir) if output_dir.is_dir() else None) or set()
        self.previous = previous
        try:
            self.folder = Path(tempfile.mkdtemp(prefix=f".{output_dir.name}.new-", dir=output_dir.parent))
        except OSError as exc:  # named as the user knows it: the output folder, not the hidden new one
            raise OSError(exc.errno, exc.strerror, str(output_dir)) from None
        self._folders: set[Path] = set()
        self._renamed_alone = int(deferred)
        self._deferred = bool(deferred) and output_dir.is_dir()
        self._linking = _Linking(output_dir, self.folder) if output_dir.is_dir() and not self._deferred else None

    def __getstate__(self) -> dict[str, object]:
        # What a spawned helper needs to put files; the linking is this process's own
        # (a running ``cp``), and done before any put.
        return {**self.__dict__, "_linking": None}

    def link(self) -> None:
        """Start linking the current output's files in, in the background (before any :meth:`put`)."""
        if self._deferred:
            self._deferred = False
            self._linking = _Linking(self.output_dir, self.folder)

    def ready(self) -> None:
        """Wait until the current output's files are linked in; call before :meth:`put`."""
        if self._linking is not None:
            self._linking.finish()
            self._linking = None

    def put(self, path: str, data: bytes) -> int:
        """Write one file unless it already holds these bytes; 1 if written."""
        try:
            return self._put(path, data)
        except OSError as exc:
            raise self._named_in_output(exc) from None

    def _put(self, path: str, data: bytes) -> int:
        if self._deferred:
            live = os.path.join(self.output_dir, path)
            if os.path.isfile(live) and os.path.getsize(live) == len(data) and _read(live) == data:
                return 0
            path = f"{_ASIDE}/{path}"
        # os calls rather than pathlib's: this runs for every page of the site.
        target = os.path.join(self.folder, path)
        try:
            handle = os.open(target, _NEW_FILE, 0o666)
        except FileExistsError:
            if os.path.getsize(target) == len(data) and _read(target) == data:
                return 0
            os.unlink(target)  # a hard link to the live site: never write through it
            handle = os.open(target, _NEW_FILE, 0o666)
        except FileNotFoundError:
            # Not remembered in _folders: a page's folder is made once, by the first of its files
            # (a set of a Path per article would hold tens of megabytes in every process).
            os.makedirs(os.path.dirname(target), exist_ok=True)
            handle = os.open(target, _NEW_FILE, 0o666)
        try:
            with open(handle, "wb") as file:
                file.write(data)
        except OSError as exc:  # a write error (a full disk) does not name its file
            raise OSError(exc.errno, exc.strerror, exc.filename or target) from None
        return 1

    def finish(self, wanted: set[str], copies: list[Copy]) -> int:
        """Copy the assets, drop what the last build wrote and this one did not, swap in."""
        try:
            if self._deferred:
                aside = self._files_aside()
                if len(aside) <= self._renamed_alone and not copies and wanted - self.previous <= set(aside):
                    return self._replace_few(aside, wanted)
                self._put_aside_in_place(aside)
            self.ready()
            written = sum(_put_copy(self.folder / copy.path, copy.source, self._folders) for copy in copies)
            wanted = wanted | {copy.path for copy in copies}
            stale = self.previous - wanted
            for path in stale:
                (self.folder / path).unlink(missing_ok=True)
            manifest = json.dumps({"files": sorted(wanted)}, ensure_ascii=False, indent=0)
            (self.folder / MANIFEST).unlink(missing_ok=True)
            (self.folder / MANIFEST).write_text(manifest, "utf-8")
            _prune_empty_folders(self.folder, stale)
            _exchange(self.folder, self.output_dir)
        except BaseException as exc:
            self.abandon()
            if isinstance(exc, OSError):
                raise self._named_in_output(exc) from None
            raise
        _remove_in_background(self.folder)
        return written

    def _files_aside(self) -> list[str]:
        aside = self.folder / _ASIDE
        return sorted(path.relative_to(aside).as_posix() for path in aside.rglob("*") if path.is_file())

    def _replace_few(self, aside: list[str], wanted: set[str]) -> int:
        """The files put renamed into the output one by one: the new first, a page last;
        then those no longer wanted removed. While files come and go, the manifest
        names them all, so that a build stopped midway leaves none unknown."""
        stale = self.previous - wanted
        coming_or_going = bool(stale) or wanted != self.previous
        if coming_or_going:
            self._write_live_manifest(self.previous | wanted)
        for path in sorted(aside, key=lambda path: (path in self.previous, path.endswith(".html"))):
            if path not in self.previous:
                _make_folder((self.output_dir / path).parent, self._folders)
            os.replace(self.folder / _ASIDE / path, self.output_dir / path)
        for path in stale:
            (self.output_dir / path).unlink(missing_ok=True)
        _prune_empty_folders(self.output_dir, stale)
        if coming_or_going:
            self._write_live_manifest(wanted)
        shutil.rmtree(self.folder, ignore_errors=True)
        return 0

    def _write_live_manifest(self, files: set[str]) -> None:
        """The output's manifest replaced in one rename."""
        written = self.folder / MANIFEST
        written.write_text(json.dumps({"files": sorted(files)}, ensure_ascii=False, indent=0), "utf-8")
        os.replace(written, self.output_dir / MANIFEST)

    def _put_aside_in_place(self, aside: list[str]) -> None:
        """Link the current output in after all, and the files put aside over it."""
        self._deferred = False
        self._linking = _Linking(self.output_dir, self.folder)
        self.ready()
        for path in aside:
            target = self.folder / path
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.folder / _ASIDE / path, target)  # over the link: the live file is untouched
        shutil.rmtree(self.folder / _ASIDE)

    def _named_in_output(self, exc: OSError) -> OSError:
        """The error as the user knows the place: ``public/…``, not the hidden staging folder."""
        name, staged = str(exc.filename or ""), str(self.folder)
        if not name.startswith(staged):
            return exc
        return OSError(exc.errno, exc.strerror, str(self.output_dir) + name[len(staged) :])

    def abandon(self) -> None:
        if self._linking is not None:
            self._linking.stop()
            self._linking = None
        shutil.rmtree(self.folder, ignore_errors=True)


_ASIDE = ".dvarchive-aside"  # in a deferred staging folder: the files put, until finish() places them
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def write_site(output_dir: Path, made: dict[str, bytes], kept: set[str], copies: list[Copy]) -> int:
    """Put a new version of the site in place of the old one, all at once.

    ``made`` are the files made for it, ``kept`` those of the current output
    that stay as they are. Returns how many files changed.
    """
    staging = Staging(output_dir)
    try:
        staging.ready()
        written = sum(staging.put(path, data) for path, data in made.items())
    except BaseException:
        staging.abandon()
        raise
    return written + staging.finish(set(made) | kept, copies)


def _put_copy(target: Path, source: Path, folders: set[Path]) -> int:
    stat = source.stat()
    try:
        old = target.stat()
        if old.st_size == stat.st_size and old.st_mtime_ns == stat.st_mtime_ns:
            return 0
        target.unlink()
    except FileNotFoundError:
        _make_folder(target.parent, folders)
    shutil.copy2(source, target)
    return 1


def _make_folder(folder: Path, made: set[Path]) -> None:
    if folder not in made:
        folder.mkdir(parents=True, exist_ok=True)
        made.add(folder)


def _prune_empty_folders(root: Path, removed: set[str]) -> None:
    """Remove the folders that removing these files left empty, up to ``root``."""
    deepest_first = sorted({(root / path).parent for path in removed}, key=lambda folder: len(folder.parts), reverse=True)
    for folder in deepest_first:
        while folder != root and folder.is_relative_to(root):
            try:
                folder.rmdir()
            except OSError:
                break  # not empty, or already removed with a folder below it
            folder = folder.parent


class _Linking:
    """Hard links to every file of ``source`` being made in ``target``: by
    ``cp -al`` in the background on Linux, else (or if it fails) here, when finished."""

    def __init__(self, source: Path, target: Path) -> None:
        self.source, self.target = source, target
        cp = shutil.which("cp")
        self.process: subprocess.Popen[bytes] | None = None
        if cp and sys.platform.startswith("linux"):
            command = [cp, "-al", f"{source}/.", str(target)]
            self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def finish(self) -> None:
        if self.process is not None and self.process.wait() == 0:
            return
        for folder, _, files in os.walk(self.source):
            relative = Path(folder).relative_to(self.source)
            (self.target / relative).mkdir(parents=True, exist_ok=True)
            for name in files:
                try:
                    os.link(Path(folder) / name, self.target / relative / name)
                except FileExistsError:  # linked by cp before it failed
                    pass

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _exchange(staging: Path, output_dir: Path) -> None:
    """Swap the new folder in: in one step where the system can (Linux, macOS),
    so the site is never missing.

    Elsewhere (Windows) in three renames: the current output is set aside
    under a name of its own, the new one takes its place, and the old goes
    where the new one was. A build stopped between the first two leaves no
    output but the last site set aside: the next build puts it back
    (:func:`_repair_interrupted_swap`) before anything else.
    """
    os.chmod(staging, 0o755)
    if not output_dir.exists():
        staging.rename(output_dir)
        staging.mkdir()  # the caller removes what is at ``staging`` afterwards
        return
    if _rename_exchange(staging, output_dir):
        return
    retired = output_dir.with_name(f".{output_dir.name}{_SET_ASIDE}{staging.name.rsplit('-', 1)[-1]}")
    output_dir.rename(retired)
    staging.rename(output_dir)
    retired.rename(staging)


_SET_ASIDE = ".previous-"  # ".public.previous-…": the last site, while a non-atomic swap runs


def _rename_exchange(first: Path, second: Path) -> bool:
    """Exchange two paths in one step: Linux's renameat2(RENAME_EXCHANGE), macOS's
    renamex_np(RENAME_SWAP); False where neither is there (Windows) or it failed."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # Windows: no C library by that name
        return False
    source, target = os.fsencode(first), os.fsencode(second)
    if hasattr(libc, "renameat2"):
        at_cwd, rename_exchange = -100, 2
        return bool(libc.renameat2(at_cwd, source, at_cwd, target, rename_exchange) == 0)
    if hasattr(libc, "renamex_np"):
        rename_swap = 2
        return bool(libc.renamex_np(source, target, rename_swap) == 0)
    return False


def _remove_in_background(folder: Path) -> None:
    """The old version goes away without making the build wait for it."""
    rm = shutil.which("rm")
    if rm is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    subprocess.Popen(
        [rm, "-rf", "--", str(folder)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _remove_leftovers(output_dir: Path) -> None:
    """Folders a killed build left beside the output."""
    _repair_interrupted_swap(output_dir)
    for leftover in output_dir.parent.glob(f".{output_dir.name}.new-*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _repair_interrupted_swap(output_dir: Path) -> None:
    """A three-rename swap (:func:`_exchange`) stopped midway: with no output, the
    last site set aside comes back; with the new one in place, the old one goes."""
    for retired in sorted(output_dir.parent.glob(f".{output_dir.name}{_SET_ASIDE}*")):
        if not output_dir.exists():
            retired.rename(output_dir)
        else:
            shutil.rmtree(retired, ignore_errors=True)
