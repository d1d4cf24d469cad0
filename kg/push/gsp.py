"""Pushing named graphs over the SPARQL 1.1 Graph Store HTTP Protocol.

Each changed graph is one `PUT ?graph=IRI` (which replaces the graph on the server), each
graph that left the store one `DELETE ?graph=IRI`. Which graphs changed is decided by
content hash against what this endpoint last received (`state.py`), so a second push with
nothing new sends nothing, and a push that was killed is completed by the next one.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.build.progress import ProgressBar
from kg.push.graphs import graph_iris, serialise_graph
from kg.push.http import Client
from kg.push.state import SENDING, PushState

# Turtle is the one RDF syntax every Graph Store Protocol server accepts, and sorted
# N-Triples is Turtle; UTF-8 is said explicitly, as some servers default to Latin-1.
CONTENT_TYPE = "text/turtle; charset=utf-8"
# A named fault point for the interruption tests: the process kills itself (SIGKILL, no
# clean-up of any kind) right after this many graphs have been sent and recorded.
FAULT_KILL_AFTER_PUTS = "KG_PUSH_FAULT_KILL_AFTER_PUTS"


@dataclass
class PushReport:
    endpoint: str
    sent: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    triples: int = 0
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.triples / self.seconds if self.seconds else 0.0


def graph_url(endpoint: str, iri: str) -> str:
    """The Graph Store Protocol's indirect identification: ENDPOINT?graph=IRI."""
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode({'graph': iri})}"


def plan(store: ox.Store, state: PushState, everything: bool = False):
    """(graphs to send, graphs to delete, how many are unchanged): decided by hashing each
    local graph against what the endpoint last received."""
    local = graph_iris(store)
    send = [iri for iri in local
            if everything or state.graphs.get(iri) != serialise_graph(store, iri).digest]
    present = set(local)
    delete = sorted(iri for iri in state.graphs if iri not in present)
    return send, delete, len(local) - len(send)


def push(store: ox.Store, endpoint: str, state: PushState, client: Client, *,
         everything: bool = False, log: Callable[[str], None] = lambda message: None,
         progress: Callable[[int, int], None] | None = None) -> PushReport:
    """Bring the endpoint to exactly the store's named graphs; return what was done."""
    start = time.monotonic()
    send, delete, unchanged = plan(store, state, everything)
    report = PushReport(endpoint, unchanged=unchanged)
    total = len(send) + len(delete)
    bar = ProgressBar(total, "graphs", min_total=20)
    kill_after = int(os.environ.get(FAULT_KILL_AFTER_PUTS) or 0)
    done = 0
    for iri in send:
        graph = serialise_graph(store, iri)
        state.record(iri, SENDING)
        client.send("PUT", graph_url(endpoint, iri), f"graph <{iri}>", body=graph.body,
                    headers={"Content-Type": CONTENT_TYPE})
        state.record(iri, graph.digest)
        report.sent.append(iri)
        report.triples += graph.triples
        done += 1
        bar(done)
        if progress:
            progress(done, total)
        if kill_after and len(report.sent) >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)
    for iri in delete:
        # A 404 means the graph is already gone: the wanted outcome.
        client.send("DELETE", graph_url(endpoint, iri), f"graph <{iri}>", ok_missing=True)
        state.record(iri, None)
        report.deleted.append(iri)
        done += 1
        bar(done)
        if progress:
            progress(done, total)
    state.save()
    report.seconds = time.monotonic() - start
    return report
