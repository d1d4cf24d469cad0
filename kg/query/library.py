"""The query library: one SPARQL file per question in queries/, each with a header saying
what it answers, its parameters and an example.

A header is the leading block of `#` comment lines:

    # Meetings of an actor
    #
    # Every meeting an actor took part in, ...
    #
    # Parameters:
    #   ?_actor  actor  the actor: an id, a name or a spelling in any language
    #   ?_from   date   earliest start date, inclusive (optional)
    #   ?_lang   lang   language of the labels (default: en)
    #
    # Example:
    #   kg query meetings-of lavrov from=2020-10-01

A parameter is required unless it says "(optional)" or gives "(default: ...)". Parameters
are bound as RDF terms through pyoxigraph's `substitutions=` (SEP-0007), never pasted
into the text; Oxigraph binds only variables the query projects, so each parameter is in
the SELECT clause (and in GROUP BY where there is one).

Each file is standard SPARQL as it stands: it declares its PREFIX lines, gives a default
parameter its default itself (`BIND(COALESCE(?_lang, "en") AS ?lang)`), and names its
dataset (FROM kgg:reconciled, or GRAPH patterns over the accounts), so that it runs
unchanged in any SPARQL engine (`kg query --show NAME`; docs/query.md).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KgError, Problem, display_path
from kg.resources import queries_dir

_PARAM = re.compile(r"^\?_(?P<name>\w+)\s+(?P<type>\w+)\s+(?P<doc>.*)$")
_DEFAULT = re.compile(r"\(default:\s*(?P<value>[^)]*)\)")


@dataclass(frozen=True)
class Parameter:
    name: str            # without the "?_" prefix: `actor` binds ?_actor
    type: str            # see kg.query.params.TYPES
    doc: str
    required: bool = True
    default: str | None = None

    @property
    def variable(self) -> str:
        return f"_{self.name}"


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    title: str
    description: str
    text: str
    path: Path
    params: tuple[Parameter, ...] = ()
    examples: tuple[str, ...] = field(default=())

    def param(self, name: str) -> Parameter | None:
        return next((p for p in self.params if p.name == name), None)


def parse_header(text: str, path: Path | str = "<query>") -> tuple[str, str, list, list]:
    """Title, description, parameters and examples from a query's leading comment block."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].removeprefix(" "))
    title = lines[0].strip() if lines else ""
    section, description, params, examples = "description", [], [], []
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped in ("Parameters:", "Example:", "Examples:"):
            section = "params" if stripped == "Parameters:" else "examples"
        elif section == "description":
            description.append(stripped)
        elif section == "params" and stripped:
            match = _PARAM.match(stripped)
            if not match:
                raise KgError(Problem(display_path(path), number,
                                      f"parameter line {stripped!r} is not `?_name type text`"))
            doc = match["doc"].strip()
            default = _DEFAULT.search(doc)
            params.append(Parameter(match["name"], match["type"], doc,
                                    required=not (default or "(optional)" in doc),
                                    default=default["value"].strip() if default else None))
        elif section == "examples" and stripped:
            examples.append(stripped)
    return title, " ".join(" ".join(description).split()), params, examples


def load_query(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    title, description, params, examples = parse_header(text, path)
    if not title:
        raise KgError(Problem(display_path(path), 1, "a library query starts with a # title line"))
    return LibraryQuery(path.stem, title, description, text, path, tuple(params), tuple(examples))


class QueryLibrary:
    """The named queries in a folder (by default the shipped queries/), by name."""

    def __init__(self, folder: Path | None = None):
        self.folder = Path(folder) if folder is not None else queries_dir()
        self._queries = {q.name: q for q in map(load_query, sorted(self.folder.glob("*.rq")))}

    def names(self) -> list[str]:
        return sorted(self._queries)

    def __iter__(self):
        return iter(self._queries[name] for name in self.names())

    def __len__(self) -> int:
        return len(self._queries)

    def __contains__(self, name: str) -> bool:
        return name in self._queries

    def __getitem__(self, name: str) -> LibraryQuery:
        try:
            return self._queries[name]
        except KeyError:
            close = difflib.get_close_matches(name, self.names(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KgError(f"no query named {name!r} in the library{hint}; "
                          f"`kg query --list` shows them") from None
