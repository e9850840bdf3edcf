"""The code's layout tells its design: imports go one way.

``core`` (plain data and pure helpers) imports nothing else of dvarchive;
``incremental`` (what changed, what the cache keeps) only ``core``; each of
the build's ``stages`` only ``core``, ``incremental`` and the stages before
it (load → resolve → photos → render → write); the build itself
(``build.py``, ``pipeline.py``, ``plan.py``, ``whole_site.py``) anything but the editors' commands; the
commands (``editors``, ``cli.py``) anything. Read from the source with
``ast``, so an import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parent.parent / "src" / "dvarchive"

# The build's stages in order; a stage may import the ones before it and itself.
STAGES = {
    "load": 0, "registries": 0, "site_files": 0,
    "resolve": 1, "related": 1, "published": 1, "slugs": 1,
    "images": 2, "photo_store": 2,
    "render": 3, "pages": 3, "article_page": 3, "ninjs": 3, "media_rss": 3, "feeds": 3, "site_feeds": 3, "corrections": 3, "search": 3,
    "redirects": 3, "sharing": 3, "collisions": 3, "timelines": 3,
    "output": 4,
}
LAYERS = {"core": 0, "incremental": 1, "stages": 2, "": 3, "editors": 4}  # "": build.py, pipeline.py, plan.py, whole_site.py


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _imports(path: Path) -> set[str]:
    """The dvarchive modules a source file imports, as dotted names."""
    package = _module_name(path).rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                target = f"{base}.{node.module}" if node.module else base
            else:
                target = node.module or ""
            if target.startswith("dvarchive"):
                found.add(target)
                found.update(f"{target}.{alias.name}" for alias in node.names)  # from .stages import load
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("dvarchive"))
    modules = {_module_name(p) for p in PACKAGE.rglob("*.py")}
    return {name for name in found if name in modules}


def _rank(module: str) -> tuple[int, int]:
    parts = module.split(".")[1:]
    if parts in (["cli"], ["__main__"]):  # the command line: a command like the editors'
        return LAYERS["editors"], 0
    layer = parts[0] if len(parts) > 1 else ""
    stage = STAGES.get(parts[-1], 0) if layer == "stages" else 0
    return LAYERS[layer], stage


SOURCES = sorted(p for p in PACKAGE.rglob("*.py") if "theme" not in p.parts)


def test_every_module_is_in_a_layer() -> None:
    for path in SOURCES:
        parts = _module_name(path).split(".")[1:]
        assert len(parts) <= 2, path
        if len(parts) == 2 and parts[1] != "__init__":
            assert parts[0] in LAYERS, path
            if parts[0] == "stages":
                assert parts[1] in STAGES, f"{path}: say which stage it belongs to in this test"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: _module_name(p))
def test_imports_go_one_way(path: Path) -> None:
    module = _module_name(path)
    for imported in _imports(path):
        if imported.endswith("__init__") or imported == "dvarchive" or imported.count(".") == 1 and imported.split(".")[1] in LAYERS:
            continue
        assert _rank(imported) <= _rank(module), f"{module} imports {imported}, from a later layer or stage"


def test_each_package_says_what_lives_there() -> None:
    for layer in LAYERS:
        if layer:
            doc = ast.get_docstring(ast.parse((PACKAGE / layer / "__init__.py").read_text("utf-8")))
            assert doc and "import" in doc, f"{layer}/__init__.py: say what lives there and what it may import"


def test_no_module_is_long_without_a_reason() -> None:
    """About 450 lines at most, unless the module's docstring says why it is longer."""
    for path in SOURCES:
        lines = path.read_text("utf-8").count("\n")
        doc = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        assert lines <= 460 or "longer than" in doc, f"{path.name}: {lines} lines"
