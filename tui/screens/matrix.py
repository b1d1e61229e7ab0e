"""The stage matrix (Sport England): per row, criteria and examples read-only, editable columns.

Rows are the framework's sections with `matrix = true` (PLAN, DO, MEASURE, REVIEW, IMPACT). The
editable `matrix_columns` ("Challenge", "What we currently do", "What action can we take") are
saved into `bundle.matrix[row][column]` half a second after typing stops, and at once when the
row changes or the screen closes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from engine.model import Section
from exports.textsafe import visible
from tui.session import AssessmentSession
from tui.widgets.status import SaveBar
from tui.widgets.text import safe, safe_line

SAVE_DELAY = 0.5


class MatrixScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back"),
        Binding("ctrl+n", "row(1)", "Next row", priority=True),
        Binding("ctrl+b", "row(-1)", "Previous row", priority=True),
    ]

    def __init__(self, session: AssessmentSession, start: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.framework = session.framework
        self.rows: list[Section] = [s for s in self.framework.sections if s.matrix]
        self.columns = [c for c in self.framework.matrix_columns if c.editable]
        ids = [s.id for s in self.rows]
        if start is None and session.bundle.position and session.bundle.position[0] in ids:
            start = session.bundle.position[0]
        self.row: Section = self.rows[ids.index(start)] if start in ids else self.rows[0]
        self._pending: dict[tuple[str, str], str] = {}
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="matrix-title", markup=False)
        with Horizontal(id="matrix-body"):
            yield OptionList(id="rows")
            with VerticalScroll(id="matrix-detail", can_focus=False):
                yield Static("", id="matrix-info", markup=False)
                for column in self.columns:
                    yield Static(safe_line(column.title, style="bold"), classes="cell-label", markup=False)
                    yield TextArea("", id=f"cell-{column.id}", classes="cell", soft_wrap=True, tab_behavior="focus")
        yield SaveBar()
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        rows = self.query_one("#rows", OptionList)
        rows.set_options(Option(self._row_prompt(s), id=s.id) for s in self.rows)
        rows.highlighted = self.rows.index(self.row)
        rows.focus()
        self.show_row(self.row)
        self.query_one(SaveBar).show_error(self.session.last_error)

    def refresh_content(self) -> None:
        self.show_row(self.row)

    def _row_prompt(self, section: Section) -> Text:
        done, total = self.session.bundle.progress(self.framework, section)
        filled = sum(1 for c in self.columns if self.session.matrix_cell(section, c.id))
        text = safe_line(section.title, 20, style="bold")
        text.append(f"\n rated {done}/{total}\n cells {filled}/{len(self.columns)}", style="dim")
        return text

    def _info(self, section: Section) -> Text:
        g = self.app.g  # type: ignore[attr-defined]
        text = Text()
        index = self.rows.index(section) + 1
        text.append_text(safe(f"{section.title} ({index} of {len(self.rows)})", "bold underline"))
        columns = ", ".join(c.title for c in self.columns)
        text.append("\n")
        text.append_text(safe(f"Tab to the boxes below to write: {columns}. Saved as you type.", "italic"))
        text.append("\nCriteria", style="bold")
        for item in section.items:
            answer = self.session.answer(section, item)
            text.append(f"\n{g.bullet} ")
            for tag in item.tags:
                text.append_text(safe_line(f"[{tag}]", style="bold reverse"))
                text.append(" ")
            text.append_text(safe(item.text or item.title))
            if answer is not None and answer.na:
                given = "N/A"
            elif answer is not None and answer.score is not None and section.scale is not None:
                given = f"{answer.score} {section.scale.label(answer.score)}"
            else:
                given = "not rated yet (rate it on the scoring screen)"
            text.append("\n  ")
            text.append_text(safe(f"Your rating: {given}", "dim"))
        if section.examples:
            text.append("\n\nExamples of best practice", style="bold")
            for example in section.examples:
                text.append(f"\n{g.bullet} ")
                for tag in example.tags:
                    text.append_text(safe_line(f"[{tag}]", style="bold reverse"))
                    text.append(" ")
                text.append_text(safe(example.text))
        text.append("\n")
        return text

    def show_row(self, section: Section) -> None:
        self.flush_pending()
        self.row = section
        title = Text.assemble(("Matrix", "bold"))
        title.append(" · ", style="dim")
        title.append_text(safe_line(self.framework.title, 60, style="dim"))
        self.query_one("#matrix-title", Static).update(title)
        self.query_one("#matrix-info", Static).update(self._info(section))
        for column in self.columns:
            area = self.query_one(f"#cell-{column.id}", TextArea)
            area.load_text(visible(self.session.matrix_cell(section, column.id)))
        self.query_one("#matrix-detail", VerticalScroll).scroll_home(animate=False)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.row.id:
            self.show_row(self.framework.section(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.columns:
            self.query_one(f"#cell-{self.columns[0].id}", TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        area_id = event.text_area.id or ""
        if not area_id.startswith("cell-"):
            return
        column_id = area_id.removeprefix("cell-")
        stored = self.session.matrix_cell(self.row, column_id)
        text = event.text_area.text
        if text == visible(stored):  # just loaded, or edited back to what is saved
            self._pending.pop((self.row.id, column_id), None)
            return
        self._pending[(self.row.id, column_id)] = text
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush_pending)

    def flush_pending(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        pending, self._pending = self._pending, {}
        for (row_id, column_id), text in pending.items():
            self.session.set_matrix(self.framework.section(row_id), column_id, text)
        if pending and self.is_mounted:
            rows = self.query_one("#rows", OptionList)
            for index, section in enumerate(self.rows):
                rows.replace_option_prompt_at_index(index, self._row_prompt(section))

    def action_row(self, step: int) -> None:
        rows = self.query_one("#rows", OptionList)
        index = (self.rows.index(self.row) + step) % len(self.rows)
        rows.highlighted = index
        self.show_row(self.rows[index])

    def action_close(self) -> None:
        self.flush_pending()
        self.app.pop_screen()

    def on_unmount(self) -> None:
        self.flush_pending()
