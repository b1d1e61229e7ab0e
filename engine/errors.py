"""One error type for everything a user can get wrong, printed as a single `file:line: reason`."""

from __future__ import annotations

from pathlib import Path


class AccordError(Exception):
    """Bad input: the CLI prints `str(error)` on one line and exits with code 2."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = self.path or ""
        if where and self.line:
            where = f"{where}:{self.line}"
        return f"{where}: {self.message}" if where else self.message


class FrameworkError(AccordError):
    """A framework file is malformed or inconsistent."""


class BundleError(AccordError):
    """A bundle (one member's answers) or merged file is malformed or does not fit its framework."""


class CsvError(AccordError):
    """A CSV file (survey export or Accord bundle CSV) cannot be read."""
