"""Atomic, private file writes for shared servers.

Write to a temporary file in the same folder, fsync, then rename: a reader (or a crash) sees the
old file or the new one, never half of either. Files are created 0600 unless asked otherwise, a
symbolic link is never followed, and `exclusive=True` never replaces an existing file.

A kill between the write and the rename leaves a `.NAME.xxxxxxxx.tmp` file behind (in a drop
folder too). The first write into a folder in each process removes such leftovers
(`clean_stale_temps`): only names of exactly that pattern, only regular files owned by this
user, only ones untouched for `STALE_SECONDS` (a write in progress elsewhere is never touched).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import tempfile
import time
from pathlib import Path

from accord_partnership.engine.errors import AccordError


#: A temporary file untouched this long is a leftover from a killed write, not one in progress.
STALE_SECONDS = 5 * 60
# tempfile.mkstemp(prefix=".NAME.", suffix=".tmp"): 8 random characters from [a-z0-9_]
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")
_cleaned: set[str] = set()


def clean_stale_temps(folder: str | Path, *, now: float | None = None) -> list[Path]:
    """Remove leftover `.NAME.xxxxxxxx.tmp` files of killed writes from `folder`; returns them.

    Safe on a shared folder: only names of Accord's own pattern, only regular files (never a
    link) owned by the current user, only ones older than `STALE_SECONDS`. Errors are ignored.
    """
    removed: list[Path] = []
    now = time.time() if now is None else now
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.startswith(".") or not _TEMP_NAME.fullmatch(entry.name):
                    continue
                try:
                    st = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if not stat.S_ISREG(st.st_mode) or (uid is not None and st.st_uid != uid):
                    continue
                if now - st.st_mtime < STALE_SECONDS:
                    continue
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
    except OSError:
        pass
    return removed


def write_atomic(
    path: str | Path, data: str | bytes, *, mode: int = 0o600, exclusive: bool = False, gid: int | None = None,
    keep_mode: bool = False,
) -> Path:
    """Write `data` to `path` atomically (see the module's docstring); `AccordError` on failure.

    With `keep_mode`, an existing file keeps its permissions (less any world access) instead of
    `mode`, and a read-only one (no write bit at all: `chmod 444`) is refused and left as it is:
    a rename would otherwise replace it whatever its mode says."""
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if path.is_symlink():
        raise AccordError("refusing to write through a symbolic link", path)
    if path.exists() and not path.is_file():
        raise AccordError("exists and is not a regular file", path)
    if keep_mode and path.is_file():
        existing = stat.S_IMODE(path.stat().st_mode)
        if not existing & 0o222:
            raise AccordError("is read-only; not changed (make it writable to save here)", path)
        mode = existing & 0o770
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise AccordError("folder does not exist", folder)
    key = os.path.abspath(folder)
    if key not in _cleaned:
        _cleaned.add(key)
        clean_stale_temps(folder)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise AccordError(f"cannot save: {exc.strerror or exc}", path) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
            if gid is not None:  # the shared folder's group (exports.drop_folder.folder_access)
                os.fchown(handle.fileno(), -1, gid)
            os.fchmod(handle.fileno(), mode)
        if exclusive:
            # link() fails if the name exists: no other respondent's file is ever replaced
            os.link(tmp, path)
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except FileExistsError:
        _discard(tmp)
        raise AccordError("already exists; not overwritten", path) from None
    except OSError as exc:
        _discard(tmp)
        raise AccordError(f"cannot save: {exc.strerror or exc}", path) from None
    _sync_folder(folder)
    return path


def _discard(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    # the rename itself is only durable once the folder entry is on disk
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def group_mode_for(folder: Path) -> int:
    """0640 when the folder's group should read submissions (setgid or group-writable), else 0600."""
    st = folder.stat()
    return 0o640 if st.st_mode & (stat.S_ISGID | stat.S_IWGRP) else 0o600
