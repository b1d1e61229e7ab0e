"""Pilot tests of the interactive resource tool screens (tui.screens.tool_exercises)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Static

from accord_partnership.engine.catalog import get_framework
from accord_partnership.tui.screens.tool_exercises import (
    ChecklistExercise,
    DegreesExercise,
    LifecycleExercise,
    ProjectMatrixExercise,
    exercise_for,
)
from tests.conftest import Host


@pytest.fixture(scope="module")
def fw():
    return get_framework("scsn-csp")


def exercise_host(fw, tool_id: str, answers: dict | None = None) -> tuple[Host, list[dict]]:
    """A host app showing tool `tool_id`'s exercise from `answers` (default none), and the list
    every answer set it saves is appended to."""
    seen: list[dict] = []
    return Host(exercise_for(fw.tool(tool_id), fw, answers or {}, seen.append)), seen


def test_exercise_for_each_kind(fw):
    kinds = {t.id: type(exercise_for(t, fw, {}, None)) if exercise_for(t, fw, {}, None) else None for t in fw.tools}
    assert kinds == {
        "tool-1": None, "tool-2": None, "tool-3": DegreesExercise, "tool-4": None,
        "tool-5": LifecycleExercise, "tool-6": ChecklistExercise, "tool-7": ProjectMatrixExercise,
    }


async def add_named(pilot, name: str) -> None:
    """`n` (a new row of one's own), `name` in its form, enter."""
    await pilot.press("n")
    await pilot.pause()
    pilot.app.screen.query_one(Input).value = name
    await pilot.press("enter")
    await pilot.pause()


async def test_degrees(fw):
    app, seen = exercise_host(fw, "tool-3", {"area:Data": "Co-operation"})
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await add_named(pilot, "Leadership [b]")
        assert seen[-1] == {"area:Data": "Co-operation", "area:Leadership [b]": "Co-existence"}
        await pilot.press("right", "right", "right")
        await pilot.pause()
        assert seen[-1]["area:Leadership [b]"] == "Collaboration"
        assert "Let's work on this together." in str(app.screen.query_one("#ex-detail", Static).render())
        await pilot.press("up", "left", "d")
        await pilot.pause()
        assert seen[-1] == {"area:Leadership [b]": "Collaboration"}


async def test_lifecycle(fw):
    tool = fw.tool("tool-5")
    app, seen = exercise_host(fw, "tool-5")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#ex-table", DataTable)
        # the source's own table: one row per suggested action, under the source's column headings
        assert [str(c.label) for c in table.columns.values()] == ["If you're at this stage", "consider", "Is this action relevant?"]
        assert table.row_count == sum(len(e.actions) for e in tool.entries)
        forming = len(tool.entries[0].actions)
        for _ in range(forming):
            await pilot.press("down")
        await pilot.press("enter")  # the first row of Frustration: Frustration is our stage
        await pilot.pause()
        assert seen[-1] == {"stage": "Frustration"}
        await pilot.press("space", "down", "down", "space")
        await pilot.pause()
        actions = tool.entries[1].actions
        assert seen[-1] == {"stage": "Frustration", "relevant:Frustration": [actions[0], actions[2]]}
        # each tick stands on its own action's row
        assert str(table.get_cell_at((forming, 2))) == str(table.get_cell_at((forming + 2, 2))) != str(table.get_cell_at((forming + 1, 2)))
        await pilot.press("up", "up", "space")
        await pilot.pause()
        assert seen[-1]["relevant:Frustration"] == [actions[2]]


async def test_lifecycle_actions_are_never_cut(fw):
    tool = fw.tool("tool-5")
    entry = next(e for e in tool.entries if e.title == "Functioning")
    longest = max(entry.actions, key=len)
    before = sum(len(e.actions) for e in tool.entries[: tool.entries.index(entry)])
    for width in (60, 80, 120):
        app = Host(exercise_for(tool, fw, {}, None))
        async with app.run_test(size=(width, 24)) as pilot:
            await pilot.pause()
            table = app.screen.query_one("#ex-table", DataTable)
            table.move_cursor(row=before + entry.actions.index(longest), animate=False)
            await pilot.pause()
            lines = ["".join(seg.text for seg in table.render_line(y)) for y in range(table.size.height)]
            words = " ".join(w for line in lines for w in line.split() if w not in ("[", "]", "[", "[]"))
            words = words.replace("[ ]", " ")
            assert "…" not in words, width
            assert longest in " ".join(words.split()), width


async def test_checklist(fw):
    tool = fw.tool("tool-6")
    app, seen = exercise_host(fw, "tool-6")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        total = sum(len(e.items) for e in tool.entries)
        assert f"{total} of {total} questions unanswered" in str(app.screen.query_one("#ex-intro", Static).render())
        await pilot.press("y", "down", "n", "down", "u", "down", "enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "On the council website"
        await pilot.press("enter")
        await pilot.pause()
        assert seen[-1] == {"answer:1.1": "yes", "answer:1.2": "no", "answer:1.3": "unsure", "note:1.4": "On the council website"}
        assert f"{total - 4} of {total} questions unanswered" in str(app.screen.query_one("#ex-intro", Static).render())
        await pilot.press("f")  # only the unanswered
        await pilot.pause()
        table = app.screen.query_one("#ex-table", DataTable)
        assert table.row_count == total - 4
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == "2.1"


async def test_project_matrix(fw):
    app, seen = exercise_host(fw, "tool-7")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await add_named(pilot, "Youth hub")
        assert seen[-1] == {"risk:Youth hub": 3, "contribution:Youth hub": 3}
        await pilot.press("R", "R", "c", "c")
        await pilot.pause()
        assert seen[-1] == {"risk:Youth hub": 1, "contribution:Youth hub": 5}
        table = app.screen.query_one("#ex-table", DataTable)
        assert table.get_row_at(0)[3].plain == "Stars"
        await pilot.press("r", "r", "r", "r")
        await pilot.pause()
        assert table.get_row_at(0)[3].plain == "Good gambles"
        assert "Youth hub" in str(app.screen.query_one("#ex-matrix", Static).render())
        await pilot.press("d")
        await pilot.pause()
        assert seen[-1] == {}
