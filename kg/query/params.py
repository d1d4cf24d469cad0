"""Binding library-query parameters as RDF terms: `lavrov` becomes actor:sergei-lavrov.

Values are resolved against the store (names and spellings in every language, ids, concept
labels) and handed to Oxigraph as terms through `substitutions=`; nothing the user types is
ever pasted into query text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Mapping

import pyoxigraph as ox

from kg.characters import invisible_difference
from kg.errors import KgError
from kg.namespaces import ACCOUNT, CONCEPT, PREFIXES, XSD, prefixed_name
from kg.query.library import LibraryQuery, Parameter

# Which resources a resolving type looks among: a SPARQL pattern binding ?x (the resource)
# and ?label (any of its names), run over the union of graphs.
_CANDIDATES = {
    "actor": "GRAPH kgg:registry { ?x a ?class } "
             "GRAPH kgg:ontology { ?class rdfs:subClassOf* kg:Actor }",
    "state": "GRAPH kgg:registry { ?x a kg:State }",
    "place": "GRAPH kgg:registry { ?x a kg:Place }",
    "meeting": "?x a kg:Meeting",
    "article": "?x a kg:Article ; kg:documentId ?id",
    "status": f"?x skos:inScheme <{CONCEPT}status>",
    "cameo": f"?x skos:inScheme <{CONCEPT}cameo>",
    "stance": f"?x skos:inScheme <{CONCEPT}stance>",
}
_LABELS = "OPTIONAL { ?x skos:prefLabel|skos:altLabel|rdfs:label ?label }"
_LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{1,8})*$")

TYPES = sorted([*_CANDIDATES, "date", "lang", "string", "integer", "iri"])


def normalise(name: str) -> str:
    """Case, accents and punctuation folded away: "Çavuşoğlu" and "cavusoglu" compare equal."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", letters).split())


class Resolver:
    """Turns the strings a user typed into terms, looking names up in one store."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._candidates: dict[str, list[tuple[ox.NamedNode, str, list[str]]]] = {}

    def term(self, param: Parameter, value: str):
        kind = param.type
        if kind in _CANDIDATES:
            return self._lookup(param, value)
        if kind == "date":
            try:
                return ox.Literal(dt.date.fromisoformat(value).isoformat(), datatype=XSD.date)
            except ValueError:
                raise KgError(f"{param.name}={value}: not a date (write YYYY-MM-DD)") from None
        if kind == "lang":
            if not _LANG_TAG.match(value):
                raise KgError(f"{param.name}={value}: not a language tag such as en or ru")
            return ox.Literal(value.lower())
        if kind == "integer":
            try:
                return ox.Literal(str(int(value)), datatype=XSD.integer)
            except ValueError:
                raise KgError(f"{param.name}={value}: not a whole number") from None
        if kind == "iri":
            return iri_term(value, param.name)
        if kind == "string":
            return ox.Literal(value)
        raise KgError(f"parameter ?_{param.name} has unknown type {kind!r} "
                      f"(one of {', '.join(TYPES)})")

    def _lookup(self, param: Parameter, value: str) -> ox.NamedNode:
        candidates = self._load(param.type)
        wanted, key = value.strip(), normalise(value)
        tiers = (
            # An id, as in the IRI (sergei-lavrov, 2023-09-17-istanbul-talks, 041) ...
            lambda local, labels: wanted == local,
            # ... a whole name or spelling in any language (Лавров, Cavusoglu) ...
            lambda local, labels: key == normalise(local) or key in map(normalise, labels),
            # ... or every word of it inside one name ("lavrov" in "Sergei Lavrov").
            lambda local, labels: bool(key) and any(
                _contains_words(normalise(label), key) for label in [local, *labels]),
        )
        for matches in tiers:
            found = sorted({iri for iri, local, labels in candidates if matches(local, labels)},
                           key=str)
            if len(found) == 1:
                return found[0]
            if found:
                listed = ", ".join(f"{self._short(iri)} ({self._name(iri, candidates)})"
                                   for iri in found[:6])
                more = f" and {len(found) - 6} more" if len(found) > 6 else ""
                raise KgError(f"{param.name}={value} is ambiguous: it matches {listed}{more}; "
                              f"give the id instead")
        names = [label for _, local, labels in candidates for label in [local, *labels]]
        close = difflib.get_close_matches(value, names, n=3)
        hint = f" (did you mean {', '.join(repr(c) for c in close)}?" \
            f"{invisible_difference(value, close[0])})" if close else ""
        raise KgError(f"{param.name}={value}: no {param.type} has this id or name{hint}")

    def _load(self, kind: str):
        if kind not in self._candidates:
            query = f"SELECT ?x ?label ?id WHERE {{ {_CANDIDATES[kind]} {_LABELS} }}"
            rows: dict[ox.NamedNode, tuple[str, list[str]]] = {}
            for row in self.store.query(query, prefixes=PREFIXES, use_default_graph_as_union=True):
                iri = row["x"]
                local = row["id"].value if row["id"] is not None else _local(iri.value)
                labels = rows.setdefault(iri, (local, []))[1]
                if row["label"] is not None:
                    labels.append(row["label"].value)
            self._candidates[kind] = [(iri, local, sorted(set(labels)))
                                      for iri, (local, labels) in rows.items()]
        return self._candidates[kind]

    @staticmethod
    def _short(iri: ox.NamedNode) -> str:
        return compact(iri.value)

    @staticmethod
    def _name(iri, candidates) -> str:
        return next((labels[0] if labels else local)
                    for i, local, labels in candidates if i == iri)


def _contains_words(label: str, key: str) -> bool:
    words = label.split()
    return all(w in words for w in key.split())


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def compact(iri: str) -> str:
    """The prefixed name of an IRI (actor:sergei-lavrov), or <iri> where no prefix fits or
    the rest would not parse as a SPARQL local name."""
    name = prefixed_name(iri)
    if name and re.fullmatch(r"[\w.-]*", name.split(":", 1)[1]):
        return name
    return f"<{iri}>"


def iri_term(value: str, name: str = "iri") -> ox.NamedNode:
    """`<https://...>`, `actor:sergei-lavrov` or a bare absolute IRI, as a NamedNode."""
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    elif ":" in text and text.split(":", 1)[0] in PREFIXES:
        prefix, local = text.split(":", 1)
        text = PREFIXES[prefix] + local
    try:
        if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", text):
            raise ValueError("not absolute")
        return ox.NamedNode(text)
    except ValueError:
        raise KgError(f"{name}={value}: not an IRI or a known prefixed name") from None


def account_graph(value: str) -> ox.NamedNode:
    """An article's account graph from its document id, a unique id prefix, or its IRI."""
    if value.startswith(("<", "http")) or value.split(":", 1)[0] in PREFIXES:
        return iri_term(value, "graph")
    try:
        return ACCOUNT[value]
    except ValueError:  # a space, ">" or a control character cannot be in an IRI
        raise KgError(f"graph={value}: not a document id (letters, digits, '_', '.', '-') "
                      "or a graph IRI") from None


def bind(query: LibraryQuery | None, values: Mapping[str, str],
         resolver: Resolver) -> dict[ox.Variable, object]:
    """Substitutions for a query: each given value resolved, defaults filled in, and a clear
    error for a missing, unknown or unresolvable parameter."""
    params = {p.name: p for p in query.params} if query is not None else {}
    subs: dict[ox.Variable, object] = {}
    for name, value in values.items():
        param = params.get(name)
        if param is None:
            if query is not None:
                known = ", ".join(params) or "none"
                raise KgError(f"query {query.name!r} has no parameter {name!r} (it has: {known})")
            param = Parameter(name, "iri" if _looks_like_iri(value) else "string", "")
        subs[ox.Variable(param.variable)] = resolver.term(param, value)
    for param in params.values():
        if ox.Variable(param.variable) in subs:
            continue
        if param.default is not None:
            subs[ox.Variable(param.variable)] = resolver.term(param, param.default)
        elif param.required:
            raise KgError(f"query {query.name!r} needs {param.name}=... ({param.doc})")
    return subs


def _looks_like_iri(value: str) -> bool:
    return (value.startswith("<") and value.endswith(">")) or (
        ":" in value and value.split(":", 1)[0] in PREFIXES)


def values_from_args(query: LibraryQuery | None, args: list[str]) -> dict[str, str]:
    """`name=value` arguments by name, bare ones to the parameters in their declared order:
    `meetings-of lavrov from=2020-10-01` gives {actor: lavrov, from: 2020-10-01}."""
    named = dict(arg.split("=", 1) for arg in args if _is_named(arg))
    bare = [arg for arg in args if not _is_named(arg)]
    free = [p.name for p in (query.params if query else ()) if p.name not in named]
    if len(bare) > len(free):
        extra = " ".join(bare[len(free):])
        raise KgError(f"too many values: {extra!r} (name them, as name=value)" if query
                      else f"{extra!r}: give parameters as name=value")
    return {**dict(zip(free, bare, strict=False)), **named}


def _is_named(arg: str) -> bool:
    return re.match(r"^\w+=", arg) is not None


__all__ = ["Resolver", "TYPES", "account_graph", "bind", "compact", "iri_term", "normalise",
           "values_from_args"]
