"""The scoring screen's list of the section's items: a marker and the short answer in a narrow
column, the title wrapped beside it; the current item highlighted. Clicking an item posts
`ItemList.Chosen`.

Drawn as lines (`tui.widgets.lines.LineView`): a move repaints the two items whose highlight
changed, a score the one item whose answer changed, and nothing else.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip

from accord_partnership.tui.widgets.lines import LineView, beside, text_key

#: cells of the marker-and-answer column
HEAD = 5


class ItemPrompt(NamedTuple):
    """One item as the list shows it: `head` (marker and short answer) and `title`."""

    head: str
    title: Text


class _Line(NamedTuple):
    item: int
    row: int


class ItemList(LineView, can_focus=False):
    """See the module's docstring. `show(prompts, current)` gives it what to show."""

    COMPONENT_CLASSES = {"item-list--current", "item-list--hover"}
    ALLOW_SELECT = False  # a click chooses an item (as in Textual's OptionList)

    class Chosen(Message):
        """An item was clicked: `index` in the section."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.prompts: list[ItemPrompt] = []
        #: what each prompt shows: (head, title's text_key)
        self._keys: list[tuple] = []
        self.current: int | None = None

    def show(self, prompts: list[ItemPrompt], current: int, *, reset: bool = False) -> None:
        """Show these items with `current` highlighted and scrolled into view; `reset`: another
        section (drawn from its top)."""
        old_prompts, old_keys, old_current = self.prompts, self._keys, self.current
        keys = [
            old_keys[n] if n < len(old_prompts) and prompt is old_prompts[n] else (prompt.head, text_key(prompt.title))
            for n, prompt in enumerate(prompts)
        ]
        relayout = reset or not self.laid_out or len(keys) != len(old_keys) or any(new[1] != old[1] for new, old in zip(keys, old_keys))
        self.prompts, self._keys, self.current = list(prompts), keys, current
        if relayout:
            self.relayout()
        if reset:
            self.scroll_to(y=0, animate=False)
        self._scroll_to_current()
        if relayout:
            self.refresh()
            return
        top, width = self.scroll_offset.y, self.scrollable_content_region.width
        regions = []
        for index in range(len(keys)):  # the prompts that changed, and the highlight's old and new place
            if keys[index] != old_keys[index] or (index in (old_current, current) and old_current != current):
                first, count = self.line_range(index)
                regions.append(Region(0, first - top, width, count))
        if regions:
            self.refresh(*regions)

    def on_resize(self, event: events.Resize) -> None:
        """Another size: once the lines are wrapped to it (`render_lines`), the current item is
        scrolled into view again (a resize to 60x20 left it below the edge)."""
        self.call_after_refresh(self._scroll_to_current)

    def _scroll_to_current(self) -> None:
        first, count = self.line_range(self.current)
        if count:
            self.scroll_to_region(Region(0, first, self._width, count), animate=False, force=True, immediate=True)

    # --- lines ------------------------------------------------------------------------------

    def lines_at(self, width: int) -> list[_Line]:
        if width <= 0:
            return []
        return [_Line(index, row) for index in range(len(self.prompts)) for row in range(len(self._prompt_strips(index, width)))]

    def line_strip(self, entry: object, width: int) -> Strip:
        assert isinstance(entry, _Line)
        return self._prompt_strips(entry.item, width)[entry.row]

    def _prompt_strips(self, index: int, width: int) -> list[Strip]:
        prompt = self.prompts[index]
        state = "current" if index == self.current else ("hover" if index == self.hover else "")

        def render() -> list[Strip]:
            style = self.get_visual_style(f"item-list--{state}") if state else self.visual_style
            head = self.to_strips(Text(prompt.head, style="bold", no_wrap=True), HEAD, style)[0].crop(0, HEAD)
            return beside(head, self.to_strips(prompt.title, max(1, width - HEAD), style), style.rich_style)

        return self.cached_strips((*self._keys[index], width, state), render)

    def line_range(self, index: int | None) -> tuple[int, int]:
        """(first line, line count) of item `index` in the list's virtual lines."""
        found = [n for n, line in enumerate(self._lines) if isinstance(line, _Line) and line.item == index]
        return (found[0], len(found)) if found else (0, 0)

    def target_at(self, entry: object) -> int | None:
        return entry.item if isinstance(entry, _Line) else None

    def target_lines(self, target: int) -> tuple[int, int]:
        return self.line_range(target)

    def target_clicked(self, target: int) -> None:
        self.post_message(self.Chosen(target))
