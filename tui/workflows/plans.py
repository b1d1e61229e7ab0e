"""Plan workflows: open or create a plan file, read its results, edit it with validation, save it.

The rules live in the engine (`engine.plan`: `agreed_score`, `target_score`, `check_feature`,
`ActionPlan.set_agreed` / `set_target`; `engine.rounds.check_plan_fits`); this module strings them
together with the files (`exports.plan_file`, `exports.plan_toml`). Used by `accord plan ...` and
the coordinator and prioritisation screens. No Textual.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from accord_partnership.engine.errors import AccordError, FrameworkMismatch
from accord_partnership.engine.plan import DEFAULT_THRESHOLD, Action, ActionPlan, PlanError, check_feature
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP

if TYPE_CHECKING:
    from accord_partnership.engine.model import Framework
    from accord_partnership.engine.rounds import Round
    from accord_partnership.engine.stats import ResultsStats


@dataclass(frozen=True)
class OpenPlan:
    """A plan as read (or just created): the plan, its framework, its file, and whether it was made now."""

    plan: ActionPlan
    framework: Framework
    path: Path
    created: bool = False


def open_plan(path: str | Path) -> OpenPlan:
    """Read and validate a plan file (`engine.plan.load_plan_with_framework`): PlanError with file:line."""
    from accord_partnership.engine.plan import load_plan_with_framework

    plan, framework = load_plan_with_framework(path)
    return OpenPlan(plan, framework, Path(path))


def create_plan(
    results_path: str | Path,
    found: Round,
    *,
    out: str | Path | None = None,
    partnership: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_group: int = DEFAULT_MIN_GROUP,
) -> OpenPlan:
    """A new plan file from the template beside the round's results (`accord plan init`).

    Never replaces a file: `PlanError` "already exists" when `out` (default: beside the results,
    `exports.plan_file.default_plan_path`) is there. `threshold` must be a finite number."""
    from accord_partnership.exports.plan_file import create_plan_file, default_plan_path

    if not math.isfinite(threshold):
        raise AccordError("--threshold must be a number such as 3.0")
    target = Path(out) if out else default_plan_path(results_path)
    if target.exists() or target.is_symlink():
        raise PlanError("already exists; not overwritten (edit it, or choose another --out)", target)
    plan, target = create_plan_file(results_path, found.results, found.framework, out=target, partnership=partnership,
                                    threshold=threshold, min_group=min_group)
    return OpenPlan(plan, found.framework, target, created=True)


def open_or_create_plan(folder: str | Path, found: Round, *, min_group: int = DEFAULT_MIN_GROUP) -> OpenPlan:
    """The plan beside a folder of bundles (`<folder>-plan.toml`), started from the template if
    there is none (the coordinator's `a`). A plan for another framework or version is refused
    (`FrameworkMismatch`, naming the plan file); a plan made meanwhile by someone else is read."""
    from accord_partnership.engine.rounds import check_plan_fits
    from accord_partnership.exports.plan_file import create_plan_file, default_plan_path

    path = default_plan_path(folder)
    created = False
    if not (path.exists() or path.is_symlink()):
        try:
            create_plan_file(folder, found.results, found.framework, out=path, min_group=min_group)
            created = True
        except AccordError:
            if not path.exists():  # not someone else's plan made a moment ago: a real failure
                raise
    opened = open_plan(path)
    check_plan_fits(opened.plan, found.framework, against="this folder", path=path)
    return OpenPlan(opened.plan, opened.framework, path, created)


def save(opened: OpenPlan | tuple[ActionPlan, Framework, Path]) -> Path:
    """Write the plan back (atomically, keeping people's comments: `exports.plan_toml.save_plan`)."""
    from accord_partnership.exports.plan_toml import save_plan

    plan, framework, path = (opened.plan, opened.framework, opened.path) if isinstance(opened, OpenPlan) else opened
    return save_plan(plan, framework, path)


# --- the plan's results ------------------------------------------------------------------------


def results_path(plan: ActionPlan, plan_path: str | Path, override: str | Path | None = None) -> Path | None:
    """Where the plan's results are: `override`, else the plan's `results` (relative to the plan file)."""
    if override:
        return Path(override)
    if plan.results:
        candidate = Path(plan.results)
        return candidate if candidate.is_absolute() else Path(plan_path).parent / candidate
    return None


@dataclass(frozen=True)
class PlanResults:
    """The plan's results as read for `accord plan list` and new actions: the round (None when
    there is none or it could not be read) and why not."""

    found: Round | None
    why_not: str = ""  # the error line when the results could not be read


def plan_results(
    opened: OpenPlan, *, override: str | Path | None = None, with_notes: bool = False, strict: bool = False,
    strict_framework: bool = False,
) -> PlanResults:
    """The round the plan was made from (or `override`). Unreadable results are a note
    (`why_not`) unless `strict`, when the error is raised. Results of another framework or version
    raise `FrameworkMismatch` when `strict_framework`, else count as none (never a wrong figure)."""
    from accord_partnership.engine.rounds import check_plan_fits, load_round

    path = results_path(opened.plan, opened.path, override)
    if path is None:
        return PlanResults(None)
    try:
        found = load_round(path, with_notes=with_notes)
    except AccordError as exc:
        if strict:
            raise
        return PlanResults(None, str(exc))
    try:
        check_plan_fits(opened.plan, found.framework, path=path)
    except FrameworkMismatch:
        if strict_framework:
            raise
        return PlanResults(None)
    return PlanResults(found)


def plan_stats(opened: OpenPlan) -> tuple[ResultsStats | None, str]:
    """Statistics of the plan's results for `accord plan list` (None when unread), and the note
    to show when they could not be read ("")."""
    from accord_partnership.engine.stats import compute_stats

    read = plan_results(opened)
    return (None if read.found is None else compute_stats(opened.framework, read.found.results)), read.why_not


# --- edits that validate ----------------------------------------------------------------------


class ActionFields(TypedDict, total=False):
    """The Action Sheet and delivery-plan fields of a new action (`engine.plan.Action`), all optional."""

    responsibility: str
    date_of_completion: str
    score_at_target: str
    key_tasks: tuple[str, ...]
    milestones: tuple[str, ...]
    timescale: str
    lead_partners: str
    resources: str
    kpi: str
    target: str
    strategic_links: str
    strategic_objective: str
    effort: str


@dataclass
class ActionDraft:
    """A new action as typed: the feature and the Action Sheet / delivery-plan fields."""

    section_id: str
    item_id: str
    action: str
    score: float | None = None  # the feature's score when set; None: its mean in the plan's results
    evidence: bool = False  # copy the feature's notes (unattributed) from the results
    results: str | None = None  # results to take the score and evidence from (default: the plan's)
    fields: ActionFields = field(default_factory=lambda: ActionFields())


@dataclass(frozen=True)
class AddedAction:
    action: Action
    notes: list[str]  # what the user should know (results not read, no notes to copy...)


def add_action(opened: OpenPlan, draft: ActionDraft) -> AddedAction:
    """Add an action to the plan and save it (`accord plan add`).

    Checks the feature (`engine.plan.check_feature`), the text, and the scores and date
    (`engine.plan.check_action`, before anything is read or written); takes the score
    (the feature's mean) and, when asked, the evidence (its notes, unattributed) from the plan's
    results. Raises PlanError / FrameworkMismatch, writing nothing, on bad input."""
    from accord_partnership.engine.stats import compute_stats

    plan, framework, where = opened.plan, opened.framework, opened.path
    check_feature(framework, draft.section_id, draft.item_id, path=where)
    if not draft.action.strip():
        raise PlanError("--action is empty: say what will be done", where)
    if draft.score is not None and not math.isfinite(draft.score):
        raise PlanError("--score must be a number", where)
    try:  # bad scores or dates stop here, before the results are read
        plan.check_action(Action(section_id=draft.section_id, item_id=draft.item_id, action=draft.action,
                                 score=draft.score, **draft.fields))
    except PlanError as exc:
        exc.path = exc.path or str(where)
        raise
    score = draft.score
    evidence: tuple[str, ...] = ()
    notes: list[str] = []
    path = results_path(plan, where, draft.results)
    if score is None or draft.evidence:
        if path is None:
            if draft.evidence:
                raise PlanError("--evidence needs results: give --results or set `results` in the plan", where)
        else:
            read = plan_results(opened, override=draft.results, with_notes=True, strict=bool(draft.evidence or draft.results),
                                strict_framework=True)
            if read.why_not:
                notes.append(f"results {path} not read; no score recorded")
            elif read.found is not None:
                results = read.found.results
                if score is None:
                    score = compute_stats(framework, results).item(draft.section_id, draft.item_id).mean
                if draft.evidence:
                    result = results.items.get((draft.section_id, draft.item_id))
                    evidence = tuple(result.total.notes) if result else ()
                    if not results.with_notes:
                        notes.append(f"{path} was merged without notes; no evidence copied")
                    elif not evidence:
                        notes.append("no one wrote a note on this feature; no evidence copied")
    action = Action(section_id=draft.section_id, item_id=draft.item_id, action=draft.action.strip(),
                    score=None if score is None else round(score, 2), evidence=evidence, **draft.fields)
    try:
        plan.add_action(action)  # the one action rule (engine.plan.check_action): nothing added on a bad field
    except PlanError as exc:
        exc.path = exc.path or str(where)
        raise
    save(opened)
    return AddedAction(action, notes)


def agree(opened: OpenPlan, section_id: str, item_id: str, score: int | str | None, reason: str = "") -> int | None:
    """Record the meeting's agreed score and save (`accord plan agree`): the score as typed
    ("4", "n/a") or given (the `g` form checks with the same rule, `engine.plan.agreed_score`). `ScoreError` (fields: kind, value, low, high) on a bad score."""
    check_feature(opened.framework, section_id, item_id, path=opened.path)
    try:
        agreed = opened.plan.set_agreed(section_id, item_id, score, reason)
    except PlanError as exc:
        exc.path = exc.path or str(opened.path)
        raise
    save(opened)
    return agreed.score


def set_targets(opened: OpenPlan, section_id: str, changes: Sequence[tuple[str, int, float | str | None]]) -> None:
    """Set or remove targets, all or none, and save (`accord plan target`; the `t` form checks
    with the same rule, `engine.plan.target_score`).

    `changes` are (item id or "" for the whole section, months, score as given or None to
    remove). Every score is checked (`engine.plan.target_score`) before any is set."""
    from accord_partnership.engine.plan import target_score

    for item_id, _months, score in changes:
        check_feature(opened.framework, section_id, item_id, allow_section=True, path=opened.path)
        scale = opened.framework.section(section_id).scale
        if score is not None:
            try:
                target_score(scale, score, section_id=section_id, item_id=item_id)
            except PlanError as exc:
                exc.path = str(opened.path)
                raise
    for item_id, months, score in changes:
        if score is None:
            opened.plan.remove_target(section_id, item_id, months)
        else:
            opened.plan.set_target(section_id, item_id, months, score)
    save(opened)
