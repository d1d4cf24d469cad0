"""Push throughput into a real Virtuoso: per-graph PUTs (Graph Store Protocol) against
the server's own bulk loader, on the same corpus, in the same run.

    python -m benchmarks.push --sizes 1000 5000 --work /tmp/kg-push-bench

For each size: a synthetic corpus (`kg synth`, cached), built with `kg build`, then a
fresh Virtuoso (started as tests/push/ start it) loaded twice from empty: once by
`kg push --graph-store` (one PUT per named graph, Digest authentication, as a user would
run it) and once by `kg push --bulk --isql` (gzipped N-Quads + ld_dir/rdf_loader_run).
Both are timed end to end, including the hashing and serialisation kg does, and checked
to leave the server with the store's quad count.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from kg.push import push
from kg.push.bulk import run_isql, write_chunks
from kg.push.http import Client, Credentials
from kg.push.state import PushState
from kg.store import open_store
from tests.push.virtuoso import PUSH_USER, Virtuoso

SEED = 7


def corpus_store(n: int, work: Path) -> Path:
    folder, store = work / f"corpus-{n}", work / f"build-{n}" / "store"
    if not store.exists():
        subprocess.run([sys.executable, "-m", "kg", "synth", "--articles", str(n), "--seed",
                        str(SEED), "--out", str(folder)], check=True, stdin=subprocess.DEVNULL)
        subprocess.run([sys.executable, "-m", "kg", "build", "--seeds", str(folder), "--out",
                        str(work / f"build-{n}" / "exports"), "--store", str(store)],
                       check=True, stdin=subprocess.DEVNULL)
    return store


def measure(n: int, work: Path) -> dict:
    store_path = corpus_store(n, work)
    store = open_store(store_path)
    quads = len(store)
    server = Virtuoso(work / f"virtuoso-{n}-{int(time.time())}")
    server.start()
    try:
        start = time.perf_counter()
        state = PushState(server.folder / "push-state.json", server.graph_store)
        client = Client(Credentials(PUSH_USER, server.push_password))
        report = push(store, server.graph_store, state, client)
        put_seconds = time.perf_counter() - start
        client.close()
        assert sum(server.graph_sizes().values()) == quads, "PUT push incomplete"

        server.reset()
        server.isql("checkpoint;")
        start = time.perf_counter()
        files = write_chunks(store, server.bulk / f"n{n}")
        written = time.perf_counter() - start
        run_isql(files, server.sql_address, "dba", server.password, clear=False)
        bulk_seconds = time.perf_counter() - start
        assert sum(server.graph_sizes().values()) == quads, "bulk load incomplete"
    finally:
        server.stop()
    return {"articles": n, "quads": quads, "graphs": len(report.sent),
            "put_s": put_seconds, "put_qps": quads / put_seconds,
            "bulk_write_s": written, "bulk_s": bulk_seconds, "bulk_qps": quads / bulk_seconds}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kg-push-bench"))
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    rows = [measure(n, args.work) for n in args.sizes]
    print("| articles | quads | graphs | PUT push (s) | PUT quads/s | bulk: chunks (s) "
          "| bulk: total (s) | bulk quads/s | bulk / PUT |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['articles']:,} | {r['quads']:,} | {r['graphs']:,} | {r['put_s']:.1f} "
              f"| {r['put_qps']:,.0f} | {r['bulk_write_s']:.1f} | {r['bulk_s']:.1f} "
              f"| {r['bulk_qps']:,.0f} | {r['bulk_qps'] / r['put_qps']:.1f}× |")


if __name__ == "__main__":
    main()
