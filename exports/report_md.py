"""The committee report as Markdown, following the SCSN Partnership Self Assessment Reporting Template.

Every section of the template, in its words and numbering (`engine.report_settings.report_template`):
title, 1. Purpose of report, 2. Background (optional), 3. Main report (one section per scorecard:
radar chart, table, commentary, the toolkit's guidance; then the overall pattern), 4. Financial
Implications, 5. Recommendations ("The key areas of weakness are currently: …"), Author Name / Job
Title, the Appendices / Background or Related Reports / Contact Details / National Outcomes block,
the action plan as Appendix 5 (Action Sheet) and the notes, unattributed. What Accord cannot fill
is a headed space to complete. Section headings follow the framework ("3.2 Partnership Working",
"3.2 PLAN" ...).

Charts are ASCII text in fenced ```text blocks, so they survive a paste into a word processor
(use a monospaced font there). All user and framework text is escaped: HTML's `<`, `>` and `&`
become entities and Markdown's punctuation gets a backslash, so a note can never become a link,
emphasis or raw HTML in a Markdown renderer; table cells are kept on one line with `|` escaped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from accord_partnership.engine.model import ReportTemplate
from accord_partnership.engine.report_settings import ReportDetails, report_template
from accord_partnership.exports import report_closing, report_common
from accord_partnership.exports.bars import distribution_bars
from accord_partnership.exports.radar import render_radar
from accord_partnership.exports.report_change import ChangeView
from accord_partnership.exports.report_common import Guide, RadarChart, ReportModel, SectionView
from accord_partnership.exports.report_text import clean, fmt, fmt_mean, nouns
from accord_partnership.exports.textsafe import visible
from accord_partnership.exports.trend_report import chart_lines

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_CHART_WIDTH = 78
_CHART_HEIGHT = 22


def md(text: object) -> str:
    """Untrusted text for a Markdown paragraph or cell: one line, escapes made visible, inert."""
    return md_inline(clean(text))


def md_inline(text: str, *, line_start: bool = True) -> str:
    """Escape already-safe text so that Markdown and HTML read it literally.

    With `line_start`, what would start a block at the beginning of a line is escaped too
    ("#" a heading, "-", "+" or "1." a list, "=" a heading underline)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return text
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", re.sub(r"^([-=+#])", r"\\\1", text))


def md_heading(text: object) -> str:
    """Text after a heading's "## ": inert, but "1. Purpose of report" keeps its number unescaped."""
    return md_inline(clean(text), line_start=False)


def md_cell(text: object) -> str:
    """A table cell: one line, inert, `|` escaped (block markers do not apply inside a cell)."""
    return md_inline(clean(text), line_start=False) or " "


def fence(lines: Sequence[str]) -> list[str]:
    """A ```text block longer than any backtick run inside it (so nothing can close it early)."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    marks = "`" * max(3, longest + 1)
    return [marks + "text", *lines, marks]


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: Sequence[str] | None = None) -> list[str]:
    """A Markdown table; cells must already be escaped (`md_cell`)."""
    align = align or ["l"] * len(headers)
    rule = ["---:" if a == "r" else ":---:" if a == "c" else "---" for a in align]
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(rule) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _paragraphs(text: str) -> list[str]:
    """Multi-line toolkit text: paragraphs and "- " bullets kept, every line escaped."""
    out: list[str] = []
    for line in visible(text).split("\n"):
        stripped = line.strip()
        if not stripped:
            if out and out[-1]:
                out.append("")
        elif stripped.startswith("- "):
            out.append("- " + md(stripped[2:]))
        else:
            out.append(md(stripped))
    return out


def report_markdown(model: ReportModel, *, date: str = "", details: ReportDetails | None = None) -> str:
    """The report, section by section as the toolkit's reporting template has it (its numbering,
    headings and fixed sentences), with `details` (author, contacts...) in the template's spaces."""
    template = report_template(model.framework)
    details = details or ReportDetails()
    out: list[str] = [f"# {md(model.title)}", ""]
    out += [" · ".join(md(f) for f in report_common.header_facts(model, date)), ""]
    if model.single:
        out += ["**These are one respondent's own scores, not merged partnership results.**", ""]

    out += [f"## {md_heading(template.purpose)}", ""]
    out += _paragraphs(model.purpose_intro) + [""]
    out += [f"- {md(item)}" for item in model.purpose_items] + [""]
    noun = model.section_noun
    out += [f"The {md(model.framework_title)} is made up of {len(model.covering)} {noun}s, covering:", ""]
    out += [f"- {md(title)}" for title in model.covering] + [""]
    if model.single:
        out += [f"These {noun}s have been scored by one respondent, and this report sets out what those scores show. "
                + md_inline(model.presented), ""]
    else:
        out += [f"These {noun}s have been scored by {model.respondents} members of the partnership and this report "
                "sets out the main findings and recommendations for action. " + md_inline(model.presented), ""]
    out += [f"## {md_heading(template.background)}", ""]
    if model.background:
        out += _paragraphs(model.background) + [""]
    else:
        out += ([f"*{md(template.background_hint)}*", ""] if template.background_hint else []) + [report_closing.BLANK, ""]
    main = report_closing.main_number(template)
    out += [f"## {md_heading(template.main)}", ""]
    for view in model.sections:
        out += _section(model, view, f"{main}.{view.number}")
    out += _overall(model, f"{main}.{len(model.sections) + 1}", template.overall)
    extra = len(model.sections) + 2
    if model.comparison is not None:
        out += _changes(model, f"{main}.{extra}")
        extra += 1
    if model.trend is not None:
        out += _trend(model, f"{main}.{extra}")
    out += [f"## {md_heading(template.financial)}", ""] + (_paragraphs(details.financial) if details.financial else [report_closing.BLANK]) + [""]
    out += [f"## {md_heading(template.recommendations)}", ""]
    out += [md(template.weaknesses), ""] + [f"- {md(w)}" for w in model.weaknesses] + [""]
    out += [md(template.action_plan), ""]
    q = model.questions
    if q is not None and q.items:
        out += [f"**{md(q.title)}**", ""] + [f"- {md(item)}" for item in q.items] + [""]
    end = report_closing.closing(template, details, has_notes=bool(model.notes), single=model.single)
    out += ["  \n".join(f"**{md(label)}:** {md(value) if value else report_closing.BLANK}" for label, value in end.author), ""]
    out += table([md_cell(end.rows[0][0]), md_cell("; ".join(end.rows[0][1]))],
                 [[md_cell(label), md_cell("; ".join(values))] for label, values in end.rows[1:]]) + [""]
    out += _action_plan(model, template)
    out += _notes(model)
    out += ["---", "", f"*Source: {md(model.source)}.* {md(model.attribution)}", ""]
    if model.framework.own_legend():
        out += [f"*{md(model.framework.own_legend())}*", ""]
    return "\n".join(out).rstrip() + "\n"



def _radar(chart: RadarChart | None, threshold: float) -> list[str]:
    if chart is None:
        return []
    out = fence(render_radar(chart.axes, chart.series, scale_min=chart.scale_min, scale_max=chart.scale_max,
                             width=_CHART_WIDTH, height=_CHART_HEIGHT, ascii=True, threshold=threshold,
                             full_names=True))
    return out + (["", f"*{md(chart.plan.note)}*"] if chart.plan.note else []) + [""]


def _section(model: ReportModel, view: SectionView, number: str) -> list[str]:
    out = [f"### {number} {md(view.title)}", ""]
    scale = view.scale
    out += _radar(report_common.section_radar(model, view), model.threshold)
    if view.rated and scale is not None and model.parts.item_tables:
        out += _item_table(model, view) + [""]
    if view.yesno:
        rows = []
        for i in view.yesno:
            if model.single:
                rows.append([md_cell(i.title), "yes" if i.yes else "no" if i.no else "–"])
            else:
                rows.append([md_cell(i.title), str(i.yes), str(i.no), fmt(i.pct_yes, 0) + ("%" if i.pct_yes is not None else "")])
        head = ["Question", "Answer"] if model.single else ["Question", "Yes", "No", "% yes"]
        out += table(head, rows, ["l"] + ["r"] * (len(head) - 1)) + [""]
    out += [" ".join(md(s) for s in view.commentary), ""] if view.commentary else []
    for question, notes in report_closing.open_answers(view) if model.parts.open_answers else []:
        out += [f"**{md(question.title)}**", ""]
        if question.text and question.text != question.title:
            out += [f"*{md(question.text)}*", ""]
        out += [f"- {md(n)}" for n in notes] if notes else [md(report_closing.NO_OPEN_ANSWERS)]
        out.append("")
    if view.disagreements and scale is not None and not model.single and model.parts.answer_bars:
        out += ["Answers where members disagree most:", ""]
        block: list[str] = []
        for item in view.disagreements:
            if not item.counts:
                continue
            block.append(clean(item.title))
            block += ["  " + line for line in distribution_bars(
                dict(zip(scale.points, item.counts)), scale_min=scale.min, scale_max=scale.max, n_na=item.n_na,
                labels=report_common.level_labels(scale), width=_CHART_WIDTH - 2, ascii=True, na_label=clean(scale.na_label))]
            block.append("")
        if block:
            out += fence(block[:-1]) + [""]
    if view.agreed:
        out += ["Agreed scores:", ""]
        for item in view.rated:
            if item.item_id in view.agreed:
                score, reason = view.agreed[item.item_id]
                shown = "N/A" if score is None else str(score)
                out.append(f"- {md(item.title)}: {shown}" + (f" ({md(reason)})" if reason else ""))
        out.append("")
    return out + _guidance(view.guidance)


def _guidance(guides: list[Guide]) -> list[str]:
    """"Guidance from the toolkit" and its guides, or nothing."""
    if not guides:
        return []
    return ["**Guidance from the toolkit**", ""] + [line for g in guides for line in _guide(g)] + [""]


def _guide(g: Guide) -> list[str]:
    lines = _paragraphs(g.message)
    head, rest = (lines[0], lines[1:]) if lines else ("", [])
    out = [f"- {head}"]
    out += [f"  {line}" if line else "" for line in rest if line]
    if g.items:
        out.append(f"  *For:* {md(', '.join(g.items))}")
    if g.tools:
        out.append(f"  *See:* {md('; '.join(g.tools))}")
    return out


def _item_table(model: ReportModel, view: SectionView) -> list[str]:
    scale = view.scale
    assert scale is not None
    noun = model.item_noun.capitalize()
    extra_heads, plan_cells = report_common.plan_columns(view)
    rows = []
    for item, extra in zip(view.rated, plan_cells):
        if model.single:
            score = "N/A" if item.mean is None and item.n_na else fmt(item.mean, 0)
            rows.append([md_cell(item.title), score, md_cell(report_common.own_descriptor(view, item)), *extra])
            continue
        if item.withheld or not item.counts:
            counts = [""] * len(scale.points)
            spread = ["", ""]
        else:
            counts = [str(c) for c in item.counts]
            spread = [f"{item.min}–{item.max}", fmt(item.sd)]
        rows.append([md_cell(item.title), "withheld" if item.withheld else fmt_mean(item.mean, model.threshold), *spread, *counts,
                     "" if item.withheld else str(item.n_na), *extra])
    if model.single:
        return table([noun, "Score", "What this score says", *extra_heads], rows, ["l", "r", "l"] + ["r"] * len(extra_heads))
    heads = [noun, "Mean", "Range", "SD", *[str(p) for p in scale.points], md(scale.na_label), *extra_heads]
    out = table(heads, rows, ["l"] + ["r"] * (len(heads) - 1))
    if report_common.withheld_note(view.rated + view.yesno, model.min_group):
        out += ["", f"*{md(report_common.withheld_note(view.rated + view.yesno, model.min_group))}*"]
    return out


def _overall(model: ReportModel, number: str, heading: str = "Overall pattern") -> list[str]:
    ov = model.overall
    out = [f"### {number} {md(heading)}", ""]
    out += _radar(report_common.overall_radar(model), model.threshold)
    rows = []
    for view in model.sections:
        if not view.rated:
            continue
        lowest = view.stats.lowest
        rows.append([md_cell(view.title), fmt_mean(view.stats.mean, model.threshold),
                     md_cell(f"{clean(lowest.title)} ({fmt_mean(lowest.mean, model.threshold)})") if lowest else " "])
    if rows:
        out += table([model.section_noun.capitalize(), "Average", f"Lowest {model.item_noun}"], rows, ["l", "r", "l"]) + [""]
    if ov.commentary:
        out += [" ".join(md(s) for s in ov.commentary), ""]
    return out + _guidance(ov.guidance)


def _changes(model: ReportModel, number: str) -> list[str]:
    """"Change since the baseline round": a table per section, the plan's actions, the paired view."""
    cmp = model.comparison
    assert cmp is not None
    out = [f"### {number} Change since the baseline round", ""]
    intro = (f"{cmp.all.label.capitalize()}: {cmp.all.counts}. A change is the follow-up mean minus the "
             "baseline mean; a change in spread is the change in standard deviation (SD): below zero, members "
             "agree more closely than they did.")
    if cmp.all.targets:
        intro += " Target met: the follow-up mean reaches the 12-month target where one is set, else the 6-month one."
    out += [md(intro), ""]
    out += _change_view(model, cmp.all, "####")
    if cmp.paired_asked:
        out += ["#### Paired view: members in both rounds", ""]
        if cmp.paired_note:
            out += [md(cmp.paired_note[:1].upper() + cmp.paired_note[1:] + "."), ""]
        if cmp.paired is not None:  # shown, or withheld with the reason
            if not cmp.paired.withheld:
                out += [md(f"Only the members who answered both rounds: {cmp.paired.counts}."), ""]
            out += _change_view(model, cmp.paired, "#####")
    return out


def _trend(model: ReportModel, number: str) -> list[str]:
    """"Trend over the rounds": the overall table and chart; per section too at full detail."""
    trend = model.trend
    assert trend is not None
    out = [f"### {number} Trend over the rounds", "", md(trend.intro), ""]
    out += [f"- {md(line)}" for line in trend.round_lines] + [""]
    tables = [trend.overall] + (trend.sections if model.parts.item_tables else [])
    for tt in tables:
        out += [f"#### {md(tt.title)}", ""]
        heads = trend.headers(tt, model.section_noun.capitalize() if tt is trend.overall else model.item_noun.capitalize())
        rows = []
        for row in tt.rows:
            title = f"**{md_cell(row.title)}**" if row.average else (f"{row.key}. " if row.key else "") + md_cell(row.title)
            rows.append([title, *row.values, row.change, *row.targets])
        out += table(heads, rows, ["l"] + ["r"] * (len(heads) - 1)) + [""]
        if tt.charted:
            out += fence(chart_lines(trend.rounds, tt)) + [""]
            if any(line.target is not None for line in tt.lines):
                out += ["*Lower-case letters: each line's target (the latest set: 12 months if any, else 6).*", ""]
    return out


def _change_view(model: ReportModel, view: ChangeView, heading: str) -> list[str]:
    cmp = model.comparison
    assert cmp is not None
    if view.withheld:
        return [f"**Withheld:** {md(view.withheld)}.", ""]
    if not view.sections:
        return ["Neither round has scores to compare.", ""]
    noun = model.item_noun.capitalize()
    heads = [noun, "Baseline", "Follow-up", "Change", "SD change"] + (["Target met"] if view.targets else [])
    out: list[str] = []
    for section in view.sections:
        out += [f"{heading} {md(section.title)}", ""]
        rows = []
        for row in section.rows:
            title = f"**{md_cell(row.title)}**" if row.average else md_cell(row.title)
            cells = [title, row.base, row.follow, row.change, row.sd_change or " "]
            rows.append(cells + ([md_cell(row.target)] if view.targets else []))
        out += table(heads, rows, ["l", "r", "r", "r", "r", "l"][: len(heads)]) + [""]
        if section.withheld:
            out += [md(f"Figures not shown where fewer than {cmp.min_group} people answered in a round: "
                       + "; ".join(section.withheld) + "."), ""]
        if section.actions:
            out += ["Actions and whether their features moved:", ""]
            out += [f"- {md(a)}" for a in section.actions] + [""]
    return out


def _action_plan(model: ReportModel, template: ReportTemplate) -> list[str]:
    out = [f"## {md_heading(report_closing.action_sheet_heading(template))}", ""]
    if not model.plan_given or not any(row.details or any(row.cells[2:]) for row in model.actions):
        out += [f"No actions have been agreed yet. Record the {nouns(model.item_noun)} the partnership wants to improve:", ""]
    rows = [[md_cell(c) for c in row.cells] for row in model.actions]
    out += table([md(c) for c in model.action_columns], rows) + [""]
    detailed = [row for row in model.actions if row.details]
    for row in detailed:
        out.append(f"**{md(row.cells[1] or row.cells[0])}: {md(row.cells[2])}**")
        out.append("")
        out += [f"- {md(label)}: {md(text)}" for label, text in row.details]
        out.append("")
    return out


def _notes(model: ReportModel) -> list[str]:
    if not model.notes:
        return []
    out = [f"## {report_closing.notes_heading(model.single)}", ""]
    for section_title, groups in model.notes:
        out += [f"### {md(section_title)}", ""]
        for group in groups:
            out += [f"**{md(group.heading)}**", ""]
            out += [f"- {md(note)}" for note in group.notes]
            out.append("")
    return out
