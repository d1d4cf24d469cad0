"""Running SPARQL on the built store with Oxigraph's engine, over the right dataset.

The default dataset is the union of every graph: all the articles' accounts together with
the registry and the ontology, so names and concept labels are always at hand. Limiting a
query to one article (`graph=`) keeps that article's account plus the registry and the
ontology: what this one source says, with the shared reference data it needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from kg.errors import KgError, Problem
from kg.namespaces import ACCOUNT, ONTOLOGY_GRAPH, PREFIXES, REGISTRY_GRAPH
from kg.query.guard import NO_SERVICE, ServicePolicy, check_outbound
from kg.query.params import account_graph


def resolve_account(store: ox.Store, value: str) -> ox.NamedNode:
    """The account graph for a document id, a unique prefix of one, or the graph's IRI."""
    graph = account_graph(value)
    accounts = sorted((g for g in store.named_graphs() if isinstance(g, ox.NamedNode)
                       and g.value.startswith(str(ACCOUNT))), key=lambda g: g.value)
    if graph in accounts:
        return graph
    prefix = [g for g in accounts if g.value.startswith(graph.value)]
    if len(prefix) == 1:
        return prefix[0]
    known = ", ".join(g.value[len(str(ACCOUNT)):] for g in accounts)
    what = "is ambiguous" if prefix else "is not an article in the store"
    raise KgError(f"--graph {value} {what} (articles: {known})")


def dataset_options(store: ox.Store, graph: str | None = None,
                    default_graphs: Sequence[str] = (),
                    named_graphs: Sequence[str] = ()) -> dict:
    """Keyword arguments for Store.query choosing the dataset.

    `default_graphs` and `named_graphs` are the SPARQL Protocol's default-graph-uri and
    named-graph-uri; without them, `graph` picks one article, and without that, the union.
    """
    if default_graphs or named_graphs:
        return {"default_graph": [_graph_node(g) for g in default_graphs] or None,
                "named_graphs": [_graph_node(g) for g in named_graphs] or None}
    if graph:
        account = resolve_account(store, graph)
        graphs = [account, REGISTRY_GRAPH, ONTOLOGY_GRAPH]
        return {"default_graph": graphs, "named_graphs": graphs}
    return {"use_default_graph_as_union": True}


def _graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise KgError(f"{iri!r} is not a graph IRI") from None


def run_query(store: ox.Store, sparql: str, *,
              substitutions: Mapping[ox.Variable, object] | None = None,
              source: str = "query", services: ServicePolicy = NO_SERVICE, **dataset):
    """Run one query; the project's prefixes (actor:, kg:, ...) need no PREFIX lines.

    Returns pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples. A syntax error
    becomes a KgError naming `source` and the parser's line:column. SERVICE is refused
    unless `services` allows it (kg.query.guard): no outbound request by default.
    """
    check_outbound(sparql, services, source=source)
    try:
        return store.query(sparql, prefixes=PREFIXES, substitutions=dict(substitutions or {}),
                           **dataset)
    except SyntaxError as exc:
        raise KgError(Problem(source, None, f"SPARQL syntax error: {exc}")) from None
    except RuntimeError as exc:  # e.g. a parameter the query does not project
        raise KgError(Problem(source, None, str(exc))) from None


def run_update(store: ox.Store, sparql: str, source: str = "update",
               services: ServicePolicy = NO_SERVICE) -> None:
    check_outbound(sparql, services, source=source, kind="update")
    try:
        store.update(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise KgError(Problem(source, None, f"SPARQL syntax error: {exc}")) from None
