"""`kg push` and remote queries at scale: a 1,000-article synthetic corpus on Virtuoso.

The corpus is generated and built once (conftest.synth_work); the tests below run in
file order on it: push it all, query it, change one article, remove one article. Each
asserts against what it finds, not against what an earlier test left.
"""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest

from kg.push import push
from kg.push.http import Client, Credentials
from kg.push.state import PushState, state_path
from kg.query import KgStore, QueryLibrary, open_store
from kg.store import open_store as open_raw
from tests.push.compare import assert_server_holds, busiest, canonical, local_graphs
from tests.push.conftest import SYNTH_ARTICLES, build
from tests.push.virtuoso import PUSH_USER

pytestmark = pytest.mark.usefixtures("virtuoso")
ACCOUNT = "https://w3id.org/diplomacy-kg/graph/article/"


def _push_api(virtuoso, store_path):
    """A push through the Python API, for its report of exactly what was sent."""
    endpoint = virtuoso.graph_store
    state = PushState(state_path(store_path, endpoint), endpoint)
    client = Client(Credentials(PUSH_USER, virtuoso.push_password))
    try:
        return push(open_raw(store_path), endpoint, state, client)
    finally:
        state.close()
        client.close()


@pytest.fixture(scope="module")
def pushed(virtuoso, synth_work):
    virtuoso.reset()
    seeds, store = synth_work
    state = state_path(store, virtuoso.graph_store)
    if state.exists():
        state.unlink()
    report = _push_api(virtuoso, store)
    return seeds, store, report


def test_push_of_1000_articles_leaves_the_server_holding_exactly_them(virtuoso, pushed):
    _, store, report = pushed
    raw = open_raw(store)
    accounts = [g for g in local_graphs(raw) if g.startswith(ACCOUNT)]
    assert len(accounts) == SYNTH_ARTICLES
    assert len(report.sent) == len(local_graphs(raw)) and not report.deleted
    assert report.triples == len(raw)
    assert_server_holds(virtuoso, raw, full={*accounts[:3], *(
        g for g in local_graphs(raw) if not g.startswith(ACCOUNT))})


# Found and not yet solved (docs/push.md): on this corpus Virtuoso's COUNT(DISTINCT ...) in
# `articles` gives one more participation, statement and mention per article than Oxigraph
# (the same query on the five seeds, and its pattern on one synthetic article alone,
# agree); `ego-network` runs for minutes (the same query on the seeds agrees).
VIRTUOSO_OPEN = {"articles", "ego-network"}


def _compare_library(virtuoso, store, names):
    local, remote = KgStore(open_raw(store)), open_store(endpoint=virtuoso.sparql)
    wrong, answered = {}, 0
    for entry in QueryLibrary():
        if entry.name not in names:
            continue
        params = busiest(local, entry)
        expected = canonical(local.run(entry.name, **params), entry.text)
        got = canonical(remote.run(entry.name, **params), entry.text)
        if got != expected:
            wrong[entry.name] = (params, len(got), len(expected))
        answered += bool(expected)
    return wrong, answered


@pytest.mark.xfail(strict=False, reason=(
    "open (issue 15 is not resolved): at 1,000 articles Virtuoso refuses one library "
    "query with SR478 'Value of ANY type column too long', a GROUP_CONCAT longer than its "
    "column limit; the same comparison passes on the seeds (test_virtuoso_seeds.py)"))
def test_every_library_query_gives_the_same_rows_on_virtuoso_at_1000_articles(virtuoso,
                                                                              pushed):
    names = set(QueryLibrary().names()) - VIRTUOSO_OPEN
    wrong, answered = _compare_library(virtuoso, pushed[1], names)
    assert not wrong, f"queries whose rows differ (params, remote rows, local rows): {wrong}"
    assert answered >= len(names) - 2


def test_articles_counts_match_on_virtuoso_at_1000_articles(virtuoso, pushed):
    wrong, _ = _compare_library(virtuoso, pushed[1], {"articles"})
    assert not wrong, wrong


def test_changed_article_sends_exactly_the_graphs_whose_content_changed(virtuoso, pushed):
    seeds, store, _ = pushed
    before = local_graphs(open_raw(store))
    annotation = sorted(seeds.glob("*.yaml"))[5]
    text = annotation.read_text(encoding="utf-8")
    assert "url: https://news.example.org/" in text
    annotation.write_text(text.replace("url: https://news.example.org/",
                                       "url: https://news.example.org/v2/", 1),
                          encoding="utf-8")
    build(seeds, store.parent.parent)
    after = local_graphs(open_raw(store))
    changed = sorted(g for g in after if after[g] != before.get(g))
    assert [g for g in changed if g.startswith(ACCOUNT)] == [ACCOUNT + annotation.stem]
    report = _push_api(virtuoso, store)
    assert sorted(report.sent) == changed and not report.deleted
    assert_server_holds(virtuoso, open_raw(store), full=set(changed))


def test_removed_article_has_its_graph_deleted_from_the_server(virtuoso, pushed):
    seeds, store, _ = pushed
    gone = sorted(seeds.glob("*.yaml"))[7].stem
    shared = [p for p in seeds.iterdir() if p.stem == gone]
    trash = store.parent.parent / "removed"
    trash.mkdir(exist_ok=True)
    for path in shared:
        shutil.move(path, trash / path.name)
    build(seeds, store.parent.parent)
    report = _push_api(virtuoso, store)
    assert report.deleted == [ACCOUNT + gone]
    assert virtuoso.graph_ntriples(ACCOUNT + gone) is None
    assert_server_holds(virtuoso, open_raw(store), full=False)
    assert ox.NamedNode(ACCOUNT + gone) not in set(open_raw(store).named_graphs())
