"""A line chart of averages over rounds, as terminal text: braille (Unicode) or pure ASCII.

Pure function from numbers to lines of `(text, role)` runs (roles `trend0`..`trend7` per series,
`axis`, `label`, `legend`), as `exports.radar` does for radars; `exports.trend_text` lays it out.

Why not plotext (on the client's package list, tried first, 6.1): with several lines on one
chart its lines can be told apart only by colour. Under NO_COLOR crossing braille lines merge
into one tangle, and in ASCII mode each line is drawn as a solid run of its marker letter, so one
line hides the next; its axes are box-drawing characters with no ASCII style, its tick strips keep
a white background on dark terminals, it writes colour codes under NO_COLOR, and a missing round
is bridged by a line. Here:

- x: one column per round, evenly spaced, oldest on the left; with targets, a last column
  "target" holds each series' latest-due target (no line leads to it);
- y: the part of the scale the values and targets span (whole points, at least two; never past
  `scale_min`..`scale_max`), one tick per point, two or three rows per point;
- each series is a line (braille dots, or `-`, `/`, `\\`, `|` in ASCII) with its key letter at
  every round's value, so each line is known by its letters without colour; its target is the
  same letter in lower case. Letters that would fall on one cell sit side by side;
- a round without a value (nothing answered, or withheld) is a gap: no letter, no line into or
  out of it (a line never bridges a missing round).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from accord_partnership.exports.radar import _BRAILLE_BITS, _line, _slope_char
from accord_partnership.exports.textsafe import text_width, truncate

Run = tuple[str, str]
#: series roles, one colour each (exports.trend_text.STYLES); the ninth series reuses the first's
ROLES = tuple(f"trend{k}" for k in range(8))
KEYS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: rows from one scale point to the next: 3 when the chart spans up to three points, else 2
ROWS_PER_POINT = 3


@dataclass(frozen=True)
class Line:
    """One series: its key letter, its name for the legend, a value per round, and a target."""

    key: str
    name: str
    values: Sequence[float | None]
    target: float | None = None


@dataclass
class _Canvas:
    width: int
    height: int
    ascii: bool
    per_point: int
    dots: dict[tuple[int, int], int] = field(default_factory=dict)  # braille bits per cell
    strokes: dict[tuple[int, int], str] = field(default_factory=dict)  # ASCII stroke per cell
    role: dict[tuple[int, int], str] = field(default_factory=dict)
    marks: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)  # letter, role


def render_trend_cells(
    rounds: Sequence[str],
    lines: Sequence[Line],
    *,
    scale_min: int = 1,
    scale_max: int = 5,
    width: int = 78,
    ascii: bool = False,
    target_label: str = "target",
) -> list[list[Run]]:
    """The chart as lines of runs: `rounds` are the x labels ("R1"...), oldest first.

    Raises ValueError for a scale without two points, no rounds, or a series whose number of
    values is not the number of rounds.
    """
    if scale_max <= scale_min:
        raise ValueError(f"scale_max ({scale_max}) must be above scale_min ({scale_min})")
    if not rounds:
        raise ValueError("no rounds to chart")
    for line in lines:
        if len(line.values) != len(rounds):
            raise ValueError(f"series {line.key} has {len(line.values)} values for {len(rounds)} rounds")
    scale_min, scale_max = span([v for line in lines for v in (*line.values, line.target)], scale_min, scale_max)
    per_point = ROWS_PER_POINT if scale_max - scale_min <= 3 else 2
    with_target = any(line.target is not None for line in lines)
    labels = [*rounds, target_label] if with_target else list(rounds)
    gutter = max(len(str(scale_min)), len(str(scale_max))) + 2  # "5 ┤"
    plot_w = max(width - gutter - 1, 6 * len(labels))
    height = (scale_max - scale_min) * per_point + 1
    canvas = _Canvas(plot_w, height, ascii, per_point)
    xs = _columns(len(labels), plot_w)
    sub_x, sub_y = (1, 1) if ascii else (2, 4)

    def at(col: int, value: float) -> tuple[int, int]:
        """The dot (x, y) of a value in column `col` (y grows downwards)."""
        value = min(max(value, scale_min), scale_max)
        row_f = (scale_max - value) * per_point  # 0 at the top row's centre
        return col * sub_x + sub_x // 2, round(row_f * sub_y + (sub_y - 1) / 2)

    for k, line in enumerate(lines):
        role = ROLES[k % len(ROLES)]
        points = [None if v is None else at(xs[n], v) for n, v in enumerate(line.values)]
        for p0, p1 in zip(points, points[1:]):
            if p0 is not None and p1 is not None:
                _stroke(canvas, p0, p1, role)
    for k, line in enumerate(lines):  # letters over every line
        role = ROLES[k % len(ROLES)]
        for n, v in enumerate(line.values):
            if v is not None:
                _mark(canvas, xs[n], _row(at(xs[n], v), sub_y), line.key, role)
        if line.target is not None:
            _mark(canvas, xs[-1], _row(at(xs[-1], line.target), sub_y), line.key.lower(), role)
    return _compose(canvas, labels, xs, scale_min, scale_max, gutter, width)


def span(values: Sequence[float | None], lo: int, hi: int) -> tuple[int, int]:
    """Whole scale points around the values (at least two apart), within lo..hi."""
    import math

    shown = [v for v in values if v is not None]
    if not shown:
        return lo, hi
    low = max(lo, math.floor(min(shown)))
    high = min(hi, math.ceil(max(shown)))
    while high - low < 2 and (low > lo or high < hi):
        if high < hi:
            high += 1
        if high - low < 2 and low > lo:
            low -= 1
    return low, high


def _columns(count: int, plot_w: int) -> list[int]:
    """Evenly spaced columns, a margin of a few cells at each end."""
    margin = 3
    if count == 1:
        return [plot_w // 2]
    span = plot_w - 2 * margin - 1
    return [margin + round(n * span / (count - 1)) for n in range(count)]


def _row(dot: tuple[int, int], sub_y: int) -> int:
    return dot[1] // sub_y


def _stroke(canvas: _Canvas, p0: tuple[int, int], p1: tuple[int, int], role: str) -> None:
    sub_x, sub_y = (1, 1) if canvas.ascii else (2, 4)
    char = _slope_char(p0, p1)
    for x, y in _line(p0, p1):
        cell = (x // sub_x, y // sub_y)
        if not (0 <= cell[0] < canvas.width and 0 <= cell[1] < canvas.height):
            continue
        if canvas.ascii:
            canvas.strokes[cell] = char
        else:
            canvas.dots[cell] = canvas.dots.get(cell, 0) | _BRAILLE_BITS[y % 4][x % 2]
        canvas.role[cell] = role


def _mark(canvas: _Canvas, col: int, row: int, letter: str, role: str) -> None:
    """A key letter at (col, row), or the nearest free cell of the row beside it when another
    letter is there already (never dropped while the row has room: 26 letters fit any chart)."""
    for step in range(2 * canvas.width + 1):
        shift = (step + 1) // 2 * (1 if step % 2 else -1)
        cell = (col + shift, row)
        if 0 <= cell[0] < canvas.width and cell not in canvas.marks:
            canvas.marks[cell] = (letter, role)
            return


def _compose(canvas: _Canvas, labels: list[str], xs: list[int], lo: int, hi: int, gutter: int, width: int) -> list[list[Run]]:
    ascii = canvas.ascii
    vbar, tick, corner, hbar, xtick = ("|", "+", "+", "-", "+") if ascii else ("│", "┤", "└", "─", "┬")
    out: list[list[Run]] = []
    for row in range(canvas.height):
        point = hi - row / canvas.per_point
        on_point = row % canvas.per_point == 0
        head = f"{int(point)} {tick}" if on_point else f"{'':{gutter - 2}} {vbar}"
        runs: list[Run] = [(head.rjust(gutter), "axis")]
        for col in range(canvas.width):
            cell = (col, row)
            if cell in canvas.marks:
                letter, role = canvas.marks[cell]
                runs.append((letter, role))
            elif ascii and cell in canvas.strokes:
                runs.append((canvas.strokes[cell], canvas.role[cell]))
            elif not ascii and cell in canvas.dots:
                runs.append((chr(0x2800 + canvas.dots[cell]), canvas.role[cell]))
            elif on_point and col % 4 == 2:
                runs.append(("." if ascii else "·", "grid"))
            else:
                runs.append((" ", ""))
        out.append(_merge(runs))
    axis = [" " * (gutter - 1) + corner]
    line = [hbar] * canvas.width
    for x in xs:
        line[x] = xtick
    out.append([(axis[0] + "".join(line), "axis")])
    names = [" "] * (canvas.width + gutter)
    for x, label in zip(xs, labels):
        text = truncate(label, 10, "." if ascii else "…")
        start = max(0, min(gutter + x - text_width(text) // 2, len(names) - text_width(text)))
        for j, ch in enumerate(text):
            names[start + j] = ch
    out.append([("".join(names).rstrip(), "label")])
    return [fit(r, width) for r in out]


def _merge(runs: list[Run]) -> list[Run]:
    merged: list[Run] = []
    for text, role in runs:
        if merged and merged[-1][1] == role:
            merged[-1] = (merged[-1][0] + text, role)
        else:
            merged.append((text, role))
    while merged and not merged[-1][0].strip():
        merged.pop()
    if merged:
        merged[-1] = (merged[-1][0].rstrip(), merged[-1][1])
    return merged


def fit(runs: list[Run], width: int) -> list[Run]:
    """The runs cut to `width` cells."""
    out: list[Run] = []
    used = 0
    for text, role in runs:
        room = width - used
        if room <= 0:
            break
        if text_width(text) > room:
            text = truncate(text, room, "")
        out.append((text, role))
        used += text_width(text)
    return out
