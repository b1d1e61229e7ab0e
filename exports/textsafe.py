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

`visible`/`one_line` are for text shown in the TUI, summary and reports (`safe`/`safe_line`
give them as `rich.text.Text` for the screen); `terminal` is the
CLI's output path (`tui.cli.output`), which keeps CSV's CRLF line ends; `json_text` escapes the
same characters as JSON `\\uXXXX` escapes, so `--json` output stays exact and parseable.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.text import Text

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


def safe(text: str, style: str = "") -> Text:
    """Untrusted text as a `rich.text.Text` for the screen: shown literally (never parsed as
    markup), with control characters made `visible`. The style is a span over this text only,
    so text appended later does not inherit it."""
    from rich.text import Text

    result = Text()
    result.append(visible(text), style=style or None)
    return result


def safe_line(text: str, limit: int | None = None, style: str = "") -> Text:
    """Untrusted text as a `rich.text.Text` flattened to one visible line (`one_line`),
    optionally shortened to `limit` characters with an ellipsis."""
    from rich.text import Text

    result = Text()
    result.append(one_line(text, limit), style=style or None)
    return result


def terminal(text: str) -> str:
    """Text for an output stream (stdout, stderr): the same characters made visible as `visible`,
    but tabs, newlines and CRLF line ends kept (so CSV and Markdown print unchanged), and a
    byte-order mark at the very start kept (`--excel` CSV)."""
    bom = text.startswith("\ufeff")
    body = text[1:] if bom else text
    return ("\ufeff" if bom else "") + _UNSAFE_STREAM.sub(_show, body)


def json_text(data: Any, *, indent: int | None = 2, ascii: bool = False) -> str:
    """`data` as JSON (non-ASCII kept readable, or escaped too with `ascii`, for a stream that
    cannot carry it) with every character `visible` would replace written as a `\\uXXXX`
    escape: parsing it gives back exactly `data`."""
    import json  # not on the TUI's start path

    text = json.dumps(data, indent=indent, ensure_ascii=ascii)
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# ---------------------------------------------------------------------------------------------
# Text helpers (user text is untrusted: it can hold ESC sequences, bidi overrides, wide glyphs)

_ASCII_FALLBACK = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " ", "\u00df": "ss",
    "\u00e6": "ae", "\u00c6": "AE", "\u0153": "oe", "\u0152": "OE", "\u00f8": "o", "\u00d8": "O",
    "\u0142": "l", "\u0141": "L", "\u00e9": "e", "\u2020": "+",  # OWN_MARK (engine.model)
}


def clean_text(value: object) -> str:
    """`value` as one line of text (NFC) with control characters, bidi overrides, zero-width
    characters and non-characters made visible by `exports.textsafe.one_line` (the one policy);
    tabs and line breaks become spaces and runs of whitespace collapse to one space."""
    text = str(value)
    return one_line(text if text.isascii() else unicodedata.normalize("NFC", text))


@lru_cache(maxsize=4096)
def _char_width(ch: str) -> int:
    if unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def terminal_text(value: object, ascii: bool = False) -> str:
    """`clean_text`, minus zero-width characters; with `ascii=True`, transliterated to 0x20-0x7E."""
    if isinstance(value, str) and len(value) <= 200:  # scale labels and titles repeat item after item
        return _terminal_text(value, ascii)
    return _terminal_text.__wrapped__(value, ascii)


@lru_cache(maxsize=4096)
def _terminal_text(value: object, ascii: bool) -> str:
    text = "".join(ch for ch in clean_text(value) if _char_width(ch) > 0)
    if not ascii:
        return text
    out: list[str] = []
    for ch in text:
        if " " <= ch <= "~":
            out.append(ch)
        elif ch in _ASCII_FALLBACK:
            out.append(_ASCII_FALLBACK[ch])
        else:
            base = "".join(c for c in unicodedata.normalize("NFKD", ch) if " " <= c <= "~")
            out.append(base or "?")
    return " ".join("".join(out).split())


def text_width(text: str) -> int:
    """Display width in terminal cells (East Asian wide/full-width characters count 2)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(ch) for ch in text)


def truncate(text: str, width: int, ellipsis: str = "\u2026") -> str:
    """Cut `text` to at most `width` cells, ending with `ellipsis` when something was cut."""
    if text_width(text) <= width:
        return text
    if width <= 0:
        return ""
    room = width - text_width(ellipsis)
    if room < 0:
        return _cut(text, width)
    return _cut(text, room).rstrip() + ellipsis


def _cut(text: str, width: int) -> str:
    out, used = [], 0
    for ch in text:
        w = _char_width(ch)
        if used + w > width:
            break
        out.append(ch)
        used += w
    return "".join(out)


_STOP_WORDS = frozenset(["a", "an", "and", "&", "of", "the", "for", "to", "in", "on", "with", "by", "or", "at"])


def ellipsize(text: str, width: int, ellipsis: str = "\u2026") -> str:
    """Word-aware shortening: "Community engagement and ownership" -> "Community engagement…".

    Cuts at a word boundary (dropping dangling words such as "and", "of") unless that wastes more
    than four cells compared with cutting inside a word ("Community engagem…").
    """
    if text_width(text) <= width:
        return text
    room = width - text_width(ellipsis)
    if room <= 0:
        return _cut(text, max(width, 0))
    char_cut = _cut(text, room).rstrip()
    words = text.split(" ")
    kept: list[str] = []
    for word in words:
        candidate = " ".join([*kept, word])
        if text_width(candidate) > room:
            break
        kept.append(word)
    while kept and (kept[-1].lower() in _STOP_WORDS or not kept[-1].strip(",;:-/")):
        kept.pop()
    word_cut = " ".join(kept).rstrip(",;:-/ ")
    if word_cut and text_width(word_cut) >= text_width(char_cut) - 4:
        return word_cut + ellipsis
    return char_cut + ellipsis
