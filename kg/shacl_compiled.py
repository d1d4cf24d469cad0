"""The SHACL shapes of `ontology/shapes.ttl`, evaluated directly on pyoxigraph quads.

pySHACL is the reference, but it costs seconds per article once the registry holds a few
hundred actors (it re-checks every registry node with each article). This evaluator reads
the same shapes file and implements the SHACL Core components it uses, so the rules stay
data; tests/test_shacl_compiled.py checks that it reports the same results as pySHACL on
the seeds and on deliberately broken graphs.

The data checked for one article is the same as pySHACL's: the account merged with the
registry and the ontology. The registry and ontology are checked once, on their own; an
article then only re-checks the focus nodes it mentions (as subject or object). That is
exact for these shapes: an article can only add triples about nodes it names, and the
only non-monotone components (sh:not, sh:maxCount, sh:uniqueLang, qualifiedMaxCount) look
at the focus node's own triples. Two limits, both outside what the builder writes:
rdfs:subClassOf is taken from the ontology only, and literals are not checked for being
well-formed in their datatype.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.namespaces import RDF, RDFS, SH
from kg.resources import ontology_file

_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf


def _sh(local: str) -> ox.NamedNode:
    return SH[local]


class Graph:
    """Triples indexed both ways: subject -> predicate -> objects, and the inverse."""

    def __init__(self, triples: Iterable = ()):
        self.out: dict = defaultdict(lambda: defaultdict(set))
        self.inv: dict = defaultdict(lambda: defaultdict(set))
        for t in triples:
            self.add(t.subject, t.predicate, t.object)

    def add(self, s, p, o) -> None:
        self.out[s][p].add(o)
        self.inv[o][p].add(s)


@dataclass
class Data:
    """The graph being validated: a base (ontology + registry) plus one article, or none."""

    base: Graph
    extra: Graph = field(default_factory=Graph)
    superclasses: dict = field(default_factory=dict)

    def objects(self, node, predicate) -> set:
        found = self.base.out[node][predicate] if node in self.base.out else set()
        if node in self.extra.out:
            return found | self.extra.out[node][predicate]
        return found

    def subjects(self, node, predicate) -> set:
        found = self.base.inv[node][predicate] if node in self.base.inv else set()
        if node in self.extra.inv:
            return found | self.extra.inv[node][predicate]
        return found

    def classes(self, node) -> set:
        out = set()
        for cls in self.objects(node, _TYPE):
            out |= self.superclasses.get(cls, {cls})
        return out


@dataclass(frozen=True)
class Result:
    focus: object
    path: object  # a NamedNode, or a tuple ("^", NamedNode) for an inverse path
    value: object
    message: str

    @property
    def path_text(self) -> str | None:
        if isinstance(self.path, tuple):
            return "^" + self.path[1].value
        return None if self.path is None else self.path.value


class Shape:
    """One node or property shape, compiled from the shapes graph."""

    def __init__(self, shapes: Graph, node):
        def one(local):
            values = shapes.out[node][_sh(local)] if node in shapes.out else set()
            return next(iter(values)) if values else None

        def many(local):
            return shapes.out[node][_sh(local)] if node in shapes.out else set()

        self.node = node
        message = one("message")
        self.message = message.value if message is not None else None
        path = one("path")
        self.inverse = None
        if path is not None and not isinstance(path, ox.NamedNode):
            self.inverse = one_of(shapes, path, _sh("inversePath"))
            path = None
        self.path = path
        self.params = {local: one(local) for local in (
            "minCount", "maxCount", "datatype", "class", "nodeKind", "pattern", "uniqueLang",
            "minLength", "maxLength", "hasValue", "lessThan", "lessThanOrEquals",
            "qualifiedMinCount", "qualifiedMaxCount")}
        self.params = {k: v for k, v in self.params.items() if v is not None}
        self.in_list = _list(shapes, one("in")) if one("in") is not None else None
        self.languages = [v.value for v in _list(shapes, one("languageIn"))] \
            if one("languageIn") is not None else None
        self.not_shapes = [Shape(shapes, n) for n in many("not")]
        self.or_shapes = [[Shape(shapes, m) for m in _list(shapes, n)] for n in many("or")]
        qualified = one("qualifiedValueShape")
        self.qualified = Shape(shapes, qualified) if qualified is not None else None
        self.properties = [Shape(shapes, p) for p in sorted(many("property"), key=str)]
        self.pattern = re.compile(self.params["pattern"].value) if "pattern" in self.params \
            else None
        self.target_classes = many("targetClass")
        self.target_subjects_of = many("targetSubjectsOf")

    @property
    def is_property(self) -> bool:
        return self.path is not None or self.inverse is not None

    @property
    def result_path(self):
        return self.path if self.path is not None else ("^", self.inverse)

    def values(self, data: Data, focus) -> set:
        if self.path is not None:
            return data.objects(focus, self.path)
        return data.subjects(focus, self.inverse)

    def conforms(self, data: Data, focus) -> bool:
        return next(self.check(data, focus, self.message), None) is None

    def check(self, data: Data, focus, message: str | None) -> Iterator[Result]:
        """Every violation of this shape at `focus`, reported with the top shape's message."""
        message = self.message or message or "does not conform to its shape"
        if self.is_property:
            yield from self._check_property(data, focus, message)
        else:
            for _ in self._value_failures(data, focus):
                yield Result(focus, None, focus, message)
        for prop in self.properties:
            yield from prop.check(data, focus, None)

    def _check_property(self, data: Data, focus, message: str) -> Iterator[Result]:
        p, path = self.params, self.result_path
        values = self.values(data, focus)
        if "minCount" in p and len(values) < int(p["minCount"].value):
            yield Result(focus, path, None, message)
        if "maxCount" in p and len(values) > int(p["maxCount"].value):
            yield Result(focus, path, None, message)
        if "hasValue" in p and p["hasValue"] not in values:
            yield Result(focus, path, None, message)
        if p.get("uniqueLang") is not None and p["uniqueLang"].value == "true":
            langs = [v.language for v in values if isinstance(v, ox.Literal) and v.language]
            if any(langs.count(lang) > 1 for lang in set(langs)):
                yield Result(focus, path, None, message)
        if self.qualified is not None:
            n = sum(1 for v in values if self.qualified.conforms(data, v))
            if "qualifiedMinCount" in p and n < int(p["qualifiedMinCount"].value) or \
                    "qualifiedMaxCount" in p and n > int(p["qualifiedMaxCount"].value):
                yield Result(focus, path, None, message)
        for key, strict in (("lessThan", True), ("lessThanOrEquals", False)):
            if key in p:
                others = data.objects(focus, p[key])
                for v in values:
                    if any(not _less(v, w, strict) for w in others):
                        yield Result(focus, path, v, message)
        for v in values:
            for _ in self._value_failures(data, v):
                yield Result(focus, path, v, message)
                break

    def _value_failures(self, data: Data, v) -> Iterator[str]:
        """The value-type and logical components, checked on one value node."""
        p = self.params
        if "class" in p and p["class"] not in data.classes(v):
            yield "class"
        if "datatype" in p and not (isinstance(v, ox.Literal) and v.datatype == p["datatype"]):
            yield "datatype"
        if "nodeKind" in p and not _node_kind(v, p["nodeKind"]):
            yield "nodeKind"
        if self.pattern is not None and (isinstance(v, ox.BlankNode) or
                                         not self.pattern.search(v.value)):
            yield "pattern"
        if "minLength" in p and (isinstance(v, ox.BlankNode) or
                                 len(v.value) < int(p["minLength"].value)):
            yield "minLength"
        if "maxLength" in p and (isinstance(v, ox.BlankNode) or
                                 len(v.value) > int(p["maxLength"].value)):
            yield "maxLength"
        if self.in_list is not None and v not in self.in_list:
            yield "in"
        if self.languages is not None and not (
                isinstance(v, ox.Literal) and v.language and
                any(_lang_matches(v.language, lang) for lang in self.languages)):
            yield "languageIn"
        for shape in self.not_shapes:
            if shape.conforms(data, v):
                yield "not"
        for members in self.or_shapes:
            if not any(m.conforms(data, v) for m in members):
                yield "or"
        if not self.is_property and "hasValue" in p and v != p["hasValue"]:
            yield "hasValue"


def one_of(graph: Graph, node, predicate):
    values = graph.out[node][predicate] if node in graph.out else set()
    return next(iter(values)) if values else None


def _list(graph: Graph, head) -> list:
    items = []
    while head is not None and head != RDF.nil:
        items.append(one_of(graph, head, RDF.first))
        head = one_of(graph, head, RDF.rest)
    return items


def _node_kind(v, kind) -> bool:
    local = kind.value[len(str(SH)):]
    return {"IRI": isinstance(v, ox.NamedNode), "Literal": isinstance(v, ox.Literal),
            "BlankNode": isinstance(v, ox.BlankNode),
            "BlankNodeOrIRI": not isinstance(v, ox.Literal)}.get(local, False)


def _lang_matches(tag: str, wanted: str) -> bool:
    tag, wanted = tag.lower(), wanted.lower()
    return tag == wanted or tag.startswith(wanted + "-")


def _less(a, b, strict: bool) -> bool:
    if not (isinstance(a, ox.Literal) and isinstance(b, ox.Literal)):
        return False
    try:
        x, y = (float(a.value), float(b.value)) if _numeric(a) and _numeric(b) else (a, b)
    except ValueError:
        return False
    if not isinstance(x, float):
        if a.datatype != b.datatype:
            return False
        x, y = a.value, b.value  # xsd:date and friends compare as ISO strings
    return x < y if strict else x <= y


def _numeric(term) -> bool:
    return term.datatype.value.rsplit("#", 1)[-1] in {
        "integer", "nonNegativeInteger", "positiveInteger", "decimal", "double", "float", "int",
        "long"}


class Validator:
    """Compiled shapes plus the indexed ontology and registry, ready for many articles."""

    def __init__(self, base_quads: Iterable[ox.Quad], shapes_file: str = "shapes.ttl"):
        with open(ontology_file(shapes_file), "rb") as handle:
            shapes = Graph(ox.parse(handle, format=ox.RdfFormat.TURTLE))
        self.shapes = [Shape(shapes, node) for node in sorted(
            {s for s, preds in shapes.out.items() if _TYPE in preds and
             _sh("NodeShape") in preds[_TYPE]}, key=str)]
        self.shapes = [s for s in self.shapes if s.target_classes or s.target_subjects_of]
        base = Graph(q.triple for q in base_quads)
        self.base = base
        self.superclasses = _superclass_closure(base)

    def _targets(self, data: Data, candidates: Iterable) -> Iterator[tuple[Shape, object]]:
        for node in candidates:
            if isinstance(node, ox.Literal):
                continue
            classes = None
            for shape in self.shapes:
                if shape.target_classes:
                    classes = data.classes(node) if classes is None else classes
                    if shape.target_classes & classes:
                        yield shape, node
                        continue
                if any(data.objects(node, p) for p in shape.target_subjects_of):
                    yield shape, node

    def check_base(self) -> list[Result]:
        data = Data(self.base, superclasses=self.superclasses)
        nodes = set(self.base.out) | set(self.base.inv)
        return self._run(data, nodes)

    def check_graph(self, quads: Iterable[ox.Quad]) -> list[Result]:
        """Violations in one account merged with the base, at the nodes the account names."""
        extra = Graph(q.triple for q in quads)
        data = Data(self.base, extra, self.superclasses)
        return self._run(data, set(extra.out) | set(extra.inv))

    def _run(self, data: Data, nodes: set) -> list[Result]:
        found = []
        for shape, node in self._targets(data, sorted(nodes, key=str)):
            found.extend(shape.check(data, node, None))
        return found


def _superclass_closure(graph: Graph) -> dict:
    direct = {s: preds[_SUBCLASS] for s, preds in graph.out.items() if _SUBCLASS in preds}
    closure: dict = {}

    def up(cls, seen):
        if cls in closure:
            return closure[cls]
        result = {cls}
        for parent in direct.get(cls, ()):
            if parent not in seen:
                result |= up(parent, seen | {cls})
        closure[cls] = result
        return result

    for cls in list(direct):
        up(cls, frozenset())
    return closure
