"""The deploy recipes of docs/deploy.md, checked as far as this machine allows.

- GitHub Pages: the shipped workflow parses, has its steps in order, and the
  commands it runs are real (the package's name, options the CLI accepts).
- rsync: the command of the recipe is run into a local folder, twice, with an
  article edited and another deleted between the builds; the copy equals the
  output without the records, and only the files the build changed were
  copied again (the others keep their inodes). Skipped without rsync, except
  in CI (``CI`` set), where ``.ci/run`` installs it.
- Docker: the Dockerfile's key lines; the image is built and run only where
  ``docker info`` works (never required, in CI or elsewhere).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

from dvarchive.cli import _make_parser

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "docs" / "deploy.md"
WORKFLOW = ROOT / "docs" / "github-pages.yml"
RECORDS = {".dvarchive-manifest.json", ".dvarchive-published.json"}


def package_name() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["name"]


def recipe_line(prefix: str) -> list[str]:
    """The one command line of docs/deploy.md that starts with ``prefix``, split as the shell would."""
    lines = [line for line in DEPLOY.read_text("utf-8").splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, lines
    return shlex.split(lines[0])


def assert_cli_accepts(command: str) -> None:
    """``command`` (a shell line starting with ``dvarchive``) parses with the real CLI."""
    words = shlex.split(command)
    assert words[0] == "dvarchive", command
    args = _make_parser().parse_args(words[1:])  # a wrong option exits with status 2
    assert hasattr(args, "run"), command


# GitHub Pages


def workflow_steps() -> list[dict]:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    return workflow["jobs"]["build"]["steps"] + workflow["jobs"]["deploy"]["steps"]


def test_the_workflow_has_its_steps_in_order() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    actions = [step["uses"].split("@")[0] for step in workflow_steps() if "uses" in step]
    assert actions == ["actions/checkout", "actions/setup-python", "actions/cache", "actions/upload-pages-artifact", "actions/deploy-pages"]
    steps = workflow_steps()
    position = {step.get("uses", step.get("name", "")).split("@")[0]: i for i, step in enumerate(steps)}
    build = next(i for i, step in enumerate(steps) if "dvarchive build" in step.get("run", ""))
    assert position["actions/cache"] < build < position["actions/upload-pages-artifact"]
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_the_workflow_caches_the_build_cache_and_uploads_the_output() -> None:
    steps = {step["uses"].split("@")[0]: step.get("with", {}) for step in workflow_steps() if "uses" in step}
    assert steps["actions/checkout"]["fetch-depth"] == 0  # the times of the last commits need the history
    python = steps["actions/setup-python"]["python-version"]
    assert tuple(int(part) for part in str(python).split(".")) >= (3, 11)
    cache = steps["actions/cache"]
    assert cache["path"] == ".dvarchive-cache"
    assert "github.sha" in cache["key"] and cache["key"].startswith(cache["restore-keys"].strip())
    assert steps["actions/upload-pages-artifact"]["path"] == "public"


def test_the_workflow_runs_real_commands() -> None:
    runs = [step["run"] for step in workflow_steps() if "run" in step and step.get("shell") != "python"]
    install = next(run for run in runs if "pip install" in run)
    assert shlex.split(install.split("#")[0])[-1] == package_name()
    builds = [run.strip() for run in runs if run.strip().startswith("dvarchive ")]
    assert builds == ["dvarchive build"]
    for command in builds:
        assert_cli_accepts(command)


def test_the_workflow_gives_files_their_last_commit_time(tmp_path: Path) -> None:
    """The step that makes the restored cache useful, run on a small repository."""
    script = next(step["run"] for step in workflow_steps() if step.get("shell") == "python")
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]

    def commit(files: dict[str, str], when: int) -> None:
        for name, text in files.items():
            (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / name).write_text(text, "utf-8")
        subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
        dates = {"GIT_AUTHOR_DATE": f"@{when} +0000", "GIT_COMMITTER_DATE": f"@{when} +0000"}
        subprocess.run([*git, "commit", "-q", "-m", "x"], cwd=tmp_path, check=True, env={**os.environ, **dates})

    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    commit({"content/articles/cũ.md": "a", "dvarchive.yaml": "b"}, 1_700_000_000)
    commit({"content/articles/mới.md": "c", "dvarchive.yaml": "d"}, 1_700_100_000)
    subprocess.run([sys.executable, "-c", script], cwd=tmp_path, check=True)
    times = {name: int((tmp_path / name).stat().st_mtime) for name in ("content/articles/cũ.md", "content/articles/mới.md", "dvarchive.yaml")}
    assert times == {"content/articles/cũ.md": 1_700_000_000, "content/articles/mới.md": 1_700_100_000, "dvarchive.yaml": 1_700_100_000}


# Netlify, Cloudflare Pages, S3, Docker: the commands the docs give


def test_the_documented_build_commands_are_real() -> None:
    text = DEPLOY.read_text("utf-8")
    for command in set(re.findall(r"(?:^|&& |`)(dvarchive (?:build|check)[^`\n&\"]*)", text, re.MULTILINE)):
        if "/site" not in command:  # the container's folder
            assert_cli_accepts(command.strip())
    assert f"pip install {package_name()} && dvarchive build" in text
    netlify = tomllib.loads(re.search(r"```toml\n(.*?)```", text, re.DOTALL)[1])
    assert netlify["build"] == {"command": f"pip install {package_name()} && dvarchive build", "publish": "public"}


# rsync


def rsync_or_skip() -> str:
    found = shutil.which("rsync")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("rsync is missing in CI (.ci/run installs it)")
        pytest.skip("rsync is not installed")
    return found


def build(site: Path) -> None:
    subprocess.run([sys.executable, "-m", "dvarchive", "build", "--quiet", "--no-search", str(site)], check=True)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: its bytes and its inode."""
    return {path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_ino) for path in folder.rglob("*") if path.is_file()}


def _as_if_built_a_minute_ago(output: Path) -> None:
    """rsync tells a changed file by its size and its modification time, to the second:
    a page rewritten at the same length in the same second as the last upload would
    look unchanged. Builds are minutes apart in use; here the pages the build makes
    are dated a minute back, the copied photos and static files left as they are."""
    for path in output.rglob("*"):
        made = path.suffix in (".html", ".xml", ".json", ".conf", ".txt") or path.name == "_redirects"
        if path.is_file() and (made or "pagefind" in path.parts):
            back = path.stat().st_mtime - 60
            os.utime(path, (back, back))


def test_the_rsync_recipe_mirrors_the_output_and_copies_only_what_changed(tmp_path: Path) -> None:
    rsync_or_skip()
    command = recipe_line("rsync ")
    assert command[-2] == "public/" and ":" in command[-1]
    site, server = tmp_path / "site", tmp_path / "server"
    for name in ("content", "templates", "static"):
        shutil.copytree(ROOT / name, site / name)
    shutil.copy(ROOT / "dvarchive.yaml", site)
    server.mkdir()

    def deploy() -> None:
        subprocess.run([*command[:-1], f"{server}/"], cwd=site, check=True)

    def published() -> dict[str, bytes]:
        return {path: data for path, (data, _) in snapshot(site / "public").items() if path not in RECORDS | {"_redirects"}}

    build(site)
    _as_if_built_a_minute_ago(site / "public")
    deploy()
    first, copied = snapshot(site / "public"), snapshot(server)
    assert {path: data for path, (data, _) in copied.items()} == published()
    assert RECORDS <= set(first) and not RECORDS & set(copied)
    assert "nginx-redirects.conf" in copied and "404.html" in copied

    articles = sorted((site / "content" / "articles").rglob("*.md"))
    edited, deleted = articles[0], articles[-1]
    edited.write_text(edited.read_text("utf-8") + "\nMột câu thêm vào cuối bài.\n", "utf-8")
    deleted.unlink()
    build(site)
    second = snapshot(site / "public")
    changed = {path for path, (data, _) in second.items() if first.get(path, (None,))[0] != data}
    gone = set(first) - set(second)
    assert changed and gone  # the edit rewrote pages; the deleted article's pages went
    deploy()
    after = snapshot(server)
    assert {path: data for path, (data, _) in after.items()} == published()
    recopied = {path for path, (_, inode) in after.items() if copied.get(path, (None, None))[1] != inode}
    assert recopied == changed - RECORDS - {"_redirects"}
    assert len(recopied) < len(after) / 2, (len(recopied), len(after))


# Docker


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of each line of the Dockerfile, comments left out."""
    lines = [line for line in (ROOT / "Dockerfile").read_text("utf-8").splitlines() if line.strip() and not line.startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def test_the_dockerfile_installs_the_checkout_and_builds_site() -> None:
    lines = dockerfile()
    assert lines[0] == ("FROM", "python:3.12-slim")
    copy = next(args for instruction, args in lines if instruction == "COPY")
    source, target = copy.split()
    assert source == "."
    install = next(args for instruction, args in lines if instruction == "RUN" and "pip install" in args)
    assert install.split()[-1] == target
    entry = {instruction: yaml.safe_load(args) for instruction, args in lines if instruction in ("ENTRYPOINT", "CMD")}
    assert entry == {"ENTRYPOINT": ["dvarchive"], "CMD": ["build", "/site"]}
    _make_parser().parse_args(entry["CMD"])
    ignored = (ROOT / ".dockerignore").read_text("utf-8").split()
    assert {".git", ".venv", "public", ".dvarchive-cache"} <= set(ignored)


def docker_works() -> bool:
    if shutil.which("docker") is None:
        return False
    return subprocess.run(["docker", "info"], capture_output=True).returncode == 0


@pytest.mark.docker
@pytest.mark.skipif(not docker_works(), reason="docker is not available (docker info fails)")
def test_the_docker_image_builds_a_mounted_site(tmp_path: Path) -> None:
    tag = "dvarchive-test-deploy"
    subprocess.run(["docker", "build", "-q", "-t", tag, str(ROOT)], check=True)
    try:
        site = tmp_path / "site"
        for name in ("content", "templates", "static"):
            shutil.copytree(ROOT / name, site / name)
        shutil.copy(ROOT / "dvarchive.yaml", site)
        user = f"{os.getuid()}:{os.getgid()}"
        subprocess.run(["docker", "run", "--rm", "--user", user, "-v", f"{site}:/site", tag], check=True)
        assert (site / "public" / "index.html").is_file()
        assert (site / "public" / ".dvarchive-manifest.json").is_file()
        assert (site / "public" / "index.html").stat().st_uid == os.getuid()
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True)
