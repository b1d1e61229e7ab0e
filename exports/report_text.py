"""Words and numbers as summaries and reports print them (plain text; each format escapes it)."""

from __future__ import annotations

from exports.textsafe import one_line


def fmt(value: float | None, digits: int = 1, none: str = "–") -> str:
    """A score for display: "3.4", or `none` when there is no value."""
    return none if value is None else f"{value:.{digits}f}"


def fmt_mean(value: float | None, threshold: float | None = None) -> str:
    """A mean to one decimal, or two when one would hide that it is below the threshold (2.96, not 3.0)."""
    if value is None:
        return "–"
    text = f"{value:.1f}"
    if threshold is not None and value < threshold <= float(text):
        return f"{value:.2f}"
    return text


def clean(text: object) -> str:
    """User or framework text on one line, control characters made visible (never emitted)."""
    return one_line(str(text or ""))


def plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n} {word if n == 1 else (words or word + 's')}"
