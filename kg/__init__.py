"""kg: a knowledge graph of diplomatic actors and meetings, built from annotated news articles."""

__version__ = "0.1.0"

from kg.store import open_store  # noqa: E402  - the notebook entry point: kg.open_store()

__all__ = ["__version__", "open_store"]
