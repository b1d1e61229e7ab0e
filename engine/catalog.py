"""Where things live: built-in and user frameworks, and the per-user data folder.

The data folder is `$ACCORD_HOME` when set, otherwise the platform's per-user data directory
(`~/.local/share/accord` on Linux). It holds `frameworks/` (an organisation's own toolkits) and
`bundles/` (assessments in progress).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from accord_partnership.engine.errors import AccordError, FrameworkError
from accord_partnership.engine.ids import check_framework_id, is_framework_id
from accord_partnership.engine.loader import load_framework
from accord_partnership.engine.model import Framework
from accord_partnership.engine.textio import read_bytes


def data_dir() -> Path:
    home = os.environ.get("ACCORD_HOME")
    if home:
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path("accord", appauthor=False)


def user_frameworks_dir() -> Path:
    return data_dir() / "frameworks"


def bundles_dir() -> Path:
    return data_dir() / "bundles"


def builtin_frameworks_dir() -> Path:
    from accord_partnership.frameworks import BUILTIN_DIR

    return BUILTIN_DIR


def framework_paths() -> list[tuple[Path, bool]]:
    """Every framework file as (path, is_builtin), built-in first, each group sorted by name."""
    found = [(p, True) for p in sorted(builtin_frameworks_dir().glob("*.toml"))]
    user = user_frameworks_dir()
    if user.is_dir():
        found += [(p, False) for p in sorted(user.glob("*.toml"))]
    return found


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int) -> Framework:
    return load_framework(path)


def load_cached(path: Path) -> Framework:
    """Load a framework file, reusing the parsed result while the file is unchanged."""
    return _load_cached(str(path), _mtime(path))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0


_HEAD_BYTES = 16 * 1024
_TOP_ID = re.compile(r"""^\s*id\s*=\s*(?:"([^"\\]*)"|'([^']*)')\s*(?:#.*)?$""")


@lru_cache(maxsize=256)
def _declared_id(path: str, mtime_ns: int) -> str | None:
    """The `id = "..."` a framework file declares before its first table, read from its first
    16 KB only (so looking up one framework never parses every other); None if not found there."""
    try:
        head = read_bytes(path, FrameworkError, prefix=_HEAD_BYTES)
    except FrameworkError:
        return None
    lines = head.decode("utf-8", errors="replace").removeprefix("\ufeff").splitlines()
    if len(head) >= _HEAD_BYTES and lines:
        lines.pop()  # possibly cut in the middle
    for line in lines:
        if line.lstrip().startswith("["):
            break
        match = _TOP_ID.match(line)
        if match:
            return match.group(1) if match.group(1) is not None else match.group(2)
    return None


def all_frameworks() -> tuple[list[tuple[Framework, bool]], list[FrameworkError]]:
    """Every loadable framework with whether it is built in, plus errors for files that failed.

    A broken user file must not hide the others, so errors are returned rather than raised.
    Loads every file: for listing them. To find one framework use `get_framework`.
    """
    loaded: list[tuple[Framework, bool]] = []
    errors: list[FrameworkError] = []
    seen: set[str] = set()
    for path, builtin in framework_paths():
        try:
            framework = load_cached(path)
        except FrameworkError as exc:
            errors.append(exc)
            continue
        if framework.id in seen:
            errors.append(FrameworkError(f"framework id '{framework.id}' is already used by another file; ignored", path))
            continue
        seen.add(framework.id)
        loaded.append((framework, builtin))
    return loaded, errors


def get_framework(framework_id: str) -> Framework:
    """The framework with this id (built-in first, then the user's folder in name order).

    `framework_id` is data (from a bundle, merged file, plan or the command line): it must match
    `engine.ids.FRAMEWORK_ID_PATTERN` and is never opened as a path. Only the matching file is
    parsed; the others are identified by the `id` line at their top. Raises `AccordError`
    ("unknown framework ...") or the matching file's `FrameworkError`.
    """
    check_framework_id(framework_id)
    unidentified: list[Path] = []
    for path, _builtin in framework_paths():
        declared = _declared_id(str(path), _mtime(path))
        if declared == framework_id:
            return load_cached(path)
        if declared is None:
            unidentified.append(path)
    for path in unidentified:  # a file laid out unusually: only now parse it to learn its id
        try:
            framework = load_cached(path)
        except FrameworkError:
            continue
        if framework.id == framework_id:
            return framework
    known = ", ".join(sorted({d for p, _ in framework_paths() if (d := _declared_id(str(p), _mtime(p))) and is_framework_id(d)}))
    raise AccordError(f"unknown framework '{framework_id}' (known: {known})")


def framework_from_arg(ref: str) -> Framework:
    """A framework named on the command line: a path to a TOML file (ends in `.toml` or has a
    `/`), read through the safe reader, or else a framework id for `get_framework`."""
    if ref.endswith(".toml") or "/" in ref or os.sep in ref:
        return load_framework(ref)
    return get_framework(ref)
