"""Diagnostics and the one exception family of dvarchive.

Every problem found in a site is a :class:`Diagnostic` with a place (the
file, relative to the site, and a line when one is known). Stages collect
diagnostics instead of stopping at the first problem; when a stage ends with
errors the build raises one exception carrying all of them::

    DvarchiveError            anything dvarchive reports to a user
    ├── ConfigError           dvarchive.yaml is missing or wrong
    ├── ContentError          articles or registries are wrong
    ├── TemplateError         a template cannot be read or rendered
    └── OutputError           the output folder cannot be written safely
"""

from __future__ import annotations

import errno
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum


class Level(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    SUGGESTION = "suggestion"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at one place: printed as ``path:line: level: message``."""

    path: str
    line: int | None
    message: str
    level: Level = Level.ERROR

    def __str__(self) -> str:
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{place}: {self.level.value}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


class DvarchiveError(Exception):
    """A problem a user must fix; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = tuple(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self) -> tuple[object, ...]:
        # Rebuilt from the diagnostics when it crosses from a worker process.
        return (type(self), (self.diagnostics,))


class ConfigError(DvarchiveError):
    """The site configuration is missing or invalid."""


class ContentError(DvarchiveError):
    """Articles or registries are invalid."""


class TemplateError(DvarchiveError):
    """A template cannot be read or rendered."""


class OutputError(DvarchiveError):
    """The output folder cannot be written safely."""


@dataclass
class Report:
    """Collects the diagnostics of one stage, in the order they are found."""

    diagnostics: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, message, Level.ERROR))

    def warning(self, path: str, line: int | None, message: str) -> None:
        self.diagnostics.append(Diagnostic(path, line, message, Level.WARNING))

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics.extend(diagnostics)

    @property
    def has_errors(self) -> bool:
        return any(d.is_error for d in self.diagnostics)

    def raise_if_errors(self, error_type: type[DvarchiveError]) -> None:
        if self.has_errors:
            raise error_type(self.diagnostics)


# What the system refused, and what to do about it; the system's own words follow in brackets.
_NO_PERMISSION = "không có quyền: kiểm tra quyền đọc, ghi tệp hay thư mục này"
_SYSTEM_ADVICE = {
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.ENOSPC: "hết chỗ trên đĩa: giải phóng bớt dung lượng rồi dựng lại",
    errno.EDQUOT: "hết hạn mức dung lượng: giải phóng bớt dung lượng rồi dựng lại",
    errno.EROFS: "ổ đĩa chỉ cho đọc: dựng vào thư mục khác (--output)",
    errno.ENOENT: "không thấy tệp hay thư mục này: kiểm tra đường dẫn",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc: dựng lại với ít tiến trình hơn (--jobs)",
}


def system_diagnostic(exc: OSError) -> Diagnostic:
    """A refusal of the operating system (no permission, a full disk…), said with what to do."""
    advice = _SYSTEM_ADVICE.get(exc.errno or 0, "hệ thống báo lỗi: kiểm tra tệp hay thư mục này rồi thử lại")
    return Diagnostic(str(exc.filename or "dvarchive"), None, f"{advice} ({exc.strerror or exc})")
