"""`-o PATH` never replaces what is at PATH unless it is a regular file: `-` is standard
output, a symbolic link is written through (the link stays), a character device or a FIFO
is written to directly, and a failed write says why without a traceback and leaves no
temporary behind."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import tempfile
import threading
import traceback
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kg.atomic import atomic_output, remove_stale_staging, remove_stale_temporaries
from kg.errors import KgError
from kg.store import store_version
from tests.conftest import MINI
from tests.hardening import kg

NOBODY = 65534


def _store(built_corpus: Path) -> list[str]:
    return ["--store", str(built_corpus / ".kg" / "store")]


def test_export_to_dash_writes_to_standard_output(built_corpus: Path, tmp_path: Path):
    result = kg("export", "graphml", "-o", "-", *_store(built_corpus), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    root = ET.fromstring(result.stdout.encode())  # the whole export, well-formed
    assert root.tag.endswith("graphml") and len(root.findall(".//{*}node")) > 10
    assert "wrote standard output: co-participation" in result.stderr
    assert not (tmp_path / "-").exists()


def test_export_through_a_symlink_keeps_the_link(built_corpus: Path, tmp_path: Path):
    (tmp_path / "real.gexf").write_text("old\n")
    (tmp_path / "latest.gexf").symlink_to("real.gexf")
    result = kg("export", "gexf", "-o", "latest.gexf", *_store(built_corpus), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert os.readlink(tmp_path / "latest.gexf") == "real.gexf"  # the link itself stays
    ET.parse(tmp_path / "real.gexf")  # and the file it points to is the new export
    assert sorted(p.name for p in tmp_path.iterdir()) == ["latest.gexf", "real.gexf"]


def test_export_through_a_dangling_symlink_is_refused_and_creates_nothing(
        built_corpus: Path, tmp_path: Path):
    nowhere = tmp_path / "nonexistent" / "x.graphml"
    (tmp_path / "d.graphml").symlink_to(nowhere)
    result = kg("export", "graphml", "-o", "d.graphml", *_store(built_corpus), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cannot write d.graphml: it is a symbolic link to" in result.stderr
    assert "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "nonexistent").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.graphml"]


def test_export_into_a_missing_folder_is_refused_and_creates_no_folder(
        built_corpus: Path, tmp_path: Path):
    result = kg("export", "graphml", "-o", "nodir/x.graphml", *_store(built_corpus),
                cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "cannot write nodir/x.graphml: the folder nodir does not exist" in result.stderr
    assert not (tmp_path / "nodir").exists()


def test_export_to_a_fifo_writes_into_the_pipe_and_keeps_it(built_corpus: Path,
                                                            tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = kg("export", "graphml", "-o", str(fifo), *_store(built_corpus), cwd=tmp_path,
                timeout=60)
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still the pipe, not a file renamed over it
    ET.fromstring(received[0])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_export_to_a_character_device_keeps_the_device(built_corpus: Path, tmp_path: Path):
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the same device as /dev/null
    except PermissionError:
        pytest.skip("creating a device node needs root")
    result = kg("export", "gexf", "-o", str(null), *_store(built_corpus), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    info = os.lstat(null)
    assert stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(1, 3)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["null"]
    # And the system's own /dev/null, the one the issue saw replaced.
    result = kg("export", "gexf", "-o", "/dev/null", *_store(built_corpus), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)
    assert os.lstat("/dev/null").st_rdev == os.makedev(1, 3)


def test_export_to_a_folder_or_a_socket_is_refused(built_corpus: Path, tmp_path: Path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "out.graphml").symlink_to("folder")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(tmp_path / "sock"))
    try:
        for target, said in (("out.graphml", "is a directory"),
                             ("sock", "cannot write sock: it is a socket")):
            result = kg("export", "graphml", "-o", target, *_store(built_corpus), cwd=tmp_path)
            assert result.returncode == 2
            assert said in result.stderr and "Traceback" not in result.stderr
    finally:
        listening.close()
    assert (tmp_path / "out.graphml").is_symlink() and list((tmp_path / "folder").iterdir()) == []
    assert stat.S_ISSOCK(os.lstat(tmp_path / "sock").st_mode)


def _as_nobody(scenario) -> str:
    """Run `scenario()` in a forked child that has dropped root for an unprivileged user
    (root ignores file permissions, so a real permission error needs another user), and
    return what it printed, or its traceback. Forked, not executed: the interpreter may
    live where that user cannot read."""
    if os.geteuid() != 0:
        pytest.skip("needs root, to run a process as another user")
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        try:
            os.setgroups([])
            os.setresgid(NOBODY, NOBODY, NOBODY)
            os.setresuid(NOBODY, NOBODY, NOBODY)
            lines = scenario()
        except BaseException:
            lines = ["Traceback", traceback.format_exc()]
        os.write(write, "\n".join(lines).encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read) as said:
        text = said.read()
    os.waitpid(pid, 0)
    return text


@pytest.fixture
def shared_folder():
    """A folder the unprivileged user can write (pytest's tmp_path is root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="kg-perm-"))
    os.chmod(folder, 0o777)
    yield folder
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_permission_error_while_cleaning_a_temporary_is_reported_not_a_traceback(
        shared_folder: Path):
    """The folder becomes read-only while an export is written: the rename fails, and so
    does removing the temporary. Both are said plainly; the next clean-up removes it."""
    out = shared_folder / "out"
    out.mkdir()
    os.chown(out, NOBODY, NOBODY)

    def scenario() -> list[str]:
        said = []
        try:
            with atomic_output(out / "kg.trig") as handle:
                handle.write(b"data")
                os.chmod(out, 0o555)
        except KgError as exc:
            said.append(f"KgError: {exc}")
        said.append(f"left: {[p.name.startswith('.kg.trig.') for p in out.iterdir()]}")
        os.chmod(out, 0o755)
        remove_stale_temporaries(out, ["kg.trig"])
        said.append(f"after: {sorted(p.name for p in out.iterdir())}")
        return said

    said = _as_nobody(scenario)
    assert "Traceback" not in said, said
    assert "KgError: cannot write" in said and "Permission denied" in said
    assert "could not be removed: Permission denied; the next build removes it" in said
    assert "left: [True]" in said
    assert "after: []" in said


def test_read_only_folders_left_in_staging_are_removed(shared_folder: Path):
    """A killed build's staging folder holding a read-only folder (which rmtree alone
    cannot empty as an ordinary user) is removed whole by the next build's clean-up."""
    out = shared_folder / "out"
    staging = out / ".kg-staging-999999999"
    stuck = staging / ".kg-sort-x"
    stuck.mkdir(parents=True)
    (staging / "KG-STAGING").write_bytes(b"")
    (stuck / "run-00000.txt").write_text("sorted lines\n")
    subprocess.run(["chown", "-R", f"{NOBODY}:{NOBODY}", str(out)], check=True)
    os.chmod(stuck, 0o555)

    def scenario() -> list[str]:
        remove_stale_staging(out)
        return [f"after: {sorted(p.name for p in out.iterdir())}"]

    said = _as_nobody(scenario)
    assert "Traceback" not in said, said
    assert "after: []" in said


def test_build_refuses_a_fifo_in_an_exports_place_before_swapping_the_store(tmp_path: Path):
    """kg build's exports are files renamed into place with the store: a FIFO where an
    export goes is refused before the swap, so the store is not replaced either."""
    shutil.copytree(MINI, tmp_path / "seeds")
    assert kg("build", "--seeds", "seeds", cwd=tmp_path).returncode == 0
    version = store_version(tmp_path / ".kg" / "store")
    (tmp_path / "exports" / "kg.nq").unlink()
    os.mkfifo(tmp_path / "exports" / "kg.nq")
    result = kg("build", "--seeds", "seeds", "--force", cwd=tmp_path, timeout=120)
    assert result.returncode == 2
    assert "cannot write exports/kg.nq: it is not a regular file" in result.stderr
    assert stat.S_ISFIFO(os.lstat(tmp_path / "exports" / "kg.nq").st_mode)
    assert store_version(tmp_path / ".kg" / "store") == version


def test_build_never_writes_through_a_symlink_in_the_exports_folder(tmp_path: Path):
    """exports/ is committed and git keeps links: a link named like an export must not
    make `kg build` overwrite the file it points to, anywhere. It is refused, before the
    store is swapped, and the file outside is left as it was."""
    project = tmp_path / "project"
    shutil.copytree(MINI, project / "seeds")
    assert kg("build", "--seeds", "seeds", cwd=project).returncode == 0
    version = store_version(project / ".kg" / "store")
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    (project / "exports" / "kg.ttl").unlink()
    (project / "exports" / "kg.ttl").symlink_to(victim)
    result = kg("build", "--seeds", "seeds", "--force", cwd=project)
    assert result.returncode == 2, result.stderr
    assert "cannot write exports/kg.ttl: it is a symbolic link" in result.stderr
    assert "Traceback" not in result.stderr
    assert victim.read_text() == "precious\n"
    assert os.readlink(project / "exports" / "kg.ttl") == str(victim)
    assert store_version(project / ".kg" / "store") == version


def test_build_refuses_a_symlink_in_an_exports_place_at_the_swap(tmp_path: Path):
    """The check at the swap itself, for a link made after the build started."""
    from kg.atomic import StagedOutputs
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    out = tmp_path / "exports"
    out.mkdir()
    with StagedOutputs(out) as outputs:
        staged = outputs.staging / "kg.ttl"
        staged.write_text("new\n")
        (out / "kg.ttl").symlink_to(victim)
        with pytest.raises(KgError, match="it is a symbolic link"):
            outputs.renames([staged])
    assert victim.read_text() == "precious\n"
