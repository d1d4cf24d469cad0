"""The seed corpus, end to end: provenance, identity, disagreement, and committed exports.

These assert facts an analyst would check by reading the five articles, on the pinned copy
of them in tests/fixtures/seeds (CORPUS), so that they hold whatever a user adds to
./seeds. Two tests read ./seeds itself: it must validate, and exports/ must be its build.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import unicodedata

import pytest

from kg.namespaces import sparql_prologue
from tests.conftest import CORPUS, ROOT, SEEDS, run_kg

ISTANBUL = "meeting:2023-09-17-istanbul-talks"


def select(store, query: str) -> list[dict[str, str]]:
    rows = store.query(sparql_prologue() + query, use_default_graph_as_union=True)
    names = [v.value for v in rows.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in rows]


def test_validate_passes_on_the_pinned_corpus():
    result = run_kg("validate", "--seeds", str(CORPUS))
    assert result.exit_code == 0, result.output
    assert "ok: 5 articles" in result.output


def test_validate_passes_on_the_seeds_folder_whatever_it_holds():
    result = run_kg("validate", "--seeds", str(SEEDS))
    assert result.exit_code == 0, "seeds/ does not validate; fix what kg validate lists:\n" + \
        result.output


def test_every_selector_slices_back_to_its_quote(corpus_store):
    rows = select(corpus_store, """
        SELECT ?doc ?start ?end ?exact ?prefix ?suffix WHERE {
          ?m a kg:Mention ; oa:hasSource/kg:documentId ?doc ;
             oa:hasSelector [ a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end ] ,
                            [ a oa:TextQuoteSelector ; oa:exact ?exact ;
                              oa:prefix ?prefix ; oa:suffix ?suffix ] .
        }""")
    assert len(rows) > 200
    texts = {}
    for row in rows:
        if row["doc"] not in texts:
            raw = (CORPUS / f"{row['doc']}.txt").read_text(encoding="utf-8")
            texts[row["doc"]] = unicodedata.normalize("NFC", raw)
        text, start, end = texts[row["doc"]], int(row["start"]), int(row["end"])
        assert text[start:end] == row["exact"]
        assert text[:start].endswith(row["prefix"]) and text[end:].startswith(row["suffix"])


def test_no_mention_points_at_boilerplate(corpus_store):
    rows = select(corpus_store, """
        SELECT ?start ?end ?bodyStart ?bodyEnd WHERE {
          ?m oa:hasSource ?a ; oa:hasSelector [ oa:start ?start ; oa:end ?end ] .
          ?a kg:bodyStart ?bodyStart ; kg:bodyEnd ?bodyEnd .
        }""")
    assert rows and all(int(r["bodyStart"]) <= int(r["start"]) and
                        int(r["end"]) <= int(r["bodyEnd"]) for r in rows)


def test_istanbul_talks_three_sides_two_articles_two_languages(corpus_store):
    sides = select(corpus_store, f"""
        SELECT DISTINCT ?side WHERE {{ {ISTANBUL} kg:hasParticipation/kg:onBehalfOf ?side }}""")
    assert {r["side"].rsplit("/", 1)[1] for r in sides} == {"rus", "usa", "eu"}
    participations = select(corpus_store, f"""
        SELECT DISTINCT ?p WHERE {{ {ISTANBUL} kg:hasParticipation ?p }}""")
    assert len(participations) == 3
    accounts = select(corpus_store, f"""
        SELECT DISTINCT ?g ?lang WHERE {{
          GRAPH ?g {{ {ISTANBUL} a kg:Meeting }}
          ?g prov:wasDerivedFrom/schema:inLanguage ?lang .
        }}""")
    assert sorted(r["lang"] for r in accounts) == ["en", "ru"]


def test_sources_disagree_about_khovayevs_post_and_both_are_kept(corpus_store):
    rows = select(corpus_store, """
        SELECT ?lang ?post WHERE {
          GRAPH ?g { ?p kg:actor actor:igor-khovayev ; kg:post ?post }
          ?g prov:wasDerivedFrom/schema:inLanguage ?lang .
        }""")
    posts = {r["lang"]: r["post"] for r in rows}
    assert set(posts) == {"en", "ru"} and posts["en"] != posts["ru"]


def test_one_person_many_spellings(corpus_store):
    rows = select(corpus_store, """
        SELECT ?name WHERE { actor:nikol-pashinyan skos:prefLabel|skos:altLabel ?name }""")
    names = {r["name"] for r in rows}
    assert {"Pashinyan", "Pashinian", "Пашинян"} <= names | {n.split()[-1] for n in names}
    mentioned = select(corpus_store, """
        SELECT DISTINCT ?exact WHERE {
          actor:nikol-pashinyan kg:evidence/oa:hasSelector/oa:exact ?exact }""")
    exacts = " ".join(r["exact"] for r in mentioned)
    assert "Pashinyan" in exacts and "Pashinian" in exacts and "Пашинян" in exacts


def test_relative_dates_resolved_against_publication(corpus_store):
    rows = select(corpus_store, """
        SELECT ?m ?start ?end WHERE { ?m kg:startDate ?start ; kg:endDate ?end }""")
    dates = {r["m"].rsplit("/", 1)[1]: (r["start"], r["end"]) for r in rows}
    assert dates["2020-10-21-lavrov-mnatsakanyan-moscow"] == ("2020-10-21", "2020-10-21")
    assert dates["2020-10-20-lavrov-bayramov-moscow"] == ("2020-10-20", "2020-10-21")
    assert dates["2020-10-01-lavrov-cavusoglu-phone-call"] == ("2020-10-01", "2020-10-01")


def test_every_fact_has_evidence_in_its_own_account(corpus_store):
    missing = select(corpus_store, """
        SELECT ?g ?thing WHERE {
          GRAPH ?g { ?g a kg:Account . ?thing a ?class }  # the articles, not kgg:reconciled
          VALUES ?class { kg:Meeting kg:Participation kg:Statement }
          FILTER NOT EXISTS { GRAPH ?g { ?thing kg:evidence ?m } }
        }""")
    assert missing == []


def test_every_actor_in_an_account_is_mentioned_there(corpus_store):
    missing = select(corpus_store, """
        SELECT ?g ?actor WHERE {
          GRAPH ?g { ?g a kg:Account . { ?x kg:actor ?actor } UNION { ?x kg:speaker ?actor } }
          FILTER NOT EXISTS { GRAPH ?g { ?actor kg:evidence ?m } }
        }""")
    assert missing == []


def test_statuses_include_planned_proposed_and_ruled_out(corpus_store):
    rows = select(corpus_store, "SELECT DISTINCT ?s WHERE { ?m kg:status ?s }")
    assert {r["s"].rsplit("/", 1)[1] for r in rows} >= {"occurred", "planned", "proposed",
                                                         "ruled-out"}


def test_lavrov_met_the_ministers_of_both_sides_and_turkey(corpus_store):
    rows = select(corpus_store, """
        SELECT DISTINCT ?other WHERE {
          ?m kg:participant actor:sergei-lavrov , ?other . FILTER(?other != actor:sergei-lavrov)
        }""")
    others = {r["other"].rsplit("/", 1)[1] for r in rows}
    assert {"jeyhun-bayramov", "zohrab-mnatsakanyan", "ararat-mirzoyan",
            "mevlut-cavusoglu"} <= others


STALE_EXPORTS = ("exports/ is not what `kg build` writes from seeds/ (after adding or "
                 "editing articles, that is expected): rebuild with `kg build` and commit "
                 "exports/")


def test_committed_exports_are_what_build_writes(built_seeds):
    """The one test that reads ./seeds for its contents: exports/ is committed beside it."""
    built = sorted(p.name for p in (built_seeds / "exports").iterdir())
    committed = sorted(p.name for p in (ROOT / "exports").iterdir())
    assert built == committed, f"{STALE_EXPORTS}; files differ: {set(built) ^ set(committed)}"
    for name in built:
        assert (built_seeds / "exports" / name).read_bytes() == \
            (ROOT / "exports" / name).read_bytes(), f"{STALE_EXPORTS}; exports/{name} differs"


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_builds_in_separate_processes_are_byte_identical(tmp_path, built_corpus, hash_seed):
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    proc = subprocess.run(
        [sys.executable, "-m", "kg", "build", "--seeds", str(CORPUS), "--out", "exports",
         "--store", str(tmp_path / "store")],
        cwd=tmp_path, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    for path in sorted((built_corpus / "exports").iterdir()):
        assert (tmp_path / "exports" / path.name).read_bytes() == path.read_bytes(), path.name


def test_only_the_exports_check_reads_the_seeds_folder():
    """Issue 12: a user who adds an article to seeds/ broke `assert 28 == 12` in the GEXF
    tests. Tests that pin numbers must build tests/fixtures/seeds (built_corpus,
    corpus_store); only the checks of seeds/ itself may use SEEDS or built_seeds."""
    allowed = {"tests/conftest.py", "tests/test_seeds.py", "tests/test_docs.py"}
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        name = path.relative_to(ROOT).as_posix()
        if name in allowed:
            continue
        text = path.read_text(encoding="utf-8")
        offenders += [f"{name}: {word}" for word in ("SEEDS", "built_seeds", "seed_store")
                      if re.search(rf"\b{word}\b", text)]
    assert offenders == [], "use CORPUS, built_corpus or corpus_store instead: " + \
        ", ".join(offenders)
