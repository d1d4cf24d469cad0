"""Regression tests for the hardening issue: a build never touches what it does not own,
reads only the corpus, and leaves the previous state whole when it fails."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

FAULT_LINE = "stopped at fault point"


def kg(*args: str, cwd: Path, env: dict | None = None, timeout: float = 120,
       **options) -> subprocess.CompletedProcess:
    """`python -m kg ARGS` in a real process: exit codes, stderr and signals are real."""
    return subprocess.run([sys.executable, "-m", "kg", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL,
                          env={**os.environ, **(env or {})}, **options)


def start_at_fault(point: str, *args: str, cwd: Path) -> subprocess.Popen:
    """A `kg build` stopped at the named fault point (kg/faults.py): returns once the
    process has said it got there, so a signal sent next lands exactly in that step."""
    process = subprocess.Popen([sys.executable, "-m", "kg", "build", *args], cwd=cwd,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "KG_FAULT": point})
    said = []
    for line in process.stderr:
        said.append(line)
        if FAULT_LINE in line:
            assert f"'{point}'" in line, line
            return process
    process.wait(timeout=30)
    raise AssertionError(f"the build never reached fault point {point!r}:\n{''.join(said)}")


def digests(folder: Path) -> dict[str, str]:
    """Every file under `folder` (relative name -> SHA-256); links by where they point."""
    found = {}
    for path in sorted(Path(folder).rglob("*")):
        name = str(path.relative_to(folder))
        if path.is_symlink():
            found[name] = "-> " + os.readlink(path)
        elif path.is_file():
            found[name] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            found[name] = "folder"
    return found


__all__ = ["kg", "start_at_fault", "digests", "ROOT", "FAULT_LINE"]
