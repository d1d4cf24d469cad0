"""The whole path from seeds to store and exports, one direction, as DESIGN.md draws it:
load + validate -> RDF graphs -> SHACL -> store -> exports (read back from the store)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.annotations import Corpus, load_corpus
from kg.atomic import write_bytes_atomically
from kg.build import GraphSink, build_graphs
from kg.export import RDF_EXPORTS, write_rdf_exports
from kg.resources import ontology_dir
from kg.shacl import validate_graphs
from kg.store import open_store, store_fingerprint, write_store
from kg.summary import Summary, summarise

Report = Callable[[str], None]
STATE_FILE = "build.json"  # beside the store: what the last build wrote, to skip needless work


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
          report: Report = _quiet) -> BuildResult:
    seeds, out, store_path = Path(seeds), Path(out), Path(store_path)
    fingerprint = input_fingerprint(seeds)
    state_path = store_path.parent / STATE_FILE
    if not force and _unchanged(fingerprint, store_path, state_path, out):
        report("inputs unchanged since the last build; store and exports are up to date")
        return BuildResult(summarise(open_store(store_path)), up_to_date=True)
    _, graphs = check(seeds, report)
    report(f"loading {sum(len(g.quads) for g in graphs)} quads into {store_path}")
    write_store((q for g in graphs for q in g.quads), store_path, fingerprint)
    store = open_store(store_path)
    report(f"writing exports to {out}")
    written = write_rdf_exports(store, out)
    state = {"fingerprint": fingerprint, "exports": {
        str(p.resolve()): hashlib.sha256(p.read_bytes()).hexdigest() for p in written}}
    write_bytes_atomically(state_path, json.dumps(state, indent=1, sort_keys=True).encode())
    return BuildResult(summarise(store), written)


def _unchanged(fingerprint: str, store_path: Path, state_path: Path, out: Path) -> bool:
    if store_fingerprint(store_path) != fingerprint or not state_path.exists():
        return False
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        return False
    expected = {str((out / name).resolve()) for name in RDF_EXPORTS}
    recorded = state.get("exports", {})
    if state.get("fingerprint") != fingerprint or set(recorded) != expected:
        return False
    return all(Path(p).exists() and hashlib.sha256(Path(p).read_bytes()).hexdigest() == h
               for p, h in recorded.items())
