"""What was released from each round, so that no two releases can be subtracted.

Two sets of results from one round, before and after one more member returned, differ by exactly
that member's answers. So every time figures are shown from a folder of bundles (merge, stats,
summary, report, compare, the coordinator screen), the answer sets behind them are remembered in
the coordinator's own data folder (`releases.toml`, 0600): per release, one line per answer set
with a salted fingerprint of its content, which items it scored and its role (hashed). No name,
no score. A new release of the same round (same framework; answer sets returned with `accord submit`
are of the round id inside the folder's files, so a copy of the folder is the same round; other
files are of their folder) is refused when it
differs from an earlier one by fewer than `min_group` answer sets, or, for an item (or a role
split's item) shown in both, by fewer than `min_group` scores. `--release-anyway` overrides,
and the coordinator is told why.

What this does not protect: releases made on another computer or by another user, results
copied before Accord kept this record, and a coordinator who deletes the record.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, TYPE_CHECKING

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.privacy import enough, too_few

if TYPE_CHECKING:
    from accord_partnership.engine.merge import MergeReport, Record

RELEASES_NAME = "releases.toml"
_SCORED = "s"
_NA = "n"
_NONE = "."
#: an earlier release this old is still checked: rounds last months
KEEP = 50  # releases per round


class ReleaseRefused(AccordError):
    """A release that would give a few members' answers away by subtraction (one line, exit 2)."""


@dataclass(frozen=True)
class Fingerprint:
    digest: str
    classes: str  # per item: s scored (or yes/no answered), n N/A, . nothing
    role: str  # hashed role, "" for none

    def line(self) -> str:
        return f"{self.digest}:{self.classes}:{self.role}"

    @classmethod
    def parse(cls, text: str) -> Fingerprint:
        digest, classes, role = (text.split(":") + ["", ""])[:3]
        return cls(digest, classes, role)


def _path() -> Path:
    from accord_partnership.engine.catalog import data_dir

    return data_dir() / RELEASES_NAME


def _load() -> dict[str, Any]:
    path = _path()
    if not path.exists():
        return {}
    from accord_partnership.engine.textio import load_toml

    data, _ = load_toml(path, AccordError)
    return data


def round_key(framework_id: str, paths: Sequence[str], round_ids: Sequence[str] = ()) -> str:
    """One round: a framework and where its answer sets came from. An answer set returned with
    `accord submit` counts by the round id stored in the folder's files (`round_ids[i]`), so a copy
    of the folder is the same round; any other file by its folder."""
    import os

    ids = list(round_ids) + [""] * (len(paths) - len(round_ids))
    if any(ids):  # a drop folder's round: its copies, and plain bundles beside it, are the same round
        paths, ids = [p for p, rid in zip(paths, ids) if rid], [rid for rid in ids if rid]
    where = sorted({f"round {rid}" if rid else os.path.dirname(os.path.realpath(p.split(" (answer set ")[0]))
                    for p, rid in zip(paths, ids)})
    return hashlib.blake2b("\0".join([framework_id, *where]).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def fingerprints(records: Sequence[Record], salt: str, figures: Sequence[bool]) -> list[Fingerprint]:
    """Salted fingerprints of the counted records (`engine.merge.Record`): content, scored items, role.

    `figures[i]`: whether item i gives figures (rated or yes/no; an open question's count does not)."""
    out = []
    for r in records:
        # what figures are made of (not notes: a merge may or may not read them)
        h = hashlib.blake2b(bytes.fromhex(salt), digest_size=12)
        for part in (r.label, r.role.casefold(), r.partnership):
            h.update(part.encode("utf-8", "surrogatepass") + b"\0")
        h.update(r.codes)
        classes = "".join(_NONE if not f or not c else _NA if c == 255 else _SCORED for c, f in zip(r.codes, figures))
        role = hashlib.blake2b((salt + r.role.casefold()).encode("utf-8", "surrogatepass"), digest_size=4).hexdigest() if r.role else ""
        out.append(Fingerprint(h.hexdigest(), classes, role))
    return out


def _leak(new: list[Fingerprint], old: list[Fingerprint], min_group: int, titles: Sequence[str]) -> str:
    """Why subtracting `old` from `new` (or back) would give answers away, or "" when it would not."""
    from collections import Counter

    # multisets: two members may give the very same answers
    ca, cb = Counter(f.line() for f in new), Counter(f.line() for f in old)
    diff = [Fingerprint.parse(x) for x in ((ca - cb) + (cb - ca)).elements()]
    if not diff:
        return ""
    if too_few(len(diff), min_group):
        n = len(diff)
        return f"{n} answer set{'s' if n != 1 else ''}"
    groups: dict[str, tuple[list[Fingerprint], list[Fingerprint], list[Fingerprint]]] = {"": (list(new), list(old), diff)}
    for role in {f.role for f in diff if f.role}:
        in_a = [f for f in new if f.role == role]
        in_b = [f for f in old if f.role == role]
        if enough(len(in_a), min_group) and enough(len(in_b), min_group):
            groups[role] = (in_a, in_b, [f for f in diff if f.role == role])
    width = min((len(f.classes) for f in diff), default=0)
    for role, (in_a, in_b, changed) in groups.items():
        if role and too_few(len(changed), min_group):
            return f"{len(changed)} answer set{'s' if len(changed) != 1 else ''} in one role's split"
        for i in range(width):
            scored = sum(1 for f in changed if f.classes[i:i + 1] == _SCORED)
            if not too_few(scored, min_group):
                continue
            shown_a = enough(sum(1 for f in in_a if f.classes[i:i + 1] == _SCORED), min_group)
            shown_b = enough(sum(1 for f in in_b if f.classes[i:i + 1] == _SCORED), min_group)
            if shown_a and shown_b:
                title = titles[i] if i < len(titles) else f"item {i + 1}"
                where = " in one role's split" if role else ""
                return f"{scored} score{'s' if scored != 1 else ''} of {title}{where}"
    return ""


@dataclass(frozen=True)
class ReleaseCheck:
    note: str = ""  # said to the coordinator when --release-anyway overrode a refusal
    path: Path | None = None  # where to write `text` (exports.release_log), None: nothing new to record
    text: str = ""


def check_release(report: MergeReport, min_group: int, *, anyway: bool = False) -> ReleaseCheck:
    """Refuse (ReleaseRefused) figures that differ from an earlier release of the round by a few
    members; otherwise say how to remember this release (written by `exports.release_log`).

    Nothing is recorded or refused when the results show no figure at all (fewer respondents
    than `min_group`).
    """
    records = getattr(report, "records", [])
    if too_few(len(records), min_group) or not records:
        return ReleaseCheck()
    from accord_partnership.engine.merge import layout

    slots, _ = layout(report.framework)
    titles = [report.framework.section(s.section_id).item(s.item_id).title for s in slots]
    data = _load()
    stored = data.get("salt")
    salt = stored if isinstance(stored, str) and len(stored) == 32 else secrets.token_hex(16)
    key = round_key(report.framework.id, [r.path for r in records], [getattr(r, "round_id", "") for r in records])
    legacy = round_key(report.framework.id, [r.path for r in records])  # releases recorded by folder path only
    new = fingerprints(records, salt, [s.rated or s.kind == "yesno" for s in slots])
    earlier = [r for r in data.get("release", []) if isinstance(r, dict) and r.get("round") in (key, legacy)]
    note = ""
    for release in reversed(earlier):
        old = [Fingerprint.parse(x) for x in release.get("members", []) if isinstance(x, str)]
        why = _leak(new, old, min_group, titles)
        if not why:
            continue
        when = release.get("when")
        stamp = when.strftime("%Y-%m-%d %H:%M UTC") if isinstance(when, datetime) else "earlier"
        message = (
            f"these results differ from the ones released {stamp} by only {why}, fewer than {min_group}: "
            "subtracting one from the other would give those answers away. Wait until more members have "
            "returned, or use --release-anyway"
        )
        if not anyway:
            raise ReleaseRefused(message)
        note = message.replace(". Wait until more members have returned, or use --release-anyway", " (released anyway)")
        break
    if any(sorted(r.get("members", [])) == sorted(f.line() for f in new) for r in earlier):  # the same release again
        return ReleaseCheck(note)
    return ReleaseCheck(note, _path(), _text(data, salt, key, new))


def _text(data: dict[str, Any], salt: str, key: str, new: list[Fingerprint]) -> str:
    """The release record with this release added (the oldest dropped past KEEP per round)."""
    releases = [r for r in data.get("release", []) if isinstance(r, dict) and isinstance(r.get("round"), str)]
    releases.append({"round": key, "when": datetime.now(timezone.utc).replace(microsecond=0),
                     "members": sorted(f.line() for f in new)})
    mine = [r for r in releases if r["round"] == key]
    if len(mine) > KEEP:
        drop = {id(r) for r in mine[: len(mine) - KEEP]}
        releases = [r for r in releases if id(r) not in drop]
    lines = [
        "# Accord: what the coordinator has released from each round (no names, no scores), so that no",
        "# two releases differ by fewer than min-group members. Keep it: see engine/releases.py.",
        f'salt = "{salt}"',
    ]
    for r in releases:
        when = r.get("when")
        lines += ["", "[[release]]", f'round = "{r["round"]}"']
        if isinstance(when, datetime):
            lines.append(f"when = {when.astimezone(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')}")
        members = [m for m in r.get("members", []) if isinstance(m, str) and all(c.isalnum() or c in ":." for c in m)]
        lines.append("members = [" + "".join(f'\n  "{m}",' for m in members) + ("\n]" if members else "]"))
    return "\n".join(lines) + "\n"
