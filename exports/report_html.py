"""The committee report as one self-contained HTML file that prints cleanly on A4.

Same content and order as the Markdown report (`exports.report_md`, both built from
`exports.report_common.ReportModel`): every section of the toolkit's reporting template in its
words and numbering — purpose, background (optional), main report (one section per scorecard with
its radar chart, table, commentary, guidance and a bar chart of the answers to each item, then the
overall pattern with an aggregate radar), financial implications, recommendations, the author and
the Appendices / Related Reports / Contact Details / National Outcomes block — then the action
plan (Appendix 5: Action Sheet) and notes, unattributed.

Self-contained: inline CSS and inline SVG (`exports.svg`), no scripts, no external resources (no
stylesheet links, fonts or images; web addresses from the framework are printed as text). All
user and framework text is HTML-escaped after control characters are made visible.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from engine.model import ReportTemplate
from engine.report_settings import ReportDetails, report_template
from exports.radar import RadarSeries
from exports.report_closing import BLANK, NO_OPEN_ANSWERS, action_sheet_heading, closing, notes_heading, open_answers
from exports.report_change import ChangeView
from exports.report_common import (
    Guide,
    RadarPlan,
    ReportModel,
    SectionView,
    header_facts,
    level_labels,
    mean_band,
    own_descriptor,
    radar_plan,
    withheld_note,
)
from exports.report_text import clean, fmt, fmt_mean, nouns
from exports.svg import bars_svg, radar_svg
from exports.textsafe import visible

_CSS = """
@page { size: A4; margin: 18mm; }
:root { --ink: #1d1d1d; --muted: #5a5a5a; --rule: #c8c8c8; --head: #eef2f7; --low: #a61b1b; --high: #1b6b2f; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { font-family: "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; line-height: 1.45;
       color: var(--ink); background: #fff; max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
h1 { font-size: 20pt; line-height: 1.2; margin: 0 0 4pt; }
h2 { font-size: 14pt; margin: 18pt 0 6pt; border-bottom: 1.5pt solid var(--ink); padding-bottom: 2pt; }
h3 { font-size: 12pt; margin: 14pt 0 6pt; }
h4 { font-size: 10.5pt; margin: 10pt 0 4pt; }
h5 { font-size: 10pt; margin: 8pt 0 3pt; }
h2, h3, h4, h5, figcaption { break-after: avoid; page-break-after: avoid; }
p, ul { margin: 0 0 6pt; }
ul { padding-left: 16pt; }
.meta { color: var(--muted); margin-bottom: 12pt; }
.warning { border-left: 3pt solid var(--low); padding: 4pt 8pt; background: #fbeeee; }
figure { margin: 6pt 0 10pt; text-align: center; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 10pt; font-size: 9.5pt;
        break-inside: avoid; page-break-inside: avoid; }
th, td { border: 0.75pt solid var(--rule); padding: 2pt 5pt; vertical-align: top; text-align: left; }
th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
table.items td:first-child { width: 34%; }
td.low { color: var(--low); font-weight: 600; }
td.high { color: var(--high); }
tr { break-inside: avoid; page-break-inside: avoid; }
.plan td { height: 18pt; }
.commentary { background: #f7f7f7; border-left: 3pt solid #7a8da6; padding: 5pt 8pt; }
.guide li { margin-bottom: 4pt; }
.guide .for, .guide .see { color: var(--muted); font-size: 9.5pt; }
.bars { display: flex; flex-wrap: wrap; gap: 4pt 10pt; justify-content: flex-start; }
.bars figure { width: 48%; margin: 0 0 4pt; }
.bars figcaption { text-align: left; font-size: 9pt; color: var(--ink); font-weight: 600; margin-bottom: 1pt; }
.note-list li { white-space: pre-wrap; }
table.change td:first-child { width: 40%; }
td.avg { font-weight: 600; background: #f7f7f7; }
td.up { color: var(--high); }
td.down { color: var(--low); }
.withheld { border-left: 3pt solid #7a8da6; padding: 4pt 8pt; background: #f7f7f7; }
.hint { color: var(--muted); font-style: italic; }
.blank { color: var(--muted); min-height: 24pt; border-bottom: 0.75pt dotted var(--rule); }
.author { margin-top: 14pt; }
table.closing th { width: 34%; }
section.part { break-before: page; page-break-before: always; }
footer { margin-top: 18pt; border-top: 0.75pt solid var(--rule); padding-top: 4pt; color: var(--muted); font-size: 8.5pt; }
@media print { body { max-width: none; padding: 0; } }
"""


def h(text: object) -> str:
    """Untrusted text on one line, escaped for HTML."""
    return html.escape(clean(text), quote=True)


def h_block(text: str) -> str:
    """Untrusted multi-line text: control characters visible, escaped, line breaks kept."""
    return "<br>".join(html.escape(line, quote=True) for line in visible(text).strip().split("\n"))


def _paragraphs(text: str) -> list[str]:
    """Toolkit or user text with blank-line paragraphs and "- " bullets, as HTML."""
    out: list[str] = []
    bullets: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + " ".join(html.escape(p, quote=True) for p in para) + "</p>")
            para.clear()
        if bullets:
            out.append("<ul>" + "".join(f"<li>{html.escape(b, quote=True)}</li>" for b in bullets) + "</ul>")
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


def _table(headers: Sequence[tuple[str, str]], rows: Sequence[Sequence[tuple[str, str]]], cls: str = "") -> str:
    """`headers`: (escaped html, css class); `rows`: cells as (escaped html, css class)."""
    head = "".join(f'<th class="{c}">{t}</th>' if c else f"<th>{t}</th>" for t, c in headers)
    body = "".join("<tr>" + "".join(f'<td class="{c}">{t}</td>' if c else f"<td>{t}</td>" for t, c in row) + "</tr>" for row in rows)
    attr = f' class="{cls}"' if cls else ""
    return f"<table{attr}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _number(heading: str) -> str:
    """ "3" of "3. Main report" (the template numbers its sections itself)."""
    head = heading.split(".", 1)[0].strip()
    return head if head.isdigit() else "3"


def report_html(model: ReportModel, *, date: str = "", details: ReportDetails | None = None) -> str:
    """The report as one HTML file, every section of the toolkit's reporting template in its words
    and numbering, with `details` (author, contacts...) in the template's spaces."""
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(model.title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(model.title)}</h1>",
    ]
    parts.append(f'<p class="meta">{" · ".join(h(f) for f in header_facts(model, date))}</p>')
    if model.single:
        parts.append('<p class="warning">These are one respondent\'s own scores, not merged partnership results.</p>')
    parts.append("</header>")

    template = report_template(model.framework)
    details = details or ReportDetails()
    noun = model.section_noun
    parts.append(f'<section id="purpose"><h2>{h(template.purpose)}</h2>')
    parts += _paragraphs(model.purpose_intro)
    parts.append("<ul>" + "".join(f"<li>{h(i)}</li>" for i in model.purpose_items) + "</ul>")
    parts.append(f"<p>The {h(model.framework_title)} is made up of {len(model.covering)} {noun}s, covering:</p>")
    parts.append("<ul>" + "".join(f"<li>{h(t)}</li>" for t in model.covering) + "</ul>")
    if model.single:
        parts.append(f"<p>These {noun}s have been scored by one respondent, and this report sets out what those scores "
                     f"show. {h(model.presented)}</p>")
    else:
        parts.append(f"<p>These {noun}s have been scored by {model.respondents} members of the partnership and this "
                     f"report sets out the main findings and recommendations for action. {h(model.presented)}</p>")
    parts.append("</section>")
    parts.append(f'<section id="background"><h2>{h(template.background)}</h2>')
    if model.background:
        parts += _paragraphs(model.background)
    else:
        if template.background_hint:
            parts.append(f'<p class="hint">{h(template.background_hint)}</p>')
        parts.append(f'<p class="blank">{BLANK}</p>')
    parts.append("</section>")
    main = _number(template.main)
    parts.append(f'<section class="part" id="main"><h2>{h(template.main)}</h2>')
    for view in model.sections:
        parts.append(_section(model, view, f"{main}.{view.number}"))
    parts.append(_overall(model, f"{main}.{len(model.sections) + 1}", template.overall))
    if model.comparison is not None:
        parts.append(_changes(model, f"{main}.{len(model.sections) + 2}"))
    parts.append("</section>")
    parts.append(f'<section id="financial"><h2>{h(template.financial)}</h2>')
    parts += _paragraphs(details.financial) if details.financial else [f'<p class="blank">{BLANK}</p>']
    parts.append("</section>")
    parts.append(f'<section id="recommendations"><h2>{h(template.recommendations)}</h2>')
    parts.append(f"<p>{h(template.weaknesses)}</p>")
    if model.weaknesses:
        parts.append("<ul>" + "".join(f"<li>{h(w)}</li>" for w in model.weaknesses) + "</ul>")
    else:
        parts.append(f"<ul><li>No {model.item_noun} scores below {fmt(model.threshold)}.</li></ul>")
    parts.append(f"<p>{h(template.action_plan)}</p>")
    q = model.questions
    if q is not None and q.items:
        parts.append(f"<h4>{h(q.title)}</h4>")
        parts.append("<ul>" + "".join(f"<li>{h(i)}</li>" for i in q.items) + "</ul>")
    parts.append("</section>")
    end = closing(template, details, has_notes=bool(model.notes), single=model.single)
    parts.append('<section id="closing">')
    parts.append('<p class="author">' + "<br>".join(f"<strong>{h(label)}:</strong> {h(value) if value else BLANK}" for label, value in end.author) + "</p>")
    rows = "".join(f'<tr><th scope="row">{h(label)}</th><td>{"<br>".join(h(v) for v in values)}</td></tr>' for label, values in end.rows)
    parts.append(f'<table class="closing"><tbody>{rows}</tbody></table>')
    parts.append("</section>")
    parts.append(_action_plan(model, template))
    parts.append(_notes(model))
    legend = model.framework.own_legend()
    parts.append(f"<footer><p>Source: {h(model.source)}.</p><p>{h(model.attribution)}</p>" + (f"<p>{h(legend)}</p>" if legend else "") + "</footer>")
    parts += ["</body>", "</html>"]
    return "\n".join(p for p in parts if p) + "\n"


def _mean_class(value: float | None, model: ReportModel, view: SectionView) -> str:
    return f"num {mean_band(value, model, view)}".strip()


def _radar(axes: list[str], plan: RadarPlan, lo: int, hi: int, title: str, threshold: float) -> str:
    series = [RadarSeries(plan.name, plan.values)]
    if plan.second_name and plan.second_values:
        series.append(RadarSeries(plan.second_name, plan.second_values))
    svg = radar_svg(axes, series, scale_min=lo, scale_max=hi, size=520, title=title, threshold=threshold)
    caption = h(title) + (f"<br>{h(plan.note)}" if plan.note else "")
    return f"<figure>{svg}<figcaption>{caption}</figcaption></figure>"


def _section(model: ReportModel, view: SectionView, number: str) -> str:
    part = ' class="part"' if view.number > 1 else ""
    parts = [f'<section{part} id="section-{view.number}"><h3>{number} {h(view.title)}</h3>']
    scale = view.scale
    if view.radar_ok and scale is not None:
        baseline = ("Follow-up score", "Baseline score") if model.single else ("Follow-up mean", "Baseline mean")
        plan = radar_plan(view, "Your score" if model.single else "Mean", baseline if model.comparison else None)
        what = "your scores" if model.single else "mean score per " + model.item_noun
        if plan.second_values and model.comparison:
            what += ", follow-up and baseline rounds"
        parts.append(_radar(view.axes, plan, scale.min, scale.max, f"{view.title}: {what}", model.threshold))
    if view.rated and scale is not None and model.parts.item_tables:
        parts.append(_item_table(model, view))
    if view.yesno:
        if model.single:
            rows = [[(h(i.title), ""), ("yes" if i.yes else "no" if i.no else "–", "num")] for i in view.yesno]
            parts.append(_table([("Question", ""), ("Answer", "num")], rows))
        else:
            rows = [[(h(i.title), ""), (str(i.yes), "num"), (str(i.no), "num"),
                     (fmt(i.pct_yes, 0) + ("%" if i.pct_yes is not None else ""), "num")] for i in view.yesno]
            parts.append(_table([("Question", ""), ("Yes", "num"), ("No", "num"), ("% yes", "num")], rows))
    if view.commentary:
        parts.append('<div class="commentary"><h4>Commentary</h4><p>' + " ".join(h(s) for s in view.commentary) + "</p></div>")
    for question, notes in open_answers(view) if model.parts.open_answers else []:
        parts.append(f"<h4>{h(question.title)}</h4>")
        if question.text and question.text != question.title:
            parts.append(f'<p class="hint">{h(question.text)}</p>')
        parts.append('<ul class="note-list">' + "".join(f"<li>{h_block(n)}</li>" for n in notes) + "</ul>" if notes else f"<p>{h(NO_OPEN_ANSWERS)}</p>")
    if view.agreed:
        items = []
        for item in view.rated:
            if item.item_id in view.agreed:
                score, reason = view.agreed[item.item_id]
                text = f"{h(item.title)}: {'N/A' if score is None else score}"
                items.append(f"<li>{text}{f' ({h(reason)})' if reason else ''}</li>")
        parts.append("<h4>Agreed scores</h4><ul>" + "".join(items) + "</ul>")
    if view.guidance:
        parts.append(_guides(view.guidance))
    if scale is not None and view.rated and not model.single and model.parts.answer_bars:
        charts = []
        labels = level_labels(scale)
        for item in view.rated:
            if not item.counts:
                continue
            svg = bars_svg(dict(zip(scale.points, item.counts)), scale_min=scale.min, scale_max=scale.max,
                           n_na=item.n_na, labels=labels, width=320, title=clean(item.title))
            charts.append(f"<figure><figcaption>{h(item.title)}</figcaption>{svg}</figure>")
        if charts:
            parts.append(f"<h4>Answers per {model.item_noun}</h4>")
            parts.append('<div class="bars">' + "".join(charts) + "</div>")
    parts.append("</section>")
    return "\n".join(parts)


def _guides(guides: Sequence[Guide]) -> str:
    items = []
    for g in guides:
        body = "".join(_paragraphs(g.message))
        if g.items:
            body += f'<div class="for">For: {h(", ".join(g.items))}</div>'
        if g.tools:
            body += f'<div class="see">See: {h("; ".join(g.tools))}</div>'
        items.append(f"<li>{body}</li>")
    return '<h4>Guidance from the toolkit</h4><ul class="guide">' + "".join(items) + "</ul>"


def _item_table(model: ReportModel, view: SectionView) -> str:
    scale = view.scale
    assert scale is not None
    noun = model.item_noun.capitalize()
    months = sorted({m for per in view.targets.values() for m in per})
    extra_heads = ([("Agreed", "num")] if view.agreed else []) + [(f"{m}-month target", "num") for m in months]
    rows = []
    for item in view.rated:
        extra = []
        if view.agreed:
            agreed = view.agreed.get(item.item_id)
            extra.append(("" if agreed is None else "N/A" if agreed[0] is None else str(agreed[0]), "num"))
        for m in months:
            t = view.targets.get(item.item_id, {}).get(m, view.targets.get("", {}).get(m))
            extra.append((fmt(t, 1, ""), "num"))
        if model.single:
            score = "N/A" if item.mean is None and item.n_na else fmt(item.mean, 0)
            rows.append([(h(item.title), ""), (score, _mean_class(item.mean, model, view)),
                         (h(own_descriptor(view, item)), ""), *extra])
            continue
        if item.withheld or not item.counts:
            counts = [("", "num")] * len(scale.points)
            spread = [("", "num"), ("", "num")]
        else:
            counts = [(str(c), "num") for c in item.counts]
            spread = [(f"{item.min}–{item.max}", "num"), (fmt(item.sd), "num")]
        mean = "withheld" if item.withheld else fmt_mean(item.mean, model.threshold)
        rows.append([(h(item.title), ""), (mean, _mean_class(item.mean, model, view)), *spread, *counts,
                     ("" if item.withheld else str(item.n_na), "num"), *extra])
    if model.single:
        return _table([(noun, ""), ("Score", "num"), ("What this score says", ""), *extra_heads], rows, cls="items")
    heads = [(noun, ""), ("Mean", "num"), ("Range", "num"), ("SD", "num"),
             *[(str(p), "num") for p in scale.points], (h(scale.na_label), "num"), *extra_heads]
    out = _table(heads, rows, cls="items")
    if withheld_note(view.rated + view.yesno, model.min_group):
        out += f"<p class=\"meta withheld\">{h(withheld_note(view.rated + view.yesno, model.min_group))}</p>"
    return out


def _overall(model: ReportModel, number: str, heading: str = "Overall pattern") -> str:
    ov = model.overall
    parts = [f'<section class="part" id="overall"><h3>{number} {h(heading)}</h3>']
    if ov.radar_ok:
        plan = radar_plan(ov, "Your average" if model.single else "Average",
                          ("Follow-up average", "Baseline average") if model.comparison else None)
        title = f"Average score per {model.section_noun}"
        if plan.second_values and model.comparison:
            title += ", follow-up and baseline rounds"
        parts.append(_radar([clean(a) for a in ov.axes], plan, ov.scale_min, ov.scale_max, title, model.threshold))
    rows = []
    for view in model.sections:
        if not view.rated:
            continue
        low = view.stats.lowest
        rows.append([(h(view.title), ""), (fmt_mean(view.stats.mean, model.threshold), _mean_class(view.stats.mean, model, view)),
                     (f"{h(low.title)} ({fmt_mean(low.mean, model.threshold)})" if low else "", "")])
    if rows:
        parts.append(_table([(h(model.section_noun.capitalize()), ""), ("Average", "num"),
                             (f"Lowest {model.item_noun}", "")], rows))
    if ov.commentary:
        parts.append('<div class="commentary"><h4>Commentary</h4><p>' + " ".join(h(s) for s in ov.commentary) + "</p></div>")
    if ov.guidance:
        parts.append(_guides(ov.guidance))
    parts.append("</section>")
    return "\n".join(parts)


def _changes(model: ReportModel, number: str) -> str:
    """"Change since the baseline round": a table per section, the plan's actions, the paired view."""
    cmp = model.comparison
    assert cmp is not None
    parts = [f'<section class="part" id="change"><h3>{number} Change since the baseline round</h3>']
    intro = (f"{cmp.all.label.capitalize()}: {cmp.all.counts}. A change is the follow-up mean minus the "
             "baseline mean; a change in spread is the change in standard deviation (SD): below zero, members "
             "agree more closely than they did.")
    if cmp.all.targets:
        intro += " Target met: the follow-up mean reaches the 12-month target where one is set, else the 6-month one."
    parts.append(f"<p>{h(intro)}</p>")
    parts.append(_change_view(model, cmp.all, "h4"))
    if cmp.paired_asked:
        parts.append('<h4 id="paired">Paired view: members in both rounds</h4>')
        if cmp.paired_note:
            parts.append(f'<p class="meta">{h(cmp.paired_note[:1].upper() + cmp.paired_note[1:])}.</p>')
        if cmp.paired is not None:  # shown, or withheld with the reason
            if not cmp.paired.withheld:
                parts.append(f"<p>Only the members who answered both rounds: {h(cmp.paired.counts)}.</p>")
            parts.append(_change_view(model, cmp.paired, "h5"))
    parts.append("</section>")
    return "\n".join(parts)


def _change_view(model: ReportModel, view: ChangeView, heading: str) -> str:
    cmp = model.comparison
    assert cmp is not None
    if view.withheld:
        return f'<p class="withheld"><strong>Withheld:</strong> {h(view.withheld)}.</p>'
    if not view.sections:
        return "<p>Neither round has scores to compare.</p>"
    heads = [(h(model.item_noun.capitalize()), ""), ("Baseline", "num"), ("Follow-up", "num"), ("Change", "num"),
             ("SD change", "num")] + ([("Target met", "")] if view.targets else [])
    parts: list[str] = []
    for section in view.sections:
        parts.append(f"<{heading}>{h(section.title)}</{heading}>")
        rows = []
        for row in section.rows:
            avg = " avg" if row.average else ""
            move = "" if row.rising is None else " up" if row.rising else " down"
            cells = [(h(row.title), avg.strip()), (h(row.base), "num" + avg), (h(row.follow), "num" + avg),
                     (h(row.change), "num" + avg + move), (h(row.sd_change), "num" + avg)]
            rows.append(cells + ([(h(row.target), avg.strip())] if view.targets else []))
        parts.append(_table(heads, rows, cls="change"))
        if section.withheld:
            parts.append(f'<p class="meta">Figures not shown where fewer than {cmp.min_group} people answered in a round: '
                         f"{h('; '.join(section.withheld))}.</p>")
        if section.actions:
            parts.append("<p>Actions and whether their features moved:</p>")
            parts.append("<ul>" + "".join(f"<li>{h(a)}</li>" for a in section.actions) + "</ul>")
    return "\n".join(parts)


def _action_plan(model: ReportModel, template: ReportTemplate) -> str:
    parts = [f'<section class="part" id="action-plan"><h2>{h(action_sheet_heading(template))}</h2>']
    if not model.plan_given or not any(row.details or any(row.cells[2:]) for row in model.actions):
        parts.append(f"<p>No actions have been agreed yet. Record the {nouns(model.item_noun)} the partnership wants to improve:</p>")
    heads = [(h(c), "num" if c in ("Score", "Score at target") else "") for c in model.action_columns]
    rows = [[(h(c), "num" if k in (4, 6) else "") for k, c in enumerate(row.cells)] for row in model.actions]
    parts.append(_table(heads, rows, cls="plan"))
    for row in model.actions:
        if row.details:
            parts.append(f"<h4>{h(row.cells[1] or row.cells[0])}: {h(row.cells[2])}</h4>")
            parts.append("<ul>" + "".join(f"<li><strong>{h(label)}:</strong> {h(text)}</li>" for label, text in row.details) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts)


def _notes(model: ReportModel) -> str:
    if not model.notes:
        return ""
    parts = [f'<section class="part" id="notes"><h2>{h(notes_heading(model.single))}</h2>']
    for section_title, groups in model.notes:
        parts.append(f"<h3>{h(section_title)}</h3>")
        for group in groups:
            parts.append(f"<h4>{h(group.heading)}</h4>")
            parts.append('<ul class="note-list">' + "".join(f"<li>{h_block(n)}</li>" for n in group.notes) + "</ul>")
    parts.append("</section>")
    return "\n".join(parts)
