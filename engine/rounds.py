"""A round of results, loaded from whatever the coordinator has, and two rounds compared.

`load_round(path)` is the one way every command, screen and the trend view reads a round:

- a folder of returned bundles (a drop folder too: its answers file, its returns register), merged
  on the fly by `engine.merge` (the report is kept on the round: what was skipped, replaced...);
- a merged results file (`accord merge --out`), a single bundle (TOML or Accord CSV: its owner's
  own results) or a drop folder's answers file;
- a survey export (CSV/TSV/.xlsx from a survey tool, or returned Excel scorecards) when a
  `SurveySource` says which framework it answers (`engine.survey`, `engine.scorecard_book`),
  merged in memory with the same rules as bundle files.

`compare_rounds(base, follow)` sets two loaded rounds side by side (`engine.compare`): both must be
of one framework and version (`engine.errors.check_same_framework`), and so must a plan.

No Textual, and no layer above the engine: a caller that must record a release passes `on_merge`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypedDict, Unpack

from accord_partnership.engine.errors import check_same_framework
from accord_partnership.engine.model import Framework
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP
from accord_partnership.engine.results import MergedResults

if TYPE_CHECKING:
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.dates import Order
    from accord_partnership.engine.compare import Comparison
    from accord_partnership.engine.merge import MergeOptions, MergeReport
    from accord_partnership.engine.plan import ActionPlan

#: `on_merge(report)`: sees a merge's report before its results are used (the release check)
MergeHook = Callable[["MergeReport"], object]


@dataclass(frozen=True)
class SurveySource:
    """How to read a survey export as a round: the framework it answers and the import's choices
    (the same as `accord import`'s options)."""

    framework: str  # framework id
    partnership: str = ""
    include_partial: bool = False
    dates: Order | None = None
    role_column: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Round:
    """One round as loaded: where it came from, its merged results and their framework.

    `report` is the merge's report when bundles were merged on the fly (files counted, skipped,
    replaced, warnings), else None (a merged file or one bundle)."""

    path: Path
    results: MergedResults
    framework: Framework
    report: MergeReport | None = None

    @property
    def key(self) -> tuple[str, str]:
        """(framework id, version): the pair two rounds must share to be compared."""
        return (self.framework.id, self.framework.version)


@dataclass(frozen=True)
class SurveyBundles:
    """What a survey export or scorecard workbook(s) hold: one bundle per respondent."""

    bundles: list[tuple[str, Bundle]]  # (where it came from: a line, a sheet row, a file; the bundle)
    warnings: list[str]
    summary: str


def survey_bundles(framework: Framework, path: str | Path, source: SurveySource) -> SurveyBundles:
    """The bundles of a survey export, or of returned scorecard workbooks (a file or a folder).

    Raises `CsvError` naming the file and line (or sheet row) for the first problem, and
    `AccordError` when no response could be imported. Rule source: `engine.survey.read_survey`,
    `engine.scorecard_book.read_scorecards`."""
    from accord_partnership.engine.errors import AccordError
    from accord_partnership.engine.scorecard_book import is_scorecard, read_scorecards
    from accord_partnership.engine.survey import read_survey
    from accord_partnership.engine.tabular import read_table

    path = Path(path)
    if path.is_dir() or is_scorecard(path):
        books = read_scorecards(framework, path, partnership=source.partnership)
        return SurveyBundles([(str(p), b) for p, b in books.bundles], books.warnings, books.summary())
    table = read_table(path, source.sheet)
    survey = read_survey(
        framework, path, partnership=source.partnership, include_partial=source.include_partial, dates=source.dates,
        role_column=source.role_column, table=table,
    )  # fmt: skip
    if not survey.bundles:
        raise AccordError(f"nothing to import: {survey.summary()}", path)
    return SurveyBundles([(f"{path.name}:{line}", b) for line, b in survey.bundles], survey.warnings, survey.summary())


class RoundOptions(TypedDict, total=False):
    """How `load_round` reads a round; every key may be left out (its default in brackets)."""

    include_private: bool | None  # keep private sections [None: a folder leaves them out, one bundle keeps them]
    with_notes: bool | None  # keep notes, unattributed [None: as for include_private]
    min_group: int  # the small-group threshold of a merge [3]
    skip_bad: bool  # a folder's bad files are listed in the report, not raised [False]
    framework: str | None  # the framework id the results must be for [None: the bundles decide]
    on_merge: MergeHook | None  # sees every merge's report before its results are used [None]
    as_round: bool  # one member's bundle is read as a round of one return (merged, small-group rule) [False]


def load_round(path: str | Path, *, survey: SurveySource | None = None, **options: Unpack[RoundOptions]) -> Round:
    """Load one round from a folder of bundles, a merged file, one bundle, or (with `survey`) a
    survey export. Bad input raises `AccordError` (a subclass: `BundleError`, `CsvError`,
    `FrameworkMismatch`, `engine.merge.NoValidBundles`) naming the file and line.

    For merged folders and survey exports, private sections and notes are left out unless asked
    for; a single bundle is its owner's own results, so they are kept unless asked not to.
    `framework` (an id) is the framework the results must be for (a folder: only its bundles are
    merged, the others listed as skipped); a folder's bundles decide it otherwise
    (`engine.merge.folder_framework`). `min_group` is the small-group threshold of a merge
    (`engine.privacy`); `on_merge(report)` sees every merge before its results are used.
    `as_round`: a single bundle is read as a partnership round holding that one return, exactly as
    a folder with it alone would be (`accord trend`: a round is a partnership's, never one member's
    own results shown in full). A refusal of `on_merge` (an AccordError without a file) names `path`.
    """
    from accord_partnership.engine.errors import AccordError
    from accord_partnership.engine.merged import load_result_file
    from accord_partnership.engine.returns import is_returns_file

    path = Path(path)
    include_private, with_notes = options.get("include_private"), options.get("with_notes")
    framework, on_merge = options.get("framework"), options.get("on_merge")
    report: MergeReport | None = None
    if survey is not None or path.is_dir() or is_returns_file(path.name):  # a drop folder's answers file is many members'
        # the merge code only for what needs merging: a merged file or a bundle is read as it is
        from accord_partnership.engine.merge import merge_bundles, merge_paths

        merge_options = _merge_options(options)
    if survey is not None:
        from accord_partnership.engine.catalog import framework_from_arg

        chosen = framework_from_arg(survey.framework)
        if framework is not None and framework != chosen.id:
            raise AccordError(f"--framework {framework} but the survey is read as {chosen.id}", path)
        found = survey_bundles(chosen, path, survey)
        report = merge_bundles(found.bundles, chosen, merge_options)
        report.warnings[:0] = found.warnings
    elif path.is_dir() or is_returns_file(path.name):
        report = merge_paths([path], merge_options)
    if report is None:
        results, found_fw = load_result_file(path, include_private, with_notes)
        if results.own and options.get("as_round", False):  # one return, merged as a folder's
            from accord_partnership.engine.merge import merge_paths

            report = merge_paths([path], _merge_options(options))
    if report is not None:
        if on_merge is not None:
            try:
                on_merge(report)
            except AccordError as exc:
                if exc.path is None:  # a release refusal: say which round it is about
                    exc.path = str(path)
                raise
        return Round(path, report.results, report.framework, report)
    if framework is not None:  # the framework chosen: any version of it is this file's own
        check_same_framework((found_fw.id, found_fw.version), (framework, found_fw.version), what="the results",
                             against="--framework", path=path)
    return Round(path, results, found_fw)


def _merge_options(options: RoundOptions) -> MergeOptions:
    """`engine.merge.MergeOptions` of `load_round`'s options (private sections and notes left out
    unless asked for)."""
    from accord_partnership.engine.merge import MergeOptions

    return MergeOptions(
        include_private=bool(options.get("include_private")), with_notes=bool(options.get("with_notes")),
        min_group=options.get("min_group", DEFAULT_MIN_GROUP), skip_bad=options.get("skip_bad", False),
        framework=options.get("framework"),
    )


def check_plan_fits(plan: ActionPlan, framework: Framework, *, against: str = "the results", path: str | Path | None = None) -> None:
    """`FrameworkMismatch` unless the plan is for this framework and version (the one rule)."""
    check_same_framework((plan.framework_id, plan.framework_version), (framework.id, framework.version),
                         what="the plan", against=against, path=path)


def compare_rounds(
    base: Round,
    follow: Round,
    *,
    paired: bool = False,
    min_group: int = DEFAULT_MIN_GROUP,
    plan: ActionPlan | None = None,
    added: Literal["follow", "base"] = "follow",
) -> Comparison:
    """The follow-up round set beside the baseline (`engine.compare.compare`), with the paired view
    (members in both rounds, bundle folders only: `engine.compare.add_paired`) when asked for and
    the plan's targets and actions when given. Both rounds, and the plan, must be of one framework
    and version: `FrameworkMismatch` otherwise, naming the file of the `added` round (the one
    given second: the follow-up for `accord compare`, the baseline for `report --baseline`)."""
    from accord_partnership.engine.compare import add_paired, compare
    from accord_partnership.engine.privacy import check_min_group

    check_min_group(min_group)
    if added == "follow":
        check_same_framework(follow.key, base.key, what="the follow-up", against="the baseline", path=follow.path)
    else:
        check_same_framework(base.key, follow.key, what="the baseline", against="the follow-up", path=base.path)
    if plan is not None:
        check_plan_fits(plan, base.framework, against="the rounds")
    comparison = compare(base.framework, base.results, follow.results, min_group=min_group, plan=plan)
    if paired:
        add_paired(comparison, base.path, follow.path, plan=plan, wholes=(base.results, follow.results))
    return comparison
