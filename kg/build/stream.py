"""The streaming build for large corpora: a map from annotation file to N-Quads, run in
worker processes, feeding Oxigraph's bulk loader in batches.

Nothing is kept per article in the main process except the few ids that cross-article
checks need (meeting ids, `part_of` and statement `about`), so memory does not grow with
the text of the corpus. Each worker loads the registry once, then for each file: loads and
checks the annotation, builds the account, validates it against the shapes (the compiled
evaluator, kg/shacl_compiled.py) and serialises its quads. Results come back in file
order, so the store, and so the exports, do not depend on scheduling.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox

from kg.annotations.corpus import REGISTRY_FILE, Corpus, _cross_document_problems
from kg.annotations.document import load_document
from kg.annotations.registry import load_registry
from kg.build.document import document_graph
from kg.build.ontology import ontology_graph
from kg.build.registry import place_kind_actors, registry_graph, territories
from kg.errors import KgError, Problem
from kg.shacl_compiled import Result, Validator

BATCH_BYTES = 64 << 20  # N-Quads handed to the bulk loader at a time
CHUNK = 32  # files per task sent to a worker


@dataclass
class Article:
    """What a worker sends back for one annotation file."""

    path: Path
    text: Path | None = None  # the article text it read (the build's fingerprint covers it)
    nquads: bytes = b""
    quads: int = 0
    problems: list[Problem] = field(default_factory=list)  # annotation problems
    violations: list[Problem] = field(default_factory=list)  # SHACL problems
    meetings: list[tuple[str, str | None, int]] = field(default_factory=list)
    statements: list[tuple[str, str, int]] = field(default_factory=list)
    actors_as_places: set[str] = field(default_factory=set)


@dataclass
class StreamStats:
    articles: int = 0
    quads: int = 0
    base_quads: int = 0
    texts: list[Path] = field(default_factory=list)


_worker: SimpleNamespace | None = None


def _start_worker(registry_path: Path) -> None:
    global _worker
    registry = load_registry(registry_path)
    # The check sees a place node for every state and organisation (any may be a meeting's
    # place); the store gets only those some meeting uses (stream_articles).
    base = [ontology_graph(), registry_graph(registry, place_kind_actors(registry))]
    _worker = SimpleNamespace(registry=registry, origins=base[1].origins,
                              validator=Validator(q for g in base for q in g.quads))


def _process(path: Path) -> Article:
    w = _worker
    result = Article(path)
    try:
        doc = load_document(path, w.registry)
    except KgError as exc:
        result.problems = exc.problems
        return result
    result.text = doc.text.path
    sink = document_graph(doc, w.registry)
    result.meetings = [(m.id, m.part_of, m.line) for m in doc.meetings]
    result.statements = [(s.id, s.about, s.line) for s in doc.statements]
    result.actors_as_places = {m.place for m in doc.meetings if m.place in w.registry.actors}
    result.violations = shacl_problems(w.validator.check_graph(sink.quads), sink.origins,
                                       w.origins)
    result.nquads = ox.serialize(sink.quads, format=ox.RdfFormat.N_QUADS)
    result.quads = len(sink.quads)
    return result


def shacl_problems(results: list[Result], origins: dict, registry: dict) -> list[Problem]:
    """Problems worded exactly as kg/shacl.py words pySHACL's results."""
    from kg.shacl import _short, shacl_problem

    def path(r: Result) -> str | None:
        if r.path is None:
            return None
        return "^" + _short(r.path[1]) if isinstance(r.path, tuple) else _short(r.path)

    return [shacl_problem(r.focus, path(r), r.value, r.message, origins, registry)
            for r in results]


def default_workers() -> int:
    return max(1, min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                      else (os.cpu_count() or 1), 8))


def stream_articles(folder: Path, files: list[Path], store: ox.Store, workers: int,
                    tick: Callable[[int], None] | None = None) -> StreamStats:
    """Load, check, build and store every article; raise KgError listing every problem."""
    registry_path = folder / REGISTRY_FILE
    _start_worker(registry_path)  # in this process too: the base graphs and their check
    stats = StreamStats()
    base = [ontology_graph(), registry_graph(_worker.registry)]
    violations = shacl_problems(_worker.validator.check_base(), _worker.origins, {})
    # The base goes in as quads: parsing would relabel the ontology's blank nodes, and their
    # labels must stay as kg/build/ontology.py numbers them. Articles have no blank nodes.
    store.bulk_extend(q for g in base for q in g.quads)
    stats.base_quads = sum(len(g.quads) for g in base)
    problems: list[Problem] = []
    refs = []
    actors_as_places: set[str] = set()
    batch: list[bytes] = []
    size = 0
    for article in _results(files, registry_path, workers):
        stats.articles += 1
        if tick:
            tick(stats.articles)
        if article.text is not None:
            stats.texts.append(article.text)
        problems.extend(article.problems)
        violations.extend(article.violations)
        actors_as_places |= article.actors_as_places
        refs.append(SimpleNamespace(path=article.path, doc_id=article.path.stem,
                                    meetings=[SimpleNamespace(id=i, part_of=p, line=ln)
                                              for i, p, ln in article.meetings],
                                    statements=[SimpleNamespace(id=i, about=a, line=ln)
                                                for i, a, ln in article.statements]))
        if problems or violations:
            continue  # keep checking, stop loading: the build will fail
        stats.quads += article.quads
        batch.append(article.nquads)
        size += len(article.nquads)
        if size >= BATCH_BYTES:
            store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
            batch, size = [], 0
    problems.extend(_cross_document_problems(Corpus(folder, _worker.registry, refs, [])))
    if problems:
        raise KgError(sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.message)))
    if violations:
        raise KgError(sorted(set(violations), key=lambda p: (p.path, p.line or 0, p.message)))
    if batch:
        store.bulk_load(b"".join(batch), format=ox.RdfFormat.N_QUADS)
    extra = territories(_worker.registry, actors_as_places)
    store.bulk_extend(extra.quads)
    stats.base_quads += len(extra.quads)
    return stats


def _results(files: list[Path], registry_path: Path, workers: int):
    if workers <= 1:
        yield from map(_process, files)
        return
    # fork shares the already-imported modules; each worker still loads its own registry.
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(registry_path,)) as pool:
        yield from pool.imap(_process, files, chunksize=CHUNK)
