"""The four RDF exports, read back by independent parsers and compared with the store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from tests.conftest import run_kg


@pytest.fixture(scope="module")
def mini_build(tmp_path_factory) -> Path:
    from tests.conftest import MINI

    work = tmp_path_factory.mktemp("mini-build")
    result = run_kg("build", "--seeds", str(MINI), cwd=work)
    assert result.exit_code == 0, result.output
    return work


def _store_dataset(work: Path) -> dict[str, rdflib.Graph]:
    from kg.shacl import to_rdflib
    from kg.store import open_store

    store = open_store(work / ".kg" / "store")
    graphs: dict[str, rdflib.Graph] = {}
    for graph in store.named_graphs():
        graphs[graph.value] = to_rdflib(store.quads_for_pattern(None, None, None, graph))
    return graphs


@pytest.mark.parametrize("name,fmt", [("kg.trig", "trig"), ("kg.nq", "nquads"),
                                      ("kg.jsonld", "json-ld")])
def test_dataset_exports_read_back_with_rdflib(mini_build, name, fmt):
    expected = _store_dataset(mini_build)
    parsed = rdflib.Dataset().parse(mini_build / "exports" / name, format=fmt)
    actual = {str(g.identifier): g for g in parsed.graphs() if len(g)}
    assert sorted(actual) == sorted(expected)
    for iri, graph in expected.items():
        assert isomorphic(graph, actual[iri]), iri


def test_turtle_is_the_union_of_all_graphs(mini_build):
    expected = rdflib.Graph()
    for graph in _store_dataset(mini_build).values():
        expected += graph
    actual = rdflib.Graph().parse(mini_build / "exports" / "kg.ttl", format="turtle")
    assert len(actual) == len(expected)
    assert isomorphic(actual, expected)


@pytest.mark.parametrize("name,fmt", [("kg.trig", ox.RdfFormat.TRIG),
                                      ("kg.nq", ox.RdfFormat.N_QUADS),
                                      ("kg.jsonld", ox.RdfFormat.JSON_LD),
                                      ("kg.ttl", ox.RdfFormat.TURTLE)])
def test_exports_parse_in_oxigraph_too(mini_build, name, fmt):
    with open(mini_build / "exports" / name, "rb") as handle:
        count = sum(1 for _ in ox.parse(handle, format=fmt))
    assert count > 1000


def test_jsonld_context_is_compact(mini_build):
    import json

    doc = json.loads((mini_build / "exports" / "kg.jsonld").read_text())
    assert doc["@context"]["actor"] == "https://w3id.org/diplomacy-kg/id/actor/"
    ids = {node["@id"] for graph in doc["@graph"] for node in graph.get("@graph", [])}
    assert "actor:sergei-lavrov" in ids or "meeting:2020-10-20-lavrov-bayramov-moscow" in ids


def test_second_build_is_byte_identical_and_skipped(mini_build):
    from tests.conftest import MINI

    before = {p.name: p.read_bytes() for p in (mini_build / "exports").iterdir()}
    again = run_kg("build", "--seeds", str(MINI), cwd=mini_build)
    assert "nothing to do" in again.output
    forced = run_kg("build", "--seeds", str(MINI), "--force", cwd=mini_build)
    assert forced.exit_code == 0, forced.output
    after = {p.name: p.read_bytes() for p in (mini_build / "exports").iterdir()}
    assert before == after
