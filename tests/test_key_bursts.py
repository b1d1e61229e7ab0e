"""Keys that arrive together give exactly what the same keys typed slowly give (issue 16).

Each case runs twice on a fresh app: once with the keys in one terminal read (`burst`), once one
key at a time (`slowly`); the observed outcome (saved bundle, screen, focus, field values) must be
the same, and must be what the officer meant.
"""

from __future__ import annotations

import asyncio

import pytest
from textual.widgets import DataTable, Input, TextArea

from accord_partnership.engine.bundle import load_bundle
from tests.keyfeed import burst, settle, slowly
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.input import terminal_events
from accord_partnership.tui.screens.new_assessment import NewAssessmentScreen
from accord_partnership.tui.screens.picker import PickerScreen

SIZE = (80, 24)
MODES = {"burst": burst, "slowly": slowly}


def outcome(app, path=None) -> dict:
    """What an officer could see or find in the file afterwards (after saving what is pending,
    as quitting does)."""
    app.flush()
    screen = app.screen
    focused = app.focused
    found = {
        "screen": type(screen).__name__,
        "focused": getattr(focused, "id", None),
        "inputs": {w.id: w.value for w in screen.query(Input)},
        "areas": {w.id: w.text for w in screen.query(TextArea)},
    }
    path = path or (app.session.path if app.session else None)
    if path is not None and path.exists():
        bundle, _ = load_bundle(path)
        found["bundle"] = {
            "identity": (bundle.partnership, bundle.respondent, bundle.email, bundle.role),
            "answers": {k: (a.score, a.na, a.choice, a.note) for k, a in sorted(bundle.answers.items())},
            "matrix": bundle.matrix,
            "tools": bundle.tools,
            "position": bundle.position,
        }
    levels = getattr(screen, "levels", ())  # the scoring screen's levels of the current item
    found["chosen_level"] = [int(row.value) for row in levels if row.chosen and row.value.isdigit()]
    return found


async def run_both(make_app, before, keys, after=None):
    """Run `before` (slowly), then `keys` in each mode; return {mode: outcome}."""
    results = {}
    for mode, send in MODES.items():
        app = make_app()
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            path = await before(pilot, app)
            await send(pilot, *keys)
            if after is not None:
                await after(pilot, app)
            results[mode] = outcome(app, path)
    assert results["burst"] == results["slowly"], f"{results['burst']}\n!=\n{results['slowly']}"
    return results["burst"]


async def choose_framework(pilot, app, framework_id: str) -> None:
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    frameworks = picker.query_one("#frameworks")
    frameworks.focus()
    frameworks.highlighted = [f.id for f in picker.frameworks].index(framework_id)
    await slowly(pilot, "Enter")
    assert isinstance(app.screen, NewAssessmentScreen)


# --- the parser -------------------------------------------------------------------------------


@pytest.mark.parametrize("digit", list("0123456789"))
def test_escape_then_digit_is_escape_then_the_digit(digit):
    keys = [e.key for e in terminal_events("\x1b" + digit)]
    assert keys == ["escape", digit]


def test_escape_then_letter_and_sequences_still_parse():
    assert [e.key for e in terminal_events("\x1bj")] == ["escape", "j"]
    assert [e.key for e in terminal_events("\x1b[A\x1b[6~")] == ["up", "pagedown"]
    assert [e.key for e in terminal_events("£")] == ["pound_sign"]
    assert [e.key for e in terminal_events("\x1b")] == ["escape"]


# --- the cases of issue 16 ----------------------------------------------------------------------


async def test_new_assessment_name_then_ctrl_s(write_bundle):
    async def before(pilot, app):
        await choose_framework(pilot, app, "scsn-csp")

    found = await run_both(AccordApp, before, ["Moray CSP", "C-s"])
    assert found["screen"] == "ScoringScreen"
    assert found["bundle"]["identity"] == ("Moray CSP", "", "", "")


async def test_new_assessment_fields_with_tab(write_bundle):
    async def before(pilot, app):
        await choose_framework(pilot, app, "scsn-csp")

    async def after(pilot, app):
        await slowly(pilot, "C-s")

    found = await run_both(AccordApp, before, ["Fife CSP", "Tab", "A Person", "Tab", "a.person@example.org"], after)
    assert found["bundle"]["identity"] == ("Fife CSP", "A Person", "a.person@example.org", "")


async def test_other_role_then_tab_reaches_the_other_role_box(write_bundle):
    async def before(pilot, app):
        await choose_framework(pilot, app, "scsn-csp")

    keys = ["Fife CSP", "Tab", "Tab", "Tab", "Enter", "End", "Enter", "Tab", "Parish council", "C-s"]
    found = await run_both(AccordApp, before, keys)
    assert found["bundle"]["identity"] == ("Fife CSP", "", "", "Parish council")


async def test_note_then_ctrl_s(write_bundle):
    found = await run_both(
        lambda: AccordApp(open_path=write_bundle("scsn-csp")), lambda p, a: slowly(p, "e"), ["Police data 2024: 12 meetings", "C-s"]
    )
    assert found["screen"] == "ScoringScreen"
    notes = [a[3] for a in found["bundle"]["answers"].values()]
    assert notes == ["Police data 2024: 12 meetings"]


async def test_note_opened_and_written_in_one_read(write_bundle):

    async def nothing(pilot, app):
        return None

    found = await run_both(lambda: AccordApp(open_path=write_bundle("scsn-csp")), nothing, ["e", "Met twice: 4 actions", "C-s", "j", "3"])
    answers = found["bundle"]["answers"]
    assert sorted((a[0] or 0, a[3]) for a in answers.values()) == [(0, "Met twice: 4 actions"), (3, "")]
    assert found["chosen_level"] == [3]


async def test_matrix_text_then_next_row(write_bundle):

    async def before(pilot, app):
        await slowly(pilot, "m", "Tab")

    found = await run_both(lambda: AccordApp(open_path=write_bundle("sport-england-csp")), before, ["Review challenge text", "C-n", "Second row"])
    cells = found["bundle"]["matrix"]
    texts = [v for section in cells.values() for v in section.values()]
    assert texts == ["Review challenge text", "Second row"]


@pytest.mark.parametrize("keys", [["j", "2"], ["]", "3"], ["j", "k", "u", "4"]])
async def test_move_then_score_marks_the_new_level(write_bundle, keys):

    async def nothing(pilot, app):
        return None

    found = await run_both(lambda: AccordApp(open_path=write_bundle("scsn-csp")), nothing, keys)
    score = int(keys[-1])
    assert [a[0] for a in found["bundle"]["answers"].values()] == [score]
    assert found["chosen_level"] == [score]


async def test_escape_then_digit_closes_then_scores(write_bundle):

    async def before(pilot, app):
        await slowly(pilot, "e", "abc")

    found = await run_both(lambda: AccordApp(open_path=write_bundle("scsn-csp")), before, ["Escape", "3"])
    assert found["screen"] == "ScoringScreen"
    assert [(a[0], a[3]) for a in found["bundle"]["answers"].values()] == [(3, "")]


async def test_checklist_answer_text(write_bundle):

    async def before(pilot, app):
        from accord_partnership.tui.screens.tool_exercises import ChecklistExercise

        session = app.session
        tool = next(t for t in session.framework.tools if t.kind == "checklist")
        app.push_screen(ChecklistExercise(session.framework, tool, {}, lambda a: session.set_tool_answers(tool.id, a)))
        await settle(pilot)
        assert isinstance(app.focused, DataTable)

    found = await run_both(lambda: AccordApp(open_path=write_bundle("scsn-csp")), before, ["Enter", "Yes by pooling budgets", "Enter"])
    answers = list(found["bundle"]["tools"].values())[0]
    assert list(answers.values()) == ["Yes by pooling budgets"]


# --- a long text, then more fields (T9) ----------------------------------------------------------


def _pty_reads(data: str, sizes: tuple[int, ...]) -> list[str]:
    """`data` cut as successive terminal reads of the given sizes (the last size repeats)."""
    reads, start, i = [], 0, 0
    while start < len(data):
        size = sizes[min(i, len(sizes) - 1)]
        reads.append(data[start : start + size])
        start += size
        i += 1
    return reads


@pytest.mark.parametrize("sizes", [(100_000,), (1, 1023, 4096)], ids=["one-read", "pty-reads"])
async def test_long_action_text_then_tab_keeps_each_field(sizes):
    """A ~2,000-character action, then Tab, a name, Tab, a date, arriving together (tmux send-keys,
    a paste on a slow link): the name is the responsibility, not the end of the action, however
    long the focused field takes over the text (the SMART check runs on every character)."""
    from accord_partnership.engine.plan import Action
    from tests.keyfeed import key_bytes
    from accord_partnership.tui.screens.prioritise import PlanFormScreen

    text = "Very long action text " * 90 + "END"
    keys = [text, "Tab", "Gus", "Tab", "2027-03-31"]
    data = "".join(b for key in keys for b in key_bytes(key))
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanFormScreen("Feature 1.1", Action("s1", "1.1", ""), []))
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "f-action"
        driver = app._driver
        for read in _pty_reads(data, sizes):
            for event in terminal_events(read):
                driver.process_message(event)
            await asyncio.sleep(0)  # the next read comes once the input thread has handed this one over
        await settle(pilot, timeout=120)
        values = {w.id: w.value for w in app.screen.query(Input)}
        assert values["f-action"] == text
        assert values["f-responsibility"] == "Gus"
        assert values["f-date_of_completion"] == "2027-03-31"
        assert app.focused.id == "f-date_of_completion"


async def test_text_past_a_fields_length_limit_keeps_what_fits(write_bundle):
    """A burst longer than the field's limit (the partnership name, 200 characters) keeps the first
    200, as typing key by key does, and the keys after it still reach the next field."""

    async def before(pilot, app):
        await choose_framework(pilot, app, "scsn-csp")

    long_name = "Moray Community Safety Partnership " * 6 + "TAIL"
    found = await run_both(AccordApp, before, [long_name, "Tab", "A Person", "C-s"])
    assert found["bundle"]["identity"][:2] == (long_name[:200], "A Person")


async def test_a_typed_run_reaches_the_field_in_one_go(monkeypatch):
    """Characters arriving together for a text field are handed to it as one run: the action
    form's SMART check runs a few times, not once per character, and the text is all there."""
    from accord_partnership.engine.plan import Action
    from accord_partnership.tui.screens.prioritise import PlanFormScreen
    from accord_partnership.tui.widgets.plan_forms import ActionForm

    checks = []
    original = ActionForm.update_smart

    def counted(self):
        checks.append(self.query_one("#f-action", Input).value)
        original(self)

    monkeypatch.setattr(ActionForm, "update_smart", counted)
    text = "Review the data sharing protocol with partners " * 10
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanFormScreen("Feature 1.1", Action("s1", "1.1", ""), []))
        await settle(pilot)
        checks.clear()
        await burst(pilot, text, "Tab", "Gus")
        values = {w.id: w.value for w in app.screen.query(Input)}
        assert values["f-action"] == text
        assert values["f-responsibility"] == "Gus"
        assert len(checks) <= 6, len(checks)
        assert checks[-1] == text


async def test_a_pasted_text_of_several_lines_is_kept_whole_in_a_one_line_field():
    """A terminal paste (bracketed) of several lines into the action form: a one-line field takes
    every line, joined with spaces, not just the first (tester T13)."""
    from accord_partnership.engine.plan import Action
    from accord_partnership.tui.screens.prioritise import PlanFormScreen

    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(PlanFormScreen("Feature 1.1", Action("s1", "1.1", ""), []))
        await settle(pilot)
        for event in terminal_events("\x1b[200~Review the protocol\r\n\r\nwith every partner  \nby March\x1b[201~"):
            app._driver.process_message(event)
        await settle(pilot)
        assert app.screen.query_one("#f-action", Input).value == "Review the protocol with every partner by March"


async def test_a_paste_on_the_scoring_screen_says_where_text_goes(write_bundle):
    """Pasted text where no text field has the focus is not read as keys (an email pasted on the
    scoring screen would score at random): nothing is answered and the app says where text goes (T14)."""
    app = AccordApp(open_path=write_bundle("scsn-csp"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for event in terminal_events("\x1b[200~3j4\x1b[201~"):
            app._driver.process_message(event)
        await settle(pilot)
        found = outcome(app)
        assert found["bundle"]["answers"] == {} and found["screen"] == "ScoringScreen"
        assert any("Pasted text goes into a text field" in str(n.message) for n in app._notifications)
