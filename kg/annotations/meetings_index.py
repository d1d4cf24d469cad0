"""`kg meetings`: the meeting ids already used in the annotations, to reuse one.

Meeting ids are global: a second article about the same talks must use the first one's
id, or the graph counts two meetings. This reads the YAML corpus (not the store, which
may be stale or not built yet) and skips, with a note, any annotation that does not
load, so the list is available while a new article is still being written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from kg.annotations.corpus import REGISTRY_FILE, annotation_files
from kg.annotations.dates import Interval
from kg.annotations.document import load_document
from kg.annotations.fields import suggest
from kg.annotations.records import Registry
from kg.annotations.registry import load_registry
from kg.errors import KgError, Problem, display_path


@dataclass
class MeetingEntry:
    id: str
    dates: list[Interval] = field(default_factory=list)  # one per article that dates it
    places: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    participants: dict[str, list[str]] = field(default_factory=dict)  # actor -> roles
    sides: set[str] = field(default_factory=set)  # participants and whom they acted for
    articles: list[str] = field(default_factory=list)

    @property
    def first_day(self) -> dt.date:
        return min((d.start for d in self.dates), default=dt.date.max)


@dataclass
class MeetingIndex:
    registry: Registry
    meetings: list[MeetingEntry]  # by first day, then id; undated ones last
    skipped: list[str]  # annotations that did not load, with their problem count


def index_meetings(seeds: Path) -> MeetingIndex:
    seeds = Path(seeds)
    if not seeds.is_dir():
        raise KgError(Problem(display_path(seeds), None, "seeds folder not found"))
    registry = load_registry(seeds / REGISTRY_FILE)
    entries: dict[str, MeetingEntry] = {}
    skipped = []
    for path in annotation_files(seeds):
        try:
            document = load_document(path, registry)
        except KgError as exc:
            skipped.append(f"{display_path(path)} ({len(exc.problems)} problem"
                           f"{'s' if len(exc.problems) != 1 else ''}; see kg validate)")
            continue
        for meeting in document.meetings:
            entry = entries.setdefault(meeting.id, MeetingEntry(meeting.id))
            entry.articles.append(document.doc_id)
            _add_once(entry.statuses, meeting.status)
            if meeting.date is not None and meeting.date.interval not in entry.dates:
                entry.dates.append(meeting.date.interval)
            if meeting.place:
                _add_once(entry.places, meeting.place)
            for p in meeting.participants:
                actor = getattr(p, "actor", None)
                roles = p.roles
                if actor:
                    for role in roles:
                        _add_once(entry.participants.setdefault(actor, []), role)
                    entry.sides.add(actor)
                if p.on_behalf_of:
                    entry.sides.add(p.on_behalf_of)
    meetings = sorted(entries.values(), key=lambda m: (m.first_day, m.id))
    return MeetingIndex(registry, meetings, skipped)


def _add_once(items: list, item) -> None:
    if item not in items:
        items.append(item)


def resolve_names(registry: Registry, name: str, what: str) -> set[str]:
    """Ids whose id, name or alias (any language, any case) is `name`; for a place, also the
    places inside it, so `--place Azerbaijan` finds a meeting in Baku."""
    wanted = " ".join(name.split()).casefold()
    pool = {**registry.places, **{k: a for k, a in registry.actors.items()
                                  if what == "actor" or a.kind == "state"}}
    found = {ident for ident, entry in pool.items() if wanted in _names(ident, entry)}
    if not found:
        every = sorted({n for ident, e in pool.items() for n in _names(ident, e)})
        raise KgError(Problem(f"--{what}", None, f"no {what} is called '{name}'"
                              f"{suggest(wanted, every)}; give an id, a name or an alias "
                              f"from {REGISTRY_FILE}"))
    if what == "place":
        changed = True
        while changed:  # places within places (a city in a region in a state)
            inside = {k for k, p in registry.places.items() if p.within in found}
            changed = not inside <= found
            found |= inside
    return found


def _names(ident: str, entry) -> set[str]:
    names = {ident, *entry.names.values()}
    for aliases in (getattr(entry, "aliases", None) or {}).values():
        names.update(aliases)
    return {" ".join(str(n).split()).casefold() for n in names}


def select(index: MeetingIndex, actors: tuple[str, ...] = (), date: Interval | None = None,
           place: str | None = None) -> list[MeetingEntry]:
    """Meetings with every given actor (as participant or as the side one acted for),
    whose date interval overlaps `date`, held at `place` or somewhere inside it."""
    wanted = [resolve_names(index.registry, a, "actor") for a in actors]
    places = resolve_names(index.registry, place, "place") if place else None
    chosen = []
    for m in index.meetings:
        if any(not (ids & m.sides) for ids in wanted):
            continue
        if date and not any(d.start <= date.end and date.start <= d.end for d in m.dates):
            continue
        if places is not None and not places & set(m.places):
            continue
        chosen.append(m)
    return chosen


def display_name(registry: Registry, ident: str) -> str:
    entry = registry.actors.get(ident) or registry.places.get(ident)
    return entry.names.get("en") or next(iter(entry.names.values()), ident) if entry else ident
