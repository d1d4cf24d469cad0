"""Minting IRIs and literals. IRIs come from registry and annotation ids only, never from
text positions or run order, so re-annotating one article does not renumber another's.

Compound ids join their parts with "." (which registry and meeting ids cannot contain), so
`participation:<meeting>.<actor>` is unambiguous and needs no escaping in Turtle.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pyoxigraph import Literal, NamedNode

from kg.annotations.dates import Interval
from kg.annotations.text import Span
from kg.namespaces import (
    ACTOR,
    ARTICLE,
    MEETING,
    MEMBERSHIP,
    MENTION,
    PARTICIPATION,
    PLACE,
    POST,
    STATEMENT,
    TENURE,
    XSD,
)


def actor(ident: str) -> NamedNode:
    return ACTOR[ident]


def place(ident: str) -> NamedNode:
    return PLACE[ident]


def post(ident: str) -> NamedNode:
    return POST[ident]


def tenure(person: str, post_id: str, start: Interval | None) -> NamedNode:
    suffix = f".{start.literal}" if start else ""
    return TENURE[f"{person}.{post_id}{suffix}"]


def membership(member: str, organisation: str) -> NamedNode:
    return MEMBERSHIP[f"{member}.{organisation}"]


def meeting(ident: str) -> NamedNode:
    return MEETING[ident]


def participation(meeting_id: str, actor_id: str) -> NamedNode:
    return PARTICIPATION[f"{meeting_id}.{actor_id}"]


def statement(ident: str) -> NamedNode:
    return STATEMENT[ident]


def article(doc_id: str) -> NamedNode:
    return ARTICLE[doc_id]


def mention(doc_id: str, span: Span) -> NamedNode:
    # The words and their occurrence number identify a span; offsets would change whenever
    # text before it is corrected.
    digest = hashlib.sha1(f"{span.exact}\x00{span.occurrence}".encode()).hexdigest()[:12]
    return MENTION[f"{doc_id}.{digest}"]


def selector(mention_iri: NamedNode, kind: str) -> NamedNode:
    return NamedNode(f"{mention_iri.value}.{kind}")


def text(value: str, lang: str | None = None) -> Literal:
    return Literal(value, language=lang) if lang else Literal(value)


def day(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def reported_date(interval: Interval) -> Literal:
    """The date as the source gives it: a day, a month (gYearMonth) or a year (gYear)."""
    datatype = {"day": XSD.date, "month": XSD.gYearMonth, "year": XSD.gYear}[interval.precision]
    return Literal(interval.literal, datatype=datatype)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.nonNegativeInteger)


def boolean(value: bool) -> Literal:
    return Literal("true" if value else "false", datatype=XSD.boolean)


def uri(value: str) -> Literal:
    return Literal(value, datatype=XSD.anyURI)
