"""The committee report as one self-contained HTML file that prints cleanly on A4.

Same content and order as the Markdown report (`exports.report_md`, both built from
`exports.report_common.ReportModel`): every section of the toolkit's reporting template in its
words and numbering — purpose, background (optional), main report (one section per scorecard with
its radar chart, table, commentary, guidance and a bar chart of the answers to each item, then the
overall pattern with an aggregate radar), financial implications, recommendations, the author and
the Appendices / Related Reports / Contact Details / National Outcomes block — then the action
plan (Appendix 5: Action Sheet) and notes, unattributed.

Layout lives in Jinja2 templates (`exports/templates/*.html.j2`) and the stylesheet in
`exports/templates/report.css`, both package data read with `importlib.resources` (so they are
found in an installed wheel too). This module only turns the model into plain values for the
templates (tables as rows of cells, charts as figures).

Escaping, one policy: the environment autoescapes every `{{ slot }}`, and its `finalize` first
passes every plain string through `exports.report_text.clean` (one line, control and bidi
characters made visible). The only markup that reaches a slot unescaped (`markupsafe.Markup`) is
made by our own escaping code: the SVG charts of `exports.svg` (which escape every text), the
stylesheet file, and multi-line notes whose lines `Markup.join` escapes (`_note_lines`).

Self-contained: inline CSS and inline SVG, no scripts, no external resources (no stylesheet
links, fonts or images; web addresses from the framework are printed as text).

Jinja2 is imported on first use (a report being written), never on the TUI's start path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from accord_partnership.engine.report_settings import ReportDetails, report_template
from accord_partnership.exports import report_closing, report_common
from accord_partnership.exports.report_change import ChangeView
from accord_partnership.exports.report_common import Guide, RadarChart, ReportModel, SectionView
from accord_partnership.exports.report_text import clean, fmt, fmt_mean, nouns
from accord_partnership.exports.svg import bars_svg, radar_svg
from accord_partnership.exports.textsafe import visible

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Environment
    from markupsafe import Markup

__all__ = ["report_html", "stylesheet"]

#: The page the templates start from (the others are imported by it).
_PAGE = "report.html.j2"


# ---------------------------------------------------------------------------------------------
# What the templates lay out: plain text (escaped by the templates) and our own SVG markup


@dataclass
class Cell:
    """One table cell: plain text (escaped when rendered) and a CSS class ("num", "low"...)."""

    text: str | int
    cls: str = ""


@dataclass
class Table:
    headers: list[Cell]
    rows: list[list[Cell]]
    cls: str = ""


@dataclass
class Figure:
    """A chart: SVG from `exports.svg` (it escapes all its text) and a plain-text caption."""

    svg: Markup
    caption: str
    note: str = ""  # a second caption line (what the radar leaves out)


@dataclass
class OpenAnswers:
    title: str
    hint: str  # the question's wording when it differs from its title
    notes: list[str]
    empty: str = report_closing.NO_OPEN_ANSWERS


@dataclass
class SectionPart:
    """One scorecard's part of "3. Main report"."""

    number: int  # 1-based: the element id, and whether a page break comes before it
    heading: str  # "3.2 Partnership Working"
    radar: Figure | None = None
    items: Table | None = None
    withheld: str = ""  # why some figures are not shown (small groups)
    yesno: Table | None = None
    commentary: str = ""
    open_answers: list[OpenAnswers] = field(default_factory=list)
    agreed: list[str] = field(default_factory=list)  # "Trust: 3 (discussed at length)"
    guidance: list[Guide] = field(default_factory=list)
    bars_heading: str = ""
    bars_per_row: int = 2
    bars: list[Figure] = field(default_factory=list)


@dataclass
class OverallPart:
    heading: str
    radar: Figure | None
    table: Table | None
    commentary: str
    guidance: list[Guide]


@dataclass
class ChangeTable:
    title: str
    table: Table
    withheld: str  # the items whose figures are not shown ("" for none)
    actions: list[str]


@dataclass
class ChangePart:
    """A `ChangeView` (all members, or the paired members) laid out: withheld, empty, or tables."""

    withheld: str = ""
    empty: bool = False
    tables: list[ChangeTable] = field(default_factory=list)


@dataclass
class ChangesPart:
    heading: str
    intro: str
    all: ChangePart
    paired_asked: bool
    paired_note: str
    paired_counts: str  # "" when the paired view is withheld or missing
    paired: ChangePart | None


@dataclass
class TrendBlock:
    """One table of the trend (the overall pattern, or a scorecard) with its line chart."""

    title: str
    table: Table
    chart: Figure | None


@dataclass
class TrendPart:
    heading: str
    intro: str
    rounds: list[str]  # "R1 2024: 7 respondents"
    blocks: list[TrendBlock]


@dataclass
class ActionDetails:
    heading: str
    fields: list[tuple[str, str]]


@dataclass
class ActionPart:
    heading: str
    empty: str  # the line said when no action has been agreed ("" otherwise)
    table: Table
    details: list[ActionDetails]


# ---------------------------------------------------------------------------------------------
# The environment


def _template_source(name: str) -> str | None:
    """A template or stylesheet shipped in `exports/templates` (package data), or None."""
    assert __package__, "accord_partnership.exports.report_html is a module of a package"
    path = resources.files(__package__) / "templates" / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def stylesheet() -> str:
    """The report's CSS (exports/templates/report.css), as the HTML file inlines it."""
    css = _template_source("report.css")
    if css is None:  # pragma: no cover - a broken installation
        raise FileNotFoundError("exports/templates/report.css is missing from the installed package")
    return css


def _finalize(value: object) -> object:
    """Every `{{ slot }}`: plain text made one line with control characters visible (then the
    environment escapes it); our own markup (`Markup`) and numbers pass as they are."""
    if value is None:
        return ""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return clean(value)
    return value


def _note_lines(text: str) -> Markup:
    """A multi-line note: control characters visible, each line escaped, line breaks kept."""
    from markupsafe import Markup

    return Markup("<br>").join(visible(text).strip().split("\n"))


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Toolkit or user text with blank-line paragraphs and "- " bullets, as ("p", [paragraph])
    and ("ul", [bullet, ...]) blocks of plain text."""
    out: list[tuple[str, list[str]]] = []
    bullets: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(("p", [" ".join(para)]))
            para.clear()
        if bullets:
            out.append(("ul", list(bullets)))
            bullets.clear()

    for line in visible(text).split("\n"):
        s = line.strip()
        if not s:
            flush()
        elif s.startswith("- "):
            if para:
                flush()
            bullets.append(s[2:])
        else:
            if bullets:
                flush()
            para.append(s)
    flush()
    return out


@lru_cache(maxsize=1)
def _environment() -> Environment:
    from jinja2 import Environment, FunctionLoader, StrictUndefined

    env = Environment(
        loader=FunctionLoader(_template_source),
        autoescape=True,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
        keep_trailing_newline=True,
    )
    env.filters["note_lines"] = _note_lines
    env.filters["blocks"] = _blocks
    return env


def _markup(svg: str) -> Markup:
    """SVG made by `exports.svg`, which escapes every piece of text it draws."""
    from markupsafe import Markup

    return Markup(svg)


# ---------------------------------------------------------------------------------------------
# The report



def report_html(model: ReportModel, *, date: str = "", details: ReportDetails | None = None) -> str:
    """The report as one HTML file, every section of the toolkit's reporting template in its words
    and numbering, with `details` (author, contacts...) in the template's spaces."""
    from markupsafe import Markup

    template = report_template(model.framework)
    details = details or ReportDetails()
    main = report_closing.main_number(template)
    n = len(model.sections)
    context = {
        "model": model,
        "template": template,
        "details": details,
        "css": Markup(stylesheet()),
        "facts": " · ".join(report_common.header_facts(model, date)),
        "noun": model.section_noun,
        "blank": report_closing.BLANK,
        "threshold": fmt(model.threshold),
        "sections": [_section(model, view, f"{main}.{view.number}") for view in model.sections],
        "overall": _overall(model, f"{main}.{n + 1}", template.overall),
        "changes": _changes(model, f"{main}.{n + 2}") if model.comparison is not None else None,
        "trend": _trend(model, f"{main}.{n + 2 + (model.comparison is not None)}") if model.trend is not None else None,
        "questions": model.questions if model.questions is not None and model.questions.items else None,
        "closing": report_closing.closing(template, details, has_notes=bool(model.notes), single=model.single),
        "action_plan": _action_plan(model, report_closing.action_sheet_heading(template)),
        "notes_heading": report_closing.notes_heading(model.single),
        "legend": model.framework.own_legend(),
    }
    return _environment().get_template(_PAGE).render(context)


def _mean_class(value: float | None, model: ReportModel, view: SectionView) -> str:
    return f"num {report_common.mean_band(value, model, view)}".strip()


def _radar(chart: RadarChart | None, threshold: float) -> Figure | None:
    if chart is None:
        return None
    svg = radar_svg(chart.axes, chart.series, scale_min=chart.scale_min, scale_max=chart.scale_max, size=520,
                    title=chart.title, threshold=threshold)
    return Figure(_markup(svg), chart.title, chart.plan.note)


def _section(model: ReportModel, view: SectionView, number: str) -> SectionPart:
    part = SectionPart(view.number, f"{number} {view.title}")
    scale = view.scale
    part.radar = _radar(report_common.section_radar(model, view), model.threshold)
    if view.rated and scale is not None and model.parts.item_tables:
        part.items = _item_table(model, view)
        if not model.single:
            part.withheld = report_common.withheld_note(view.rated + view.yesno, model.min_group)
    if view.yesno:
        if model.single:
            rows = [[Cell(i.title), Cell("yes" if i.yes else "no" if i.no else "–", "num")] for i in view.yesno]
            part.yesno = Table([Cell("Question"), Cell("Answer", "num")], rows)
        else:
            rows = [[Cell(i.title), Cell(i.yes, "num"), Cell(i.no, "num"),
                     Cell(fmt(i.pct_yes, 0) + ("%" if i.pct_yes is not None else ""), "num")] for i in view.yesno]
            part.yesno = Table([Cell("Question"), Cell("Yes", "num"), Cell("No", "num"), Cell("% yes", "num")], rows)
    part.commentary = " ".join(view.commentary)
    for question, notes in report_closing.open_answers(view) if model.parts.open_answers else []:
        hint = question.text if question.text and question.text != question.title else ""
        part.open_answers.append(OpenAnswers(question.title, hint, notes))
    for item in view.rated:
        if item.item_id in view.agreed:
            score, reason = view.agreed[item.item_id]
            part.agreed.append(f"{item.title}: {'N/A' if score is None else score}" + (f" ({reason})" if reason else ""))
    part.guidance = list(view.guidance)
    if scale is not None and view.rated and not model.single and model.parts.answer_bars:
        labels = report_common.level_labels(scale)
        part.bars_per_row = 2 if labels else 3  # the level's name beside its number needs the wider chart
        for item in view.rated:
            if not item.counts:
                continue
            svg = bars_svg(dict(zip(scale.points, item.counts)), scale_min=scale.min, scale_max=scale.max,
                           n_na=item.n_na, labels=labels, width=320 if labels else 240, title=clean(item.title))
            part.bars.append(Figure(_markup(svg), item.title))
        if part.bars:
            part.bars_heading = f"Answers per {model.item_noun}"
    return part


def _item_table(model: ReportModel, view: SectionView) -> Table:
    scale = view.scale
    assert scale is not None
    noun = model.item_noun.capitalize()
    plan_heads, plan_cells = report_common.plan_columns(view)
    extra_heads = [Cell(head, "num") for head in plan_heads]
    rows = []
    for item, cells in zip(view.rated, plan_cells):
        extra = [Cell(c, "num") for c in cells]
        if model.single:
            score = "N/A" if item.mean is None and item.n_na else fmt(item.mean, 0)
            rows.append([Cell(item.title), Cell(score, _mean_class(item.mean, model, view)),
                         Cell(report_common.own_descriptor(view, item)), *extra])
            continue
        if item.withheld or not item.counts:
            counts = [Cell("", "num") for _ in scale.points]
            spread = [Cell("", "num"), Cell("", "num")]
        else:
            counts = [Cell(c, "num") for c in item.counts]
            spread = [Cell(f"{item.min}–{item.max}", "num"), Cell(fmt(item.sd), "num")]
        mean = "withheld" if item.withheld else fmt_mean(item.mean, model.threshold)
        rows.append([Cell(item.title), Cell(mean, _mean_class(item.mean, model, view)), *spread, *counts,
                     Cell("" if item.withheld else item.n_na, "num"), *extra])
    if model.single:
        return Table([Cell(noun), Cell("Score", "num"), Cell("What this score says"), *extra_heads], rows, "items")
    heads = [Cell(noun), Cell("Mean", "num"), Cell("Range", "num"), Cell("SD", "num"),
             *[Cell(p, "num") for p in scale.points], Cell(scale.na_label, "num"), *extra_heads]
    return Table(heads, rows, "items")


def _overall(model: ReportModel, number: str, heading: str = "Overall pattern") -> OverallPart:
    ov = model.overall
    radar = _radar(report_common.overall_radar(model), model.threshold)
    rows = []
    for view in model.sections:
        if not view.rated:
            continue
        low = view.stats.lowest
        rows.append([Cell(view.title), Cell(fmt_mean(view.stats.mean, model.threshold), _mean_class(view.stats.mean, model, view)),
                     Cell(f"{low.title} ({fmt_mean(low.mean, model.threshold)})" if low else "")])
    table = Table([Cell(model.section_noun.capitalize()), Cell("Average", "num"), Cell(f"Lowest {model.item_noun}")],
                  rows) if rows else None
    return OverallPart(f"{number} {heading}", radar, table, " ".join(ov.commentary), list(ov.guidance))


def _trend(model: ReportModel, number: str) -> TrendPart:
    """"Trend over the rounds": the overall table and chart; per scorecard too at full detail
    (`exports.trend_report`, the same strings as the Markdown and Word reports)."""
    from accord_partnership.exports.trend_svg import trend_svg

    trend = model.trend
    assert trend is not None
    blocks = []
    tables = [trend.overall] + (trend.sections if model.parts.item_tables else [])
    for tt in tables:
        first = model.section_noun.capitalize() if tt is trend.overall else model.item_noun.capitalize()
        headers = [Cell(h, "" if k == 0 else "num") for k, h in enumerate(trend.headers(tt, first))]
        rows = [[Cell(f"{row.key}. {row.title}" if row.key else row.title, "avg" if row.average else ""),
                 *[Cell(v, "num") for v in [*row.values, row.change, *row.targets]]] for row in tt.rows]
        chart = None
        if tt.charted:
            caption = f"{tt.title}: the averages per round, each line marked with its letter in the table"
            if any(line.target is not None for line in tt.lines):
                caption += "; lower-case letters: the latest target set (12 months if any, else 6)"
            chart = Figure(_markup(trend_svg(trend.rounds, tt.lines, scale_min=tt.scale_min, scale_max=tt.scale_max,
                                             title=f"{tt.title}: averages per round")), caption + ".")
        blocks.append(TrendBlock(tt.title, Table(headers, rows), chart))
    return TrendPart(f"{number} Trend over the rounds", trend.intro, list(trend.round_lines), blocks)


def _changes(model: ReportModel, number: str) -> ChangesPart:
    """"Change since the baseline round": a table per section, the plan's actions, the paired view."""
    cmp = model.comparison
    assert cmp is not None
    intro = (f"{cmp.all.label.capitalize()}: {cmp.all.counts}. A change is the follow-up mean minus the "
             "baseline mean; a change in spread is the change in standard deviation (SD): below zero, members "
             "agree more closely than they did.")
    if cmp.all.targets:
        intro += " Target met: the follow-up mean reaches the 12-month target where one is set, else the 6-month one."
    paired = cmp.paired if cmp.paired_asked else None
    note = cmp.paired_note[:1].upper() + cmp.paired_note[1:] + "." if cmp.paired_note else ""
    return ChangesPart(
        heading=f"{number} Change since the baseline round",
        intro=intro,
        all=_change_view(model, cmp.all),
        paired_asked=cmp.paired_asked,
        paired_note=note,
        paired_counts=paired.counts if paired is not None and not paired.withheld else "",
        paired=_change_view(model, paired) if paired is not None else None,
    )


def _change_view(model: ReportModel, view: ChangeView) -> ChangePart:
    cmp = model.comparison
    assert cmp is not None
    if view.withheld:
        return ChangePart(withheld=view.withheld)
    if not view.sections:
        return ChangePart(empty=True)
    heads = [Cell(model.item_noun.capitalize()), Cell("Baseline", "num"), Cell("Follow-up", "num"), Cell("Change", "num"),
             Cell("SD change", "num")] + ([Cell("Target met")] if view.targets else [])
    tables = []
    for section in view.sections:
        rows = []
        for row in section.rows:
            avg = " avg" if row.average else ""
            move = "" if row.rising is None else " up" if row.rising else " down"
            cells = [Cell(row.title, avg.strip()), Cell(row.base, "num" + avg), Cell(row.follow, "num" + avg),
                     Cell(row.change, "num" + avg + move), Cell(row.sd_change, "num" + avg)]
            rows.append(cells + ([Cell(row.target, avg.strip())] if view.targets else []))
        withheld = "; ".join(section.withheld) if section.withheld else ""
        tables.append(ChangeTable(section.title, Table(heads, rows, "change"), withheld, list(section.actions)))
    return ChangePart(tables=tables)


def _action_plan(model: ReportModel, heading: str) -> ActionPart:
    empty = ""
    if not model.plan_given or not any(row.details or any(row.cells[2:]) for row in model.actions):
        empty = f"No actions have been agreed yet. Record the {nouns(model.item_noun)} the partnership wants to improve:"
    heads = [Cell(c, "num" if c in ("Score", "Score at target") else "") for c in model.action_columns]
    rows = [[Cell(c, "num" if k in (4, 6) else "") for k, c in enumerate(row.cells)] for row in model.actions]
    details = [ActionDetails(f"{row.cells[1] or row.cells[0]}: {row.cells[2]}", list(row.details))
               for row in model.actions if row.details]
    return ActionPart(heading, empty, Table(heads, rows, "plan"), details)
