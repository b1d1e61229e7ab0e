"""Typing into a Textual test pilot: text one key at a time, and running a command from the palette."""

from __future__ import annotations

from typing import TypeVar

S = TypeVar("S")


async def type_text(pilot, text: str) -> None:
    """Press one key per character of `text` (a space is `space`, a newline `enter`)."""
    for ch in text:
        await pilot.press({" ": "space", "\n": "enter"}.get(ch, ch))


async def run_command(pilot, name: str) -> None:
    """Open the command palette (ctrl+p), type `name`, let the palette search, run the first match."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await type_text(pilot, name)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause()


async def press_for(pilot, key: str, kind: type[S]) -> S:
    """Let the app settle, press `key` and return the screen it shows, checked to be a `kind`."""
    await pilot.pause()
    await pilot.press(key)
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, kind), screen
    return screen
