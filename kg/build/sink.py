"""A list of quads for one named graph, plus where each subject came from."""

from __future__ import annotations

from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from kg.errors import display_path


class GraphSink:
    def __init__(self, graph: NamedNode):
        self.graph = graph
        self.quads: list[Quad] = []
        self.origins: dict[str, tuple[str, int]] = {}  # subject IRI -> (file, line)

    def add(self, subject: NamedNode, predicate: NamedNode, obj: NamedNode | Literal | None):
        if obj is not None:
            self.quads.append(Quad(subject, predicate, obj, self.graph))

    def origin(self, subject: NamedNode, path: Path, line: int) -> None:
        self.origins.setdefault(subject.value, (display_path(path), line))
