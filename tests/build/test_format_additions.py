"""What the annotation format can say beyond the basics (issue 12 §1), checked in the
built graph: each test edits a copy of the mini corpus, builds it with the real builder
into a real on-disk Oxigraph store, and asks the store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kg.annotations import load_corpus
from kg.build import build_graphs
from kg.namespaces import PREFIXES
from tests.conftest import run_kg

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
