"""The save status bar: invisible while everything is saved, a persistent red bar when it is not."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from accord_partnership.exports.textsafe import one_line


class SaveBar(Static):
    DEFAULT_CLASSES = "savebar"

    def __init__(self) -> None:
        super().__init__("", markup=False, id="savebar")
        self.display = False

    def show_error(self, error: str | None) -> None:
        """Show `error` (None: hide the bar). Called after every save: unchanged, nothing is redrawn
        (an update asks for a layout of the whole screen)."""
        if error == getattr(self, "_shown_error", None):
            return
        self._shown_error = error
        if error:
            self.update(
                Text(f"Not saved: your answers are kept and saving will be retried (ctrl+s: now). {one_line(error)}")
            )
            self.display = True
        else:
            self.update("")
            self.display = False
