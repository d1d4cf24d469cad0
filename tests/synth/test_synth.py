"""`kg synth`: the corpus validates, is deterministic, and has the promised shape."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from kg.synth import synthesise
from tests.conftest import run_kg


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    synthesise(30, 3, tmp_path / "a")
    synthesise(30, 3, tmp_path / "b")
    synthesise(30, 4, tmp_path / "c")
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b") != _digest(tmp_path / "c")


def test_cli_corpus_passes_validation(tmp_path):
    result = run_kg("synth", "--articles", "60", "--seed", "5", "--out", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    result = run_kg("validate", "--seeds", str(tmp_path / "s"))
    assert result.exit_code == 0, result.output
    assert "ok: 60 articles" in result.output


def test_shape_languages_sizes_statuses_and_shared_meetings(tmp_path):
    stats = synthesise(400, 11, tmp_path)
    docs = [yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted(tmp_path.glob("a0*.yaml"))]
    assert {d["article"]["language"] for d in docs} == {"en", "ru"}
    meetings = [m for d in docs for m in d["meetings"]]
    assert {len(m["participants"]) for m in meetings} == {2, 3, 4, 5, 6}
    assert {m["status"] for m in meetings} >= {"occurred", "planned", "proposed", "ruled-out"}
    ids = [m["id"] for m in meetings]
    assert stats.shared > 0 and len(set(ids)) < len(ids)
    # Zipf-like: the most reported actor takes part far more often than the median one.
    counts: dict[str, int] = {}
    for m in meetings:
        for p in m["participants"]:
            counts[p["actor"]] = counts.get(p["actor"], 0) + 1
    ranked = sorted(counts.values(), reverse=True)
    assert ranked[0] > 10 * ranked[len(ranked) // 2]
