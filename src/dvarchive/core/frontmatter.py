"""Reading source text: decoding, the ``---`` header split, and YAML with lines.

YAML is read with libyaml's parser but our own constructors: every plain
scalar stays a string (the schema decides what it means, so ``title: 1975``
is a headline, not a number, and a bad date is reported in our words), and
every mapping and list remembers the line of each of its entries so that
later stages can point at the exact line of a problem.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from .names import nfc

try:
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):  # type: ignore[type-arg]
    """A YAML mapping that knows the line of each key."""

    lines: dict[object, int]
    line: int


class LineList(list):  # type: ignore[type-arg]
    """A YAML sequence that knows the line of each item."""

    lines: list[int]
    line: int


class YamlProblem(Exception):
    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loading with line-aware containers; line numbers start at 1."""


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.lines = {}
    mapping.line = _line(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise YamlProblem(_line(key_node), "khóa phải là một chuỗi chữ")
        if key in mapping:
            raise YamlProblem(
                _line(key_node),
                f'khóa "{key}" bị lặp (dòng {mapping.lines[key]} đã có): giữ lại một',
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.lines[key] = _line(key_node)
    return mapping


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.lines = [_line(child) for child in node.value]
    items.line = _line(node)
    return items


def _construct_plain(loader: _Loader, node: yaml.ScalarNode) -> str:
    return str(loader.construct_scalar(node))


# Only null (and merge keys) are recognised in plain scalars: every other plain scalar is a
# string for the schema to read, so the resolver need not try the patterns
# for booleans, numbers and timestamps on each of them.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:omap", _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)
for _tag in ("bool", "int", "float", "timestamp", "binary", "set"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _construct_plain)


def load_yaml(text: str, first_line: int = 1) -> object:
    """Parse YAML; lines in the result and in errors count from ``first_line``."""
    padded = "\n" * (first_line - 1) + text
    try:
        return yaml.load(padded, Loader=_Loader)  # noqa: S506 - safe loader
    except YamlProblem:
        raise
    except yaml.MarkedYAMLError as exc:
        # A quote left open is found at the end of the header: its start is the line to fix.
        unclosed = "end of stream" in str(exc.problem) and exc.context_mark is not None
        mark = exc.context_mark if unclosed else exc.problem_mark or exc.context_mark
        line = int(mark.line) + 1 if mark is not None else None
        raise YamlProblem(line, _describe_yaml_error(exc)) from None
    except yaml.reader.ReaderError as exc:
        line = padded.count("\n", 0, exc.position) + 1
        raise YamlProblem(line, f"ký tự không được phép trong YAML (mã {exc.character:#x}): xóa nó đi") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(None, f"YAML không hợp lệ: {exc}") from None
    except RecursionError:
        raise YamlProblem(None, "YAML lồng nhau quá sâu") from None


# What libyaml says (in English), as an editor needs to hear it: what is wrong, what to do.
# The most common slip first: a value with a colon or a quote, written without quotes around it.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "dấu hai chấm đứng sai chỗ: giá trị có dấu “:” (như “Hà Nội: mưa lớn”) phải đặt trong ngoặc kép; nếu không, xem lại thụt lề của dòng này và dấu hai chấm của dòng trên"),
    ("did not find expected key", "dòng không đúng dạng “tên: giá trị”: xem lại thụt lề và dấu “-”; giá trị có dấu ngoặc kép bên trong thì đặt cả giá trị trong ngoặc đơn ('…')"),
    ("could not find expected ':'", "thiếu dấu hai chấm: viết “tên: giá trị”"),
    ("tab character", "thụt lề bằng phím Tab: YAML chỉ nhận dấu cách"),
    ("end of stream", "một dấu ngoặc kép (\" hoặc ') mở ở dòng này chưa được đóng: đóng nó ở cuối giá trị"),
    ("expected ',' or ']'", "danh sách […] chưa đóng ngoặc vuông, hoặc thiếu dấu phẩy giữa hai mục"),
    ("expected ',' or '}'", "ngoặc nhọn {…} chưa đóng, hoặc thiếu dấu phẩy giữa hai mục"),
    ("block sequence entries are not allowed", "dấu “-” của danh sách đứng sai chỗ: xem lại thụt lề"),
    ("expected '-' indicator", "mỗi mục của danh sách bắt đầu bằng “- ”, cùng thụt lề như các mục khác"),
    ("cannot start any token", "giá trị không được bắt đầu bằng ký tự này (như @ hay `): đặt giá trị trong ngoặc kép"),
    ("undefined alias", "giá trị bắt đầu bằng “*” được hiểu là lời gọi một neo YAML: đặt giá trị trong ngoặc kép"),
    ("alphabetic or numeric character", "giá trị bắt đầu bằng “&” hoặc “*” được hiểu là neo YAML: đặt giá trị trong ngoặc kép"),
    ("duplicate anchor", "một neo “&…” được đặt hai lần: đặt giá trị có “&” trong ngoặc kép"),
    ("unknown escape character", "trong ngoặc kép, “\\” phải viết là “\\\\”: hoặc dùng ngoặc đơn"),
    ("directive", "dòng bắt đầu bằng “%”: đặt giá trị trong ngoặc kép"),
    ("unhashable key", "tên trường phải là chữ, không phải danh sách hay bảng"),
    ("expected node content", "thiếu giá trị sau dấu này"),
    ("another document", "phần đầu có dòng “---” thừa: bỏ nó đi"),
)


def _describe_yaml_error(exc: yaml.MarkedYAMLError) -> str:
    problem = str(exc.problem or exc.context or "")
    if "could not determine a constructor" in problem:
        return f"thẻ YAML không được phép ({problem.split('tag ')[-1]}): bỏ thẻ đi"
    said = f"{problem} {exc.context or ''}"
    for words, meaning in _YAML_PROBLEMS:
        if words in said:
            return f"YAML không hợp lệ: {meaning}"
    return f"YAML không hợp lệ (bộ đọc YAML báo: “{problem}”): xem lại dòng này"


def read_source(path: Path) -> str:
    """A text file as NFC text with LF line ends; raises YamlProblem on bad UTF-8
    and on anything but a file (a named pipe, a device, a folder)."""
    _refuse_special_file(path)
    # A byte order mark is dropped here: the "utf-8-sig" codec would do it in Python, slowly.
    data = path.read_bytes().removeprefix(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "tệp không phải UTF-8: lưu lại với bảng mã UTF-8") from None
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


_SPECIAL_KINDS = (
    (stat.S_ISDIR, "một thư mục"),
    (stat.S_ISFIFO, "một ống có tên (named pipe)"),
    (stat.S_ISSOCK, "một socket"),
    (stat.S_ISCHR, "một thiết bị"),
    (stat.S_ISBLK, "một thiết bị"),
)


def _refuse_special_file(path: Path) -> None:
    """Looked at before it is opened: reading a named pipe waits for a writer, for ever."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        kind = next((word for test, word in _SPECIAL_KINDS if test(mode)), "một tệp đặc biệt")
        raise YamlProblem(None, f"đây là {kind}, không phải một tệp văn bản: xóa nó, hoặc đổi tên nếu không phải một bài")


@dataclass(frozen=True)
class SplitSource:
    header: str
    body: str
    body_line: int  # the line of the file where the body starts


def split_header(text: str) -> SplitSource:
    """Separate the YAML header between ``---`` lines from the Markdown body."""
    first_end = text.find("\n")
    if (text if first_end < 0 else text[:first_end]).rstrip() != "---":
        raise YamlProblem(1, "thiếu phần đầu YAML: tệp phải mở đầu bằng một dòng ---")
    # Searched for, not split into lines: this runs twice for every article of a build.
    closing = _HEADER_END.search(text, first_end + 1) if first_end >= 0 else None
    if closing is None:
        raise YamlProblem(1, "phần đầu YAML không có dòng --- kết thúc")
    return SplitSource(
        header=text[first_end + 1 : max(first_end + 1, closing.start() - 1)],
        body=text[closing.end() + 1 :],
        body_line=text.count("\n", 0, closing.start()) + 2,
    )


# A line holding "---" or "..." and nothing else but spaces (as str.rstrip sees them).
_HEADER_END = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
