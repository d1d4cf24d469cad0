"""Reading an input file as UTF-8, with the error a person can act on; and deciding which
files are inputs at all: regular files inside the seeds folder, nothing else."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kg.characters import decode_utf8
from kg.errors import KgError, Problem, display_path


def read_utf8(path: Path, max_bytes: int, missing: str = "file not found") -> str:
    """The file's text (a leading BOM dropped), or KgError naming the file, line and reason.

    Only a regular file is read: a FIFO would make the build wait for a writer forever and
    a device such as /dev/zero never ends, so both are refused before a byte is read."""
    where = display_path(path)
    reason = not_a_regular_file(path, missing)
    if reason:
        raise KgError(Problem(where, None, reason))
    try:
        # O_NONBLOCK: should the file have become a FIFO since the check, open does not wait.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise KgError(Problem(where, None, "is not a regular file"))
            raw = handle.read(max_bytes + 1)
    except OSError as exc:
        raise KgError(Problem(where, None, f"cannot read: {exc.strerror or exc}")) from None
    if len(raw) > max_bytes:
        size = os.stat(path).st_size
        raise KgError(Problem(where, None, f"file is {size:,} bytes, over the {max_bytes:,}-"
                              "byte limit for one input; split it, one file per article"))
    return decode_utf8(raw, where)


def not_a_regular_file(path: Path, missing: str = "file not found") -> str | None:
    """Why `path` cannot be read as an input, or None if it is a regular file (directly or
    through symbolic links)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"dangling symbolic link (to {os.readlink(path)})"
        return missing
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        return f"cannot read: {exc.strerror or exc}"
    if stat.S_ISREG(info.st_mode):
        return None
    if stat.S_ISDIR(info.st_mode):
        return "is a directory, expected a file"
    kind = ("a FIFO (named pipe)" if stat.S_ISFIFO(info.st_mode) else
            "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
            "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
    return f"is {kind}, expected a regular file"


def text_beside(annotation: Path, name: str, line: int | None, max_bytes: int) -> Path:
    """The article text an annotation names, checked to be a regular file inside the
    annotation's folder and under `max_bytes`. A text outside the folder would publish that
    file's lines in every export. `line` is where the annotation's `text:` field is; None
    when it has none and the text is `<stem>.txt`, whose own problems (missing, not UTF-8)
    read_utf8 reports at the text's path."""
    path = annotation.parent / name
    where, said = ((display_path(annotation), f"text '{name}' ") if line is not None
                   else (display_path(path), ""))
    folder = os.path.realpath(annotation.parent)
    if Path(name).is_absolute() or os.path.commonpath(
            [folder, os.path.realpath(path)]) != folder:
        raise KgError(Problem(where, line, f"{said or 'links to a file that '}is outside the "
                              "seeds folder; an article's text must be a file in the folder "
                              "beside its annotation"))
    if line is None:
        return path
    reason = not_a_regular_file(path, "not found")
    if reason:
        raise KgError(Problem(where, line, f"{said}{reason}"))
    size = os.stat(path).st_size
    if size > max_bytes:
        raise KgError(Problem(where, line, f"{said}is {size:,} bytes, over the {max_bytes:,}-"
                              "byte limit for one article"))
    return path
