"""A modal dialog around one form widget (tui.widgets.form): the form posts its value up, the
dialog dismisses with it (None when cancelled)."""

from __future__ import annotations

from typing import Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from accord_partnership.tui.widgets.footer import APP_KEYS_ON_FORM, AccordFooter
from accord_partnership.tui.widgets.form import Form

FormResult = TypeVar("FormResult")


class FormScreen(ModalScreen[FormResult], Generic[FormResult]):
    """A modal dialog around one `Form`: enter or ctrl+s saves, escape cancels; the footer keeps
    the app's help (F1; ? too when no field has the focus) and quit keys."""

    CSS_PATH = "plans.tcss"
    BINDINGS = [
        *APP_KEYS_ON_FORM,
        Binding("escape", "cancel", "Cancel", tooltip="cancel (nothing is changed)"),
        Binding("ctrl+s", "save", "Save", tooltip="the same as enter (save, open)"),
    ]

    def __init__(self, form: Form) -> None:
        super().__init__()
        self.form = form

    def compose(self) -> ComposeResult:
        yield self.form
        yield AccordFooter(compact=True, show_command_palette=False)

    def action_save(self) -> None:
        self.form.submit()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_form_submitted(self, message: Form.Submitted) -> None:
        self.dismiss(message.value)

    def on_form_cancelled(self, message: Form.Cancelled) -> None:
        self.dismiss(None)
