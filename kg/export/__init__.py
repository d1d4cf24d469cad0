"""Exporters: one small module per format, all with the same call shape
`write_<format>(quads, path)`, registered here by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.export.jsonld import write_jsonld
from kg.export.rdf import sorted_quads, write_nquads, write_trig, write_turtle

Writer = Callable[[list[ox.Quad], Path], None]

# File name in exports/ -> writer. `kg build` writes all of them.
RDF_EXPORTS: dict[str, Writer] = {
    "kg.trig": write_trig,
    "kg.nq": write_nquads,
    "kg.ttl": write_turtle,
    "kg.jsonld": write_jsonld,
}


# Graph formats, written from a networkx projection of the store (kg/projections/).
# Registered by module path and imported only when used, so `kg build` does not pay for
# pyvis when nobody asks for HTML. Each target has the signature
#   write(graph: networkx.Graph, path: Path, *, store, projection: str, filters) -> None
GRAPH_EXPORTS: dict[str, str] = {
    "graphml": "kg.export.graphml:write_graphml",
    "gexf": "kg.export.gexf:write_gexf",
    "html": "kg.export.html:write_html",
}


def graph_writer(name: str):
    """The writer registered for a graph format, imported on first use."""
    import importlib

    module, _, function = GRAPH_EXPORTS[name].partition(":")
    return getattr(importlib.import_module(module), function)


def write_rdf_exports(store: ox.Store, out_dir: Path) -> list[Path]:
    quads = sorted_quads(store)
    written = []
    for name, writer in RDF_EXPORTS.items():
        writer(quads, Path(out_dir) / name)
        written.append(Path(out_dir) / name)
    return written


__all__ = ["RDF_EXPORTS", "GRAPH_EXPORTS", "graph_writer", "write_rdf_exports", "sorted_quads"]
