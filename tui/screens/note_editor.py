"""The evidence note editor: a multi-line TextArea in a modal. ctrl+s saves, escape cancels."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from engine.bundle import MAX_NOTE_CHARS
from exports.textsafe import safe_line, visible


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
        self.title_text = title
        self.original = note
        self.shown = visible(note)
        self.open_item = open_item

    def compose(self) -> ComposeResult:
        with Vertical(id="note-dialog"):
            heading = Text.assemble(("Your answer: " if self.open_item else "Evidence note: ", "bold"))
            heading.append_text(safe_line(self.title_text, 120))
            yield Static(heading, id="note-title", markup=False)
            if self.shown != self.original:
                yield Static(
                    "This note holds control characters; they are shown as ^[ or <U+...>.",
                    id="note-warning",
                    markup=False,
                )
            yield TextArea(self.shown, id="note-text", soft_wrap=True, tab_behavior="focus", show_line_numbers=False)
            yield Static("ctrl+s save  ·  escape cancel", id="note-hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def current_note(self) -> str | None:
        """The note as edited (the original when unchanged), or None before the editor is built."""
        areas = self.query(TextArea)
        if not areas:
            return None
        text = areas.first().text
        return self.original if text == self.shown else text

    def flush_pending(self) -> None:
        """Leaving the app with the editor open: save the note as it stands (up to the size limit)."""
        note = self.current_note()
        if self.keep is not None and note is not None and note != self.original:
            self.keep(note[:MAX_NOTE_CHARS])
            self.original = self.shown = note[:MAX_NOTE_CHARS]

    def action_save(self) -> None:
        note = self.current_note() or ""
        if len(note) > MAX_NOTE_CHARS:
            self.notify(
                f"This note has {len(note):,} characters; a note can hold at most {MAX_NOTE_CHARS:,}.",
                severity="error",
                markup=False,
            )
            return
        self.dismiss(note)

    def action_cancel(self) -> None:
        self.dismiss(None)
