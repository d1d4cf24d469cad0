"""The reconciliation stage on the fixture corpus (tests/fixtures/reconcile), read back with
SPARQL from the built store: the exact resolutions, the issue's "done when" case, the
accounts' own values left as the articles give them, and the stage's determinism."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import reconcile
from kg.namespaces import MEETING, RECONCILED_GRAPH, sparql_prologue

POMPEO = "2020-10-23-pompeo-mnatsakanyan-bayramov"
MOSCOW = "2020-10-lavrov-bayramov-moscow"
ISTANBUL = "2020-10-14-istanbul-consultations"
CALL = "2020-10-27-lavrov-mnatsakanyan-call"
RELATIONS = ("supportedBy", "consistentWith", "earlierReport", "dissentedBy")


def _select(store: ox.Store, query: str) -> list[tuple]:
    rows = store.query(sparql_prologue() + query)
    return [tuple(_short(term) for term in row) for row in rows]


def _short(term) -> str | None:
    if term is None:
        return None
    text = term.value
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1] if isinstance(term, ox.NamedNode) \
        else text


def resolutions(store: ox.Store) -> dict[str, dict]:
    """resolution local name -> {value, rule, contested, and each relation's accounts}."""
    found: dict[str, dict] = {}
    for name, value, rule, contested in _select(store, """
            SELECT ?r ?v ?rule ?c WHERE { GRAPH kgg:reconciled {
              ?r a kg:Resolution ; kg:value ?v ; kg:rule ?rule ; kg:contested ?c } }"""):
        found[name] = {"value": value, "rule": rule, "contested": contested == "true",
                       **{rel: set() for rel in RELATIONS}}
    for name, rel, account in _select(store, """
            SELECT ?r ?rel ?a WHERE { GRAPH kgg:reconciled { ?r a kg:Resolution ; ?rel ?a .
              FILTER(?rel IN (kg:supportedBy, kg:consistentWith, kg:earlierReport,
                              kg:dissentedBy)) } }"""):
        found[name][rel].add(account)
    return found


@pytest.fixture(scope="module")
def res(reconcile_store) -> dict[str, dict]:
    return resolutions(reconcile_store)


def _expect(res, key, value, rule, supported=(), consistent=(), earlier=(), dissent=()):
    got = res[key]
    assert (got["value"], got["rule"]) == (value, rule), key
    assert got["supportedBy"] == set(supported), key
    assert got["consistentWith"] == set(consistent), key
    assert got["earlierReport"] == set(earlier), key
    assert got["dissentedBy"] == set(dissent), key
    assert got["contested"] == bool(dissent), key


# -- the "done when" -----------------------------------------------------------------

def test_planned_twice_then_held_is_occurred_on_the_day_and_not_contested(res):
    _expect(res, f"{POMPEO}.status", "occurred", "latest-report",
            supported={"pompeo-3"}, earlier={"pompeo-1", "pompeo-2"})
    _expect(res, f"{POMPEO}.date", "2020-10-23", "most-precise",
            supported={"pompeo-2", "pompeo-3"}, consistent={"pompeo-1"})
    assert not any(r["contested"] for k, r in res.items() if k.startswith(POMPEO))


def test_the_reconciled_meeting_has_one_status_and_one_date(reconcile_store):
    rows = _select(reconcile_store, f"""
        SELECT ?status ?date ?start ?end ?precision WHERE {{ GRAPH kgg:reconciled {{
          meeting:{POMPEO} kg:status ?status ; kg:date ?date ; kg:startDate ?start ;
                           kg:endDate ?end ; kg:datePrecision ?precision }} }}""")
    assert rows == [("occurred", "2020-10-23", "2020-10-23", "2020-10-23", "day")]


def test_two_different_days_are_contested_with_both_sources(res):
    _expect(res, f"{MOSCOW}.date", "2020-10-22", "most-sources",
            supported={"moscow-2"}, dissent={"moscow-1"})


def test_each_account_keeps_its_own_date_beside_the_contested_resolution(reconcile_store):
    rows = _select(reconcile_store, f"""
        SELECT ?g ?d WHERE {{ GRAPH ?g {{ meeting:{MOSCOW} kg:date ?d }} }} ORDER BY ?g""")
    assert rows == [("moscow-1", "2020-10-20"), ("moscow-2", "2020-10-22"),
                    ("reconciled", "2020-10-22")]


# -- every other kind of disagreement --------------------------------------------------------

def test_a_later_article_recalling_the_plan_is_history(res):
    _expect(res, f"{ISTANBUL}.status", "occurred", "latest-report",
            supported={"istanbul-1", "istanbul-2"}, earlier={"istanbul-3"})


def test_istanbul_refines_turkey_and_mediated_talks_refine_consultation(res):
    _expect(res, f"{ISTANBUL}.place", "istanbul", "most-precise",
            supported={"istanbul-2", "istanbul-3"}, consistent={"istanbul-1"})
    _expect(res, f"{ISTANBUL}.meetingType", "mediated-talks", "most-precise",
            supported={"istanbul-2"}, consistent={"istanbul-1", "istanbul-3"})
    _expect(res, f"{POMPEO}.place", "state-department-building", "most-precise",
            supported={"pompeo-3"}, consistent={"pompeo-1", "pompeo-2"})


def test_a_post_contradiction_is_settled_by_most_sources_and_contested(res):
    _expect(res, f"{ISTANBUL}.igor-khovayev.post", "rus-mfa-special-representative",
            "most-sources", supported={"istanbul-1", "istanbul-3"}, dissent={"istanbul-2"})


def test_opposed_roles_are_settled_and_contested(res, reconcile_store):
    _expect(res, f"{CALL}.sergei-lavrov.role.caller-recipient", "caller", "most-sources",
            supported={"call-2"}, dissent={"call-1"})
    _expect(res, f"{CALL}.zohrab-mnatsakanyan.role.caller-recipient", "recipient",
            "most-sources", supported={"call-2"}, dissent={"call-1"})
    rows = _select(reconcile_store, f"""
        SELECT ?actor ?role WHERE {{ GRAPH kgg:reconciled {{ meeting:{CALL}
          kg:hasParticipation [ kg:actor ?actor ; kg:role ?role ] }} }} ORDER BY ?actor""")
    assert rows == [("sergei-lavrov", "caller"), ("zohrab-mnatsakanyan", "recipient")]


def test_participants_are_the_union_with_the_accounts_that_list_them(reconcile_store):
    rows = _select(reconcile_store, f"""
        SELECT ?actor ?role ?account WHERE {{ GRAPH kgg:reconciled {{
          meeting:{ISTANBUL} kg:hasParticipation ?p . ?p kg:actor ?actor ;
          kg:role ?role ; kg:reportedBy ?account }} }}""")
    roles: dict[str, tuple[set, set]] = {}
    for actor, role, account in rows:
        roles.setdefault(actor, (set(), set()))
        roles[actor][0].add(role)
        roles[actor][1].add(account)
    roles = {actor: (r, len(accounts)) for actor, (r, accounts) in roles.items()}
    assert roles == {"aze": ({"participant"}, 1), "igor-khovayev": ({"envoy"}, 3),
                     "sedat-onal": ({"host", "mediator"}, 2)}


def test_the_generic_role_is_dropped_for_a_specific_one(reconcile_store):
    rows = _select(reconcile_store, f"""
        SELECT ?role WHERE {{ GRAPH kgg:reconciled {{
          participation:{POMPEO}.mike-pompeo kg:role ?role }} }}""")
    assert rows == [("host",)]


def test_derived_values_come_from_the_reconciled_facts(res):
    _expect(res, f"{POMPEO}.format", "trilateral", "derived")  # usa, arm, aze
    _expect(res, f"{ISTANBUL}.format", "bilateral", "derived")  # rus, aze; the mediator aside
    _expect(res, f"{ISTANBUL}.mediated", "true", "derived")
    _expect(res, f"{MOSCOW}.modality", "in-person", "derived")
    _expect(res, f"{CALL}.modality", "phone", "most-sources", supported={"call-2"})


def test_every_meeting_lists_every_account_that_reports_it(reconcile_store):
    rows = _select(reconcile_store, """
        SELECT ?m (COUNT(?a) AS ?n) WHERE { GRAPH kgg:reconciled {
          ?m a kg:Meeting ; kg:reportedBy ?a } }
        GROUP BY ?m ORDER BY ?m""")
    assert rows == [(ISTANBUL, "3"), (POMPEO, "3"), (CALL, "2"), (MOSCOW, "2")]


def test_every_single_valued_property_has_one_value(reconcile_store):
    rows = _select(reconcile_store, """
        SELECT ?s ?p (COUNT(?o) AS ?n) WHERE { GRAPH kgg:reconciled { ?s ?p ?o .
          FILTER(?p IN (kg:status, kg:date, kg:startDate, kg:endDate, kg:place,
                        kg:meetingType, kg:modality, kg:format, kg:mediated, kg:post,
                        kg:onBehalfOf)) } } GROUP BY ?s ?p HAVING (COUNT(?o) > 1)""")
    assert rows == []


# -- accounts say only what the article says -------------------------------------------------

def test_accounts_carry_no_derived_values(reconcile_store):
    rows = _select(reconcile_store, """
        SELECT DISTINCT ?p WHERE { GRAPH ?g { ?m a kg:Meeting ; ?p ?o }
          FILTER(STRSTARTS(STR(?g), STR(account:))
                 && ?p IN (kg:mediated, kg:participant, kg:format)) }""")
    assert rows == []
    stated = _select(reconcile_store, """
        SELECT ?g WHERE { GRAPH ?g { ?m kg:modality ?x }
          FILTER(STRSTARTS(STR(?g), STR(account:))) }""")
    assert stated == [("call-2",)]  # the only annotation that states a modality


# -- the stage as a function -----------------------------------------------------------------

def test_the_stage_is_deterministic_and_matches_the_stored_graph(reconcile_store):
    first = reconcile.reconcile_store(reconcile_store)
    second = reconcile.reconcile_store(reconcile_store)
    assert first == second
    stored = set(reconcile_store.quads_for_pattern(None, None, None, RECONCILED_GRAPH))
    assert set(first) == stored


def test_reconciling_some_meetings_gives_exactly_their_part(reconcile_store):
    everything = set(reconcile.reconcile_store(reconcile_store))
    part = reconcile.reconcile_store(reconcile_store, meetings=[MEETING[MOSCOW]])
    assert part and set(part) <= everything
    assert all(MOSCOW in q.subject.value for q in part)
    assert {q for q in everything if MOSCOW in q.subject.value} == set(part)


def test_the_reconciled_graph_conforms_to_its_shapes(reconcile_store):
    quads = list(reconcile_store.quads_for_pattern(None, None, None, RECONCILED_GRAPH))
    assert reconcile.check_reconciled(reconcile_store, quads) == []


def test_the_worked_example_in_the_docs_is_real_output(reconcile_build):
    import re

    from tests.conftest import ROOT

    doc = (ROOT / "docs" / "reconciliation.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```trig\n(.*?)```", doc, flags=re.S)
    trig = (reconcile_build / "out" / "kg.trig").read_text(encoding="utf-8")
    reconciled = trig.split("kgg:reconciled {\n", 1)[1]
    assert len(blocks) == 5
    for block in blocks:
        assert block in reconciled
