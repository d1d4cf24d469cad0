"""JSON-LD with a compact, readable @context: prefixed names, one object per node.

Written here rather than by a library serializer because the output must be byte-stable
and compact at once; rdflib's serializer orders nodes by hash and pyoxigraph's writes
full IRIs.
"""

from __future__ import annotations

import json
from collections import defaultdict
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


def document(quads: list[ox.Quad]) -> dict:
    graphs: dict[str, dict[str, dict]] = defaultdict(dict)
    for quad in quads:
        graph = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        node = graphs[graph].setdefault(str(quad.subject), {"@id": _id(quad.subject)})
        if quad.predicate == RDF.type:
            node.setdefault("@type", []).append(_id(quad.object))
        else:
            node.setdefault(compact(quad.predicate.value), []).append(_value(quad.object))
    body = []
    for graph in sorted(graphs):
        nodes = [_tidy(graphs[graph][s]) for s in sorted(graphs[graph])]
        body.extend(nodes if graph == "" else [{"@id": compact(graph), "@graph": nodes}])
    return {"@context": dict(sorted(PREFIXES.items())), "@graph": body}


def _tidy(node: dict) -> dict:
    """Sort properties and values; unwrap single values so the common case reads simply."""
    out = {"@id": node["@id"]}
    for key in sorted(k for k in node if k != "@id"):
        values = sorted(node[key], key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        out[key] = values[0] if len(values) == 1 else values
    return out


def write_jsonld(quads: list[ox.Quad], path: Path) -> None:
    text = json.dumps(document(quads), ensure_ascii=False, indent=1, sort_keys=False)
    with atomic_output(path) as out:
        out.write(text.encode("utf-8") + b"\n")
