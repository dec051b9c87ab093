"""Progress lines for long runs: one line per finished phase with its count and time.

Written to stderr only when it is a terminal (or when `SEGUR_PROGRESS=1`): a build
piped into a log or run by CI stays quiet. `SEGUR_PROGRESS=0` silences it everywhere.
"""
from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager


def enabled(stream=None) -> bool:
    forced = os.environ.get("SEGUR_PROGRESS")
    if forced in ("0", "1"):
        return forced == "1"
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)())


class Progress:
    """`with progress.phase("pages", unit="page(s)") as ph: …; ph.count = n`."""

    def __init__(self, command: str, stream=None) -> None:
        self.command = command
        self.stream = stream or sys.stderr
        self.on = enabled(self.stream)

    @contextmanager
    def phase(self, label: str, unit: str = ""):
        ph = _Phase()
        t0 = time.perf_counter()
        yield ph
        if self.on:
            what = f" : {ph.count} {unit}" if ph.count is not None and unit else ""
            self.stream.write(f"{self.command} · {label}{what} ({time.perf_counter() - t0:.1f} s)\n")
            self.stream.flush()


class _Phase:
    count: int | None = None
