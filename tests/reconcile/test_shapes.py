"""The reconciled graph's shapes (ontology/reconciled-shapes.ttl): the built graphs of the
seeds and of the fixture conform, and each way of breaking one is reported alike by
pySHACL, the reference, and by the compiled checker the build uses."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from kg.namespaces import (
    KG,
    MEETING,
    ONTOLOGY_GRAPH,
    PARTICIPATION,
    RECONCILED_GRAPH,
    REGISTRY_GRAPH,
    RESOLUTION,
    ROLE,
    STATUS,
)
from kg.shacl import RECONCILED_SHAPES, shapes_graph, to_rdflib
from kg.shacl_compiled import Validator

MOSCOW = MEETING["2020-10-lavrov-bayramov-moscow"]
LAVROV = PARTICIPATION["2020-10-lavrov-bayramov-moscow.sergei-lavrov"]
DATE = RESOLUTION["2020-10-lavrov-bayramov-moscow.date"]
PLACE = RESOLUTION["2020-10-lavrov-bayramov-moscow.place"]


def _parts(store: ox.Store) -> tuple[list, list]:
    base = [q for g in (ONTOLOGY_GRAPH, REGISTRY_GRAPH)
            for q in store.quads_for_pattern(None, None, None, g)]
    return base, list(store.quads_for_pattern(None, None, None, RECONCILED_GRAPH))


def _reference(quads) -> set:
    conforms, report, _ = validate(to_rdflib(quads), shacl_graph=shapes_graph(RECONCILED_SHAPES),
                                   inference="none", allow_warnings=True, advanced=True)
    found = set()
    for r in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        path = report.value(r, SH.resultPath)
        if isinstance(path, rdflib.BNode):
            path = "^" + str(report.value(path, SH.inversePath))
        found.add((str(report.value(r, SH.focusNode)), None if path is None else str(path),
                   str(report.value(r, SH.resultMessage))))
    return found


def _compiled(base, graph) -> set:
    results = Validator(base, RECONCILED_SHAPES).check_graph(graph)
    return {(r.focus.value, r.path_text, r.message) for r in results}


def _add(quads, s, p, o):
    return [*quads, ox.Quad(s, p, o, RECONCILED_GRAPH)]


def _drop(quads, s, p):
    return [q for q in quads if not (q.subject == s and q.predicate == p)]


BREAKS = {
    "two statuses": lambda g: _add(g, MOSCOW, KG.status, STATUS["planned"]),
    "no modality": lambda g: _drop(g, MOSCOW, KG.modality),
    "no reporting account": lambda g: _drop(g, MOSCOW, KG.reportedBy),
    "host and guest at once": lambda g: _add(g, LAVROV, KG.role, ROLE["guest"]),
    "participation without roles": lambda g: _drop(g, LAVROV, KG.role),
    "contested without dissent": lambda g: _drop(g, DATE, KG.dissentedBy),
    "dissent but not contested": lambda g: _add(g, PLACE, KG.dissentedBy, ox.NamedNode(
        "https://w3id.org/diplomacy-kg/graph/article/moscow-1")),
    "a rule outside the scheme": lambda g: _add(g, DATE, KG.rule, KG.nonsense),
}


def test_the_fixture_and_the_seeds_conform(reconcile_store, built_corpus):
    seeds = ox.Store.read_only(str(built_corpus / ".kg" / "store"))
    for store in (reconcile_store, seeds):
        base, graph = _parts(store)
        assert graph
        assert _reference(base + graph) == set()
        assert _compiled(base, graph) == set()


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_compiled_and_pyshacl_report_the_same_break(reconcile_store, name):
    base, graph = _parts(reconcile_store)
    broken = BREAKS[name](graph)
    expected = _reference(base + broken)
    assert expected, f"{name}: pySHACL found nothing"
    assert _compiled(base, broken) == expected
