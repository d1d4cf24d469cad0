"""The store's named graphs as the push sends them: each serialised on its own, in a
deterministic order, with a content hash.

The Graph Store Protocol carries triples, one graph per request, so each graph becomes
sorted N-Triples (the export's own order, `kg.export.rdf.sort_group`). N-Triples is also
Turtle, which every Graph Store Protocol server reads. The hash is of exactly the bytes
sent, so "changed since the last push" means "the server would receive other bytes".
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from kg.export.rdf import sort_group


@dataclass(frozen=True)
class LocalGraph:
    iri: str
    body: bytes      # sorted N-Triples, UTF-8
    triples: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def graph_iris(store: ox.Store) -> list[str]:
    """Every named graph of the store, sorted: whatever the build put there (ontology,
    registry, one account per article, derived graphs), never a hard-coded list."""
    return sorted(g.value for g in store.named_graphs() if isinstance(g, ox.NamedNode))


def serialise_graph(store: ox.Store, iri: str) -> LocalGraph:
    group = sort_group(store.quads_for_pattern(None, None, None, ox.NamedNode(iri)))
    # An N-Quads line is the N-Triples line with the graph term before the final " .":
    # cutting it off keeps the sorted order and needs no second serialisation.
    tail = f" <{iri}> .\n".encode()
    lines = []
    for line in group.lines:
        if not line.endswith(tail):
            raise AssertionError(f"unexpected N-Quads line for graph {iri}: {line!r}")
        lines.append(line[: -len(tail)] + b" .\n")
    return LocalGraph(iri, b"".join(lines), len(lines))


def local_graphs(store: ox.Store) -> Iterator[LocalGraph]:
    """Each named graph in turn, one in memory at a time."""
    for iri in graph_iris(store):
        yield serialise_graph(store, iri)


def default_graph_size(store: ox.Store) -> int:
    """Triples in the default graph: a kg build leaves it empty, and the push (which sends
    named graphs) says so when it is not."""
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
