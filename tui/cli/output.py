"""Small helpers shared by the CLI commands: writing results to stdout or to a file safely."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from exports.atomic import write_atomic


def emit(text: str, out: str | None = None, *, mode: int = 0o600, bom: bool = False) -> None:
    """Print to stdout, or write atomically to `out` (never half-written, never through a symlink)."""
    if out:
        data = ("\ufeff" if bom else "") + text
        write_atomic(Path(out), data, mode=mode)
        sys.stderr.write(f"wrote {out}\n")
    else:
        sys.stdout.write(text)


def emit_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def release_option(p: Any) -> None:
    """`--release-anyway`, for every command that shows figures from a folder of bundles."""
    p.add_argument(
        "--release-anyway", action="store_true",
        help="show figures even though they differ from ones released earlier by fewer than min-group members "
        "(subtracting one from the other would give those members' answers away)",
    )


def report_merge(report: Any) -> None:
    """What a merge left out or should be checked, one line each on stderr."""
    from exports.textsafe import one_line

    for path in report.ignored:
        sys.stderr.write(f"accord: {one_line(f'ignored {path}: merged results, not a bundle')}\n")
    for skipped in report.skipped:
        sys.stderr.write(f"accord: {one_line(f'skipped {skipped.reason}')}\n")
    for replaced in report.replaced:
        text = f"{replaced.path} replaced by {replaced.by} ({replaced.why or 'same respondent, newer'})"
        sys.stderr.write(f"accord: {one_line(text)}\n")
    for warning in report.warnings:
        sys.stderr.write(f"accord: {one_line(warning)}\n")


def release_hook(args: Any) -> Any:
    """`on_merge` for engine.merged.load_results: say what the merge left out (`report_merge`),
    then check and record what it releases (engine.releases); a refusal is an AccordError, an
    override is said on stderr."""

    def check(report: Any) -> None:
        from exports.release_log import release
        from exports.textsafe import one_line

        report_merge(report)
        note = release(report, report.results.min_group, anyway=bool(getattr(args, "release_anyway", False)))
        if note:
            sys.stderr.write(f"accord: {one_line(note)}\n")

    return check
