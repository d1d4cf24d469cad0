"""Each library query's exact answer on the reconciliation fixture corpus.

The corpus (tests/fixtures/reconcile) has ten articles, in English and Russian, about four
meetings of October 2020, written to disagree in every way the reconciled view resolves.
The expected rows below are worked out from the articles' annotations, not copied from the
tool's output:

    ISTANBUL  istanbul-1 (15 Oct, en): consultation, occurred, 2020-10-14, Turkey;
              Khovayev envoy (Foreign Ministry's special representative), Onal host.
              istanbul-2 (17 Oct, ru): mediated talks, occurred, 2020-10-14, Istanbul;
              Khovayev envoy (the President's special envoy), Azerbaijan, Onal mediator.
              istanbul-3 (18 Oct, en): only recalls the plan: planned, "2020-10", Istanbul;
              Khovayev with the Foreign Ministry post.
              -> occurred (a look back does not undo it), 2020-10-14, Istanbul, mediated
                 talks; Onal host and mediator; Khovayev's post contested (2 against 1).
    MOSCOW    moscow-1 (21 Oct, en): 2020-10-20; moscow-2 (23 Oct, ru): 2020-10-22, and
              Rudenko -> a real date contradiction, one source each: the latest, 2020-10-22.
    POMPEO    pompeo-1 (19 Oct): planned, "2020-10", Washington, hosted visit;
              pompeo-2 (21 Oct): planned, 2020-10-23, "a meeting" (consultation), Pompeo
              without a role; pompeo-3 (24 Oct): occurred, 2020-10-23, the State
              Department building, Biegun too -> occurred, 2020-10-23, no contradiction.
    CALL      call-1 (27 Oct, ru): Mnatsakanyan called Lavrov; call-2 (28 Oct, en): Lavrov
              called Mnatsakanyan -> opposed roles, one source each: the latest (call-2).

ANSWERED lists the queries tested here; a query added to queries/ without a test fails
test_every_library_query_has_an_answer_test. These tests read only the fixture corpus, so
adding articles to seeds/ never breaks them.
"""

from __future__ import annotations

import pytest

from tests.query.conftest import short

ISTANBUL = "2020-10-14-istanbul-consultations"
MOSCOW = "2020-10-lavrov-bayramov-moscow"
POMPEO = "2020-10-23-pompeo-mnatsakanyan-bayramov"
CALL = "2020-10-27-lavrov-mnatsakanyan-call"
ANSWERED = set()


def answers(name):
    def mark(test):
        ANSWERED.add(name)
        return test
    return mark


def rows_of(store, name, *columns, **params):
    """The query's rows as tuples of the given columns, IRIs cut to their last segment."""
    return [tuple(short(r[c]) if r[c] and "/" in r[c] else r[c] for c in columns)
            for r in store.rows(name, **params)]


def test_every_library_query_has_an_answer_test(library):
    assert set(library.names()) <= ANSWERED, set(library.names()) - ANSWERED


@answers("timeline")
def test_timeline_has_one_row_per_meeting_with_its_reconciled_status_and_date(rstore):
    assert rows_of(rstore, "timeline", "date", "meeting", "status", "type", "place",
                   "articles", "contested") == [
        ("2020-10-14", ISTANBUL, "occurred", "mediated-talks", "istanbul", "3", "post"),
        ("2020-10-22", MOSCOW, "occurred", "hosted-visit", "moscow", "2", "date"),
        ("2020-10-23", POMPEO, "occurred", "hosted-visit", "state-department-building", "3",
         None),
        ("2020-10-27", CALL, "occurred", "phone-call", None, "2", "role"),
    ]


@answers("timeline")
def test_timeline_with_graph_shows_one_articles_account(rstore):
    # pompeo-1 alone: planned, dated to the month, in Washington.
    assert [(r["date"], short(r["meeting"]), short(r["status"]), short(r["place"]))
            for r in rstore.rows("timeline", graph="pompeo-1")] == [
        ("2020-10", POMPEO, "planned", "washington")]


@answers("timeline")
def test_timeline_with_graph_counts_the_one_account_not_zero_articles(rstore):
    """Under --graph there is no kg:reportedBy (it is in the reconciled view only): the
    count is the account itself, never 0; and the default still counts every report."""
    for graph in ("pompeo-1", "moscow-1"):
        rows = rstore.rows("timeline", graph=graph)
        assert rows and {r["articles"] for r in rows} == {"1"}, (graph, rows)
    assert {r["articles"] for r in rstore.rows("timeline")} == {"2", "3"}


@answers("meetings-of")
def test_meetings_of_has_one_row_per_meeting_and_role(rstore):
    assert rows_of(rstore, "meetings-of", "date", "meeting", "status", "role",
                   actor="pompeo") == [("2020-10-23", POMPEO, "occurred", "host")]
    # Onal hosted the Istanbul talks by one account and mediated them by another: two roles.
    assert rows_of(rstore, "meetings-of", "meeting", "role", actor="onal") == [
        (ISTANBUL, "host"), (ISTANBUL, "mediator")]
    lavrov = rstore.rows("meetings-of", actor="lavrov")
    assert [(r["date"], short(r["meeting"]), short(r["role"])) for r in lavrov] == [
        ("2020-10-22", MOSCOW, "host"), ("2020-10-27", CALL, "caller")]
    assert set(lavrov[0]["with"].split(", ")) == {"Jeyhun Bayramov", "Andrei Rudenko"}


@answers("meetings-of")
def test_meetings_of_in_a_range_in_russian(rstore):
    rows = rstore.rows("meetings-of", actor="Лавров", lang="ru",
                       **{"from": "2020-10-23", "to": "2020-10-31"})
    assert [(short(r["meeting"]), r["with"]) for r in rows] == [(CALL, "Зограб Мнацаканян")]


@answers("have-met")
def test_have_met_reads_the_reconciled_status(rstore):
    assert bool(rstore.run("have-met", actor="pompeo", other="bayramov")) is True
    assert bool(rstore.run("have-met", actor="lavrov", other="mnatsakanyan")) is True
    assert bool(rstore.run("have-met", actor="lavrov", other="pompeo")) is False


@answers("co-participation")
def test_co_participation_pairs_of_the_reconciled_participants(rstore):
    pairs = rows_of(rstore, "co-participation", "a", "b", "meetings", "occurred")
    expected = sorted([
        ("aze", "igor-khovayev"), ("aze", "sedat-onal"), ("igor-khovayev", "sedat-onal"),
        ("andrei-rudenko", "jeyhun-bayramov"), ("andrei-rudenko", "sergei-lavrov"),
        ("jeyhun-bayramov", "sergei-lavrov"),
        ("jeyhun-bayramov", "mike-pompeo"), ("jeyhun-bayramov", "stephen-biegun"),
        ("jeyhun-bayramov", "zohrab-mnatsakanyan"), ("mike-pompeo", "stephen-biegun"),
        ("mike-pompeo", "zohrab-mnatsakanyan"), ("stephen-biegun", "zohrab-mnatsakanyan"),
        ("sergei-lavrov", "zohrab-mnatsakanyan")])
    assert pairs == [(a, b, "1", "1") for a, b in expected]


@answers("ego-network")
def test_ego_network_of_lavrov(rstore):
    # Lavrov's co-participants: Bayramov and Rudenko (Moscow), Mnatsakanyan (the call);
    # Bayramov and Mnatsakanyan also met without him, at Pompeo's.
    assert rows_of(rstore, "ego-network", "source", "target", "meetings", "occurred",
                   actor="lavrov") == [
        ("andrei-rudenko", "jeyhun-bayramov", "1", "1"),
        ("andrei-rudenko", "sergei-lavrov", "1", "1"),
        ("jeyhun-bayramov", "sergei-lavrov", "1", "1"),
        ("jeyhun-bayramov", "zohrab-mnatsakanyan", "1", "1"),
        ("sergei-lavrov", "zohrab-mnatsakanyan", "1", "1"),
    ]


@answers("hosted-or-mediated-by")
def test_hosted_or_mediated_by_with_venues_at_any_depth(rstore):
    assert rows_of(rstore, "hosted-or-mediated-by", "date", "meeting", "how", "who",
                   state="turkey") == [
        ("2020-10-14", ISTANBUL, "host", "sedat-onal"),
        ("2020-10-14", ISTANBUL, "mediator", "sedat-onal"),
        ("2020-10-14", ISTANBUL, "venue", "istanbul"),  # Istanbul, in Turkey, in Türkiye
    ]
    assert rows_of(rstore, "hosted-or-mediated-by", "meeting", "how", "who", state="usa") == [
        (POMPEO, "host", "mike-pompeo"), (POMPEO, "venue", "state-department-building")]
    assert rows_of(rstore, "hosted-or-mediated-by", "meeting", "how", "who", state="rus") == [
        (MOSCOW, "host", "sergei-lavrov"), (MOSCOW, "venue", "moscow")]


@answers("meeting-sides")
def test_meeting_sides_with_supporting_articles_and_contested_post(rstore):
    rows = rstore.rows("meeting-sides", meeting=ISTANBUL)
    assert [(short(r["participant"]), short(r["role"]), short(r["onBehalfOf"]),
             short(r["post"]), sorted(r["articles"].split()), r["contested"] or "")
            for r in rows] == [
        ("aze", "participant", None, None, ["istanbul-2"], ""),
        ("igor-khovayev", "envoy", "rus", "rus-mfa-special-representative",
         ["istanbul-1", "istanbul-2", "istanbul-3"], "post"),
        ("sedat-onal", "host", "tur", None, ["istanbul-1", "istanbul-2"], ""),
        ("sedat-onal", "mediator", "tur", None, ["istanbul-1", "istanbul-2"], ""),
    ]


@answers("meetings-by-cameo")
def test_meetings_by_cameo_code_of_the_reconciled_type(rstore):
    assert rows_of(rstore, "meetings-by-cameo", "code", "type", "meeting") == [
        ("041", "phone-call", CALL), ("043", "hosted-visit", MOSCOW),
        ("043", "hosted-visit", POMPEO), ("045", "mediated-talks", ISTANBUL)]
    assert rows_of(rstore, "meetings-by-cameo", "meeting", cameo="045") == [(ISTANBUL,)]


@answers("meetings-by-status")
def test_meetings_by_status_counts_each_meeting_once(rstore):
    rows = rstore.rows("meetings-by-status")
    assert [(short(r["status"]), r["date"], short(r["meeting"])) for r in rows] == [
        ("occurred", "2020-10-14", ISTANBUL), ("occurred", "2020-10-22", MOSCOW),
        ("occurred", "2020-10-23", POMPEO), ("occurred", "2020-10-27", CALL)]
    assert set(rows[2]["participants"].split(", ")) == {
        "Mike Pompeo", "Zohrab Mnatsakanyan", "Jeyhun Bayramov", "Stephen Biegun"}
    assert rstore.rows("meetings-by-status", status="planned") == []


@answers("posts-on-meeting-date")
def test_posts_on_meeting_date(rstore):
    assert rows_of(rstore, "posts-on-meeting-date", "meeting", "person", "heldPost",
                   "reportedPost") == [
        (ISTANBUL, "igor-khovayev", None, "rus-mfa-special-representative"),
        (ISTANBUL, "sedat-onal", None, None),
        (MOSCOW, "andrei-rudenko", None, None),
        (MOSCOW, "jeyhun-bayramov", None, None),
        (MOSCOW, "sergei-lavrov", "rus-foreign-minister", "rus-foreign-minister"),
        (POMPEO, "jeyhun-bayramov", None, None),
        (POMPEO, "mike-pompeo", "usa-secretary-of-state", "usa-secretary-of-state"),
        (POMPEO, "stephen-biegun", None, None),
        (POMPEO, "zohrab-mnatsakanyan", None, None),
        (CALL, "sergei-lavrov", "rus-foreign-minister", None),
        (CALL, "zohrab-mnatsakanyan", None, None),
    ]


@answers("conflicts")
def test_conflicts_lists_only_real_contradictions_with_both_sentences(rstore):
    rows = rstore.rows("conflicts")
    # One article against one: the later report decided (moscow-2, call-2).
    TIE = "contradiction, 1 article against 1"  # noqa: N806
    assert [(short(r["subject"]), short(r["property"]).split("#")[-1], r["classification"],
             short(r["value"]), r["article"], short(r["otherValue"]), r["otherArticle"])
            for r in rows] == [
        (MOSCOW, "date", TIE, "2020-10-22", "moscow-2", "2020-10-20", "moscow-1"),
        (f"{ISTANBUL}.igor-khovayev", "post", "contradiction, 2 articles against 1",
         "rus-mfa-special-representative", "istanbul-1",
         "rus-presidential-special-envoy", "istanbul-2"),
        (f"{ISTANBUL}.igor-khovayev", "post", "contradiction, 2 articles against 1",
         "rus-mfa-special-representative", "istanbul-3",
         "rus-presidential-special-envoy", "istanbul-2"),
        (f"{CALL}.sergei-lavrov", "role", TIE, "caller", "call-2", "recipient", "call-1"),
        (f"{CALL}.zohrab-mnatsakanyan", "role", TIE, "recipient", "call-2", "caller", "call-1"),
    ]
    # Both sentences: each article's own words for the date.
    assert "в четверг, 22 октября" in rows[0]["sentence"]
    assert "on Tuesday" in rows[0]["otherSentence"]
    assert "Специальный посланник президента России" in rows[1]["otherSentence"]
    # Evolution (planned, then held) and precision (2020-10, then 2020-10-23) are not there.
    assert POMPEO not in {short(r["subject"]) for r in rows}


@answers("status-history")
def test_status_history_is_history_not_conflict(rstore):
    rows = rstore.rows("status-history", meeting=POMPEO)
    assert [(r["published"], r["article"], short(r["status"]), r["standing"]) for r in rows] == [
        ("2020-10-19", "pompeo-1", "planned", "earlier report"),
        ("2020-10-21", "pompeo-2", "planned", "earlier report"),
        ("2020-10-24", "pompeo-3", "occurred", "supports"),
    ]
    assert "will host" in rows[0]["sentence"] and "received" in rows[2]["sentence"]
    # A later article that only recalls the plan does not undo the reported occurrence.
    assert [(r["article"], short(r["status"]), r["standing"])
            for r in rstore.rows("status-history", meeting=ISTANBUL)] == [
        ("istanbul-1", "occurred", "supports"), ("istanbul-2", "occurred", "supports"),
        ("istanbul-3", "planned", "earlier report")]


@answers("accounts")
def test_accounts_lists_every_articles_value_side_by_side(rstore):
    rows = rstore.rows("accounts", meeting=MOSCOW)
    found = [(short(r["subject"]), short(r["property"]).split("#")[-1], short(r["value"]),
              r["article"]) for r in rows]
    lavrov, bayramov, rudenko = (f"{MOSCOW}.{a}" for a in
                                 ("sergei-lavrov", "jeyhun-bayramov", "andrei-rudenko"))
    assert found == [
        (MOSCOW, "date", "2020-10-20", "moscow-1"), (MOSCOW, "date", "2020-10-22", "moscow-2"),
        (MOSCOW, "meetingType", "hosted-visit", "moscow-1"),
        (MOSCOW, "meetingType", "hosted-visit", "moscow-2"),
        (MOSCOW, "place", "moscow", "moscow-1"), (MOSCOW, "place", "moscow", "moscow-2"),
        (MOSCOW, "status", "occurred", "moscow-1"), (MOSCOW, "status", "occurred", "moscow-2"),
        (rudenko, "onBehalfOf", "rus", "moscow-2"), (rudenko, "role", "participant", "moscow-2"),
        (bayramov, "onBehalfOf", "aze", "moscow-1"), (bayramov, "onBehalfOf", "aze", "moscow-2"),
        (bayramov, "role", "guest", "moscow-1"), (bayramov, "role", "guest", "moscow-2"),
        (lavrov, "onBehalfOf", "rus", "moscow-1"), (lavrov, "onBehalfOf", "rus", "moscow-2"),
        (lavrov, "post", "rus-foreign-minister", "moscow-1"),
        (lavrov, "role", "host", "moscow-1"), (lavrov, "role", "host", "moscow-2"),
    ]
    dates = {r["article"]: r["sentence"] for r in rows if r["property"].endswith("#date")}
    assert "on Tuesday" in dates["moscow-1"] and "22 октября" in dates["moscow-2"]


@answers("sources-per-meeting")
def test_sources_per_meeting(rstore):
    rows = rstore.rows("sources-per-meeting")
    assert [(short(r["meeting"]), r["article"]) for r in rows] == [
        (ISTANBUL, "istanbul-1"), (ISTANBUL, "istanbul-2"), (ISTANBUL, "istanbul-3"),
        (POMPEO, "pompeo-1"), (POMPEO, "pompeo-2"), (POMPEO, "pompeo-3"),
        (CALL, "call-1"), (CALL, "call-2"),
        (MOSCOW, "moscow-1"), (MOSCOW, "moscow-2"),
    ]
    assert "had been due to meet Turkish officials in Istanbul" in rows[2]["sentence"]
    assert [r["article"] for r in rstore.rows("sources-per-meeting", meeting=CALL)] == [
        "call-1", "call-2"]


@answers("statements-about")
def test_statements_about_is_empty_where_no_article_quotes_anyone(rstore):
    assert rstore.rows("statements-about") == []


@answers("articles")
def test_articles_and_what_each_account_holds(rstore):
    # Mentions: the annotation's mentions plus the evidence, date, place and attribution
    # quotes and participant evidence, a quote repeated at the same place counted once.
    assert rows_of(rstore, "articles", "article", "published", "language", "meetings",
                   "participations", "statements", "mentions") == [
        ("istanbul-1", "2020-10-15", "en", "1", "2", "0", "9"),
        ("istanbul-2", "2020-10-17", "ru", "1", "3", "0", "9"),
        ("istanbul-3", "2020-10-18", "en", "1", "1", "0", "6"),
        ("pompeo-1", "2020-10-19", "en", "1", "3", "0", "8"),
        ("moscow-1", "2020-10-21", "en", "1", "2", "0", "7"),
        ("pompeo-2", "2020-10-21", "ru", "1", "3", "0", "8"),
        ("moscow-2", "2020-10-23", "ru", "1", "3", "0", "7"),
        ("pompeo-3", "2020-10-24", "en", "1", "4", "0", "8"),
        ("call-1", "2020-10-27", "ru", "1", "2", "0", "7"),
        ("call-2", "2020-10-28", "en", "1", "2", "0", "6"),
    ]


@answers("dashboard")
def test_dashboard_counts_add_up(rstore):
    figures = {r["figure"]: int(r["value"]) for r in rstore.rows("dashboard")}
    assert figures == {
        "actors: government bodies": 3, "actors: news outlets": 4, "actors: people": 8,
        "actors: states": 5, "articles": 10, "meetings": 4, "meetings: occurred": 4,
        "meetings in more than one article": 4,
        "participations": 3 + 3 + 4 + 2,  # the union of each meeting's participant lists
        "mentions": 9 + 9 + 6 + 8 + 7 + 8 + 7 + 8 + 7 + 6,
        "contested values": 4,  # Moscow's date, Khovayev's post, the two roles of the call
    }
    statuses = sum(v for k, v in figures.items() if k.startswith("meetings: "))
    assert statuses == figures["meetings"]


@answers("actors-by-name")
def test_actors_by_name(rstore):
    rows = rstore.rows("actors-by-name", name="lavrov")
    assert [short(r["actor"]) for r in rows] == ["sergei-lavrov"]
    assert set(rows[0]["matched"].split(" | ")) == {"Sergei Lavrov", "Lavrov"}
    assert [short(r["actor"]) for r in rstore.rows("actors-by-name", name="Лавров")] == [
        "sergei-lavrov"]


@answers("actor-card")
def test_actor_card(rstore):
    triples = {(short(t.subject.value), short(t.predicate.value), getattr(t.object, "value", ""))
               for t in rstore.run("actor-card", actor="pompeo")}
    assert ("mike-pompeo", "core#prefLabel", "Майк Помпео") in triples
    assert any(p.endswith("#holder") and o.endswith("/mike-pompeo") for _, p, o in triples)
    assert any(o.endswith("/usa-secretary-of-state") for _, _, o in triples)


@pytest.mark.parametrize("name", ["timeline", "meetings-of", "meetings-by-status",
                                  "co-participation"])
def test_view_queries_never_repeat_a_meeting_for_disagreeing_articles(rstore, name):
    params = {"actor": "lavrov"} if name == "meetings-of" else {}
    rows = rstore.rows(name, **params)
    keys = [tuple(r.values()) for r in rows]
    assert len(keys) == len(set(keys))


def test_kg_stats_counts_each_meeting_once_and_its_statuses_add_up(reconcile_built):
    from tests.conftest import run_kg

    result = run_kg("stats", "--store", str(reconcile_built / "store"))
    assert result.exit_code == 0, result.output
    meetings = next(line for line in result.output.splitlines() if line.startswith("meetings"))
    # Ten articles, four meetings, each reported by two or three of them: every meeting
    # once, with its one reconciled status.
    assert meetings.split(None, 1)[1] == "4 (4 occurred); 4 reported by more than one article"
    participations = next(line for line in result.output.splitlines()
                          if line.startswith("participations"))
    assert participations.split() == ["participations", str(3 + 3 + 4 + 2)]


def test_stats_statuses_add_up_to_the_meetings_on_any_corpus(corpus_store):
    """Whatever articles seeds/ holds, each meeting has one reconciled status."""
    from kg.summary import summarise

    summary = summarise(corpus_store)
    assert sum(summary.meetings_by_status.values()) == summary.meetings > 0
