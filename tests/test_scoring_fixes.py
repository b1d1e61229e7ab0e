"""The scoring screen as a tester found it (notes test-s4: T1 T2 T3 T7 T8): what is on screen and
in the saved bundle after the keys."""

from __future__ import annotations

import pytest

from accord_partnership.engine.bundle import load_bundle
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.scoring import ScoringScreen
from accord_partnership.tui.widgets.item_list import HEAD, ItemList
from accord_partnership.tui.widgets.levels import DetailPane
from tests.keyfeed import burst, settle, slowly


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
        await pilot.press("end")  # the last item current: a resize to 60x20 must keep it in view
        for size in ((60, 20), (80, 24), (60, 20)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.pause()
            _assert_titles_whole(items)
            first, count = items.line_range(items.current)
            top = items.scroll_offset.y
            assert top <= first and first + count <= top + items.scrollable_content_region.height, (size, "the current item is in view")
        await pilot.press("home")
        assert items.virtual_size.height > items.scrollable_content_region.height, "the list scrolls at 60x20"
        # the scrollbar is one cell, as the detail pane's: the titles keep the rest
        assert items.content_region.width - items.scrollable_content_region.width == 1
        for _ in range(6):
            await pilot.press("j")
        await pilot.pause()
        first, count = items.line_range(items.current)
        top = items.scroll_offset.y
        assert top <= first and first + count <= top + items.scrollable_content_region.height, "the current item is in view"


# --- T8: scales from 0, and past 9 ---------------------------------------------------------------

ODD_SCALES = '''format = 1
id = "odd-scales"
title = "Odd scales"
version = "1"
description = "zero-based and ten-point scales"
attribution = "tests"

[source]
publisher = "Tests"
title = "Odd"

[[scales]]
id = "zero"
min = 0
max = 4
labels = ["none", "little", "some", "much", "all"]

[[scales]]
id = "ten"
min = 1
max = 10
labels = ["1 low", "2", "3", "4", "5", "6", "7", "8", "9", "10 top: the highest level there is, with a long label"]
allow_na = false

[[sections]]
id = "z"
title = "Zero based"
kind = "scorecard"
scale = "zero"

[[sections.items]]
id = "z1"
title = "Zero item"
kind = "statement"

[[sections.items]]
id = "z2"
title = "Second zero item"
kind = "statement"

[[sections]]
id = "t"
title = "Ten point"
kind = "scorecard"
scale = "ten"

[[sections.items]]
id = "t1"
title = "Ten item"
kind = "statement"

[[sections.items]]
id = "t2"
title = "Second ten item"
kind = "statement"
'''


def _odd_scales(accord_home, write_bundle):
    folder = accord_home / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "odd-scales.toml").write_text(ODD_SCALES, encoding="utf-8")
    return write_bundle("odd-scales", position=("z", "z1"))


def _footer_text(screen) -> str:
    from textual.widgets._footer import FooterKey

    return " ".join(f"{key.key_display} {key.description}" for key in screen.query(FooterKey))


@pytest.mark.parametrize("send", [burst, slowly], ids=["burst", "slowly"])
async def test_every_point_of_a_zero_based_and_a_ten_point_scale_is_answered_from_the_keys(accord_home, write_bundle, send):
    path = _odd_scales(accord_home, write_bundle)
    app = AccordApp(open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        detail = screen.query_one("#detail", DetailPane)
        levels = detail.text_of("levels").splitlines()
        assert [line.split()[0] for line in levels] == ["0", "1", "2", "3", "4", "n"], levels  # N/A on n only
        assert "0-4 Score" in _footer_text(screen)
        # 0 scores level 0; n is N/A; 4 then 0 are two answers (the scale does not pass 9)
        await send(pilot, "0", "j", "n", "k")
        assert (screen.item.id, [row.value for row in screen.levels if row.chosen]) == ("z1", ["0"])
        await send(pilot, "]")
        assert screen.section.id == "t"
        assert "1-10 Score" in _footer_text(screen)
        # 1 then 0 is 10; j, 1 is 1 on the next item; j (at the end), 0: a 0 not straight after a digit is N/A, absent here
        await send(pilot, "1", "0", "j", "1", "j")
        await send(pilot, "0")
        app.flush()
        bundle, _ = load_bundle(path)
        answers = {key: (a.score, a.na) for key, a in bundle.answers.items()}
        assert answers[("z", "z1")] == (0, False)
        assert answers[("z", "z2")] == (None, True)
        assert answers[("t", "t1")] == (10, False)
        assert answers[("t", "t2")] == (1, False)
        await send(pilot, "k")
        levels = detail.text_of("levels").splitlines()
        # the key column is as wide as "10": the chosen marker, the key, a space, then the label
        assert levels[0].startswith("  1 1 low"), levels[0]
        assert levels[9].startswith("*10 10 top") or levels[9].startswith(f"{screen.g.chosen}10 10 top"), levels[9]


# --- T7: the footer and the section title at 60 columns ----------------------------------------


async def test_yes_no_footer_says_no_and_a_kind_that_does_not_fit_is_left_out(write_bundle):
    app = AccordApp(open_path=write_bundle("scsn-csp", position=("personal-role", "part-of-job-description")), ascii=True)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        title = str(screen.query_one("#section-title").render())
        assert title.strip() == "7/8 Personal Role", title  # not "7/8 Personal Role | ."
        assert "n N/A" in _footer_text(screen) and "No" not in _footer_text(screen).split()
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "Personal Role | scorecard" in str(screen.query_one("#section-title").render())
    # a yes/no question: n is No (N/A is no answer there)
    app = AccordApp(open_path=write_bundle("audit-commission-lsp", position=("getting-things-done", "gtd-4")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.item.kind == "yesno"
        footer = _footer_text(screen)
        assert "n No" in footer and "N/A" not in footer, footer


# --- T2: hanging indents; T3: a level chosen by key is brought into view --------------------------


async def test_prompts_and_the_answered_no_flag_continue_under_their_text(write_bundle):
    app = AccordApp(open_path=write_bundle("audit-commission-lsp", position=("leading-the-lsp", "lead-1")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        detail = screen.query_one("#detail", DetailPane)
        head = detail.text_of("head").splitlines()
        bullets = [n for n, line in enumerate(head) if line.startswith(f" {screen.g.bullet} ")]
        assert len(bullets) >= 2, head
        after = head[bullets[0] + 1]
        assert after.startswith("   ") and after[3] != " ", head  # continues under the text, not at column 0
        words = " ".join(line[3:] for line in head[bullets[0] : bullets[1]]).split()
        assert words == screen.item.prompts[0].split()
        await burst(pilot, "]", "]", "]", "End", "n")  # getting-things-done's yes/no question, answered no
        assert (screen.item.id, screen.item.kind) == ("gtd-4", "yesno")
        flag = detail.text_of("flag").splitlines()
        assert flag[0].startswith(f" {screen.g.warn} Answered no:"), flag
        assert len(flag) >= 2 and all(line.startswith("   ") and line[3] != " " for line in flag[1:]), flag


async def test_a_digit_brings_the_chosen_level_into_view(write_bundle):
    app = AccordApp(open_path=write_bundle("hgiocld-3-2", position=("themes", "developing-and-sustaining")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        detail = screen.query_one("#detail", DetailPane)
        await burst(pilot, "PageDown", "PageDown")
        assert detail.level_offset("2") is None, "level 2 is scrolled off"
        await burst(pilot, "2")
        assert detail.level_offset("2") is not None, "level 2 is in view"
        first, count = detail.line_range("level", 1)
        top = detail.scroll_offset.y
        shown = [detail.strip_at(line).text for line in range(top, top + detail.scrollable_content_region.height)]
        assert any(line.startswith(f"{screen.g.chosen}2 ") for line in shown), shown


async def test_the_footer_leaves_out_whole_keys_that_do_not_fit(write_bundle):
    from textual.widgets._footer import FooterKey

    app = AccordApp(open_path=write_bundle("scsn-csp", position=("personal-role", "part-of-job-description")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert _footer_text(screen).endswith("s Summary")  # everything fits at 80 columns
        await pilot.resize_terminal(60, 20)
        await settle(pilot)
        await pilot.pause()
        keys = list(screen.query(FooterKey))
        assert [k.key_display for k in keys[:2]] == ["?", "^q"]
        for key in keys:  # each key shown whole, within the screen
            assert key.region.right <= 60 and key.region.width >= len(f"{key.key_display} {key.description}"), (key.key_display, key.region)
        shown = _footer_text(screen)
        assert "g Guide" in shown and "s Summary" not in shown and "t Tools" not in shown, shown
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.pause()
        assert _footer_text(screen).endswith("s Summary")
