"""Shared fixtures: the mini corpus, the pinned corpus, a built copy of the seeds, and a
CLI runner.

Tests that assert what the graph holds (12 meetings, Khovayev's two posts) build CORPUS,
a copy of the seed articles kept under tests/fixtures/, not ./seeds: users add their own
articles to seeds/, and the tests must still pass when they do. Only the test that
checks the committed exports/ against seeds/ reads ./seeds on purpose.

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
CORPUS = ROOT / "tests" / "fixtures" / "seeds"  # the five seed articles, pinned
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


def build_into(seeds: Path, work: Path) -> Path:
    result = run_kg("build", "--seeds", str(seeds), "--out", str(work / "exports"),
                    "--store", str(work / ".kg" / "store"), cwd=work)
    assert result.exit_code == 0, (
        f"{seeds} does not build. If it is tests/fixtures/seeds and the annotation format "
        "changed on purpose, copy the committed seeds over it again "
        "(cp seeds/*.txt seeds/*.yaml tests/fixtures/seeds/)\n" + result.output)
    return work


@pytest.fixture(scope="session")
def built_corpus(tmp_path_factory) -> Path:
    """The pinned corpus (CORPUS), built once into a temporary folder (store and exports)."""
    return build_into(CORPUS, tmp_path_factory.mktemp("corpus-build"))


@pytest.fixture(scope="session")
def corpus_store(built_corpus: Path):
    from kg.store import open_store

    return open_store(built_corpus / ".kg" / "store")


@pytest.fixture(scope="session")
def built_seeds(tmp_path_factory) -> Path:
    """./seeds as it is now, built once into a temporary folder (store and exports): for
    the check that the committed exports/ are its build. Every other test builds the
    pinned copy (built_corpus), so that a user's own articles in seeds/ break nothing."""
    return build_into(SEEDS, tmp_path_factory.mktemp("seeds-build"))

