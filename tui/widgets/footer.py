"""The footer: the screen's main keys, with `? Help` and `^q Quit` first so a narrow terminal
(60 columns) cuts the others, never these."""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: actions whose keys come first, in this order
FIRST = ("help", "quit")


def _rank(widget) -> int:
    if isinstance(widget, FooterKey):
        name = widget.action.rsplit(".", 1)[-1]
        if name in FIRST:
            return FIRST.index(name)
    return len(FIRST)


class AccordFooter(Footer):
    def compose(self):
        widgets = list(super().compose())
        yield from sorted(widgets, key=_rank)  # stable: the rest keep their order
