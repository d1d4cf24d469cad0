"""Each library query's real answer on the seed corpus, checked against the five articles.

ANSWERED lists the queries tested here; a query added to queries/ without a test fails
test_every_library_query_has_an_answer_test.
"""

from __future__ import annotations

import pytest

from tests.query.conftest import short

ISTANBUL = "2023-09-17-istanbul-talks"
ANSWERED = set()


def answers(name):
    def mark(test):
        ANSWERED.add(name)
        return test
    return mark


def test_every_library_query_has_an_answer_test(library):
    assert set(library.names()) <= ANSWERED, set(library.names()) - ANSWERED


@answers("meetings-of")
def test_meetings_of_lavrov(kgstore):
    rows = kgstore.rows("meetings-of", actor="lavrov")
    assert [(r["start"], short(r["meeting"])) for r in rows] == [
        ("2020-10-01", "2020-10-01-lavrov-cavusoglu-phone-call"),
        ("2020-10-20", "2020-10-20-lavrov-bayramov-moscow"),
        ("2020-10-21", "2020-10-21-lavrov-mnatsakanyan-moscow"),
        ("2022-10-14", "2022-10-14-astana-foreign-ministers"),
    ]
    others = ", ".join(r["with"] for r in rows)
    for name in ("Jeyhun Bayramov", "Zohrab Mnatsakanyan", "Ararat Mirzoyan", "Mevlut Cavusoglu"):
        assert name in others
    moscow = rows[1]
    assert (short(moscow["place"]), short(moscow["type"]), short(moscow["status"]),
            short(moscow["role"])) == ("moscow", "hosted-visit", "occurred", "host")


@answers("meetings-of")
def test_meetings_of_in_a_date_range_in_russian(kgstore):
    rows = kgstore.rows("meetings-of", actor="Лавров", lang="ru",
                        **{"from": "2020-10-20", "to": "2020-10-31"})
    assert [short(r["meeting"]) for r in rows] == [
        "2020-10-20-lavrov-bayramov-moscow", "2020-10-21-lavrov-mnatsakanyan-moscow"]
    assert [r["with"] for r in rows] == ["Джейхун Байрамов", "Зограб Мнацаканян"]


@answers("meetings-of")
def test_undated_meetings_appear_only_without_a_range(kgstore):
    everything = kgstore.rows("meetings-of", actor="pompeo")
    assert {short(r["status"]) for r in everything} == {"planned", "ruled-out"}
    assert len(everything) == 3
    ranged = kgstore.rows("meetings-of", actor="pompeo", **{"from": "2020-01-01"})
    assert [short(r["meeting"]) for r in ranged] == [
        "2020-10-23-pompeo-bayramov", "2020-10-23-pompeo-mnatsakanyan"]


@answers("co-participation")
def test_co_participation_weights(kgstore):
    pairs = {(short(r["a"]), short(r["b"])): (int(r["meetings"]), int(r["occurred"]))
             for r in kgstore.rows("co-participation")}
    assert pairs[("jeyhun-bayramov", "sergei-lavrov")] == (2, 2)
    assert pairs[("ilham-aliyev", "nikol-pashinyan")] == (2, 1)  # Prague, and proposed summit
    assert pairs[("jeyhun-bayramov", "mike-pompeo")] == (2, 0)  # planned and ruled out
    assert pairs[("igor-khovayev", "louis-bono")] == (1, 1)
    assert len(pairs) == 26


@answers("hosted-or-mediated-by")
def test_hosted_by_russia_and_mediated_by_france(kgstore):
    russia = {(short(r["meeting"]), r["how"], short(r["who"]))
              for r in kgstore.rows("hosted-or-mediated-by", state="Russia")}
    assert ("2020-10-20-lavrov-bayramov-moscow", "host", "sergei-lavrov") in russia
    assert ("2022-10-14-astana-foreign-ministers", "host", "sergei-lavrov") in russia
    assert ("undated-putin-aliyev-pashinyan-summit", "host", "vladimir-putin") in russia
    assert ("2020-10-moscow-truce-talks", "venue", "moscow") in russia
    assert len(russia) == 7
    france = kgstore.rows("hosted-or-mediated-by", state="Франция")
    assert [(short(r["meeting"]), r["how"], short(r["who"])) for r in france] == [
        ("2022-10-06-prague-aliyev-pashinyan", "mediator", "emmanuel-macron")]


@answers("meeting-sides")
def test_sides_of_the_istanbul_talks(kgstore):
    rows = kgstore.rows("meeting-sides", meeting="istanbul")
    sides = {(short(r["participant"]), short(r["role"]), short(r["onBehalfOf"])) for r in rows}
    assert sides == {("igor-khovayev", "envoy", "rus"), ("louis-bono", "envoy", "usa"),
                     ("toivo-klaar", "envoy", "eu")}
    khovayev = {short(r["post"]): r["articles"] for r in rows
                if short(r["participant"]) == "igor-khovayev"}
    assert khovayev == {
        "rus-mfa-special-representative-normalisation": "000_6b8423f8f78a3c41",
        "rus-president-special-representative-armenia-azerbaijan": "002_5e2404ba774d2ddf"}


@answers("posts-on-meeting-date")
def test_posts_held_on_the_meeting_date(kgstore):
    rows = kgstore.rows("posts-on-meeting-date")
    held = {(short(r["meeting"]), short(r["person"])): short(r["heldPost"]) for r in rows}
    # Mnatsakanyan was foreign minister until 2020-11-16, Mirzoyan from 2021-08-19.
    assert held[("2020-10-21-lavrov-mnatsakanyan-moscow", "zohrab-mnatsakanyan")] == \
        "arm-foreign-minister"
    assert held[("2022-10-14-astana-foreign-ministers", "ararat-mirzoyan")] == \
        "arm-foreign-minister"
    assert held[("2020-10-23-pompeo-bayramov", "mike-pompeo")] == "usa-secretary-of-state"
    istanbul = kgstore.rows("posts-on-meeting-date", meeting=ISTANBUL)
    assert sorted(short(r["reportedPost"]) for r in istanbul
                  if short(r["person"]) == "igor-khovayev") == [
        "rus-mfa-special-representative-normalisation",
        "rus-president-special-representative-armenia-azerbaijan"]
    assert len(istanbul) == 4


@answers("meetings-by-status")
def test_meetings_by_status(kgstore):
    counts = {}
    for row in kgstore.rows("meetings-by-status"):
        counts[short(row["status"])] = counts.get(short(row["status"]), 0) + 1
    assert counts == {"occurred": 8, "planned": 2, "proposed": 1, "ruled-out": 1}
    ruled_out = kgstore.rows("meetings-by-status", status="ruled out")
    assert [short(r["meeting"]) for r in ruled_out] == ["undated-washington-trilateral-pompeo"]
    assert set(ruled_out[0]["participants"].split(", ")) == {
        "Mike Pompeo", "Jeyhun Bayramov", "Zohrab Mnatsakanyan"}


@answers("timeline")
def test_timeline_in_date_order_undated_last(kgstore):
    rows = kgstore.rows("timeline")
    assert len(rows) == 12
    dated = [r["start"] for r in rows if r["start"]]
    assert dated == sorted(dated) and len(dated) == 10
    assert [r["start"] for r in rows[-2:]] == [None, None]
    assert {short(r["meeting"]): int(r["articles"]) for r in rows}[ISTANBUL] == 2
    assert rows[0]["start"] == "2020-10-01" and rows[-3]["start"] == "2023-09-17"


@answers("statements-about")
def test_statements_about_istanbul(kgstore):
    rows = kgstore.rows("statements-about", meeting=ISTANBUL)
    assert len(rows) == 8
    stances = {(short(r["speaker"]), r["quote"]): short(r["stance"]) for r in rows}
    assert stances[("maria-zakharova", "There was nothing secret about this meeting")] == "denies"
    assert stances[("dmitry-peskov", "Certain contacts on Karabakh indeed took place")] == \
        "confirms"
    anonymous = {r["speakerDescription"] for r in rows if r["article"] == "002_5e2404ba774d2ddf"}
    assert anonymous == {"европейский чиновник", "американский чиновник"}
    assert len(kgstore.rows("statements-about")) == 21


@answers("sources-per-meeting")
def test_sources_per_meeting_with_their_sentences(kgstore):
    rows = kgstore.rows("sources-per-meeting", meeting=ISTANBUL)
    by_article = {r["article"]: r for r in rows}
    assert set(by_article) == {"000_6b8423f8f78a3c41", "002_5e2404ba774d2ddf"}
    assert short(by_article["002_5e2404ba774d2ddf"]["publisher"]) == "unian"
    assert "took place on Sept. 17 in Istanbul" in \
        by_article["000_6b8423f8f78a3c41"]["sentence"]
    every = kgstore.rows("sources-per-meeting")
    assert {short(r["meeting"]) for r in every}.__len__() == 12


@answers("conflicts")
def test_the_one_conflict_is_khovayevs_post(kgstore):
    rows = kgstore.rows("conflicts")
    assert [(short(r["subject"]), short(r["property"]).split("#")[-1]) for r in rows] == [
        ("2023-09-17-istanbul-talks.igor-khovayev", "post")]
    row = rows[0]
    assert (row["article1"], short(row["value1"])) == (
        "000_6b8423f8f78a3c41", "rus-mfa-special-representative-normalisation")
    assert (row["article2"], short(row["value2"])) == (
        "002_5e2404ba774d2ddf", "rus-president-special-representative-armenia-azerbaijan")


@answers("actors-by-name")
@pytest.mark.parametrize(("text", "actor"), [
    ("лавров", "sergei-lavrov"), ("Pashinian", "nikol-pashinyan"),
    ("Çavuşoğlu", "mevlut-cavusoglu"), ("Ховаева", "igor-khovayev")])
def test_actors_by_name_in_any_language(kgstore, text, actor):
    rows = kgstore.rows("actors-by-name", name=text)
    assert [short(r["actor"]) for r in rows] == [actor]


@answers("actors-by-name")
def test_actors_by_name_finds_several(kgstore):
    found = {short(r["actor"]) for r in kgstore.rows("actors-by-name", name="armenia")}
    assert found == {"arm", "arm-mfa", "arm-mod", "azatutyun"}  # "RFE/RL Armenian Service"


@answers("ego-network")
def test_lavrovs_ego_network(kgstore):
    edges = {(short(r["source"]), short(r["target"])): int(r["meetings"])
             for r in kgstore.rows("ego-network", actor="sergei-lavrov")}
    assert edges == {
        ("jeyhun-bayramov", "sergei-lavrov"): 2, ("ararat-mirzoyan", "jeyhun-bayramov"): 1,
        ("ararat-mirzoyan", "sergei-lavrov"): 1, ("jeyhun-bayramov", "zohrab-mnatsakanyan"): 1,
        ("mevlut-cavusoglu", "sergei-lavrov"): 1, ("sergei-lavrov", "zohrab-mnatsakanyan"): 1}


@answers("meetings-by-cameo")
def test_meetings_by_cameo(kgstore):
    codes = {}
    for row in kgstore.rows("meetings-by-cameo"):
        codes.setdefault(row["code"], set()).add(short(row["meeting"]))
    assert codes["041"] == {"2020-10-01-lavrov-cavusoglu-phone-call"}
    assert codes["045"] == {"2022-10-06-prague-aliyev-pashinyan"}
    assert len(codes["044"]) == 4 and ISTANBUL in codes["044"]
    phone = kgstore.rows("meetings-by-cameo", cameo="Discuss by telephone")
    assert [short(r["meeting"]) for r in phone] == ["2020-10-01-lavrov-cavusoglu-phone-call"]


@answers("articles")
def test_articles_and_their_contributions(kgstore):
    rows = {r["article"]: r for r in kgstore.rows("articles")}
    assert len(rows) == 5
    assert rows["002_5e2404ba774d2ddf"]["language"] == "ru"
    assert (rows["001_550d6a345c2c1c3e"]["meetings"], rows["001_550d6a345c2c1c3e"]["statements"]) \
        == ("6", "6")
    assert sum(int(r["mentions"]) for r in rows.values()) == 231


@answers("dashboard")
def test_dashboard_matches_the_build_summary(kgstore):
    figures = {r["figure"]: int(r["value"]) for r in kgstore.rows("dashboard")}
    assert figures["articles"] == 5 and figures["meetings"] == 12
    assert figures["actors: people"] == 19 and figures["actors: states"] == 12
    assert (figures["meetings: occurred"], figures["meetings: planned"],
            figures["meetings: proposed"], figures["meetings: ruled-out"]) == (8, 2, 1, 1)
    assert figures["meetings in more than one article"] == 1
    assert (figures["participations"], figures["statements"], figures["mentions"]) == (32, 21, 231)


@answers("actor-card")
def test_actor_card_is_a_graph_of_names_and_tenures(kgstore):
    triples = list(kgstore.run("actor-card", actor="Пашинян"))
    said = {(short(t.subject.value), short(t.predicate.value).split("#")[-1], t.object.value)
            for t in triples}
    assert ("nikol-pashinyan", "altLabel", "Pashinian") in said
    assert ("nikol-pashinyan.arm-prime-minister.2018-05-08", "startDate", "2018-05-08") in said
    assert ("arm-prime-minister", "prefLabel", "Prime Minister of Armenia") in said


@answers("have-met")
def test_have_met(kgstore):
    assert bool(kgstore.run("have-met", actor="lavrov", other="bayramov"))
    assert bool(kgstore.run("have-met", actor="Mirzoyan", other="Bayramov"))
    assert not bool(kgstore.run("have-met", actor="pompeo", other="bayramov"))  # only planned
    assert not bool(kgstore.run("have-met", actor="lavrov", other="lavrov"))
