"""A store written through `kg serve --allow-update` no longer matches the build's inputs:
the next `kg build` rebuilds it instead of saying there is nothing to do."""

from __future__ import annotations

import shutil
import urllib.request
from pathlib import Path

from kg.query.execute import run_query
from kg.store import open_store
from tests.conftest import MINI
from tests.hardening import kg
from tests.server.conftest import start_server

INSERT = "INSERT DATA { GRAPH kgg:registry { actor:nobody a kg:Person } }"
ASK = "ASK { actor:nobody a kg:Person }"


def test_build_after_allow_update_writes_rebuilds_the_store(tmp_path: Path):
    shutil.copytree(MINI, tmp_path / "seeds")
    assert kg("build", "--seeds", "seeds", cwd=tmp_path).returncode == 0
    again = kg("build", "--seeds", "seeds", cwd=tmp_path)
    assert "nothing to do" in again.stdout  # reading it (the summary) changes nothing

    server = start_server(tmp_path / ".kg" / "store", "--allow-update", cwd=tmp_path)
    try:
        request = urllib.request.Request(
            server.sparql, INSERT.encode(), method="POST",
            headers={"Content-Type": "application/sparql-update"})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 204
    finally:
        server.stop()
    store = open_store(tmp_path / ".kg" / "store")
    assert bool(run_query(store, ASK))  # the update is in the store the build made
    del store

    result = kg("build", "--seeds", "seeds", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "nothing to do" not in result.stdout + result.stderr
    rebuilt = open_store(tmp_path / ".kg" / "store")
    assert not bool(run_query(rebuilt, ASK))  # made again from the inputs
    assert "nothing to do" in kg("build", "--seeds", "seeds", cwd=tmp_path).stdout
