"""The CLI's output path: everything a command prints or writes goes through here.

Printing: text goes through `exports.textsafe.terminal` (escape sequences, C1 controls, bidi
overrides and zero-width characters from files are made visible, never emitted), JSON through
`exports.textsafe.json_text` (the same characters as `\\uXXXX` escapes, so it parses back exactly).

Writing (`--out`): atomically, never through a symbolic link, and never over an existing file
unless the user gave `--force`; an Accord bundle is never replaced by anything else, `--force`
or not (so `merge drop --out drop/alice.toml` cannot destroy Alice's answers).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.errors import AccordError
from accord_partnership.tui.cli.options import add_force, release_option  # declared in tui.cli.options; kept importable here
from accord_partnership.exports.textsafe import json_text, terminal

if TYPE_CHECKING:
    from accord_partnership.engine.merge import MergeReport
    from accord_partnership.engine.rounds import MergeHook

_BUNDLE_MARK = b'format = "accord-bundle"'


def check_out(path: str | Path, *, force: bool = False, bundle_ok: bool = False, option: str = "--out") -> Path:
    """The output file `path`, or `AccordError` when writing it would lose something.

    Refused: a folder, a symbolic link, anything not a regular file, an existing file without
    `force`, and an existing Accord bundle whatever `force` says (unless `bundle_ok`: the output
    is itself that bundle, updated). Call before the work, so nothing is done in vain.
    """
    target = Path(path)
    if target.is_symlink():
        raise AccordError("refusing to write through a symbolic link", target)
    if target.is_dir():
        raise AccordError(f"{option} is a folder; give a file name", target)
    if not target.exists():
        folder = target.parent if str(target.parent) else Path(".")
        if not folder.is_dir():
            raise AccordError("folder does not exist", folder)
        return target
    if not target.is_file():
        raise AccordError("exists and is not a regular file; not replaced", target)
    if not bundle_ok and _is_bundle(target):
        raise AccordError("is a member's Accord bundle; not replaced (choose another file name)", target)
    if not force:
        raise AccordError("already exists; not replaced (add --force to replace it)", target)
    return target


def _is_bundle(path: Path) -> bool:
    from accord_partnership.engine.textio import read_bytes

    try:
        head = read_bytes(path, AccordError, prefix=4096)
    except AccordError:
        return False
    return any(line.strip().replace(b"'", b'"') == _BUNDLE_MARK for line in head.splitlines()[:40])


def write_out(path: str | Path, data: str | bytes, *, force: bool = False, mode: int = 0o600, bundle_ok: bool = False) -> Path:
    """Write `data` to `path` under the `check_out` rules: atomically; without `force`, a file
    appearing meanwhile is not replaced either (the write is exclusive)."""
    target = check_out(path, force=force, bundle_ok=bundle_ok)
    from accord_partnership.exports.atomic import write_atomic  # (tempfile, shutil...): only when a file is written

    return write_atomic(target, data, mode=mode, exclusive=not (force and target.exists()))


def emit(text: str, out: str | None = None, *, mode: int = 0o600, bom: bool = False, force: bool = False) -> None:
    """Print to stdout (made safe for a terminal), or write exactly to `out` (see `write_out`)."""
    if out and out != "-":
        data = ("\ufeff" if bom else "") + text
        write_out(out, data, mode=mode, force=force)
        note(f"wrote {out}")
    else:
        say(text, end="")


def say(text: str, *, end: str = "\n") -> None:
    """Print one message or result to stdout through the terminal sanitiser."""
    sys.stdout.write(terminal(text + end))


def note(message: str) -> None:
    """A message for the user on stderr (progress, `wrote FILE`), through the terminal sanitiser."""
    sys.stderr.write(terminal(message + "\n"))


def emit_json(data: Any) -> None:
    """Print `data` as JSON; characters a terminal would act on are `\\uXXXX` escapes, and so is
    all non-ASCII where stdout's encoding is not Unicode (a latin-1 or C locale): never a stand-in."""
    from accord_partnership.tui.terminal import unicode_encoding

    sys.stdout.write(json_text(data, ascii=not unicode_encoding(getattr(sys.stdout, "encoding", None))) + "\n")


def report_merge(report: MergeReport) -> None:
    """What a merge left out or should be checked, one line each on stderr."""
    from accord_partnership.exports.textsafe import one_line

    for path in report.ignored:
        note(f"accord: {one_line(f'ignored {path}: merged results, not a bundle')}")
    for skipped in report.skipped:
        note(f"accord: {one_line(f'skipped {skipped.reason}')}")
    for replaced in report.replaced:
        text = f"{replaced.path} replaced by {replaced.by} ({replaced.why or 'same respondent, newer'})"
        note(f"accord: {one_line(text)}")
    for warning in report.warnings:
        note(f"accord: {one_line(warning)}")


def release_hook(args: argparse.Namespace) -> MergeHook:
    """`on_merge` for engine.merged.load_results: say what the merge left out (`report_merge`),
    then check and record what it releases (engine.releases); a refusal is an AccordError, an
    override is said on stderr."""

    def check(report: MergeReport) -> None:
        from accord_partnership.exports.release_log import release
        from accord_partnership.exports.textsafe import one_line

        report_merge(report)
        said = release(report, report.results.min_group, anyway=bool(getattr(args, "release_anyway", False)))
        if said:
            note(f"accord: {one_line(said)}")

    return check
