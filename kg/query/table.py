"""A readable table of query solutions for the terminal, IRIs shown as labels in one language.

Parameter columns (?_actor, ...) are left out: they repeat the same value on every row.
"""

from __future__ import annotations

import pyoxigraph as ox

from kg.namespaces import PREFIXES
from kg.query.params import compact

_LABELS = """
SELECT ?x ?label ?kind WHERE {
  { ?x skos:prefLabel ?label BIND(1 AS ?kind) } UNION { ?x rdfs:label ?label BIND(2 AS ?kind) }
}"""


def labels(store: ox.Store, lang: str) -> dict[str, str]:
    """IRI -> label: the preferred label in `lang`, else rdfs:label in `lang`, else English."""
    ranked: dict[str, tuple[int, str]] = {}
    for row in store.query(_LABELS, prefixes=PREFIXES, use_default_graph_as_union=True):
        label = row["label"]
        tag = (label.language or "").split("-")[0]
        rank = (0 if tag == lang else 2 if tag == "en" else 4) + int(row["kind"].value)
        iri = row["x"].value
        if iri not in ranked or rank < ranked[iri][0]:
            ranked[iri] = (rank, label.value)
    return {iri: label for iri, (_, label) in ranked.items()}


def cell(term, names: dict[str, str] | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return names.get(term.value) or compact(term.value) if names is not None \
            else compact(term.value)
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        return " ".join(term.value.split())  # one line per row
    return str(term)


def render(solutions: ox.QuerySolutions, names: dict[str, str] | None,
           max_width: int = 60) -> str:
    variables = [v.value for v in solutions.variables if not v.value.startswith("_")]
    rows = [[cell(solution[v], names) for v in variables] for solution in solutions]
    if max_width:
        rows = [[_clip(c, max_width) for c in row] for row in rows]
    widths = [max([len(v), *(len(r[i]) for r in rows)]) for i, v in enumerate(variables)]
    lines = [" | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip(),
             "-+-".join("-" * w for w in widths)]
    lines += [" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
              for r in rows]
    lines.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
