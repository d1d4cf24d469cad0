"""CI smoke for the scale work: the streaming build on a small synthetic corpus gives the
same exports as the in-memory build, deterministically, and the benchmark harness runs.

The figures themselves come from `python -m benchmarks.run` (benchmarks/README.md).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg import pipeline
from kg.synth import synthesise
from tests.conftest import CORPUS, ROOT

EXPORTS = ("kg.trig", "kg.nq", "kg.ttl", "kg.jsonld")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("synth")
    synthesise(120, 2, folder)
    return folder


def test_streaming_build_of_the_seeds_matches_what_kg_build_writes(tmp_path, built_corpus):
    pipeline.build(CORPUS, tmp_path / "out", tmp_path / "store", streaming=True, workers=2)
    for name in EXPORTS:
        assert (tmp_path / "out" / name).read_bytes() == \
            (built_corpus / "exports" / name).read_bytes(), name


def test_streaming_and_in_memory_builds_agree(corpus, tmp_path):
    streamed = pipeline.build(corpus, tmp_path / "a", tmp_path / "sa", streaming=True, workers=2)
    in_memory = pipeline.build(corpus, tmp_path / "b", tmp_path / "sb", streaming=False)
    assert streamed.summary == in_memory.summary
    for name in EXPORTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_streaming_build_is_byte_identical_across_hash_seeds(corpus, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = tmp_path / f"out{seed}"
        proc = subprocess.run([sys.executable, "-m", "kg", "build", "--seeds", str(corpus),
                               "--out", str(out), "--store", str(tmp_path / f"s{seed}")],
                              env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, proc.stderr
        outputs.append([(out / n).read_bytes() for n in EXPORTS])
    assert outputs[0] == outputs[1]


def test_a_broken_article_fails_the_streaming_build_and_keeps_the_old_store(corpus, tmp_path):
    import shutil

    from tests.conftest import run_kg

    copy = tmp_path / "seeds"
    shutil.copytree(corpus, copy)
    ok = run_kg("build", "--seeds", str(copy), "--out", str(tmp_path / "o"),
                "--store", str(tmp_path / "s" / "store"))
    assert ok.exit_code == 0, ok.output
    before = (tmp_path / "s" / "store").resolve()
    target = sorted(copy.glob("a0*.yaml"))[3]
    target.write_text(target.read_text(encoding="utf-8").replace("status: occurred",
                                                                  "status: happened", 1) +
                      "\n", encoding="utf-8")
    result = run_kg("build", "--seeds", str(copy), "--out", str(tmp_path / "o"),
                    "--store", str(tmp_path / "s" / "store"))
    assert result.exit_code == 2
    assert f"{target.name}:" in result.output
    assert (tmp_path / "s" / "store").resolve() == before


def test_benchmark_harness_runs_at_small_n(tmp_path):
    # 60 articles is above the streaming threshold, so every path the figures come from
    # runs; the figures themselves are measured at 1,000 and more by benchmarks.run.
    proc = subprocess.run([sys.executable, "-m", "benchmarks.run", "--sizes", "60",
                           "--work", str(tmp_path), "--reps", "1", "--baseline-max", "60"],
                          cwd=ROOT, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    assert "| build throughput (articles/s) |" in proc.stdout
    assert "×" in proc.stdout
