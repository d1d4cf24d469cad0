"""Comparing what a server holds, and what it answers, with the local store."""

from __future__ import annotations

import re
import shlex

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from kg.query import KgStore
from kg.query.library import LibraryQuery


def local_graphs(store: ox.Store) -> dict[str, set[ox.Triple]]:
    graphs: dict[str, set[ox.Triple]] = {}
    for quad in store:
        if isinstance(quad.graph_name, ox.NamedNode):
            graphs.setdefault(quad.graph_name.value, set()).add(quad.triple)
    return graphs


def same_graph(local: set[ox.Triple], served: bytes) -> bool:
    """Equal up to blank node labels (the server relabels them)."""
    theirs = {q.triple for q in ox.parse(served, format=ox.RdfFormat.N_TRIPLES)}
    if not any(isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
               for t in local | theirs):
        return local == theirs
    return isomorphic(_rdflib(local), _rdflib(theirs))


def _rdflib(triples) -> rdflib.Graph:
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


def assert_server_holds(virtuoso, store: ox.Store, full: bool | set[str] = True) -> None:
    """The server's project graphs are exactly the store's: the same graphs, the same
    size each, and (all of them, or the ones named in `full`) the same triples."""
    local = local_graphs(store)
    served = virtuoso.graph_sizes()
    assert set(served) == set(local), (
        f"only on the server: {sorted(set(served) - set(local))[:5]}; "
        f"only local: {sorted(set(local) - set(served))[:5]}")
    wrong = {g: (served[g], len(t)) for g, t in local.items() if served[g] != len(t)}
    assert not wrong, f"graphs whose size differs (server, local): {wrong}"
    for iri in sorted(local if full is True else full or ()):
        assert same_graph(local[iri], virtuoso.graph_ntriples(iri)), f"<{iri}> differs"


# -- the query library, run on both ------------------------------------------------------

_CONCAT = re.compile(r'GROUP_CONCAT\s*\(.*?separator\s*=\s*"([^"]*)"\s*\)\s*AS\s+\?(\w+)',
                     re.IGNORECASE | re.DOTALL)


def canonical(result, text: str = "") -> object:
    """Rows as sorted tuples of terms (blank nodes all alike), a boolean, or a triple set.

    GROUP_CONCAT joins its values in whatever order the engine meets them (SPARQL leaves
    it open): a column built by one, in the query `text`, is compared as the sorted list
    of its parts."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        joined = {var: sep for sep, var in _CONCAT.findall(text)}
        return sorted(tuple(_term(row[n], joined.get(n)) for n in names) for row in result)
    return sorted({tuple(_term(x) for x in (t.subject, t.predicate, t.object))
                   for t in result})


def _term(term, separator: str | None = None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:b"
    if separator and isinstance(term, ox.Literal):
        return separator.join(sorted(term.value.split(separator)))
    return str(term)


def example_params(entry: LibraryQuery) -> list[dict[str, str]]:
    """The parameter sets of the query's own examples (`kg query NAME a b x=y`)."""
    sets = []
    for example in entry.examples:
        words = [w for w in shlex.split(example)[3:] if not w.startswith("-")]
        names = [p.name for p in entry.params]
        named = dict(w.split("=", 1) for w in words if "=" in w)
        bare = [w for w in words if "=" not in w]
        free = [n for n in names if n not in named]
        sets.append({**dict(zip(free, bare, strict=False)), **named})
    return sets


def busiest(store: KgStore, entry: LibraryQuery) -> dict[str, str]:
    """Values for the query's required parameters: for each, the candidate of its type the
    graph says most about (so that the answer has rows), by its id."""
    from kg.query.params import Resolver

    if not any(p.required for p in entry.params):
        return {}
    counts = {row["o"]: int(row["n"]) for row in store.rows(
        "SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isIRI(?o)) } GROUP BY ?o")}
    resolver = Resolver(store.raw)

    def top(kind: str):
        return max(resolver._load(kind), key=lambda c: (counts.get(c[0].value, 0), c[1]))

    values = {}
    for param in entry.params:
        if not param.required:
            continue
        if param.type == "string":  # words from the busiest actor's name, in lower case
            _, _, labels = top("actor")
            values[param.name] = labels[0].split()[-1][:5].lower()
        else:
            values[param.name] = top(param.type)[1]
    return values
