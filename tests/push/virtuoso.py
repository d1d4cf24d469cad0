"""A real Virtuoso Open Source 7 server for the tests, started as a plain process.

Debian's `virtuoso-opensource-7-bin` only (the full package asks debconf questions and
disables its daemon with the default password). Everything is generated per session: an
ini whose SQL and HTTP ports are bound to 127.0.0.1 on free ports (the defaults listen on
every interface), DirsAllowed holding the bulk-load folder, buffers for 2 cores and a few
GB; the dba password is changed at start with USER_SET_PASSWORD (isql takes a `SET
PASSWORD` line as one of its own client settings and changes nothing), and the server is
stopped with `shutdown` through isql.
"""

from __future__ import annotations

import secrets
import shutil
import socket
import subprocess
import time
from pathlib import Path

import requests

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
PUSH_USER = "kgpush"
# Virtuoso's own default is 10000; lower here so that a 1,000-article corpus exercises the
# client's paging (the label lookup and several library queries pass it).
MAX_ROWS = 2000
PROJECT = "https://w3id.org/diplomacy-kg/graph/"


def available() -> bool:
    return bool(shutil.which(VIRTUOSO) and shutil.which(ISQL))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ini_text(folder: Path, sql_port: int, http_port: int, bulk: Path) -> str:
    return f"""\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 10
CheckpointInterval = 60
CaseMode = 2
DirsAllowed = ., {folder}, {bulk}
; 2 cores, a few GB: about 1.3 GB of 8 KB buffers, as Virtuoso's ini suggests for 2 GB.
NumberOfBuffers = 170000
MaxDirtyBuffers = 130000
ThreadsPerQuery = 2
AsyncQueueMaxThreads = 2
MaxQueryMem = 1G
VectorSize = 1000
; Paging a sorted result asks for OFFSET + LIMIT past the default of 10000 (error SR353).
MaxSortedTopRows = 1000000

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 5
ServerThreads = 5
Charset = UTF-8

[SPARQL]
ResultSetMaxRows = {MAX_ROWS}
MaxQueryExecutionTime = 300
"""


class Virtuoso:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.bulk = self.folder / "bulk"
        self.bulk.mkdir(parents=True, exist_ok=True)
        self.sql_port, self.http_port = free_port(), free_port()
        self.password = "dba"  # Virtuoso's default, changed in start()
        self.push_password = secrets.token_urlsafe(12)
        self.process: subprocess.Popen | None = None

    @property
    def sql_address(self) -> str:
        return f"127.0.0.1:{self.sql_port}"

    @property
    def graph_store(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    @property
    def sparql(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    def start(self) -> None:
        ini = self.folder / "virtuoso.ini"
        ini.write_text(ini_text(self.folder, self.sql_port, self.http_port, self.bulk))
        self.log = open(self.folder / "server.out", "wb")  # noqa: SIM115
        self.process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(ini)],
                                        cwd=self.folder, stdout=self.log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        self._wait_online()
        new = secrets.token_urlsafe(16)
        self.isql(f"USER_SET_PASSWORD('dba', '{new}');")
        self.password = new
        # A push user with only what the Graph Store endpoint needs; not the anonymous
        # SPARQL user, which would make the public /sparql endpoint writable.
        self.isql(f"DB.DBA.USER_CREATE('{PUSH_USER}', '{self.push_password}'); "
                  f'GRANT SPARQL_UPDATE TO "{PUSH_USER}";')

    def _wait_online(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited: {self.server_log()[-2000:]}")
            if "Server online at" in self.server_log():
                try:
                    if requests.get(self.sparql, params={"query": "ASK {}"}, timeout=5).ok:
                        return
                except requests.ConnectionError:
                    pass
            time.sleep(0.3)
        raise RuntimeError(f"virtuoso-t did not come up: {self.server_log()[-2000:]}")

    def server_log(self) -> str:
        path = self.folder / "server.out"
        return path.read_text(errors="replace") if path.exists() else ""

    def isql(self, sql: str, password: str | None = None, check: bool = True) -> str:
        done = subprocess.run([ISQL, self.sql_address, "dba", password or self.password,
                               f"exec={sql}"], capture_output=True, text=True,
                              stdin=subprocess.DEVNULL, timeout=600)
        out = done.stdout + done.stderr
        if check and (done.returncode != 0 or "*** Error" in out):
            raise RuntimeError(f"isql failed ({done.returncode}): {out[-1500:]}")
        return out

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.isql("shutdown;", check=False)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()

    # -- what the server holds --------------------------------------------------------

    def reset(self) -> None:
        """Remove every project graph, so a test starts from an empty server."""
        self.isql("log_enable(3,1); DELETE FROM DB.DBA.RDF_QUAD WHERE "
                  f"id_to_iri(G) LIKE '{PROJECT}%'; log_enable(1);")

    def select(self, sparql: str) -> list[dict]:
        """SELECT over the public endpoint; callers page with LIMIT/OFFSET themselves.

        (Virtuoso may send X-SPARQL-MaxRows on an answer shorter than the cap, so the
        header is not taken as proof of a cut here.)"""
        response = requests.post(self.sparql, data={"query": sparql},
                                 headers={"Accept": "application/sparql-results+json"},
                                 timeout=300)
        response.raise_for_status()
        return response.json()["results"]["bindings"]

    def graph_sizes(self) -> dict[str, int]:
        """Project graph IRI -> triples, as the server holds them."""
        rows = []
        offset = 0
        while True:  # more graphs than the row cap in a 1,000-article corpus
            page = self.select(
                "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                f'FILTER(STRSTARTS(STR(?g), "{PROJECT}")) }} GROUP BY ?g ORDER BY ?g '
                f"LIMIT {MAX_ROWS} OFFSET {offset}")
            rows += page
            offset += MAX_ROWS
            if len(page) < MAX_ROWS:
                break
        return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}

    def graph_ntriples(self, iri: str) -> bytes | None:
        """One graph as N-Triples; None if the server has no such graph.

        Read with paged CONSTRUCTs over the public endpoint: a Graph Store GET is cut at
        ResultSetMaxRows like any answer (a 8,231-triple registry came back with 2,001)."""
        if not self.select(f"SELECT ?s WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }} LIMIT 1"):
            return None
        pages, offset = [], 0
        while True:
            response = requests.post(
                self.sparql, data={"query": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> "
                                            f"{{ ?s ?p ?o }} }} ORDER BY ?s ?p ?o "
                                            f"LIMIT {MAX_ROWS} OFFSET {offset}"},
                headers={"Accept": "application/n-triples"}, timeout=300)
            response.raise_for_status()
            pages.append(response.content)
            offset += MAX_ROWS
            if response.content.count(b"\n") < MAX_ROWS:
                return b"".join(page if page.endswith(b"\n") or not page else page + b"\n"
                                for page in pages)
