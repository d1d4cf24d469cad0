"""A readable table of query solutions for the terminal, IRIs shown as labels in one language.

Parameter columns (?_actor, ...) are left out: they repeat the same value on every row.

Data never reaches the terminal raw: control characters in a value (an escape sequence
that would retitle the window or clear the screen) are shown as symbols, ESC as ␛ and
so on (kg/characters.py). Rows stream: column widths are set by the first SIZING_ROWS
rows, and a later cell wider than its column is printed whole, pushing its row right.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from itertools import chain, islice

import pyoxigraph as ox

from kg.characters import visible
from kg.namespaces import PREFIXES
from kg.query.params import compact

SIZING_ROWS = 1000

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
    return visible(_text(term, names))


def _text(term, names: dict[str, str] | None) -> str:
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


def render_lines(solutions: ox.QuerySolutions, names: dict[str, str] | None,
                 max_width: int = 60) -> Iterator[str]:
    """The table line by line, holding at most SIZING_ROWS rows in memory."""
    variables = [v.value for v in solutions.variables if not v.value.startswith("_")]
    # The same terms recur row after row; a bounded cache keeps long tables fast.
    shown = lru_cache(maxsize=65_536)(lambda term: _clip(cell(term, names), max_width))
    rows = ([shown(solution[v]) for v in variables] for solution in solutions)
    first = list(islice(rows, SIZING_ROWS))
    widths = [max([len(v), *(len(r[i]) for r in first)]) for i, v in enumerate(variables)]
    yield " | ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()
    yield "-+-".join("-" * w for w in widths)
    count = 0
    for row in chain(first, rows):
        count += 1
        yield " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
    yield f"({count} row{'' if count == 1 else 's'})"


def _clip(text: str, width: int) -> str:
    return text if not width or len(text) <= width else text[: width - 1] + "…"
