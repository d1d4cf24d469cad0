"""The reconciliation fixture corpus, built once into a real on-disk store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import pipeline
from tests.conftest import ROOT

RECONCILE = ROOT / "tests" / "fixtures" / "reconcile"


@pytest.fixture(scope="session")
def reconcile_build(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("reconcile-build")
    pipeline.build(RECONCILE, work / "out", work / "store", streaming=False)
    return work


@pytest.fixture(scope="session")
def reconcile_store(reconcile_build) -> ox.Store:
    return ox.Store.read_only(str(reconcile_build / "store"))
