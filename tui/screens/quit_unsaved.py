"""Quitting while the answers cannot be saved: save them elsewhere, stay, or leave without them.

Dismisses with "saved" (saved to the file named in the box; the session carries on there),
"lose" (leave without saving: the app exits with code 1 and says so) or None (stay).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from exports.textsafe import one_line
from tui.session import AssessmentSession


class QuitUnsavedScreen(ModalScreen[str | None]):
    CSS_PATH = "quit_unsaved.tcss"
    BINDINGS = [Binding("escape", "stay", "Stay", tooltip="stay in Accord")]
    HELP_TITLE = "Quitting while saving fails"
    HELP_KEYS = (
        ("enter", "save the answers to the file named in the box (a new name is offered) and quit"),
        ("Quit without saving", "leave without the latest answers (exit code 1, and a line says so)"),
    )

    def __init__(self, session: AssessmentSession, suggestion: Path) -> None:
        super().__init__()
        self.session = session
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-box"):
            text = Text("Your latest answers are NOT saved.", style="bold")
            text.append("\n")
            text.append(one_line(self.session.last_error or "saving failed"))
            text.append("\n\nSave them to this file instead (enter), stay (escape), or leave without them:")
            yield Static(text, id="quit-text", markup=False)
            yield Input(str(self.suggestion), id="quit-path")
            yield Static("", id="quit-error", markup=False)
            with Horizontal(id="quit-buttons"):
                yield Button("Save here and quit", id="save", variant="primary", compact=True)
                yield Button("Stay", id="stay", compact=True)
                yield Button("Quit without saving", id="lose", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit-path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.save_elsewhere()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.save_elsewhere()
        elif event.button.id == "lose":
            self.dismiss("lose")
        else:
            self.action_stay()

    def save_elsewhere(self) -> None:
        raw = self.query_one("#quit-path", Input).value.strip()
        if not raw:
            return
        target = Path(raw).expanduser()
        if target.exists():
            self.query_one("#quit-error", Static).update(Text(f"{target} already exists: choose a new name", style="red"))
            return
        if self.session.save_as(target):
            self.dismiss("saved")
        else:
            self.query_one("#quit-error", Static).update(
                Text(f"Not saved there either: {one_line(self.session.last_error or '')}", style="red")
            )

    def action_stay(self) -> None:
        self.dismiss(None)
