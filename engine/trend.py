"""More than two rounds: the averages per round, per scorecard and overall (`accord trend`).

`trend(framework, rounds)` sets any number of rounds of merged results side by side, oldest first.
Nothing is averaged here that the engine does not already average: each round's figures are its
`engine.stats.compute_stats` figures (an item's mean; a scorecard's average, the mean of its item
means) and its overall pattern (`engine.analysis.overall_pattern`: the shared scorecards'
averages, rescaled onto one scale when their scales differ). The small-group rule
(`engine.privacy`) applies to each round as it does to one: a withheld figure is None here, with
the reason. A plan adds its targets: an item's own to the item, a scorecard's to its average (a
scorecard's target is for its average, so it is never shown as each feature's).

`load_rounds(paths)` reads the rounds with `engine.rounds.load_round` (folders of returns, merged
files, a bundle) and refuses rounds of different frameworks or versions with one line naming the
file (`engine.errors.check_same_framework`, the one rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.analysis import OverallPattern, overall_pattern
from accord_partnership.engine.errors import AccordError, check_same_framework
from accord_partnership.engine.model import Framework
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP, check_min_group, too_few_returned
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.stats import ResultsStats, compute_stats

from accord_partnership.engine.rounds import MergeHook, Round

if TYPE_CHECKING:
    from accord_partnership.engine.plan import ActionPlan

#: the plan's target periods, in months (engine.plan.Target.months)
TARGET_MONTHS = (6, 12)


@dataclass(frozen=True)
class RoundInfo:
    """One round as the trend shows it: `label` is "R1", "R2"... in the order given (oldest first);
    `name` the folder's or file's name; `note` why it shows no figure at all ("" when it does);
    `min_group` the threshold its figures were withheld under (a file merged with a higher one
    than the view asks for keeps its own: what it withheld cannot be shown)."""

    label: str
    name: str
    path: Path
    respondents: int
    note: str = ""
    min_group: int = DEFAULT_MIN_GROUP  # the round's own threshold: the view's, or its merge's when higher


@dataclass(frozen=True)
class Series:
    """One line of the trend: a feature's mean or a scorecard's average in each round.

    `values` has one entry per round (None: nothing answered, or withheld; `withheld` then says
    why, else ""). `targets` maps months (6, 12) to the plan's target, on the same scale as the
    values."""

    key: str  # item id, or section id for a scorecard's average
    title: str
    values: tuple[float | None, ...]
    withheld: tuple[str, ...]
    targets: dict[int, float] = field(default_factory=dict)

    @property
    def change(self) -> float | None:
        """The last round's value minus the first round's (None unless both have one)."""
        if not self.values or self.values[0] is None or self.values[-1] is None:
            return None
        return round(self.values[-1] - self.values[0], 4)

    @property
    def target(self) -> tuple[int, float] | None:
        """(months, score) of the latest-due target (12 months if set, else 6), or None."""
        for months in sorted(self.targets, reverse=True):
            return months, self.targets[months]
        return None


@dataclass(frozen=True)
class SectionTrend:
    """A scorecard over the rounds: its average (`average`) and each rated feature (`items`), on
    its own scale `scale_min..scale_max`."""

    section_id: str
    title: str
    scale_min: int
    scale_max: int
    average: Series
    items: tuple[Series, ...]


@dataclass(frozen=True)
class OverallTrend:
    """The overall pattern over the rounds: one series per shared scorecard, its averages put on
    `scale_min..scale_max` (`rescaled`: some scorecard's own scale differed)."""

    series: tuple[Series, ...]
    scale_min: int
    scale_max: int
    rescaled: bool


@dataclass
class Trend:
    framework: Framework
    min_group: int
    rounds: list[RoundInfo]
    sections: list[SectionTrend]
    overall: OverallTrend
    plan_given: bool = False
    warnings: list[str] = field(default_factory=list)  # said on stderr: rounds whose dates run backwards

    def section(self, section_id: str) -> SectionTrend:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)


def trend(
    framework: Framework,
    rounds: Sequence[Round],
    *,
    min_group: int = DEFAULT_MIN_GROUP,
    plan: ActionPlan | None = None,
) -> Trend:
    """The trend over `rounds` (oldest first, at least two) of one framework and version.

    Raises AccordError for fewer than two rounds, `FrameworkMismatch` (engine.errors) for a round
    or a plan of another framework or version (naming the round's file). ValueError for
    `min_group` below 2.
    """
    from accord_partnership.engine.rounds import check_plan_fits

    check_min_group(min_group)
    if len(rounds) < 2:
        raise AccordError("a trend needs at least two rounds (oldest first)")
    for r in rounds:
        check_same_framework((r.results.framework_id, r.results.framework_version), (framework.id, framework.version),
                             what="this round", against="the first round", path=r.path)
    if plan is not None:
        check_plan_fits(plan, framework, against="the rounds")
    thresholds = [max(min_group, r.results.min_group) for r in rounds]
    stats = [compute_stats(framework, _as_partnership(r.results), min_group=m) for r, m in zip(rounds, thresholds)]
    infos = [
        RoundInfo(f"R{n}", _name(r.path), r.path, r.results.respondents,
                  r.results.withheld or too_few_returned(r.results.respondents, m), m)
        for n, (r, m) in enumerate(zip(rounds, thresholds), 1)
    ]
    sections = _sections(framework, stats, plan)
    patterns = [overall_pattern(framework, ((s.section_id, s.mean) for s in st.sections)) for st in stats]
    return Trend(framework, min_group, infos, sections, _overall(framework, patterns, sections), plan is not None,
                 _order_warnings(rounds, infos))


def _saved_up_to(found: Round) -> float | None:
    """When a round's newest answer set was saved (a folder's bundles), or None (not known)."""
    if found.report is None:
        return None
    times = [r.updated for r in found.report.records if not r.error and not r.register and r.updated]
    return max(times) if times else None


def _order_warnings(rounds: Sequence[Round], infos: list[RoundInfo]) -> list[str]:
    """A line for each round given after one whose answers are newer (rounds go oldest first)."""
    from datetime import datetime, timezone

    def day(t: float) -> str:
        return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%d")

    out = []
    known = [(info, t) for info, r in zip(infos, rounds) if (t := _saved_up_to(r)) is not None]
    for (a, ta), (b, tb) in zip(known, known[1:]):
        if tb < ta:
            out.append(f"rounds are read oldest first, but {a.label} {a.name} (answers saved up to {day(ta)}) is newer "
                       f"than {b.label} {b.name} (up to {day(tb)}): the changes run backwards")
    return out


def _answers(results: MergedResults) -> tuple[int, list[tuple[object, ...]]]:
    """What a round's figures are made of: its respondents and every item's counts."""
    return results.respondents, sorted(
        (key, tuple(sorted(r.total.counts.items())), r.total.n_na, r.total.yes, r.total.no) for key, r in results.items.items()
        if r.total.counts or r.total.n_na or r.total.yes or r.total.no
    )


def _as_partnership(results: MergedResults) -> MergedResults:
    """A round is a partnership's: one member's own results (`MergedResults.own`, shown to that
    member in full elsewhere) count as one answer set here, under the small-group rule."""
    from dataclasses import replace

    return replace(results, own=False) if results.own else results


def _name(path: Path) -> str:
    return path.name if path.is_dir() else path.stem or path.name


def _sections(framework: Framework, stats: list[ResultsStats], plan: ActionPlan | None) -> list[SectionTrend]:
    shown: list[str] = []
    for st in stats:  # every section any round holds, in the framework's order
        shown += [s.section_id for s in st.sections if s.section_id not in shown]
    out: list[SectionTrend] = []
    for section in framework.sections:
        if section.id not in shown or section.scale is None or not section.rated_items:
            continue
        per_round = [_find(st, section.id) for st in stats]
        items = []
        for item in section.rated_items:
            values, reasons = [], []
            for sst in per_round:
                found = next((i for i in sst.items if i.item_id == item.id), None) if sst is not None else None
                values.append(None if found is None else found.mean)
                reasons.append("" if found is None else found.withheld)
            items.append(Series(item.id, _title(per_round, item.id, item.title), tuple(values), tuple(reasons),
                                _targets(plan, section.id, item.id)))
        average = Series(
            section.id, section.title, tuple(None if s is None else s.mean for s in per_round),
            tuple(_all_withheld(s) for s in per_round), _targets(plan, section.id),
        )
        out.append(SectionTrend(section.id, section.title, section.scale.min, section.scale.max, average, tuple(items)))
    return out


def _find(stats: ResultsStats, section_id: str) -> Any:
    return next((s for s in stats.sections if s.section_id == section_id), None)


def _title(per_round: list[Any], item_id: str, fallback: str) -> str:
    """The item's title as the stats show it (Accord's own titles carry their mark)."""
    for sst in per_round:
        for i in (sst.items if sst is not None else ()):
            if i.item_id == item_id:
                return str(i.title)
    return fallback


def _all_withheld(section_stats: Any) -> str:
    """Why a round's scorecard has no average: the small-group reason when some of its rated
    items were withheld (and none has a mean), else "" (nothing answered)."""
    if section_stats is None or section_stats.mean is not None:
        return ""
    return next((i.withheld for i in section_stats.items if i.withheld and i.kind not in ("open", "yesno")), "")


def _targets(plan: ActionPlan | None, section_id: str, item_id: str = "") -> dict[int, float]:
    """The plan's targets (months -> score) of an item, or with `item_id` "" of a scorecard's
    average: each its own (a scorecard's target is for its average, never shown as each feature's)."""
    if plan is None:
        return {}
    out: dict[int, float] = {}
    for months in TARGET_MONTHS:
        found = plan.target_for(section_id, item_id, months)
        if found is not None:
            out[months] = found.score
    return out


def _overall(framework: Framework, patterns: list[OverallPattern], sections: list[SectionTrend]) -> OverallTrend:
    first = patterns[0]
    averages = {s.section_id: s.average for s in sections}
    series = []
    for n, sid in enumerate(first.section_ids):
        section = framework.section(sid)
        values = tuple(p.values[p.section_ids.index(sid)] if sid in p.section_ids else None for p in patterns)
        average = averages.get(sid)
        targets = {} if average is None else {m: v for m, t in average.targets.items()
                                              if (v := first.put(section, t)) is not None}
        series.append(Series(sid, first.titles[n], values, average.withheld if average else ("",) * len(patterns), targets))
    return OverallTrend(tuple(series), first.scale_min, first.scale_max, any(p.rescaled for p in patterns))


# --- reading the rounds ----------------------------------------------------------------------


def load_rounds(
    paths: Sequence[str | Path],
    *,
    include_private: bool | None = None,
    framework: str | None = None,
    on_merge: MergeHook | None = None,
    last: Round | None = None,
) -> tuple[Framework, list[Round]]:
    """Read each round (`engine.rounds.load_round`: a folder of returns, a merged file, a bundle),
    oldest first. A round is a partnership's: a member's own bundle counts as a round of that one
    return (`as_round`: merged as a folder holding it alone would be, so the small-group rule
    withholds its figures, and the round's line says so), and check they are all of one framework and version (`FrameworkMismatch`
    naming the file otherwise). `last` is a round already loaded that ends the list (a report's
    own results: `report --rounds`); given again as the last path, it is not read twice.
    AccordError for a round given twice (by its path, or the same answers again: a folder and its
    merged file, or the report's own results among the earlier rounds) or fewer than two rounds."""
    from accord_partnership.engine.rounds import load_round

    wanted = [Path(p) for p in paths]
    if last is not None and wanted and wanted[-1].resolve() == last.path.resolve():
        wanted.pop()
    if last is not None and last.results.own:  # a member's own results: one return in a trend
        last = load_round(last.path, include_private=include_private, framework=framework, on_merge=on_merge, as_round=True)
    seen: set[Path] = set() if last is None else {last.path.resolve()}
    loaded: list[Round] = []
    expected = None if last is None else last.key
    for path in wanted:
        key = path.resolve()
        if key in seen:
            raise AccordError("is given twice: each round once, oldest first", path)
        seen.add(key)
        found = load_round(path, include_private=include_private, framework=framework, on_merge=on_merge, as_round=True)
        if expected is None:
            expected = found.key
        else:
            check_same_framework(found.key, expected, what="this round", path=path,
                                 against="the first round" if last is None else "the report's results")
        _check_not_again(found, loaded)
        loaded.append(found)
    if last is not None:
        _check_not_again(last, loaded)
        loaded.append(last)
    if len(loaded) < 2:
        raise AccordError("a trend needs at least two rounds, oldest first"
                          + (" (the report's own results are the last)" if last is not None else ""))
    return loaded[0].framework, loaded


def _check_not_again(found: Round, loaded: list[Round]) -> None:
    """AccordError (naming the file) when `found` holds the very answers of a round already given."""
    mine = _answers(found.results)
    if not mine[1]:
        return
    for earlier in loaded:
        if _answers(earlier.results) == mine:
            raise AccordError(f"holds the same answers as {earlier.path} (the same round given twice): "
                              "each round once, oldest first", found.path)
