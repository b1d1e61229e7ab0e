"""`LineView`: a widget that draws its content as lines it wraps and keeps itself (Textual's Line
API), and repaints only the lines that changed: the base of the scoring screen's item list and
detail pane.

Why: a screen of Statics in containers asks Textual for a layout of the whole screen whenever a
text changes height, and every Static is repainted whole; a key press while scoring cost ten
times a minimal app's. A `LineView` sets its own virtual size without a layout (unless its
scrollbar appears or goes away), and `repaint_changed` compares what is on screen before and after
a change, line by line, refreshing only the runs of lines that differ (fewer bytes to a slow
terminal too).

A subclass gives `lines_at(width)` (one hashable entry per line, for that width) and
`line_strip(entry, width)` (the line drawn, padded to `width`; cache it).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.content import Content
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip
from textual.style import Style
from textual.visual import Visual


def beside(head: Strip, body: list[Strip], style: RichStyle) -> list[Strip]:
    """`head` (a key, a marker) before the first of `body`'s lines, blank cells in `style` before the others."""
    blank = Strip.blank(head.cell_length, style)
    return [Strip.join([head if n == 0 else blank, line]) for n, line in enumerate(body)]


#: parts kept drawn per widget (a few hundred: every item of a section, in a few states)
CACHE_SIZE = 400


def text_key(text: Text) -> tuple:
    """What a rich Text shows (characters and styles), hashable: a cache key."""
    return (text.plain, str(text.style), tuple(text.spans))


def changed_span(old: Strip, new: Strip) -> tuple[int, int] | None:
    """(first cell, end cell) of what differs between two lines of the same width, or None."""
    if old == new:
        return None
    a, b = list(old), list(new)
    start = _common_cells(a, b, reverse=False)
    end = max(old.cell_length, new.cell_length) - _common_cells(a[::-1], b[::-1], reverse=True)
    return (start, end) if end > start else (0, max(old.cell_length, new.cell_length))


def _common_cells(a: list[Segment], b: list[Segment], *, reverse: bool) -> int:
    """Cells the two segment lists have in common from their start (`reverse`: lists given from
    their end), down to the characters of the first segments that differ in text only."""
    cells = 0
    for x, y in zip(a, b):
        if x == y:
            cells += x.cell_length
            continue
        if x.style == y.style and not x.control and not y.control:
            tx, ty = (x.text[::-1], y.text[::-1]) if reverse else (x.text, y.text)
            same = 0
            for cx, cy in zip(tx, ty):
                if cx != cy:
                    break
                same += 1
            cells += cell_len(tx[:same])
        break
    return cells


class LineView(ScrollView):
    """See the module's docstring."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._lines: Sequence[Hashable] = ()
        self._width = 0  # the width the lines are wrapped to
        self._room = Size(0, 0)  # the content region they were laid out in
        #: lines drawn since mount (tests: a key repaints only what changed)
        self.lines_rendered = 0
        self._blank, self._blank_style = Strip.blank(0), RichStyle()
        #: the subclass's drawn parts: (what, width, state...) -> strips
        self._strips: dict[tuple, list[Strip]] = {}
        #: the target under the mouse (see `target_at`)
        self.hover: int | None = None
        #: scroll offset, width and style of the lines being drawn (`render_lines`)
        self._frame: tuple = (0, 0, None)

    # --- for subclasses ---------------------------------------------------------------------

    def lines_at(self, width: int) -> Sequence[Hashable]:
        raise NotImplementedError

    def line_strip(self, entry: Hashable, width: int) -> Strip:
        raise NotImplementedError

    def cached_strips(self, key: tuple, render: Callable[[], list[Strip]]) -> list[Strip]:
        """The strips drawn for `key` (what is shown, its width and state), drawn by `render` the
        first time. Items visited long ago are forgotten (the cache holds at most `CACHE_SIZE`)."""
        strips = self._strips.get(key)
        if strips is None:
            if len(self._strips) >= CACHE_SIZE:
                self._strips.clear()
            strips = self._strips[key] = render()
        return strips

    def to_strips(self, text: Text, width: int, style: Style) -> list[Strip]:
        """`text` wrapped and styled as a Static shows it, each line padded to `width` (at least one line)."""
        strips = Visual.to_strips(self, Content.from_rich_text(text), width, None, style, apply_selection=False)
        return [strip.extend_cell_length(width, style.rich_style) for strip in strips] or [Strip.blank(width, style.rich_style)]

    def target_at(self, entry: Hashable) -> int | None:
        """What a click on the line `entry` chooses (a level, an item), or None."""
        return None

    def target_lines(self, target: int) -> tuple[int, int]:
        """(first line, line count) of a target."""
        raise NotImplementedError

    def target_clicked(self, target: int) -> None:
        """A target was clicked."""

    # --- layout -----------------------------------------------------------------------------

    @property
    def laid_out(self) -> bool:
        return self._width > 0

    def relayout(self) -> None:
        """Lay the lines out in the content region: in its whole width, or beside the scrollbar
        when they are taller than it. Sets the virtual size, which asks for a layout of the screen
        only when the scrollbar appears or goes away (in the same frame: the lines are already
        wrapped to the width it leaves)."""
        room = self._room = self.content_region.size
        width = room.width
        lines = self.lines_at(width)
        if len(lines) > room.height and self.styles.overflow_y == "auto":
            width = max(0, room.width - self.styles.scrollbar_size_vertical)
            lines = self.lines_at(width)
        self._width, self._lines = width, lines
        size = Size(width, len(lines))
        if size == self.virtual_size:
            return
        if (self.virtual_size.height > room.height) == (size.height > room.height) and self.is_mounted:
            self.set_reactive(ScrollView.virtual_size, size)  # no layout: the scrollbar stays as it is
            self._scroll_update(size)
        else:
            self.virtual_size = size

    # --- drawing ----------------------------------------------------------------------------

    def strip_at(self, line: int) -> Strip:
        """Virtual line `line` as drawn (blank past the end)."""
        if 0 <= line < len(self._lines):
            return self.line_strip(self._lines[line], self._width)
        style = self.visual_style.rich_style
        if self._blank.cell_length != self._width or self._blank_style != style:
            self._blank, self._blank_style = Strip.blank(self._width, style), style
        return self._blank

    def visible_strips(self) -> list[Strip] | None:
        """The lines on screen now (None before the first layout)."""
        if not self.laid_out:
            return None
        top = self.scroll_offset.y
        return [self.strip_at(top + y) for y in range(self.scrollable_content_region.height)]

    def repaint_changed(self, before: list[Strip] | None) -> None:
        """Refresh what differs on screen from `before` (all of it if None): in each line only the
        cells from the first to the last that changed, so a slow terminal is sent little."""
        after = self.visible_strips()
        if before is None or after is None:
            self.refresh()
            return
        regions = []
        for y, (old, new) in enumerate(zip(before, after)):
            span = changed_span(old, new)
            if span is not None:
                regions.append(Region(span[0], y, span[1] - span[0], 1))
        if regions:
            self.refresh(*regions)

    def render_lines(self, crop: Region) -> list[Strip]:
        if self.content_region.size != self._room:  # resized
            self.relayout()
        self._frame = (self.scroll_offset.y, self.scrollable_content_region.width, self.visual_style.rich_style)
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        self.lines_rendered += 1
        top, width, style = self._frame
        line = top + y
        strip = self.strip_at(line).apply_offsets(0, line).crop_extend(0, width, style)
        selection = self.text_selection
        if selection is not None and (span := selection.get_span(line)) is not None:
            start, end = span
            end = strip.cell_length if end == -1 else end
            if end > start:
                before, chosen, after = strip.divide([start, end, strip.cell_length])[:3]
                marked = Segment.apply_style(chosen, post_style=self.screen.get_component_rich_style("screen--selection"))
                strip = Strip.join([before, Strip(marked), after])
        return strip

    def notify_style_update(self) -> None:
        """A theme or `--ascii` change: draw again with the new styles."""
        super().notify_style_update()
        self._strips.clear()
        self.refresh()

    # --- the mouse: hover and click on a target ---------------------------------------------------

    def _target_under(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = offset.y + self.scroll_offset.y
        return self.target_at(self._lines[line]) if 0 <= line < len(self._lines) else None

    def _set_hover(self, target: int | None) -> None:
        if target == self.hover:
            return
        old, self.hover = self.hover, target
        for changed in (old, target):
            if changed is not None:
                self.refresh_lines(*self.target_lines(changed))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self._target_under(event))

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def on_click(self, event: events.Click) -> None:
        target = self._target_under(event)
        if target is not None:
            self.target_clicked(target)

    # --- text selection (as a Static's: the mouse selects, the app copies) ------------------------

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        text = "\n".join(self.strip_at(line).text.rstrip() for line in range(len(self._lines)))
        return selection.extract(text), "\n"

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()
