"""Projections: named views of the store as networkx graphs, shared by the Gephi exports
(GraphML, GEXF) and the HTML viewer.

Each projection is a named SPARQL query (kg/projections/queries/<name>.rq) plus a function
that turns its rows into a graph. Node ids are compact IRIs (`actor:sergei-lavrov`,
`meeting:2023-09-17-istanbul-talks`); every attribute is a plain str, int or float, never
None or a list, so that any writer can take the graph as it is.

    >>> from kg.projections import Filters, project
    >>> graph = project(open_store(), "co-participation", Filters(min_weight=2))

Layout and statistics (x, y, degree, weighted_degree, betweenness) are added by
`kg.projections.layout.add_layout_and_statistics`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import pyoxigraph as ox

from kg.errors import KgError
from kg.projections.filters import ACTOR_TYPES, ALL, ALL_STATUSES, Filters
from kg.projections.graphs import (
    actor_meeting_graph,
    actor_organisation_graph,
    co_participation_graph,
)
from kg.projections.layout import TYPE_COLOURS, add_layout_and_statistics
from kg.projections.records import query_text


@dataclass(frozen=True)
class Projection:
    name: str
    description: str
    build: Callable[[ox.Store, Filters], nx.Graph]

    @property
    def query(self) -> str:
        """The projection's SPARQL, without PREFIX lines (see kg.namespaces.sparql_prologue)."""
        return query_text(self.name)


PROJECTIONS: dict[str, Projection] = {
    "actor-meeting": Projection(
        "actor-meeting",
        "actors and meetings (bipartite), an edge per participation labelled by role",
        actor_meeting_graph),
    "co-participation": Projection(
        "co-participation",
        "actor–actor, weighted by the number of meetings both took part in",
        co_participation_graph),
    "actor-organisation": Projection(
        "actor-organisation",
        "actor → organisation or state: member, part of, post in, on behalf of",
        actor_organisation_graph),
}

# The node types a projection can contain, with their colours (see layout.TYPE_COLOURS).
NODE_TYPES: tuple[str, ...] = tuple(TYPE_COLOURS)


DEFAULT_FILTERS = Filters()


def project(store: ox.Store, name: str, filters: Filters = DEFAULT_FILTERS) -> nx.Graph:
    """The projection `name` of `store`, restricted by `filters`."""
    if name not in PROJECTIONS:
        raise KgError(f"unknown projection {name!r} (known: {', '.join(PROJECTIONS)})")
    return PROJECTIONS[name].build(store, filters.check())


__all__ = ["ACTOR_TYPES", "ALL", "ALL_STATUSES", "DEFAULT_FILTERS", "Filters", "NODE_TYPES",
           "PROJECTIONS", "Projection", "TYPE_COLOURS", "add_layout_and_statistics", "project"]
