"""The push's HTTP behaviour against a small Graph Store server over a real socket:
Basic authentication, retries of what is transient, a clear refusal, ~/.netrc."""

from __future__ import annotations

import base64
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from kg.errors import KgError
from kg.push import push
from kg.push.http import Client, Credentials, credentials
from kg.push.state import PushState
from kg.store import open_store as open_raw


class GraphStore(ThreadingHTTPServer):
    """Holds PUT graphs in memory; wants HTTP Basic; `script` lists answers to give first
    (a status, or "reset" to drop the connection unanswered)."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.graphs: dict[str, bytes] = {}
        self.script: list = []
        self.user, self.password = "editor", "s3cret"
        self.seen: list[tuple[str, str]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/store"


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: bytes = b"", headers: dict | None = None):
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _handle(self, method: str):
        server: GraphStore = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        graph = parse_qs(urlsplit(self.path).query).get("graph", [""])[0]
        expected = "Basic " + base64.b64encode(
            f"{server.user}:{server.password}".encode()).decode()
        if self.headers.get("Authorization") != expected:
            return self._answer(401, headers={"WWW-Authenticate": 'Basic realm="graphs"'})
        if server.script:
            step = server.script.pop(0)
            if step == "reset":
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            return self._answer(step, f"scripted {step}".encode(), {"Retry-After": "0"})
        server.seen.append((method, graph))
        if method == "PUT":
            server.graphs[graph] = body
            return self._answer(201)
        if graph in server.graphs:
            del server.graphs[graph]
            return self._answer(200)
        return self._answer(404)

    def do_PUT(self):
        self._handle("PUT")

    def do_DELETE(self):
        self._handle("DELETE")


@pytest.fixture
def graph_store():
    server = GraphStore()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _push(server, store_path, tmp_path, creds=None, **client):
    state = PushState(tmp_path / "state.json", server.url)
    http = Client(creds or Credentials(server.user, server.password), backoff=0.01, **client)
    try:
        return push(open_raw(store_path), server.url, state, http)
    finally:
        state.close()
        http.close()


def test_basic_auth_is_used_when_the_server_asks_for_it(graph_store, built_corpus, tmp_path):
    store = built_corpus / ".kg" / "store"
    report = _push(graph_store, store, tmp_path)
    assert sorted(graph_store.graphs) == sorted(report.sent)
    assert len(report.sent) == len(list(open_raw(store).named_graphs()))


def test_503_and_connection_reset_are_retried_with_back_off(graph_store, built_corpus,
                                                            tmp_path):
    graph_store.script = [503, "reset", 503]
    report = _push(graph_store, built_corpus / ".kg" / "store", tmp_path)
    assert sorted(graph_store.graphs) == sorted(report.sent)  # every graph arrived


def test_refusal_names_the_graph_and_the_server_answer(graph_store, built_corpus, tmp_path):
    graph_store.script = [403]
    with pytest.raises(KgError) as caught:
        _push(graph_store, built_corpus / ".kg" / "store", tmp_path)
    message = str(caught.value)
    assert "PUT graph <https://w3id.org/diplomacy-kg/graph/" in message
    assert "403" in message and "scripted 403" in message


def test_retries_give_up_with_a_clear_message(graph_store, built_corpus, tmp_path):
    graph_store.script = [503] * 10
    with pytest.raises(KgError, match=r"503|no answer"):
        _push(graph_store, built_corpus / ".kg" / "store", tmp_path, attempts=3)


def test_second_push_sends_nothing_and_removed_graphs_are_deleted(graph_store, built_corpus,
                                                                  tmp_path):
    store = built_corpus / ".kg" / "store"
    _push(graph_store, store, tmp_path)
    assert not _push(graph_store, store, tmp_path).sent
    gone = "https://w3id.org/diplomacy-kg/graph/article/removed-long-ago"
    state = PushState(tmp_path / "state.json", graph_store.url)
    state.record(gone, "0" * 64)  # the endpoint got it from an earlier corpus
    state.save()
    graph_store.graphs[gone] = b""
    report = _push(graph_store, store, tmp_path)
    assert report.deleted == [gone] and gone not in graph_store.graphs


def test_password_comes_from_netrc_when_not_in_the_environment(monkeypatch, tmp_path):
    monkeypatch.delenv("KG_PUSH_PASSWORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine graphs.example.org login editor password from-netrc\n")
    netrc.chmod(0o600)
    assert credentials("https://graphs.example.org/store", None) == \
        Credentials("editor", "from-netrc")
    with pytest.raises(KgError, match="not --user other"):
        credentials("https://graphs.example.org/store", "other")
    with pytest.raises(KgError, match="KG_PUSH_PASSWORD"):
        credentials("https://elsewhere.example.org/store", "editor")
