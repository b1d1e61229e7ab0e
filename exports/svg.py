"""Radar charts and distribution bars as self-contained SVG for HTML reports.

Each function returns one `<svg>` element as a string: no scripts, no event attributes, no links
or external resources, valid XML. Every piece of text (axis names, series names, titles) passes
through `exports.textsafe.clean_text` (control and bidi-override characters made visible) and then
`html.escape(..., quote=True)`, because names come from user files.

The radar follows the conventions of `exports.radar`: axis 0 points up, axes go clockwise, a value
`v` sits at `(v - scale_min + 1) / (scale_max - scale_min + 1)` of the radius, `None` is a gap.
Series 0 is a filled translucent polygon with round markers; series 1 a dashed outline with
diamond markers (distinguishable without colour). Colours are a colour-blind-safe blue/orange pair.
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from accord_partnership.engine.numbers import fmt, fmt_mean
from accord_partnership.exports.bars import as_number, check_distribution, level_fraction
from accord_partnership.exports.radar import check_radar
from accord_partnership.exports.textsafe import clean_text, ellipsize

if TYPE_CHECKING:  # pragma: no cover
    from accord_partnership.exports.radar import RadarSeries

__all__ = ["bars_svg", "radar_svg", "svg_text"]

_COLOURS = ("#1a5fb4", "#c64600")  # series 0 blue, series 1 dark orange
_NA_COLOUR = "#8a8a8a"
_GRID = "#c0c0c0"
_INK = "#222222"
_MUTED = "#666666"
_CHAR_W = 0.6  # estimated average glyph width as a fraction of the font size (sans-serif)


def svg_text(value: object) -> str:
    """Text made safe for SVG content and attribute values: cleaned, then XML-escaped."""
    return html.escape(clean_text(value), quote=True)


def _n(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _clean_value(v: float | None, lo: int, hi: int) -> float | None:
    number = as_number(v)
    return None if number is None else min(max(number, float(lo)), float(hi))


def _wrap(text: str, max_chars: int, max_lines: int) -> list[str]:
    """Greedy word wrap into at most `max_lines` lines; the last line is shortened with "…"."""
    max_chars = max(max_chars, 4)
    words = text.split(" ")
    lines: list[str] = []
    i = 0
    while i < len(words) and len(lines) < max_lines - 1:
        rest = " ".join(words[i:])
        if len(rest) <= max_chars:
            break
        line = words[i]
        if len(line) > max_chars:
            break
        i += 1
        while i < len(words) - 1 and len(line) + 1 + len(words[i]) <= max_chars:
            line += " " + words[i]
            i += 1
        lines.append(line)
    rest = " ".join(words[i:])
    if rest:
        lines.append(ellipsize(rest, max_chars))
    return lines or [""]


def _text(x: float, y: float, lines: list[str], *, size: float, anchor: str = "start",
          fill: str = _INK, weight: str = "") -> str:
    """A <text> element; `lines` are plain (unescaped) strings, one <tspan> per line."""
    bold = ' font-weight="bold"' if weight else ""
    if len(lines) == 1:
        return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
                f'fill="{fill}"{bold}>{svg_text(lines[0])}</text>')
    spans = "".join(
        f'<tspan x="{_n(x)}" dy="{_n(0 if i == 0 else size * 1.2)}">{svg_text(line)}</tspan>'
        for i, line in enumerate(lines))
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{bold}>{spans}</text>')


def _runs(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]] | None:
    """Consecutive non-missing points around the polygon; None when nothing is missing."""
    n = len(points)
    if all(p is not None for p in points):
        return None
    start = next((i for i in range(n) if points[i] is None), 0)
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for k in range(1, n + 1):
        p = points[(start + k) % n]
        if p is None:
            if current:
                runs.append(current)
            current = []
        else:
            current.append(p)
    if current:
        runs.append(current)
    return runs


_Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _place_labels(names: list[str], suffixes: list[str], thetas: list[float], radius: float,
                  half: float, font: float, pad: float,
                  marks: Sequence[str] = ()) -> list[tuple[list[str], float, float, str, int]]:
    """Axis labels as (lines, x, baseline y, text-anchor, characters of the name not shown),
    wrapped to stay inside [-half, half].

    Greedy with estimated text boxes: the labels on the vertical axis first, then in axis order;
    each takes the option that shows most of its name without touching the circle or a label
    placed before it, moving outward (the view box grows) when it must. A label with a key mark
    (`marks[i]`, "[8] ", already at the start of `suffixes[i]`) that finds no room shows only its
    mark and value; one without a mark that finds no room overlaps, and counts as shortened (so
    `_key_marks` gives it a mark).
    """
    line_h = font * 1.2
    char_w = font * _CHAR_W
    placed: list[_Box] = []
    result: list[tuple[list[str], float, float, str, int]] = []
    order = sorted(range(len(names)), key=lambda i: (abs(math.sin(thetas[i])) >= 0.1, i))
    chosen: dict[int, tuple[list[str], float, float, str, _Box, int]] = {}
    for i in order:
        s, c = math.sin(thetas[i]), math.cos(thetas[i])
        best: tuple[tuple[float, float, int], tuple[list[str], float, float, str, _Box, int]] | None = None
        fallback: tuple[list[str], float, float, str, _Box, int] | None = None
        for extra in (0.0, 6.0, 12.0, 18.0, 24.0, 32.0, 40.0):
            ax, ay = (radius + 10 + extra) * s, -(radius + 10 + extra) * c
            if abs(s) < 0.1:
                anchor, avail = "middle", 2 * (half - pad)
            elif s > 0:
                anchor, avail = "start", half - pad - ax
            else:
                anchor, avail = "end", ax + half - pad
            max_chars = max(int(avail / char_w), 4)
            for max_lines in (1, 2, 3):
                lines = _wrap(names[i], max_chars, max_lines)
                if suffixes[i]:
                    if len(lines[-1]) + 1 + len(suffixes[i]) <= max_chars:
                        lines[-1] += " " + suffixes[i]
                    else:
                        lines.append(suffixes[i])
                shown = sum(len(line.rstrip("\u2026")) for line in lines)
                lost = max(len(names[i]) + len(suffixes[i]) - shown, 0)
                w = max(len(line) for line in lines) * char_w
                y0 = ay + font * 0.35 - (len(lines) - 1) * line_h * (1 + c) / 2 - c * line_h * 0.5
                x0 = ax if anchor == "start" else ax - w if anchor == "end" else ax - w / 2
                box = (x0, y0 - font * 0.9, x0 + w, y0 + (len(lines) - 1) * line_h + font * 0.3)
                hidden = len((names[i] + suffixes[i]).replace(" ", "")) - sum(
                    len(line.removesuffix("\u2026").replace(" ", "")) for line in lines)  # spaces at line breaks are not lost
                option = (lines, ax, y0, anchor, box, max(hidden, 0))
                if fallback is None:
                    fallback = option
                if _box_distance(box) < radius + 3 or any(_overlap(box, other, 2.0) for other in placed):
                    continue
                cost = (lost, extra, len(lines))
                if best is None or cost < best[0]:
                    best = (cost, option)
            if best is not None and best[0][0] == 0:
                break
        if best is None and i < len(marks) and marks[i]:  # no room for any of the name: the mark alone
            for extra in (0.0, 6.0, 12.0, 18.0, 24.0, 32.0, 40.0):
                ax, ay = (radius + 10 + extra) * s, -(radius + 10 + extra) * c
                anchor = "middle" if abs(s) < 0.1 else "start" if s > 0 else "end"
                lines = [suffixes[i]]  # the mark is the start of the suffix
                w = len(lines[0]) * char_w
                y0 = ay + font * 0.35 - c * line_h * 0.5
                x0 = ax if anchor == "start" else ax - w if anchor == "end" else ax - w / 2
                box = (x0, y0 - font * 0.9, x0 + w, y0 + font * 0.3)
                if _box_distance(box) >= radius + 3 and not any(_overlap(box, other, 2.0) for other in placed):
                    hidden = len((names[i] + suffixes[i]).replace(" ", "")) - len(lines[0].replace(" ", ""))
                    best = ((len(names[i]), extra, 1), (lines, ax, y0, anchor, box, max(hidden, 1)))
                    break
        if best is None and fallback is not None:  # overlapping: as bad as shortened
            fallback = (*fallback[:5], max(fallback[5], 1))
        picked = best[1] if best is not None else fallback
        assert picked is not None
        chosen[i] = picked
        placed.append(picked[4])
    for i in range(len(names)):
        lines, x, y, anchor, _, lost = chosen[i]
        result.append((lines, x, y, anchor, lost))
    return result


def _key_marks(names: list[str], suffixes: list[str], thetas: list[float], radius: float, half: float,
               font: float, pad: float) -> tuple[list[str], list[tuple[list[str], float, float, str, int]]]:
    """Number the labels that cannot show their whole name ("Community engage… [8] (4.0)"), so that
    a key under the chart can give it in full; returns the marks ("" or "[8] ") and the placement.

    A mark makes its label longer and can push another label out of room, so marks are added until
    no unmarked label is shortened (at most one round per axis); then each mark on a label shown in
    full is dropped again if every unmarked label still fits without it. When most labels need a
    mark, every spoke is numbered ("[3] (3.5)") and the key names them all."""

    def place(marks: list[str]) -> list[tuple[list[str], float, float, str, int]]:
        return _place_labels(names, [(m + sx).strip() for m, sx in zip(marks, suffixes)], thetas, radius, half, font,
                             pad, marks)

    def complete(placed: list[tuple[list[str], float, float, str, int]], marks: list[str]) -> bool:
        return all(p[4] == 0 or m for p, m in zip(placed, marks))

    marks = [""] * len(names)
    placed = place(marks)
    while not complete(placed, marks):
        for i, p in enumerate(placed):
            if p[4] > 0:
                marks[i] = f"[{i + 1}] "
        placed = place(marks)
    for i in range(len(names)):
        if marks[i] and placed[i][4] == 0:
            trial = marks[:i] + [""] + marks[i + 1:]
            again = place(trial)
            if complete(again, trial):
                marks, placed = trial, again
    if 2 * sum(1 for m in marks if m) > len(names):  # most names do not fit: number every spoke, name them in the key
        marks = [f"[{i + 1}] " for i in range(len(names))]
        placed = _place_labels([m.strip() for m in marks], suffixes, thetas, radius, half, font, pad)
    return marks, placed


def _box_distance(box: _Box) -> float:
    """Distance from the centre (0, 0) to the nearest point of the box."""
    x0, y0, x1, y1 = box
    dx = 0.0 if x0 <= 0 <= x1 else min(abs(x0), abs(x1))
    dy = 0.0 if y0 <= 0 <= y1 else min(abs(y0), abs(y1))
    return math.hypot(dx, dy)


def _overlap(a: _Box, b: _Box, margin: float) -> bool:
    return a[0] < b[2] + margin and b[0] < a[2] + margin and a[1] < b[3] + margin and b[1] < a[3] + margin


def radar_svg(axes: Sequence[str], series: Sequence[RadarSeries], *, scale_min: int = 1,
              scale_max: int = 5, size: int = 420, title: str = "", show_values: bool = True,
              threshold: float | None = None) -> str:
    """An `<svg>` radar: rings per scale level, spokes, up to two series, labels and a legend.

    `size` is the width in px; the height follows from the labels and legend. Axis names are
    wrapped (up to three lines) or shortened to stay inside the view box.
    """
    check_radar(axes, series, scale_min, scale_max)
    n = len(axes)
    width = max(float(size), 160.0)
    font = max(9.0, round(width / 38))
    line_h = font * 1.2
    pad = 6.0
    radius = width * 0.26
    levels = scale_max - scale_min + 1
    names = [clean_text(a) or f"Axis {i + 1}" for i, a in enumerate(axes)]
    series_names = [clean_text(s.name) or f"Series {k + 1}" for k, s in enumerate(series)]
    values = [[_clean_value(v, scale_min, scale_max) for v in s.values] for s in series]
    heading = clean_text(title) or "Radar chart"

    body: list[str] = []
    ymin, ymax = -radius - 4, radius + 4
    # rings and their level numbers (beside the upward spoke)
    for k in range(1, levels + 1):
        r = radius * k / levels
        stroke = "#999999" if k == levels else _GRID
        body.append(f'<circle cx="0" cy="0" r="{_n(r)}" fill="none" stroke="{stroke}" stroke-width="1"/>')
    for k in range(1, levels + 1):
        r = radius * k / levels
        body.append(_text(3, -r + font * 0.75, [str(scale_min + k - 1)], size=font * 0.75, fill=_MUTED))
    thetas = [2 * math.pi * i / n for i in range(n)] if n else []
    for t in thetas:
        body.append(f'<line x1="0" y1="0" x2="{_n(radius * math.sin(t))}" y2="{_n(-radius * math.cos(t))}" '
                    f'stroke="{_GRID}" stroke-width="1"/>')
    # series: 1 first so that series 0 is on top
    for k in reversed(range(len(values))):
        colour = _COLOURS[k]
        points = [None if v is None else (radius * level_fraction(v, scale_min, scale_max) * math.sin(t),
                                          -radius * level_fraction(v, scale_min, scale_max) * math.cos(t))
                  for v, t in zip(values[k], thetas)]
        style = (f'fill="{colour}" fill-opacity="0.22" stroke="{colour}" stroke-width="2"' if k == 0 else
                 f'fill="none" stroke="{colour}" stroke-width="2" stroke-dasharray="6 4"')
        runs = _runs(points)
        if n >= 3 and runs is None:
            pts = " ".join(f"{_n(p[0])},{_n(p[1])}" for p in points if p is not None)
            body.append(f'<polygon points="{pts}" {style} stroke-linejoin="round"/>')
        else:
            line_style = style.replace(f'fill="{colour}" fill-opacity="0.22"', 'fill="none"')
            for run in runs or [[p for p in points if p is not None]]:
                if len(run) >= 2:
                    pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in run)
                    body.append(f'<polyline points="{pts}" {line_style} stroke-linejoin="round"/>')
        for p in points:
            if p is None:
                continue
            x, y = p
            if k == 0:
                body.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="3.5" fill="{colour}"/>')
            else:
                d = 4.5
                body.append(f'<path d="M{_n(x)},{_n(y - d)} L{_n(x + d)},{_n(y)} L{_n(x)},{_n(y + d)} '
                            f'L{_n(x - d)},{_n(y)} Z" fill="#ffffff" stroke="{colour}" stroke-width="2"/>')
    # axis labels
    half = width / 2
    suffixes = ["" if not (show_values and values) else "(–)" if values[0][i] is None
                else f"({fmt_mean(values[0][i], threshold)})" for i in range(n)]
    marks, placed = _key_marks(names, suffixes, thetas, radius, half, font, pad)
    for lines, x, y, anchor, _ in placed:
        body.append(_text(x, y, lines, size=font, anchor=anchor))
        ymin = min(ymin, y - font)
        ymax = max(ymax, y + (len(lines) - 1) * line_h + font * 0.3)
    # legend
    legend_y = ymax + line_h + 4
    x = -half + pad + 4
    entries = [(k, nm) for k, nm in enumerate(series_names)] + [(-1, f"rings {scale_min}\u2013{scale_max}")]
    budget = int((width - 2 * pad) / max(len(entries), 1) / (font * _CHAR_W)) - 3
    for k, nm in entries:
        shown = ellipsize(nm, max(budget, 6))
        entry_w = (len(shown) + 3) * font * _CHAR_W + 14
        if x > -half + pad and x + entry_w > half - pad:
            x = -half + pad + 4
            legend_y += line_h + 4
        cy = legend_y - font * 0.35
        if k == 0:
            body.append(f'<circle cx="{_n(x + 5)}" cy="{_n(cy)}" r="4" fill="{_COLOURS[0]}"/>')
            body.append(f'<line x1="{_n(x - 2)}" y1="{_n(cy)}" x2="{_n(x + 12)}" y2="{_n(cy)}" '
                        f'stroke="{_COLOURS[0]}" stroke-width="2"/>')
        elif k == 1:
            body.append(f'<line x1="{_n(x - 2)}" y1="{_n(cy)}" x2="{_n(x + 12)}" y2="{_n(cy)}" '
                        f'stroke="{_COLOURS[1]}" stroke-width="2" stroke-dasharray="4 3"/>')
            body.append(f'<path d="M{_n(x + 5)},{_n(cy - 4.5)} L{_n(x + 9.5)},{_n(cy)} L{_n(x + 5)},'
                        f'{_n(cy + 4.5)} L{_n(x + 0.5)},{_n(cy)} Z" fill="#ffffff" stroke="{_COLOURS[1]}" '
                        f'stroke-width="2"/>')
        text_x = x + (18 if k >= 0 else 0)
        body.append(_text(text_x, legend_y, [shown], size=font, fill=_INK if k >= 0 else _MUTED))
        x = text_x + len(shown) * font * _CHAR_W + 18
    # the key: the full name of every label shortened above, on the chart itself (so it travels
    # with the picture into a printed page or a Word document)
    key_font = font * 0.85
    key_chars = max(int((width - 2 * pad - 8) / (key_font * _CHAR_W)), 12)
    gap = line_h + 2  # below the legend, then between entries
    for i, mark in enumerate(marks):
        if mark:
            lines = textwrap.wrap(mark + names[i], key_chars, break_on_hyphens=False) or [mark]
            legend_y += gap
            body.append(_text(-half + pad + 4, legend_y, lines, size=key_font))
            legend_y += (len(lines) - 1) * key_font * 1.2
            gap = key_font * 1.2 + 3
    ymax = legend_y + font * 0.5

    top = ymin - pad
    height = ymax - top + pad
    desc = "; ".join(
        f"{nm}: " + ", ".join(f"{sn} {'no data' if vals[i] is None else fmt_mean(vals[i], threshold)}"
                              for sn, vals in zip(series_names, values))
        for i, nm in enumerate(names)) or "no axes"
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{_n(-half)} {_n(top)} {_n(width)} {_n(height)}" '
            f'width="{_n(width)}" height="{_n(height)}" role="img" font-family="sans-serif">'
            f"<title>{svg_text(heading)}</title><desc>{svg_text(desc)}</desc>"
            + "".join(body) + "</svg>")


def bars_svg(counts: Mapping[int, int], *, scale_min: int, scale_max: int, n_na: int = 0,
             labels: Mapping[int, str] | None = None, width: int = 360, title: str = "") -> str:
    """Horizontal bars, one per scale level (and N/A when `n_na` > 0), with count and share.

    Shares are of all responses, N/A included (as in `exports.bars.distribution_bars`).
    """
    check_distribution(counts, scale_min, scale_max, n_na)
    w = max(float(width), 160.0)
    font = 12.0
    row_h = 22.0
    pad = 6.0
    rows: list[tuple[str, int, bool]] = []
    for level in range(scale_min, scale_max + 1):
        label = clean_text(labels.get(level, "")) if labels else ""
        rows.append((f"{level} {label}".strip(), int(counts.get(level, 0)), False))
    if n_na:
        rows.append(("N/A", int(n_na), True))
    total = sum(count for _, count, _ in rows)
    label_chars = max(int(w * 0.4 / (font * _CHAR_W)), 4)
    shown = [ellipsize(text, label_chars) for text, _, _ in rows]
    label_w = min(max(len(t) for t in shown) * font * _CHAR_W, w * 0.4) + pad
    tail_w = 9 * font * _CHAR_W  # "999 (100%)"
    bar_x = pad + label_w
    bar_w = max(w - bar_x - tail_w - pad, 10.0)
    heading = clean_text(title) or "Distribution of answers"
    body: list[str] = []
    for i, ((_, count, is_na), text) in enumerate(zip(rows, shown)):
        y = pad + i * row_h
        share = count / total if total else 0.0
        colour = _NA_COLOUR if is_na else _COLOURS[0]
        body.append(_text(pad, y + row_h * 0.68, [text], size=font))
        body.append(f'<rect x="{_n(bar_x)}" y="{_n(y + 4)}" width="{_n(bar_w)}" height="{_n(row_h - 8)}" '
                    f'fill="#eeeeee"/>')
        if count:
            body.append(f'<rect x="{_n(bar_x)}" y="{_n(y + 4)}" width="{_n(max(bar_w * share, 1.0))}" '
                        f'height="{_n(row_h - 8)}" fill="{colour}"/>')
        pct = 100.0 * share
        body.append(_text(bar_x + bar_w + pad, y + row_h * 0.68, [f"{count} ({fmt(pct, 0)}%)"], size=font,
                          fill=_MUTED))
    height = pad * 2 + len(rows) * row_h
    desc = "; ".join(f"{text}: {count} of {total}" for (text, count, _) in rows)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_n(w)} {_n(height)}" width="{_n(w)}" '
            f'height="{_n(height)}" role="img" font-family="sans-serif">'
            f"<title>{svg_text(heading)}</title><desc>{svg_text(desc)}</desc>" + "".join(body) + "</svg>")
