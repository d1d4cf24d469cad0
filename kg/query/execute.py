"""Running SPARQL on the built store with Oxigraph's engine, over the right dataset.

A query that names no dataset runs over the union of every graph: all the articles'
accounts together with the registry and the ontology, so names and concept labels are
always at hand. FROM / FROM NAMED, or the protocol's graph parameters, replace it
(kg.query.dataset). Limiting a query to one article (`graph=`) keeps that article's
account plus the registry and the ontology: what this one source says, with the shared
reference data it needs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pyoxigraph as ox

from kg.errors import KgError, Problem
from kg.namespaces import ACCOUNT, ONTOLOGY_GRAPH, PREFIXES, REGISTRY_GRAPH
from kg.query.dataset import Dataset, query_dataset, with_using
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
    """Keyword arguments for run_query choosing the dataset.

    `default_graphs` and `named_graphs` are the SPARQL Protocol's default-graph-uri and
    named-graph-uri, which win over the query's FROM clauses; without them, `graph` picks
    one article; without that, the query's own FROM / FROM NAMED, or else the union.
    """
    if default_graphs or named_graphs:
        return {"dataset": Dataset.from_iris(default_graphs, named_graphs)}
    if graph:
        account = resolve_account(store, graph)
        graphs = [account, REGISTRY_GRAPH, ONTOLOGY_GRAPH]
        return {"default_graph": graphs, "named_graphs": graphs}
    return {}


def run_query(store: ox.Store, sparql: str, *,
              substitutions: Mapping[ox.Variable, object] | None = None,
              source: str = "query", services: ServicePolicy = NO_SERVICE,
              dataset: Dataset | None = None, disjoint_graphs: bool = False, **options):
    """Run one query; the project's prefixes (actor:, kg:, ...) need no PREFIX lines.

    The dataset is `dataset` if given, else pyoxigraph's own keywords in `options`
    (default_graph=, named_graphs=, use_default_graph_as_union=), else the one the query
    names with FROM / FROM NAMED, else the union of every graph (kg.query.dataset).
    `disjoint_graphs` promises that the graphs FROM names share no triple (true of the
    library's own queries), which lets Oxigraph merge them in place.

    Returns pyoxigraph's QuerySolutions, QueryBoolean or QueryTriples. A syntax error
    becomes a KgError naming `source` and the parser's line:column. SERVICE is refused
    unless `services` allows it (kg.query.guard): no outbound request by default.
    """
    check_outbound(sparql, services, source=source)
    if dataset is None and not options:
        dataset = query_dataset(sparql)
        if dataset is None:
            options = {"use_default_graph_as_union": True}
    target = store
    if dataset is not None:
        target, options = dataset.evaluation(store, disjoint=disjoint_graphs)
    try:
        return target.query(sparql, prefixes=PREFIXES, substitutions=dict(substitutions or {}),
                            **options)
    except SyntaxError as exc:
        raise KgError(Problem(source, None, f"SPARQL syntax error: {exc}")) from None
    except RuntimeError as exc:  # e.g. a parameter the query does not project
        raise KgError(Problem(source, None, str(exc))) from None


def run_update(store: ox.Store, sparql: str, source: str = "update", *,
               using: Sequence[str] = (), using_named: Sequence[str] = (),
               services: ServicePolicy = NO_SERVICE) -> None:
    """Run an update; `using` and `using_named` are the Protocol's using-graph-uri and
    using-named-graph-uri, the dataset of its DELETE/INSERT ... WHERE operations."""
    check_outbound(sparql, services, source=source, kind="update")
    sparql = with_using(sparql, using, using_named)
    try:
        store.update(sparql, prefixes=PREFIXES)
    except SyntaxError as exc:
        raise KgError(Problem(source, None, f"SPARQL syntax error: {exc}")) from None
