"""Fixtures of the adversarial suite."""

from __future__ import annotations

import pytest

from ..conftest import SiteMaker, tree_snapshot
from ._support import GOOD_FILES, BuiltSite, run_cli


@pytest.fixture
def built(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> BuiltSite:
    """The good site, built once by the CLI into SITE/public, with a snapshot of that output."""
    site = make_site(dict(GOOD_FILES))
    code, _, err = run_cli(["build", str(site)], capsys)
    assert code == 0, err
    output = site / "public"
    return BuiltSite(site, output, tree_snapshot(output), capsys)
