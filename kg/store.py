"""The built store: an on-disk Oxigraph database, replaced atomically on each build.

For the store path P (`.kg/store`, or --store / $KG_STORE) the layout is:

    P                      a symbolic link to P.d/versions/<version>: the path readers open
    P.d/                   kg's own folder: kg makes it, and nothing else belongs in it
      KG-STORE-FOLDER      the marker: kg removes nothing in a folder that lacks it
      versions/<fp>.<n>/   complete stores: the current one, and the one before it (a
                           reader that opened it, such as a running `kg serve`, can finish)
      staging/             the store being loaded; a killed build's is removed by the next
      build.json           what the last build read and wrote (kg/pipeline.py)
      publishing.json      only while a build swaps the store and renames its exports
      build.lock           held by the running build: one build per store at a time

Nothing else beside P is read, written or removed. A build loads a fresh store in
staging/, moves it to versions/ and only then swaps the link, so a reader, or an
interrupted build, always sees a complete store: the old one or the new one.

A reader detects a new build by `store_version(P)` (the link's target) changing: every
build gets a new version folder, even one from unchanged inputs (`--force`).
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError, display_path
from kg.faults import fault_point

STORE_ENV = "KG_STORE"
DEFAULT_STORE = Path(".kg") / "store"
MARKER = "KG-STORE-FOLDER"
STATE_FILE = "build.json"
JOURNAL = "publishing.json"
LOCK = "build.lock"
# What kg puts in its folder; anything else there was put by someone else.
_OWN = {MARKER, "versions", "staging", STATE_FILE, JOURNAL, LOCK}
_OWN_TEMPORARY = re.compile(r"\.(build|publishing)\.json\..+\.tmp")
_VERSION = re.compile(r"([0-9a-f]{8,64})\.([0-9]+)")
_OLD_LAYOUT = re.compile(r"-([0-9a-f]{20})")  # kg before 0.2: P -> P-<fingerprint>, beside P
_MARKER_TEXT = ("This folder is made and managed by kg for the store link beside it.\n"
                "kg removes things only in a folder that holds this file; keep your own\n"
                "files elsewhere, or kg refuses to build here.\n")


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


def store_version(path: Path) -> str | None:
    """What the store link points at: a new value after every build, None if no store."""
    path = Path(path)
    if not path.is_symlink() or not path.exists():
        return None
    return os.readlink(path)


def store_fingerprint(path: Path) -> str | None:
    """The input fingerprint the current store was built from, if there is one."""
    target = store_version(path)
    if target is None:
        return None
    name = Path(target).name
    match = _VERSION.fullmatch(name) or _OLD_LAYOUT.fullmatch(name.removeprefix(Path(path).name))
    return match.group(1) if match else None


def store_files_digest(path: Path) -> str | None:
    """A digest of the names, sizes and modification times of the files in the store's
    folder. A read-only open (kg query, kg serve without --allow-update) changes none of
    them; any writer (kg serve --allow-update, another Oxigraph program) does, RocksDB
    rewriting its log and manifest on every writable open. So a build that recorded it
    can tell its store is no longer what its inputs make, for one folder listing."""
    try:
        entries = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns)
                         for e in os.scandir(os.path.realpath(path)))
    except OSError:
        return None
    return hashlib.sha256(json.dumps(entries).encode()).hexdigest()


class StoreFolder:
    """The store link P and kg's folder P.d beside it (see the module's docstring)."""

    def __init__(self, path: Path):
        self.link = Path(path)
        self.root = self.link.parent / f"{self.link.name}.d"
        self.versions = self.root / "versions"
        self.staging = self.root / "staging"
        self.state_path = self.root / STATE_FILE

    def claim(self) -> None:
        """Make kg's folder if there is none; refuse a store path, or a folder, that holds
        anything kg did not make."""
        link, root = self.link, self.root
        self._refuse_nesting()
        if link.is_symlink():
            target = os.readlink(link)
            if not self._ours(target):
                raise KgError(f"{display_path(link)} is a symbolic link kg did not make (to "
                              f"{target}); move it away or choose another --store")
        elif link.exists():
            raise KgError(f"{display_path(link)} exists and is not a store built by kg; "
                          f"move it away or choose another --store")
        if root.is_symlink() or (root.exists() and not root.is_dir()):
            raise KgError(f"{display_path(root)} is not a folder kg made; kg keeps the store "
                          f"{display_path(link)} there: move it away or choose another --store")
        if not root.exists():
            self._make_root()
        if not (root / MARKER).is_file():
            raise KgError(f"{display_path(root)} was not made by kg (it has no {MARKER} "
                          f"file); kg keeps the store {display_path(link)} there: move the "
                          f"folder away or choose another --store")
        foreign = sorted(n for n in os.listdir(root)
                         if n not in _OWN and not _OWN_TEMPORARY.fullmatch(n))
        if foreign:
            raise KgError(f"{display_path(root)} holds {', '.join(foreign[:5])}"
                          f"{' and more' if len(foreign) > 5 else ''}, which kg did not make; "
                          f"this folder is kg's own: move them elsewhere")

    def _refuse_nesting(self) -> None:
        """A store inside kg's folder of another store (which kg manages, and removes
        versions from), or inside a RocksDB database folder (whose files RocksDB owns), would
        be damaged by, or damage, that other store: refuse it."""
        parent = Path(os.path.realpath(self.link.parent))
        for folder in (parent, *parent.parents):
            if (folder / MARKER).is_file():
                raise KgError(f"cannot put a store at {display_path(self.link)}: it is inside "
                              f"{display_path(folder)}, the folder kg keeps another store in; "
                              "choose another --store")
            if all((folder / name).is_file() for name in ("CURRENT", "IDENTITY")):
                raise KgError(f"cannot put a store at {display_path(self.link)}: it is inside "
                              f"{display_path(folder)}, a store's database folder; choose "
                              "another --store")

    def _ours(self, target: str) -> bool:
        parts = Path(target).parts
        if len(parts) == 3 and parts[:2] == (self.root.name, "versions"):
            return bool(_VERSION.fullmatch(parts[2]))
        prefix = self.link.name
        return target.startswith(prefix) and bool(_OLD_LAYOUT.fullmatch(target[len(prefix):]))

    def _make_root(self) -> None:
        try:
            self.link.parent.mkdir(parents=True, exist_ok=True)
            self.root.mkdir()
            (self.root / MARKER).write_text(_MARKER_TEXT)
        except FileExistsError:
            pass  # another build made it first; claim() checks its marker
        except OSError as exc:
            raise KgError(f"cannot create {display_path(self.root)}: "
                          f"{exc.strerror or exc}") from None

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the build lock. A second build on the same store is refused, not queued:
        it would redo the same work, and a queue of builds hides a stuck one."""
        try:
            fd = os.open(self.root / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise KgError(f"cannot write the store at {display_path(self.root)}: "
                          f"{exc.strerror or exc}") from None
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
                raise KgError(f"another kg build (process {holder}) is writing the store "
                              f"{display_path(self.link)}; wait for it to finish, then run "
                              f"kg build again") from None
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            yield
        finally:
            os.close(fd)  # closing releases the lock

    def recover(self) -> None:
        """Under the lock: finish a publication a killed build started (publishing.json),
        and remove what killed loads left in staging/."""
        self._check_owned()
        journal = self.root / JOURNAL
        if journal.exists():
            try:
                record = json.loads(journal.read_text())
                version, outputs, staging = (record["version"], record["outputs"],
                                             record["staging"])
            except (OSError, ValueError, KeyError, TypeError):
                version, outputs, staging = None, [], ""  # cut short while being written
            try:
                if version and store_version(self.link) == version:  # swapped: finish it
                    for staged, final in outputs:
                        if os.path.lexists(staged):
                            os.replace(staged, final)
            except OSError as exc:
                raise KgError(f"cannot finish the exports of the last build (listed in "
                              f"{display_path(journal)}): {exc.strerror or exc}") from None
            from kg.atomic import remove_staging_folder
            if staging:
                remove_staging_folder(Path(staging))
            journal.unlink()
        if self.staging.is_dir():
            for leftover in self.staging.iterdir():
                _remove_tree(leftover)

    def stage(self, load: Callable[[ox.Store], object]) -> Path:
        """Let `load` fill a new store in staging/ and close it; its folder is returned. If
        `load` raises, the new folder is removed and nothing else has changed."""
        self._check_owned()
        staged = self.staging / f"store.tmp-{os.getpid()}"
        try:
            self.staging.mkdir(exist_ok=True)
            _remove_tree(staged)
            store = ox.Store(str(staged))
            load(store)
            fault_point("load")
            store.flush()
            del store
            gc.collect()  # release RocksDB's lock before the folder is opened again or moved
        except BaseException as exc:
            _remove_tree(staged)
            if isinstance(exc, OSError):  # a full disk or a read-only folder: say so, plainly
                raise KgError(f"cannot write the store at {display_path(self.root)}: "
                              f"{exc.strerror or exc}") from None
            raise
        return staged

    def publish(self, staged: Path, fingerprint: str,
                outputs: Iterable[tuple[Path, Path]] = (), outputs_staging: Path | None = None
                ) -> Path:
        """Make the staged store current, and rename each staged output (staged, final)
        into place with it. A journal lets the next build finish the renames should this
        process be killed between the swap and the last rename (see recover)."""
        self._check_owned()
        previous = store_version(self.link)
        self.versions.mkdir(exist_ok=True)
        numbers = [int(m.group(2)) for p in self.versions.iterdir()
                   if (m := _VERSION.fullmatch(p.name))]
        final = self.versions / f"{fingerprint}.{max(numbers, default=0) + 1}"
        target = f"{self.root.name}/versions/{final.name}"
        # Absolute: the next build, which may finish this one, may run elsewhere.
        outputs = [(os.path.abspath(s), os.path.abspath(f)) for s, f in outputs]
        journal = self.root / JOURNAL
        from kg.atomic import write_bytes_atomically
        write_bytes_atomically(journal, json.dumps(
            {"version": target, "outputs": outputs,
             "staging": os.path.abspath(outputs_staging) if outputs_staging else ""}).encode())
        try:
            os.rename(staged, final)
            new_link = self.staging / "link"
            with contextlib.suppress(FileNotFoundError):
                new_link.unlink()
            os.symlink(target, new_link)
            os.replace(new_link, self.link)  # the one step that makes the new store current
            fault_point("publish")
            for source, destination in outputs:
                os.replace(source, destination)
            journal.unlink()
        except OSError as exc:
            raise KgError(f"cannot publish the new store at {display_path(self.link)}: "
                          f"{exc.strerror or exc}; the next build finishes or undoes "
                          f"this one") from None
        self._remove_old_versions(keep={target, previous})
        return final

    def _remove_old_versions(self, keep: set[str | None]) -> None:
        kept = {Path(k).name for k in keep if k}
        for version in self.versions.iterdir():
            if _VERSION.fullmatch(version.name) and version.name not in kept:
                _remove_tree(version)

    def _check_owned(self) -> None:
        # Checked again before anything is removed: the folder may have changed since claim.
        if not (self.root / MARKER).is_file():
            raise KgError(f"{display_path(self.root)} has no {MARKER} file; kg removes "
                          f"nothing there")


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        from kg.atomic import remove_tree
        remove_tree(path)


def open_store(path: Path | str | None = None) -> ox.Store:
    """Open the built store read-only; it is never modified after a build."""
    path = Path(path) if path is not None else default_store_path()
    if not path.exists():
        raise KgError(f"no store at {display_path(path)}: run `kg build` first "
                      f"(or point --store / ${STORE_ENV} at one)")
    try:
        return ox.Store.read_only(str(path))
    except OPEN_ERRORS as exc:
        raise KgError(cannot_open_message(path, exc)) from None


# RocksDB reports a damaged store as RuntimeError; Oxigraph takes only UTF-8 paths.
OPEN_ERRORS = (OSError, RuntimeError, UnicodeError)


def cannot_open_message(path: Path | str, exc: BaseException) -> str:
    """The one wording of "this store cannot be opened", for every opener of a store
    (kg query, kg stats, kg serve's workers)."""
    if isinstance(exc, UnicodeError):
        return f"cannot open the store at {display_path(path)}: the path is not valid UTF-8"
    return (f"cannot open the store at {display_path(path)}: {exc}; "
            "rebuild it with `kg build --force`")


__all__ = ["StoreFolder", "open_store", "store_fingerprint", "store_version",
           "default_store_path", "STORE_ENV"]
