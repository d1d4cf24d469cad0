"""Reading one YAML mapping into typed values, recording problems instead of stopping."""

from __future__ import annotations

import difflib
from typing import Any

from kg.annotations.yamlsource import Located, LocatedList
from kg.characters import invisible_difference
from kg.errors import Problems

_TYPE_NAMES = {str: "text", int: "a whole number", bool: "true or false",
               LocatedList: "a list", Located: "a mapping"}


def describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, Located):
        return "a mapping"
    if isinstance(value, LocatedList):
        return "a list"
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, int | float):
        return f"the number {value}"
    return repr(value)


def suggest(word: str, choices: Any) -> str:
    """' (did you mean "x"?)' when one choice is close to `word`, else ''. When the two look
    the same on screen, it names the invisible difference (a zero-width space, say)."""
    close = difflib.get_close_matches(str(word), sorted(map(str, choices)), n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?{invisible_difference(str(word), close[0])})' \
        if close else ""


class Record:
    """One mapping from an annotation, read field by field.

    Unknown fields are rejected, not ignored: a misspelt `occurence:` would otherwise
    silently change what a quote points at.
    """

    def __init__(self, data: Any, problems: Problems, what: str, line: int,
                 fields: tuple[str, ...]):
        self.problems = problems
        self.what = what
        self.line = line
        self.valid = isinstance(data, Located)
        if not self.valid:
            problems.add(line, f"{what} must be a mapping of fields, found {describe(data)}")
            data = Located()
        self.data: Located = data
        for key in data:
            if key not in fields:
                problems.add(data.line_of(key),
                             f"unknown field '{key}' in {what}{suggest(key, fields)}; "
                             f"allowed fields: {', '.join(fields)}")

    def has(self, key: str) -> bool:
        return key in self.data

    def line_of(self, key: str) -> int:
        return self.data.line_of(key) if key in self.data else self.line

    def get(self, key: str, kind: type = str, required: bool = False) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                self.problems.add(self.line, f"{self.what} is missing the required field '{key}'")
            return None
        value = self.data[key]
        # Unquoted YAML numbers where text is expected (a year, an id like 2020) are fine.
        if kind is str and isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            self.problems.add(self.line_of(key), f"field '{key}' of {self.what} must be "
                              f"{_TYPE_NAMES.get(kind, kind.__name__)}, found {describe(value)}")
            return None
        if kind is str and not value.strip():
            self.problems.add(self.line_of(key), f"field '{key}' of {self.what} is empty")
            return None
        return value

    def get_list(self, key: str, required: bool = False) -> LocatedList:
        value = self.get(key, LocatedList, required)
        return value if value is not None else LocatedList()

    def choice(self, key: str, allowed: set[str] | frozenset[str], required: bool = False,
               what: str | None = None) -> str | None:
        value = self.get(key, str, required)
        if value is not None and value not in allowed:
            self.problems.add(self.line_of(key),
                              f"unknown {what or key} '{value}' in {self.what}"
                              f"{suggest(value, allowed)}; expected one of: "
                              f"{', '.join(sorted(allowed))}")
            return None
        return value

    def choices(self, key: str, allowed: set[str] | frozenset[str], required: bool = False,
                what: str | None = None) -> tuple[str, ...] | None:
        """One value from `allowed`, or a list of them (`role: [host, mediator]`)."""
        value = self.data.get(key)
        if not isinstance(value, LocatedList):
            one = self.choice(key, allowed, required, what)
            return None if one is None else (one,)
        if not value:
            self.problems.add(self.line_of(key), f"field '{key}' of {self.what} is an empty "
                              "list; give at least one value")
            return None
        found: list[str] = []
        for i, item in enumerate(value):
            line = value.line_of(i)
            if not isinstance(item, str) or item not in allowed:
                self.problems.add(line, f"unknown {what or key} {describe(item)} in {self.what}"
                                  f"{suggest(item, allowed)}; expected one of: "
                                  f"{', '.join(sorted(allowed))}")
            elif item in found:
                self.problems.add(line, f"{what or key} '{item}' is listed twice in {self.what}")
            else:
                found.append(item)
        return tuple(found) if len(found) == len(value) else None
