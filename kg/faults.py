"""Named fault points, so that tests can stop a build at an exact step instead of guessing
with timed kills.

`KG_FAULT=<point>` makes the build announce on standard error that it reached `<point>`
and then wait there until it is killed or interrupted; `KG_FAULT=<point>:fail` makes it
raise "no space left on device" there instead. Without KG_FAULT a fault point does
nothing. The points are named where they are placed (kg/store.py, kg/pipeline.py).
"""

from __future__ import annotations

import errno
import os
import signal
import sys

FAULT_ENV = "KG_FAULT"


def fault_point(name: str) -> None:
    wanted = os.environ.get(FAULT_ENV, "")
    point, _, action = wanted.partition(":")
    if point != name:
        return
    if action == "fail":
        raise OSError(errno.ENOSPC, f"{os.strerror(errno.ENOSPC)} ({FAULT_ENV}={wanted})")
    sys.stderr.write(f"kg: stopped at fault point '{name}' (process {os.getpid()})\n")
    sys.stderr.flush()
    while True:
        signal.pause()
