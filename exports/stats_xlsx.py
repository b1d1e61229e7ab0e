"""`accord stats --format xlsx`: the SCSN "Mean Chart Template", filled in for the coordinator.

One workbook, written by XlsxWriter (imported here, never on the TUI's start path):

- "Overall": the scorecard averages (the engine's overall pattern, `engine.analysis.overall_pattern`,
  rescaled when the scales differ) and a native Excel radar chart of them, with the plan's
  whole-scorecard targets as a second series when a plan is given;
- one sheet per scorecard: its rated items with their statistics and a radar chart of the means
  (and the plan's targets), then its yes/no questions;
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
from collections.abc import Sequence
from typing import Any

from engine.model import Section
from exports.csv_out import formula_like
from exports.report_common import ReportModel, SectionView
from exports.scorecard_xlsx import WORKBOOK_OPTIONS, unique_sheet_names
from exports.stats_table import stats_rows

OVERALL_SHEET = "Overall"
STATS_SHEET = "Statistics"
#: the charts' size in pixels (a radar needs room for its axis names)
CHART_SIZE = {"width": 720, "height": 480}

#: column headings of a scorecard sheet, keyed by the stats table's column names
_HEADINGS = {"n": "n", "n_na": "N/A", "mean": "Mean", "median": "Median", "min": "Min", "max": "Max",
             "sd": "SD", "withheld": "Withheld", "yes": "Yes", "no": "No"}
_NAME_WIDTH = 44  # column A, in characters
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
        """Text as text, never a formula; text a spreadsheet would read as one is marked as text."""
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
        heads = [self.model.section_noun.capitalize(), "Average"] + ([overall.target_name.capitalize()] if overall.target_name else [])
        for col, text in enumerate(heads):
            self.string(sheet, row, col, text, self.head)
        first = row + 1
        for n, (axis, value) in enumerate(zip(overall.axes, overall.values)):
            self.wrapped(sheet, first + n, axis, _NAME_WIDTH)
            self.cell(sheet, first + n, 1, value, self.number)
            if overall.target_name:
                self.cell(sheet, first + n, 2, overall.target_values[n], self.number)
        last = first + len(overall.axes) - 1
        sheet.set_column(0, 0, _NAME_WIDTH)
        sheet.set_column(1, 2, 14)
        if len(overall.axes) >= 3:  # beside the table: table and chart on one landscape page
            self.radar(sheet, OVERALL_SHEET, "Overall pattern", (row, first, last), 1 + bool(overall.target_name),
                       overall.scale_min, overall.scale_max, f"E{row + 1}")
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
        target = view.target_name
        heads = [self.model.item_noun.capitalize(), _HEADINGS["mean"]] + ([target.capitalize()] if target else [])
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
            if target:
                self.cell(sheet, r, col, view.target_values[n], self.number)
                col += 1
            for name in _ITEM_COLUMNS:
                self.cell(sheet, r, col, values.get(name), self.number if name in ("median", "sd") else self.count)
                col += 1
            for p in points:
                self.cell(sheet, r, col, values.get(f"level_{p}"), self.count)
                col += 1
            self.cell(sheet, r, col, values.get("withheld"), self.text)
        last = first + len(view.rated) - 1
        sheet.set_column(0, 0, _NAME_WIDTH)
        sheet.set_column(1, len(heads) - 2 - len(points), 9)
        level_w = min(12, max([6, *(len(h) // 2 + 2 for h in heads[len(heads) - 1 - len(points):-1])]))
        sheet.set_column(len(heads) - 1 - len(points), len(heads) - 2, level_w)
        sheet.set_row(row, 30)  # the headings' row: two lines ("1 Very poorly")
        if target:
            sheet.set_column(2, 2, 15)
        sheet.set_column(len(heads) - 1, len(heads) - 1, 24)
        sheet.freeze_panes(first, 1)
        row = max(last, row) + 2
        if view.rated and len(view.rated) >= 3 and scale is not None:
            self.radar(sheet, sheet.name, view.title, (first - 1, first, last), 1 + bool(target), scale.min, scale.max, f"A{row + 1}")
            row += 26
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
        sheet.set_column(3, 3, 48)
        sheet.freeze_panes(1, 4)
        sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)

    def radar(self, sheet: Any, name: str, title: str, rows: tuple[int, int, int], series: int, lo: int, hi: int, at: str) -> None:
        """A radar chart of columns B (and C: the target) of `rows` = (heading, first, last):
        axis names from column A. Rings from `lo` - 1 (the centre) to `hi`, one per scale point,
        as the report's radars (`exports.radar`)."""
        head, first, last = rows
        chart = self.book.add_chart({"type": "radar", "subtype": "with_markers"})
        styles = [
            {"line": {"color": "#1A5FB4", "width": 2.25}, "marker": {"type": "circle", "size": 6,
                                                                    "fill": {"color": "#1A5FB4"}, "border": {"color": "#1A5FB4"}}},
            {"line": {"color": "#C64600", "width": 1.75, "dash_type": "dash"},
             "marker": {"type": "diamond", "size": 6, "fill": {"color": "#C64600"}, "border": {"color": "#C64600"}}},
        ]
        for k in range(series):
            chart.add_series({
                "name": [name, head, 1 + k],
                "categories": [name, first, 0, last, 0],
                "values": [name, first, 1 + k, last, 1 + k],
                **styles[k],
            })
        chart.set_title({"name": title, "name_font": {"size": 12}})
        chart.set_y_axis({"min": lo - 1, "max": hi, "major_unit": 1, "major_gridlines": {"visible": True}})
        chart.set_legend({"position": "bottom"})
        chart.show_blanks_as("gap")
        chart.set_size(CHART_SIZE)
        sheet.insert_chart(at, chart)
