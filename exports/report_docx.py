"""The committee report as an editable Word document (.docx), following the SCSN reporting template.

Same content and order as the Markdown and HTML reports (`exports.report_md`, `exports.report_html`;
all three lay out `exports.report_common.ReportModel`, parts chosen by its `parts`): title and
facts, 1. Purpose of report, 2. Background (optional), 3. Main report (per section its radar chart,
table, commentary, guidance; then the overall pattern, the change since a baseline round and
the trend over several rounds, when given),
4. Financial Implications, 5. Recommendations, the closing block, the action plan (Appendix 5:
Action Sheet, in the Action Sheet's columns as the plan CSV has them) and the notes.

Built for a council to restyle or paste into its own template: headings use Word's built-in
"Title" and "Heading 1-4" styles, lists "List Bullet", tables are Word tables in one table style
(`TABLE_STYLE`, header row repeated on each page), captions "Caption". Each radar chart is a PNG
picture (with alt text) drawn from the same chart as the HTML report's SVG (`exports.svg.radar_svg`,
plan and baseline polygons and the legend included), rasterised by resvg (resvg-py: a
self-contained wheel, no system library) with the Liberation Sans font shipped in
`exports/fonts/` (OFL), so labels render on a machine with no fonts installed; fonts the machine
has only fill in characters that font lacks.

Each part of the document is one function `(Writer) -> None` listed in `PARTS`, in template
order; the main report's subsections are listed in `MAIN_PARTS`. Adding a section is adding a
function to one of those lists. python-docx and resvg-py are imported only when a report is
written. All text is plain model text (control characters already made visible); python-docx
escapes it for XML.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from accord_partnership.engine.model import ReportTemplate
from accord_partnership.engine.report_settings import ReportDetails, report_template
from accord_partnership.exports import report_closing, report_common
from accord_partnership.exports.report_change import ChangeView
from accord_partnership.exports.report_common import Guide, RadarChart, ReportModel, SectionView
from accord_partnership.exports.report_text import clean, fmt, fmt_mean, nouns
from accord_partnership.exports.textsafe import visible

if TYPE_CHECKING:  # pragma: no cover
    from docx.document import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

#: The Word table style of every data table (a built-in style of Word's default template), and the
#: paragraph styles of the text and the figures in its cells (Accord's own, based on "Normal").
TABLE_STYLE = "Light Grid Accent 1"
TABLE_TEXT = "Table Text"
TABLE_FIGURE = "Table Figure"
#: The font the chart pictures are drawn with, shipped beside this module.
CHART_FONT = Path(__file__).parent / "fonts" / "LiberationSans-Regular.ttf"
CHART_FONT_FAMILY = "Liberation Sans"

_TEXT_WIDTH_CM = 17.0  # A4 less 2 cm margins
_RADAR_PX = 520  # the SVG's width, as in the HTML report
_RADAR_CM = 14.0
_BARS_PX = 320
_BARS_CM = 7.0
_ZOOM = 2  # PNG pixels per SVG pixel: ~190 dpi at the sizes above
_TABLE_PT = 9
_NUM_CM = 1.3  # a numeric column's width
_CELL_MARGIN_CM = 0.1  # left and right padding in table cells (Word's default is 0.19)
_KEEP_ROWS = 30  # tables of up to this many rows are kept on one page


# ---------------------------------------------------------------------------------------------
# Pictures


def svg_png(svg: str, *, system_fonts: bool = True) -> bytes:
    """A PNG of one `<svg>` element (white background), rendered by resvg with the shipped font.

    The font is given as a file and named as the sans-serif family, so charts look the same on
    every machine; the machine's own fonts (unless `system_fonts` is False) supply only glyphs
    it lacks. (resvg with no font at all draws no text, silently.)"""
    import resvg_py

    png = resvg_py.svg_to_bytes(svg_string=svg, zoom=_ZOOM, background="white", font_files=[str(CHART_FONT)],
                                skip_system_fonts=not system_fonts, font_family=CHART_FONT_FAMILY,
                                sans_serif_family=CHART_FONT_FAMILY)
    return bytes(png)


def radar_png(chart: RadarChart, threshold: float) -> tuple[bytes, str]:
    """The radar as PNG bytes and its alt text: the HTML report's SVG chart (`radar_svg`), its
    polygons, markers, value labels and legend, rasterised."""
    from accord_partnership.exports.svg import radar_svg

    svg = radar_svg(chart.axes, chart.series, scale_min=chart.scale_min, scale_max=chart.scale_max, size=_RADAR_PX,
                    title=chart.title, threshold=threshold)
    return svg_png(svg), _svg_desc(svg, chart.title)


def _svg_desc(svg: str, title: str) -> str:
    """Alt text for a picture: its title and the chart's own description (every figure drawn)."""
    import html

    found = re.search(r"<desc>(.*?)</desc>", svg, re.S)
    desc = html.unescape(found.group(1)) if found else ""
    return f"{title}. {desc}" if desc else title


# ---------------------------------------------------------------------------------------------
# The writer: the document and what every part needs


@dataclass
class Writer:
    """The document being written and what every part of it reads."""

    doc: Document
    model: ReportModel
    template: ReportTemplate
    details: ReportDetails
    date: str
    pictures: list[str] = field(default_factory=list)  # alt text of each picture, in order

    # --- text ---------------------------------------------------------------------------
    def heading(self, text: str, level: int) -> Paragraph:
        p: Paragraph = self.doc.add_heading(clean(text), level)
        return p

    def para(self, text: str = "", *, style: str | None = None, bold: bool = False, italic: bool = False) -> Paragraph:
        """One paragraph of plain text (line breaks inside `text` kept as breaks)."""
        p = self.doc.add_paragraph(style=style)
        _add_text(p, text, bold=bold, italic=italic)
        return p

    def label_para(self, label: str, text: str) -> Paragraph:
        """ "Label: text" with the label bold."""
        p = self.doc.add_paragraph()
        p.add_run(clean(label) + ": ").bold = True
        _add_text(p, text or report_closing.BLANK)
        return p

    def bullets(self, items: Sequence[str]) -> None:
        for item in items:
            self.para(item, style="List Bullet")

    def paragraphs(self, text: str) -> None:
        """Toolkit or user text: blank-line paragraphs and "- " bullets."""
        para: list[str] = []
        for line in visible(text).split("\n"):
            stripped = line.strip()
            if stripped.startswith("- ") or not stripped:
                if para:
                    self.para(" ".join(para))
                    para = []
                if stripped:
                    self.para(stripped[2:], style="List Bullet")
            else:
                para.append(stripped)
        if para:
            self.para(" ".join(para))

    def blank(self) -> None:
        """A space to complete by hand."""
        self.para(report_closing.BLANK)

    # --- pictures -----------------------------------------------------------------------
    def picture(self, png: bytes, alt: str, width_cm: float, *, paragraph: Paragraph | None = None) -> None:
        from docx.shared import Cm

        p = paragraph if paragraph is not None else self.doc.add_paragraph()
        shape = p.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
        doc_pr = shape._inline.docPr  # the picture's name and alt text (read by screen readers)
        doc_pr.set("name", f"Chart {len(self.pictures) + 1}")
        doc_pr.set("descr", clean(alt))
        self.pictures.append(clean(alt))

    def radar(self, chart: RadarChart | None) -> None:
        """A radar picture (none for None), centred, kept on the page with its caption below."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        if chart is None:
            return
        png, alt = radar_png(chart, self.model.threshold)
        p = self.doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        self.picture(png, alt, _RADAR_CM, paragraph=p)
        caption = self.para(chart.title, style="Caption")
        caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if chart.plan.note:
            self.para(chart.plan.note, italic=True)

    # --- tables -------------------------------------------------------------------------
    def table(self, heads: Sequence[str], rows: Sequence[Sequence[str]], *, numeric: Sequence[bool] | None = None,
              widths: Sequence[float] | None = None, bold_rows: Sequence[bool] | None = None,
              row_height_pt: float | None = None, first_column_bold: bool = False) -> Table:
        """A Word table in `TABLE_STYLE`: a header row of `heads` (repeated across pages; none
        when `heads` is empty), `rows` of plain text, numeric columns right-aligned, column
        `widths` in cm (default: the text columns share what numeric columns leave)."""
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.shared import Cm, Pt

        n = len(heads) or len(rows[0])
        numeric = list(numeric) if numeric is not None else [False] + [True] * (n - 1)
        widths = _widths(numeric) if widths is None else list(widths)
        if sum(widths) > _TEXT_WIDTH_CM:  # many scale points or targets: shrink every column alike
            widths = [x * _TEXT_WIDTH_CM / sum(widths) for x in widths]
        header = 1 if heads else 0
        table: Table = self.doc.add_table(rows=header + len(rows), cols=n)
        table.style = self.doc.styles[TABLE_STYLE]
        _table_look(table, header_row=bool(header), first_column=first_column_bold)
        _cell_margins(table, _CELL_MARGIN_CM)
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for k, w in enumerate(widths):
            table.columns[k].width = Cm(w)
        grid = table._cells  # computed once: `row.cells` recomputes the whole grid on each call
        text_style, figure_style = self.doc.styles[TABLE_TEXT], self.doc.styles[TABLE_FIGURE]
        # a table of a page or less stays on one page (the styles keep each row with the next)
        last_kept = len(table.rows) - 1 if len(table.rows) <= _KEEP_ROWS else -1
        for r, (row, cells) in enumerate(zip(table.rows, [list(heads)] * header + [list(row) for row in rows])):
            is_head = r < header
            _row_props(row, header=is_head)
            if row_height_pt and not is_head:
                row.height = Pt(row_height_pt)
            for k, text in enumerate(cells):
                cell = grid[r * n + k]
                cell.width = Cm(widths[k])
                p = cell.paragraphs[0]
                p.style = figure_style if numeric[k] else text_style
                if r >= last_kept:
                    p.paragraph_format.keep_with_next = False
                bold = is_head or (first_column_bold and k == 0) or bool(bold_rows and not is_head and bold_rows[r - header])
                _add_text(p, text, bold=bold)
        self.para("").paragraph_format.space_after = Pt(2)  # keep the next table or heading apart
        return table


def _add_text(p: Paragraph, text: str, *, bold: bool = False, italic: bool = False) -> None:
    """Plain text into a paragraph; each "\\n" a line break (so notes keep their lines)."""
    run = None
    for line in visible(str(text or "")).split("\n"):
        if run is not None:
            run.add_break()
        run = p.add_run(line)
        if bold:
            run.bold = True
        if italic:
            run.italic = True


def _widths(numeric: Sequence[bool]) -> list[float]:
    """Column widths (cm) filling the text width: numeric columns narrow, text columns share the rest."""
    text_cols = sum(not n for n in numeric) or 1
    rest = max(_TEXT_WIDTH_CM - _NUM_CM * sum(numeric), 3.0 * text_cols)
    return [_NUM_CM if n else rest / text_cols for n in numeric]


def _table_look(table: Table, *, header_row: bool, first_column: bool) -> None:
    """Which parts of the table style apply: the header row's, never the last row's or column's;
    the first column's emphasis only where asked (a row-label table)."""
    from docx.oxml.ns import qn

    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is None:
        return
    val = 0x0400 | (0x0020 if header_row else 0) | (0x0080 if first_column else 0)  # 0x0400: no vertical banding
    look.set(qn("w:val"), f"{val:04X}")
    look.set(qn("w:firstRow"), "1" if header_row else "0")
    look.set(qn("w:firstColumn"), "1" if first_column else "0")


def _cell_margins(table: Table, cm: float) -> None:
    """The table's left and right cell padding, so that narrow numeric columns fit their headings."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(round(cm * 567)))  # twentieths of a point
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema's order: ... tblCellMar, tblLook
    else:
        table._tbl.tblPr.append(margins)


def _row_props(row: object, *, header: bool) -> None:
    """A row never splits across pages; the header row repeats on each page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        tr_pr.append(el)


# ---------------------------------------------------------------------------------------------
# The parts, in template order


def _title(w: Writer) -> None:
    m = w.model
    w.doc.add_heading(m.title, 0)
    w.para(" · ".join(clean(f) for f in report_common.header_facts(m, w.date)), style="Subtitle")
    if m.single:
        w.para("These are one respondent's own scores, not merged partnership results.", bold=True)


def _purpose(w: Writer) -> None:
    m, noun = w.model, w.model.section_noun
    w.heading(w.template.purpose, 1)
    w.paragraphs(m.purpose_intro)
    w.bullets(m.purpose_items)
    w.para(f"The {m.framework_title} is made up of {len(m.covering)} {noun}s, covering:")
    w.bullets(m.covering)
    if m.single:
        w.para(f"These {noun}s have been scored by one respondent, and this report sets out what those scores show. "
               + m.presented)
    else:
        w.para(f"These {noun}s have been scored by {m.respondents} members of the partnership and this report "
               "sets out the main findings and recommendations for action. " + m.presented)


def _background(w: Writer) -> None:
    w.heading(w.template.background, 1)
    if w.model.background:
        w.paragraphs(w.model.background)
        return
    if w.template.background_hint:
        w.para(w.template.background_hint, italic=True)
    w.blank()


def _main(w: Writer) -> None:
    w.heading(w.template.main, 1).paragraph_format.page_break_before = True
    main = report_closing.main_number(w.template)
    for number, view in enumerate(w.model.sections, 1):
        _section(w, view, f"{main}.{number}")
    number = len(w.model.sections)
    for part in MAIN_PARTS:
        if part(w, f"{main}.{number + 1}"):
            number += 1


def _financial(w: Writer) -> None:
    w.heading(w.template.financial, 1)
    if w.details.financial:
        w.paragraphs(w.details.financial)
    else:
        w.blank()


def _recommendations(w: Writer) -> None:
    m, t = w.model, w.template
    w.heading(t.recommendations, 1)
    w.para(t.weaknesses)
    w.bullets(m.weaknesses)
    w.para(t.action_plan)
    q = m.questions
    if q is not None and q.items:
        w.heading(q.title, 3)
        w.bullets(q.items)


def _closing(w: Writer) -> None:
    end = report_closing.closing(w.template, w.details, has_notes=bool(w.model.notes), single=w.model.single)
    for label, value in end.author:
        w.label_para(label, value).paragraph_format.keep_with_next = True  # with the block below
    w.table([], [[label, "\n".join(values)] for label, values in end.rows], numeric=[False, False],
            widths=[5.5, _TEXT_WIDTH_CM - 5.5], first_column_bold=True)


def _action_plan(w: Writer) -> None:
    m = w.model
    w.heading(report_closing.action_sheet_heading(w.template), 1)  # kept with its table; no forced page break (no near-empty page)
    if not m.plan_given or not any(row.details or any(row.cells[2:]) for row in m.actions):
        intro = w.para(f"No actions have been agreed yet. Record the {nouns(m.item_noun)} the partnership wants to improve:")
        intro.paragraph_format.keep_with_next = True
        height: float | None = 28.0  # room to write by hand
    else:
        height = None
    # the Action Sheet's columns (engine.plan.ACTION_SHEET_COLUMNS, as the plan CSV has them)
    numeric = [c in ("Score", "Score at target") for c in m.action_columns]
    widths = [2.6, 2.8, 3.6, 2.8, 1.4, 2.2, 1.6]
    w.table(m.action_columns, [row.cells for row in m.actions], numeric=numeric,
            widths=widths if len(widths) == len(numeric) else None, row_height_pt=height)
    for row in m.actions:
        if row.details:
            w.heading(f"{row.cells[1] or row.cells[0]}: {row.cells[2]}", 3)
            for label, text in row.details:
                w.label_para(label, text)


def _notes(w: Writer) -> None:
    if not w.model.notes:
        return
    w.heading(report_closing.notes_heading(w.model.single), 1)
    for section_title, groups in w.model.notes:
        w.heading(section_title, 2)
        for group in groups:
            w.heading(group.heading, 3)
            w.bullets(group.notes)


def _source(w: Writer) -> None:
    m = w.model
    _keep_with_what_follows(w)
    legend = m.framework.own_legend()
    source = w.para(f"Source: {m.source}. {m.attribution}", italic=True)
    source.paragraph_format.keep_together = True
    source.paragraph_format.keep_with_next = bool(legend)
    if legend:
        w.para(legend, italic=True).paragraph_format.keep_together = True


def _keep_with_what_follows(w: Writer, paragraphs: int = 6) -> None:
    """The end of the last part (back to its Heading 1, at most `paragraphs` paragraphs; tables
    among them whole) is kept on the page of what comes next, so the closing lines never stand
    alone on a last page."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    left = paragraphs
    for el in reversed(list(w.doc.element.body)):
        if el.tag == qn("w:tbl"):
            for p_el in el.iter(qn("w:p")):
                Paragraph(p_el, w.doc._body).paragraph_format.keep_with_next = True
        elif el.tag == qn("w:p"):
            p = Paragraph(el, w.doc._body)
            p.paragraph_format.keep_with_next = True
            left -= 1
            if left <= 0 or p.style is not None and p.style.name == "Heading 1":
                return


# --- 3. Main report: its subsections ------------------------------------------------------


def _section(w: Writer, view: SectionView, number: str) -> None:
    m = w.model
    w.heading(f"{number} {view.title}", 2)
    scale = view.scale
    w.radar(report_common.section_radar(m, view))
    if view.rated and scale is not None and m.parts.item_tables:
        _item_table(w, view)
    if view.yesno:
        if m.single:
            w.table(["Question", "Answer"], [[i.title, "yes" if i.yes else "no" if i.no else "–"] for i in view.yesno])
        else:
            w.table(["Question", "Yes", "No", "% yes"],
                    [[i.title, str(i.yes), str(i.no), fmt(i.pct_yes, 0) + ("%" if i.pct_yes is not None else "")]
                     for i in view.yesno])
    if view.commentary:
        w.heading("Commentary", 3)
        w.para(" ".join(view.commentary))
    for question, notes in report_closing.open_answers(view) if m.parts.open_answers else []:
        w.heading(question.title, 3)
        if question.text and question.text != question.title:
            w.para(question.text, italic=True)
        if notes:
            w.bullets(notes)
        else:
            w.para(report_closing.NO_OPEN_ANSWERS)
    if view.agreed:
        w.heading("Agreed scores", 3)
        w.bullets([f"{clean(item.title)}: {'N/A' if view.agreed[item.item_id][0] is None else view.agreed[item.item_id][0]}"
                   + (f" ({view.agreed[item.item_id][1]})" if view.agreed[item.item_id][1] else "")
                   for item in view.rated if item.item_id in view.agreed])
    _guidance(w, view.guidance)
    if view.disagreements and scale is not None and not m.single and m.parts.answer_bars:
        _answer_bars(w, view)


def _item_table(w: Writer, view: SectionView) -> None:
    m = w.model
    scale = view.scale
    assert scale is not None
    extra_heads, plan_cells = report_common.plan_columns(view)
    rows = []
    for item, extra in zip(view.rated, plan_cells):
        if m.single:
            score = "N/A" if item.mean is None and item.n_na else fmt(item.mean, 0)
            rows.append([item.title, score, report_common.own_descriptor(view, item), *extra])
            continue
        if item.withheld or not item.counts:
            counts, spread = [""] * len(scale.points), ["", ""]
        else:
            counts, spread = [str(c) for c in item.counts], [f"{item.min}–{item.max}", fmt(item.sd)]
        rows.append([item.title, "withheld" if item.withheld else fmt_mean(item.mean, m.threshold), *spread, *counts,
                     "" if item.withheld else str(item.n_na), *extra])
    noun = m.item_noun.capitalize()
    if m.single:
        w.table([noun, "Score", "What this score says", *extra_heads], rows,
                numeric=[False, True, False] + [True] * len(extra_heads))
        return
    heads = [noun, "Mean", "Range", "SD", *[str(p) for p in scale.points], clean(scale.na_label), *extra_heads]
    widths = [1.3, 1.4, 1.1] + [0.8] * len(scale.points) + [1.1] + [1.6] * len(extra_heads)
    w.table(heads, rows, widths=[max(_TEXT_WIDTH_CM - sum(widths), 3.5), *widths])
    note = report_common.withheld_note(view.rated + view.yesno, m.min_group)
    if note:
        w.para(note, italic=True)


def _guidance(w: Writer, guides: Sequence[Guide]) -> None:
    if not guides:
        return
    w.heading("Guidance from the toolkit", 3)
    for g in guides:
        lines = [line.strip() for line in visible(g.message).split("\n") if line.strip()]
        head, rest = (lines[0], lines[1:]) if lines else ("", [])
        w.para(head.removeprefix("- "), style="List Bullet")
        for line in rest:
            w.para(line.removeprefix("- "), style="List Bullet 2")
        if g.items:
            w.para("For: " + ", ".join(g.items), style="List Bullet 2")
        if g.tools:
            w.para("See: " + "; ".join(g.tools), style="List Bullet 2")


def _answer_bars(w: Writer, view: SectionView) -> None:
    """The answers to the items where members disagree most, as bar pictures two to a row."""
    from docx.shared import Pt

    from accord_partnership.exports.svg import bars_svg

    scale = view.scale
    assert scale is not None
    items = [i for i in view.disagreements if i.counts]
    if not items:
        return
    w.heading("Answers where members disagree most", 3)
    grid = w.doc.add_table(rows=(len(items) + 1) // 2, cols=2)
    grid.autofit = False
    for k, item in enumerate(items):
        cell = grid.rows[k // 2].cells[k % 2]
        svg = bars_svg(dict(zip(scale.points, item.counts)), scale_min=scale.min, scale_max=scale.max, n_na=item.n_na,
                       labels=report_common.level_labels(scale), width=_BARS_PX, title=clean(item.title))
        title = cell.paragraphs[0]
        title.style = w.doc.styles[TABLE_TEXT]
        title.paragraph_format.keep_with_next = False  # (in a cell, Writer keeps the whole table together)
        _add_text(title, item.title, bold=True)
        w.picture(svg_png(svg), _svg_desc(svg, f"Answers to {clean(item.title)}"), _BARS_CM, paragraph=cell.add_paragraph())
    for row in grid.rows:
        _row_props(row, header=False)
    w.para("").paragraph_format.space_after = Pt(2)


def _overall(w: Writer, number: str) -> bool:
    m = w.model
    ov = m.overall
    w.heading(f"{number} {w.template.overall or 'Overall pattern'}", 2)
    w.radar(report_common.overall_radar(m))
    rows = []
    for view in m.sections:
        if not view.rated:
            continue
        low = view.stats.lowest
        rows.append([view.title, fmt_mean(view.stats.mean, m.threshold),
                     f"{clean(low.title)} ({fmt_mean(low.mean, m.threshold)})" if low else ""])
    if rows:
        w.table([m.section_noun.capitalize(), "Average", f"Lowest {m.item_noun}"], rows, numeric=[False, True, False],
                widths=[6.0, 2.0, _TEXT_WIDTH_CM - 8.0])
    if ov.commentary:
        w.heading("Commentary", 3)
        w.para(" ".join(ov.commentary))
    _guidance(w, ov.guidance)
    return True


def _changes(w: Writer, number: str) -> bool:
    """"Change since the baseline round" (only with a baseline): a table per section, the paired view."""
    cmp = w.model.comparison
    if cmp is None:
        return False
    w.heading(f"{number} Change since the baseline round", 2)
    intro = (f"{cmp.all.label.capitalize()}: {cmp.all.counts}. A change is the follow-up mean minus the "
             "baseline mean; a change in spread is the change in standard deviation (SD): below zero, members "
             "agree more closely than they did.")
    if cmp.all.targets:
        intro += " Target met: the follow-up mean reaches the 12-month target where one is set, else the 6-month one."
    w.para(intro)
    _change_view(w, cmp.all, 3)
    if cmp.paired_asked:
        w.heading("Paired view: members in both rounds", 3)
        if cmp.paired_note:
            w.para(cmp.paired_note[:1].upper() + cmp.paired_note[1:] + ".")
        if cmp.paired is not None:  # shown, or withheld with the reason
            if not cmp.paired.withheld:
                w.para(f"Only the members who answered both rounds: {cmp.paired.counts}.")
            _change_view(w, cmp.paired, 4)
    return True


def _change_view(w: Writer, view: ChangeView, level: int) -> None:
    cmp = w.model.comparison
    assert cmp is not None
    if view.withheld:
        w.para(f"Withheld: {view.withheld}.", bold=True)
        return
    if not view.sections:
        w.para("Neither round has scores to compare.")
        return
    heads = [w.model.item_noun.capitalize(), "Baseline", "Follow-up", "Change", "SD change"]
    heads += ["Target met"] if view.targets else []
    numeric = [False, True, True, True, True] + ([False] if view.targets else [])
    widths = [_TEXT_WIDTH_CM - 4 * 1.9 - 2.2 * bool(view.targets)] + [1.9] * 4 + [2.2] * bool(view.targets)
    for section in view.sections:
        w.heading(section.title, level)
        rows = [[row.title, row.base, row.follow, row.change, row.sd_change, *([row.target] if view.targets else [])]
                for row in section.rows]
        w.table(heads, rows, numeric=numeric, widths=widths, bold_rows=[row.average for row in section.rows])
        if section.withheld:
            w.para(f"Figures not shown where fewer than {cmp.min_group} people answered in a round: "
                   + "; ".join(section.withheld) + ".")
        if section.actions:
            w.para("Actions and whether their features moved:")
            w.bullets(section.actions)


def _trend(w: Writer, number: str) -> bool:
    """"Trend over the rounds" (only with `--rounds`): the overall table and its line chart, per
    scorecard too at full detail (`exports.trend_report`: the strings of every format)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from accord_partnership.exports.trend_svg import trend_svg

    trend = w.model.trend
    if trend is None:
        return False
    w.heading(f"{number} Trend over the rounds", 2)
    w.para(trend.intro)
    w.bullets(trend.round_lines)
    tables = [trend.overall] + (trend.sections if w.model.parts.item_tables else [])
    for tt in tables:
        w.heading(tt.title, 3)
        first = w.model.section_noun.capitalize() if tt is trend.overall else w.model.item_noun.capitalize()
        heads = trend.headers(tt, first)
        rows = [[f"{row.key}. {row.title}" if row.key else row.title, *row.values, row.change, *row.targets] for row in tt.rows]
        figures = [1.4] * len(trend.rounds) + [1.6] + [2.4] * len(tt.months)
        w.table(heads, rows, bold_rows=[row.average for row in tt.rows], widths=[_TEXT_WIDTH_CM - sum(figures), *figures])
        if tt.charted:
            title = f"{tt.title}: averages per round"
            svg = trend_svg(trend.rounds, tt.lines, scale_min=tt.scale_min, scale_max=tt.scale_max, title=title)
            p = w.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            p.paragraph_format.keep_with_next = True
            w.picture(svg_png(svg), _svg_desc(svg, title), _RADAR_CM, paragraph=p)
            caption = "Each line is marked with its letter in the table"
            if any(line.target is not None for line in tt.lines):
                caption += "; lower-case letters: the latest target set (12 months if any, else 6)"
            w.para(caption + ".", style="Caption").alignment = WD_ALIGN_PARAGRAPH.CENTER
    return True


#: The main report's subsections after the per-section ones, in order: each `(writer, "3.N")`
#: writes its part and says whether it wrote one (so numbering runs on without gaps).
MAIN_PARTS: list[Callable[[Writer, str], bool]] = [_overall, _changes, _trend]

#: The document's parts in template order; each writes itself.
PARTS: list[Callable[[Writer], None]] = [
    _title, _purpose, _background, _main, _financial, _recommendations, _closing, _action_plan, _notes, _source,
]



def _page_setup(doc: Document, model: ReportModel, details: ReportDetails) -> None:
    """A4 with 2 cm margins; document properties from the report."""
    from docx.shared import Cm, Pt

    for section in doc.sections:
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.size = Pt(10.5)
    _table_styles(doc)
    props = doc.core_properties
    props.title = clean(model.title)[:255]
    props.subject = clean(model.framework_title)[:255]
    props.author = clean(details.author)[:255] or "Accord"
    props.comments = "Written by Accord (accord report --format docx)."
    _fresh_package_metadata(doc, props.author)


def _fresh_package_metadata(doc: Document, author: str) -> None:
    """python-docx's blank document carries its template's metadata: created 2013 by "python-docx",
    "Microsoft Macintosh Word" as the application, and a thumbnail of an empty page. A council's
    file list must show this report's own: created and modified now (UTC), by `author`, no thumbnail,
    Accord as the application."""
    from datetime import datetime, timezone

    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    props = doc.core_properties
    now = datetime.now(timezone.utc).replace(microsecond=0)
    props.created = props.modified = now
    props.last_modified_by = author
    props.revision = 1
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package.rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            part = rel.target_part
            part._blob = re.sub(rb"<Application>[^<]*</Application>", b"<Application>Accord</Application>", part.blob)  # noqa: SLF001


def _table_styles(doc: Document) -> None:
    """ "Table Text" (9 pt, no spacing, kept with the next row) and "Table Figure" (the same,
    right-aligned): one place to restyle every table's text."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    text = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = doc.styles["Normal"]
    text.font.size = Pt(_TABLE_PT)
    fmt = text.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.keep_with_next = True
    figure = doc.styles.add_style(TABLE_FIGURE, WD_STYLE_TYPE.PARAGRAPH)
    figure.base_style = text
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT


def build_document(model: ReportModel, *, date: str = "", details: ReportDetails | None = None) -> Writer:
    """The report as a python-docx `Document`, inside the `Writer` that wrote it (its `pictures`
    list the alt text of each chart). Parts in `PARTS` order."""
    import docx

    w = Writer(docx.Document(), model, report_template(model.framework), details or ReportDetails(), date)
    _page_setup(w.doc, model, w.details)
    for part in PARTS:
        part(w)
    return w


def report_docx(model: ReportModel, *, date: str = "", details: ReportDetails | None = None) -> bytes:
    """The report as the bytes of a .docx file (see the module docstring for its layout)."""
    buffer = io.BytesIO()
    build_document(model, date=date, details=details).doc.save(buffer)
    return buffer.getvalue()
