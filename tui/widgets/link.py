"""A focusable, clickable line of text (links to resource tools and the like)."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static


class Link(Static, can_focus=True):
    BINDINGS = [Binding("enter", "activate", "Open", show=True)]

    class Activated(Message):
        def __init__(self, link: Link) -> None:
            super().__init__()
            self.link = link

    def __init__(self, text: Text, target: str, *, classes: str = "link") -> None:
        super().__init__(text, markup=False, classes=classes)
        self.target = target

    def action_activate(self) -> None:
        self.post_message(self.Activated(self))

    def on_click(self) -> None:
        self.post_message(self.Activated(self))
