"""Making untrusted text safe to show: notes and names are data, never instructions.

Terminal output must never carry escape sequences from a file (they can retitle the window,
hide text or worse), and bidirectional overrides can make text read differently from how it is
stored. They are made visible instead of being removed, so nothing is silently lost.
"""

from __future__ import annotations

import re

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{_BIDI}]")


def _show(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\x1b":
        return "^["
    if code < 0x20:
        return "^" + chr(code + 64)
    return f"<U+{code:04X}>"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters (ESC, C1, DEL) and bidi overrides with visible stand-ins."""
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ")
    return _UNSAFE.sub(_show, text.replace("\t", "    "))


def one_line(text: str, limit: int | None = None) -> str:
    """Visible, on a single line, optionally shortened with an ellipsis."""
    flat = " ".join(visible(text, keep_newlines=False).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(1, limit - 1)].rstrip() + "…"
    return flat
