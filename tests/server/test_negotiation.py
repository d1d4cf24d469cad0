"""Content negotiation, ASK's formats and the Allow header, over real HTTP to `kg serve`."""

from __future__ import annotations

import io
import json
import urllib.parse

import pytest
import rdflib
from rdflib.query import Result

from kg.server.negotiate import best_match
from tests.conftest import run_kg
from tests.server.test_protocol import http

SELECT = "SELECT ?l WHERE { actor:sergei-lavrov skos:prefLabel ?l } ORDER BY ?l"
CONSTRUCT = "CONSTRUCT WHERE { actor:sergei-lavrov skos:prefLabel ?l }"
ASK_YES = "ASK { actor:sergei-lavrov a kg:Person }"
ASK_NO = "ASK { actor:sergei-lavrov a kg:State }"


def get(server, query: str, accept: str | None):
    args = urllib.parse.urlencode({"query": query})
    return http(f"{server.sparql}?{args}", headers={"Accept": accept} if accept else {})


@pytest.mark.parametrize(("query", "accept", "served"), [
    (SELECT, "application/sparql-results+json;charset=utf-8", "application/sparql-results+json"),
    (SELECT, "text/csv; charset=utf-8", "text/csv"),
    (SELECT, 'text/tab-separated-values; charset="utf-8"; header=present',
     "text/tab-separated-values"),
    (CONSTRUCT, "text/turtle;charset=utf-8", "text/turtle"),
    (CONSTRUCT, "application/n-triples; charset=UTF-8", "application/n-triples"),
])
def test_accept_with_parameters_is_not_406(server, query, accept, served):
    status, headers, body = get(server, query, accept)
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == served


@pytest.mark.parametrize(("accept", "served"), [
    ("text/csv;q=0.5, application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+json;q=0.1, text/csv", "text/csv"),
    ("*/*;q=0.1, text/tab-separated-values", "text/tab-separated-values"),
    ("text/*;q=0.5, text/csv;q=0", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.9;charset=utf-8, */*;q=0.8",
     "application/sparql-results+xml"),
])
def test_q_values_choose_the_format(server, accept, served):
    status, headers, body = get(server, SELECT, accept)
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == served


@pytest.mark.parametrize("accept", ["application/sparql-results+json;q=0", "image/png",
                                    "text/csv;q=0, */*;q=0"])
def test_types_refused_with_q_zero_or_not_offered_are_406(server, accept):
    assert get(server, SELECT, accept)[0] == 406


def test_best_match_unit():
    offered = ["a/b", "a/c", "d/e"]
    assert best_match(None, offered) == "a/b"
    assert best_match('x/y;p="1,2", a/c;q=0.3', offered) == "a/c"  # comma inside quotes
    assert best_match("a/*;q=0.4, d/e;q=0.4", offered) == "a/b"     # ties: server's order
    assert best_match("A/C", offered) == "a/c"                       # case-insensitive
    assert best_match("a/b;q=0, a/*", offered) == "a/c"              # most specific range wins


# ASK: JSON or XML only, read back with rdflib's own result parsers.

@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml")])
def test_ask_answers_read_correctly_by_rdflib(server, accept, rdflib_format):
    answers = []
    for query in (ASK_YES, ASK_NO):
        status, _, body = get(server, query, accept)
        assert status == 200
        answers.append(Result.parse(io.BytesIO(body.encode()), format=rdflib_format).askAnswer)
    assert answers == [True, False]


@pytest.mark.parametrize("accept", ["text/csv", "text/tab-separated-values; charset=utf-8"])
def test_ask_in_csv_or_tsv_is_406_with_a_reason(server, accept):
    status, _, body = get(server, ASK_YES, accept)
    assert status == 406
    assert "application/sparql-results+json" in body and "CSV and TSV" in body


def test_ask_falls_back_to_json_when_csv_is_only_preferred(server):
    status, headers, body = get(server, ASK_YES,
                                "text/csv, application/sparql-results+json;q=0.5")
    assert status == 200 and json.loads(body)["boolean"] is True
    assert headers["Content-Type"].startswith("application/sparql-results+json")


def test_select_in_csv_still_reads_in_rdflib(server):
    status, _, body = get(server, SELECT, "text/csv")
    rows = Result.parse(io.BytesIO(body.encode()), format="csv")
    assert status == 200 and {str(r[0]) for r in rows} >= {"Sergei Lavrov"}


def test_kg_query_refuses_ask_as_csv(built_corpus):
    result = run_kg("query", "--store", str(built_corpus / ".kg" / "store"), "-f", "csv",
                    "-e", ASK_YES)
    assert result.exit_code == 2 and "(use one of: json, xml)" in result.output


# Allow says what each route answers.

ROUTES = ["/sparql", "/queries", "/queries/timeline", "/", "/health", "/viewer/"]
METHODS = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH"]


@pytest.mark.parametrize("route", ROUTES)
def test_allow_lists_exactly_the_methods_the_route_answers(server, route):
    status, headers, _ = http(server.base + route, method="OPTIONS")
    assert status == 204
    allowed = {m.strip() for m in headers["Allow"].split(",")}
    for method in METHODS:
        status, answer_headers, body = http(server.base + route, method=method, data=b""
                                            if method in ("POST", "PUT", "PATCH") else None)
        assert (status != 405) == (method in allowed), (method, status, body)
        if status == 405:
            assert {m.strip() for m in answer_headers["Allow"].split(",")} == allowed


def test_queries_does_not_advertise_post(server):
    assert "POST" not in http(f"{server.base}/queries", method="OPTIONS")[1]["Allow"]


def test_rdflib_reads_a_construct_sent_as_turtle_with_charset(server):
    status, _, body = get(server, CONSTRUCT, "text/turtle;charset=utf-8")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert status == 200 and "Sergei Lavrov" in {str(o) for o in graph.objects()}
