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


def write_rdf_exports(store: ox.Store, out_dir: Path) -> list[Path]:
    quads = sorted_quads(store)
    written = []
    for name, writer in RDF_EXPORTS.items():
        writer(quads, Path(out_dir) / name)
        written.append(Path(out_dir) / name)
    return written


__all__ = ["RDF_EXPORTS", "write_rdf_exports", "sorted_quads"]
