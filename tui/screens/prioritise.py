"""Guided prioritisation: from merged results to a SMART action plan, step by step.

`PrioritiseScreen(framework, results, plan, plan_path)` walks through the toolkit's "Analysing
your scorecard and creating action plans" steps:

1. Scorecards — each section's mean, lowest first; choose the ones it matters most to improve.
2. Features  — the features below the acceptable score (+/- to adjust) in the chosen scorecards;
   mark each within our control or not (c), a priority or not (p), quick win or sustained (e);
   record the meeting's agreed score (g) and 6/12-month targets (t).
3. Actions   — draft actions to move a feature up one box or more (n), each with a SMART check
   drawn from Tool 2; edit (enter) or delete (d).

Every change saves the plan file at once. `CompareScreen(comparison)` shows a follow-up round.
All user, results and framework text is shown literally (Text objects, markup=False).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Static

from accord_partnership.engine.analysis import below_threshold, next_level
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.model import Framework, Scale
from accord_partnership.engine.numbers import fmt, fmt_target
from accord_partnership.engine.plan import Action, ActionPlan, feature_label
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.smart import smart_issues
from accord_partnership.engine.stats import DEFAULT_MIN_GROUP, ItemStats, ResultsStats, compute_stats
from accord_partnership.exports.plan_toml import save_plan
from accord_partnership.exports.textsafe import one_line, safe_line
from accord_partnership.tui.screens.form import FormScreen
from accord_partnership.tui.settings import glyphs_of
from accord_partnership.tui.widgets.plan_forms import ActionForm, AgreedForm, AgreedResult, AskTextForm, TargetForm, Targets, spread_text
from accord_partnership.tui.widgets.footer import AccordFooter

THRESHOLD_STEP = 0.5
STEPS = ("Scorecards", "Features", "Actions")
EFFORT_CYCLE = ("", "quick win", "sustained")





def _yes_no(value: bool | None) -> str:
    return "–" if value is None else "yes" if value else "no"


def _cycle_bool(value: bool | None) -> bool | None:
    return True if value is None else False if value else None


# --- small modal forms: the form widgets (tui.widgets.plan_forms) in a dialog -------------------


class AskTextScreen(FormScreen["str | None"]):
    """One line of text (a name, a note): enter saves, escape cancels."""

    HELP_TITLE = "Name or short text"
    HELP_KEYS = (("enter", "save"),)

    def __init__(self, prompt: str, value: str = "", placeholder: str = "") -> None:
        super().__init__(AskTextForm(prompt, value, placeholder))


class AgreedScreen(FormScreen["AgreedResult | None"]):
    """The meeting's agreed score for an item, beside the computed mean and spread."""

    HELP_TITLE = "Agreed score form"
    HELP_KEYS = (("tab / shift+tab", "score, reason, buttons"), ("enter", "save the agreed score (empty removes it)"))

    def __init__(self, title: str, stats: ItemStats, scale: Scale, score: int | None, reason: str, has: bool) -> None:
        super().__init__(AgreedForm(title, stats, scale, score, reason, has))


class TargetScreen(FormScreen["Targets | None"]):
    """6- and 12-month targets for a feature and for its whole scorecard (empty: no target)."""

    HELP_TITLE = "Targets form"
    HELP_KEYS = (("tab / shift+tab", "next / previous target, buttons"), ("enter", "save the targets (empty: no target)"))

    def __init__(self, feature: str, scorecard: str, current: Targets, scale: Scale) -> None:
        super().__init__(TargetForm(feature, scorecard, current, scale))


class PlanFormScreen(FormScreen["Action | None"]):
    """Draft or edit one action; the SMART check updates as you type."""

    HELP_TITLE = "Action form"
    HELP_KEYS = (("tab / shift+tab", "next / previous field; the SMART check updates as you type"), ("enter", "save the action"))

    def __init__(self, heading: str, action: Action, evidence: list[str], next_box: str = "", scale: Scale | None = None) -> None:
        super().__init__(ActionForm(heading, action, evidence, next_box, scale))


# --- the prioritisation screen -------------------------------------------------------------


class PrioritiseScreen(Screen):
    CSS_PATH = "plans.tcss"
    BINDINGS = [
        # the steps and the bar are named on screen: the footer shows one entry each so it fits 80 columns
        Binding("1", "step(0)", "Steps", key_display="1-3", tooltip="step 1: scorecards"),
        Binding("2", "step(1)", "Features", show=False, tooltip="step 2: features"),
        Binding("3", "step(2)", "Actions", show=False, tooltip="step 3: actions"),
        Binding("plus,equals_sign", "threshold(1)", "Acceptable score", key_display="+/-", tooltip="raise the acceptable score"),
        Binding("minus", "threshold(-1)", "Lower bar", show=False, tooltip="lower the acceptable score"),
        Binding("space", "choose", "Choose", show=False, tooltip="choose or unchoose a scorecard (step 1)"),
        Binding("c", "mark('in_control')", "Control", show=False, tooltip="within our control or not (step 2)"),
        Binding("p", "mark('priority')", "Priority", show=False, tooltip="a priority or not (step 2)"),
        Binding("e", "mark('effort')", "Effort", show=False, tooltip="quick win or sustained (step 2)"),
        Binding("g", "agreed", "Agreed", show=False, tooltip="the score the meeting agreed, and why"),
        Binding("t", "target", "Target", show=False, tooltip="6- and 12-month targets for the feature and its scorecard"),
        Binding("n", "new_action", "New action", show=False, tooltip="new action for the feature (steps 2 and 3)"),
        Binding("d", "delete_action", "Delete", show=False, tooltip="delete the action (step 3)"),
        Binding("escape", "close", "Back", tooltip="back (every change is saved in the plan file at once)"),
    ]
    HELP_TITLE = "Action plan"
    HELP_KEYS = (("enter", "choose a scorecard (step 1) / new action (step 2) / edit the action (step 3)"),)

    def __init__(
        self,
        framework: Framework,
        results: MergedResults,
        plan: ActionPlan,
        plan_path: str | Path,
        *,
        min_group: int = DEFAULT_MIN_GROUP,
        saver: Callable[[ActionPlan, Framework, Path], object] | None = None,
        withheld: str = "",
    ) -> None:
        """`withheld`: why the figures are not shown (the coordinator's privacy / release notes,
        engine.privacy and engine.releases), shown above the steps; "" when they are."""
        super().__init__()
        self.withheld = withheld
        self.framework = framework
        self.results = results
        self.plan = plan
        self.plan_path = Path(plan_path)
        self.saver = saver or save_plan
        self.stats: ResultsStats = compute_stats(framework, results, min_group=min_group)
        self.step = 0
        self.save_error = ""

    # layout

    def compose(self) -> ComposeResult:
        yield Static("", id="prio-title", markup=False)
        yield Static("", id="prio-steps", markup=False)
        yield Static("", id="prio-guide", markup=False)
        with ContentSwitcher(initial="view-scorecards", id="prio-switch"):
            yield DataTable(id="view-scorecards", cursor_type="row", zebra_stripes=True, classes="prio-view")
            yield DataTable(id="view-features", cursor_type="row", zebra_stripes=True, classes="prio-view")
            yield DataTable(id="view-actions", cursor_type="row", zebra_stripes=True, classes="prio-view")
        yield Static("", id="prio-detail", markup=False)
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#view-scorecards", DataTable).add_columns(" ", "Scorecard", "Mean", "Below", "Items")
        self.query_one("#view-features", DataTable).add_columns("Feature", "Mean", "Spread", "Agr", "Ctl", "Pri", "Effort", "#")
        self.query_one("#view-actions", DataTable).add_columns("Id", "Feature", "Action", "Who", "When", "SMART")
        self.refresh_all()
        self.query_one("#view-scorecards", DataTable).focus()

    # data

    def scorecard_rows(self) -> list[tuple[str, str, float | None, int, int]]:
        rows = []
        weak = Counter(i.section_id for i in below_threshold(self.stats, self.plan.threshold))
        for s in self.stats.sections:
            rated = [i for i in s.items if i.mean is not None]
            if not rated:
                continue
            below = weak[s.section_id]
            rows.append((s.section_id, s.title, s.mean, below, len(rated)))
        rows.sort(key=lambda r: (r[2] is None, r[2] if r[2] is not None else 0.0, r[1]))
        return rows

    def feature_rows(self) -> list[ItemStats]:
        return below_threshold(self.stats, self.plan.threshold, self.plan.priorities or None)

    def ordered_actions(self) -> list[Action]:
        order = {(s.id, i.id): n for n, (s, i) in enumerate(self.framework.items())}
        return sorted(self.plan.actions, key=lambda a: order.get((a.section_id, a.item_id), 1 << 30))

    # rendering

    def refresh_all(self) -> None:
        g = glyphs_of(self)
        title = Text()
        title.append_text(safe_line(self.plan.partnership or self.framework.title, 40, "bold"))
        title.append(f"  acceptable score {fmt(self.plan.threshold)} (+/-)")
        if self.save_error:
            title.append(f"  {g.warn} not saved", style="bold red")
        self.query_one("#prio-title", Static).update(title)
        steps = Text()
        for n, name in enumerate(STEPS):
            steps.append(f" {n + 1} {name} ", style="reverse bold" if n == self.step else "dim")
            steps.append(" ")
        self.query_one("#prio-steps", Static).update(steps)
        self.query_one("#prio-guide", Static).update(self.guide_text())
        self._fill_scorecards()
        self._fill_features()
        self._fill_actions()
        self.update_detail()

    def guide_text(self) -> Text:
        steps = next((gd for gd in self.framework.guidance if gd.id == "creating-actions"), None)
        items = list(steps.items) if steps else []
        pick = {0: [0], 1: [1, 2], 2: [3, 4, 5]}[self.step]
        hints = {
            0: "space: choose/unchoose the highlighted scorecard",
            1: "c control · p priority · e effort · g agreed score · t targets · n new action",
            2: "n new action · enter edit · d delete",
        }[self.step]
        text = Text()
        if self.withheld:
            text.append(one_line(self.withheld), style="bold red")
            text.append("\n")
        chosen = [items[i].strip() for i in pick if i < len(items)]
        chosen = [c if c[-1:] in ".?!:" else c + "." for c in chosen if c]
        if chosen:
            text.append_text(safe_line(" ".join(chosen), 150))
            text.append("\n")
        text.append(hints, style="italic")
        return text

    def _keep_cursor(self, table: DataTable, fill: Callable[[], None]) -> None:
        row = table.cursor_row
        table.clear()
        fill()
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def _fill_scorecards(self) -> None:
        g = glyphs_of(self)
        table = self.query_one("#view-scorecards", DataTable)

        def fill() -> None:
            for sid, title, mean, below, items in self.scorecard_rows():
                mark = g.chosen if sid in self.plan.priorities else " "
                table.add_row(Text(mark), safe_line(title, 40), Text(fmt(mean, 2), justify="right"), Text(str(below), justify="right"), Text(str(items), justify="right"), key=sid)

        self._keep_cursor(table, fill)

    def _fill_features(self) -> None:
        table = self.query_one("#view-features", DataTable)

        def fill() -> None:
            for i in self.feature_rows():
                mark = self.plan.mark_for(i.section_id, i.item_id)
                agreed = self.plan.agreed_for(i.section_id, i.item_id)
                agreed_text = "" if agreed is None else "n/a" if agreed.score is None else str(agreed.score)
                label = safe_line(i.title, 28)
                if len(self.plan.priorities) != 1:
                    section_title, _ = feature_label(self.framework, i.section_id, i.item_id)
                    label = safe_line(f"{section_title[:10].strip()}: {i.title}", 28)
                table.add_row(
                    label, Text(fmt(i.mean, 2), justify="right"), Text(spread_text(i)), Text(agreed_text, justify="right"),
                    Text(_yes_no(mark.in_control)), Text(_yes_no(mark.priority)), Text(mark.effort or "–"),
                    Text(str(len(self.plan.actions_for(i.section_id, i.item_id))), justify="right"),
                    key=f"{i.section_id}/{i.item_id}",
                )

        self._keep_cursor(table, fill)

    def _fill_actions(self) -> None:
        g = glyphs_of(self)
        table = self.query_one("#view-actions", DataTable)

        def fill() -> None:
            for action in self.ordered_actions():
                _, feature = feature_label(self.framework, action.section_id, action.item_id)
                missing = smart_issues(action)
                smart = Text(f"{g.answered} ok", style="green") if not missing else Text(f"{g.warn} {len(missing)} missing", style="yellow")
                table.add_row(
                    Text(action.id), safe_line(feature, 18), safe_line(action.action, 26), safe_line(action.responsibility or action.lead_partners or "–", 10),
                    safe_line(action.date_of_completion or action.timescale or "–", 10), smart, key=action.id,
                )

        self._keep_cursor(table, fill)

    def current_table(self) -> DataTable:
        return self.query_one(f"#view-{('scorecards', 'features', 'actions')[self.step]}", DataTable)

    def current_key(self) -> str | None:
        table = self.current_table()
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def current_feature(self) -> tuple[str, str] | None:
        key = self.current_key()
        if key is None:
            return None
        if self.step == 1:
            section_id, _, item_id = key.partition("/")
            return section_id, item_id
        if self.step == 2:
            action = self.plan.action_by_id(key)
            return (action.section_id, action.item_id) if action else None
        return None

    def update_detail(self) -> None:
        detail = self.query_one("#prio-detail", Static)
        key = self.current_key()
        text = Text()
        if self.step == 0:
            chosen = [feature_label(self.framework, sid, "")[0] for sid in self.plan.priorities]
            text.append("Chosen: ", style="bold")
            text.append_text(safe_line("; ".join(chosen) if chosen else "none yet (the Features step then lists every scorecard)", 150))
            lowest = self.scorecard_rows()[:1]
            if lowest:
                text.append("\nThe lowest average may not be the priority: the partnership may not be fully in control of it.", style="dim")
        elif self.step == 1 and key:
            section_id, _, item_id = key.partition("/")
            stats = self.stats.item(section_id, item_id)
            text.append_text(self.next_box_text(section_id, item_id, stats.mean))
            agreed = self.plan.agreed_for(section_id, item_id)
            if agreed is not None and agreed.reason:
                text.append("\nAgreed: ", style="bold")
                text.append_text(safe_line(agreed.reason, 150))
            targets = [t for t in self.plan.targets if t.section_id == section_id and t.item_id in (item_id, "")]
            if targets:
                text.append("\nTargets: ", style="bold")
                text.append(", ".join(f"{t.months} months {fmt_target(t.score)}{'' if t.item_id else ' (scorecard)'}" for t in sorted(targets, key=lambda t: (t.item_id == "", t.months))))
        elif self.step == 1:
            text.append(f"No feature below {fmt(self.plan.threshold)} here: raise the acceptable score with + or choose other scorecards.", style="dim")
        elif self.step == 2 and key:
            action = self.plan.action_by_id(key)
            if action is not None:
                text.append_text(safe_line(action.action, 150, "bold"))
                issues = smart_issues(action)
                if issues:
                    text.append("\n")
                    text.append("; ".join(i.message for i in issues), style="yellow")
                    text.append("\n")
                    text.append_text(safe_line(f"Tool 2: “{issues[0].hint}”", 150, "dim"))
                else:
                    text.append("\nSMART: nothing missing.", style="green")
        elif self.step == 2:
            text.append("No actions yet: go to Features (2), pick a priority feature and press n.", style="dim")
        detail.update(text)

    def next_box_text(self, section_id: str, item_id: str, mean: float | None) -> Text:
        text = Text()
        level = next_level(self.framework.section(section_id), item_id, mean)
        if level is None:
            return text
        nxt, descriptor = level
        text.append(f"One box up ({nxt}): ", style="bold")
        text.append_text(safe_line(descriptor or "(the toolkit gives no descriptor)", 150))
        return text

    # events

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.update_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.step == 0:
            self.action_choose()
        elif self.step == 1:
            self.action_new_action()
        else:
            self.edit_action()

    # actions

    def save(self) -> None:
        try:
            self.saver(self.plan, self.framework, self.plan_path)
            self.save_error = ""
        except AccordError as exc:
            self.save_error = str(exc)
            self.notify(one_line(str(exc)), title="Plan not saved", severity="error", markup=False)

    def changed(self) -> None:
        self.save()
        self.refresh_all()

    def action_step(self, step: int) -> None:
        self.step = step
        self.query_one("#prio-switch", ContentSwitcher).current = f"view-{('scorecards', 'features', 'actions')[step]}"
        self.refresh_all()
        self.current_table().focus()

    def action_threshold(self, direction: int) -> None:
        scale_max = max((s.scale.max for s in self.framework.sections if s.scale), default=5)
        scale_min = min((s.scale.min for s in self.framework.sections if s.scale), default=1)
        value = round(self.plan.threshold + direction * THRESHOLD_STEP, 2)
        self.plan.threshold = max(float(scale_min), min(float(scale_max), value))
        self.changed()

    def action_choose(self) -> None:
        if self.step != 0:
            return
        key = self.current_key()
        if key:
            self.plan.toggle_priority_section(key)
            self.changed()

    def action_mark(self, what: str) -> None:
        feature = self.current_feature() if self.step == 1 else None
        if feature is None:
            return
        mark = self.plan.mark_for(*feature)
        if what == "effort":
            self.plan.set_mark(*feature, effort=EFFORT_CYCLE[(EFFORT_CYCLE.index(mark.effort) + 1) % len(EFFORT_CYCLE)])
        else:
            value = _cycle_bool(getattr(mark, what))
            if what == "in_control":
                self.plan.set_mark(*feature, in_control=value)
            else:
                self.plan.set_mark(*feature, priority=value)
        self.changed()

    def action_agreed(self) -> None:
        feature = self.current_feature()
        if feature is None:
            return
        section = self.framework.section(feature[0])
        scale = section.scale
        if scale is None:
            return
        stats = self.stats.item(*feature)
        existing = self.plan.agreed_for(*feature)
        scorecard, title = feature_label(self.framework, *feature)

        def done(result: AgreedResult | None) -> None:
            if result is None:
                return
            score, reason = result
            if isinstance(score, str):  # "remove"
                if existing is not None:
                    self.plan.agreed.remove(existing)
            else:
                self.plan.set_agreed(feature[0], feature[1], score, reason)
            self.changed()

        self.app.push_screen(
            AgreedScreen(f"{scorecard}: {title}", stats, scale,
                         existing.score if existing else None, existing.reason if existing else "", existing is not None),
            done,
        )

    def action_target(self) -> None:
        feature = self.current_feature()
        if feature is None:
            return
        section_id, item_id = feature
        scale = self.framework.section(section_id).scale
        if scale is None:
            return
        current: dict[tuple[str, int], float | None] = {}
        for months in (6, 12):
            t = self.plan.target_for(section_id, item_id, months)
            current[("item", months)] = t.score if t else None
            t = self.plan.target_for(section_id, "", months)
            current[("section", months)] = t.score if t else None
        scorecard, title = feature_label(self.framework, section_id, item_id)

        def done(result: dict[tuple[str, int], float | None] | None) -> None:
            if result is None:
                return
            for (scope, months), score in result.items():
                iid = item_id if scope == "item" else ""
                if score is None:
                    self.plan.remove_target(section_id, iid, months)
                else:
                    self.plan.set_target(section_id, iid, months, score)
            self.changed()

        self.app.push_screen(TargetScreen(title, scorecard, current, scale), done)

    def action_new_action(self) -> None:
        feature = self.current_feature()
        if feature is None or self.step == 0:
            return
        section_id, item_id = feature
        stats = self.stats.item(section_id, item_id)
        draft = Action(section_id=section_id, item_id=item_id, action="", score=None if stats.mean is None else round(stats.mean, 2))
        self._open_form(draft, is_new=True)

    def edit_action(self) -> None:
        key = self.current_key()
        action = self.plan.action_by_id(key) if key else None
        if action is not None:
            self._open_form(action, is_new=False)

    def _open_form(self, action: Action, *, is_new: bool) -> None:
        scorecard, title = feature_label(self.framework, action.section_id, action.item_id)
        result = self.results.items.get((action.section_id, action.item_id))
        notes = list(result.total.notes) if result is not None else []
        stats = self.stats.item(action.section_id, action.item_id)
        heading = f"{'New action' if is_new else 'Action ' + action.id} — {scorecard}: {title} (mean {fmt(stats.mean, 2)})"
        next_box = self.next_box_text(action.section_id, action.item_id, stats.mean).plain

        def done(edited: Action | None) -> None:
            if edited is None:
                return
            if is_new:
                self.plan.add_action(edited)
            else:
                self.plan.replace_action(action, edited)
            self.changed()

        scale = self.framework.section(action.section_id).scale
        self.app.push_screen(PlanFormScreen(heading, action, notes, next_box, scale), done)

    def action_delete_action(self) -> None:
        if self.step != 2:
            return
        key = self.current_key()
        action = self.plan.action_by_id(key) if key else None
        if action is not None:
            self.plan.actions.remove(action)
            self.changed()

    # unsaved changes: the same rescue as an assessment's answers (tui.screens.quit_unsaved)

    @property
    def last_error(self) -> str | None:
        """Why the plan's last save failed (None: everything is in the plan file)."""
        return self.save_error or None

    def save_as(self, path: Path) -> bool:
        """Save the plan to a new file (its results named absolutely) and carry on there; False
        (and `last_error` says why) if that failed too."""
        from accord_partnership.tui.workflows.plans import results_path

        old = (self.plan_path, self.plan.results)
        found = results_path(self.plan, self.plan_path)
        if found is not None:
            self.plan.results = str(found.resolve())
        self.plan_path = Path(path)
        self.save()
        if self.save_error:
            self.plan_path, self.plan.results = old
            return False
        return True

    def rescue(self, then: Callable[[str | None], None]) -> None:
        """Ask what to do with plan changes that could not be saved (save elsewhere, stay, leave):
        `then` gets "saved", "lose" or None (stay)."""
        from accord_partnership.tui.app import rescue_paths
        from accord_partnership.tui.screens.quit_unsaved import QuitUnsavedScreen

        self.app.push_screen(QuitUnsavedScreen(self, next(iter(rescue_paths(self.plan_path))), "plan changes"), then)

    def action_close(self) -> None:
        if self.save_error:
            self.save()  # the file may be writable again
        if self.save_error:
            def chosen(choice: str | None) -> None:
                if choice == "saved":
                    self.notify(f"Plan saved to {self.plan_path}", markup=False)
                elif choice == "lose":
                    self.notify("The latest plan changes were NOT saved", severity="warning", markup=False)
                if choice is not None:
                    self._leave()

            self.rescue(chosen)
            return
        self._leave()

    def _leave(self) -> None:
        self.dismiss(None) if self.is_modal else self.app.pop_screen()


# --- comparing rounds ------------------------------------------------------------------------
