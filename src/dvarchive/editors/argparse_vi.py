"""argparse's own words (usage, help, errors) in Vietnamese.

argparse looks every one of its phrases up through ``gettext`` when it
builds a parser, formats help or reports a mistake; Python ships no
Vietnamese catalog, so a user of ``dvarchive`` would read "usage:",
"options:" and "the following arguments are required" in English between
our Vietnamese lines. :func:`vietnamese_words` hands argparse this module's
catalog instead, for as long as the command line is being read, and
:class:`Parser` adds what a catalog cannot: "did you mean" for a mistyped
command or choice, and the values in the user's own spelling.

A phrase that a newer Python adds and the catalog lacks stays English; the
tests run every command's help and every kind of mistake and fail on any
English word, so such a phrase is caught on the Python that CI runs.
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

# argparse's phrases (its gettext message ids, Python 3.11 to 3.14) and ours.
CATALOG = {
    "usage: ": "cách dùng: ",
    "positional arguments": "tham số",
    "options": "tùy chọn",
    "optional arguments": "tùy chọn",
    "subcommands": "lệnh",
    "show this help message and exit": "in hướng dẫn này rồi thoát",
    "show program's version number and exit": "in số phiên bản rồi thoát",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "%(prog)s: warning: %(message)s\n": "%(prog)s: cảnh báo: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "the following arguments are required: %s": "còn thiếu: %s",
    "one of the arguments %s is required": "cần một trong: %s",
    "unrecognized arguments: %s": "không hiểu: %s (xem --help)",
    "not allowed with argument %s": "không dùng cùng với %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị %r",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ: có thể là %(matches)s",
    "unexpected option string: %s": "tùy chọn không đúng chỗ: %s",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (%(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)": "không có lựa chọn %(value)r (chọn một trong: %(choices)s)",
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)":
        "không có lựa chọn %(value)r: có phải %(closest)r? (chọn một trong: %(choices)s)",
    "%(heading)s:": "%(heading)s:",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "argument '-' with mode %r": "không dùng được '-' với chế độ %r",
    'argument "-" with mode %r': "không dùng được '-' với chế độ %r",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
    "can't open '%(filename)s': %(error)s": "không mở được '%(filename)s': %(error)s",
    "option '%(option)s' is deprecated": "tùy chọn '%(option)s' sắp bị bỏ",
    "argument '%(argument_name)s' is deprecated": "tham số '%(argument_name)s' sắp bị bỏ",
    "command '%(parser_name)s' is deprecated": "lệnh '%(parser_name)s' sắp bị bỏ",
    # Mistakes in a parser's own definition, which a user never meets; here so
    # that nothing argparse can say stays English.
    ".__call__() not defined": ".__call__() chưa được định nghĩa",
    "conflicting subparser: %s": "trùng lệnh: %s",
    "conflicting subparser alias: %s": "trùng tên khác của lệnh: %s",
    "cannot merge actions - two groups are named %r": "không gộp được: hai nhóm cùng tên %r",
    "'required' is an invalid argument for positionals": "tham số vị trí không nhận 'required'",
    "invalid option string %(option)r: must start with a character %(prefix_chars)r":
        "tùy chọn %(option)r không hợp lệ: phải bắt đầu bằng %(prefix_chars)r",
    "dest= is required for options like %r": "tùy chọn như %r cần dest=",
    "invalid conflict_resolution value: %r": "conflict_resolution không hợp lệ: %r",
    "mutually exclusive arguments must be optional": "các tham số loại trừ nhau phải là tùy chọn",
    "cannot have multiple subparser arguments": "chỉ được có một nhóm lệnh",
    "%r is not callable": "%r không gọi được",
}
PLURALS = {
    "expected %s argument": "cần %s giá trị",
    "conflicting option string: %s": "trùng tùy chọn: %s",
}


def _translate(message: str) -> str:
    return CATALOG.get(message, message)


def _translate_plural(singular: str, plural: str, count: int) -> str:
    return PLURALS.get(singular, singular if count == 1 else plural)


@contextmanager
def vietnamese_words() -> Iterator[None]:
    """argparse speaks Vietnamese inside this block: build, parse and print help in it.

    argparse reads its module-level ``_`` and ``ngettext`` each time it needs a
    phrase, so they are swapped for the block and put back after it.
    """
    ours = {"_": _translate, "ngettext": _translate_plural}
    saved = {name: getattr(argparse, name) for name in ours if hasattr(argparse, name)}
    for name in saved:
        setattr(argparse, name, ours[name])
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(argparse, name, function)


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose choice errors name the closest choice."""

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        choices = action.choices
        if choices is None or value in choices:
            return
        names = [str(choice) for choice in choices]
        commands = isinstance(choices, dict) and all(isinstance(p, argparse.ArgumentParser) for p in choices.values())
        message = f'không có {"lệnh" if commands else "lựa chọn"} "{value}"'
        close = [name for name in names if name.startswith(str(value))] if value else []
        close = close if len(close) == 1 else difflib.get_close_matches(str(value), names, n=1, cutoff=0.6)
        if close:
            message += f': có phải "{close[0]}"?'
        raise argparse.ArgumentError(action, f"{message} (chọn một trong: {', '.join(names)})")


def whole_number(text: str) -> int:
    """An integer option's value, refused in Vietnamese ("abc" is not a number)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" không phải một số nguyên') from None
