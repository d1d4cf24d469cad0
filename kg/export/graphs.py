"""The graph files `kg build` writes to exports/: every projection as GraphML and as dynamic
GEXF, with the default filters (meetings that took place, every actor type), and the HTML
viewer when its module is installed.

    kg-actor-meeting.graphml       kg-actor-meeting.gexf
    kg-co-participation.graphml    kg-co-participation.gexf
    kg-actor-organisation.graphml  kg-actor-organisation.gexf
    kg.html                        the viewer: actor-meeting with every status, since
                                   the page itself filters by status
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.export import graph_writer, make_folder
from kg.projections import ALL_STATUSES, DEFAULT_FILTERS, PROJECTIONS, Filters, project
from kg.projections.layout import add_layout_and_statistics

GEPHI_FORMATS = ("graphml", "gexf")
HTML_PROJECTION = "actor-meeting"
HTML_FILTERS = Filters(statuses=ALL_STATUSES)


def graph_export_names() -> list[str]:
    """The file names write_graph_exports writes, in order (for up-to-date checks)."""
    return [f"kg-{p}.{fmt}" for p in PROJECTIONS for fmt in GEPHI_FORMATS] + ["kg.html"]


def write_graph_exports(store: ox.Store, out_dir: Path) -> list[Path]:
    """Write the default projections to `out_dir`; returns the paths written, in order."""
    out_dir = Path(out_dir)
    make_folder(out_dir)
    written = []
    for name in PROJECTIONS:
        # Layout and statistics once per projection, not once per format.
        graph = add_layout_and_statistics(project(store, name, DEFAULT_FILTERS))
        for fmt in GEPHI_FORMATS:
            path = out_dir / f"kg-{name}.{fmt}"
            graph_writer(fmt)(graph, path, store=store, projection=name,
                              filters=DEFAULT_FILTERS)
            written.append(path)
    path = out_dir / "kg.html"
    graph = add_layout_and_statistics(project(store, HTML_PROJECTION, HTML_FILTERS))
    graph_writer("html")(graph, path, store=store, projection=HTML_PROJECTION,
                         filters=HTML_FILTERS)
    written.append(path)
    return written


__all__ = ["write_graph_exports", "graph_export_names", "GEPHI_FORMATS", "HTML_PROJECTION"]
