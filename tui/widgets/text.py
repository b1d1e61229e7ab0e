"""Untrusted text made safe for the screen, and the few glyphs that have an ASCII fallback.

Notes, names and framework text are data: they go into `rich.text.Text` objects (never parsed as
markup) after `exports.textsafe.visible` has made control characters and bidi overrides visible.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from exports.textsafe import one_line, visible


def safe(text: str, style: str = "") -> Text:
    """Untrusted text as a Text: shown literally, escape sequences made visible.

    The style is a span over this text only, so text appended later does not inherit it.
    """
    result = Text()
    result.append(visible(text), style=style or None)
    return result


def safe_line(text: str, limit: int | None = None, style: str = "") -> Text:
    """Untrusted text flattened to one visible line, optionally shortened."""
    result = Text()
    result.append(one_line(text, limit), style=style or None)
    return result


@dataclass(frozen=True)
class Glyphs:
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
