"""Standard RDF exports of the whole store: TriG, N-Quads and the merged Turtle view.

Quads are sorted before writing, and there are no blank nodes, so the same store always
gives the same bytes:

- TriG is written one named graph at a time, graphs in sorted order, each graph's quads
  sorted (rdf:type first within a subject, then by term) on its own: that streams without
  holding the dataset in memory.
- N-Quads is sorted as a whole file, line by line, by byte (= code point) order, exactly
  what `LC_ALL=C sort` does, so `LC_ALL=C sort -c kg.nq` passes and two exports compare
  with `comm`; lines of different graphs interleave.
- The merged Turtle view needs one order across graphs too.
The last two go through an external merge sort (sorted runs on disk, merged lazily).

`kg build` reads the store once and hands each sorted graph to every writer in turn
(`write_all`); each writer is also callable on its own (`write_trig(quads, path)`).
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_output
from kg.namespaces import PREFIXES, RDF

# A source of quads, one sorted named graph at a time; or a plain sorted list of quads.
Groups = Callable[[], Iterator[list[ox.Quad]]]
RUN_LINES = 1_000_000  # lines per sorted run of the external merge sorts
_TYPE_TERM = RDF.type
_TYPE_B = str(_TYPE_TERM).encode()  # "<...#type>", as N-Quads writes it


def _key(statement: ox.Quad | ox.Triple) -> tuple:
    return (str(statement.subject), statement.predicate != _TYPE_TERM,
            str(statement.predicate), str(statement.object))


def graph_names(store: ox.Store) -> list:
    names = list(store.named_graphs())
    if next(iter(store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        names.append(ox.DefaultGraph())
    return sorted(names, key=str)


class Group(list):
    """One graph's quads in export order, with their N-Quads lines (`lines`, bytes, each
    ending in a newline) in the same order."""

    lines: list[bytes]


def _line_key(line: bytes) -> bytes:
    # An N-Quads line, with rdf:type written as "!" when it is the predicate: comparing
    # these compares (subject, type first, predicate, object) as _key does. Terms hold no
    # space before their end except inside literals, which only come last (the object),
    # and a term that is a prefix of another is always followed by something above " ".
    cut = line.index(b" ")
    if line.startswith(_TYPE_B, cut + 1):
        return line[:cut] + b" !" + line[cut + 1 + len(_TYPE_B):]
    return line


def sort_group(quads: Iterable[ox.Quad]) -> Group:
    """A graph's quads sorted by _key, computed from their N-Quads lines."""
    quads = list(quads)
    lines = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).split(b"\n")
    lines.pop()
    if len(lines) != len(quads):  # a line break inside a term: not expected; sort slowly
        quads.sort(key=_key)
        group = Group(quads)
        group.lines = [ox.serialize([q], format=ox.RdfFormat.N_QUADS) for q in quads]
        return group
    keys = [_line_key(line) for line in lines]
    order = sorted(range(len(keys)), key=keys.__getitem__)
    group = Group(quads[i] for i in order)
    group.lines = [lines[i] + b"\n" for i in order]
    return group


def store_groups(store: ox.Store) -> Groups:
    """Each graph's quads, sorted, graphs in sorted order: the global sort, streamed."""
    def groups() -> Iterator[list[ox.Quad]]:
        for name in graph_names(store):
            yield sort_group(store.quads_for_pattern(None, None, None, name))
    return groups


def sorted_quads(store: ox.Store) -> list[ox.Quad]:
    """The whole dataset in export order, in memory: for small stores and tests."""
    return [q for group in store_groups(store)() for q in group]


def _as_groups(quads: list[ox.Quad] | Groups) -> Iterator[list[ox.Quad]]:
    if callable(quads):
        return quads()
    return (list(g) for _, g in itertools.groupby(quads, key=lambda q: str(q.graph_name)))


def _lines(group: list[ox.Quad]) -> list[bytes]:
    lines = getattr(group, "lines", None)
    if lines is None:  # a group already in export order, without its lines
        data = ox.serialize(group, format=ox.RdfFormat.N_QUADS)
        lines = data.splitlines(keepends=True)
        if len(lines) != len(group):
            lines = [ox.serialize([q], format=ox.RdfFormat.N_QUADS) for q in group]
    return lines


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


# The writers: each opens its output in `open`, takes whole sorted graphs, in order, in
# `add`, and finishes in `close`. `write_all` drives several from one pass over a store.

class TrigWriter:
    header = ("TriG: every graph of the dataset (ontology, registry, one account per article, "
              "and the reconciled view derived from the accounts)")

    def open(self, path: Path, stack: contextlib.ExitStack) -> None:
        self.out = stack.enter_context(atomic_output(path))
        self.out.write(_header(self.header))
        self.prefixes: bytes | None = None

    def add(self, group: list[ox.Quad]) -> None:
        # One graph is one block in TriG: serialised alone, it is what a serialisation of
        # the whole dataset holds for it, after the @prefix lines written once at the top.
        data = ox.serialize(group, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        if self.prefixes is None:
            lines = data.split(b"\n")
            cut = next((i for i, line in enumerate(lines) if not line.startswith(b"@prefix")),
                       len(lines))
            self.prefixes = b"\n".join(lines[:cut]) + b"\n" if cut else b""
            self.out.write(b"\n".join(sorted(lines[:cut]) + lines[cut:]))
            return
        if not data.startswith(self.prefixes):
            raise AssertionError("TriG serialiser changed its @prefix lines between graphs")
        self.out.write(data[len(self.prefixes):])

    def close(self) -> None:
        if self.prefixes is None:  # an empty dataset: what the serialiser writes for it
            _serialize([], self.out, ox.RdfFormat.TRIG)


class LineSorter:
    """An external merge sort of byte lines (each ending in a newline): sorted runs of
    RUN_LINES lines in `tmp`, merged and deduplicated lazily by `merged`."""

    def __init__(self, tmp: Path):
        self.tmp, self.runs, self.pending = tmp, [], []

    def extend(self, lines: Iterable[bytes]) -> None:
        self.pending.extend(lines)
        if len(self.pending) >= RUN_LINES:
            self.runs.append(_write_run(self.pending, self.tmp, len(self.runs)))
            self.pending = []

    def merged(self) -> Iterator[bytes]:
        if self.pending or not self.runs:
            self.runs.append(_write_run(self.pending, self.tmp, len(self.runs)))
            self.pending = []
        handles = [open(r, "rb") for r in self.runs]
        try:
            previous = None
            for line in heapq.merge(*handles):
                if line != previous:
                    yield line
                    previous = line
        finally:
            for handle in handles:
                handle.close()
            for r in self.runs:
                os.unlink(r)


def _sort_folder(path: Path, stack: contextlib.ExitStack) -> Path:
    # Beside the output (same disk); a killed build's leftovers are removed by the next one
    # (kg.export._remove_leftovers).
    return Path(stack.enter_context(
        tempfile.TemporaryDirectory(prefix=".kg-sort-", dir=Path(path).parent)))


class NQuadsWriter:
    """Every quad's N-Quads line, sorted as bytes across the whole file (`LC_ALL=C sort`)."""

    def open(self, path: Path, stack: contextlib.ExitStack) -> None:
        self.sorter = LineSorter(_sort_folder(path, stack))
        self.out = stack.enter_context(atomic_output(path))

    def add(self, group: list[ox.Quad]) -> None:
        self.sorter.extend(_lines(group))

    def close(self) -> None:
        write = self.out.write
        for line in self.sorter.merged():
            write(line)


class TurtleWriter:
    """Triples of every graph, in sorted runs on disk; merged, deduplicated and written as
    Turtle at the end."""

    def open(self, path: Path, stack: contextlib.ExitStack) -> None:
        self.tmp = _sort_folder(path, stack)
        self.sorter = LineSorter(self.tmp)
        self.out = stack.enter_context(atomic_output(path))

    def add(self, group: list[ox.Quad]) -> None:
        lines = _lines(group)
        if not lines:
            return
        graph = group[0].graph_name
        cut = -3 if isinstance(graph, ox.DefaultGraph) else -(len(str(graph).encode()) + 4)
        # "s p o <g> .\n" -> "s p o" plus the sort form of the predicate, newline-ended
        self.sorter.extend(_line_key(line[:cut]) + b"\n" for line in lines)

    def close(self) -> None:
        merged = self.tmp / "merged.nt"
        with open(merged, "wb") as out:
            out.writelines(_nt_line(line) for line in self.sorter.merged())
        self.out.write(_header("Turtle: all graphs merged; see kg.trig for who says what"))
        with open(merged, "rb") as lines:
            _serialize(ox.parse(lines, format=ox.RdfFormat.N_TRIPLES), self.out,
                       ox.RdfFormat.TURTLE)


def _write_with(writer, quads: list[ox.Quad] | Groups, path: Path) -> None:
    with contextlib.ExitStack() as stack:
        writer.open(Path(path), stack)
        for group in _as_groups(quads):
            writer.add(group)
        writer.close()


def write_trig(quads: list[ox.Quad] | Groups, path: Path) -> None:
    _write_with(TrigWriter(), quads, path)


def write_nquads(quads: list[ox.Quad] | Groups, path: Path) -> None:
    _write_with(NQuadsWriter(), quads, path)


def write_turtle(quads: list[ox.Quad] | Groups, path: Path) -> None:
    _write_with(TurtleWriter(), quads, path)


def write_all(store: ox.Store, writers: dict[Path, object], timings: dict | None = None) -> None:
    """Read the store once, graph by graph in N-Triples order, and hand each sorted graph to
    every writer. All outputs are renamed into place only if every one succeeds. `timings`
    gets each writer's own seconds under its path, and the shared reading and sorting under
    None."""
    clock = time.perf_counter
    spent: dict = dict.fromkeys([None, *writers], 0.0)
    with contextlib.ExitStack() as stack:
        for path, writer in writers.items():
            start = clock()
            writer.open(path, stack)
            spent[path] += clock() - start
        for name in graph_names(store):
            start = clock()
            group = sort_group(store.quads_for_pattern(None, None, None, name))
            spent[None] += clock() - start
            for path, writer in writers.items():
                start = clock()
                writer.add(group)
                spent[path] += clock() - start
        for path, writer in writers.items():
            start = clock()
            writer.close()
            spent[path] += clock() - start
    if timings is not None:
        timings.update(spent)


# In a sort line, rdf:type is written as "!" (it sorts first within a subject, as _key says):
# the line is the N-Triples line, without " .", with _line_key applied.

def _nt_line(line: bytes) -> bytes:
    cut = line.index(b" ")
    if line.startswith(b"! ", cut + 1):
        line = line[:cut + 1] + _TYPE_B + line[cut + 2:]
    return line[:-1] + b" .\n"


def _write_run(lines: list[bytes], tmp: Path, index: int) -> Path:
    lines.sort()
    path = tmp / f"run-{index:05d}.txt"
    with open(path, "wb") as out:
        out.writelines(lines)
    return path


def _header(what: str) -> bytes:
    return f"# Generated by `kg build`. {what}.\n".encode()
