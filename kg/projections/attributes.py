"""The attribute table of a graph, as the file formats need it: one name, one type.

Projections promise plain str, int and float values. The writers declare a typed key for
each attribute name, so a name must have one type across all nodes (or edges); this is
where a broken promise is caught, before a file is half written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import networkx as nx

from kg.export.xmlsafe import nmtoken
from kg.projections.layout import add_layout_and_statistics
from kg.projections.records import Meeting, load_meetings

STRING, INTEGER, DOUBLE, BOOLEAN = "string", "integer", "double", "boolean"


def _kind(value: object) -> str:
    if isinstance(value, bool):
        return BOOLEAN
    if isinstance(value, int):
        return INTEGER
    if isinstance(value, float):
        return DOUBLE
    if isinstance(value, str):
        return STRING
    raise TypeError(f"attribute value {value!r} is a {type(value).__name__}; "
                    f"graph exports take only str, int, float and bool")


def attribute_kinds(items: Iterable[Mapping[str, object]]) -> dict[str, str]:
    """Each attribute name and its type, in first-seen order; an int attribute with a float
    anywhere becomes double, any other mix is an error."""
    kinds: dict[str, str] = {}
    for data in items:
        for name, value in data.items():
            kind = _kind(value)
            seen = kinds.setdefault(name, kind)
            if seen == kind:
                continue
            if {seen, kind} == {INTEGER, DOUBLE}:
                kinds[name] = DOUBLE
            else:
                raise TypeError(f"attribute {name!r} mixes {seen} and {kind} values")
    return kinds


def format_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)  # shortest round-trip form, the same on every platform
    return str(value)


# Attribute names the file formats reserve. GEXF gives `start` and `end` on a node or an
# edge the meaning "visible from, until" (its timeline), so networkx's GEXF reader turned a
# meeting's `start`/`end` dates into time and graphology's kept them and dropped the
# spells. In the files they are `date_start`/`date_end`; projections (and the viewer,
# which reads them) keep the short names.
EXPORT_NAMES = {"start": "date_start", "end": "date_end"}


def export_name(name: str) -> str:
    return EXPORT_NAMES.get(name, name)


def ready_for_export(graph: nx.Graph) -> nx.Graph:
    """A copy with positions, statistics and colours, computed unless already there, and
    attribute names the formats reserve renamed (EXPORT_NAMES)."""
    graph = graph.copy()
    if graph.number_of_nodes() and not all("x" in d for _, d in graph.nodes(data=True)):
        add_layout_and_statistics(graph)
    for *_, data in [*graph.nodes(data=True), *edges_with_keys(graph)]:
        if EXPORT_NAMES.keys() & data.keys():
            renamed = {export_name(name): value for name, value in data.items()}
            data.clear()
            data.update(renamed)
    return graph


def edge_id(graph: nx.Graph, u: str, v: str, key: object = None) -> str:
    """A stable edge id that is a valid xs:NMTOKEN (GraphML's type for ids) and still reads
    as what it is: `actor:a--actor:b`, or `actor:a--post--actor:b` for the relation `post`
    in a multigraph. Any character an NMTOKEN cannot hold is escaped (kg.export.xmlsafe);
    the edge's `label` and its source and target say the rest in words."""
    parts = [u, key, v] if graph.is_multigraph() else [u, v]
    return "--".join(nmtoken(part) for part in parts)


def all_meetings(store) -> dict[str, Meeting]:
    """Every meeting in the store, whatever the filters, for their dates."""
    from kg.projections.filters import ALL_STATUSES, Filters

    return load_meetings(store, Filters(statuses=ALL_STATUSES))


def edges_with_keys(graph: nx.Graph):
    """(u, v, key, data) for every edge; key is None unless the graph is a multigraph."""
    if graph.is_multigraph():
        yield from graph.edges(keys=True, data=True)
    else:
        for u, v, data in graph.edges(data=True):
            yield u, v, None, data
