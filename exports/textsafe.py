"""Making untrusted text safe to show: notes and names are data, never instructions.

The one policy for text that reaches a terminal (CLI output, the TUI) or a reader (summary,
reports). Terminal output must never carry escape sequences from a file (they can retitle the
window, set the clipboard with OSC 52, hide text or worse), and bidirectional overrides or
zero-width characters can make text read differently from how it is stored ("alice" and
"ali\u200bce" look the same). They are made visible instead of being removed, so nothing is
silently lost:

- C0 controls (but tab and newline), DEL and C1 controls: `^[` for ESC, `^G` for BEL, `<U+0085>`;
- bidi controls (U+202A-U+202E, U+2066-U+2069, LRM/RLM/ALM) and the line/paragraph separators;
- zero-width and invisible characters (U+200B-U+200D, U+2060-U+2064, U+FEFF, U+180E, U+00AD);
- lone surrogates and the non-characters U+FFFE/U+FFFF.

`visible`/`one_line` are for text shown in the TUI, summary and reports; `terminal` is the
CLI's output path (`tui.cli.output`), which keeps CSV's CRLF line ends; `json_text` escapes the
same characters as JSON `\\uXXXX` escapes, so `--json` output stays exact and parseable.
"""

from __future__ import annotations

import json
import re
from typing import Any

_BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u2028\u2029"
_ZERO_WIDTH = "\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff\u180e\u00ad"
# lone surrogates and U+FFFE/U+FFFF are not characters (and not valid in XML/SVG)
_OTHERS = f"\\x7f-\\x9f{_BIDI}{_ZERO_WIDTH}\\ud800-\\udfff\\ufffe\\uffff"
_UNSAFE = re.compile(f"[\\x00-\\x08\\x0b-\\x1f{_OTHERS}]")
#: Every character the policy makes visible (all but tab and newline of C0): for writers that
#: escape rather than show them (JSON here, TOML in `exports.toml_writer`).
UNSAFE = _UNSAFE
# for output streams: a CR is kept only as part of a CRLF line end (a lone CR overwrites the line)
_UNSAFE_STREAM = re.compile(f"\\r(?!\\n)|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f{_OTHERS}]")


def _show(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if ch == "\x1b":
        return "^["
    if code < 0x20:
        return "^" + chr(code + 64)
    if code == 0x7F:
        return "^?"
    return f"<U+{code:04X}>"


def visible(text: str, *, keep_newlines: bool = True) -> str:
    """Replace control characters (ESC, C1, DEL), bidi overrides and zero-width characters with
    visible stand-ins; tabs become four spaces."""
    if text.isprintable():  # the common case, fast: nothing to replace (every unsafe character is not printable)
        return text
    text = text.replace("\r\n", "\n")  # a CRLF line end (a note written on Windows) is a line end, not ^M
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ")
    return _UNSAFE.sub(_show, text.replace("\t", "    "))


def one_line(text: str, limit: int | None = None) -> str:
    """Visible, on a single line, optionally shortened with an ellipsis."""
    flat = " ".join(visible(text, keep_newlines=False).split())
    if limit is not None and len(flat) > limit:
        return flat[: max(1, limit - 1)].rstrip() + "…"
    return flat


def terminal(text: str) -> str:
    """Text for an output stream (stdout, stderr): the same characters made visible as `visible`,
    but tabs, newlines and CRLF line ends kept (so CSV and Markdown print unchanged), and a
    byte-order mark at the very start kept (`--excel` CSV)."""
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    return ("\ufeff" if bom else "") + _UNSAFE_STREAM.sub(_show, body)


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON (non-ASCII kept readable) with every character `visible` would replace
    written as a `\\uXXXX` escape: parsing it gives back exactly `data`."""
    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
