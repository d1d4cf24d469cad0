"""Issue 10 §2, SSRF: neither the endpoint nor `kg query` makes outbound requests unless
told to. Every check is against a real listener on loopback that records whether it was
contacted, and the tokenizer is checked against what Oxigraph itself would contact."""

from __future__ import annotations

import socket
import subprocess
import sys

import pyoxigraph as ox
import pytest

from kg.errors import KgError
from kg.query.guard import ServicePolicy, check_outbound
from tests.conftest import ROOT
from tests.hardening.conftest import SECRET
from tests.server.conftest import start_server
from tests.server.test_protocol import form, http


def service_query(url: str) -> str:
    return f"SELECT ?secret WHERE {{ SERVICE <{url}> {{ ?s ?p ?secret }} }}"


def closed_port_url() -> str:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    return f"http://127.0.0.1:{port}/sparql"


def kg(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "kg", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_endpoint_never_contacts_a_service_endpoint_by_default(endpoint, listener):
    for method in ("GET", "POST"):
        query = service_query(listener.url)
        if method == "GET":
            from urllib.parse import quote
            status, _, body = http(f"{endpoint.sparql}?query={quote(query)}")
        else:
            status, _, body = http(endpoint.sparql, data=form(query=query))
        assert status == 400, body
        assert "--allow-service" in body and "SERVICE" in body
        assert SECRET not in body
    assert listener.hits == []


def test_endpoint_answers_a_closed_port_like_an_open_one(endpoint, listener):
    """No distinct error for a closed port: the endpoint cannot be used to scan ports."""
    open_status, _, open_body = http(endpoint.sparql, data=form(query=service_query(listener.url)))
    closed_status, _, closed_body = http(endpoint.sparql,
                                         data=form(query=service_query(closed_port_url())))
    assert open_status == closed_status == 400
    assert open_body == closed_body


def test_library_query_with_service_in_a_parameter_is_not_a_way_out(endpoint, listener):
    status, _, body = http(f"{endpoint.base}/queries/actors-by-name?name="
                           f"SERVICE%20%3C{listener.url}%3E")
    assert status == 200, body  # a value is bound as a literal, never pasted into SPARQL
    assert listener.hits == []


def test_update_with_load_is_refused_even_when_updates_are_allowed(built_corpus, listener,
                                                                   tmp_path):
    from tests.hardening.conftest import copy_store

    store = copy_store(built_corpus, tmp_path / "kg")
    running = start_server(store, "--allow-update")
    try:
        fetch = f"SERVICE <{listener.url}> {{ ?s ?p ?o }}"
        for update in (f"LOAD <{listener.url}>", f"INSERT {{ ?s ?p ?o }} WHERE {{ {fetch} }}"):
            status, _, body = http(running.sparql, data=form(update=update))
            assert status == 400, body
    finally:
        running.stop()
    assert listener.hits == []


def test_endpoint_with_allow_service_url_reaches_only_that_endpoint(built_corpus, listener):
    closed = closed_port_url()
    running = start_server(built_corpus / ".kg" / "store", "--allow-service", listener.url,
                           "--allow-service", closed)
    try:
        status, _, body = http(running.sparql, data=form(query=service_query(listener.url)),
                               headers={"Accept": "text/csv"})
        assert status == 200, body
        assert SECRET in body  # allowed: the federated query really ran
        status, _, body = http(running.sparql, data=form(query=service_query(closed)))
        assert status == 502, body  # allowed but down: the gateway's error, with a message
        assert "failed while running" in body
        other = listener.url.replace("/sparql", "/other")
        status, _, body = http(running.sparql, data=form(query=service_query(other)))
        assert status == 400 and "not among the endpoints allowed" in body
    finally:
        running.stop()
    assert len(listener.hits) == 1


def test_kg_query_refuses_service_with_exit_2_and_no_request(built_corpus, listener):
    result = kg("query", "--store", str(built_corpus / ".kg" / "store"),
                "-e", service_query(listener.url))
    assert result.returncode == 2, result.stderr
    assert "--allow-service" in result.stderr and "Traceback" not in result.stderr
    assert SECRET not in result.stdout
    assert listener.hits == []


def test_kg_query_service_error_is_a_message_not_a_traceback(built_corpus):
    result = kg("query", "--store", str(built_corpus / ".kg" / "store"), "--allow-service",
                "-e", service_query(closed_port_url()))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: -e: the query failed while running")


def test_kg_query_with_allow_service_runs_the_federated_query(built_corpus, listener):
    result = kg("query", "--store", str(built_corpus / ".kg" / "store"), "-f", "csv",
                "-e", service_query(listener.url), "--allow-service")
    assert result.returncode == 0, result.stderr
    assert SECRET in result.stdout


# The tokenizer against Oxigraph. Each REACHING query makes Oxigraph, unguarded, send a
# request to the listener (checked), and the guard refuses it; each HARMLESS one only
# looks like SERVICE: the guard lets it through, and Oxigraph indeed stays home.
REACHING = [
    "SELECT * {{ SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "select * {{ service <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ SERVICE<{url}>{{ ?a ?b ?c }} }}",
    "SELECT * {{ SERVICE SILENT <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ SERVICE SILENT<{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ SERVICEep: {{ ?a ?b ?c }} }}",  # Oxigraph needs no space after a keyword
    "SELECT * {{ SERVICE ep: {{ ?a ?b ?c }} }}",
    "SELECT * {{ ?s ?p ?o . SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "SELECT * {{ BIND(1 AS ?x)SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ {{}}SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ ?s ?p ?o FILTER(?o<?o||true)SERVICE<{url}>{{ ?a ?b ?c }} }}",
    "SELECT * {{ ?s ?p ?o FILTER(?o < ?o || true) SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ BIND(\"x\"@en AS ?l) SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }}",
    "SELECT * {{ ?s ?p ?o {{ SELECT * {{ SERVICE <{url}> {{ ?a ?b ?c }} }} }} }}",
    "BASE <http://example.org/> SELECT * {{ SERVICE <{url}> {{ }} }}",
    "SELECT * {{ BIND('''a ' b''' AS ?l) SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ BIND(\"a \\\" b\" AS ?l) SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "SELECT * {{ # a comment\n SERVICE <{url}> {{ ?a ?b ?c }} }}",
    "PREFIX service: <http://e/> SELECT * {{ ?s ?p ?o SERVICE <{url}> {{ ?a ?b ?c }} }}",
]
HARMLESS = [
    "SELECT * {{ ?s ?p \"SERVICE <{url}> {{ ?a ?b ?c }}\" }}",
    "SELECT * {{ ?s ?p 'SERVICE <{url}> {{}}' }}",
    "SELECT * {{ ?s ?p ?o }} # SERVICE <{url}> {{ ?a ?b ?c }}",
    "SELECT * {{ ?s ex:SERVICE ?o }}",
    "SELECT ?service {{ ?service ?p ?o }}",
    "SELECT * {{ ?s ?p \"x\"@service }}",
    "SELECT * {{ ?s <http://e/SERVICE> ?o }}",
    "SELECT * {{ ?s ?p \"\"\"multi\nSERVICE <{url}> {{ }}\nline\"\"\" }}",
    "SELECT * {{ ?s ?p ?o FILTER(?o != \"service\") }}",
    # A dataset or a resource named by a URL is looked up in the store, never fetched.
    "SELECT * FROM <{url}> {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "DESCRIBE <{url}>",
]


def oxigraph_contacts(listener, query: str) -> bool:
    """Whether Oxigraph, unguarded, sends a request to the listener for this query."""
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("x")))
    before = len(listener.hits)
    try:
        result = store.query(query, prefixes={"ex": "http://e/", "ep": listener.url})
        list(result) if not isinstance(result, ox.QueryBoolean) else bool(result)
    except (SyntaxError, OSError, RuntimeError):
        pass
    return len(listener.hits) > before


@pytest.mark.parametrize("template", REACHING)
def test_every_spelling_that_makes_oxigraph_reach_out_is_refused(listener, template):
    query = template.format(url=listener.url)
    assert oxigraph_contacts(listener, query), "not a query that reaches out: fix the list"
    with pytest.raises(KgError, match="--allow-service"):
        check_outbound(query)


@pytest.mark.parametrize("template", HARMLESS)
def test_words_that_only_look_like_service_are_allowed(listener, template):
    query = template.format(url=listener.url)
    check_outbound(query)
    assert not oxigraph_contacts(listener, query)


def test_allowed_endpoints_are_matched_exactly(listener):
    policy = ServicePolicy.from_option([listener.url])
    check_outbound(service_query(listener.url), policy)
    check_outbound(f"PREFIX x: <{listener.url[:-6]}> SELECT * {{ SERVICE x:sparql {{}} }}",
                   policy)
    for other in (listener.url + "x", listener.url.replace("127.0.0.1", "localhost")):
        with pytest.raises(KgError, match="not among"):
            check_outbound(service_query(other), policy)
    with pytest.raises(KgError, match="literal endpoint"):
        check_outbound("SELECT * { SERVICE ?where { } }", policy)


@pytest.mark.parametrize("unit", ['"a\\', "'a", "a.", "a-", "<a", "'''a\""])
def test_service_check_stays_linear_on_hostile_text(unit):
    """1 MB (the default --max-body) of text that once made the scan restart at every quote
    or letter: it took over 290 s; linear, it takes a few seconds even on a busy machine."""
    import time

    started = time.monotonic()
    try:
        check_outbound(unit * (1_000_000 // len(unit)))
    except KgError:
        pass
    assert time.monotonic() - started < 30
