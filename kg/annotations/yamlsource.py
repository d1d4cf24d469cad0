"""YAML that remembers where each value came from, so errors can name the line.

Mappings load as `Located` dicts and sequences as `LocatedList`s; both know the line of
each of their values. Dates stay strings: PyYAML's timestamp resolver would turn
`2023-02-30` into a traceback instead of a message about an impossible date.

Whatever the file holds, the result is a value or a KgError naming the line: nesting
deeper than MAX_DEPTH, an integer too long for Python to convert, a raw or escaped
control character and an unpaired surrogate escape ("\\ud800") are all reported there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.annotations.files import read_utf8
from kg.characters import forbidden, why_forbidden
from kg.errors import KgError, Problem, display_path

MAX_BYTES = 5_000_000  # An annotation this large is a mistake (a pasted corpus), not a document.
# Annotations nest five or six levels. A limit far below Python's recursion limit keeps
# every recursive step (PyYAML's composer and constructor, our readers) safe.
MAX_DEPTH = 64


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


class _GuardedConstruction:
    """PyYAML's constructors assume well-formed scalars: an explicit tag on the wrong
    text ("!!int" with nothing after it, "!!timestamp tuesday") raises IndexError or
    AttributeError. Any such failure becomes an error at the node's line."""

    def construct_object(self, node, deep=False):  # noqa: ANN001 - PyYAML's signature
        try:
            return super().construct_object(node, deep)
        except (ValueError, ArithmeticError, LookupError, AttributeError, TypeError) as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None, None, f"cannot read this as {tag} ({exc})", node.start_mark) from None


class _Loader(_GuardedConstruction, yaml.SafeLoader):
    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001 - PyYAML's signature
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nesting deeper than {MAX_DEPTH} levels",
                    self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# libyaml's parser is 3-4x faster and gives the same marks; it is used whenever PyYAML has
# it. Its error wording differs, so on any error the file is parsed again with the pure
# Python loader and the message always reads the same.
class _FastLoader(_GuardedConstruction, getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
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


MAX_INT_BITS = 10_000  # about 3,000 decimal digits: every number read can also be printed


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    # Python refuses to convert a decimal string of more than 4,300 digits (a guard
    # against slow conversions), and to print an integer that long, however it was
    # written (0x...): say so at the number's line instead of a ValueError later.
    try:
        value = yaml.SafeLoader.construct_yaml_int(loader, node)
    except ValueError:
        value = None
    if value is None or value.bit_length() > MAX_INT_BITS:
        raise yaml.constructor.ConstructorError(
            None, None, f"a number of {len(node.value):,} characters is too long",
            node.start_mark)
    return value


for _loader in (_Loader, _FastLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
    _loader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def load_yaml(path: Path) -> Any:
    """Parse one YAML file, or raise KgError naming the file, line and reason."""
    where = display_path(path)
    data = _parse(read_utf8(path, MAX_BYTES), where)
    problems = _check_values(data, where)
    if problems:
        raise KgError(problems)
    return data


def _parse(text: str, where: str) -> Any:
    try:
        return yaml.load(text, Loader=_FastLoader)  # noqa: S506 - derives from CSafeLoader
    except (yaml.YAMLError, RecursionError):
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
    except yaml.reader.ReaderError as exc:  # a raw character YAML does not allow
        line = line_number(text, exc.position)
        char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
        raise KgError(Problem(where, line, why_forbidden(char))) from None
    except yaml.YAMLError as exc:
        raise KgError(Problem(where, None, f"YAML error: {exc}")) from None
    except RecursionError:  # cannot happen below MAX_DEPTH; kept so no input gives a traceback
        raise KgError(Problem(where, None, f"nesting deeper than {MAX_DEPTH} levels")) from None


def line_number(text: str, offset: int) -> int:
    """The 1-based line of `offset`, counting LF, CRLF and a lone CR as one line end each."""
    before = text[:offset]
    return before.count("\n") + before.count("\r") - before.count("\r\n") + 1


def _check_values(data: Any, where: str) -> list[Problem]:
    """Every string (keys too) free of forbidden characters, and no nesting past MAX_DEPTH.

    Iterative, and each container visited once: aliases can share (or even contain) a
    container, and a recursive walk would follow them forever.
    """
    problems, seen = [], set()
    stack: list[tuple[Any, int, int]] = [(data, 1, 1)]
    while stack:
        value, line, depth = stack.pop()
        if isinstance(value, str):
            problems += [Problem(where, line, why_forbidden(c))
                         for c in dict.fromkeys(c for _, c in forbidden(value))]
            continue
        if not isinstance(value, Located | LocatedList) or id(value) in seen:
            continue
        seen.add(id(value))
        if depth > MAX_DEPTH:
            problems.append(Problem(where, value.line or line,
                                    f"nesting deeper than {MAX_DEPTH} levels"))
            continue
        if isinstance(value, Located):
            for key, child in value.items():
                stack.append((child, value.line_of(key), depth + 1))
                stack.append((key, value.line_of(key), depth + 1))
        else:
            stack += [(child, value.line_of(i), depth + 1) for i, child in enumerate(value)]
    return sorted(set(problems))
