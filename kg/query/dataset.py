"""Which RDF dataset a query runs over: SPARQL 1.1 Query §13 and the Protocol §2.1.4, §2.2.3.

- A query that names no dataset runs over the union of every graph (the store's default).
- `FROM <g>` (or the protocol's `default-graph-uri`) replaces that union: the default
  graph is the RDF merge of the graphs named, and only the `FROM NAMED` (`named-graph-uri`)
  graphs are visible to GRAPH. Naming only named graphs leaves the default graph empty.
- The protocol's graphs win over the query's own FROM clauses (Protocol §2.1.4).

Oxigraph 0.5 honours FROM when it is not told to use the union, but its default graph made
of several graphs counts a triple once per graph that holds it (oxigraph#1919; so in
pyoxigraph 0.5.13). A merge is a set of triples, so a default graph of several graphs is
copied, each triple once, into a scratch in-memory store; the cost grows with the graphs
named, not with the store.

Updates take their dataset from the protocol's `using-graph-uri` and
`using-named-graph-uri`, written into the request as the USING clauses they stand for.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from kg.errors import KgError
from kg.namespaces import PREFIXES

# SPARQL's lexical tokens, as far as finding the top-level keywords needs: what can hide a
# keyword (comments, strings, IRIs, variables, language tags) is consumed whole.
_TOKEN = re.compile(r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
              |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$]\w+)
  | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<open>\{) | (?P<close>\})
  | (?P<word>(?:[^\W\d]|_)[\w.\-]*(?::[\w.\-:%\\]*)?|:[\w.\-:%\\]*)
  | (?P<other>\S)
""", re.VERBOSE | re.DOTALL)
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


@dataclass(frozen=True)
class Dataset:
    """An explicit dataset: the graphs merged into the default graph, and the named graphs."""

    default: tuple[ox.NamedNode, ...] = ()
    named: tuple[ox.NamedNode, ...] = ()
    as_written: bool = False  # the query's own clauses, left to Oxigraph to read

    @classmethod
    def from_iris(cls, default: Sequence[str], named: Sequence[str]) -> Dataset:
        return cls(tuple(graph_node(g) for g in default), tuple(graph_node(g) for g in named))

    def evaluation(self, store: ox.Store, disjoint: bool = False) -> tuple[ox.Store, dict]:
        """(store to query, Store.query keywords) that give this dataset.

        The keywords override whatever FROM clauses the query text has, so the scratch
        store needs none of the original graph names for its default graph. `disjoint`
        says the caller knows the default graphs share no triple (the library's graphs:
        registry, ontology and reconciled view describe different subjects), so Oxigraph's
        own merge is exact and the copy, which costs time in proportion to the graphs'
        size on every query, is skipped.
        """
        if self.as_written:
            return store, {}
        if len(self.default) <= 1 or disjoint:
            return store, {"default_graph": list(self.default), "named_graphs": list(self.named)}
        scratch = ox.Store()  # in memory
        scratch.extend(ox.Quad(q.subject, q.predicate, q.object)  # same triple, stored once
                       for graph in self.default
                       for q in store.quads_for_pattern(None, None, None, graph))
        scratch.extend(q for graph in self.named
                       for q in store.quads_for_pattern(None, None, None, graph))
        return scratch, {"default_graph": ox.DefaultGraph(), "named_graphs": list(self.named)}


def graph_node(iri: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(iri)
    except ValueError:
        raise KgError(f"{iri!r} is not a graph IRI") from None


def _tokens(text: str) -> Iterator[tuple[int, int, str, str]]:
    """(brace depth, offset, kind, text) of every token outside comments."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "comment":
            continue
        if kind == "close":
            depth -= 1
        yield depth, match.start(), kind, match.group()
        if kind == "open":
            depth += 1


def _top_level_words(text: str) -> list[tuple[int, str, str]]:
    """(offset, upper-case word or '', token text) of the tokens at brace depth 0."""
    return [(offset, token.upper() if kind == "word" else "", token)
            for depth, offset, kind, token in _tokens(text) if depth == 0]


def query_dataset(text: str) -> Dataset | None:
    """The dataset the query's FROM and FROM NAMED clauses name, or None if it names none.

    Dataset clauses only occur at the top level of a query (a subquery cannot have any),
    so a FROM at brace depth 0 outside strings, IRIs and comments is one. Its graph may be
    a prefixed or relative name: Oxigraph resolves it with the query's own prologue.
    """
    words = _top_level_words(text)
    default, named, form_at = [], [], None
    for i, (offset, word, _) in enumerate(words):
        if form_at is None and word in _QUERY_FORMS:
            form_at = offset
        if word == "FROM" and i + 1 < len(words):
            is_named = words[i + 1][1] == "NAMED"
            target = words[i + 2 if is_named else i + 1:i + 3 if is_named else i + 2]
            if target:
                (named if is_named else default).append(target[0][2].rstrip("."))
    if not default and not named:
        return None
    prologue = text[:form_at or 0]
    graphs = _resolve(prologue, default + named)
    if graphs is None:  # Oxigraph reads them itself, or reports the syntax error
        return Dataset(as_written=True)
    return Dataset(tuple(dict.fromkeys(graphs[:len(default)])),
                   tuple(dict.fromkeys(graphs[len(default):])))


def without_dataset(text: str) -> str:
    """The query without its FROM / FROM NAMED clauses: what a dataset given from outside
    (the Protocol's default-graph-uri, or --graph) replaces, for a server that is sent the
    dataset as FROM lines of its own."""
    words = _top_level_words(text)
    cuts = []
    for i, (offset, word, _) in enumerate(words):
        if word == "FROM" and i + 1 < len(words):
            target = i + 2 if words[i + 1][1] == "NAMED" else i + 1
            if target < len(words):
                cuts.append((offset, words[target][0] + len(words[target][2])))
    for start, end in reversed(cuts):
        text = text[:start] + text[end:]
    return text


def _resolve(prologue: str, names: list[str]) -> list[ox.NamedNode] | None:
    """IRIs for the names as written after FROM, resolved against the query's prologue."""
    probe = (f"{prologue}\nSELECT ?g WHERE {{ VALUES (?i ?g) {{ "
             + " ".join(f"({i} {name})" for i, name in enumerate(names)) + " } } ORDER BY ?i")
    try:
        rows = ox.Store().query(probe, prefixes=PREFIXES)
        graphs = [row["g"] for row in rows]
    except (SyntaxError, RuntimeError):
        return None
    return graphs if all(isinstance(g, ox.NamedNode) for g in graphs) else None


def with_using(update: str, using: Sequence[str], using_named: Sequence[str]) -> str:
    """The update with `USING <g>` / `USING NAMED <g>` before each top-level WHERE.

    Protocol §2.2.3: these parameters give the dataset of every DELETE/INSERT operation's
    WHERE, and a request that also names one in its text (USING, USING NAMED or WITH) is an
    error. DELETE WHERE takes no USING clause, so the parameters cannot apply to it.
    """
    if not using and not using_named:
        return update
    clauses = " ".join([f"USING <{graph_node(g).value}>" for g in using]
                       + [f"USING NAMED <{graph_node(g).value}>" for g in using_named])
    words = _top_level_words(update)
    if any(word in ("USING", "WITH") for _, word, _ in words):
        raise KgError("using-graph-uri / using-named-graph-uri cannot be combined with "
                      "USING or WITH in the update itself (SPARQL Protocol §2.2.3)")
    edits = []
    for i, (offset, word, _) in enumerate(words):
        if word != "WHERE":
            continue
        if i and words[i - 1][1] == "DELETE":
            raise KgError("using-graph-uri / using-named-graph-uri cannot apply to "
                          "DELETE WHERE, which has no USING clause; write DELETE { ... } "
                          "WHERE { ... }")
        edits.append(offset)
    for offset in reversed(edits):
        update = f"{update[:offset]}{clauses} {update[offset:]}"
    return update
