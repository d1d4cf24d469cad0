"""GraphML: read back by networkx, igraph and graphology-graphml (Gephi Lite's parser), with
the projection's counts and attributes; and Gephi's d3/d7 label trap made impossible."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import igraph
import networkx as nx
import pytest

from kg.export.graphml import write_graphml
from kg.projections import ALL_STATUSES, PROJECTIONS, Filters, project
from kg.projections.attributes import ready_for_export
from tests.conftest import run_kg
from tests.js.reader import read_with_graphology

G = "{http://graphml.graphdrawing.org/xmlns}"
# How Gephi's GraphML importer picks its built-in properties: a key whose id, or failing
# that whose attr.name, is one of these (ImporterGraphML's default associations).
GEPHI_NODE_PROPERTIES = {"label": "LABEL", "d3": "LABEL", "x": "X", "y": "Y", "xpos": "X",
                         "ypos": "Y", "z": "Z", "size": "SIZE", "r": "R", "g": "G", "b": "B"}
GEPHI_EDGE_PROPERTIES = {"label": "LABEL", "edgelabel": "LABEL", "d7": "LABEL",
                         "weight": "WEIGHT", "edge weight": "WEIGHT", "id": "ID",
                         "edgeid": "ID", "r": "R", "g": "G", "b": "B"}


@pytest.fixture(scope="module", params=list(PROJECTIONS))
def written(request, corpus_store, tmp_path_factory):
    name = request.param
    graph = ready_for_export(project(corpus_store, name, Filters(statuses=ALL_STATUSES)))
    path = tmp_path_factory.mktemp("graphml") / f"{name}.graphml"
    write_graphml(graph, path, store=corpus_store, projection=name, filters=None)
    return graph, path


def gephi_properties(path) -> dict[tuple[str, str], str]:
    """(for, attr.name) of each key -> the Gephi property it becomes, as Gephi decides."""
    found = {}
    for key in ET.parse(path).getroot().iter(f"{G}key"):
        table = GEPHI_NODE_PROPERTIES if key.get("for") == "node" else GEPHI_EDGE_PROPERTIES
        prop = table.get(key.get("id").lower()) or table.get(key.get("attr.name").lower())
        if prop:
            found[(key.get("for"), key.get("attr.name"))] = prop
    return found


def test_gephi_reads_label_colour_position_and_weight_from_the_right_keys(written):
    graph, path = written
    keys = list(ET.parse(path).getroot().iter(f"{G}key"))
    assert not [k.get("id") for k in keys if re.fullmatch(r"d\d+", k.get("id"))]
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids)), "GraphML key ids must be unique across nodes and edges"
    expected = {("node", "label"): "LABEL", ("node", "x"): "X", ("node", "y"): "Y",
                ("node", "size"): "SIZE", ("node", "r"): "R", ("node", "g"): "G",
                ("node", "b"): "B", ("edge", "label"): "LABEL"}
    if any("weight" in d for *_, d in graph.edges(data=True)):
        expected[("edge", "weight")] = "WEIGHT"
    assert gephi_properties(path) == expected


def test_the_d3_d7_trap_is_real_for_networkx_defaults(written, tmp_path):
    """The same graph through networkx's default writer: some key is d3 or d7, and Gephi
    would read a non-label attribute as every label. Ours (above) cannot."""
    graph, _ = written
    path = tmp_path / "networkx.graphml"
    nx.write_graphml(graph, path)
    trapped = {name for (_, name), prop in gephi_properties(path).items()
               if prop == "LABEL" and name != "label"}
    assert trapped, "networkx no longer numbers keys d0, d1, ...: revisit the comment"


def _same_attributes(expected: dict, actual: dict, skip=()) -> None:
    for name, value in expected.items():
        if name in skip:
            continue
        if isinstance(value, float):
            assert actual[name] == pytest.approx(value), name
        else:
            assert actual[name] == value, (name, actual.get(name), value)


def test_networkx_reads_it_back(written):
    graph, path = written
    back = nx.read_graphml(path)
    assert (back.number_of_nodes(), back.number_of_edges()) == (
        graph.number_of_nodes(), graph.number_of_edges())
    assert back.is_directed() == graph.is_directed()
    for node, data in graph.nodes(data=True):
        _same_attributes(data, back.nodes[node])


def test_igraph_reads_it_back(written):
    graph, path = written
    back = igraph.Graph.Read_GraphML(str(path))
    assert (back.vcount(), back.ecount()) == (graph.number_of_nodes(), graph.number_of_edges())
    vertices = {v["id"]: v.attributes() for v in back.vs}
    for node, data in graph.nodes(data=True):
        _same_attributes(data, vertices[node])
    edges = {(back.vs[e.source]["id"], back.vs[e.target]["id"], e["label"]): e.attributes()
             for e in back.es}
    for u, v, data in graph.edges(data=True):
        _same_attributes(data, edges[(u, v, data["label"])])


def test_graphology_reads_it_back(written):
    graph, path = written
    back = read_with_graphology(path)
    assert (back["order"], back["size"]) == (graph.number_of_nodes(), graph.number_of_edges())
    assert back["multi"] == graph.is_multigraph()
    for node, data in graph.nodes(data=True):
        # graphology-graphml turns r, g, b into one `color`.
        _same_attributes(data, back["nodes"][node], skip={"r", "g", "b"})
        r, g, b = data["r"], data["g"], data["b"]
        assert back["nodes"][node]["color"] == f"#{r:02x}{g:02x}{b:02x}"
    edges = {(e["source"], e["target"], e["attributes"]["label"]): e["attributes"]
             for e in back["edges"]}
    for u, v, data in graph.edges(data=True):
        _same_attributes(data, edges[(u, v, data["label"])])


def test_values_that_are_not_plain_are_refused(tmp_path):
    graph = nx.Graph()
    graph.add_node("a", label="A", aliases=["x", "y"])
    with pytest.raises(TypeError, match="list"):
        write_graphml(graph, tmp_path / "bad.graphml")
    assert not (tmp_path / "bad.graphml").exists()
    graph.nodes["a"]["aliases"] = None
    with pytest.raises(TypeError, match="NoneType"):
        write_graphml(graph, tmp_path / "bad.graphml")


def test_cli_writes_the_filtered_projection(built_corpus, corpus_store, tmp_path):
    out = tmp_path / "people.graphml"
    result = run_kg("export", "graphml", "--projection", "co-participation",
                    "--actor-type", "person", "--min-weight", "2", "-o", str(out),
                    "--store", str(built_corpus / ".kg" / "store"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert "2 nodes, 1 edges" in result.output
    back = nx.read_graphml(out)
    assert sorted(back.nodes) == ["actor:jeyhun-bayramov", "actor:sergei-lavrov"]


def test_cli_bad_filter_is_exit_2(built_corpus, tmp_path):
    result = run_kg("export", "graphml", "--from", "2023-01-01", "--to", "2020-01-01",
                    "--store", str(built_corpus / ".kg" / "store"), cwd=tmp_path)
    assert result.exit_code == 2
    assert "ends (2020-01-01) before it starts (2023-01-01)" in result.output
    assert not list(tmp_path.iterdir())


def test_files_are_identical_across_processes(built_corpus, tmp_path):
    """Byte-identical whatever PYTHONHASHSEED: no set order or timestamp reaches a file."""
    contents = set()
    for seed in ("0", "7"):
        out = tmp_path / f"{seed}"
        out.mkdir()
        for fmt in ("graphml", "gexf"):
            subprocess.run([sys.executable, "-m", "kg", "export", fmt, "-p", "actor-meeting",
                            "--status", "all", "--store", str(built_corpus / ".kg" / "store"),
                            "-o", str(out / f"g.{fmt}")], check=True, capture_output=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}, stdin=subprocess.DEVNULL)
        contents.add(tuple((out / f"g.{fmt}").read_bytes() for fmt in ("graphml", "gexf")))
    assert len(contents) == 1


def test_build_exports_are_written_and_deterministic(corpus_store, tmp_path):
    from kg.export.graphs import graph_export_names, write_graph_exports

    first = write_graph_exports(corpus_store, tmp_path / "a")
    second = write_graph_exports(corpus_store, tmp_path / "b")
    assert [p.name for p in first] == graph_export_names()
    assert {"kg-co-participation.graphml", "kg-actor-meeting.graphml",
            "kg-actor-organisation.graphml", "kg-co-participation.gexf"} <= {
        p.name for p in first}
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_a_format_whose_module_is_missing_is_not_listed(monkeypatch):
    from kg.cli import export as cli_export

    monkeypatch.setitem(cli_export.GRAPH_EXPORTS, "dot", "kg.export.dot:write_dot")
    assert not cli_export._available("dot")
    assert cli_export._available("graphml") and cli_export._available("gexf")


def test_meeting_dates_are_named_date_start_and_date_end(written):
    """The same names as in the GEXF export, where `start` and `end` belong to GEXF."""
    graph, path = written
    names = {k.get("attr.name") for k in ET.parse(path).getroot().iter(f"{G}key")}
    assert not {"start", "end"} & names
    if graph.graph["projection"] == "actor-meeting":
        assert {"date_start", "date_end"} <= names
        back = nx.read_graphml(path)
        meeting = back.nodes["meeting:2020-10-20-lavrov-bayramov-moscow"]
        assert (meeting["date_start"], meeting["date_end"]) == ("2020-10-20", "2020-10-21")
