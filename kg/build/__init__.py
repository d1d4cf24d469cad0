"""From a loaded corpus to RDF: one graph for the ontology, one for the registry, and one
account per article. Each function is pure; the store and the exports come after."""

from __future__ import annotations

from collections.abc import Iterator

from kg.annotations import Corpus
from kg.build.document import document_graph
from kg.build.ontology import ontology_graph
from kg.build.registry import registry_graph
from kg.build.sink import GraphSink


def build_graphs(corpus: Corpus) -> Iterator[GraphSink]:
    """Yield the ontology graph, the registry graph, then each article's account in id order."""
    yield ontology_graph()
    used_as_places = {m.place for doc in corpus.documents for m in doc.meetings
                      if m.place in corpus.registry.actors}
    yield registry_graph(corpus.registry, used_as_places)
    for doc in corpus.documents:
        yield document_graph(doc, corpus.registry)


__all__ = ["build_graphs", "GraphSink"]
