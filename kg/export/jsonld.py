"""JSON-LD with a compact, readable @context: prefixed names, one object per node.

Written here rather than by a library serializer because the output must be byte-stable
and compact at once; rdflib's serializer orders nodes by hash and pyoxigraph's writes
full IRIs.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_output
from kg.namespaces import PREFIXES, RDF, XSD

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


def compact(iri: str) -> str:
    for prefix, base in _BY_LENGTH:
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def _id(term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)


def _value(term) -> object:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype == XSD.string:
        return term.value
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def _graph_key(name) -> str:
    return "" if isinstance(name, ox.DefaultGraph) else name.value


def items(groups: Iterable[list[ox.Quad]]) -> Iterator[dict]:
    """The entries of the top-level @graph, one named graph at a time: the default graph's
    nodes, then one {"@id", "@graph"} object per named graph. Groups must come in
    `_graph_key` order, each holding one whole graph."""
    for quads in groups:
        if not quads:
            continue
        graph = _graph_key(quads[0].graph_name)
        nodes: dict[str, dict] = {}
        for quad in quads:
            node = nodes.setdefault(str(quad.subject), {"@id": _id(quad.subject)})
            if quad.predicate == RDF.type:
                node.setdefault("@type", []).append(_id(quad.object))
            else:
                node.setdefault(compact(quad.predicate.value), []).append(_value(quad.object))
        tidy = [_tidy(nodes[s]) for s in sorted(nodes)]
        yield from (tidy if graph == "" else [{"@id": compact(graph), "@graph": tidy}])


def _by_graph(quads: list[ox.Quad]) -> list[list[ox.Quad]]:
    graphs: dict[str, list[ox.Quad]] = defaultdict(list)
    for quad in quads:
        graphs[_graph_key(quad.graph_name)].append(quad)
    return [graphs[g] for g in sorted(graphs)]


def document(quads: list[ox.Quad]) -> dict:
    return {"@context": dict(sorted(PREFIXES.items())), "@graph": list(items(_by_graph(quads)))}


def _tidy(node: dict) -> dict:
    """Sort properties and values; unwrap single values so the common case reads simply."""
    out = {"@id": node["@id"]}
    for key in sorted(k for k in node if k != "@id"):
        values = sorted(node[key], key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        out[key] = values[0] if len(values) == 1 else values
    return out


def write_jsonld(quads: list[ox.Quad] | Callable[[], Iterator[list[ox.Quad]]],
                 path: Path) -> None:
    """Write what json.dumps(document(quads), indent=1) would, one graph at a time.

    `quads` is a list, or a function giving whole graphs in `_graph_key` order."""
    groups = quads() if callable(quads) else _by_graph(quads)
    context = json.dumps(dict(sorted(PREFIXES.items())), ensure_ascii=False, indent=1)
    with atomic_output(path) as out:
        out.write(b'{\n "@context": ' + context.replace("\n", "\n ").encode("utf-8"))
        out.write(b',\n "@graph": [')
        first = True
        for item in items(groups):
            text = json.dumps(item, ensure_ascii=False, indent=1).replace("\n", "\n  ")
            out.write((("\n  " if first else ",\n  ") + text).encode("utf-8"))
            first = False
        out.write(b"]\n}\n" if first else b"\n ]\n}\n")
