"""The reconciliation rules on their own: plain values in, a resolution out."""

from __future__ import annotations

import datetime as dt

from kg.annotations.dates import parse_date, parse_span
from kg.reconcile import rules
from kg.reconcile.rules import Report

OCT = {day: dt.date(2020, 10, day) for day in range(1, 32)}


def r(source: str, day: int, value, dated: int | None = None) -> Report:
    return Report(source, OCT[day], value, OCT[dated] if dated else None)


# -- status ----------------------------------------------------------------------------------

def test_planned_then_occurred_gives_occurred_with_the_plan_as_history():
    res = rules.resolve_status([r("a", 19, "planned"), r("b", 21, "planned"),
                                r("c", 24, "occurred")])
    assert (res.value, res.rule) == ("occurred", "latest-report")
    assert res.supported == ("c",) and res.earlier == ("a", "b")
    assert not res.contested


def test_a_later_article_recalling_the_plan_does_not_undo_an_occurrence():
    # "had been due to meet in mid-October", published after the meeting was reported held
    res = rules.resolve_status([r("held", 15, "occurred", dated=14),
                                r("recalls", 18, "planned", dated=1)])
    assert res.value == "occurred" and res.earlier == ("recalls",) and not res.contested


def test_an_undated_plan_after_an_occurrence_is_taken_as_looking_back():
    res = rules.resolve_status([r("held", 15, "occurred"), r("later", 18, "proposed")])
    assert res.value == "occurred" and res.earlier == ("later",)


def test_a_new_plan_for_a_future_date_after_an_occurrence_is_a_contradiction():
    res = rules.resolve_status([r("held", 15, "occurred", dated=14),
                                r("replan", 18, "planned", dated=30)])
    assert res.contested and res.rule == "most-sources"
    # one source each: the latest wins
    assert res.value == "planned" and res.dissent == ("held",)


def test_cancelled_after_occurred_is_a_contradiction_settled_by_most_sources():
    res = rules.resolve_status([r("a", 15, "occurred"), r("b", 16, "occurred"),
                                r("c", 18, "cancelled")])
    assert (res.value, res.contested) == ("occurred", True)
    assert res.supported == ("a", "b") and res.dissent == ("c",)


def test_cancelled_before_occurred_is_evolution_not_contradiction():
    res = rules.resolve_status([r("a", 10, "cancelled"), r("b", 20, "occurred")])
    assert res.value == "occurred" and res.earlier == ("a",) and not res.contested


def test_same_day_reports_order_by_how_far_along_the_meeting_is():
    res = rules.resolve_status([r("zzz", 20, "planned"), r("aaa", 20, "occurred")])
    assert res.value == "occurred" and res.earlier == ("zzz",) and not res.contested


def test_same_day_held_and_cancelled_is_contested():
    res = rules.resolve_status([r("a", 20, "cancelled"), r("b", 20, "occurred")])
    # one source each, the same day: the further stage (occurred) is the later news
    assert res.contested and res.value == "occurred"
    assert res.supported == ("b",) and res.dissent == ("a",)


def test_planned_then_postponed_then_cancelled_keeps_the_latest():
    res = rules.resolve_status([r("a", 1, "planned"), r("b", 5, "postponed"),
                                r("c", 9, "cancelled")])
    assert res.value == "cancelled" and res.earlier == ("a", "b") and not res.contested


# -- dates -----------------------------------------------------------------------------------

def dates(*pairs) -> list[Report]:
    return [Report(src, OCT[day], parse_date(value)) for src, day, value in pairs]


def test_a_day_inside_the_month_refines_it():
    res = rules.resolve_refinable(dates(("a", 19, "2020-10"), ("b", 21, "2020-10-23"),
                                        ("c", 24, "2020-10-23")), rules.date_refines)
    assert res.value.literal == "2020-10-23" and res.rule == "most-precise"
    assert res.supported == ("b", "c") and res.consistent == ("a",) and not res.contested


def test_a_year_a_month_and_a_day_chain_to_the_day():
    res = rules.resolve_refinable(dates(("y", 1, "2020"), ("m", 2, "2020-10"),
                                        ("d", 3, "2020-10-05")), rules.date_refines)
    assert res.value.literal == "2020-10-05" and res.consistent == ("m", "y")


def test_two_different_days_are_contested_and_the_later_report_wins_a_tie():
    res = rules.resolve_refinable(dates(("a", 21, "2020-10-20"), ("b", 23, "2020-10-22")),
                                  rules.date_refines)
    assert res.value.literal == "2020-10-22" and res.rule == "most-sources"
    assert res.supported == ("b",) and res.dissent == ("a",) and res.contested


def test_most_sources_beats_the_latest_report():
    res = rules.resolve_refinable(dates(("a", 21, "2020-10-20"), ("b", 22, "2020-10-20"),
                                        ("c", 25, "2020-10-22")), rules.date_refines)
    assert res.value.literal == "2020-10-20" and res.dissent == ("c",)


def test_a_coarser_date_counts_for_every_day_it_contains():
    # The month agrees with both days; it supports neither more than the other.
    res = rules.resolve_refinable(dates(("a", 21, "2020-10-20"), ("m", 22, "2020-10"),
                                        ("b", 23, "2020-10-22")), rules.date_refines)
    assert res.value.literal == "2020-10-22"
    assert res.consistent == ("m",) and res.dissent == ("a",)


def test_a_day_inside_a_span_refines_the_span():
    span = Report("s", OCT[20], parse_span("2020-10-09", "2020-10-10"))
    day = Report("d", OCT[21], parse_date("2020-10-10"))
    res = rules.resolve_refinable([span, day], rules.date_refines)
    assert res.value.literal == "2020-10-10" and res.consistent == ("s",)


# -- places, types, sides --------------------------------------------------------------------

PLACES = {"istanbul": {"turkey"}, "ankara": {"turkey"}, "turkey": {"tur"}}


def test_istanbul_refines_turkey():
    refines = rules.ancestry(PLACES)
    res = rules.resolve_refinable([r("a", 15, "turkey"), r("b", 17, "istanbul")], refines)
    assert (res.value, res.consistent, res.contested) == ("istanbul", ("a",), False)


def test_istanbul_and_ankara_contradict():
    refines = rules.ancestry(PLACES)
    res = rules.resolve_refinable([r("a", 15, "istanbul"), r("b", 17, "ankara"),
                                   r("c", 18, "turkey")], refines)
    assert res.contested and res.value == "ankara"
    assert res.consistent == ("c",) and res.dissent == ("a",)


def test_mediated_talks_refine_consultation_but_not_a_phone_call():
    refines = rules.ancestry({"mediated-talks": {"consultation"},
                              "phone-call": {"consultation"}})
    agreed = rules.resolve_refinable([r("a", 1, "consultation"), r("b", 2, "mediated-talks")],
                                     refines)
    assert agreed.value == "mediated-talks" and not agreed.contested
    clash = rules.resolve_refinable([r("a", 1, "phone-call"), r("b", 2, "mediated-talks")],
                                    refines)
    assert clash.contested


def test_a_registry_cycle_does_not_loop_forever():
    refines = rules.ancestry({"a": {"b"}, "b": {"a"}})
    assert refines("a", "b") and refines("b", "a")


# -- single values: posts and sides ----------------------------------------------------------

def test_a_post_is_chosen_by_most_sources_then_latest():
    res = rules.resolve_single([r("000", 4, "mfa-envoy"), r("001", 5, "mfa-envoy"),
                                r("002", 9, "president-envoy")])
    assert (res.value, res.rule, res.dissent) == ("mfa-envoy", "most-sources", ("002",))


def test_a_post_tie_goes_to_the_latest_article():
    res = rules.resolve_single([r("000", 9, "mfa-envoy"), r("002", 4, "president-envoy")])
    assert res.value == "mfa-envoy" and res.dissent == ("002",) and res.contested


def test_a_same_day_tie_goes_to_the_value_that_sorts_first():
    res = rules.resolve_single([r("x", 9, "b-post"), r("y", 9, "a-post")])
    assert res.value == "a-post" and res.dissent == ("x",)


def test_agreeing_accounts_are_all_support():
    res = rules.resolve_single([r("x", 1, True), r("y", 2, True)])
    assert res.value is True and res.supported == ("x", "y") and not res.contested


# -- roles -----------------------------------------------------------------------------------

def test_roles_are_a_union_and_the_generic_role_is_dropped():
    roles, opposed = rules.merge_roles([r("a", 1, "host"), r("b", 2, "mediator"),
                                        r("c", 3, "participant")])
    assert roles == ("host", "mediator") and opposed == []


def test_only_the_generic_role_is_kept_when_nothing_more_is_known():
    assert rules.merge_roles([r("a", 1, "participant")]) == (("participant",), [])


def test_host_and_guest_are_opposed_and_settled():
    roles, opposed = rules.merge_roles([r("a", 1, "host"), r("b", 2, "host"),
                                        r("c", 3, "guest")])
    assert roles == ("host",)
    assert opposed[0].value == "host" and opposed[0].dissent == ("c",)


def test_caller_and_recipient_are_opposed_latest_wins_a_tie():
    roles, opposed = rules.merge_roles([r("a", 1, "recipient"), r("b", 2, "caller")])
    assert roles == ("caller",) and opposed[0].dissent == ("a",)


# -- derived values --------------------------------------------------------------------------

def test_format_counts_sides_not_people_and_leaves_mediators_aside():
    people = [("usa", ["host"]), ("usa", ["participant"]), ("arm", ["guest"]),
              ("aze", ["guest"]), ("fra", ["mediator"])]
    assert rules.derive_format("hosted-visit", people) == "trilateral"
    assert rules.derive_format("consultation", people[:3]) == "bilateral"
    assert rules.derive_format("consultation", people[:2]) is None
    assert rules.derive_format("summit", people[:1]) == "summit"
    assert rules.derive_format("negotiation", [(s, ["participant"]) for s in "abcd"]) \
        == "multilateral"


def test_mediated_from_the_type_or_a_mediator():
    assert rules.derive_mediated("mediated-talks", ["host"])
    assert rules.derive_mediated("consultation", ["host", "mediator"])
    assert not rules.derive_mediated("consultation", ["host", "guest"])


def test_modality_defaults_by_type():
    assert rules.derive_modality("phone-call") == "phone"
    assert rules.derive_modality("visit") == "in-person"


def test_the_latest_label_wins():
    assert rules.latest_text([r("a", 1, "old"), r("b", 5, "new"), r("c", 3, "mid")]) == "new"
