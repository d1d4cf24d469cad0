"""The text of a query as sent to a remote SPARQL endpoint: PREFIX lines, the dataset, and
the parameters as RDF terms (a VALUES block, and the terms themselves inside FILTERs).

Written for `kg.query.remote`; every rewrite here answers a difference between Oxigraph's
`substitutions=` and what a SPARQL 1.1 Protocol server (Virtuoso 7.2.5 in the tests) does
with the same query text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pyoxigraph as ox

from kg.errors import KgError

_KEYWORD = re.compile(r"[A-Za-z]+")
_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:", re.IGNORECASE)
_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


class QueryText:
    """The top level of a SPARQL query, read far enough to place additions correctly:
    keywords and braces outside comments, strings and IRIs."""

    def __init__(self, text: str):
        self.text = text
        self.keywords: list[tuple[int, str]] = []   # (offset, upper-case word) at depth 0
        self.groups: list[int] = []                  # offsets of the top-level "{"
        self._scan()

    def _scan(self) -> None:
        text, i, depth = self.text, 0, 0
        while i < len(text):
            c = text[i]
            if c == "#":
                end = text.find("\n", i)
                i = len(text) if end < 0 else end
                continue
            if c in "\"'":
                i = self._skip_string(i)
                continue
            if c == "<":
                match = _IRIREF.match(text, i)
                i = match.end() if match else i + 1
                continue
            if c == "{":
                if depth == 0:
                    self.groups.append(i)
                depth += 1
            elif c == "}":
                depth -= 1
            elif depth == 0 and c.isalpha() and (i == 0 or not _word_char(text[i - 1])):
                match = _KEYWORD.match(text, i)
                word = match.group()
                if not text[match.end():match.end() + 1] == ":":  # not a prefixed name
                    self.keywords.append((i, word.upper()))
                i = match.end()
                continue
            i += 1

    def _skip_string(self, i: int) -> int:
        text = self.text
        quote = text[i] * 3 if text.startswith(text[i] * 3, i) else text[i]
        i += len(quote)
        while i < len(text):
            if text[i] == "\\":
                i += 2
            elif text.startswith(quote, i):
                return i + len(quote)
            else:
                i += 1
        return i

    @property
    def form(self) -> str:
        return next((w for _, w in self.keywords if w in _FORMS), "SELECT")

    def where_group(self) -> int:
        """Offset of the "{" that opens the WHERE clause."""
        if not self.groups:
            raise KgError("the query has no WHERE clause")
        where = [i for i, w in self.keywords if w == "WHERE"]
        if where:
            return next(g for g in self.groups if g > where[0])
        # CONSTRUCT {template} {pattern}: the keyword WHERE is optional there.
        return self.groups[1] if self.form == "CONSTRUCT" and len(self.groups) > 1 \
            else self.groups[0]

    def where_keyword(self) -> int:
        """Where a dataset clause (FROM ...) goes: before WHERE, or before its group."""
        group = self.where_group()
        where = [i for i, w in self.keywords if w == "WHERE" and i < group]
        return where[-1] if where else group

    def has_dataset(self) -> bool:
        """FROM or FROM NAMED before the WHERE clause: the query chose its own dataset."""
        return any(w == "FROM" and i < self.where_group() for i, w in self.keywords)

    def has(self, word: str) -> bool:
        """A top-level keyword after the WHERE group (LIMIT, OFFSET, ORDER)."""
        group = self.where_group()
        return any(w == word and i > group for i, w in self.keywords)


def _word_char(c: str) -> bool:
    return c.isalnum() or c in "_-?$:"


def values_block(substitutions: dict) -> str:
    """VALUES (?a ?b) { (<iri> "text"@en) }: the terms as pyoxigraph writes them."""
    if not substitutions:
        return ""
    names = " ".join(str(v if isinstance(v, ox.Variable) else ox.Variable(v))
                     for v in substitutions)
    terms = []
    for term in substitutions.values():
        if not isinstance(term, (ox.NamedNode, ox.Literal)):
            raise KgError(f"a parameter must be an IRI or a literal, not {term!r}")
        terms.append(str(term))
    return f" VALUES ({names}) {{ ({' '.join(terms)}) }} "


_PARAMETER = re.compile(r"[?$](_\w+)")


def drop_unbound_comparisons(text: str, bound: set[str]) -> str:
    """`COALESCE(?x = ?_p, D)` with the parameter ?_p left unbound is `COALESCE(D)`.

    A comparison with an unbound variable is an error and COALESCE moves on to its next
    argument: the library's idiom for optional parameters. Virtuoso 7.2.5 instead takes
    `?x = ?unbound` as false (and `?x + ?unbound` as null), so the FILTER dropped every
    row. Only a first argument that is a plain comparison (no call, no && || !) is
    dropped: its result is certainly an error."""
    for name in sorted(set(_PARAMETER.findall(text)) - bound):
        pattern = re.compile(r"COALESCE\(\s*[^(),|&!]*?[?$]" + name + r"\b[^(),|&!]*?,\s*",
                             re.IGNORECASE)
        text = pattern.sub("COALESCE(", text)
    return text


def filter_term(term) -> str:
    """A parameter's term as written inside a FILTER expression.

    A simple literal is written STR("..."^^xsd:string): the same value, but Virtuoso keeps
    a plain constant as a wide string that LCASE()/CONTAINS() fail to match against its
    stored UTF-8 text (Cyrillic names matched nothing), and compares an xsd:string-typed
    one unequal to LANG()'s answer; STR() of the typed form matches both."""
    if isinstance(term, ox.Literal) and term.datatype.value == _XSD_STRING \
            and not term.language:
        return f"STR({term}^^<{_XSD_STRING}>)"
    return str(term)


def bind_in_filters(text: str, start: int, substitutions: dict) -> str:
    """Each parameter inside a FILTER(...) after `start`, replaced by its term.

    Virtuoso does not see a VALUES binding from the enclosing group inside the FILTER of
    an OPTIONAL (`OPTIONAL { ?a skos:prefLabel ?n FILTER(LANG(?n) = ?_lang) }` kept no
    label): the term itself, serialised by pyoxigraph, has no scope to lose."""
    if not substitutions:
        return text
    terms = {str(v if isinstance(v, ox.Variable) else ox.Variable(v))[1:]: filter_term(t)
             for v, t in substitutions.items()}
    variable = re.compile(r"[?$](" + "|".join(map(re.escape, terms)) + r")\b")
    out, i = [], start
    for match in re.finditer(r"\bFILTER\s*(\w*)\s*\(", text[start:], re.IGNORECASE):
        if match.group(1).upper() in ("NOT", "EXISTS"):
            continue
        open_at = start + match.end() - 1
        if open_at < i:
            continue
        close = _closing_paren(text, open_at)
        out.append(text[i:open_at])
        out.append(variable.sub(lambda m: terms[m.group(1)], text[open_at:close]))
        i = close
    out.append(text[i:])
    return text[:start] + "".join(out)


def _closing_paren(text: str, at: int) -> int:
    depth, i, scanner = 0, at, QueryText("")
    scanner.text = text
    while i < len(text):
        c = text[i]
        if c in "\"'":
            i = scanner._skip_string(i)
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return len(text)


_SUBSELECT = re.compile(r"\{\s*SELECT\b", re.IGNORECASE)


def bind_in_subqueries(text: str, start: int, substitutions: dict) -> str:
    """The VALUES block again at the head of each sub-SELECT that projects a parameter.

    A sub-SELECT is evaluated on its own before it is joined, so a binding from outside
    does not narrow it: ego-network's `{ SELECT DISTINCT ?_actor ?source WHERE { ?m
    kg:participant ?_actor, ?source } }` computed every actor's co-participants and ran
    for minutes on Virtuoso at 1,000 articles. Oxigraph's substitutions reach inside."""
    if not substitutions:
        return text
    names = {str(v if isinstance(v, ox.Variable) else ox.Variable(v)): t
             for v, t in substitutions.items()}
    for match in reversed(list(_SUBSELECT.finditer(text, start))):
        group = text.find("{", match.end())
        if group < 0:
            continue
        projection = text[match.end():group]
        inside = {n: t for n, t in names.items()
                  if re.search(re.escape(n) + r"\b", projection)}
        if inside:
            block = values_block({ox.Variable(n[1:]): t for n, t in inside.items()})
            text = text[:group + 1] + block + text[group + 1:]
    return text


def prepare(sparql: str, prefixes: dict | None = None, substitutions: dict | None = None,
            dataset: Iterable[str] = ()) -> tuple[str, QueryText]:
    """The query text as sent: PREFIX lines, `dataset` lines (FROM ...) before the WHERE
    clause, and the parameters as a VALUES block at the head of the WHERE group."""
    parsed = QueryText(sparql)
    group = parsed.where_group()
    values = values_block(substitutions or {})
    text = sparql[:group + 1] + values + bind_in_filters(sparql, group + 1, substitutions or {})[
        group + 1:]
    text = bind_in_subqueries(text, group + 1 + len(values), substitutions or {})
    text = drop_unbound_comparisons(
        text, {str(v if isinstance(v, ox.Variable) else ox.Variable(v))[1:]
               for v in substitutions or {}})
    lines = "".join(f"{line}\n" for line in dataset)
    if lines:
        cut = parsed.where_keyword()
        text = text[:cut] + lines + text[cut:]
    declared = {m.group(1) or "" for m in _PREFIX_DECL.finditer(sparql)}
    head = "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in sorted((prefixes or {}).items())
                   if name not in declared)
    return head + text, QueryText(head + text)
