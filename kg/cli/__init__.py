"""The `kg` command line. Commands live in one module per topic under kg/cli/; each module
lists its commands in `COMMANDS`, and this file collects them, so adding a topic never
means editing a shared list."""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from kg import __version__
from kg.errors import KgError, Problem, display_path

EXIT_BAD_INPUT = 2


class _Group(click.Group):
    """Turns the project's own errors into a message and exit code 2, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            try:
                return super().invoke(ctx)
            except OSError as exc:
                if isinstance(exc, BrokenPipeError):
                    raise  # click ends quietly when the reader of our output has gone
                # The system refused somewhere no command checks first (a name too long,
                # no permission, a full disk): still FILE: reason and exit 2.
                where = display_path(exc.filename) if exc.filename else ""
                raise KgError(Problem(where, None, exc.strerror or str(exc))) from None
        except KgError as exc:
            for problem in exc.problems:
                click.secho(f"error: {problem}", fg="red", err=True)
            if len(exc.problems) > 1:
                click.echo(f"{len(exc.problems)} problems found", err=True)
            ctx.exit(EXIT_BAD_INPUT)
        except KeyboardInterrupt:
            click.echo("interrupted; the previous store and exports are unchanged", err=True)
            ctx.exit(130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="kg")
def cli() -> None:
    """Build and explore a knowledge graph of diplomatic actors and meetings.

    Annotated news articles (seeds/*.txt with seeds/*.yaml, and seeds/actors.yaml)
    become an RDF dataset with one named graph per article, stored in an on-disk
    Oxigraph store and exported as TriG, N-Quads, Turtle, JSON-LD, GraphML, GEXF
    and an offline HTML viewer.

    \b
    Start with:
      kg build                      # seeds/ -> .kg/store and exports/
      kg query --list               # the library of questions
      kg query meetings-of lavrov   # one of them
      kg serve                      # a SPARQL endpoint on http://127.0.0.1:7878/
    """


def _register_commands() -> None:
    package = sys.modules[__name__]
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)


_register_commands()


