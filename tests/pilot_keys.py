"""Typing into a Textual test pilot: text one key at a time, and running a command from the palette."""

from __future__ import annotations


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
