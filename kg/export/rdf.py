"""Standard RDF exports of the whole store: TriG, N-Quads and the merged Turtle view.

Quads are sorted before writing (by graph, then rdf:type first within a subject, then by
term), and there are no blank nodes, so the same store always gives the same bytes.

Writing streams, one named graph at a time: graphs are visited in sorted order and each
is sorted on its own, which gives exactly the global order without holding the dataset
in memory. The merged Turtle view needs one order across graphs, so its triples go
through an external merge sort (sorted runs on disk, merged lazily).
"""

from __future__ import annotations

import heapq
import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_output
from kg.namespaces import PREFIXES, RDF

# A source of quads, one sorted named graph at a time; or a plain sorted list of quads.
Groups = Callable[[], Iterator[list[ox.Quad]]]
RUN_LINES = 1_000_000  # N-Triples lines per sorted run of the Turtle view's merge sort


def _key(statement: ox.Quad | ox.Triple) -> tuple:
    return (str(statement.subject), statement.predicate != RDF.type, str(statement.predicate),
            str(statement.object))


def graph_names(store: ox.Store, by_iri: bool = False) -> list:
    names = list(store.named_graphs())
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        names.append(ox.DefaultGraph())
    if by_iri:
        return sorted(names, key=lambda g: "" if isinstance(g, ox.DefaultGraph) else g.value)
    return sorted(names, key=str)


def store_groups(store: ox.Store, by_iri: bool = False) -> Groups:
    """Each graph's quads, sorted, graphs in sorted order: the global sort, streamed."""
    def groups() -> Iterator[list[ox.Quad]]:
        for name in graph_names(store, by_iri):
            yield sorted(store.quads_for_pattern(None, None, None, name), key=_key)
    return groups


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """The whole dataset in export order, in memory: for small stores and tests."""
    return [q for group in store_groups(store)() for q in group]


def _as_groups(quads: list[ox.Quad] | Groups) -> Iterator[list[ox.Quad]]:
    if callable(quads):
        return quads()
    return (list(g) for _, g in itertools.groupby(quads, key=lambda q: str(q.graph_name)))


def merged_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """The union of all graphs, each triple once: the view for tools without named graphs."""
    return sorted({q.triple for q in quads}, key=_key)


class _SortedPrefixes:
    """A binary writer that sorts the serialiser's leading @prefix lines, then passes through:
    the library's prefix order is not ours to rely on."""

    def __init__(self, out):
        self.out, self.head, self.passing = out, b"", False

    def write(self, data) -> int:
        data = bytes(data)
        if self.passing:
            self.out.write(data)
            return len(data)
        self.head += data
        lines = self.head.split(b"\n")
        cut = next((i for i, line in enumerate(lines[:-1]) if not line.startswith(b"@prefix")),
                   None)
        if cut is not None:
            self.out.write(b"\n".join(sorted(lines[:cut]) + lines[cut:]))
            self.head, self.passing = b"", True
        return len(data)

    def close(self) -> None:
        if not self.passing and self.head:
            lines = self.head.split(b"\n")
            self.out.write(b"\n".join(sorted(lines[:-1]) + lines[-1:]))
        self.head, self.passing = b"", True

    def flush(self) -> None:
        pass


def _serialize(statements: Iterable, out, fmt: ox.RdfFormat) -> None:
    writer = _SortedPrefixes(out)
    ox.serialize(statements, writer, fmt, prefixes=PREFIXES)
    writer.close()


def write_trig(quads: list[ox.Quad] | Groups, path: Path) -> None:
    with atomic_output(path) as out:
        out.write(_header("TriG: every graph of the dataset (ontology, registry, one account "
                          "per article)"))
        _serialize((q for g in _as_groups(quads) for q in g), out, ox.RdfFormat.TRIG)


def write_nquads(quads: list[ox.Quad] | Groups, path: Path) -> None:
    with atomic_output(path) as out:
        for group in _as_groups(quads):
            out.write(ox.serialize(group, format=ox.RdfFormat.N_QUADS))


def write_turtle(quads: list[ox.Quad] | Groups, path: Path) -> None:
    with tempfile.TemporaryDirectory(prefix=".kg-sort-", dir=Path(path).parent) as tmp:
        merged = _merge_sorted_triples(_as_groups(quads), Path(tmp))
        with atomic_output(path) as out:
            out.write(_header("Turtle: all graphs merged; see kg.trig for who says what"))
            with open(merged, "rb") as lines:
                _serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), out,
                           ox.RdfFormat.TURTLE)


# In a sort line, rdf:type is written as "!" (it sorts first within a subject, as _key says)
# and the parts are joined by "\x00", which sorts before any character a term can hold, so
# that comparing lines compares (subject, type first, predicate, object) like _key.
_TYPE = str(RDF.type)


def _sort_line(t: ox.Triple) -> str:
    predicate = str(t.predicate)
    flag = "0" if predicate == _TYPE else "1" + predicate
    return f"{t.subject}\x00{flag}\x00{t.object}\n"


def _nt_line(line: str) -> str:
    subject, flag, obj = line.rstrip("\n").split("\x00")
    predicate = _TYPE if flag == "0" else flag[1:]
    return f"{subject} {predicate} {obj} .\n"


def _merge_sorted_triples(groups: Iterator[list[ox.Quad]], tmp: Path) -> Path:
    """Sorted runs of at most RUN_LINES lines, merged and deduplicated into one N-Triples file."""
    runs, lines = [], []
    for group in groups:
        lines.extend(_sort_line(q.triple) for q in group)
        if len(lines) >= RUN_LINES:
            runs.append(_write_run(lines, tmp, len(runs)))
            lines = []
    if lines or not runs:
        runs.append(_write_run(lines, tmp, len(runs)))
    handles = [open(r, encoding="utf-8", newline="\n") for r in runs]
    merged = tmp / "merged.nt"
    try:
        with open(merged, "w", encoding="utf-8", newline="\n") as out:
            previous = None
            for line in heapq.merge(*handles):
                if line != previous:
                    out.write(_nt_line(line))
                    previous = line
    finally:
        for handle in handles:
            handle.close()
    for r in runs:
        os.unlink(r)
    return merged


def _write_run(lines: list[str], tmp: Path, index: int) -> Path:
    lines.sort()
    path = tmp / f"run-{index:05d}.txt"
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.writelines(lines)
    return path


def _header(what: str) -> bytes:
    return f"# Generated by `kg build`. {what}.\n".encode()
