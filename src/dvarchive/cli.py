"""The ``dvarchive`` command: parse options, call the library, report."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .build import BuildResult, build_site
from .errors import Diagnostic, DvarchiveError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _make_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 2
    try:
        return int(args.run(args))
    except DvarchiveError as exc:
        _print_diagnostics(exc.diagnostics)
        errors = sum(1 for d in exc.diagnostics if d.is_error)
        print(f"dvarchive: {errors} lỗi; không có gì được ghi.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{exc.filename or 'dvarchive'}: error: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dvarchive: đã dừng.", file=sys.stderr)
        return 130


def _make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dvarchive",
        description="Dựng trang lưu trữ tin tức tĩnh từ các bài viết Markdown.",
    )
    parser.add_argument("--version", action="version", version=f"dvarchive {__version__}")
    commands = parser.add_subparsers(title="lệnh", metavar="LỆNH")
    build = commands.add_parser("build", help="dựng toàn bộ trang vào thư mục đầu ra")
    build.add_argument("site", nargs="?", default=".", type=Path, help="thư mục trang (mặc định: thư mục hiện tại)")
    build.add_argument("--output", "-o", type=Path, help="thư mục đầu ra (mặc định: SITE/public)")
    build.add_argument("--drafts", action="store_true", help="dựng cả các bài nháp (draft: true)")
    build.set_defaults(run=_run_build)
    return parser


def _run_build(args: argparse.Namespace) -> int:
    result = build_site(args.site, args.output, include_drafts=args.drafts)
    _print_diagnostics(result.warnings)
    print(_summary(result))
    return 0


def _summary(result: BuildResult) -> str:
    seconds = f"{result.seconds:.2f}".replace(".", ",")
    return (
        f"Đã dựng {result.articles} bài: {result.pages} trang, {result.feeds} nguồn RSS, "
        f"{result.files} tệp vào {result.output} trong {seconds} giây."
    )


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
