"""The reconciliation stage: the article accounts in, the reconciled graph out.

Every consumer reads one value per single-valued property of a meeting or participation
from the graph `kgg:reconciled`; the accounts keep what each article said. The stage is a
pure function of the store's accounts, registry and ontology, and can be redone for just
the meetings an article touches (`meetings=`). The rules are in kg/reconcile/rules.py and
docs/reconciliation.md.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import KgError, Problem
from kg.namespaces import ONTOLOGY_GRAPH, REGISTRY_GRAPH
from kg.reconcile.accounts import meeting_accounts, read_hierarchies
from kg.reconcile.graph import reconcile_meeting


def reconcile_store(store: ox.Store, meetings: Iterable[ox.NamedNode] | None = None,
                    ) -> list[ox.Quad]:
    """The reconciled graph's quads for every meeting in the store's accounts (or only the
    given meeting IRIs), sorted: the same accounts always give the same list."""
    hierarchies = read_hierarchies(store)
    quads: set[ox.Quad] = set()
    for meeting_id, accounts in sorted(meeting_accounts(store, meetings).items()):
        quads.update(reconcile_meeting(meeting_id, accounts, hierarchies))
    return sorted(quads, key=lambda q: (str(q.subject), str(q.predicate), str(q.object)))


def load_reconciled(store: ox.Store) -> int:
    """Add the reconciled graph to a store that holds the accounts; return its size.
    The graph is checked against ontology/reconciled-shapes.ttl first: the accounts passed
    their own shapes, so a violation here is a fault of this stage, and the build stops
    before the store is swapped in rather than publish it."""
    quads = reconcile_store(store)
    problems = check_reconciled(store, quads)
    if problems:
        raise KgError([Problem("the reconciled graph", None, p.message) for p in problems])
    store.bulk_extend(quads)
    return len(quads)


def check_reconciled(store: ox.Store, quads: list[ox.Quad]) -> list[Problem]:
    """The reconciled graph's violations of its shapes (compiled SHACL, kg/shacl_compiled.py),
    with the store's ontology and registry as the base."""
    from kg.build.stream import shacl_problems
    from kg.shacl import RECONCILED_SHAPES
    from kg.shacl_compiled import Validator

    base = [q for graph in (ONTOLOGY_GRAPH, REGISTRY_GRAPH)
            for q in store.quads_for_pattern(None, None, None, graph)]
    results = Validator(base, RECONCILED_SHAPES).check_graph(quads)
    return shacl_problems(results, {}, {})


__all__ = ["reconcile_store", "load_reconciled", "check_reconciled"]
