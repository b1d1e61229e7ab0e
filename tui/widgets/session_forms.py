"""The officer's own small forms as widgets (`tui.widgets.form.Form`: attributes down, messages up).

- `NoteForm`: the evidence note (or an open question's answer) in a text area. A note holding
  control characters or escape sequences is edited in its visible form; saved unchanged, the
  original is kept exactly. Its screen (tui.screens.note_editor) saves with ctrl+s.
- `SaveElsewhereForm`: where to save the answers when saving has failed and the officer quits;
  posts `Form.Submitted` with a path that does not exist yet, `Form.Cancelled` (stay) or
  `SaveElsewhereForm.LeaveUnsaved`. Its screen saves and calls `show_error` if that fails too.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, Input, Static, TextArea

from accord_partnership.engine.bundle import MAX_NOTE_CHARS
from accord_partnership.exports.textsafe import one_line, safe_line, visible
from accord_partnership.tui.widgets.form import Form


class NoteForm(Form):
    """A note in a text area, with the item's title above it."""

    DEFAULT_CLASSES = ""

    def __init__(self, title: str, note: str, *, open_item: bool = False) -> None:
        super().__init__(id="note-dialog")
        self.title_text = title
        self.original = note
        self.shown = visible(note)
        self.open_item = open_item

    def compose(self) -> ComposeResult:
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

    def kept(self, note: str) -> None:
        """`note` has been saved as it stands: it is the original from now on."""
        self.original = self.shown = note

    def value(self) -> str | None:
        note = self.current_note() or ""
        if len(note) > MAX_NOTE_CHARS:
            self.notify(
                f"This note has {len(note):,} characters; a note can hold at most {MAX_NOTE_CHARS:,}.",
                severity="error",
                markup=False,
            )
            return None
        return note


class SaveElsewhereForm(Form):
    """Why saving failed, a new file name (offered), and: save here and quit, stay, or leave."""

    DEFAULT_CLASSES = ""

    class LeaveUnsaved(Message):
        """Quit without saving was chosen."""

    def __init__(self, error: str, suggestion: Path, what: str = "answers") -> None:
        super().__init__(id="quit-box")
        self.error = error
        self.suggestion = suggestion
        self.what = what  # "answers", "plan changes"

    def compose(self) -> ComposeResult:
        text = Text(f"Your latest {self.what} are NOT saved.", style="bold")
        text.append("\n")
        text.append(one_line(self.error or "saving failed"))
        text.append("\n\nSave them to this file instead (enter), stay (escape), or leave without them:")
        yield Static(text, id="quit-text", markup=False)
        yield Input(str(self.suggestion), id="quit-path")
        yield Static("", id="quit-error", markup=False)
        with Horizontal(id="quit-buttons"):
            yield Button("Save here and quit", id="save", variant="primary", compact=True)
            yield Button("Stay", id="cancel", compact=True)
            yield Button("Quit without saving", id="lose", variant="error", compact=True)

    def on_mount(self) -> None:
        self.query_one("#quit-path", Input).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "lose":
            event.stop()
            self.post_message(self.LeaveUnsaved())
        else:
            super().on_button_pressed(event)

    def show_error(self, message: str) -> None:
        self.query_one("#quit-error", Static).update(Text(message, style="red"))

    def value(self) -> Path | None:
        raw = self.query_one("#quit-path", Input).value.strip()
        if not raw:
            return None
        target = Path(raw).expanduser()
        if target.exists():
            self.show_error(f"{target} already exists: choose a new name")
            return None
        return target
