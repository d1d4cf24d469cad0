"""Result formats, by name and by media type, in one table shared by the CLI and the server.

Every serialisation is Oxigraph's own; JSON-LD comes out expanded (Oxigraph writes no
@context), which every JSON-LD processor reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from kg.namespaces import PREFIXES


@dataclass(frozen=True)
class Format:
    name: str           # what `kg query --format` takes
    media_type: str     # what HTTP content negotiation matches
    oxigraph: object    # QueryResultsFormat or RdfFormat
    text: bool = True   # sent with "; charset=utf-8"


# Solutions and booleans (SELECT, ASK).
RESULTS = [
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, False),
    Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, False),
    Format("csv", "text/csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
]
# Booleans (ASK): SPARQL's CSV and TSV result formats define only a table of solutions and
# no boolean form, so a client reading a bare `true` as CSV gets a table with one column
# named "true" and no rows (rdflib reads it as False). ASK is answered in JSON or XML.
BOOLEANS = RESULTS[:2]
# Graphs (CONSTRUCT, DESCRIBE).
GRAPHS = [
    Format("ttl", "text/turtle", ox.RdfFormat.TURTLE),
    Format("nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, False),
    Format("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, False),
]
# Media types some clients ask for instead of the registered ones.
ALIASES = {"application/json": "json", "application/xml": "xml", "text/xml": "xml",
           "text/plain": "nt", "application/x-turtle": "ttl"}

BY_NAME = {f.name: f for f in RESULTS + GRAPHS}
BY_MEDIA_TYPE = {f.media_type: f for f in RESULTS + GRAPHS}


def result_kind(result) -> str:
    if isinstance(result, ox.QuerySolutions):
        return "solutions"
    if isinstance(result, ox.QueryBoolean):
        return "boolean"
    return "graph"


def formats_for(kind: str) -> list[Format]:
    return {"graph": GRAPHS, "boolean": BOOLEANS}.get(kind, RESULTS)


class ResultTooLarge(Exception):
    """The serialised result passed the configured size cap."""


class _CappedBuffer:
    """A binary sink that refuses to grow past `limit` bytes, so a huge result stops being
    serialised as soon as it is known to be too big, not after it has filled memory."""

    def __init__(self, limit: int | None):
        self.limit, self.parts, self.size = limit, [], 0

    def write(self, data) -> int:
        self.size += len(data)
        if self.limit is not None and self.size > self.limit:
            raise ResultTooLarge(self.limit)
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def serialize(result, fmt: Format, max_bytes: int | None = None) -> bytes:
    """The result in `fmt`; ResultTooLarge past `max_bytes`."""
    sink = _CappedBuffer(max_bytes)  # pyoxigraph lets the sink's exception through as is
    write_result(result, fmt, sink)
    return sink.getvalue()


def write_result(result, fmt: Format, output) -> None:
    """Serialise `result` into a binary file object as the solutions or triples arrive,
    so a result of any size passes through in bounded memory."""
    if isinstance(fmt.oxigraph, ox.RdfFormat):
        ox.serialize(result, output, fmt.oxigraph, prefixes=_prefixes(fmt))
    else:
        result.serialize(output, fmt.oxigraph)


def _prefixes(fmt: Format) -> dict[str, str] | None:
    return PREFIXES if fmt.oxigraph in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
