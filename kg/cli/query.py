"""`kg query`: SPARQL on the built store, inline, from a file, or from the query library."""

from __future__ import annotations

import sys
from itertools import islice
from pathlib import Path

import click

from kg.annotations.files import read_utf8
from kg.characters import decode_utf8, visible
from kg.cli.options import store_option, store_path
from kg.errors import KgError
from kg.query.api import library_dataset
from kg.query.execute import dataset_options, run_query
from kg.query.formats import BY_NAME, formats_for, result_kind, write_result
from kg.query.guard import ServicePolicy, failures_while_running
from kg.query.library import LibraryQuery, QueryLibrary, parse_header
from kg.query.params import Resolver, bind, values_from_args
from kg.query.table import labels, render_lines
from kg.store import open_store

_FORMATS = ["table", *BY_NAME]
MAX_QUERY_BYTES = 1_000_000  # the longest library query is 3 kB; more is a wrong file


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("query", required=False)
@click.argument("args", nargs=-1)
@click.option("-e", "--expression", metavar="SPARQL",
              help="Run this SPARQL text instead of a file or a library query.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the library queries with their parameters, and exit.")
@click.option("--show", "show", is_flag=True,
              help="Print the library query QUERY as standard SPARQL, with its PREFIX lines "
                   "and defaults, ready to paste into any SPARQL tool, and exit.")
@click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Output: table, csv, tsv, json, xml (SELECT, ASK); ttl, nt, jsonld, "
                   "rdfxml (CONSTRUCT, DESCRIBE). Default: table or ttl.")
@click.option("--lang", default="en", show_default=True,
              help="Language of the labels in a table, and of names the query builds.")
@click.option("--graph", "-g", metavar="DOC",
              help="Ask one article's account (document id, or a unique prefix) instead of "
                   "the reconciled view: it replaces the query's dataset with that account "
                   "plus the registry and ontology. Default: the dataset the query names "
                   "(library queries), else all graphs.")
@click.option("--max-width", default=60, show_default=True, type=click.IntRange(min=0),
              help="Widest a table column gets, in characters (0: no limit).")
@click.option("--allow-service", multiple=True, is_flag=False, flag_value="*", metavar="[URL]",
              help="Allow federated queries (SERVICE): to any endpoint, or, with URL "
                   "(repeatable), only to those. Off by default: no outbound requests.")
@click.option("--endpoint", metavar="URL",
              help="Run on this SPARQL 1.1 Protocol endpoint (e.g. a Virtuoso server's "
                   "http://HOST:8890/sparql, fed by `kg push`) instead of the local store.")
@store_option
def query(query: str | None, args: tuple[str, ...], expression: str | None, list_queries: bool,
          show: bool, fmt: str | None, lang: str, graph: str | None, max_width: int,
          allow_service: tuple[str, ...], endpoint: str | None, store: Path | None) -> None:
    """Run a SPARQL 1.1 query on the built store, in Oxigraph's engine.

    QUERY is a library query's name (see --list), a .rq file, or - for standard input;
    -e gives the SPARQL inline. ARGS bind the query's parameters, as values in the order
    the query declares them or as name=value. Names are resolved to IRIs in any language
    or spelling ("lavrov", "Лавров", "sergei-lavrov"), and bound as RDF terms. Library
    queries read the reconciled view (one value per meeting); -e and .rq files read every
    graph, and for them the prefixes kg:, actor:, meeting:, ... (kg/namespaces.py) are
    predefined. --show prints a library query ready to paste anywhere.

    \b
    Example:
      kg query --list
      kg query meetings-of lavrov from=2020-10-01 to=2020-10-31
      kg query meetings-of Лавров --lang ru
      kg query -e 'SELECT ?m WHERE { ?m kg:participant actor:sergei-lavrov }' -f csv
      kg query timeline --graph 002
      kg query --show meetings-of
      kg query actor-card pashinyan -f nt
    """
    _check_utf8(query, expression, graph, lang, *args)
    services = ServicePolicy.from_option(allow_service)
    library = QueryLibrary()
    if list_queries:
        click.echo(_listing(library))
        return
    if show:
        if query is None:
            raise KgError("--show needs a library query's name (kg query --list)")
        click.echo(library[query].text, nl=False)
        return
    entry, text, source = _choose(library, query, args, expression)
    if expression is not None and query is not None:
        args = (query, *args)  # with -e, every positional argument is a parameter
    raw = _remote(endpoint) if endpoint else open_store(store_path(store))
    values = values_from_args(entry, list(args))
    if entry is not None and entry.param("lang") and "lang" not in values:
        values["lang"] = lang
    subs = bind(entry, values, Resolver(raw))
    # A library file names its own dataset (the reconciled view); -e and other files get
    # the one their FROM clauses name, or else the union of all graphs.
    from_library = entry is not None and entry.path.parent == library.folder
    dataset = library_dataset(raw, graph) if from_library else dataset_options(raw, graph)
    result = run_query(raw, text, substitutions=subs, source=source, services=services,
                       **dataset)
    with failures_while_running(source):
        _write(result, fmt, raw, lang, max_width)


def _check_utf8(*arguments: str | None) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates, which no query, IRI or
    literal can hold: refuse them here, naming the argument."""
    for argument in arguments:
        if argument is not None and any("\ud800" <= c <= "\udfff" for c in argument):
            raise KgError(f"argument '{visible(argument)}' is not valid UTF-8")


def _remote(endpoint: str):
    from kg.query.remote import RemoteStore  # loads requests only when asked for

    return RemoteStore(endpoint)


def _choose(library: QueryLibrary, name: str | None, args, expression: str | None):
    """(library entry or None, SPARQL text, where the text came from)."""
    if expression is not None:
        return _adhoc(expression, "-e"), expression, "-e"
    if name is None:
        raise KgError("give a query: a library name (kg query --list), a .rq file, "
                      "or -e 'SPARQL'")
    if name == "-":
        raw = sys.stdin.buffer.read(MAX_QUERY_BYTES + 1)
        if len(raw) > MAX_QUERY_BYTES:
            raise KgError(f"<stdin>: over the {MAX_QUERY_BYTES:,}-byte limit for a query")
        text = decode_utf8(raw, "<stdin>")
        return _adhoc(text, "<stdin>"), text, "<stdin>"
    path = Path(name)
    if path.suffix == ".rq" or (path.is_file() and name not in library):
        text = read_utf8(path, MAX_QUERY_BYTES, missing="no such query file")
        return _adhoc(text, name), text, name
    entry = library[name]
    return entry, entry.text, f"queries/{entry.name}.rq"


def _adhoc(text: str, source: str) -> LibraryQuery | None:
    """A query from outside the library still gets typed parameters if it has a header."""
    title, description, params, examples = parse_header(text, source)
    if not params:
        return None
    return LibraryQuery(source, title, description, text, Path(source), tuple(params),
                        tuple(examples))


def _write(result, fmt: str | None, raw, lang: str, max_width: int) -> None:
    kind = result_kind(result)
    if fmt in (None, "table") and kind == "boolean":
        click.echo("true" if bool(result) else "false")
        return
    if fmt in (None, "table") and kind == "solutions":
        # In blocks of lines, as the solutions come: a huge result never sits in memory.
        lines = render_lines(result, labels(raw, lang), max_width)
        while block := list(islice(lines, 1000)):
            click.echo("\n".join(block))
        return
    chosen = BY_NAME.get(fmt or "ttl")
    if chosen not in formats_for(kind):
        names = ", ".join(f.name for f in formats_for(kind))
        what = "a CONSTRUCT or DESCRIBE" if kind == "graph" else "a SELECT or ASK"
        raise KgError(f"--format {fmt} does not fit {what} query (use one of: {names})")
    stdout = sys.stdout.buffer
    write_result(result, chosen, stdout)
    stdout.flush()


def _listing(library: QueryLibrary) -> str:
    lines = []
    for entry in library:
        lines.append(f"{entry.name}")
        lines.append(f"    {entry.title.rstrip('.')}{'' if entry.title[-1] in '?!' else '.'}")
        for param in entry.params:
            lines.append(f"    {param.name}=  ({param.type}) {param.doc}")
        if entry.examples:
            lines.append(f"    e.g. {entry.examples[0]}")
    lines.append(f"\n{len(library)} queries in {library.folder}")
    return "\n".join(lines)


COMMANDS = [query]
