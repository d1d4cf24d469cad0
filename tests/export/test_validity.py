"""Every graph export is valid for its schema and every export survives hostile names:
the GraphML XSD, the GEXF 1.3 grammar, and read-backs by independent readers of files built
from a store whose names hold control characters and characters no XML id may hold."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest

from kg.export.xmlsafe import nmtoken, xml_text
from kg.projections import ALL_STATUSES, PROJECTIONS, Filters, project
from kg.projections.attributes import ready_for_export
from tests.export.checkers import gexf_errors, graphml_errors, read_with_jgrapht
from tests.js.reader import read_with_graphology

GRAPH_FILES = [f"kg-{p}.{fmt}" for p in PROJECTIONS for fmt in ("graphml", "gexf")]


def schema_errors(path: Path, tmp: Path) -> list[str]:
    return graphml_errors(path, tmp) if path.suffix == ".graphml" else gexf_errors(path)


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_every_graph_export_is_valid_for_its_schema(built_corpus, tmp_path, name):
    """GraphML against the GraphML XSD (ids are NMTOKENs), GEXF against GEXF 1.3."""
    assert schema_errors(built_corpus / "exports" / name, tmp_path) == []


@pytest.mark.parametrize("projection", list(PROJECTIONS))
def test_jgrapht_imports_every_graphml_export(built_corpus, corpus_store, projection):
    """JGraphT's importer refused the file while edge ids held spaces and `>`."""
    graph = project(corpus_store, projection, Filters())
    back = read_with_jgrapht(built_corpus / "exports" / f"kg-{projection}.graphml",
                             graph.is_directed())
    assert (back["nodes"], back["edges"]) == (graph.number_of_nodes(),
                                              graph.number_of_edges())
    assert back["labels"] == {n: d["label"] for n, d in graph.nodes(data=True)}


def test_graphml_edge_ids_with_spaces_and_arrows_are_what_the_xsd_refused(built_corpus,
                                                                          tmp_path):
    """The old edge id form (`actor:a -post-> actor:b`) against the same schema: refused,
    so the check above is a real one."""
    path = built_corpus / "exports" / "kg-actor-organisation.graphml"
    old = re.sub(r'<edge id="([^"]*?)--([a-z-]+)--([^"]*)"', r'<edge id="\1 -\2-> \3"',
                 path.read_text("utf-8"))
    copy = tmp_path / "old-ids.graphml"
    copy.write_text(old, "utf-8")
    errors = graphml_errors(copy, tmp_path)
    assert errors and all("NMTOKEN" in e or "precomputed" in e for e in errors)


def test_edge_ids_read_as_the_relation_they_stand_for(corpus_store):
    graph = ready_for_export(project(corpus_store, "actor-organisation", Filters()))
    from kg.projections.attributes import edge_id

    ids = {edge_id(graph, u, v, k) for u, v, k in graph.edges(keys=True)}
    assert len(ids) == graph.number_of_edges()
    assert "actor:anna-nagdalyan--post--actor:arm-mfa" in ids


@pytest.mark.parametrize("mutation", [
    ("source=", "origin="),                        # an attribute GEXF does not define
    ('<viz:color r="', '<viz:color r="3'),         # a channel above 255
    ('mode="dynamic"', 'mode="moving"'),           # a mode GEXF does not define
    ('type="string"', 'type="text"'),              # an attribute type GEXF does not define
    ("<spells>", "<spells><spell start='soon' />"),  # a time that is not a date
])
def test_the_gexf_grammar_refuses_what_gexf_does_not_define(built_corpus, tmp_path, mutation):
    text = (built_corpus / "exports" / "kg-co-participation.gexf").read_text("utf-8")
    old, new = mutation
    assert old in text
    broken = tmp_path / "broken.gexf"
    broken.write_text(text.replace(old, new, 1), "utf-8")
    assert gexf_errors(broken) != []


def test_xml_safe_text_and_tokens():
    assert xml_text("a\x0bb\x00c\td\ne\r") == "a\u240bb\u2400c\td\ne\r"
    assert xml_text("\ud800\ufffe") == "\\ud800\\ufffe"  # which character, not just U+FFFD
    assert nmtoken("actor:sergei-lavrov") == "actor:sergei-lavrov"
    assert nmtoken("label_ru") == "label_ru"
    assert nmtoken("a b>") == "a.20.b.3E."
    # injective: `.` is itself escaped, so no two names meet
    names = ["a.b", "a.2E.b", "a b", "a.20.b", "", ".", "x\u0416"]
    assert len({nmtoken(n) for n in names}) == len(names)
    assert all(re.fullmatch(r"[A-Za-z0-9_:.\-]+", nmtoken(n)) for n in names)


# A store whose names hold what XML cannot carry and what no XML id may hold.
HOSTILE_LABEL = "Sergei\x0bLavrov\x00 \x1b[2J<&>\"'"
HOSTILE_SLUG = "o'brien (acting)"  # an actor IRI whose compact form is no NMTOKEN


def _hostile(term):
    if isinstance(term, ox.Literal) and term.value == "Sergei Lavrov":
        return ox.Literal(HOSTILE_LABEL, language=term.language)
    if isinstance(term, ox.NamedNode) and term.value.endswith("/actor/jeyhun-bayramov"):
        return ox.NamedNode(term.value.replace("jeyhun-bayramov", HOSTILE_SLUG.replace(
            " ", "%20")))
    return term


@pytest.fixture(scope="module")
def hostile_store(corpus_store):
    store = ox.Store()
    store.extend(ox.Quad(_hostile(q.subject), q.predicate, _hostile(q.object), q.graph_name)
                 for q in corpus_store.quads_for_pattern(None, None, None, None))
    return store


@pytest.fixture(scope="module")
def hostile_exports(hostile_store, tmp_path_factory):
    from kg.export import graph_writer, write_rdf_exports

    out = tmp_path_factory.mktemp("hostile")
    graphs = {}
    for name in PROJECTIONS:
        graph = ready_for_export(project(hostile_store, name, Filters(statuses=ALL_STATUSES)))
        graphs[name] = graph
        for fmt in ("graphml", "gexf"):
            graph_writer(fmt)(graph, out / f"kg-{name}.{fmt}", store=hostile_store,
                              projection=name, filters=None)
    graph_writer("html")(graphs["actor-meeting"], out / "kg.html", store=hostile_store,
                         projection="actor-meeting", filters=None)
    write_rdf_exports(hostile_store, out)
    return out, graphs


LAVROV = "actor:sergei-lavrov"
BAYRAMOV = "actor:o'brien%20(acting)"


@pytest.mark.parametrize("name", GRAPH_FILES)
def test_control_characters_in_names_give_valid_graph_files(hostile_exports, tmp_path, name):
    out, graphs = hostile_exports
    graph = graphs[name.removeprefix("kg-").rsplit(".", 1)[0]]
    assert LAVROV in graph and BAYRAMOV in graph
    assert schema_errors(out / name, tmp_path) == []


@pytest.mark.parametrize("projection", list(PROJECTIONS))
def test_control_characters_in_names_read_back_everywhere(hostile_exports, projection):
    """networkx, igraph and graphology read the hostile files: the name arrives with each
    control character as its visible picture, the odd IRI as its escaped token."""
    out, graphs = hostile_exports
    graph = graphs[projection]
    label = xml_text(HOSTILE_LABEL)
    assert "\u240b" in label and "\u2400" in label and "\u241b" in label
    odd = nmtoken(BAYRAMOV)
    graphml, gexf = out / f"kg-{projection}.graphml", out / f"kg-{projection}.gexf"

    for back in (nx.read_graphml(graphml), nx.read_gexf(gexf)):
        assert back.number_of_nodes() == graph.number_of_nodes()
        assert back.number_of_edges() == graph.number_of_edges()
        assert back.nodes[LAVROV]["label"] == label
        assert back.nodes[odd]["iri"].endswith("/actor/o'brien%20(acting)")
    vertices = {v["id"]: v for v in igraph.Graph.Read_GraphML(str(graphml)).vs}
    assert vertices[LAVROV]["label"] == label and odd in vertices
    by_jgrapht = read_with_jgrapht(graphml, graph.is_directed())
    assert by_jgrapht["edges"] == graph.number_of_edges()
    assert by_jgrapht["labels"][LAVROV] == label and odd in by_jgrapht["labels"]
    for path in (graphml, gexf):
        back = read_with_graphology(path)
        assert back["order"] == graph.number_of_nodes()
        assert back["nodes"][LAVROV]["label"] == label
        assert odd in back["nodes"]


def test_control_characters_in_names_survive_every_rdf_export(hostile_exports, hostile_store):
    """RDF can carry them (as \\u escapes): each export gives back the exact name."""
    out, _ = hostile_exports
    formats = {"kg.nq": ox.RdfFormat.N_QUADS, "kg.trig": ox.RdfFormat.TRIG,
               "kg.ttl": ox.RdfFormat.TURTLE, "kg.jsonld": ox.RdfFormat.JSON_LD}
    expected = {q for q in hostile_store.quads_for_pattern(None, None, None, None)}
    for name, fmt in formats.items():
        raw = (out / name).read_bytes()
        assert b"\x0b" not in raw and b"\x00" not in raw and b"\x1b" not in raw, name
        with open(out / name, "rb") as handle:
            parsed = list(ox.parse(handle, format=fmt))
        assert any(getattr(q.object, "value", None) == HOSTILE_LABEL for q in parsed), name
        if fmt is not ox.RdfFormat.TURTLE:
            assert set(parsed) == expected, name


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.blocks, self._open = [], False

    def handle_starttag(self, tag, attrs):
        self._open = tag == "script" and ("type", "application/json") in attrs
        if self._open:
            self.blocks.append("")

    def handle_endtag(self, tag):
        self._open = False

    def handle_data(self, data):
        if self._open:
            self.blocks[-1] += data


def test_control_characters_in_names_survive_the_viewer_json(hostile_exports):
    """The viewer's data blocks are JSON that a strict parser reads, holding the exact
    name; no raw control character reaches the page."""
    out, _ = hostile_exports
    page = (out / "kg.html").read_text("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", page)
    parser = _Scripts()
    parser.feed(page)
    assert parser.blocks
    texts = [json.dumps(json.loads(block), ensure_ascii=False) for block in parser.blocks]
    assert any(json.dumps(HOSTILE_LABEL, ensure_ascii=False)[1:-1] in t for t in texts)


@pytest.mark.parametrize("name,syntax", [("kg.nq", None), ("kg.trig", None), ("kg.ttl", None),
                                         ("kg.jsonld", "jsonld10")])
def test_control_characters_in_names_give_rdf_that_jena_accepts(hostile_exports, tmp_path,
                                                                 name, syntax):
    from tests.export.checkers import riot_validate

    out, _ = hostile_exports
    result = riot_validate(out / name, tmp_path, syntax)
    assert (result.returncode, result.stderr.strip()) == (0, ""), result.stderr
