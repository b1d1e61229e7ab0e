"""The tester's TUI findings (notes testtui.md, T-numbers), each fixed and kept so."""

from __future__ import annotations

import pytest
from textual.widgets import Button, DataTable, Input
from textual.widgets._footer import FooterKey

from accord_partnership.engine.plan import Action
from tests.test_coordinator_screen import _App, drop, loaded  # noqa: F401 - drop is a fixture
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.form import FormScreen
from accord_partnership.tui.screens.guidance import GuidanceScreen
from accord_partnership.tui.screens.help import HelpScreen
from accord_partnership.tui.widgets.plan_forms import ActionForm, AskTextForm

pytestmark = pytest.mark.usefixtures("utc")


@pytest.mark.parametrize("ascii", [True, False])
async def test_T8_form_inputs_and_buttons_keep_their_text_row(write_bundle, ascii):
    path = write_bundle("scsn-csp", answers={})
    app = AccordApp(open_path=path, ascii=ascii)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.ascii is ascii
        app.push_screen(FormScreen(AskTextForm("Name an area (e.g. Leadership, Data sharing)")))
        await pilot.pause()
        await pilot.press(*"Road safety")
        await pilot.pause()
        field = app.screen.query_one("#ask-input", Input)
        assert field.value == "Road safety"
        assert field.content_region.height == 1  # the typed text has its row
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(FormScreen(ActionForm("Refinement", Action("s", "i", ""), [])))
        await pilot.pause()
        inputs, buttons = list(app.screen.query(Input)), list(app.screen.query(Button))
        assert inputs and {str(b.label) for b in buttons} >= {"Save", "Cancel"}
        for widget in [*inputs, *buttons]:
            assert widget.content_region.height >= 1, widget


def footer_keys(app) -> list[tuple[str, str]]:
    return [(key.key_display, key.description) for key in app.screen.query(FooterKey)]


@pytest.mark.parametrize("modal", ["guidance", "form"])
@pytest.mark.parametrize("key", ["question_mark", "f1"])
async def test_T1_help_and_quit_from_modals(write_bundle, modal, key):
    path = write_bundle("scsn-csp", answers={})
    app = AccordApp(open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        if modal == "guidance":
            await pilot.press("g")
            assert isinstance(app.screen, GuidanceScreen)
        else:
            app.push_screen(FormScreen(AskTextForm("Name an area")))
        await pilot.pause()
        await pilot.pause()
        shown = footer_keys(app)
        help_key = "?" if modal == "guidance" else "F1"  # on a form ? types into the field
        assert shown[:2] == [(help_key, "Help"), ("^q", "Quit")], shown
        if modal == "form" and key == "question_mark":
            await pilot.press(key)
            await pilot.pause()
            assert app.screen.query_one("#ask-input", Input).value == "?"
            return
        await pilot.press(key)
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


def test_T2_T11_ascii_standins_read_as_meant():
    from accord_partnership.tui.terminal import to_ascii

    assert to_ascii("Working with Partners \u2020") == "Working with Partners +"  # as exports.textsafe shows it
    assert to_ascii("optional  \u25bc") == "optional  v"
    assert to_ascii("\U0001f50e|as") == "> |as"  # two cells, as the icon
    # a cut word ends in "..." in the same cells, not a full stop
    assert to_ascii("Self-Assessment\u2026") == "Self-Assessme..."
    assert to_ascii("\x1b[1mFocus and Impact\u2026\x1b[0m  section") == "\x1b[1mFocus and Impa...\x1b[0m  section"
    # escape sequences are never eaten; a lone ellipsis stays one cell
    assert to_ascii("\x1b[0m\u2026") == "\x1b[0m."
    assert to_ascii("\x1b[12;40H\u2026") == "\x1b[12;40H."
    assert to_ascii("a \u2026 b") == "a . b"
    for text in ("Self-Assessment\u2026", "x \u2026", "\U0001f50e", "\u2020\u25bc"):
        assert len(to_ascii(text)) == len(text) + (1 if "\U0001f50e" in text else 0)


async def test_T16_footer_offers_yes_on_yes_no_questions(write_bundle):
    path = write_bundle("audit-commission-lsp", answers={}, position=("common-frameworks", "cf-1"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        await pilot.pause()
        shown = footer_keys(app)
        assert ("y", "Yes") in shown and ("n", "No") in shown, shown  # N/A is no answer here
        await pilot.press("y")
        await pilot.pause()
        assert app.screen.session.bundle.answers[("common-frameworks", "cf-1")].choice == "yes"  # type: ignore[attr-defined]


def visible_columns(table) -> list[str]:
    """The headers of the columns that fit wholly in the table's width."""
    room, shown = table.scrollable_content_region.width, []
    for column in table.ordered_columns:
        room -= column.get_render_width(table)
        if room < 0:
            break
        shown.append(str(column.label))
    return shown


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_T14_T12_coordinator_tables_cut_titles_not_figures(drop, size):
    app = _App(drop)
    async with app.run_test(size=size) as pilot:
        screen = await loaded(pilot)
        await pilot.press("t", "right_square_bracket")
        await pilot.pause()
        table = screen.query_one("#items-table", DataTable)
        wanted = ["Item", "n", "N/A", "Mean", "sd", "", "Flags"] if size[0] >= 80 else ["Item", "n", "N/A", "Mean", "sd"]
        assert visible_columns(table)[: len(wanted)] == wanted  # at 80 columns the flags are whole
        flags = [str(table.get_row_at(n)[6]) for n in range(table.row_count)]
        assert any("two camps" in f for f in flags), flags
        await pilot.press("d")
        await pilot.pause()
        spread = screen.query_one("#spread-table", DataTable)
        assert visible_columns(spread)[:4] == ["Section", "Item", "n", "sd"]  # the figure it is sorted by


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_T12_views_bar_shows_every_view(drop, size):
    from textual.widgets import Static

    class Host(_App):
        HORIZONTAL_BREAKPOINTS = AccordApp.HORIZONTAL_BREAKPOINTS  # the -narrow class below 70 columns

    app = Host(drop)
    async with app.run_test(size=size) as pilot:
        screen = await loaded(pilot)
        bar = screen.query_one("#coord-views-bar", Static)
        shown = bar.render()
        assert "o By role" in str(shown)
        lines = shown.wrap(bar.content_region.width)  # type: ignore[union-attr]
        assert len(lines) <= bar.content_region.height, (len(lines), bar.content_region)
        assert all("Disagreement" not in str(line) or "d Disagreement" in str(line) for line in lines)  # never torn


def test_T11_cut_after_a_short_word():
    from accord_partnership.tui.terminal import to_ascii

    assert to_ascii("Focus and I\u2026  Impact") == "Focus and...  Impact"
