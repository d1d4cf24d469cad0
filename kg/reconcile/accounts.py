"""Reading what each account says about a meeting, from the store, into plain values.

Values are kept as local names ("occurred", "istanbul") or as an `Interval` for dates, so
the rules in kg/reconcile/rules.py never see RDF terms.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kg.annotations.dates import Interval, parse_date
from kg.namespaces import (
    ACCOUNT,
    ACTOR,
    FORMAT,
    KG,
    MEETING,
    MODALITY,
    MTYPE,
    ONTOLOGY_GRAPH,
    ORG,
    PLACE,
    POST,
    PRECISION,
    PROV,
    RDF,
    RDFS,
    REGISTRY_GRAPH,
    ROLE,
    SCHEMA,
    SKOS,
    STATUS,
)


def local(term: ox.NamedNode, namespace) -> str:
    return term.value[len(str(namespace)):]


@dataclass
class ParticipationAccount:
    actor: str
    roles: list[str] = field(default_factory=list)
    on_behalf_of: str | None = None
    post: str | None = None


@dataclass
class MeetingAccount:
    """One account's version of one meeting."""

    source: str  # the account graph IRI
    published: dt.date
    status: str | None = None
    type: str | None = None
    modality: str | None = None
    format: str | None = None
    date: Interval | None = None
    place: str | None = None
    secret: bool | None = None
    part_of: str | None = None
    labels: dict[str, str] = field(default_factory=dict)
    participations: dict[str, ParticipationAccount] = field(default_factory=dict)


@dataclass
class Hierarchies:
    """What the registry and the ontology say about which values refine which."""

    places: dict[str, set[str]]  # place -> containing places
    bodies: dict[str, set[str]]  # actor -> the organisations or states it is part of
    types: dict[str, set[str]]  # meeting type -> broader meeting types


def read_hierarchies(store: ox.Store) -> Hierarchies:
    def parents(predicate, graph, namespace) -> dict[str, set[str]]:
        found: dict[str, set[str]] = defaultdict(set)
        prefix = str(namespace)
        for q in store.quads_for_pattern(None, predicate, None, graph):
            s, o = q.subject, q.object
            if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode) and \
                    s.value.startswith(prefix) and o.value.startswith(prefix):
                found[local(s, namespace)].add(local(o, namespace))
        return dict(found)

    return Hierarchies(parents(SCHEMA.containedInPlace, REGISTRY_GRAPH, PLACE),
                       parents(ORG.subOrganizationOf, REGISTRY_GRAPH, ACTOR),
                       parents(SKOS.broader, ONTOLOGY_GRAPH, MTYPE))


def meeting_accounts(store: ox.Store, meetings: Iterable[ox.NamedNode] | None = None,
                     ) -> dict[str, list[MeetingAccount]]:
    """Meeting id -> its accounts, in account order, for every meeting or the given ones."""
    published = _publication_dates(store)
    pattern = [None] if meetings is None else sorted(set(meetings), key=str)
    found: dict[str, list[MeetingAccount]] = defaultdict(list)
    for subject in pattern:
        for q in store.quads_for_pattern(subject, RDF.type, KG.Meeting, None):
            graph = q.graph_name
            if not isinstance(graph, ox.NamedNode) or graph.value not in published:
                continue
            found[local(q.subject, MEETING)].append(
                _read_meeting(store, q.subject, graph, published[graph.value]))
    return {m: sorted(accounts, key=lambda a: a.source) for m, accounts in found.items()}


def _publication_dates(store: ox.Store) -> dict[str, dt.date]:
    prefix = str(ACCOUNT)
    dates = {}
    for q in store.quads_for_pattern(None, PROV.wasDerivedFrom, None, None):
        graph = q.graph_name
        if isinstance(graph, ox.NamedNode) and graph.value.startswith(prefix) \
                and q.subject == graph:
            for d in store.quads_for_pattern(q.object, SCHEMA.datePublished, None, graph):
                dates[graph.value] = dt.date.fromisoformat(d.object.value)
    return dates


def _read_meeting(store: ox.Store, node: ox.NamedNode, graph: ox.NamedNode,
                  published: dt.date) -> MeetingAccount:
    account = MeetingAccount(graph.value, published)
    values: dict = defaultdict(list)
    for q in store.quads_for_pattern(node, None, None, graph):
        values[q.predicate].append(q.object)

    def one(predicate, namespace=None):
        objects = values.get(predicate)
        if not objects:
            return None
        return local(objects[0], namespace) if namespace is not None else objects[0]

    account.status = one(KG.status, STATUS)
    account.type = one(KG.meetingType, MTYPE)
    account.modality = one(KG.modality, MODALITY)
    account.format = one(KG.format, FORMAT)
    account.place = one(KG.place, PLACE)
    account.part_of = one(KG.partOf, MEETING)
    secret = one(KG.secret)
    account.secret = None if secret is None else secret.value == "true"
    account.labels = {label.language: label.value for label in values.get(RDFS.label, [])
                      if label.language}
    account.date = _interval(one(KG.date), one(KG.startDate), one(KG.endDate),
                             one(KG.datePrecision, PRECISION))
    for link in sorted(values.get(KG.hasParticipation, []), key=str):
        part = _read_participation(store, link, graph)
        if part is not None:
            account.participations[part.actor] = part
    return account


def _interval(date, start, end, precision) -> Interval | None:
    if date is not None:
        return parse_date(date.value)
    if start is None or end is None:
        return None
    first, last = (dt.date.fromisoformat(t.value) for t in (start, end))
    return Interval(first, last, precision or "day", f"{first}/{last}")


def _read_participation(store, link, graph) -> ParticipationAccount | None:
    values: dict = defaultdict(list)
    for q in store.quads_for_pattern(link, None, None, graph):
        values[q.predicate].append(q.object)
    if not values.get(KG.actor):
        return None
    part = ParticipationAccount(local(values[KG.actor][0], ACTOR))
    part.roles = sorted(local(r, ROLE) for r in values.get(KG.role, []))
    if values.get(KG.onBehalfOf):
        part.on_behalf_of = local(values[KG.onBehalfOf][0], ACTOR)
    if values.get(KG.post):
        part.post = local(values[KG.post][0], POST)
    return part
