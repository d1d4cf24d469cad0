"""YAML that remembers where each value came from, so errors can name the line.

Mappings load as `Located` dicts and sequences as `LocatedList`s; both know the line of
each of their values. Dates stay strings: PyYAML's timestamp resolver would turn
`2023-02-30` into a traceback instead of a message about an impossible date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.annotations.files import read_utf8
from kg.errors import KgError, Problem, display_path

MAX_BYTES = 5_000_000  # An annotation this large is a mistake (a pasted corpus), not a document.


class Located(dict):
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[Any, int] = {}

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LocatedList(list):
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


class _Loader(yaml.SafeLoader):
    pass


# libyaml's parser is 3-4x faster and gives the same marks; it is used whenever PyYAML has
# it. Its error wording differs, so on any error the file is parsed again with the pure
# Python loader and the message always reads the same.
class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_Loader.yaml_implicit_resolvers = _FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class DuplicateKey(yaml.MarkedYAMLError):
    pass


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> Located:
    result = Located()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise DuplicateKey(
                None, None, f"duplicate key {key!r} (the first value would be lost)",
                key_node.start_mark,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: yaml.SequenceNode) -> LocatedList:
    result = LocatedList()
    result.line = node.start_mark.line + 1
    for child in node.value:
        result.append(loader.construct_object(child, deep=True))
        result.lines.append(child.start_mark.line + 1)
    return result


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file, or raise KgError naming the file, line and reason."""
    where = display_path(path)
    text = read_utf8(path, MAX_BYTES)
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - derives from CSafeLoader
    except yaml.YAMLError:
        pass
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem:
            reason = f"{exc.problem} ({exc.context})"
        raise KgError(Problem(where, line, f"YAML syntax error: {reason}")) from None
    except yaml.YAMLError as exc:
        raise KgError(Problem(where, None, f"YAML error: {exc}")) from None
