"""The console entry point. Everything heavy is imported inside the guard, so that Ctrl-C
during start-up ends quietly like Ctrl-C anywhere else."""

from __future__ import annotations

import sys

INTERRUPTED = 130


def main() -> None:
    try:
        from kg.cli import cli

        cli(prog_name="kg")
    except KeyboardInterrupt:
        sys.stderr.write("interrupted; the previous store and exports are unchanged\n")
        sys.exit(INTERRUPTED)
