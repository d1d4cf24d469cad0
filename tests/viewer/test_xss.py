"""Untrusted text stays text: an annotation whose meeting label, evidence quote, article
sentence and headline carry markup is built, exported and opened, and nothing runs."""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import MINI, run_kg
from tests.viewer.browser import open_viewer
from tests.viewer.conftest import export_viewer

PAYLOAD = "<img src=x onerror=alert(1)></script><script>alert(2)</script>"
MEETING = "meeting:2020-11-lavrov-bayramov-baku"


def hostile_corpus(target: Path) -> Path:
    """tests/fixtures/mini with the payload in the text, a quote, a label and the headline."""
    shutil.copytree(MINI, target)
    text = (target / "mini.txt").read_text(encoding="utf-8")
    text = text.replace("A second round was planned",
                        f"Analysts wrote {PAYLOAD} today. A second round was planned")
    (target / "mini.txt").write_text(text, encoding="utf-8")
    annotation = (target / "mini.yaml").read_text(encoding="utf-8")
    annotation = annotation.replace(
        "    evidence: A second round was planned for November in Baku.\n",
        f"    label: {{en: 'Baku round {PAYLOAD}'}}\n"
        f"    evidence: '{PAYLOAD}'\n")
    annotation = annotation.replace("title: Lavrov Hosts Bayramov in Moscow",
                                    f"title: 'Lavrov Hosts Bayramov {PAYLOAD}'")
    assert annotation.count(PAYLOAD) == 3
    (target / "mini.yaml").write_text(annotation, encoding="utf-8")
    return target


@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    from kg.store import open_store

    work = tmp_path_factory.mktemp("xss")
    seeds = hostile_corpus(work / "seeds")
    result = run_kg("build", "--seeds", str(seeds), "--out", str(work / "exports"),
                    "--store", str(work / "store"), cwd=work)
    assert result.exit_code == 0, result.output
    return export_viewer(open_store(work / "store"), work / "kg.html")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)


def test_payload_never_reaches_the_html_as_markup(hostile_page):
    html = hostile_page.read_text(encoding="utf-8")
    assert "<img" not in html
    assert "alert(" in html  # it is there, as escaped JSON text
    parser = _Tags()
    parser.feed(html)
    # As a browser parses it: our 7 script elements, and no element from the payload.
    assert parser.tags.count("script") == 7
    assert "img" not in parser.tags


def test_payload_renders_as_text_and_executes_nothing(browser, hostile_page):
    opened = open_viewer(browser, hostile_page)
    try:
        opened.click_node(MEETING)
        opened.page.wait_for_selector(f'#details[data-node="{MEETING}"]', state="attached")
        panel = opened.panel_text()
        assert f"Baku round {PAYLOAD}" in panel  # the label, shown as the characters it is
        assert f"Analysts wrote {PAYLOAD} today." in panel  # the supporting sentence
        assert f"Lavrov Hosts Bayramov {PAYLOAD}" in panel  # the headline
        opened.page.fill("#search", "Baku round <img")
        assert "Baku round <img" in opened.page.inner_text("#search-results")
        opened.js("id => window.kgViewer.network.body.emitter.emit('hoverNode', {node: id})",
                  MEETING)
        assert opened.js("() => document.querySelectorAll('img').length") == 0
        assert opened.js("() => document.scripts.length") == 7  # 5 JSON blocks, vis, viewer
        assert opened.dialogs == []
        assert opened.errors == []
        assert opened.foreign_requests == []
    finally:
        opened.page.context.close()
