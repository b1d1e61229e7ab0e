"""Drives a real scoring session headless, printing every state that has been saved.

Run by tests/test_crash_safety.py in a subprocess that is killed with SIGKILL at a random
moment. After each key press the driver waits for the app to process it and, when the session
has completed a save, prints the saved answers as one JSON line: those must be on disk.
"""

from __future__ import annotations

import json
import random
import sys


def _state(session) -> dict[str, object]:
    out: dict[str, object] = {}
    for (section_id, item_id), answer in session.bundle.answers.items():
        out[f"{section_id}/{item_id}"] = "n/a" if answer.na else answer.score if answer.score is not None else answer.choice
    return out


def main() -> None:
    from accord_partnership.tui.app import AccordApp

    path, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    app = AccordApp(open_path=path)

    async def drive(pilot) -> None:
        await pilot.pause()
        saves = -1
        for _ in range(500):
            key = rng.choice(["1", "2", "3", "4", "5", "0"])
            await pilot.press(key)
            await pilot.press("u")  # on to the next unanswered item
            await pilot.pause()
            session = app.session
            if session is not None and session.saves != saves and not session.dirty:
                saves = session.saves
                print(json.dumps(_state(session), sort_keys=True), flush=True)
        app.exit()

    app.run(headless=True, auto_pilot=drive)


if __name__ == "__main__":
    main()
