"""Framework ids: data, never paths.

A bundle, merged file, plan or survey import names its framework by id (and version). The id is
checked against one strict pattern wherever it comes from (a file, the command line, a framework
file's own `id`), so it can never be a path (`../../x`, `/dev/zero`, `x.toml`), never hide a
control character, and is always safe as part of a file name.
"""

from __future__ import annotations

import re

from accord_partnership.engine.errors import AccordError

#: Lower-case letters, digits, `-` and `_`; starts with a letter or digit; at most 64 characters.
FRAMEWORK_ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
FRAMEWORK_ID_RULE = "lower-case letters, digits, '-' and '_', starting with a letter or digit, at most 64 characters"


def is_framework_id(value: object) -> bool:
    """True when `value` is a string matching `FRAMEWORK_ID_PATTERN` exactly."""
    return isinstance(value, str) and FRAMEWORK_ID_PATTERN.fullmatch(value) is not None


def check_framework_id(value: object, path: str | None = None, line: int | None = None, error: type[AccordError] = AccordError) -> str:
    """`value` when it is a framework id, else `error` ("not a framework id ...") naming `path`/`line`.

    The message shows the value through `repr` (escaped and shortened), so a hostile value cannot
    reach a terminal raw.
    """
    if is_framework_id(value):
        return value  # type: ignore[return-value]
    raise error(framework_id_problem(value), path, line)


def framework_id_problem(value: object, key: str = "framework") -> str:
    """The one-line reason `value` (of `key`) is not a framework id, showing it escaped and shortened."""
    shown = repr(value) if not isinstance(value, str) or len(value) <= 60 else repr(value[:57] + "...")
    return f"'{key}' must be a framework id ({FRAMEWORK_ID_RULE}), not {shown}"
