"""SHACL validation of the built graphs against `ontology/shapes.ttl`, with readable reports.

Each article's account is validated together with the ontology and the registry (so that
`sh:class` can follow `rdfs:subClassOf` and registry types), one account at a time: the
cost grows with the corpus, not with its square, and a violation names its article.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
import rdflib
from pyshacl import validate
from rdflib.namespace import SH

from kg.build.sink import GraphSink
from kg.errors import KgError, Problem
from kg.namespaces import REGISTRY_GRAPH, prefixed_name
from kg.resources import ontology_file


def to_rdflib(quads: Iterable[ox.Quad], into: rdflib.Graph | None = None) -> rdflib.Graph:
    graph = into if into is not None else rdflib.Graph()
    data = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES)
    graph.parse(data=data.decode("utf-8"), format="nt")
    return graph


ARTICLE_SHAPES = "shapes.ttl"  # the registry and each article's account
RECONCILED_SHAPES = "reconciled-shapes.ttl"  # the reconciled graph (kg/reconcile)


def shapes_graph(name: str = ARTICLE_SHAPES) -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file(name), format="turtle")


# Above this many articles pySHACL would take hours (seconds per article once the registry
# is large); the compiled shapes (kg/shacl_compiled.py) give the same results in milliseconds.
# The pipeline streams from the same size on.
PYSHACL_LIMIT = 50


def validate_graphs(graphs: list[GraphSink], progress=None) -> int:
    """Validate every graph; return the number of graphs checked or raise KgError."""
    if len(graphs) - 2 > PYSHACL_LIMIT:
        return _validate_compiled(graphs, progress)
    shapes = shapes_graph()
    base_sinks = graphs[:2]  # ontology and registry
    base = rdflib.Graph()
    for sink in base_sinks:
        to_rdflib(sink.quads, base)
    origins: dict[str, tuple[str, int]] = {}
    problems: set[Problem] = set()
    registry_sink = next(s for s in graphs if s.graph == REGISTRY_GRAPH)
    checks = [(registry_sink, base)] + [(sink, None) for sink in graphs[2:]]
    for sink, data in checks:
        origins.update(sink.origins)
        if data is None:
            data = rdflib.Graph()
            data += base
            to_rdflib(sink.quads, data)
        problems.update(_violations(data, shapes, origins, registry_sink.origins))
        if progress:
            progress(sink)
    if problems:
        raise KgError(sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)))
    return len(checks)


def _validate_compiled(graphs: list[GraphSink], progress=None) -> int:
    from kg.build.stream import shacl_problems
    from kg.shacl_compiled import Validator

    registry_sink = next(s for s in graphs if s.graph == REGISTRY_GRAPH)
    validator = Validator(q for sink in graphs[:2] for q in sink.quads)
    problems = set(shacl_problems(validator.check_base(), registry_sink.origins, {}))
    for sink in graphs[2:]:
        problems.update(shacl_problems(validator.check_graph(sink.quads), sink.origins,
                                       registry_sink.origins))
        if progress:
            progress(sink)
    if problems:
        raise KgError(sorted(problems, key=lambda p: (p.path, p.line or 0, p.message)))
    return len(graphs) - 1


def _violations(data: rdflib.Graph, shapes: rdflib.Graph, origins: dict, registry: dict):
    conforms, report, _ = validate(data, shacl_graph=shapes, inference="none",
                                   allow_warnings=True, advanced=True)
    if conforms:
        return
    for result in report.subjects(rdflib.RDF.type, SH.ValidationResult):
        if report.value(result, SH.resultSeverity) != SH.Violation:
            continue
        path = report.value(result, SH.resultPath)
        yield shacl_problem(report.value(result, SH.focusNode),
                            None if path is None else _short(path),
                            report.value(result, SH.value),
                            report.value(result, SH.resultMessage), origins, registry)


def shacl_problem(focus, path: str | None, value, message, origins: dict,
                  registry: dict) -> Problem:
    """One violation as FILE:LINE: reason, the same words whichever validator found it.
    Terms may be rdflib's or pyoxigraph's; `path` is already written out."""
    where, line = origins.get(_text(focus)) or registry.get(_text(focus)) or ("graph", None)
    detail = f"SHACL: {message or 'does not conform to its shape'} (at {_short(focus)}"
    if path is not None:
        detail += f", property {path}"
    if value is not None and value != focus:
        detail += f", value {_short(value)}"
    return Problem(where, line or None, detail + ")")


def _text(term) -> str:
    """An IRI or a literal's lexical form, for rdflib and pyoxigraph terms alike."""
    return term.value if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal) \
        else str(term)


def _short(term) -> str:
    text = _text(term)
    if isinstance(term, rdflib.Literal | ox.Literal):
        return text
    return prefixed_name(text) or f"<{text}>"
