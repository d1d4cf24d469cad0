"""No outbound requests unless asked: SERVICE (federated query) and LOAD are refused by default.

Oxigraph evaluates `SERVICE <url> { ... }` by POSTing the inner pattern to `url` and
`LOAD <url>` by fetching it, so a query could make the endpoint or `kg query` reach any
address it can (internal services, other ports) and hand back the reply. pyoxigraph has no
switch for this and exposes no query algebra, so the query text is checked here before it
is run.

The check is a tokenizer, not a substring search: strings, IRIs, comments, variables and
language tags are skipped, so `"SERVICE"` in a literal or `ex:SERVICE` as a name is fine.
It is deliberately conservative where the grammar is loose: Oxigraph's parser accepts a
keyword glued to what follows (`SERVICE<url>`, `SERVICEex:ep`, `SERVICE?x`), so every bare
word or prefixed name that *begins* with the keyword counts. A prefix named `service...:`
is therefore refused too; renaming it is the price of never missing a real SERVICE.
tests/hardening/test_endpoint_ssrf.py checks this against Oxigraph itself, with a real
listener recording whether it was contacted.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

from kg.errors import KgError, Problem
from kg.namespaces import PREFIXES

_UCHAR = r"\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"
_TOKEN = re.compile("|".join([
    r"(?P<space>\s+)",
    r"(?P<comment>#[^\r\n]*)",
    r"(?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^\"\\]|\\.|\"(?!\"\"))*\"\"\""
    r"|'(?:[^'\\\r\n]|\\.)*'|\"(?:[^\"\\\r\n]|\\.)*\""
    # An unterminated string makes the query fail to parse, so nothing in it can run; taking
    # it to the end of its line keeps the scan linear (no rescans from every later quote).
    r"|'[^\r\n]*|\"[^\r\n]*)",
    rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*>)",
    r"(?P<var>[?$]\w+)",
    r"(?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)",
    r"(?P<bnode>_:[\w.-]*)",
    # A prefixed name (`service:x` is a name, not the keyword), or a run of words. The run is
    # possessive (*+), so a long one is scanned once, not again from each of its letters.
    r"(?P<name>[^\W\d_][\w.-]*+(?::(?:[\w.:%-]|\\.)*)?)",
    r"(?P<pname>:(?:[\w.:%-]|\\.)*)",
    r"(?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)",
    r"(?P<other>.)",
]), re.DOTALL)

_WORD_PARTS = re.compile(r"(?P<word>[^\W\d_]\w*)|(?P<number>\d+)|(?P<other>.)")

_REACHING_OUT = {"query": ("SERVICE",), "update": ("SERVICE", "LOAD")}


@dataclass(frozen=True)
class ServicePolicy:
    """Which remote endpoints a query may reach: none (the default), any, or a list."""

    allow_any: bool = False
    endpoints: frozenset[str] = frozenset()

    @classmethod
    def from_option(cls, values) -> ServicePolicy:
        """From the repeatable `--allow-service [URL]`: a bare flag (`*`) allows any."""
        values = tuple(values or ())
        bad = [v for v in values if v != "*" and not re.match(r"https?://\S+$", v)]
        if bad:
            raise KgError(f"--allow-service takes an http(s) endpoint URL, not {bad[0]!r} "
                          f"(to allow every endpoint, give --allow-service last or before "
                          f"another option)")
        return cls(allow_any="*" in values, endpoints=frozenset(v for v in values if v != "*"))

    @property
    def allows_some(self) -> bool:
        return self.allow_any or bool(self.endpoints)

    def describe(self) -> str:
        if self.allow_any:
            return "SERVICE to any endpoint"
        if self.endpoints:
            return "SERVICE to " + ", ".join(sorted(self.endpoints))
        return "no SERVICE"


NO_SERVICE = ServicePolicy()


def tokens(sparql: str):
    """(kind, text) for every token of `sparql` that is not space or a comment."""
    for match in _TOKEN.finditer(sparql):
        kind, text = match.lastgroup, match.group()
        if kind == "name":
            if ":" in text:
                yield "pname", text
            else:  # `true.SERVICE`: keywords hold no `.` or `-`, so each part is a word
                for part in _WORD_PARTS.finditer(text):
                    yield part.lastgroup, part.group()
        elif kind not in ("space", "comment"):
            yield kind, text


def check_outbound(sparql: str, policy: ServicePolicy = NO_SERVICE, *, source: str = "query",
                   kind: str = "query") -> None:
    """Raise KgError if `sparql` would reach an endpoint that `policy` does not allow."""
    found = list(tokens(sparql))
    prefixes = dict(PREFIXES)
    for i, (token_kind, text) in enumerate(found):
        if token_kind == "word" and text.upper() == "PREFIX" and i + 2 < len(found):
            (name_kind, name), (iri_kind, iri) = found[i + 1], found[i + 2]
            if name_kind == "pname" and name.endswith(":") and iri_kind == "iri":
                prefixes[name[:-1]] = iri[1:-1]
    for i, (token_kind, text) in enumerate(found):
        if token_kind not in ("word", "pname"):
            continue
        keyword = next((k for k in _REACHING_OUT[kind] if text.upper().startswith(k)), None)
        if keyword is None:
            continue
        if keyword == "LOAD":
            raise KgError(Problem(source, None, "LOAD fetches a document from the network, "
                                                "and this endpoint makes no outbound requests"))
        if not policy.allows_some:
            raise KgError(Problem(source, None, _refusal()))
        if policy.allow_any:
            continue
        endpoint = _endpoint_after(found, i, prefixes)
        if endpoint is None:
            raise KgError(Problem(source, None, "only SERVICE <URL> with a literal endpoint "
                                                "URL can be checked against --allow-service"))
        if endpoint not in policy.endpoints:
            raise KgError(Problem(source, None, f"SERVICE <{endpoint}> is not among the "
                                                f"endpoints allowed by --allow-service"))


def _refusal() -> str:
    return ("federated queries (SERVICE) are off: they would make this machine send requests "
            "to other addresses. Allow them with --allow-service (any endpoint) or "
            "--allow-service URL (only that one)")


def _endpoint_after(found, i: int, prefixes: dict[str, str]) -> str | None:
    """The IRI a `SERVICE [SILENT] <iri>|prefix:name` names, or None if it is not that."""
    if found[i][1].upper() != "SERVICE":
        return None
    j = i + 1
    if j < len(found) and found[j][0] == "word" and found[j][1].upper() == "SILENT":
        j += 1
    if j >= len(found):
        return None
    kind, text = found[j]
    if kind == "iri" and "\\" not in text and re.match(r"<https?://", text):
        return text[1:-1]
    if kind == "pname" and "\\" not in text:
        prefix, local = text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


@contextmanager
def failures_while_running(source: str):
    """Errors raised while lazy results are consumed (a SERVICE endpoint refusing the
    connection or answering garbage, a store read failing) as a KgError naming `source`,
    not a traceback. A closed stdout is not the query's fault and passes through."""
    try:
        yield
    except BrokenPipeError:
        raise
    except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
        raise KgError(Problem(source, None, f"the query failed while running: "
                                            f"{type(exc).__name__}: {exc}")) from None
