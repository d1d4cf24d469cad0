"""Benchmark the streaming build against the plain rdflib way, and print a table.

    python -m benchmarks.run --sizes 1000 10000 --baseline-max 10000 --work /tmp/kg-bench

For each size: a synthetic corpus (`kg synth`, cached in the work folder), then the kg
build with its queries and the rdflib baseline, each in a fresh process (see
workloads.py). The ratio column is baseline / kg: how many times faster kg is.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from kg.synth import synthesise

SEED = 7


def corpus_for(n: int, work: Path) -> Path:
    folder = work / f"corpus-{n}"
    done = folder / ".complete"
    if not done.exists():
        start = time.perf_counter()
        synthesise(n, SEED, folder)
        done.write_text(f"{time.perf_counter() - start:.1f}\n")
    return folder


def workload(kind: str, corpus: Path, work: Path, reps: int, timeout: float) -> dict | None:
    cmd = [sys.executable, "-m", "benchmarks.workloads", kind, str(corpus), str(work), str(reps)]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if proc.returncode != 0:
        return {"error": proc.stderr.strip().splitlines()[-1:] or ["failed"]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ratio(base, ours) -> str:
    if not isinstance(base, int | float) or not isinstance(ours, int | float) or ours <= 0:
        return "–"
    return f"{base / ours:.1f}×"


def table(n: int, kg: dict, base: dict | None) -> list[str]:
    base = base or {}
    done = "timeout" not in base and "error" not in base and bool(base)
    rows = [f"### N = {n:,} articles ({kg.get('quads', 0):,} quads)", "",
            "| measure | kg | rdflib baseline | ratio |", "|---|---|---|---|"]

    def row(name, ours, theirs, unit="", better_low=True):
        r = ratio(theirs, ours) if better_low else ratio(ours, theirs)
        def fmt(v):
            return f"{v:,.2f}{unit}" if isinstance(v, int | float) else "–"

        rows.append(f"| {name} | {fmt(ours)} | {fmt(theirs) if done else base_note} | "
                    f"{r if done else '–'} |")

    base_note = ("not run" if not base else f"timed out after {base['timeout']:.0f} s"
                 if "timeout" in base else "failed")
    seconds, quads = kg["seconds"], kg["quads"]
    row("build, total (s)", seconds, base.get("seconds"))
    row("build throughput (articles/s)", n / seconds, n / base["seconds"] if done else None,
        better_low=False)
    row("build throughput (quads/s)", quads / seconds, base.get("quads", 0) / base["seconds"]
        if done else None, better_low=False)
    # The baseline writes no graph exports (GraphML/GEXF/HTML): compare like with like too.
    graphs = kg.get("graph_exports_seconds", 0.0)
    row("build without graph exports (s)", seconds - graphs, base.get("seconds"))
    row("build throughput without graph exports (articles/s)", n / (seconds - graphs),
        n / base["seconds"] if done else None, better_low=False)
    row("load + validate + store (s)", kg["load_seconds"], base.get("load_seconds"))
    row("peak RSS, main process (MB)", kg["rss_main_mb"], base.get("rss_main_mb"))
    row("peak RSS, largest worker (MB)", kg["rss_worker_mb"], None)
    row("store size (MB)", kg["store_mb"], None)
    row("summary (s)", kg["summary_seconds"], None)
    row("graph exports, GraphML/GEXF/HTML (s)", graphs, None)
    for name, secs in kg["exports"].items():
        row(f"export {name} (s)", secs, base.get("exports", {}).get(name))
    for name, q in kg["queries"].items():
        if "error" in q:
            rows.append(f"| query {name} | error: {q['error']} | | |")
            continue
        theirs = base.get("queries", {}).get(name, {})
        row(f"query {name} p50 (ms)", q["p50_ms"], theirs.get("p50_ms"))
        row(f"query {name} p95 (ms)", q["p95_ms"], theirs.get("p95_ms"))
    return rows + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--baseline-max", type=int, default=10000,
                        help="Largest size the rdflib baseline is run at.")
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-bench"))
    parser.add_argument("--reps", type=int, default=20, help="Runs per selective query.")
    parser.add_argument("--timeout", type=float, default=1200, help="Seconds per workload.")
    parser.add_argument("--json", type=Path, help="Also write the raw figures here.")
    args = parser.parse_args(argv)
    results = {}
    for n in args.sizes:
        corpus = corpus_for(n, args.work)
        kg = workload("kg", corpus, args.work / f"kg-{n}", args.reps, args.timeout)
        if "seconds" not in kg:
            print(f"N={n}: kg workload did not finish: {kg}")
            return 1
        base = workload("rdflib", corpus, args.work / f"rdflib-{n}", args.reps, args.timeout) \
            if n <= args.baseline_max else None
        results[n] = {"kg": kg, "rdflib": base}
        print("\n".join(table(n, kg, base)), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
