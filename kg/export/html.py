"""The interactive viewer as one self-contained HTML file (kg/viewer/ builds the page).

Same call shape as the other graph exports (see GRAPH_EXPORTS in kg/export/__init__.py):
the projection's graph in, one file out, written atomically.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kg.atomic import atomic_output
from kg.viewer.details import node_details
from kg.viewer.page import PageInfo, render_page

__all__ = ["write_html", "describe_filters"]


def write_html(graph: nx.Graph, path: Path, *, store, projection: str, filters=None) -> None:
    """Write the viewer for `graph` (a projection of `store`) to `path`.

    >>> write_html(project(store, "actor-meeting"), Path("exports/kg.html"),
    ...            store=store, projection="actor-meeting", filters=Filters())
    """
    iris = [graph.nodes[n].get("iri") for n in graph if graph.nodes[n].get("iri")]
    details = node_details(store, iris)
    info = PageInfo(projection=projection, filters=describe_filters(filters))
    page = render_page(graph, details, info)
    with atomic_output(Path(path)) as handle:
        handle.write(page.encode("utf-8"))


def describe_filters(filters) -> str:
    """The export's filters in words, for the page header: "2020-10-01 to 2020-12-31 ·
    statuses occurred, planned". Empty when they keep everything the page can filter."""
    if filters is None:
        return ""
    parts = []
    start, end = getattr(filters, "start", None), getattr(filters, "end", None)
    if start or end:
        parts.append(f"{start or '…'} to {end or '…'}")
    statuses = set(getattr(filters, "statuses", ()) or ())
    if statuses and "all" not in statuses:
        parts.append("statuses " + ", ".join(sorted(statuses)))
    types = getattr(filters, "actor_types", None)
    if types:
        parts.append("actor types " + ", ".join(sorted(types)))
    weight = getattr(filters, "min_weight", 1)
    if weight and weight > 1:
        parts.append(f"at least {weight} shared meetings")
    return " · ".join(parts)
