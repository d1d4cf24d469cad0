"""Queries in worker processes that can be killed: the only sure way to stop a query.

pyoxigraph's Store.query takes no timeout and cannot be interrupted from another thread, so
each query runs in one of a few worker processes, each holding the store open (read-only:
RocksDB allows many read-only openings of one store at once). A query that outlives its
time limit has its worker killed (SIGKILL) and replaced in the background; the caller gets
QueryTimeout at once, and the other workers go on serving.

A job is any picklable object; `handler(store, job)` runs in the worker and returns any
picklable answer. The handler is named by module path ("package.module:function") so that
worker processes, started with "spawn", import it themselves.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a threaded server


class QueryTimeout(Exception):
    """The query ran past its limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free in time."""


class WorkerDied(Exception):
    """A worker ended while running a job (it crashed or was killed from outside)."""


def _serve(conn, store_path: str, writable: bool, handler_path: str) -> None:
    import pyoxigraph as ox

    _exit_with_parent()
    module, name = handler_path.split(":")
    handler = getattr(importlib.import_module(module), name)
    try:
        store = ox.Store(store_path) if writable else ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send(("failed", str(exc)))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            answer = handler(store, job)
        except Exception as exc:  # the handler's own errors are answers; keep serving
            answer = ("error", "internal", f"{type(exc).__name__}: {exc}")
        conn.send(answer)


def _exit_with_parent() -> None:
    """A worker deep in a long query never reads its closed pipe; this notices the server
    is gone (it is re-parented) and ends the worker, so none outlives its server."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(0)

    threading.Thread(target=watch, name="kg-worker-watchdog", daemon=True).start()


@dataclass(eq=False)  # identity: each worker is its own process
class _Worker:
    process: object
    conn: object
    jobs: int = field(default=0)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """`size` worker processes over the store at `store_path`.

    With `writable`, the pool has one worker holding the store open for writing, so updates
    and queries are serialised through it and every query sees every update.
    """

    def __init__(self, store_path: Path | str, handler: str, size: int = 2,
                 writable: bool = False, start_timeout: float = 60.0):
        self.store_path = str(store_path)
        self.handler = handler
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        self.start_timeout = start_timeout
        self.restarts = 0
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = threading.Event()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()

    def start(self) -> WorkerPool:
        for _ in range(self.size):
            self._idle.put(self._spawn())
        return self

    def _spawn(self) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, name="kg-query-worker", daemon=True,
                                   args=(child, self.store_path, self.writable, self.handler))
        process.start()
        child.close()
        if not parent.poll(self.start_timeout):
            process.kill()
            raise KgError(f"a query worker did not start within {self.start_timeout:g} s")
        try:
            status, detail = parent.recv()
        except EOFError:
            status, detail = "failed", f"exit code {process.exitcode}"
        if status != "ready":
            process.join(timeout=5)
            raise KgError(f"a query worker could not open the store: {detail}")
        worker = _Worker(process, parent)
        with self._lock:
            self._all.add(worker)
        return worker

    def _replace(self, dead: _Worker) -> None:
        """Kill `dead` and start its successor in the background; until it is ready the
        pool runs one worker short rather than keeping the caller waiting."""
        with self._lock:
            self._all.discard(dead)
        dead.kill()
        self.restarts += 1

        def respawn() -> None:
            while not self._closed.is_set():
                try:
                    self._idle.put(self._spawn())
                    return
                except KgError:
                    time.sleep(1)  # e.g. the store is being swapped by a build; try again

        threading.Thread(target=respawn, name="kg-worker-respawn", daemon=True).start()

    def run(self, job, timeout: float | None, wait: float | None = None):
        """The handler's answer to `job`. QueryTimeout after `timeout` seconds of running;
        PoolBusy if no worker is free within `wait` seconds (default: `timeout`)."""
        if self._closed.is_set():
            raise PoolBusy("the pool is closed")
        try:
            worker = self._idle.get(timeout=wait if wait is not None else timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy") from None
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(timeout)
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            raise WorkerDied("the query worker ended unexpectedly") from None
        worker.jobs += 1
        self._idle.put(worker)
        return answer

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            try:
                worker.conn.send(None)
            except OSError:
                pass
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.kill()

    def __enter__(self) -> WorkerPool:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.close()
