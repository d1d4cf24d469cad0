"""`kg query`: SPARQL on the built store, inline, from a file, or from the query library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.cli.options import store_option, store_path
from kg.errors import KgError
from kg.query.execute import dataset_options, run_query
from kg.query.formats import BY_NAME, formats_for, result_kind, serialize
from kg.query.library import LibraryQuery, QueryLibrary, parse_header
from kg.query.params import Resolver, bind, values_from_args
from kg.query.table import labels, render
from kg.store import open_store

_FORMATS = ["table", *BY_NAME]


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("query", required=False)
@click.argument("args", nargs=-1)
@click.option("-e", "--expression", metavar="SPARQL",
              help="Run this SPARQL text instead of a file or a library query.")
@click.option("--list", "list_queries", is_flag=True,
              help="List the library queries with their parameters, and exit.")
@click.option("--format", "-f", "fmt", type=click.Choice(_FORMATS), default=None,
              help="Output: table, csv, tsv, json, xml (SELECT, ASK); ttl, nt, jsonld, "
                   "rdfxml (CONSTRUCT, DESCRIBE). Default: table or ttl.")
@click.option("--lang", default="en", show_default=True,
              help="Language of the labels in a table, and of names the query builds.")
@click.option("--graph", "-g", metavar="DOC",
              help="Limit the query to one article's account (document id, or a unique "
                   "prefix), plus the registry and ontology. Default: all graphs.")
@click.option("--max-width", default=60, show_default=True, type=click.IntRange(min=0),
              help="Widest a table column gets, in characters (0: no limit).")
@click.option("--endpoint", metavar="URL",
              help="Run on this SPARQL 1.1 Protocol endpoint (e.g. a Virtuoso server's "
                   "http://HOST:8890/sparql, fed by `kg push`) instead of the local store.")
@store_option
def query(query: str | None, args: tuple[str, ...], expression: str | None, list_queries: bool,
          fmt: str | None, lang: str, graph: str | None, max_width: int,
          endpoint: str | None, store: Path | None) -> None:
    """Run a SPARQL 1.1 query on the built store, in Oxigraph's engine.

    QUERY is a library query's name (see --list), a .rq file, or - for standard input;
    -e gives the SPARQL inline. ARGS bind the query's parameters, as values in the order
    the query declares them or as name=value. Names are resolved to IRIs in any language
    or spelling ("lavrov", "Лавров", "sergei-lavrov"), and bound as RDF terms. The prefixes
    kg:, actor:, meeting:, ... (kg/namespaces.py) are predefined.

    \b
    Example:
      kg query --list
      kg query meetings-of lavrov from=2020-10-01 to=2020-10-31
      kg query meetings-of Лавров --lang ru
      kg query -e 'SELECT ?m WHERE { ?m kg:participant actor:sergei-lavrov }' -f csv
      kg query conflicts --graph 002
      kg query actor-card pashinyan -f nt
    """
    library = QueryLibrary()
    if list_queries:
        click.echo(_listing(library))
        return
    entry, text, source = _choose(library, query, args, expression)
    if expression is not None and query is not None:
        args = (query, *args)  # with -e, every positional argument is a parameter
    raw = _remote(endpoint) if endpoint else open_store(store_path(store))
    values = values_from_args(entry, list(args))
    if entry is not None and entry.param("lang") and "lang" not in values:
        values["lang"] = lang
    subs = bind(entry, values, Resolver(raw))
    result = run_query(raw, text, substitutions=subs, source=source,
                       **dataset_options(raw, graph))
    _write(result, fmt, raw, lang, max_width)


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
        text = sys.stdin.read()
        return _adhoc(text, "<stdin>"), text, "<stdin>"
    path = Path(name)
    if path.suffix == ".rq" or (path.is_file() and name not in library):
        if not path.is_file():
            raise KgError(f"{name}: no such query file")
        text = path.read_text(encoding="utf-8")
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
        click.echo(render(result, labels(raw, lang), max_width))
        return
    chosen = BY_NAME.get(fmt or "ttl")
    if chosen not in formats_for(kind):
        names = ", ".join(f.name for f in formats_for(kind))
        what = "a CONSTRUCT or DESCRIBE" if kind == "graph" else "a SELECT or ASK"
        raise KgError(f"--format {fmt} does not fit {what} query (use one of: {names})")
    click.echo(serialize(result, chosen), nl=False)


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
