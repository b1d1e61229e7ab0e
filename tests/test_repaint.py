"""A key repaints what changed, once: no second frame, no rebuilt footer (fewer bytes over SSH).

Counts, not timings: the frames the app hands to the terminal driver per key, and whether the
footer's key widgets are the same objects after a key. Speeds are in benchmarks/run.py.
"""

from __future__ import annotations

import asyncio

from textual.widgets._footer import FooterKey

from tests.keyfeed import settle

from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.scoring import ScoringScreen

SIZE = (80, 24)


async def _frames_for(pilot, frames: list, key: str) -> int:
    """Press `key`; the number of frames drawn for it (waits for the first, then for any second).
    First the app finishes what earlier keys started (a save is written after its frame), so a late
    frame of the previous key is not counted as this key's second."""
    await settle(pilot)
    await pilot.pause(0.1)
    frames.clear()
    await pilot.press(key)
    for _ in range(500):  # the first frame comes on the screen's next update tick
        if frames:
            break
        await asyncio.sleep(0.01)
    await pilot.pause(0.25)  # time for a second frame, had a layout asked for one
    return len(frames)


def _count_frames(app: AccordApp) -> list:
    frames: list = []
    display = app._display

    def counted(screen, renderable):  # type: ignore[no-untyped-def]
        if renderable is not None:
            frames.append(renderable)
        return display(screen, renderable)

    app._display = counted  # type: ignore[method-assign]
    return frames


async def test_moves_and_scores_draw_one_frame_and_keep_the_footer(write_bundle):
    path = write_bundle("scsn-csp")
    app = AccordApp(open_path=path)
    frames = _count_frames(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        keys_before = list(screen.query(FooterKey))
        assert keys_before, "the footer shows keys"
        first_item = screen.item.id
        # items of different lengths: the level rows change height on every move
        for key in ("down", "3", "down", "down", "5", "up", "0"):
            assert await _frames_for(pilot, frames, key) == 1, f"key {key!r} drew more than one frame"
        assert screen.item.id != first_item
        assert list(screen.query(FooterKey)) == keys_before, "the footer was rebuilt although its keys did not change"


async def test_footer_still_follows_the_item(write_bundle, user_framework):
    """Where the keys that work change (a yes/no item after scored ones), the footer changes."""
    user_framework("mini")  # tests/data/frameworks: scored features, then a yes/no question
    path = write_bundle("mini")
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ScoringScreen)
        shown: dict[str, set[str]] = {}
        for _ in range(12):
            shown.setdefault(screen.item.kind, set()).update(str(key.description) for key in screen.query(FooterKey))
            await pilot.press("down")
            await pilot.pause()
        assert "Score" in shown["feature"]
        assert "yesno" in shown and "Score" not in shown["yesno"], shown


async def test_a_key_is_drawn_without_waiting_for_the_disk_and_is_saved(write_bundle, monkeypatch):
    """The save of a key's change is written after the repaint (in a worker thread): a slow disk
    delays no frame, and the file holds the answer once the app has settled."""
    import time

    import accord_partnership.exports.bundle_file as bundle_file
    from accord_partnership.engine.bundle import load_bundle

    real = bundle_file.write_atomic
    done: list[float] = []

    def slow_disk(path, data, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(1.0)  # a disk that takes a second to sync
        result = real(path, data, **kwargs)
        done.append(time.monotonic())
        return result

    path = write_bundle("scsn-csp", position=("focus-impact", "evidence"))  # opening saves nothing
    monkeypatch.setattr(bundle_file, "write_atomic", slow_disk)
    app = AccordApp(open_path=path)
    frames = _count_frames(app)
    drawn: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert not done and not app.session.pending
        frames.clear()
        pressed = pilot.press("4")
        task = asyncio.ensure_future(pressed)
        for _ in range(500):
            if frames:
                drawn.append(time.monotonic())
                break
            await asyncio.sleep(0.005)
        await task  # waits for the app to settle: the write included
        assert drawn and done, "the key was drawn and written"
        assert drawn[0] < done[0], "the frame waited for the disk"
    bundle, _ = load_bundle(path)
    assert bundle.answers[("focus-impact", "evidence")].score == 4


async def test_a_score_repaints_only_the_level_rows_whose_marker_moved(write_bundle):
    """The detail pane is drawn as lines (tui.widgets.levels): a score redraws the rows of the
    level chosen and of the level unchosen, not the item, the other levels or the note."""
    from accord_partnership.tui.widgets.levels import DetailPane

    path = write_bundle("scsn-csp", position=("focus-impact", "evidence"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(DetailPane)
        height = {value: pane.line_range("level", index)[1] for index, value in enumerate(r.value for r in pane.levels)}
        assert all(height.values()) and sum(height.values()) < len(pane._lines) - 4
        for key, redrawn in (("3", ["3"]), ("5", ["3", "5"]), ("5", [])):
            before = pane.lines_rendered
            await pilot.press(key)
            await settle(pilot)
            await pilot.pause(0.1)
            assert pane.lines_rendered - before == sum(height[v] for v in redrawn), f"key {key!r}"
            assert [row.value for row in pane.levels if row.chosen] == ["5" if key == "5" else "3"]
