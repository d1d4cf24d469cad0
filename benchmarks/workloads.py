"""The measured work, each run in its own process so that peak RSS is its own:

    python -m benchmarks.workloads kg CORPUS WORKDIR        # the streaming build + queries
    python -m benchmarks.workloads rdflib CORPUS WORKDIR    # the same, the obvious rdflib way

Each prints one JSON object on standard output.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from kg.namespaces import sparql_prologue

# Representative questions, asked of both engines: selective ones and whole-graph aggregates.
QUERIES = {
    "actor-meetings": """SELECT ?m ?date WHERE { ?m kg:participant $ACTOR .
        OPTIONAL { ?m kg:startDate ?date } } ORDER BY ?date""",
    "meeting-participants": """SELECT ?actor ?role WHERE { $MEETING kg:hasParticipation ?p .
        ?p kg:actor ?actor ; kg:role ?role }""",
    "date-range": """SELECT ?m ?date WHERE { ?m a kg:Meeting ; kg:startDate ?date .
        FILTER(?date >= "2020-01-01"^^xsd:date && ?date < "2020-02-01"^^xsd:date) }""",
    "co-participation": """SELECT ?a ?b (COUNT(DISTINCT ?m) AS ?n) WHERE {
        ?m kg:participant ?a , ?b . FILTER(STR(?a) < STR(?b)) } GROUP BY ?a ?b
        ORDER BY DESC(?n) LIMIT 100""",
    "counts": """SELECT (COUNT(DISTINCT ?m) AS ?meetings) (COUNT(DISTINCT ?p) AS ?parts)
        WHERE { { ?m a kg:Meeting } UNION { ?p a kg:Participation } }""",
}
AGGREGATES = {"co-participation", "counts"}
LIBRARY_TIMEOUT = 60


def peak_rss_mb() -> dict:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"rss_main_mb": round(own, 1), "rss_worker_mb": round(workers, 1)}


def du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sLm", str(path)], capture_output=True, text=True).stdout
    return float(out.split()[0]) if out else 0.0


def samples(corpus: Path) -> dict:
    """The most reported actor and one of its meetings, read from the corpus itself."""
    import yaml

    first = sorted(p for p in corpus.glob("*.yaml") if p.name != "actors.yaml")[0]
    data = yaml.load(first.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    meeting = data["meetings"][0]
    return {"actor": meeting["participants"][0]["actor"], "meeting": meeting["id"]}


def timed(run, reps: int) -> dict:
    times = []
    for _ in range(reps):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return {"p50_ms": round(statistics.median(times), 2), "p95_ms": round(p95, 2), "n": reps}


def _text(name: str, sample: dict) -> str:
    return sparql_prologue() + QUERIES[name].replace(
        "$ACTOR", f"actor:{sample['actor']}").replace("$MEETING", f"meeting:{sample['meeting']}")


def kg_workload(corpus: Path, work: Path, reps: int) -> dict:
    from kg import pipeline
    from kg.store import open_store

    timings: dict = {}
    start = time.perf_counter()
    result = pipeline.build(corpus, work / "exports", work / "store" / "store", force=True,
                            streaming=True, timings=timings)
    total = time.perf_counter() - start
    store = open_store(work / "store" / "store")
    sample = samples(corpus)
    queries = {}
    for name in QUERIES:
        text = _text(name, sample)
        queries[name] = timed(lambda t=text: list(store.query(
            t, use_default_graph_as_union=True)), 3 if name in AGGREGATES else reps)
    queries.update(library_queries(work / "store" / "store", sample, reps))
    return {"seconds": round(total, 2), "load_seconds": round(timings["load"], 2),
            "summary_seconds": round(timings["summary"], 2),
            "graph_exports_seconds": round(timings.get("graph exports", 0.0), 2),
            "exports": {k: round(v, 2) for k, v in timings.items() if k.startswith("kg.")},
            "quads": result.summary.quads, "articles": result.summary.articles,
            "store_mb": du_mb(work / "store" / "store"), "queries": queries, **peak_rss_mb()}


def library_queries(store_path: Path, sample: dict, reps: int) -> dict:
    """Every query of the project's library (queries/*.rq), when there is one, with its
    required parameters filled from the sample."""
    try:
        from kg.query.api import open_store as open_library
    except ImportError:
        return {}
    kg = open_library(store_path)
    values = {"actor": sample["actor"], "meeting": sample["meeting"], "date": "2020-01-01",
              "string": "ov", "lang": "en", "int": "10", "integer": "10"}
    found = {}
    for query in kg.library:
        params, ok = {}, True
        for p in query.params:
            if p.required:
                if p.type not in values:
                    ok = False
                    break
                params[p.name] = values[p.type]
        if not ok:
            continue
        # Each in its own process with a time limit: a slow library query must not stall
        # the whole run (Oxigraph cannot cancel a query from Python).
        cmd = [sys.executable, "-m", "benchmarks.workloads", "libquery", str(store_path),
               query.name, json.dumps(params)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=LIBRARY_TIMEOUT,
                                  stdin=subprocess.DEVNULL)
            found[f"lib:{query.name}"] = json.loads(proc.stdout) if proc.returncode == 0 \
                else {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:80]}
        except subprocess.TimeoutExpired:
            found[f"lib:{query.name}"] = {"error": f"over {LIBRARY_TIMEOUT} s (3 runs)"}
    return found


def library_query(store_path: Path, name: str, params: dict) -> dict:
    from kg.query.api import open_store as open_library

    kg = open_library(store_path)
    try:
        return timed(lambda: _consume(kg.run(name, **params)), 3)
    except Exception as exc:  # noqa: BLE001 - a library query that cannot run here is noted
        return {"error": str(exc)[:80]}


def _consume(result) -> object:
    return list(result) if hasattr(result, "__iter__") else bool(result)  # ASK gives a bool


def rdflib_workload(corpus: Path, work: Path, reps: int) -> dict:
    """The obvious way: load the corpus, build the graphs, put every quad in an in-memory
    rdflib Dataset, serialise with rdflib, query with rdflib's SPARQL engine. No SHACL:
    pySHACL alone would take seconds per article here (see README)."""
    import pyoxigraph as ox
    import rdflib

    from kg.annotations import load_corpus
    from kg.build import build_graphs

    start = time.perf_counter()
    corpus_data = load_corpus(corpus)
    dataset = rdflib.Dataset()
    for sink in build_graphs(corpus_data):
        data = ox.serialize(sink.quads, format=ox.RdfFormat.N_QUADS)
        dataset.parse(data=data.decode("utf-8"), format="nquads")
    load = time.perf_counter() - start
    exports = {}
    for name, fmt in (("kg.trig", "trig"), ("kg.nq", "nquads"), ("kg.ttl", "turtle"),
                      ("kg.jsonld", "json-ld")):
        t = time.perf_counter()
        target = dataset if fmt != "turtle" else _merged(dataset)
        target.serialize(destination=str(work / name), format=fmt)
        exports[name] = round(time.perf_counter() - t, 2)
    total = load + sum(exports.values())
    dataset.default_union = True
    sample = samples(corpus)
    queries = {}
    for name in QUERIES:
        text = _text(name, sample)
        queries[name] = timed(lambda t=text: list(dataset.query(t)),
                              1 if name in AGGREGATES else max(3, reps // 4))
    return {"seconds": round(total, 2), "load_seconds": round(load, 2), "exports": exports,
            "quads": len(dataset), "queries": queries, **peak_rss_mb()}


def _merged(dataset):
    import rdflib

    graph = rdflib.Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def main(argv: list[str]) -> None:
    if argv[0] == "libquery":
        print(json.dumps(library_query(Path(argv[1]), argv[2], json.loads(argv[3]))))
        return
    kind, corpus, work = argv[0], Path(argv[1]), Path(argv[2])
    reps = int(argv[3]) if len(argv) > 3 else 20
    work.mkdir(parents=True, exist_ok=True)
    run = kg_workload if kind == "kg" else rdflib_workload
    print(json.dumps(run(corpus, work, reps)))


if __name__ == "__main__":
    main(sys.argv[1:])
