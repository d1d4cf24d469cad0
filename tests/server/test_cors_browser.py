"""CORS as a browser enforces it: real headless Chromium, no request interception.

A page served from one loopback origin fetch()es the endpoint on another port with headers
that force a preflight (Authorization, X-Requested-With). Chromium sends the preflight and
decides by itself whether the page may see the answer; nothing in the test touches the
requests, so a preflight answer that leaves a header out blocks the fetch as it would for
a user. The same fetch against a server without --cors must fail, which shows the test can
see a blocked request at all.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import ROOT
from tests.server.test_protocol import http
from tests.viewer.browser import chromium_path, unavailable

PAGE = b"<!doctype html><meta charset=utf-8><title>another origin</title><p>client</p>\n"
QUERY = "ASK { actor:sergei-lavrov a kg:Person }"


class _Page(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the stdlib's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(PAGE)))
        self.end_headers()
        self.wfile.write(PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def page_origin():
    """A plain page on its own loopback port: a different origin from the endpoint's."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def fetch_from_page(origin: str, endpoint: str) -> dict:
    """What a page on `origin` gets when it fetches `endpoint` (tests/server/cors_fetch.py)."""
    if chromium_path() is None:
        unavailable("Chromium is not installed (Debian: apt-get install chromium)")
    done = subprocess.run([sys.executable, "-m", "tests.server.cors_fetch", origin, endpoint,
                           QUERY], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_cross_origin_fetch_with_authorization_and_x_requested_with(page_origin, server):
    assert page_origin.rsplit(":", 1)[1] != server.base.rsplit(":", 1)[1]
    result = fetch_from_page(page_origin, server.sparql)
    assert result == {"get": True, "post": True, "origin": page_origin}


def test_without_cors_the_browser_blocks_the_same_fetch(page_origin, plain_server):
    result = fetch_from_page(page_origin, plain_server.sparql)
    assert "Failed to fetch" in result.get("error", ""), result


def test_preflight_echoes_requested_header_names_only(server):
    status, headers, _ = http(server.sparql, method="OPTIONS", headers={
        "Origin": "http://127.0.0.1:1", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, x-requested-with, bad(name)"})
    assert status == 204
    assert headers["Access-Control-Allow-Headers"] == "authorization, x-requested-with"
    assert "Access-Control-Request-Headers" in headers["Vary"]
    _, headers, _ = http(f"{server.base}/queries", method="OPTIONS", headers={
        "Origin": "http://127.0.0.1:1", "Access-Control-Request-Method": "GET"})
    assert "Authorization" in headers["Access-Control-Allow-Headers"]
    assert headers["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
