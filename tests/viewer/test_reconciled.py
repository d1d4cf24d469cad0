"""The viewer on the reconciliation fixture corpus, in real headless Chromium: meetings are
drawn by their reconciled status, and a meeting's panel shows the reconciled value of each
fact with, beside it, what each article said, a contested value marked as such.

What the articles say is in tests/query/test_answers.py's docstring."""

from __future__ import annotations

import pytest

from tests.query.conftest import build_reconcile_corpus
from tests.viewer.browser import open_viewer
from tests.viewer.conftest import export_viewer

POMPEO = "meeting:2020-10-23-pompeo-mnatsakanyan-bayramov"
MOSCOW = "meeting:2020-10-lavrov-bayramov-moscow"
ISTANBUL = "meeting:2020-10-14-istanbul-consultations"


@pytest.fixture(scope="module")
def reconcile_page(tmp_path_factory):
    from kg.store import open_store

    built = build_reconcile_corpus(tmp_path_factory)
    return export_viewer(open_store(built / "store"), built / "kg.html")


@pytest.fixture
def page(browser, reconcile_page):
    opened = open_viewer(browser, reconcile_page)
    yield opened
    opened.page.context.close()


def _fact(page, fact: str) -> dict:
    return page.js("""f => { const dd = document.querySelector(`#details dd[data-fact="${f}"]`);
        return {value: dd.querySelector('.reconciled').textContent,
                contested: dd.classList.contains('contested'),
                flag: dd.querySelector('.flag') ? dd.querySelector('.flag').textContent : null,
                said: Array.from(dd.querySelectorAll('.account')).map(a => a.textContent)}; }""",
                   fact)


def test_default_view_shows_the_meeting_reported_planned_then_held_as_held(page):
    assert page.errors == [] and page.foreign_requests == []
    node = page.js("id => window.kgViewer.nodes.get(id)", POMPEO)
    assert node["status"] == "occurred" and node["date"] == "2020-10-23"
    assert POMPEO in page.drawn_ids()  # not hidden, not dashed as a plan
    assert node["opacity"] == 1 and "shapeProperties" not in node


def test_panel_shows_the_reconciled_status_and_what_each_article_said(page):
    page.click_node(POMPEO)
    page.page.wait_for_selector(f'#details[data-node="{POMPEO}"]', state="attached")
    status = _fact(page, "status")
    assert status["value"] == "Occurred" and not status["contested"]
    # Planned, then held: history, not a contradiction.
    assert status["said"] == ["The Capital Courier, 2020-10-19: Planned (earlier report)",
                              "Yuzhny Vestnik, 2020-10-21: Planned (earlier report)",
                              "Eurasia Monitor, 2020-10-24: Occurred"]
    date = _fact(page, "date")
    assert date["value"] == "2020-10-23" and date["flag"] is None  # a month refined, no conflict
    assert "The Capital Courier, 2020-10-19: 2020-10 (less precise)" in date["said"]
    assert " / " not in page.panel_text()  # no unattributed "A / B" any more


def test_a_contested_value_is_marked_with_both_articles(page):
    page.click_node(MOSCOW)
    page.page.wait_for_selector(f'#details[data-node="{MOSCOW}"]', state="attached")
    date = _fact(page, "date")
    assert (date["value"], date["contested"], date["flag"]) == ("2020-10-22", True, "contested")
    assert date["said"] == ["The Capital Courier, 2020-10-21: 2020-10-20 (contradicts)",
                            "Vecherny Kurier, 2020-10-23: 2020-10-22"]
    differs = page.js("""() => Array.from(document.querySelectorAll(
        '#details dd[data-fact="date"] .differs')).map(e => e.textContent)""")
    assert differs == ["2020-10-20"]  # only the contradicting value is drawn as such


def test_a_contested_post_is_marked_beside_the_participant(page):
    page.click_node(ISTANBUL)
    page.page.wait_for_selector(f'#details[data-node="{ISTANBUL}"]', state="attached")
    khovayev = page.js("""() => Array.from(document.querySelectorAll('#details .participants li'))
        .map(li => li.textContent).find(t => t.startsWith('Igor Khovayev'))""")
    assert "post contested" in khovayev
    assert ("Yuzhny Vestnik, 2020-10-17: Special Envoy of the President of Russia for the "
            "South Caucasus (contradicts)") in khovayev
    assert "Eurasia Monitor, 2020-10-15: Special Representative of the Russian" in khovayev
    assert page.errors == []
