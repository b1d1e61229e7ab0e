"""Accord's display settings, held by the app as reactive attributes.

`SettingsApp.ascii` (reactive, bool): plain ASCII instead of box drawing, block glyphs and
braille charts (`--ascii`, a terminal that needs it, or "Toggle ASCII borders" in the command
palette). The app's watcher switches what is drawn by CSS (the class `-ascii` on the app picks
ASCII borders in app.tcss) and the scrollbars (Textual's `ScrollBar.renderer` hook); widgets and
screens that draw glyphs or charts watch the setting with `on_ascii_change(self, callback)` and
redraw themselves. `AccordApp` is a `SettingsApp`; screens hosted by another app (tests) read
the default, Unicode.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, TypeVar, runtime_checkable

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.reactive import reactive
from textual.scrollbar import ScrollBar, ScrollBarRender

from accord_partnership.tui.widgets.text import Glyphs, glyphs

ReturnType = TypeVar("ReturnType")


class AsciiScrollBarRender(ScrollBarRender):
    """Scrollbars without block-drawing glyphs for `--ascii` terminals."""

    VERTICAL_BARS = [" "] * 8
    HORIZONTAL_BARS = [" "] * 8


class SettingsApp(App[ReturnType]):
    """An app with Accord's display settings (see the module's docstring)."""

    ascii: reactive[bool] = reactive(False, init=False)

    def watch_ascii(self, ascii: bool) -> None:
        self.set_class(ascii, "-ascii")
        ScrollBar.renderer = AsciiScrollBarRender if ascii else ScrollBarRender
        self.refresh_css()

    def apply_ascii_at_start(self) -> None:
        """Apply the setting the app was started with (call on mount). Unicode is how every
        stylesheet and scrollbar already is, so only ASCII restyles: re-reading all the CSS
        would cost a tenth of the start-up."""
        if self.ascii:
            self.watch_ascii(True)
        else:
            ScrollBar.renderer = ScrollBarRender

    def get_key_display(self, binding: Binding) -> str:
        """Textual's hook for how the footer shows a key: the screen may show one its own way
        (`KeyDisplays`), else Textual's."""
        screen = self.screen
        shown = screen.key_display_for(binding) if isinstance(screen, KeyDisplays) else None
        return shown or super().get_key_display(binding)

    @property
    def g(self) -> Glyphs:
        """The glyphs for the current setting (tui.widgets.text)."""
        return glyphs(self.ascii)

    def on_unmount(self) -> None:
        ScrollBar.renderer = ScrollBarRender


@runtime_checkable
class KeyDisplays(Protocol):
    """A screen that shows some of its keys its own way in the footer (e.g. "1-6" for the
    scoring keys on a six-point scale); None: as Textual shows it."""

    def key_display_for(self, binding: Binding) -> str | None: ...


def ascii_mode(node: DOMNode) -> bool:
    """The app's ASCII setting as seen by `node` (False in an app without Accord's settings)."""
    app = node.app
    return isinstance(app, SettingsApp) and app.ascii


def glyphs_of(node: DOMNode) -> Glyphs:
    """The glyphs `node` draws with: ASCII or Unicode, as the app's setting says."""
    return glyphs(ascii_mode(node))


def on_ascii_change(node: DOMNode, callback: Callable[[], Any]) -> None:
    """Call `callback` (no arguments) whenever the app's ASCII setting changes, while `node` is
    mounted; call from `node`'s `on_mount`."""
    app = node.app
    if isinstance(app, SettingsApp):
        node.watch(app, "ascii", lambda _ascii: callback(), init=False)
