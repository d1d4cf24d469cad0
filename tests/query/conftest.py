"""The seed store wrapped as kg.open_store() returns it, and the query library."""

from __future__ import annotations

import pytest

from kg.query import KgStore, QueryLibrary


@pytest.fixture(scope="session")
def kgstore(seed_store) -> KgStore:
    return KgStore(seed_store)


@pytest.fixture(scope="session")
def library() -> QueryLibrary:
    return QueryLibrary()


def short(value: str | None) -> str | None:
    """actor:sergei-lavrov -> sergei-lavrov: the last path segment of an IRI."""
    return value.rsplit("/", 1)[-1] if value else value
