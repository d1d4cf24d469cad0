"""A one-line progress bar on standard error, for builds long enough to need one.

Drawn only when standard error is a terminal, so logs, pipes and tests see nothing.
"""

from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, total: int, what: str, stream=None, min_total: int = 200):
        self.total, self.what = total, what
        self.stream = stream or sys.stderr
        self.enabled = total >= min_total and getattr(self.stream, "isatty", lambda: False)()
        self.start = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int) -> None:
        now = time.monotonic()
        if not self.enabled or (now - self.last < 0.2 and done < self.total):
            return
        self.last = now
        rate = done / max(now - self.start, 1e-9)
        filled = int(30 * done / self.total)
        eta = (self.total - done) / rate if rate else 0
        self.stream.write(f"\r  [{'#' * filled}{' ' * (30 - filled)}] {done}/{self.total} "
                          f"{self.what}  {rate:,.0f}/s  eta {eta:,.0f}s ")
        if done >= self.total:
            self.stream.write("\n")
        self.stream.flush()
