"""Exporters: one small module per format, all with the same call shape
`write_<format>(quads, path)`, registered here by name."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.export.jsonld import write_jsonld
from kg.export.rdf import sorted_quads, store_groups, write_nquads, write_trig, write_turtle

# A writer takes the quads as a sorted list, or as a function that streams them one sorted
# graph at a time (kg.export.rdf.store_groups), which is how `kg build` calls it.
Writer = Callable[[list[ox.Quad] | Callable, Path], None]

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


def write_rdf_exports(store: ox.Store, out_dir: Path, names=None, timings=None) -> list[Path]:
    """Write each export by streaming from the store; `timings`, if given, gets seconds per
    file name (for the benchmarks)."""
    _remove_leftovers(Path(out_dir))
    written = []
    for name in names or RDF_EXPORTS:
        # JSON-LD orders graphs by IRI; TriG and N-Quads by N-Triples form ("<iri>").
        by_iri = RDF_EXPORTS[name] is write_jsonld
        start = time.perf_counter()
        RDF_EXPORTS[name](store_groups(store, by_iri=by_iri), Path(out_dir) / name)
        if timings is not None:
            timings[name] = time.perf_counter() - start
        written.append(Path(out_dir) / name)
    return written


def _remove_leftovers(out_dir: Path) -> None:
    """Temporary files a killed build left behind (a signal that cannot be caught stops the
    atomic writer's own clean-up); streaming writes keep them open for longer."""
    import shutil

    if not out_dir.is_dir():
        return
    for name in RDF_EXPORTS:
        for stale in out_dir.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)
    for stale in out_dir.glob(".kg-sort-*"):
        shutil.rmtree(stale, ignore_errors=True)


__all__ = ["RDF_EXPORTS", "GRAPH_EXPORTS", "graph_writer", "write_rdf_exports", "sorted_quads"]
