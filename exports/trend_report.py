"""The report's "Trend over the rounds" (`accord report --rounds ...`), from an `engine.trend.Trend`.

Display strings and chart series only, the same for every format (Markdown, HTML, Word): every
figure comes from the trend model, nothing is recomputed here. A withheld figure shows as
"n<3" (fewer than min-group answers), a round without answers as "–".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord_partnership.engine.numbers import DASH, fmt, fmt_signed
from accord_partnership.engine.trend import Series, Trend
from accord_partnership.exports.report_text import clean
from accord_partnership.exports.trend_chart import KEYS, Line


@dataclass
class TrendRow:
    """One row of a trend table, display strings: `key` is the letter its line carries on the
    chart ("" for a scorecard's average row)."""

    key: str
    title: str
    values: list[str]  # one per round
    change: str
    targets: list[str]  # one per `TrendTable.months`
    average: bool = False


@dataclass
class TrendTable:
    """The overall pattern's table (scorecard averages) or one scorecard's (its features, then its
    average), with the chart's lines (`exports.trend_chart.Line`, key letters as the rows')."""

    title: str
    rows: list[TrendRow]
    months: list[int]  # the target columns (6, 12) that any row fills
    lines: list[Line]
    scale_min: int
    scale_max: int

    @property
    def charted(self) -> bool:
        return any(v is not None for line in self.lines for v in line.values)


@dataclass
class TrendReport:
    rounds: list[str]  # "R1", "R2"...
    round_lines: list[str]  # "R1 2024: 7 respondents"
    intro: str
    overall: TrendTable
    sections: list[TrendTable]
    min_group: int
    warnings: list[str] = field(default_factory=list)  # for stderr (engine.trend.Trend.warnings)

    def headers(self, table: TrendTable, first: str) -> list[str]:
        """The table's column headings, `first` over the names."""
        return [first, *self.rounds, "Change", *[f"{m}-month target" for m in table.months]]


def trend_report(trend: Trend, *, overall_title: str = "Overall pattern") -> TrendReport:
    """The report's trend section from `trend` (see module doc)."""
    rounds = [r.label for r in trend.rounds]
    lines = []
    for r in trend.rounds:
        people = f"{r.respondents} respondent{'s' if r.respondents != 1 else ''}"
        lines.append(f"{r.label} {clean(r.name)}: {people}" + (f" ({clean(r.note)})" if r.note else ""))
    intro = (f"The averages of {len(rounds)} rounds, oldest first. Change is the last round's average minus the first's. "
             + "; ".join(f"n<{m}: not shown, fewer than {m} people answered" for m in withheld_marks(trend)) + ".")
    if trend.overall.rescaled:
        intro += (f" The overall pattern's averages are rescaled to {trend.overall.scale_min}–{trend.overall.scale_max}, "
                  "as the scorecards' scales differ.")
    marks = [r.min_group for r in trend.rounds]
    overall = _table(overall_title, list(trend.overall.series), None, trend.overall.scale_min, trend.overall.scale_max, marks)
    sections = [_table(s.title, list(s.items), s.average, s.scale_min, s.scale_max, marks) for s in trend.sections]
    return TrendReport(rounds, lines, intro, overall, sections, trend.min_group, list(trend.warnings))


def withheld_marks(trend: Trend) -> list[int]:
    """The thresholds behind the rounds' withheld marks ("n<3"), smallest first: each round's own
    (`engine.trend.RoundInfo.min_group`), so a mark always names the rule that withheld it."""
    return sorted({r.min_group for r in trend.rounds})


def _table(title: str, series: list[Series], average: Series | None, lo: int, hi: int, min_group: list[int]) -> TrendTable:
    everything = [*series, *([average] if average is not None else [])]
    months = sorted({m for s in everything for m in s.targets})
    rows = [_row(KEYS[k % len(KEYS)], s, months, min_group) for k, s in enumerate(series)]
    if average is not None:
        rows.append(_row("", average, months, min_group, title=f"{clean(average.title)}: average"))
    lines = [Line(KEYS[k % len(KEYS)], clean(s.title), list(s.values), s.target[1] if s.target else None)
             for k, s in enumerate(series)]
    return TrendTable(clean(title), rows, months, lines, lo, hi)


def _row(key: str, s: Series, months: list[int], min_group: list[int], *, title: str | None = None) -> TrendRow:
    values = [fmt(v, 2) if v is not None else (f"n<{m}" if why else DASH) for v, why, m in zip(s.values, s.withheld, min_group)]
    targets = [fmt(s.targets[m], 2) if m in s.targets else "" for m in months]
    return TrendRow(key, title if title is not None else clean(s.title), values, fmt_signed(s.change), targets,
                    average=not key)


def chart_lines(rounds: list[str], table: TrendTable, *, width: int = 78) -> list[str]:
    """The table's line chart as plain ASCII lines (reports' text charts, as their radars)."""
    from accord_partnership.exports.trend_chart import render_trend_cells

    cells = render_trend_cells(rounds, table.lines, scale_min=table.scale_min, scale_max=table.scale_max, width=width, ascii=True)
    return ["".join(text for text, _ in line) for line in cells]
