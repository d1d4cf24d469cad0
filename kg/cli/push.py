"""`kg push`: the built graph, sent to a server-grade SPARQL store."""

from __future__ import annotations

from pathlib import Path

import click

from kg.build.progress import ProgressBar
from kg.cli.options import store_option, store_path
from kg.errors import KgError, display_path
from kg.store import open_store

PASSWORD_ENV = "KG_PUSH_PASSWORD"  # kg.push.http's; not imported here, to keep start-up light


@click.command()
@click.option("--graph-store", "graph_store", metavar="URL",
              help="A SPARQL 1.1 Graph Store Protocol endpoint, e.g. "
                   "http://HOST:8890/sparql-graph-crud-auth (Virtuoso).")
@click.option("--user", "-u", metavar="NAME",
              help=f"User name; the password comes from ${PASSWORD_ENV} or ~/.netrc.")
@click.option("--all", "everything", is_flag=True,
              help="Send every graph, even those the endpoint already has (after the server "
                   "was reset, say).")
@click.option("--bulk", metavar="DIR", type=click.Path(path_type=Path),
              help="Instead of HTTP: write gzipped N-Quads chunks to DIR and print the "
                   "server's bulk-loader commands (Virtuoso: ld_dir, rdf_loader_run).")
@click.option("--isql", "run_loader", is_flag=True,
              help="With --bulk: also run the loader through isql-vt (on the server's "
                   "machine; DIR must be in its DirsAllowed).")
@click.option("--isql-server", default="localhost:1111", show_default=True,
              metavar="HOST:PORT", help="With --isql: Virtuoso's SQL port.")
@click.option("--chunk-quads", default=1_000_000, show_default=True,
              type=click.IntRange(min=1), help="With --bulk: quads per chunk file (about).")
@click.option("--verbose", "-v", is_flag=True, help="Name every graph sent or deleted.")
@store_option
def push(graph_store: str | None, user: str | None, everything: bool, bulk: Path | None,
         run_loader: bool, isql_server: str, chunk_quads: int, verbose: bool,
         store: Path | None) -> None:
    """Send the built store's named graphs to a SPARQL server.

    With --graph-store, each named graph (ontology, registry, each article's account, and
    any other graph the build made) is sent with one HTTP PUT, which replaces it on the
    server; graphs the endpoint already holds unchanged are skipped, and graphs of removed
    articles are deleted. The state (what each endpoint received) is kept beside the store,
    so an interrupted push is completed by the next one. HTTP Basic and Digest are both
    understood; transient failures (connection reset, 503) are retried.

    With --bulk, the graphs are written as gzipped N-Quads for the server's own loader,
    much faster for a first load; --isql runs Virtuoso's loader too.

    \b
    Example:
      export KG_PUSH_PASSWORD=...   # or a ~/.netrc entry
      kg push --graph-store http://127.0.0.1:8890/sparql-graph-crud-auth --user dba
      kg push --bulk /srv/virtuoso/import --isql --isql-server 127.0.0.1:1111 --user dba
    """
    if not graph_store and not bulk:
        raise KgError("give --graph-store URL (HTTP) or --bulk DIR (the server's loader)")
    if run_loader and not bulk:
        raise KgError("--isql goes with --bulk DIR")
    from kg.push.graphs import default_graph_size  # requests loads only for a push

    path = store_path(store)
    raw = open_store(path)
    stray = default_graph_size(raw)
    if stray:
        click.echo(f"warning: the default graph holds {stray} triples; only named graphs "
                   f"are pushed", err=True)
    if bulk:
        _bulk(raw, path, bulk, graph_store, user, run_loader, isql_server, chunk_quads)
        return
    _http(raw, path, graph_store, user, everything, verbose)


def _http(raw, path: Path, endpoint: str, user: str | None, everything: bool,
          verbose: bool) -> None:
    from kg.push.gsp import push as push_graphs
    from kg.push.http import Client, credentials
    from kg.push.state import PushState, state_path

    if not endpoint.startswith(("http://", "https://")):
        raise KgError(f"--graph-store {endpoint}: not an http:// or https:// URL")
    client = Client(credentials(endpoint, user), log=lambda m: click.echo(m, err=True))
    state = PushState(state_path(path, endpoint), endpoint)
    try:
        report = push_graphs(raw, endpoint, state, client, everything=everything)
    finally:
        state.close()
        client.close()
    if verbose:
        for iri in report.sent:
            click.echo(f"sent     {iri}")
        for iri in report.deleted:
            click.echo(f"deleted  {iri}")
    if not report.sent and not report.deleted:
        click.echo(f"nothing to send: {endpoint} holds all {report.unchanged} graphs unchanged")
        return
    click.echo(f"sent {len(report.sent)} graphs ({report.triples} triples) in "
               f"{report.seconds:.1f}s, {report.rate:,.0f} triples/s; deleted "
               f"{len(report.deleted)}; unchanged {report.unchanged}")


def _bulk(raw, path: Path, folder: Path, endpoint: str | None, user: str | None,
          run_loader: bool, isql_server: str, chunk_quads: int) -> None:
    from kg.push.bulk import commands, run_isql, write_chunks
    from kg.push.http import credentials
    from kg.push.state import PushState, state_path

    bar = ProgressBar(sum(1 for _ in raw.named_graphs()), "graphs")
    files = write_chunks(raw, folder, chunk_quads, progress=bar)
    click.echo(f"wrote {files.quads} quads of {len(files.graphs)} graphs in "
               f"{len(files.chunks)} chunks to {display_path(files.folder)}")
    login = user or "dba"
    if not run_loader:
        click.echo("load them with Virtuoso's bulk loader, on the server's machine:")
        for line in commands(files, isql_server, login):
            click.echo(f"  {line}")
        return
    creds = credentials(f"http://{isql_server}", login)
    if creds is None:
        raise KgError(f"--isql needs the password of {login}: set ${PASSWORD_ENV}")
    run_isql(files, isql_server, creds.user, creds.password)
    click.echo(f"loaded {files.quads} quads through {isql_server}")
    if endpoint:
        # The server now holds exactly these graphs: later HTTP pushes start from here.
        state = PushState(state_path(path, endpoint), endpoint)
        for iri, digest in files.graphs.items():
            state.graphs[iri] = digest
        state.save()
        click.echo(f"recorded them as pushed to {endpoint}")


COMMANDS = [push]
