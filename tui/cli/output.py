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
