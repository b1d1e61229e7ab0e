"""The scoring screen as a tester found it (notes test-s4: T1 T2 T3 T7 T8): what is on screen and
in the saved bundle after the keys."""

from __future__ import annotations

from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.scoring import ScoringScreen
from accord_partnership.tui.widgets.item_list import HEAD, ItemList


def _item_words(items: ItemList) -> list[tuple[list[str], list[str]]]:
    """Per item: (the words of its title, the words its lines show), from the list's lines."""
    rows: dict[int, list[str]] = {}
    for n, entry in enumerate(items._lines):
        rows.setdefault(entry.item, []).append(items.strip_at(n).text[HEAD:])
    return [(items.prompts[index].title.plain.split(), " ".join(lines).split()) for index, lines in sorted(rows.items())]


def _assert_titles_whole(items: ItemList) -> None:
    assert items._lines, "the list shows items"
    for title, shown in _item_words(items):
        assert len(shown) == len(title), (title, shown)
        for want, got in zip(title, shown):
            assert got == want or (got.endswith("…") and want.startswith(got[:-1])), (title, shown)
    # as many lines as the list's virtual height, no blank rows between items
    assert items.virtual_size.height == len(items._lines)
    visible = items.visible_strips()
    assert visible is not None
    shown_lines = [strip.text for strip in visible[: len(items._lines) - items.scroll_offset.y]]
    assert all(line.strip() for line in shown_lines), shown_lines


async def test_the_item_list_keeps_every_title_line_with_its_scrollbar_and_across_resizes(write_bundle):
    app = AccordApp(open_path=write_bundle("scsn-csp", position=("personal-role", "part-of-job-description")))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        items = screen.query_one("#items", ItemList)
        await pilot.press("left_square_bracket")  # Capturing Performance: its list needs a scrollbar at 60x20
        await pilot.pause()
        assert screen.section.id == "capturing-performance"
        _assert_titles_whole(items)
        for size in ((60, 20), (80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            await pilot.pause()
            _assert_titles_whole(items)
        assert items.virtual_size.height > items.scrollable_content_region.height, "the list scrolls at 60x20"
        # the scrollbar is one cell, as the detail pane's: the titles keep the rest
        assert items.content_region.width - items.scrollable_content_region.width == 1
        for _ in range(6):
            await pilot.press("j")
        await pilot.pause()
        first, count = items.line_range(items.current)
        top = items.scroll_offset.y
        assert top <= first and first + count <= top + items.scrollable_content_region.height, "the current item is in view"
