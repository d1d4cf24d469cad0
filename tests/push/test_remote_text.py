"""How a query is prepared for a remote endpoint: parameters as terms, never as text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.query.remote_text import QueryText, drop_unbound_comparisons, prepare

HOSTILE = 'x" ) } ; DROP ALL ; # \n \\ {'


@pytest.mark.parametrize("value", [HOSTILE, "Лавров", "a'b", "}"])
def test_a_hostile_string_parameter_stays_one_literal(value):
    text, _ = prepare('SELECT ?_name ?x WHERE { BIND(STRLEN(?_name) AS ?x) }', {},
                      {ox.Variable("_name"): ox.Literal(value)})
    [row] = list(ox.Store().query(text))
    assert row["_name"].value == value
    assert int(row["x"].value) == len(value)


def test_values_go_into_the_where_group_not_a_brace_in_a_comment_or_string():
    query = ('# a comment with { braces }\nSELECT ?_a (" { " AS ?s) ?o\nWHERE {\n'
             '  <http://e/s> ?p ?o FILTER(?o != ?_a) }')
    text, _ = prepare(query, {}, {ox.Variable("_a"): ox.NamedNode("http://e/x")})
    assert text.index("VALUES") > text.index("WHERE {")
    assert "FILTER(?o != <http://e/x>)" in text
    ox.Store().query(text)  # valid SPARQL


def test_construct_gets_its_values_in_the_pattern_not_the_template():
    query = "CONSTRUCT { ?_a ?p ?o } WHERE { ?_a ?p ?o }"
    text, parsed = prepare(query, {}, {ox.Variable("_a"): ox.NamedNode("http://e/a")})
    assert text.startswith("CONSTRUCT { ?_a ?p ?o } WHERE { VALUES")
    assert parsed.form == "CONSTRUCT"


def test_prefixes_the_query_declares_are_not_declared_twice():
    text, _ = prepare("PREFIX kg: <http://other/>\nSELECT * WHERE { ?s kg:p ?o }",
                      {"kg": "http://kg/", "rdfs": "http://rdfs/"})
    assert text.count("PREFIX kg:") == 1 and "PREFIX rdfs: <http://rdfs/>" in text


def test_comparison_with_an_unbound_parameter_is_dropped_from_coalesce():
    text = "FILTER(COALESCE(?c = ?_c, true)) FILTER(COALESCE(?s >= ?_from, ?_x = 1 || 2))"
    assert drop_unbound_comparisons(text, {"_c"}) == \
        "FILTER(COALESCE(?c = ?_c, true)) FILTER(COALESCE(?_x = 1 || 2))"


def test_top_level_reading_ignores_nested_keywords():
    parsed = QueryText("SELECT ?x WHERE { { SELECT ?x WHERE { ?x ?p ?o } LIMIT 3 } }")
    assert not parsed.has("LIMIT")
    assert QueryText("SELECT ?x WHERE { ?x ?p ?o } ORDER BY ?x LIMIT 3").has("LIMIT")


def test_a_parameter_a_subquery_projects_is_bound_inside_it_too():
    # A sub-SELECT is evaluated before the join: unbound inside, it computes every
    # actor's answer (ego-network ran for minutes on Virtuoso at 1,000 articles).
    query = ("SELECT ?_a ?s WHERE { { SELECT DISTINCT ?_a ?s WHERE { ?m <http://e/p> ?_a, ?s } }"
             " { SELECT ?t WHERE { ?t ?p ?o } } }")
    text, _ = prepare(query, {}, {ox.Variable("_a"): ox.NamedNode("http://e/x")})
    assert text.count("VALUES (?_a)") == 2
    assert "SELECT ?t WHERE { ?t" in text  # a sub-SELECT without the parameter: unchanged
    ox.Store().query(text)
