"""Numbers as people check them: the one place where a figure or a count becomes text.

Every displayed figure (stats CSV, summary, reports, radar labels, plan file, screens) goes through
`fmt` or `fmt_mean`, which round half up as a spreadsheet does (3.25 -> "3.3", 3.125 -> "3.13"),
not half to even as Python's `round` and format specs do. A binary float is rounded from its
shortest repr (`Decimal(repr(2.675))` is 2.675, not 2.67499999...), so what a person reads in a
CSV cell and then rounds by hand gives the same figure.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: shown where there is no figure (nothing answered, or withheld)
DASH = "–"


def round_half_up(value: float, places: int = 2) -> float:
    """`value` rounded to `places` decimals, half up (away from zero for negatives), as a float."""
    return float(_quantize(value, places))


def _quantize(value: float, places: int) -> Decimal:
    exponent = Decimal(1).scaleb(-places)
    return Decimal(repr(float(value))).quantize(exponent, rounding=ROUND_HALF_UP)


def fmt(value: float | None, places: int = 1, none: str = DASH) -> str:
    """A figure for display with `places` decimals, rounded half up: fmt(3.25) == "3.3"; `none` for None."""
    if value is None:
        return none
    text = str(_quantize(value, places))
    return "0" + text[2:] if text.startswith("-0") and not any(c in "123456789" for c in text) else text


def fmt_mean(value: float | None, threshold: float | None = None) -> str:
    """A mean to one decimal; more (up to four) when one would hide that it is below `threshold`.

    A 2.96 with an acceptable score of 3.0 shows as "2.96", never "3.0", so a figure listed as
    below the threshold never reads as meeting it (tables, commentary and radar labels alike).
    """
    if value is None:
        return DASH
    for places in (1, 2, 3, 4):
        text = fmt(value, places)
        if threshold is None or not (value < threshold <= float(text)):
            return text
    return text


#: The most decimals a target score is shown with: a target may be typed between boxes (4.25).
TARGET_PLACES = 2


def fmt_target(value: float | None) -> str:
    """A target score for display, everywhere (plan screen, `accord plan list`, comparisons): one
    decimal, or `TARGET_PLACES` when the target has them (4.25 stays "4.25", 4 is "4.0"), so one
    target never reads as two figures."""
    if value is None:
        return DASH
    return fmt(value, 1) if _quantize(value, 1) == _quantize(value, TARGET_PLACES) else fmt(value, TARGET_PLACES)


def fmt_signed(value: float | None, places: int = 2) -> str:
    """A change with its sign, half up: "+0.50", "-1.26" (from -1.255); no change is "0.00" (no sign,
    also for a value that rounds to zero); the dash for None. Every view's change column uses it."""
    if value is None:
        return DASH
    text = fmt(value, places)
    if _quantize(value, places) == 0:
        return fmt(0.0, places)
    return text if text.startswith("-") else "+" + text


def percent(part: int, whole: int, places: int = 0) -> str:
    """`part` of `whole` as a percentage, half up: percent(1, 8) == "13%"; "–" when `whole` is 0."""
    return DASH if not whole else fmt(100 * part / whole, places) + "%"


#: nouns whose plural is not the noun + "s" (Sport England's stages hold criteria)
_IRREGULAR = {"criterion": "criteria", "criteria": "criteria", "analysis": "analyses", "process": "processes"}


def nouns(word: str) -> str:
    """The plural of a field term: nouns("criterion") == "criteria", nouns("feature") == "features"."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    return word if word.endswith("s") else word + "s"


def plural(n: int, word: str, words: str | None = None) -> str:
    """A count with its noun: plural(1, "criterion") == "1 criterion", plural(2, "criterion") == "2 criteria"."""
    return f"{n} {word if n == 1 else (words or nouns(word))}"
