"""GEXF 1.3, dynamic: the same attributes as the GraphML export, plus viz colour, size and
position, and time, so that Gephi's timeline plays the network meeting by meeting.

Why not networkx's write_gexf(version="1.3"): it stamps `lastmodifieddate` with today's
date (two builds differ), declares the xsi namespace as `http://w3.org/...` (not the W3C's
`http://www.w3.org/...`), takes a node's `start`/`end` attributes as its time and drops
them from the data, and wants spells and viz as list and dict attributes, which projections
never carry. This writer is small and does what Gephi and graphology-gexf read:

- `<graph mode="dynamic" timeformat="date">`; a meeting node has `start`/`end` (its
  kg:startDate and kg:endDate, both inclusive; its attributes `date_start`/`date_end` say
  the same, under names that are not GEXF's own); an edge that stands for meetings has the
  meetings' intervals, as `start`/`end` when there is one and `<spells>` when a pair met
  several times; an actor has the union of its edges' intervals. Intervals that overlap
  are merged (Gephi rejects overlapping spells). Anything undated, or linked to anything
  undated, has no time and is always visible.
- attribute ids are the attribute names (graphology-gexf uses a non-numeric id as the
  name); `label` and `weight` are the element's own attributes; `x`, `y`, `size`, `r`,
  `g`, `b` are written as viz:position, viz:size and viz:color.
- ids are the GraphML export's (valid NMTOKENs, which GEXF's string ids accept too), so a
  node or an edge has the same id in both files; text is made XML-safe (kg.export.xmlsafe).
  tests/export validates every file against a GEXF 1.3 RELAX NG grammar.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

import networkx as nx

from kg.atomic import atomic_output
from kg.export.graphml import check_unique_ids
from kg.export.xmlsafe import nmtoken, xml_text
from kg.projections.attributes import (
    all_meetings,
    attribute_kinds,
    edge_id,
    edges_with_keys,
    export_name,
    format_value,
    ready_for_export,
)

NS = "http://gexf.net/1.3"
VIZ = "http://gexf.net/1.3/viz"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA = "http://gexf.net/1.3/gexf.xsd"
GEXF_TYPES = {"string": "string", "integer": "integer", "double": "double",
              "boolean": "boolean"}
# Written as the element's own attributes or as viz, not as <attvalue>.
NODE_BUILT_IN = {"label", "x", "y", "size", "r", "g", "b"}
EDGE_BUILT_IN = {"label", "weight"}

Interval = tuple[str, str]


def merge_intervals(intervals: list[Interval]) -> list[Interval]:
    """Sorted, with overlapping closed intervals merged: what Gephi accepts as spells."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def time_intervals(graph: nx.Graph, store=None) -> tuple[dict, dict]:
    """Intervals for nodes and edges (by (u, v, key)); absent means "no known time"."""
    dates: dict[str, Interval | None] = {}
    if store is not None:
        dates = {m.id: (m.start, m.end or m.start) if m.start else None
                 for m in all_meetings(store).values()}
    for node, data in graph.nodes(data=True):
        if data.get("type") == "meeting":
            start = data.get(export_name("start"), "")
            dates[node] = (start, data.get(export_name("end")) or start) if start else None
    nodes: dict[str, list[Interval]] = {}
    edges: dict[tuple, list[Interval]] = {}
    incident: dict[str, list[list[Interval] | None]] = defaultdict(list)
    for node in graph.nodes:
        if dates.get(node):
            nodes[node] = [dates[node]]
    for u, v, key, data in edges_with_keys(graph):
        meetings = str(data.get("meeting_ids", "")).split()
        intervals = [dates.get(m) for m in meetings]
        spells = merge_intervals(intervals) if meetings and None not in intervals else None
        if spells:
            edges[(u, v, key)] = spells
        for end in (u, v):
            if graph.nodes[end].get("type") != "meeting":
                incident[end].append(spells)
    for node, spell_lists in incident.items():
        if None not in spell_lists:
            nodes[node] = merge_intervals([i for spells in spell_lists for i in spells])
    return nodes, edges


def gexf_tree(graph: nx.Graph, store=None) -> ET.ElementTree:
    node_kinds = attribute_kinds({k: v for k, v in d.items() if k not in NODE_BUILT_IN}
                                 for _, d in graph.nodes(data=True))
    edge_kinds = attribute_kinds({k: v for k, v in d.items() if k not in EDGE_BUILT_IN}
                                 for *_, d in edges_with_keys(graph))
    node_times, edge_times = time_intervals(graph, store)
    root = ET.Element("gexf", {"xmlns": NS, "xmlns:viz": VIZ, "xmlns:xsi": XSI,
                               "xsi:schemaLocation": f"{NS} {SCHEMA}", "version": "1.3"})
    meta = ET.SubElement(root, "meta")
    ET.SubElement(meta, "creator").text = "kg"
    projection = str(graph.graph.get("projection", ""))
    ET.SubElement(meta, "description").text = xml_text(f"kg projection: {projection}".strip())
    body = ET.SubElement(root, "graph", {
        "defaultedgetype": "directed" if graph.is_directed() else "undirected",
        "mode": "dynamic", "timeformat": "date"})
    for domain, kinds in (("node", node_kinds), ("edge", edge_kinds)):
        declared = ET.SubElement(body, "attributes", {"class": domain, "mode": "static"})
        for name, kind in kinds.items():
            ET.SubElement(declared, "attribute", {"id": nmtoken(name), "title": xml_text(name),
                                                  "type": GEXF_TYPES[kind]})
    nodes = ET.SubElement(body, "nodes")
    for node, data in graph.nodes(data=True):
        element = ET.SubElement(nodes, "node", {"id": nmtoken(node),
                                                "label": xml_text(data.get("label", node))})
        _add_time(element, node_times.get(node))
        _add_values(element, data, node_kinds)
        _add_viz(element, data)
    edges = ET.SubElement(body, "edges")
    for u, v, key, data in edges_with_keys(graph):
        attributes = {"id": edge_id(graph, u, v, key), "source": nmtoken(u),
                      "target": nmtoken(v)}
        if "label" in data:
            attributes["label"] = xml_text(data["label"])
        if "weight" in data:
            attributes["weight"] = format_value(float(data["weight"]))
        element = ET.SubElement(edges, "edge", attributes)
        _add_time(element, edge_times.get((u, v, key)))
        _add_values(element, data, edge_kinds)
    check_unique_ids(nodes)
    check_unique_ids(edges)
    ET.indent(root, space="  ")
    return ET.ElementTree(root)


def _add_time(element: ET.Element, intervals: list[Interval] | None) -> None:
    if not intervals:
        return
    if len(intervals) == 1:
        element.set("start", intervals[0][0])
        element.set("end", intervals[0][1])
        return
    spells = ET.SubElement(element, "spells")
    for start, end in intervals:
        ET.SubElement(spells, "spell", {"start": start, "end": end})


def _add_values(element: ET.Element, data: dict, kinds: dict[str, str]) -> None:
    values = [(name, value) for name, value in data.items() if name in kinds]
    if values:
        attvalues = ET.SubElement(element, "attvalues")
        for name, value in values:
            ET.SubElement(attvalues, "attvalue", {"for": nmtoken(name),
                                                  "value": xml_text(format_value(value))})


def _add_viz(element: ET.Element, data: dict) -> None:
    if {"r", "g", "b"} <= data.keys():
        ET.SubElement(element, "viz:color", {c: str(int(data[c])) for c in "rgb"})
    if {"x", "y"} <= data.keys():
        ET.SubElement(element, "viz:position", {"x": format_value(float(data["x"])),
                                                "y": format_value(float(data["y"])),
                                                "z": "0.0"})
    if "size" in data:
        ET.SubElement(element, "viz:size", {"value": format_value(float(data["size"]))})


def write_gexf(graph: nx.Graph, path: Path, *, store=None, projection: str = "",
               filters=None) -> None:
    """Write `graph` (a projection) as dynamic GEXF 1.3; meeting dates come from its meeting
    nodes and, for projections without them, from `store`."""
    tree = gexf_tree(ready_for_export(graph), store)
    with atomic_output(Path(path)) as handle:
        tree.write(handle, encoding="utf-8", xml_declaration=True)
        handle.write(b"\n")


__all__ = ["write_gexf", "gexf_tree", "merge_intervals", "time_intervals"]
