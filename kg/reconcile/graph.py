"""One meeting's reconciled facts and their resolutions, as quads of the reconciled graph."""

from __future__ import annotations

from collections.abc import Callable

import pyoxigraph as ox

from kg.annotations.dates import Interval
from kg.build import terms
from kg.namespaces import (
    ACTOR,
    FORMAT,
    KG,
    MEETING,
    MODALITY,
    MTYPE,
    PLACE,
    POST,
    PRECISION,
    RDF,
    RDFS,
    RECONCILED_GRAPH,
    RESOLUTION,
    ROLE,
    RULE,
    STATUS,
)
from kg.reconcile import rules
from kg.reconcile.accounts import Hierarchies, MeetingAccount
from kg.reconcile.rules import Report, Resolution


def _date_term(interval: Interval) -> ox.Literal:
    # A span has no kg:date; its resolution names it as written, START/END.
    return ox.Literal(interval.literal) if interval.is_span else terms.reported_date(interval)


def _boolean(value: bool) -> ox.Literal:
    return terms.boolean(value)


class _Writer:
    def __init__(self):
        self.quads: list[ox.Quad] = []

    def add(self, s, p, o) -> None:
        self.quads.append(ox.Quad(s, p, o, RECONCILED_GRAPH))

    def resolution(self, subject: ox.NamedNode, subject_local: str, prop: ox.NamedNode,
                   resolution: Resolution, term: Callable, suffix: str = "") -> None:
        prop_local = prop.value.rsplit("#", 1)[-1]
        node = RESOLUTION[f"{subject_local}.{prop_local}{suffix}"]
        add = self.add
        add(node, RDF.type, KG.Resolution)
        add(node, KG.resolves, subject)
        add(node, KG.property, prop)
        add(node, KG.value, term(resolution.value))
        add(node, KG.rule, RULE[resolution.rule])
        for predicate, sources in ((KG.supportedBy, resolution.supported),
                                   (KG.consistentWith, resolution.consistent),
                                   (KG.earlierReport, resolution.earlier),
                                   (KG.dissentedBy, resolution.dissent)):
            for source in sources:
                add(node, predicate, ox.NamedNode(source))
        add(node, KG.contested, _boolean(resolution.contested))


def reconcile_meeting(meeting_id: str, accounts: list[MeetingAccount],
                      hierarchies: Hierarchies) -> list[ox.Quad]:
    """The reconciled graph's quads for one meeting, from every account that reports it."""
    out = _Writer()
    node = MEETING[meeting_id]
    add = out.add

    def reports(attribute: str, dated=None) -> list[Report]:
        return [Report(a.source, a.published, getattr(a, attribute),
                       dated(a) if dated else None)
                for a in accounts if getattr(a, attribute) is not None]

    def settle(prop, attribute, namespace_term, resolve, write=True) -> Resolution | None:
        found = reports(attribute)
        if not found:
            return None
        resolution = resolve(found)
        if write:
            add(node, prop, namespace_term(resolution.value))
        out.resolution(node, meeting_id, prop, resolution, namespace_term)
        return resolution

    add(node, RDF.type, KG.Meeting)
    for account in accounts:
        add(node, KG.reportedBy, ox.NamedNode(account.source))
    for lang in sorted({lang for a in accounts for lang in a.labels}):
        label = rules.latest_text([Report(a.source, a.published, a.labels[lang])
                                   for a in accounts if lang in a.labels])
        add(node, RDFS.label, terms.text(label, lang))

    date = settle(KG.date, "date", _date_term,
                  lambda r: rules.resolve_refinable(r, rules.date_refines), write=False)
    if date is not None:
        _write_date(out, node, date.value)
    start = date.value.start if date else None
    status_reports = reports("status", dated=lambda a: a.date.start if a.date else start)
    if status_reports:
        status = rules.resolve_status(status_reports)
        add(node, KG.status, STATUS[status.value])
        out.resolution(node, meeting_id, KG.status, status, lambda v: STATUS[v])
    mtype = settle(KG.meetingType, "type", lambda v: MTYPE[v],
                   lambda r: rules.resolve_refinable(r, rules.ancestry(hierarchies.types)))
    meeting_type = mtype.value if mtype else None
    settle(KG.place, "place", lambda v: PLACE[v],
           lambda r: rules.resolve_refinable(r, rules.ancestry(hierarchies.places)))
    settle(KG.secret, "secret", _boolean, rules.resolve_single)
    settle(KG.partOf, "part_of", lambda v: MEETING[v], rules.resolve_single)

    sides, all_roles = _participations(out, node, meeting_id, accounts, hierarchies)
    if not settle(KG.modality, "modality", lambda v: MODALITY[v], rules.resolve_single):
        _derived(out, node, meeting_id, KG.modality, rules.derive_modality(meeting_type),
                 lambda v: MODALITY[v])
    if not settle(KG.format, "format", lambda v: FORMAT[v], rules.resolve_single):
        derived = rules.derive_format(meeting_type, sides)
        if derived:
            _derived(out, node, meeting_id, KG.format, derived, lambda v: FORMAT[v])
    _derived(out, node, meeting_id, KG.mediated,
             rules.derive_mediated(meeting_type, all_roles), _boolean)
    return out.quads


def _derived(out: _Writer, node, meeting_id: str, prop, value, term) -> None:
    out.add(node, prop, term(value))
    out.resolution(node, meeting_id, prop, Resolution(value, rules.DERIVED), term)


def _write_date(out: _Writer, node, interval: Interval) -> None:
    if not interval.is_span:
        out.add(node, KG.date, terms.reported_date(interval))
    out.add(node, KG.startDate, terms.day(interval.start))
    out.add(node, KG.endDate, terms.day(interval.end))
    out.add(node, KG.datePrecision, PRECISION[interval.precision])


def _participations(out: _Writer, meeting, meeting_id: str, accounts: list[MeetingAccount],
                    hierarchies: Hierarchies) -> tuple[list, list[str]]:
    """Write the union of the participations; return each one's (side, roles) and every
    role, which the derived values need."""
    add = out.add
    sides, all_roles = [], []
    bodies = rules.ancestry(hierarchies.bodies)
    for actor in sorted({actor for a in accounts for actor in a.participations}):
        listed = [(a, a.participations[actor]) for a in accounts if actor in a.participations]
        link, link_local = terms.participation(meeting_id, actor), f"{meeting_id}.{actor}"
        add(meeting, KG.hasParticipation, link)
        add(meeting, KG.participant, ACTOR[actor])
        add(link, RDF.type, KG.Participation)
        add(link, KG.actor, ACTOR[actor])
        for account, _ in listed:
            add(link, KG.reportedBy, ox.NamedNode(account.source))
        roles, opposed = rules.merge_roles([Report(a.source, a.published, role)
                                            for a, p in listed for role in p.roles])
        for role in roles:
            add(link, KG.role, ROLE[role])
        for resolution in opposed:
            pair = "-".join(sorted({resolution.value, *_opposite(resolution.value)}))
            out.resolution(link, link_local, KG.role, resolution, lambda v: ROLE[v],
                           suffix=f".{pair}")
        side = _settle_participation(out, link, link_local, KG.onBehalfOf, ACTOR,
                                     [Report(a.source, a.published, p.on_behalf_of)
                                      for a, p in listed if p.on_behalf_of],
                                     lambda r: rules.resolve_refinable(r, bodies))
        _settle_participation(out, link, link_local, KG.post, POST,
                              [Report(a.source, a.published, p.post)
                               for a, p in listed if p.post], rules.resolve_single)
        sides.append((side or actor, roles))
        all_roles.extend(roles)
    return sides, all_roles


def _opposite(role: str) -> set[str]:
    return {r for pair in rules.OPPOSED_ROLES if role in pair for r in pair}


def _settle_participation(out: _Writer, link, link_local: str, prop, namespace,
                          found: list[Report], resolve) -> str | None:
    if not found:
        return None
    resolution = resolve(found)
    out.add(link, prop, namespace[resolution.value])
    out.resolution(link, link_local, prop, resolution, lambda v: namespace[v])
    return resolution.value
