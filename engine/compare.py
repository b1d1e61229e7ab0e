"""Follow-up rounds: did the scores move, were the targets met, did the actions' features improve?

`compare(framework, base, follow)` sets two rounds of merged results side by side: per item and
section, the change in mean and in spread (standard deviation and range), with the small-group
rule of `engine.stats` applied to each round. With a plan it also checks the targets and the
features that actions were set for.

A paired view uses only the members who answered both rounds. It needs bundle folders (merged
files hold no identities): respondents are matched by e-mail, else by name, case-insensitively (the
merge's same-respondent rule: their newest bundle in each round counts); anonymous bundles never
pair. When fewer than
`min_group` members pair, the paired view is withheld, with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NotRequired, TypedDict

from accord_partnership.engine.errors import AccordError, check_same_framework
from accord_partnership.engine.model import Framework
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.privacy import too_few
from accord_partnership.engine.stats import DEFAULT_MIN_GROUP, ItemStats, check_min_group, compute_stats

if TYPE_CHECKING:
    from accord_partnership.engine.analysis import OverallPattern
    from accord_partnership.engine.merge import MergeReport, Record
    from accord_partnership.engine.plan import ActionPlan, Target

#: A change in mean smaller than this is "no change" when saying whether a feature moved.
MOVE_EPSILON = 0.05

#: Whether an action's feature moved between the rounds (`ActionMove.moved`).
Moved = Literal["up", "down", "no change", "unknown"]


@dataclass(frozen=True)
class ItemChange:
    section_id: str
    item_id: str
    title: str
    base_mean: float | None
    follow_mean: float | None
    base_sd: float | None
    follow_sd: float | None
    base_range: int | None
    follow_range: int | None
    base_n: int
    follow_n: int
    withheld: str = ""  # why a round's spread is not shown (small group)

    @property
    def change(self) -> float | None:
        if self.base_mean is None or self.follow_mean is None:
            return None
        return round(self.follow_mean - self.base_mean, 4)

    @property
    def sd_change(self) -> float | None:
        if self.base_sd is None or self.follow_sd is None:
            return None
        return round(self.follow_sd - self.base_sd, 4)


@dataclass(frozen=True)
class SectionChange:
    section_id: str
    title: str
    base_mean: float | None
    follow_mean: float | None
    items: tuple[ItemChange, ...]

    @property
    def change(self) -> float | None:
        if self.base_mean is None or self.follow_mean is None:
            return None
        return round(self.follow_mean - self.base_mean, 4)


@dataclass(frozen=True)
class TargetCheck:
    section_id: str
    item_id: str  # "" for a whole section
    title: str
    months: int
    target: float
    base: float | None
    follow: float | None

    @property
    def met(self) -> bool | None:
        return None if self.follow is None else self.follow >= self.target - 1e-9


@dataclass(frozen=True)
class ActionMove:
    action_id: str
    action: str
    section_id: str
    item_id: str
    title: str
    score_when_set: float | None
    base: float | None
    follow: float | None

    @property
    def change(self) -> float | None:
        if self.base is None or self.follow is None:
            return None
        return round(self.follow - self.base, 4)

    @property
    def moved(self) -> Moved:
        """"up", "down", "no change" or "unknown"."""
        change = self.change
        if change is None:
            return "unknown"
        if change >= MOVE_EPSILON:
            return "up"
        if change <= -MOVE_EPSILON:
            return "down"
        return "no change"


@dataclass(frozen=True)
class PairInfo:
    """How respondents were matched across the rounds."""

    pairs: int
    only_base: int
    only_follow: int
    anonymous: int  # bundles with neither e-mail nor name (both rounds), answer sets returned with submit included
    returned: int = 0  # of those, answer sets returned with `accord submit` (anonymous by design)


@dataclass
class Comparison:
    framework: Framework
    min_group: int
    base_respondents: int
    follow_respondents: int
    sections: list[SectionChange] = field(default_factory=list)
    targets: list[TargetCheck] = field(default_factory=list)
    actions: list[ActionMove] = field(default_factory=list)
    label: str = "all respondents"
    withheld: str = ""  # the whole view is withheld (a paired group below min_group)
    paired: Comparison | None = None
    paired_note: str = ""  # why there is no paired view, or how members were matched
    pair_info: PairInfo | None = None
    base_label: str = "baseline"
    follow_label: str = "follow-up"

    def section(self, section_id: str) -> SectionChange:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)

    def item(self, section_id: str, item_id: str) -> ItemChange:
        for i in self.section(section_id).items:
            if i.item_id == item_id:
                return i
        raise KeyError(item_id)


def _spread(stats: ItemStats) -> tuple[float | None, int | None]:
    return (None, None) if stats.withheld else (stats.sd, stats.range)


def compare(
    framework: Framework,
    base: MergedResults,
    follow: MergedResults,
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    plan: ActionPlan | None = None,
    label: str = "all respondents",
) -> Comparison:
    """Compare two rounds of merged results of the same framework (rated items only)."""
    check_min_group(min_group)
    for name, results in (("the baseline", base), ("the follow-up", follow)):
        check_same_framework((results.framework_id, results.framework_version), (framework.id, framework.version),
                             what=name, against="the framework compared")
    b_stats = compute_stats(framework, base, min_group=min_group)
    f_stats = compute_stats(framework, follow, min_group=min_group)
    f_sections = {s.section_id: s for s in f_stats.sections}
    out = Comparison(framework, min_group, base.respondents, follow.respondents, label=label)
    for b_sec in b_stats.sections:
        f_sec = f_sections.get(b_sec.section_id)
        if f_sec is None:  # a private section merged in one round only
            continue
        f_items = {i.item_id: i for i in f_sec.items}
        changes = []
        for b_item in b_sec.items:
            if b_item.kind not in ("feature", "statement", "theme", "question", "criterion"):
                continue
            f_item = f_items[b_item.item_id]
            b_sd, b_range = _spread(b_item)
            f_sd, f_range = _spread(f_item)
            reasons = []
            if b_item.withheld:
                reasons.append(f"baseline: {b_item.withheld}")
            if f_item.withheld:
                reasons.append(f"follow-up: {f_item.withheld}")
            changes.append(
                ItemChange(
                    b_sec.section_id, b_item.item_id, b_item.title, b_item.mean, f_item.mean, b_sd, f_sd, b_range, f_range,
                    b_item.n, f_item.n, "; ".join(reasons),
                )
            )
        if changes:
            out.sections.append(SectionChange(b_sec.section_id, b_sec.title, b_sec.mean, f_sec.mean, tuple(changes)))
    if plan is not None:
        attach_plan(out, plan)
    return out


def attach_plan(comparison: Comparison, plan: ActionPlan) -> None:
    """Check the plan's targets and see whether its actions' features moved."""
    from accord_partnership.engine.plan import feature_label

    framework = comparison.framework
    check_same_framework((plan.framework_id, plan.framework_version), (framework.id, framework.version),
                         what="the plan", against="the results")
    comparison.targets = [_target_check(comparison, t) for t in plan.targets if _has(comparison, t.section_id)]
    comparison.actions = []
    for action in plan.actions:
        if not _has(comparison, action.section_id):
            continue
        base, follow = _values(comparison, action.section_id, action.item_id)
        scorecard, feature = feature_label(framework, action.section_id, action.item_id)
        comparison.actions.append(
            ActionMove(action.id, action.action, action.section_id, action.item_id, f"{scorecard}: {feature}", action.score, base, follow)
        )


def _has(comparison: Comparison, section_id: str) -> bool:
    return any(s.section_id == section_id for s in comparison.sections)


def _values(comparison: Comparison, section_id: str, item_id: str) -> tuple[float | None, float | None]:
    section = comparison.section(section_id)
    if not item_id:
        return section.base_mean, section.follow_mean
    for item in section.items:
        if item.item_id == item_id:
            return item.base_mean, item.follow_mean
    return None, None


def _target_check(comparison: Comparison, target: Target) -> TargetCheck:
    from accord_partnership.engine.plan import feature_label

    base, follow = _values(comparison, target.section_id, target.item_id)
    scorecard, feature = feature_label(comparison.framework, target.section_id, target.item_id)
    title = f"{scorecard}: {feature}" if feature else f"{scorecard} (average)"
    return TargetCheck(target.section_id, target.item_id, title, target.months, target.score, base, follow)


# --- pairing respondents across rounds ------------------------------------------------------


def pair_identities(base: list[str | None], follow: list[str | None]) -> tuple[list[str], PairInfo]:
    """Identity keys (`engine.roster.identity_key`) found in both rounds, sorted, and how it went.

    None is an anonymous bundle: it never pairs. A key twice in one round is one member (the
    merge counts only their newest bundle).
    """
    b_keys = {k for k in base if k is not None}
    f_keys = {k for k in follow if k is not None}
    keys = sorted(b_keys & f_keys)
    info = PairInfo(
        pairs=len(keys),
        only_base=len(b_keys - f_keys),
        only_follow=len(f_keys - b_keys),
        anonymous=sum(1 for k in base if k is None) + sum(1 for k in follow if k is None),
    )
    return keys, info


def _round_records(folder: Path, framework: Framework) -> list[Record]:
    """The bundle records of one round's folder (merged-results files in it are not bundles)."""
    from accord_partnership.engine.merge import collect_paths, read_records

    # the returns register says who returned, holds no answers: it is no bundle
    records = [r for r in read_records(collect_paths([folder]), with_notes=False, include_private=False)
               if not r.merged_file and not r.register]
    for record in records:
        if record.error:
            raise AccordError(record.error)
        check_same_framework((record.framework_id, record.framework_version), (framework.id, framework.version),
                             what="this bundle", against="the round", path=record.path)
    if not records:
        raise AccordError("no bundles in this folder", folder)
    return records


def paired_results(base_folder: Path, follow_folder: Path, framework: Framework, *, min_group: int = DEFAULT_MIN_GROUP) -> tuple[MergedResults | None, MergedResults | None, PairInfo]:
    """Merged results of only the members who answered both rounds (None, None when none did)."""
    from accord_partnership.engine.merge import MergeOptions, combine

    b_records = _round_records(base_folder, framework)
    f_records = _round_records(follow_folder, framework)
    keys, info = pair_identities([r.identity for r in b_records], [r.identity for r in f_records])
    info = replace(info, returned=sum(1 for r in b_records + f_records if r.returned))
    if not keys:
        return None, None, info
    wanted = set(keys)
    options = MergeOptions(min_group=min_group, framework=framework.id)
    base = combine([r for r in b_records if r.identity in wanted], options).results
    follow = combine([r for r in f_records if r.identity in wanted], options).results
    return base, follow, info


def pair_note(info: PairInfo) -> str:
    parts = [f"{info.pairs} member{'s' if info.pairs != 1 else ''} answered both rounds (matched by e-mail, else name)"]
    if info.only_base:
        parts.append(f"{info.only_base} only in the baseline")
    if info.only_follow:
        parts.append(f"{info.only_follow} only in the follow-up")
    if info.anonymous:
        parts.append(f"{info.anonymous} anonymous (never paired)")
    if info.returned:
        parts.append(f"{info.returned} answer set{'s' if info.returned != 1 else ''} returned with `accord submit` "
                     "(these never pair: nothing in them says whose they are; docs/merged-format.md)")
    return "; ".join(parts)


def compare_paths(
    base_path: str | Path,
    follow_path: str | Path,
    *,
    paired: bool = False,
    min_group: int = DEFAULT_MIN_GROUP,
    plan: ActionPlan | None = None,
    on_merge: Callable[[MergeReport], object] | None = None,
) -> Comparison:
    """Load two rounds (`engine.rounds.load_round`) and compare them (`engine.rounds.compare_rounds`).

    `on_merge(report)` sees each folder's merge (the CLI's release check, engine.releases)."""
    from accord_partnership.engine.rounds import compare_rounds, load_round

    check_min_group(min_group)
    base = load_round(base_path, on_merge=on_merge)
    follow = load_round(follow_path, on_merge=on_merge)
    return compare_rounds(base, follow, paired=paired, min_group=min_group, plan=plan)


def add_paired(
    comparison: Comparison,
    base_path: Path,
    follow_path: Path,
    *,
    plan: ActionPlan | None = None,
    wholes: tuple[MergedResults, MergedResults] | None = None,
) -> None:
    """Attach the paired view (or the reason there is none) to a comparison of all respondents.

    `wholes` are the two rounds' all-respondents results shown beside it: the paired view is
    withheld where the members outside it are more than none but fewer than `min_group`, in a
    round or per item (the whole minus the paired part would be their answers: engine.privacy).
    """
    framework, min_group = comparison.framework, comparison.min_group
    # name the round, not the file: this note goes into reports that are circulated
    not_folders = [name for name, p in (("the baseline", base_path), ("the follow-up", follow_path)) if not p.is_dir()]
    if not_folders:
        comparison.paired_note = (
            "paired view needs bundle folders: merged results hold no identities "
            f"({' and '.join(not_folders)} {'is' if len(not_folders) == 1 else 'are'} merged results, not a folder of bundles)"
        )
        return
    base, follow, info = paired_results(base_path, follow_path, framework, min_group=min_group)
    comparison.pair_info = info
    comparison.paired_note = pair_note(info)
    label = "paired (members in both rounds)"
    if base is None or follow is None or too_few(info.pairs, min_group) or not info.pairs:
        comparison.paired = Comparison(
            framework, min_group, info.pairs, info.pairs, label=label,
            withheld=f"only {info.pairs} member{'s' if info.pairs != 1 else ''} answered both rounds, "
            f"fewer than {min_group}: the paired view is withheld so no one's change can be singled out",
        )
        return
    if wholes is not None:
        from accord_partnership.engine.privacy import parts_leave_few, withhold_part

        for name, whole, part in (("baseline", wholes[0], base), ("follow-up", wholes[1], follow)):
            if parts_leave_few(whole.respondents, part.respondents, min_group):
                rest = whole.respondents - part.respondents
                comparison.paired = Comparison(
                    framework, min_group, info.pairs, info.pairs, label=label,
                    withheld=f"{rest} member{'s' if rest != 1 else ''} of the {name} round did not answer both rounds, "
                    f"fewer than {min_group}: beside the all-respondents view, the paired view would give "
                    "their answers away by subtraction",
                )
                return
            withhold_part(part, whole, framework, min_group)
    comparison.paired = compare(framework, base, follow, min_group=min_group, plan=plan, label=label)


# --- plain values for reports and JSON -------------------------------------------------------


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


class TargetColumns(TypedDict):
    target_6: float | None
    target_12: float | None
    target_met: bool | None  # the latest-due target's: 12 months if set, else 6


class ComparisonRow(TargetColumns):
    """One row of `comparison_rows`: a section's average (item "") or one of its items."""

    view: str
    section: str
    section_title: str
    item: str
    item_title: str
    baseline_mean: float | None
    followup_mean: float | None
    change: float | None
    baseline_sd: float | None
    followup_sd: float | None
    sd_change: float | None
    baseline_range: int | None
    followup_range: int | None
    baseline_n: int
    followup_n: int
    withheld: str
    actions: list[str]  # ids of the actions set for this feature


class TargetJson(TypedDict):
    section: str
    item: str
    title: str
    months: int
    target: float
    baseline: float | None
    followup: float | None
    met: bool | None


class ActionJson(TypedDict):
    id: str
    action: str
    section: str
    item: str
    title: str
    score_when_set: float | None
    baseline: float | None
    followup: float | None
    change: float | None
    moved: Moved


class ComparisonJson(TypedDict):
    """`accord compare --json` (`comparison_to_dict`)."""

    framework: str
    framework_version: str
    view: str
    min_group: int
    baseline_respondents: int
    followup_respondents: int
    withheld: str
    rows: list[ComparisonRow]
    targets: list[TargetJson]
    actions: list[ActionJson]
    paired: NotRequired[ComparisonJson]
    paired_note: NotRequired[str]


def comparison_rows(comparison: Comparison) -> list[ComparisonRow]:
    """One row per section (item = "") followed by its items, as plain values.

    Keys: view, section, section_title, item, item_title, baseline_mean, followup_mean, change,
    baseline_sd, followup_sd, sd_change, baseline_range, followup_range, baseline_n, followup_n,
    withheld, target_6, target_12, target_met (True/False/None for the latest-due target: 12 months
    if set, else 6), actions (ids of actions set for this feature).
    """
    if comparison.withheld:
        return []
    targets: dict[tuple[str, str, int], TargetCheck] = {(t.section_id, t.item_id, t.months): t for t in comparison.targets}
    actions: dict[tuple[str, str], list[str]] = {}
    for move in comparison.actions:
        actions.setdefault((move.section_id, move.item_id), []).append(move.action_id)

    def target_cols(section_id: str, item_id: str) -> TargetColumns:
        t6 = targets.get((section_id, item_id, 6))
        t12 = targets.get((section_id, item_id, 12))
        latest = t12 or t6
        return {
            "target_6": None if t6 is None else t6.target,
            "target_12": None if t12 is None else t12.target,
            "target_met": None if latest is None else latest.met,
        }

    rows: list[ComparisonRow] = []
    for section in comparison.sections:
        rows.append({
            "view": comparison.label, "section": section.section_id, "section_title": section.title, "item": "",
            "item_title": "", "baseline_mean": _r(section.base_mean), "followup_mean": _r(section.follow_mean),
            "change": _r(section.change), "baseline_sd": None, "followup_sd": None, "sd_change": None,
            "baseline_range": None, "followup_range": None, "baseline_n": comparison.base_respondents,
            "followup_n": comparison.follow_respondents, "withheld": "", **target_cols(section.section_id, ""),
            "actions": actions.get((section.section_id, ""), []),
        })
        for item in section.items:
            rows.append({
                "view": comparison.label, "section": section.section_id, "section_title": section.title,
                "item": item.item_id, "item_title": item.title, "baseline_mean": _r(item.base_mean),
                "followup_mean": _r(item.follow_mean), "change": _r(item.change), "baseline_sd": _r(item.base_sd),
                "followup_sd": _r(item.follow_sd), "sd_change": _r(item.sd_change), "baseline_range": item.base_range,
                "followup_range": item.follow_range, "baseline_n": item.base_n, "followup_n": item.follow_n,
                "withheld": item.withheld, **target_cols(section.section_id, item.item_id),
                "actions": actions.get((section.section_id, item.item_id), []),
            })
    return rows


def comparison_to_dict(comparison: Comparison) -> ComparisonJson:
    """Everything for `accord compare --json`."""
    out: ComparisonJson = {
        "framework": comparison.framework.id,
        "framework_version": comparison.framework.version,
        "view": comparison.label,
        "min_group": comparison.min_group,
        "baseline_respondents": comparison.base_respondents,
        "followup_respondents": comparison.follow_respondents,
        "withheld": comparison.withheld,
        "rows": comparison_rows(comparison),
        "targets": [
            {"section": t.section_id, "item": t.item_id, "title": t.title, "months": t.months, "target": t.target,
             "baseline": _r(t.base), "followup": _r(t.follow), "met": t.met}
            for t in comparison.targets
        ] if not comparison.withheld else [],
        "actions": [
            {"id": m.action_id, "action": m.action, "section": m.section_id, "item": m.item_id, "title": m.title,
             "score_when_set": _r(m.score_when_set), "baseline": _r(m.base), "followup": _r(m.follow),
             "change": _r(m.change), "moved": m.moved}
            for m in comparison.actions
        ] if not comparison.withheld else [],
    }
    if comparison.paired is not None:
        out["paired"] = comparison_to_dict(comparison.paired)
    if comparison.paired_note:
        out["paired_note"] = comparison.paired_note
    return out


def overall_patterns(comparison: Comparison) -> tuple[OverallPattern, OverallPattern]:
    """(follow-up, baseline) overall patterns of the two rounds' section means, by the one rule of
    `engine.analysis.overall_pattern` (the report's): shared sections only, mixed scales rescaled
    onto the most common one. Both patterns have the same axes and scale."""
    from accord_partnership.engine.analysis import overall_pattern

    framework = comparison.framework
    follow = overall_pattern(framework, ((s.section_id, s.follow_mean) for s in comparison.sections))
    base = overall_pattern(framework, ((s.section_id, s.base_mean) for s in comparison.sections))
    return follow, base
