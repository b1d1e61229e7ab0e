"""The meeting summary: merged results (or one bundle) as terminal text, about one screen per section.

`summary_lines` lays out a `exports.report_common.ReportModel` as lines of `(text, style)` runs:

* a header (framework, partnership, respondents; "one respondent's own scores" for a bundle);
* the overall pattern: an aggregate radar, one axis per section, with the headline commentary;
* per section: the radar and a table of means with their spread (range and a small histogram of
  the answers), side by side from 72 columns (numbered spokes = table rows), stacked below that;
  sized so that radar + table fit an 80x24 screen for a scorecard of up to about 14 items;
* the weakest features, where members disagree (with the distribution of their answers), the
  toolkit's guidance grouped by section, its questions to ask, and any notes (unattributed).

Every line fits `width` cells. User and framework text goes through `exports.textsafe` (escape
sequences are made visible, never emitted) and, with `ascii=True`, is transliterated to ASCII.
`to_plain` joins the runs; `to_rich` builds a `rich.text.Text` (never parsed as markup). Only
stdlib at import time: Rich is imported by `to_rich` alone, so a piped summary never loads it.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.analysis import MAX_LISTED
from accord_partnership.exports.bars import distribution_bars, mean_bar
from accord_partnership.exports.radar import RadarSeries, render_radar_cells
from accord_partnership.exports.report_common import RadarPlan, ReportModel, SectionView, level_labels, mean_band, radar_plan, withheld_note
from accord_partnership.exports.report_text import clean, fmt, fmt_mean, nouns
from accord_partnership.exports.textsafe import ellipsize, terminal, terminal_text, text_width, truncate

if TYPE_CHECKING:  # pragma: no cover
    from rich.text import Text

    from accord_partnership.engine.stats import ItemStats

Run = tuple[str, str]  # (text, style role)
Line = list[Run]

#: Rich styles per role; plain output ignores them. Radar roles come from `exports.radar`.
STYLES = {
    "": "",
    "title": "bold",
    "heading": "bold",
    "rule": "dim",
    "dim": "dim",
    "low": "bold red",
    "high": "green",
    "warn": "yellow",
    "axis": "dim",
    "ring": "dim",
    "series0": "bold cyan",
    "series1": "bold magenta",
    "label": "",
    "legend": "dim",
}

MAX_DISAGREEMENTS = 5  # items shown with their distribution; the rest are named on one line
SIDE_BY_SIDE_MIN = 72  # below this, radar and table are stacked
_RADAR_SIDE_WIDTH = 30
_RADAR_SIDE_HEIGHT = 15
_SPARK = " ▁▂▃▄▅▆▇█"
_SPARK_ASCII = "_.-=#"


class _Out:
    """Collects lines, keeping every one within `width` cells."""

    def __init__(self, width: int, ascii: bool) -> None:
        self.width = width
        self.ascii = ascii
        self.ell = "..." if ascii else "…"
        self.lines: list[Line] = []

    def t(self, text: object) -> str:
        """Untrusted text made safe for the terminal (and ASCII when asked)."""
        safe = clean(text)
        return terminal_text(safe, ascii=True) if self.ascii else safe

    def add(self, *runs: Run) -> None:
        self.lines.append(_fit(list(runs), self.width, self.ell))

    def text(self, text: str, style: str = "") -> None:
        self.add((text, style))

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append([])

    def rule(self, char: str = "─") -> None:
        if self.ascii:
            char = "=" if char == "═" else "-"
        self.add((char * self.width, "rule"))

    def wrap(self, text: str, *, indent: int = 0, first: str = "", style: str = "") -> None:
        """Word-wrap `text` (already safe) to the width; `first` replaces the first line's indent."""
        lead = " " * indent
        first = first or lead
        room = max(self.width - max(text_width(first), indent), 10)
        for k, paragraph in enumerate(text.split("\n")):
            pieces = textwrap.wrap(paragraph, room, break_long_words=True, break_on_hyphens=False) or [""]
            for j, piece in enumerate(pieces):
                head = first if (k == 0 and j == 0) else lead
                self.add((head, "dim" if head.strip() else ""), (piece, style))


def _fit(runs: Line, width: int, ell: str) -> Line:
    out: Line = []
    used = 0
    for text, style in runs:
        w = text_width(text)
        if used + w <= width:
            out.append((text, style))
            used += w
            continue
        room = width - used
        if room > 0:
            out.append((truncate(text, room, ell if room > len(ell) else ""), style))
        break
    # no trailing blanks
    while out and not out[-1][0].rstrip():
        out.pop()
    if out:
        out[-1] = (out[-1][0].rstrip(), out[-1][1])
    return out


# ---------------------------------------------------------------------------------------------
# Public API


def summary_lines(
    model: ReportModel,
    *,
    section_id: str | None = None,
    width: int = 80,
    ascii: bool = False,
    bars: bool = False,
) -> list[Line]:
    """The whole summary (or one section's part of it) as lines of `(text, role)` runs."""
    width = max(int(width), 40)
    out = _Out(width, ascii)
    views = [model.section(section_id)] if section_id else model.sections
    _header(out, model)
    if section_id is None:
        _overall(out, model)
    for view in views:
        _section(out, model, view, bars)
    _findings(out, model, views, section_id)
    while out.lines and not out.lines[-1]:
        out.lines.pop()
    return out.lines


def to_plain(lines: Sequence[Line]) -> str:
    return "".join("".join(text for text, _ in line) + "\n" for line in lines)


def to_rich(lines: Sequence[Line], styles: dict[str, str] | None = None) -> Text:
    """One `rich.text.Text` (styles per role from `styles`, default `STYLES`); text is never
    parsed as markup."""
    from rich.text import Text

    styles = STYLES if styles is None else styles
    text = Text(no_wrap=True, overflow="crop", end="\n")
    for i, line in enumerate(lines):
        if i:
            text.append("\n")
        for chunk, role in line:
            chunk = terminal(chunk)  # the one policy: nothing from a file reaches the terminal raw
            text.append(chunk, style=styles.get(role, "") or None)
    return text


def summary_text(model: ReportModel, **kwargs: Any) -> str:
    """The summary as plain text (no colour)."""
    return to_plain(summary_lines(model, **kwargs))


# ---------------------------------------------------------------------------------------------
# Parts


def _header(out: _Out, model: ReportModel) -> None:
    out.text(out.t(model.framework_title), "title")
    facts = ["Results summary"]
    if model.partnership:
        facts.append(out.t(model.partnership))
    facts.append(model.respondent_line)
    out.wrap(" · ".join(facts) if not out.ascii else " - ".join(facts), style="")
    if model.single:
        out.wrap("These are one respondent's own scores, not merged partnership results.", style="warn")
    scales = {(v.scale.min, v.scale.max) for v in model.sections if v.scale is not None and v.rated}
    dash = "-" if out.ascii else "–"
    notes = []
    if len(scales) == 1:
        lo, hi = scales.pop()
        notes.append(f"Scores {lo}{dash}{hi}")
    notes.append(f"low = below {fmt(model.threshold)}")
    if not model.single:
        notes.append(f"no figure where fewer than {model.min_group} answered")
    out.wrap(", ".join(notes) + ".", style="dim")
    out.rule("═")
    out.blank()


def _radar_cells(out: _Out, axes: list[str], plan: RadarPlan, lo: int, hi: int,
                 width: int, height: int, show_values: bool = True, threshold: float | None = None) -> list[Line]:
    series = [RadarSeries(plan.name, plan.values)]
    if plan.second_name:  # a target from the action plan, as the report draws it
        # "12-month target" and "12-month scorecard target" (a ring at the scorecard's target) are
        # both "12m target" here: the legend has room for a dozen characters beside the mean's
        series.append(RadarSeries(out.t(re.sub(r"^(\d+)-month (?:\w+ )?target$", r"\1m target", plan.second_name)), plan.second_values))
    cells = render_radar_cells(axes, series, scale_min=lo, scale_max=hi, width=width,
                               height=height, ascii=out.ascii, show_values=show_values, threshold=threshold)
    return [list(line) for line in cells]


def _overall(out: _Out, model: ReportModel) -> None:
    ov = model.overall
    if not ov.axes:
        return
    out.add(("Overall pattern", "heading"), (f"  average per {model.section_noun}", "dim"))
    out.rule()
    if ov.radar_ok:
        name = "Your average" if model.single else "Average"
        for line in _radar_cells(out, [out.t(a) for a in ov.axes], radar_plan(ov, name), ov.scale_min, ov.scale_max,
                                 out.width, 17, threshold=model.threshold):
            out.add(*line)
    else:
        _mean_rows(out, [(out.t(a), v) for a, v in zip(ov.axes, ov.values)], ov.scale_min, ov.scale_max, 0)
    out.blank()
    for sentence in ov.commentary:
        out.wrap(out.t(sentence))
    out.blank()


def _section_heading(out: _Out, model: ReportModel, view: SectionView) -> None:
    right = ""
    if view.stats.mean is not None:
        right = f"{'your average' if model.single else 'average'} {fmt_mean(view.stats.mean, model.threshold)}"
    title = f"{view.number}  {out.t(view.title)}"
    room = out.width - text_width(right) - 2
    title = ellipsize(title, room, out.ell) if text_width(title) > room else title
    pad = " " * max(out.width - text_width(title) - text_width(right), 1)
    style = _mean_style(view.stats.mean, model, view)
    out.add((title, "heading"), (pad, ""), (right, style))
    out.rule()


def _mean_style(mean: float | None, model: ReportModel, view: SectionView) -> str:
    return mean_band(mean, model, view)  # the style roles are the band names


def _section(out: _Out, model: ReportModel, view: SectionView, bars: bool) -> None:
    _section_heading(out, model, view)
    scale = view.scale
    if view.rated and scale is not None:
        if view.radar_ok and out.width >= SIDE_BY_SIDE_MIN:
            radar = _radar_cells(out, [str(k) for k in range(1, len(view.rated) + 1)],
                                 radar_plan(view, "Your score" if model.single else "Mean"), scale.min, scale.max,
                                 _RADAR_SIDE_WIDTH, _RADAR_SIDE_HEIGHT, show_values=False)
            table = _table(out, model, view, out.width - _RADAR_SIDE_WIDTH - 2, numbered=True)
            _side_by_side(out, radar, table, _RADAR_SIDE_WIDTH + 2)
        else:
            if view.radar_ok:
                for line in _radar_cells(out, [out.t(a) for a in view.axes],
                                         radar_plan(view, "Your score" if model.single else "Mean"), scale.min, scale.max,
                                         out.width, 16, threshold=model.threshold):
                    out.add(*line)
                out.blank()
            for line in _table(out, model, view, out.width, numbered=False):
                out.add(*line)
    if view.yesno:
        out.blank()
        _yes_no(out, model, view)
    if view.open_items:
        noted = sum(1 for g in view.notes if any(g.heading == clean(i.title) for i in view.open_items))
        out.text(f"{len(view.open_items)} open question{'s' if len(view.open_items) != 1 else ''}"
                 f"{f' ({noted} with answers, see notes below)' if noted else ''}.", "dim")
    if not view.rated and not view.yesno and not view.open_items:
        out.text("Nothing to score in this section.", "dim")
    if not model.single and withheld_note(view.rated + view.yesno, model.min_group):
        out.wrap(withheld_note(view.rated + view.yesno, model.min_group), style="dim")
    if bars and scale is not None and not model.single:
        for item in view.rated:
            if not item.counts:
                continue
            out.blank()
            out.text(out.t(item.title), "heading")
            for bar in distribution_bars(dict(zip(scale.points, item.counts)), scale_min=scale.min, scale_max=scale.max,
                                          n_na=item.n_na, labels=level_labels(scale), width=out.width - 2, ascii=out.ascii,
                                          na_label=out.t(scale.na_label)):
                out.add(("  " + bar, ""))
    out.blank()


def _side_by_side(out: _Out, left: list[Line], right: list[Line], left_width: int) -> None:
    for k in range(max(len(left), len(right))):
        a = left[k] if k < len(left) else []
        b = right[k] if k < len(right) else []
        used = sum(text_width(t) for t, _ in a)
        out.add(*a, (" " * max(left_width - used, 0), ""), *b)


def _spark(item: ItemStats, ascii: bool) -> str:
    counts = item.counts
    top = max(counts) if counts else 0
    if not top:
        return " " * len(counts)
    chars = []
    for c in counts:
        if c == 0:
            chars.append("." if ascii else "·")
        elif ascii:
            chars.append(_SPARK_ASCII[min(4, max(1, int(4 * c / top + 0.999)))] if c else ".")
        else:
            chars.append(_SPARK[max(1, round(8 * c / top))])
    return "".join(chars)


def _table(out: _Out, model: ReportModel, view: SectionView, width: int, *, numbered: bool) -> list[Line]:
    """The table of means: # / item / mean / range / answers per level / N/A (one's own: score)."""
    scale = view.scale
    assert scale is not None
    items = view.rated
    ell = out.ell
    num_w = len(str(len(items))) if numbered else 0
    lines: list[Line] = []
    noun = model.item_noun.capitalize()
    dash = "-" if out.ascii else "–"
    if model.single:
        labels = level_labels(scale)
        label_w = min(max((text_width(out.t(v)) for v in labels.values()), default=0), 14) if labels else 0
        bar_w = 12 if width >= 60 else 0
        title_w = width - num_w - (1 if num_w else 0) - 6 - (label_w + 1 if label_w else 0) - (bar_w + 1 if bar_w else 0)
        longest = max((text_width(out.t(i.title)) for i in items), default=8)
        title_w = max(min(title_w, longest), 8)
        head = (f"{'#':>{num_w}} " if num_w else "") + noun.ljust(title_w) + " Score"
        lines.append([(head, "dim")])
        for k, item in enumerate(items, 1):
            title = ellipsize(out.t(item.title), title_w, ell)
            score = out.t(scale.na_label) if item.mean is None and item.n_na else fmt(item.mean, 0, dash)
            row: Line = []
            if num_w:
                row.append((f"{k:>{num_w}} ", "dim"))
            row.append((title + " " * (title_w - text_width(title)), ""))
            row.append((f" {score:>5}", _mean_style(item.mean, model, view)))
            if label_w and item.mean is not None and labels:
                row.append((" " + ellipsize(out.t(labels[int(item.mean)]), label_w, ell), "dim"))
            elif label_w:
                row.append((" " * (label_w + 1), ""))
            if bar_w and item.mean is not None:
                row.append((" " + mean_bar(item.mean, scale.min, scale.max, bar_w, out.ascii)[: bar_w - 4], "series0"))
            lines.append(row)
        return lines

    levels = len(scale.points)
    spark_head = "".join(str(p)[-1] for p in scale.points) if scale.max < 10 else "Answers"[:levels].ljust(levels)
    spark_w = max(levels, 4)
    show_bar = width >= 76
    bar_w = 10 if show_bar else 0
    fixed = (num_w + 1 if num_w else 0) + 1 + 4 + 2 + 5 + 2 + spark_w + 1 + 3 + (bar_w + 1 if bar_w else 0)
    longest = max((text_width(out.t(i.title)) for i in items), default=8)
    title_w = max(min(width - fixed, longest), 8)
    header: Line = []
    if num_w:
        header.append((f"{'#':>{num_w}} ", "dim"))
    header.append((noun.ljust(title_w) + " ", "dim"))
    if bar_w:
        header.append((" " * (bar_w + 1), ""))
    header.append(("Mean  Range  " + spark_head.ljust(spark_w) + " N/A", "dim"))
    lines.append(header)
    disagreeing = {d.item_id for d in view.disagreements}  # a set: linear in items
    for k, item in enumerate(items, 1):
        title = ellipsize(out.t(item.title), title_w, ell)
        row = []
        if num_w:
            row.append((f"{k:>{num_w}} ", "dim"))
        row.append((title + " " * (title_w - text_width(title)) + " ", ""))
        if bar_w:
            row.append(((mean_bar(item.mean, scale.min, scale.max, bar_w + 4, out.ascii)[:bar_w] if item.mean is not None else " " * bar_w) + " ", "series0"))
        row.append((f"{fmt_mean(item.mean, model.threshold) if item.mean is not None else dash:>4}", _mean_style(item.mean, model, view)))
        if item.withheld or item.min is None:
            spread = f"n<{model.min_group}" if item.withheld else ""
            row.append((f"  {spread:^5}  " + " " * spark_w, "dim"))
        else:
            rng = f"{item.min}{dash}{item.max}"
            style = "warn" if item.item_id in disagreeing else ""
            row.append((f"  {rng:^5}  ", style))
            row.append((_spark(item, out.ascii).ljust(spark_w), "series0"))
        row.append((f" {item.n_na:>3}" if item.n_na else "", "dim"))
        lines.append(row)
    return lines


def _mean_rows(out: _Out, rows: list[tuple[str, float | None]], lo: int, hi: int, indent: int) -> None:
    label_w = min(max((text_width(r[0]) for r in rows), default=8), out.width // 2)
    for name, value in rows:
        shown = ellipsize(name, label_w, out.ell)
        out.add((" " * indent + shown + " " * (label_w - text_width(shown)) + "  ", ""),
                (mean_bar(value, lo, hi, min(30, out.width - label_w - indent - 2), out.ascii), "series0"))


def _yes_no(out: _Out, model: ReportModel, view: SectionView) -> None:
    for item in view.yesno:
        title = out.t(item.title)
        if model.single:
            answer = "yes" if item.yes else "no" if item.no else "not answered"
            tail = f"  {answer}"
        elif item.withheld:
            tail = f"  (fewer than {model.min_group} answers)"
        else:
            pct = "" if item.pct_yes is None else f", {fmt(item.pct_yes, 0)}% yes"
            tail = f"  {item.yes} yes, {item.no} no{pct}"
        room = out.width - text_width(tail) - 2
        out.add(("  " + ellipsize(title, room, out.ell), ""), (tail, "warn" if item.no else "dim"))


def _findings(out: _Out, model: ReportModel, views: list[SectionView], section_id: str | None) -> None:
    bullet = "*" if out.ascii else "•"
    dash = "-" if out.ascii else "–"
    # weakest
    if section_id:
        view = views[0]  # its items below the threshold, or else its lowest one
        weakest = view.low or model.analysis.ranked(view.section.id)[-1:]
    else:
        weakest = list(model.analysis.weakest)
    by_id = {v.section.id: v for v in model.sections}
    if weakest:
        below = f" (below {fmt(model.threshold)})" if weakest[0].mean is not None and weakest[0].mean < model.threshold else ""
        out.add(("Your lowest scores" if model.single else f"Weakest {nouns(model.item_noun)}", "heading"), (below, "dim"))
        out.rule()
        more = len(weakest) - MAX_LISTED
        for item in weakest[:MAX_LISTED]:
            home = by_id.get(item.section_id)
            where = out.t(home.title) if home is not None and not section_id else ""
            style = _mean_style(item.mean, model, home) if home is not None else ""
            _item_line(out, (f"{fmt(item.mean, 0) if model.single else fmt_mean(item.mean, model.threshold):>5}  ", style), out.t(item.title), where)
        if more > 0:
            out.text(f"       … and {more} more" if not out.ascii else f"       ... and {more} more", "dim")
        out.blank()
    # disagreements
    wanted = {(d.section_id, d.item_id) for v in views for d in v.disagreements}
    ranked = [d for d in _ranked_disagreements(model) if (d.section_id, d.item_id) in wanted]
    if ranked and not model.single:
        out.add(("Where members disagree", "heading"), ("  widest spread first", "dim"))
        out.rule()
        for item in ranked[:MAX_DISAGREEMENTS]:
            view = by_id[item.section_id]
            facts = [f"scores {item.min}{dash}{item.max}"]
            if item.sd is not None:
                facts.append(f"sd {fmt(item.sd)}")
            if item.polarised:
                facts.append("two camps")
            where = "" if section_id else out.t(view.title)
            _item_line(out, ("", ""), out.t(item.title), where)
            out.add(("    ", ""), (", ".join(facts), "warn"))
            scale = view.scale
            if scale is not None and item.counts:
                for line in distribution_bars(dict(zip(scale.points, item.counts)), scale_min=scale.min,
                                              scale_max=scale.max, n_na=item.n_na, labels=level_labels(scale),
                                              width=min(out.width - 4, 60), ascii=out.ascii, na_label=out.t(scale.na_label)):
                    out.add(("    " + line, ""))
        rest = ranked[MAX_DISAGREEMENTS:]
        if rest:
            out.wrap(out.t("Also: " + ", ".join(f"{clean(i.title)} ({i.min}{dash}{i.max})" for i in rest)), style="dim")
        out.blank()
    # guidance
    guided = [(v.title, v.guidance) for v in views if v.guidance]
    if not section_id and model.overall.guidance:
        guided.insert(0, ("Overall", model.overall.guidance))
    if guided:
        out.text("Guidance from the toolkit", "heading")
        out.rule()
        for title, guides in guided:
            out.text(out.t(title), "heading")
            for g in guides:
                _guide(out, g, bullet)
            out.blank()
    questions = model.questions
    if questions is not None and (questions.items or questions.text):
        out.text(out.t(questions.title), "heading")
        out.rule()
        if questions.text:
            out.wrap(out.t(questions.text))
        for q in questions.items:
            out.wrap(out.t(q), indent=4, first=f"  {bullet} ")
        out.blank()
    # notes
    noted = [v for v in views if v.notes]
    if noted:
        out.text("Your notes" if model.single else "Notes (unattributed)", "heading")
        out.rule()
        for view in noted:
            for group in view.notes:
                out.add((out.t(group.heading), ""), ("" if section_id else f"  {out.t(view.title)}", "dim"))
                for note in group.notes:
                    _wrap_block(out, note, f"  {bullet} ", 4)
        out.blank()


def _item_line(out: _Out, head: Run, title: str, where: str) -> None:
    """`head` + item title + its section (dim), shortening the title before the section."""
    sep = (" - " if out.ascii else " · ") if where else ""
    room = out.width - text_width(head[0])
    spare = room - text_width(title) - text_width(sep)
    where_w = min(text_width(where), max(spare, room // 3, 12)) if where else 0
    where = ellipsize(where, where_w, out.ell) if where else ""
    title_room = room - (text_width(sep) + text_width(where) if where else 0)
    out.add(head, (ellipsize(title, max(title_room, 8), out.ell), ""), (sep + where, "dim"))


def _ranked_disagreements(model: ReportModel) -> list[ItemStats]:
    """All sections' disagreement items, widest spread (largest sd) first."""
    items = [d for v in model.sections for d in v.disagreements]
    return sorted(items, key=lambda i: -(i.sd or 0.0))


def _guide(out: _Out, g: Any, bullet: str) -> None:
    _wrap_block(out, g.message, f"  {bullet} ", 4)
    if g.items:
        out.wrap(out.t(", ".join(g.items)), indent=6, first="    For: ", style="dim")
    if g.tools:
        out.wrap(out.t("; ".join(g.tools)), indent=6, first="    See: ", style="dim")


def _wrap_block(out: _Out, text: str, first: str, indent: int) -> None:
    """Multi-line untrusted text: each line made safe, then wrapped; "- " lines become sub-bullets."""
    lines = [line for line in str(text).split("\n") if line.strip()]
    for k, line in enumerate(lines):
        safe = out.t(line)
        if k == 0:
            out.wrap(safe, indent=indent, first=first)
        elif safe.startswith("- "):
            out.wrap(safe[2:], indent=indent + 2, first=" " * indent + "- ")
        else:
            out.wrap(safe, indent=indent)
