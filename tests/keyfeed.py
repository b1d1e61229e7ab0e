"""Feeding keys to a running app as a terminal does: in one read (a burst) or one at a time.

`burst(pilot, *keys)` turns tmux-style keys ("text", "C-s", "Tab", "Enter", "Escape", "Up") into
the bytes a terminal sends, parses them with the app's own parser (`tui.input.terminal_events`) and
hands every event to the driver *at once*, as the terminal driver does with one `read()`: nothing
is handled before the last key is queued. `slowly(pilot, *keys)` sends the same bytes one key at a
time and waits for the app to finish each. `settle(pilot)` waits until the app has handled
everything it was given (the input gate is empty and every queue is drained).
"""

from __future__ import annotations

import asyncio

from accord_partnership.tui.input import terminal_events

#: tmux key names -> the bytes an xterm-like terminal sends for them
KEY_BYTES = {
    "Enter": "\r",
    "Tab": "\t",
    "BTab": "\x1b[Z",
    "Escape": "\x1b",
    "BSpace": "\x7f",
    "Space": " ",
    "Up": "\x1b[A",
    "Down": "\x1b[B",
    "Right": "\x1b[C",
    "Left": "\x1b[D",
    "Home": "\x1b[H",
    "End": "\x1b[F",
    "PageUp": "\x1b[5~",
    "PageDown": "\x1b[6~",
    "DC": "\x1b[3~",
}


def key_bytes(key: str) -> list[str]:
    """One tmux-style key or literal text -> the terminal bytes of each key it stands for."""
    if key in KEY_BYTES:
        return [KEY_BYTES[key]]
    if len(key) == 3 and key.startswith("C-"):
        return [chr(ord(key[2].lower()) - ord("a") + 1)]
    return list(key)  # literal text: one key per character


async def settle(pilot, timeout: float = 30.0) -> None:
    """Wait until every key given to the app has been handled and the app is quiet (twice in a
    row, with every node's queue drained in between)."""
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while quiet < 2:
        if app.key_gate.held:  # let the gate work undisturbed: polling the app's queues would delay it
            await asyncio.sleep(0.005)
            quiet = 0
        else:
            await pilot._wait_for_screen()
            await asyncio.sleep(0.001)
            quiet = quiet + 1 if not app.key_gate.held and app.key_gate.quiet_from_outside() else 0
            if not quiet:  # let the app get on with it (screens mounting) before asking again
                await asyncio.sleep(0.02)
        if loop.time() > deadline:
            from accord_partnership.tui.input import _busy

            busy = [(node, list(node._message_queue.values)[:3], node._next_callbacks[:2], node._pending_message) for node in (app, *app.key_gate._nodes()) if _busy(node)]
            raise AssertionError(f"not settled after {timeout}s: held {list(app.key_gate.held)}, busy {busy}")


def _post(pilot, data: str) -> None:
    driver = pilot.app._driver
    for event in terminal_events(data):
        driver.process_message(event)  # what the terminal driver does for each parsed event


async def burst(pilot, *keys: str) -> None:
    """All `keys` in one terminal read: every event is queued before the first is handled."""
    _post(pilot, "".join(b for key in keys for b in key_bytes(key)))
    await settle(pilot)


async def slowly(pilot, *keys: str) -> None:
    """The same keys, one terminal read each, waiting for the app after every one."""
    for key in keys:
        for data in key_bytes(key):
            _post(pilot, data)
            await settle(pilot)
