"""Positions, statistics and appearance as node attributes, so that a file opens in Gephi
already laid out, sized and coloured, and the viewer can reuse the same numbers.

Everything here is deterministic: the layout is seeded and runs over a copy of the graph
with nodes and edges in sorted order (networkx's layouts depend on node order), and floats
are rounded so that the last bits of a platform's arithmetic never reach a file.
"""

from __future__ import annotations

import networkx as nx

SEED = 20231004  # any fixed number; changing it moves every node in every export
# Above this many nodes the exact computations stop paying for themselves: a force layout
# needs memory and time in the square of the nodes (17 s at 1,800 nodes here), and exact
# betweenness grows with nodes x edges. Big graphs get a seeded sample of betweenness
# pivots and a circular layout ordered by type and degree; Gephi's own ForceAtlas2 lays
# them out better than we could in a build anyway.
EXACT_LIMIT = 2000
BETWEENNESS_EXACT_LIMIT = 1000
BETWEENNESS_PIVOTS = 300
# The force layout's cost is linear in its iterations; past a few hundred nodes fewer
# iterations still give a readable first picture (50 is networkx's default).
FULL_LAYOUT_LIMIT, FEW_ITERATIONS = 500, 15
SCALE = 1000.0  # Gephi's canvas is in the thousands; spring_layout returns [-1, 1]
MIN_SIZE, SIZE_PER_DEGREE = 10.0, 4.0

# Colours for node types, as Gephi wants them (integer r, g, b).
TYPE_COLOURS: dict[str, tuple[int, int, int]] = {
    "person": (31, 119, 180),
    "state": (214, 39, 40),
    "government-body": (255, 127, 14),
    "igo": (44, 160, 44),
    "news-outlet": (140, 86, 75),
    "organisation": (148, 103, 189),
    "meeting": (127, 127, 127),
    "place": (23, 190, 207),
}
OTHER_COLOUR = (199, 199, 199)


def simple_undirected(graph: nx.Graph) -> nx.Graph:
    """The graph as a simple undirected graph in sorted order; parallel edges (one per
    relation in actor-organisation) merge, adding their weights."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph.nodes))
    for u, v, weight in sorted((min(u, v), max(u, v), w)
                               for u, v, w in graph.edges(data="weight", default=1)):
        if simple.has_edge(u, v):
            simple[u][v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def add_statistics(graph: nx.Graph) -> None:
    """`degree` (edges, parallel ones counted), `weighted_degree` (sum of edge `weight`,
    1 where there is none) and `betweenness` (normalised, of the undirected simple graph:
    an actor who links two groups scores high whichever way the edges point)."""
    simple = simple_undirected(graph)
    pivots = None if simple.number_of_nodes() <= BETWEENNESS_EXACT_LIMIT else BETWEENNESS_PIVOTS
    betweenness = nx.betweenness_centrality(simple, k=pivots, normalized=True,
                                            seed=SEED if pivots else None)
    for node in graph.nodes:
        graph.nodes[node]["degree"] = int(graph.degree(node))
        graph.nodes[node]["weighted_degree"] = int(graph.degree(node, weight="weight"))
        graph.nodes[node]["betweenness"] = round(float(betweenness[node]), 6)


def add_layout(graph: nx.Graph, seed: int = SEED) -> None:
    """`x` and `y`: a seeded force-directed layout, weighted, scaled to Gephi's canvas."""
    if graph.number_of_nodes() == 0:
        return
    if graph.number_of_nodes() > EXACT_LIMIT:
        order = sorted(graph.nodes, key=lambda n: (graph.nodes[n].get("type", ""),
                                                   -graph.degree(n), n))
        positions = nx.circular_layout(order, scale=SCALE)
    else:
        iterations = 50 if graph.number_of_nodes() <= FULL_LAYOUT_LIMIT else FEW_ITERATIONS
        positions = nx.spring_layout(simple_undirected(graph), seed=seed, weight="weight",
                                     scale=SCALE, iterations=iterations)
    for node, (x, y) in positions.items():
        graph.nodes[node]["x"] = round(float(x), 1)
        graph.nodes[node]["y"] = round(float(y), 1)


def add_appearance(graph: nx.Graph) -> None:
    """`r`, `g`, `b` (integers, by node type) and `size` (by degree): Gephi reads these
    attribute names as the node's colour and size. Call after add_statistics."""
    for node, data in graph.nodes(data=True):
        data["r"], data["g"], data["b"] = TYPE_COLOURS.get(data.get("type", ""), OTHER_COLOUR)
        degree = data["degree"] if "degree" in data else graph.degree(node)
        data["size"] = MIN_SIZE + SIZE_PER_DEGREE * float(degree)


def add_layout_and_statistics(graph: nx.Graph, seed: int = SEED) -> nx.Graph:
    """Statistics, positions and appearance, added in place; returns the graph."""
    add_statistics(graph)
    add_layout(graph, seed)
    add_appearance(graph)
    return graph
