"""A bounded load test on loopback: many concurrent clients, correct answers, no errors.

By default 20 clients x 50 queries; KG_LOAD_FULL=1 runs the full 50 x 200. Traffic goes
only to 127.0.0.1, every request has a timeout, and the whole run has a deadline.
"""

from __future__ import annotations

import http.client
import json
import os
import statistics
import threading
import time
import urllib.parse

FULL = os.environ.get("KG_LOAD_FULL") == "1"
CLIENTS, PER_CLIENT = (50, 200) if FULL else (20, 50)
DEADLINE = 600 if FULL else 120  # seconds for the whole run

# Each request with the answer it must get.
CASES = [
    ("/sparql?" + urllib.parse.urlencode({"query": "SELECT (COUNT(DISTINCT ?m) AS ?n) "
                                                   "WHERE { ?m a kg:Meeting }"}),
     lambda data: data["results"]["bindings"][0]["n"]["value"] == "12"),
    ("/queries/meetings-of?actor=lavrov",
     lambda data: len(data["results"]["bindings"]) == 4),
    ("/sparql?" + urllib.parse.urlencode({"query": "ASK { actor:sergei-lavrov a kg:Person }"}),
     lambda data: data["boolean"] is True),
    ("/queries/conflicts",
     lambda data: len(data["results"]["bindings"]) == 1),
]


def client(port: int, count: int, offset: int, latencies: list, errors: list,
           stop_at: float) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for i in range(count):
            if time.monotonic() > stop_at:
                errors.append("deadline passed")
                return
            path, check = CASES[(offset + i) % len(CASES)]
            started = time.perf_counter()
            try:
                connection.request("GET", path,
                                   headers={"Accept": "application/sparql-results+json"})
                response = connection.getresponse()
                body = response.read()
            except (OSError, http.client.HTTPException) as exc:
                errors.append(f"{path}: {exc!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies.append(time.perf_counter() - started)
            if response.status != 200 or not check(json.loads(body)):
                errors.append(f"{path}: {response.status} {body[:200]!r}")
    finally:
        connection.close()


def test_concurrent_clients_get_correct_answers(plain_server):
    port = int(plain_server.base.rsplit(":", 1)[1])
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = time.monotonic() + DEADLINE
    threads = [threading.Thread(target=client, args=(port, PER_CLIENT, n, latencies, errors,
                                                     stop_at)) for n in range(CLIENTS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=DEADLINE + 60)
    elapsed = time.perf_counter() - started
    assert not any(t.is_alive() for t in threads), "clients still running after the deadline"
    assert errors == [], f"{len(errors)} errors, e.g. {errors[:3]}"
    assert len(latencies) == CLIENTS * PER_CLIENT
    p95 = statistics.quantiles(latencies, n=100)[94]
    report = (f"load: {CLIENTS} clients x {PER_CLIENT} queries = {len(latencies)} in "
              f"{elapsed:.1f} s, {len(latencies) / elapsed:.0f} queries/s, "
              f"median {statistics.median(latencies) * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms")
    print(report)
