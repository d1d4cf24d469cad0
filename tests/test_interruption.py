"""A build that is killed, interrupted or fails never leaves half-written outputs: the
previous store and exports stay whole and usable, or the new ones are complete. A failure
before the end leaves all of the previous ones: none of the new exports, no new store."""

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
from kg.store import open_store, store_version
from kg.summary import summarise
from tests.conftest import MINI, run_kg
from tests.hardening import kg, start_at_fault

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


# The exports phase, stopped exactly where it matters by a named fault point
# (kg/faults.py) rather than by a timed kill that may land anywhere.

def _staged(work: Path) -> list[str]:
    return sorted(p.name for s in (work / "exports").glob(".kg-staging-*") for p in s.iterdir())


def _assert_previous_state(work: Path, old: dict, old_quads: int, version: str) -> None:
    assert _digests(work / "exports") == old  # every export the old one: none new, no mix
    assert store_version(work / ".kg" / "store") == version
    assert summarise(open_store(work / ".kg" / "store")).quads == old_quads


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_build_killed_while_writing_exports_leaves_previous_store_and_exports(two_versions,
                                                                              how):
    work, old, new, old_quads = two_versions
    version = store_version(work / ".kg" / "store")
    build = start_at_fault("exports", "--seeds", "seeds", cwd=work)
    # The kill lands in the exports phase: the RDF exports are written, to staging.
    assert set(RDF_EXPORTS) <= set(_staged(work))
    build.send_signal(how)
    build.wait(timeout=60)
    assert "Traceback" not in build.stderr.read()
    _assert_previous_state(work, old, old_quads, version)
    assert _build(work).wait() == 0  # the next build completes the change, cleanly
    assert _digests(work / "exports") == new
    assert sorted(p.name for p in (work / "exports").iterdir()) == sorted(EXPORTS)
    assert list((work / ".kg" / "store.d" / "staging").iterdir()) == []


def test_build_failing_while_writing_exports_leaves_previous_store_and_exports(two_versions):
    work, old, _, old_quads = two_versions
    version = store_version(work / ".kg" / "store")
    result = kg("build", "--seeds", "seeds", cwd=work, env={"KG_FAULT": "exports:fail"})
    assert result.returncode == 2
    assert "cannot write the exports to exports: No space left on device" in result.stderr
    assert "Traceback" not in result.stderr
    _assert_previous_state(work, old, old_quads, version)
    assert _staged(work) == [] and list((work / ".kg" / "store.d" / "staging").iterdir()) == []


@pytest.fixture
def small_disk(two_versions):
    """The exports folder on a real file system of its own (tmpfs), big enough for the old
    exports but not for a second copy: the new ones fill it while being written."""
    work, old, new, old_quads = two_versions
    size = sum((work / "exports" / n).stat().st_size for n in EXPORTS)
    held = work / "held"
    shutil.move(work / "exports", held)
    (work / "exports").mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size * 3 // 2}",
                              "tmpfs", str(work / "exports")], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    for path in held.iterdir():
        shutil.copy2(path, work / "exports" / path.name)
    yield work, old, new, old_quads
    subprocess.run(["umount", "-l", str(work / "exports")], check=False)


def test_full_disk_while_writing_exports_leaves_previous_store_and_exports(small_disk):
    work, old, _, old_quads = small_disk
    version = store_version(work / ".kg" / "store")
    result = kg("build", "--seeds", "seeds", cwd=work)
    assert result.returncode == 2, result.stderr
    assert "No space left on device" in result.stderr and "Traceback" not in result.stderr
    _assert_previous_state(work, old, old_quads, version)
    assert _staged(work) == []


def test_read_only_exports_folder_leaves_previous_store_and_exports(small_disk):
    work, old, _, old_quads = small_disk
    version = store_version(work / ".kg" / "store")
    subprocess.run(["mount", "-o", "remount,ro", str(work / "exports")], check=True)
    result = kg("build", "--seeds", "seeds", cwd=work)
    assert result.returncode == 2, result.stderr
    assert "cannot write to exports" in result.stderr and "Traceback" not in result.stderr
    _assert_previous_state(work, old, old_quads, version)


def test_build_killed_between_store_swap_and_export_renames_is_finished_by_the_next(
        two_versions):
    """The swap and the renames are one step for readers, but a process can die between
    them: the journal lets the next build finish the renames before anything else."""
    work, _, new, _ = two_versions
    build = start_at_fault("publish", "--seeds", "seeds", cwd=work)
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=60)
    assert (work / ".kg" / "store.d" / "publishing.json").exists()
    result = kg("stats", cwd=work)
    assert result.returncode == 0
    assert kg("build", "--seeds", "seeds", cwd=work).returncode == 0
    assert _digests(work / "exports") == new
    assert not (work / ".kg" / "store.d" / "publishing.json").exists()
    assert sorted(p.name for p in (work / "exports").iterdir()) == sorted(EXPORTS)
