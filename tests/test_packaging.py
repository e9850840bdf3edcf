"""The package as it would be published: every runtime dependency installs from a
wheel on every platform we support, the sdist carries the whole test suite, the
metadata is complete, the README renders on the package index, and the wheel
installed in a fresh venv makes and builds a site.

These tests reach the package index (``pip download``, ``python -m build``'s
isolated environment, a fresh venv's install). In CI (``CI`` set) they always
run and fail if the index cannot be reached; elsewhere they skip when it cannot.
"""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
PYTHONS = ("3.11", "3.12", "3.13")

pytestmark = pytest.mark.network


@dataclass(frozen=True)
class Target:
    """A platform users run dvarchive on: pip's platform tags, and its environment markers."""

    name: str
    platforms: tuple[str, ...]
    sys_platform: str
    platform_system: str
    platform_machine: str

    def markers(self, python: str) -> dict[str, str]:
        return {
            "sys_platform": self.sys_platform,
            "platform_system": self.platform_system,
            "platform_machine": self.platform_machine,
            "os_name": "nt" if self.sys_platform == "win32" else "posix",
            "python_version": python,
            "python_full_version": f"{python}.0",
            "implementation_name": "cpython",
            "platform_python_implementation": "CPython",
            "platform_release": "",
            "platform_version": "",
            "extra": "",
        }


def _manylinux(machine: str) -> tuple[str, ...]:
    # A Linux with glibc 2.28 (RHEL 8, Debian 10, Ubuntu 20.04 and later) takes all of these.
    return (*(f"manylinux_2_{minor}_{machine}" for minor in range(28, 16, -1)), f"manylinux2014_{machine}")


TARGETS = (
    Target("windows-x86_64", ("win_amd64",), "win32", "Windows", "AMD64"),
    Target("macos13-x86_64", ("macosx_13_0_x86_64",), "darwin", "Darwin", "x86_64"),
    Target("macos13-arm64", ("macosx_13_0_arm64",), "darwin", "Darwin", "arm64"),
    Target("linux-x86_64", _manylinux("x86_64"), "linux", "Linux", "x86_64"),
)

# Published as an sdist only; pure Python, so it builds into a py3-none-any wheel
# anywhere (checked below by building it). Anything else must ship wheels.
PURE_PYTHON_SDISTS = {"feedgen", "pyvips"}


def pip(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
        capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture(scope="session")
def index_reachable(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Skip on a laptop offline; never in CI, where an unreachable index is a failure."""
    if os.environ.get("CI"):
        return
    probe = pip("download", "--no-deps", "--only-binary=:all:", "-d", str(tmp_path_factory.mktemp("probe")), "mdurl", timeout=120)
    if probe.returncode != 0:
        pytest.skip(f"the package index cannot be reached (offline?): {probe.stderr.strip()[-300:]}")


def runtime_requirements() -> list[Requirement]:
    return [Requirement(text) for text in PYPROJECT["project"]["dependencies"]]


def applies(requirement: Requirement, environment: dict[str, str], extras: frozenset[str] | set[str] = frozenset()) -> bool:
    if requirement.marker is None:
        return True
    return any(requirement.marker.evaluate(environment | {"extra": extra}) for extra in (extras or {""}))


def without_marker(requirement: Requirement) -> str:
    extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
    return f"{requirement.name}{extras}{requirement.specifier}"


def wheel_requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = email.message_from_bytes(archive.read(name))
    return [Requirement(text) for text in metadata.get_all("Requires-Dist") or []]


@pytest.fixture(scope="session")
def pure_wheels(index_reachable: None, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sdist-only dependencies built as wheels: each must come out as py3-none-any."""
    folder = tmp_path_factory.mktemp("pure-wheels")
    for requirement in runtime_requirements():
        if canonicalize_name(requirement.name) in PURE_PYTHON_SDISTS:
            built = pip("wheel", "--no-deps", "--no-binary", requirement.name, "-w", str(folder), without_marker(requirement))
            assert built.returncode == 0, built.stderr
    for wheel in folder.glob("*.whl"):
        tags = parse_wheel_filename(wheel.name)[3]
        assert all(tag.abi == "none" and tag.platform == "any" for tag in tags), f"{wheel.name} is not pure Python"
    assert {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in folder.glob("*.whl")} == PURE_PYTHON_SDISTS
    return folder


@pytest.mark.parametrize("python", PYTHONS)
@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_every_runtime_dependency_installs_from_a_wheel(target: Target, python: str, pure_wheels: Path, tmp_path: Path) -> None:
    """``pip download --only-binary=:all:`` for the target, dependencies of dependencies included.

    pip evaluates environment markers on the machine it runs on, not the
    target; so the markers are evaluated here for the target, and a
    dependency that pip left out on that account is fetched in another round.
    """
    environment = target.markers(python)
    wanted = [without_marker(r) for r in runtime_requirements() if applies(r, environment)]
    folder = tmp_path / "wheels"
    platform_args = [arg for platform in target.platforms for arg in ("--platform", platform)]
    try:
        for _ in range(5):
            done = pip(
                "download", "--only-binary=:all:", *platform_args, "--python-version", python, "--implementation", "cp",
                "--find-links", str(pure_wheels), "-d", str(folder), *wanted,
            )
            assert done.returncode == 0, f"{target.name}, Python {python}:\n{done.stderr[-3000:]}"
            wanted = missing_dependencies(folder, environment)
            if not wanted:
                break
        assert not wanted, wanted
        names = {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in folder.glob("*.whl")}
        assert {canonicalize_name(r.name) for r in runtime_requirements() if applies(r, environment)} <= names
        assert not [f.name for f in folder.iterdir() if f.suffix != ".whl"]
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # a few hundred MB over the whole matrix


def missing_dependencies(folder: Path, environment: dict[str, str]) -> list[str]:
    """What the downloaded wheels require on the target that is not among them."""
    have = {canonicalize_name(parse_wheel_filename(w.name)[0]) for w in folder.glob("*.whl")}
    extras = {canonicalize_name(r.name): set(r.extras) for r in runtime_requirements()}
    needed = []
    for wheel in folder.glob("*.whl"):
        name = canonicalize_name(parse_wheel_filename(wheel.name)[0])
        for requirement in wheel_requirements(wheel):
            if canonicalize_name(requirement.name) not in have and applies(requirement, environment, extras.get(name, set())):
                needed.append(without_marker(requirement))
    return sorted(set(needed))


def test_the_icu_choice_covers_each_platform_once() -> None:
    """Exactly one ICU package on every target: two would fight over the module ``icu``."""
    icu = {"pyicu-wheels", "icukit-pyicu"}
    for target in TARGETS:
        for python in PYTHONS:
            chosen = [r.name for r in runtime_requirements() if canonicalize_name(r.name) in icu and applies(r, target.markers(python))]
            assert len(chosen) == 1, (target.name, python, chosen)


# --- the sdist, the wheel, the metadata, the README --------------------------------------------

@dataclass(frozen=True)
class Dists:
    sdist: Path
    wheel: Path


@pytest.fixture(scope="session")
def dists(index_reachable: None, tmp_path_factory: pytest.TempPathFactory) -> Dists:
    """``python -m build`` of this tree, as a release would make it."""
    if not os.environ.get("CI"):
        pytest.importorskip("build", reason="python -m build needs the test extras (pip install -e '.[test]')")
        pytest.importorskip("twine", reason="twine check needs the test extras (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("dist")
    source = tmp_path_factory.mktemp("source") / "dvarchive"
    # A copy: building writes build/ and *.egg-info next to the sources.
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "public", ".dvarchive-cache", "node_modules", "__pycache__", ".pytest_cache", ".hypothesis", "build", "dist",
        "*.egg-info",
    ))
    done = subprocess.run([sys.executable, "-m", "build", "--sdist", "--wheel", "-o", str(out), str(source)],
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-3000:]
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dists(sdist, wheel)


def tree_files(folder: str) -> set[str]:
    """The files a test run needs under ``folder``, as the sdist should hold them."""
    skipped = {"__pycache__", "node_modules", ".pytest_cache"}
    return {
        p.relative_to(ROOT).as_posix() for p in (ROOT / folder).rglob("*")
        if p.is_file() and not skipped & set(p.relative_to(ROOT).parts) and p.suffix != ".pyc"
    }


def test_the_sdist_carries_the_whole_test_suite(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as archive:
        prefix = archive.getnames()[0].split("/")[0]
        members = {name.removeprefix(f"{prefix}/") for name in archive.getnames()}
    for needed in ("tests/conftest.py", "tests/adversarial/conftest.py", "tests/test_quality.py", "tests/quality/package.json",
                   "tests/fixtures/wire/standard.txt", "LICENSE", "README.md", "pyproject.toml", "dvarchive.yaml"):
        assert needed in members, needed
    for folder in ("tests", "content", "docs", "bench", "templates", "static"):
        missing = tree_files(folder) - members
        assert not missing, f"not in the sdist: {sorted(missing)[:10]}"


def test_the_metadata_is_complete(dists: Dists) -> None:
    with tarfile.open(dists.sdist) as archive:
        info = next(m for m in archive.getmembers() if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"))
        metadata = email.message_from_bytes(archive.extractfile(info).read())  # type: ignore[union-attr]
    import dvarchive

    assert metadata["Version"] == dvarchive.__version__
    assert metadata["License-Expression"] == "MIT" and metadata.get_all("License-File") == ["LICENSE"]
    assert not [c for c in metadata.get_all("Classifier") if c.startswith("License ::")]  # the expression says it
    classifiers = set(metadata.get_all("Classifier"))
    for python in PYTHONS:
        assert f"Programming Language :: Python :: {python}" in classifiers
    assert {"Operating System :: OS Independent", "Natural Language :: Vietnamese"} <= classifiers
    assert any(c.startswith("Topic :: ") for c in classifiers)
    urls = dict(u.split(", ", 1) for u in metadata.get_all("Project-URL"))
    assert {"Homepage", "Source", "Issues", "Documentation"} <= set(urls) and all(u.startswith("https://") for u in urls.values())
    assert "Copyright (c) 2026 dvarchive contributors" in (ROOT / "LICENSE").read_text("utf-8")


def test_the_wheel_holds_the_package_the_theme_and_the_licence_and_no_tests(dists: Dists) -> None:
    with zipfile.ZipFile(dists.wheel) as archive:
        names = set(archive.namelist())
    assert "dvarchive/cli.py" in names and "dvarchive/theme/templates/base.html" in names
    assert "dvarchive/theme/static/css/site.css" in names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    assert not [n for n in names if n.startswith(("tests/", "content/", "bench/"))]


def test_twine_check_is_clean(dists: Dists) -> None:
    done = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(dists.sdist), str(dists.wheel)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_readme_renders_on_the_index_with_absolute_links() -> None:
    """The index shows the README away from the repository: a relative link or image breaks there."""
    if not os.environ.get("CI"):
        pytest.importorskip("readme_renderer", reason="rendering as the index does needs the test extras")
    from readme_renderer.markdown import render

    html = render((ROOT / "README.md").read_text("utf-8"), variant="GFM")
    assert html is not None
    images = re.findall(r'<img [^>]*src="([^"]+)"', html)
    links = re.findall(r'<a [^>]*href="([^"]+)"', html)
    assert images, "the screenshot went missing"
    source = PYPROJECT["project"]["urls"]["Source"].rstrip("/")
    owner_repo = source.removeprefix("https://github.com/")
    for url in images:
        assert url.startswith(f"https://raw.githubusercontent.com/{owner_repo}/main/"), url
        assert (ROOT / url.split("/main/", 1)[1]).is_file(), url  # the file it points at is in the repository
    for url in links:
        assert url.startswith(("https://", "http://", "#")), url
        if url.startswith(f"{source}/blob/main/"):
            assert (ROOT / url.removeprefix(f"{source}/blob/main/")).exists(), url


def test_the_wheel_in_a_fresh_venv_makes_and_builds_a_site(dists: Dists, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bindir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = subprocess.run([str(bindir / "python"), "-m", "pip", "install", "-q", str(dists.wheel)],
                               capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stderr[-3000:]
    site = tmp_path / "toa-soan"
    command = str(bindir / "dvarchive")
    made = subprocess.run([command, "init", str(site)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    built = subprocess.run([command, "build", str(site)], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert built.returncode == 0, built.stderr
    assert built.stdout.startswith("Đã dựng 1 bài") and (site / "public" / "index.html").is_file()
    assert (site / "public" / "css" / "site.css").is_file() and (site / "public" / "pagefind").is_dir()
    assert sorted(p.name for p in (site / "templates").iterdir()) == ["README.txt"]
