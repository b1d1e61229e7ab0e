"""`accord trend` on the terminal: per scorecard and overall, the averages per round as a table
and a line chart (`exports.trend_chart`), with the plan's targets.

Only lays out `engine.trend.Trend`. Each table row starts with the key letter its line carries on
the chart, so the table is the chart's legend. A withheld figure shows as `n<3` (the small-group
rule, as in `accord summary`), a round without answers as `–`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from engine.numbers import fmt, fmt_signed
from engine.trend import Series, Trend
from exports.textsafe import clean_text, terminal_text, text_width, truncate
from exports.trend_chart import KEYS, Line, Run, fit, render_trend_cells

if TYPE_CHECKING:  # pragma: no cover
    from rich.text import Text

#: Rich styles per role (plain output ignores them); the eight series colours follow the
#: terminal's own palette, so they stay readable on dark and light backgrounds
STYLES = {
    "": "", "title": "bold", "heading": "bold", "dim": "dim", "axis": "dim", "grid": "dim", "label": "",
    "trend0": "bold cyan", "trend1": "bold magenta", "trend2": "bold yellow", "trend3": "bold green",
    "trend4": "bold blue", "trend5": "bold red", "trend6": "cyan", "trend7": "magenta",
}
_VALUE_W = 6


class _Out:
    def __init__(self, width: int, ascii: bool) -> None:
        self.width, self.ascii = width, ascii
        self.lines: list[list[Run]] = []

    def t(self, text: object) -> str:
        safe = clean_text(text)
        return terminal_text(safe, ascii=True) if self.ascii else safe

    def add(self, *runs: Run) -> None:
        self.lines.append(fit(list(runs), self.width))

    def note(self, text: str) -> None:
        """A dim explanatory line, word-wrapped to the width."""
        import textwrap

        for piece in textwrap.wrap(self.t(text), self.width) or [""]:
            self.add((piece, "dim"))

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append([])

    def rule(self) -> None:
        self.add(("-" * self.width if self.ascii else "─" * self.width, "dim"))


def trend_lines(trend: Trend, *, width: int = 80, ascii: bool = False, section_id: str | None = None) -> list[list[Run]]:
    """The whole trend (or one scorecard's, `section_id`) as lines of `(text, role)` runs."""
    width = max(int(width), 40)
    out = _Out(width, ascii)
    fw = trend.framework
    out.add((out.t(f"Trend: {fw.title} ({fw.id} {fw.version})"), "title"))
    for r in trend.rounds:
        people = f"{r.respondents} respondent{'s' if r.respondents != 1 else ''}"
        out.add((f"{r.label} ", "heading"), (out.t(f"{r.name}: {people}" + (f" ({r.note})" if r.note else "")), ""))
    out.note(f"Oldest first. n<{trend.min_group}: withheld, fewer than {trend.min_group} answers; "
             f"{'-' if ascii else '–'}: no answers.")
    if section_id is None:
        out.blank()
        out.rule()
        overall = trend.overall
        heading = "Overall pattern: the scorecard averages per round"
        if overall.rescaled:
            heading += f" (rescaled to {overall.scale_min}-{overall.scale_max})"
        out.add((out.t(heading), "heading"))
        _block(out, trend, list(overall.series), overall.scale_min, overall.scale_max)
    for section in trend.sections:
        if section_id is not None and section.section_id != section_id:
            continue
        out.blank()
        out.rule()
        out.add((out.t(section.title), "heading"))
        _block(out, trend, list(section.items), section.scale_min, section.scale_max, average=section.average)
    return out.lines


def _block(out: _Out, trend: Trend, series: list[Series], lo: int, hi: int, *, average: Series | None = None) -> None:
    """A table (key letter, name, a value per round, change, targets) then its chart."""
    rounds = [r.label for r in trend.rounds]
    months = sorted({m for s in [*series, *([average] if average else [])] for m in s.targets})
    heads = [*rounds, "change", *[f"{m}m" for m in months]]
    name_w = max(out.width - 2 - (_VALUE_W + 1) * len(heads), 12)
    out.add(("  " + " " * name_w + "".join(f" {h:>{_VALUE_W}}" for h in heads), "dim"))
    ell = "..." if out.ascii else "…"
    rows = [(KEYS[k % len(KEYS)], s) for k, s in enumerate(series)]
    if average is not None:
        rows.append(("", average))
    for key, s in rows:
        name = out.t(s.title if key else f"{s.title}: average")
        name = truncate(name, name_w, ell)
        cells = [_value(v, why, trend.min_group, out.ascii) for v, why in zip(s.values, s.withheld)]
        cells.append(fmt_signed(s.change) if s.change is not None else ("-" if out.ascii else "–"))
        cells += [fmt(s.targets[m], 2) if m in s.targets else "" for m in months]
        text = "".join(f" {c:>{_VALUE_W}}" for c in cells)
        role = f"trend{(KEYS.index(key)) % 8}" if key else "heading"
        out.add((f"{key:<2}" if key else "  ", role), (name + " " * (name_w - text_width(name)), "" if key else "heading"), (text, ""))
    if months:
        out.note(f"change: the last round minus the first; {', '.join(f'{m}m' for m in months)}: the plan's "
                 f"{' and '.join(f'{m}-month' for m in months)} targets.")
    else:
        out.note("change: the last round minus the first.")
    lines = [Line(KEYS[k % len(KEYS)], s.title, list(s.values), s.target[1] if s.target else None) for k, s in enumerate(series)]
    if not any(v is not None for line in lines for v in line.values):
        out.add(("No figure to chart.", "dim"))
        return
    out.blank()
    out.lines += render_trend_cells(rounds, lines, scale_min=lo, scale_max=hi, width=out.width, ascii=out.ascii)
    if any(line.target is not None for line in lines):
        due = sorted({s.target[0] for s in series if s.target})
        out.note(f"Lower-case letters: the plan's {' or '.join(f'{m}-month' for m in due)} target "
                 "(the latest set for each line).")


def _value(value: float | None, withheld: str, min_group: int, ascii: bool) -> str:
    if value is not None:
        return fmt(value, 2)
    return f"n<{min_group}" if withheld else ("-" if ascii else "–")


def trend_plain(lines: Sequence[Sequence[Run]]) -> str:
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


def trend_rich(lines: Sequence[Sequence[Run]]) -> Text:
    """One `rich.text.Text` of the lines (styles from `STYLES`; never parsed as markup)."""
    from rich.text import Text

    from exports.textsafe import terminal

    text = Text(no_wrap=True, overflow="crop", end="\n")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        for chunk, role in line:
            text.append(terminal(chunk), style=STYLES.get(role, "") or None)
    return text
