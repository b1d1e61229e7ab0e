"""The report's "Change since the baseline round", from an `engine.compare.Comparison`.

Display strings only: every figure comes from `engine.compare` (`comparison_rows`), nothing is
recomputed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord_partnership.engine.compare import Comparison, ComparisonRow

from accord_partnership.exports.report_text import clean, fmt, plural
from accord_partnership.engine.numbers import fmt_signed


@dataclass
class ChangeRow:
    """One line of a change table: a section's average (`average`) or one item; display strings."""

    title: str
    base: str  # baseline mean, 2 decimals ("–" without data)
    follow: str
    change: str  # signed, 2 decimals: "+0.40", "-0.25", "0.00"
    sd_change: str  # signed, or "–" (withheld by the small-group rule, or no data)
    target: str  # "yes", "no", "no data", or "—" without a target ("" when no plan has targets)
    average: bool = False
    rising: bool | None = None  # True up, False down, None unchanged/unknown (for colour)


@dataclass
class ChangeSection:
    title: str
    rows: list[ChangeRow]
    actions: list[str]  # "A1 Hold a workshop — Trust moved up: 1.67 → 4.00 (+2.33)"
    withheld: list[str]  # "Shared Vision (baseline: fewer than 3 answers)": spread not compared


@dataclass
class ChangeView:
    """One view of the comparison (all respondents, or only members in both rounds)."""

    label: str  # "all respondents" / "paired (members in both rounds)"
    counts: str  # "6 respondents in the baseline round and 5 in the follow-up"
    withheld: str  # the whole view is withheld, and why
    sections: list[ChangeSection]
    targets: bool  # a plan with targets: the tables have a "Target met" column


@dataclass
class ComparisonModel:
    """The report's "Change since the baseline round", from an `engine.compare.Comparison`."""

    all: ChangeView
    paired_asked: bool
    paired: ChangeView | None  # None: no paired view (see `paired_note`)
    paired_note: str  # how members were matched, or why there is no paired view
    min_group: int
    item_noun: str


signed = fmt_signed  # one rule for a change: engine.numbers.fmt_signed (half up, "0.00" for none)


def comparison_model(comparison: Comparison, *, paired: bool = False, item_noun: str = "item") -> ComparisonModel:
    """"Change since the baseline round" from an `engine.compare.Comparison` (its values, as
    `engine.compare.comparison_rows` gives them; nothing is recomputed here)."""
    paired_view = None if comparison.paired is None else _change_view(comparison.paired)
    return ComparisonModel(
        all=_change_view(comparison),
        paired_asked=paired,
        paired=paired_view,
        paired_note=clean(comparison.paired_note),
        min_group=comparison.min_group,
        item_noun=item_noun,
    )


def _change_view(comparison: Comparison) -> ChangeView:
    from accord_partnership.engine.compare import MOVE_EPSILON, comparison_rows

    counts = (f"{plural(comparison.base_respondents, 'respondent')} in the baseline round and "
              f"{comparison.follow_respondents} in the follow-up")
    label = clean(comparison.label)
    if comparison.withheld:
        return ChangeView(label, counts, clean(comparison.withheld), [], False)
    has_targets = bool(comparison.targets)

    def two(value: float | None) -> str:
        return fmt(value, 2)

    def target(row: ComparisonRow) -> str:
        if not has_targets:
            return ""
        if row["target_6"] is None and row["target_12"] is None:
            return "—"
        met = row["target_met"]
        return "no data" if met is None else "yes" if met else "no"

    def rising(change: float | None) -> bool | None:
        if change is None or abs(change) < MOVE_EPSILON:
            return None
        return change > 0

    sections: dict[str, ChangeSection] = {}
    for row in comparison_rows(comparison):
        if row["baseline_mean"] is None and row["followup_mean"] is None:
            if row["item"] and row["withheld"] and row["section"] in sections:  # the small-group rule: say so
                sections[row["section"]].withheld.append(f"{clean(row['item_title'])} ({clean(row['withheld'])})")
            continue  # nobody scored it in either round
        sid = row["section"]
        if not row["item"]:
            sections[sid] = ChangeSection(clean(row["section_title"]), [], [], [])
            title, sd = "Average", ""
        elif sid not in sections:
            continue  # items of a section without an average in either round (none expected)
        else:
            title, sd = clean(row["item_title"]), signed(row["sd_change"])
            if row["withheld"] and row["sd_change"] is None:
                sections[sid].withheld.append(f"{title} ({clean(row['withheld'])})")
        sections[sid].rows.append(ChangeRow(
            title=title, base=two(row["baseline_mean"]), follow=two(row["followup_mean"]), change=signed(row["change"]),
            sd_change=sd, target=target(row), average=not row["item"], rising=rising(row["change"]),
        ))
    for move in comparison.actions:
        section = sections.get(move.section_id)
        if section is None:
            continue
        if move.item_id:
            try:
                feature = clean(comparison.item(move.section_id, move.item_id).title)
            except KeyError:
                feature = clean(move.item_id)
        else:
            feature = f"{section.title} average"
        head = f"{clean(move.action_id)} {clean(move.action)}".strip()
        moved = {"up": "moved up", "down": "moved down", "no change": "did not move"}.get(move.moved)
        section.actions.append(
            f"{head} — {feature} {moved}: {fmt(move.base, 2)} → {fmt(move.follow, 2)} ({signed(move.change)})"
            if moved and move.change is not None else f"{head} — {feature}: not known (no scores in a round)"
        )
    return ChangeView(label, counts, "", list(sections.values()), has_targets)
