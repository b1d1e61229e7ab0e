"""The scoring screen's detail pane: the item, its levels laid out for comparison, the "answered
no" flag and the evidence note, drawn by ONE widget as lines (Textual's Line API).

A level is the key that chooses it (with a marker when chosen) beside the label and the full
descriptor, wrapped in the remaining width, so five long descriptors can be compared at 80x24.
Levels are clickable (`LevelRow.Chosen`); the pane scrolls when the item is long.

Why one widget: drawn as a score of Statics (a row per level, each a Horizontal of two Statics),
every key asked Textual for a layout of the whole screen and a restyle of the rows whose class
changed, ten times the cost of a minimal app's key. Here each part is wrapped once per width and
kept as Strips (`tui.widgets.lines.LineView`); a key repaints only the lines whose content changed
(a score: the rows of the two levels whose marker moved), with no layout unless the scrollbar
appears or goes away.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from rich.cells import cell_len
from rich.text import Text
from textual.geometry import Offset, Region
from textual.message import Message
from textual.strip import Strip
from textual.style import Style

from accord_partnership.exports.textsafe import safe
from accord_partnership.tui.widgets.lines import LineView, beside, text_key
from accord_partnership.tui.widgets.text import Glyphs


@dataclass(frozen=True)
class LevelRow:
    """One choice of the current item: `value` is a score ("3"), "na", "yes" or "no"; `key` the
    key that chooses it; `chosen` whether it is the answer."""

    value: str
    key: str
    label: str
    descriptor: str
    chosen: bool = False

    class Chosen(Message):
        """A level was clicked."""

        def __init__(self, value: str) -> None:
            super().__init__()
            self.value = value

    def body_text(self) -> Text:
        text = Text()
        if self.label:
            text.append_text(safe(self.label, "bold"))
        if self.descriptor:
            if self.label:
                text.append("\n")
            text.append_text(safe(self.descriptor))
        return text


class _Line(NamedTuple):
    part: str  # "head", "level", "flag", "note" or "gap"
    level: int  # the level's index ("level"), else 0
    row: int  # the line within its part


class DetailPane(LineView, can_focus=False):
    """The current item's head, levels, flag and note (see the module's docstring).

    `show(...)` gives it new content; only lines that differ from what is on screen are repainted.
    `text_of(part)` is what a part shows, as plain lines ("head", "levels", "flag", "note").
    """

    COMPONENT_CLASSES = {"detail--key", "detail--chosen", "detail--hover", "detail--flag"}

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.head = Text()
        self.levels: tuple[LevelRow, ...] = ()
        self.flag: Text | None = None
        self.note = Text()
        self.g: Glyphs | None = None
        self._shown = self._keys(self.head, self.levels, self.flag, self.note, self.g)

    def show(self, head: Text, levels: tuple[LevelRow, ...], flag: Text | None, note: Text, g: Glyphs, *, top: bool = False) -> None:
        """Show this content; `top`: scrolled to its first line (another item)."""
        texts = self._keys(head, levels, flag, note, g)
        shown = self._shown
        scroll_home = top and self.scroll_offset.y != 0
        if texts == shown and levels == self.levels and not scroll_home:
            return
        if texts == shown and not scroll_home and self.laid_out:  # only the chosen level: the same lines
            old_levels, self.levels = self.levels, levels
            scroll_y, width = self.scroll_offset.y, self.scrollable_content_region.width
            regions = []
            for index, (old, new) in enumerate(zip(old_levels, levels)):
                if old.chosen != new.chosen:
                    first, count = self.line_range("level", index)
                    regions.append(Region(0, first - scroll_y, width, count))
            if regions:
                self.refresh(*regions)
            return
        before = self.visible_strips()
        self.head, self.levels, self.flag, self.note, self.g = head, levels, flag, note, g
        self._shown = texts
        self.relayout()
        if scroll_home:
            self.scroll_to(y=0, animate=False)  # repaints the whole pane (ScrollView.watch_scroll_y)
        else:
            self.repaint_changed(before)

    @staticmethod
    def _keys(head: Text, levels: tuple[LevelRow, ...], flag: Text | None, note: Text, g: Glyphs | None) -> tuple:
        """What the parts show (but which level is chosen): head, levels, flag, note, glyphs."""
        return (text_key(head), [(r.value, r.key, r.label, r.descriptor) for r in levels], None if flag is None else text_key(flag), text_key(note), g)

    # --- lines ------------------------------------------------------------------------------

    def _parts(self) -> list[tuple[str, int]]:
        parts: list[tuple[str, int]] = [("head", 0)]
        if self.levels:
            parts.append(("gap", 0))
            parts.extend(("level", index) for index in range(len(self.levels)))
        if self.flag is not None:
            parts.append(("gap", 0))
            parts.append(("flag", 0))
        parts.append(("gap", 0))
        parts.append(("note", 0))
        return parts

    def lines_at(self, width: int) -> list[_Line]:
        lines: list[_Line] = []
        if width > 0:
            for part, index in self._parts():
                count = len(self._part_strips(part, index, width))
                lines.extend(_Line(part, index, row) for row in range(count))
        return lines

    def line_strip(self, entry: object, width: int) -> Strip:
        assert isinstance(entry, _Line)
        return self._part_strips(entry.part, entry.level, width)[entry.row]

    def _part_strips(self, part: str, index: int, width: int) -> list[Strip]:
        key: tuple
        if part == "level":
            row = self.levels[index]
            state = (row.chosen, self.hover == index and not row.chosen, row.key, self.g, self.key_width)
            key = ("level", row.label, row.descriptor, width, state)
        elif part == "flag":
            key = ("flag", self._shown[2], width)
        elif part == "gap":
            key = ("gap", width)
        else:
            key = (part, self._shown[0 if part == "head" else 3], width)
        return self.cached_strips(key, lambda: self._render_part(part, index, width))

    def _render_part(self, part: str, index: int, width: int) -> list[Strip]:
        if part == "gap":
            return [Strip.blank(width, self.visual_style.rich_style)]
        if part == "level":
            row = self.levels[index]
            g = self.g
            if row.chosen:
                body_style = key_style = self.get_visual_style("detail--chosen")
            elif self.hover == index:
                body_style = self.get_visual_style("detail--hover")
                key_style = self.get_visual_style("detail--hover", "detail--key")
            else:
                body_style, key_style = self.visual_style, self.get_visual_style("detail--key")
            marker = g.chosen if (row.chosen and g is not None) else " "
            key_width = self.key_width
            key_cell = self.to_strips(Text(f"{marker}{row.key:>{key_width - 2}}", style="bold", no_wrap=True), key_width, key_style)[0]
            return beside(key_cell, self.to_strips(row.body_text(), max(1, width - key_width), body_style), key_style.rich_style)
        g = self.g
        if part == "flag":
            assert self.flag is not None
            style = self.get_visual_style("detail--flag")
            side = Strip.blank(1, style.rich_style)
            flag = self._hanging(self.flag, (f"{g.warn} ",) if g else (), max(1, width - 2), style)
            return [Strip.join([side, strip, side]) for strip in flag]
        if part == "head":
            return self._hanging(self.head, (f" {g.bullet} ",) if g else (), width, self.visual_style)
        return self.to_strips(self.note, width, self.visual_style)

    def _hanging(self, text: Text, prefixes: tuple[str, ...], width: int, style: Style) -> list[Strip]:
        """`text` wrapped in `width`; a line of it that starts with one of `prefixes` (a bullet
        " • ", the flag's "⚠ ") continues under the text after the prefix, as a level's
        descriptor continues under its label."""
        if not any(prefix in text.plain for prefix in prefixes):
            return self.to_strips(text, width, style)
        strips: list[Strip] = []
        run: list[Text] = []  # lines without a prefix, wrapped together

        def flush() -> None:
            if run:
                strips.extend(self.to_strips(Text("\n").join(run), width, style))
                run.clear()

        for line in text.split("\n", allow_blank=True):
            prefix = next((p for p in prefixes if line.plain.startswith(p)), None)
            cells = cell_len(prefix) if prefix else 0
            if prefix is None or width <= cells + 4:
                run.append(line)
                continue
            flush()
            head = self.to_strips(line[: len(prefix)], cells, style)[0]
            strips.extend(beside(head, self.to_strips(line[len(prefix):], width - cells, style), style.rich_style))
        flush()
        return strips

    @property
    def key_width(self) -> int:
        """Cells of the key column: marker, the widest key (right-aligned), a space."""
        return 2 + max((len(row.key) for row in self.levels), default=1)

    # --- what tests and the mouse ask --------------------------------------------------------

    def line_range(self, part: str, index: int = 0) -> tuple[int, int]:
        """(first line, line count) of a part ("head", "level" `index`, "levels" (all of them),
        "flag", "note") in the pane's virtual lines; (0, 0) when it is not shown."""
        kind = "level" if part == "levels" else part
        found = [n for n, line in enumerate(self._lines) if isinstance(line, _Line) and line.part == kind and (part == "levels" or line.level == index)]
        return (found[0], len(found)) if found else (0, 0)

    def text_of(self, part: str) -> str:
        """What a part shows, as plain text lines ("head", "levels", "flag", "note"; "" if absent)."""
        first, count = self.line_range(part)
        return "\n".join(self.strip_at(n).text.rstrip() for n in range(first, first + count))

    def scroll_to_level(self, value: str) -> None:
        """Scroll the level `value` into view if it is not (a digit chose a level scrolled off)."""
        for index, row in enumerate(self.levels):
            if row.value == value:
                first, count = self.line_range("level", index)
                if count:
                    self.scroll_to_region(Region(0, first, self._width, count), animate=False, force=True, immediate=True)

    def level_offset(self, value: str) -> Offset | None:
        """Where to click on the pane (relative to its region) to choose the level `value`, if
        it is on screen."""
        for index, row in enumerate(self.levels):
            if row.value == value:
                first, count = self.line_range("level", index)
                y = first - self.scroll_offset.y
                if count and 0 <= y < self.scrollable_content_region.height:
                    gutter = self.styles.gutter
                    return Offset(gutter.left + 1, gutter.top + y)
        return None

    def target_at(self, entry: object) -> int | None:
        return entry.level if isinstance(entry, _Line) and entry.part == "level" else None

    def target_lines(self, target: int) -> tuple[int, int]:
        return self.line_range("level", target)

    def target_clicked(self, target: int) -> None:
        self.post_message(LevelRow.Chosen(self.levels[target].value))
