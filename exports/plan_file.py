"""The action plan as text: a new plan file from the template, `accord plan list`, `accord compare`.

Every user or framework string printed to a terminal goes through `exports.textsafe` first. No
Textual, no Rich (the radar is plain text from `exports.radar`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from accord_partnership.engine.analysis import below_threshold
from accord_partnership.engine.compare import Comparison, overall_patterns
from accord_partnership.engine.model import Framework
from accord_partnership.engine.numbers import fmt, fmt_mean, fmt_signed, fmt_target
from accord_partnership.engine.plan import DEFAULT_THRESHOLD, DELIVERY_PLAN_HEADINGS, ActionPlan, feature_label
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.smart import smart_check
from accord_partnership.engine.stats import DEFAULT_MIN_GROUP, ResultsStats
from accord_partnership.exports.plan_toml import plan_to_toml
from accord_partnership.exports.textsafe import one_line

_EXAMPLE_ACTION = """\
# How an action looks (every key but section, item and action may be left out):
#
# [[actions]]
# section = "capturing-performance"          # the scorecard (`accord show FRAMEWORK` lists ids)
# item = "regular-trend-analysis"            # the feature
# action = "Establish monthly tasking meetings including wider partners"
# responsibility = "J.Bloggs"
# score = 1.0                                # the feature's mean when the action was set
# date_of_completion = "3 months"
# score_at_target = "3-4"
# strategic_objective = "SO1: better use of shared data"
# key_tasks = ["Agree the data-sharing protocol", "Set the meeting calendar"]
# milestones = ["Protocol signed", "First meeting held"]
# timescale = "Apr-Jun"
# lead_partners = "Police Scotland; council analyst"
# resources = "Analyst time, 1 day a month"
# kpi = "Trend report at every tasking meeting"
# target = "12 reports a year"
# strategic_links = "Single Outcome Agreement, outcome 9"
# in_control = true                          # within the partnership's control?
# priority = true
# effort = "quick win"                       # or "sustained"
# evidence = ["an unattributed note from the merged results"]
"""


def plan_template(plan: ActionPlan, framework: Framework, stats: ResultsStats | None = None) -> str:
    """A new plan file: the plan itself, the toolkit's steps and the features below the threshold."""
    lines = [plan_to_toml(plan, framework).rstrip("\n"), ""]
    steps = next((g for g in framework.guidance if g.id == "creating-actions"), None)
    if steps is not None and steps.items:
        lines.append(f"# {one_line(steps.title)}:")
        lines += [f"#   {n}. {one_line(text)}" for n, text in enumerate(steps.items, start=1)]
        lines.append("")
    if stats is not None:
        below = below_threshold(stats, plan.threshold)  # the one order of "weakest" (engine.analysis)
        if below:
            # a comment is kept as written: say it was true when the plan was made (the threshold can change)
            lines.append(f"# When this plan was made, features with a mean below {fmt(plan.threshold)}, lowest first (section item: mean):")
            lines += [f"#   {i.section_id} {i.item_id}: {fmt_mean(i.mean, plan.threshold)}  "
                      f"({one_line(stats.section(i.section_id).title)}: {one_line(i.title)})" for i in below]
        else:
            lines.append(f"# When this plan was made, no feature had a mean below {fmt(plan.threshold)}.")
        lines.append("")
    lines.append(_EXAMPLE_ACTION.rstrip("\n"))
    return "\n".join(lines) + "\n"




def plan_text(plan: ActionPlan, framework: Framework, stats: ResultsStats | None = None) -> str:
    """`accord plan list`: the chosen scorecards, actions by strategic objective, targets, agreed scores."""
    out: list[str] = []
    title = one_line(plan.partnership) or "Partnership"
    out.append(f"{title} — action plan ({framework.id} {framework.version}), acceptable score {fmt(plan.threshold)}")
    if plan.priorities:
        names = []
        for sid in plan.priorities:
            scorecard, _ = feature_label(framework, sid, "")
            names.append(one_line(scorecard))
        out.append("Scorecards to improve: " + "; ".join(names))
    out.append("")
    if not plan.actions:
        out.append("No actions yet: add one with `accord plan add PLAN SECTION ITEM --action ...`.")
    groups: dict[str, list[Any]] = {}
    for action in plan.actions:
        groups.setdefault(action.strategic_objective, []).append(action)
    for objective in sorted(groups, key=lambda o: (o == "", o)):
        if objective or len(groups) > 1:
            out.append(f"{DELIVERY_PLAN_HEADINGS['strategic_objective']}: {one_line(objective) or '(none named)'}")
        for action in groups[objective]:
            scorecard, feature = feature_label(framework, action.section_id, action.item_id)
            now, withheld = None, ""
            if stats is not None:
                try:
                    now = stats.item(action.section_id, action.item_id).mean
                    withheld = stats.item(action.section_id, action.item_id).withheld
                except KeyError:
                    now = None
            out.append(f"  {action.id or '-'}  {one_line(scorecard)} › {one_line(feature)}")
            out.append(f"      {one_line(action.action)}")
            heads = DELIVERY_PLAN_HEADINGS
            details = [
                ("Responsibility", action.responsibility), (heads["lead_partners"], action.lead_partners),
                ("Date of completion", action.date_of_completion), (heads["timescale"], action.timescale),
                ("Score when set", fmt(action.score, 2) if action.score is not None else ""),
                ("Score now", fmt(now, 2) if now is not None else f"withheld ({withheld})" if withheld else ""),
                ("Score at target", action.score_at_target), (heads["kpi"], action.kpi), (heads["target"], action.target),
                (heads["resources"], action.resources), (heads["strategic_links"], action.strategic_links),
            ]
            shown = [f"{k}: {one_line(v)}" for k, v in details if v]
            if shown:
                out.append("      " + " · ".join(shown))
            marks = []
            if action.in_control is not None:
                marks.append("within our control" if action.in_control else "not within our control")
            if action.priority is not None:
                marks.append("priority" if action.priority else "not a priority")
            if action.effort:
                marks.append(action.effort)
            if marks:
                out.append("      " + ", ".join(marks))
            for label, values in (("Key tasks", action.key_tasks), ("Milestones", action.milestones)):
                if values:
                    out.append(f"      {label}: " + "; ".join(one_line(v) for v in values))
            if action.evidence:
                out.append(f"      Evidence: {len(action.evidence)} note{'s' if len(action.evidence) != 1 else ''}")
                out += [f"        “{one_line(v, 110)}”" for v in action.evidence]
            missing = smart_check(action)
            if missing:
                out.append("      SMART: " + "; ".join(missing))
        out.append("")
    if plan.targets:
        out.append("Targets:")
        for target in sorted(plan.targets, key=lambda t: (t.section_id, t.item_id, t.months)):
            scorecard, feature = feature_label(framework, target.section_id, target.item_id)
            what = f"{one_line(scorecard)} › {one_line(feature)}" if feature else f"{one_line(scorecard)} (average)"
            out.append(f"  {target.months:>2} months  {fmt_target(target.score)}  {what}")
        out.append("")
    if plan.agreed:
        out.append("Agreed scores:")
        for agreed in plan.agreed:
            scorecard, feature = feature_label(framework, agreed.section_id, agreed.item_id)
            mean = ""
            if stats is not None:
                try:
                    item = stats.item(agreed.section_id, agreed.item_id)
                    mean = f" (mean withheld: {item.withheld})" if item.withheld else f" (mean {fmt(item.mean, 2)})"
                except KeyError:
                    mean = ""
            score = "n/a" if agreed.score is None else str(agreed.score)
            reason = f" — {one_line(agreed.reason)}" if agreed.reason else ""
            out.append(f"  {score}{mean}  {one_line(scorecard)} › {one_line(feature)}{reason}")
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def comparison_text(comparison: Comparison, *, ascii: bool = False, width: int = 80, radar: bool = True) -> str:
    """`accord compare`: the radar of both rounds, changes per section and item, targets, actions."""
    out: list[str] = []
    fw = comparison.framework
    out.append(one_line(fw.title, width))
    out.append(f"baseline {comparison.base_respondents} vs follow-up {comparison.follow_respondents} respondents ({comparison.label})")
    if radar and comparison.sections and not comparison.withheld:
        out += [""] + overall_radar(comparison, ascii=ascii, width=width)
    out += [""] + _view_lines(comparison, ascii)
    if comparison.paired_note or comparison.paired is not None:
        note = one_line(comparison.paired_note)
        out += ["", note[0].upper() + note[1:] if note.lower().startswith("paired view") else f"Paired view: {note}"]
        if comparison.paired is not None:
            out += [""] + _view_lines(comparison.paired, ascii)
    return "\n".join(out).rstrip("\n") + "\n"


def overall_radar(comparison: Comparison, *, ascii: bool = False, width: int = 80, height: int = 18) -> list[str]:
    """Both rounds' overall pattern (`engine.compare.overall_patterns`: the report's rule for which
    sections and which scale), with the note the report gives when scales were rescaled."""
    from accord_partnership.exports.radar import RadarSeries, render_radar

    follow_pattern, base_pattern = overall_patterns(comparison)
    follow, base = follow_pattern.values, base_pattern.values
    keep = [i for i in range(len(follow_pattern.titles)) if follow[i] is not None or base[i] is not None]
    if len(keep) < 3:
        return []
    lines = render_radar(
        [one_line(follow_pattern.titles[i]) for i in keep],
        [RadarSeries("follow-up", [follow[i] for i in keep]), RadarSeries("baseline", [base[i] for i in keep])],
        scale_min=follow_pattern.scale_min, scale_max=follow_pattern.scale_max, width=width, height=height, ascii=ascii,
    )
    if follow_pattern.rescaled:
        lines.append(f"(Averages on different scales are rescaled to {follow_pattern.scale_min}-{follow_pattern.scale_max} for this chart.)")
    return lines


def _view_lines(comparison: Comparison, ascii: bool = False) -> list[str]:
    arrow = "->" if ascii else "→"
    out = [f"{comparison.label.capitalize()}:"]
    if comparison.withheld:
        return out + [f"  withheld: {comparison.withheld}"]
    out.append(f"  {'':<44} {'base':>5} {'now':>5} {'change':>7}  {'sd':>11}")
    for section in comparison.sections:
        if section.base_mean is None and section.follow_mean is None:
            continue
        out.append(f"  {one_line(section.title, 44):<44} {fmt(section.base_mean, 2):>5} {fmt(section.follow_mean, 2):>5} {fmt_signed(section.change):>7}")
        for item in section.items:
            if item.base_mean is None and item.follow_mean is None:
                continue
            sd = f"{fmt(item.base_sd, 2)}{arrow}{fmt(item.follow_sd, 2)}" if item.base_sd is not None or item.follow_sd is not None else ""
            note = f"  ({item.withheld})" if item.withheld and not sd else ""
            out.append(f"    {one_line(item.title, 42):<42} {fmt(item.base_mean, 2):>5} {fmt(item.follow_mean, 2):>5} {fmt_signed(item.change):>7}  {sd:>11}{note}")
    if comparison.targets:
        out += ["", "  Targets:"]
        for t in comparison.targets:
            state = "no data" if t.met is None else "met" if t.met else "not met"
            out.append(f"    {state:<8} {t.months:>2} months  target {fmt_target(t.target)}, now {fmt(t.follow, 2)} (was {fmt(t.base, 2)})  {one_line(t.title)}")
    if comparison.actions:
        out += ["", "  Actions' features:"]
        for move in comparison.actions:
            out.append(f"    {move.action_id or '-':<4} {move.moved:<9} {fmt(move.base, 2)} {arrow} {fmt(move.follow, 2)}  {one_line(move.title)}: {one_line(move.action, 60)}")
    return out


def default_plan_path(results_path: str | Path) -> Path:
    """Beside the merged results: `<name>-plan.toml` (for a folder of bundles, next to the folder)."""
    path = Path(results_path)
    if path.name in ("", ".", ".."):  # `.` or `..` has no name of its own: use the folder's real one
        path = path.resolve()
    base = path.name if path.is_dir() else path.stem
    return path.parent / f"{base}-plan.toml"


def create_plan_file(
    results_path: str | Path,
    results: MergedResults,
    framework: Framework,
    *,
    out: str | Path | None = None,
    partnership: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_group: int = DEFAULT_MIN_GROUP,
) -> tuple[ActionPlan, Path]:
    """Start a plan file from the template beside the results (`accord plan init`, the TUI's `a`).

    The plan records where its results are (relative to the plan file). The file is written
    atomically and exclusively: an existing file is never replaced (`AccordError` "already exists").
    """
    import os

    from accord_partnership.engine.stats import compute_stats
    from accord_partnership.exports.atomic import write_atomic

    out = Path(out) if out else default_plan_path(results_path)
    if partnership is None:
        partnership = results.partnerships[0] if len(results.partnerships) == 1 else ""
    plan = ActionPlan.new(framework, partnership=partnership, threshold=threshold)
    try:
        plan.results = os.path.relpath(Path(results_path).resolve(), out.resolve().parent)
    except ValueError:  # another drive on Windows
        plan.results = str(Path(results_path).resolve())
    text = plan_template(plan, framework, compute_stats(framework, results, min_group=min_group))
    write_atomic(out, text, exclusive=True)
    return plan, out
