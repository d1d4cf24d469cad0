"""Rows from the store, as one record per actor and meeting.

Meetings come from the reconciled view (the named graph kgg:reconciled), where the build has
already resolved what several articles say into one value per attribute: the latest report
settles the status, the most precise compatible date wins, a real contradiction is chosen by
a stated rule and marked contested (docs/reconciliation.md). A projection therefore never
votes between accounts itself. `sources` is the number of articles reporting a meeting and
`contested` names the values they really contradict each other on ("date", "post").

Dates: `date` is the date as written ("2020-10" for a month, "2020-10-23", or START/END for
a span); `start` and `end` are its first and last day, used for intervals (a month is a
spell over the whole month in GEXF) and for sorting.
"""

from __future__ import annotations

from collections import defaultdict
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
    start: str  # first day, ISO, or ""
    end: str  # last day, ISO, or ""
    place: str  # English label or ""
    sources: int  # number of articles reporting the meeting
    date: str = ""  # as written: 2020-10-23, 2020-10, 2020, or START/END; "" if undated
    contested: str = ""  # the values articles contradict each other on: "date post"

    def attributes(self) -> dict[str, str | int]:
        return {"iri": self.iri, "label": self.label, "label_ru": self.label_ru,
                "type": "meeting", "status": self.status, "meeting_type": self.meeting_type,
                "modality": self.modality, "format": self.format, "date": self.date,
                "start": self.start, "end": self.end, "place": self.place,
                "sources": self.sources, "contested": self.contested}

    @property
    def sort_key(self) -> tuple[str, str, str]:
        """First day, then the finer date first (a day before its month: the earlier last
        day), then id; undated last ("~" sorts after digits)."""
        return (self.start or "~", self.end or "~", self.id)


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
    """The reconciled meetings whose status and dates the filters keep, by node id."""
    meetings = {}
    for row in sorted(select(store, "meetings"), key=lambda r: r["meeting"]):
        meeting_id = row["meeting"]
        meeting = Meeting(
            id=meeting_id, iri=_expand(meeting_id),
            label=row["label"] or local_name(meeting_id), label_ru=row["labelRu"],
            status=local_name(row["status"]), meeting_type=local_name(row["type"]),
            modality=local_name(row["modality"]), format=local_name(row["format"]),
            start=row["start"], end=row["end"], place=row["placeLabel"],
            sources=int(row["sources"] or 0), date=row["date"], contested=row["contested"])
        if filters.keeps_status(meeting.status) and filters.keeps_interval(meeting.start,
                                                                            meeting.end):
            meetings[meeting_id] = meeting
    return meetings


def load_records(store: ox.Store, filters: Filters) -> Records:
    return Records(load_actors(store), load_meetings(store, filters))
