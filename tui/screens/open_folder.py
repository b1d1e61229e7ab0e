"""Small dialogs that ask for paths: the coordinator's folder of bundles (and roster), a baseline round.

`OpenFolderScreen` (start screen, `c`) returns a checked `CoordinateRequest`; `AskPathScreen`
runs a check on the path in a thread (comparing rounds reads two folders) and returns its result.
Errors are shown inline under the field, one line naming the file (and line), never as markup.
Paths complete as you type: the rest of a matching name is shown dimmed, right arrow takes it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from engine.errors import AccordError
from exports.textsafe import one_line
from tui.coordinate import CoordinateRequest, check_folder, check_roster


class PathSuggester(Suggester):
    """Completes the last part of a path from what is on disk (hidden names only after a dot)."""

    LIMIT = 5000

    def __init__(self, *, folders_only: bool = False) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.folders_only = folders_only

    async def get_suggestion(self, value: str) -> str | None:
        head, tail = os.path.split(os.path.expanduser(value))
        if not tail:
            return None
        try:
            with os.scandir(head or ".") as scan:
                entries = [entry for _, entry in zip(range(self.LIMIT), scan)]
        except OSError:
            return None
        for entry in sorted(entries, key=lambda e: e.name):
            name = entry.name
            if not name.startswith(tail) or name == tail or (name.startswith(".") and not tail.startswith(".")):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:
                continue
            if self.folders_only and not is_dir:
                continue
            return value + name[len(tail) :] + (os.sep if is_dir else "")
        return None


def _with_sep(path: Path) -> str:
    text = str(path)
    return text if text.endswith(os.sep) else text + os.sep


def _absolute(value: str) -> str:
    """A typed path made absolute (messages then say exactly where Accord looked); empty stays empty."""
    value = value.strip()
    return str(Path.cwd() / Path(value).expanduser()) if value else ""


def _error_text(message: str) -> Text:
    return Text(one_line(message))


class OpenFolderScreen(ModalScreen["CoordinateRequest | None"]):
    """The coordinator's folder of returned bundles (default: the current folder) and a roster."""

    CSS_PATH = "open_folder.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, folder: str | Path | None = None, roster: str | Path | None = None) -> None:
        super().__init__()
        self.folder = _with_sep(Path(folder) if folder else Path.cwd())
        self.roster = str(roster or "")

    def compose(self) -> ComposeResult:
        with Vertical(classes="path-box") as box:
            box.border_title = "Coordinator: open a folder of bundles"
            yield Static(
                Text("The folder members returned their bundles to (accord submit): who has completed, "
                     "the merged scores and findings, and from there the action plan."),
                classes="path-intro",
            )
            yield Label("Folder of bundles")
            yield Input(self.folder, id="coord-folder", suggester=PathSuggester(folders_only=True))
            yield Static("", id="coord-folder-error", classes="path-error", markup=False)
            yield Label("Roster (optional): who should answer, one name or email per line")
            yield Input(self.roster, id="coord-roster", placeholder="optional: a text file, e.g. roster.txt", suggester=PathSuggester())
            yield Static("", id="coord-roster-error", classes="path-error", markup=False)
            with Horizontal(classes="path-buttons"):
                yield Static(Text("enter: open · tab: next · →: complete · escape: cancel"), classes="path-hint")
                yield Button("Open", variant="primary", id="open", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#coord-folder", Input).focus()

    def _show(self, field: str, message: str) -> None:
        error = self.query_one(f"#coord-{field}-error", Static)
        error.update(_error_text(message))
        error.display = bool(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_open()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_open() if event.button.id == "open" else self.action_cancel()

    def action_open(self) -> None:
        self._show("folder", "")
        self._show("roster", "")
        try:
            folder = check_folder(_absolute(self.query_one("#coord-folder", Input).value))
        except AccordError as exc:
            self._show("folder", str(exc))
            self.query_one("#coord-folder", Input).focus()
            return
        try:
            roster = check_roster(_absolute(self.query_one("#coord-roster", Input).value))
        except AccordError as exc:
            self._show("roster", str(exc))
            self.query_one("#coord-roster", Input).focus()
            return
        self.dismiss(CoordinateRequest(folder, roster))

    def action_cancel(self) -> None:
        self.dismiss(None)


class AskPathScreen(ModalScreen[Any]):
    """One path; `check(path)` runs in a thread and its result is returned, or its error shown."""

    CSS_PATH = "open_folder.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, intro: str, label: str, value: str, check: Callable[[Path], Any], *, action: str = "Open") -> None:
        super().__init__()
        self.title_text, self.intro, self.label, self.value = title, intro, label, value
        self.check = check
        self.action_label = action
        self.checking = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="path-box") as box:
            box.border_title = self.title_text
            yield Static(Text(self.intro), classes="path-intro")
            yield Label(self.label, markup=False)
            yield Input(self.value, id="ask-path", suggester=PathSuggester())
            yield Static("", id="ask-path-error", classes="path-error", markup=False)
            with Horizontal(classes="path-buttons"):
                yield Static(self._hint(), id="ask-path-hint", classes="path-hint")
                yield Button(self.action_label, variant="primary", id="ok", compact=True)
                yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ask-path", Input).focus()

    def _hint(self) -> Text:
        if self.checking:
            return Text("Reading…")
        return Text(f"enter: {self.action_label.lower()} · →: complete · escape: cancel")

    def show_error(self, message: str) -> None:
        self.checking = False
        self.query_one("#ask-path-hint", Static).update(self._hint())
        error = self.query_one("#ask-path-error", Static)
        error.update(_error_text(message))
        error.display = bool(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.action_ok()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_ok() if event.button.id == "ok" else self.action_cancel()

    def action_ok(self) -> None:
        if self.checking:
            return
        raw = self.query_one("#ask-path", Input).value.strip()
        if not raw:
            self.show_error("Give a path.")
            return
        path = Path(raw).expanduser()
        if not path.exists():
            self.show_error(f"{path}: no such file or folder")
            return
        self.show_error("")
        self.checking = True
        self.query_one("#ask-path-hint", Static).update(self._hint())
        self.run_worker(lambda: self._run_check(path), thread=True, exclusive=True, group="ask-path")

    def _run_check(self, path: Path) -> None:
        try:
            result = self.check(path)
        except (AccordError, OSError) as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a bug, but say so here rather than crash the app
            self.app.call_from_thread(self.show_error, f"unexpected error: {type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self._finish, result)

    def _finish(self, result: Any) -> None:
        self.checking = False
        if self.is_current:
            self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)
