"""Writing the coordinator's release record (engine/releases.py decides; this only saves it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord_partnership.engine.releases import check_release
from accord_partnership.exports.atomic import write_atomic

if TYPE_CHECKING:
    from accord_partnership.engine.merge import MergeReport


def release(report: MergeReport, min_group: int, *, anyway: bool = False) -> str:
    """Check a merge's figures against earlier releases of its round and remember them.

    Raises `engine.releases.ReleaseRefused` (one line, exit 2) for a release that would give a few
    members' answers away by subtraction; returns a note to show when `anyway` overrode that.
    """
    check = check_release(report, min_group, anyway=anyway)
    if check.path is not None:
        check.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        write_atomic(check.path, check.text)
    return check.note
