"""The streaming build (kg/build/stream.py, used above 50 articles) and the in-memory build
give the same reconciled graph and the same exports, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import pipeline
from kg.namespaces import RECONCILED_GRAPH
from kg.shacl import PYSHACL_LIMIT
from tests.reconcile.conftest import RECONCILE

COPIES = 6
MEETINGS = ("2020-10-23-pompeo-mnatsakanyan-bayramov", "2020-10-lavrov-bayramov-moscow",
            "2020-10-14-istanbul-consultations", "2020-10-27-lavrov-mnatsakanyan-call")
EXPORTS = ("kg.trig", "kg.nq", "kg.ttl", "kg.jsonld")


@pytest.fixture(scope="module")
def large_corpus(tmp_path_factory) -> Path:
    """The fixture corpus six times over, each copy under other document and meeting ids:
    60 accounts of 24 meetings, each copy disagreeing exactly as the original does."""
    folder = tmp_path_factory.mktemp("reconcile-large")
    shutil.copy(RECONCILE / "actors.yaml", folder)
    for copy in range(COPIES):
        for yaml_file in sorted(RECONCILE.glob("*.yaml")):
            if yaml_file.name == "actors.yaml":
                continue
            stem = f"{yaml_file.stem}-{copy}"
            shutil.copy(yaml_file.with_suffix(".txt"), folder / f"{stem}.txt")
            text = yaml_file.read_text(encoding="utf-8")
            text = text.replace(f"document: {yaml_file.stem}", f"document: {stem}")
            for meeting in MEETINGS:
                text = text.replace(f"id: {meeting}\n", f"id: {meeting}-{copy}\n")
            (folder / f"{stem}.yaml").write_text(text, encoding="utf-8")
    assert len(list(folder.glob("*.yaml"))) - 1 > PYSHACL_LIMIT
    return folder


def _reconciled(store_path: Path) -> list[ox.Quad]:
    store = ox.Store.read_only(str(store_path))
    return sorted(store.quads_for_pattern(None, None, None, RECONCILED_GRAPH), key=str)


def test_streaming_and_in_memory_builds_reconcile_alike(large_corpus, tmp_path):
    pipeline.build(large_corpus, tmp_path / "a", tmp_path / "sa", streaming=True, workers=2)
    pipeline.build(large_corpus, tmp_path / "b", tmp_path / "sb", streaming=False)
    streamed, in_memory = _reconciled(tmp_path / "sa"), _reconciled(tmp_path / "sb")
    assert streamed and streamed == in_memory
    for name in EXPORTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_every_copy_reconciles_like_the_original(large_corpus, tmp_path, reconcile_store):
    pipeline.build(large_corpus, tmp_path / "out", tmp_path / "store", streaming=True,
                   workers=1)
    copies = _reconciled(tmp_path / "store")
    original = {_text(q) for q in reconcile_store.quads_for_pattern(
        None, None, None, RECONCILED_GRAPH)}
    for copy in range(COPIES):
        mine = {_text(q).replace(f"-{copy}>", ">").replace(f"-{copy}.", ".")
                for q in copies
                if any(f"{m}-{copy}" in q.subject.value for m in MEETINGS)}
        assert mine == original


def _text(quad: ox.Quad) -> str:
    return str(quad.triple)


def test_two_builds_write_byte_identical_exports(tmp_path):
    for run in ("1", "2"):
        pipeline.build(RECONCILE, tmp_path / f"out{run}", tmp_path / f"store{run}", force=True)
    for name in EXPORTS:
        assert (tmp_path / "out1" / name).read_bytes() == (tmp_path / "out2" / name).read_bytes()
