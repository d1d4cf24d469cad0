"""The whole path from seeds to store and exports, one direction, as DESIGN.md draws it:
load + validate -> RDF graphs -> SHACL -> store -> exports (read back from the store)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.annotations import Corpus, load_corpus
from kg.annotations.corpus import annotation_files
from kg.atomic import remove_stale_temporaries, write_bytes_atomically
from kg.build import GraphSink, build_graphs
from kg.build.progress import ProgressBar
from kg.build.stream import default_workers, stream_articles
from kg.errors import KgError, display_path
from kg.export import RDF_EXPORTS, write_rdf_exports
from kg.export.graphs import graph_export_names, write_graph_exports
from kg.reconcile import load_reconciled
from kg.resources import ontology_dir
from kg.shacl import PYSHACL_LIMIT, validate_graphs
from kg.store import open_store, store_fingerprint, write_store_with
from kg.summary import Summary, summarise

Report = Callable[[str], None]
STATE_FILE = "build.json"  # beside the store: what the last build wrote, to skip needless work
# Up to this many articles the build holds the corpus in memory and checks it with pySHACL,
# the reference validator; above it, it streams (kg/build/stream.py) and uses the compiled
# shapes (kg/shacl_compiled.py), which tests hold to the same results.
SMALL_CORPUS = PYSHACL_LIMIT


def _quiet(_: str) -> None:
    pass


@dataclass
class BuildResult:
    summary: Summary
    written: list[Path] = field(default_factory=list)
    up_to_date: bool = False


def input_fingerprint(seeds: Path) -> str:
    """A hash of everything a build depends on: texts, annotations, registry, ontology, and
    the code itself (a changed builder must not be mistaken for an unchanged build)."""
    digest = hashlib.sha256(f"kg {__version__}\n".encode())
    code = Path(__file__).resolve().parent
    files = [*sorted(Path(seeds).glob("*.txt")), *sorted(Path(seeds).glob("*.yaml")),
             *sorted(ontology_dir().glob("*.ttl")), *sorted(code.rglob("*.py"))]
    for path in files:
        digest.update(f"{path.name}\n".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:20]


def check(seeds: Path, report: Report = _quiet) -> tuple[Corpus, list[GraphSink]]:
    """Load and validate annotations, build the graphs, run SHACL. Writes nothing."""
    report(f"loading annotations from {seeds}")
    corpus = load_corpus(Path(seeds))
    report(f"  {len(corpus.documents)} articles, {len(corpus.registry.actors)} actors, "
           f"{len(corpus.registry.places)} places, {len(corpus.registry.posts)} posts")
    for text in corpus.unannotated:
        report(f"  note: {text.name} has no annotation and is skipped")
    graphs = list(build_graphs(corpus))
    report(f"checking {len(graphs) - 1} graphs against the SHACL shapes")
    validate_graphs(graphs)
    return corpus, graphs


def build(seeds: Path, out: Path, store_path: Path, force: bool = False,
          report: Report = _quiet, streaming: bool | None = None,
          workers: int | None = None, timings: dict | None = None) -> BuildResult:
    """Validate, load the store and write the exports. `streaming` None chooses by corpus
    size (SMALL_CORPUS); `workers` None uses every core the process may run on; `timings`,
    if given, receives seconds per phase (for the benchmarks)."""
    timings = {} if timings is None else timings
    started = time.perf_counter()
    seeds, out, store_path = Path(seeds), Path(out), Path(store_path)
    fingerprint = input_fingerprint(seeds)
    state_path = store_path.parent / STATE_FILE
    if not force and _unchanged(fingerprint, store_path, state_path, out):
        report("inputs unchanged since the last build; store and exports are up to date")
        return BuildResult(summarise(open_store(store_path)), up_to_date=True)
    _prepare_output(out)  # fail before the store is touched, not after it was replaced
    files = annotation_files(seeds) if seeds.is_dir() else []
    if streaming is None:
        streaming = len(files) > SMALL_CORPUS
    if streaming and files:
        _stream(seeds, files, store_path, fingerprint, report, workers or default_workers())
    else:
        _, graphs = check(seeds, report)
        report(f"loading {sum(len(g.quads) for g in graphs)} quads into {store_path}")

        def load(store):
            store.bulk_extend(q for g in graphs for q in g.quads)
            load_reconciled(store)

        write_store_with(load, store_path, fingerprint)
    timings["load"] = time.perf_counter() - started
    store = open_store(store_path)
    report(f"writing exports to {out}")
    written = write_rdf_exports(store, out, timings=timings)
    started = time.perf_counter()
    written += write_graph_exports(store, out)
    timings["graph exports"] = time.perf_counter() - started
    state = {"fingerprint": fingerprint, "exports": {
        str(p.resolve()): _sha256_file(p) for p in written}}
    write_bytes_atomically(state_path, json.dumps(state, indent=1, sort_keys=True).encode())
    started = time.perf_counter()
    summary = summarise(store)
    timings["summary"] = time.perf_counter() - started
    return BuildResult(summary, written)


def _stream(seeds: Path, files: list[Path], store_path: Path, fingerprint: str,
            report: Report, workers: int) -> None:
    report(f"loading annotations from {seeds}")
    report(f"  {len(files)} articles: checking each against the SHACL shapes and loading it "
           f"into {store_path} ({workers} worker process{'es' if workers > 1 else ''})")
    texts = {p.stem for p in seeds.glob("*.txt")} - {p.stem for p in files}
    for stem in sorted(texts):
        report(f"  note: {stem}.txt has no annotation and is skipped")
    bar = ProgressBar(len(files), "articles")
    loaded = {}

    def load(store):
        loaded["stats"] = stream_articles(seeds, files, store, workers, tick=bar)
        load_reconciled(store)

    write_store_with(load, store_path, fingerprint)
    stats = loaded["stats"]
    report(f"loaded {stats.quads + stats.base_quads} quads into {store_path}")


def _prepare_output(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create {display_path(out)}: {exc.strerror or exc}") from None
    if not os.access(out, os.W_OK):
        raise KgError(f"cannot write to {display_path(out)}: permission denied")
    remove_stale_temporaries(out, [*RDF_EXPORTS, *graph_export_names()])


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unchanged(fingerprint: str, store_path: Path, state_path: Path, out: Path) -> bool:
    if store_fingerprint(store_path) != fingerprint or not state_path.exists():
        return False
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        return False
    expected = {str((out / name).resolve()) for name in [*RDF_EXPORTS, *graph_export_names()]}
    recorded = state.get("exports", {})
    if state.get("fingerprint") != fingerprint or set(recorded) != expected:
        return False
    return all(Path(p).exists() and _sha256_file(Path(p)) == h for p, h in recorded.items())
