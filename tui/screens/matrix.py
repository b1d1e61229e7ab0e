"""The stage matrix (Sport England): per row, the source's columns in its order.

Rows are the framework's sections with `matrix = true` (PLAN, DO, MEASURE, REVIEW, IMPACT). The
read-only `matrix_columns` show the row's own content under the source's headings ("Challenge":
the criteria, with the respondent's rating; "Examples of Best Practice"); the editable ones ("What
we currently do", "What action can we take") are boxes saved into `bundle.matrix[row][column]`
half a second after typing stops, and at once when the row changes or the screen closes.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static, TextArea
from textual.widgets.option_list import Option

from accord_partnership.engine.model import MatrixColumn, Section, own_mark
from accord_partnership.exports.textsafe import safe, safe_line, visible
from accord_partnership.tui.settings import glyphs_of, on_ascii_change
from accord_partnership.tui.session import AssessmentSession
from accord_partnership.tui.widgets.status import SaveBar
from accord_partnership.tui.widgets.footer import AccordFooter

SAVE_DELAY = 0.5


class MatrixScreen(Screen):
    BINDINGS = [
        Binding("escape", "close", "Back", tooltip="back to scoring (cells are saved as you type)"),
        Binding("ctrl+n", "row(1)", "Next row", priority=True, tooltip="next row from anywhere"),
        Binding("ctrl+b", "row(-1)", "Previous row", priority=True, tooltip="previous row from anywhere"),
    ]
    HELP_TITLE = "Matrix"
    HELP_KEYS = (
        ("up / down", "choose a row (PLAN, DO, MEASURE, REVIEW, IMPACT)"),
        ("tab / shift+tab", "move between the row list and the editable columns"),
    )

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
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        rows = self.query_one("#rows", OptionList)
        rows.set_options(Option(self._row_prompt(s), id=s.id) for s in self.rows)
        rows.highlighted = self.rows.index(self.row)
        rows.focus()
        self.show_row(self.row)
        self.query_one(SaveBar).show_error(self.session.last_error)
        on_ascii_change(self, self.refresh_content)

    def refresh_content(self) -> None:
        self.show_row(self.row)

    def _row_prompt(self, section: Section) -> Text:
        done, total = self.session.bundle.progress(self.framework, section)
        filled = sum(1 for c in self.columns if self.session.matrix_cell(section, c.id))
        text = safe_line(section.title, 20, style="bold")
        text.append(f"\n rated {done}/{total}\n cells {filled}/{len(self.columns)}", style="dim")
        return text

    def _info(self, section: Section) -> Text:
        text = Text()
        index = self.rows.index(section) + 1
        text.append_text(safe(f"{section.title} ({index} of {len(self.rows)})", "bold underline"))
        columns = ", ".join(c.title for c in self.columns)
        text.append("\n")
        text.append_text(safe(f"Tab to the boxes below to write: {columns}. Saved as you type.", "italic"))
        # the source's own columns, in its order: the read-only ones show this row's criteria (the
        # Sport England "Challenge") and examples; the editable ones are the boxes below
        shown = [c for c in self.framework.matrix_columns if c.content]
        if not any(c.content == "criteria" for c in shown):
            shown.insert(0, MatrixColumn("criteria", "Criteria", False, "criteria"))
        if section.examples and not any(c.content == "examples" for c in shown):
            shown.append(MatrixColumn("examples", "Examples of best practice", False, "examples"))
        for n, column in enumerate(shown):
            text.append("\n" if n == 0 else "\n\n")
            text.append_text(safe_line(own_mark(column, "title"), style="bold"))
            if column.content == "criteria":
                self._criteria(text, section)
            else:
                self._examples(text, section)
        legend = self.framework.own_legend()
        if legend:
            text.append("\n\n")
            text.append_text(safe(legend, "dim"))
        text.append("\n")
        return text

    def _tags(self, text: Text, thing: object) -> None:
        tags = getattr(thing, "tags", ())
        for tag in tags:
            text.append_text(safe_line(f"[{own_mark(thing, 'tags', tag)}]", style="bold reverse"))
            text.append(" ")

    def _criteria(self, text: Text, section: Section) -> None:
        g = glyphs_of(self)
        for item in section.items:
            answer = self.session.answer(section, item)
            text.append(f"\n{g.bullet} ")
            self._tags(text, item)
            text.append_text(safe(item.text or item.title))
            if answer is not None and answer.na:
                given = "N/A"
            elif answer is not None and answer.score is not None and section.scale is not None:
                given = f"{answer.score} {own_mark(section.scale, 'labels', section.scale.label(answer.score))}"
            else:
                given = "not rated yet (rate it on the scoring screen)"
            text.append("\n  ")
            text.append_text(safe(f"Your rating: {given}", "dim"))

    def _examples(self, text: Text, section: Section) -> None:
        g = glyphs_of(self)
        for example in section.examples:
            text.append(f"\n{g.bullet} ")
            self._tags(text, example)
            text.append_text(safe(example.text))

    def show_row(self, section: Section) -> None:
        self.flush_pending()
        self.row = section
        title = Text.assemble(("Matrix", "bold"))
        title.append(" · ", style="dim")
        title.append_text(safe_line(own_mark(self.framework, "title"), 70, style="dim"))
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
        rows = self.query("#rows").only_one(OptionList) if pending and self.is_mounted and self.query("#rows") else None
        if rows is not None:
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
