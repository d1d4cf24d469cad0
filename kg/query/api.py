"""`kg.open_store()`: the built store for notebooks and scripts, with the query library.

    >>> import kg
    >>> store = kg.open_store()
    >>> rows = store.rows("SELECT ?m WHERE { ?m kg:participant actor:sergei-lavrov }")
    >>> solutions = store.run("meetings-of", actor="Лавров", **{"from": "2020-10-01"})
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.query.execute import dataset_options, run_query
from kg.query.library import QueryLibrary
from kg.query.params import Resolver, bind
from kg.store import open_store as open_raw_store


def library_dataset(store: ox.Store, graph: str | None = None) -> dict:
    """The dataset a library query runs on.

    Each library file names its own dataset, so that it gives the same answer in any SPARQL
    engine: the reconciled view through FROM kgg:reconciled (plus the registry or ontology
    where it needs names), or explicit GRAPH patterns over the article accounts. So kg
    passes no dataset of its own (the store's union default would override FROM). `graph`
    (a document id) replaces the query's dataset with that article's account, as the
    protocol's default-graph-uri replaces FROM: the same question asked of one source.
    """
    return dataset_options(store, graph) if graph else {"disjoint_graphs": True}


class KgStore:
    """The read-only store, queried over the union of its graphs by default.

    `raw` is the pyoxigraph Store itself, for anything this class does not cover.
    """

    def __init__(self, store: ox.Store, library: QueryLibrary | None = None):
        self.raw = store
        self._library = library
        self._resolver = Resolver(store)

    @property
    def library(self) -> QueryLibrary:
        """The named queries of queries/: `store.library.names()`, `store.library["timeline"]`."""
        if self._library is None:
            self._library = QueryLibrary()
        return self._library

    def query(self, sparql: str, graph: str | None = None, *, params: dict | None = None,
              **options):
        """Run SPARQL; the project's prefixes are predefined.

        `graph` limits it to one article's account (a document id) plus the registry and the
        ontology; the default is the union of all graphs. `params` binds ?_name variables,
        e.g. {"actor": "actor:sergei-lavrov"}. Other keywords go to pyoxigraph's
        Store.query (default_graph=, named_graphs=, use_default_graph_as_union=).
        """
        dataset = options or dataset_options(self.raw, graph)
        subs = bind(None, params or {}, self._resolver)
        return run_query(self.raw, sparql, substitutions=subs, **dataset)

    def run(self, name: str, /, graph: str | None = None, **params: str):
        """Run a library query by name on the dataset it names (the reconciled view, or the
        accounts), or on one article's account with `graph`; parameters as the `kg query`
        command line takes them: `store.run("meetings-of", actor="lavrov")`."""
        entry = self.library[name]
        subs = bind(entry, params, self._resolver)
        return run_query(self.raw, entry.text, substitutions=subs, source=entry.name,
                         **library_dataset(self.raw, graph))

    def __getattr__(self, name: str):
        # Everything else is the pyoxigraph Store's (len(), quads_for_pattern, named_graphs),
        # so code written for the raw store keeps working with this one.
        return getattr(self.raw, name)

    def __len__(self) -> int:
        return len(self.raw)

    def rows(self, sparql_or_name: str, /, graph: str | None = None, **params: str) -> list[dict]:
        """SELECT solutions as plain dicts of Python strings, for pandas and friends:
        `pd.DataFrame(store.rows("timeline"))`. Takes a library query name or SPARQL."""
        if sparql_or_name in self.library:
            result = self.run(sparql_or_name, graph, **params)
        else:
            result = self.query(sparql_or_name, graph, params=params or None)
        names = [v.value for v in result.variables]
        return [{n: (s[n].value if s[n] is not None else None) for n in names} for s in result]


def open_store(path: Path | str | None = None, *, endpoint: str | None = None,
               user: str | None = None) -> KgStore:
    """The built store (`.kg/store`, or $KG_STORE), read-only, ready to query.

    With `endpoint=` (a SPARQL 1.1 Protocol URL, e.g. Virtuoso's http://HOST:8890/sparql),
    the same library and calls run on that server instead (kg.query.remote); `user` with
    $KG_PUSH_PASSWORD or ~/.netrc, if the endpoint wants a password."""
    if endpoint is not None:
        from kg.push.http import credentials
        from kg.query.remote import RemoteStore

        return KgStore(RemoteStore(endpoint, credentials(endpoint, user) if user else None))
    return KgStore(open_raw_store(path))
