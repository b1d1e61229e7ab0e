"""The partnership action plan: what the partnership will do about its scores, and what it aims for.

It merges the SCSN Action Sheet (scorecard, feature, action, responsibility, score, date of
completion, score at target) with the columns of a delivery plan (strategic objective, key tasks,
milestones, timescale, lead/partners, resources, KPI, target, strategic links). Beside the actions
it keeps the guided prioritisation (chosen scorecards, per-feature marks), the agreed (consensus)
scores of a meeting, target scores for 6 and 12 months, and answers to the interactive tools.

A plan is a hand-editable TOML file beside the merged results (format: docs/plan-format.md).
`load_plan` validates it with `file:line` errors; `save_plan` updates an existing file with tomlkit
so people's comments and layout survive, and writes a new file from a template. No Textual here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Callable

from engine.errors import AccordError
from engine.model import Framework, Section
from engine.textio import LineLocator, load_toml

PLAN_FORMAT = "accord-plan"
PLAN_FORMAT_VERSION = 1
DEFAULT_THRESHOLD = 3.0
EFFORTS = ("quick win", "sustained")
TARGET_MONTHS = (6, 12)


class PlanError(AccordError):
    """A plan file is malformed or does not fit its framework."""


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
    framework_id: str
    framework_version: str
    partnership: str = ""
    threshold: float = DEFAULT_THRESHOLD
    actions: list[Action] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    agreed: list[AgreedScore] = field(default_factory=list)
    priorities: list[str] = field(default_factory=list)  # ids of the scorecards chosen to improve
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)
    marks: list[FeatureMark] = field(default_factory=list)
    results: str = ""  # the merged results this plan was made from (relative to the plan file)

    @classmethod
    def new(cls, framework: Framework, **kwargs: Any) -> ActionPlan:
        return cls(framework_id=framework.id, framework_version=framework.version, **kwargs)

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

    def set_mark(self, section_id: str, item_id: str, **changes: Any) -> FeatureMark:
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

    def add_action(self, action: Action) -> Action:
        """Append an action; it inherits the feature's marks unless it has its own, and gets an id."""
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

    def set_agreed(self, section_id: str, item_id: str, score: int | None, reason: str = "") -> AgreedScore:
        found = self.agreed_for(section_id, item_id)
        if found is None:
            found = AgreedScore(section_id, item_id, score, reason)
            self.agreed.append(found)
        else:
            found.score, found.reason = score, reason
        return found

    def set_target(self, section_id: str, item_id: str, months: int, score: float) -> Target:
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
    def fail(message: str, *where: Any) -> PlanError:
        return PlanError(message, path, LineLocator(text).line(*where) if text is not None else None)

    if data.get("format") != PLAN_FORMAT:
        raise fail(f'not an Accord plan (expected format = "{PLAN_FORMAT}")', "format")
    if data.get("format_version") != PLAN_FORMAT_VERSION:
        raise fail(f"unsupported plan format_version {data.get('format_version')!r} (expected {PLAN_FORMAT_VERSION})", "format_version")
    for key in data:
        if key not in _TOP_KEYS:
            raise fail(f"unknown key '{key}'", key)
    for key in ("framework", "framework_version", "partnership", "results"):
        if key in data and not isinstance(data[key], str):
            raise fail(f"'{key}' must be a string", key)
    if "framework" not in data:
        raise fail("missing 'framework'", "format")
    if framework_for is None:
        from engine.catalog import get_framework as framework_for  # noqa: N813
    try:
        framework = framework_for(data["framework"])
    except Exception as exc:
        raise fail(f"unknown framework '{data['framework']}' ({getattr(exc, 'message', exc)})", "framework") from None
    version = data.get("framework_version", "")
    if version != framework.version:
        raise fail(f"plan is for {framework.id} version {version!r} but this framework is version {framework.version!r}", "framework_version")
    threshold = data.get("threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not math.isfinite(threshold):
        raise fail("'threshold' must be a number such as 3.0", "threshold")

    plan = ActionPlan(
        framework_id=framework.id,
        framework_version=version,
        partnership=data.get("partnership", ""),
        threshold=float(threshold),
        results=data.get("results", ""),
    )

    def section_of(section_id: Any, *where: Any) -> Section:
        if not isinstance(section_id, str) or not section_id:
            raise fail("'section' must be a section id", *where, "section")
        try:
            return framework.section(section_id)
        except KeyError:
            raise fail(f"unknown section '{section_id}' in framework {framework.id}", *where, "section") from None

    def item_of(section: Section, item_id: Any, *where: Any, rated: bool = True, allow_empty: bool = False) -> str:
        if allow_empty and item_id in (None, ""):
            return ""
        if not isinstance(item_id, str) or not item_id:
            raise fail("'item' must be an item id", *where, "item")
        try:
            item = section.item(item_id)
        except KeyError:
            raise fail(f"unknown item '{item_id}' in section '{section.id}'", *where, "item") from None
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
        score = raw.get("score")
        if isinstance(score, bool) or not isinstance(score, (int, float)) or not math.isfinite(score):
            raise fail("'score' must be a number", *where, "score")
        scale = section.scale
        if scale is None:
            raise fail(f"section '{section.id}' has no scale, so it takes no target", *where, "section")
        if not scale.min <= score <= scale.max:
            raise fail(f"target {score} is outside the scale {scale.min}-{scale.max}", *where, "score")
        if plan.target_for(section.id, item_id, months):
            raise fail(f"a {months}-month target for '{section.id}{'.' + item_id if item_id else ''}' is given twice", *where)
        plan.targets.append(Target(section.id, item_id, int(months), float(score)))

    for index, raw in enumerate(tables("agreed")):
        where = ("agreed", index)
        check_keys(raw, {"section", "item", "score", "reason"}, *where)
        section = section_of(raw.get("section"), *where)
        item_id = item_of(section, raw.get("item"), *where)
        score = raw.get("score")
        scale = section.scale
        assert scale is not None
        if isinstance(score, str) and score.strip().lower() in ("n/a", "na"):
            score = None
        elif isinstance(score, bool) or not isinstance(score, int) or not scale.contains(score):
            raise fail(f"agreed score must be a whole number {scale.min}-{scale.max} or \"n/a\", not {score!r}", *where, "score")
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


# --- writing -------------------------------------------------------------------------------

TEMPLATE_HEADER = """\
# Accord partnership action plan. Format: docs/plan-format.md
# Edit freely: comments and layout are kept when Accord updates this file.
# Scores are on the scorecards' scale; "section" and "item" are the ids that `accord show` lists.
"""


def action_table(action: Action) -> dict[str, Any]:
    """An action as the plain key/values written to the file (empty optional fields left out)."""
    out: dict[str, Any] = {"id": action.id, "section": action.section_id, "item": action.item_id, "action": action.action}
    for f in fields(Action):
        if f.name in ("section_id", "item_id", "action", "id"):
            continue
        value = getattr(action, f.name)
        if value is None or value == "" or value == ():
            continue
        out[f.name] = list(value) if isinstance(value, tuple) else value
    if not out["id"]:
        del out["id"]
    return out


def _mark_table(mark: FeatureMark) -> dict[str, Any]:
    out: dict[str, Any] = {"section": mark.section_id, "item": mark.item_id}
    for key in ("in_control", "priority", "effort"):
        value = getattr(mark, key)
        if value is not None and value != "":
            out[key] = value
    return out


def _target_table(target: Target) -> dict[str, Any]:
    return {"section": target.section_id, "item": target.item_id, "months": target.months, "score": target.score}


def _agreed_table(agreed: AgreedScore) -> dict[str, Any]:
    return {"section": agreed.section_id, "item": agreed.item_id, "score": "n/a" if agreed.score is None else agreed.score, "reason": agreed.reason}


def plan_tables(plan: ActionPlan) -> dict[str, list[dict[str, Any]]]:
    return {
        "features": [_mark_table(m) for m in plan.marks if not m.is_empty()],
        "actions": [action_table(a) for a in plan.actions],
        "targets": [_target_table(t) for t in plan.targets],
        "agreed": [_agreed_table(a) for a in plan.agreed],
    }


def plan_top(plan: ActionPlan) -> dict[str, Any]:
    top: dict[str, Any] = {
        "format": PLAN_FORMAT,
        "format_version": PLAN_FORMAT_VERSION,
        "framework": plan.framework_id,
        "framework_version": plan.framework_version,
        "partnership": plan.partnership,
        "threshold": float(plan.threshold),
    }
    if plan.results:
        top["results"] = plan.results
    top["priorities"] = list(plan.priorities)
    return top


_TABLE_COMMENTS = {
    "features": "# Prioritisation marks per feature: within the partnership's control? a priority? quick win or sustained effort?",
    "actions": "# Actions: the SCSN Action Sheet with delivery-plan columns. See docs/plan-format.md for every key.",
    "targets": "# Target scores for 6 and 12 months; item = \"\" means the whole scorecard's average.",
    "agreed": "# Scores agreed at the partnership meeting, with the reason (shown beside the computed mean).",
}


def plan_to_toml(plan: ActionPlan, framework: Framework | None = None) -> str:
    """A new plan file from the template (deterministic; `save_plan` keeps an existing file's layout)."""
    from exports import toml_writer as tw

    top = plan_top(plan)
    lines = [TEMPLATE_HEADER.rstrip("\n")]
    for key, value in top.items():
        comment = ""
        if key == "threshold":
            comment = "  # features whose mean is below this are candidates for action"
        elif key == "priorities":
            comment = "  # the scorecards it matters most to improve"
        elif key == "results":
            comment = "  # the merged results this plan was made from"
        lines.append(f"{tw.key(key)} = {tw.value(value)}{comment}")
    for name, rows in plan_tables(plan).items():
        if not rows:
            continue
        lines += ["", _TABLE_COMMENTS[name]]
        for row in rows:
            lines += ["", tw.header(name, array=True), *tw.assignments(row)]
    for tool_id in sorted(plan.tools):
        if plan.tools[tool_id]:
            lines += ["", tw.header("tools", tool_id), *tw.assignments(plan.tools[tool_id])]
    return "\n".join(lines) + "\n"


def _plain(value: Any) -> Any:
    return value.unwrap() if hasattr(value, "unwrap") else value


def _same(a: Any, b: Any) -> bool:
    a, b = _plain(a), _plain(b)
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return a == b


def _update_table(table: Any, fresh: Any, keep: bool = True) -> None:
    """Update a tomlkit table from a freshly rendered one, touching only keys that changed."""
    for key in list(table.keys()):
        if key not in fresh:
            del table[key]
    moved: list[tuple[Any, Any]] = []
    for key, value in fresh.items():
        if key in table:
            if not _same(table[key], value):
                table[key] = value
            continue
        if not moved:
            moved = _trailing(table) or [(None, None)]
        table[key] = value
    if moved and moved[0][0] is None and moved[0][1] is not None:
        table.value.body.extend(moved)


def _identity(row: Any) -> tuple[str, str]:
    return str(_plain(row.get("section", ""))), str(_plain(row.get("item", "")))


def _match_rows(old: list[Any], new: list[Any], name: str) -> list[int | None]:
    """For each new row, the index of the old row it updates (None: a new row)."""
    taken: set[int] = set()
    out: list[int | None] = [None] * len(new)

    def key_of(row: Any) -> tuple[Any, ...]:
        if name == "actions":
            rid = _plain(row.get("id", ""))
            return ("id", rid) if rid else ("text",) + _identity(row) + (_plain(row.get("action", "")),)
        if name == "targets":
            return _identity(row) + (_plain(row.get("months")),)
        return _identity(row)

    old_keys = [key_of(r) for r in old]
    for i, row in enumerate(new):
        k = key_of(row)
        for j, ok in enumerate(old_keys):
            if j not in taken and ok == k:
                out[i] = j
                taken.add(j)
                break
    if name == "actions":  # an action without an id gets one on its first save: match it by content
        for i, row in enumerate(new):
            if out[i] is not None:
                continue
            for j, r in enumerate(old):
                if j not in taken and not _plain(r.get("id", "")) and _identity(r) == _identity(row) and _plain(r.get("action", "")) == _plain(row.get("action", "")):
                    out[i] = j
                    taken.add(j)
                    break
    return out


def update_plan_text(old_text: str, plan: ActionPlan, framework: Framework | None = None) -> str:
    """The plan written over `old_text`, keeping its comments, order and layout where unchanged."""
    import tomlkit

    doc = tomlkit.parse(old_text)
    fresh = tomlkit.parse(plan_to_toml(plan, framework))
    for key, value in plan_top(plan).items():
        if key in doc and _same(doc[key], value):
            continue
        if key in doc:
            doc[key] = value
        else:
            _insert_top(doc, key, fresh[key])
    if "results" in doc and not plan.results:
        del doc["results"]
    for name in ("features", "actions", "targets", "agreed"):
        new_rows = list(fresh.get(name, []))
        if name not in doc:
            if new_rows:
                _trailing(fresh[name][-1])
                doc.append(name, fresh[name])
            continue
        old = doc[name]
        matches = _match_rows(list(old), new_rows, name)
        used = {m for m in matches if m is not None}
        for j in sorted(set(range(len(old))) - used, reverse=True):
            moved = _trailing(old[j]) if j == len(old) - 1 else []
            del old[j]
            if moved and len(old):
                _trailing(old[-1])
                old[-1].value.body.extend(moved)
        # indices shift after deletion: map old index -> new position
        remaining = sorted(used)
        position = {j: n for n, j in enumerate(remaining)}
        for i, row in enumerate(new_rows):
            m = matches[i]
            if m is not None:
                _update_table(old[position[m]], row)
            else:
                _append_row(old, row)
        if not len(old):
            del doc[name]
    tools = doc.get("tools")
    if plan.tools or tools is not None:
        if tools is None:
            doc.append("tools", fresh["tools"] if "tools" in fresh else tomlkit.table())
        else:
            for tool_id in list(tools.keys()):
                if not plan.tools.get(tool_id):
                    del tools[tool_id]
            for tool_id, answers in plan.tools.items():
                if not answers:
                    continue
                if tool_id in tools:
                    _update_table(tools[tool_id], fresh["tools"][tool_id])
                else:
                    tools.append(tool_id, fresh["tools"][tool_id])
            if not len(tools):
                del doc["tools"]
    return tomlkit.dumps(doc)


def _trailing(table: Any) -> list[tuple[Any, Any]]:
    """Pop the comments and blank lines at the end of a table (tomlkit keeps the comment heading
    the next table there)."""
    from tomlkit.items import Comment, Whitespace

    body = table.value.body
    out = []
    while body and body[-1][0] is None and isinstance(body[-1][1], (Comment, Whitespace)):
        out.append(body.pop())
    return out[::-1]


def _append_row(aot: Any, row: Any) -> None:
    """Append a fresh table to an array of tables, after its last row's keys but before the
    comment that heads whatever follows (that comment moves to the end of the new row)."""
    from tomlkit.items import Whitespace

    _trailing(row)  # the fresh row's own trailing template comment
    moved = _trailing(aot[-1]) if len(aot) else []
    if len(aot):
        aot[-1].value.body.append((None, Whitespace("\n")))
    aot.append(row)
    body = aot[-1].value.body
    body.extend(moved)


def _insert_top(doc: Any, key: str, value: Any) -> None:
    """Put a new top-level key in; tomlkit places plain keys before the first table."""
    doc[key] = value


def save_plan(plan: ActionPlan, framework: Framework, path: str | Path) -> Path:
    """Write the plan atomically (0600). An existing file is updated in place with tomlkit."""
    from exports.atomic import write_atomic

    path = Path(path)
    for action in plan.actions:
        if not action.id:
            action.id = plan.next_action_id()
    text = plan_to_toml(plan, framework)
    if path.is_file() and not path.is_symlink():
        try:
            old = path.read_text(encoding="utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError) as exc:
            raise PlanError(f"cannot read to update: {exc}", path) from None
        if old.strip():
            try:
                text = update_plan_text(old, plan, framework)
            except Exception as exc:  # a file tomlkit cannot parse: load_plan would have said where
                raise PlanError(f"cannot update: {exc}", path) from None
    return write_atomic(path, text)


# --- CSV -----------------------------------------------------------------------------------

CSV_COLUMNS = (
    "Scorecard", "Feature", "Action", "Responsibility", "Score", "Date of completion", "Score at target",
    "Strategic objective", "Key tasks", "Milestones", "Timescale", "Lead/Partners", "Resources", "KPI", "Target",
    "Strategic links", "Within our control", "Priority", "Effort", "Evidence", "Id", "Section id", "Item id",
)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def plan_rows(plan: ActionPlan, framework: Framework) -> list[list[Any]]:
    """The action plan as rows of plain values (the Action Sheet columns first), in framework order.

    The score is a number (or None); everything else is text.
    """
    order = {(s.id, i.id): n for n, (s, i) in enumerate(framework.items())}
    rows = []
    for action in sorted(plan.actions, key=lambda a: order.get((a.section_id, a.item_id), 1 << 30)):
        scorecard, feature = feature_label(framework, action.section_id, action.item_id)
        rows.append([
            scorecard, feature, action.action, action.responsibility, None if action.score is None else round(action.score, 2), action.date_of_completion,
            action.score_at_target, action.strategic_objective, "\n".join(action.key_tasks), "\n".join(action.milestones),
            action.timescale, action.lead_partners, action.resources, action.kpi, action.target, action.strategic_links,
            _yes_no(action.in_control), _yes_no(action.priority), action.effort, "\n".join(action.evidence), action.id,
            action.section_id, action.item_id,
        ])
    return rows


def plan_csv(plan: ActionPlan, framework: Framework, excel: bool = False) -> str:
    """The action plan as CSV through exports.csv_out (formula-safe; Excel BOM when asked)."""
    from exports import csv_out

    return csv_out.csv_text(CSV_COLUMNS, plan_rows(plan, framework), excel=excel)
