"""Where things live: built-in and user frameworks, and the per-user data folder.

The data folder is `$ACCORD_HOME` when set, otherwise the platform's per-user data directory
(`~/.local/share/accord` on Linux). It holds `frameworks/` (an organisation's own toolkits) and
`bundles/` (assessments in progress).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from engine.errors import AccordError, FrameworkError
from engine.loader import load_framework
from engine.model import Framework


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
    from frameworks import BUILTIN_DIR

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
    try:
        mtime = path.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return _load_cached(str(path), mtime)


def all_frameworks() -> tuple[list[tuple[Framework, bool]], list[FrameworkError]]:
    """Every loadable framework with whether it is built in, plus errors for files that failed.

    A broken user file must not hide the others, so errors are returned rather than raised.
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


def get_framework(ref: str) -> Framework:
    """A framework by id, or by path to a TOML file."""
    if ref.endswith(".toml") or os.sep in ref:
        return load_framework(ref)
    loaded, _ = all_frameworks()
    for framework, _builtin in loaded:
        if framework.id == ref:
            return framework
    known = ", ".join(f.id for f, _ in loaded)
    raise AccordError(f"unknown framework '{ref}' (known: {known})")
