"""Loading `actors.yaml`: the shared registry of actors, places and posts."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kg.annotations.dates import DateError, Interval, parse_date
from kg.annotations.fields import Record, describe, suggest
from kg.annotations.records import (
    ACTOR_KINDS,
    ORGANISATION_KINDS,
    Actor,
    Member,
    Place,
    Post,
    Registry,
    Tenure,
)
from kg.annotations.yamlsource import Located, LocatedList, load_yaml
from kg.errors import Problems
from kg.vocabulary import concepts

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}$")
ISO3 = re.compile(r"^[A-Z]{3}$")


def load_registry(path: Path) -> Registry:
    """Read and check the registry; raise KgError listing every problem found."""
    data = load_yaml(path)
    problems = Problems(path)
    top = Record(data, problems, "the registry", 1, ("actors", "places", "posts"))
    registry = Registry(path, {}, {}, {})
    seen: dict[str, int] = {}

    def claim(ident: str | None, line: int) -> bool:
        if ident is None:
            return False
        if not ID.match(ident):
            problems.add(line, f"id '{ident}' must be lower-case letters, digits and hyphens")
            return False
        if ident in seen:
            problems.add(line, f"duplicate id '{ident}' (first defined on line {seen[ident]})")
            return False
        seen[ident] = line
        return True

    for item, line in _items(top, "actors"):
        actor = _actor(item, line, problems)
        if actor and claim(actor.id, line):
            registry.actors[actor.id] = actor
    for item, line in _items(top, "places"):
        place = _place(item, line, problems)
        if place and claim(place.id, line):
            registry.places[place.id] = place
    for item, line in _items(top, "posts"):
        post = _post(item, line, problems)
        if post and claim(post.id, line):
            registry.posts[post.id] = post
    _check_references(registry, problems)
    problems.raise_if_any()
    return registry


def _items(record: Record, key: str) -> list[tuple[Any, int]]:
    items = record.get_list(key)
    return [(item, items.line_of(i)) for i, item in enumerate(items)]


def read_names(record: Record, key: str, required: bool) -> dict[str, str]:
    names = record.get(key, Located, required)
    if names is None:
        return {}
    result = {}
    for lang, value in names.items():
        if not LANG.match(str(lang)):
            record.problems.add(names.line_of(lang), f"'{lang}' is not a language code (en, ru)")
        elif not isinstance(value, str) or not value.strip():
            record.problems.add(names.line_of(lang), f"{key}.{lang} must be text, "
                                f"found {describe(value)}")
        else:
            result[lang] = value.strip()
    if required and "en" not in result and names:
        record.problems.add(record.line_of(key), f"{record.what} needs an English name ({key}.en)")
    return result


def read_aliases(record: Record) -> dict[str, list[str]]:
    aliases = record.get("aliases", Located)
    result: dict[str, list[str]] = {}
    for lang, values in (aliases or {}).items():
        line = aliases.line_of(lang)
        if not LANG.match(str(lang)):
            record.problems.add(line, f"'{lang}' is not a language code (en, ru)")
            continue
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            record.problems.add(line, f"aliases.{lang} must be a list of names")
            continue
        result[lang] = [v.strip() for v in values if v.strip()]
    return result


def _actor(item: Any, line: int, problems: Problems) -> Actor | None:
    rec = Record(item, problems, "an actor", line, ("id", "type", "name", "aliases", "iso3166",
                                                     "part_of", "members", "posts"))
    ident = rec.get("id", required=True)
    rec.what = f"actor '{ident}'" if ident else "an actor"
    kind = rec.choice("type", frozenset(ACTOR_KINDS), required=True, what="actor type")
    names = read_names(rec, "name", required=True)
    actor = Actor(ident, kind, names, read_aliases(rec), line,
                  iso3166=rec.get("iso3166"), part_of=rec.get("part_of"))
    if kind == "state" and not actor.iso3166:
        problems.add(line, f"state '{ident}' needs an ISO 3166 alpha-3 code (iso3166: ABC)")
    if actor.iso3166 and not ISO3.match(actor.iso3166):
        problems.add(rec.line_of("iso3166"), f"iso3166 '{actor.iso3166}' must be three "
                     "capital letters (ISO 3166-1 alpha-3)")
    members = rec.get_list("members")
    for i, m in enumerate(members):
        mrec = Record(m, problems, f"a member of '{ident}'", members.line_of(i), ("actor", "role"))
        who = mrec.get("actor", required=True)
        role = mrec.choice("role", concepts("membership role"), what="membership role") \
            or "member"
        if who:
            actor.members.append(Member(who, role, members.line_of(i)))
    posts = rec.get_list("posts")
    for i, p in enumerate(posts):
        prec = Record(p, problems, f"a post of '{ident}'", posts.line_of(i),
                      ("post", "start", "end"))
        post = prec.get("post", required=True)
        start, end = read_date(prec, "start"), read_date(prec, "end")
        if start and end and end.end < start.start:
            problems.add(prec.line_of("end"), f"end {end.literal} is before start {start.literal}")
        if post:
            actor.posts.append(Tenure(post, start, end, posts.line_of(i)))
    if ident is None or kind is None or not names:
        return None
    return actor


def read_date(rec: Record, key: str, required: bool = False) -> Interval | None:
    value = rec.get(key, required=required)
    if value is None:
        return None
    try:
        return parse_date(value)
    except DateError as exc:
        rec.problems.add(rec.line_of(key), f"{key} of {rec.what}: {exc}")
        return None


def _place(item: Any, line: int, problems: Problems) -> Place | None:
    rec = Record(item, problems, "a place", line, ("id", "name", "aliases", "in"))
    ident = rec.get("id", required=True)
    rec.what = f"place '{ident}'" if ident else "a place"
    names = read_names(rec, "name", required=True)
    place = Place(ident, names, read_aliases(rec), line, within=rec.get("in"))
    return place if ident and names else None


def _post(item: Any, line: int, problems: Problems) -> Post | None:
    rec = Record(item, problems, "a post", line, ("id", "name", "aliases", "in"))
    ident = rec.get("id", required=True)
    rec.what = f"post '{ident}'" if ident else "a post"
    names = read_names(rec, "name", required=True)
    post = Post(ident, names, line, within=rec.get("in"), aliases=read_aliases(rec))
    return post if ident and names else None


def _check_references(reg: Registry, problems: Problems) -> None:
    def must_be(ident: str, kinds: tuple[str, ...], line: int, what: str) -> None:
        kind = reg.kind_of(ident)
        if kind is None:
            known = [*reg.actors, *reg.places, *reg.posts]
            problems.add(line, f"{what}: unknown id '{ident}'{suggest(ident, known)}")
        elif kind not in kinds:
            problems.add(line, f"{what}: '{ident}' is a {kind}, expected {' or '.join(kinds)}")

    for actor in reg.actors.values():
        if actor.part_of:
            must_be(actor.part_of, ("state", *ORGANISATION_KINDS), actor.line,
                    f"part_of of '{actor.id}'")
        for member in actor.members:
            must_be(member.actor, ACTOR_KINDS, member.line, f"member of '{actor.id}'")
            if member.actor == actor.id:
                problems.add(member.line, f"'{actor.id}' is listed as a member of itself")
        if actor.members and actor.kind not in ORGANISATION_KINDS:
            problems.add(actor.line, f"'{actor.id}' is a {actor.kind}; only organisations "
                         "have members")
        for tenure in actor.posts:
            must_be(tenure.post, ("post",), tenure.line, f"post of '{actor.id}'")
        if actor.posts and actor.kind != "person":
            problems.add(actor.line, f"'{actor.id}' is a {actor.kind}; only people hold posts")
    for place in reg.places.values():
        if place.within:
            must_be(place.within, ("place", "state"), place.line, f"'in' of place '{place.id}'")
    for post in reg.posts.values():
        if post.within:
            must_be(post.within, ("state", *ORGANISATION_KINDS), post.line,
                    f"'in' of post '{post.id}'")
    _check_cycles({a.id: a.part_of for a in reg.actors.values() if a.part_of},
                  {a.id: a.line for a in reg.actors.values()}, "part_of", problems)
    _check_cycles({p.id: p.within for p in reg.places.values() if p.within},
                  {p.id: p.line for p in reg.places.values()}, "in", problems)


def _check_cycles(parent: dict[str, str], lines: dict[str, int], key: str,
                  problems: Problems) -> None:
    for loop in find_cycles(parent):
        problems.add(lines.get(loop[0]), f"'{key}' forms a cycle: {' -> '.join(loop)}; "
                     "an organisation or place cannot contain itself")


def find_cycles(parent: dict[str, str]) -> list[list[str]]:
    """Each loop in a child -> parent map once, as [a, b, ..., a], starting from the
    smallest id in it: {a: b, b: a} gives [[a, b, a]]."""
    loops: list[list[str]] = []
    reported: set[str] = set()
    for start in sorted(parent):
        chain, node = [start], parent.get(start)
        while node is not None and node not in chain:
            chain.append(node)
            node = parent.get(node)
        if node == start and start not in reported:
            reported.update(chain)
            loops.append([*chain, start])
    return loops


__all__ = ["find_cycles", "load_registry", "LocatedList"]
