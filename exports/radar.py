"""Radar ("spider") charts as terminal text: braille (Unicode) or pure ASCII.

Pure functions from numbers to text: stdlib only (Rich is imported lazily by `radar_to_rich`).

Geometry
  * One spoke per axis; axis 0 points straight up and the axes go clockwise.
  * A value `v` sits at the fraction `(v - scale_min + 1) / (scale_max - scale_min + 1)` of the
    radius (see `exports.bars.level_fraction`): on a 1-5 scale the rings are at 1/5..5/5, so a 1
    is the small innermost ring and a 5 the outer ring. Values outside the scale are clamped;
    `None` (or NaN) is a gap: no vertex, and no edge into or out of it.
  * Terminal cells are about twice as tall as wide. In Unicode mode each cell holds 2x4 braille
    dots, which are then square, so circles are circles in dot space; in ASCII mode each cell is one
    pixel and x distances are doubled.

Styles (distinguishable without colour)
  * rings: sparse dots; spokes: every other dot (role "ring" / "axis");
  * series 0 (e.g. the mean): solid line, vertices ● (ASCII: slope characters, vertices `*`);
  * series 1 (target, earlier round, "you"): dashed line, vertices ◆ (ASCII: `+`, vertices `o`).
  Series 0 is drawn on top. At most two series.

Labels
  Axis names are placed outside the plot (never inside the circle's cells, never over each other,
  never past `width`), wrapped onto two lines or shortened word-aware ("Community engagem…") when
  needed; the chart radius shrinks a little if that saves a lot of truncation. When the names
  cannot be placed legibly, the spokes are numbered and a numbered legend follows the chart.
  With `show_values`, series 0's value follows each name ("Trust 3.4").

`height` is the budget for the whole output, legend included (the chart shrinks to leave room);
only a very small `height` with a long numbered legend can exceed it. Output is deterministic.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from accord_partnership.engine.numbers import fmt_mean
from accord_partnership.exports.bars import as_number, level_fraction, mean_bar
from accord_partnership.exports.textsafe import clean_text, ellipsize, terminal_text, text_width, truncate

if TYPE_CHECKING:  # pragma: no cover
    from rich.text import Text

__all__ = ["ROLES", "RadarSeries", "radar_to_rich", "render_radar", "render_radar_cells"]

ROLES = ("", "axis", "ring", "series0", "series1", "label", "legend")

Run = tuple[str, str]  # (text, role)
_Cell = tuple[str, str]


@dataclass(frozen=True)
class RadarSeries:
    """One polygon: a name for the legend and one value per axis (`None` = no data)."""

    name: str
    values: Sequence[float | None]


_MARKERS = {False: ("\u25cf", "\u25c6"), True: ("*", "o")}  # series 0, series 1
_BRAILLE_BITS = ((0x01, 0x08), (0x02, 0x10), (0x04, 0x20), (0x40, 0x80))  # [dy][dx]
_MAX_LABEL_LINES = 3
_MIN_SHOWN = 8  # a shortened name keeps at least this many characters (or all of it)
_RING_GAP = {False: (5, 1), True: (6, 1)}  # [ascii][is outer ring]: pixels from one ring dot to the next
_SPOKE_GAP = {False: 2, True: 2}  # spokes: every n-th pixel, counted from the rim
_SPOKE_FROM = 1.0  # spokes start at this ring (1 = innermost): keeps the centre uncluttered
_DASH = (5, 3)  # series 1 in braille: 3 dots on in every 5


# ---------------------------------------------------------------------------------------------
# Public API


def render_radar_cells(axes: Sequence[str], series: Sequence[RadarSeries], *, scale_min: int = 1,
                       scale_max: int = 5, width: int = 78, height: int = 20, ascii: bool = False,
                       show_values: bool = True, threshold: float | None = None,
                       full_names: bool = False) -> list[list[Run]]:
    """The radar as lines of `(text, role)` runs; roles are those in `ROLES`.

    Joining each line's texts gives `render_radar`. Trailing blanks are trimmed. Values beside
    the labels are `engine.numbers.fmt_mean` with `threshold`, the figure the tables print.
    With `full_names` (a printed report), a label that had to be shortened is numbered
    ("[8] Community engag…") and a key under the legend gives its whole name (numbered spokes:
    the numbered legend gives every name whole); the key comes on top of `height`.
    """
    grid = _render(axes, series, scale_min, scale_max, width, height, ascii, show_values, threshold, full_names)
    return [_runs(row) for row in grid]


def render_radar(axes: Sequence[str], series: Sequence[RadarSeries], *, scale_min: int = 1,
                 scale_max: int = 5, width: int = 78, height: int = 20, ascii: bool = False,
                 show_values: bool = True, threshold: float | None = None, full_names: bool = False) -> list[str]:
    """The radar as plain lines, each at most `width` cells wide (see the module docstring)."""
    cells = render_radar_cells(axes, series, scale_min=scale_min, scale_max=scale_max, width=width,
                               height=height, ascii=ascii, show_values=show_values, threshold=threshold,
                               full_names=full_names)
    return ["".join(text for text, _ in line) for line in cells]


_RICH_STYLES = {
    "": "",
    "axis": "dim",
    "ring": "dim",
    "series0": "bold cyan",
    "series1": "bold magenta",
    "label": "",
    "legend": "",
}


def radar_to_rich(cells: Sequence[Sequence[Run]]) -> Text:
    """A `rich.text.Text` of `render_radar_cells` output (ANSI cyan/magenta follow the terminal's
    theme, so they stay readable on dark and light backgrounds; Rich drops colour under NO_COLOR)."""
    from rich.text import Text

    text = Text(no_wrap=True, overflow="crop", end="")
    for i, line in enumerate(cells):
        if i:
            text.append("\n")
        for chunk, role in line:
            text.append(chunk, style=_RICH_STYLES.get(role, "") or None)
    return text


# ---------------------------------------------------------------------------------------------
# Rendering


def check_radar(axes: Sequence[str], series: Sequence[RadarSeries], scale_min: int, scale_max: int) -> None:
    """The arguments every radar (text or SVG) needs: a scale, one or two series, a value per axis."""
    if scale_max <= scale_min:
        raise ValueError(f"scale_max ({scale_max}) must be above scale_min ({scale_min})")
    if len(series) > 2:
        raise ValueError(f"a radar shows at most two series, got {len(series)}")
    for s in series:
        if len(s.values) != len(axes):
            raise ValueError(f"series {clean_text(s.name)!r} has {len(s.values)} values for {len(axes)} axes")


def _render(axes: Sequence[str], series: Sequence[RadarSeries], scale_min: int, scale_max: int,
            width: int, height: int, ascii: bool, show_values: bool,
            threshold: float | None = None, full_names: bool = False) -> list[list[_Cell]]:
    check_radar(axes, series, scale_min, scale_max)
    n = len(axes)
    width = max(int(width), 1)
    height = max(int(height), 1)
    names = [terminal_text(a, ascii) or f"Axis {i + 1}" for i, a in enumerate(axes)]
    values = [[_clean_value(v, scale_min, scale_max) for v in s.values] for s in series]
    series_names = [terminal_text(s.name, ascii) or f"Series {k + 1}" for k, s in enumerate(series)]
    suffixes = [""] * n
    if show_values and values:
        suffixes = [" " + _fmt(v, ascii, threshold) for v in values[0]]

    legend = _series_legend(series_names, scale_min, scale_max, width, ascii)
    if n >= 3 and width >= 20:
        marks = [""] * n  # with full_names: "[8] " before each name that had to be shortened
        while True:
            best = _best_chart_cut([m + nm for m, nm in zip(marks, names)], suffixes, values, scale_min,
                                   scale_max, width, height - len(legend), ascii)
            if best is None:
                break
            chart, cut = best
            new = [i for i in cut if not marks[i]] if full_names else []
            if not new:  # every shortened name is numbered, and given whole in the key (beyond `height`)
                return _finish(chart, legend + _key(names, marks, width))
            for i in new:
                marks[i] = f"[{i + 1}] "
        min_chart = 9 if ascii else 7  # the smallest radar _best_chart draws
        for numbers, shortened in _numbered_legends(names, suffixes, width, ascii, height - len(legend) - min_chart):
            spokes = _best_chart([str(i + 1) for i in range(n)], [""] * n, values, scale_min, scale_max,
                                 width, height - len(legend) - len(numbers), ascii, numbered=True)
            if spokes is not None:
                if full_names and shortened:  # the numbered legend in one column, whole names wrapped
                    numbers = _numbered_in_full(names, suffixes, width)
                return _finish(spokes, legend + numbers)
    return _fallback(names, values, series_names, scale_min, scale_max, width, ascii)


def _clean_value(v: float | None, lo: int, hi: int) -> float | None:
    number = as_number(v)
    return None if number is None else min(max(number, float(lo)), float(hi))


def _fmt(v: float | None, ascii: bool = False, threshold: float | None = None) -> str:
    """A value beside its axis label, as the tables print it; a dash (ASCII where asked) for no data."""
    return ("-" if ascii else "–") if v is None else fmt_mean(v, threshold)


def _finish(chart: list[list[_Cell]], legend: list[list[_Cell]]) -> list[list[_Cell]]:
    rows = [row for row in chart]
    while rows and _blank(rows[0]):
        rows.pop(0)
    while rows and _blank(rows[-1]):
        rows.pop()
    return rows + legend


def _blank(row: list[_Cell]) -> bool:
    return all(ch in (" ", "") for ch, _ in row)


def _runs(row: list[_Cell]) -> list[Run]:
    end = len(row)
    while end and row[end - 1][0] in (" ", "") and row[end - 1][1] in ("", "legend", "label"):
        end -= 1
    runs: list[Run] = []
    for ch, role in row[:end]:
        if runs and runs[-1][1] == role:
            runs[-1] = (runs[-1][0] + ch, role)
        else:
            runs.append((ch, role))
    return runs


def _text_cells(text: str, role: str) -> list[_Cell]:
    cells: list[_Cell] = []
    for ch in text:
        cells.append((ch, role))
        if text_width(ch) == 2:
            cells.append(("", role))
    return cells


# ---------------------------------------------------------------------------------------------
# Geometry and rasterising


def _rh(d: float) -> int:
    """Round half away from zero (keeps the picture mirror-symmetric about the centre)."""
    return math.floor(abs(d) + 0.5) * (1 if d >= 0 else -1)


@dataclass
class _Geometry:
    """Where a radar chart is drawn: pixel grid, centre and radii, in cells and braille (or ASCII) pixels."""

    ascii: bool
    px: int  # pixels per cell, horizontally
    py: int  # pixels per cell, vertically
    cx: int  # centre pixel
    cy: int
    rx: float  # outer-ring radius in pixels
    ry: float
    rows: int  # chart rows available
    cols: int

    def pixel(self, theta: float, fraction: float) -> tuple[int, int]:
        return (self.cx + _rh(self.rx * fraction * math.sin(theta)),
                self.cy - _rh(self.ry * fraction * math.cos(theta)))

    def cell(self, p: tuple[int, int]) -> tuple[int, int]:
        return p[0] // self.px, p[1] // self.py


def _geometry(r: int, chart_rows: int, width: int, ascii: bool) -> _Geometry | None:
    """Geometry for radius `r` (dots in Unicode mode, rows in ASCII mode), or None if it won't fit."""
    if ascii:
        px, py, rx, ry = 1, 1, 2 * r, r
        disk_rows, disk_cols, cx = 2 * r + 1, 4 * r + 1, (width - 1) // 2
    else:
        px, py, rx, ry = 2, 4, r, r
        disk_rows, disk_cols, cx = (2 * r) // 4 + 1, r + 1, width
    free = chart_rows - disk_rows
    if free < 2 or disk_cols > width - 8:
        return None
    top = free // 2
    cy = top * py + ry
    return _Geometry(ascii, px, py, cx, cy, rx, ry, chart_rows, width)


def _line(p0: tuple[int, int], p1: tuple[int, int]) -> list[tuple[int, int]]:
    """Bresenham's line from p0 to p1, both ends included."""
    x0, y0 = p0
    x1, y1 = p1
    dx, dy = abs(x1 - x0), -abs(y1 - y0)
    sx, sy = (1 if x0 < x1 else -1), (1 if y0 < y1 else -1)
    err = dx + dy
    points = []
    while True:
        points.append((x0, y0))
        if x0 == x1 and y0 == y1:
            return points
        e2 = 2 * err
        if e2 >= dy:
            err += dy
            x0 += sx
        if e2 <= dx:
            err += dx
            y0 += sy


def _slope_char(p0: tuple[int, int], p1: tuple[int, int]) -> str:
    """ASCII stroke for a segment, judged by its on-screen angle (cells are twice as tall)."""
    vx, vy = (p1[0] - p0[0]) * 0.5, (p1[1] - p0[1])
    if abs(vy) <= 0.414 * abs(vx):
        return "-"
    if abs(vx) <= 0.414 * abs(vy):
        return "|"
    return "/" if (vx > 0) != (vy > 0) else "\\"


_Layers = dict[str, dict[tuple[int, int], str]]


def _draw(geo: _Geometry, thetas: list[float], levels: int, values: list[list[float | None]],
          scale_min: int, scale_max: int) -> tuple[_Layers, dict[tuple[int, int], _Cell]]:
    layers: _Layers = {"ring": {}, "axis": {}, "series0": {}, "series1": {}}
    for k in range(1, levels + 1):
        f = k / levels
        ring_gap = _RING_GAP[geo.ascii][k == levels]
        # mean of the radii in "visual" pixels (ASCII x pixels are half as wide)
        radius = f * (geo.rx / (2 if geo.ascii else 1) + geo.ry) / 2
        steps = max(8, 8 * round(2 * math.pi * radius / ring_gap / 8))
        if geo.ascii:
            steps *= 2  # x is doubled: sample densely, the cell grid dedupes
        for j in range(steps):
            phi = 2 * math.pi * j / steps
            p = geo.pixel(phi, f)
            layers["ring"][p] = "."
    centre = (geo.cx, geo.cy)
    spoke_gap = _SPOKE_GAP[geo.ascii]
    for theta in thetas:
        end = geo.pixel(theta, 1.0)
        points = _line(centre, end)
        ch = ":" if geo.ascii else "."
        inner = _rh(math.hypot((end[0] - geo.cx) / (2 if geo.ascii else 1), end[1] - geo.cy) / levels * _SPOKE_FROM)
        for step, p in enumerate(reversed(points)):
            if step % spoke_gap == 0 and step <= len(points) - 1 - inner:
                layers["axis"][p] = ch
    markers: dict[tuple[int, int], _Cell] = {}
    n = len(thetas)
    for k in reversed(range(len(values))):  # series 0 last: on top
        role = f"series{k}"
        vals = values[k]
        pts = [None if v is None else geo.pixel(thetas[i], level_fraction(v, scale_min, scale_max))
               for i, v in enumerate(vals)]
        for i in range(n):
            a, b = pts[i], pts[(i + 1) % n]
            if a is None or b is None:
                continue
            seg = _line(a, b)
            ch = _slope_char(a, b) if k == 0 else "+"
            for step, p in enumerate(seg):
                if k == 1 and not geo.ascii and step % _DASH[0] >= _DASH[1]:
                    continue  # dashed
                layers[role][p] = ch
        for at in pts:
            if at is not None:
                markers[geo.cell(at)] = (_MARKERS[geo.ascii][k], role)
    return layers, markers


def _compose(geo: _Geometry, layers: _Layers, markers: dict[tuple[int, int], _Cell]) -> list[list[_Cell]]:
    grid: list[list[_Cell]] = [[(" ", "")] * geo.cols for _ in range(geo.rows)]

    def put(c: tuple[int, int], cell: _Cell) -> None:
        col, row = c
        if 0 <= row < geo.rows and 0 <= col < geo.cols:
            grid[row][col] = cell

    if geo.ascii:
        for role in ("ring", "axis", "series1", "series0"):
            for p, ch in sorted(layers[role].items()):
                put(p, (ch, role))
    else:
        bits: dict[str, dict[tuple[int, int], int]] = {role: {} for role in layers}
        for role, pixels in layers.items():
            for x, y in pixels:
                c = (x // 2, y // 4)
                bits[role][c] = bits[role].get(c, 0) | _BRAILLE_BITS[y % 4][x % 2]
        cells = set().union(*(b.keys() for b in bits.values()))
        for c in sorted(cells):
            if c in bits["series0"]:
                put(c, (chr(0x2800 + bits["series0"][c]), "series0"))
            elif c in bits["series1"]:
                put(c, (chr(0x2800 + bits["series1"][c]), "series1"))
            else:
                b = bits["ring"].get(c, 0) | bits["axis"].get(c, 0)
                put(c, (chr(0x2800 + b), "axis" if c in bits["axis"] else "ring"))
    for c, cell in sorted(markers.items()):
        put(c, cell)
    return grid


def _mask(geo: _Geometry, grid: list[list[_Cell]]) -> dict[int, tuple[int, int]]:
    """Per chart row, the first and last column the plot (disk or anything drawn) occupies."""
    spans: dict[int, tuple[int, int]] = {}

    def add(row: int, lo: int, hi: int) -> None:
        if row in spans:
            a, b = spans[row]
            spans[row] = (min(a, lo), max(b, hi))
        else:
            spans[row] = (lo, hi)

    for row in range(geo.rows):
        for y in range(row * geo.py, row * geo.py + geo.py):
            dy = (y - geo.cy) / geo.ry
            if abs(dy) > 1:
                continue
            half = geo.rx * math.sqrt(1 - dy * dy)
            add(row, math.floor((geo.cx - half) / geo.px), math.floor((geo.cx + half) / geo.px))
        drawn = [col for col, (ch, _) in enumerate(grid[row]) if ch != " "]
        if drawn:
            add(row, drawn[0], drawn[-1])
    return spans


# ---------------------------------------------------------------------------------------------
# Labels


@dataclass
class _Label:
    """An axis name placed around the chart: its first row and the (column, text) of each row."""

    row: int  # first row
    lines: list[tuple[int, str]]  # (start column, text) per row
    shown: int  # characters of the name shown


def _wrap(name: str, suffix: str, avail: int, max_lines: int, ell: str) -> tuple[list[str], int] | None:
    """Word-wrap `name` + `suffix` into at most `max_lines` lines of `avail` cells.

    The suffix (the value) always ends the last line; the last line is shortened word-aware when
    the name does not fit. Returns the lines and how many name characters are shown.
    """
    sw = text_width(suffix)
    if avail < sw + min(len(name), 2):
        return None
    words = name.split(" ")
    lines: list[str] = []
    i = 0
    while len(lines) < max_lines - 1 and i < len(words):
        rest = " ".join(words[i:])
        if text_width(rest) + sw <= avail:
            break
        line = words[i]
        if text_width(line) > avail:
            break
        i += 1
        while i < len(words) - 1 and text_width(line + " " + words[i]) <= avail:
            line += " " + words[i]
            i += 1
        lines.append(line)
    rest = " ".join(words[i:])
    if text_width(rest) + sw <= avail:
        last, hidden = rest, 0
    else:
        last = ellipsize(rest, avail - sw, ell)
        kept = last.removesuffix(ell)
        hidden = len(rest) - len(kept)
    if not last and rest:
        return None
    lines.append((last + suffix).strip())
    return lines, len(name) - hidden


def _place_labels(geo: _Geometry, mask: dict[int, tuple[int, int]], names: list[str],
                  suffixes: list[str], thetas: list[float], ascii: bool) -> list[_Label | None]:
    """Place every label; greedy, the labels on the vertical axis first (they have one good
    spot), then the rest in axis order. Labels that found no room go first in a second try."""
    order = sorted(range(len(names)), key=lambda i: (abs(math.sin(thetas[i])) >= 0.08, i))
    placed = _place_in_order(geo, mask, names, suffixes, thetas, ascii, order)
    failed = [i for i in order if placed[i] is None]
    if failed:
        retry = _place_in_order(geo, mask, names, suffixes, thetas, ascii,
                                failed + [i for i in order if i not in failed])
        if sum(lab is None for lab in retry) < len(failed):
            placed = retry
    return placed


def _place_in_order(geo: _Geometry, mask: dict[int, tuple[int, int]], names: list[str],
                    suffixes: list[str], thetas: list[float], ascii: bool,
                    order: list[int]) -> list[_Label | None]:
    ell = "." if ascii else "\u2026"
    placed: list[_Label | None] = [None] * len(names)
    boxes: list[tuple[int, int, int]] = []  # (row, first col, last col) of placed lines

    def collides(row: int, a: int, b: int) -> bool:
        for r, c0, c1 in boxes:  # three blanks between labels on a row, one next to a row
            gap = 3 if r == row else 1
            if abs(r - row) <= 1 and a <= c1 + gap and c0 <= b + gap:
                return True
        return False

    for index in order:
        name, suffix, theta = names[index], suffixes[index], thetas[index]
        s, c = math.sin(theta), math.cos(theta)
        ax = (geo.cx + 0.5) / geo.px + (geo.rx / geo.px + 1.0) * s
        ay = (geo.cy + 0.5) / geo.py - (geo.ry / geo.py + 0.75) * c
        col0, row0 = math.floor(ax), math.floor(ay)
        align = "centre" if abs(s) < 0.08 else ("left" if s > 0 else "right")
        out = -1 if c > 0 else 1
        offsets = [0, out, -out, 2 * out, -2 * out]
        best: tuple[tuple[int, int, int], _Label] | None = None
        for n_lines in range(1, _MAX_LABEL_LINES + 1):
            for k, off in enumerate(offsets):
                top = row0 + off - math.floor((n_lines - 1) * (1 + c) / 2 + 0.5)
                rows = range(top, top + n_lines)
                if top < 0 or top + n_lines > geo.rows:
                    continue
                if align == "left":
                    start = max([col0] + [mask[r][1] + 3 for r in rows if r in mask])
                    avail = geo.cols - start
                elif align == "right":
                    end = min([col0] + [mask[r][0] - 3 for r in rows if r in mask])
                    avail = end + 1
                else:
                    avail = geo.cols
                fit = _wrap(name, suffix, avail, n_lines, ell)
                if fit is None or len(fit[0]) != n_lines:
                    continue
                lines, shown = fit
                spans = []
                ok = True
                for r, text in zip(rows, lines):
                    w = text_width(text)
                    if align == "left":
                        a = start
                    elif align == "right":
                        a = end - w + 1
                    else:
                        a = min(max(math.floor(ax - w / 2 + 0.5), 0), geo.cols - w)
                    b = a + w - 1
                    if a < 0 or b >= geo.cols or collides(r, a, b):
                        ok = False
                        break
                    if r in mask and a <= mask[r][1] + 1 and mask[r][0] - 1 <= b:
                        ok = False
                        break
                    spans.append((a, text))
                if not ok:
                    continue
                cost = (len(name) - shown, n_lines, k)
                if best is None or cost < best[0]:
                    best = (cost, _Label(top, spans, shown))
            if best is not None and best[0][0] == 0:
                break
        if best is None:
            continue
        label = best[1]
        placed[index] = label
        for i, (a, text) in enumerate(label.lines):
            boxes.append((label.row + i, a, a + text_width(text) - 1))
    return placed


@dataclass
class _Chart:
    """One candidate layout of a chart: how good it is, its cells, and the axes whose names are shortened."""

    score: float
    grid: list[list[_Cell]]
    cut: list[int]  # axes whose names are shortened


def _numbered_in_full(names: list[str], suffixes: list[str], width: int) -> list[list[_Cell]]:
    """"1 Shared vision 3.4" entries one a line, long names wrapped under their first word."""
    num_w = len(str(len(names)))
    rows: list[list[_Cell]] = []
    for i, (name, suffix) in enumerate(zip(names, suffixes)):
        for line in textwrap.wrap(f"{i + 1:>{num_w}} {name}{suffix}", max(width, 12),
                                  subsequent_indent=" " * (num_w + 1), break_on_hyphens=False):
            rows.append(_text_cells(line, "legend"))
    return rows


def _key(names: list[str], marks: list[str], width: int) -> list[list[_Cell]]:
    """The whole names of the numbered labels, "[8] Community engagement and ownership", wrapped."""
    rows: list[list[_Cell]] = []
    for mark, name in zip(marks, names):
        if mark:
            for line in textwrap.wrap(mark + name, max(width, 12), subsequent_indent=" " * len(mark),
                                      break_on_hyphens=False):
                rows.append(_text_cells(line, "legend"))
    return rows


def _best_chart(names: list[str], suffixes: list[str], values: list[list[float | None]],
                scale_min: int, scale_max: int, width: int, chart_rows: int, ascii: bool,
                numbered: bool = False) -> list[list[_Cell]] | None:
    """Try radii from the largest that fits down to half of it; keep the best layout.

    Score = name characters lost to shortening + a penalty per step of radius given up.
    Returns None when some label cannot be placed legibly at any radius tried.
    """
    best = _best_chart_cut(names, suffixes, values, scale_min, scale_max, width, chart_rows, ascii, numbered)
    return best[0] if best is not None else None


def _best_chart_cut(names: list[str], suffixes: list[str], values: list[list[float | None]],
                    scale_min: int, scale_max: int, width: int, chart_rows: int, ascii: bool,
                    numbered: bool = False) -> tuple[list[list[_Cell]], list[int]] | None:
    """`_best_chart`, and the axes whose names it had to shorten."""
    n = len(names)
    thetas = [2 * math.pi * i / n for i in range(n)]
    levels = scale_max - scale_min + 1
    if ascii:
        r_max = min((chart_rows - 3) // 2, (width - 9) // 4)
        r_min, penalty = 3, 6.0
    else:
        r_max = min(2 * (chart_rows - 2) - 1, width - 9)
        r_min, penalty = 8, 1.5
    if numbered:
        r_max = max(r_max, r_min)  # the numbered fallback always draws something
    best: _Chart | None = None
    for r in range(r_max, max(r_min, r_max // 2) - 1, -1):
        geo = _geometry(r, max(chart_rows, (2 * r + 1 if ascii else (2 * r) // 4 + 1) + 2), width, ascii)
        if geo is None:
            continue
        layers, markers = _draw(geo, thetas, levels, values, scale_min, scale_max)
        grid = _compose(geo, layers, markers)
        labels = _place_labels(geo, _mask(geo, grid), names, suffixes, thetas, ascii)
        if any(lab is None or lab.shown < min(len(nm), _MIN_SHOWN) for lab, nm in zip(labels, names)):
            continue
        loss = sum(len(nm) - lab.shown for lab, nm in zip(labels, names) if lab is not None)
        score = loss + penalty * (r_max - r)
        if best is None or score < best.score:
            for lab in labels:
                assert lab is not None
                for i, (a, text) in enumerate(lab.lines):
                    row = grid[lab.row + i]
                    row[a:a + text_width(text)] = _text_cells(text, "label")
            best = _Chart(score, grid, [i for i, (lab, nm) in enumerate(zip(labels, names))
                                        if lab is not None and lab.shown < len(nm)])
        if loss == 0:
            break
    return (best.grid, best.cut) if best is not None else None


# ---------------------------------------------------------------------------------------------
# Legends and the fallback for fewer than three axes


def _series_legend(names: list[str], scale_min: int, scale_max: int, width: int, ascii: bool) -> list[list[_Cell]]:
    """"● Mean (solid)   ◆ Target (dashed)   rings 1–5"; the line styles are named only when there
    are two series and it all fits on one line."""
    ell = "." if ascii else "\u2026"
    dash = "-" if ascii else "\u2013"
    budget = max(width // max(len(names), 1) - 4, 6)
    styles = ("solid", "dashed") if not ascii else ("---", "+++")
    layouts = [True, False] if len(names) == 2 else [False]
    for with_style in layouts:
        entries: list[list[_Cell]] = []
        for k, name in enumerate(names):
            text = " " + ellipsize(name, budget, ell) + (f" ({styles[k]})" if with_style else "")
            entries.append([(_MARKERS[ascii][k], f"series{k}"), *_text_cells(text, "legend")])
        entries.append(_text_cells(f"rings {scale_min}{dash}{scale_max}", "legend"))
        lines = _flow(entries, width, gap=3)
        if len(lines) == 1 or not with_style:
            return lines
    return []  # pragma: no cover - the last layout always returns


def _numbered_legends(names: list[str], suffixes: list[str], width: int, ascii: bool,
                      max_rows: int) -> list[tuple[list[list[_Cell]], set[int]]]:
    """Layouts of "1 Shared vision 3.4" entries in 1-4 columns (numbered down the columns), best
    first: few rows and little shortening; layouts taller than `max_rows` come last. Each with the
    axes whose names it shortens."""
    ell = "." if ascii else "\u2026"
    n = len(names)
    num_w = len(str(n))
    full = [f"{i + 1:>{num_w}} {name}{suffix}" for i, (name, suffix) in enumerate(zip(names, suffixes))]
    ranked: list[tuple[float, int, list[list[_Cell]], set[int]]] = []
    for ncols in range(1, 5):
        col_w = (width - 2 * (ncols - 1)) // ncols
        if col_w < 12 and ncols > 1:
            break
        rows = -(-n // ncols)
        lost = sum(max(text_width(entry) - col_w, 0) for entry in full)
        cost = rows + lost / 8 + (1000 * rows if rows > max_rows else 0)
        lines: list[list[_Cell]] = []
        shortened: set[int] = set()
        for r in range(rows):
            line: list[_Cell] = []
            for c in range(ncols):
                i = c * rows + r
                if i >= n:
                    break
                head = f"{i + 1:>{num_w}} "
                room = max(col_w - len(head) - text_width(suffixes[i]), 1)
                shown = ellipsize(names[i], room, ell)
                if shown != names[i] or text_width(head + shown + suffixes[i]) > col_w:
                    shortened.add(i)
                entry = _text_cells(head + shown + suffixes[i], "legend")
                if line:
                    line += [(" ", "")] * (c * (col_w + 2) - len(line))
                line += entry[:col_w]
            lines.append(line[:width])
        ranked.append((cost, ncols, lines, shortened))
    ranked.sort(key=lambda item: item[:2])
    return [(lines, shortened) for _, _, lines, shortened in ranked]


def _flow(entries: list[list[_Cell]], width: int, gap: int) -> list[list[_Cell]]:
    lines: list[list[_Cell]] = []
    current: list[_Cell] = []
    for entry in entries:
        entry = entry[:width]
        if current and len(current) + gap + len(entry) > width:
            lines.append(current)
            current = []
        if current:
            current = current + [(" ", "")] * gap
        current = current + entry
    if current:
        lines.append(current)
    return lines


def _fallback(names: list[str], values: list[list[float | None]], series_names: list[str],
              scale_min: int, scale_max: int, width: int, ascii: bool) -> list[list[_Cell]]:
    """Fewer than three axes (or no room): one bar line per axis instead of a radar."""
    ell = "." if ascii else "\u2026"
    if not names:
        return [_text_cells(truncate("(nothing to chart: no axes)", width, ell), "legend")]
    rows = [_text_cells(truncate("(a radar needs 3 or more axes; means shown as bars)", width, ell), "legend")]
    label_w = min(max(text_width(nm) for nm in names), max(width // 3, 1))
    per_series = (width - label_w) // max(len(values), 1) - 3
    for i, name in enumerate(names):
        shown = ellipsize(name, label_w, ell)
        row = _text_cells(shown + " " * (label_w - text_width(shown)), "label")
        if per_series >= 4:
            for k, vals in enumerate(values):
                row += [(" ", ""), (_MARKERS[ascii][k], f"series{k}"), (" ", "")]
                row += _text_cells(mean_bar(vals[i], scale_min, scale_max, per_series, ascii), f"series{k}")
        rows.append(row[:width])
    if values:
        rows += _series_legend(series_names, scale_min, scale_max, width, ascii)
    return [row[:width] for row in rows]
