"""The three projections: rows from a named query plus the resolved actors and meetings,
turned into a networkx graph. Nodes and edges are added in sorted order, so a graph's
iteration order, and every file written from it, does not depend on the store."""

from __future__ import annotations

from collections import defaultdict

import networkx as nx
import pyoxigraph as ox

from kg.projections.filters import Filters
from kg.projections.records import Meeting, Records, load_records, local_name, select


def _readable(meetings: list[Meeting]) -> str:
    """`2020-10-20 Lavrov–Bayramov talks in Moscow; 2022-10-14 ...`: for a person in Gephi's
    data table, not for a program (which has `meeting_ids`)."""
    return "; ".join(f"{m.date} {m.label}" if m.date else m.label for m in meetings)


def _meeting_links(meetings: list[Meeting]) -> dict[str, str | int]:
    """Edge attributes for the meetings an edge stands for; `first` and `last` are the
    earliest and latest of their dates, as written ("2020-10", not "2020-10-01")."""
    meetings = sorted(meetings, key=lambda m: m.sort_key)
    dated = [m for m in meetings if m.start]
    latest = max(dated, key=lambda m: (m.end, m.start, m.id)) if dated else None
    return {"weight": len(meetings), "meetings": _readable(meetings),
            "meeting_ids": " ".join(m.id for m in meetings),
            "first": dated[0].date if dated else "",
            "last": latest.date if latest else ""}


def actor_meeting_graph(store: ox.Store, filters: Filters) -> nx.Graph:
    """Bipartite: actors and meetings, an edge for each participation, labelled by role (a
    participant with several roles, host and mediator say, has them joined: "host, mediator")."""
    records = load_records(store, filters)
    rows: dict[tuple[str, str], list[dict[str, str]]] = defaultdict(list)
    for row in select(store, "actor-meeting"):
        actor = records.actors.get(row["actor"])
        if (row["meeting"] in records.meetings and actor is not None
                and filters.keeps_actor(actor.type)):
            rows[(row["actor"], row["meeting"])].append(row)
    graph = nx.Graph(projection="actor-meeting")
    pairs = sorted(rows)
    for node in sorted({a for a, _ in pairs} | {m for _, m in pairs}):
        graph.add_node(node, **_node_attributes(records, node))
    for actor_id, meeting_id in pairs:
        found = rows[(actor_id, meeting_id)]
        role = ", ".join(sorted({local_name(row["role"]) for row in found}))
        # The side and post are resolved to one value each in kgg:reconciled.
        graph.add_edge(actor_id, meeting_id, role=role, label=role,
                       on_behalf_of=found[0]["onBehalfOf"], post=found[0]["postLabel"],
                       meeting_ids=meeting_id)
    return graph


def co_participation_graph(store: ox.Store, filters: Filters) -> nx.Graph:
    """Actor–actor: an edge for each pair who took part in the same meeting, weighted by
    the number of meetings they shared; edges below `filters.min_weight` are dropped, and so
    are actors left without an edge."""
    records = load_records(store, filters)
    shared: dict[tuple[str, str], list[Meeting]] = defaultdict(list)
    for row in select(store, "co-participation"):
        meeting = records.meetings.get(row["meeting"])
        ends = [records.actors.get(row["actor"]), records.actors.get(row["other"])]
        if meeting is None or None in ends or not all(filters.keeps_actor(a.type) for a in ends):
            continue
        shared[(row["actor"], row["other"])].append(meeting)
    kept = {pair: meetings for pair, meetings in shared.items()
            if len(meetings) >= filters.min_weight}
    graph = nx.Graph(projection="co-participation")
    for node in sorted({actor for pair in kept for actor in pair}):
        graph.add_node(node, **_node_attributes(records, node))
    for (actor, other), meetings in sorted(kept.items()):
        links = _meeting_links(meetings)
        count = links["weight"]
        graph.add_edge(actor, other, label=f"{count} meeting{'s' if count != 1 else ''}",
                       **links)
    return graph


_RELATION_LABELS = {"member": "member of", "part-of": "part of", "post": "post in",
                    "on-behalf-of": "on behalf of"}


def actor_organisation_graph(store: ox.Store, filters: Filters) -> nx.MultiDiGraph:
    """Directed, from an actor to an organisation or state, one edge per relation (the edge
    key): `member` (registry memberships, with their role), `part-of` (sub-organisations),
    `post` (a post held in the organisation, by tenure) and `on-behalf-of` (acting for it in
    the meetings the filters keep, weighted by their number). Registry relations have no
    meeting, so the status filter does not apply to them; a tenure is kept if it overlaps
    the date range."""
    records = load_records(store, filters)
    found: dict[tuple[str, str, str], dict] = {}
    for row in select(store, "actor-organisation"):
        ends = [records.actors.get(row["actor"]), records.actors.get(row["organisation"])]
        if (None in ends or not all(filters.keeps_actor(a.type) for a in ends)
                or row["actor"] == row["organisation"]):  # a state acting for itself
            continue
        relation = row["relation"]
        if relation == "on-behalf-of" and row["meeting"] not in records.meetings:
            continue
        if relation == "post" and not _tenure_overlaps(filters, row["start"], row["end"]):
            continue
        entry = found.setdefault((row["actor"], row["organisation"], relation),
                                 {"roles": set(), "meetings": {}, "starts": [], "ends": []})
        if row["roleLabel"] or row["role"]:
            entry["roles"].add(row["roleLabel"] or local_name(row["role"]))
        if row["meeting"]:
            entry["meetings"][row["meeting"]] = records.meetings[row["meeting"]]
        entry["starts"].append(row["start"])
        entry["ends"].append(row["end"])
    graph = nx.MultiDiGraph(projection="actor-organisation")
    for node in sorted({end for key in found for end in key[:2]}):
        graph.add_node(node, **_node_attributes(records, node))
    for (actor, organisation, relation), entry in sorted(found.items()):
        role = "; ".join(sorted(entry["roles"]))
        attributes = {"relation": relation, "role": role,
                      "label": f"{_RELATION_LABELS[relation]} ({role})" if role
                      else _RELATION_LABELS[relation]}
        if entry["meetings"]:
            attributes.update(_meeting_links(list(entry["meetings"].values())))
        else:
            # A tenure's dates; a registry relation without dates has "" for both.
            attributes.update(weight=1, meetings="", meeting_ids="",
                              first=min(entry["starts"]),
                              last="" if "" in entry["ends"] else max(entry["ends"]))
        graph.add_edge(actor, organisation, key=relation, **attributes)
    return graph


def _tenure_overlaps(filters: Filters, start: str, end: str) -> bool:
    """A tenure without a start began before anything we know of; without an end, it lasts."""
    return ((filters.end is None or not start or start <= filters.end.isoformat())
            and (filters.start is None or not end or end >= filters.start.isoformat()))


def _node_attributes(records: Records, node: str) -> dict[str, str | int]:
    if node in records.meetings:
        return records.meetings[node].attributes()
    return records.actors[node].attributes()
