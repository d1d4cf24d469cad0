"""What a query worker does with one request: resolve, run, serialise, within the caps.

Runs inside a worker process (kg.query.pool), so everything it takes and returns is plain
picklable data. Answers are ("ok", media type, body) or ("error", kind, message); the HTTP
layer maps each kind to a status code.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.errors import KgError
from kg.query.api import library_dataset
from kg.query.execute import dataset_options, run_query, run_update
from kg.query.formats import BY_NAME, ResultTooLarge, formats_for, result_kind, serialize
from kg.query.guard import NO_SERVICE, ServicePolicy
from kg.query.library import QueryLibrary
from kg.query.params import Resolver, bind

HANDLER = "kg.server.jobs:answer"


@dataclass(frozen=True)
class Job:
    kind: str                         # "query", "update" or "library"
    text: str = ""                    # the SPARQL, for "query" and "update"
    name: str = ""                    # the library query, for "library"
    params: dict = field(default_factory=dict)
    graph: str | None = None          # one article's account
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    results_format: str | None = None  # negotiated, for SELECT
    boolean_format: str | None = None  # negotiated, for ASK
    graph_format: str | None = None    # negotiated, for CONSTRUCT and DESCRIBE
    max_bytes: int | None = None
    services: ServicePolicy = NO_SERVICE  # which SERVICE endpoints the query may reach


_library: QueryLibrary | None = None
_resolvers: dict[int, Resolver] = {}


def answer(store: ox.Store, job: Job) -> tuple:
    try:
        if job.kind == "update":
            run_update(store, job.text, using=job.default_graphs, using_named=job.named_graphs,
                       services=job.services)
            _resolvers.clear()  # names may have changed
            return ("ok", None, b"")
        result = _run(store, job)
    except KgError as exc:
        return ("error", "bad-request", str(exc.problems[0].message if len(exc.problems) == 1
                                             else exc))
    kind = result_kind(result)
    wanted = {"graph": job.graph_format, "boolean": job.boolean_format}.get(
        kind, job.results_format)
    fmt = BY_NAME.get(wanted) if wanted else None
    if fmt is None or fmt not in formats_for(kind):
        offered = ", ".join(f.media_type for f in formats_for(kind))
        why = " (CSV and TSV define no form for an ASK answer)" if kind == "boolean" else ""
        return ("error", "not-acceptable",
                f"this {kind} result can be sent as: {offered}{why}")
    try:
        body = serialize(result, fmt, job.max_bytes)
    except ResultTooLarge:
        return ("error", "too-large",
                f"the result is larger than this server's cap of {job.max_bytes} bytes; "
                f"add a LIMIT or ask for fewer variables")
    except (OSError, RuntimeError) as exc:  # raised while the lazy results are read
        remote = job.services.allows_some and isinstance(exc, OSError)
        return ("error", "bad-gateway" if remote else "internal",
                f"the query failed while running: {type(exc).__name__}: {exc}")
    media_type = fmt.media_type + ("; charset=utf-8" if fmt.text else "")
    return ("ok", media_type, body)


def _run(store: ox.Store, job: Job):
    global _library
    dataset = dataset_options(store, job.graph, job.default_graphs, job.named_graphs)
    resolver = _resolvers.setdefault(id(store), Resolver(store))
    if job.kind == "library":
        if _library is None:
            _library = QueryLibrary()
        entry = _library[job.name]
        subs = bind(entry, job.params, resolver)
        if not (job.default_graphs or job.named_graphs):
            dataset = library_dataset(store, job.graph)  # the file's own FROM/GRAPH dataset
        return run_query(store, entry.text, substitutions=subs, source=entry.name,
                         services=job.services, **dataset)
    return run_query(store, job.text, services=job.services, **dataset)
