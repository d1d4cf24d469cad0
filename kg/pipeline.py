"""The whole path from seeds to store and exports, one direction, as DESIGN.md draws it:
load + validate -> RDF graphs -> SHACL -> store -> exports (read back from the store)."""

from __future__ import annotations

import gc
import hashlib
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg import __version__
from kg.annotations import Corpus, load_corpus
from kg.annotations.corpus import annotation_files, seed_entry_problems
from kg.annotations.files import not_a_regular_file
from kg.atomic import (
    StagedOutputs,
    refuse_link_in_exports_folder,
    remove_stale_temporaries,
    write_bytes_atomically,
)
from kg.build import GraphSink, build_graphs
from kg.build.progress import ProgressBar
from kg.build.stream import default_workers, stream_articles
from kg.errors import KgError, display_path
from kg.export import RDF_EXPORTS, write_rdf_exports
from kg.export.graphs import graph_export_names, write_graph_exports
from kg.faults import fault_point
from kg.reconcile import load_reconciled
from kg.resources import ontology_dir
from kg.shacl import PYSHACL_LIMIT, validate_graphs
from kg.store import StoreFolder, open_store, store_files_digest, store_fingerprint
from kg.summary import Summary, summarise

Report = Callable[[str], None]
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


def input_fingerprint(seeds: Path, texts: Iterable[Path] = ()) -> str:
    """A hash of exactly what a build reads: the registry and annotations (every *.yaml in
    the seeds folder), the article texts they name (`texts`, wherever `text:` points and
    whatever their extension), the ontology, and kg's own files: code, projection queries,
    page templates (a changed builder must not be mistaken for an unchanged build)."""
    digest = hashlib.sha256(f"kg {__version__}\n".encode())
    seeds = Path(seeds)
    code = Path(__file__).resolve().parent
    inputs = [*((f"seeds/{p.name}", p) for p in sorted(seeds.glob("*.yaml"))),
              *sorted((f"text/{os.path.relpath(t, seeds)}", Path(t)) for t in set(texts)),
              *((f"ontology/{p.name}", p) for p in sorted(ontology_dir().glob("*.ttl"))),
              *((f"kg/{p.relative_to(code)}", p) for p in sorted(code.rglob("*"))
                if "__pycache__" not in p.parts and p.is_file())]
    for name, path in inputs:
        digest.update(f"{name}\n".encode())
        digest.update(_file_digest(path))
    return digest.hexdigest()[:20]


def _file_digest(path: Path) -> bytes:
    """A regular file's SHA-256; for anything else, a value that differs from any file's.
    It never waits on a FIFO nor raises: the build itself reports such an input."""
    if not_a_regular_file(path):
        return b"not a regular file"
    try:
        return bytes.fromhex(_sha256_file(path))
    except OSError:
        return b"unreadable"


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
    if given, receives seconds per phase (for the benchmarks).

    Everything new is staged first: the store in kg's store folder (kg/store.py), the
    exports in a staging folder inside `out`. Only when all of it is complete are the store
    swapped and the exports renamed, together, last; a failure or a kill before then
    leaves the previous store and every previous export as they were."""
    timings = {} if timings is None else timings
    started = time.perf_counter()
    seeds, out, store_path = Path(seeds), Path(out), Path(store_path)
    problems = seed_entry_problems(seeds)  # the seeds folder first: a build that cannot
    if problems:                           # start must not leave a store folder behind
        raise KgError(problems)
    if out.exists() and not out.is_dir():
        raise KgError(f"cannot write the exports to {display_path(out)}: it is not a folder")
    folder = StoreFolder(store_path)
    folder.claim()
    with folder.locked():
        folder.recover()
        state = _read_state(folder.state_path)
        if not force and _unchanged(seeds, state, store_path, out):
            return BuildResult(summarise(open_store(store_path)), up_to_date=True)
        _prepare_output(out)  # fail before anything is loaded, not after
        files = annotation_files(seeds) if seeds.is_dir() else []
        if streaming is None:
            streaming = len(files) > SMALL_CORPUS
        if streaming and files:
            staged, texts = _stream(seeds, files, folder, store_path, report,
                                    workers or default_workers())
        else:
            staged, texts = _load(seeds, folder, store_path, report)
        timings["load"] = time.perf_counter() - started
        try:
            written = _write_exports(staged, out, input_fingerprint(seeds, texts), folder,
                                     report, timings)
        finally:
            shutil.rmtree(staged, ignore_errors=True)  # published, it is no longer there
        state = {"fingerprint": store_fingerprint(store_path), "exports": written,
                 "store_files": store_files_digest(store_path),
                 "texts": sorted(os.path.relpath(t, seeds) for t in set(texts))}
        write_bytes_atomically(folder.state_path,
                               json.dumps(state, indent=1, sort_keys=True).encode())
    started = time.perf_counter()
    summary = summarise(open_store(store_path))
    timings["summary"] = time.perf_counter() - started
    return BuildResult(summary, [Path(p) for p in written])


def _load(seeds: Path, folder: StoreFolder, store_path: Path,
          report: Report) -> tuple[Path, list[Path]]:
    corpus, graphs = check(seeds, report)
    accounts = sum(len(g.quads) for g in graphs)
    report(f"loading {accounts} quads into {store_path}")
    reconciled = []

    def load(store):
        store.bulk_extend(q for g in graphs for q in g.quads)
        reconciled.append((load_reconciled(store), len(store)))

    staged = folder.stage(load)
    _report_reconciled(report, *reconciled[0])
    return staged, [d.text.path for d in corpus.documents]


def _report_reconciled(report: Report, reconciled: int, stored: int) -> None:
    """The reconciled view is derived after the articles are loaded: say its size, and
    what the store then holds (counted there, as the summary's `quads` line counts it: a
    quad two graphs' loads both carry is stored once)."""
    report(f"  and {reconciled} quads of the reconciled view: the store holds {stored} quads")


def _stream(seeds: Path, files: list[Path], folder: StoreFolder, store_path: Path,
            report: Report, workers: int) -> tuple[Path, list[Path]]:
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
        loaded["reconciled"] = (load_reconciled(store), len(store))

    staged = folder.stage(load)
    stats = loaded["stats"]
    report(f"loaded {stats.quads + stats.base_quads} quads into {store_path}")
    _report_reconciled(report, *loaded["reconciled"])
    return staged, stats.texts


def _write_exports(staged: Path, out: Path, fingerprint: str, folder: StoreFolder,
                   report: Report, timings: dict) -> dict[str, str]:
    """Write every export from the staged store into a staging folder in `out`, then publish
    the store and the exports together. Returns {final path: sha256} of the exports."""
    report(f"writing exports to {out}")
    with StagedOutputs(out) as outputs:
        try:
            store = ox.Store.read_only(str(staged))
            written = write_rdf_exports(store, outputs.staging, timings=timings)
            fault_point("exports")
            started = time.perf_counter()
            written += write_graph_exports(store, outputs.staging)
            timings["graph exports"] = time.perf_counter() - started
            del store
            gc.collect()  # close the staged store before its folder is moved
            digests = {str((out / p.name).resolve()): _sha256_file(p) for p in written}
        except OSError as exc:
            raise KgError(f"cannot write the exports to {display_path(out)}: "
                          f"{exc.strerror or exc}") from None
        folder.publish(staged, fingerprint, outputs.renames(written), outputs.staging)
    return digests


def _prepare_output(out: Path) -> None:
    """Check now that the exports can be written; a missing `out` is made only when the
    exports are (StagedOutputs), so a build that fails on its inputs leaves no folder."""
    existing = next((p for p in (out, *out.absolute().parents) if p.exists()), out)
    if not existing.is_dir():
        raise KgError(f"cannot create {display_path(out)}: {display_path(existing)} is not "
                      "a folder")
    if not os.access(existing, os.W_OK):
        raise KgError(f"cannot write to {display_path(existing)}: permission denied")
    remove_stale_temporaries(out, [*RDF_EXPORTS, *graph_export_names()])
    for name in [*RDF_EXPORTS, *graph_export_names()]:
        refuse_link_in_exports_folder(out / name)  # early; StagedOutputs checks again at the swap


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def _unchanged(seeds: Path, state: dict, store_path: Path, out: Path) -> bool:
    """Whether the last build read exactly the inputs there are now (the texts it recorded
    included) and its store and exports are still in place, unchanged."""
    if not state:
        return False
    texts = [seeds / t for t in state.get("texts", []) if isinstance(t, str)]
    fingerprint = input_fingerprint(seeds, texts)
    if store_fingerprint(store_path) != fingerprint or state.get("fingerprint") != fingerprint:
        return False
    if state.get("store_files") != store_files_digest(store_path):
        return False  # written since (kg serve --allow-update): it no longer matches the inputs
    expected = {str((out / name).resolve()) for name in [*RDF_EXPORTS, *graph_export_names()]}
    recorded = state.get("exports", {})
    if not isinstance(recorded, dict) or set(recorded) != expected:
        return False
    return all(Path(p).exists() and _sha256_file(Path(p)) == h for p, h in recorded.items())
