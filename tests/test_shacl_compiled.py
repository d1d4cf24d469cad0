"""The compiled SHACL evaluator (kg/shacl_compiled.py) against pySHACL, the reference.

Each case breaks the mini corpus's graphs in one way a shape forbids; both validators must
report the same set of (focus node, path, value, message).
"""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from kg.annotations import load_corpus
from kg.build import build_graphs
from kg.namespaces import ACTOR, KG, OA, PLACE, RDF, RDFS, ROLE, SCHEMA, SKOS, STATUS, XSD
from kg.shacl import shapes_graph, to_rdflib
from kg.shacl_compiled import Validator
from tests.conftest import CORPUS, MINI

MEETING = ox.NamedNode("https://w3id.org/diplomacy-kg/id/meeting/2020-10-20-lavrov-bayramov-moscow")


def _graphs(folder):
    graphs = list(build_graphs(load_corpus(folder)))
    return [q for g in graphs[:2] for q in g.quads], [g.quads for g in graphs[2:]]


def _reference(quads) -> set:
    conforms, report, _ = validate(to_rdflib(quads), shacl_graph=shapes_graph(),
                                   inference="none", allow_warnings=True, advanced=True)
    found = set()
    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus, path = report.value(r, SH.focusNode), report.value(r, SH.resultPath)
        value = report.value(r, SH.value)
        if isinstance(path, rdflib.BNode):  # [ sh:inversePath P ], written ^P by ours
            path = "^" + str(report.value(path, SH.inversePath))
        found.add((str(focus), None if path is None else str(path),
                   None if value is None or value == focus else str(value),
                   str(report.value(r, SH.resultMessage))))
    return found


def _compiled(base, article) -> set:
    validator = Validator(base)
    results = validator.check_base() + (validator.check_graph(article) if article else [])
    return {(r.focus.value, r.path_text,
             None if r.value is None or r.value == r.focus else r.value.value, r.message)
            for r in results}


def _first(quads, s=None, p=None):
    return next(q for q in quads if (s is None or q.subject == s) and (p is None or
                                                                      q.predicate == p))


def _replace(quads, old, **new):
    parts = {"subject": old.subject, "predicate": old.predicate, "object": old.object}
    parts.update(new)
    return [ox.Quad(parts["subject"], parts["predicate"], parts["object"], old.graph_name)
            if q == old else q for q in quads]


def _add(quads, s, p, o):
    return [*quads, ox.Quad(s, p, o, quads[0].graph_name)]


def _drop(quads, s=None, p=None):
    old = _first(quads, s, p)
    return [q for q in quads if q != old]


LAVROV = ACTOR["sergei-lavrov"]
ARTICLE_BREAKS = {
    "meeting without status": lambda a: _drop(a, MEETING, KG.status),
    "two statuses": lambda a: _add(a, MEETING, KG.status, STATUS["planned"]),
    "occurred without start date": lambda a: _drop(a, MEETING, KG.startDate),
    "two English labels": lambda a: _add(a, MEETING, RDFS.label, ox.Literal("x", language="en")),
    "headline without language": lambda a: _replace(a, _first(a, p=SCHEMA.headline),
                                                    object=ox.Literal("Headline")),
    "participant is a place": lambda a: _add(a, MEETING, KG.participant, PLACE["moscow"]),
    "unknown role": lambda a: _replace(a, _first(a, p=KG.role), object=ROLE["spectator"]),
    "selector loses its type": lambda a: [
        q for q in a if not (q.predicate == RDF.type and q.object == OA.TextQuoteSelector)],
    "ends before it starts": lambda a: _replace(a, _first(a, MEETING, KG.endDate),
                                                object=ox.Literal("2001-01-01",
                                                                  datatype=XSD.date)),
    "selector end before start": lambda a: _replace(a, _first(a, p=OA.end),
                                                    object=ox.Literal("0", datatype=XSD[
                                                        "nonNegativeInteger"])),
    "prefix too long": lambda a: _replace(a, _first(a, p=OA.prefix), object=ox.Literal("x" * 40)),
    "evidence is not a mention": lambda a: _add(a, MEETING, KG.evidence, LAVROV),
    "participation without meeting": lambda a: [
        q for q in a if q.predicate != KG.hasParticipation],
    "statement about a literal": lambda a: _replace(a, _first(a, p=KG.about),
                                                    object=ox.Literal("meeting")),
    "actor typed as a state in an article": lambda a: _add(a, LAVROV, RDF.type, KG.State),
}
REGISTRY_BREAKS = {
    "person also a state": lambda r: _add(r, LAVROV, RDF.type, KG.State),
    "no English name": lambda r: [q for q in r if not (
        q.subject == ACTOR["rus"] and q.predicate == SKOS.prefLabel and
        q.object.language == "en")],
    "lower-case ISO code": lambda r: _replace(r, _first(r, ACTOR["rus"], KG.iso3166Alpha3),
                                              object=ox.Literal("ru")),
}


def test_seeds_conform_under_both():
    base, articles = _graphs(CORPUS)
    for article in articles:
        assert _compiled(base, article) == set()


@pytest.mark.parametrize("name", sorted(ARTICLE_BREAKS))
def test_same_violations_as_pyshacl_in_an_article(name):
    base, (article,) = _graphs(MINI)
    broken = ARTICLE_BREAKS[name](list(article))
    expected = _reference(base + broken)
    assert expected, f"case {name!r} breaks nothing"
    assert _compiled(base, broken) == expected


@pytest.mark.parametrize("name", sorted(REGISTRY_BREAKS))
def test_same_violations_as_pyshacl_in_the_registry(name):
    base, _ = _graphs(MINI)
    ontology = [q for q in base if q.graph_name != base[-1].graph_name]
    registry = [q for q in base if q.graph_name == base[-1].graph_name]
    broken = ontology + REGISTRY_BREAKS[name](registry)
    expected = _reference(broken)
    assert expected, f"case {name!r} breaks nothing"
    assert _compiled(broken, None) == expected


def test_problems_read_the_same_as_from_pyshacl():
    """Regression: the compiled checker's problems once printed `<<https://...>>` where
    pySHACL's printed `meeting:...`; both now go through kg.shacl.shacl_problem."""
    from kg.build.stream import shacl_problems
    from kg.shacl import _violations

    base, articles = _graphs(MINI)
    article = _drop(articles[0], s=MEETING, p=KG.status)
    compiled = {str(p) for p in shacl_problems(Validator(base).check_graph(article), {}, {})}
    reference = {str(p) for p in _violations(to_rdflib(base + article), shapes_graph(), {}, {})}
    assert compiled and compiled == reference
    assert any("(at meeting:2020-10-20-lavrov-bayramov-moscow, property kg:status" in p
               for p in compiled)
