"""Analysing merged results with the framework's own interpretation rules.

What the coordinator needs first: the lowest section, the features below the threshold, the
strongest features, where members disagree (spread, consensus, two camps), the toolkit's rules
for each scorecard with their verbatim guidance and linked tools, and the toolkit's questions to
ask of the results. Proportions are described in Education Scotland's words ("most members rated
Trust 4 or 5"). Splits by role/sector follow the small-group rule per split and show perception
gaps between groups.

Everything here is computed from `engine.stats` figures, which already withhold distributions
and spreads for small groups; a withheld figure never fires a rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from accord_partnership.engine.model import Framework, Guidance, Rule, Scale, Section, Tool
from accord_partnership.engine.numbers import fmt, nouns
from accord_partnership.engine.privacy import split_min_group, too_few
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.stats import DEFAULT_MIN_GROUP, ItemStats, ResultsStats, SectionStats, check_min_group, compute_stats, proportion_words

DEFAULT_THRESHOLD = 3.0
#: findings listed before "and N more" (a list is never cut short without saying so)
MAX_LISTED = 10
#: A difference between two roles' means worth reporting: one box on the scorecard (every output).
ROLE_GAP = 1.0
#: without an `item_range_at_least` rule, scores spanning this many points count as disagreement
DEFAULT_DISAGREEMENT_RANGE = 3
QUESTIONS_ID = "questions-to-ask"

_ITEM_KIND_ORDER = {"low": 0, "answered-no": 1, "disagreement": 2, "polarised": 3, "strong": 4, "rule": 5}
_SECTION_KIND_ORDER = {"lowest-section": 0, "rule": 1}


#: What a finding is about: a section rule that fired, a low, strong or disputed item (members
#: disagree widely, or fall into two camps), the lowest-scoring section, a yes/no answered "no".
FindingKind = Literal["rule", "low", "strong", "disagreement", "polarised", "lowest-section", "answered-no"]


@dataclass(frozen=True)
class Finding:
    """One thing the analysis says about a section or item: the framework's own guidance
    (`message`) and Accord's factual sentence (`detail`)."""

    kind: FindingKind
    section_id: str
    item_id: str  # "" for section-level findings
    message: str  # verbatim guidance from the framework (rule.message) or ""
    detail: str  # Accord's factual sentence, e.g. "Trust: mean 2.40 (n=7); less than half rated it 4 or 5"
    rule_id: str = ""
    tools: tuple[str, ...] = ()


@dataclass
class Analysis:
    """What `analyse` finds in merged results: the weakest, strongest and most disputed items, the
    rules' findings and the tools they point to."""

    stats: ResultsStats
    threshold: float
    lowest_section: SectionStats | None
    weakest: list[ItemStats]  # mean < threshold, lowest first
    strongest: list[ItemStats]  # highest means first (top 3 overall, ties by id)
    disagreements: list[ItemStats]  # items with spread, sd desc (withheld items excluded)
    findings: list[Finding] = field(default_factory=list)  # section order, then item order
    tools: list[Tool] = field(default_factory=list)  # linked by fired rules / weak sections, no duplicates
    questions: Guidance | None = None
    overall: OverallPattern | None = None  # the overall pattern every chart of section averages draws

    def for_section(self, section_id: str) -> list[Finding]:
        return [f for f in self.findings if f.section_id == section_id]

    def below(self, section_id: str) -> list[ItemStats]:
        """A section's items below the threshold, in the one order of `weakest` (lowest first)."""
        return list(self._below_by_section.get(section_id, ()))

    @cached_property
    def _below_by_section(self) -> dict[str, list[ItemStats]]:
        grouped: dict[str, list[ItemStats]] = {}
        for item in self.weakest:
            grouped.setdefault(item.section_id, []).append(item)
        return grouped

    def ranked(self, section_id: str) -> list[ItemStats]:
        """A section's items with a mean, strongest first (ties in the framework's order)."""
        return strongest_first(i for i in self.stats.section(section_id).items if i.mean is not None)


# --- the read model's rules (each in one place; every output formats these) ----------------------


def below_threshold(stats: ResultsStats, threshold: float, sections: Iterable[str] | None = None) -> list[ItemStats]:
    """Items whose mean is below `threshold`, lowest first; ties keep the framework's order.

    The one order of "weakest" for the summary, reports, coordinator screen, plan file and the
    prioritising screen. `sections` limits the items to those section ids. Withheld means (None)
    are never below anything.
    """
    wanted = None if sections is None else set(sections)
    items = [i for i in stats.all_items()
             if i.mean is not None and i.mean < threshold and (wanted is None or i.section_id in wanted)]
    return sorted(items, key=lambda i: i.mean or 0.0)  # stable: stats list items in framework order


def strongest_first(items: Iterable[ItemStats]) -> list[ItemStats]:
    """Items with a mean, highest first; ties keep the order given (the framework's)."""
    return sorted((i for i in items if i.mean is not None), key=lambda i: -(i.mean or 0.0))


def next_level(section: Section, item_id: str, mean: float | None) -> tuple[int, str] | None:
    """"One box up": the scale point above the box a mean sits in, and the toolkit's words for it.

    (point, descriptor) with point = min(scale max, floor(mean) + 1); descriptor "" when the
    toolkit gives none; None without a mean or a scale. Shapes: a 2.4 on 1-5 gives (3, "...").
    """
    if mean is None or section.scale is None:
        return None
    point = min(section.scale.max, int(mean) + 1)
    return point, section.item(item_id).descriptor(point)


@dataclass(frozen=True)
class OverallPattern:
    """The overall pattern: one axis per shared (not private) section with rated items.

    `values` are section means put on `scale_min..scale_max` (the most common scale of the
    sections, ties to the widest); `rescaled` says some section's own scale differed and its mean
    was rescaled. The one rule for mixed scales: the report, `accord compare` and the
    coordinator screen all draw these values.
    """

    section_ids: tuple[str, ...]
    titles: tuple[str, ...]
    values: tuple[float | None, ...]
    scale_min: int
    scale_max: int
    rescaled: bool

    def put(self, section: Section, mean: float | None) -> float | None:
        """A mean on `section`'s own scale, put on this pattern's scale (None stays None)."""
        return rescale(mean, section.scale, self.scale_min, self.scale_max)


def rescale(mean: float | None, scale: Scale | None, lo: int, hi: int) -> float | None:
    """`mean` on `scale` mapped linearly onto lo..hi (unchanged when the scale is lo..hi)."""
    if mean is None or scale is None or (scale.min, scale.max) == (lo, hi):
        return mean
    return lo + (mean - scale.min) * (hi - lo) / (scale.max - scale.min)


def overall_pattern(framework: Framework, section_means: Iterable[tuple[str, float | None]]) -> OverallPattern:
    """The overall pattern of (section id, mean) pairs; private and unscaled sections are left out."""
    chosen = []
    for sid, mean in section_means:
        section = framework.section(sid)
        if section.private or section.scale is None or not section.rated_items:
            continue
        chosen.append((section, mean))
    counts: dict[tuple[int, int], int] = {}
    for section, _mean in chosen:
        assert section.scale is not None
        key = (section.scale.min, section.scale.max)
        counts[key] = counts.get(key, 0) + 1
    lo, hi = max(counts, key=lambda k: (counts[k], k[1] - k[0])) if counts else (1, 5)
    return OverallPattern(
        section_ids=tuple(s.id for s, _m in chosen),
        titles=tuple(s.title for s, _m in chosen),
        values=tuple(rescale(m, s.scale, lo, hi) for s, m in chosen),
        scale_min=lo,
        scale_max=hi,
        rescaled=len(counts) > 1,
    )


@dataclass(frozen=True)
class Gap:
    """A perception gap on one item (`role_splits`): the roles with the highest and lowest means, and the difference."""

    section_id: str
    item_id: str
    title: str
    high_role: str
    high_mean: float
    low_role: str
    low_mean: float
    gap: float


# --- words ---------------------------------------------------------------------------------------


def _group_words(part: int, whole: int, noun: str) -> str:
    words = proportion_words(part, whole)
    if words == "none":
        return f"no {noun}"
    if words in ("the majority",):
        return f"the majority of {noun}"
    if words == "less than half":
        return f"less than half of the {noun}"
    if words in ("few", "a few"):
        return f"a few {noun}"
    return f"{words} {noun}"


def top_points(scale: Scale) -> tuple[int, ...]:
    """The top two points of a scale ("4 or 5"), or the top one for a scale of three or fewer."""
    points = scale.points
    return points[-2:] if len(points) > 3 else points[-1:]


def _points_words(points: tuple[int, ...]) -> str:
    return " or ".join(str(p) for p in points)


def agreement_sentence(item: ItemStats, scale: Scale, noun: str = "members") -> str:
    """Education Scotland's words for how many rated an item at the top of the scale.

    "most members rated Trust 4 or 5"; for yes/no items "most members answered yes to ...";
    empty when there is nothing to describe or the distribution is withheld (small group).
    """
    if item.kind == "yesno":
        asked = item.yes + item.no
        if not asked or item.withheld:
            return ""
        return f"{_group_words(item.yes, asked, noun)} answered yes to {item.title}"
    if not item.counts or not item.n:
        return ""
    points = top_points(scale)
    part = sum(item.counts[p - scale.min] for p in points)
    return f"{_group_words(part, item.n, noun)} rated {item.title} {_points_words(points)}"


def item_detail(item: ItemStats, scale: Scale | None) -> str:
    """Accord's factual sentence about an item: "Trust: mean 2.40 (n=7); less than half rated it 4 or 5"."""
    if item.kind == "yesno":
        asked = item.yes + item.no
        if item.withheld:
            return f"{item.title}: answers withheld ({item.withheld})"
        text = f"{item.title}: {item.yes} yes, {item.no} no"
        if asked:
            text += f"; {proportion_words(item.no, asked)} answered no"
        return text
    text = f"{item.title}: mean {fmt(item.mean, 2)} (n={item.n})"
    if item.withheld:
        return text + f"; spread withheld ({item.withheld})"
    if scale is not None and item.counts and item.n:
        points = top_points(scale)
        part = sum(item.counts[p - scale.min] for p in points)
        text += f"; {proportion_words(part, item.n)} rated it {_points_words(points)}"
    return text


# --- analysis ------------------------------------------------------------------------------------


def _rule_applies(rule: Rule, section: Section) -> bool:
    return not rule.section or rule.section == section.id


def analyse(
    framework: Framework,
    results: MergedResults,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    min_group: int = DEFAULT_MIN_GROUP,
    top: int = 3,
) -> Analysis:
    check_min_group(min_group)
    stats = compute_stats(framework, results, min_group=min_group)
    order = {s.id: n for n, s in enumerate(framework.sections)}
    item_order = {(s.id, i.id): n for n, (s, i) in enumerate(framework.items())}
    items = [i for i in stats.all_items() if i.mean is not None]

    # the lowest scorecard is part of the overall pattern: a private section never is
    with_mean = [s for s in stats.shared_sections() if s.mean is not None]
    lowest = min(with_mean, key=lambda s: (s.mean, order[s.section_id])) if with_mean else None
    if lowest is not None and sum(s.mean == lowest.mean for s in with_mean) > 1:
        lowest = None  # a tie: no section is "the lowest", and no output says one is
    weakest = below_threshold(stats, threshold)
    strongest = strongest_first(items)[:top]
    disagreements = sorted(
        (i for i in items if i.sd is not None and i.sd > 0 and not i.withheld),
        key=lambda i: (-i.sd, item_order[(i.section_id, i.item_id)]),  # type: ignore[operator]
    )

    findings: list[Finding] = []
    fired_tools: list[str] = []
    has_range_rule = any(r.when == "item_range_at_least" for r in framework.rules)
    strong_ids = {(i.section_id, i.item_id) for i in strongest}
    for section_stats in stats.sections:
        section = framework.section(section_stats.section_id)
        scale = section.scale
        section_findings: list[Finding] = []
        item_findings: list[Finding] = []
        rated = [i for i in section_stats.items if i.mean is not None]
        words = _section_word(section)

        if lowest is not None and lowest.section_id == section.id and len(with_mean) > 1:
            rules = [r for r in framework.rules if r.when == "lowest_section" and _rule_applies(r, section)]
            detail = f"{section.title} has the lowest average of the {len(with_mean)} {words}: {fmt(section_stats.mean, 2)}"
            if rules:
                for rule in rules:
                    section_findings.append(Finding("lowest-section", section.id, "", rule.message, detail, rule.id, rule.tools))
            else:
                section_findings.append(Finding("lowest-section", section.id, "", "", detail))

        for rule in framework.rules:
            if not _rule_applies(rule, section):
                continue
            fired = _section_rule_detail(rule, section, section_stats, rated)
            if fired is not None:
                section_findings.append(Finding("rule", section.id, "", rule.message, fired, rule.id, rule.tools))

        for item in section_stats.items:
            key_rules = [r for r in framework.rules if _rule_applies(r, section)]
            # the partnership's acceptable score decides what is low; the toolkit's own rule
            # ("below 3.0", given as an example) lends its words to the items below both
            if item.mean is not None and item.mean < threshold:
                low_rules = [r for r in key_rules if r.when == "item_mean_below" and item.mean < r.threshold]
                if low_rules:
                    for rule in low_rules:
                        item_findings.append(Finding("low", section.id, item.item_id, rule.message, item_detail(item, scale), rule.id, rule.tools))
                else:
                    item_findings.append(Finding("low", section.id, item.item_id, "", item_detail(item, scale)))
            if item.kind == "yesno" and item.no > 0:
                no_rules = [r for r in key_rules if r.when == "yes_no_answered_no"]
                detail = item_detail(item, scale)
                if no_rules:
                    for rule in no_rules:
                        item_findings.append(Finding("answered-no", section.id, item.item_id, rule.message, detail, rule.id, rule.tools))
                else:
                    no_means = framework.section(section.id).item(item.item_id).no_means
                    item_findings.append(Finding("answered-no", section.id, item.item_id, no_means, detail))
            if item.range is not None and not item.withheld:
                range_rules = [r for r in key_rules if r.when == "item_range_at_least" and item.range >= r.threshold]
                detail = _spread_detail(item)
                for rule in range_rules:
                    item_findings.append(Finding("disagreement", section.id, item.item_id, rule.message, detail, rule.id, rule.tools))
                if not has_range_rule and item.range >= DEFAULT_DISAGREEMENT_RANGE:
                    item_findings.append(Finding("disagreement", section.id, item.item_id, "", detail))
                if item.polarised:
                    item_findings.append(
                        Finding("polarised", section.id, item.item_id, "", f"{item.title}: two camps, several low and several high scores ({_counts_words(item, scale)})")
                    )
            if (section.id, item.item_id) in strong_ids and item.mean is not None and item.mean >= threshold:
                detail = item_detail(item, scale)
                item_findings.append(Finding("strong", section.id, item.item_id, "", detail))

        item_index = {i.id: n for n, i in enumerate(section.items)}
        section_findings.sort(key=lambda f: _SECTION_KIND_ORDER.get(f.kind, 9))
        item_findings.sort(key=lambda f: (item_index[f.item_id], _ITEM_KIND_ORDER.get(f.kind, 9)))
        findings += section_findings + item_findings

    # tools: those of fired rules, then those linked to sections with weak items, in the framework's order
    for f in findings:
        fired_tools += [t for t in f.tools if t not in fired_tools]
    weak_sections = {i.section_id for i in weakest}
    for section in framework.sections:
        if section.id in weak_sections:
            fired_tools += [t for t in section.tools if t not in fired_tools]
    tool_order = {t.id: n for n, t in enumerate(framework.tools)}
    tools = [framework.tool(t) for t in sorted(set(fired_tools), key=lambda t: tool_order.get(t, 999)) if t in tool_order]

    questions = next((g for g in framework.guidance if g.id == QUESTIONS_ID), None)
    return Analysis(
        overall=overall_pattern(framework, ((s.section_id, s.mean) for s in stats.sections)),
        stats=stats,
        threshold=threshold,
        lowest_section=lowest,
        weakest=weakest,
        strongest=strongest,
        disagreements=disagreements,
        findings=findings,
        tools=tools,
        questions=questions,
    )


def _section_word(section: Section) -> str:
    return nouns(section.kind.strip() or "section")


def _spread_detail(item: ItemStats) -> str:
    return (
        f"{item.title}: scores from {item.min} to {item.max} (sd {fmt(item.sd, 2)}, consensus {fmt(item.consensus, 2)}, n={item.n})"
    )


def _counts_words(item: ItemStats, scale: Scale | None) -> str:
    if scale is None or not item.counts:
        return ""
    return ", ".join(f"{c}×{p}" for p, c in zip(scale.points, item.counts) if c)


def _section_rule_detail(rule: Rule, section: Section, stats: SectionStats, rated: list[ItemStats]) -> str | None:
    """The factual sentence for a section-level rule that fires, or None when it does not."""
    below = [i for i in rated if i.mean < rule.threshold]  # type: ignore[operator]
    when = rule.when
    if when == "always":
        return f"{section.title}: guidance for this {section.kind or 'section'}"
    if when == "any_item_below" and below:
        worst = min(below, key=lambda i: (i.mean, i.item_id))
        return f"{section.title}: {len(below)} of {len(rated)} below {rule.threshold:g} (lowest: {worst.title}, {fmt(worst.mean, 2)})"
    if when == "items_below_count" and len(below) >= max(1, rule.count):
        return f"{section.title}: {len(below)} of {len(rated)} below {rule.threshold:g}"
    if when == "section_mean_below" and stats.mean is not None and stats.mean < rule.threshold:
        return f"{section.title}: average {fmt(stats.mean, 2)}, below {rule.threshold:g}"
    if when == "section_mean_at_least" and stats.mean is not None and stats.mean >= rule.threshold:
        return f"{section.title}: average {fmt(stats.mean, 2)}, at least {rule.threshold:g}"
    if when == "item_means_spread_at_least" and len(rated) >= 2:
        low = min(rated, key=lambda i: (i.mean, i.item_id))
        high = max(rated, key=lambda i: (i.mean, i.item_id))
        spread = high.mean - low.mean  # type: ignore[operator]
        if spread >= rule.threshold - 1e-9:
            return f"{section.title}: averages range from {fmt(low.mean, 2)} ({low.title}) to {fmt(high.mean, 2)} ({high.title})"
    return None


# --- splits by role --------------------------------------------------------------------------------


def role_splits(
    framework: Framework, results: MergedResults, *, min_group: int = DEFAULT_MIN_GROUP
) -> tuple[dict[str, ResultsStats], list[Gap]]:
    """Statistics per role/sector and the perception gaps between roles, largest first.

    A role with fewer than `min_group` respondents is not a split at all (it would expose its
    members); within a split, an item answered by fewer than `min_group` of its members has its
    mean left out of the gaps.
    """
    check_min_group(min_group)
    stored = {role for result in results.items.values() for role in result.by_role}
    splits: dict[str, ResultsStats] = {}
    for role in sorted(results.roles):
        if role not in stored or too_few(results.roles[role], split_min_group(min_group, results.min_group)):
            continue
        splits[role] = compute_stats(framework, results, min_group=min_group, role=role)
    item_order = {(s.id, i.id): n for n, (s, i) in enumerate(framework.items())}
    gaps: list[Gap] = []
    if len(splits) >= 2:
        for section, item in framework.items():
            if not item.rated or (section.private and not results.include_private):
                continue
            means: list[tuple[float, str]] = []
            for role, stats in splits.items():
                s = stats.item(section.id, item.id)
                if s.mean is not None:  # withheld (engine.privacy) when too few of the role answered
                    means.append((s.mean, role))
            if len(means) < 2:
                continue
            high = min(means, key=lambda m: (-m[0], m[1]))  # ties: the alphabetically first role
            low = min(means, key=lambda m: (m[0], m[1]))
            gap = round(high[0] - low[0], 4)
            if gap > 0:
                gaps.append(Gap(section.id, item.id, item.title, high[1], high[0], low[1], low[0], gap))
    gaps.sort(key=lambda g: (-g.gap, item_order[(g.section_id, g.item_id)]))
    return splits, gaps


def role_gaps(
    framework: Framework, results: MergedResults, *, min_group: int = DEFAULT_MIN_GROUP, threshold: float = ROLE_GAP
) -> tuple[dict[str, ResultsStats], list[Gap]]:
    """`role_splits` keeping only the gaps of at least `threshold` (one box, `ROLE_GAP`), largest
    first: the perception gaps the report, the summary and the coordinator screen all list."""
    splits, gaps = role_splits(framework, results, min_group=min_group)
    return splits, [g for g in gaps if g.gap >= threshold]


def gap_sentence(gap: Gap) -> str:
    return f"{gap.title}: {gap.high_role} {fmt(gap.high_mean, 2)} vs {gap.low_role} {fmt(gap.low_mean, 2)} (gap {fmt(gap.gap, 2)})"
