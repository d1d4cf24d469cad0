"""Issue 10 §2, CSRF and DNS rebinding: with --allow-update, only the endpoint's own pages
(and --allowed-origin) may write, checked in real headless Chromium; and a request is
answered only under a Host name the server listens under (plus --public-host)."""

from __future__ import annotations

import threading
from http.client import HTTPConnection
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote

import pytest

from tests.hardening.conftest import copy_store, in_chromium
from tests.server.conftest import start_server
from tests.server.test_protocol import form, http

MARK = "<urn:kg-test:csrf>"


def insert(tag: str) -> str:
    return f'INSERT DATA {{ GRAPH <urn:kg-test:g> {{ {MARK} <urn:kg-test:by> "{tag}" }} }}'


def written(server) -> set[str]:
    query = f"SELECT ?tag WHERE {{ GRAPH <urn:kg-test:g> {{ {MARK} <urn:kg-test:by> ?tag }} }}"
    status, _, body = http(f"{server.sparql}?query={quote(query)}",
                           headers={"Accept": "text/csv"})
    assert status == 200, body
    return set(body.split()[1:])


class Attacker:
    """Another origin on loopback (another port): a page that submits a form and a no-cors
    fetch to the endpoint, as any site the user visits could."""

    def __init__(self, endpoint: str):
        update = insert("cross-origin-form").replace('"', "&quot;")
        page = f"""<!doctype html><title>elsewhere</title>
<form id="f" method="POST" action="{endpoint}">
  <input type="hidden" name="update" value="{update}">
</form>
<script>
  fetch({endpoint!r}, {{method: "POST", mode: "no-cors",
    headers: {{"Content-Type": "application/x-www-form-urlencoded"}},
    body: "update=" + encodeURIComponent({insert("cross-origin-fetch")!r})}})
    .finally(() => document.getElementById("f").submit());
</script>""".encode()

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def writable(built_corpus, tmp_path):
    running = start_server(copy_store(built_corpus, tmp_path / "kg"), "--allow-update")
    yield running
    running.stop()


@pytest.fixture
def trusting(built_corpus, tmp_path):
    running = start_server(copy_store(built_corpus, tmp_path / "kg"), "--allow-update",
                           "--allowed-origin", "https://trusted.example")
    yield running
    running.stop()


def test_page_from_another_origin_cannot_write_with_a_form(writable):
    attacker = Attacker(writable.sparql)

    def visit(browser):
        context = browser.new_context()
        try:
            page = context.new_page()
            with page.expect_response(lambda r: r.url == writable.sparql
                                      and r.request.resource_type == "document") as answer:
                page.goto(attacker.url)
            return answer.value.status, answer.value.text()
        finally:
            context.close()

    try:
        status, text = in_chromium(visit)
    finally:
        attacker.close()
    assert status == 403
    assert "--allowed-origin" in text
    assert written(writable) == set()  # neither the form nor the fetch wrote anything


def test_page_from_the_endpoint_itself_can_still_write(writable):
    def write(browser):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(writable.base + "/")
            return page.evaluate("""update => fetch("/sparql", {method: "POST",
                    body: new URLSearchParams({update})}).then(r => r.status)""",
                                 insert("same-origin"))
        finally:
            context.close()

    assert in_chromium(write) == 204
    assert written(writable) == {"same-origin"}


@pytest.mark.parametrize(("headers", "status"), [
    ({"Origin": "http://127.0.0.1:1"}, 403),
    ({"Origin": "null"}, 403),
    ({"Referer": "http://evil.example/page"}, 403),
    ({"Sec-Fetch-Site": "cross-site"}, 403),
    ({"Origin": "https://trusted.example"}, 204),   # --allowed-origin
    ({}, 204),                                        # a program, not a page: curl, SPARQLWrapper
])
def test_writes_are_checked_for_their_origin(trusting, headers, status):
    got, _, body = http(trusting.sparql, data=form(update=insert(str(status))),
                        headers=headers)
    assert got == status, body


def test_update_body_from_another_origin_is_refused_too(writable):
    got, _, body = http(writable.sparql, data=insert("direct").encode(),
                        headers={"Content-Type": "application/sparql-update",
                                 "Origin": "http://attacker.example"})
    assert got == 403, body
    assert written(writable) == set()


def raw_get(server, path: str, host: str) -> tuple[int, str]:
    address = server.base.removeprefix("http://")
    connection = HTTPConnection(address, timeout=10)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def test_dns_rebinding_host_is_refused(endpoint):
    port = endpoint.base.rsplit(":", 1)[1]
    for host in ("attacker.example", f"attacker.example:{port}", "127.0.0.1.nip.io",
                 f"localhost.attacker.example:{port}", "evil:80@127.0.0.1", "10.9.8.7"):
        status, body = raw_get(endpoint, "/health", host)
        assert status == 421, (host, body)
        assert "--public-host" in body
    for host in (f"127.0.0.1:{port}", "127.0.0.1", f"localhost:{port}", "LOCALHOST"):
        assert raw_get(endpoint, "/health", host)[0] == 200, host


def test_public_host_lets_a_proxied_name_through(built_corpus):
    running = start_server(built_corpus / ".kg" / "store", "--public-host", "kg.example.org")
    try:
        assert raw_get(running, "/health", "kg.example.org")[0] == 200
        assert raw_get(running, "/health", "kg.example.org:443")[0] == 200
        assert raw_get(running, "/health", "other.example.org")[0] == 421
    finally:
        running.stop()


def test_listening_under_a_name_accepts_that_name_and_its_addresses():
    from kg.server.guard import HostCheck

    check = HostCheck(None, "localhost")
    assert check.allows("localhost:7878") and check.allows("127.0.0.1:7878")
    assert not check.allows("attacker.example") and not check.allows("10.9.8.7")
    everywhere = HostCheck(None, "0.0.0.0", public_hosts=["kg.example.org"])
    assert everywhere.allows("10.9.8.7:7878") and everywhere.allows("kg.example.org")
    assert not everywhere.allows("attacker.example:7878")
