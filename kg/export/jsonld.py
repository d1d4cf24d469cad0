"""JSON-LD with a compact, readable @context: prefixed names, one object per node.

Written here rather than by a library serializer because the output must be byte-stable
and compact at once; rdflib's serializer orders nodes by hash and pyoxigraph's writes
full IRIs. The text is what `json.dumps(document(quads), ensure_ascii=False, indent=1)`
gives, produced by a small encoder of our own (`_encode`): the standard one falls back to
pure Python whenever it indents, and was most of the export's time.
"""

from __future__ import annotations

import contextlib
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring as _quote
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_output
from kg.namespaces import PREFIXES, RDF, XSD, prefixed_name

_TYPE = RDF.type
_STRING = XSD.string


def compact(iri: str) -> str:
    return prefixed_name(iri) or iri


def _id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term) -> object:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    datatype = term.datatype
    if datatype == _STRING:
        return term.value
    return {"@value": term.value, "@type": compact(datatype.value)}


def _graph_key(name) -> str:
    return "" if isinstance(name, ox.DefaultGraph) else name.value


def _graph_items(quads: list[ox.Quad]) -> list[dict]:
    """One whole graph's entries of the top-level @graph: its nodes for the default graph,
    one {"@id", "@graph"} object for a named one."""
    nodes: dict[str, dict] = {}
    for quad in quads:
        subject = quad.subject
        key = str(subject)
        node = nodes.get(key)
        if node is None:
            node = nodes[key] = {"@id": _id(subject)}
        predicate = quad.predicate
        if predicate == _TYPE:
            node.setdefault("@type", []).append(_id(quad.object))
        else:
            node.setdefault(compact(predicate.value), []).append(_value(quad.object))
    tidy = [_tidy(nodes[s]) for s in sorted(nodes)]
    graph = _graph_key(quads[0].graph_name)
    return tidy if graph == "" else [{"@id": compact(graph), "@graph": tidy}]


def items(groups: Iterable[list[ox.Quad]]) -> Iterator[dict]:
    """The entries of the top-level @graph, one named graph at a time: the default graph's
    nodes, then one {"@id", "@graph"} object per named graph. Groups must come in
    `_graph_key` order, each holding one whole graph."""
    for quads in groups:
        if quads:
            yield from _graph_items(quads)


def _by_graph(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graphs[_graph_key(quad.graph_name)].append(quad)
    return [graphs[g] for g in sorted(graphs)]


def document(quads: list[ox.Quad]) -> dict:
    return {"@context": dict(sorted(PREFIXES.items())), "@graph": list(items(_by_graph(quads)))}


def _sort_text(value) -> str:
    """json.dumps(value, ensure_ascii=False, sort_keys=True), for the values _value gives."""
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return "{" + ", ".join(f"{_quote(k)}: {_quote(value[k])}" for k in sorted(value)) + "}"
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _tidy(node: dict) -> dict:
    """Sort properties and values; unwrap single values so the common case reads simply."""
    out = {"@id": node["@id"]}
    for key in sorted(k for k in node if k != "@id"):
        values = node[key]
        if len(values) == 1:
            out[key] = values[0]
        else:
            out[key] = sorted(values, key=_sort_text)
    return out


def _encode(value, indent: str) -> str:
    """json.dumps(value, ensure_ascii=False, indent=1), each line after the first starting
    with `indent` (a newline and spaces) less one space."""
    if isinstance(value, str):
        return _quote(value)
    inner = indent + " "
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{" + ",".join(f"{inner}{_quote(k)}: {_encode(v, inner)}"
                              for k, v in value.items()) + indent + "}"
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[" + ",".join(inner + _encode(v, inner) for v in value) + indent + "]"
    return json.dumps(value, ensure_ascii=False)


class JsonldWriter:
    """Takes whole graphs in any order; writes them in `_graph_key` order at the end. Each
    graph's text goes to a spill file as it comes, and is copied into place from there."""

    def open(self, path: Path, stack: contextlib.ExitStack) -> None:
        self.out = stack.enter_context(atomic_output(path))
        self.spill = stack.enter_context(tempfile.TemporaryFile(
            prefix=".kg-sort-jsonld-", dir=Path(path).parent))
        self.index: list[tuple[str, int, int]] = []
        self.offset = 0

    def add(self, group: list[ox.Quad]) -> None:
        if not group:
            return
        text = ",\n  ".join(_encode(item, "\n  ") for item in _graph_items(group))
        data = text.encode("utf-8")
        self.spill.write(data)
        self.index.append((_graph_key(group[0].graph_name), self.offset, len(data)))
        self.offset += len(data)

    def close(self) -> None:
        self.spill.flush()
        _write_head(self.out)
        first = True
        for _, offset, size in sorted(self.index):
            self.spill.seek(offset)
            self.out.write(b"\n  " if first else b",\n  ")
            self.out.write(self.spill.read(size))
            first = False
        self.out.write(b"]\n}\n" if first else b"\n ]\n}\n")


def _write_head(out) -> None:
    context = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False, indent=1)
    out.write(b'{\n "@context": ' + context.replace("\n", "\n ").encode("utf-8"))
    out.write(b',\n "@graph": [')


def write_jsonld(quads: list[ox.Quad] | Callable[[], Iterator[list[ox.Quad]]],
                 path: Path) -> None:
    """Write what json.dumps(document(quads), indent=1) would, one graph at a time.

    `quads` is a list, or a function giving whole graphs in `_graph_key` order."""
    groups = quads() if callable(quads) else _by_graph(quads)
    with atomic_output(path) as out:
        _write_head(out)
        first = True
        for item in items(groups):
            out.write((("\n  " if first else ",\n  ") + _encode(item, "\n  ")).encode("utf-8"))
            first = False
        out.write(b"]\n}\n" if first else b"\n ]\n}\n")
