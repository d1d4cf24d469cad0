"""Real `kg serve` processes on loopback ports, for tests that speak HTTP to them."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT


@dataclass
class Server:
    process: subprocess.Popen
    base: str            # http://127.0.0.1:PORT

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def start_server(store: Path, *options: str, cwd: Path | None = None) -> Server:
    """`kg serve --port 0` in a subprocess; returns once it has said where it listens.

    Its stderr goes to a file, not a pipe: a pipe nobody reads fills up, and then the
    server blocks on its next log line.
    """
    log = tempfile.TemporaryFile(mode="w+")
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--host", "127.0.0.1", "--port", "0",
         "--store", str(store), *options],
        stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True,
        cwd=cwd or ROOT)
    line = process.stdout.readline()  # the first line names the endpoint
    if "SPARQL endpoint" not in line:
        process.kill()
        log.seek(0)
        raise RuntimeError(f"kg serve did not start: {line}{log.read()}")
    base = line.split()[-1].removesuffix("/sparql")
    server = Server(process, base)
    deadline = time.monotonic() + 30
    while True:  # the port is bound before the line is printed; check it answers
        try:
            urllib.request.urlopen(f"{base}/health", timeout=5).read()
            return server
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                server.stop()
                raise
            time.sleep(0.1)


@pytest.fixture(scope="session")
def viewer_exports(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    (folder / "kg.html").write_text("<!doctype html><title>kg viewer</title><p>viewer</p>\n")
    (folder / "lib").mkdir()
    (folder / "lib" / "viewer.js").write_text("console.log('viewer');\n")
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("not for the web\n")
    (folder / "leak.txt").symlink_to(secret)  # a link out of the folder must not be served
    return folder


@pytest.fixture(scope="session")
def server(built_corpus, viewer_exports):
    """Read-only (the default), CORS on, a 1 s timeout and small caps, to test them."""
    running = start_server(built_corpus / ".kg" / "store", "--timeout", "1",
                           "--max-result-size", "200k", "--max-body", "64k", "--cors",
                           "--exports", str(viewer_exports), "--workers", "2")
    yield running
    running.stop()


@pytest.fixture(scope="session")
def plain_server(built_corpus, tmp_path_factory):
    """Every option at its default: no CORS, no viewer in its exports folder."""
    running = start_server(built_corpus / ".kg" / "store", "--exports",
                           str(tmp_path_factory.mktemp("no-exports")))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def writable(built_corpus, tmp_path_factory):
    """`--allow-update` on a copy of the built store, which its tests may change."""
    copy = tmp_path_factory.mktemp("writable") / "store"
    shutil.copytree((built_corpus / ".kg" / "store").resolve(), copy)
    running = start_server(copy, "--allow-update")
    yield running
    running.stop()
