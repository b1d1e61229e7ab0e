"""Quitting while the answers (or a plan's changes) cannot be saved: save them elsewhere, stay,
or leave without them. The one dialog for anything `Rescuable`: an `AssessmentSession`, or the
plan screen (`tui.screens.prioritise.PrioritiseScreen`).

The form is a widget (tui.widgets.session_forms.SaveElsewhereForm): it posts the path, or the
choice to stay or leave, up; this dialog saves. Dismisses with "saved" (saved to the file named in the box; the session carries on there),
"lose" (leave without saving: the app exits with code 1 and says so) or None (stay).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from accord_partnership.exports.textsafe import one_line
from accord_partnership.tui.widgets.form import Form
from accord_partnership.tui.widgets.session_forms import SaveElsewhereForm


class Rescuable(Protocol):
    """What the dialog rescues: why the last save failed, and a save to a new file (False when
    that failed too; `last_error` then says why)."""

    @property
    def last_error(self) -> str | None: ...

    def save_as(self, path: Path) -> bool: ...


class QuitUnsavedScreen(ModalScreen[str | None]):
    CSS_PATH = "quit_unsaved.tcss"
    BINDINGS = [Binding("escape", "stay", "Stay", tooltip="stay in Accord")]
    HELP_TITLE = "Quitting while saving fails"
    HELP_KEYS = (
        ("enter", "save the answers to the file named in the box (a new name is offered) and quit"),
        ("Quit without saving", "leave without the latest answers (exit code 1, and a line says so)"),
    )

    def __init__(self, session: Rescuable, suggestion: Path, what: str = "answers") -> None:
        super().__init__()
        self.session = session
        self.form = SaveElsewhereForm(session.last_error or "", suggestion, what)

    def compose(self) -> ComposeResult:
        yield self.form

    def on_form_submitted(self, message: Form.Submitted) -> None:
        self.save_elsewhere(message.value)

    def on_form_cancelled(self, message: Form.Cancelled) -> None:
        self.action_stay()

    def on_save_elsewhere_form_leave_unsaved(self, message: SaveElsewhereForm.LeaveUnsaved) -> None:
        self.dismiss("lose")

    def save_elsewhere(self, target: Path) -> None:
        if self.session.save_as(target):
            self.dismiss("saved")
        else:
            self.form.show_error(f"Not saved there either: {one_line(self.session.last_error or '')}")

    def action_stay(self) -> None:
        self.dismiss(None)
