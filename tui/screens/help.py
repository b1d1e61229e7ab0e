"""Every key, on every screen (? or F1): read from the bindings themselves (tui.keys), the same
list as docs/keys.md."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from accord_partnership.tui.keys import help_sections
from accord_partnership.tui.widgets.footer import AccordFooter

def help_renderable() -> Group:
    """Every screen's keys (tui.keys.help_sections): its title, then a table of keys and what they do."""
    parts: list[Text | Table] = []
    for index, section in enumerate(help_sections()):
        parts.append(Text(("\n" if index else "") + section.title, style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", width=18)  # the same in every section: the keys line up
        table.add_column(ratio=1)
        for row in section.rows:
            table.add_row(Text(row.keys), Text(row.what))
        parts.append(table)
    return Group(*parts)


class HelpScreen(Screen):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close", tooltip="close this help")]
    HELP_TITLE = "Help"
    HELP_KEYS = (("up / down, page up / page down", "scroll the help"),)

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Accord keys", "bold")), id="help-title", markup=False)
        with VerticalScroll(id="help", classes="reader"):
            yield Static(help_renderable(), markup=False)
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
