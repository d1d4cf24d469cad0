"""Fixtures for the endpoint's hardening tests: a loopback listener that records whether it
was contacted, writable copies of the built store, and real Chromium."""

from __future__ import annotations

import json
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.viewer.browser import CHROMIUM_ARGS, playwright_and_chromium

SECRET = "internal-secret-7f3a"


class Listener:
    """An HTTP service on 127.0.0.1 standing for something internal: it answers any request
    with a SPARQL JSON result holding SECRET, and remembers every request it got."""

    def __init__(self):
        self.hits: list[str] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                hits.append(f"{self.command} {self.path}")
                body = json.dumps({"head": {"vars": ["secret"]}, "results": {"bindings": [
                    {"secret": {"type": "literal", "value": SECRET}}]}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/sparql-results+json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = _answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener():
    running = Listener()
    yield running
    running.close()


def copy_store(built_corpus: Path, target: Path) -> Path:
    """A private copy of the built store, for tests that write to it or rebuild it: the
    whole `.kg` folder, links kept as links, so the copy is laid out as a build left it."""
    shutil.copytree(built_corpus / ".kg", target, symlinks=True)
    return target / "store"


@pytest.fixture(scope="session")
def endpoint(built_corpus):
    """`kg serve` with every option at its default, over the built seeds."""
    from tests.server.conftest import start_server

    running = start_server(built_corpus / ".kg" / "store")
    yield running
    running.stop()


def in_chromium(use):
    """`use(browser)` in a real headless Chromium, run in a thread of its own: Playwright's
    sync API refuses to start where another instance's loop is running, as it is in the
    main thread while the viewer tests' session-wide browser is open."""
    sync_playwright, executable = playwright_and_chromium()

    def run():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=executable,
                                                 args=CHROMIUM_ARGS)
            try:
                return use(browser)
            finally:
                browser.close()

    with ThreadPoolExecutor(1) as thread:
        return thread.submit(run).result()
