"""`kg build --store P` writes the link P and kg's own folder P.d beside it, and nothing
else: no sibling is deleted or overwritten, a folder or link kg did not make is refused,
a killed build's staging is removed by the next, and two builds never run at once."""

from __future__ import annotations

import os
import shutil
import signal
from pathlib import Path

import pytest

from kg.store import MARKER, open_store, store_fingerprint, store_version
from kg.summary import summarise
from tests.conftest import MINI
from tests.hardening import digests, kg, start_at_fault


@pytest.fixture
def work(tmp_path: Path) -> Path:
    shutil.copytree(MINI, tmp_path / "seeds")
    return tmp_path


def _siblings(folder: Path) -> None:
    """What a user keeps next to the store: names a careless clean-up would match."""
    (folder / "kg-notes").mkdir(parents=True)
    (folder / "kg-notes" / "notes.md").write_text("my notes\n")
    (folder / "kg-backup-2024").mkdir()
    (folder / "kg-backup-2024" / "store.tar").write_bytes(b"\0backup" * 100)
    (folder / "build.json").write_text('{"mine": true}\n')
    (folder / "kg-1234567890abcdef1234").mkdir()  # shaped like an old kg version folder
    (folder / ".kg-staging-1").mkdir()  # shaped like an export staging folder, no marker


def test_build_never_deletes_sibling_folders(work: Path):
    data = work / "data"
    _siblings(data)
    before = digests(data)
    for extra in ([], ["--force"], ["--force"]):  # later builds clean up old versions
        result = kg("build", "--seeds", "seeds", "--out", "exports", "--store", "data/kg",
                    *extra, cwd=work)
        assert result.returncode == 0, result.stderr
    after = digests(data)
    assert {k: v for k, v in after.items() if k in before} == before
    # Only the link and kg's own folder were added.
    assert {Path(k).parts[0] for k in after if k not in before} == {"kg", "kg.d"}
    assert (data / "kg.d" / MARKER).is_file()
    assert (data / "kg.d" / "build.json").is_file()  # the build state, inside kg's folder


def test_build_refuses_a_store_folder_it_did_not_make(work: Path):
    # A folder named like kg's folder but without the marker: the user's, refused untouched.
    (work / "data" / "kg.d" / "versions").mkdir(parents=True)
    (work / "data" / "kg.d" / "versions" / "0123456789.1").write_text("mine\n")
    before = digests(work / "data")
    result = kg("build", "--seeds", "seeds", "--store", "data/kg", cwd=work)
    assert result.returncode == 2
    assert f"data/kg.d was not made by kg (it has no {MARKER} file)" in result.stderr
    assert "Traceback" not in result.stderr
    assert digests(work / "data") == before


def test_build_refuses_a_store_folder_holding_foreign_files(work: Path):
    assert kg("build", "--seeds", "seeds", "--store", "data/kg", cwd=work).returncode == 0
    (work / "data" / "kg.d" / "my-notes.txt").write_text("not kg's\n")
    version = store_version(work / "data" / "kg")
    result = kg("build", "--seeds", "seeds", "--store", "data/kg", "--force", cwd=work)
    assert result.returncode == 2
    assert "data/kg.d holds my-notes.txt, which kg did not make" in result.stderr
    assert (work / "data" / "kg.d" / "my-notes.txt").read_text() == "not kg's\n"
    assert store_version(work / "data" / "kg") == version


@pytest.mark.parametrize("what", ["folder", "link"])
def test_build_refuses_a_store_path_it_did_not_make(work: Path, what: str):
    mine = work / "mine"
    mine.mkdir()
    (mine / "important.txt").write_text("keep\n")
    store = work / "store"
    if what == "folder":
        store.mkdir()
        (store / "CURRENT").write_text("not a kg store\n")
    else:
        store.symlink_to(mine)
    before = digests(work)
    result = kg("build", "--seeds", "seeds", "--store", "store", cwd=work)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert ("is a symbolic link kg did not make" if what == "link"
            else "exists and is not a store built by kg") in result.stderr
    assert digests(work) == before


def test_killed_load_leaves_staging_the_next_build_removes(work: Path):
    assert kg("build", "--seeds", "seeds", cwd=work).returncode == 0
    version = store_version(work / ".kg" / "store")
    build = start_at_fault("load", "--seeds", "seeds", "--force", cwd=work)
    staging = work / ".kg" / "store.d" / "staging"
    assert [p.name for p in staging.iterdir()] == [f"store.tmp-{build.pid}"]
    build.send_signal(signal.SIGKILL)
    build.wait(timeout=30)
    assert (staging / f"store.tmp-{build.pid}").is_dir()  # what the kill left
    assert store_version(work / ".kg" / "store") == version
    assert kg("build", "--seeds", "seeds", "--force", cwd=work).returncode == 0
    assert list(staging.iterdir()) == []


def test_concurrent_builds_on_one_store_are_refused_by_the_lock(work: Path):
    assert kg("build", "--seeds", "seeds", cwd=work).returncode == 0
    first = start_at_fault("load", "--seeds", "seeds", "--force", cwd=work)
    try:
        second = kg("build", "--seeds", "seeds", "--force", cwd=work)
        assert second.returncode == 2
        assert (f"another kg build (process {first.pid}) is writing the store .kg/store"
                in second.stderr)
        assert "Traceback" not in second.stderr
    finally:
        first.send_signal(signal.SIGINT)
        first.wait(timeout=30)
    # The lock goes with its process, however it ended.
    assert kg("build", "--seeds", "seeds", "--force", cwd=work).returncode == 0


def test_every_build_gets_a_new_store_version_and_keeps_the_previous(work: Path):
    link = work / ".kg" / "store"
    seen = []
    for _ in range(3):
        assert kg("build", "--seeds", "seeds", "--force", cwd=work).returncode == 0
        seen.append(store_version(link))
    assert len(set(seen)) == 3  # a reader detects each build by the link's target
    assert len({store_fingerprint(link)}) == 1
    versions = sorted(p.name for p in (work / ".kg" / "store.d" / "versions").iterdir())
    # The current version and the one before it (a reader may still hold it open).
    assert versions == sorted(Path(v).name for v in seen[1:])
    assert summarise(open_store(link)).quads > 1000


def test_readers_see_the_previous_store_while_a_build_runs(work: Path):
    assert kg("build", "--seeds", "seeds", cwd=work).returncode == 0
    link = work / ".kg" / "store"
    version, quads = store_version(link), summarise(open_store(link)).quads
    for point in ("load", "exports"):
        build = start_at_fault(point, "--seeds", "seeds", "--force", cwd=work)
        try:
            assert store_version(link) == version
            assert summarise(open_store(link)).quads == quads
            result = kg("stats", cwd=work)
            assert result.returncode == 0 and f"quads           {quads}" in result.stdout
        finally:
            build.send_signal(signal.SIGKILL)
            build.wait(timeout=30)


def test_store_of_the_previous_layout_is_adopted_without_deleting_anything(work: Path):
    """Before this layout, .kg/store linked to .kg/store-<fingerprint> beside it. The link
    is replaced; the old folder and build.json are left for the user to remove."""
    assert kg("build", "--seeds", "seeds", "--store", "old/store", cwd=work).returncode == 0
    old = work / ".kg"
    old.mkdir()
    shutil.copytree((work / "old" / "store").resolve(), old / "store-0123456789abcdef0123")
    (old / "store").symlink_to("store-0123456789abcdef0123")
    (old / "build.json").write_text("{}\n")
    assert store_fingerprint(old / "store") == "0123456789abcdef0123"
    before = {k: v for k, v in digests(old).items() if k != "store"}
    result = kg("build", "--seeds", "seeds", cwd=work)
    assert result.returncode == 0, result.stderr
    assert os.readlink(old / "store").startswith("store.d/versions/")
    assert {k: v for k, v in digests(old).items() if k in before} == before


def test_running_server_keeps_answering_from_its_store_after_a_rebuild(work: Path):
    """The previous store version is kept until the next build, so a server that opened
    it before the swap still answers from it (whether it then reopens is the server's
    business: it sees store_version change)."""
    import json
    import urllib.parse
    import urllib.request

    from tests.server.conftest import start_server

    assert kg("build", "--seeds", "seeds", cwd=work).returncode == 0
    link = work / ".kg" / "store"
    before = store_version(link)
    server = start_server(link, cwd=work)
    query = urllib.parse.urlencode({"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})

    def count() -> int:
        request = urllib.request.Request(f"{server.sparql}?{query}",
                                         headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(json.load(response)["results"]["bindings"][0]["n"]["value"])

    try:
        answered = count()
        assert kg("build", "--seeds", "seeds", "--force", cwd=work).returncode == 0
        assert store_version(link) != before
        assert (work / ".kg" / Path(before)).is_dir()  # the server's version is still there
        assert count() == answered
    finally:
        server.stop()


@pytest.mark.parametrize("inside", ["store.d", "store.d/versions", "database"])
def test_build_refuses_a_store_inside_another_store_or_a_database_folder(work: Path,
                                                                         inside: str):
    """--store inside another store's kg folder, or inside a RocksDB database folder,
    would be damaged by (or damage) that store: refused before anything is made."""
    assert kg("build", "--seeds", "seeds", "--store", "store", cwd=work).returncode == 0
    if inside == "database":
        inside = os.path.relpath(os.path.realpath(work / "store"), work)
        assert (work / inside / "CURRENT").is_file() and (work / inside / "IDENTITY").is_file()
    before = digests(work)
    result = kg("build", "--seeds", "seeds", "--store", f"{inside}/nested/kg", "--force",
                cwd=work)
    assert result.returncode == 2, result.stderr
    assert f"cannot put a store at {inside}/nested/kg: it is inside" in result.stderr
    assert "Traceback" not in result.stderr
    assert digests(work) == before
