"""`kg serve`: a SPARQL 1.1 Protocol endpoint over the built store."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from kg.cli.options import store_option, store_path
from kg.query.guard import ServicePolicy
from kg.server.app import Settings
from kg.server.serve import serve as run_server

_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}
_MIN_MEMORY = 64 << 20


class _Size(click.ParamType):
    """A byte count: 1048576, 512k, 10M, 1G."""

    name = "size"

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        match = re.fullmatch(r"\s*(\d+)\s*([kKmMgG]?)[bB]?\s*", str(value))
        if not match:
            self.fail(f"{value!r} is not a size such as 512k or 10M", param, ctx)
        return int(match[1]) * _UNITS[match[2].lower()]


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface).")
@click.option("--port", "-p", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0 picks a free one).")
@click.option("--timeout", default=5.0, show_default=True, type=click.FloatRange(min=0.05),
              help="Seconds a query may run before it is stopped (HTTP 503).")
@click.option("--max-result-size", default="10M", show_default=True, type=_Size(),
              help="Largest serialised result sent (larger: HTTP 422).")
@click.option("--max-body", default="1M", show_default=True, type=_Size(),
              help="Largest request body accepted (larger: HTTP 413).")
@click.option("--workers", default=max(2, os.cpu_count() or 1), show_default=True,
              type=click.IntRange(min=1), help="Query worker processes.")
@click.option("--threads", default=16, show_default=True, type=click.IntRange(min=1),
              help="HTTP threads (they wait on the workers).")
@click.option("--cors", is_flag=True, help="Allow browser pages from any origin to query.")
@click.option("--allow-update", is_flag=True,
              help="Accept SPARQL updates (refused with 403 otherwise); they change the store.")
@click.option("--allowed-origin", "allowed_origins", multiple=True, metavar="ORIGIN",
              help="With --allow-update: a page origin (https://host[:port]) whose pages may "
                   "also write; repeatable. Writes from any other page's origin get 403.")
@click.option("--allow-service", multiple=True, is_flag=False, flag_value="*", metavar="[URL]",
              help="Allow federated queries (SERVICE): to any endpoint, or, with URL "
                   "(repeatable), only to those. Off by default (HTTP 400): the server "
                   "makes no outbound requests.")
@click.option("--public-host", "public_hosts", multiple=True, metavar="NAME",
              help="A host name clients reach the server under (behind a proxy); "
                   "repeatable. Other Host headers than the listening address and "
                   "localhost get 421 (DNS rebinding protection).")
@click.option("--max-memory", default="1G", show_default=True, type=_Size(),
              help="Memory one query may take in its worker (larger: the query is "
                   "stopped, HTTP 503, and the server keeps serving); 0: no cap.")
@click.option("--header-timeout", default=10.0, show_default=True,
              type=click.FloatRange(min=0.5),
              help="Seconds a connection has to send a request's complete headers before "
                   "it is closed (slow or idle clients cannot hold connections).")
@click.option("--connection-limit", default=500, show_default=True,
              type=click.IntRange(min=1),
              help="Open connections at most; more wait until one closes. Idle keep-alive "
                   "connections are closed after 30 s.")
@click.option("--exports", type=click.Path(path_type=Path), default=Path("exports"),
              show_default=True, help="Folder holding kg.html, served at /viewer/.")
@store_option
def serve(host: str, port: int, timeout: float, max_result_size: int, max_body: int,
          workers: int, threads: int, cors: bool, allow_update: bool,
          allowed_origins: tuple[str, ...], allow_service: tuple[str, ...],
          public_hosts: tuple[str, ...], max_memory: int, header_timeout: float,
          connection_limit: int, exports: Path, store: Path | None) -> None:
    """Serve the built store over HTTP: a SPARQL 1.1 Protocol endpoint and a query page.

    GET and POST /sparql (query=, form or application/sparql-query) answer in JSON, XML,
    CSV or TSV results, or Turtle, N-Triples, JSON-LD or RDF/XML graphs, by the Accept
    header. Read-only unless --allow-update. Each query runs in a worker process that is
    killed if it passes --timeout or --max-memory. /queries lists the query library and
    /queries/NAME?param=value runs one; / is a query page; /viewer/ is exports/kg.html.

    It makes no outbound request unless --allow-service; it answers only to the Host
    names it listens under (plus --public-host); with --allow-update, it accepts writes
    only from its own pages (plus --allowed-origin). Each connection has --header-timeout
    seconds to send its headers, and at most --connection-limit are open at once. After
    a `kg build`, the next request moves every worker to the new store at once.

    \b
    Example:
      kg serve --port 7878
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' \\
           --data-urlencode 'query=SELECT ?m WHERE { ?m a kg:Meeting }'
      curl 'http://127.0.0.1:7878/queries/meetings-of?actor=lavrov'
    """
    if 0 < max_memory < _MIN_MEMORY:
        raise click.BadParameter(f"give at least {_MIN_MEMORY >> 20}M (or 0 for no cap): "
                                 f"a worker needs that much to answer small queries",
                                 param_hint="--max-memory")
    settings = Settings(timeout=timeout, max_result_bytes=max_result_size,
                        max_body_bytes=max_body, cors=cors, allow_update=allow_update,
                        exports=exports, services=ServicePolicy.from_option(allow_service),
                        allowed_origins=frozenset(_origins(allowed_origins)))
    run_server(store_path(store), host, port, settings, workers=workers, threads=threads,
               announce=lambda line: click.echo(line, nl=True), public_hosts=public_hosts,
               header_timeout=header_timeout, connection_limit=connection_limit,
               max_memory=max_memory or None)


def _origins(values) -> list[str]:
    for value in values:
        if not re.fullmatch(r"https?://[^/\s]+/?", value):
            raise click.BadParameter(f"{value!r} is not an origin such as https://example.org "
                                     f"or http://localhost:8080", param_hint="--allowed-origin")
    return list(values)


COMMANDS = [serve]
