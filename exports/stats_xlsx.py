"""`accord stats --format xlsx`: the SCSN "Mean Chart Template", filled in for the coordinator.

One workbook, written by XlsxWriter (imported here, never on the TUI's start path):

- "Overall": the scorecard averages (the engine's overall pattern, `engine.analysis.overall_pattern`,
  rescaled when the scales differ) and a native Excel radar chart of them, with the plan's
  whole-scorecard targets (6 and 12 months, a dashed series each) when a plan is given, and the
  reason beside an average that is withheld;
- one sheet per scorecard: its rated items with their statistics and a radar chart of the means
  (and the features' own targets), then the scorecard's average row (where a scorecard's target
  goes: it is for the average, never shown as each feature's), then its yes/no questions;
- "Statistics": exactly the per-item table of `accord stats --csv` (`exports.stats_table`).

The charts are Excel charts whose series refer to the cells beside them (restyle them, copy them
into Word), not pictures. Everything shown comes from the report model (`exports.report_common`):
the same items, averages and targets as the report's radars. A figure withheld by the small-group
rule (`engine.privacy`) is an empty cell, with the reason in the "Withheld" column, exactly as
in the CSV. No text cell is ever a formula: `strings_to_formulas` is off, text is written with
`write_string`, and text that a spreadsheet would read as a formula once retyped or saved as CSV
(`exports.csv_out.formula_like`) is marked as text (Excel's quote prefix).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from accord_partnership.engine.model import Section
from accord_partnership.exports.csv_out import formula_like
from accord_partnership.exports.report_common import ReportModel, SectionView
from accord_partnership.exports.scorecard_xlsx import WORKBOOK_OPTIONS, unique_sheet_names
from accord_partnership.exports.stats_table import stats_rows
from accord_partnership.exports.textsafe import ellipsize, visible

OVERALL_SHEET = "Overall"
STATS_SHEET = "Statistics"
#: the charts' size in pixels (a radar needs room for its axis names)
CHART_SIZE = {"width": 720, "height": 480}

#: column headings of a scorecard sheet, keyed by the stats table's column names
_HEADINGS = {"n": "n", "n_na": "N/A", "mean": "Mean", "median": "Median", "min": "Min", "max": "Max",
             "sd": "SD", "withheld": "Withheld", "yes": "Yes", "no": "No"}
_NAME_WIDTH = 44  # column A, in characters
#: a spoke's name longer than this is shortened on the chart and numbered (see `_Writer.radar`)
SPOKE_LABEL_CHARS = 40
#: the hidden column holding the shortened spoke names (AZ: clear of every table)
LABEL_COLUMN = 51
SHORTENED_NOTE = "On the chart, spoke [n] is the table's n-th {noun}: long names are shortened there."
_ITEM_COLUMNS = ("n", "n_na", "median", "min", "max", "sd")


def stats_workbook(model: ReportModel) -> bytes:
    """The workbook's bytes for the results in `model` (`exports.report_common.build_model`,
    with the plan when targets are wanted). Rows and figures: `exports.stats_table.stats_rows`."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, dict(WORKBOOK_OPTIONS))
    book.set_properties({"title": f"{model.framework_title} — mean charts", "comments": "Written by Accord"})
    writer = _Writer(book, model)
    header, rows = stats_rows(model.framework, model.results, model.min_group, stats=model.analysis.stats)
    by_item = {(row[1], row[2]): dict(zip(header, row)) for row in rows}
    shown = [v for v in model.sections if v.rated or v.yesno]  # a section of open questions has no figures
    names = unique_sheet_names([v.title for v in shown], reserved=(OVERALL_SHEET, STATS_SHEET))
    sheet_of = {v.section.id: name for v, name in zip(shown, names)}
    writer.overall(book.add_worksheet(OVERALL_SHEET), sheet_of)
    for view in shown:
        writer.scorecard(book.add_worksheet(sheet_of[view.section.id]), view, by_item)
    writer.table(book.add_worksheet(STATS_SHEET), header, rows)
    book.close()
    return buffer.getvalue()


class _Writer:
    """The formats of one workbook and the sheets written with them."""

    def __init__(self, book: Any, model: ReportModel) -> None:
        self.book, self.model = book, model
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.head = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
        self.text = book.add_format({"border": 1, "text_wrap": True, "valign": "top"})
        self.text_mark = book.add_format({"border": 1, "text_wrap": True, "valign": "top", "quote_prefix": True})
        self.plain_mark = book.add_format({"quote_prefix": True})
        self.number = book.add_format({"border": 1, "num_format": "0.00", "valign": "top"})
        self.count = book.add_format({"border": 1, "num_format": "0", "valign": "top"})

    # --- cells ---------------------------------------------------------------------------------

    def string(self, sheet: Any, row: int, col: int, text: str, fmt: Any = None) -> None:
        """Text as text, never a formula; text a spreadsheet would read as one is marked as text.
        Control characters, bidi overrides and zero-width characters are made visible
        (`exports.textsafe.visible`, the one policy: as in the CSV and the Word report)."""
        text = visible(text)
        if formula_like(text):
            fmt = self.text_mark if fmt is self.text or fmt is self.head else self.plain_mark
        sheet.write_string(row, col, text, fmt)

    def wrapped(self, sheet: Any, row: int, text: str, width: int) -> None:
        """A name in column A (`width` characters wide), wrapped, with its row made tall enough
        for every line (LibreOffice does not grow a row by itself)."""
        self.string(sheet, row, 0, text, self.text)
        lines = max(1, -(-len(text) // max(width - 2, 1)))
        if lines > 1:
            sheet.set_row(row, 15 * lines)

    def cell(self, sheet: Any, row: int, col: int, value: Any, fmt: Any = None) -> None:
        """A number, text, or an empty cell (None: a figure not shown, e.g. withheld)."""
        if value is None or value == "":
            sheet.write_blank(row, col, None, fmt)
        elif isinstance(value, bool):
            self.string(sheet, row, col, "true" if value else "false", fmt)
        elif isinstance(value, (int, float)):
            sheet.write_number(row, col, value, fmt)
        else:
            self.string(sheet, row, col, str(value), fmt)

    def heading(self, sheet: Any, lines: Sequence[str]) -> int:
        """The sheet's title and facts (and its print layout: A4 landscape, one page wide);
        returns the first free row."""
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        self.string(sheet, 0, 0, lines[0], self.title)
        for row, line in enumerate(lines[1:], 1):
            self.string(sheet, row, 0, line)
        return len(lines) + 1

    def facts(self) -> list[str]:
        model = self.model
        return [
            f"{model.framework_title} ({model.framework.id} {model.framework.version})",
            model.respondent_line + (f" — {model.partnership}" if model.partnership else ""),
            f"No figure is shown where fewer than {model.min_group} people answered (the cell is empty and "
            "the Withheld column says why).",
        ]

    # --- sheets --------------------------------------------------------------------------------

    def overall(self, sheet: Any, sheet_of: dict[str, str]) -> None:
        overall = self.model.overall
        row = self.heading(sheet, [f"{self.model.title}: overall pattern", *self.facts()])
        if overall.rescaled:
            self.string(sheet, row - 1, 0, f"The scorecards use different scales: their averages are rescaled to "
                                           f"{overall.scale_min}–{overall.scale_max} here.")
            row += 1
        view_of = {v.section.id: v for v in self.model.sections}
        views = [view_of.get(sid) for sid in self.model.analysis.overall.section_ids] if self.model.analysis.overall else []
        views = views if len(views) == len(overall.axes) else [None] * len(overall.axes)
        # whole-scorecard targets, one column per period (not when the averages are rescaled)
        months = [] if overall.rescaled else _months(v.targets.get("", {}) for v in views if v is not None)
        heads = [self.model.section_noun.capitalize(), "Average", *[f"{m}-month target" for m in months], _HEADINGS["withheld"]]
        for col, text in enumerate(heads):
            self.string(sheet, row, col, text, self.head)
        sheet.set_row(row, 30)  # headings wrap onto two lines ("12-month / target")
        first = row + 1
        for n, (axis, value) in enumerate(zip(overall.axes, overall.values)):
            view = views[n]
            self.wrapped(sheet, first + n, axis, _NAME_WIDTH)
            self.cell(sheet, first + n, 1, value, self.number)
            for k, m in enumerate(months):
                self.cell(sheet, first + n, 2 + k, None if view is None else view.targets.get("", {}).get(m), self.number)
            self.cell(sheet, first + n, 2 + len(months), _why_no_average(view, self.model.min_group) if value is None else "",
                      self.text)
        last = first + len(overall.axes) - 1
        sheet.set_column(0, 0, _NAME_WIDTH)
        sheet.set_column(1, 1 + len(months), 10)
        sheet.set_column(2 + len(months), 2 + len(months), 24)
        if len(overall.axes) >= 3:  # beside the table: table and chart on one landscape page
            self.radar(sheet, OVERALL_SHEET, "Overall pattern", (row, first, last), [1, *range(2, 2 + len(months))],
                       overall.scale_min, overall.scale_max, f"{chr(ord('A') + 4 + len(months))}{row + 1}", list(overall.axes))
        else:
            self.string(sheet, last + 2, 0, f"No radar: it needs at least three {self.model.section_noun}s.")
        listing = last + 4
        self.string(sheet, listing, 0, "Each scorecard's features, with their radar, are on the sheets:")
        for n, view in enumerate((v for v in self.model.sections if v.section.id in sheet_of), 1):
            self.string(sheet, listing + n, 0, f"{view.title}: sheet “{sheet_of[view.section.id]}”")

    def scorecard(self, sheet: Any, view: SectionView, by_item: dict[tuple[str, str], dict[str, Any]]) -> None:
        section: Section = view.section
        row = self.heading(sheet, [view.title, *self.facts()])
        scale = view.scale
        points = list(scale.points) if scale is not None else []
        # targets, one column per period: a feature's own on its row, the scorecard's on the average row
        months = _months(view.targets.values())
        heads = [self.model.item_noun.capitalize(), _HEADINGS["mean"]] + [f"{m}-month target" for m in months]
        heads += [_HEADINGS[c] for c in _ITEM_COLUMNS]
        heads += [(f"{p}" if scale is None or scale.label(p) == str(p) else f"{p} {scale.label(p)}") for p in points]
        heads += [_HEADINGS["withheld"]]
        for col, text in enumerate(heads):
            self.string(sheet, row, col, text, self.head)
        first = row + 1
        for n, item in enumerate(view.rated):
            values = by_item.get((section.id, item.item_id), {})
            r = first + n
            self.wrapped(sheet, r, item.title, _NAME_WIDTH)
            self.cell(sheet, r, 1, values.get("mean"), self.number)
            col = 2
            for m in months:
                self.cell(sheet, r, col, view.targets.get(item.item_id, {}).get(m), self.number)
                col += 1
            for name in _ITEM_COLUMNS:
                self.cell(sheet, r, col, values.get(name), self.number if name in ("median", "sd") else self.count)
                col += 1
            for p in points:
                self.cell(sheet, r, col, values.get(f"level_{p}"), self.count)
                col += 1
            self.cell(sheet, r, col, values.get("withheld"), self.text)
        last = first + len(view.rated) - 1
        if view.rated:  # the scorecard's average (and its own targets), below the rows the radar draws
            average = last + 1
            self.wrapped(sheet, average, f"{view.title}: average", _NAME_WIDTH)
            self.cell(sheet, average, 1, view.stats.mean, self.number)
            for k, m in enumerate(months):
                self.cell(sheet, average, 2 + k, view.targets.get("", {}).get(m), self.number)
            for col in range(2 + len(months), len(heads) - 1):  # the row's other cells: framed, empty
                sheet.write_blank(average, col, None, self.count)
            self.cell(sheet, average, len(heads) - 1, _why_no_average(view, self.model.min_group) if view.stats.mean is None else "",
                      self.text)
        sheet.set_column(0, 0, _NAME_WIDTH)
        sheet.set_column(1, len(heads) - 2 - len(points), 9)
        # a level's heading wraps onto two lines ("3" / "Adequately"): as wide as its longest word, in bold
        level_w = min(16, max([6, *(max(len(w) for w in h.split()) + 3 for h in heads[len(heads) - 1 - len(points):-1])]))
        sheet.set_column(len(heads) - 1 - len(points), len(heads) - 2, level_w)
        sheet.set_row(row, 30)  # the headings' row: two lines ("1 Very poorly")
        if months:
            sheet.set_column(2, 1 + len(months), 10)
        sheet.set_column(len(heads) - 1, len(heads) - 1, 24)
        sheet.freeze_panes(first, 1)
        row = max(last + bool(view.rated), row) + 2
        if view.rated and len(view.rated) >= 3 and scale is not None:
            drawn = [2 + k for k, m in enumerate(months) if any(m in view.targets.get(i.item_id, {}) for i in view.rated)]
            shortened = self.radar(sheet, sheet.name, view.title, (first - 1, first, last), [1, *drawn], scale.min, scale.max,
                                   f"A{row + 1}", [i.title for i in view.rated])
            row += 25
            if shortened:
                self.string(sheet, row, 0, SHORTENED_NOTE.format(noun=self.model.item_noun))
            row += 1
        elif view.rated:
            self.string(sheet, row, 0, f"No radar: it needs at least three rated {self.model.item_noun}s.")
            row += 2
        if view.yesno:
            for col, text in enumerate(["Yes/no question", _HEADINGS["yes"], _HEADINGS["no"], _HEADINGS["withheld"]]):
                self.string(sheet, row, col, text, self.head)
            for n, item in enumerate(view.yesno, 1):
                values = by_item.get((section.id, item.item_id), {})
                self.wrapped(sheet, row + n, item.title, _NAME_WIDTH)
                self.cell(sheet, row + n, 1, values.get("yes"), self.count)
                self.cell(sheet, row + n, 2, values.get("no"), self.count)
                self.cell(sheet, row + n, 3, values.get("withheld"), self.text)

    def table(self, sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
        """The stats CSV's table, column for column."""
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(0)
        for col, text in enumerate(header):
            self.string(sheet, 0, col, text, self.head)
        for r, values in enumerate(rows, 1):
            for col, value in enumerate(values):
                self.cell(sheet, r, col, value)
        # each column as wide as its heading and its widest cell (ids, numbers), the title column 48
        for col, text in enumerate(header):
            if col == 3:
                continue
            cells = [len(str(values[col])) for values in rows if col < len(values) and values[col] is not None]
            sheet.set_column(col, col, min(30, max([len(text) + 2, *(c + 1 for c in cells)])))
        sheet.set_column(3, 3, 48)
        sheet.freeze_panes(1, 4)
        sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)

    def radar(self, sheet: Any, name: str, title: str, rows: tuple[int, int, int], columns: Sequence[int], lo: int, hi: int,
              at: str, axes: Sequence[str]) -> bool:
        """A radar chart of `columns` (B: the means, then the targets' columns, dashed) of `rows` =
        (heading, first, last), whose axis names `axes` are column A's. Rings from `lo` - 1 (the
        centre) to `hi`, one per scale point, as the report's radars (`exports.radar`).

        Spreadsheets neither wrap nor shorten a spoke's name, so a long one ran out of the chart's
        frame: when any name is longer than `SPOKE_LABEL_CHARS`, every spoke is labelled "[n] name…"
        (n: its row in the table, the name shortened at a word) from a hidden column beside the
        table. Returns whether that was done (the sheet then says so under the chart)."""
        head, first, last = rows
        categories: list[Any] = [name, first, 0, last, 0]
        shortened = any(len(axis) > SPOKE_LABEL_CHARS for axis in axes)
        if shortened:
            for n, axis in enumerate(axes, 1):
                self.string(sheet, first + n - 1, LABEL_COLUMN, f"[{n}] {ellipsize(axis, SPOKE_LABEL_CHARS - 5)}")
            sheet.set_column(LABEL_COLUMN, LABEL_COLUMN, None, None, {"hidden": True})
            categories = [name, first, LABEL_COLUMN, last, LABEL_COLUMN]
        chart = self.book.add_chart({"type": "radar", "subtype": "with_markers"})
        styles = [
            {"line": {"color": "#1A5FB4", "width": 2.25}, "marker": {"type": "circle", "size": 6,
                                                                    "fill": {"color": "#1A5FB4"}, "border": {"color": "#1A5FB4"}}},
            {"line": {"color": "#C64600", "width": 1.75, "dash_type": "dash"},
             "marker": {"type": "diamond", "size": 6, "fill": {"color": "#C64600"}, "border": {"color": "#C64600"}}},
            {"line": {"color": "#7B3294", "width": 1.75, "dash_type": "long_dash"},
             "marker": {"type": "square", "size": 5, "fill": {"color": "#7B3294"}, "border": {"color": "#7B3294"}}},
        ]
        for k, col in enumerate(columns):
            chart.add_series({
                "name": [name, head, col],
                "categories": categories,
                "values": [name, first, col, last, col],
                **styles[min(k, len(styles) - 1)],
            })
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_y_axis({"min": lo - 1, "max": hi, "major_unit": 1, "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size(CHART_SIZE)
        if shortened:
            chart.show_hidden_data()  # the labels' column is hidden
        sheet.insert_chart(at, chart)
        return shortened


def _months(targets: Iterable[dict[int, float]]) -> list[int]:
    """The target periods (6, 12) that any of `targets` (months -> score) sets, soonest first."""
    return sorted({m for per in targets for m in per})


def _why_no_average(view: SectionView | None, min_group: int) -> str:
    """Why a scorecard has no average: its rated features' figures withheld (engine.privacy), or ""."""
    from accord_partnership.engine.privacy import reason

    if view is None or not any(i.withheld for i in view.rated):
        return ""
    return reason(min_group)
