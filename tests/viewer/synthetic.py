"""A generated actor–meeting graph shaped like the projection's output, for scale tests and
for measuring the viewer (measure_scale.py) without building a store first.

Actor popularity follows a Zipf-like law, as in kg/synth: a few actors attend most
meetings, most actors attend one or two. Same arguments, same graph.
"""

from __future__ import annotations

import datetime as dt
import random

import networkx as nx

STATUSES = ["occurred"] * 7 + ["planned", "proposed", "ruled-out"]
ACTOR_TYPES = ["person"] * 6 + ["state"] * 2 + ["government-body", "igo"]
ROLES = ["host", "guest", "participant", "mediator", "envoy"]


def actor_meeting_graph(nodes: int, seed: int = 1) -> nx.Graph:
    """About `nodes` nodes: 40% actors, 60% meetings with 2–5 participants each."""
    rng = random.Random(seed)
    actors = max(2, int(nodes * 0.4))
    meetings = max(1, nodes - actors)
    graph = nx.Graph(projection="actor-meeting")
    weights = [1 / (rank + 1) ** 1.07 for rank in range(actors)]
    names = [f"actor:a{i:05d}" for i in range(actors)]
    for i, name in enumerate(names):
        graph.add_node(name, iri=f"https://example.org/actor/a{i:05d}", label=f"Actor {i}",
                       label_ru=f"Актор {i}", type=ACTOR_TYPES[i % len(ACTOR_TYPES)])
    first = dt.date(2015, 1, 1)
    for j in range(meetings):
        day = first + dt.timedelta(days=rng.randrange(3650))
        meeting = f"meeting:m{j:05d}"
        graph.add_node(meeting, iri=f"https://example.org/meeting/m{j:05d}",
                       label=f"Meeting {j}", label_ru=f"Встреча {j}", type="meeting",
                       status=rng.choice(STATUSES), meeting_type="consultation",
                       start=day.isoformat(), end=day.isoformat(), place="", sources=1)
        for actor in set(rng.choices(names, weights, k=rng.randint(2, 5))):
            role = rng.choice(ROLES)
            graph.add_edge(actor, meeting, role=role, label=role, on_behalf_of="")
    graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    return graph
