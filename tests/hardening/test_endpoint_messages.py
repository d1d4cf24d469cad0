"""Issue 10 §5: `/queries/timeline?graph=a%20b` on the endpoint was a 500 (the value went
straight into an IRI); any graph value that cannot be an article is a 400 with a message."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.server.test_protocol import http


@pytest.mark.parametrize("graph", ["a b", "000>", "x{y}", "a\"b", "\u0000"])
def test_library_query_with_an_impossible_graph_is_a_400_with_a_message(endpoint, graph):
    status, _, body = http(f"{endpoint.base}/queries/timeline?graph={quote(graph)}")
    assert status == 400, body
    assert "not a document id" in body and "Traceback" not in body


def test_library_query_with_an_unknown_graph_names_the_articles(endpoint):
    status, _, body = http(f"{endpoint.base}/queries/timeline?graph=zzz")
    assert status == 400, body
    assert "not an article in the store" in body
