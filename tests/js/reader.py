"""Run tests/js/read_graph.mjs: a file read back by graphology-graphml or graphology-gexf,
the parsers Gephi Lite uses. Under CI (CI=true) a missing node or missing npm packages is a
failure, not a skip: .ci/run installs both."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parent
SCRIPT = JS / "read_graph.mjs"


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run must provide it)")
    pytest.skip(reason)


def read_with_graphology(path: Path) -> dict:
    """{"order", "size", "type", "multi", "nodes": {id: attributes}, "edges": [...]}"""
    node = shutil.which("node")
    if node is None:
        _unavailable("node is not installed")
    for package in ("graphology", "graphology-graphml", "graphology-gexf"):
        if not (JS / "node_modules" / package).is_dir():
            _unavailable(f"npm package {package} missing: run `npm ci --prefix tests/js`")
    proc = subprocess.run([node, str(SCRIPT), str(path)], capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)
