"""GraphML for Gephi (and igraph, yEd, networkx, graphology): typed keys with named ids.

Why not networkx's write_graphml: its key ids are d0, d1, ..., and Gephi reads the keys `d3`
and `d7` as the node and edge label (yEd's convention), so whichever attribute happened to
be fourth became every node's label. With `named_key_ids=True` a node and an edge attribute
of the same name (`label`) get the same id, which GraphML forbids. Here:

- node keys have the attribute's name as id (`label`, `type`, `x`, `r`, ...), edge keys
  `edge_` + the name (`edge_label`, `edge_weight`); `attr.name` is always the plain name.
  Gephi matches a key by id, then by name, so `label`, `x`, `y`, `size`, `r`, `g`, `b`
  (node) and `label`, `weight` (edge) become its label, position, size, colour and weight,
  and no other key can.
- values are int, double or string (ISO dates as strings), never empty of type; a node
  without a value for a key has no <data> for it.
- nodes and edges are written in the projection's order, without timestamps: the same
  store gives the same bytes.
- every id is a valid xs:NMTOKEN, as the GraphML schema requires (node ids such as
  `actor:sergei-lavrov` already are; edge ids are `u--v`, or `u--relation--v` in a
  multigraph), and no text holds a character XML 1.0 forbids (kg.export.xmlsafe).
  tests/export validates every file against the GraphML XSD.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_output
from kg.export.xmlsafe import nmtoken, xml_text
from kg.projections.attributes import (
    attribute_kinds,
    edge_id,
    edges_with_keys,
    format_value,
    ready_for_export,
)

NS = "http://graphml.graphdrawing.org/xmlns"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd"
EDGE_KEY_PREFIX = "edge_"
GRAPHML_TYPES = {"string": "string", "integer": "int", "double": "double",
                 "boolean": "boolean"}


def key_ids(graph: nx.Graph) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]]]:
    """Node and edge keys: attribute name -> (key id, GraphML type)."""
    node_kinds = attribute_kinds(data for _, data in graph.nodes(data=True))
    edge_kinds = attribute_kinds(data for *_, data in edges_with_keys(graph))
    nodes = {name: (nmtoken(name), GRAPHML_TYPES[kind]) for name, kind in node_kinds.items()}
    edges = {name: (EDGE_KEY_PREFIX + nmtoken(name), GRAPHML_TYPES[kind])
             for name, kind in edge_kinds.items()}
    clash = {i for i, _ in nodes.values()} & {i for i, _ in edges.values()}
    if clash:  # only possible for a node attribute named edge_*
        raise ValueError(f"GraphML key ids used for both nodes and edges: {sorted(clash)}")
    return nodes, edges


def graphml_tree(graph: nx.Graph) -> ET.ElementTree:
    node_keys, edge_keys = key_ids(graph)
    root = ET.Element("graphml", {"xmlns": NS, "xmlns:xsi": XSI,
                                  "xsi:schemaLocation": f"{NS} {SCHEMA}"})
    for domain, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, (key, kind) in keys.items():
            ET.SubElement(root, "key", {"id": key, "for": domain, "attr.name": nmtoken(name),
                                        "attr.type": kind})
    directed = graph.is_directed()
    body = ET.SubElement(root, "graph", {
        "id": nmtoken(graph.graph.get("projection", "G")),
        "edgedefault": "directed" if directed else "undirected"})
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(body, "node", {"id": nmtoken(node)})
        _add_data(element, data, node_keys)
    for u, v, key, data in edges_with_keys(graph):
        element = ET.SubElement(body, "edge", {"id": edge_id(graph, u, v, key),
                                               "source": nmtoken(u), "target": nmtoken(v)})
        _add_data(element, data, edge_keys)
    check_unique_ids(body)
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def _add_data(element: ET.Element, data: dict, keys: dict[str, tuple[str, str]]) -> None:
    for name, value in data.items():
        ET.SubElement(element, "data", {"key": keys[name][0]}).text = xml_text(
            format_value(value))


def check_unique_ids(body: ET.Element) -> None:
    """Distinct names always give distinct tokens; this catches the one way left to collide
    (a node id containing `--`), before a reader silently merges two edges."""
    for tag in ("node", "edge"):
        ids = [element.get("id") for element in body.iter(tag)]
        if len(ids) != len(set(ids)):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise ValueError(f"two {tag}s would share the id {twice[0]!r}")


def write_graphml(graph: nx.Graph, path: Path, *, store=None, projection: str = "",
                  filters=None) -> None:
    """Write `graph` (a projection) as GraphML, with layout and statistics added if missing."""
    tree = graphml_tree(ready_for_export(graph))
    with atomic_output(Path(path)) as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
        handle.write(b"\n")


__all__ = ["write_graphml", "graphml_tree", "key_ids", "check_unique_ids"]
