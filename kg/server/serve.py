"""Running the endpoint: the worker pool, the WSGI app, and waitress as the HTTP server.

waitress is a production WSGI server in pure Python: it parses HTTP, keeps connections
alive, refuses oversized bodies (413) and hands requests to a fixed thread pool. The
threads only wait on query workers, so a few more threads than workers is plenty.

Against clients that hold connections open: at most `connection_limit` connections (more
wait in the kernel's backlog), each given `header_timeout` seconds to send a request's
headers (kg.server.deadline), and an idle keep-alive connection is closed after
IDLE_TIMEOUT seconds. Against pages that abuse the user's browser: the Host check
(kg.server.guard.HostCheck) wraps the whole application.
"""

from __future__ import annotations

import logging
import signal
from collections.abc import Callable
from pathlib import Path

import waitress

from kg.errors import KgError, display_path
from kg.query.pool import WorkerPool
from kg.server.app import Endpoint, Settings
from kg.server.deadline import enforce_header_deadline
from kg.server.guard import HostCheck
from kg.server.jobs import HANDLER

IDLE_TIMEOUT = 30  # seconds an idle keep-alive connection is kept (waitress channel_timeout)


def serve(store: Path, host: str, port: int, settings: Settings, workers: int = 2,
          threads: int = 16, announce: Callable[[str], None] = print, *,
          public_hosts: tuple[str, ...] = (), header_timeout: float = 10.0,
          connection_limit: int = 500, max_memory: int | None = 1 << 30) -> None:
    """Serve until interrupted (Ctrl-C or SIGTERM), then stop the workers."""
    if not Path(store).exists():
        raise KgError(f"no store at {display_path(store)}: run `kg build` first "
                      f"(or point --store / $KG_STORE at one)")
    # waitress warns at every request that waits for a thread; under load they all wait for
    # a query worker by design, so that is not news worth a line per request.
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    pool = WorkerPool(store, HANDLER, size=workers, writable=settings.allow_update,
                      max_memory=max_memory).start()
    try:
        try:
            server = waitress.create_server(
                HostCheck(Endpoint(pool, settings), host, public_hosts), host=host,
                port=port, threads=threads, max_request_body_size=settings.max_body_bytes,
                ident="kg", clear_untrusted_proxy_headers=True,
                connection_limit=connection_limit, channel_timeout=IDLE_TIMEOUT,
                cleanup_interval=1, asyncore_use_poll=True)  # poll: no 1024-socket limit
        except OSError as exc:
            raise KgError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        enforce_header_deadline(server, header_timeout)
        base = f"http://{_host(server.effective_host)}:{server.effective_port}"
        announce(f"SPARQL endpoint  {base}/sparql")
        announce(f"query page       {base}/")
        announce(f"store            {display_path(store)} ({pool.size} query worker"
                 f"{'s' if pool.size > 1 else ''}, timeout {settings.timeout:g} s, "
                 f"{'updates allowed' if settings.allow_update else 'read-only'})")
        signal.signal(signal.SIGTERM, _stop)
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.close()
    finally:
        pool.close()


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


def _host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
