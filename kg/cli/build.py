"""`kg build`, `kg validate` and `kg stats`: making the store and saying what is in it."""

from __future__ import annotations

from pathlib import Path

import click

from kg import pipeline
from kg.cli.options import seeds_option, store_option, store_path
from kg.errors import display_path
from kg.store import open_store
from kg.summary import summarise


def _progress(message: str) -> None:
    click.echo(message, err=True)


@click.command()
@seeds_option
@click.option("--out", "-o", type=click.Path(path_type=Path), default=Path("exports"),
              show_default=True, help="Folder the exports are written to.")
@store_option
@click.option("--force", is_flag=True, help="Rebuild even if no input changed.")
def build(seeds: Path, out: Path, store: Path | None, force: bool) -> None:
    """Load, validate and store the annotated articles, then write the exports.

    Every quote is resolved to a character span and the graph is checked against
    ontology/shapes.ttl before anything is written; on any problem nothing changes.
    The new store and every export are written to staging first; the store link
    is swapped and the exports renamed together, last, so a failed or killed build
    leaves the previous store and exports intact. kg keeps its files in STORE.d
    beside the store link and touches nothing else there; a second build on the
    same store while one runs stops with exit code 2. A build whose inputs have
    not changed does nothing. See docs/store.md.

    \b
    Example:
      kg build --seeds seeds --out exports
    """
    result = pipeline.build(seeds, out, store_path(store), force=force, report=_progress)
    click.echo("\n".join(result.summary.lines()))
    if result.up_to_date:
        click.echo("nothing to do: inputs unchanged (use --force to rebuild)")
    else:
        click.echo(f"{'store':<15} {display_path(store_path(store))}")
        for path in result.written:
            click.echo(f"{'wrote':<15} {display_path(path)}")


@click.command()
@seeds_option
def validate(seeds: Path) -> None:
    """Check the annotations and the SHACL conformance of the graph; write nothing.

    Reports every problem in every file as FILE:LINE: reason, and exits with
    code 2 if there is any.

    \b
    Example:
      kg validate --seeds seeds
    """
    corpus, graphs = pipeline.check(seeds, report=_progress)
    quotes = sum(len(d.mentions) for d in corpus.documents)
    click.echo(f"ok: {len(corpus.documents)} articles, {quotes} actor and place mentions; "
               f"{len(graphs) - 1} graphs conform")


@click.command()
@store_option
def stats(store: Path | None) -> None:
    """Print the summary of the built store: articles, actors, meetings, quads.

    \b
    Example:
      kg stats
    """
    click.echo("\n".join(summarise(open_store(store_path(store))).lines()))


COMMANDS = [build, validate, stats]
