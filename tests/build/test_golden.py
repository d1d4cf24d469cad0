"""The builder's output for the mini corpus, compared graph by graph with a reviewed golden
file (`rdflib.compare.isomorphic`). Regenerate with `pytest --update-golden`."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.annotations import load_corpus
from kg.build import build_graphs
from kg.namespaces import ONTOLOGY_GRAPH, PREFIXES
from tests.conftest import GOLDEN, MINI

GOLDEN_FILE = GOLDEN / "mini.trig"


def _built() -> list:
    # The ontology graph is the shipped Turtle, tested on its own; the golden file pins
    # what the builder makes from annotations.
    graphs = [g for g in build_graphs(load_corpus(MINI)) if g.graph != ONTOLOGY_GRAPH]
    return [q for g in graphs for q in g.quads]


def _by_graph(dataset: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return {str(g.identifier): g for g in dataset.graphs() if len(g)}


def test_mini_matches_golden(update_golden):
    quads = sorted(set(_built()), key=str)
    data = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        GOLDEN_FILE.write_bytes(data)
    expected = _by_graph(rdflib.Dataset().parse(GOLDEN_FILE, format="trig"))
    actual = _by_graph(rdflib.Dataset().parse(data=data.decode(), format="trig"))
    assert sorted(actual) == sorted(expected)
    for name, graph in expected.items():
        if not isomorphic(graph, actual[name]):
            _, missing, extra = graph_diff(to_isomorphic(graph), to_isomorphic(actual[name]))
            raise AssertionError(f"{name} differs from golden:\nmissing:\n"
                                 f"{missing.serialize(format='nt')}\nextra:\n"
                                 f"{extra.serialize(format='nt')}")


def test_article_order_does_not_change_the_quads(tmp_path, mini_copy):
    # Two copies of the article under different names: whichever loads first, same quads.
    (mini_copy / "zzz.txt").write_bytes((mini_copy / "mini.txt").read_bytes())
    (mini_copy / "zzz.yaml").write_text(
        (mini_copy / "mini.yaml").read_text().replace("document: mini", "document: zzz"))
    corpus = load_corpus(mini_copy)
    forward = {q for g in build_graphs(corpus) for q in g.quads}
    corpus.documents.reverse()
    backward = {q for g in build_graphs(corpus) for q in g.quads}
    assert forward == backward
