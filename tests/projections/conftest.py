"""The reconciliation fixture corpus, built once, for projection answers that must not
change when articles are added to seeds/."""

from __future__ import annotations

import pytest

from tests.query.conftest import build_reconcile_corpus


@pytest.fixture(scope="session")
def reconcile_exports(tmp_path_factory):
    return build_reconcile_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def rraw(reconcile_exports):
    from kg.store import open_store

    return open_store(reconcile_exports / "store")
