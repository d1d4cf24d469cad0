"""The seed graph's viewer in real headless Chromium: offline, complete, and answering
"where does this come from?" with one click."""

from __future__ import annotations

import pytest

from tests.viewer.browser import open_viewer

ISTANBUL = "meeting:2023-09-17-istanbul-talks"
PASHINYAN = "actor:nikol-pashinyan"


@pytest.fixture(scope="module")
def viewer(browser, seed_page):
    opened = open_viewer(browser, seed_page)
    yield opened
    opened.page.context.close()


@pytest.fixture
def fresh(browser, seed_page):
    """A page of its own, for tests that change the view."""
    opened = open_viewer(browser, seed_page)
    yield opened
    opened.page.context.close()


def test_page_loads_offline_without_errors(viewer):
    assert viewer.errors == []
    assert viewer.foreign_requests == []
    assert viewer.dialogs == []


def test_draws_every_node_and_edge_of_the_projection(viewer, seed_graph):
    assert viewer.drawn() == {"nodes": seed_graph.number_of_nodes(),
                              "edges": seed_graph.number_of_edges()}
    assert sorted(viewer.drawn_ids()) == sorted(seed_graph.nodes)


def test_legend_names_each_type_and_status(viewer, seed_graph):
    legend = viewer.page.inner_text("#controls")
    for label in ("Person", "State", "Meeting", "Occurred", "Planned", "Proposed", "Ruled out"):
        assert label in legend


def test_clicking_the_istanbul_meeting_shows_participants_and_both_sources(fresh):
    fresh.click_node(ISTANBUL)
    fresh.page.wait_for_selector(f'#details[data-node="{ISTANBUL}"]', state="attached")
    panel = fresh.panel_text()
    assert "US–EU–Russia talks in Istanbul" in panel
    assert "Переговоры США, ЕС и России в Стамбуле" in panel
    for name, side in [("Igor Khovayev", "Russia"), ("Louis Bono", "United States"),
                       ("Toivo Klaar", "European Union")]:
        assert name in panel and f"envoy, for {side}" in panel
    # One sentence from each of the two articles that report the meeting.
    assert ("Politico Europe reported Wednesday that U.S.-EU-Russia talks on pressuring Baku"
            in panel)
    assert "Высокопоставленные чиновники Соединенных Штатов Америки и ЕС тайно" in panel
    links = fresh.js("""() => Array.from(document.querySelectorAll('#details .source a'))
                          .map(a => a.href)""")
    assert any("themoscowtimes.com/2023/10/04" in link for link in links)
    assert any("unian.net" in link for link in links)
    assert fresh.errors == [] and fresh.foreign_requests == []


def test_hovering_an_actor_shows_names_and_posts(fresh):
    fresh.js("id => window.kgViewer.network.body.emitter.emit('hoverNode', {node: id})",
             "actor:sergei-lavrov")
    panel = fresh.panel_text()
    assert "Sergei Lavrov" in panel and "Сергей Лавров" in panel
    assert "Minister of Foreign Affairs of Russia" in panel


def test_search_finds_pashinyan_by_his_russian_name_and_focuses_him(fresh):
    fresh.page.fill("#search", "Пашинян")
    fresh.page.press("#search", "Enter")
    fresh.page.wait_for_selector(f'#details[data-node="{PASHINYAN}"]', state="attached")
    assert fresh.js("() => window.kgViewer.network.getSelectedNodes()") == [PASHINYAN]
    fresh.page.wait_for_timeout(600)  # the focus animation
    centre, at = fresh.js("""id => [window.kgViewer.network.getViewPosition(),
                                    window.kgViewer.network.getPositions([id])[id]]""",
                          PASHINYAN)
    assert abs(centre["x"] - at["x"]) < 1 and abs(centre["y"] - at["y"]) < 1
    assert "Nikol Pashinyan" in fresh.panel_text()


@pytest.mark.parametrize("spelling", ["Pashinian", "pashinyan", "ПАШИНЯНА", "Nikol"])
def test_search_knows_every_spelling(fresh, spelling):
    fresh.page.fill("#search", spelling)
    first = fresh.page.inner_text("#search-results li:first-child")
    assert first.startswith("Nikol Pashinyan")


def test_date_filter_hides_meetings_outside_the_range(fresh, seed_graph):
    fresh.page.fill("#date-from", "2022-01-01")
    fresh.page.fill("#date-to", "2022-12-31")
    fresh.js("() => document.getElementById('date-to').dispatchEvent(new Event('change'))")
    shown = set(fresh.drawn_ids())
    meetings = {n: d for n, d in seed_graph.nodes(data=True) if d["type"] == "meeting"}
    inside = {n for n, d in meetings.items() if d["start"] and d["start"] <= "2022-12-31"
              and d["end"] >= "2022-01-01"}
    assert inside == {n for n in shown if n in meetings}
    assert ISTANBUL not in shown and "meeting:2022-10-06-prague-aliyev-pashinyan" in shown
    # Actors with no meeting left in the range go too; those with one stay.
    assert "actor:sergei-lavrov" in shown and "actor:mike-pompeo" not in shown
    assert fresh.errors == []


def test_status_and_type_filters(fresh, seed_graph):
    fresh.page.uncheck("#status-filter input[value=occurred]")
    shown = set(fresh.drawn_ids())
    statuses = {d.get("status") for n, d in seed_graph.nodes(data=True) if n in shown}
    assert "occurred" not in statuses and "planned" in statuses
    fresh.page.click("#reset")
    fresh.page.uncheck("#type-filter input[value=state]")
    shown = set(fresh.drawn_ids())
    assert not any(seed_graph.nodes[n]["type"] == "state" for n in shown)
    assert "actor:sergei-lavrov" in shown
    fresh.page.click("#reset")
    assert fresh.drawn()["nodes"] == seed_graph.number_of_nodes()


def test_unreal_meetings_are_drawn_differently(viewer):
    looks = viewer.js("""() => Object.fromEntries(window.kgViewer.nodes.get()
        .filter(n => n.kind === 'meeting')
        .map(n => [n.status, [n.opacity, !!n.shapeProperties]]))""")
    assert looks["occurred"] == [1, False]
    for status in ("planned", "proposed", "ruled-out"):
        opacity, dashed = looks[status]
        assert opacity < 1 and dashed
