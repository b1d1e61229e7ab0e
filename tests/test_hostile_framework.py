"""Framework text is data too: markup, escape sequences and bidi overrides in a (user) framework
show literally on every screen that displays them, and clicking them does nothing."""

from __future__ import annotations

from tests.conftest import rendered_text
from accord_partnership.tui.app import AccordApp

SIZE = (100, 40)
LITERAL = "[bold]Bold[/bold] [@click=app.quit]quit[/]"


def screen_text(app) -> str:
    parts = []
    for widget in app.screen.query("*"):
        if widget.region.area and not widget.children:
            parts.append(rendered_text(widget))
    return " ".join(" ".join(parts).split())


def assert_literal(text: str) -> None:
    assert LITERAL in text
    assert "[link=http://evil]l[/link]" in text
    assert "^[[31mred^[]0;pwned^G" in text
    assert "<U+202E>evil" in text
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text


async def test_hostile_framework_text_is_shown_literally(user_framework, write_bundle):
    user_framework("hostile")
    path = write_bundle("hostile", partnership="P", position=("alpha", "one"))
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert_literal(screen_text(app))  # the picker: framework title and the assessment in progress

    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert_literal(text)  # scoring: the item title and its level-3 descriptor
        assert "a3 [bold]Bold[/bold]" in text
        for widget in list(app.screen.query("*"))[:60]:
            in_footer = any(type(node).__name__.endswith("Footer") for node in widget.ancestors_with_self)
            if widget.region.area and not in_footer:  # the footer's keys do what they say
                await pilot.click(widget, offset=(1, 0))
        await pilot.pause()
        assert app.is_running

        await pilot.press("g")  # the section's intro and guidance
        await pilot.pause()
        assert_literal(screen_text(app))
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("t")  # the linked resource tool
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert "Tool [bold]Bold[/bold]" in screen_text(app)
        assert app.is_running
