"""The built store: an on-disk Oxigraph database, replaced atomically on each build.

`.kg/store` (or $KG_STORE) is a symbolic link to `store-<fingerprint>` beside it. A build
loads a fresh directory and only then swaps the link, so a reader, or an interrupted build,
always sees a complete store: the old one or the new one.
"""

from __future__ import annotations

import contextlib
import gc
import os
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, display_path

STORE_ENV = "KG_STORE"
DEFAULT_STORE = Path(".kg") / "store"


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def store_fingerprint(path: Path) -> str | None:
    """The input fingerprint the current store was built from, if there is one."""
    path = Path(path)
    if not path.is_symlink():
        return None
    target = os.readlink(path)
    prefix = f"{path.name}-"
    return target[len(prefix):] if target.startswith(prefix) and path.exists() else None


def write_store(quads: Iterable[ox.Quad], path: Path, fingerprint: str) -> Path:
    """Load `quads` into a new store directory and make `path` point at it."""
    return write_store_with(lambda store: store.bulk_extend(quads), path, fingerprint)


def write_store_with(load: Callable[[ox.Store], object], path: Path, fingerprint: str) -> Path:
    """Let `load` fill a new store directory, then make `path` point at it. If `load` raises,
    the new directory is removed and `path` still points at the previous store."""
    path = Path(path)
    root = path.parent
    if path.exists() and not path.is_symlink():
        raise KgError(f"{display_path(path)} exists and is not a store built by kg; "
                      f"move it away or choose another --store")
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise KgError(f"cannot create {display_path(root)}: {exc.strerror or exc}") from None
    final = root / f"{path.name}-{fingerprint}"
    staging = root / f".{final.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        store = ox.Store(str(staging))
        load(store)
        store.flush()
        del store
        gc.collect()  # release RocksDB's lock before the directory is renamed
        if final.exists():
            shutil.rmtree(final)
        os.rename(staging, final)
        link = root / f".{path.name}.link-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            link.unlink()
        os.symlink(final.name, link)
        os.replace(link, path)
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(exc, OSError):  # a full disk or a read-only folder: say so, plainly
            raise KgError(f"cannot write the store at {display_path(root)}: "
                          f"{exc.strerror or exc}") from None
        raise
    _remove_stale(root, path.name, keep=final.name)
    return final


def _remove_stale(root: Path, name: str, keep: str) -> None:
    for old in root.glob(f"{name}-*"):
        if old.name != keep and old.is_dir():
            shutil.rmtree(old, ignore_errors=True)


def open_store(path: Path | str | None = None) -> ox.Store:
    """Open the built store read-only; it is never modified after a build."""
    path = Path(path) if path is not None else default_store_path()
    if not path.exists():
        raise KgError(f"no store at {display_path(path)}: run `kg build` first "
                      f"(or point --store / ${STORE_ENV} at one)")
    try:
        return ox.Store.read_only(str(path))
    except (OSError, RuntimeError) as exc:  # RocksDB reports a damaged store as RuntimeError
        raise KgError(f"cannot open the store at {display_path(path)}: {exc}; "
                      "rebuild it with `kg build --force`") from None
    except UnicodeError:  # Oxigraph takes only UTF-8 paths
        raise KgError(f"cannot open the store at {display_path(path)}: the path is not "
                      "valid UTF-8") from None
