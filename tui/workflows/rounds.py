"""Round workflows: read a coordinator's folder, build the summary/report model of a round,
compare two rounds with a plan file.

Loading is `engine.rounds.load_round` (folder of bundles, merged file, one bundle, survey export);
comparing is `engine.rounds.compare_rounds`; the small-group threshold is checked by
`engine.privacy.min_group_option`. A caller that records releases passes `on_merge` (the CLI's
`tui.cli.output.release_hook`, the screen's release check). No Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP
from accord_partnership.engine.rounds import MergeHook, Round, SurveySource, compare_rounds, load_round

if TYPE_CHECKING:
    from accord_partnership.engine.analysis import Analysis, Gap
    from accord_partnership.engine.compare import Comparison
    from accord_partnership.engine.merge import MergeReport
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.engine.roster import Completion
    from accord_partnership.engine.stats import ResultsStats
    from accord_partnership.engine.trend import Trend
    from accord_partnership.exports.report_common import ReportModel

__all__ = [
    "Round", "SurveySource", "load_round", "compare_rounds", "compare_files", "report_model", "trend_of", "read_folder", "FolderView",
]


def check_threshold(threshold: float) -> float:
    """The acceptable score given on the command line: a finite number (AccordError otherwise)."""
    if not math.isfinite(threshold):
        raise AccordError("--threshold must be a number such as 3.0")
    return threshold


def compare_files(
    baseline: str | Path,
    followup: str | Path,
    *,
    paired: bool = False,
    min_group: int | None = None,
    plan_path: str | Path | None = None,
    on_merge: MergeHook | None = None,
    added: Literal["follow", "base"] = "follow",
) -> Comparison:
    """Two rounds compared (`accord compare`, the coordinator's `v`), with the plan file's targets
    and actions when `plan_path` is given. `FrameworkMismatch` when the rounds or the plan differ
    in framework or version, naming the `added` round's file (the one the user just gave: the
    follow-up for `accord compare`, the baseline for the coordinator's `v`); `AccordError` for a
    `min_group` below 2 (None: 3, `engine.privacy`)."""
    from accord_partnership.engine.plan import load_plan
    from accord_partnership.engine.privacy import min_group_for

    chosen = min_group_for(min_group)  # a bad --min-group is refused before anything is read
    plan = load_plan(plan_path) if plan_path else None
    base = load_round(baseline, on_merge=on_merge)
    follow = load_round(followup, on_merge=on_merge)
    chosen = min_group_for(min_group, base.results.min_group, follow.results.min_group)
    return compare_rounds(base, follow, paired=paired, min_group=chosen, plan=plan, added=added)


def report_model(
    path: str | Path,
    *,
    threshold: float = 3.0,
    min_group: int | None = None,
    framework: str | None = None,
    include_private: bool | None = None,
    section: str | None = None,
    plan: ActionPlan | None = None,
    baseline: str | Path | None = None,
    paired: bool = False,
    title: str | None = None,
    background: str = "",
    detail: str = "full",
    on_merge: MergeHook | None = None,
    rounds: Sequence[str | Path] = (),
) -> ReportModel:
    """The model every summary and report format draws (`exports.report_common.build_model`) for
    one round: loaded, analysed (`engine.analysis.analyse`), with the plan and, with `baseline`,
    the comparison of the earlier round with this one (`paired`: members in both, folders only);
    `detail` "summary" or "full" (`exports.report_common.report_parts`). `rounds`: earlier rounds,
    oldest first, for the report's "Trend over the rounds" (`engine.trend`; this round is the last).

    `min_group` None: `engine.privacy.min_group_for` (the merge's, never below 3). `section` must be a section of
    the results (a private one only when included). Bad input raises AccordError, structured
    where it has fields (`FrameworkMismatch` for a plan or baseline of another framework)."""
    from accord_partnership.engine.analysis import analyse
    from accord_partnership.engine.privacy import min_group_for
    from accord_partnership.engine.rounds import check_plan_fits
    from accord_partnership.exports.report_common import build_model

    check_threshold(threshold)
    found = load_round(path, include_private=include_private, framework=framework, on_merge=on_merge)
    results, fw = found.results, found.framework
    min_group = min_group_for(min_group, results.min_group)
    if section:
        try:
            chosen = fw.section(section)
        except KeyError:
            known = ", ".join(s.id for s in fw.sections if not s.private or results.include_private)
            raise AccordError(f"unknown section '{section}' in {fw.id} (known: {known})") from None
        if chosen.private and not results.include_private:
            raise AccordError(f"section '{section}' is private and not included in these results")
    if plan is not None:
        check_plan_fits(plan, fw)
    comparison = None
    if baseline:
        base = load_round(baseline, include_private=include_private, on_merge=on_merge)
        comparison = compare_rounds(base, found, paired=paired, min_group=min_group, plan=plan, added="base")
    elif paired:
        raise AccordError("--paired needs --baseline (the earlier round)")
    analysis = analyse(fw, results, threshold=threshold, min_group=min_group)
    model = build_model(fw, results, analysis, plan=plan, title=title, background=background,
                        comparison=comparison, paired=paired, detail=detail)
    if rounds:
        from accord_partnership.engine.trend import load_rounds, trend
        from accord_partnership.exports.trend_report import trend_report

        _fw, loaded = load_rounds(rounds, include_private=include_private, on_merge=on_merge, last=found)
        model.trend = trend_report(trend(fw, loaded, min_group=min_group, plan=plan),
                                   overall_title=f"Averages per {model.section_noun}")
    return model


def trend_of(
    paths: Sequence[str | Path],
    *,
    min_group: int | None = None,
    framework: str | None = None,
    include_private: bool | None = None,
    plan: ActionPlan | None = None,
    on_merge: MergeHook | None = None,
) -> Trend:
    """`accord trend`: the rounds at `paths` (oldest first) loaded and set side by side
    (`engine.trend`). `min_group` None: the largest of 3 and the rounds' own. Bad input raises
    AccordError (`FrameworkMismatch` for rounds or a plan of another framework or version)."""
    from accord_partnership.engine.privacy import min_group_for
    from accord_partnership.engine.trend import load_rounds, trend

    fw, loaded = load_rounds(paths, include_private=include_private, framework=framework, on_merge=on_merge)
    chosen = min_group_for(min_group, *(r.results.min_group for r in loaded))
    return trend(fw, loaded, min_group=chosen, plan=plan)


@dataclass(frozen=True)
class FolderView:
    """What the coordinator screen shows of a folder: the merge, the analysis, role gaps,
    completion (who, never how), and what the release check said ("" for nothing)."""

    report: MergeReport
    analysis: Analysis
    splits: dict[str, ResultsStats]
    gaps: list[Gap]
    completion: Completion
    release_note: str


def read_folder(
    folder: str | Path,
    *,
    roster: str | Path | None = None,
    include_private: bool = False,
    min_group: int = DEFAULT_MIN_GROUP,
    framework: str | None = None,
    threshold: float = 3.0,
    release: Callable[[MergeReport], str] | None = None,
) -> FolderView:
    """A coordinator's folder of returned bundles, read for the screen: bad files skipped and
    listed (a folder with nothing readable raises `engine.merge.NoValidBundles`, whose `first`
    names the first bad file), notes kept (unattributed: the plan copies them as evidence),
    `release(report)` run before any figure is used (it may withhold them and say why)."""
    from accord_partnership.engine.analysis import analyse, role_gaps
    from accord_partnership.engine.roster import completion, load_roster

    members = load_roster(roster) if roster else None
    found = load_round(folder, include_private=include_private, with_notes=True, min_group=min_group, skip_bad=True,
                       framework=framework)
    report = found.report
    assert report is not None  # a folder is always merged
    note = release(report) if release is not None else ""
    results = report.results
    analysis = analyse(report.framework, results, threshold=threshold, min_group=min_group)
    splits, gaps = role_gaps(report.framework, results, min_group=min_group)
    done = completion(results.completed, results.respondents, results.anonymous, members)
    return FolderView(report, analysis, splits, gaps, done, note)
