"""The page as a file: self-contained, escaped, deterministic; and the large-graph view."""

from __future__ import annotations

import datetime
import json
from html.parser import HTMLParser

import pytest

from kg.export.html import describe_filters, write_html
from kg.projections import ALL_STATUSES, Filters
from kg.viewer.details import node_details
from kg.viewer.page import render_page, script_json
from kg.viewer.scale import PHYSICS_MAX_NODES, reduce_graph
from tests.viewer.browser import open_viewer
from tests.viewer.synthetic import actor_meeting_graph


class _Resources(HTMLParser):
    """Every address the page could load: src, href and CSS url()."""

    def __init__(self):
        super().__init__()
        self.addresses: list[str] = []
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("src", "href", "srcset", "poster", "data"):
            if attrs.get(name) is not None:
                self.addresses.append(f"{tag} {name}={attrs[name]}")
        if tag == "meta" and attrs.get("http-equiv"):
            self.meta[attrs["http-equiv"]] = attrs.get("content", "")


@pytest.mark.parametrize("text", ["</script><script>alert(1)</script>", "<!--", "a & b > c",
                                  "line\u2028separator\u2029", "Пашинян \"quoted\""])
def test_script_json_cannot_break_out_of_a_script_element(text):
    encoded = script_json({"label": text, "list": [text]})
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in encoded
    assert json.loads(encoded) == {"label": text, "list": [text]}


def test_page_is_one_file_that_loads_nothing(seed_page):
    html = seed_page.read_text(encoding="utf-8")
    parser = _Resources()
    parser.feed(html)
    assert parser.addresses == ["link href=data:,"]  # the empty favicon: no request
    assert "url(http" not in html and "@import" not in html
    policy = parser.meta["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_same_graph_gives_the_same_bytes(corpus_store, seed_graph):
    details = node_details(corpus_store, [d["iri"] for _, d in seed_graph.nodes(data=True)])
    assert render_page(seed_graph, details) == render_page(seed_graph.copy(), details)


def test_details_give_both_sources_of_the_istanbul_meeting(corpus_store):
    iri = "https://w3id.org/diplomacy-kg/id/meeting/2023-09-17-istanbul-talks"
    entry = node_details(corpus_store, [iri])[iri]
    assert [s["language"] for s in entry["sources"]] == ["en", "ru"]
    assert all(s["url"].startswith("https://") and s["sentences"] for s in entry["sources"])
    khovayev = next(p for p in entry["participants"] if p["name"] == "Igor Khovayev")
    # The two articles disagree on his post: the reconciled one, and each article's beside it.
    assert len(khovayev["posts"]) == 1 and khovayev["contested"] is True
    assert len({s["value"] for s in khovayev["said"]}) == 2


def test_write_html_writes_the_page(tmp_path, corpus_store, seed_graph):
    path = tmp_path / "out" / "kg.html"
    path.parent.mkdir()  # a single export's folder is not created for it (kg.atomic)
    write_html(seed_graph, path, store=corpus_store, projection="actor-meeting",
               filters=Filters(statuses=ALL_STATUSES))
    assert path.read_text(encoding="utf-8").startswith("<!doctype html>")
    assert not list(path.parent.glob(".*.tmp"))


def test_describe_filters():
    assert describe_filters(Filters(statuses=ALL_STATUSES)) == ""
    assert describe_filters(Filters(start=datetime.date(2020, 1, 1), min_weight=2)) == (
        "2020-01-01 to … · statuses occurred · at least 2 shared meetings")


def test_small_graphs_are_drawn_whole():
    graph = actor_meeting_graph(100)
    reduction = reduce_graph(graph, limit=500)
    assert reduction.graph is graph and not reduction.reduced and reduction.notice() == ""


def test_large_graphs_keep_the_best_connected_actors():
    graph = actor_meeting_graph(3000)
    reduction = reduce_graph(graph, limit=400)
    shown = reduction.graph
    assert reduction.reduced and 0 < shown.number_of_nodes() <= 400
    actors = sorted((n for n in graph if graph.nodes[n]["type"] != "meeting"),
                    key=lambda n: (-graph.degree(n), n))
    assert set(actors[:reduction.actors_kept]) <= set(shown)
    assert all(shown.degree(n) > 0 for n in shown)
    assert f"{graph.number_of_nodes():,} nodes" in reduction.notice()
    assert reduce_graph(graph, limit=400).graph.nodes == shown.nodes  # deterministic


def test_past_the_limit_the_page_says_what_it_shows(browser, tmp_path):
    graph = actor_meeting_graph(900)
    path = tmp_path / "big.html"
    path.write_text(render_page(graph, {}, view_limit=PHYSICS_MAX_NODES + 100), "utf-8")
    opened = open_viewer(browser, path)
    try:
        notice = opened.page.inner_text("#notice")
        assert f"This graph has {graph.number_of_nodes():,} nodes" in notice
        assert "most connected actors" in notice
        drawn = opened.drawn()
        assert PHYSICS_MAX_NODES < drawn["nodes"] <= PHYSICS_MAX_NODES + 100
        assert opened.js("() => window.kgViewer.network.physics.options.enabled") is False
        assert opened.errors == [] and opened.foreign_requests == []
    finally:
        opened.page.context.close()
