"""Options shared by several commands, defined once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path

import click

from kg.store import STORE_ENV, default_store_path

seeds_option = click.option(
    "--seeds", "-s", "seeds", type=click.Path(path_type=Path), default=Path("seeds"),
    show_default=True,
    help="Folder with the articles (*.txt), annotations (*.yaml) and actors.yaml.")

store_option = click.option(
    "--store", "store", type=click.Path(path_type=Path), default=None,
    help=f"Store location: a symbolic link to the current store, which kg keeps in "
         f"STORE.d beside it [default: ${STORE_ENV} or {default_store_path()}].")


def store_path(value: Path | None) -> Path:
    return value if value is not None else default_store_path()
