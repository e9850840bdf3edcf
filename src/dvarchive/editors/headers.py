"""Writing an article file: the YAML header in the contract's order, then the body.

The reverse of :func:`dvarchive.stages.load.parse_article`: whatever this module
writes, dvarchive's own loader reads back as the same values. Text is
written as the loader will see it (NFC, white space folded, since the
loader folds it anyway), and PyYAML quotes whatever would otherwise read as
something else (``yes``, ``null``, ``1975``, ``a: b``, ``- x``, ``# x``).
Used by ``dvarchive import`` and ``dvarchive new``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

import yaml

from ..core.names import nfc

# The keys of the contract (docs/content-format.md), in the order an editor reads them.
HEADER_KEYS = (
    "title", "date", "updated", "draft", "section", "summary", "agency", "author", "location",
    "photos", "people", "organisations", "tags", "related", "slug", "aliases", "corrections",
)
# The keys of the mappings a header's lists may hold, in their written order.
_ITEM_KEYS = {
    "photos": ("src", "caption", "credit", "alt"),
    "people": ("name", "title"),
    "corrections": ("date", "note"),
}


class _Dumper(yaml.SafeDumper):
    """Block style with indented lists (``  - src: …``), as the contract shows."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_blank(dumper: yaml.SafeDumper, value: None) -> yaml.ScalarNode:
    # "summary:" with nothing after it, for the editor to fill in (not "summary: null").
    return dumper.represent_scalar("tag:yaml.org,2002:null", "")


def _represent_moment(dumper: yaml.SafeDumper, value: date) -> yaml.ScalarNode:
    # Tagged as a timestamp so the emitter may leave it unquoted: ISO text reads
    # better than '2026-03-12T08:00:00+07:00', and our loader keeps it a string.
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", format_moment(value))


_Dumper.add_representer(type(None), _represent_blank)
_Dumper.add_representer(date, _represent_moment)
_Dumper.add_representer(datetime, _represent_moment)


def format_moment(value: date) -> str:
    """ISO 8601: ``2026-03-12``, or ``2026-03-12T08:00:00+07:00`` with a time."""
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return value.isoformat()


def format_article(header: Mapping[str, object], body: str) -> str:
    """The text of an article file: ``---``, the YAML header, ``---``, the body.

    Keys follow the contract's order whatever the order of ``header``. A key
    whose value is None is left out; an empty string or list is written as a
    blank for the editor to fill in (``summary:``, ``people: []``), which the
    loader reads as absent. Inside photos, people and corrections, empty
    values are left out. A key the contract does not know is a programming
    error (ValueError), not something to write.
    """
    unknown = sorted(set(header) - set(HEADER_KEYS))
    if unknown:
        raise ValueError(f"unknown header keys: {', '.join(unknown)}")
    ordered: dict[str, object] = {}
    for key in HEADER_KEYS:
        if key in header and header[key] is not None:
            ordered[key] = _clean_top_value(header[key], _ITEM_KEYS.get(key, ()))
    yaml_text = yaml.dump(
        ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False,
        default_flow_style=False, width=float("inf"),
    )
    return f"---\n{yaml_text}---\n\n{body.strip(chr(10))}\n"


def _clean_top_value(value: object, item_keys: tuple[str, ...]) -> object:
    """A header value; an empty one stays, as a blank (None) or an empty list."""
    cleaned = _clean_value(value, item_keys)
    if cleaned is None and isinstance(value, list | tuple):
        return []
    return cleaned


def _clean_value(value: object, item_keys: tuple[str, ...]) -> object:
    """The value as the loader will read it; None when there is nothing to write."""
    if isinstance(value, str):
        text = " ".join(nfc(value).split())
        return text or None
    if isinstance(value, bool | date):
        return value
    if isinstance(value, Mapping):
        return _clean_mapping(value, item_keys)
    if isinstance(value, list | tuple):
        items = [_clean_value(item, item_keys) for item in value]
        kept = [item for item in items if item is not None]
        return kept or None
    if value is None:
        return None
    raise ValueError(f"cannot write {type(value).__name__} in an article header")


def _clean_mapping(value: Mapping[str, object], item_keys: tuple[str, ...]) -> dict[str, object] | None:
    unknown = sorted(set(value) - set(item_keys))
    if unknown:
        raise ValueError(f"unknown keys in a header item: {', '.join(unknown)}")
    cleaned = {key: _clean_value(value.get(key), ()) for key in item_keys}
    kept = {key: item for key, item in cleaned.items() if item is not None}
    return kept or None
