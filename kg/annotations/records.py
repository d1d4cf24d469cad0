"""Typed records of the registry and of one article's annotation, after validation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kg.annotations.dates import Interval
from kg.annotations.text import ArticleText, Span

ACTOR_KINDS = ("person", "state", "government-body", "igo", "news-outlet", "organisation")
ORGANISATION_KINDS = ("government-body", "igo", "news-outlet", "organisation")


@dataclass(frozen=True)
class Tenure:
    post: str
    start: Interval | None
    end: Interval | None
    line: int


@dataclass(frozen=True)
class Member:
    actor: str
    role: str
    line: int


@dataclass
class Actor:
    id: str
    kind: str
    names: dict[str, str]
    aliases: dict[str, list[str]]
    line: int
    iso3166: str | None = None
    part_of: str | None = None
    members: list[Member] = field(default_factory=list)
    posts: list[Tenure] = field(default_factory=list)


@dataclass
class Place:
    id: str
    names: dict[str, str]
    aliases: dict[str, list[str]]
    line: int
    within: str | None = None


@dataclass
class Post:
    id: str
    names: dict[str, str]
    line: int
    within: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)  # like an actor's


@dataclass
class Registry:
    path: Path
    actors: dict[str, Actor]
    places: dict[str, Place]
    posts: dict[str, Post]

    def kind_of(self, ident: str) -> str | None:
        if ident in self.actors:
            return self.actors[ident].kind
        if ident in self.places:
            return "place"
        if ident in self.posts:
            return "post"
        return None


@dataclass(frozen=True)
class DateRef:
    interval: Interval
    span: Span | None


@dataclass(frozen=True)
class Attribution:
    actor: str
    span: Span | None


@dataclass(frozen=True)
class ArticleMeta:
    title: str | None  # None when the article has no headline
    outlet: str
    via: str | None
    language: str
    published: dt.date
    url: str


@dataclass(frozen=True)
class Mention:
    target: str  # an actor or place id
    span: Span


@dataclass
class Participation:
    actor: str
    roles: tuple[str, ...]  # one or more (`role: [host, mediator]`)
    on_behalf_of: str | None
    post: str | None
    evidence: Span
    according_to: Attribution | None
    line: int


@dataclass
class Meeting:
    id: str
    labels: dict[str, str]
    type: str
    modality: str | None  # as stated; None when the annotation leaves it out
    format: str | None  # as stated; the reconciled view derives it otherwise
    status: str
    secret: bool | None
    date: DateRef | None
    place: str | None
    place_span: Span | None
    evidence: Span
    according_to: Attribution | None
    part_of: str | None
    participants: list[Participation]
    line: int


@dataclass
class Statement:
    id: str
    speaker: str
    speaker_description: Span | None
    about: str
    stance: str
    date: DateRef | None
    quote: Span
    according_to: Attribution | None
    line: int


@dataclass
class Document:
    """One article and everything its annotation says, with every quote resolved."""

    doc_id: str
    path: Path
    text: ArticleText
    meta: ArticleMeta
    mentions: list[Mention]
    meetings: list[Meeting]
    statements: list[Statement]
    lines: dict[str, int] = field(default_factory=dict)  # meeting/statement id -> line
