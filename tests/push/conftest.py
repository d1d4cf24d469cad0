"""A real Virtuoso for the push and remote-query tests, and the corpora pushed to it.

The server is started once per session (tests/push/virtuoso.py). Without Virtuoso the
tests are skipped on a workstation, and fail under CI=true, where .ci/run installs it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS, ROOT
from tests.push.virtuoso import Virtuoso, available

SYNTH_ARTICLES = 1000


def kg(*args: str, cwd: Path | None = None, env: dict | None = None,
       check: bool = True) -> subprocess.CompletedProcess:
    """The real command line, in its own process (a push must be killable)."""
    done = subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd or ROOT,
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})}, timeout=1800)
    if check and done.returncode != 0:
        raise AssertionError(f"kg {' '.join(args)} exited {done.returncode}:\n"
                             f"{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory):
    if not available():
        if os.environ.get("CI") == "true":
            pytest.fail("Virtuoso (virtuoso-t, isql-vt) is missing: .ci/run installs "
                        "virtuoso-opensource-7-bin")
        pytest.skip("Virtuoso is not installed (apt-get install virtuoso-opensource-7-bin)")
    server = Virtuoso(tmp_path_factory.mktemp("virtuoso"))
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def push_env(virtuoso) -> dict:
    """The environment a push runs in: the push user's password, never on the command line."""
    return {"KG_PUSH_PASSWORD": virtuoso.push_password}


def build(seeds: Path, work: Path) -> Path:
    """`kg build` of a seeds folder into work/; returns the store path."""
    store = work / ".kg" / "store"
    kg("build", "--seeds", str(seeds), "--out", str(work / "exports"), "--store", str(store),
       cwd=work)
    return store


@pytest.fixture
def seeds_work(tmp_path: Path) -> tuple[Path, Path]:
    """The seeds, copied and built into this test's folder: (seeds folder, store)."""
    import shutil

    seeds = tmp_path / "seeds"
    shutil.copytree(CORPUS, seeds, ignore=shutil.ignore_patterns("README.md"))
    return seeds, build(seeds, tmp_path)


@pytest.fixture(scope="session")
def synth_work(tmp_path_factory) -> tuple[Path, Path]:
    """A 1,000-article synthetic corpus, generated and built once: (seeds folder, store).
    The synth tests change it in place, in order, each asserting against what it found."""
    work = tmp_path_factory.mktemp("synth")
    seeds = work / "seeds"
    kg("synth", "--articles", str(SYNTH_ARTICLES), "--seed", "3", "--out", str(seeds))
    return seeds, build(seeds, work)
