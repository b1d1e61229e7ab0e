"""The trend's line chart as self-contained SVG, for the HTML report (and as a picture in Word).

Same conventions as the terminal chart (`exports.trend_chart`): one column per round, oldest on
the left; with targets, a last "target" column; the y axis spans the whole scale points around
the values; each line carries its key letter (in a ring) at every round's value, so it is known
without colour (printing in black and white); a target is the lower-case letter beside a short
dashed mark; a round without a value is a gap that no line bridges. Colours are the Okabe-Ito
colour-blind-safe palette. Every text passes through `exports.svg.svg_text` (cleaned, escaped);
no scripts, links or external resources.
"""

from __future__ import annotations

from collections.abc import Sequence

from accord_partnership.engine.numbers import fmt
from accord_partnership.exports.svg import svg_text
from accord_partnership.exports.trend_chart import Line, span

__all__ = ["trend_svg"]

COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#555555", "#8C564B")
_INK = "#222222"
_GRID = "#c8c8c8"
_MUTED = "#666666"


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def trend_svg(rounds: Sequence[str], lines: Sequence[Line], *, scale_min: int = 1, scale_max: int = 5,
              width: int = 640, title: str = "", target_label: str = "target") -> str:
    """An `<svg>` line chart of `lines` over `rounds` (see module doc). ValueError as
    `exports.trend_chart.render_trend_cells` for a bad scale or a series of the wrong length."""
    if scale_max <= scale_min:
        raise ValueError(f"scale_max ({scale_max}) must be above scale_min ({scale_min})")
    for line in lines:
        if len(line.values) != len(rounds):
            raise ValueError(f"series {line.key} has {len(line.values)} values for {len(rounds)} rounds")
    lo, hi = span([v for line in lines for v in (*line.values, line.target)], scale_min, scale_max)
    with_target = any(line.target is not None for line in lines)
    labels = [*rounds, target_label] if with_target else list(rounds)
    w = float(max(width, 240))
    font = 12.0
    left, right, top, bottom = 34.0, 18.0, 12.0, 30.0
    height = 64.0 * (hi - lo) + top + bottom
    plot_w, plot_h = w - left - right, height - top - bottom
    step = plot_w / max(len(labels), 1)
    xs = [left + step * (k + 0.5) for k in range(len(labels))]

    def y_of(v: float) -> float:
        v = min(max(v, lo), hi)
        return top + (hi - v) / (hi - lo) * plot_h

    body: list[str] = []
    for point in range(lo, hi + 1):  # gridlines and y labels
        y = y_of(point)
        body.append(f'<line x1="{_n(left)}" y1="{_n(y)}" x2="{_n(w - right)}" y2="{_n(y)}" stroke="{_GRID}" stroke-width="1"/>')
        body.append(f'<text x="{_n(left - 8)}" y="{_n(y + font * 0.35)}" font-size="{_n(font)}" text-anchor="end" '
                    f'fill="{_MUTED}">{point}</text>')
    for x, label in zip(xs, labels):
        body.append(f'<text x="{_n(x)}" y="{_n(height - 10)}" font-size="{_n(font)}" text-anchor="middle" '
                    f'fill="{_INK}">{svg_text(label)}</text>')
    if with_target:
        sep = (xs[-2] + xs[-1]) / 2
        body.append(f'<line x1="{_n(sep)}" y1="{_n(top)}" x2="{_n(sep)}" y2="{_n(top + plot_h)}" stroke="{_GRID}" '
                    'stroke-dasharray="3 3"/>')
    taken: list[tuple[float, float]] = []

    def place(x: float, y: float) -> float:
        """x shifted sideways until the ring clears every ring already placed at that height."""
        for shift in (0, 16, -16, 32, -32, 48, -48, 64, -64):
            if all(abs(x + shift - tx) >= 15 or abs(y - ty) >= 15 for tx, ty in taken):
                taken.append((x + shift, y))
                return x + shift
        taken.append((x, y))
        return x

    placed = [[None if v is None else (place(xs[n], y_of(v)), y_of(v)) for n, v in enumerate(line.values)] for line in lines]
    rings: list[str] = []
    for k, line in enumerate(lines):
        colour = COLOURS[k % len(COLOURS)]
        points = placed[k]
        for p0, p1 in zip(points, points[1:]):  # lines end at the rings as placed
            if p0 is not None and p1 is not None:
                body.append(f'<line x1="{_n(p0[0])}" y1="{_n(p0[1])}" x2="{_n(p1[0])}" y2="{_n(p1[1])}" '
                            f'stroke="{colour}" stroke-width="2"/>')
        for n, p in enumerate(points):
            value = line.values[n]
            if p is not None and value is not None:
                rings.append(_ring(p[0], p[1], line.key, colour, f"{line.name}, {labels[n]}: {fmt(value, 2)}"))
        if line.target is not None:
            y = y_of(line.target)
            x = place(xs[-1], y)
            rings.append(f'<line x1="{_n(x - 11)}" y1="{_n(y)}" x2="{_n(x + 11)}" y2="{_n(y)}" stroke="{colour}" '
                         'stroke-width="2" stroke-dasharray="3 2"/>'
                         + _ring(x, y, line.key.lower(), colour, f"{line.name}, target: {fmt(line.target, 2)}", dashed=True))
    desc = "; ".join(
        f"{line.key} {line.name}: " + ", ".join(f"{r} {'no figure' if v is None else fmt(v, 2)}" for r, v in zip(rounds, line.values))
        + (f", target {fmt(line.target, 2)}" if line.target is not None else "")
        for line in lines) or "no lines"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(w)} {_n(height)}" width="{_n(w)}" '
            f'height="{_n(height)}" role="img" font-family="sans-serif">'
            f"<title>{svg_text(title or 'Averages per round')}</title><desc>{svg_text(desc)}</desc>"
            + "".join(body) + "".join(rings) + "</svg>")


def _ring(x: float, y: float, letter: str, colour: str, label: str, *, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="2 2"' if dashed else ""
    return (f'<g><title>{svg_text(label)}</title>'
            f'<circle cx="{_n(x)}" cy="{_n(y)}" r="7.5" fill="#ffffff" stroke="{colour}" stroke-width="1.75"{dash}/>'
            f'<text x="{_n(x)}" y="{_n(y + 3.9)}" font-size="10.5" font-weight="bold" text-anchor="middle" '
            f'fill="{colour}">{svg_text(letter)}</text></g>')
