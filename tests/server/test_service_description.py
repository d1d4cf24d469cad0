"""GET /sparql without a query: the SPARQL 1.1 Service Description for RDF clients, the
query page for browsers. The description is read back with rdflib."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, Namespace

from tests.server.test_protocol import http

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RDF_TYPES = {"text/turtle": "turtle", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld", "application/n-triples": "nt"}


def description(server, accept: str = "text/turtle") -> rdflib.Graph:
    status, headers, body = http(server.sparql, headers={"Accept": accept})
    assert status == 200, body
    media_type = headers["Content-Type"].split(";")[0]
    assert media_type in RDF_TYPES
    return rdflib.Graph().parse(data=body, format=RDF_TYPES[media_type])


@pytest.fixture(scope="module")
def named_graphs(built_corpus) -> set[str]:
    dataset = rdflib.Dataset()
    dataset.parse(built_corpus / "exports" / "kg.nq", format="nquads")
    return {str(g) for _, _, _, g in dataset.quads((None, None, None, None))
            if g != rdflib.graph.DATASET_DEFAULT_GRAPH_ID}


def test_turtle_description_says_what_the_endpoint_offers(server, named_graphs):
    graph = description(server)
    [service] = graph.subjects(RDF.type, SD.Service)
    assert set(graph.objects(service, SD.endpoint)) == {rdflib.URIRef(server.sparql)}
    assert set(graph.objects(service, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert set(graph.objects(service, SD.feature)) == {SD.UnionDefaultGraph}
    assert set(graph.objects(service, SD.resultFormat)) == {
        FORMATS[name] for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML",
                                   "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle",
                                   "N-Triples", "JSON-LD", "RDF_XML")}
    [dataset] = graph.objects(service, SD.defaultDataset)
    assert (dataset, RDF.type, SD.Dataset) in graph
    [default] = graph.objects(dataset, SD.defaultGraph)
    assert (default, RDF.type, SD.Graph) in graph
    names = {str(graph.value(node, SD.name)) for node in graph.objects(dataset, SD.namedGraph)}
    assert names == named_graphs


@pytest.mark.parametrize("accept", ["application/rdf+xml", "application/ld+json",
                                    "application/n-triples", "text/plain",
                                    "text/turtle;q=0.9, text/html;q=0.5"])
def test_every_rdf_syntax_says_the_same(server, accept):
    assert isomorphic(description(server, accept), description(server))


def test_rdflib_fetching_the_endpoint_gets_the_description(server):
    graph = rdflib.Graph().parse(server.sparql)  # rdflib's own Accept header
    assert (None, SD.endpoint, rdflib.URIRef(server.sparql)) in graph


def test_an_update_endpoint_says_so(writable):
    graph = description(writable)
    assert set(graph.objects(None, SD.supportedLanguage)) == {SD.SPARQL11Query,
                                                              SD.SPARQL11Update}


@pytest.mark.parametrize("accept", [None, BROWSER, "*/*", "text/html"])
def test_browsers_and_indifferent_clients_get_the_page(server, accept):
    status, headers, body = http(server.sparql, headers={"Accept": accept} if accept else {})
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in body and "Accept" in headers["Vary"]


def test_an_unservable_accept_is_406(server):
    assert http(server.sparql, headers={"Accept": "image/png"})[0] == 406
