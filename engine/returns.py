"""The drop folder's return path: who has returned, kept apart from what anyone answered.

`accord submit` (exports/drop_folder.py writes it) leaves two kinds of file in the drop folder:

- `accord-answers-<framework>.toml`: every answer set returned for that framework, one
  `[[answers]]` entry each, with the role and partnership but no name, email, time or position,
  sorted by a key that is random to anyone without the member's secret token. A submission
  rewrites the whole file, so its owner, times and place on disk belong to the last submission
  and say nothing about any entry.
- `accord-returns.toml`: the returns register, one `[[returned]]` receipt per member (name and
  email, or nothing for an anonymous member; the framework; the day), sorted by name. No scores.

Each member holds a secret token (kept in their own data folder, never in the drop folder). The
answers key is `blake2b(token, key=round, person=b"answers")` and the receipt key the same with
`person=b"receipt"`: nobody without the token can tell which receipt goes with which answers,
and a member who submits again replaces their own entry and receipt, anonymous or not. The
round id is random per drop folder, so the same token used in two rounds gives unrelated keys.

Reading is strict like every other file (one `BundleError` line naming the file and the entry).
Format: docs/merged-format.md, "The drop folder".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from accord_partnership.engine.errors import BundleError
from accord_partnership.engine.model import Framework

ANSWERS_FORMAT = "accord-answers"
RETURNS_FORMAT = "accord-returns"
FORMAT_VERSION = 1
RETURNS_NAME = "accord-returns.toml"
ANSWERS_PREFIX = "accord-answers-"
LOCK_NAME = ".accord-returns.lock"
_KEY = re.compile(r"^[0-9a-f]{32}$")
_ROUND = re.compile(r"^[0-9a-f]{32}$")
#: what an answers entry may hold: a bundle without identity, times or position
ENTRY_KEYS = frozenset({"key", "partnership", "role", "answers", "matrix", "tools"})


def answers_name(framework_id: str) -> str:
    """The answers file of one framework in a drop folder (framework ids are checked by the loader)."""
    return f"{ANSWERS_PREFIX}{framework_id}.toml"


def _derive(token: str, round_id: str, person: bytes) -> str:
    import hashlib  # here: reading results (`is_returns_file`) needs no hashing

    return hashlib.blake2b(bytes.fromhex(token), key=bytes.fromhex(round_id), person=person, digest_size=16).hexdigest()


def answers_key(token: str, round_id: str) -> str:
    """The key of a member's answers entry in one round (32 hex digits)."""
    return _derive(token, round_id, b"answers")


def receipt_key(token: str, round_id: str) -> str:
    """The key of a member's receipt in one round: unrelated to `answers_key` without the token."""
    return _derive(token, round_id, b"receipt")


@dataclass(frozen=True)
class Receipt:
    """One return recorded in a drop folder's register: framework, who ("" if anonymous), key, date."""

    framework_id: str
    who: str  # `Name <email>` (engine.roster.person_label), "" for an anonymous member
    key: str
    returned: date | None = None


@dataclass
class Register:
    """A drop folder's returns register: the round and its receipts (who returned, never their answers)."""

    round_id: str
    receipts: list[Receipt]


@dataclass
class AnswersFile:
    """A drop folder's anonymous answers file: the round, framework and one entry per answer set."""

    round_id: str
    framework_id: str
    framework_version: str
    entries: list[dict[str, Any]]  # each as in the file: key, partnership, role, answers, matrix, tools


def is_returns_file(name: str) -> bool:
    return name == RETURNS_NAME or (name.startswith(ANSWERS_PREFIX) and name.endswith(".toml"))


def _fail(path: Path, message: str) -> BundleError:
    return BundleError(message, path)


def _round(data: dict[str, Any], path: Path) -> str:
    round_id = data.get("round")
    if not isinstance(round_id, str) or not _ROUND.match(round_id):
        raise _fail(path, "'round' must be 32 hexadecimal digits")
    return round_id


def register_from_data(data: dict[str, Any], path: Path) -> Register:
    """The returns register, checked: every receipt names a framework, a person (or "") and a key."""
    if data.get("format_version") != FORMAT_VERSION:
        raise _fail(path, f"unsupported {RETURNS_FORMAT} format_version {data.get('format_version')!r} (expected {FORMAT_VERSION})")
    unknown = set(data) - {"format", "format_version", "round", "returned"}
    if unknown:
        raise _fail(path, f"unknown key '{sorted(unknown)[0]}' in the returns register")
    receipts: list[Receipt] = []
    raw = data.get("returned", [])
    if not isinstance(raw, list):
        raise _fail(path, "'returned' must be a list of receipts")
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict) or set(entry) - {"framework", "who", "key", "returned"}:
            raise _fail(path, f"receipt {n}: a receipt has only framework, who, key and returned")
        fid, who, key = entry.get("framework"), entry.get("who", ""), entry.get("key")
        when = entry.get("returned")
        if not isinstance(fid, str) or not fid or not isinstance(who, str) or not isinstance(key, str) or not _KEY.match(key):
            raise _fail(path, f"receipt {n}: framework, who and a 32-digit key are needed")
        if when is not None and type(when) is not date:
            raise _fail(path, f"receipt {n}: 'returned' must be a date such as 2026-11-30")
        receipts.append(Receipt(fid, " ".join(who.split()), key, when))
    return Register(_round(data, path), receipts)


def answers_from_data(data: dict[str, Any], path: Path) -> AnswersFile:
    """An answers file's header and raw entries (each entry is checked as a bundle when merged)."""
    if data.get("format_version") != FORMAT_VERSION:
        raise _fail(path, f"unsupported {ANSWERS_FORMAT} format_version {data.get('format_version')!r} (expected {FORMAT_VERSION})")
    unknown = set(data) - {"format", "format_version", "round", "framework", "framework_version", "answers"}
    if unknown:
        raise _fail(path, f"unknown key '{sorted(unknown)[0]}' in an answers file")
    fid, version = data.get("framework"), data.get("framework_version")
    if not isinstance(fid, str) or not isinstance(version, str):
        raise _fail(path, "'framework' and 'framework_version' must be strings")
    entries = data.get("answers", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise _fail(path, "'answers' must be a list of answer sets")
    for n, entry in enumerate(entries, start=1):
        extra = set(entry) - ENTRY_KEYS
        if extra:
            raise _fail(path, f"answer set {n}: unknown key '{sorted(extra)[0]}' (answer sets hold no name, email or time)")
        if not isinstance(entry.get("key"), str) or not _KEY.match(entry["key"]):
            raise _fail(path, f"answer set {n}: 'key' must be 32 hexadecimal digits")
    return AnswersFile(_round(data, path), fid, version, list(entries))


def entry_as_bundle_data(answers: AnswersFile, entry: dict[str, Any]) -> dict[str, Any]:
    """An answers entry as the data of an anonymous bundle, for `engine.bundle.bundle_from_data`."""
    from accord_partnership.engine.bundle import BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION

    data = {k: v for k, v in entry.items() if k != "key"}
    data.update(format=BUNDLE_FORMAT, format_version=BUNDLE_FORMAT_VERSION, framework=answers.framework_id,
                framework_version=answers.framework_version)
    return data


def entry_bundles(answers: AnswersFile, path: Path, framework_for: Callable[[str], Framework]) -> list[Any]:
    """Every entry as a checked, anonymous `Bundle` (with its framework); BundleError names the entry."""
    from accord_partnership.engine.bundle import bundle_from_data

    out = []
    for n, entry in enumerate(answers.entries, start=1):
        try:
            out.append(bundle_from_data(entry_as_bundle_data(answers, entry), path, None, framework_for))
        except BundleError as exc:
            raise _fail(path, f"answer set {n}: {exc.message}") from None
    return out
