"""Reading an input file as UTF-8, with the error a person can act on."""

from __future__ import annotations

from pathlib import Path

from kg.errors import KgError, Problem, display_path


def read_utf8(path: Path, max_bytes: int, missing: str = "file not found") -> str:
    """The file's text (a leading BOM dropped), or KgError naming the file, line and reason."""
    where = display_path(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise KgError(Problem(where, None, f"file is {size:,} bytes, over the {max_bytes:,}-"
                                  "byte limit for one input; split it, one file per article"))
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KgError(Problem(where, None, missing)) from None
    except IsADirectoryError:
        raise KgError(Problem(where, None, "is a directory, expected a file")) from None
    except OSError as exc:
        raise KgError(Problem(where, None, f"cannot read: {exc.strerror or exc}")) from None
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KgError(Problem(where, line, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at "
                              f"offset {exc.start}); save the file as UTF-8")) from None
