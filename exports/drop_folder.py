"""`accord submit`: returning answers to the drop folder so that who returned and what they
answered cannot be paired (format and reasoning: engine/returns.py, docs/merged-format.md).

One submission, under a lock in the folder:
1. the member's answer set goes into `accord-answers-<framework>.toml` (replacing their earlier
   one, found by a key only their secret token gives), and the whole file is rewritten, sorted by
   key: its owner, times, inode and size are those of this submission, not of any one entry;
2. their receipt (name and email, or nothing; the framework; the day) goes into
   `accord-returns.toml`, rewritten the same way.
Answers are written first: an interrupted submission leaves at worst an answer set without a
receipt, which the merge counts as anonymous and says so.

Files take the folder's group (readable by it, 0640) when the folder is shared: a setgid folder
gives it by itself; in a group-writable folder without setgid the file is handed to the folder's
group, or the submission is refused with the `chmod g+s` that fixes the folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import stat
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from accord_partnership.engine import returns
from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import data_dir
from accord_partnership.engine.errors import AccordError, check_same_framework
from accord_partnership.engine.model import Framework
from accord_partnership.engine.roster import person_label
from accord_partnership.engine.textio import load_toml
from accord_partnership.exports import toml_writer as tw
from accord_partnership.exports.atomic import write_atomic
from accord_partnership.exports.bundle_file import answer_lines

TOKENS_NAME = "return-tokens.toml"
LOCK_WAIT_SECONDS = 20.0


@dataclass(frozen=True)
class FolderAccess:
    mode: int  # 0640 for a shared folder, else 0600
    gid: int | None  # hand files to this group (a group-writable folder without setgid)


def folder_access(folder: Path) -> FolderAccess:
    """How files in the drop folder must be made so the coordinator's group can read them.

    AccordError when the folder is group-writable without setgid and the member is not in its
    group (their file would get their own group: unreadable by the coordinator, readable by others).
    """
    try:
        st = folder.stat()
    except OSError as exc:
        raise AccordError(f"cannot use the drop folder: {exc.strerror or exc}", folder) from None
    if not stat.S_ISDIR(st.st_mode):
        raise AccordError("no such folder (the partnership's drop folder)", folder)
    if st.st_mode & stat.S_ISGID:
        return FolderAccess(0o640, None)
    if st.st_mode & stat.S_IWGRP:
        if st.st_gid == os.getegid() or st.st_gid in os.getgroups():
            return FolderAccess(0o640, st.st_gid)
        raise AccordError(
            f"the drop folder is shared by a group but not setgid, so your file would not get its group: "
            f"ask the coordinator to run `chmod g+s {folder}`", folder,
        )
    return FolderAccess(0o600, None)


@contextlib.contextmanager
def folder_lock(folder: Path, access: FolderAccess) -> Iterator[None]:
    """One submission at a time in a folder (an flock on a hidden lock file the group can open)."""
    path = folder / returns.LOCK_NAME
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, access.mode)
    except PermissionError:
        raise AccordError("permission denied: you cannot add files to this drop folder; ask the coordinator for access", folder) from None
    except OSError as exc:
        raise AccordError(f"cannot lock the drop folder: {exc.strerror or exc}", path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or device put there would hang or mislead
            raise AccordError("is not a regular file; remove it from the drop folder", path)
        with contextlib.suppress(OSError):
            if access.gid is not None and os.fstat(fd).st_uid == os.geteuid():
                os.fchown(fd, -1, access.gid)
        deadline = time.monotonic() + LOCK_WAIT_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES) or time.monotonic() > deadline:
                    raise AccordError("another member is submitting to this folder; try again in a minute", folder) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(fd)


# --- the member's secret token ---------------------------------------------------------------


def _bundle_key(bundle: Bundle, source: Path | None = None) -> str:
    """The key of an assessment in the token file: what travels with the bundle (framework,
    creation time, partnership, name, email), never where the file lies, so a moved or copied
    file is the same member's assessment. (`source` gives the key of Accord 0.x, path included.)"""
    import hashlib

    parts: tuple[str, ...] = (bundle.framework_id, bundle.created.isoformat(), bundle.partnership, bundle.respondent, bundle.email)
    if source is not None:
        parts = (str(source.resolve()), *parts)
    text = "\0".join(" ".join(p.split()).casefold() for p in parts)
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _token_key(bundle: Bundle, source: Path) -> str:
    """A named member's assessment is found by what travels with it alone; an anonymous one also by
    the file's name (not its folder), so two anonymous copies of one blank file, filled in by two
    people on one account, stay two members, while a moved copy is still the same member."""
    if bundle.respondent.strip() or bundle.email.strip():
        return _bundle_key(bundle)
    anonymous = Bundle(bundle.framework_id, bundle.framework_version, bundle.partnership, source.name, "", created=bundle.created)
    return "a" + _bundle_key(anonymous)[1:]


def return_token(bundle: Bundle, source: Path, *, create: bool = True) -> str:
    """The member's secret token for this assessment, kept in their own data folder (0600).

    The same assessment (framework, creation time, partnership, name and email, wherever the file
    lies; for an anonymous member also the file's name) always gets the same token, so submitting it again, from a moved copy too, replaces the
    earlier answers; nobody else ever sees the token.
    """
    path = data_dir() / TOKENS_NAME
    tokens: dict[str, str] = {}
    if path.exists():
        data, _ = load_toml(path, AccordError)
        raw = data.get("tokens", {})
        if isinstance(raw, dict):
            tokens = {k: v for k, v in raw.items() if isinstance(v, str) and len(v) == 64}
    key = _token_key(bundle, source)
    if key in tokens:
        return tokens[key]
    old = tokens.get(_bundle_key(bundle, source), "")  # a token made when the key held the path
    if not create and not old:
        return ""
    tokens[key] = old or secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    lines = ["# Accord: your secret return tokens (one per assessment). Keep private; see docs/merged-format.md", "[tokens]"]
    lines += [f"{k} = {tw.string(v)}" for k, v in sorted(tokens.items())]
    write_atomic(path, "\n".join(lines) + "\n")
    return tokens[key]


# --- writing the two files -------------------------------------------------------------------


def _read(path: Path, fmt: str) -> dict[str, Any] | None:
    if not path.exists() and not path.is_symlink():
        return None
    data, _ = load_toml(path, AccordError)
    if data.get("format") != fmt:
        raise AccordError(f"is not an Accord {fmt} file; move it out of the drop folder", path)
    return data


def _write(folder: Path, name: str, text: str, access: FolderAccess) -> Path:
    path = folder / name
    st = folder.stat()
    if st.st_mode & stat.S_ISVTX and path.exists() and path.stat().st_uid != os.geteuid():
        raise AccordError(
            f"the drop folder has the sticky bit, so the shared file {name} cannot be rewritten: "
            f"ask the coordinator to run `chmod -t {folder}`", folder,
        )
    write_atomic(path, text, mode=access.mode, gid=access.gid)
    return path


def entry_toml(bundle: Bundle, framework: Framework, key: str, *, role: bool = True) -> list[str]:
    """One `[[answers]]` entry: the key, partnership, role and answers; no name, email or time."""
    lines = [tw.header("answers", array=True), f"key = {tw.string(key)}"]
    if bundle.partnership:
        lines.append(f"partnership = {tw.string(bundle.partnership)}")
    if role and bundle.role:
        lines.append(f"role = {tw.string(bundle.role)}")
    return lines + answer_lines(bundle, framework, prefix=("answers",))


def raw_entry_toml(entry: dict[str, Any], path: Path) -> list[str]:
    """An answer set read from the answers file, written back unchanged (key order aside)."""
    lines = [tw.header("answers", array=True)]
    try:
        lines += tw.assignments({k: v for k, v in entry.items() if k not in ("answers", "matrix", "tools")})
        for section_id, items in entry.get("answers", {}).items():
            for item_id, answer in items.items():
                lines += ["", tw.header("answers", "answers", section_id, item_id), *tw.assignments(answer)]
        for table in ("matrix", "tools"):
            for name, cells in entry.get(table, {}).items():
                lines += ["", tw.header("answers", table, name), *tw.assignments(cells)]
    except (AttributeError, TypeError):
        raise AccordError("holds an answer set Accord did not write; ask the coordinator", path) from None
    return lines


def answers_toml(round_id: str, framework: Framework, entries: list[tuple[str, list[str]]]) -> str:
    lines = [
        "# Accord answers returned to this drop folder: anonymous answer sets, no names, emails or times.",
        "# Who has returned is in accord-returns.toml; nothing pairs the two. Format: docs/merged-format.md",
        *tw.assignments({"format": returns.ANSWERS_FORMAT, "format_version": returns.FORMAT_VERSION, "round": round_id,
                         "framework": framework.id, "framework_version": framework.version}),
    ]
    for _key, entry in sorted(entries):
        lines += ["", *entry]
    return "\n".join(lines) + "\n"


def register_toml(round_id: str, receipts: list[returns.Receipt]) -> str:
    lines = [
        "# Accord returns register: who has returned their answers (never how they answered).",
        "# Format: docs/merged-format.md",
        *tw.assignments({"format": returns.RETURNS_FORMAT, "format_version": returns.FORMAT_VERSION, "round": round_id}),
    ]
    for r in sorted(receipts, key=lambda r: (r.framework_id, r.who.casefold(), r.who, r.key)):
        lines += ["", tw.header("returned", array=True), f"framework = {tw.string(r.framework_id)}", f"who = {tw.string(r.who)}",
                  f"key = {tw.string(r.key)}"]
        if r.returned is not None:
            lines.append(f"returned = {r.returned.isoformat()}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Submission:
    answers: Path
    register: Path
    replaced: bool  # this member had returned before: their earlier answers were replaced
    count: int  # answer sets of this framework now in the folder


def submit(bundle: Bundle, framework: Framework, folder: Path, token: str, *, keep_role: bool = True,
           today: date | None = None) -> Submission:
    """Return one member's answers to the drop folder (see the module's docstring)."""
    access = folder_access(folder)
    with folder_lock(folder, access):
        reg_path = folder / returns.RETURNS_NAME
        ans_path = folder / returns.answers_name(framework.id)
        reg_data = _read(reg_path, returns.RETURNS_FORMAT)
        ans_data = _read(ans_path, returns.ANSWERS_FORMAT)
        register = returns.register_from_data(reg_data, reg_path) if reg_data is not None else None
        answers = returns.answers_from_data(ans_data, ans_path) if ans_data is not None else None
        round_id = (register.round_id if register else answers.round_id if answers else secrets.token_hex(16))
        if answers is not None:  # the answers file is named by framework id: the version is what may differ
            check_same_framework((framework.id, answers.framework_version), (framework.id, framework.version),
                                 what="this drop folder's answers file", against="your bundle", path=ans_path)
        key = returns.answers_key(token, round_id)
        rkey = returns.receipt_key(token, round_id)
        who = person_label(bundle.respondent, bundle.email)
        if who and register is not None and any(
            r.who.casefold() == who.casefold() and r.framework_id == framework.id and r.key != rkey for r in register.receipts
        ):
            # their earlier answers cannot be found without the token they were returned with
            raise AccordError(
                f"{who} has already returned {framework.id} answers to this folder from another copy or computer: "
                f"submit again from there (the same file replaces the earlier answers), or ask the coordinator", folder,
            )
        entries: list[tuple[str, list[str]]] = []
        replaced = False
        if answers is not None:
            if answers.round_id != round_id:
                raise AccordError("belongs to another round than accord-returns.toml; ask the coordinator", ans_path)
            for entry in answers.entries:
                if entry["key"] == key:
                    replaced = True
                    continue
                # the others' answer sets are copied as they are (the merge checks every one)
                entries.append((entry["key"], raw_entry_toml(entry, ans_path)))
        entries.append((key, entry_toml(bundle, framework, key, role=keep_role)))
        _write(folder, ans_path.name, answers_toml(round_id, framework, entries), access)

        receipts = [r for r in (register.receipts if register else []) if r.key != rkey]
        receipts.append(returns.Receipt(framework.id, who, rkey, today or datetime.now(timezone.utc).date()))
        _write(folder, reg_path.name, register_toml(round_id, receipts), access)
        return Submission(ans_path, reg_path, replaced, len(entries))
