"""Shared fixtures: the mini corpus, a built copy of the seeds, and a CLI runner.

`pytest --update-golden` rewrites the golden files under tests/golden/ instead of
comparing against them; review the diff before committing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
MINI = ROOT / "tests" / "fixtures" / "mini"
GOLDEN = ROOT / "tests" / "golden"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="Rewrite golden files from the current output instead of comparing.")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


def run_kg(*args: str, cwd: Path | None = None):
    """Run the CLI in-process, in `cwd`; unexpected exceptions propagate as test errors."""
    old = Path.cwd()
    os.chdir(cwd or old)
    try:
        return CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini corpus at tmp_path/seeds."""
    target = tmp_path / "seeds"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory) -> Path:
    """The real seeds, built once into a temporary folder (store and exports)."""
    work = tmp_path_factory.mktemp("seeds-build")
    result = run_kg("build", "--seeds", str(SEEDS), "--out", str(work / "exports"),
                    "--store", str(work / ".kg" / "store"), cwd=work)
    assert result.exit_code == 0, result.output
    return work


@pytest.fixture(scope="session")
def seed_store(built_seeds: Path):
    from kg.store import open_store

    return open_store(built_seeds / ".kg" / "store")
