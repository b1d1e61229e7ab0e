"""Words and numbers as summaries and reports print them (plain text; each format escapes it)."""

from __future__ import annotations

from engine.numbers import fmt, fmt_mean, nouns, plural
from exports.textsafe import one_line

__all__ = ["clean", "fmt", "fmt_mean", "nouns", "plural"]


def clean(text: object) -> str:
    """User or framework text on one line, control characters made visible (never emitted)."""
    return one_line(str(text or ""))
