"""The seed store wrapped as kg.open_store() returns it, the query library, and the
reconciliation fixture corpus built into a store."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.query import KgStore, QueryLibrary


@pytest.fixture(scope="session")
def kgstore(corpus_store) -> KgStore:
    return KgStore(corpus_store)


@pytest.fixture(scope="session")
def library() -> QueryLibrary:
    return QueryLibrary()


def short(value: str | None) -> str | None:
    """actor:sergei-lavrov -> sergei-lavrov: the last path segment of an IRI."""
    return value.rsplit("/", 1)[-1] if value else value


RECONCILE = Path(__file__).resolve().parents[1] / "fixtures" / "reconcile"


def build_reconcile_corpus(tmp_path_factory) -> Path:
    """The reconciliation fixture corpus (ten articles, four meetings that disagree in
    every way: tests/fixtures/reconcile), built into a temporary folder."""
    from tests.conftest import run_kg

    work = tmp_path_factory.mktemp("reconcile-build")
    result = run_kg("build", "--seeds", str(RECONCILE), "--out", str(work / "exports"),
                    "--store", str(work / "store"), cwd=work)
    assert result.exit_code == 0, result.output
    return work


@pytest.fixture(scope="session")
def reconcile_built(tmp_path_factory) -> Path:
    return build_reconcile_corpus(tmp_path_factory)


@pytest.fixture(scope="session")
def rstore(reconcile_built) -> KgStore:
    """kg.open_store() on the built reconciliation corpus."""
    from kg.query import open_store

    return open_store(reconcile_built / "store")
