"""Measure how large a graph the viewer can draw and stay interactive.

    python -m tests.viewer.measure_scale 200 500 1000 2000 3000 5000
    python -m tests.viewer.measure_scale --random-layout 5000 10000 20000

For each size: a generated actor–meeting graph (tests/viewer/synthetic.py) is written as
a viewer page with no node limit, opened in headless Chromium, and timed:

- ready: navigation start to the first drawing of the laid-out graph (performance.now());
- frame: one full redraw of the canvas (beforeDrawing to afterDrawing), the cost of every
  pan, zoom or hover step, median of 5, with the whole graph in view;
- zoomed: the same at zoom 1, where labels are drawn;
- filter: unticking "occurred" until the canvas is redrawn;
- click: a node's detail panel, from the click until the panel is filled.

Results go to stdout as a table; docs/viewer.md records a run and the limit chosen from it.
Not a test (pytest does not collect it): timings depend on the machine.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from kg.viewer.page import render_page
from tests.viewer.browser import CHROMIUM_ARGS, chromium_path, open_viewer
from tests.viewer.synthetic import actor_meeting_graph

FRAME = """() => new Promise(done => {
    const net = window.kgViewer.network; let t0 = 0;
    net.once('beforeDrawing', () => { t0 = performance.now(); });
    net.once('afterDrawing', () => done(performance.now() - t0));
    net.redraw();
})"""

FILTER = """() => new Promise(done => {
    const net = window.kgViewer.network; const t0 = performance.now();
    net.once('afterDrawing', () => done(performance.now() - t0));
    document.querySelector('#status-filter input[value=occurred]').click();
    net.redraw();
})"""

CLICK = """id => { const t0 = performance.now(); window.kgViewer.focus(id);
                   return performance.now() - t0; }"""


def measure(browser, nodes: int, workdir: Path, random_layout: bool = False) -> dict:
    graph = actor_meeting_graph(nodes)
    if random_layout:
        # networkx's spring layout takes minutes past 5,000 nodes; drawing costs the same
        # wherever the nodes are, so big sizes can be timed with scattered positions.
        rng = random.Random(1)
        for node in graph:
            graph.nodes[node].update(x=rng.uniform(-1000, 1000), y=rng.uniform(-1000, 1000))
    started = time.perf_counter()
    html = render_page(graph, {}, view_limit=10**9)
    built = time.perf_counter() - started
    path = workdir / f"viewer-{nodes}.html"
    path.write_text(html, encoding="utf-8")
    opened = open_viewer(browser, path, timeout_ms=600_000)
    ready = opened.js("() => window.kgViewer.rendered")
    frames = [opened.js(FRAME) for _ in range(5)]
    opened.js("() => window.kgViewer.network.moveTo({scale: 1})")  # close enough for labels
    zoomed = [opened.js(FRAME) for _ in range(5)]
    busiest = max(graph, key=graph.degree)
    click = opened.js(CLICK, busiest)
    filtering = opened.js(FILTER)
    result = {"nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
              "python_s": built, "ready_ms": ready, "frame_ms": statistics.median(frames),
              "zoomed_ms": statistics.median(zoomed),
              "filter_ms": filtering, "click_ms": click, "errors": len(opened.errors),
              "html_kb": len(html.encode()) // 1024}
    opened.page.context.close()
    return result


def main(sizes: list[int], random_layout: bool = False) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as tmp:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        print(f"{'nodes':>6} {'edges':>6} {'python s':>9} {'ready ms':>9} {'frame ms':>9} "
              f"{'zoomed ms':>10} {'filter ms':>10} {'click ms':>9} {'html KB':>8}")
        for size in sizes:
            r = measure(browser, size, Path(tmp), random_layout)
            print(f"{r['nodes']:>6} {r['edges']:>6} {r['python_s']:>9.1f} {r['ready_ms']:>9.0f} "
                  f"{r['frame_ms']:>9.0f} {r['zoomed_ms']:>10.0f} {r['filter_ms']:>10.0f} "
                  f"{r['click_ms']:>9.0f} {r['html_kb']:>8}", flush=True)
        browser.close()


if __name__ == "__main__":
    args = sys.argv[1:]
    main([int(a) for a in args if a.isdigit()] or [200, 500, 1000, 2000, 3000, 5000],
         random_layout="--random-layout" in args)
