"""Library queries name several graphs with FROM (the reconciled view plus the registry or
the ontology). kg lets Oxigraph merge them in place instead of copying them into a scratch
store on every query; that is exact only while those graphs share no triple."""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest

from kg.namespaces import ONTOLOGY_GRAPH, RECONCILED_GRAPH, REGISTRY_GRAPH
from kg.query.api import library_dataset
from kg.query.execute import run_query

LIBRARY_GRAPHS = [RECONCILED_GRAPH, REGISTRY_GRAPH, ONTOLOGY_GRAPH]


def _triples(store: ox.Store, graph: ox.NamedNode) -> set[tuple]:
    return {(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, graph)}


@pytest.mark.parametrize("corpus", ["seeds", "reconcile"])
def test_library_graphs_share_no_triple(corpus, corpus_store, rstore):
    store = corpus_store if corpus == "seeds" else rstore.raw
    triples = {g: _triples(store, g) for g in LIBRARY_GRAPHS}
    assert all(triples.values()), "every library graph should hold something"
    for first, second in itertools.combinations(LIBRARY_GRAPHS, 2):
        shared = triples[first] & triples[second]
        assert not shared, f"{first} and {second} share {sorted(map(str, shared))[:3]}"


def test_merging_in_place_gives_the_exact_merge(corpus_store):
    store = corpus_store
    """The same FROM query, merged in place (the library path) and copied (the exact
    path every other query takes), counts the same triples."""
    query = (f"SELECT (COUNT(*) AS ?n) FROM {RECONCILED_GRAPH} FROM {REGISTRY_GRAPH} "
             "WHERE { ?s ?p ?o }")
    in_place = next(iter(run_query(store, query, **library_dataset(store))))
    copied = next(iter(run_query(store, query)))
    expected = len(_triples(store, RECONCILED_GRAPH) | _triples(store, REGISTRY_GRAPH))
    assert int(in_place["n"].value) == int(copied["n"].value) == expected
