"""kg.open_store() for notebooks: union by default, one account on request, the library.

Counts are computed from the store, not pinned, so that articles added to seeds/ do not
break these tests (rebuild with `kg build` and commit exports/ after adding them)."""

from __future__ import annotations

import pyoxigraph as ox

import kg
import kg.store
from kg.namespaces import ACCOUNT
from kg.query import KgStore
from tests.query.conftest import short


def test_open_store_gives_the_wrapper_and_the_raw_store_stays_raw(built_corpus):
    path = built_corpus / ".kg" / "store"
    store = kg.open_store(path)
    assert isinstance(store, KgStore) and isinstance(store.raw, ox.Store)
    assert isinstance(kg.store.open_store(path), ox.Store)
    assert len(store) == len(store.raw) > 5000  # the raw store's API passes through


def test_query_defaults_to_the_union_and_takes_one_account(kgstore):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?m a kg:Meeting } }"
    accounts = [g for g in kgstore.named_graphs() if g.value.startswith(str(ACCOUNT))]
    # Every account that reports a meeting, plus the reconciled view.
    assert len(list(kgstore.query(query))) == len(accounts) + 1
    only = [s["g"].value for s in kgstore.query(query, graph="000_6b8423f8f78a3c41")]
    assert [short(g) for g in only] == ["000_6b8423f8f78a3c41"]


def test_query_binds_params_as_terms(kgstore):
    rows = kgstore.rows("SELECT DISTINCT ?_who ?m WHERE { ?m kg:participant ?_who }",
                        who="actor:toivo-klaar")
    assert [short(r["m"]) for r in rows] == ["2023-09-17-istanbul-talks"]


def test_raw_style_calls_keep_working(kgstore):
    """Code written against the pyoxigraph Store (explicit dataset options) still runs."""
    rows = list(kgstore.query("SELECT ?m WHERE { ?m a kg:Meeting }",
                              use_default_graph_as_union=True))
    reconciled = kgstore.query("SELECT ?m WHERE { GRAPH kgg:reconciled { ?m a kg:Meeting } }")
    assert {r["m"] for r in rows} == {r["m"] for r in reconciled}


def test_library_access(kgstore):
    assert "meetings-of" in kgstore.library.names()
    assert kgstore.library["timeline"].title == "Timeline of all meetings"
    meetings = {r["m"] for r in kgstore.rows("SELECT DISTINCT ?m WHERE { ?m a kg:Meeting }")}
    assert len(kgstore.rows("timeline")) == len(meetings)  # one row per meeting
