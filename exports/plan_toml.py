"""Action plans as TOML files people edit by hand (format: docs/plan-format.md) and as CSV.

A new plan is written from scratch; an existing file is updated in place with tomlkit so the
comments and layout people added survive. Writes are atomic and private (0600).
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any

from accord_partnership.engine.model import Framework
from accord_partnership.engine.plan import (
    ACTION_SHEET_COLUMNS,
    DELIVERY_PLAN_HEADINGS,
    PLAN_FORMAT,
    PLAN_FORMAT_VERSION,
    Action,
    ActionPlan,
    AgreedScore,
    FeatureMark,
    PlanError,
    Target,
    feature_label,
)
from accord_partnership.exports import csv_out
from accord_partnership.exports import toml_writer as tw
from accord_partnership.exports.atomic import write_atomic

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
    """A target row; a whole scorecard's target has no `item` key (it means what `item = ""` would)."""
    row: dict[str, Any] = {"section": target.section_id, "item": target.item_id, "months": target.months, "score": target.score}
    if not target.item_id:
        del row["item"]
    return row


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
    "targets": "# Target scores for 6 and 12 months; a target without an item is for the whole scorecard's average.",
    "agreed": "# Scores agreed at the partnership meeting, with the reason (shown beside the computed mean).",
}


def plan_to_toml(plan: ActionPlan, framework: Framework | None = None) -> str:
    """A new plan file from the template (deterministic; `save_plan` keeps an existing file's layout)."""

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
        return type(a) is type(b) and bool(a == b)
    return bool(a == b)


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
        if _plain(value) == "":  # absent and "" mean the same (a target's whole-section item): add nothing
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
        if not hasattr(old, "value") or not isinstance(old.value, list) or _is_inline(old):
            _update_inline_rows(old, new_rows, name)  # `actions = [{ ... }]`, as people may write it
            if not len(old):
                del doc[name]
            continue
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


def _is_inline(rows: Any) -> bool:
    """An array written inline (`actions = [{ ... }, { ... }]`) rather than as [[actions]] tables."""
    from tomlkit.items import AoT

    return not isinstance(rows, AoT)


def _update_inline_rows(old: Any, new_rows: list[Any], name: str) -> None:
    """Update an inline array of inline tables in place: matched rows keep their keys' order,
    removed rows go, new rows are appended as inline tables (the person's style is kept)."""
    import tomlkit

    matches = _match_rows(list(old), new_rows, name)
    used = {m for m in matches if m is not None}
    kept = {j: old[j] for j in used}
    for j in sorted(set(range(len(old))) - used, reverse=True):
        del old[j]
    for i, row in enumerate(new_rows):
        m = matches[i]
        if m is not None:
            table = kept[m]
            for key in [k for k in table if k not in row]:
                del table[key]
            for key, value in row.items():
                if key in table:
                    if not _same(table[key], value):
                        table[key] = _plain(value)
                elif _plain(value) != "":
                    table[key] = _plain(value)
        else:
            inline = tomlkit.inline_table()
            inline.update({k: _plain(v) for k, v in row.items()})
            old.append(inline)


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
    """Write the plan atomically (a new file 0600). An existing file is updated in place with
    tomlkit and keeps its permissions (less world access); a read-only one is refused
    (`exports.atomic.write_atomic` keep_mode)."""
    path = Path(path)
    for action in plan.actions:
        if not action.id:
            action.id = plan.next_action_id()
    text = plan_to_toml(plan, framework)
    if path.is_file() and not path.is_symlink():
        from accord_partnership.engine.textio import read_bytes

        try:
            old = read_bytes(path, PlanError).decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError as exc:
            raise PlanError(f"cannot read to update: {exc}", path) from None
        if old.strip():
            try:
                text = update_plan_text(old, plan, framework)
            except Exception as exc:  # a file tomlkit cannot parse: load_plan would have said where
                raise PlanError(f"cannot update: {exc}", path) from None
            _check_update(text, plan, framework, path)
    return write_atomic(path, text, keep_mode=True)


def _check_update(text: str, plan: ActionPlan, framework: Framework, path: Path) -> None:
    """The updated text must read back as this very plan before it replaces the file: a layout the
    in-place update cannot handle stops here with one line, and the file on disk is untouched."""
    import tomllib

    from accord_partnership.engine.plan import plan_from_data

    try:
        data = tomllib.loads(text)
        back, _ = plan_from_data(data, path, text, lambda _id: framework)
    except (tomllib.TOMLDecodeError, PlanError) as exc:
        raise PlanError(f"cannot update this file's layout safely ({getattr(exc, 'message', exc)}); nothing was changed", path) from None
    if plan_tables(back) != plan_tables(plan) or plan_top(back) != plan_top(plan) or back.tools != plan.tools:
        raise PlanError("cannot update this file's layout safely (the result would not read back the same); nothing was changed", path)



# --- CSV -----------------------------------------------------------------------------------

#: The Action Sheet's columns, then the delivery plan's own headings (DELIVERY_PLAN_HEADINGS, in the
#: order of the rows below), then Accord's prioritisation marks and ids.
CSV_COLUMNS = (
    *ACTION_SHEET_COLUMNS,
    *DELIVERY_PLAN_HEADINGS.values(),
    "Within our control", "Priority", "Effort", "Evidence", "Id", "Section id", "Item id",
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
    return csv_out.csv_text(CSV_COLUMNS, plan_rows(plan, framework), excel=excel)
