"""Writing TOML by hand for the files Accord produces: exact, deterministic and fast.

Notes must survive byte-for-byte (quotes, backslashes, newlines, any unicode, control
characters), so strings are escaped here explicitly rather than left to a library's defaults.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from accord_partnership.exports.textsafe import UNSAFE

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
# Characters TOML basic strings cannot hold literally (tab and, in multi-line strings, newline can),
# and those the terminal policy makes visible (C1, bidi overrides, zero-width): written as \uXXXX
# escapes, so a file Accord writes is exact and still safe to `cat`.
_CONTROL = UNSAFE


def key(name: str) -> str:
    return name if _BARE_KEY.match(name) else string(name)


def _escape(text: str, multiline: bool) -> str:
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    if not multiline:
        text = text.replace("\n", "\\n")
    text = text.replace("\r", "\\r")
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text)


def string(text: str) -> str:
    """A TOML string literal; multi-line text stays readable as a \"\"\" block."""
    if "\n" in text:
        # the newline right after the opening quotes is trimmed by TOML, so text keeps its own first line
        return '"""\n' + _escape(text, multiline=True) + '"""'
    return '"' + _escape(text, multiline=False) + '"'


def value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return string(v)
    if isinstance(v, datetime):
        return v.isoformat().replace("+00:00", "Z")
    if isinstance(v, (list, tuple)):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def assignments(table: dict[str, Any]) -> list[str]:
    return [f"{key(k)} = {value(v)}" for k, v in table.items()]


def header(*path: str, array: bool = False) -> str:
    inner = ".".join(key(p) for p in path)
    return f"[[{inner}]]" if array else f"[{inner}]"
