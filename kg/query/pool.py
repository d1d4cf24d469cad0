"""Queries in worker processes that can be killed: the only sure way to stop a query.

pyoxigraph's Store.query takes no timeout and cannot be interrupted from another thread, so
each query runs in one of a few worker processes, each holding the store open (read-only:
RocksDB allows many read-only openings of one store at once). A query that outlives its
time limit has its worker killed (SIGKILL) and replaced in the background; the caller gets
QueryTimeout at once, and the other workers go on serving.

Each worker caps its own address space (RLIMIT_AS) at what it maps after opening the store
plus `max_memory`: a query that wants more fails inside that worker alone (Oxigraph aborts
on a failed allocation), the caller gets MemoryCapExceeded, and the worker is replaced.

A server answers from one build at a time. Before each job the pool checks, with a couple of
system calls, which directory the store path names now (`resolved_build`); when a build has
switched it, every worker is replaced by one opened on the new build before the job runs,
and a worker of the old build is never handed another job. So once one answer has come
from the new build, none comes from the old one.

A job is any picklable object; `handler(store, job)` runs in the worker and returns any
picklable answer. The handler is named by module path ("package.module:function") so that
worker processes, started with "spawn", import it themselves.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import queue
import resource
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError
from kg.store import OPEN_ERRORS, cannot_open_message

_CONTEXT = multiprocessing.get_context("spawn")  # no fork of a threaded server


class QueryTimeout(Exception):
    """The query ran past its limit; its worker was killed."""


class PoolBusy(Exception):
    """No worker became free in time."""


class WorkerDied(Exception):
    """A worker ended while running a job (it crashed or was killed from outside)."""


class MemoryCapExceeded(WorkerDied):
    """The job needed more memory than the worker's cap; the worker was replaced."""


def resolved_build(path: Path | str) -> tuple[tuple[int, int], str]:
    """(identity, directory) of the build the store path names right now.

    The store path is a symbolic link that each build swaps (kg.store); the identity is the
    device and inode of the directory it resolves to, so a rebuild under the same name still
    counts as new, while writes inside the store (--allow-update) do not. Unlike
    kg.store.store_version (the link's text), this also identifies a store opened through a
    plain directory, and the directory is what the workers open.
    """
    directory = os.path.realpath(path)
    info = os.stat(directory)
    return (info.st_dev, info.st_ino), directory


def _serve(conn, store_path: str, writable: bool, handler_path: str,
           max_memory: int | None = None) -> None:
    import pyoxigraph as ox

    _exit_with_parent()
    module, name = handler_path.split(":")
    handler = getattr(importlib.import_module(module), name)
    try:
        store = ox.Store(store_path) if writable else ox.Store.read_only(store_path)
    except OPEN_ERRORS as exc:  # a damaged store: said by the parent, not as a traceback
        # rebuilt as a builtin, so that it pickles whatever the binding raised
        conn.send(("failed", UnicodeError() if isinstance(exc, UnicodeError)
                   else RuntimeError(str(exc))))
        return
    if max_memory:
        _cap_address_space(max_memory)
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
        except MemoryError:  # Python ran out under the cap (Oxigraph aborts instead)
            answer = ("error", "memory", "the query needed more memory than the cap")
        except Exception as exc:  # the handler's own errors are answers; keep serving
            answer = ("error", "internal", f"{type(exc).__name__}: {exc}")
        conn.send(answer)


def _cap_address_space(extra: int) -> None:
    """Limit this process to what it maps now (the interpreter, RocksDB, its caches) plus
    `extra` bytes. The baseline is measured rather than guessed: an opened store maps about
    half a gigabyte of address space that it never touches, so a fixed total would be
    either too tight or no cap at all."""
    with open("/proc/self/status", encoding="ascii") as status:
        size = next(int(line.split()[1]) * 1024 for line in status
                    if line.startswith("VmSize:"))
    resource.setrlimit(resource.RLIMIT_AS, (size + extra, size + extra))


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
    generation: int = 0
    jobs: int = field(default=0)

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """`size` worker processes over the store at `store_path`.

    With `writable`, the pool has one worker holding the store open for writing, so updates
    and queries are serialised through it and every query sees every update. `max_memory`
    caps what one job may allocate in its worker, in bytes (None: no cap).
    """

    def __init__(self, store_path: Path | str, handler: str, size: int = 2,
                 writable: bool = False, start_timeout: float = 60.0,
                 max_memory: int | None = None):
        self.store_path = str(store_path)
        self.handler = handler
        self.size = 1 if writable else max(1, size)
        self.writable = writable
        self.start_timeout = start_timeout
        self.max_memory = max_memory
        self.restarts = 0
        self.generation = 0          # bumped each time the pool moves to a new build
        self._version, self.directory = resolved_build(self.store_path)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = threading.Event()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._switch = threading.Lock()

    def start(self) -> WorkerPool:
        for _ in range(self.size):
            self._idle.put(self._spawn(self.directory, self.generation))
        return self

    def _spawn(self, directory: str, generation: int) -> _Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=_serve, name="kg-query-worker", daemon=True,
                                   args=(child, directory, self.writable, self.handler,
                                         self.max_memory))
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
            if isinstance(detail, BaseException):
                raise KgError(cannot_open_message(self.store_path, detail))
            raise KgError(f"a query worker could not open the store: {detail}")
        worker = _Worker(process, parent, generation)
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

        generation = dead.generation

        def respawn() -> None:
            while not self._closed.is_set() and generation == self.generation:
                try:
                    worker = self._spawn(self.directory, generation)
                except KgError:
                    time.sleep(1)  # e.g. the store is being swapped by a build; try again
                    continue
                if generation == self.generation:
                    self._idle.put(worker)
                else:  # the pool moved to a new build meanwhile, with a full set of workers
                    self._retire(worker)
                return

        threading.Thread(target=respawn, name="kg-worker-respawn", daemon=True).start()

    def _retire(self, worker: _Worker) -> None:
        with self._lock:
            self._all.discard(worker)
        worker.kill()

    def follow_store(self) -> None:
        """If a build has switched the store path to another directory, replace every worker
        by one opened on it. Workers of the old build still running a job finish it and are
        then retired; idle ones are retired as they come out of the queue."""
        try:
            version, directory = resolved_build(self.store_path)
        except OSError:  # mid-swap, or removed: keep serving the build we have
            return
        if version == self._version:
            return
        with self._switch:
            if version == self._version:
                return
            generation = self.generation + 1
            with ThreadPoolExecutor(self.size) as starting:  # in parallel: ~0.6 s, not n×
                attempts = [starting.submit(self._spawn, directory, generation)
                            for _ in range(self.size)]
            fresh = [a.result() for a in attempts if a.exception() is None]
            if len(fresh) < self.size:  # the new build cannot be opened yet: keep the old
                for worker in fresh:
                    self._retire(worker)
                return
            self._version, self.directory, self.generation = version, directory, generation
            for worker in fresh:
                self._idle.put(worker)

    def run(self, job, timeout: float | None, wait: float | None = None):
        """The handler's answer to `job`. QueryTimeout after `timeout` seconds of running;
        PoolBusy if no worker is free within `wait` seconds (default: `timeout`);
        MemoryCapExceeded if the job passed the memory cap."""
        if self._closed.is_set():
            raise PoolBusy("the pool is closed")
        self.follow_store()
        limit = wait if wait is not None else timeout
        deadline = None if limit is None else time.monotonic() + limit
        while True:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                worker = self._idle.get(timeout=remaining)
            except queue.Empty:
                raise PoolBusy(f"all {self.size} query workers stayed busy") from None
            if worker.generation == self.generation:
                break
            self._retire(worker)  # from a build the pool has moved away from
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                self._replace(worker)
                raise QueryTimeout(timeout)
            answer = worker.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            worker.process.join(timeout=2)
            capped = self.max_memory and worker.process.exitcode == -signal.SIGABRT
            self._replace(worker)
            if capped:
                raise MemoryCapExceeded("the query needed more memory than the cap") from None
            raise WorkerDied("the query worker ended unexpectedly") from None
        worker.jobs += 1
        if worker.generation == self.generation:
            self._idle.put(worker)
        else:
            self._retire(worker)
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
