"""Dynamic GEXF 1.3: read back by networkx and graphology-gexf (Gephi Lite's parser), and
its time intervals checked against the meeting dates in the store."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

import networkx as nx
import pytest

from kg.export.gexf import merge_intervals, write_gexf
from kg.namespaces import sparql_prologue
from kg.projections import ALL_STATUSES, PROJECTIONS, Filters, project
from kg.projections.attributes import ready_for_export
from tests.js.reader import read_with_graphology

NS = "{http://gexf.net/1.3}"
VIZ = "{http://gexf.net/1.3/viz}"


def _write(store, name, path, filters=None):
    filters = filters or Filters()
    graph = ready_for_export(project(store, name, filters))
    write_gexf(graph, path, store=store, projection=name, filters=filters)
    return graph


@pytest.fixture(scope="module", params=list(PROJECTIONS))
def written(request, corpus_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("gexf") / f"{request.param}.gexf"
    return _write(corpus_store, request.param, path, Filters(statuses=ALL_STATUSES)), path


def _store_dates(store) -> dict[str, tuple[str, str]]:
    rows = store.query(sparql_prologue() + """
        SELECT DISTINCT ?m ?start ?end WHERE { ?m kg:startDate ?start ; kg:endDate ?end }""",
                       use_default_graph_as_union=True)
    return {"meeting:" + r["m"].value.rsplit("/", 1)[1]: (r["start"].value, r["end"].value)
            for r in rows}


def _times(element) -> list[tuple[str, str]]:
    if element.get("start"):
        return [(element.get("start"), element.get("end"))]
    return [(s.get("start"), s.get("end")) for s in element.iter(f"{NS}spell")]


def test_header_is_dynamic_gexf_1_3(written):
    graph, path = written
    root = ET.parse(path).getroot()
    assert root.tag == f"{NS}gexf" and root.get("version") == "1.3"
    body = root.find(f"{NS}graph")
    assert body.get("mode") == "dynamic" and body.get("timeformat") == "date"
    assert body.get("defaultedgetype") == ("directed" if graph.is_directed() else "undirected")
    assert root.find(f"{NS}meta").get("lastmodifieddate") is None  # no timestamps


def test_viz_colour_size_and_position(written):
    graph, path = written
    nodes = {n.get("id"): n for n in ET.parse(path).getroot().iter(f"{NS}node")}
    for node, data in graph.nodes(data=True):
        colour = nodes[node].find(f"{VIZ}color")
        assert [int(colour.get(c)) for c in "rgb"] == [data["r"], data["g"], data["b"]]
        assert float(nodes[node].find(f"{VIZ}size").get("value")) == data["size"]
        position = nodes[node].find(f"{VIZ}position")
        assert (float(position.get("x")), float(position.get("y"))) == (data["x"], data["y"])


def test_networkx_reads_it_back(written):
    graph, path = written
    back = nx.read_gexf(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        graph.number_of_nodes(), graph.number_of_edges())
    for node, data in graph.nodes(data=True):
        assert back.nodes[node]["label"] == data["label"]
        for name in ("iri", "type", "label_ru", "degree", "betweenness"):
            assert back.nodes[node][name] == pytest.approx(data[name]), name


def test_graphology_reads_it_back(written):
    graph, path = written
    back = read_with_graphology(path)
    assert (back["order"], back["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    for node, data in graph.nodes(data=True):
        seen = back["nodes"][node]
        assert seen["color"] == "rgb({},{},{})".format(data["r"], data["g"], data["b"])
        for name, value in data.items():
            if name in ("r", "g", "b"):
                continue
            expected = pytest.approx(value) if isinstance(value, float) else value
            assert seen[name] == expected, name
    edges = {(e["source"], e["target"], e["attributes"]["label"]): e["attributes"]
             for e in back["edges"]}
    for u, v, data in graph.edges(data=True):
        seen = edges[(u, v, data["label"])]
        for name, value in data.items():
            assert seen[name] == value, name


def test_meeting_intervals_are_the_store_dates(corpus_store, tmp_path):
    dates = _store_dates(corpus_store)
    path = tmp_path / "am.gexf"
    graph = _write(corpus_store, "actor-meeting", path, Filters(statuses=ALL_STATUSES))
    root = ET.parse(path).getroot()
    nodes = {n.get("id"): n for n in root.iter(f"{NS}node")}
    meetings = [n for n, t in graph.nodes(data="type") if t == "meeting"]
    assert len(meetings) == 12
    for meeting in meetings:
        expected = [dates[meeting]] if meeting in dates else []  # undated: always visible
        assert _times(nodes[meeting]) == expected, meeting
    for edge in root.iter(f"{NS}edge"):
        meeting = edge.get("target")
        assert _times(edge) == ([dates[meeting]] if meeting in dates else []), edge.get("id")
    assert _times(nodes["meeting:2020-10-20-lavrov-bayramov-moscow"]) == [
        ("2020-10-20", "2020-10-21")]


def test_co_participation_spells_are_the_dates_of_the_shared_meetings(corpus_store, tmp_path):
    dates = _store_dates(corpus_store)
    rows = corpus_store.query(sparql_prologue() + """
        SELECT DISTINCT ?a ?b ?m WHERE {
          ?m kg:status status:occurred ; kg:participant ?a , ?b . FILTER(STR(?a) < STR(?b)) }""",
                            use_default_graph_as_union=True)
    shared = defaultdict(list)
    for r in rows:
        pair = tuple("actor:" + r[v].value.rsplit("/", 1)[1] for v in ("a", "b"))
        shared[pair].append(dates["meeting:" + r["m"].value.rsplit("/", 1)[1]])
    path = tmp_path / "co.gexf"
    _write(corpus_store, "co-participation", path)
    edges = {(e.get("source"), e.get("target")): e
             for e in ET.parse(path).getroot().iter(f"{NS}edge")}
    assert sorted(edges) == sorted(shared)
    for pair, intervals in shared.items():
        assert _times(edges[pair]) == merge_intervals(intervals), pair
    lavrov_bayramov = edges[("actor:jeyhun-bayramov", "actor:sergei-lavrov")]
    assert [(s.get("start"), s.get("end")) for s in lavrov_bayramov.iter(f"{NS}spell")] == [
        ("2020-10-20", "2020-10-21"), ("2022-10-14", "2022-10-14")]


def test_overlapping_intervals_merge():
    assert merge_intervals([("2020-10-21", "2020-10-21"), ("2020-10-20", "2020-10-21"),
                            ("2020-10-01", "2020-10-01")]) == [
        ("2020-10-01", "2020-10-01"), ("2020-10-20", "2020-10-21")]


def test_meeting_dates_do_not_shadow_gexf_time(corpus_store, tmp_path):
    """A meeting's dates are `date_start`/`date_end`, not GEXF's own `start`/`end`: networkx
    keeps both the dates and the node's time, graphology (Gephi Lite) keeps the dates and
    reads no time at all, which is why the README says the timeline plays in Gephi only."""
    dates = _store_dates(corpus_store)
    path = tmp_path / "am.gexf"
    _write(corpus_store, "actor-meeting", path, Filters(statuses=ALL_STATUSES))
    by_networkx = nx.read_gexf(path)
    by_graphology = read_with_graphology(path)["nodes"]
    meeting = "meeting:2020-10-20-lavrov-bayramov-moscow"
    assert dates[meeting] == ("2020-10-20", "2020-10-21")
    seen = by_networkx.nodes[meeting]
    assert (seen["date_start"], seen["date_end"]) == dates[meeting]
    assert (seen["start"], seen["end"]) == dates[meeting]  # networkx's reading of GEXF time
    seen = by_graphology[meeting]
    assert (seen["date_start"], seen["date_end"]) == dates[meeting]
    assert "start" not in seen and "end" not in seen and "spells" not in seen
    # An actor with several meetings: networkx reads its spells, next to its attributes.
    actor = by_networkx.nodes["actor:sergei-lavrov"]
    assert len(actor["spells"]) > 1 and actor["label"] == "Sergei Lavrov"
    declared = {a.get("title") for a in ET.parse(path).getroot().iter(f"{NS}attribute")}
    assert {"date_start", "date_end"} <= declared and not {"start", "end"} & declared
