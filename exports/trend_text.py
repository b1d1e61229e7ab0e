"""`accord trend` on the terminal: per scorecard and overall, the averages per round as a table
and a line chart (`exports.trend_chart`), with the plan's targets.

Only lays out `engine.trend.Trend`. Each table row starts with the key letter its line carries on
the chart, so the table is the chart's legend. A withheld figure shows as `n<3` (the small-group
rule, as in `accord summary`), a round without answers as `–`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from accord_partnership.engine.trend import Trend
from accord_partnership.exports.summary import _Out
from accord_partnership.exports.textsafe import text_width, truncate
from accord_partnership.exports.trend_chart import KEYS, Run, render_trend_cells
from accord_partnership.exports.trend_report import TrendReport, TrendTable, trend_report, withheld_marks

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
        pieces = textwrap.wrap(out.t(rest), max(out.width - len(label) - 1, 10), break_on_hyphens=False) or [""]
        out.add((f"{label} ", "heading"), (pieces[0], ""))
        for piece in pieces[1:]:  # the round's note wraps under its text, never cut
            out.add((" " * (len(label) + 1), ""), (piece, ""))
    marks = "; ".join(f"n<{m}: withheld, fewer than {m} answers" for m in withheld_marks(trend))
    _note(out, f"Oldest first. {marks}; {'-' if ascii else '–'}: no answers.")
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


#: the narrowest the names column gets before rounds' columns are left out of a table
_MIN_NAME_W = 20


def _shown_rounds(count: int, fixed: int, width: int) -> list[int]:
    """The rounds (indexes) whose columns fit beside names at least `_MIN_NAME_W` wide and the
    `fixed` columns (change, targets): every round if they fit, else the first and the latest."""
    room = (width - 2 - _MIN_NAME_W) // (_VALUE_W + 1) - fixed
    if count <= max(room, 2):
        return list(range(count))
    keep = max(room, 2) - 1
    return [0, *range(count - keep, count)]


def _names(titles: list[str], width: int, ell: str) -> list[str]:
    """Names cut to `width` cells; names that would read the same once cut keep their ends too."""
    first = [truncate(t, width, ell) for t in titles]
    cut = list(first)
    for n, (title, name) in enumerate(zip(titles, first)):
        if name != title and first.count(name) > 1:
            head = (width - len(ell)) // 2
            tail = width - len(ell) - head
            cut[n] = truncate(title, head, "") + ell + _last(title, tail)
    return cut


def _last(text: str, cells: int) -> str:
    """The end of `text`, at most `cells` wide."""
    out = ""
    for ch in reversed(text):
        if text_width(ch + out) > cells:
            break
        out = ch + out
    return out


def _block(out: _Out, report: TrendReport, table: TrendTable) -> None:
    """A table (key letter, name, a value per round, change, targets) then its chart. At a width
    too narrow for every round's column, the middle rounds' columns are left out of the table
    (never the change or the targets) and a line says so; the chart keeps every round."""
    shown = _shown_rounds(len(report.rounds), 1 + len(table.months), out.width)
    heads = [*(report.rounds[k] for k in shown), "change", *[f"{m}m" for m in table.months]]
    name_w = max(out.width - 2 - (_VALUE_W + 1) * len(heads), 12)
    out.add(("  " + " " * name_w + "".join(f" {h:>{_VALUE_W}}" for h in heads), "dim"))
    names = _names([out.t(row.title) for row in table.rows], name_w, out.ell)
    for row, name in zip(table.rows, names):
        cells = [*(row.values[k] for k in shown), row.change, *row.targets]
        text = "".join(f" {out.t(c):>{_VALUE_W}}" for c in cells)
        role = f"trend{KEYS.index(row.key) % 8}" if row.key else "heading"
        out.add((f"{row.key:<2}", role), (name + " " * (name_w - text_width(name)), "heading" if row.average else ""), (text, ""))
    if len(shown) < len(report.rounds):
        left = [report.rounds[k] for k in range(len(report.rounds)) if k not in shown]
        span = left[0] if len(left) == 1 else f"{left[0]}-{left[-1]}"
        _note(out, f"{span}: not in the table at this width (the chart has every round; a wider --width shows them).")
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
    from accord_partnership.exports.summary import to_plain

    return to_plain([list(line) for line in lines])
