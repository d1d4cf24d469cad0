"""The reconciliation rules, as small pure functions over plain values.

Each rule takes what the accounts report for one property of one meeting or participation
(a `Report`: which account, published when, said what) and returns a `Resolution`: the
chosen value, the rule that chose it, and how every account relates to it. Nothing here
knows about RDF; kg/reconcile/graph.py turns resolutions into quads. docs/reconciliation.md
explains each rule with a worked example.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from kg.annotations.dates import Interval

# The rule concepts of the `rule` scheme in ontology/schemes.ttl.
LATEST_REPORT, MOST_PRECISE, MOST_SOURCES, DERIVED = (
    "latest-report", "most-precise", "most-sources", "derived")


@dataclass(frozen=True)
class Report:
    """One account's value for one property."""

    source: str  # the account (its graph IRI)
    published: dt.date
    value: Hashable
    # For a status: the first day of the meeting as this account dates it, if it does.
    dated: dt.date | None = None


@dataclass(frozen=True)
class Resolution:
    value: Hashable
    rule: str
    supported: tuple[str, ...] = ()  # accounts giving exactly this value
    consistent: tuple[str, ...] = ()  # accounts giving a coarser value it refines
    earlier: tuple[str, ...] = ()  # status: accounts whose status it superseded (history)
    dissent: tuple[str, ...] = ()  # accounts giving an incompatible value

    @property
    def contested(self) -> bool:
        return bool(self.dissent)


def _sources(reports: Iterable[Report]) -> tuple[str, ...]:
    return tuple(sorted({r.source for r in reports}))


def _latest(reports: Iterable[Report]) -> tuple:
    return max((r.published, r.source) for r in reports)


def equal(a, b) -> bool:
    return a == b


# -- single values: most sources, then latest ------------------------------------------------

def resolve_refinable(reports: list[Report], refines: Callable = equal,
                      agreed_rule: str = MOST_PRECISE) -> Resolution:
    """The most precise value that agrees with every other one; if there is none, the
    contradiction is settled by `most_sources`.

    `refines(a, b)` is true when a is b or a narrower value inside it (a day inside a
    month, Istanbul inside Turkey, mediated talks under consultation). Two values agree
    when one refines the other.
    """
    values = sorted({r.value for r in reports}, key=str)
    for value in values:
        if all(refines(value, other) for other in values):
            return _split(reports, value, refines, agreed_rule)
    return most_sources(reports, refines)


def resolve_single(reports: list[Report]) -> Resolution:
    """A value with no order of precision (a post, a side, secret or not): the value most
    accounts give, then the one the latest account gives; anything else dissents."""
    return resolve_refinable(reports, equal, MOST_SOURCES)


def most_sources(reports: list[Report], refines: Callable = equal) -> Resolution:
    """Settle a contradiction. The candidates are the most precise values (no other reported
    value refines them); each counts the accounts that agree with it (itself or coarser).
    Most accounts win; then the candidate whose latest exact report is latest; then, on the
    same publication day, the value that sorts first. Always contested."""
    values = {r.value for r in reports}
    candidates = [v for v in values if not any(o != v and refines(o, v) for o in values)]

    def score(value) -> tuple:
        agreeing = sum(1 for r in reports if refines(value, r.value))
        exact = [r for r in reports if r.value == value]
        return agreeing, _latest(exact)[0]

    best = max(score(v) for v in candidates)
    chosen = min((v for v in candidates if score(v) == best), key=str)
    return _split(reports, chosen, refines, MOST_SOURCES)


def _split(reports: list[Report], chosen, refines: Callable, rule: str) -> Resolution:
    supported = [r for r in reports if r.value == chosen]
    consistent = [r for r in reports if r.value != chosen and refines(chosen, r.value)]
    dissent = [r for r in reports if not refines(chosen, r.value)]
    return Resolution(chosen, rule, _sources(supported), _sources(consistent),
                      dissent=_sources(dissent))


# -- refinement orders -----------------------------------------------------------------------

def date_refines(a: Interval, b: Interval) -> bool:
    """A date refines another when its days lie inside the other's: 2020-10-23 refines
    2020-10, which refines 2020."""
    return b.start <= a.start and a.end <= b.end


def ancestry(parents: Mapping[str, Iterable[str]]) -> Callable[[str, str], bool]:
    """`refines(a, b)`: b is a or one of a's ancestors through `parents` (a place's
    containing places, a concept's skos:broader, a body's parent organisation)."""
    cache: dict[str, frozenset[str]] = {}

    def ancestors(node: str) -> frozenset[str]:
        if node not in cache:
            cache[node] = frozenset({node})  # a cycle in the registry stops here
            found = {node}
            for parent in parents.get(node, ()):
                found |= ancestors(parent)
            cache[node] = frozenset(found)
        return cache[node]

    return lambda a, b: b in ancestors(a)


# -- status ----------------------------------------------------------------------------------

# How far along the meeting a status is. On the same publication day, a further status is
# taken as the later news (planned in the morning, held by the evening).
# Talks under way (in-progress) come after any plan and before the report that they were held.
STATUS_STAGE = {"proposed": 0, "planned": 1, "postponed": 2, "cancelled": 3, "ruled-out": 3,
                "in-progress": 4, "occurred": 5}
# Statuses a later article may use when it only recalls the plan for a meeting that has
# since taken place ("the talks, planned for Friday, ...").
LOOKING_BACK = {"proposed", "planned", "postponed"}
# Outcomes that cannot both be true of one meeting.
EXCLUSIVE = {frozenset({"occurred", "cancelled"}), frozenset({"occurred", "ruled-out"})}


def resolve_status(reports: list[Report]) -> Resolution:
    """Status evolves: the latest account wins, and the statuses before it are history.

    1. Order accounts by publication date; on the same day, by STATUS_STAGE.
    2. Once an account reports the meeting occurred, a later proposed, planned or postponed
       that dates the meeting on or before its own publication (or does not date it) only
       looks back at the plan: history, not news.
    3. A contradiction remains when, among the other accounts, one reports occurred and the
       latest does not (cancelled after held, or a new plan for a meeting already held), or
       one reports cancelled/ruled-out on the same day as the latest reports occurred. It
       is settled by most sources, then latest, and marked contested.
    """
    first_held = min((r.published for r in reports if r.value == "occurred"), default=None)

    def looks_back(r: Report) -> bool:
        return (first_held is not None and r.value in LOOKING_BACK
                and r.published >= first_held
                and (r.dated is None or r.dated <= r.published))

    live = [r for r in reports if not looks_back(r)]
    latest = max(live, key=lambda r: (r.published, STATUS_STAGE[r.value], r.source))

    def contradicts(r: Report) -> bool:
        if r.value == latest.value:
            return False
        if r.value == "occurred":  # held, then reported otherwise by a live account
            return True
        return (frozenset({r.value, latest.value}) in EXCLUSIVE
                and r.published == latest.published)

    rivals = [r for r in live if contradicts(r)]
    if not rivals:
        supported = [r for r in reports if r.value == latest.value]
        earlier = [r for r in reports if r.value != latest.value]
        return Resolution(latest.value, LATEST_REPORT, _sources(supported),
                          earlier=_sources(earlier))
    contenders = {latest.value} | {r.value for r in rivals}

    def score(value) -> tuple:
        exact = [r for r in reports if r.value == value]
        return len(exact), max((r.published, STATUS_STAGE[r.value]) for r in exact)

    chosen = max(sorted(contenders), key=score)
    supported = [r for r in reports if r.value == chosen]
    dissent = [r for r in live if r.value in contenders and r.value != chosen]
    earlier = [r for r in reports if r.value != chosen and r not in dissent]
    return Resolution(chosen, MOST_SOURCES, _sources(supported), earlier=_sources(earlier),
                      dissent=_sources(dissent))


# -- participants and roles ------------------------------------------------------------------

GENERIC_ROLE = "participant"
# Roles one actor cannot hold at once in one meeting; any other pair may combine
# (a host may also mediate, an envoy may be a guest).
OPPOSED_ROLES = {frozenset({"host", "guest"}), frozenset({"caller", "recipient"})}


def merge_roles(reports: list[Report]) -> tuple[tuple[str, ...], list[Resolution]]:
    """The union of the roles the accounts give one participant, without the generic
    `participant` when a specific role is known. Opposed roles (host and guest) are a
    contradiction: each opposed pair is settled by most sources, then latest, and its
    resolution returned alongside the roles."""
    roles = {r.value for r in reports}
    resolutions = []
    for pair in sorted(OPPOSED_ROLES, key=sorted):
        if pair <= roles:
            resolution = most_sources([r for r in reports if r.value in pair])
            roles -= pair - {resolution.value}
            resolutions.append(resolution)
    if roles - {GENERIC_ROLE}:
        roles.discard(GENERIC_ROLE)
    return tuple(sorted(roles)), resolutions


# -- values derived once, from the reconciled facts ------------------------------------------

SIDES_TO_FORMAT = {2: "bilateral", 3: "trilateral"}


def derive_format(meeting_type: str | None,
                  participants: Iterable[tuple[str, Iterable[str]]]) -> str | None:
    """Bilateral, trilateral or multilateral from the number of sides: each participant's
    side (on whose behalf, else the actor itself), mediators aside. A summit is a summit."""
    if meeting_type == "summit":
        return "summit"
    sides = {side for side, roles in participants if "mediator" not in set(roles)}
    if len(sides) < 2:
        return None
    return SIDES_TO_FORMAT.get(len(sides), "multilateral")


def derive_mediated(meeting_type: str | None, roles: Iterable[str]) -> bool:
    return meeting_type == "mediated-talks" or "mediator" in set(roles)


def derive_modality(meeting_type: str | None) -> str:
    """When no account states it: a phone call is by phone, anything else in person."""
    return "phone" if meeting_type == "phone-call" else "in-person"


def latest_text(reports: list[Report]) -> Hashable:
    """A label: the one the latest account gives (then the last account id, for a tie)."""
    return max(reports, key=lambda r: (r.published, r.source)).value
