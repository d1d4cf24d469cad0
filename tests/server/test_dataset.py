"""Which dataset a query runs over (SPARQL 1.1 Query §13, Protocol §2.1.4 and §2.2.3).

Every expected count comes from the built kg.nq read by rdflib, a parser independent of
Oxigraph: the triples of each graph as Python sets, merged with set union. The endpoint is
a real `kg serve` spoken to with SPARQLWrapper; the CLI is `kg query -e`.
"""

from __future__ import annotations

import csv
import io
import itertools
import urllib.parse

import pyoxigraph as ox
import pytest
import rdflib
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from kg.query.dataset import query_dataset
from kg.query.execute import run_query
from tests.conftest import run_kg
from tests.server.test_protocol import form, http

GRAPH = "https://w3id.org/diplomacy-kg/graph/"
REGISTRY = GRAPH + "registry"
COUNT = "SELECT (COUNT(*) AS ?n) {dataset} WHERE {{ ?s ?p ?o }}"
GRAPHS_SEEN = "SELECT DISTINCT ?g {dataset} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"


@pytest.fixture(scope="module")
def triples(built_corpus) -> dict[str, set]:
    """The triples of every named graph of kg.nq, read by rdflib."""
    dataset = rdflib.Dataset()
    dataset.parse(built_corpus / "exports" / "kg.nq", format="nquads")
    graphs: dict[str, set] = {}
    for s, p, o, g in dataset.quads((None, None, None, None)):
        graphs.setdefault(str(g), set()).add((s, p, o))
    graphs.pop(str(rdflib.graph.DATASET_DEFAULT_GRAPH_ID), None)
    return graphs


@pytest.fixture(scope="module")
def overlapping(triples) -> tuple[str, str]:
    """Two article graphs that share some triples, so that a merge differs from a sum."""
    articles = sorted(g for g in triples if "/article/" in g)
    for a, b in itertools.combinations(articles, 2):
        if triples[a] & triples[b]:
            return a, b
    pytest.fail("no two article graphs share a triple: the merge test would prove nothing")


def ask(server, query: str, **parameters: list[str]) -> list[dict]:
    """SELECT through SPARQLWrapper; `parameters` are protocol parameters (lists)."""
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(JSON)
    for name, values in parameters.items():
        for value in values:
            client.addParameter(name.replace("_", "-"), value)
    return client.query().convert()["results"]["bindings"]


def count(server, query: str, **parameters) -> int:
    return int(ask(server, query, **parameters)[0]["n"]["value"])


def seen(server, query: str, **parameters) -> set[str]:
    return {b["g"]["value"] for b in ask(server, query, **parameters)}


def sources(*graphs: str, named: bool = False) -> str:
    return " ".join(f"FROM {'NAMED ' if named else ''}<{g}>" for g in graphs)


# The query's own dataset clauses.

def test_from_replaces_the_union_default_graph(server, triples, overlapping):
    first = overlapping[0]
    assert count(server, COUNT.format(dataset=sources(first))) == len(triples[first])
    assert len(triples[first]) < len(set().union(*triples.values()))


def test_two_from_graphs_merge_into_their_distinct_triples(server, triples, overlapping):
    a, b = overlapping
    merged = count(server, COUNT.format(dataset=sources(a, b)))
    assert merged == len(triples[a] | triples[b])
    assert merged < len(triples[a]) + len(triples[b])


def test_a_query_naming_no_dataset_sees_every_graph(server, triples):
    distinct = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    assert count(server, distinct) == len(set().union(*triples.values()))
    assert seen(server, GRAPHS_SEEN.format(dataset="")) == set(triples)


def test_from_alone_leaves_no_named_graph_visible(server, overlapping):
    assert seen(server, GRAPHS_SEEN.format(dataset=sources(*overlapping))) == set()


def test_from_named_alone_leaves_the_default_graph_empty(server, triples, overlapping):
    a, b = overlapping
    assert count(server, COUNT.format(dataset=sources(a, named=True))) == 0
    assert seen(server, GRAPHS_SEEN.format(dataset=sources(a, b, named=True))) == {a, b}


def test_from_and_from_named_together(server, triples, overlapping):
    a, b = overlapping
    dataset = f"{sources(a)} {sources(b, named=True)}"
    assert count(server, COUNT.format(dataset=dataset)) == len(triples[a])
    assert seen(server, GRAPHS_SEEN.format(dataset=dataset)) == {b}


def test_from_takes_a_prefixed_name(server, triples):
    assert count(server, COUNT.format(dataset="FROM kgg:registry")) == len(triples[REGISTRY])


# The protocol's parameters.

def test_default_graph_uri_merges_and_hides_the_named_graphs(server, triples, overlapping):
    a, b = overlapping
    parameters = {"default_graph_uri": [a, b]}
    assert count(server, COUNT.format(dataset=""), **parameters) == len(triples[a] | triples[b])
    assert seen(server, GRAPHS_SEEN.format(dataset=""), **parameters) == set()


def test_named_graph_uri_alone_leaves_the_default_graph_empty(server, overlapping):
    a, b = overlapping
    assert count(server, COUNT.format(dataset=""), named_graph_uri=[a]) == 0
    assert seen(server, GRAPHS_SEEN.format(dataset=""), named_graph_uri=[a, b]) == {a, b}


def test_protocol_graphs_win_over_the_querys_from(server, triples, overlapping):
    a, b = overlapping
    query = COUNT.format(dataset=sources(b))
    assert count(server, query, default_graph_uri=[a]) == len(triples[a])


def test_a_malformed_graph_iri_is_400(server):
    args = urllib.parse.urlencode({"query": "ASK {}", "default-graph-uri": "not an iri"})
    status, _, body = http(f"{server.sparql}?{args}")
    assert status == 400 and "not a graph IRI" in body


# The CLI.

def test_kg_query_honours_from(built_corpus, triples, overlapping):
    a, b = overlapping
    result = run_kg("query", "--store", str(built_corpus / ".kg" / "store"), "-f", "csv",
                    "-e", COUNT.format(dataset=sources(a, b)))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows == [["n"], [str(len(triples[a] | triples[b]))]]


def test_the_python_api_honours_from(built_corpus, triples, overlapping):
    import kg

    a, b = overlapping
    store = kg.open_store(built_corpus / ".kg" / "store")
    [row] = store.query(COUNT.format(dataset=sources(a, b)))
    assert int(row["n"].value) == len(triples[a] | triples[b])


# The same rules on a store small enough to check by hand.

def test_a_triple_in_two_from_graphs_counts_once():
    store = ox.Store()
    a, b, p = (ox.NamedNode(f"http://example.org/{x}") for x in ("a", "b", "p"))
    ten = ox.Literal("10", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    for graph in (a, b):  # the same triple in both graphs
        store.add(ox.Quad(a, p, ten, graph))
    store.add(ox.Quad(b, p, ten, b))
    query = ("SELECT (COUNT(*) AS ?n) (SUM(?o) AS ?total) FROM <http://example.org/a> "
             "FROM <http://example.org/b> WHERE { ?s ?p ?o }")
    [row] = run_query(store, query)
    assert (row["n"].value, row["total"].value) == ("2", "20")  # 2 distinct triples, not 3


@pytest.mark.parametrize("query", [
    'SELECT ?from WHERE { ?s ?p "FROM <http://example.org/x>" }',
    "SELECT * WHERE { ?s ?p ?o } # FROM <http://example.org/x>",
    "SELECT * WHERE { ?s ?p 'x'@from . ?s <http://example.org/FROM> ?o }",
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } } }",
])
def test_from_in_strings_comments_and_iris_names_no_dataset(query):
    assert query_dataset(query) is None


@pytest.mark.parametrize(("query", "default", "named"), [
    ("CONSTRUCT { ?s ?p ?o } FROM <http://example.org/a> WHERE { ?s ?p ?o }", ["a"], []),
    ("PREFIX e: <http://example.org/> SELECT * FROM e:a FROM NAMED e:b {}", ["a"], ["b"]),
    ("BASE <http://example.org/> ASK from <a> from named <b> from <c> {}", ["a", "c"], ["b"]),
    ("DESCRIBE ?s FROM NAMED <http://example.org/b> WHERE { GRAPH ?g { ?s ?p ?o } }", [],
     ["b"]),
])
def test_dataset_clauses_are_read_with_the_querys_prologue(query, default, named):
    dataset = query_dataset(query)
    assert [g.value for g in dataset.default] == [f"http://example.org/{g}" for g in default]
    assert [g.value for g in dataset.named] == [f"http://example.org/{g}" for g in named]


# Updates: using-graph-uri and using-named-graph-uri.

def update(server, text: str, **parameters: list[str]):
    client = SPARQLWrapper(server.sparql)
    client.setMethod(POST)
    client.setQuery(text)
    for name, values in parameters.items():
        for value in values:
            client.addParameter(name.replace("_", "-"), value)
    return client.query()


def test_using_graph_uri_is_the_updates_default_graph(writable, triples, overlapping):
    a, b = overlapping
    update(writable, "INSERT { GRAPH <urn:kg:test:copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
           using_graph_uri=[a, b])
    copied = count(writable, COUNT.format(dataset="FROM <urn:kg:test:copy>"))
    assert copied == len(triples[a] | triples[b])


def test_using_named_graph_uri_are_the_updates_named_graphs(writable, overlapping):
    a, b = overlapping
    update(writable, "INSERT { GRAPH <urn:kg:test:seen> { ?g a <urn:kg:test:Seen> } } "
                     "WHERE { GRAPH ?g { ?s ?p ?o } }", using_named_graph_uri=[a, b])
    found = "SELECT ?g WHERE { GRAPH <urn:kg:test:seen> { ?g a <urn:kg:test:Seen> } }"
    assert seen(writable, found) == {a, b}


@pytest.mark.parametrize(("text", "reason"), [
    ("WITH <urn:kg:test:w> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "USING or WITH"),
    ("DELETE { ?s ?p ?o } USING <urn:kg:test:u> WHERE { ?s ?p ?o }", "USING or WITH"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE WHERE"),
])
def test_using_parameters_that_cannot_apply_are_400(writable, text, reason):
    status, _, body = http(writable.sparql, form(update=text, **{
        "using-graph-uri": "urn:kg:test:u"}), method="POST")
    assert status == 400 and reason in body
