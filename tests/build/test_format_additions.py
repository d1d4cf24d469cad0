"""What the annotation format can say beyond the basics (issue 12 §1), checked in the
built graph: each test edits a copy of the mini corpus, builds it with the real builder
into a real on-disk Oxigraph store, and asks the store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.annotations import load_corpus
from kg.build import build_graphs
from kg.namespaces import PREFIXES
from tests.conftest import build_into, run_kg

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _edit(seeds: Path, name: str, *pairs: tuple[str, str]) -> None:
    path = seeds / name
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def _store(seeds: Path, where: Path) -> ox.Store:
    assert run_kg("validate", "--seeds", str(seeds)).exit_code == 0
    store = ox.Store(str(where / "store"))
    store.extend([q for g in build_graphs(load_corpus(seeds)) for q in g.quads])
    return store


def _select(store: ox.Store, query: str) -> list[tuple]:
    return [tuple(None if t is None else t.value for t in row)
            for row in store.query(PROLOGUE + query, use_default_graph_as_union=True)]


def test_article_without_title_has_no_headline_and_is_still_listed(mini_copy, tmp_path):
    _edit(mini_copy, "mini.yaml", ("  title: Lavrov Hosts Bayramov in Moscow\n", ""))
    store = _store(mini_copy, tmp_path)
    assert _select(store, "SELECT ?h WHERE { ?a a kg:Article ; schema:headline ?h }") == []
    articles = (Path(__file__).resolve().parents[2] / "queries" / "articles.rq").read_text()
    rows = list(store.query(articles, use_default_graph_as_union=True))
    assert [r["article"].value for r in rows] == ["mini"]
    assert rows[0]["headline"] is None


def test_participant_with_two_roles_has_both_in_the_account(mini_copy, tmp_path):
    _edit(mini_copy, "mini.yaml", ("        role: host\n", "        role: [host, mediator]\n"))
    store = _store(mini_copy, tmp_path)
    roles = _select(store, """SELECT ?r WHERE {
        ?p a kg:Participation ; kg:actor actor:sergei-lavrov ; kg:role ?r .
        ?m kg:hasParticipation ?p . FILTER(?m = meeting:2020-10-20-lavrov-bayramov-moscow)
    } ORDER BY ?r""")
    assert roles == [(PREFIXES["role"] + "host",), (PREFIXES["role"] + "mediator",)]


def test_reconciled_participation_keeps_both_roles_of_one_account(mini_copy, tmp_path):
    # The reconciliation unions the roles accounts give; two roles from one account
    # must both survive (and neither is the generic `participant` it would drop).
    _edit(mini_copy, "mini.yaml", ("        role: host\n", "        role: [host, mediator]\n"))
    build_into(mini_copy, tmp_path)
    store = ox.Store()
    store.load(path=str(tmp_path / "exports" / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    roles = _select(store, """SELECT ?r WHERE { GRAPH kgg:reconciled {
        participation:2020-10-20-lavrov-bayramov-moscow.sergei-lavrov kg:role ?r } }
        ORDER BY ?r""")
    assert roles == [(PREFIXES["role"] + "host",), (PREFIXES["role"] + "mediator",)]


def test_state_as_place_is_its_territory_and_contains_its_cities(mini_copy, tmp_path):
    _edit(mini_copy, "mini.yaml", ("    place: {id: baku, quote: Baku}\n",
                                   "    place: {id: aze, quote: Azerbaijani}\n"))
    store = _store(mini_copy, tmp_path)
    assert _select(store, """SELECT ?place ?state ?label WHERE {
        meeting:2020-11-lavrov-bayramov-baku kg:place ?place .
        ?place a kg:Place ; kg:territoryOf ?state ; skos:prefLabel ?label .
        FILTER(lang(?label) = "en") }""") == [
        (PREFIXES["place"] + "aze", PREFIXES["actor"] + "aze", "Azerbaijan")]
    # Baku lies in the state and in its territory; Moscow's state is no meeting's place.
    assert _select(store, "SELECT ?in WHERE { place:baku schema:containedInPlace ?in } "
                          "ORDER BY ?in") == [(PREFIXES["actor"] + "aze",),
                                              (PREFIXES["place"] + "aze",)]
    assert _select(store, "SELECT ?p WHERE { ?p kg:territoryOf ?s }") == [
        (PREFIXES["place"] + "aze",)]


def test_no_state_as_place_leaves_the_registry_graph_as_it_was(mini_copy):
    from kg.build.registry import registry_graph
    registry = load_corpus(mini_copy).registry
    assert not [q for q in registry_graph(registry).quads
                if q.predicate.value.endswith("#territoryOf")]


def test_reconciled_place_is_the_city_within_the_state_another_account_gives(
        mini_copy, tmp_path):
    # Two accounts of the planned meeting: one says Azerbaijan, one Baku. Baku refines
    # Azerbaijan, so the reconciled place is Baku, uncontested.
    (mini_copy / "zzz.txt").write_bytes((mini_copy / "mini.txt").read_bytes())
    (mini_copy / "zzz.yaml").write_text(
        (mini_copy / "mini.yaml").read_text()
        .replace("document: mini", "document: zzz")
        .replace("    place: {id: baku, quote: Baku}\n", "    place: aze\n"))
    build_into(mini_copy, tmp_path)
    store = ox.Store()
    store.load(path=str(tmp_path / "exports" / "kg.nq"), format=ox.RdfFormat.N_QUADS)
    assert _select(store, """SELECT ?p WHERE { GRAPH kgg:reconciled {
        meeting:2020-11-lavrov-bayramov-baku kg:place ?p } }""") == [
        (PREFIXES["place"] + "baku",)]


def test_post_aliases_are_alternative_labels_in_their_language(mini_copy, tmp_path):
    _edit(mini_copy, "actors.yaml", (
        "ru: Министр иностранных дел России}\n",
        "ru: Министр иностранных дел России}\n"
        "    aliases: {en: [Russian Foreign Minister], ru: [глава МИД России]}\n"))
    store = _store(mini_copy, tmp_path)
    rows = _select(store, """SELECT ?alias (lang(?alias) AS ?lang) WHERE {
        post:rus-foreign-minister skos:altLabel ?alias } ORDER BY ?lang""")
    assert rows == [("Russian Foreign Minister", "en"), ("глава МИД России", "ru")]


def test_new_statuses_and_stances_are_concepts_with_english_and_russian_labels(mini_copy,
                                                                             tmp_path):
    _edit(mini_copy, "mini.yaml", ("    status: planned\n", "    status: in-progress\n"),
          ("    stance: characterises\n", "    stance: expects\n"))
    store = _store(mini_copy, tmp_path)
    for concept, scheme in (("status:in-progress", "status"), ("stance:welcomes", "stance"),
                            ("stance:expects", "stance"), ("stance:hopes", "stance")):
        labels = _select(store, f"""SELECT (lang(?l) AS ?lang) WHERE {{
            {concept} a skos:Concept ; skos:inScheme <{PREFIXES[scheme][:-1]}> ;
                      skos:prefLabel ?l }} ORDER BY ?lang""")
        assert labels == [("en",), ("ru",)], concept
    assert _select(store, "SELECT ?m WHERE { ?m kg:status status:in-progress }") == [
        (PREFIXES["meeting"] + "2020-11-lavrov-bayramov-baku",)]
    assert _select(store, "SELECT ?s WHERE { ?s kg:stance stance:expects }") == [
        (PREFIXES["statement"] + "2020-10-21-lavrov-talks-useful",)]


def test_in_progress_is_later_news_than_planned_and_earlier_than_occurred():
    import datetime as dt

    from kg.reconcile.rules import Report, resolve_status
    day = dt.date(2020, 10, 21)

    def latest(*statuses: str) -> str:
        return resolve_status([Report(f"a{i}", day, s) for i, s in enumerate(statuses)]).value

    # Same publication day: the further status is the later news, in either order.
    assert latest("planned", "in-progress") == latest("in-progress", "planned") == "in-progress"
    assert latest("in-progress", "occurred") == latest("occurred", "in-progress") == "occurred"
