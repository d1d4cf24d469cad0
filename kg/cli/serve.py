"""`kg serve`: a SPARQL 1.1 Protocol endpoint over the built store."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from kg.cli.options import store_option, store_path
from kg.server.app import Settings
from kg.server.serve import serve as run_server

_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


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
@click.option("--exports", type=click.Path(path_type=Path), default=Path("exports"),
              show_default=True, help="Folder holding kg.html, served at /viewer/.")
@store_option
def serve(host: str, port: int, timeout: float, max_result_size: int, max_body: int,
          workers: int, threads: int, cors: bool, allow_update: bool, exports: Path,
          store: Path | None) -> None:
    """Serve the built store over HTTP: a SPARQL 1.1 Protocol endpoint and a query page.

    GET and POST /sparql (query=, form or application/sparql-query) answer in JSON, XML,
    CSV or TSV results, or Turtle, N-Triples, JSON-LD or RDF/XML graphs, by the Accept
    header. Read-only unless --allow-update. Each query runs in a worker process that is
    killed if it passes --timeout. /queries lists the query library and
    /queries/NAME?param=value runs one; / is a query page; /viewer/ is exports/kg.html.

    \b
    Example:
      kg serve --port 7878
      curl -H 'Accept: text/csv' 'http://127.0.0.1:7878/sparql' \\
           --data-urlencode 'query=SELECT ?m WHERE { ?m a kg:Meeting }'
      curl 'http://127.0.0.1:7878/queries/meetings-of?actor=lavrov'
    """
    settings = Settings(timeout=timeout, max_result_bytes=max_result_size,
                        max_body_bytes=max_body, cors=cors, allow_update=allow_update,
                        exports=exports)
    run_server(store_path(store), host, port, settings, workers=workers, threads=threads,
               announce=lambda line: click.echo(line, nl=True))


COMMANDS = [serve]
