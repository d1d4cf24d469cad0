"""SPARQL over the built store: running queries, the named query library, and its
parameters. The CLI (`kg query`), the HTTP endpoint (`kg serve`) and `kg.open_store()`
share it."""

from kg.query.api import KgStore, open_store
from kg.query.library import LibraryQuery, QueryLibrary

__all__ = ["KgStore", "LibraryQuery", "QueryLibrary", "open_store"]
