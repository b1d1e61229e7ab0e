"""What the terminal can show, and output that never fails because of it.

Shared servers meet old consoles and other locales: a non-UTF-8 locale (`LC_ALL=en_GB.ISO-8859-1`),
the Linux console (`TERM=linux`), `vt100`, `dumb`. Accord then falls back to ASCII by itself:

- `needs_ascii(stream)`: True when the stream's encoding cannot carry Unicode (not UTF-8/16/32)
  or TERM names a terminal without reliable box drawing (`ASCII_TERMS`). `--ascii` is the manual
  switch; `ACCORD_UNICODE=1` forces Unicode for a terminal that is better than its TERM says.
- `install_output_fallback()`: stdout and stderr whose encoding cannot show a character write an
  ASCII stand-in (`ASCII_STANDINS`: dashes, quotes, bullets, arrows, bars; accents dropped; `?`
  for anything else, as wide as the character) instead of ending the command with a
  UnicodeEncodeError. Files written with `--out` are UTF-8 and untouched.
- `to_ascii(text)`: the same stand-ins for a whole string; the TUI's terminal driver passes every
  write through it in ASCII mode, so nothing but ASCII reaches such a terminal, whatever the text
  (framework wording, notes, Textual's own glyphs).

No Textual here: the CLI uses this before anything is drawn.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
import unicodedata
from typing import TextIO

#: TERM values (or their prefix before "-") whose terminals lack reliable Unicode line drawing
ASCII_TERMS = frozenset({"linux", "vt50", "vt52", "vt100", "vt102", "vt220", "vt320", "dumb", "ansi", "cons25", "wsvt25"})

ERROR_HANDLER = "accord-ascii"

#: characters Accord's own text and charts use, with the ASCII character shown instead: one
#: character for one, so columns and screen layouts keep their widths
ASCII_STANDINS = {
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",
    "\u2212": "-",  # minus
    "\u2026": ".",  # ellipsis on its own; a cut word's ellipsis becomes "..." (`to_ascii`)
    "\u2020": "+",  # dagger: the own-wording mark (engine.model.OWN_MARK), as exports.textsafe shows it
    "\u25bc": "v",  # the Select's arrows
    "\u25b2": "^",
    "\U0001f50e": "> ",  # the command palette's magnifier (two cells)
    "\u00b7": "*",  # middle dot (latin-1 has it, ASCII does not)
    "\u2022": "*",
    "\u25cf": "*",
    "\u25cb": "o",
    "\u2713": "+",
    "\u2714": "+",
    "\u2717": "x",
    "\u26a0": "!",
    "\u270e": "n",
    "\u25b6": ">",
    "\u25c0": "<",
    "\u2192": ">",
    "\u2190": "<",
    "\u2191": "^",
    "\u2193": "v",
    "\u2018": "'",
    "\u2019": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2264": "<",
    "\u2265": ">",
    "\u00d7": "x",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u00a3": "L",
    "\u20ac": "E",
    "\u2588": "#",
    "\u2593": "#",
    "\u2592": ":",
    "\u2591": ".",
    "\u258f": "|",
    "\u2595": "|",
    "\u258a": "|",
    "\u258e": "|",
    "\u2594": "-",
    "\u2581": "_",
    "\u2502": "|",
    "\u2503": "|",
    "\u2551": "|",
    "\u2500": "-",
    "\u2501": "-",
    "\u2550": "=",
}


def _standin(char: str) -> str:
    """The ASCII text shown for `char`: as many characters as the cells it takes (1, or 2 if wide)."""
    if char in ASCII_STANDINS:
        return ASCII_STANDINS[char]
    code = ord(char)
    if 0x2800 <= code <= 0x28FF:  # braille dots of the radar charts
        return "." if code != 0x2800 else " "
    if 0x2500 <= code <= 0x257F:  # other box drawing
        return "+"
    if 0x2580 <= code <= 0x259F:  # other blocks
        return "#"
    width = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return ""  # zero width
    decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    return (decomposed[:width] if decomposed else "").ljust(width, "?")


def _handler(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_standin(ch) for ch in text), error.end


def _register() -> None:
    try:
        codecs.lookup_error(ERROR_HANDLER)
    except LookupError:
        codecs.register_error(ERROR_HANDLER, _handler)


#: an ellipsis right after a visible ASCII character (and the one before it) (a cut word, as Textual's text-overflow and
#: exports.textsafe.truncate end a line): the ASCII ellipsis "..." in the same three cells
_CUT_WORD = re.compile(r"(?<![\x1b\[0-9;?])[ -~][!-~]\u2026")


def to_ascii(text: str) -> str:
    """`text` with every non-ASCII character replaced by its stand-in, in as many cells; an
    ellipsis ending a cut word takes the word's last two cells to read "..." (not a full stop)."""
    _register()
    if "\u2026" in text:
        text = _CUT_WORD.sub("...", text)
    return text.encode("ascii", ERROR_HANDLER).decode("ascii")


def unicode_encoding(encoding: str | None) -> bool:
    """True for encodings that carry every character (UTF-8, -16, -32)."""
    if not encoding:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith("utf")


def ascii_term(term: str | None = None) -> bool:
    """True when TERM names a terminal without reliable box drawing (`ASCII_TERMS`)."""
    term = (os.environ.get("TERM", "") if term is None else term).lower()
    return term in ASCII_TERMS or term.split("-")[0] in ASCII_TERMS


def c_locale() -> bool:
    """True when the user asked for the C (POSIX) locale, whose character set is ASCII.

    Python writes UTF-8 under the C locale all the same (PEP 538 coerces `LANG=C` to C.UTF-8 and
    says so in LC_CTYPE; PEP 540's UTF-8 mode covers `LC_ALL=C`), so the stream's encoding does
    not tell. The first of LC_ALL, LC_CTYPE and LANG that is set decides, as for the C library.
    """
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        value = os.environ.get(name)
        if value:
            return value in ("C", "POSIX")
    return False


def needs_ascii(stream: TextIO | None = None) -> bool:
    """Whether output to `stream` (default stdout) should be ASCII: its encoding, the C locale
    (`c_locale`) or TERM says so.

    `ACCORD_UNICODE=1` in the environment answers False whatever TERM and the locale say.
    """
    if os.environ.get("ACCORD_UNICODE") == "1":
        return False
    stream = sys.stdout if stream is None else stream
    encoding = getattr(stream, "encoding", None)
    if not unicode_encoding(encoding) or c_locale():
        return True
    return bool(stream.isatty()) and ascii_term() if hasattr(stream, "isatty") else False


def install_output_fallback() -> None:
    """Make stdout and stderr write ASCII stand-ins for what their encoding cannot show (under the
    C locale, `c_locale`, that is everything beyond ASCII, though Python would write UTF-8)."""
    _register()
    ascii_only = c_locale()
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if (unicode_encoding(encoding) and not ascii_only) or not hasattr(stream, "reconfigure"):
            continue
        try:
            if ascii_only:
                stream.reconfigure(encoding="ascii", errors=ERROR_HANDLER)
            else:
                stream.reconfigure(errors=ERROR_HANDLER)
        except (ValueError, OSError):  # pragma: no cover - a stream that cannot be reconfigured
            pass
