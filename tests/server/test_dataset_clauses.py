"""kg reads a query's FROM / FROM NAMED clauses as rdflib's SPARQL parser does.

kg.query.dataset finds the clauses with a small tokenizer and has Oxigraph resolve their
names; rdflib's parser is a full SPARQL 1.1 grammar written by other people. Generated
queries mix the clauses with everything that could be mistaken for one: the word FROM in
strings, comments, IRIs, variables and language tags, braces in strings, subqueries, and
`<` used as less-than.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.plugins.sparql import prepareQuery

from kg.namespaces import PREFIXES
from kg.query.dataset import query_dataset

EX = "http://example.org/"
PROLOGUE = f"BASE <{EX}>\nPREFIX e: <{EX}>\n"

graph_name = st.sampled_from(["a", "b", "c", "d#frag"])
# The same graph written three ways: a full IRI, a prefixed name, a relative IRI.
spelling = st.sampled_from(["full", "prefixed", "relative"])
# After a clause, possibly a comment holding what would be one (and an unbalanced brace).
comment = st.sampled_from(["", " # FROM <http://example.org/nope> {\n", " #}\n"])
clause = st.tuples(st.booleans(), graph_name, spelling, comment)
form = st.sampled_from(["SELECT *", "SELECT DISTINCT ?s (COUNT(*) AS ?from)", "ASK",
                        "CONSTRUCT { ?s ?p 'FROM <x> }' }", "DESCRIBE ?s"])
distractor = st.sampled_from([
    '?s ?p "FROM <http://example.org/nope>" .',
    '?s ?p "} FROM <http://example.org/nope> {" .',
    "?s ?p '} FROM <http://example.org/nope> {' .",
    "?s ?p '''FROM\n<http://example.org/nope> { '''  .",
    "# FROM <http://example.org/nope>\n",
    "?from ?p ?o .",
    "?s ?p 'x'@from .",
    "?s <http://example.org/FROM#x> ?o .",
    "{ SELECT ?s WHERE { ?s ?p ?o } }",
    "?s ?p ?o FILTER(?o<3 || ?o > 5)",
    "GRAPH ?g { ?s ?p ?o }",
])


def written(name: str, how: str) -> str:
    return {"full": f"<{EX}{name}>", "prefixed": f"e:{name.replace('#', '')}",
            "relative": f"<{name}>"}[how]


def resolved(name: str, how: str) -> str:
    return EX + (name.replace("#", "") if how == "prefixed" else name)


def rdflib_dataset(text: str) -> tuple[list[str], list[str]]:
    default, named = [], []
    for item in prepareQuery(text, initNs=PREFIXES).algebra.get("datasetClause") or []:
        if "default" in item:
            default.append(str(item["default"]))
        else:
            named.append(str(item["named"]))
    return list(dict.fromkeys(default)), list(dict.fromkeys(named))


@settings(max_examples=150, deadline=None)
@given(form, st.lists(clause, max_size=4), st.lists(distractor, max_size=4),
       st.sampled_from(["from", "FROM", "From"]))
def test_dataset_clauses_agree_with_rdflibs_parser(query_form, clauses, body, keyword):
    dataset = " ".join(f"{keyword} {'NAMED ' if is_named else ''}{written(name, how)}{note}"
                       for is_named, name, how, note in clauses)
    text = f"{PROLOGUE}{query_form} {dataset} WHERE {{ {' '.join(body)} }}"
    expected = rdflib_dataset(text)
    assert expected == (
        list(dict.fromkeys(resolved(n, h) for is_named, n, h, _ in clauses if not is_named)),
        list(dict.fromkeys(resolved(n, h) for is_named, n, h, _ in clauses if is_named)))
    found = query_dataset(text)
    if not clauses:
        assert found is None
    else:
        assert ([g.value for g in found.default], [g.value for g in found.named]) == expected
