"""kg: a knowledge graph of diplomatic actors and meetings, built from annotated news articles."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "open_store"]


def __getattr__(name: str):
    # Imported on first use: `import kg` (and the CLI's start-up) stays light.
    if name == "open_store":
        # The notebook entry point: a KgStore (SPARQL over the union of graphs, the query
        # library). kg.store.open_store still gives the raw pyoxigraph Store.
        from kg.query.api import open_store

        return open_store
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
