"""What a results summary or report says, built once from the analysis, so every format agrees.

`build_model` turns a framework, merged results and an `engine.analysis.Analysis` into a
`ReportModel`: per section the chart data, the table rows, a commentary pre-filled from the
analysis (strongest, weakest, disagreements) and the toolkit's guidance grouped by rule; the
overall pattern; the key areas of weakness; the action plan rows; unattributed notes.

The terminal summary (`exports.summary`), the Markdown report (`exports.report_md`) and the HTML
report (`exports.report_html`) only lay this out. Every string here is plain, unescaped text made
one-line-safe with `exports.textsafe` where it is user or framework text: each renderer escapes it
for its own format. Stdlib only (no Rich, no pandas), so the summary starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.analysis import Analysis, Finding, FindingKind, OverallPattern, rescale, strongest_first
from accord_partnership.engine.model import Framework, Guidance, Rule, RuleCondition, Scale, Section
from accord_partnership.engine.action_sheet import ACTION_SHEET_COLUMNS, DELIVERY_PLAN_HEADINGS
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.stats import ItemStats, ResultsStats, SectionStats
from accord_partnership.exports.radar import RadarSeries
from accord_partnership.exports.report_text import clean, fmt, fmt_mean, nouns, plural
from accord_partnership.exports.textsafe import visible

if TYPE_CHECKING:  # models of a baseline and of earlier rounds: their modules load when those are asked for
    from accord_partnership.engine.compare import Comparison
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.exports.report_change import ComparisonModel
    from accord_partnership.exports.trend_report import TrendReport

#: The SCSN Action Sheet columns (as the plan CSV has them); the first two are renamed for other frameworks' vocabulary.
ACTION_COLUMNS = ACTION_SHEET_COLUMNS
#: Further fields of a fuller action plan, shown as details under the table when any is filled.
ACTION_DETAILS = tuple(DELIVERY_PLAN_HEADINGS.items())  # the delivery plan's own headings
_ITEM_NOUNS = {"feature": "feature", "statement": "statement", "theme": "theme", "question": "question", "criterion": "criterion"}
_SECTION_NOUNS = {"scorecard": "scorecard", "theme": "theme", "stage": "stage"}


# ---------------------------------------------------------------------------------------------
# The model


#: `accord report --detail`: "summary" is what a board reads, "full" keeps every per-item part.
DETAIL_LEVELS = ("summary", "full")


@dataclass(frozen=True)
class ReportParts:
    """Which parts a report shows, by detail level: every renderer (md, html, docx) asks this,
    never the level itself. Both levels keep the template's sections, each section's radar,
    commentary (strongest and weakest), agreed scores and guidance, the overall pattern, the
    change since a baseline, the recommendations and the action plan."""

    detail: str = "full"
    item_tables: bool = True  # per-item table of means, spread and answer counts
    answer_bars: bool = True  # per-item distribution of answers (bar charts)
    open_answers: bool = True  # members' written answers to open questions, in place
    notes: bool = True  # the notes appendix (unattributed)


def report_parts(detail: str = "full") -> ReportParts:
    """The parts of a report at `detail` ("summary" or "full"); ValueError for another word.

    "summary" leaves out the per-item pages (tables of answer counts, bar charts of answers,
    written answers and notes): the radar and its labels carry each item's figure."""
    if detail not in DETAIL_LEVELS:
        raise ValueError(f"detail must be {' or '.join(DETAIL_LEVELS)}, not {detail!r}")
    if detail == "summary":
        return ReportParts(detail, item_tables=False, answer_bars=False, open_answers=False, notes=False)
    return ReportParts(detail)


#: A radar draws 3 to this many spokes (the toolkits' largest scorecard has 12); a section or an
#: overall pattern with more is shown as a table only: more labels than fit around a chart are
#: unreadable, and placing them grows with the square of their number.
MAX_RADAR_AXES = 24

@dataclass
class Guide:
    """One piece of the toolkit's guidance, fired by a rule, with the items it fired for."""

    message: str  # the toolkit's words (may hold newlines and "- " sub-bullets)
    rule_id: str = ""
    items: list[str] = field(default_factory=list)  # "Induction (2.0)" for item rules
    tools: list[str] = field(default_factory=list)  # "Tool 4: The Top Ten Partnership Killers"


@dataclass
class NoteGroup:
    """Notes (unattributed, sorted) under one heading: an item or a matrix column."""

    heading: str  # item title, or a matrix column title
    notes: list[str]  # sorted, unattributed


@dataclass
class SectionView:
    """Everything a report shows for one section: its figures, items by kind, findings, notes, chart and plan entries."""

    number: int  # 1-based among the sections shown
    section: Section
    stats: SectionStats
    scale: Scale | None
    title: str
    rated: list[ItemStats]  # rated items, framework order
    yesno: list[ItemStats]
    open_items: list[ItemStats]
    commentary: list[str]
    guidance: list[Guide]
    low: list[ItemStats]  # mean below the threshold, lowest first
    disagreements: list[ItemStats]
    notes: list[NoteGroup]
    # from the action plan, when one is given
    targets: dict[str, dict[int, float]] = field(default_factory=dict)  # item id ("" = section) -> months -> score
    agreed: dict[str, tuple[int | None, str]] = field(default_factory=dict)  # item id -> (score, reason)
    target_name: str = ""  # "12-month target" when the radar shows a target polygon
    target_values: list[float | None] = field(default_factory=list)
    # from a baseline round, when one is given: its mean per rated item (None = no data)
    baseline_values: list[float | None] = field(default_factory=list)

    @property
    def charted(self) -> list[ItemStats]:
        return [i for i in self.rated if i.mean is not None]

    @property
    def radar_ok(self) -> bool:
        return 3 <= len(self.rated) <= MAX_RADAR_AXES and len(self.charted) >= 3 and self.scale is not None

    @property
    def axes(self) -> list[str]:
        return [clean(i.title) for i in self.rated]

    @property
    def values(self) -> list[float | None]:
        return [i.mean for i in self.rated]


@dataclass
class OverallView:
    """The overall pattern: each section's mean on one scale (for the radar), the commentary and guidance that apply."""

    axes: list[str]  # section titles
    values: list[float | None]  # section means (rescaled onto `scale_min..scale_max` if scales differ)
    scale_min: int
    scale_max: int
    rescaled: bool
    commentary: list[str]
    guidance: list[Guide]
    target_name: str = ""
    target_values: list[float | None] = field(default_factory=list)
    baseline_values: list[float | None] = field(default_factory=list)  # the baseline round's, rescaled alike

    @property
    def radar_ok(self) -> bool:
        return 3 <= len(self.axes) <= MAX_RADAR_AXES and sum(v is not None for v in self.values) >= 3


@dataclass
class RadarPlan:
    """What a radar draws: the main polygon and at most one second one (a radar shows two series)."""

    name: str
    values: list[float | None]
    second_name: str = ""
    second_values: list[float | None] = field(default_factory=list)
    note: str = ""  # said beside the legend: what is not drawn, and where to find it


def radar_plan(view: SectionView | OverallView, name: str, baseline_names: tuple[str, str] | None = None) -> RadarPlan:
    """The series of a section's or the overall radar. With `baseline_names` (follow-up, baseline)
    and baseline values, the baseline round takes the second polygon; a target polygon it
    displaces is named in `note` (the targets stay in the tables)."""
    has_target = bool(view.target_name and view.target_values)
    if baseline_names and any(v is not None for v in view.baseline_values):
        note = (f"The {view.target_name}s are not drawn here (a radar shows at most two series): "
                "they are in the tables.") if has_target else ""
        return RadarPlan(baseline_names[0], list(view.values), baseline_names[1], list(view.baseline_values), note)
    if has_target:
        return RadarPlan(name, list(view.values), view.target_name, list(view.target_values))
    return RadarPlan(name, list(view.values))


@dataclass
class RadarChart:
    """One radar of a report as every format draws it: axes, series, scale and caption."""

    axes: list[str]
    plan: RadarPlan
    scale_min: int
    scale_max: int
    title: str  # "Focus and Impact: mean score per feature", the caption under the chart

    @property
    def series(self) -> list[RadarSeries]:
        """The polygons to draw: the main one, and the second when there is one."""
        out = [RadarSeries(self.plan.name, self.plan.values)]
        if self.plan.second_name and self.plan.second_values:
            out.append(RadarSeries(self.plan.second_name, self.plan.second_values))
        return out


def section_radar(model: ReportModel, view: SectionView) -> RadarChart | None:
    """A section's radar in a report (md, html, docx), or None when it has too few or too many
    rated items: the means, and the baseline round's or the plan's target (`radar_plan`)."""
    if not view.radar_ok or view.scale is None:
        return None
    baseline = ("Follow-up score", "Baseline score") if model.single else ("Follow-up mean", "Baseline mean")
    plan = radar_plan(view, "Your score" if model.single else "Mean", baseline if model.comparison else None)
    what = "your scores" if model.single else "mean score per " + model.item_noun
    if plan.second_values and model.comparison:
        what += ", follow-up and baseline rounds"
    return RadarChart(view.axes, plan, view.scale.min, view.scale.max, f"{view.title}: {what}")


def overall_radar(model: ReportModel) -> RadarChart | None:
    """The overall pattern's radar (section averages on the engine's common scale), or None."""
    ov = model.overall
    if not ov.radar_ok:
        return None
    plan = radar_plan(ov, "Your average" if model.single else "Average",
                      ("Follow-up average", "Baseline average") if model.comparison else None)
    title = f"Average score per {model.section_noun}"
    if plan.second_values and model.comparison:
        title += ", follow-up and baseline rounds"
    return RadarChart([clean(a) for a in ov.axes], plan, ov.scale_min, ov.scale_max, title)


def plan_columns(view: SectionView) -> tuple[list[str], list[list[str]]]:
    """The action plan's columns of a section's item table: headings ("Agreed" when any score is
    agreed, then one per target horizon, "6-month target"...) and, per rated item in order, its
    cells (the agreed score or "N/A"; the item's own target, one decimal). A whole section's target
    is for its average, so it is said in its column's heading ("12-month target (scorecard
    average 3.5)"), never shown as each item's."""
    months = sorted({m for per in view.targets.values() for m in per})
    whole = view.targets.get("", {})
    heads = (["Agreed"] if view.agreed else []) + [
        f"{m}-month target" + (f" ({_SECTION_NOUNS.get(view.section.kind, 'section')} average {fmt(whole[m], 1)})" if m in whole else "") for m in months]
    rows = []
    for item in view.rated:
        cells = []
        if view.agreed:
            agreed = view.agreed.get(item.item_id)
            cells.append("" if agreed is None else "N/A" if agreed[0] is None else str(agreed[0]))
        for m in months:
            cells.append(fmt(view.targets.get(item.item_id, {}).get(m), 1, ""))
        rows.append(cells)
    return heads, rows


@dataclass
class ActionRow:
    """One row of the action plan table and its filled-in further fields."""

    cells: list[str]  # one per ACTION_COLUMNS entry
    details: list[tuple[str, str]]  # (label, text) of the further fields that are filled


@dataclass
class ReportModel:
    """Everything a summary or report says (`build_model`), ready for any format to draw."""

    framework: Framework
    results: MergedResults
    analysis: Analysis
    title: str
    framework_title: str
    partnership: str
    respondents: int
    single: bool
    respondent_line: str  # "8 respondents (2 anonymous)" / "One respondent's own scores"
    threshold: float
    min_group: int
    section_noun: str  # "scorecard", "theme", "stage" or "section"
    item_noun: str  # "feature", "statement", ... or "item"
    purpose_intro: str
    purpose_items: list[str]
    covering: list[str]  # section titles
    presented: str  # "It is presented in eight sections: ..."
    background: str
    sections: list[SectionView]
    overall: OverallView
    weaknesses: list[str]  # never empty: the lines under "The key areas of weakness are currently:"
    questions: Guidance | None
    action_columns: list[str]
    actions: list[ActionRow]
    plan_given: bool
    notes: list[tuple[str, list[NoteGroup]]]  # (section title, groups) for the appendix
    attribution: str
    source: str
    comparison: ComparisonModel | None = None  # a baseline round was given
    trend: TrendReport | None = None  # earlier rounds were given (`report --rounds`): the trend section
    parts: ReportParts = field(default_factory=ReportParts)  # what the detail level shows

    def section(self, section_id: str) -> SectionView:
        for view in self.sections:
            if view.section.id == section_id:
                return view
        raise KeyError(section_id)


# ---------------------------------------------------------------------------------------------
# Building it


def build_model(
    framework: Framework,
    results: MergedResults,
    analysis: Analysis,
    *,
    plan: ActionPlan | None = None,
    title: str | None = None,
    background: str = "",
    comparison: Comparison | None = None,
    paired: bool = False,
    detail: str = "full",
) -> ReportModel:
    """Everything a summary or report says. `plan` is an `engine.plan.ActionPlan` (duck-typed).

    `comparison` is an `engine.compare.Comparison` of a baseline round with these results (its
    follow-up): the radars draw the baseline and the report gains "Change since the baseline
    round". `paired` says the paired view was asked for (shown, withheld, or why there is none).
    `detail` is "summary" or "full" (`report_parts`; ValueError for another word): at summary
    level the model holds no notes appendix and `parts` tells renderers what else to leave out.
    """
    parts = report_parts(detail)
    stats = analysis.stats
    threshold = analysis.threshold
    single = bool(results.single)
    rules = {r.id: r for r in framework.rules}
    tools = _tool_names(framework)
    findings = list(analysis.findings)
    disagreements = _disagreements(analysis, findings)
    shown = [framework.section(s.section_id) for s in stats.sections]
    section_noun = _common_noun((s.kind for s in shown if s.rated_items), _SECTION_NOUNS, "section")
    item_noun = _common_noun((i.kind for s in shown for i in s.items if i.rated), _ITEM_NOUNS, "item")
    lowest_id = analysis.lowest_section.section_id if analysis.lowest_section is not None else ""

    # grouped once by section: a section's share is then found in constant time (linear in items)
    disagreements_of: dict[str, list[ItemStats]] = {}
    for d in disagreements:
        disagreements_of.setdefault(d.section_id, []).append(d)
    findings_of: dict[str, list[Any]] = {}
    for f in findings:
        if _when(f, rules) != "lowest_section":
            findings_of.setdefault(getattr(f, "section_id", ""), []).append(f)
    rule_order = {r.id: n for n, r in enumerate(framework.rules)}
    views: list[SectionView] = []
    for number, sstats in enumerate(stats.sections, 1):
        section = framework.section(sstats.section_id)
        rated = [i for i in sstats.items if _rated(section, i)]
        yesno = [i for i in sstats.items if i.kind == "yesno"]
        open_items = [i for i in sstats.items if i.kind == "open"]
        low = _below(analysis, section.id, rated)
        mine = list(disagreements_of.get(section.id, []))
        guidance = _guides(findings_of.get(section.id, []), section, sstats, tools, rule_order, threshold)
        view = SectionView(
            number=number,
            section=section,
            stats=sstats,
            scale=section.scale,
            title=clean(section.title),
            rated=rated,
            yesno=yesno,
            open_items=open_items,
            commentary=[],
            guidance=guidance,
            low=low,
            disagreements=mine,
            notes=_section_notes(framework, section, results),
        )
        _attach_plan(view, plan)
        if comparison is not None:
            view.baseline_values = _baseline_values(comparison, section.id, rated)
        view.commentary = _section_commentary(view, analysis, threshold, single, item_noun, section_noun, lowest_id == section.id, stats.min_group)
        views.append(view)

    assert analysis.overall is not None
    overall = _overall(framework, views, findings, rules, tools, single, section_noun, threshold, item_noun, analysis.overall)
    if not single:
        overall.commentary += _role_gaps(framework, results, stats.min_group)
    view_of = {v.section.id: v for v in views}
    charted = [view_of[sid] for sid in analysis.overall.section_ids if sid in view_of]  # the overall axes
    _overall_targets(overall, charted)
    if comparison is not None:
        _overall_baseline(overall, charted, comparison)
    purpose_intro, purpose_items = _purpose(framework)
    covering = [v.title for v in views]
    partnership = ", ".join(clean(p) for p in results.partnerships if p.strip())
    return ReportModel(
        framework=framework,
        results=results,
        analysis=analysis,
        title=clean(title) if title else _default_title(framework, partnership),
        framework_title=clean(framework.title),
        partnership=partnership,
        respondents=results.respondents,
        single=single,
        respondent_line=respondent_line(results),
        threshold=threshold,
        min_group=stats.min_group,
        section_noun=section_noun,
        item_noun=item_noun,
        purpose_intro=purpose_intro,
        purpose_items=purpose_items,
        covering=covering,
        presented=_presented(len(views), section_noun, comparison is not None),
        background=visible(background or "").strip(),
        sections=views,
        overall=overall,
        weaknesses=_weaknesses(views, analysis, threshold, item_noun, results, stats.min_group),
        questions=analysis.questions,
        action_columns=_action_columns(section_noun, item_noun),
        actions=_actions(framework, stats, plan, views),
        plan_given=plan is not None,
        notes=[(v.title, v.notes) for v in views if v.notes] if parts.notes else [],
        attribution=clean(framework.attribution),
        source=_source(framework),
        comparison=None if comparison is None else _comparison_model(comparison, paired, item_noun),
        parts=parts,
    )


def header_facts(model: ReportModel, date: str = "") -> list[str]:
    """The facts under a report's title, plain text: framework, partnership, respondents, date."""
    facts = [model.framework_title, model.partnership, model.respondent_line, date]
    return [f for f in facts if f]


def respondent_line(results: MergedResults) -> str:
    if results.single:
        return "one respondent's own scores"
    text = plural(results.respondents, "respondent")
    if results.anonymous:
        text += f" ({results.anonymous} anonymous)"
    return text


def _default_title(framework: Framework, partnership: str) -> str:
    return f"{partnership}: partnership self-assessment" if partnership else "Partnership self-assessment"


def _source(framework: Framework) -> str:
    src = framework.source
    text = f"{clean(src.credit)}, {clean(src.title)}"
    return text + (f". {clean(src.url)}" if src.url else "")


def _rated(section: Section, item: ItemStats) -> bool:
    try:
        return section.item(item.item_id).rated
    except KeyError:
        return False


def _below(analysis: Analysis, section_id: str, rated: list[ItemStats]) -> list[ItemStats]:
    """The section's rated items below the threshold in the analysis's one order (`Analysis.below`)."""
    ids = {i.item_id for i in rated}
    return [i for i in analysis.below(section_id) if i.item_id in ids]


def _common_noun(kinds: Iterable[str], nouns: dict[str, str], default: str) -> str:
    found = {nouns.get(k, default) for k in kinds}
    return found.pop() if len(found) == 1 else default


def _section_id(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return str(getattr(value, "section_id", "") or getattr(value, "id", ""))


def _when(finding: Finding, rules: dict[str, Rule]) -> RuleCondition | FindingKind:
    """The rule condition behind a finding ("lowest_section" also for a rule-less lowest-section finding)."""
    rule = rules.get(finding.rule_id)
    if rule is not None:
        return rule.when
    return "lowest_section" if finding.kind == "lowest-section" else finding.kind


#: finding kinds that mean "members see this item differently"
DISAGREEMENT_KINDS: frozenset[FindingKind] = frozenset({"disagreement", "polarised"})


def _disagreements(analysis: Analysis, findings: Sequence[Finding]) -> list[ItemStats]:
    """Items where members disagree: those with a disagreement or two-camps finding (a wide range
    by the framework's rule, or Accord's default), in the analysis's order (largest spread first)."""
    flagged = {(f.section_id, f.item_id) for f in findings if getattr(f, "kind", "") in DISAGREEMENT_KINDS and f.item_id}
    ranked = list(analysis.disagreements)
    out = [i for i in ranked if (i.section_id, i.item_id) in flagged]
    missing = flagged - {(i.section_id, i.item_id) for i in out}
    if missing:  # flagged items the analysis did not rank (none expected)
        for sstats in analysis.stats.sections:
            out += [i for i in sstats.items if (i.section_id, i.item_id) in missing]
    return out


def _tool_names(framework: Framework) -> dict[str, str]:
    return {t.id: clean(f"Tool {t.number}: {t.title}" if t.number else t.title) for t in framework.tools}


def _tool_label(ref: Any, tools: dict[str, str]) -> str:
    if isinstance(ref, str):
        return tools.get(ref, clean(ref))
    tool_id = getattr(ref, "id", "")
    return tools.get(tool_id) or clean(getattr(ref, "title", tool_id))


def _guides(findings: Sequence[Any], section: Section | None, sstats: SectionStats | None, tools: dict[str, str],
            rule_order: dict[str, int] | None = None, threshold: float | None = None) -> list[Guide]:
    """Group findings by rule and message: an item rule that fires for five items is said once.

    Guides follow the framework's order of rules (the toolkit's own order of advice)."""
    groups: dict[tuple[str, str], Guide] = {}
    for finding in findings:
        message = visible(str(getattr(finding, "message", "") or "")).strip()
        if not message:
            continue
        rule_id = str(getattr(finding, "rule_id", "") or "")
        guide = groups.setdefault((rule_id, message), Guide(message=message, rule_id=rule_id))
        item_id = getattr(finding, "item_id", "") or ""
        if item_id and section is not None:
            label = _item_label(section, sstats, item_id, threshold)
            if label not in guide.items:
                guide.items.append(label)
        for ref in getattr(finding, "tools", ()) or ():
            label = _tool_label(ref, tools)
            if label not in guide.tools:
                guide.tools.append(label)
    guides = list(groups.values())
    if rule_order:
        guides.sort(key=lambda g: rule_order.get(g.rule_id, len(rule_order)))
    return guides


def _item_label(section: Section, sstats: SectionStats | None, item_id: str, threshold: float | None = None) -> str:
    try:
        title = clean(section.item(item_id).title)
    except KeyError:
        title = clean(item_id)
    if sstats is not None:
        for i in sstats.items:
            if i.item_id == item_id and i.mean is not None:
                return f"{title} ({fmt_mean(i.mean, threshold)})"
    return title


def _names(items: Sequence[ItemStats], with_mean: bool = True, threshold: float | None = None) -> str:
    parts = [f"{clean(i.title)} ({fmt_mean(i.mean, threshold)})" if with_mean else clean(i.title) for i in items]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def _agreement(analysis: Analysis, item: ItemStats, scale: Scale | None, single: bool) -> str:
    """`engine.analysis.agreement_sentence` when available ("most members rated Trust 4 or 5")."""
    if single or scale is None or item.withheld or not item.counts:
        return ""
    try:
        from accord_partnership.engine.analysis import agreement_sentence
    except ImportError:  # pragma: no cover - the analysis module is part of the engine
        return ""
    try:
        sentence = agreement_sentence(item, scale)
    except Exception:  # noqa: BLE001 - commentary is a nicety; a surprise here must not stop a report
        return ""
    sentence = clean(sentence)
    return sentence[:1].upper() + sentence[1:] if sentence else ""


def _section_commentary(
    view: SectionView,
    analysis: Analysis,
    threshold: float,
    single: bool,
    item_noun: str,
    section_noun: str,
    is_lowest: bool,
    min_group: int,
) -> list[str]:
    out: list[str] = []
    charted = view.charted
    if not view.rated:
        if view.yesno:
            answered = [i for i in view.yesno if i.yes or i.no]
            nos = [i for i in answered if i.no]
            if single:
                out.append(f"You answered {len(answered)} of {len(view.yesno)} yes/no questions, {len(nos)} with \"no\".")
            elif answered:
                out.append(f"{len(nos)} of {len(view.yesno)} yes/no questions had at least one \"no\".")
        if not view.yesno and not view.open_items:
            out.append(f"This {section_noun} has no scored {nouns(item_noun)}.")
        return out
    if not charted:
        out.append("Nobody has scored this " + section_noun + " yet." if not single else "You have not scored this " + section_noun + " yet.")
        return out
    if len(charted) == len(view.rated):
        across = f"its {plural(len(charted), item_noun)}"
    else:  # only what was answered counts; say how many were not
        across = f"{len(charted)} of its {plural(len(view.rated), item_noun)} (the others have no scores)"
    mean = fmt_mean(view.stats.mean, threshold)
    if single:
        out.append(f"Your scores average {mean} across {across}.")
    else:
        out.append(f"The average score is {mean} across {across}.")
    if is_lowest and not single:
        out.append(f"This is the lowest-scoring {section_noun} overall.")
    ranked = strongest_first(charted)  # engine.analysis: ties in the framework's order
    if len(ranked) >= 2:
        top = [i for i in ranked if i.mean == ranked[0].mean][:3]
        bottom = [i for i in ranked if i.mean == ranked[-1].mean][:3]
        if ranked[0].mean == ranked[-1].mean:
            out.append(f"Every {item_noun} scored {fmt(ranked[0].mean)}{' on average' if not single else ''}.")
        else:
            verb = "is" if len(top) == 1 else "are"
            out.append(f"The strongest {nouns(item_noun) if len(top) > 1 else item_noun} {verb} {_names(top, threshold=threshold)}; "
                       f"the weakest {'are' if len(bottom) > 1 else 'is'} {_names(bottom, threshold=threshold)}.")
            for sentence in (_agreement(analysis, top[0], view.scale, single), _agreement(analysis, bottom[0], view.scale, single)):
                if sentence:
                    out.append(sentence if sentence.endswith(".") else sentence + ".")
    if view.low:
        th = fmt(threshold)
        if len(view.low) == len(charted) == len(view.rated):
            out.append(f"Every {item_noun} scored below {th}.")
        elif len(view.low) == len(charted):
            out.append(f"{'The' if len(charted) == 1 else 'All'} {plural(len(charted), item_noun)} with scores "
                       f"{'is' if len(charted) == 1 else 'are'} below {th}.")
        else:
            what = "scored" if single else "averaged"
            out.append(f"{plural(len(view.low), item_noun)} {what} below {th}: {_names(view.low, threshold=threshold)}.")
    elif not single:
        out.append(f"No {item_noun} averaged below {fmt(threshold)}.")
    if view.disagreements and not single:
        parts = []
        for i in view.disagreements:
            text = f"{clean(i.title)} (scores from {i.min} to {i.max}"
            text += ", two camps)" if i.polarised else ")"
            parts.append(text)
        joined = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else parts[0]
        out.append(f"Members see things differently on {joined}.")
    na_heavy = [i for i in view.rated if i.n_na and i.respondents and i.n_na * 4 >= i.respondents]
    if na_heavy and not single:
        out.append("Many answered N/A for " + _names(na_heavy, with_mean=False) + ".")
    if not single and withheld_note(view.rated + view.yesno, min_group):
        out.append(withheld_note(view.rated + view.yesno, min_group))
    return out


def withheld_note(items: Sequence[ItemStats], min_group: int) -> str:
    """The sentence every output prints under a section with withheld items (engine.privacy), or ""."""
    withheld = [i for i in items if i.withheld and i.kind != "open"]
    if not withheld:
        return ""
    names = ", ".join(clean(i.title) for i in withheld)
    return (f"No figure is shown for {names}: fewer than {min_group} people answered "
            "(so that no one's answers can be worked out).")


def _role_gaps(framework: Framework, results: MergedResults, min_group: int) -> list[str]:
    """Perception gaps between roles/sectors, largest first (only roles big enough to be a split)."""
    from accord_partnership.engine.analysis import gap_sentence, role_gaps

    splits, wide = role_gaps(framework, results, min_group=min_group)
    if len(splits) < 2 or not wide:
        return []
    groups = ", ".join(f"{role} ({results.roles[role]})" for role in splits)
    shown = "; ".join(gap_sentence(g) for g in wide[:3])
    more = f" and {len(wide) - 3} more" if len(wide) > 3 else ""
    return [f"Roles see some things differently (groups of {min_group} or more: {groups}): {shown}{more}."]


def _overall(
    framework: Framework,
    views: list[SectionView],
    findings: Sequence[Any],
    rules: dict[str, Any],
    tools: dict[str, str],
    single: bool,
    section_noun: str,
    threshold: float,
    item_noun: str,
    pattern: OverallPattern,
) -> OverallView:
    # the engine's overall pattern (engine.analysis.overall_pattern): which sections, which scale
    by_id = {v.section.id: v for v in views}
    scaled = [by_id[sid] for sid in pattern.section_ids if sid in by_id]
    smin, smax = pattern.scale_min, pattern.scale_max
    value_of = dict(zip(pattern.section_ids, pattern.values))
    axes, values = [v.title for v in scaled], [value_of[v.section.id] for v in scaled]
    commentary: list[str] = []
    with_mean = [(v, v.stats.mean) for v in scaled if v.stats.mean is not None]
    if with_mean:
        lo = min(with_mean, key=lambda p: (p[1], p[0].number))
        hi = max(with_mean, key=lambda p: (p[1], -p[0].number))
        item_means = [i.mean for v in scaled for i in v.charted if i.mean is not None]
        avg = sum(item_means) / len(item_means) if item_means else None
        if len(with_mean) > 1 and lo[1] != hi[1]:
            commentary.append(
                f"Across the {plural(len(with_mean), section_noun)}, average scores range from {fmt_mean(lo[1], threshold)} "
                f"({lo[0].title}) to {fmt_mean(hi[1], threshold)} ({hi[0].title})."
            )
        elif len(with_mean) > 1 and len(with_mean) == len(scaled):
            commentary.append(f"Every {section_noun} averages {fmt_mean(lo[1], threshold)}.")
        elif len(with_mean) > 1:
            unscored = ", ".join(v.title for v in scaled if v.stats.mean is None)
            commentary.append(f"The {plural(len(with_mean), section_noun)} with scores all average {fmt_mean(lo[1], threshold)} "
                              f"({unscored} {'has' if len(scaled) - len(with_mean) == 1 else 'have'} none).")
        if avg is not None:
            commentary.append(f"The average of the {plural(len(item_means), item_noun)} scored is {fmt_mean(avg, threshold)}.")
        below = [v for v, m in with_mean if m < threshold]
        if below:
            commentary.append(
                f"{plural(len(below), section_noun)} {'averages' if len(below) == 1 else 'average'} below {fmt(threshold)}: "
                + ", ".join(f"{v.title} ({fmt_mean(v.stats.mean, threshold)})" for v in below)
                + "."
            )
        lows = sum(len(v.low) for v in scaled)
        if lows:
            commentary.append(f"{plural(lows, item_noun)} {'scores' if lows == 1 else 'score'} below {fmt(threshold)} in all.")
    else:
        commentary.append("There are no scores yet.")
    if pattern.rescaled:
        commentary.append(f"The {nouns(section_noun)} use different scales; their averages are rescaled to {smin}–{smax} for this chart.")
    overall_findings = [f for f in findings if _when(f, rules) == "lowest_section" or not getattr(f, "section_id", "")]
    guidance = []
    for finding in overall_findings:
        sid = getattr(finding, "section_id", "")
        view = next((v for v in views if v.section.id == sid), None)
        for g in _guides([finding], None, None, tools):
            if view is not None:
                g.items.append(f"{view.title} ({fmt_mean(view.stats.mean, threshold)})")
            guidance.append(g)
    return OverallView(axes, values, smin, smax, pattern.rescaled, commentary, guidance)


def _attach_plan(view: SectionView, plan: ActionPlan | None) -> None:
    """Targets and agreed scores of the plan for this section."""
    if plan is None:
        return
    sid = view.section.id
    for t in plan.targets:
        if t.section_id == sid:
            view.targets.setdefault(t.item_id, {})[t.months] = t.score
    for a in plan.agreed:
        if a.section_id == sid:
            view.agreed[a.item_id] = (a.score, visible(a.reason).strip())
    for months in sorted({m for per in view.targets.values() for m in per}, reverse=True):
        whole = view.targets.get("", {}).get(months)
        values = [view.targets.get(i.item_id, {}).get(months) for i in view.rated]
        if any(v is not None for v in values):  # the items' own targets
            view.target_name = f"{months}-month target"
            view.target_values = values
            return
        if whole is not None:  # the section's, for its average: a ring, named for what it is
            view.target_name = f"{months}-month {_SECTION_NOUNS.get(view.section.kind, 'section')} target"
            view.target_values = [whole] * len(view.rated)
            return


def _overall_targets(overall: OverallView, views: list[SectionView]) -> None:
    """Whole-section targets as a second polygon on the overall radar (same months for all);
    `views` are the overall pattern's sections, in its order."""
    scaled = views
    if overall.rescaled:
        return
    for months in sorted({m for v in scaled for m in v.targets.get("", {})}, reverse=True):
        values = [v.targets.get("", {}).get(months) for v in scaled]
        if any(x is not None for x in values):
            overall.target_name = f"{months}-month target"
            overall.target_values = values
            return


def _baseline_values(comparison: Comparison, section_id: str, rated: list[ItemStats]) -> list[float | None]:
    """The baseline round's mean of each rated item (the comparison's, not recomputed)."""
    try:
        items = {i.item_id: i for i in comparison.section(section_id).items}
    except KeyError:  # not in the baseline round (a private section merged in one round only)
        return [None] * len(rated)
    return [items[i.item_id].base_mean if i.item_id in items else None for i in rated]


def _overall_baseline(overall: OverallView, views: list[SectionView], comparison: Comparison) -> None:
    """The baseline's section averages on the overall radar, rescaled as the follow-up's are;
    `views` are the overall pattern's sections, in its order."""
    values: list[float | None] = []
    for v in views:
        try:
            mean = comparison.section(v.section.id).base_mean
        except KeyError:
            mean = None
        values.append(rescale(mean, v.scale, overall.scale_min, overall.scale_max))
    overall.baseline_values = values


def _weaknesses(views: list[SectionView], analysis: Analysis, threshold: float, item_noun: str, results: MergedResults,
                min_group: int) -> list[str]:
    """"The key areas of weakness are currently:" - per section (lowest average first), its items
    below the threshold, lowest first; without any, the analysis's weakest items; then each
    section whose every rated item is withheld (not known, never an all-clear). Never empty: the
    one line every format prints when nothing is below the threshold, or, when no figure can be
    shown at all (engine.privacy), that the figures are withheld and why."""
    from accord_partnership.engine.privacy import reason, too_few_returned

    out = []
    ranked = sorted((v for v in views if v.low), key=lambda v: (v.stats.mean if v.stats.mean is not None else 0.0, v.number))
    for v in ranked:
        items = ", ".join(f"{clean(i.title)} ({fmt_mean(i.mean, threshold)})" for i in v.low)
        out.append(f"{v.title} (average {fmt_mean(v.stats.mean, threshold)}): {items}")
    by_id = {v.section.id: v for v in views}
    if not out:
        weakest = [i for i in analysis.weakest if i.section_id in by_id and i.mean is not None]
        out = [f"{clean(i.title)} ({by_id[i.section_id].title}): {fmt_mean(i.mean, threshold)}" for i in weakest]
    if not any(i.mean is not None for v in views for i in v.rated):
        why = results.withheld or too_few_returned(results.respondents, min_group)
        if why or any(i.withheld for v in views for i in v.rated):
            return [f"Not known yet: every figure is withheld ({clean(why) or reason(min_group)})."]
        return [f"Not known yet: no {item_noun} has been scored."]
    for v in views:
        if v.rated and all(i.mean is None for i in v.rated) and any(i.withheld for i in v.rated):
            out.append(f"{v.title}: not known yet, every {item_noun} is withheld ({reason(min_group)})")
    return out or [f"No {item_noun} scores below {fmt(threshold)}."]


def _purpose(framework: Framework) -> tuple[str, list[str]]:
    for g in framework.guidance:
        if g.id == "purpose":
            return visible(g.text).strip(), [clean(x) for x in g.items]
    return (
        f"{clean(framework.title)} helps a partnership to:",
        [
            "Pinpoint its strengths and weaknesses",
            "Identify actions to strengthen the partnership",
            "See if these actions have made a difference",
        ],
    )


_NUMBER_WORDS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()


def _presented(n_sections: int, noun: str, comparison: bool = False) -> str:
    total = n_sections + 2 + comparison
    word = _NUMBER_WORDS[total] if total < len(_NUMBER_WORDS) else str(total)
    change = ", a section on the change since the baseline round" if comparison else ""
    return (
        f"It is presented in {word} sections: one section for each {noun} together with a section on the "
        f"overall pattern of average scores{change} and a final section on recommendations."
    )


def _comparison_model(comparison: Comparison, paired: bool, item_noun: str) -> ComparisonModel:
    from accord_partnership.exports.report_change import comparison_model

    return comparison_model(comparison, paired=paired, item_noun=item_noun)


def _action_columns(section_noun: str, item_noun: str) -> list[str]:
    cols = list(ACTION_COLUMNS)
    cols[0] = section_noun.capitalize() if section_noun != "section" else "Section"
    cols[1] = item_noun.capitalize() if item_noun != "item" else "Item"
    return cols


def _text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return fmt(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(clean(v) for v in value if str(v).strip())
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return clean(value)


def _actions(framework: Framework, stats: ResultsStats, plan: ActionPlan | None, views: list[SectionView]) -> list[ActionRow]:
    """Rows of the action plan table; with no plan, one blank row per section (the Action Sheet)."""
    actions = list(getattr(plan, "actions", []) or []) if plan is not None else []
    if not actions:
        return [ActionRow([v.title] + [""] * (len(ACTION_COLUMNS) - 1), []) for v in views]
    rows = []
    for a in actions:
        sid = str(getattr(a, "section_id", "") or "")
        iid = str(getattr(a, "item_id", "") or "")
        try:
            section_title = clean(framework.section(sid).title)
        except KeyError:
            section_title = clean(sid)
        item = framework.find_item(sid, iid) if iid else None
        item_title = clean(item.title) if item is not None else clean(iid)
        score = getattr(a, "score", None)
        if score in (None, ""):
            score = _current_mean(stats, sid, iid)
        cells = [
            section_title,
            item_title,
            _text_of(getattr(a, "action", "")),
            _text_of(getattr(a, "responsibility", "")),
            _text_of(score),
            _text_of(getattr(a, "date_of_completion", "")),
            _text_of(getattr(a, "score_at_target", "")),
        ]
        details = [(label, _text_of(getattr(a, name, ""))) for name, label in ACTION_DETAILS]
        rows.append(ActionRow(cells, [(label, text) for label, text in details if text]))
    return rows


def _current_mean(stats: ResultsStats, section_id: str, item_id: str) -> float | None:
    try:
        if item_id:
            return stats.item(section_id, item_id).mean
        return stats.section(section_id).mean
    except KeyError:
        return None


def _section_notes(framework: Framework, section: Section, results: MergedResults) -> list[NoteGroup]:
    """Notes as the merge kept them: unattributed, and sorted so merge order reveals nobody."""
    groups = []
    for item in section.items:
        result = results.items.get((section.id, item.id))
        if result is None:
            continue
        notes = sorted(visible(n).strip() for n in result.total.notes if n.strip())
        if notes:
            groups.append(NoteGroup(clean(item.title), notes))
    titles = {c.id: c.title for c in framework.matrix_columns}
    for column_id, texts in results.matrix.get(section.id, {}).items():
        notes = sorted(visible(t).strip() for t in texts if t.strip())
        if notes:
            groups.append(NoteGroup(clean(titles.get(column_id, column_id)), notes))
    return groups


def own_descriptor(view: SectionView, item: ItemStats) -> str:
    """For one respondent's own scores: the framework's words for the level they chose."""
    if item.mean is None:
        return ""
    try:
        return clean(view.section.item(item.item_id).descriptor(int(round(item.mean))))
    except KeyError:
        return ""


def mean_band(mean: float | None, model: ReportModel, view: SectionView) -> str:
    """"low" below the acceptable score, "high" a box or more above it, else "" (for colouring)."""
    if mean is None or view.scale is None:
        return ""
    if mean < model.threshold:
        return "low"
    if mean >= min(model.threshold + 1, view.scale.max):
        return "high"
    return ""


def level_labels(scale: Scale | None) -> dict[int, str] | None:
    """Scale labels worth printing beside the numbers (not when they are the numbers)."""
    if scale is None:
        return None
    labels = {p: clean(scale.label(p)) for p in scale.points}
    return None if all(labels[p] == str(p) for p in scale.points) else labels
