"""The evidence note editor: the note form (tui.widgets.session_forms.NoteForm) in a modal.
ctrl+s saves, escape cancels."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen

from accord_partnership.engine.bundle import MAX_NOTE_CHARS
from accord_partnership.tui.widgets.session_forms import NoteForm


class NoteEditor(ModalScreen[str | None]):
    """Dismisses with the new note, or None when cancelled.

    A note holding control characters or escape sequences is edited in its visible form; saved
    unchanged, the original is kept exactly. `keep(note)`, when given, saves a changed note if the
    app is left while the editor is open (ctrl+q, a dropped connection): `flush_pending`.
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save note", priority=True, tooltip="save the note"),
        Binding("escape", "cancel", "Cancel", priority=True, tooltip="cancel (the note is left as it was)"),
    ]
    HELP_TITLE = "Evidence note"

    def __init__(self, title: str, note: str, *, open_item: bool = False, keep=None) -> None:
        super().__init__()
        self.keep = keep
        self.form = NoteForm(title, note, open_item=open_item)

    def compose(self) -> ComposeResult:
        yield self.form

    def current_note(self) -> str | None:
        """The note as edited (the original when unchanged), or None before the editor is built."""
        return self.form.current_note()

    def flush_pending(self) -> None:
        """Leaving the app with the editor open: save the note as it stands (up to the size limit)."""
        note = self.current_note()
        if self.keep is not None and note is not None and note != self.form.original:
            self.keep(note[:MAX_NOTE_CHARS])
            self.form.kept(note[:MAX_NOTE_CHARS])

    def action_save(self) -> None:
        note = self.form.value()
        if note is not None:
            self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)
