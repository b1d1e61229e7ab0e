"""The few glyphs Accord draws that have an ASCII fallback (`--ascii`; tui.settings).

Untrusted text (notes, names, framework wording) is made safe by `exports.textsafe` (the one
policy): `safe` / `safe_line` there give it as `rich.text.Text` for the screen.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Glyphs:
    """The glyphs of one setting, Unicode or ASCII (`glyphs`)."""

    chosen: str
    answered: str
    unanswered: str
    current: str
    bullet: str
    warn: str
    note: str
    bar_full: str
    bar_empty: str
    sep: str


UNICODE = Glyphs(chosen="●", answered="✓", unanswered="·", current="▶", bullet="•", warn="⚠", note="✎", bar_full="█", bar_empty="░", sep="·")
ASCII = Glyphs(chosen="*", answered="+", unanswered="-", current=">", bullet="-", warn="!", note="~", bar_full="#", bar_empty=".", sep="|")


def glyphs(ascii: bool) -> Glyphs:
    return ASCII if ascii else UNICODE


def bar(value: float, maximum: float, width: int, g: Glyphs) -> str:
    """A plain text bar, `width` cells wide, filled in proportion to value/maximum."""
    if maximum <= 0 or width <= 0:
        return ""
    filled = max(0, min(width, round(width * value / maximum)))
    return g.bar_full * filled + g.bar_empty * (width - filled)
