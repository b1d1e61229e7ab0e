"""`accord trend` on the terminal: per scorecard and overall, the averages per round as a table
and a line chart (`exports.trend_chart`), with the plan's targets.

Only lays out `engine.trend.Trend`. Each table row starts with the key letter its line carries on
the chart, so the table is the chart's legend. A withheld figure shows as `n<3` (the small-group
rule, as in `accord summary`), a round without answers as `–`.
"""

from __future__ import annotations

from collections.abc import Sequence

from engine.trend import Trend
from exports.summary import _Out
from exports.textsafe import text_width, truncate
from exports.trend_chart import KEYS, Run, render_trend_cells
from exports.trend_report import TrendReport, TrendTable, trend_report

#: Rich styles per role (plain output ignores them); the eight series colours follow the
#: terminal's own palette, so they stay readable on dark and light backgrounds
STYLES = {
    "": "", "title": "bold", "heading": "bold", "dim": "dim", "axis": "dim", "grid": "dim", "label": "",
    "trend0": "bold cyan", "trend1": "bold magenta", "trend2": "bold yellow", "trend3": "bold green",
    "trend4": "bold blue", "trend5": "bold red", "trend6": "cyan", "trend7": "magenta",
}
_VALUE_W = 6


def _note(out: _Out, text: str) -> None:
    """A dim explanatory line, word-wrapped to the width."""
    out.wrap(out.t(text), style="dim")


def trend_lines(trend: Trend, *, width: int = 80, ascii: bool = False, section_id: str | None = None) -> list[list[Run]]:
    """The whole trend (or one scorecard's, `section_id`) as lines of `(text, role)` runs."""
    width = max(int(width), 40)
    out = _Out(width, ascii)
    fw = trend.framework
    report = trend_report(trend, overall_title="Overall pattern: the scorecard averages per round")
    out.add((out.t(f"Trend: {fw.title} ({fw.id} {fw.version})"), "title"))
    for line in report.round_lines:
        label, _, rest = line.partition(" ")
        out.add((f"{label} ", "heading"), (out.t(rest), ""))
    _note(out, f"Oldest first. n<{trend.min_group}: withheld, fewer than {trend.min_group} answers; "
             f"{'-' if ascii else '–'}: no answers.")
    tables = [report.overall] if section_id is None else []
    tables += [t for s, t in zip(trend.sections, report.sections) if section_id is None or s.section_id == section_id]
    for n, table in enumerate(tables):
        out.blank()
        out.rule()
        heading = table.title
        if n == 0 and section_id is None and trend.overall.rescaled:
            heading += f" (rescaled to {trend.overall.scale_min}-{trend.overall.scale_max})"
        out.add((out.t(heading), "heading"))
        _block(out, report, table)
    return out.lines


def _block(out: _Out, report: TrendReport, table: TrendTable) -> None:
    """A table (key letter, name, a value per round, change, targets) then its chart."""
    heads = [*report.rounds, "change", *[f"{m}m" for m in table.months]]
    name_w = max(out.width - 2 - (_VALUE_W + 1) * len(heads), 12)
    out.add(("  " + " " * name_w + "".join(f" {h:>{_VALUE_W}}" for h in heads), "dim"))
    ell = "..." if out.ascii else "…"
    for row in table.rows:
        name = truncate(out.t(row.title), name_w, ell)
        text = "".join(f" {out.t(c):>{_VALUE_W}}" for c in [*row.values, row.change, *row.targets])
        role = f"trend{KEYS.index(row.key) % 8}" if row.key else "heading"
        out.add((f"{row.key:<2}", role), (name + " " * (name_w - text_width(name)), "heading" if row.average else ""), (text, ""))
    if table.months:
        _note(out, f"change: the last round minus the first; {', '.join(f'{m}m' for m in table.months)}: the plan's "
                 f"{' and '.join(f'{m}-month' for m in table.months)} targets.")
    else:
        _note(out, "change: the last round minus the first.")
    if not table.charted:
        out.add(("No figure to chart.", "dim"))
        return
    out.blank()
    out.lines += render_trend_cells(report.rounds, table.lines, scale_min=table.scale_min, scale_max=table.scale_max,
                                    width=out.width, ascii=out.ascii)
    if any(line.target is not None for line in table.lines):
        _note(out, "Lower-case letters: each line's target (the latest set: 12 months if any, else 6).")


def trend_plain(lines: Sequence[Sequence[Run]]) -> str:
    """The lines as plain text (no colour)."""
    from exports.summary import to_plain

    return to_plain([list(line) for line in lines])
