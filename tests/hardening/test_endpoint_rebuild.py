"""Issue 10 §2: after a rebuild, identical requests alternated between the old and the new
data (one worker had restarted on the new store, the others were still on the old one).
The server answers from one build at a time, and moves to a new build for all its workers
at once, at the first request after the store link changed (kg.query.pool)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from urllib.parse import quote

from tests.conftest import CORPUS, MINI, ROOT
from tests.server.conftest import start_server
from tests.server.test_protocol import http

ARTICLES = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a kg:Article }"
STUCK = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def build(seeds, work) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--force", "--seeds", str(seeds),
         "--store", str(work / ".kg" / "store"), "--out", str(work / "exports")],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr


def articles(server) -> tuple[float, float, str]:
    started = time.monotonic()
    status, _, body = http(f"{server.sparql}?query={quote(ARTICLES)}",
                           headers={"Accept": "text/csv"})
    assert status == 200, body
    return started, time.monotonic(), body.split()[1]


def test_rebuild_while_serving_never_alternates_between_old_and_new_data(tmp_path):
    build(CORPUS, tmp_path)
    server = start_server(tmp_path / ".kg" / "store", "--workers", "3", "--timeout", "1")
    old = articles(server)[2]
    answers: list[tuple[float, float, str]] = []
    failures: list[BaseException] = []
    stop = threading.Event()

    def client():
        while not stop.is_set():
            try:
                answers.append(articles(server))
            except BaseException as exc:  # noqa: BLE001 - reported below
                failures.append(exc)
                return

    clients = [threading.Thread(target=client) for _ in range(3)]
    try:
        for thread in clients:
            thread.start()
        time.sleep(0.5)
        build(MINI, tmp_path)  # the store link now names another build
        # A query that times out makes the pool replace a worker: before the fix, that
        # one replacement opened the new build and the others stayed on the old one.
        assert http(f"{server.sparql}?query={quote(STUCK)}")[0] == 503
        time.sleep(2)
        stop.set()
        for thread in clients:
            thread.join(timeout=30)
        tail = [articles(server)[2] for _ in range(12)]
    finally:
        stop.set()
        server.stop()
    assert not failures, failures
    new = tail[0]
    assert new != old and set(tail) == {new}
    assert {answer for _, _, answer in answers} <= {old, new}
    first_new = min(end for _, end, answer in answers if answer == new)
    late_old = [(start, end) for start, end, answer in answers
                if answer == old and start > first_new]
    assert late_old == [], f"{len(late_old)} requests got the old build after the new one"
