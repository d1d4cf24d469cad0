"""The SPARQL 1.1 Protocol over real HTTP, with independent clients (SPARQLWrapper, urllib)."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from tests.server.conftest import start_server

LAVROV_MEETINGS = "SELECT ?m WHERE { ?m kg:participant actor:sergei-lavrov } ORDER BY ?m"
ACTOR = "https://w3id.org/diplomacy-kg/id/actor/"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def wrapper(server, query, fmt=JSON, method=None):
    client = SPARQLWrapper(server.sparql)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    if method:
        client.setMethod(POST)
        if method == POSTDIRECTLY:
            client.setRequestMethod(POSTDIRECTLY)
    return client.query()


def http(url, data=None, headers=None, method=None):
    """(status, headers, body text), errors included: urllib raises on 4xx and 5xx."""
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def form(**fields) -> bytes:
    return urllib.parse.urlencode(fields).encode()


def meeting_ids(values):
    return sorted(v.rsplit("/", 1)[1] for v in values)


EXPECTED = ["2020-10-01-lavrov-cavusoglu-phone-call", "2020-10-20-lavrov-bayramov-moscow",
            "2020-10-21-lavrov-mnatsakanyan-moscow", "2022-10-14-astana-foreign-ministers"]


@pytest.mark.parametrize("method", [None, POST, POSTDIRECTLY])
def test_select_json_by_get_and_both_posts(server, method):
    data = wrapper(server, LAVROV_MEETINGS, JSON, method).convert()
    assert meeting_ids(b["m"]["value"] for b in data["results"]["bindings"]) == EXPECTED


def test_select_xml(server):
    doc = wrapper(server, LAVROV_MEETINGS, XML).convert()
    assert meeting_ids(u.firstChild.data for u in doc.getElementsByTagName("uri")) == EXPECTED


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_csv_and_tsv(server, fmt, delimiter):
    text = wrapper(server, LAVROV_MEETINGS, fmt).convert().decode()
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["m"] if fmt == CSV else ["?m"])
    assert meeting_ids(r[0].strip("<>") for r in rows[1:]) == EXPECTED


def test_ask(server):
    yes = wrapper(server, "ASK { actor:sergei-lavrov a kg:Person }", JSON).convert()
    no = wrapper(server, "ASK { actor:sergei-lavrov a kg:State }", JSON).convert()
    assert (yes["boolean"], no["boolean"]) == (True, False)


def test_construct_turtle_with_sparqlwrapper(server):
    body = wrapper(server, "CONSTRUCT WHERE { actor:sergei-lavrov skos:altLabel ?l }",
                   TURTLE).convert()
    graph = rdflib.Graph().parse(data=body, format="turtle")
    assert {str(o) for o in graph.objects()} >= {"Lavrov", "Лавров", "Sergey Lavrov"}


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("application/n-triples", "nt"), ("application/ld+json", "json-ld"),
    ("text/turtle", "turtle"), ("application/rdf+xml", "xml")])
def test_describe_in_each_graph_format(server, accept, rdflib_format):
    query = urllib.parse.urlencode({"query": "DESCRIBE actor:toivo-klaar"})
    status, headers, body = http(f"{server.sparql}?{query}", headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(accept)
    graph = rdflib.Graph().parse(data=body, format=rdflib_format)
    klaar = rdflib.URIRef(ACTOR + "toivo-klaar")
    assert {str(o) for o in graph.objects(klaar, rdflib.SKOS.prefLabel)} == {
        "Toivo Klaar", "Тойво Клаар"}


def test_protocol_graph_parameters_choose_the_dataset(server):
    account = "https://w3id.org/diplomacy-kg/graph/article/002_5e2404ba774d2ddf"
    query = "SELECT DISTINCT ?post WHERE { ?p kg:actor actor:igor-khovayev ; kg:post ?post }"
    args = urllib.parse.urlencode({"query": query, "default-graph-uri": account})
    status, _, body = http(f"{server.sparql}?{args}", headers={"Accept": "text/csv"})
    assert status == 200
    assert body.split()[1:] == ["https://w3id.org/diplomacy-kg/id/post/"
                                "rus-president-special-representative-armenia-azerbaijan"]


def test_malformed_query_is_400_with_the_parsers_message(server):
    with pytest.raises(QueryBadFormed) as caught:
        wrapper(server, "SELECT ?m WHERE { ?m kg:participant }", JSON).convert()
    assert "SPARQL syntax error: error at 1:" in str(caught.value)
    status, _, body = http(server.sparql, form(query="SELEC"), method="POST")
    assert status == 400 and body.startswith("SPARQL syntax error: error at 1:")


@pytest.mark.parametrize(("data", "headers"), [
    (form(update="INSERT DATA { <urn:a> <urn:b> <urn:c> }"), {}),
    (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}),
    (b"CLEAR ALL", {"Content-Type": "application/sparql-update"}),
])
def test_updates_are_refused_by_default(server, data, headers):
    status, _, body = http(server.sparql, data, headers, method="POST")
    assert status == 403 and "read-only" in body
    count = wrapper(server, "ASK { <urn:a> <urn:b> <urn:c> }", JSON).convert()
    assert count["boolean"] is False
    assert wrapper(server, "ASK { ?s ?p ?o }", JSON).convert()["boolean"] is True


def test_update_by_get_is_refused(server):
    query = urllib.parse.urlencode({"update": "CLEAR ALL"})
    assert http(f"{server.sparql}?{query}")[0] == 403


@pytest.mark.parametrize(("data", "headers", "status"), [
    (b"x" * (65 * 1024), {"Content-Type": "application/sparql-query"}, 413),
    (b"SELECT * {}", {"Content-Type": "text/plain"}, 415),
    (form(query="ASK {}", update="CLEAR ALL"), {}, 400),
    (b"query=ASK%20%7B%7D&query=ASK%20%7B%7D", {}, 400),
    (form(), {}, 400),
])
def test_malformed_requests(server, data, headers, status):
    assert http(server.sparql, data, headers, method="POST")[0] == status


def test_unacceptable_type_is_406(server):
    query = urllib.parse.urlencode({"query": "ASK {}"})
    assert http(f"{server.sparql}?{query}", headers={"Accept": "image/png"})[0] == 406
    assert http(f"{server.sparql}?{query}", headers={"Accept": "text/turtle"})[0] == 406


def test_a_slow_query_times_out_and_the_server_carries_on(server):
    started = time.monotonic()
    status, _, body = http(server.sparql, form(query=SLOW), method="POST")
    elapsed = time.monotonic() - started
    assert status == 503 and "timed out after 1 s" in body
    assert elapsed < 5
    data = wrapper(server, LAVROV_MEETINGS, JSON).convert()  # the pool still answers
    assert meeting_ids(b["m"]["value"] for b in data["results"]["bindings"]) == EXPECTED
    health = json.loads(http(f"{server.base}/health")[2])
    assert health["restarts"] >= 1


def test_a_result_over_the_size_cap_is_refused(server):
    everything = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"  # about 290 kB of Turtle
    status, _, body = http(server.sparql, form(query=everything), method="POST",
                           headers={"Accept": "text/turtle"})
    assert status == 422 and "cap of 204800 bytes" in body
    small = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH kgg:registry { ?s ?p ?o } } LIMIT 10"
    assert http(server.sparql, form(query=small), method="POST")[0] == 200


def test_the_library_over_http(server):
    status, _, body = http(f"{server.base}/queries")
    listing = json.loads(body)
    assert status == 200 and len(listing) >= 15
    meetings_of = next(q for q in listing if q["name"] == "meetings-of")
    assert [p["name"] for p in meetings_of["parameters"]] == ["actor", "from", "to", "lang"]
    args = urllib.parse.urlencode({"actor": "Лавров", "to": "2020-12-31"})
    status, _, body = http(f"{server.base}/queries/meetings-of?{args}")
    assert status == 200
    rows = json.loads(body)["results"]["bindings"]
    assert meeting_ids(r["meeting"]["value"] for r in rows) == EXPECTED[:3]
    assert http(f"{server.base}/queries/no-such-query")[0] == 404
    bad = http(f"{server.base}/queries/meetings-of?actor=nobody")
    assert bad[0] == 400 and "no actor has this id or name" in bad[2]


def test_cors_when_switched_on(server, plain_server):
    status, headers, _ = http(server.sparql, method="OPTIONS", headers={
        "Origin": "http://example.org", "Access-Control-Request-Method": "POST"})
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in headers["Access-Control-Allow-Methods"]
    query = urllib.parse.urlencode({"query": "ASK {}"})
    assert http(f"{server.sparql}?{query}")[1]["Access-Control-Allow-Origin"] == "*"
    assert http(f"{plain_server.sparql}?{query}")[1]["Access-Control-Allow-Origin"] is None


def test_query_page_needs_no_cdn_and_links_the_viewer(server, plain_server):
    status, headers, html = http(f"{server.base}/")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert "<textarea" in html and 'fetch("queries")' in html
    assert re.findall(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", html) == []
    assert 'href="viewer/"' in html
    assert "viewer" in http(f"{server.base}/viewer/")[2]
    assert http(f"{server.base}/viewer/../conftest.py")[0] == 404
    assert 'href="viewer/"' not in http(f"{plain_server.base}/")[2]
    assert http(f"{plain_server.base}/viewer/")[0] == 404


def test_viewer_serves_only_kg_html_never_other_files_or_links_out(server, tmp_path):
    assert http(f"{server.base}/viewer/kg.html")[0] == 200
    for other in ("leak.txt", "lib/viewer.js", "kg.ttl", "../conftest.py", "%2e%2e/x"):
        status, _, body = http(f"{server.base}/viewer/{other}")
        assert status == 404, other
        assert "not for the web" not in body


def test_viewer_refuses_a_kg_html_that_links_out_of_the_exports_folder(built_corpus,
                                                                        tmp_path):
    outside = tmp_path / "outside.html"
    outside.write_text("<p>private page</p>\n")
    exports = tmp_path / "exports"
    exports.mkdir()
    (exports / "kg.html").symlink_to(outside)
    running = start_server(built_corpus / ".kg" / "store", "--exports", str(exports))
    try:
        status, _, body = http(f"{running.base}/viewer/")
        assert status == 404 and "private page" not in body
    finally:
        running.stop()


def test_updates_when_allowed(built_corpus, tmp_path):
    copy = tmp_path / "store"
    shutil.copytree((built_corpus / ".kg" / "store").resolve(), copy)
    writable = start_server(copy, "--allow-update")
    try:
        insert = "INSERT DATA { GRAPH kgg:registry { actor:nobody a kg:Person } }"
        status, _, _ = http(writable.sparql, insert.encode(), method="POST",
                            headers={"Content-Type": "application/sparql-update"})
        assert status == 204
        ask = urllib.parse.urlencode({"query": "ASK { actor:nobody a kg:Person }"})
        assert json.loads(http(f"{writable.sparql}?{ask}")[2])["boolean"] is True
    finally:
        writable.stop()
