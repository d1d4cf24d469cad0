"""Viewer fixtures: a Chromium browser, and the seed graph's page."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.projections import ALL_STATUSES, Filters, add_layout_and_statistics, project
from tests.viewer.browser import CHROMIUM_ARGS, playwright_and_chromium

VIEWER_FILTERS = Filters(statuses=ALL_STATUSES)  # the page filters by status itself


def export_viewer(store, path: Path, projection: str = "actor-meeting") -> Path:
    """What `kg export html` writes, from a built store."""
    from kg.export.html import write_html

    graph = add_layout_and_statistics(project(store, projection, VIEWER_FILTERS))
    write_html(graph, path, store=store, projection=projection, filters=VIEWER_FILTERS)
    return path


@pytest.fixture(scope="session")
def browser():
    sync_playwright, executable = playwright_and_chromium()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def seed_page(corpus_store, tmp_path_factory) -> Path:
    return export_viewer(corpus_store, tmp_path_factory.mktemp("viewer") / "kg.html")


@pytest.fixture(scope="session")
def seed_graph(corpus_store):
    return project(corpus_store, "actor-meeting", VIEWER_FILTERS)
