"""The projections: real answers, counted independently with SPARQL on the seed store, and
exact ones on the reconciliation fixture corpus (tests/fixtures/reconcile, described in
tests/query/test_answers.py), which adding articles to seeds/ never changes."""

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
MEETING_ATTRIBUTES = {"status", "meeting_type", "modality", "format", "date", "start", "end",
                      "place", "sources", "contested"}
ISTANBUL = "meeting:2020-10-14-istanbul-consultations"
MOSCOW = "meeting:2020-10-lavrov-bayramov-moscow"
POMPEO = "meeting:2020-10-23-pompeo-mnatsakanyan-bayramov"
CALL = "meeting:2020-10-27-lavrov-mnatsakanyan-call"


def _count(store, query: str) -> int:
    rows = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    return int(next(iter(rows))["n"].value)


def test_counts_on_the_fixture_corpus(rraw):
    # Four held meetings; nine actors take part (Khovayev, Onal, Azerbaijan; Lavrov,
    # Bayramov, Rudenko; Pompeo, Mnatsakanyan, Biegun); twelve participations, the union of
    # every article's lists; thirteen pairs, none sharing two meetings.
    counts = {name: (g.number_of_nodes(), g.number_of_edges())
              for name in ("actor-meeting", "co-participation")
              for g in [project(rraw, name)]}
    assert counts == {"actor-meeting": (13, 12), "co-participation": (9, 13)}


def test_actor_meeting_edges_are_the_participations_in_held_meetings(corpus_store):
    expected = _count(corpus_store, """SELECT (COUNT(DISTINCT CONCAT(STR(?m), STR(?a))) AS ?n)
        WHERE { ?m kg:status status:occurred ; kg:participant ?a }""")
    graph = project(corpus_store, "actor-meeting")
    assert graph.number_of_edges() == expected
    assert nx.is_bipartite(graph)
    meetings = {n for n, t in graph.nodes(data="type") if t == "meeting"}
    assert len(meetings) == _count(corpus_store, """SELECT (COUNT(DISTINCT ?m) AS ?n)
        WHERE { ?m kg:status status:occurred }""")



def test_actor_meeting_edges_carry_the_reconciled_roles(rraw):
    graph = project(rraw, "actor-meeting")
    edge = graph.edges["actor:sergei-lavrov", MOSCOW]
    assert (edge["role"], edge["on_behalf_of"]) == ("host", "actor:rus")
    # One account has Onal host the Istanbul talks, another mediate them: both roles.
    assert graph.edges["actor:sedat-onal", ISTANBUL]["role"] == "host, mediator"
    # Opposed roles (caller and recipient) are resolved: the latest article's.
    assert graph.edges["actor:sergei-lavrov", CALL]["role"] == "caller"


def test_every_attribute_is_plain(corpus_store):
    for name in PROJECTIONS:
        graph = add_layout_and_statistics(project(corpus_store, name, Filters(
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


def test_bayramov_has_the_highest_weighted_degree_in_co_participation(rraw):
    # Bayramov: Lavrov and Rudenko in Moscow, Pompeo, Mnatsakanyan and Biegun in Washington.
    graph = add_layout_and_statistics(project(rraw, "co-participation"))
    ranking = sorted(graph.nodes(data="weighted_degree"), key=lambda item: (-item[1], item[0]))
    assert ranking[:3] == [("actor:jeyhun-bayramov", 5), ("actor:zohrab-mnatsakanyan", 4),
                           ("actor:mike-pompeo", 3)]
    edge = graph.edges["actor:jeyhun-bayramov", "actor:sergei-lavrov"]
    # The reconciled date, as written; not one per article.
    assert edge["meetings"] == "2020-10-22 Lavrov–Bayramov talks in Moscow"
    assert (edge["first"], edge["last"]) == ("2020-10-22", "2020-10-22")


def test_edge_dates_are_shown_as_written(corpus_store):
    # The seeds' truce talks are dated "October 2020": a month, not its first day.
    graph = project(corpus_store, "actor-meeting")
    talks = graph.nodes["meeting:2020-10-moscow-truce-talks"]
    assert (talks["date"], talks["start"], talks["end"]) == ("2020-10", "2020-10-01",
                                                             "2020-10-31")


def test_disagreeing_accounts_take_the_reconciled_value_marked_contested(rraw):
    """Two articles make Khovayev the Foreign Ministry's representative, one the
    President's envoy: the reconciled post, with `contested` saying so."""
    graph = project(rraw, "actor-meeting")
    edge = graph.edges["actor:igor-khovayev", ISTANBUL]
    assert edge["post"].startswith("Special Representative of the Russian Foreign Ministry")
    istanbul = graph.nodes[ISTANBUL]
    assert (istanbul["sources"], istanbul["contested"], istanbul["place"]) == (
        3, "post", "Istanbul")


def test_held_meetings_include_the_one_first_reported_planned(rraw):
    """Two articles published before it call Pompeo's meeting planned, the third reports it
    held: the latest report wins, so it is among the meetings that took place."""
    held = project(rraw, "actor-meeting")
    assert held.nodes[POMPEO]["status"] == "occurred"
    assert held.nodes[POMPEO]["date"] == "2020-10-23"
    assert sorted(n for n, t in held.nodes(data="type") if t == "meeting") == sorted(
        [ISTANBUL, MOSCOW, POMPEO, CALL])
    planned = project(rraw, "actor-meeting", Filters(statuses=frozenset({"planned"})))
    assert planned.number_of_nodes() == 0


def test_status_filter(corpus_store):
    held = project(corpus_store, "actor-meeting")
    everything = project(corpus_store, "actor-meeting", Filters(statuses=ALL_STATUSES))
    planned = project(corpus_store, "actor-meeting", Filters(statuses=frozenset({"planned"})))
    status = {n: d["status"] for n, d in everything.nodes(data=True) if d["type"] == "meeting"}
    assert len(status) == _count(corpus_store, """SELECT (COUNT(DISTINCT ?m) AS ?n)
        WHERE { GRAPH kgg:reconciled { ?m a kg:Meeting ; kg:participant ?a } }""")
    assert {d["status"] for _, d in held.nodes(data=True) if d["type"] == "meeting"} == {
        "occurred"}
    assert {d["status"] for _, d in planned.nodes(data=True) if d["type"] == "meeting"} <= {
        "planned"}


def test_date_range_keeps_overlapping_meetings(corpus_store):
    # The truce talks are dated "October 2020" (2020-10-01..31): they overlap late October.
    graph = project(corpus_store, "actor-meeting", Filters(start=datetime.date(2020, 10, 21),
                                                          end=datetime.date(2020, 10, 31)))
    meetings = {n for n, t in graph.nodes(data="type") if t == "meeting"}
    assert {"meeting:2020-10-20-lavrov-bayramov-moscow",  # 20-21 October
            "meeting:2020-10-moscow-truce-talks"} <= meetings
    assert "meeting:2020-10-01-lavrov-cavusoglu-phone-call" not in meetings
    assert all(graph.nodes[m]["end"] >= "2020-10-21" and graph.nodes[m]["start"] <= "2020-10-31"
               for m in meetings)


def test_actor_type_and_min_weight(corpus_store):
    people = project(corpus_store, "co-participation",
                     Filters(actor_types=frozenset({"person"})))
    assert {t for _, t in people.nodes(data="type")} == {"person"}
    strong = project(corpus_store, "co-participation", Filters(min_weight=2))
    assert ("actor:jeyhun-bayramov", "actor:sergei-lavrov", 2) in strong.edges(data="weight")
    assert all(w >= 2 for *_, w in strong.edges(data="weight"))


def test_actor_organisation_relations(corpus_store, rraw):
    graph = project(corpus_store, "actor-organisation")
    assert graph.is_directed() and graph.is_multigraph()
    relations = {k for *_, k in graph.edges(keys=True)}
    assert relations == {"member", "part-of", "post", "on-behalf-of"}
    assert graph.edges["actor:rus", "actor:minsk-group", "member"]["role"] == "Co-chair"
    # Lavrov acts for Russia in Moscow and on the call: two meetings, whatever the articles.
    fixture = project(rraw, "actor-organisation")
    assert fixture.edges["actor:sergei-lavrov", "actor:rus", "on-behalf-of"]["weight"] == 2
    assert not any(u == v for u, v in graph.edges())  # no state acting "for itself"


@pytest.mark.parametrize("filters, message", [
    (Filters(statuses=frozenset({"happened"})), "unknown status happened"),
    (Filters(actor_types=frozenset({"robot"})), "unknown actor type robot"),
    (Filters(start=datetime.date(2021, 1, 1), end=datetime.date(2020, 1, 1)), "ends"),
    (Filters(min_weight=0), "at least 1"),
])
def test_bad_filters_are_user_errors(corpus_store, filters, message):
    with pytest.raises(KgError, match=message):
        project(corpus_store, "co-participation", filters)


def test_unknown_projection(corpus_store):
    with pytest.raises(KgError, match="unknown projection"):
        project(corpus_store, "actor-actor")


def test_layout_is_the_same_in_any_process(built_corpus):
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
        proc = subprocess.run([sys.executable, "-c", script, str(built_corpus / ".kg" / "store")],
                              capture_output=True, text=True, check=True,
                              env={"PYTHONHASHSEED": seed, "PATH": ""})
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert json.loads(outputs.pop())["co-participation"]


def _gexf_meetings(path) -> dict[str, dict]:
    """Meeting nodes of a GEXF file as an independent XML reader sees them: the node's own
    start/end (its spell) and its attribute values by attribute title."""
    import xml.etree.ElementTree as ET

    root = ET.parse(path).getroot()
    ns = {"g": root.tag.split("}")[0].strip("{")}
    titles = {a.get("id"): a.get("title") for a in root.iterfind(".//g:attribute", ns)}
    nodes = {}
    for node in root.iterfind(".//g:node", ns):
        values = {titles[v.get("for")]: v.get("value") for v in node.iterfind(".//g:attvalue", ns)}
        if values.get("type") == "meeting":
            nodes[node.get("id")] = {**values, "spell": (node.get("start"), node.get("end"))}
    return nodes


def test_gexf_of_meetings_that_took_place_shows_the_reconciled_status(reconcile_exports):
    meetings = _gexf_meetings(reconcile_exports / "exports" / "kg-actor-meeting.gexf")
    assert sorted(meetings) == sorted([ISTANBUL, MOSCOW, POMPEO, CALL])
    pompeo = meetings[POMPEO]
    assert (pompeo["status"], pompeo["date"], pompeo["spell"]) == (
        "occurred", "2020-10-23", ("2020-10-23", "2020-10-23"))
    assert meetings[MOSCOW]["contested"] == "date"


def test_gexf_month_is_a_spell_over_the_month_shown_as_written(built_corpus):
    meetings = _gexf_meetings(built_corpus / "exports" / "kg-actor-meeting.gexf")
    talks = meetings["meeting:2020-10-moscow-truce-talks"]
    assert talks["date"] == "2020-10"
    assert talks["spell"] == ("2020-10-01", "2020-10-31")
