"""A build that is killed, interrupted or fails never leaves half-written outputs: the
previous store and exports stay whole and usable, or the new ones are complete."""

from __future__ import annotations

import hashlib
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kg.export import RDF_EXPORTS
from kg.export.graphs import graph_export_names
from kg.store import open_store
from kg.summary import summarise
from tests.conftest import MINI, run_kg

EXPORTS = (*RDF_EXPORTS, *graph_export_names())


def _digests(folder: Path) -> dict[str, str]:
    return {n: hashlib.sha256((folder / n).read_bytes()).hexdigest() for n in EXPORTS}


def _build(work: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg", "build", "--seeds", "seeds", *extra],
                            cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


@pytest.fixture
def two_versions(tmp_path: Path):
    """A built mini corpus (old outputs) and the digests a changed corpus would give (new)."""
    shutil.copytree(MINI, tmp_path / "seeds")
    assert _build(tmp_path).wait() == 0
    old = _digests(tmp_path / "exports")
    old_quads = summarise(open_store(tmp_path / ".kg" / "store")).quads
    changed = (tmp_path / "seeds" / "mini.yaml").read_text().replace(
        "  - {actor: rus-mfa, quote: the Russian ministry}\n", "")
    (tmp_path / "seeds" / "mini.yaml").write_text(changed)
    reference = tmp_path / "reference"
    shutil.copytree(tmp_path / "seeds", reference / "seeds")
    assert _build(reference).wait() == 0
    new = _digests(reference / "exports")
    assert new != old
    return tmp_path, old, new, old_quads


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_killed_build_leaves_whole_outputs(two_versions, how):
    work, old, new, old_quads = two_versions
    for delay in (0.2, 0.6, 1.0, 1.5, 2.0, 2.6, 3.2):
        proc = _build(work, "--force")
        time.sleep(delay)
        proc.send_signal(how)
        proc.wait(timeout=60)
        _, err = proc.communicate()
        assert b"Traceback" not in err
        current = _digests(work / "exports")
        for name in EXPORTS:  # each file is whole: the old one or the new one, never a mix
            assert current[name] in (old[name], new[name]), (name, delay)
        quads = summarise(open_store(work / ".kg" / "store")).quads  # the store opens
        assert quads > 1000
    # And a normal build afterwards completes the change and leaves no temporary files.
    assert _build(work, "--force").wait() == 0
    assert _digests(work / "exports") == new
    leftovers = [p.name for p in (work / "exports").iterdir() if p.name not in EXPORTS]
    assert leftovers == []
    assert old_quads != summarise(open_store(work / ".kg" / "store")).quads


def test_failed_build_replaces_nothing(two_versions):
    work, old, _, old_quads = two_versions
    # The changed corpus is valid; make it invalid and rebuild: exit 2, outputs untouched.
    annotation = work / "seeds" / "mini.yaml"
    annotation.write_text(annotation.read_text().replace("status: planned", "status: planed"))
    store_target = (work / ".kg" / "store").resolve()
    result = run_kg("build", "--seeds", "seeds", cwd=work)
    assert result.exit_code == 2 and "unknown status 'planed'" in result.output
    assert _digests(work / "exports") == old
    assert (work / ".kg" / "store").resolve() == store_target
    assert summarise(open_store(work / ".kg" / "store")).quads == old_quads
