"""The action plan's small forms as widgets (`tui.widgets.form.Form`: attributes down, messages up).

- `AskTextForm`: one line of text (a name, an area).
- `AgreedForm`: the meeting's agreed score for a feature, beside the computed mean and spread;
  the rule is engine.plan.agreed_score.
- `TargetForm`: 6- and 12-month targets for a feature and its scorecard (engine.plan.target_score).
- `ActionForm`: draft or edit one action of the plan, with the SMART check (engine.smart) as
  you type; its scores and date are checked by engine.plan.check_action.

All user and framework text is shown literally (Text objects, markup=False).
"""

from __future__ import annotations

from typing import Any, Literal

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Checkbox, Input, Label, Static

from accord_partnership.engine.model import Scale
from accord_partnership.engine.numbers import fmt
from accord_partnership.engine.plan import DELIVERY_PLAN_HEADINGS, Action, ActionFieldError, ScoreError, agreed_score, check_action, target_score
from accord_partnership.engine.smart import smart_issues
from accord_partnership.engine.stats import ItemStats
from accord_partnership.exports.textsafe import one_line, safe, safe_line
from accord_partnership.tui.widgets.form import Form

class AskTextForm(Form):
    """One line of text: enter saves (the text as typed)."""

    def __init__(self, prompt: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.prompt, self.initial, self.placeholder = prompt, value, placeholder

    def compose(self) -> ComposeResult:
        yield Static(safe(self.prompt, "bold"), markup=False)
        yield Input(self.initial, placeholder=self.placeholder, id="ask-input", compact=True)
        yield Static(Text("enter: save · escape: cancel", style="dim"), markup=False)

    def value(self) -> str:
        return self.query_one("#ask-input", Input).value


def spread_text(stats: ItemStats) -> str:
    """An item's range of answers as the plan's tables show it ("2–4", "–", "withheld")."""
    if stats.withheld:
        return "withheld"
    if stats.range is None:
        return "–"
    return f"{stats.min}–{stats.max}"


#: what the agreed-score form returns: (score, reason), score "remove" to take the agreed score away
AgreedResult = tuple[int | Literal["remove"] | None, str]


class AgreedForm(Form):
    """The meeting's agreed score for an item, beside the computed mean and spread."""

    def __init__(self, title: str, stats: ItemStats, scale: Scale, score: int | None, reason: str, has: bool) -> None:
        super().__init__()
        self.title_text, self.stats, self.scale = title, stats, scale
        self.score, self.reason, self.has = score, reason, has

    def compose(self) -> ComposeResult:
        s, scale = self.stats, self.scale
        yield Static(safe_line(f"Agreed score — {self.title_text}", style="bold"), markup=False)
        yield Static(Text(f"Computed: mean {fmt(s.mean, 2)}, spread {spread_text(s)}, n = {s.n}"), markup=False)
        yield Label(f"Agreed score ({scale.min}-{scale.max}{', or n/a' if scale.allow_na else ''}; empty removes it)", markup=False)
        current = "" if not self.has else "n/a" if self.score is None else str(self.score)
        yield Input(current, id="agreed-score", compact=True)
        yield Label("Reason", markup=False)
        yield Input(self.reason, id="agreed-reason", compact=True)
        yield Static("", id="agreed-error", markup=False)
        yield from self.buttons()

    def value(self) -> AgreedResult | None:
        raw = self.query_one("#agreed-score", Input).value.strip().lower()
        reason = self.query_one("#agreed-reason", Input).value
        if not raw:
            return ("remove", reason)
        try:
            score = agreed_score(self.scale, raw)  # the one rule (engine.plan)
        except ScoreError as exc:
            self.query_one("#agreed-error", Static).update(Text(f"A whole number {exc.low}-{exc.high}, please.", style="bold red"))
            return None
        return (score, reason)


#: targets by (scope, months): scope "item" (the feature) or "section" (its scorecard); None: no target
Targets = dict[tuple[str, int], float | None]


class TargetForm(Form):
    """6- and 12-month targets for a feature and for its whole scorecard (empty: no target)."""

    def __init__(self, feature: str, scorecard: str, current: Targets, scale: Scale) -> None:
        super().__init__()
        self.feature, self.scorecard, self.current, self.scale = feature, scorecard, current, scale

    def compose(self) -> ComposeResult:
        def value(key: tuple[str, int]) -> str:
            v = self.current.get(key)
            return "" if v is None else f"{v:g}"

        yield Static(Text(f"Target scores ({self.scale.min}-{self.scale.max}); leave empty for none", style="bold"), markup=False)
        yield Label(one_line(f"{self.feature}: in 6 months", 70), markup=False)
        yield Input(value(("item", 6)), id="t-item-6", compact=True)
        yield Label(one_line(f"{self.feature}: in 12 months", 70), markup=False)
        yield Input(value(("item", 12)), id="t-item-12", compact=True)
        yield Label(one_line(f"{self.scorecard} (average): in 6 months", 70), markup=False)
        yield Input(value(("section", 6)), id="t-section-6", compact=True)
        yield Label(one_line(f"{self.scorecard} (average): in 12 months", 70), markup=False)
        yield Input(value(("section", 12)), id="t-section-12", compact=True)
        yield Static("", id="target-error", markup=False)
        yield from self.buttons()

    def value(self) -> Targets | None:
        out: Targets = {}
        for scope in ("item", "section"):
            for months in (6, 12):
                raw = self.query_one(f"#t-{scope}-{months}", Input).value.strip()
                if not raw:
                    out[(scope, months)] = None
                    continue
                try:
                    out[(scope, months)] = target_score(self.scale, raw)  # the one rule (engine.plan)
                except ScoreError as exc:
                    self.query_one("#target-error", Static).update(Text(f"Targets are numbers {exc.low}-{exc.high}.", style="bold red"))
                    return None
        return out


ACTION_FIELDS = (
    ("action", "Action (what exactly)", "what will be done to move the score up one box or more"),
    ("responsibility", "Responsibility (who)", "who will do it"),
    ("date_of_completion", "Date of completion", "e.g. 2027-03-31 or 3 months"),
    ("timescale", DELIVERY_PLAN_HEADINGS["timescale"], "e.g. Apr-Jun 2027"),
    ("kpi", DELIVERY_PLAN_HEADINGS["kpi"], "how success will be recorded (measured)"),
    ("target", DELIVERY_PLAN_HEADINGS["target"], "the KPI's target"),
    ("score_at_target", "Score at target", "e.g. 3-4"),
    ("resources", DELIVERY_PLAN_HEADINGS["resources"], "people, time, money"),
    ("lead_partners", DELIVERY_PLAN_HEADINGS["lead_partners"], ""),
    ("strategic_objective", DELIVERY_PLAN_HEADINGS["strategic_objective"], ""),
    ("key_tasks", DELIVERY_PLAN_HEADINGS["key_tasks"], "separate with ;"),
    ("milestones", DELIVERY_PLAN_HEADINGS["milestones"], "separate with ;"),
    ("strategic_links", DELIVERY_PLAN_HEADINGS["strategic_links"], ""),
)
_LIST_FIELDS = ("key_tasks", "milestones")


class ActionForm(Form):
    """Draft or edit one action; the SMART check updates as you type."""

    def __init__(self, heading: str, action: Action, evidence: list[str], next_box: str = "", scale: Scale | None = None) -> None:
        super().__init__()
        self.heading, self.action, self.evidence, self.next_box, self.scale = heading, action, evidence, next_box, scale

    def compose(self) -> ComposeResult:
        yield Static(safe_line(self.heading, 72, "bold"), markup=False)
        if self.next_box:
            yield Static(safe_line(self.next_box, 72, "italic"), markup=False)
        with VerticalScroll():
            for name, label, placeholder in ACTION_FIELDS:
                value = getattr(self.action, name)
                if name in _LIST_FIELDS:
                    value = "; ".join(value)
                with Horizontal(classes="form-row"):
                    yield Label(label, markup=False)
                    yield Input(value, placeholder=placeholder, id=f"f-{name}", compact=True)
            if self.evidence:
                yield Checkbox(
                    f"Copy the {len(self.evidence)} note{'s' if len(self.evidence) != 1 else ''} behind this score as evidence (unattributed)",
                    value=bool(self.action.evidence),
                    id="f-evidence",
                )
        yield Static("", id="form-smart", markup=False)
        yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#f-action", Input).focus()
        self.update_smart()

    def collect(self) -> Action:
        """The action as the fields say now."""
        values: dict[str, Any] = {}
        for name, _, _ in ACTION_FIELDS:
            raw = self.query_one(f"#f-{name}", Input).value
            values[name] = tuple(p.strip() for p in raw.split(";") if p.strip()) if name in _LIST_FIELDS else raw.strip()
        evidence = self.action.evidence
        if self.evidence:
            evidence = tuple(self.evidence) if self.query_one("#f-evidence", Checkbox).value else ()
        a = self.action
        return Action(
            section_id=a.section_id, item_id=a.item_id, score=a.score, in_control=a.in_control, priority=a.priority,
            effort=a.effort, id=a.id, evidence=evidence, **values,
        )

    def update_smart(self) -> None:
        issues = smart_issues(self.collect())
        widget = self.query_one("#form-smart", Static)
        if not issues:
            widget.update(Text("SMART: nothing missing.", style="green"))
            return
        text = Text("SMART — missing: ", style="bold")
        text.append("; ".join(i.message for i in issues))
        text.append("\n")
        text.append(f"Tool 2: “{issues[0].hint}”", style="dim")
        widget.update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.update_smart()

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.update_smart()

    def value(self) -> Action | None:
        action = self.collect()
        if not action.action:
            self.query_one("#form-smart", Static).update(Text("Write the action first: what will be done?", style="bold red"))
            self.query_one("#f-action", Input).focus()
            return None
        try:
            return check_action(action, self.scale)  # the one rule (engine.plan)
        except ActionFieldError as exc:
            self.query_one("#form-smart", Static).update(Text(one_line(exc.message), style="bold red"))
            if exc.field != "score":
                self.query_one(f"#f-{exc.field}", Input).focus()
            return None
