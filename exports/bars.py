"""Distribution bars and mean bars as plain text (the text helpers they use live in `exports.textsafe`).

Pure functions from numbers to strings: no Textual, no pandas, stdlib only.

Conventions shared with `exports.radar` and `exports.svg`:

* A mean `v` on the scale `scale_min..scale_max` is drawn at the fraction
  `(v - scale_min + 1) / (scale_max - scale_min + 1)` of the full length, so the lowest score is a
  short bar (a small ring on the radar), not nothing, and the highest fills it.
* Percentages in `distribution_bars` are of *all* responses, N/A included, so the column adds up
  to about 100%; bar lengths are the same shares (the full bar width is 100%).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from accord_partnership.engine.numbers import fmt
from accord_partnership.exports.textsafe import _cut, clean_text, ellipsize, terminal_text, text_width, truncate

__all__ = [
    "as_number",
    "clean_text",
    "distribution_bars",
    "ellipsize",
    "level_fraction",
    "mean_bar",
    "terminal_text",
    "text_width",
    "truncate",
]

# ---------------------------------------------------------------------------------------------
# Bars

_EIGHTHS = ("", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a", "\u2589")
_FULL = "\u2588"


def level_fraction(value: float, scale_min: int, scale_max: int) -> float:
    """Where `value` sits on a bar or radar spoke: (v - min + 1) / (max - min + 1), clamped."""
    levels = scale_max - scale_min + 1
    return min(max((value - scale_min + 1) / levels, 0.0), 1.0)


def _bar(fraction: float, cells: int, ascii: bool, nonzero: bool = False) -> str:
    """A left-aligned bar `cells` wide (padded with spaces) filled to `fraction`."""
    if cells <= 0:
        return ""
    fraction = min(max(fraction, 0.0), 1.0)
    if ascii:
        n = int(fraction * cells + 0.5)
        body = "#" * n
        if not body and nonzero:
            body = "."
    else:
        eighths = int(fraction * cells * 8 + 0.5)
        if eighths == 0 and nonzero:
            eighths = 1
        full, rest = divmod(eighths, 8)
        body = _FULL * full + _EIGHTHS[rest]
    return body[:cells].ljust(cells)


def as_number(value: object) -> float | None:
    """`value` as a finite float, or None for None, NaN, infinities, booleans and non-numbers
    (numpy and pandas scalars convert; pandas.NA does not and gives None)."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def mean_bar(value: float | None, scale_min: int = 1, scale_max: int = 5, width: int = 12,
             ascii: bool = False) -> str:
    """One-line bar for a mean, exactly `width` cells: "████████▌    3.4" (or "#########    3.4").

    `None` or NaN gives a blank bar and "n/a". The bar length follows `level_fraction`.
    """
    if scale_max < scale_min:
        raise ValueError(f"scale_max ({scale_max}) is below scale_min ({scale_min})")
    width = max(int(width), 0)
    number = as_number(value)
    text = "n/a" if number is None else fmt(number)
    cells = width - 1 - len(text)
    if cells < 1:
        return text.rjust(width)[:width] if width >= len(text) else text[:width]
    bar = " " * cells if number is None else _bar(level_fraction(number, scale_min, scale_max), cells, ascii)
    return f"{bar} {text}"


def check_distribution(counts: Mapping[int, int], scale_min: int, scale_max: int, n_na: int) -> None:
    """Counts every distribution chart (text or SVG) accepts: levels on the scale, none negative."""
    if scale_max < scale_min:
        raise ValueError(f"scale_max ({scale_max}) is below scale_min ({scale_min})")
    for level, count in counts.items():
        if not scale_min <= level <= scale_max:
            raise ValueError(f"level {level} is outside the scale {scale_min}-{scale_max}")
        if count < 0:
            raise ValueError(f"negative count for level {level}")
    if n_na < 0:
        raise ValueError("negative N/A count")


def distribution_bars(counts: Mapping[int, int], *, scale_min: int, scale_max: int, n_na: int = 0,
                      labels: Mapping[int, str] | None = None, width: int = 60, ascii: bool = False,
                      na_label: str = "N/A") -> list[str]:
    """One line per scale level (and an N/A line when `n_na` > 0):

        1 Not at all  ████▌            3  (25%)

    Bars and percentages are shares of all responses, N/A included. Labels are shortened (never
    the numbers) so no line is wider than `width`. Raises ValueError for levels outside the scale
    or negative counts.
    """
    check_distribution(counts, scale_min, scale_max, n_na)
    width = max(int(width), 1)
    ell = "." if ascii else "\u2026"
    level_rows: list[tuple[str, str, int]] = []  # (key, label, count)
    for level in range(scale_min, scale_max + 1):
        label = terminal_text(labels.get(level, ""), ascii) if labels else ""
        level_rows.append((str(level), label, int(counts.get(level, 0))))
    na_text = terminal_text(na_label, ascii) or "N/A"
    total = sum(count for _, _, count in level_rows) + int(n_na)

    label_w = max((text_width(label) for _, label, _ in level_rows), default=0)
    count_w = max(len(str(count)) for count in [n_na, *(c for _, _, c in level_rows)])
    pct_w = 6  # "(100%)"
    show_pct = True

    def key_width() -> int:
        keys = [key for key, _, _ in level_rows]
        if n_na and not label_w:
            keys.append(na_text)
        return max(text_width(key) for key in keys)

    def fixed() -> int:
        return (key_width() + (1 + label_w if label_w else 0) + 1 + 1 + count_w
                + (1 + pct_w if show_pct else 0))

    if n_na and label_w:
        label_w = max(label_w, text_width(na_text))
    min_bar = 8
    if width - fixed() < min_bar and label_w:
        label_w = max(width - min_bar - (fixed() - label_w), 6)
    if width - fixed() < min_bar and label_w:
        label_w = 0  # labels dropped entirely: only the numbers remain
    if width - fixed() < 1:
        show_pct = False
    bar_cells = max(width - fixed(), 0)
    key_w = key_width()
    rows = list(level_rows)
    if n_na:
        rows.append(("", na_text, int(n_na)) if label_w else (na_text, "", int(n_na)))

    lines: list[str] = []
    for key, label, count in rows:
        parts = [" " * (key_w - text_width(key)) + key]
        if label_w:
            shown = ellipsize(label, label_w, ell)
            parts.append(shown + " " * (label_w - text_width(shown)))
        if bar_cells:
            share = count / total if total else 0.0
            parts.append(_bar(share, bar_cells, ascii, nonzero=count > 0))
        tail = str(count).rjust(count_w)
        if show_pct:
            pct = 100.0 * count / total if total else 0.0
            tail += " " + f"({fmt(pct, 0)}%)".rjust(pct_w)
        parts.append(tail)
        line = " ".join(parts)
        if text_width(line) > width:
            line = _cut(line, width)
        lines.append(line.rstrip())
    return lines
