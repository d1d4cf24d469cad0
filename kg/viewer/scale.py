"""Keeping the page usable: when to stop the physics, and what to show past the node limit.

The two limits were measured in headless Chromium on synthetic actor–meeting graphs
(tests/viewer/measure_scale.py; numbers in docs/viewer.md):

- With physics on, vis-network simulates every node on every frame until the layout
  settles: about 1.5 s at 250 nodes. Past PHYSICS_MAX_NODES the page gets positions
  computed in Python and physics is off, so it appears at once.
- A static drawing redraws in about 60 ms at 2,000 nodes, 0.1 s at 4,300 and 2.4 s at
  8,600 (every pan or zoom freezes the page). Past VIEW_MAX_NODES the page shows the
  best-connected actors and the meetings among them instead, and says so.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

PHYSICS_MAX_NODES = 300
VIEW_MAX_NODES = 2000

# Nodes that are ranked and kept for their own sake; the others (meetings, places) are
# kept when they connect kept actors.
_CONTEXT_TYPES = frozenset({"meeting", "place"})


@dataclass(frozen=True)
class Reduction:
    """What the page shows of a graph too large to draw whole."""

    graph: nx.Graph
    total_nodes: int
    total_edges: int
    actors_kept: int

    @property
    def reduced(self) -> bool:
        return self.graph.number_of_nodes() < self.total_nodes

    def notice(self) -> str:
        if not self.reduced:
            return ""
        shown = self.graph
        return (f"This graph has {self.total_nodes:,} nodes and {self.total_edges:,} edges, more "
                f"than this page can draw and stay responsive ({VIEW_MAX_NODES:,} nodes). It "
                f"shows the {self.actors_kept:,} most connected actors and what connects them: "
                f"{shown.number_of_nodes():,} nodes and {shown.number_of_edges():,} edges. "
                f"For other parts of the graph, export a date window or fewer statuses "
                f"(kg export html --start ... --end ...).")


def ranking_degree(graph: nx.Graph, node) -> float:
    """How connected a node is in the whole projection: the layout helper's weighted degree
    when the projection carries it, else its degree here."""
    attrs = graph.nodes[node]
    for key in ("weighted_degree", "degree"):
        value = attrs.get(key)
        if isinstance(value, int | float):
            return value
    return graph.degree(node)


def reduce_graph(graph: nx.Graph, limit: int = VIEW_MAX_NODES) -> Reduction:
    """The whole graph if it has at most `limit` nodes; otherwise the largest set of
    top-ranked actors whose view (the actors, plus every meeting or place that links two
    of them, or that has no other participant) fits in `limit` nodes."""
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    actors = [n for n in graph if graph.nodes[n].get("type") not in _CONTEXT_TYPES]
    if total_nodes <= limit:
        return Reduction(graph, total_nodes, total_edges, len(actors))
    actors.sort(key=lambda n: (-ranking_degree(graph, n), str(n)))
    rank = {n: i for i, n in enumerate(actors)}

    def view(k: int) -> set:
        kept = set(actors[:k])
        for node in graph:
            if node in rank:
                continue
            near = [m for m in graph.neighbors(node) if rank.get(m, k) < k]
            if len(near) >= min(2, graph.degree(node)) and near:
                kept.add(node)
        return kept

    # The view only grows with k, so a binary search finds the largest k that fits.
    low, high = 0, min(len(actors), limit)
    while low < high:
        mid = (low + high + 1) // 2
        if len(view(mid)) <= limit:
            low = mid
        else:
            high = mid - 1
    shown = graph.subgraph(view(low)).copy()
    shown.remove_nodes_from([n for n in list(shown) if shown.degree(n) == 0])
    return Reduction(shown, total_nodes, total_edges, low)
