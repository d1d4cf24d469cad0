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
    """Add the reconciled graph to a store that holds the accounts; return its size."""
    quads = reconcile_store(store)
    store.bulk_extend(quads)
    return len(quads)


__all__ = ["reconcile_store", "load_reconciled"]
