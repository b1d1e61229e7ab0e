"""Widgets that are painted once when their size changes (fewer bytes to a slow terminal).

After each layout Textual gives every widget whose size changed its new `virtual_size` through a
reactive that asks for *another* layout and repaints the whole widget: a detail pane whose rows
changed height is then drawn twice, in two frames (twice the bytes over SSH). The first layout
already placed and painted the widget at its new size. `PaintedOnce` records the new virtual size
without the second pass, as Textual itself does after a scroll (`_size_updated(..., layout=False)`).
Scrolling containers lose nothing: their scrollbars are still updated from the new virtual size,
and a scrollbar that appears or goes away asks for its own layout (`show_vertical_scrollbar` is a
layout reactive), so only the redundant pass is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.widgets import Static

if TYPE_CHECKING:
    from textual.widget import Widget

    _Mixin = Widget
else:
    _Mixin = object  # a plain mixin: the widget's CSS still comes from the Textual class after it


class PaintedOnce(_Mixin):
    """Mixin (before the widget class): a new size is painted in the layout that computed it, not
    again in a second one."""

    def _size_updated(self, size: Size, virtual_size: Size, container_size: Size, layout: bool = True) -> bool:
        return super()._size_updated(size, virtual_size, container_size, layout=False)


class OnceStatic(PaintedOnce, Static):
    """A Static painted once per size change."""


class OnceVertical(PaintedOnce, Vertical):
    """A Vertical painted once per size change."""


class OnceHorizontal(PaintedOnce, Horizontal):
    """A Horizontal painted once per size change."""


class OnceVerticalScroll(PaintedOnce, VerticalScroll):
    """A VerticalScroll painted once when its content's height changes."""
