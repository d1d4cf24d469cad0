"""Where the files shipped with the package are, installed or in a source checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    # A wheel carries the top-level folder inside the package (see pyproject's force-include);
    # a source checkout or editable install finds it beside the package.
    packaged = _PACKAGE / "_data" / name
    return packaged if packaged.is_dir() else _PACKAGE.parent / name


def ontology_dir() -> Path:
    return _shipped("ontology")


def ontology_file(name: str) -> Path:
    return ontology_dir() / name


def queries_dir() -> Path:
    return _shipped("queries")
