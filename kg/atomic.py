"""Write-then-rename, so that an output is either the old complete file or the new one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from kg.errors import KgError, display_path


@contextlib.contextmanager
def atomic_output(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Open a temporary file beside `path`; rename it over `path` only if the block succeeds."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise KgError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    try:
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would make exports unreadable to others
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise KgError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
        raise


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with atomic_output(path) as handle:
        handle.write(data)


def remove_stale_temporaries(folder: Path, names) -> None:
    """Delete temporaries that atomic_output left for `names` in `folder`: a process killed
    by a signal it cannot catch never reaches its own clean-up."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for name in names:
        for stale in folder.glob(f".{name}.*.tmp"):
            stale.unlink(missing_ok=True)
