"""The first load of a large corpus through the server's own loader: gzipped N-Quads
chunks, and Virtuoso's bulk-loader commands for them (`ld_dir`, `rdf_loader_run`).

The Graph Store Protocol carries one graph of triples per request; a loader reads quads
from files on the server's own disk, in parallel, without HTTP. The chunks are written in
the store's sorted order, gzip without a timestamp, so the same store gives the same files.
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.atomic import atomic_output, write_bytes_atomically
from kg.errors import KgError, display_path
from kg.push.graphs import LocalGraph, local_graphs

CHUNK_PATTERN = "kg-*.nq.gz"
ISQL = "isql-vt"  # Debian's name for Virtuoso's isql


@dataclass
class BulkFiles:
    folder: Path
    chunks: list[Path] = field(default_factory=list)
    graphs: dict[str, str] = field(default_factory=dict)   # IRI -> digest, as the push hashes
    quads: int = 0


def write_chunks(store: ox.Store, folder: Path, chunk_quads: int = 1_000_000,
                 progress: Callable[[int], None] | None = None) -> BulkFiles:
    """Every named graph as N-Quads in gzipped chunks of about `chunk_quads` quads (a graph
    is never split), plus clear.sql and load.sql beside them."""
    folder = Path(folder).absolute()
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob(CHUNK_PATTERN):  # only our own chunks: the loader takes them all
        stale.unlink()
    files = BulkFiles(folder)
    batch: list[bytes] = []
    size = 0
    for graph in local_graphs(store):
        files.graphs[graph.iri] = graph.digest
        batch.append(_as_quads(graph))
        size += graph.triples
        files.quads += graph.triples
        if size >= chunk_quads:
            files.chunks.append(_write_chunk(folder, len(files.chunks) + 1, batch))
            batch, size = [], 0
        if progress:
            progress(len(files.graphs))
    if batch:
        files.chunks.append(_write_chunk(folder, len(files.chunks) + 1, batch))
    write_bytes_atomically(folder / "clear.sql", clear_script(files.graphs).encode())
    write_bytes_atomically(folder / "load.sql", load_script(folder).encode())
    return files


def _as_quads(graph: LocalGraph) -> bytes:
    tail = f" <{graph.iri}> .\n".encode()
    return b"".join(line[:-3] + tail for line in graph.body.splitlines(keepends=True))


def _write_chunk(folder: Path, number: int, parts: list[bytes]) -> Path:
    path = folder / f"kg-{number:06d}.nq.gz"
    with atomic_output(path) as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                    mtime=0, compresslevel=6) as out:
        for part in parts:
            out.write(part)
    return path


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def clear_script(graphs) -> str:
    """The loader adds quads, it does not replace graphs: on a server that already holds
    some of them, this empties them first."""
    lines = ["-- kg push --bulk: empty the graphs about to be loaded (the loader only adds)."]
    lines += [f"SPARQL CLEAR GRAPH <{iri}>;" for iri in sorted(graphs)]
    return "\n".join(lines) + "\n"


def load_script(folder: Path) -> str:
    pattern = _sql_string(f"{folder}/kg-%")
    return "\n".join([
        "-- kg push --bulk: register the chunks, load them, make them durable.",
        f"DELETE FROM DB.DBA.load_list WHERE ll_file LIKE {pattern};",
        # The graph argument is only for triples without one; every line here has its own.
        f"ld_dir({_sql_string(str(folder))}, {_sql_string(CHUNK_PATTERN.replace('*', '%'))}, "
        f"'https://w3id.org/diplomacy-kg/graph/');",
        "rdf_loader_run();",
        "checkpoint;",
        f"SELECT ll_file, ll_error FROM DB.DBA.load_list WHERE ll_file LIKE {pattern} "
        "AND ll_error IS NOT NULL;",
    ]) + "\n"


def commands(files: BulkFiles, server: str, user: str) -> Iterator[str]:
    """What an operator runs on the server's machine (the folder must be in DirsAllowed)."""
    clear, load = files.folder / "clear.sql", files.folder / "load.sql"
    yield f"{ISQL} {server} {user} PASSWORD {clear}   # only if the graphs exist already"
    yield f"{ISQL} {server} {user} PASSWORD {load}"


def run_isql(files: BulkFiles, server: str, user: str, password: str,
             clear: bool = True) -> str:
    """Run clear.sql (unless `clear` is off) and load.sql through isql; raise on an error."""
    if shutil.which(ISQL) is None:
        raise KgError(f"--isql needs {ISQL} (Debian package virtuoso-opensource-7-bin)")
    output = []
    scripts = (["clear.sql"] if clear else []) + ["load.sql"]
    for script in scripts:
        # isql takes the password as an argument: it is visible to `ps` on this machine
        # for the seconds the load runs; kg itself never takes it on its command line.
        done = subprocess.run([ISQL, server, user, password, str(files.folder / script)],
                              stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              env={**os.environ, "LANG": "C.UTF-8"})
        text = done.stdout + done.stderr
        output.append(text)
        if done.returncode != 0 or "*** Error" in text:
            first = next((line for line in text.splitlines() if "Error" in line), text[-400:])
            raise KgError(f"{display_path(files.folder / script)}: isql failed: {first.strip()}")
    if "0 Rows." not in output[-1]:  # the last statement lists the files that failed
        raise KgError(f"the bulk loader reported errors for files in "
                      f"{display_path(files.folder)}:\n{output[-1][-1500:]}")
    return "".join(output)
