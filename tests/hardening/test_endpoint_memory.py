"""Issue 10 §2: one query (ORDER BY over a cross product) drove a worker to 3.1 GB. Each
worker's memory is capped; a query over the cap gets 503 and the server keeps serving."""

from __future__ import annotations

import json
import time
from urllib.parse import quote

from tests.server.conftest import start_server
from tests.server.test_protocol import http

HUNGRY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
SMALL = "SELECT ?m WHERE { ?m kg:participant actor:sergei-lavrov }"


def get(server, query: str):
    return http(f"{server.sparql}?query={quote(query)}", headers={"Accept": "text/csv"})


def test_query_over_the_memory_cap_gets_503_and_the_server_keeps_serving(built_corpus):
    # A long timeout, so that only the memory cap can stop the query.
    server = start_server(built_corpus / ".kg" / "store", "--max-memory", "256M",
                          "--timeout", "120", "--workers", "2")
    try:
        started = time.monotonic()
        status, _, body = get(server, HUNGRY)
        took = time.monotonic() - started
        assert status == 503, body[:300]
        assert "--max-memory" in body
        assert took < 60, "the cap should stop it long before any timeout"
        for _ in range(3):  # the other worker, then the replacement, both answer
            status, _, body = get(server, SMALL)
            assert status == 200 and len(body.splitlines()) == 5, body
        _, _, health = http(f"{server.base}/health")
        assert json.loads(health)["restarts"] == 1
    finally:
        server.stop()


def test_default_settings_stop_the_hungry_query(built_corpus):
    server = start_server(built_corpus / ".kg" / "store")
    try:
        status, _, body = get(server, HUNGRY)
        assert status == 503, body[:300]  # the memory cap (1G) or the 5 s timeout, first
        assert get(server, SMALL)[0] == 200
    finally:
        server.stop()


def test_serve_help_names_max_memory():
    from click.testing import CliRunner

    from kg.cli import cli

    assert "--max-memory" in CliRunner().invoke(cli, ["serve", "--help"]).output
