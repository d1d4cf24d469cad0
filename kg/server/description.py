"""The endpoint's SPARQL 1.1 Service Description, for RDF clients that GET /sparql.

It says what a client cannot guess: the endpoint's address, the languages it accepts
(updates only with --allow-update), every result format it writes, that the default graph
is the union of the named graphs when a query names no dataset (sd:UnionDefaultGraph), and
which named graphs the default dataset holds.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.query.formats import Format

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# The W3C's names (www.w3.org/ns/formats/) for the media types the endpoint writes.
_FORMAT_NAMES = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}
# Turtle and RDF/XML are written with these prefixes, so the description reads as written.
PREFIXES = {"sd": SD, "formats": FORMATS}


def _sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str, formats: Iterable[Format], named_graphs: Iterable[str],
                        update: bool) -> list[ox.Triple]:
    """The description's triples; `endpoint` is the absolute URL of /sparql."""
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), \
        ox.BlankNode("defaultGraph")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"),
                  ox.NamedNode("http://www.w3.org/ns/entailment/Simple")),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, _sd("Graph")),
    ]
    if update:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for fmt in formats:
        triples.append(ox.Triple(service, _sd("resultFormat"),
                                 ox.NamedNode(FORMATS + _FORMAT_NAMES[fmt.media_type])))
    for i, graph in enumerate(sorted(named_graphs)):
        node = ox.BlankNode(f"namedGraph{i}")
        triples += [ox.Triple(dataset, _sd("namedGraph"), node),
                    ox.Triple(node, RDF_TYPE, _sd("NamedGraph")),
                    ox.Triple(node, _sd("name"), ox.NamedNode(graph))]
    # Grouped by subject (a stable sort), so Turtle writes each node's statements together.
    first_seen = {t.subject: i for i, t in reversed(list(enumerate(triples)))}
    return sorted(triples, key=lambda t: first_seen[t.subject])


def serialize_description(triples: list[ox.Triple], fmt: Format) -> bytes:
    return ox.serialize(triples, format=fmt.oxigraph,
                        prefixes=PREFIXES if fmt.oxigraph in (ox.RdfFormat.TURTLE,
                                                              ox.RdfFormat.RDF_XML) else None)
