"""kg: a knowledge graph of diplomatic actors and meetings, built from annotated news articles."""

__version__ = "0.1.0"
