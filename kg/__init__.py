"""kg: a knowledge graph of diplomatic actors and meetings, built from annotated news articles."""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["__version__", "open_store"]


def __getattr__(name: str):
    # Imported on first use: `import kg` (and the CLI's start-up) stays light.
    if name == "open_store":
        from kg.store import open_store

        return open_store
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
