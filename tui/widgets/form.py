"""Small forms as widgets: attributes down, messages up.

A `Form` is given what it shows when it is made; it posts `Form.Submitted` with its value when
saved (enter in a field, the Save button, or `submit()` called by its screen on ctrl+s) and
`Form.Cancelled` on the Cancel button. `tui.screens.form.FormScreen` hosts one form as a modal
dialog and dismisses with the value (None when cancelled). A form that cannot take what was
typed says why beside the fields and posts nothing. The forms: tui.widgets.plan_forms (action
plan), tui.widgets.paths (folders and files), tui.widgets.session_forms (a note, saving elsewhere).
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Input


class Form(Vertical):
    """A form's fields and buttons; subclasses compose the fields, end with `buttons()` and
    implement `value()` (the result, or None after showing why it cannot be saved)."""

    DEFAULT_CLASSES = "form-box"

    class Submitted(Message):
        """The form was saved: `value` is what it returns."""

        def __init__(self, form: Form, value: Any) -> None:
            super().__init__()
            self.form = form
            self.value = value

    class Cancelled(Message):
        """The form's Cancel button was pressed."""

        def __init__(self, form: Form) -> None:
            super().__init__()
            self.form = form

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="form-buttons"):
            yield Button("Save", variant="primary", id="save", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def value(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        value = self.value()
        if value is not None:
            self.post_message(self.Submitted(self, value))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.submit()
        else:
            self.post_message(self.Cancelled(self))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()
