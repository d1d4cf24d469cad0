"""`kg query` from the command line: sources of SPARQL, output formats, errors."""

from __future__ import annotations

import csv
import io
import json
import xml.dom.minidom

import pytest
import rdflib

from tests.conftest import run_kg


@pytest.fixture(scope="session")
def store_arg(built_seeds) -> list[str]:
    return ["--store", str(built_seeds / ".kg" / "store")]


def kg_query(store_arg, *args):
    result = run_kg("query", *args, *store_arg)
    return result


def test_table_with_english_and_russian_labels(store_arg):
    english = kg_query(store_arg, "meetings-of", "lavrov")
    assert english.exit_code == 0, english.output
    lines = english.output.splitlines()
    assert lines[0].split(" | ")[0].strip() == "start" and "_actor" not in lines[0]
    assert "Lavrov–Bayramov talks in Moscow" in english.output
    assert "Jeyhun Bayramov, Ararat Mirzoyan" in english.output or \
        "Ararat Mirzoyan, Jeyhun Bayramov" in english.output
    assert lines[-1] == "(4 rows)"
    russian = kg_query(store_arg, "meetings-of", "Лавров", "--lang", "ru")
    assert "Переговоры Лаврова и Байрамова в Москве" in russian.output
    assert "Принимающая сторона" in russian.output  # role:host in Russian


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "xml"])
def test_select_formats_carry_the_same_answer(store_arg, fmt):
    result = kg_query(store_arg, "have-met", "lavrov", "cavusoglu")  # ASK first
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
    assert len(values) == 4 and all("/meeting/" in v for v in values)
    assert any(v.endswith("2020-10-01-lavrov-cavusoglu-phone-call") for v in values)


@pytest.mark.parametrize(("fmt", "rdflib_format"), [("ttl", "turtle"), ("nt", "nt"),
                                                     ("jsonld", "json-ld")])
def test_graph_formats_parse_in_rdflib(store_arg, fmt, rdflib_format):
    out = kg_query(store_arg, "actor-card", "lavrov", "--format", fmt).output
    graph = rdflib.Graph().parse(data=out, format=rdflib_format)
    lavrov = rdflib.URIRef("https://w3id.org/diplomacy-kg/id/actor/sergei-lavrov")
    labels = {str(o) for o in graph.objects(lavrov, rdflib.SKOS.altLabel)}
    assert {"Lavrov", "Лавров", "Sergey Lavrov"} <= labels


def test_ask_prints_true_or_false(store_arg):
    assert kg_query(store_arg, "have-met", "pompeo", "bayramov").output == "false\n"


def test_graph_limits_to_one_account(store_arg):
    query = "SELECT DISTINCT ?post WHERE { ?p kg:actor actor:igor-khovayev ; kg:post ?post }"
    both = kg_query(store_arg, "-e", query, "-f", "csv").output.splitlines()[1:]
    russian = kg_query(store_arg, "-e", query, "-f", "csv", "--graph", "002").output
    assert len(both) == 2
    assert russian.splitlines()[1:] == [
        "https://w3id.org/diplomacy-kg/id/post/rus-president-special-representative-armenia-"
        "azerbaijan"]
    # Names still come from the registry when one account is chosen.
    table = kg_query(store_arg, "meeting-sides", "istanbul", "--graph", "000").output
    assert "Igor Khovayev" in table and "Special Representative of the Russian Foreign" in table
    unknown = kg_query(store_arg, "timeline", "--graph", "999")
    assert unknown.exit_code == 2 and "is not an article in the store" in unknown.output


def test_query_from_a_file_with_a_parameter(store_arg, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# Who met this actor\n#\n# Parameters:\n#   ?_who  actor  someone\n\n"
                    "SELECT DISTINCT ?_who ?other WHERE { ?m kg:participant ?_who, ?other "
                    "FILTER(?other != ?_who) }\n")
    out = kg_query(store_arg, str(path), "Mirzoyan", "-f", "csv").output
    assert sorted(out.splitlines()[1:]) == [
        "https://w3id.org/diplomacy-kg/id/actor/ararat-mirzoyan,"
        "https://w3id.org/diplomacy-kg/id/actor/jeyhun-bayramov",
        "https://w3id.org/diplomacy-kg/id/actor/ararat-mirzoyan,"
        "https://w3id.org/diplomacy-kg/id/actor/sergei-lavrov"]


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
