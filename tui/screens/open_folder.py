"""Small dialogs that ask for paths: the coordinator's folder of bundles (and roster), a baseline round.

`OpenFolderScreen` (start screen, `c`) returns a checked `CoordinateRequest`; `AskPathScreen`
runs a check on the path in a thread (comparing rounds reads two folders) and returns its result.
The forms themselves are widgets (tui.widgets.paths): they post the value up, these dialogs act.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from accord_partnership.engine.errors import AccordError
from accord_partnership.tui.coordinate import CoordinateRequest
from accord_partnership.tui.screens.form import FormScreen
from accord_partnership.tui.widgets.form import Form
from accord_partnership.tui.widgets.paths import FolderForm, PathForm, PathSuggester

__all__ = ["AskPathScreen", "OpenFolderScreen", "PathSuggester"]


class OpenFolderScreen(FormScreen["CoordinateRequest | None"]):
    """The coordinator's folder of returned bundles (default: the current folder) and a roster."""

    CSS_PATH = "open_folder.tcss"
    HELP_TITLE = "Open a folder of bundles"
    HELP_KEYS = (
        ("tab / shift+tab", "folder, roster (optional), buttons"),
        ("right", "take the dimmed completion of a file or folder name"),
        ("enter", "open the folder (it must exist; the roster must be readable)"),
    )

    def __init__(self, folder: str | Path | None = None, roster: str | Path | None = None) -> None:
        super().__init__(FolderForm(folder, roster))


class AskPathScreen(FormScreen[Any]):
    """One path; `check(path)` runs in a thread and its result is returned, or its error shown."""

    CSS_PATH = "open_folder.tcss"
    HELP_TITLE = "Compare with an earlier round: the baseline"
    HELP_KEYS = (
        ("right", "take the dimmed completion of a file or folder name"),
        ("enter", "read the baseline (a folder of bundles or a merged file) and compare"),
    )

    def __init__(self, title: str, intro: str, label: str, value: str, check: Callable[[Path], Any], *, action: str = "Open") -> None:
        self.path_form = PathForm(title, intro, label, value, action=action)
        super().__init__(self.path_form)
        self.check = check

    @property
    def checking(self) -> bool:
        return self.path_form.checking

    def show_error(self, message: str) -> None:
        self.path_form.show_error(message)

    def on_form_submitted(self, message: Form.Submitted) -> None:
        message.prevent_default()  # not FormScreen's: the path is checked before the dialog closes
        path: Path = message.value
        self.path_form.checking = True
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
        self.path_form.checking = False
        if self.is_current:
            self.dismiss(result)
