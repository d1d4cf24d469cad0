"""Write-then-rename, so that an output is either the old complete file or the new one.

What an output path names decides how it is written (`output_target`):

- `-`: standard output;
- a regular file, or nothing yet: a temporary beside it, renamed over it when complete.
  Its folder must exist: none is created;
- a symbolic link: written through. The file it points to is replaced as above; the link
  stays, and still points at it. Only for a path the user names (`-o`): `StagedOutputs`
  (kg build's exports folder) refuses links. A dangling link is refused;
- a character device or a FIFO (`/dev/null`, a named pipe): written to directly, never
  replaced (a device has no old content to keep whole);
- anything else (a folder, a block device, a socket): refused.

`StagedOutputs` extends the same promise to a set of files: all are written into a staging
folder first and renamed into place together, at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from kg.errors import KgError, display_path

STDOUT = "-"
STAGING_MARKER = "KG-STAGING"
_STAGING_PREFIX = ".kg-staging-"


def output_target(path: Path) -> tuple[Path, bool]:
    """Where to write `path`, and whether to write there directly (True) rather than
    through a temporary and a rename."""
    try:
        info = os.stat(path)  # follows symbolic links: what matters is what they point at
    except FileNotFoundError:
        if os.path.islink(path):
            # Writing through a dangling link would create a file (and, before, folders)
            # wherever the link happens to point: refuse, naming where that is.
            raise KgError(f"cannot write {display_path(path)}: it is a symbolic link to "
                          f"{os.readlink(path)}, which does not exist") from None
        real = Path(os.path.realpath(path))
        if not real.parent.is_dir():
            # Not created: a typo in a folder name should be an error, not a new folder.
            raise KgError(f"cannot write {display_path(path)}: the folder "
                          f"{display_path(Path(path).parent)} does not exist") from None
        return real, False
    except OSError as exc:
        raise KgError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
    if stat.S_ISREG(info.st_mode):
        real = os.path.realpath(path)
        # /dev/stdout and /dev/fd/N lead through /proc to an open descriptor: write to it,
        # since renaming over the file it names would not reach the descriptor.
        return (Path(path), True) if real.startswith("/proc/") else (Path(real), False)
    if stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode):
        return Path(path), True
    kind = ("a folder" if stat.S_ISDIR(info.st_mode) else
            "a block device" if stat.S_ISBLK(info.st_mode) else
            "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
    raise KgError(f"cannot write {display_path(path)}: it is {kind}; give a file name, "
                  f"`-` for standard output, a character device or a FIFO")


@contextlib.contextmanager
def atomic_output(path: Path, mode: str = "wb") -> Iterator[IO]:
    """Open `path` for writing as the module's docstring says; for a regular file, the new
    content replaces the old only if the block succeeds."""
    if str(path) == STDOUT:
        handle = sys.stdout.buffer if "b" in mode else sys.stdout
        yield handle
        handle.flush()
        return
    path = Path(path)
    target, direct = output_target(path)
    if direct:
        try:
            with open(target, mode) as handle:
                yield handle
        except OSError as exc:
            raise KgError(f"cannot write {display_path(path)}: {exc.strerror or exc}") from None
        return
    with _replacing(target, path, mode) as handle:
        yield handle


@contextlib.contextmanager
def _replacing(target: Path, shown: Path, mode: str) -> Iterator[IO]:
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise KgError(f"cannot write {display_path(shown)}: {exc.strerror or exc}") from None
    try:
        try:
            keep = stat.S_IMODE(os.stat(target).st_mode)  # a replaced file keeps its mode
        except FileNotFoundError:
            keep = 0o644  # not mkstemp's 0600, which would make exports unreadable to others
        os.chmod(tmp, keep)
        with os.fdopen(fd, mode) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        left = _unlink_quietly(Path(tmp))
        if isinstance(exc, OSError):
            raise KgError(f"cannot write {display_path(shown)}: {exc.strerror or exc}"
                          f"{left}") from None
        raise


def _unlink_quietly(path: Path) -> str:
    """Remove a temporary; if that fails too (a folder made read-only meanwhile), say so
    instead of replacing the first error with a traceback. The next build removes it."""
    try:
        path.unlink(missing_ok=True)
    except OSError as exc:
        return (f" (and the temporary {display_path(path)} could not be removed: "
                f"{exc.strerror or exc}; the next build removes it)")
    return ""


def write_bytes_atomically(path: Path, data: bytes) -> None:
    with atomic_output(path) as handle:
        handle.write(data)


def remove_tree(path: Path) -> None:
    """Remove a folder kg made. Read-only folders inside it (a killed writer's, or a
    user's chmod) are made writable first, so that nothing is left; what still cannot be
    removed is a KgError naming it, not a traceback."""
    def retry(function, name, _exc):
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(name), 0o700)
            if os.path.isdir(name) and not os.path.islink(name):
                os.chmod(name, 0o700)
        function(name)

    try:
        if sys.version_info >= (3, 12):
            shutil.rmtree(path, onexc=retry)
        else:
            shutil.rmtree(path, onerror=lambda f, n, e: retry(f, n, e[1]))
    except FileNotFoundError:
        pass
    except OSError as exc:
        raise KgError(f"cannot remove the temporary {display_path(exc.filename or path)}: "
                      f"{exc.strerror or exc}; remove it by hand") from None


def remove_stale_temporaries(folder: Path, names: Iterable[str]) -> None:
    """Delete temporaries that atomic_output left for `names` in `folder`: a process killed
    by a signal it cannot catch never reaches its own clean-up."""
    folder = Path(folder)
    if not folder.is_dir():
        return
    for name in names:
        for stale in folder.glob(f".{name}.*.tmp"):
            try:
                stale.unlink(missing_ok=True)
            except OSError as exc:
                raise KgError(f"cannot remove the temporary {display_path(stale)} a killed "
                              f"build left: {exc.strerror or exc}") from None


class StagedOutputs:
    """Files written into `.kg-staging-<pid>/` inside `folder`, then renamed into `folder`
    together by the caller (`renames`). The staging folder holds a marker file, so that
    kg removes only staging folders it made."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.staging = self.folder / f"{_STAGING_PREFIX}{os.getpid()}"

    def __enter__(self) -> StagedOutputs:
        remove_stale_staging(self.folder)
        try:
            self.staging.mkdir(parents=True)
            (self.staging / STAGING_MARKER).write_bytes(b"")
        except OSError as exc:
            raise KgError(f"cannot write to {display_path(self.folder)}: "
                          f"{exc.strerror or exc}") from None
        return self

    def __exit__(self, *_) -> None:
        remove_staging_folder(self.staging)  # empty after a publish; the files if it failed

    def renames(self, staged: Iterable[Path]) -> list[tuple[Path, Path]]:
        """(staged, final) for each staged file, checked now, so that the renames cannot
        fail once the store is swapped. Anything but a regular file (or nothing) in an
        export's place is refused. Unlike `-o`, a symbolic link is refused too: the exports
        folder is committed, git keeps links, so a link there is content nobody chose as
        the build's destination and must not lead the build to overwrite a file elsewhere."""
        pairs = []
        for path in staged:
            shown = self.folder / Path(path).name
            refuse_link_in_exports_folder(shown)
            target, direct = output_target(shown)
            if direct:
                raise KgError(f"cannot write {display_path(shown)}: it is not a regular file; "
                              "kg build writes its exports as files")
            if os.stat(target.parent).st_dev != os.stat(self.staging).st_dev:
                raise KgError(f"cannot write {display_path(shown)}: it links to another file "
                              "system, where the export cannot be renamed into place")
            pairs.append((Path(path), target))
        return pairs


def refuse_link_in_exports_folder(path: Path) -> None:
    """A build never writes through a symbolic link where one of its exports goes."""
    if os.path.islink(path):
        raise KgError(f"cannot write {display_path(path)}: it is a symbolic link (to "
                      f"{os.readlink(path)}); kg build does not write through links in its "
                      "exports folder: remove the link, or use `kg export -o` to write "
                      "through one")


def remove_staging_folder(staging: Path) -> None:
    if staging.name.startswith(_STAGING_PREFIX) and (staging / STAGING_MARKER).is_file():
        remove_tree(staging)


def remove_stale_staging(folder: Path) -> None:
    """Remove staging folders of builds that were killed (their process is gone)."""
    if not Path(folder).is_dir():
        return
    for staging in Path(folder).glob(f"{_STAGING_PREFIX}*"):
        pid = staging.name[len(_STAGING_PREFIX):]
        if pid.isdigit() and not _running(int(pid)):
            remove_staging_folder(staging)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a folder with our own number is a leftover of an earlier process
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
