"""What each endpoint last received: per endpoint, the content hash of every graph pushed.

A snapshot (JSON) plus a journal of the changes since it, one line per graph, appended
and flushed as each request goes out and comes back. A killed push therefore leaves a
record that is true up to the last answered request; the next run continues from it.
Before a PUT the journal says the graph is being sent ("sending"): if the run dies then,
the server may or may not hold that graph, so the next run sends it again, or deletes it
if the article has meanwhile left the corpus. Nothing is ever left behind unrecorded.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from pathlib import Path

from kg.atomic import write_bytes_atomically
from kg.errors import KgError, display_path

SENDING = "sending"   # a PUT went out without an answer: content on the server unknown


def state_path(store: Path, endpoint: str) -> Path:
    """Where the push state for `endpoint` lives: beside the store, one file per endpoint.

    The one place that knows the layout (the store folder's layout may change)."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", re.sub(r"^\w+://", "", endpoint)).strip("-")[:60]
    digest = hashlib.sha256(endpoint.encode()).hexdigest()[:12]
    return Path(store).parent / "push" / f"{slug}-{digest}.json"


class PushState:
    """graph IRI -> the digest the endpoint holds for it, or SENDING."""

    def __init__(self, path: Path, endpoint: str):
        self.path, self.endpoint = Path(path), endpoint
        self.journal_path = self.path.with_suffix(".journal")
        self.graphs: dict[str, str] = {}
        self._journal = None
        self._load()

    def _load(self) -> None:
        try:
            if self.path.exists():
                data = json.loads(self.path.read_text(encoding="utf-8"))
                self.graphs = dict(data.get("graphs", {}))
            if self.journal_path.exists():
                for line in self.journal_path.read_text(encoding="utf-8").splitlines():
                    # The last line may be cut short by a kill: everything before it holds.
                    with contextlib.suppress(json.JSONDecodeError):
                        self._apply(json.loads(line))
        except (OSError, ValueError, AttributeError) as exc:
            raise KgError(f"{display_path(self.path)}: unreadable push state ({exc}); "
                          f"delete it and push with --all") from None

    def _apply(self, entry: dict) -> None:
        if entry.get("state") is None:
            self.graphs.pop(entry["graph"], None)
        else:
            self.graphs[entry["graph"]] = entry["state"]

    def record(self, graph: str, state: str | None) -> None:
        """Note what the endpoint now holds for `graph` (None: nothing), durably."""
        entry = {"graph": graph, "state": state}
        self._apply(entry)
        if self._journal is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._journal = open(self.journal_path, "a", encoding="utf-8")  # noqa: SIM115
        self._journal.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._journal.flush()
        os.fsync(self._journal.fileno())

    def save(self) -> None:
        """Fold the journal into a new snapshot (written atomically), then drop the journal."""
        data = {"endpoint": self.endpoint, "graphs": dict(sorted(self.graphs.items()))}
        # kg owns this folder (unlike a user's -o target, whose folder is never made)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(self.path, (json.dumps(data, indent=1, ensure_ascii=False)
                                           + "\n").encode())
        if self._journal is not None:
            self._journal.close()
            self._journal = None
        with contextlib.suppress(FileNotFoundError):
            self.journal_path.unlink()

    def close(self) -> None:
        if self._journal is not None:
            self._journal.close()
            self._journal = None
