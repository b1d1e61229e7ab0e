"""The partnership action plan: what the partnership will do about its scores, and what it aims for.

It merges the SCSN Action Sheet (scorecard, feature, action, responsibility, score, date of
completion, score at target) with the columns of a delivery plan (strategic objective, key tasks,
milestones, timescale, lead/partners, resources, KPI, target, strategic links). Beside the actions
it keeps the guided prioritisation (chosen scorecards, per-feature marks), the agreed (consensus)
scores of a meeting, target scores for 6 and 12 months, and answers to the interactive tools.

A plan is a hand-editable TOML file beside the merged results (format: docs/plan-format.md).
`load_plan` validates it with `file:line` errors; `exports.plan_toml` writes it (keeping people's
comments and layout) and turns it into CSV. No Textual here.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Literal

# the plan's columns live in a module of their own: reports (and `accord summary`) need them, not the plan code
from accord_partnership.engine.action_sheet import ACTION_SHEET_COLUMNS as ACTION_SHEET_COLUMNS
from accord_partnership.engine.action_sheet import DELIVERY_PLAN_HEADINGS as DELIVERY_PLAN_HEADINGS
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.model import Framework, Scale, Section
from accord_partnership.engine.textio import FileChecks, ToolAnswers, load_toml

PLAN_FORMAT = "accord-plan"
PLAN_FORMAT_VERSION = 1
DEFAULT_THRESHOLD = 3.0
EFFORTS = ("quick win", "sustained")
TARGET_MONTHS = (6, 12)


class PlanError(AccordError):
    """A plan file is malformed or does not fit its framework."""


ScoreKind = Literal["agreed", "target"]


class ScoreError(PlanError):
    """A score the plan cannot take (`agreed_score`, `target_score`). Fields: `kind` ("agreed" or
    "target"), `value` as given, the scale's `low` and `high`, `allow_na`, and the feature
    (`section_id`, `item_id`; item "" for a whole section). Forms show their own words from the
    fields; the CLI prints the message."""

    def __init__(
        self, kind: ScoreKind, value: object, low: int, high: int, *, allow_na: bool = False,
        section_id: str = "", item_id: str = "", path: str | Path | None = None, line: int | None = None,
    ) -> None:
        self.kind, self.value, self.low, self.high, self.allow_na = kind, value, low, high, allow_na
        self.section_id, self.item_id = section_id, item_id
        if kind == "agreed":
            na = ' or "n/a"' if allow_na else ""
            message = f"agreed score must be a whole number {low}-{high}{na}, not {value!r}"
        else:
            message = f"target must be a number {low}-{high}, not {value!r}"
        super().__init__(message, path, line)


_NA_WORDS = ("n/a", "na")


def agreed_score(
    scale: Scale | None, value: object, *, section_id: str = "", item_id: str = "", from_text: bool = True
) -> int | None:
    """The one rule for an agreed score: a whole number on the item's scale, or N/A (None) where the
    scale allows it. `value` as the command line or a form gives it: an int, or text ("4", "n/a");
    with `from_text=False` (a plan file) only "n/a" may be text. Raises `ScoreError` otherwise (a
    section without a scale takes no score)."""
    low, high, allow_na = (scale.min, scale.max, scale.allow_na) if scale is not None else (0, 0, False)
    number: object = value
    if isinstance(value, str):
        raw = value.strip().lower()
        if raw in _NA_WORDS and allow_na:
            return None
        number = int(raw) if from_text and raw.isascii() and raw.lstrip("-").isdigit() else None
    if scale is None or isinstance(number, bool) or not isinstance(number, int) or not scale.contains(number):
        raise ScoreError("agreed", value, low, high, allow_na=allow_na, section_id=section_id, item_id=item_id)
    return number


def target_score(
    scale: Scale | None, value: object, *, section_id: str = "", item_id: str = "", from_text: bool = True
) -> float:
    """The one rule for a target score: a finite number within the section's scale (a target may
    fall between two boxes: 3.5). `value` an int, a float or (unless `from_text=False`: a plan
    file) text ("3.5"). Raises `ScoreError`."""
    low, high = (scale.min, scale.max) if scale is not None else (0, 0)
    number: object = value
    if isinstance(value, str) and from_text:
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if (scale is None or isinstance(number, bool) or not isinstance(number, (int, float))
            or not math.isfinite(number) or not scale.min <= number <= scale.max):
        raise ScoreError("target", value, low, high, section_id=section_id, item_id=item_id)
    return float(number)


ActionField = Literal["score", "score_at_target", "date_of_completion"]

#: How the messages name an action's checked fields (the Action Sheet's own headings).
ACTION_FIELD_LABELS: dict[str, str] = {"score": "Score", "score_at_target": "Score at target", "date_of_completion": "Date of completion"}


class ActionFieldError(PlanError):
    """An action field the plan cannot take (`check_action`). Fields: `field` (the `Action`
    attribute: "score", "score_at_target" or "date_of_completion"), `value` as given, and the
    scale's `low` and `high` (0 for a date). Forms show the message under the field; the CLI
    prints it (one line naming the field)."""

    def __init__(self, field_name: ActionField, value: object, message: str, *, low: int = 0, high: int = 0,
                 path: str | Path | None = None, line: int | None = None) -> None:
        self.field, self.value, self.low, self.high = field_name, value, low, high
        super().__init__(f"{ACTION_FIELD_LABELS[field_name]} {message}, not {value!r}", path, line)


_RANGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:(?:-|–|to)\s*(\d+(?:\.\d+)?)\s*)?$")
_DURATION = re.compile(r"^(?:in\s+|within\s+)?(?:\d+|a|an|one|two|three|four|five|six|nine|twelve|eighteen)\s+"
                       r"(?:day|week|month|year)s?$", re.IGNORECASE)
_MONTH_YEAR = re.compile(r"^(?:(?:end\s+of|by)\s+)?(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<y>\d{4})$", re.IGNORECASE)
_QUARTER = re.compile(r"^Q[1-4]\s*\d{4}(?:[/-]\d{2,4})?$", re.IGNORECASE)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def action_score(scale: Scale | None, value: object) -> float | None:
    """The one rule for an action's `score` (the feature's score when the action was set): None,
    or a finite number within the section's scale. Raises `ActionFieldError`."""
    if value is None:
        return None
    low, high = (scale.min, scale.max) if scale is not None else (0, 0)
    if (isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value)
            or (scale is not None and not scale.min <= value <= scale.max)):
        raise ActionFieldError("score", value, f"must be a number {low}-{high}", low=low, high=high)
    return float(value)


def score_at_target_text(scale: Scale | None, value: str) -> str:
    """The one rule for an action's "Score at target" as the Action Sheet has it: empty, a score
    ("4", "3.5") or a range ("3-4", low first) within the section's scale. Returns the text
    stripped. Raises `ActionFieldError`."""
    text = value.strip()
    if not text:
        return ""
    low, high = (scale.min, scale.max) if scale is not None else (0, 0)
    match = _RANGE.match(text)
    numbers = [float(n) for n in match.groups() if n is not None] if match else []
    if (not numbers or (scale is not None and not all(low <= n <= high for n in numbers))
            or (len(numbers) == 2 and numbers[0] > numbers[1])):
        raise ActionFieldError("score_at_target", value, f"must be a score {low}-{high} or a range such as {low + 1}-{low + 2}",
                               low=low, high=high)
    return text


def completion_date(value: str) -> str:
    """The one rule for an action's "Date of completion": empty, a date (`2027-03-31`, `31/03/2027`
    read day first, `31 Mar 2027`: `engine.dates.parse_datetime`), a month or quarter
    (`March 2027`, `Q3 2027`) or a time from now (`3 months`, `6 weeks`). Returns the text
    stripped. Raises `ActionFieldError`."""
    from accord_partnership.engine.dates import DateProblem, parse_datetime

    text = " ".join(value.split())
    if not text or _DURATION.match(text) or _QUARTER.match(text):
        return text
    month = _MONTH_YEAR.match(text)
    if month and month.group("mon")[:3].lower() in _MONTH_NAMES:
        return text
    try:
        parse_datetime(text, "dmy")
    except DateProblem:
        raise ActionFieldError("date_of_completion", value,
                               "must be a date (2027-03-31), a month (March 2027) or a time from now (3 months)") from None
    return text


def check_action(action: Action, scale: Scale | None) -> Action:
    """The action with its checked fields as the rules give them (`action_score`,
    `score_at_target_text`, `completion_date`); the one check used by `ActionPlan.add_action` /
    `replace_action`, the plan loader, `accord plan add` and the action form. Raises
    `ActionFieldError` naming the first bad field."""
    from dataclasses import replace

    return replace(action, score=action_score(scale, action.score),
                   score_at_target=score_at_target_text(scale, action.score_at_target),
                   date_of_completion=completion_date(action.date_of_completion))


@dataclass
class Action:
    """One row of the action plan, tied to the feature (section_id, item_id) it should improve."""

    section_id: str
    item_id: str
    action: str
    responsibility: str = ""
    score: float | None = None  # the feature's mean when the action was set
    date_of_completion: str = ""
    score_at_target: str = ""  # as the Action Sheet has it: "3-4", "4"...
    key_tasks: tuple[str, ...] = ()
    milestones: tuple[str, ...] = ()
    timescale: str = ""
    lead_partners: str = ""
    resources: str = ""
    kpi: str = ""
    target: str = ""
    strategic_links: str = ""
    strategic_objective: str = ""
    in_control: bool | None = None
    priority: bool | None = None
    effort: str = ""  # "quick win" or "sustained"
    evidence: tuple[str, ...] = ()  # notes behind it, copied unattributed from merged results
    id: str = ""  # short stable id ("A1"), given on save; lets people and commands name an action


@dataclass
class Target:
    """A target score for a feature, or for a whole section (item_id == "")."""

    section_id: str
    item_id: str
    months: int
    score: float


@dataclass
class AgreedScore:
    """The score a meeting agreed for an item (None: agreed not applicable), and why."""

    section_id: str
    item_id: str
    score: int | None
    reason: str = ""


@dataclass
class FeatureMark:
    """The prioritisation marks of one feature, whether or not it has actions yet."""

    section_id: str
    item_id: str
    in_control: bool | None = None
    priority: bool | None = None
    effort: str = ""

    def is_empty(self) -> bool:
        return self.in_control is None and self.priority is None and not self.effort


@dataclass
class ActionPlan:
    """A partnership's action plan file: actions, targets, agreed scores, priorities and tool answers for one framework."""

    framework_id: str
    framework_version: str
    partnership: str = ""
    threshold: float = DEFAULT_THRESHOLD
    actions: list[Action] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    agreed: list[AgreedScore] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)  # ids of the scorecards chosen to improve
    tools: dict[str, ToolAnswers] = field(default_factory=dict)  # answers to the interactive tools, by tool id
    marks: list[FeatureMark] = field(default_factory=list)
    results: str = ""  # the merged results this plan was made from (relative to the plan file)
    #: the framework the plan was made or read with: its scales check every edit (never saved)
    framework: Framework | None = field(default=None, repr=False, compare=False)

    @classmethod
    def new(cls, framework: Framework, *, partnership: str = "", threshold: float = DEFAULT_THRESHOLD, results: str = "") -> ActionPlan:
        """An empty plan for `framework` (its edits are checked against its scales)."""
        return cls(framework_id=framework.id, framework_version=framework.version, partnership=partnership,
                   threshold=threshold, results=results, framework=framework)

    def _scale(self, section_id: str, item_id: str, *, allow_section: bool = False) -> Scale | None:
        """The scale of a feature (or a whole section) this plan's edits are checked against."""
        if self.framework is None:
            raise PlanError("this plan has no framework to check its scores against (ActionPlan.new / load_plan)")
        check_feature(self.framework, section_id, item_id, allow_section=allow_section)
        return self.framework.section(section_id).scale

    # --- queries ---------------------------------------------------------------------------

    def actions_for(self, section_id: str, item_id: str) -> list[Action]:
        return [a for a in self.actions if a.section_id == section_id and a.item_id == item_id]

    def action_by_id(self, action_id: str) -> Action | None:
        for action in self.actions:
            if action.id == action_id:
                return action
        return None

    def agreed_for(self, section_id: str, item_id: str) -> AgreedScore | None:
        for agreed in self.agreed:
            if agreed.section_id == section_id and agreed.item_id == item_id:
                return agreed
        return None

    def target_for(self, section_id: str, item_id: str, months: int) -> Target | None:
        for target in self.targets:
            if (target.section_id, target.item_id, target.months) == (section_id, item_id, months):
                return target
        return None

    def mark_for(self, section_id: str, item_id: str) -> FeatureMark:
        """The feature's marks (a fresh, unsaved one when it has none)."""
        for mark in self.marks:
            if mark.section_id == section_id and mark.item_id == item_id:
                return mark
        for action in self.actions_for(section_id, item_id):  # a hand-written action may carry them
            return FeatureMark(section_id, item_id, action.in_control, action.priority, action.effort)
        return FeatureMark(section_id, item_id)

    # --- changes ---------------------------------------------------------------------------

    def set_mark(self, section_id: str, item_id: str, **changes: bool | str | None) -> FeatureMark:
        """Change in_control / priority / effort of a feature, and of its actions with it."""
        unknown = set(changes) - {"in_control", "priority", "effort"}
        if unknown:
            raise TypeError(f"unknown mark {sorted(unknown)}")
        if "effort" in changes and changes["effort"] not in ("", *EFFORTS):
            raise ValueError(f"effort must be one of {EFFORTS}")
        mark = self.mark_for(section_id, item_id)
        if mark not in self.marks:
            self.marks.append(mark)
        for key, value in changes.items():
            setattr(mark, key, value)
            for action in self.actions_for(section_id, item_id):
                setattr(action, key, value)
        return mark

    def check_action(self, action: Action) -> Action:
        """The action checked against its feature's scale (`check_action`): raises
        `ActionFieldError` (or `PlanError` for an unknown feature); the plan is not changed."""
        return check_action(action, self._scale(action.section_id, action.item_id))

    def replace_action(self, old: Action, new: Action) -> Action:
        """Put `new` (checked: `check_action`) in the place of `old`. Raises `ActionFieldError`
        and changes nothing on a bad field."""
        new = self.check_action(new)
        self.actions[self.actions.index(old)] = new
        return new

    def add_action(self, action: Action) -> Action:
        """Append an action, checked first (`check_action`: raises `ActionFieldError` and adds
        nothing on a bad field); it inherits the feature's marks unless it has its own, and gets an id."""
        checked = self.check_action(action)
        action.score, action.score_at_target, action.date_of_completion = (
            checked.score, checked.score_at_target, checked.date_of_completion)
        mark = self.mark_for(action.section_id, action.item_id)
        for key in ("in_control", "priority"):
            if getattr(action, key) is None:
                setattr(action, key, getattr(mark, key))
        if not action.effort:
            action.effort = mark.effort
        if not action.id:
            action.id = self.next_action_id()
        self.actions.append(action)
        return action

    def next_action_id(self) -> str:
        """One more than the highest "A<n>" in use (ids of deleted actions are not reused at once)."""
        numbers = [int(a.id[1:]) for a in self.actions if a.id[:1] == "A" and a.id[1:].isdigit()]
        return f"A{max(numbers, default=0) + 1}"

    def set_agreed(self, section_id: str, item_id: str, score: int | str | None, reason: str = "") -> AgreedScore:
        """Record the meeting's agreed score for a rated item: a whole number on its scale, or
        None / "n/a" where the scale allows N/A (`agreed_score`). Raises `ScoreError` (or
        `PlanError` for an unknown feature) and changes nothing on a bad score."""
        scale = self._scale(section_id, item_id)
        score = agreed_score(scale, "n/a" if score is None else score, section_id=section_id, item_id=item_id)
        found = self.agreed_for(section_id, item_id)
        if found is None:
            found = AgreedScore(section_id, item_id, score, reason)
            self.agreed.append(found)
        else:
            found.score, found.reason = score, reason
        return found

    def set_target(self, section_id: str, item_id: str, months: int, score: float | str) -> Target:
        """Set the `months` (6 or 12) target for a feature, or a whole section (item ""): a number
        within the section's scale (`target_score`). Raises `ScoreError` / `PlanError`."""
        if months not in TARGET_MONTHS or isinstance(months, bool):
            raise PlanError(f"a target is for 6 or 12 months, not {months!r}")
        scale = self._scale(section_id, item_id, allow_section=True)
        score = target_score(scale, score, section_id=section_id, item_id=item_id)
        found = self.target_for(section_id, item_id, months)
        if found is None:
            found = Target(section_id, item_id, months, score)
            self.targets.append(found)
        else:
            found.score = score
        return found

    def remove_target(self, section_id: str, item_id: str, months: int) -> bool:
        found = self.target_for(section_id, item_id, months)
        if found is not None:
            self.targets.remove(found)
        return found is not None

    def toggle_priority_section(self, section_id: str) -> bool:
        """Choose or un-choose a scorecard to improve; returns whether it is now chosen."""
        if section_id in self.priorities:
            self.priorities.remove(section_id)
            return False
        self.priorities.append(section_id)
        return True


def plan_to_dict(plan: ActionPlan) -> dict[str, object]:
    """The plan as plain values (`accord plan list --json`): every saved field, never its framework."""
    from dataclasses import asdict, replace

    data = asdict(replace(plan, framework=None))
    del data["framework"]
    return data


# --- values for charts and reports ---------------------------------------------------------


def target_values(plan: ActionPlan, framework: Framework, section_id: str, months: int) -> list[float | None]:
    """One target per rated item of the section, in framework order, for the radar's second polygon.

    An item's own target wins; otherwise a whole-section target applies to every item (the
    polygon is then a ring at that score); otherwise None (a gap).
    """
    section = framework.section(section_id)
    whole = plan.target_for(section_id, "", months)
    values: list[float | None] = []
    for item in section.rated_items:
        own = plan.target_for(section_id, item.id, months)
        values.append(own.score if own else whole.score if whole else None)
    return values


def section_target_values(plan: ActionPlan, framework: Framework, months: int, *, include_private: bool = False) -> list[float | None]:
    """One whole-section target per section (the overall radar), None where none is set."""
    out: list[float | None] = []
    for section in framework.sections:
        if section.private and not include_private:
            continue
        found = plan.target_for(section.id, "", months)
        out.append(found.score if found else None)
    return out


def feature_label(framework: Framework, section_id: str, item_id: str) -> tuple[str, str]:
    """(scorecard title, feature title) for display; ids when the framework lacks them."""
    try:
        section = framework.section(section_id)
    except KeyError:
        return section_id, item_id
    if not item_id:
        return section.title, ""
    try:
        return section.title, section.item(item_id).title
    except KeyError:
        return section.title, item_id


# --- reading -------------------------------------------------------------------------------

_TOP_KEYS = {
    "format", "format_version", "framework", "framework_version", "partnership", "threshold",
    "results", "priorities", "features", "actions", "targets", "agreed", "tools",
}
_STR_FIELDS = (
    "action", "responsibility", "date_of_completion", "score_at_target", "timescale", "lead_partners",
    "resources", "kpi", "target", "strategic_links", "strategic_objective", "effort", "id",
)
_LIST_FIELDS = ("key_tasks", "milestones", "evidence")
_ACTION_KEYS = {"section", "item", "score", "in_control", "priority", *_STR_FIELDS, *_LIST_FIELDS}


def load_plan(path: str | Path, framework_for: Callable[[str], Framework] | None = None) -> ActionPlan:
    """Read and validate a plan file against its framework."""
    return load_plan_with_framework(path, framework_for)[0]


def load_plan_with_framework(
    path: str | Path, framework_for: Callable[[str], Framework] | None = None
) -> tuple[ActionPlan, Framework]:
    path = Path(path)
    data, text = load_toml(path, PlanError)
    return plan_from_data(data, path, text, framework_for)


def plan_from_data(
    data: dict[str, Any], path: Path, text: str | None, framework_for: Callable[[str], Framework] | None = None
) -> tuple[ActionPlan, Framework]:
    checks = FileChecks(path, text, PlanError)
    fail = checks.fail
    checks.header(data, fmt=PLAN_FORMAT, version=PLAN_FORMAT_VERSION, keys=_TOP_KEYS, what="an Accord plan", kind="plan")
    checks.strings(data, ("framework", "framework_version", "partnership", "results"))
    framework = checks.framework(data, "plan", framework_for)
    threshold = data.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not math.isfinite(threshold):
        raise fail("'threshold' must be a number such as 3.0", "threshold")

    plan = ActionPlan(
        framework_id=framework.id,
        framework_version=framework.version,
        partnership=data.get("partnership", ""),
        threshold=float(threshold),
        results=data.get("results", ""),
        framework=framework,
    )

    def score_at(error: ScoreError, *where: Any) -> ScoreError:
        """The rule's own error, placed at the file's line."""
        located = fail(error.message, *where, "score")
        error.path, error.line = located.path, located.line
        return error

    def section_of(section_id: Any, *where: Any) -> Section:
        if not isinstance(section_id, str) or not section_id:
            raise fail("'section' must be a section id", *where, "section")
        return checks.section(framework, section_id, *where, "section")

    def item_of(section: Section, item_id: Any, *where: Any, rated: bool = True, allow_empty: bool = False) -> str:
        if allow_empty and item_id in (None, ""):
            return ""
        if not isinstance(item_id, str) or not item_id:
            raise fail("'item' must be an item id", *where, "item")
        item = checks.item(section, item_id, *where, "item")
        if rated and not item.rated:
            raise fail(f"item '{section.id}.{item_id}' is {item.kind} and takes no score", *where, "item")
        return item_id

    def tables(key: str) -> list[dict[str, Any]]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise fail(f"'{key}' must be written as [[{key}]] tables", key)
        return value

    def check_keys(raw: dict[str, Any], allowed: set[str], *where: Any) -> None:
        for key in raw:
            if key not in allowed:
                raise fail(f"unknown key '{key}' (allowed: {', '.join(sorted(allowed))})", *where, key)

    def opt_bool(raw: dict[str, Any], key: str, *where: Any) -> bool | None:
        value = raw.get(key)
        if value is not None and not isinstance(value, bool):
            raise fail(f"'{key}' must be true or false", *where, key)
        return value

    def effort_of(raw: dict[str, Any], *where: Any) -> str:
        value = raw.get("effort", "")
        if not isinstance(value, str) or value.strip().lower() not in ("", *EFFORTS):
            raise fail(f"'effort' must be \"quick win\" or \"sustained\", not {value!r}", *where, "effort")
        return value.strip().lower()

    priorities = data.get("priorities", [])
    if not isinstance(priorities, list) or not all(isinstance(p, str) for p in priorities):
        raise fail("'priorities' must be a list of section ids", "priorities")
    for section_id in priorities:
        section_of(section_id, "priorities")
        if section_id not in plan.priorities:
            plan.priorities.append(section_id)

    for index, raw in enumerate(tables("features")):
        where = ("features", index)
        check_keys(raw, {"section", "item", "in_control", "priority", "effort"}, *where)
        section = section_of(raw.get("section"), *where)
        item_id = item_of(section, raw.get("item"), *where)
        plan.marks.append(FeatureMark(section.id, item_id, opt_bool(raw, "in_control", *where), opt_bool(raw, "priority", *where), effort_of(raw, *where)))

    seen_ids: set[str] = set()
    for index, raw in enumerate(tables("actions")):
        where = ("actions", index)
        check_keys(raw, _ACTION_KEYS, *where)
        section = section_of(raw.get("section"), *where)
        item_id = item_of(section, raw.get("item"), *where)
        values: dict[str, Any] = {}
        for key in _STR_FIELDS:
            value = raw.get(key, "")
            if not isinstance(value, str):
                raise fail(f"'{key}' must be a string", *where, key)
            values[key] = value
        if not values["action"].strip():
            raise fail("an action needs 'action' text: what will be done", *where, "action")
        for key in _LIST_FIELDS:
            value = raw.get(key, [])
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise fail(f"'{key}' must be a list of strings", *where, key)
            values[key] = tuple(value)
        score = raw.get("score")
        if score is not None:
            if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score):
                raise fail("'score' must be a number (the feature's mean when the action was set)", *where, "score")
            score = float(score)
        try:
            score = action_score(section.scale, score)
            values["score_at_target"] = score_at_target_text(section.scale, values["score_at_target"])
            values["date_of_completion"] = completion_date(values["date_of_completion"])
        except ActionFieldError as exc:
            located = fail(exc.message, *where, exc.field)
            exc.path, exc.line = located.path, located.line
            raise exc from None
        values["effort"] = effort_of(raw, *where)
        if values["id"]:
            if values["id"] in seen_ids:
                raise fail(f"action id '{values['id']}' is used twice", *where, "id")
            seen_ids.add(values["id"])
        plan.actions.append(
            Action(section_id=section.id, item_id=item_id, score=score, in_control=opt_bool(raw, "in_control", *where),
                   priority=opt_bool(raw, "priority", *where), **values)
        )

    for index, raw in enumerate(tables("targets")):
        where = ("targets", index)
        check_keys(raw, {"section", "item", "months", "score"}, *where)
        section = section_of(raw.get("section"), *where)
        item_id = item_of(section, raw.get("item", ""), *where, allow_empty=True)
        months = raw.get("months")
        if months not in TARGET_MONTHS or isinstance(months, bool):
            raise fail(f"'months' must be 6 or 12, not {months!r}", *where, "months")
        if section.scale is None:
            raise fail(f"section '{section.id}' has no scale, so it takes no target", *where, "section")
        try:
            score = target_score(section.scale, raw.get("score"), section_id=section.id, item_id=item_id, from_text=False)
        except ScoreError as exc:
            raise score_at(exc, *where) from None
        if plan.target_for(section.id, item_id, months):
            raise fail(f"a {months}-month target for '{section.id}{'.' + item_id if item_id else ''}' is given twice", *where)
        plan.targets.append(Target(section.id, item_id, int(months), score))

    for index, raw in enumerate(tables("agreed")):
        where = ("agreed", index)
        check_keys(raw, {"section", "item", "score", "reason"}, *where)
        section = section_of(raw.get("section"), *where)
        item_id = item_of(section, raw.get("item"), *where)
        try:
            score = agreed_score(section.scale, raw.get("score"), section_id=section.id, item_id=item_id, from_text=False)
        except ScoreError as exc:
            raise score_at(exc, *where) from None
        reason = raw.get("reason", "")
        if not isinstance(reason, str):
            raise fail("'reason' must be a string", *where, "reason")
        if plan.agreed_for(section.id, item_id):
            raise fail(f"agreed score for '{section.id}.{item_id}' is given twice", *where)
        plan.agreed.append(AgreedScore(section.id, item_id, score, reason))

    tools = data.get("tools", {})
    if not isinstance(tools, dict) or not all(isinstance(v, dict) for v in tools.values()):
        raise fail("'tools' must be a table of tables", "tools")
    tool_ids = {t.id for t in framework.tools}
    for tool_id, value in tools.items():
        if tool_id not in tool_ids:
            raise fail(f"unknown tool '{tool_id}'", "tools", tool_id)
        plan.tools[tool_id] = dict(value)
    return plan, framework


def check_feature(framework: Framework, section_id: str, item_id: str, *, allow_section: bool = False, path: str | Path | None = None) -> None:
    """Raise PlanError unless (section_id, item_id) is a rated item (or a section, when allowed)."""
    try:
        section = framework.section(section_id)
    except KeyError:
        known = ", ".join(s.id for s in framework.sections)
        raise PlanError(f"unknown section '{section_id}' in framework {framework.id} (known: {known})", path) from None
    if not item_id:
        if allow_section:
            if section.scale is None:
                raise PlanError(f"section '{section_id}' has no scale", path)
            return
        raise PlanError("an item id is needed", path)
    try:
        item = section.item(item_id)
    except KeyError:
        known = ", ".join(i.id for i in section.rated_items)
        raise PlanError(f"unknown item '{item_id}' in section '{section_id}' (known: {known})", path) from None
    if not item.rated:
        raise PlanError(f"item '{section_id}.{item_id}' is {item.kind} and takes no score", path)
