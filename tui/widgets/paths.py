"""Forms that ask for paths, as widgets: attributes down, messages up (see tui.widgets.form).

- `FolderForm`: the coordinator's folder of returned bundles and an optional roster, checked
  (tui.coordinate) before it posts `Form.Submitted` with a `CoordinateRequest`.
- `PathForm`: one path that must exist; it posts the `Path`, its screen runs the real check (in a
  thread) and sets `checking`, or calls `show_error` with what went wrong.

Errors are shown inline under the field, one line naming the file (and line), never as markup.
Paths complete as you type (`PathSuggester`): the rest of a matching name is shown dimmed, right
arrow takes it.
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, Static

from accord_partnership.engine.errors import AccordError
from accord_partnership.exports.textsafe import one_line
from accord_partnership.tui.coordinate import CoordinateRequest, check_folder, check_roster
from accord_partnership.tui.widgets.form import Form


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


def _show_error(widget: Static, message: str) -> None:
    widget.update(Text(one_line(message)))
    widget.display = bool(message)


class FolderForm(Form):
    """The coordinator's folder of returned bundles (default: the current folder) and a roster."""

    DEFAULT_CLASSES = "path-box"

    def __init__(self, folder: str | Path | None = None, roster: str | Path | None = None) -> None:
        super().__init__()
        self.folder = _with_sep(Path(folder) if folder else Path.cwd())
        self.roster = str(roster or "")
        self.border_title = "Coordinator: open a folder of bundles"

    def compose(self) -> ComposeResult:
        yield Static(
            Text("The folder members returned their bundles to (accord submit): who has completed, "
                 "the merged scores and findings, and from there the action plan."),
            classes="path-intro",
        )
        yield Label("Folder of bundles")
        # typing adds to the offered folder (not replacing it): the cursor waits at its end
        yield Input(self.folder, id="coord-folder", suggester=PathSuggester(folders_only=True), select_on_focus=False)
        yield Static("", id="coord-folder-error", classes="path-error", markup=False)
        yield Label("Roster (optional): who should answer, one name or email per line")
        yield Input(self.roster, id="coord-roster", placeholder="optional: a text file, e.g. roster.txt", suggester=PathSuggester())
        yield Static("", id="coord-roster-error", classes="path-error", markup=False)
        with Horizontal(classes="path-buttons"):
            yield Static(Text("enter: open · tab: next · →: complete · escape: cancel"), classes="path-hint")
            yield Button("Open", variant="primary", id="save", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#coord-folder", Input).focus()

    def _error(self, field: str, message: str) -> None:
        _show_error(self.query_one(f"#coord-{field}-error", Static), message)

    def value(self) -> CoordinateRequest | None:
        self._error("folder", "")
        self._error("roster", "")
        try:
            folder = check_folder(_absolute(self.query_one("#coord-folder", Input).value))
        except AccordError as exc:
            self._error("folder", str(exc))
            self.query_one("#coord-folder", Input).focus()
            return None
        try:
            roster = check_roster(_absolute(self.query_one("#coord-roster", Input).value))
        except AccordError as exc:
            self._error("roster", str(exc))
            self.query_one("#coord-roster", Input).focus()
            return None
        return CoordinateRequest(folder, roster)


class PathForm(Form):
    """One path that must exist; while its screen checks it, `checking` is True ("Reading…")."""

    DEFAULT_CLASSES = "path-box"

    checking: var[bool] = var(False)

    def __init__(self, title: str, intro: str, label: str, value: str, *, action: str = "Open") -> None:
        super().__init__()
        self.intro, self.label, self.initial, self.action_label = intro, label, value, action
        self.border_title = title

    def compose(self) -> ComposeResult:
        yield Static(Text(self.intro), classes="path-intro")
        yield Label(self.label, markup=False)
        # typing adds to the offered folder (a sibling's name, say): the cursor waits at its end
        yield Input(self.initial, id="ask-path", suggester=PathSuggester(), select_on_focus=False)
        yield Static("", id="ask-path-error", classes="path-error", markup=False)
        with Horizontal(classes="path-buttons"):
            yield Static(self._hint(), id="ask-path-hint", classes="path-hint")
            yield Button(self.action_label, variant="primary", id="save", compact=True)
            yield Button("Cancel", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#ask-path", Input).focus()

    @property
    def base(self) -> Path:
        """The folder a relative name is read from: the one offered (else the working folder)."""
        offered = Path(self.initial.strip()).expanduser() if self.initial.strip() else None
        return offered if offered is not None and offered.is_absolute() and offered.is_dir() else Path.cwd()

    def _hint(self) -> Text:
        if self.checking:
            return Text("Reading…")
        return Text(f"enter: {self.action_label.lower()} · →: complete · escape: cancel")

    def watch_checking(self) -> None:
        if self.is_mounted:
            self.query_one("#ask-path-hint", Static).update(self._hint())

    def show_error(self, message: str) -> None:
        """Say what is wrong with the path (empty: nothing); the check is over."""
        self.checking = False
        _show_error(self.query_one("#ask-path-error", Static), message)

    def value(self) -> Path | None:
        if self.checking:
            return None
        raw = self.query_one("#ask-path", Input).value.strip()
        if not raw:
            self.show_error("Give a path.")
            return None
        path = self.base / Path(raw).expanduser()  # a relative name is read from the folder offered
        if not path.exists():
            self.show_error(f"{path}: no such file or folder")
            return None
        self.show_error("")
        return path
