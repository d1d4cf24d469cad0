"""`kg export FORMAT`: a projection of the store as a graph file (GraphML, GEXF, ...).

One subcommand per format in kg.export.GRAPH_EXPORTS whose module is installed, so a new
format appears here by being registered there."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import click

from kg.atomic import STDOUT
from kg.cli.options import store_option, store_path
from kg.errors import display_path
from kg.export import GRAPH_EXPORTS, graph_writer
from kg.projections import ACTOR_TYPES, ALL, PROJECTIONS, Filters, project
from kg.store import open_store
from kg.vocabulary import concepts

DEFAULT_PROJECTION = "co-participation"
# The viewer shows meetings as nodes, and every status: the page filters by status itself.
FORMAT_DEFAULTS = {"html": ("actor-meeting", frozenset({ALL}))}

# What each format is for, shown in `kg export --help` and the format's own help.
ABOUT = {
    "graphml": "GraphML with typed, named keys: Gephi, igraph, yEd, networkx.",
    "gexf": "Dynamic GEXF 1.3 with dates and spells for Gephi's timeline, plus colours, sizes "
            "and positions.",
    "html": "An interactive HTML viewer that opens in a browser.",
}


def _available(name: str) -> bool:
    """Whether the module registered for a format exists (the viewer may not, yet)."""
    module = GRAPH_EXPORTS[name].partition(":")[0]
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def _filter_options(command, projection: str, statuses: frozenset[str]):
    options = [
        click.option("--projection", "-p", type=click.Choice(list(PROJECTIONS)),
                     default=projection, show_default=True,
                     help="Which graph: actor-meeting, co-participation or actor-organisation."),
        click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Keep meetings that end on or after this date (YYYY-MM-DD)."),
        click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None,
                     help="Keep meetings that start on or before this date (YYYY-MM-DD)."),
        click.option("--status", "statuses", multiple=True,
                     type=click.Choice(sorted(concepts("status")) + [ALL]),
                     help="Meeting status to keep; repeat for several, or `all` "
                          f"[default: {', '.join(sorted(statuses))}]."),
        click.option("--actor-type", "actor_types", multiple=True,
                     type=click.Choice(list(ACTOR_TYPES.values())),
                     help="Actor type to keep; repeat for several [default: every type]."),
        click.option("--min-weight", type=click.IntRange(min=1), default=1, show_default=True,
                     help="co-participation: the fewest shared meetings an edge needs."),
        click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
                     default=None,
                     help="File to write [default: kg-PROJECTION.FORMAT in this folder]. "
                          "`-` writes to standard output. A symbolic link is written "
                          "through: the file it points to is replaced, the link stays. A "
                          "character device or FIFO is written to directly, never "
                          "replaced; a folder or block device is refused."),
        store_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _make_command(name: str) -> click.Command:
    about = ABOUT.get(name, f"The graph as {name}.")
    default_projection, default_statuses = FORMAT_DEFAULTS.get(
        name, (DEFAULT_PROJECTION, Filters().statuses))

    @click.command(name=name, help=f"""{about}

    Writes one projection of the built store (by default {default_projection}, with
    meetings of status {', '.join(sorted(default_statuses))}); the filters choose dates,
    statuses and actor types.

    \b
    Example:
      kg export {name} --projection actor-meeting --from 2020-10-01 --to 2020-12-31 \\
          --status all -o lavrov-2020.{name}
    """)
    @lambda command: _filter_options(command, default_projection, default_statuses)
    def command(projection, start, end, statuses, actor_types, min_weight, output, store):
        filters = Filters(
            start=start.date() if start else None, end=end.date() if end else None,
            statuses=frozenset(statuses) if statuses else default_statuses,
            actor_types=frozenset(actor_types) if actor_types else None,
            min_weight=min_weight)
        opened = open_store(store_path(store))
        graph = project(opened, projection, filters)
        path = output or Path(f"kg-{projection}.{name}")
        graph_writer(name)(graph, path, store=opened, projection=projection, filters=filters)
        # With `-o -` the export is standard output, so the report goes to standard error.
        click.echo(f"wrote {'standard output' if str(path) == STDOUT else display_path(path)}"
                   f": {projection}, {graph.number_of_nodes()} nodes, "
                   f"{graph.number_of_edges()} edges", err=str(path) == STDOUT)

    return command


@click.group()
def export() -> None:
    """Write a graph projection of the store for Gephi and other network tools.

    \b
    Projections:
      actor-meeting        actors and meetings, an edge per participation (role, side)
      co-participation     actor-actor, weighted by shared meetings
      actor-organisation   member of, part of, post in, on behalf of

    \b
    Example:
      kg export gexf --projection co-participation -o exports/kg-co-participation.gexf
      kg export graphml -p actor-meeting --status all --actor-type person
    """


for _name in GRAPH_EXPORTS:
    if _available(_name):
        export.add_command(_make_command(_name))

COMMANDS = [export]
