"""Words and numbers as summaries and reports print them (plain text; each format escapes it)."""

from __future__ import annotations

from accord_partnership.engine.numbers import fmt, fmt_mean, nouns, plural
from accord_partnership.exports.textsafe import one_line

__all__ = ["clean", "fmt", "fmt_mean", "nouns", "plural"]


def clean(text: object) -> str:
    """User or framework text on one line, control characters made visible (never emitted)."""
    return one_line(str(text or ""))
