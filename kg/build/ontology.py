"""The ontology graph: the OWL ontology and the SKOS schemes, as shipped in `ontology/`."""

from __future__ import annotations

import pyoxigraph as ox

from kg.build.sink import GraphSink
from kg.errors import KgError, display_path
from kg.namespaces import ONTOLOGY_GRAPH
from kg.resources import ontology_file

ONTOLOGY_FILES = ("kg.ttl", "schemes.ttl")


def ontology_graph() -> GraphSink:
    sink = GraphSink(ONTOLOGY_GRAPH)
    labels: dict[str, ox.BlankNode] = {}

    def stable(term):
        # The parser gives blank nodes random labels; number them in reading order instead,
        # so that the exports are byte-identical from one build to the next.
        if isinstance(term, ox.BlankNode):
            return labels.setdefault(term.value, ox.BlankNode(f"o{len(labels) + 1}"))
        return term

    for name in ONTOLOGY_FILES:
        path = ontology_file(name)
        try:
            with open(path, "rb") as handle:
                for t in ox.parse(handle, format=ox.RdfFormat.TURTLE):
                    sink.quads.append(ox.Quad(stable(t.subject), t.predicate, stable(t.object),
                                              ONTOLOGY_GRAPH))
        except (OSError, SyntaxError) as exc:
            raise KgError(f"{display_path(path)}: cannot load the ontology: {exc}") from None
    return sink
