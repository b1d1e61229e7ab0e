"""The footer: the screen's main keys, with `? Help` and `^q Quit` first so a narrow terminal
(60 columns) leaves out the others, never these. A key whose label does not fit is left out
whole (never "g Guide t" with a bare key at the end), from the last; a resize lays the keys out again.

Textual's footer rebuilds all its keys (removes and mounts a dozen widgets, a second frame) each
time a screen's bindings *might* have changed: on every focus change and every `refresh_bindings()`,
which the scoring screen calls on each move. `AccordFooter` rebuilds only when what it shows
(keys, labels, enabled or not) has changed, so a key press repaints no footer.
"""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: actions whose keys come first, in this order
FIRST = ("help", "quit")

#: the app's help and quit keys (`AccordApp.BINDINGS`)
HELP = Binding("question_mark,f1", "help", "Help", key_display="?", tooltip="this help")
QUIT = Binding("ctrl+q", "quit", "Quit", priority=True, tooltip="quit (answers are saved)")

#: the same keys for a modal screen's BINDINGS: a modal hides the app's bindings (help would not
#: open and the footer would show neither), so it passes these on to the app. The help lists them
#: once, under "Everywhere" (tui.keys skips these copies).
APP_KEYS_ON_MODAL = tuple(replace(b, action=f"app.{b.action}", priority=False) for b in (HELP, QUIT))
#: on a form `?` types into the focused field, so its footer offers F1 for help
APP_KEYS_ON_FORM = (replace(APP_KEYS_ON_MODAL[0], key_display="F1"), APP_KEYS_ON_MODAL[1])


def _cells(key: FooterKey) -> int:
    """Cells a compact footer key takes: "key description", its right margin (the palette key:
    the border on its left and its padding)."""
    label = cell_len(key.key_display) + (1 + cell_len(key.description) if key.description else 0)
    return label + (2 if key.has_class("-command-palette") else 1)


def _rank(widget) -> int:
    if isinstance(widget, FooterKey):
        name = widget.action.rsplit(".", 1)[-1]
        if name in FIRST:
            return FIRST.index(name)
    return len(FIRST)


class AccordFooter(Footer):
    # A compact footer gives every key a one-cell right margin; on the palette key, docked right,
    # that cell showed whatever key had scrolled beneath it at 60 columns ("palettea").
    DEFAULT_CSS = """
    AccordFooter.-compact FooterKey.-command-palette {
        margin-right: 0;
        padding-right: 1;
    }
    """

    #: what the footer's keys show now (see `_shown_bindings`); None before the first compose
    _shown: tuple | None = None
    #: the width the keys were laid out for (`compose`)
    _laid_out_width = 0

    def _shown_bindings(self) -> tuple:
        """Everything the footer's compose reads: the shown bindings, enabled or not, in order."""
        app = self.app
        return (
            tuple(
                (binding.key, app.get_key_display(binding), binding.description, binding.action,
                 binding.group, enabled, tooltip)
                for (_node, binding, enabled, tooltip) in self.screen.active_bindings.values()
                if binding.show
            ),
            self.show_command_palette and app.ENABLE_COMMAND_PALETTE,
        )

    def bindings_changed(self, screen: Screen) -> None:
        """Textual's footer, except: no rebuild when nothing it shows has changed, and a rebuild
        is queued as the footer's next callback (not after the next refresh), so anything that
        waits for the app to be quiet (the key gate, tests) finds the footer up to date."""
        self._bindings_ready = True
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if self._shown is not None and self._shown_bindings() == self._shown:
            return  # nothing the footer shows has changed: no rebuild, no repaint
        self.call_next(self.recompose)

    def compose(self):
        if self._bindings_ready:
            self._shown = self._shown_bindings()
        widgets = sorted(super().compose(), key=_rank)  # stable: the rest keep their order
        width = self._laid_out_width = self.size.width or self.app.size.width
        if self.compact and all(isinstance(widget, FooterKey) for widget in widgets):
            room = width + 1  # the last key's margin may fall off the edge
            kept = []
            for widget in sorted(widgets, key=lambda w: not w.has_class("-command-palette")):  # the palette key is docked right
                assert isinstance(widget, FooterKey)
                if _cells(widget) <= room or _rank(widget) < len(FIRST):  # help and quit always stay
                    room -= _cells(widget)
                    kept.append(widget)
                else:
                    room = -1  # keys after one left out are left out too: they keep their order
            widgets = [widget for widget in widgets if widget in kept]
        yield from widgets

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self._laid_out_width:
            self.call_next(self.recompose)
