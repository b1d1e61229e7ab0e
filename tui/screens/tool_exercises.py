"""Interactive resource tools: the toolkit's exercises made usable (pure logic in engine.tools).

`exercise_for(tool, framework, answers, on_change)` gives the screen for a tool's kind, or None
when the tool is only to be read:

* degrees (Tool 3, Five Degrees of Partnership): name areas (n), move each from co-existence to
  co-ownership (left/right), delete (d);
* lifecycle (Tool 5, Partnership Life Cycle): choose the current stage (enter), tick the suggested
  actions that are relevant (space);
* checklist (Tool 6, Governance Checklist): answer y / n / u, write an answer (enter), clear (x),
  show only the unanswered (f);
* project-matrix (Tool 7, Which Projects...): add projects (n), rate risk (r/R) and contribution
  (c/C) 1-5, see each placed as star, good gamble, question mark or carthorse; delete (d).

Answers are a flat dict (see engine.tools); after every change `on_change(answers)` is called and
the caller persists them (a bundle's or a plan's `tools[tool.id]`). All text is shown literally.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from accord_partnership.engine import tools as logic
from accord_partnership.engine.model import Framework, Tool
from accord_partnership.exports.textsafe import safe, safe_line
from accord_partnership.tui.screens.prioritise import AskTextScreen
from accord_partnership.tui.widgets.footer import AccordFooter
from accord_partnership.tui.settings import glyphs_of
from accord_partnership.tui.widgets.text import Glyphs

OnChange = Callable[[dict[str, Any]], object]




class ToolExerciseScreen(Screen):
    """The shared frame: title, the tool's intro, a body, a detail line and the footer."""

    CSS_PATH = "tool_exercises.tcss"
    BINDINGS = [Binding("escape,q", "close", "Back", tooltip="back to the tool (answers are saved with the assessment)")]
    HINT = ""

    def __init__(self, framework: Framework, tool: Tool, answers: dict[str, Any] | None, on_change: OnChange | None = None) -> None:
        super().__init__()
        self.framework = framework
        self.tool = tool
        self.answers: dict[str, Any] = dict(answers or {})
        self.on_change = on_change

    def compose(self) -> ComposeResult:
        title = Text()
        title.append_text(safe_line(f"Tool {self.tool.number}: {self.tool.title}", 70, "bold"))
        yield Static(title, id="ex-title", markup=False)
        intro = Text()
        if self.HINT:
            intro.append(self.HINT, style="italic")
        yield Static(intro, id="ex-intro", markup=False)
        with Horizontal(id="ex-body"):
            yield from self.compose_body()
        yield Static("", id="ex-detail", markup=False)
        yield AccordFooter(compact=True, show_command_palette=False)

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="ex-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.setup()
        self.refresh_view()
        self.query_one("#ex-table", DataTable).focus()

    def setup(self) -> None:
        """Add the table's columns."""

    def refresh_view(self) -> None:
        """Fill the table and the detail from `self.answers`."""

    def changed(self) -> None:
        if self.on_change is not None:
            self.on_change(dict(self.answers))
        self.refresh_view()

    @property
    def table(self) -> DataTable:
        return self.query_one("#ex-table", DataTable)

    def current_key(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        try:
            return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - no row under the cursor
            return None

    def refill(self, rows: list[tuple[str, list[Text]]]) -> None:
        table = self.table
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)

    def set_detail(self, text: Text) -> None:
        self.query_one("#ex-detail", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.update_detail()

    def update_detail(self) -> None:
        """Show what the highlighted row means."""

    def ask(self, prompt: str, callback: Callable[[str], None], value: str = "") -> None:
        def done(result: str | None) -> None:
            if result is not None and result.strip():
                callback(result.strip())

        self.app.push_screen(AskTextScreen(prompt, value), done)

    def action_close(self) -> None:
        self.app.pop_screen()


# --- Tool 3 -----------------------------------------------------------------------------------


class DegreesExercise(ToolExerciseScreen):
    HINT = "n: name an area · left/right: move it along the degrees · d: delete"
    HELP_TITLE = "Exercise: degrees of partnership"
    HELP_KEYS = (("up / down", "choose an area"),)
    BINDINGS = [
        Binding("n", "new_area", "New area", tooltip="name a new area"),
        Binding("left,h", "move(-1)", "Less", show=False, tooltip="move the area towards co-existence"),
        Binding("right,l", "move(1)", "More", show=False, tooltip="move the area towards co-ownership"),
        Binding("d", "delete", "Delete", tooltip="delete the area"),
    ]

    def setup(self) -> None:
        self.table.add_columns("Area", "Degree", "Co-existence … co-ownership")

    def refresh_view(self) -> None:
        g = glyphs_of(self)
        n = len(self.tool.entries)
        rows = []
        for area, degree in logic.degree_areas(self.tool, self.answers):
            index = logic.degree_index(self.tool, degree)
            scale = "".join(g.chosen if i == index else g.unanswered for i in range(n))
            rows.append((area, [safe_line(area, 24), safe_line(degree, 16), Text(" ".join(scale))]))
        self.refill(rows)
        self.update_detail()

    def update_detail(self) -> None:
        key = self.current_key()
        text = Text()
        if key is None:
            text.append("Name an area of the partnership's work (n), then place it from co-existence to co-ownership.", style="dim")
            text.append("\n")
            text.append_text(safe_line(self.tool.intro, 230, "dim"))
        else:
            degree = self.answers.get(logic.AREA + key, "")
            entry = logic.find_entry(self.tool, degree) if isinstance(degree, str) else None
            if entry is not None:
                text.append_text(safe_line(entry.title, 40, "bold"))
                if entry.quote:
                    text.append("  ")
                    text.append_text(safe_line(f"“{entry.quote}”", 80, "italic"))
                if entry.text:
                    text.append("\n")
                    text.append_text(safe_line(entry.text, 230))
        self.set_detail(text)

    def action_new_area(self) -> None:
        def add(name: str) -> None:
            if logic.AREA + name not in self.answers:
                logic.set_degree(self.tool, self.answers, name, self.tool.entries[0].title)
                self.changed()
                keys = [a for a, _ in logic.degree_areas(self.tool, self.answers)]
                self.table.move_cursor(row=keys.index(name), animate=False)

        self.ask("Name an area (e.g. Leadership, Data sharing)", add)

    def action_move(self, step: int) -> None:
        key = self.current_key()
        if key is not None:
            logic.move_degree(self.tool, self.answers, key, step)
            self.changed()

    def action_delete(self) -> None:
        key = self.current_key()
        if key is not None:
            logic.remove_area(self.answers, key)
            self.changed()


# --- Tool 5 -----------------------------------------------------------------------------------


class LifecycleExercise(ToolExerciseScreen):
    """Tool 5 as the source's own table, "If you're at this stage | consider | Is this action
    relevant?": one row per suggested action, its stage named on the stage's first row, so an
    action and its tick are always on their own stage's rows. Actions wrap to the width there is
    (never cut). enter: this row's stage is ours; space: tick the action as relevant."""

    HINT = "enter: our stage is this row's stage · space: is this action relevant?"
    HELP_TITLE = "Exercise: the partnership life cycle"
    HELP_KEYS = (("up / down", "choose a row"), ("enter", "our stage is this row's stage"))
    BINDINGS = [Binding("space", "toggle_relevant", "Relevant?", tooltip="is this action relevant? (tick or untick)")]
    STAGE_WIDTH = 16
    RELEVANT_WIDTH = 10

    def _heads(self) -> tuple[str, str, str]:
        defaults = ("If you're at this stage", "consider", "Is this action relevant?")
        heads = tuple(self.tool.actions_columns)[:3] + defaults[len(self.tool.actions_columns):]
        return heads[0], heads[1], heads[2]

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="ex-table", cursor_type="row", zebra_stripes=False, header_height=3)

    def setup(self) -> None:
        self._columns()

    def _columns(self) -> None:
        stage, consider, relevant = self._heads()
        self._width = self._consider_width()
        self.table.add_column(Text(stage), key="stage", width=self.STAGE_WIDTH)
        self.table.add_column(Text(consider), key="consider", width=self._width)
        self.table.add_column(Text(relevant), key="relevant", width=self.RELEVANT_WIDTH)

    def _consider_width(self) -> int:
        """The width left for the actions' text: wrapped, never cut."""
        width = self.table.scrollable_content_region.width
        if width <= 0:
            width = self.app.size.width - 2
        return max(16, width - self.STAGE_WIDTH - self.RELEVANT_WIDTH - 7)

    def on_resize(self) -> None:
        if self._consider_width() != getattr(self, "_width", None):
            self.table.clear(columns=True)
            self._columns()
            self.refresh_view()

    @staticmethod
    def _key(stage: str, index: int) -> str:
        return f"{index}\x1f{stage}"

    def _row(self) -> tuple[str, int] | None:
        """(stage, action index) of the row under the cursor."""
        key = self.current_key()
        if key is None:
            return None
        index, _, stage = key.partition("\x1f")
        return stage, int(index)

    def viewed_stage(self) -> str | None:
        row = self._row()
        if row is not None:
            return row[0]
        stage = logic.lifecycle_stage(self.tool, self.answers)
        return stage.title if stage else None

    def refresh_view(self) -> None:
        g = glyphs_of(self)
        chosen = logic.lifecycle_stage(self.tool, self.answers)
        rows: list[tuple[str, list[Text]]] = []
        for n, entry in enumerate(self.tool.entries, 1):
            ticked = logic.relevant_actions(self.answers, entry.title)
            for index, action in enumerate(logic.lifecycle_actions(self.tool, entry.title)):
                stage = Text()
                if index == 0:
                    stage = Text(f"{g.chosen} " if chosen is entry else "  ", style="bold")
                    stage.append_text(safe(f"{n}. {entry.title}", "bold"))
                mark = Text(f"[{g.answered if action in ticked else ' '}]")
                rows.append((self._key(entry.title, index), [stage, safe(action), mark]))
        table = self.table
        row = table.cursor_row
        table.clear()
        for key, cells in rows:
            table.add_row(*cells, key=key, height=None)
        if table.row_count:
            table.move_cursor(row=min(max(row, 0), table.row_count - 1), animate=False)
        self.update_detail()

    def update_detail(self) -> None:
        stage = self.viewed_stage()
        entry = logic.find_entry(self.tool, stage) if stage else None
        text = Text()
        if entry is not None:
            text.append_text(safe(self.tool.items_heading or "Typical characteristics:", "bold"))
            text.append(" ")
            text.append_text(safe(f"{entry.title}: " + "; ".join(entry.items)))
        self.set_detail(text)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        row = self._row()
        if row is not None:
            logic.set_stage(self.tool, self.answers, row[0])
            self.changed()

    def action_toggle_relevant(self) -> None:
        row = self._row()
        if row is None:
            return
        stage, index = row
        suggested = logic.lifecycle_actions(self.tool, stage)
        if 0 <= index < len(suggested):
            cursor = self.table.cursor_row
            logic.toggle_relevant(self.tool, self.answers, stage, suggested[index])
            self.changed()
            self.table.move_cursor(row=cursor, animate=False)


# --- Tool 6 -----------------------------------------------------------------------------------


class ChecklistExercise(ToolExerciseScreen):
    HINT = "y / n / u: yes, no, unsure · enter: write the answer · x: clear · f: only the unanswered"
    HELP_TITLE = "Exercise: checklist"
    HELP_KEYS = (("up / down", "choose a question"), ("enter", "write the answer"))
    BINDINGS = [
        Binding("y", "choose('yes')", "Yes", tooltip="yes"),
        Binding("n", "choose('no')", "No", tooltip="no"),
        Binding("u", "choose('unsure')", "Unsure", tooltip="unsure"),
        Binding("x", "choose('')", "Clear", show=False, tooltip="clear the answer"),
        Binding("f", "filter", "Unanswered", tooltip="show only the unanswered questions, or all again"),
    ]

    only_unanswered = False

    def setup(self) -> None:
        self.table.add_columns(" ", "Question", "Answer")

    def refresh_view(self) -> None:
        g = glyphs_of(self)
        unanswered = {q.key for q in logic.unanswered_questions(self.tool, self.answers)}
        rows = []
        for q in logic.checklist_questions(self.tool):
            if self.only_unanswered and q.key not in unanswered:
                continue
            choice, note = logic.checklist_answer(self.answers, q.key)
            flag = Text(g.warn, style="yellow") if q.key in unanswered else Text(g.answered, style="green")
            answer = choice or "–"
            if note:
                answer += f" {g.note}"
            rows.append((q.key, [flag, safe_line(f"{q.key} {q.text}", 60), Text(answer)]))
        self.refill(rows)
        title = self.query_one("#ex-intro", Static)
        total = len(logic.checklist_questions(self.tool))
        text = Text(f"{len(unanswered)} of {total} questions unanswered" + (" (showing only those)" if self.only_unanswered else "") + "\n", style="bold" if unanswered else "green")
        text.append(self.HINT, style="italic")
        title.update(text)
        self.update_detail()

    def update_detail(self) -> None:
        key = self.current_key()
        text = Text()
        for q in logic.checklist_questions(self.tool):
            if q.key == key:
                text.append_text(safe_line(q.group, 60, "bold"))
                text.append("\n")
                text.append_text(safe_line(q.text, 150))
                _, note = logic.checklist_answer(self.answers, key)
                if note:
                    text.append("\nAnswer: ", style="bold")
                    text.append_text(safe_line(note, 200))
        self.set_detail(text)

    def action_choose(self, choice: str) -> None:
        key = self.current_key()
        if key is not None:
            logic.set_checklist_answer(self.answers, key, choice=choice, note="" if not choice else None)
            self.changed()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        key = event.row_key.value
        if key is None:
            return
        _, note = logic.checklist_answer(self.answers, key)
        question = next(q for q in logic.checklist_questions(self.tool) if q.key == key)

        def save(text: str) -> None:
            logic.set_checklist_answer(self.answers, key, note=text)
            self.changed()

        self.ask(question.text, save, note)

    def action_filter(self) -> None:
        self.only_unanswered = not self.only_unanswered
        self.refresh_view()


# --- Tool 7 -----------------------------------------------------------------------------------


class ProjectMatrixExercise(ToolExerciseScreen):
    HINT = "n: add a project · r/R: risk up/down · c/C: contribution up/down (1-5, 3 = on the line) · d: delete"
    HELP_TITLE = "Exercise: project matrix"
    HELP_KEYS = (("up / down", "choose a project"),)
    BINDINGS = [
        Binding("n", "new_project", "New project", tooltip="add a project"),
        Binding("r", "rate('risk', 1)", "Risk+", tooltip="risk up (1-5, 3 = on the line)"),
        Binding("R", "rate('risk', -1)", "Risk-", show=False, tooltip="risk down"),
        Binding("c", "rate('contribution', 1)", "Contrib+", tooltip="contribution up (1-5, 3 = on the line)"),
        Binding("C", "rate('contribution', -1)", "Contrib-", show=False, tooltip="contribution down"),
        Binding("d", "delete", "Delete", tooltip="delete the project"),
    ]

    def compose_body(self) -> ComposeResult:
        yield DataTable(id="ex-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="ex-side"):
            yield Static("", id="ex-matrix", markup=False)

    def setup(self) -> None:
        self.table.add_columns("Project", "Risk", "Contr.", "Placed")

    def refresh_view(self) -> None:
        g = glyphs_of(self)
        rows = []
        for project, placement in logic.project_placements(self.tool, self.answers):
            placed = Text("?") if placement is None else safe_line(placement.title + (" *" if placement.borderline else ""), 16)
            rows.append((project.name, [safe_line(project.name, 18), Text(str(project.risk)), Text(str(project.contribution)), placed]))
        self.refill(rows)
        self.query_one("#ex-matrix", Static).update(self.matrix_text(g))
        self.update_detail()

    def matrix_text(self, g: Glyphs) -> Text:
        """The 2x2 matrix: risk down the side, potential contribution across, projects in place."""
        placed: dict[str, list[str]] = {e.title: [] for e in self.tool.entries}
        for project, placement in logic.project_placements(self.tool, self.answers):
            if placement is not None:
                placed.setdefault(placement.title, []).append(project.name)
        text = Text()
        for risk in ("high", "low"):
            for contribution in ("low", "high"):
                entry = next((e for e in self.tool.entries if e.risk == risk and e.contribution == contribution), None)
                if entry is None:
                    continue
                text.append_text(safe_line(f"{entry.title} ({risk} risk, {contribution} contribution)", 60, "bold"))
                text.append("\n")
                names = placed.get(entry.title, [])
                text.append_text(safe_line(", ".join(names) if names else "–", 120))
                text.append("\n")
        return text

    def update_detail(self) -> None:
        key = self.current_key()
        text = Text()
        if key is None:
            text.append("List the projects partners propose (n), then rate each one's risk and its potential contribution.", style="dim")
        else:
            for project, placement in logic.project_placements(self.tool, self.answers):
                if project.name == key and placement is not None:
                    text.append_text(safe_line(project.name, 40, "bold"))
                    text.append_text(safe_line(f": {placement.title} — {placement.risk} risk, {placement.contribution} contribution", 100))
                    if placement.borderline:
                        text.append("\n* a rating of 3 is on the line: read cautiously (risk as high, contribution as low)", style="dim")
        text.append("\n")
        text.append("The favourite projects for taking forward are the stars, followed by the good gambles.", style="italic")
        self.set_detail(text)

    def action_new_project(self) -> None:
        def add(name: str) -> None:
            if logic.RISK + name not in self.answers:
                logic.set_project(self.answers, name)
                self.changed()
                names = [p.name for p in logic.projects(self.answers)]
                self.table.move_cursor(row=names.index(name), animate=False)

        self.ask("Name a project", add)

    def action_rate(self, what: str, step: int) -> None:
        key = self.current_key()
        if key is None:
            return
        prefix = logic.RISK if what == "risk" else logic.CONTRIBUTION
        value = self.answers.get(prefix + key, logic.MIDPOINT)
        if isinstance(value, str):
            value = {"low": 2, "high": 4}.get(value.strip().lower(), logic.MIDPOINT)
        value = max(logic.RATING_MIN, min(logic.RATING_MAX, int(value) + step))
        logic.set_project(self.answers, key, **{what: value})
        self.changed()

    def action_delete(self) -> None:
        key = self.current_key()
        if key is not None:
            logic.remove_project(self.answers, key)
            self.changed()


EXERCISES: dict[str, type[ToolExerciseScreen]] = {
    "degrees": DegreesExercise,
    "lifecycle": LifecycleExercise,
    "checklist": ChecklistExercise,
    "project-matrix": ProjectMatrixExercise,
}


def exercise_for(
    tool: Tool,
    framework: Framework | None = None,
    answers: dict[str, Any] | None = None,
    on_change: OnChange | None = None,
) -> ToolExerciseScreen | None:
    """The exercise screen for this tool's kind, or None when the tool is reading only."""
    cls = EXERCISES.get(tool.kind)
    if cls is None:
        return None
    if framework is None:
        raise ValueError("exercise_for needs the framework")
    return cls(framework, tool, answers, on_change)
