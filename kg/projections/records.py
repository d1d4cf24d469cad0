"""Rows from the store, reduced to one record per actor, meeting and participation.

The store keeps each article's account of a meeting separately, so two articles may disagree
(Igor Khovayev's post at the Istanbul talks differs between the English and Russian reports).
A projection needs one value per attribute. The rule, everywhere: the value most accounts give
wins, and a tie goes to the account whose graph IRI sorts first (in practice the lowest
document id). It is deterministic and does not depend on store order; the number of accounts
is kept as `sources` so that a reader can see when more than one article was involved.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import pyoxigraph as ox

from kg.namespaces import PREFIXES, prefixed_name, sparql_prologue
from kg.projections.filters import ACTOR_TYPES, Filters


@cache
def query_text(name: str) -> str:
    """The named query kg/projections/queries/<name>.rq, without the PREFIX lines."""
    return files("kg.projections").joinpath("queries", f"{name}.rq").read_text("utf-8")


def select(store: ox.Store, name: str) -> list[dict[str, str]]:
    """Run a named query over the union of all graphs; each row maps variables to strings,
    IRIs compacted (`actor:sergei-lavrov`) and unbound variables as ""."""
    raw = getattr(store, "raw", store)  # kg.open_store()'s KgStore wraps the pyoxigraph Store
    solutions = raw.query(sparql_prologue() + query_text(name), use_default_graph_as_union=True)
    variables = [v.value for v in solutions.variables]
    rows = []
    for solution in solutions:
        row = {}
        for var in variables:
            term = solution[var]
            if term is None:
                row[var] = ""
            elif isinstance(term, ox.NamedNode):
                row[var] = compact(term.value)
            else:
                row[var] = term.value
        rows.append(row)
    return rows


def compact(iri: str) -> str:
    """`https://w3id.org/diplomacy-kg/id/actor/sergei-lavrov` -> `actor:sergei-lavrov`."""
    return prefixed_name(iri) or iri


def local_name(curie: str) -> str:
    """`status:occurred` -> `occurred`; "" stays ""."""
    return curie.partition(":")[2] if curie else ""


def pick(values_by_account: Iterable[tuple[str, str]]) -> str:
    """The value most accounts give; a tie goes to the account that sorts first. "" (the
    account says nothing) loses to any value."""
    pairs = sorted({(account, value) for account, value in values_by_account if value})
    if not pairs:
        return ""
    counts = Counter(value for _, value in pairs)
    first_seen = {}
    for account, value in pairs:
        first_seen.setdefault(value, account)
    return min(counts, key=lambda v: (-counts[v], first_seen[v], v))


@dataclass(frozen=True)
class Actor:
    id: str  # compact IRI, the node id
    iri: str
    label: str
    label_ru: str
    type: str

    def attributes(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label, "label_ru": self.label_ru,
                "type": self.type}


@dataclass(frozen=True)
class Meeting:
    id: str
    iri: str
    label: str
    label_ru: str
    status: str
    meeting_type: str
    modality: str
    format: str
    start: str  # ISO date or ""
    end: str
    place: str  # English label or ""
    sources: int  # number of articles reporting the meeting

    def attributes(self) -> dict[str, str | int]:
        return {"iri": self.iri, "label": self.label, "label_ru": self.label_ru,
                "type": "meeting", "status": self.status, "meeting_type": self.meeting_type,
                "modality": self.modality, "format": self.format, "start": self.start,
                "end": self.end, "place": self.place, "sources": self.sources}


@dataclass
class Records:
    """Actors and the meetings the filters keep, resolved to one value per attribute."""

    actors: dict[str, Actor] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


def load_actors(store: ox.Store) -> dict[str, Actor]:
    order = list(ACTOR_TYPES)  # most specific class first
    classes: dict[str, list[str]] = defaultdict(list)
    labels: dict[str, tuple[str, str]] = {}
    for row in select(store, "actors"):
        classes[row["actor"]].append(local_name(row["class"]))
        labels[row["actor"]] = (row["label"], row["labelRu"])
    actors = {}
    for actor_id, found in classes.items():
        actor_class = min(found, key=order.index)
        label, label_ru = labels[actor_id]
        actors[actor_id] = Actor(actor_id, _expand(actor_id), label or local_name(actor_id),
                                 label_ru, ACTOR_TYPES[actor_class])
    return actors


def load_meetings(store: ox.Store, filters: Filters) -> dict[str, Meeting]:
    """The meetings whose (resolved) status and dates the filters keep, by node id."""
    accounts: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in select(store, "meetings"):
        accounts[row["meeting"]].append(row)
    meetings = {}
    for meeting_id in sorted(accounts):
        rows = accounts[meeting_id]

        def value(var: str, rows=rows) -> str:
            return pick((row["account"], row[var]) for row in rows)

        meeting = Meeting(
            id=meeting_id, iri=_expand(meeting_id),
            label=value("label") or local_name(meeting_id), label_ru=value("labelRu"),
            status=local_name(value("status")), meeting_type=local_name(value("type")),
            modality=local_name(value("modality")), format=local_name(value("format")),
            start=value("start"), end=value("end"), place=value("placeLabel"),
            sources=len({row["account"] for row in rows}))
        if filters.keeps_status(meeting.status) and filters.keeps_interval(meeting.start,
                                                                            meeting.end):
            meetings[meeting_id] = meeting
    return meetings


def load_records(store: ox.Store, filters: Filters) -> Records:
    return Records(load_actors(store), load_meetings(store, filters))
