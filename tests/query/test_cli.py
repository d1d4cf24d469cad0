"""`kg query` from the command line: sources of SPARQL, output formats, errors.

On the reconciliation fixture corpus (tests/fixtures/reconcile; see test_answers.py for
what each article says), so that articles added to seeds/ never change these answers."""

from __future__ import annotations

import csv
import io
import json
import xml.dom.minidom

import pytest
import rdflib

from tests.conftest import run_kg


@pytest.fixture(scope="session")
def store_arg(reconcile_built) -> list[str]:
    return ["--store", str(reconcile_built / "store")]


def kg_query(store_arg, *args):
    result = run_kg("query", *args, *store_arg)
    return result


def test_table_with_english_and_russian_labels(store_arg):
    english = kg_query(store_arg, "meetings-of", "lavrov")
    assert english.exit_code == 0, english.output
    lines = english.output.splitlines()
    assert lines[0].split(" | ")[0].strip() == "date" and "_actor" not in lines[0]
    assert "Lavrov–Bayramov talks in Moscow" in english.output
    assert "Jeyhun Bayramov, Andrei Rudenko" in english.output or \
        "Andrei Rudenko, Jeyhun Bayramov" in english.output
    assert lines[-1] == "(2 rows)"
    russian = kg_query(store_arg, "meetings-of", "Лавров", "--lang", "ru")
    assert "Переговоры Лаврова и Байрамова в Москве" in russian.output
    assert "Принимающая сторона" in russian.output  # role:host in Russian


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_select_formats_carry_the_same_answer(store_arg, fmt):
    result = kg_query(store_arg, "have-met", "lavrov", "mnatsakanyan")  # ASK first
    assert result.output.strip() == "true"
    out = kg_query(store_arg, "-e", "SELECT ?m WHERE { ?m kg:participant actor:sergei-lavrov }",
                   "--format", fmt).output
    if fmt == "csv":
        values = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    elif fmt == "tsv":
        values = [line.strip("<>") for line in out.splitlines()[1:]]
    elif fmt == "json":
        values = [b["m"]["value"] for b in json.loads(out)["results"]["bindings"]]
    else:
        doc = xml.dom.minidom.parseString(out)
        values = [u.firstChild.data for u in doc.getElementsByTagName("uri")]
    # kg:participant is derived once, in the reconciled view: one row per meeting.
    assert sorted(v.rsplit("/", 1)[-1] for v in values) == [
        "2020-10-27-lavrov-mnatsakanyan-call", "2020-10-lavrov-bayramov-moscow"]


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ttl", "turtle"), ("nt", "nt"),
                                                     ("jsonld", "json-ld")])
def test_graph_formats_parse_in_rdflib(store_arg, fmt, rdflib_format):
    out = kg_query(store_arg, "actor-card", "lavrov", "--format", fmt).output
    graph = rdflib.Graph().parse(data=out, format=rdflib_format)
    lavrov = rdflib.URIRef("https://w3id.org/diplomacy-kg/id/actor/sergei-lavrov")
    labels = {str(o) for o in graph.objects(lavrov, rdflib.SKOS.altLabel)}
    assert labels == {"Lavrov", "Лавров", "Лаврова", "Лавровым"}


def test_ask_prints_true_or_false(store_arg):
    assert kg_query(store_arg, "have-met", "pompeo", "bayramov").output == "true\n"
    assert kg_query(store_arg, "have-met", "pompeo", "lavrov").output == "false\n"


def test_graph_limits_to_one_account(store_arg):
    query = "SELECT DISTINCT ?post WHERE { ?p kg:actor actor:igor-khovayev ; kg:post ?post }"
    both = kg_query(store_arg, "-e", query, "-f", "csv").output.splitlines()[1:]
    russian = kg_query(store_arg, "-e", query, "-f", "csv", "--graph", "istanbul-2").output
    assert len(both) == 2
    assert russian.splitlines()[1:] == [
        "https://w3id.org/diplomacy-kg/id/post/rus-presidential-special-envoy"]
    # A library query asked of one account reads that account instead of the reconciled
    # view; names still come from the registry.
    table = kg_query(store_arg, "meeting-sides", "istanbul", "--graph", "istanbul-2").output
    assert "Igor Khovayev" in table and "Special Envoy of the President of Russia" in table
    assert "Special Representative" not in table
    timeline = kg_query(store_arg, "timeline", "--graph", "istanbul-3", "-f", "csv").output
    assert timeline.splitlines()[1].startswith("2020-10,")  # planned, the month as written
    unknown = kg_query(store_arg, "timeline", "--graph", "999")
    assert unknown.exit_code == 2 and "is not an article in the store" in unknown.output


def test_query_from_a_file_with_a_parameter(store_arg, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# Who met this actor\n#\n# Parameters:\n#   ?_who  actor  someone\n\n"
                    "SELECT DISTINCT ?_who ?other WHERE { ?m kg:participant ?_who, ?other "
                    "FILTER(?other != ?_who) }\n")
    out = kg_query(store_arg, str(path), "Mnatsakanyan", "-f", "csv").output
    actor = "https://w3id.org/diplomacy-kg/id/actor/"
    assert sorted(out.splitlines()[1:]) == [
        f"{actor}zohrab-mnatsakanyan,{actor}{other}"
        for other in ("jeyhun-bayramov", "mike-pompeo", "sergei-lavrov", "stephen-biegun")]


@pytest.mark.parametrize(("args", "message"), [
    (["-e", "SELECT * WHERE { ?s ?p }"], "-e: SPARQL syntax error: error at 1:"),
    (["meetings-off", "lavrov"], "did you mean 'meetings-of'"),
    (["meetings-of", "nobody"], "actor=nobody: no actor has this id or name"),
    (["timeline", "--format", "ttl"], "--format ttl does not fit a SELECT or ASK query"),
    (["actor-card", "lavrov", "--format", "csv"], "does not fit a CONSTRUCT or DESCRIBE"),
    (["missing.rq"], "missing.rq: no such query file"),
    ([], "give a query"),
])
def test_errors_exit_2_with_a_message(store_arg, args, message):
    result = kg_query(store_arg, *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output


def test_show_prints_the_library_file_ready_to_paste(store_arg, library):
    from rdflib.plugins.sparql import prepareQuery

    shown = kg_query(store_arg, "--show", "meetings-of")
    assert shown.exit_code == 0
    assert shown.output == library["meetings-of"].text
    prepareQuery(shown.output, initNs={})  # standard SPARQL: its own PREFIX lines
    assert 'BIND(COALESCE(?_lang, "en") AS ?lang)' in shown.output
    missing = kg_query(store_arg, "--show")
    assert missing.exit_code == 2 and "--show needs a library query" in missing.output
