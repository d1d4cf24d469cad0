"""What part of the graph a projection keeps: a date range, meeting statuses, actor types."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from kg.errors import KgError
from kg.vocabulary import concepts

# Actor types as projections name them, from the most specific class to the least: an actor
# typed both kg:GovernmentBody and kg:Organisation is a "government-body".
ACTOR_TYPES: dict[str, str] = {
    "Person": "person",
    "State": "state",
    "GovernmentBody": "government-body",
    "IntergovernmentalOrganisation": "igo",
    "NewsOutlet": "news-outlet",
    "Organisation": "organisation",
}

# The special status value meaning "every status the ontology defines".
ALL = "all"
ALL_STATUSES: frozenset[str] = frozenset({ALL})


@dataclass(frozen=True)
class Filters:
    """Which meetings and actors a projection keeps, for example every meeting from
    October 2020 on, whatever its status, and only pairs who met twice or more:
    `Filters(start=datetime.date(2020, 10, 1), statuses=ALL_STATUSES, min_weight=2)`."""

    start: datetime.date | None = None  # keep meetings whose interval overlaps [start, end]
    end: datetime.date | None = None
    statuses: frozenset[str] = frozenset({"occurred"})  # status: local names, or ALL_STATUSES
    actor_types: frozenset[str] | None = None  # values of ACTOR_TYPES; None keeps every actor
    min_weight: int = 1  # co-participation only: fewest shared meetings an edge needs

    def check(self) -> Filters:
        """Raise KgError naming every filter value that cannot match anything."""
        problems = []
        known = concepts("status")
        unknown = sorted(set(self.statuses) - known - {ALL})
        if unknown:
            problems.append(f"unknown status {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(known))}, or {ALL})")
        if not self.statuses:
            problems.append("no meeting status selected")
        types = set(ACTOR_TYPES.values())
        unknown = sorted(set(self.actor_types or ()) - types)
        if unknown:
            problems.append(f"unknown actor type {', '.join(unknown)} "
                            f"(known: {', '.join(sorted(types))})")
        if self.start and self.end and self.start > self.end:
            problems.append(f"the date range ends ({self.end}) before it starts ({self.start})")
        if self.min_weight < 1:
            problems.append(f"minimum weight must be at least 1, not {self.min_weight}")
        if problems:
            raise KgError(problems)
        return self

    def keeps_status(self, status: str) -> bool:
        return ALL in self.statuses or status in self.statuses

    def keeps_actor(self, actor_type: str) -> bool:
        return self.actor_types is None or actor_type in self.actor_types

    def keeps_interval(self, start: str, end: str) -> bool:
        """Whether an interval of ISO dates ("" if unknown) overlaps the date range.

        An undated meeting is kept only when no range is asked for: it cannot be shown to
        fall inside one.
        """
        if self.start is None and self.end is None:
            return True
        if not start:
            return False
        end = end or start
        return ((self.end is None or start <= self.end.isoformat())
                and (self.start is None or end >= self.start.isoformat()))
