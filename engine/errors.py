"""One error type for everything a user can get wrong, printed as a single `file:line: reason`."""

from __future__ import annotations

from pathlib import Path
from typing import NotRequired, TypedDict, Unpack


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



class MismatchWords(TypedDict):
    """How a `FrameworkMismatch` names its two sides (`what`, `against`), the file (`path`) and
    what to do (`hint`)."""

    what: str
    against: str
    path: NotRequired[str | Path | None]
    hint: NotRequired[str]


class FrameworkMismatch(AccordError):
    """Two things that must be of one framework and version are not: two rounds, a plan and its
    results, a file and the framework it is read against (`check_same_framework`).

    Fields: `found` and `expected` as (framework id, version) pairs, `what` and `against` the
    words for each side ("the follow-up", "the baseline"), `path` the file of the side found,
    `hint` what to do about it ("" for none). The message is made from these fields; no caller
    ever parses it back.
    """

    def __init__(self, found: tuple[str, str], expected: tuple[str, str], **words: Unpack[MismatchWords]) -> None:
        what, against, path, hint = words["what"], words["against"], words.get("path"), words.get("hint", "")
        self.found, self.expected, self.what, self.against, self.hint = found, expected, what, against, hint
        if found[0] != expected[0]:  # "the follow-up is for framework mini, the baseline for scsn-csp"
            message = f"{what} is for framework {found[0]}, {against} for {expected[0]}"
        else:
            message = f"{what} is for {found[0]} version '{found[1]}', {against} for version '{expected[1]}'"
        super().__init__(f"{message}: {hint}" if hint else message, path)

    @property
    def same_id(self) -> bool:
        """True when only the versions differ."""
        return self.found[0] == self.expected[0]


def check_same_framework(found: tuple[str, str], expected: tuple[str, str], **words: Unpack[MismatchWords]) -> None:
    """The one same-framework-and-version rule: `FrameworkMismatch` (with these `words`) unless
    `found` is the framework (id, version) that `expected` is. Used wherever two rounds, a plan
    and results, or a file and its framework meet (engine.rounds, engine.compare, engine.trend,
    engine.scorecard_book, exports.drop_folder, tui.workflows)."""
    if found != expected:
        raise FrameworkMismatch(found, expected, **words)
