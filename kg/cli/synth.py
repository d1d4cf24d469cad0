"""`kg synth`: a synthetic annotated corpus, for benchmarks and scale tests."""

from __future__ import annotations

from pathlib import Path

import click

from kg.build.progress import ProgressBar
from kg.errors import display_path
from kg.synth import synthesise


@click.command()
@click.option("--articles", "-n", type=click.IntRange(min=1), required=True,
              help="Number of articles to generate.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="Random seed; the same seed always gives the same files.")
@click.option("--out", "-o", type=click.Path(path_type=Path), required=True,
              help="Folder to write actors.yaml and the articles to (a seeds folder).")
def synth(articles: int, seed: int, out: Path) -> None:
    """Generate a synthetic annotated corpus that passes `kg validate`.

    Made-up actors, places and posts in English and Russian; actor popularity
    follows a Zipf-like law; meetings have 2-6 participants and a realistic status
    mix; a few meetings are reported by more than one article. One article in five
    is in Russian. Build it like any seeds folder.

    \b
    Example:
      kg synth --articles 1000 --seed 7 --out /tmp/synth-1k
      kg build --seeds /tmp/synth-1k --out /tmp/synth-1k-exports --store /tmp/synth-1k-store/store
    """
    stats = synthesise(articles, seed, out, progress=ProgressBar(articles, "articles"))
    click.echo(f"wrote {stats.articles} articles ({stats.meetings} meetings, {stats.shared} "
               f"reported again by a later article) and {stats.actors} actors to "
               f"{display_path(out)}")


COMMANDS = [synth]
