"""Progress for long commands: a Rich bar on a terminal, and nothing at all on a pipe or in a file.

The bar appears only once the work has taken more than a moment (`DELAY` seconds), so quick runs
print exactly what they printed before; it is drawn on stderr and removed when the work ends.
"""

from __future__ import annotations

import sys
import time
from typing import Any

DELAY = 0.4


class Progress:
    """`with Progress("Importing", total) as p: ... p.advance()`."""

    def __init__(self, label: str, total: int, *, stream: Any = None) -> None:
        self.label, self.total = label, total
        self.stream = stream or sys.stderr
        self.done = 0
        self.start = time.monotonic()
        self._bar: Any = None
        self._task: Any = None
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 0

    def __enter__(self) -> Progress:
        return self

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self._bar is None:
            if time.monotonic() - self.start < DELAY:
                return
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeRemainingColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                console=Console(file=self.stream), transient=True,
            )  # fmt: skip
            self._bar.start()
            self._task = self._bar.add_task(self.label, total=self.total)
        self._bar.update(self._task, completed=self.done)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.stop()
            self._bar = None


class Busy:
    """`with Busy("Reading export.xlsx"): ...`: a spinner on a terminal if the work takes more than
    a moment (work that cannot count its steps, such as parsing a workbook); nothing otherwise."""

    def __init__(self, label: str, *, stream: Any = None) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self._status: Any = None
        self._timer: Any = None
        self._lock: Any = None

    def _show(self) -> None:
        from rich.console import Console

        with self._lock:
            if self._timer is None:  # already finished
                return
            self._status = Console(file=self.stream).status(self.label)
            self._status.start()

    def __enter__(self) -> Busy:
        if self.enabled:
            import threading

            self._lock = threading.Lock()
            self._timer = threading.Timer(DELAY, self._show)
            self._timer.daemon = True
            self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._timer is None:
            return
        self._timer.cancel()
        with self._lock:
            self._timer = None
            if self._status is not None:
                self._status.stop()
                self._status = None
