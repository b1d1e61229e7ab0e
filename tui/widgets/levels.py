"""The levels of one item laid out for comparison: one row per choice, the chosen one highlighted.

A row is the key that chooses it (with a marker when chosen) beside the label and the full
descriptor, wrapped in the remaining width, so five long descriptors can be compared at 80x24.
Rows are clickable.
"""

from __future__ import annotations

from rich.text import Text
from textual.message import Message

from accord_partnership.exports.textsafe import safe
from accord_partnership.tui.widgets.paint import OnceHorizontal, OnceStatic
from accord_partnership.tui.widgets.text import Glyphs


class LevelRow(OnceHorizontal):
    """One choice: `value` is a score ("3"), "na", "yes" or "no"."""

    class Chosen(Message):
        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def __init__(self, value: str, key: str, label: str, descriptor: str, *, chosen: bool, g: Glyphs) -> None:
        super().__init__(classes="level")
        self.value = value
        self.key = key
        self.label = label
        self.descriptor = descriptor
        self.g = g
        self.chosen = chosen
        self.set_class(chosen, "-chosen")

    def _key_text(self) -> Text:
        marker = self.g.chosen if self.chosen else " "
        return Text(f"{marker}{self.key}", style="bold")

    def body_text(self) -> Text:
        text = Text()
        if self.label:
            text.append_text(safe(self.label, "bold"))
        if self.descriptor:
            if self.label:
                text.append("\n")
            text.append_text(safe(self.descriptor))
        return text

    def compose(self):
        yield OnceStatic(self._key_text(), classes="level-key")
        yield OnceStatic(self.body_text(), classes="level-body")

    def set_chosen(self, chosen: bool) -> None:
        """Mark or unmark; nothing is repainted when it does not change."""
        if chosen == self.chosen:
            return
        self.chosen = chosen
        self.set_class(chosen, "-chosen")
        if self.is_mounted:  # the same two cells: no layout needed
            self.query_one(".level-key", OnceStatic).update(self._key_text(), layout=False)

    def show(self, value: str, key: str, label: str, descriptor: str, *, chosen: bool, g: Glyphs) -> None:
        """Show another choice in this row (moving to another item reuses the rows: only what
        differs is repainted, and the pane is never drawn empty in between)."""
        new = (value, key, label, descriptor, chosen, g)
        if new == (self.value, self.key, self.label, self.descriptor, self.chosen, self.g):
            return
        body_changed = (label, descriptor) != (self.label, self.descriptor)
        key_changed = (key, chosen, g) != (self.key, self.chosen, self.g)
        self.value, self.key, self.label, self.descriptor, self.chosen, self.g = new
        self.set_class(chosen, "-chosen")
        if self.is_mounted:
            if key_changed:
                self.query_one(".level-key", OnceStatic).update(self._key_text())
            if body_changed:
                self.query_one(".level-body", OnceStatic).update(self.body_text())

    def on_click(self) -> None:
        self.post_message(self.Chosen(self.value))
