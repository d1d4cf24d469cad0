"""The one error type users see: a list of problems, each pointing at a file and line."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kg.characters import visible


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input, where it is, and what to do about it."""

    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        # Messages quote what the user wrote; a control character in it is shown, never
        # sent to the terminal (and a surrogate could not even be printed).
        if not self.path:
            return visible(self.message)
        where = f"{self.path}:{self.line}" if self.line else self.path
        return visible(f"{where}: {self.message}")


class KgError(Exception):
    """Bad input or an unusable environment. The CLI prints it and exits with code 2."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem("", None, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Problems:
    """Collects problems for one input so that a run reports all of them, not just the first."""

    def __init__(self, path: Path | str):
        self.path = display_path(path)
        self.items: list[Problem] = []

    def add(self, line: int | None, message: str) -> None:
        self.items.append(Problem(self.path, line, message))

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise KgError(self.items)


def display_path(path: Path | str) -> str:
    """A path as the user would type it: relative to the working directory when possible.

    For showing only: a name's bytes that are not UTF-8 (Python holds them as surrogates,
    which no terminal can be sent) and control characters come out as escapes and symbols.
    """
    p = Path(os.path.abspath(path))  # not resolve(): keep symbolic links as the user named them
    try:
        shown = str(p.relative_to(Path(os.path.abspath(Path.cwd()))))
    except ValueError:
        shown = str(path)
    return visible(shown)
