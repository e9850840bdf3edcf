"""The ``dvarchive`` command: parse options, call the library, report."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from contextlib import nullcontext
from datetime import date, datetime, timezone
from pathlib import Path

from . import __version__
from .build import build_site
from .core.errors import Diagnostic, DvarchiveError, Level, system_diagnostic
from .core.results import BuildResult
from .editors.argparse_vi import Parser, vietnamese_words, whole_number
from .editors.progress import progress_bar

# The other commands' modules are imported when their command runs: `build`
# on an unchanged site must answer in a fraction of a second.


def main(argv: Sequence[str] | None = None) -> int:
    with vietnamese_words():
        parser = _make_parser()
        args = parser.parse_args(argv)
        if not hasattr(args, "run"):
            parser.print_help()
            return 2
    try:
        return int(args.run(args))
    except DvarchiveError as exc:
        quiet = getattr(args, "quiet", False)
        _print_diagnostics([d for d in exc.diagnostics if d.is_error or not quiet])
        errors = sum(1 for d in exc.diagnostics if d.is_error)
        print(f"dvarchive: {errors} lỗi; không có gì được ghi.", file=sys.stderr)
        return 1
    except OSError as exc:
        print(system_diagnostic(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("dvarchive: đã dừng.", file=sys.stderr)
        return 130


SITE_HELP = "thư mục trang (mặc định: thư mục hiện tại)"
FOLDER = "THƯ_MỤC"


def _make_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="dvarchive",
        description="Dựng trang lưu trữ tin tức tĩnh từ các bài viết Markdown.",
        epilog="Hướng dẫn của từng lệnh: dvarchive LỆNH --help",
    )
    parser.add_argument("--version", action="version", version=f"dvarchive {__version__}", help="in số phiên bản rồi thoát")
    commands = parser.add_subparsers(title="lệnh", metavar="LỆNH")
    build = commands.add_parser("build", help="dựng toàn bộ trang vào thư mục đầu ra", description="Dựng toàn bộ trang vào THƯ_MỤC/public (hoặc --output).")
    build.add_argument("site", nargs="?", default=".", type=Path, metavar=FOLDER, help=SITE_HELP)
    build.add_argument("--output", "-o", type=Path, metavar=FOLDER, help="thư mục đầu ra (mặc định: THƯ_MỤC/public)")
    build.add_argument("--drafts", action="store_true", help="dựng cả các bài nháp (draft: true), có dấu “Bản nháp” để xem trước")
    build.add_argument("--future", action="store_true", help="dựng cả các bài hẹn giờ (ngày đăng sau lúc dựng) để xem trước")
    build.add_argument("--clean", action="store_true", help="bỏ qua bộ nhớ đệm, dựng lại mọi trang")
    build.add_argument("--jobs", "-j", type=whole_number, metavar="N", help="số tiến trình (mặc định: số lõi CPU)")
    build.add_argument("--profile", action="store_true", help="in thời gian của từng giai đoạn")
    build.add_argument("--no-search", dest="search", action="store_false", help="không tạo chỉ mục tìm kiếm (Pagefind)")
    build.add_argument("--force", action="store_true", help="ghi vào một thư mục có sẵn tệp lạ (các tệp đó được giữ)")
    _add_verbosity(build, quiet="chỉ in lỗi (không cảnh báo, không dòng tổng kết, không thanh tiến độ)",
                   verbose=f"in mọi cảnh báo (mặc định: {SHOWN_WARNINGS} cảnh báo đầu) và thời gian của từng giai đoạn")
    build.set_defaults(run=_run_build)

    check = commands.add_parser("check", help="báo mọi lỗi và gợi ý mà không ghi gì", description="Báo mọi lỗi, cảnh báo và gợi ý của trang mà không ghi gì.")
    check.add_argument("site", nargs="?", default=".", type=Path, metavar=FOLDER, help=SITE_HELP)
    check.add_argument("--strict", action="store_true", help="coi cảnh báo là lỗi (mã thoát 1)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="text: mỗi dòng một vấn đề; json: mỗi dòng một đối tượng JSON")
    _add_verbosity(check, quiet="chỉ in lỗi (và cảnh báo khi có --strict), không dòng tổng kết")
    check.set_defaults(run=_run_check)

    init = commands.add_parser("init", help="tạo một trang lưu trữ mới", description="Tạo một trang lưu trữ mới: cấu hình, sổ đăng ký, một bài mẫu; giao diện lấy từ giao diện mặc định.")
    init.add_argument("directory", type=Path, metavar=FOLDER, help="thư mục mới (chưa có hoặc trống)")
    init.add_argument("--eject-theme", action="store_true", help="chép cả giao diện mặc định vào templates/ và static/ để sửa (trang sẽ không nhận bản sửa giao diện khi nâng cấp)")
    _add_verbosity(init, quiet="không in gì khi thành công", verbose="in từng tệp được tạo")
    init.set_defaults(run=_run_init)

    new = commands.add_parser("new", help="tạo một bài mới với phần đầu đã điền sẵn", description="Tạo content/articles/NĂM/THÁNG/<tên>.md với phần đầu đã điền sẵn và in đường dẫn của nó.")
    new.add_argument("title", metavar="TIÊU_ĐỀ", help='tiêu đề bài, ví dụ "Hà Nội khởi công cầu mới"')
    new.add_argument("--section", metavar="CHUYÊN_MỤC", help="chuyên mục, ví dụ Thời sự")
    new.add_argument("--site", type=Path, default=Path("."), metavar=FOLDER, help=SITE_HELP)
    new.set_defaults(run=_run_new)

    serve = commands.add_parser("serve", help="xem trang trên máy: dựng, phục vụ, tự dựng lại khi sửa", description="Dựng trang vào một thư mục tạm, phục vụ nó và dựng lại mỗi khi có thay đổi.")
    serve.add_argument("site", nargs="?", default=".", type=Path, metavar=FOLDER, help=SITE_HELP)
    serve.add_argument("--port", type=whole_number, default=8000, metavar="CỔNG", help="cổng (mặc định: 8000; 0: chọn cổng trống)")
    serve.add_argument("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ", help="địa chỉ (mặc định: 127.0.0.1, chỉ máy này)")
    serve.add_argument("--drafts", action="store_true", help="hiện cả các bài nháp")
    serve.add_argument("--future", action="store_true", help="hiện cả các bài hẹn giờ")
    serve.set_defaults(run=_run_serve)

    wire = commands.add_parser("import", help="chuyển bản tin thông tấn (văn bản thuần) thành một bài", description="Chuyển một bản tin thông tấn (văn bản thuần) thành một bài nháp.")
    wire.add_argument("files", nargs="+", metavar="TỆP", help="tệp bản tin (một hay nhiều), hoặc - để đọc từ đầu vào chuẩn")
    wire.add_argument("--site", type=Path, default=Path("."), metavar=FOLDER, help=SITE_HELP)
    wire.add_argument("--year", type=whole_number, metavar="NĂM", help="năm của bản tin (mặc định: năm nay)")
    wire.add_argument("--stdout", action="store_true", help="in bài ra màn hình thay vì ghi tệp")
    wire.add_argument("--allow-duplicate", action="store_true", help="vẫn ghi bản tin đã có trong kho (cùng tiêu đề hay gần như cùng nội dung), chỉ cảnh báo; tệp trùng tên được thêm số (-2, -3…)")
    _add_verbosity(wire, quiet="không in cảnh báo, chỉ in lỗi")
    wire.set_defaults(run=_run_import)
    return parser


def _add_verbosity(command: argparse.ArgumentParser, quiet: str, verbose: str | None = None) -> None:
    """``--quiet`` and, where there is more to say, ``--verbose``; never both."""
    group = command.add_mutually_exclusive_group()
    group.add_argument("--quiet", "-q", action="store_true", help=quiet)
    if verbose is not None:
        group.add_argument("--verbose", "-v", action="store_true", help=verbose)


# A build with thousands of warnings (a folder of articles deleted at once)
# must not bury its summary: the first ones, then how many more.
SHOWN_WARNINGS = 20


def _run_build(args: argparse.Namespace) -> int:
    with nullcontext(None) if args.quiet else progress_bar() as progress:
        result = build_site(
            args.site, args.output, include_drafts=args.drafts, clean=args.clean, jobs=args.jobs,
            progress=progress, search=args.search, force=args.force, include_future=args.future,
        )
    if not args.quiet:
        _print_diagnostics(result.warnings if args.verbose else result.warnings[:SHOWN_WARNINGS])
        hidden = len(result.warnings) - SHOWN_WARNINGS
        if hidden > 0 and not args.verbose:
            print(f"dvarchive: và {_count(hidden)} cảnh báo nữa; xem hết: dvarchive build --verbose, hoặc dvarchive check", file=sys.stderr)
        print(summary_line(result))
    if args.profile or args.verbose:
        print(_profile(result))
    return 0


def _run_check(args: argparse.Namespace) -> int:
    from .editors.check import check_site

    diagnostics = check_site(args.site)
    failing = {Level.ERROR, Level.WARNING} if args.strict else {Level.ERROR}
    for diagnostic in diagnostics:
        if not args.quiet or diagnostic.level in failing:
            print(_format_json(diagnostic) if args.format == "json" else diagnostic)
    if args.format == "text" and not args.quiet:
        counts = Counter(d.level for d in diagnostics)
        print(
            f"{counts[Level.ERROR]} lỗi, {counts[Level.WARNING]} cảnh báo, {counts[Level.SUGGESTION]} gợi ý.",
            file=sys.stderr,
        )
    return 1 if any(d.level in failing for d in diagnostics) else 0


def _format_json(diagnostic: Diagnostic) -> str:
    fields = {"path": diagnostic.path, "line": diagnostic.line, "level": diagnostic.level.value, "message": diagnostic.message}
    return json.dumps(fields, ensure_ascii=False)


def _run_init(args: argparse.Namespace) -> int:
    from .editors.scaffold import init_site

    created = init_site(args.directory, datetime.now(timezone.utc), eject_theme=args.eject_theme)
    if args.verbose:
        for path in created:
            print(path)
    if not args.quiet:
        print(f"Đã tạo trang mới trong {args.directory}. Tiếp theo: dvarchive build {args.directory}")
    return 0


def _run_new(args: argparse.Namespace) -> int:
    from .editors.scaffold import new_article

    print(new_article(args.site, args.title, args.section, datetime.now(timezone.utc)))
    return 0


def _run_serve(args: argparse.Namespace) -> int:
    from .editors.serve import serve

    return serve(args.site, args.host, args.port, args.drafts, args.future)


def _run_import(args: argparse.Namespace) -> int:
    from .editors.duplicates import imported_duplicates
    from .editors.importer import import_wires, write_articles
    from .editors.wire import decode_wire

    copies = []
    for name in args.files:
        source = "<stdin>" if name == "-" else name
        data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        copies.append((decode_wire(data, source), source))
    articles = import_wires(copies, args.site, args.year, date.today(), new_files=args.allow_duplicate)
    warnings = [warning for article in articles for warning in article.warnings]
    # Refused unless told otherwise; --stdout writes nothing into the archive, so it only warns.
    warnings += imported_duplicates(args.site, articles, refuse=not (args.allow_duplicate or args.stdout))
    if not args.quiet:
        _print_diagnostics(warnings)
    if args.stdout:
        sys.stdout.write("".join(article.text for article in articles))
    else:
        for path in write_articles(args.site, articles):
            print(path)
    return 0


def summary_line(result: BuildResult) -> str:
    """What was built, what was made again and what was left alone, and how many
    files changed on disk: what rsync or a CDN will upload."""
    return (
        f"Đã dựng {_count(result.articles)} bài: {_count(result.pages)} trang, {_count(result.feeds)} nguồn RSS "
        f"vào {result.output}; {_count(result.rendered)} tệp làm mới, {_count(result.unchanged)} tệp không đổi, "
        f"{_count(result.written)} tệp được ghi, trong {_seconds(result.seconds)} giây{_scheduled(result)}."
    )


def _scheduled(result: BuildResult) -> str:
    """How many articles wait for their time, and when the first goes live (in the site's timezone)."""
    if not result.scheduled or result.next_scheduled is None:
        return ""
    when = f"{result.next_scheduled:%H:%M} ngày {result.next_scheduled:%d/%m/%Y}"
    first = "lên lúc" if result.scheduled == 1 else "bài sớm nhất lên lúc"
    return f"; {_count(result.scheduled)} bài hẹn giờ, {first} {when}"


def _count(value: int) -> str:
    """A count as Vietnamese writes it: 16.803."""
    return f"{value:,}".replace(",", ".")


def _profile(result: BuildResult) -> str:
    names = {
        "load": "đọc", "resolve": "liên kết", "photos": "ảnh", "plan": "lập kế hoạch",
        "render": "kết xuất", "search": "tìm kiếm", "write": "ghi",
    }
    lines = [
        f"  {label:<14}{_seconds(result.stages[stage]):>8} giây" for stage, label in names.items() if stage in result.stages
    ]
    scope = f"Phạm vi: {result.scope}.\n" if result.scope else ""
    return scope + "Thời gian theo giai đoạn:\n" + "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def _print_diagnostics(diagnostics: Sequence[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
