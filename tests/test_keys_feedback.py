"""Keys say why when they do nothing, the footer shows what works, small terminals stay usable
(issue 16, part 3)."""

from __future__ import annotations

from tests.keyfeed import settle, slowly
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.tools import ToolsScreen


def footer_keys(app) -> list[str]:
    return [key.key_display for key in app.screen.query("FooterKey")]


def messages(app) -> list[str]:
    found = [str(n.message) for n in app._notifications]
    app.clear_notifications()
    return found


async def test_open_question_digits_say_why_and_the_footer_leaves_them_out(write_bundle):
    from accord_partnership.engine.catalog import get_framework

    framework = get_framework("audit-commission-lsp")
    section, item = next((s, i) for s, i in framework.items() if i.kind == "open")
    app = AccordApp(open_path=write_bundle("audit-commission-lsp", position=(section.id, item.id)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.screen.item.kind == "open"
        keys = footer_keys(app)
        assert "e" in keys and "1-5" not in keys and "n" not in keys
        await slowly(pilot, "3")
        assert messages(app) == ["Open question: press e to write your answer"]
        await slowly(pilot, "n")
        assert messages(app) == ["Open question: press e to write your answer"]
        await slowly(pilot, "t")  # this framework has no resource tools
        assert messages(app) == ["This framework has no resource tools"]
        assert "t" not in footer_keys(app)
        assert app.session.answer(section, item) is None


async def test_likert_without_na_says_so(write_bundle):
    from accord_partnership.engine.catalog import get_framework

    framework = get_framework("scsn-csp")
    section, item = next((s, i) for s, i in framework.items() if s.scale is not None and not s.scale.allow_na and i.rated)
    app = AccordApp(open_path=write_bundle("scsn-csp", position=(section.id, item.id)))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await slowly(pilot, "0")
        assert messages(app) == [f"No N/A on this scale: choose {section.scale.min}-{section.scale.max}"]
        await slowly(pilot, "n")
        assert messages(app) == [f"No N/A on this scale: choose {section.scale.min}-{section.scale.max}"]
        assert "n" not in footer_keys(app)
        assert app.session.answer(section, item) is None
        await slowly(pilot, "2")
        assert app.session.answer(section, item).score == 2


async def test_footer_keeps_help_at_60_columns(write_bundle):
    app = AccordApp(open_path=write_bundle("scsn-csp"))
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        first = app.screen.query("FooterKey").first()
        assert first.key_display == "?" and first.region.right <= 60
        await slowly(pilot, "t")
        assert isinstance(app.screen, ToolsScreen)
        for _ in range(100):  # the footer lays out its keys once the screen's bindings are ready
            if footer_keys(app):
                break
            await pilot.pause(0.05)
        assert footer_keys(app)[0] == "?"


async def test_page_down_scrolls_the_tool_not_the_list(write_bundle):
    app = AccordApp(open_path=write_bundle("scsn-csp"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await slowly(pilot, "t")
        tools = app.screen
        before = tools.current
        reader = tools.query_one("#tool-text")
        for _ in range(100):  # the tool's text laid out: there is something to scroll
            if reader.max_scroll_y > 0:
                break
            await pilot.pause(0.05)
        await slowly(pilot, "PageDown")
        for _ in range(40):
            if reader.scroll_y > 0:
                break
            await pilot.pause(0.05)
        assert tools.current is before
        assert reader.scroll_y > 0
