"""What the coordinator screen needs to open: a folder of members' bundles and an optional roster.

`check_coordinate(...)` validates both before anything is shown (bad input is an `AccordError`
naming the file, and the line for a roster), so `accord coordinate` can refuse with one line on
stderr before the terminal is taken over, and the folder dialog can show the same message inline.
No Textual here: the CLI's parser imports this module's users lazily, but keep it light anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.stats import DEFAULT_MIN_GROUP


@dataclass(frozen=True)
class CoordinateRequest:
    folder: Path
    roster: Path | None = None
    min_group: int = DEFAULT_MIN_GROUP
    include_private: bool = False
    framework: str | None = None  # the framework to merge (default: the folder's bundles decide)
    release_anyway: bool = False  # show figures even if they differ from an earlier release by a few members


def check_folder(folder: str | Path) -> Path:
    """The folder of returned bundles, as an absolute path; `AccordError` if it is not a folder."""
    text = str(folder).strip()
    if not text:
        raise AccordError("give the folder that holds the members' bundles")
    path = Path(text).expanduser()
    if not path.exists():
        raise AccordError("no such folder", path)
    if not path.is_dir():
        raise AccordError("not a folder: give the folder that holds the members' bundles", path)
    return path.resolve()


def check_roster(roster: str | Path | None) -> Path | None:
    """The roster file (absolute), read once to check it; None when no roster is given."""
    text = str(roster or "").strip()
    if not text:
        return None
    from accord_partnership.engine.roster import load_roster

    path = Path(text).expanduser()
    load_roster(path)  # no such file, empty, not UTF-8 (with the line): said before the screen opens
    return path.resolve()


def check_coordinate(
    folder: str | Path,
    roster: str | Path | None = None,
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    include_private: bool = False,
    framework: str | None = None,
    release_anyway: bool = False,
) -> CoordinateRequest:
    from accord_partnership.engine.privacy import min_group_option

    return CoordinateRequest(
        check_folder(folder), check_roster(roster), min_group_option(min_group), include_private, framework, release_anyway
    )
