"""The projections on the seed store: real answers, counted independently with SPARQL."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys

import networkx as nx
import pytest

from kg.errors import KgError
from kg.namespaces import sparql_prologue
from kg.projections import ALL_STATUSES, PROJECTIONS, Filters, add_layout_and_statistics, project

NODE_ATTRIBUTES = {"iri", "label", "label_ru", "type"}
MEETING_ATTRIBUTES = {"status", "meeting_type", "modality", "format", "start", "end", "place",
                      "sources"}


def _count(store, query: str) -> int:
    rows = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)


def test_seed_counts(seed_store):
    counts = {name: (g.number_of_nodes(), g.number_of_edges())
              for name in PROJECTIONS for g in [project(seed_store, name)]}
    assert counts == {"actor-meeting": (25, 22), "co-participation": (17, 21),
                      "actor-organisation": (37, 45)}


def test_actor_meeting_edges_are_the_participations_in_held_meetings(seed_store):
    expected = _count(seed_store, """SELECT (COUNT(DISTINCT CONCAT(STR(?m), STR(?a))) AS ?n)
        WHERE { ?m kg:status status:occurred ; kg:participant ?a }""")
    graph = project(seed_store, "actor-meeting")
    assert graph.number_of_edges() == expected
    assert nx.is_bipartite(graph)
    meetings = {n for n, t in graph.nodes(data="type") if t == "meeting"}
    assert len(meetings) == _count(seed_store, """SELECT (COUNT(DISTINCT ?m) AS ?n)
        WHERE { ?m kg:status status:occurred }""")
    edge = graph.edges["actor:sergei-lavrov", "meeting:2020-10-20-lavrov-bayramov-moscow"]
    assert edge["role"] == edge["label"] == "host"
    assert edge["on_behalf_of"] == "actor:rus"


def test_every_attribute_is_plain(seed_store):
    for name in PROJECTIONS:
        graph = add_layout_and_statistics(project(seed_store, name, Filters(
            statuses=ALL_STATUSES)))
        for node, data in graph.nodes(data=True):
            assert NODE_ATTRIBUTES <= data.keys(), node
            if data["type"] == "meeting":
                assert MEETING_ATTRIBUTES <= data.keys(), node
            assert {"x", "y", "degree", "weighted_degree", "betweenness"} <= data.keys()
            for value in [node, *data.values()]:
                assert type(value) in (str, int, float), (name, node, value)
        for *_, data in graph.edges(data=True):
            assert all(type(v) in (str, int, float) for v in data.values()), data


def test_lavrov_has_the_highest_weighted_degree_in_co_participation(seed_store):
    graph = add_layout_and_statistics(project(seed_store, "co-participation"))
    ranking = sorted(graph.nodes(data="weighted_degree"), key=lambda item: -item[1])
    assert ranking[0] == ("actor:sergei-lavrov", 5)
    assert ranking[1][1] < 5
    assert graph.edges["actor:jeyhun-bayramov", "actor:sergei-lavrov"]["meetings"] == (
        "2020-10-20 Lavrov–Bayramov talks in Moscow; "
        "2022-10-14 Lavrov–Mirzoyan–Bayramov meeting in Astana")


def test_disagreeing_accounts_resolve_to_the_first_article(seed_store):
    """000 (English) says Khovayev was the Foreign Ministry's envoy, 002 (Russian) the
    President's: a tie, so the account that sorts first wins, and `sources` says two."""
    graph = project(seed_store, "actor-meeting")
    edge = graph.edges["actor:igor-khovayev", "meeting:2023-09-17-istanbul-talks"]
    assert edge["post"].startswith("Special Representative of the Russian Foreign Ministry")
    assert graph.nodes["meeting:2023-09-17-istanbul-talks"]["sources"] == 2


def test_status_filter(seed_store):
    held = project(seed_store, "actor-meeting")
    everything = project(seed_store, "actor-meeting", Filters(statuses=ALL_STATUSES))
    planned = project(seed_store, "actor-meeting", Filters(statuses=frozenset({"planned"})))
    status = {n: d["status"] for n, d in everything.nodes(data=True) if d["type"] == "meeting"}
    assert len(status) == 12
    assert {d["status"] for _, d in held.nodes(data=True) if d["type"] == "meeting"} == {
        "occurred"}
    assert sorted(n for n, d in planned.nodes(data=True) if d["type"] == "meeting") == [
        "meeting:2020-10-23-pompeo-bayramov", "meeting:2020-10-23-pompeo-mnatsakanyan"]


def test_date_range_keeps_overlapping_meetings(seed_store):
    # The truce talks are dated "October 2020" (2020-10-01..31): they overlap late October.
    graph = project(seed_store, "actor-meeting", Filters(start=datetime.date(2020, 10, 21),
                                                          end=datetime.date(2020, 10, 31)))
    meetings = sorted(n for n, t in graph.nodes(data="type") if t == "meeting")
    assert meetings == ["meeting:2020-10-20-lavrov-bayramov-moscow",
                        "meeting:2020-10-21-lavrov-mnatsakanyan-moscow",
                        "meeting:2020-10-moscow-truce-talks"]


def test_actor_type_and_min_weight(seed_store):
    people = project(seed_store, "co-participation",
                     Filters(actor_types=frozenset({"person"})))
    assert {t for _, t in people.nodes(data="type")} == {"person"}
    strong = project(seed_store, "co-participation", Filters(min_weight=2))
    assert list(strong.edges(data="weight")) == [
        ("actor:jeyhun-bayramov", "actor:sergei-lavrov", 2)]
    assert strong.number_of_nodes() == 2


def test_actor_organisation_relations(seed_store):
    graph = project(seed_store, "actor-organisation")
    assert graph.is_directed() and graph.is_multigraph()
    relations = {k for *_, k in graph.edges(keys=True)}
    assert relations == {"member", "part-of", "post", "on-behalf-of"}
    assert graph.edges["actor:sergei-lavrov", "actor:rus", "on-behalf-of"]["weight"] == 4
    assert graph.edges["actor:rus", "actor:minsk-group", "member"]["role"] == "Co-chair"
    assert not any(u == v for u, v in graph.edges())  # no state acting "for itself"


@pytest.mark.parametrize("filters, message", [
    (Filters(statuses=frozenset({"happened"})), "unknown status happened"),
    (Filters(actor_types=frozenset({"robot"})), "unknown actor type robot"),
    (Filters(start=datetime.date(2021, 1, 1), end=datetime.date(2020, 1, 1)), "ends"),
    (Filters(min_weight=0), "at least 1"),
])
def test_bad_filters_are_user_errors(seed_store, filters, message):
    with pytest.raises(KgError, match=message):
        project(seed_store, "co-participation", filters)


def test_unknown_projection(seed_store):
    with pytest.raises(KgError, match="unknown projection"):
        project(seed_store, "actor-actor")


def test_layout_is_the_same_in_any_process(built_seeds):
    """Seeded layout over sorted nodes: PYTHONHASHSEED (set ordering) changes nothing."""
    script = (
        "import json, sys\n"
        "from kg.store import open_store\n"
        "from kg.projections import PROJECTIONS, project, add_layout_and_statistics\n"
        "store = open_store(sys.argv[1])\n"
        "out = {n: list(add_layout_and_statistics(project(store, n)).nodes(data=True))\n"
        "       for n in PROJECTIONS}\n"
        "print(json.dumps(out, sort_keys=True))\n")
    outputs = set()
    for seed in ("0", "1", "12345"):
        proc = subprocess.run([sys.executable, "-c", script, str(built_seeds / ".kg" / "store")],
                              capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""})
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["co-participation"]
