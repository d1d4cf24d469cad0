"""Exporters: one small module per format, all with the same call shape
`write_<format>(quads, path)`, registered here by name."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, display_path
from kg.export.jsonld import JsonldWriter, write_jsonld
from kg.export.rdf import (
    NQuadsWriter,
    TrigWriter,
    TurtleWriter,
    sorted_quads,
    write_all,
    write_nquads,
    write_trig,
    write_turtle,
)

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


# The same formats as writers that take sorted graphs one at a time, so that `kg build`
# reads the store once for all of them (kg.export.rdf.write_all).
_STREAMING = {"kg.trig": TrigWriter, "kg.nq": NQuadsWriter, "kg.ttl": TurtleWriter,
              "kg.jsonld": JsonldWriter}


def make_folder(folder: Path) -> None:
    """The folder a set of exports goes to is made here (a single `-o` file's is not:
    kg.atomic); what cannot be made is a KgError, not a traceback."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create {display_path(folder)}: {exc.strerror or exc}") from None


def write_rdf_exports(store: ox.Store, out_dir: Path, names=None, timings=None) -> list[Path]:
    """Write the exports in one pass over the store; `timings`, if given, gets seconds per
    file name (for the benchmarks): each writer's own time plus an equal share of reading
    and sorting the store, which they share."""
    make_folder(Path(out_dir))
    _remove_leftovers(Path(out_dir))
    names = list(names or RDF_EXPORTS)
    paths = {name: Path(out_dir) / name for name in names}
    writers = {paths[name]: _STREAMING[name]() for name in names}
    spent: dict = {}
    write_all(store, writers, spent)
    if timings is not None:
        shared = spent[None] / max(1, len(names))
        for name in names:
            timings[name] = spent[paths[name]] + shared
        timings["exports: reading and sorting the store"] = spent[None]
    return list(paths.values())


def _remove_leftovers(out_dir: Path) -> None:
    """The Turtle writer's sort folders that a killed build left behind (a signal that
    cannot be caught stops its own clean-up). Stale export temporaries are the pipeline's
    to remove, for every export at once (kg.atomic.remove_stale_temporaries)."""
    import shutil

    if not out_dir.is_dir():
        return
    for stale in out_dir.glob(".kg-sort-*"):
        shutil.rmtree(stale, ignore_errors=True)


__all__ = ["RDF_EXPORTS", "GRAPH_EXPORTS", "graph_writer", "write_rdf_exports", "sorted_quads",
           "write_trig", "write_nquads", "write_turtle", "write_jsonld"]
