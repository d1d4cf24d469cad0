"""`kg push` and `kg query --endpoint` against a real Virtuoso, on the five seed articles."""

from __future__ import annotations

import gzip
import signal

import pyoxigraph as ox
import pytest

from kg.query import KgStore, QueryLibrary, open_store
from kg.store import open_store as open_raw
from tests.push.compare import assert_server_holds, canonical, example_params
from tests.push.conftest import kg

pytestmark = pytest.mark.usefixtures("virtuoso")


def _push(virtuoso, store, env, *extra, check=True):
    return kg("push", "--graph-store", virtuoso.graph_store, "--user", "kgpush",
              "--store", str(store), *extra, env=env, check=check)


def test_push_leaves_the_server_holding_exactly_the_local_graphs(virtuoso, seeds_work,
                                                                 push_env):
    virtuoso.reset()
    _, store = seeds_work
    first = _push(virtuoso, store, push_env)
    local_graphs = len(list(open_raw(store).named_graphs()))  # ontology, registry, accounts...
    assert f"sent {local_graphs} graphs" in first.stdout
    assert_server_holds(virtuoso, open_raw(store))
    again = _push(virtuoso, store, push_env)
    assert again.stdout.startswith("nothing to send"), again.stdout


def test_query_endpoint_prints_what_the_local_store_prints(virtuoso, seeds_work, push_env):
    virtuoso.reset()
    _, store = seeds_work
    _push(virtuoso, store, push_env)
    # (GROUP_CONCAT's order is the engine's own: queries with one are compared as sets of
    # values in test_every_library_query_gives_the_same_rows_on_virtuoso.)
    for args in (["timeline"], ["timeline", "--lang", "ru"], ["dashboard"],
                 ["have-met", "lavrov", "bayramov"], ["conflicts", "--max-width", "40"],
                 ["sources-per-meeting", "istanbul", "-f", "csv"],
                 ["actor-card", "pashinyan", "-f", "nt"], ["articles", "-f", "json"],
                 ["timeline", "--graph", "002"]):
        local = kg("query", *args, "--store", str(store))
        remote = kg("query", *args, "--endpoint", virtuoso.sparql)
        if "-f" in args and args[args.index("-f") + 1] in ("nt", "json"):
            assert sorted(remote.stdout.splitlines()) == sorted(local.stdout.splitlines())
        else:
            assert remote.stdout == local.stdout, args
        assert local.stdout.strip()


def test_every_library_query_gives_the_same_rows_on_virtuoso(virtuoso, seeds_work, push_env):
    virtuoso.reset()
    _, store = seeds_work
    _push(virtuoso, store, push_env)
    local, remote = KgStore(open_raw(store)), open_store(endpoint=virtuoso.sparql)
    checked = 0
    for entry in QueryLibrary():
        for params in example_params(entry) or [{}]:
            expected = canonical(local.run(entry.name, **params), entry.text)
            assert canonical(remote.run(entry.name, **params), entry.text) == expected, \
                f"{entry.name} {params}"
            checked += bool(expected)
    assert checked >= len(QueryLibrary())  # most runs answer something: a real comparison


def test_parameters_reach_the_server_as_terms_never_as_query_text(virtuoso, seeds_work,
                                                                  push_env):
    virtuoso.reset()
    _, store = seeds_work
    _push(virtuoso, store, push_env)
    local, remote = KgStore(open_raw(store)), open_store(endpoint=virtuoso.sparql)
    for name in ('x" ) } DROP ALL ; #', "Лавр", "pash\\in", "a'b\nc}"):
        text = QueryLibrary()["actors-by-name"].text
        rows = canonical(remote.run("actors-by-name", name=name), text)
        assert rows == canonical(local.run("actors-by-name", name=name), text), name
    assert virtuoso.graph_sizes(), "the server still holds the graphs"


def test_wrong_password_is_a_clear_error_with_exit_code_2(virtuoso, seeds_work):
    _, store = seeds_work
    done = _push(virtuoso, store, {"KG_PUSH_PASSWORD": "not-the-password"}, "--all",
                 check=False)
    assert done.returncode == 2
    assert "401" in done.stderr and "graph <https://w3id.org/diplomacy-kg/graph/" in done.stderr
    assert "password was not accepted" in done.stderr
    assert "Traceback" not in done.stderr


def test_killed_push_is_completed_by_the_next_run(virtuoso, seeds_work, push_env):
    virtuoso.reset()
    _, store = seeds_work
    killed = _push(virtuoso, store, {**push_env, "KG_PUSH_FAULT_KILL_AFTER_PUTS": "3"},
                   check=False)
    assert killed.returncode == -signal.SIGKILL
    assert len(virtuoso.graph_sizes()) == 3  # it really stopped midway
    rerun = _push(virtuoso, store, push_env)
    remaining = len(list(open_raw(store).named_graphs())) - 3
    assert f"sent {remaining} graphs" in rerun.stdout  # the three sent are not sent again
    assert_server_holds(virtuoso, open_raw(store))


def test_bulk_load_through_isql_then_a_push_sends_nothing(virtuoso, seeds_work, push_env):
    virtuoso.reset()
    _, store = seeds_work
    folder = virtuoso.bulk / "seeds"
    done = kg("push", "--bulk", str(folder), "--isql", "--isql-server", virtuoso.sql_address,
              "--user", "dba", "--graph-store", virtuoso.graph_store, "--store", str(store),
              env={"KG_PUSH_PASSWORD": virtuoso.password})
    assert f"loaded {len(open_raw(store))} quads through" in done.stdout, done.stdout
    assert sorted(p.name for p in folder.glob("kg-*.nq.gz")) == ["kg-000001.nq.gz"]
    assert_server_holds(virtuoso, open_raw(store))
    again = _push(virtuoso, store, push_env)
    assert again.stdout.startswith("nothing to send"), again.stdout


def test_bulk_without_isql_prints_the_loader_commands(seeds_work, tmp_path):
    _, store = seeds_work
    done = kg("push", "--bulk", str(tmp_path / "bulk"), "--store", str(store))
    assert "ld_dir" in (tmp_path / "bulk" / "load.sql").read_text()
    assert "rdf_loader_run();" in (tmp_path / "bulk" / "load.sql").read_text()
    with gzip.open(tmp_path / "bulk" / "kg-000001.nq.gz") as chunk:
        quads = list(ox.parse(chunk.read(), format=ox.RdfFormat.N_QUADS))
    assert set(quads) == set(open_raw(store))  # every quad, in its graph
    assert f"isql-vt localhost:1111 dba PASSWORD {tmp_path / 'bulk' / 'load.sql'}" in done.stdout
    again = tmp_path / "again"
    kg("push", "--bulk", str(again), "--store", str(store))
    assert (again / "kg-000001.nq.gz").read_bytes() == \
        (tmp_path / "bulk" / "kg-000001.nq.gz").read_bytes()  # the same store, the same bytes


def test_virtuoso_500_for_a_body_it_cannot_parse_is_a_refusal_not_retried(virtuoso):
    from kg.push.gsp import CONTENT_TYPE, graph_url
    from kg.push.http import Client, Credentials, Refused
    from tests.push.virtuoso import PUSH_USER

    graph = "https://w3id.org/diplomacy-kg/graph/article/broken"
    client = Client(Credentials(PUSH_USER, virtuoso.push_password), backoff=0.01)
    with pytest.raises(Refused) as caught:
        client.send("PUT", graph_url(virtuoso.graph_store, graph), f"graph <{graph}>",
                    body=b"<http://a> <http://b> .\n", headers={"Content-Type": CONTENT_TYPE})
    assert f"PUT graph <{graph}> refused" in str(caught.value) and " 500 " in str(caught.value)
    assert client.requests_sent == 1  # an answer, not a transient failure: sent once
