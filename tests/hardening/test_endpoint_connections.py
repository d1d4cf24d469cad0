"""Issue 10 §2: a hundred idle connections sending partial headers starved the server
(waitress's default limit of 100 connections, and no deadline for headers)."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from urllib.parse import quote

from tests.server.conftest import start_server


def partial_request(server) -> socket.socket:
    host, port = server.base.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=10)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
    return sock


def health_within(server, seconds: float) -> float:
    """Seconds /health took to answer 200; fails if it took longer than `seconds`."""
    started = time.monotonic()
    with urllib.request.urlopen(f"{server.base}/health", timeout=seconds) as response:
        assert response.status == 200
    took = time.monotonic() - started
    assert took < seconds
    return took


def closed_by_server(sock: socket.socket, within: float) -> bool:
    sock.settimeout(within)
    try:
        return sock.recv(1) == b""  # waitress closes without a reply
    except TimeoutError:
        return False
    except ConnectionResetError:
        return True


def test_hundred_idle_connections_do_not_starve_health(endpoint):
    """Default settings: 120 connections stuck mid-headers, and /health still answers."""
    socks = [partial_request(endpoint) for _ in range(120)]
    try:
        health_within(endpoint, 3.0)
    finally:
        for sock in socks:
            sock.close()


def test_slowloris_connections_are_closed_at_the_header_deadline(built_corpus):
    """More dripping connections than the limit: each sends a header byte every 0.3 s, which
    keeps waitress's own idle timeout from ever firing. The header deadline closes them,
    so /health gets a slot within a few seconds."""
    server = start_server(built_corpus / ".kg" / "store", "--connection-limit", "50",
                          "--header-timeout", "1.5")
    stop = threading.Event()
    socks = [partial_request(server) for _ in range(60)]

    def drip():
        while not stop.is_set():
            for sock in socks:
                try:
                    sock.send(b"x")
                except OSError:
                    pass
            time.sleep(0.3)

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        health_within(server, 8.0)
        assert all(closed_by_server(sock, 3.0) for sock in socks[:50])
    finally:
        stop.set()
        dripper.join(timeout=5)
        for sock in socks:
            sock.close()
        server.stop()


def test_a_request_whose_headers_are_in_is_not_cut_by_the_header_deadline(built_corpus):
    """The deadline is for headers only: a body that takes longer than it still arrives."""
    server = start_server(built_corpus / ".kg" / "store", "--header-timeout", "1")
    body = b"query=" + quote("ASK { ?s ?p ?o }").encode()
    host, port = server.base.removeprefix("http://").split(":")
    try:
        with socket.create_connection((host, int(port)), timeout=10) as sock:
            sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Accept: application/sparql-results+json\r\n"
                         b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n")
            for i in range(0, len(body), 4):  # about 2.5 s for the body
                time.sleep(0.5)
                sock.sendall(body[i:i + 4])
            reply = b""
            while chunk := sock.recv(65536):
                reply += chunk
        assert reply.startswith(b"HTTP/1.1 200"), reply[:200]
        assert b'"boolean":true' in reply.replace(b" ", b"")
    finally:
        server.stop()


def test_serve_help_names_the_connection_limits():
    from click.testing import CliRunner

    from kg.cli import cli

    text = CliRunner().invoke(cli, ["serve", "--help"]).output
    assert "--header-timeout" in text and "--connection-limit" in text
