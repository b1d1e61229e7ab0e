"""The coordinator's way through the app, driven with Pilot at 80x24: start screen `c` → folder
dialog → coordinator screen → `a` action plan (file beside the folder) / `v` compare; the palette;
`accord coordinate FOLDER` (bad input refused before the TUI starts)."""

from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone

import pytest
from textual.widgets import DataTable, Input, Static

from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.plan import load_plan
from accord_partnership.exports.bundle_file import save_bundle
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.cli import main
from accord_partnership.tui.coordinate import CoordinateRequest
from accord_partnership.tui.screens.compare import CompareScreen
from accord_partnership.tui.screens.coordinator import CoordinatorScreen
from accord_partnership.tui.screens.open_folder import AskPathScreen, OpenFolderScreen
from accord_partnership.tui.screens.picker import PickerScreen
from accord_partnership.tui.screens.prioritise import PlanFormScreen, PrioritiseScreen
from tests.pilot_keys import press_for, run_command, type_text

SIZE = (80, 24)
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
BROKEN = 'format = "accord-bundle"\nthis is = = not toml\n'


def make_round(folder, shift: int = 0):
    """Four members' bundles of scsn-csp with varied scores and fixed timestamps."""
    scsn = get_framework("scsn-csp")
    folder.mkdir(parents=True)
    people = [("Ann", "ann@example.org", "police"), ("Bob", "", "council"), ("Cat", "cat@example.org", "health"), ("Dee", "", "police")]
    for n, (who, email, role) in enumerate(people):
        bundle = Bundle.new(scsn, respondent=who, email=email, role=role, partnership="Moray CSP")
        bundle.created = bundle.updated = T0 + timedelta(minutes=n)
        for k, item in enumerate(scsn.section("partnership-working").items):
            bundle.answer("partnership-working", item.id).score = min(5, 1 + (n + k + shift) % 4)
        for item in scsn.section("focus-impact").items:
            bundle.answer("focus-impact", item.id).score = min(5, 2 + n % 2 + shift)
        save_bundle(bundle, scsn, folder / f"{who.lower()}.toml")
    return folder


@pytest.fixture
def rounds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return make_round(tmp_path / "round")


async def open_coordinator(pilot, folder: str) -> CoordinatorScreen:
    """From the start screen: open `folder` from the picker; the coordinator screen it shows (the
    app still running)."""
    await pilot.pause()
    await open_from_picker(pilot, folder)
    screen = pilot.app.screen
    assert isinstance(screen, CoordinatorScreen) and pilot.app.is_running
    return screen


async def round_then_key(pilot, key: str) -> None:
    """From the start screen: open the folder `round` from the picker, then press `key` there."""
    await open_coordinator(pilot, "round")
    await pilot.press(key)
    await pilot.pause()


async def settle(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_from_picker(pilot, typed: str, *, end: bool = True) -> None:
    """Start screen `c`, then type after the prefilled folder (end) or over it."""
    assert isinstance(pilot.app.screen, PickerScreen)
    await pilot.press("c")
    await pilot.pause()
    assert isinstance(pilot.app.screen, OpenFolderScreen)
    if end:
        await pilot.press("end")
    await type_text(pilot, typed)
    await pilot.press("enter")
    await settle(pilot)


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def notes(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_picker_to_coordinator_to_action_plan(rounds, tmp_path):
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        dialog = await press_for(pilot, "c", OpenFolderScreen)
        folder_input = dialog.query_one("#coord-folder", Input)
        assert folder_input.value == str(tmp_path) + os.sep  # the current folder, ready for a name
        assert folder_input.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # escape cancels

        await open_from_picker(pilot, "round")
        screen = app.screen
        assert isinstance(screen, CoordinatorScreen) and not screen.busy
        assert screen.folder == rounds.resolve()
        completion = text_of(screen, "#completion-text")
        assert "4 bundles returned" in completion
        for name in ("Ann", "Bob", "Cat", "Dee"):
            assert f"\n  {name}" in completion
        assert str(rounds) in text_of(screen, "#coord-title")

        await pilot.press("t")
        await pilot.pause()
        assert "Focus and Impact" in text_of(screen, "#coord-section") and "mean 2.50" in text_of(screen, "#coord-section")
        table = screen.query_one("#items-table", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:4] == ["Evidence", "4", "0", "2.50"]

        # a: the plan beside the folder, made from the template, and the prioritisation screen
        plan_path = tmp_path / "round-plan.toml"
        assert not plan_path.exists()
        await pilot.press("a")
        await pilot.pause()
        prioritise = app.screen
        assert isinstance(prioritise, PrioritiseScreen)
        assert plan_path.is_file() and prioritise.plan_path == plan_path
        assert oct(plan_path.stat().st_mode & 0o777) == "0o600"
        assert any(str(plan_path) in n and "Saved as you go" in n for n in notes(app))
        text = plan_path.read_text()
        assert "# When this plan was made, features with a mean below 3.0" in text  # the `accord plan init` template
        plan = load_plan(plan_path)
        assert plan.results == "round" and plan.partnership == "Moray CSP" and plan.framework_id == "scsn-csp"
        assert prioritise.results.with_notes  # notes travel (unattributed) for the evidence checkbox

        # add an action, as a user would, and go back
        await pilot.press("2")
        form = await press_for(pilot, "n", PlanFormScreen)
        await type_text(pilot, "Monthly tasking meeting")
        await pilot.press("tab")
        await type_text(pilot, "J Bloggs")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is prioritise
        actions = load_plan(plan_path).actions
        assert [(a.action, a.responsibility) for a in actions] == [("Monthly tasking meeting", "J Bloggs")]
        assert "# When this plan was made, features with a mean below" in plan_path.read_text()  # the template's comments survive
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

        # a again: the same plan file, never a new one
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, PrioritiseScreen) and len(app.screen.plan.actions) == 1
        assert any(n == f"Action plan: {plan_path}" for n in notes(app))
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name != "accord-home") == ["round", "round-plan.toml"]


async def test_bad_folder_shows_an_inline_error(rounds, tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n")
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_from_picker(pilot, "nowhere")
        dialog = app.screen
        assert isinstance(dialog, OpenFolderScreen)  # still asking
        error = dialog.query_one("#coord-folder-error", Static)
        assert error.display and text_of(dialog, "#coord-folder-error") == f"{tmp_path / 'nowhere'}: no such folder"

        folder_input = dialog.query_one("#coord-folder", Input)
        folder_input.value = str(tmp_path / "notes.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert "not a folder" in text_of(dialog, "#coord-folder-error")

        # a bad roster: said under the roster field, with the file
        folder_input.value = str(rounds)
        await pilot.press("tab")
        await type_text(pilot, "missing.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is dialog
        assert not dialog.query_one("#coord-folder-error", Static).display
        assert text_of(dialog, "#coord-roster-error") == f"{tmp_path / 'missing.txt'}: no such file"
        assert dialog.query_one("#coord-roster", Input).has_focus

        # with a good roster it opens, and completion is measured against it
        (tmp_path / "roster.txt").write_text("Ann\nBob\nEve <eve@example.org>\n")
        dialog.query_one("#coord-roster", Input).value = "roster.txt"
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CoordinatorScreen) and screen.roster_path == tmp_path / "roster.txt"
        assert "2 of 3 on the roster have completed, 1 not yet" in text_of(screen, "#completion-text")
        assert "Eve <eve@example.org>" in text_of(screen, "#completion-text")


async def test_broken_bundle_is_named_with_its_line_not_a_crash(rounds, tmp_path):
    (rounds / "zz-broken.toml").write_text(BROKEN)
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coordinator(pilot, "round")
        status = text_of(screen, "#coord-status")
        assert screen.query_one("#coord-status").display
        assert "4 bundles returned · 1 bad file skipped" in status
        reason = status.splitlines()[1]
        assert reason.startswith("zz-broken.toml:2: invalid TOML")  # file:line, without the folder's path
        assert "\n  zz-broken.toml:2: invalid TOML" in text_of(screen, "#completion-text")
        await pilot.press("a")  # the good bundles still make a plan
        await pilot.pause()
        assert isinstance(app.screen, PrioritiseScreen)


async def test_folder_of_only_broken_bundles_says_why(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "x.toml").write_text(BROKEN)
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_coordinator(pilot, "bad")
        assert screen.report is None
        status = text_of(screen, "#coord-status")
        assert status.startswith("Cannot read the folder: no valid bundles to merge (1 bad file): x.toml:2: invalid TOML")
        assert "\n" not in status.strip()  # one line, however long (it wraps on screen)
        for key in ("t", "right_square_bracket", "f", "d", "o", "a", "v"):  # nothing to show: no crash
            await pilot.press(key)
            await pilot.pause()
        assert isinstance(app.screen, CoordinatorScreen)
        assert any("could not be read" in n for n in notes(app))
        assert not (tmp_path / "bad-plan.toml").exists()


async def test_existing_plan_for_another_framework_is_refused(rounds, tmp_path):
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.exports.plan_toml import save_plan

    other = get_framework("sport-england-csp")
    save_plan(ActionPlan.new(other), other, tmp_path / "round-plan.toml")
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await round_then_key(pilot, "a")
        assert isinstance(app.screen, CoordinatorScreen)
        assert any("round-plan.toml: the plan is for framework sport-england-csp, this folder for scsn-csp" in n for n in notes(app))


async def test_compare_with_an_earlier_round(rounds, tmp_path):
    make_round(tmp_path / "baseline", shift=-1)
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await round_then_key(pilot, "v")
        ask = app.screen
        assert isinstance(ask, AskPathScreen)
        assert ask.query_one("#ask-path", Input).value == str(tmp_path) + os.sep
        await pilot.press("end")
        await type_text(pilot, "nothing-here")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is ask and "no such file or folder" in text_of(ask, "#ask-path-error")
        ask.query_one("#ask-path", Input).value = str(tmp_path / "baseline")
        await pilot.press("enter")
        await settle(pilot)
        compare = app.screen
        assert isinstance(compare, CompareScreen)
        assert compare.comparison.sections[0].base_mean is not None
        assert compare.comparison.paired is not None  # two folders: the paired view is there
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CoordinatorScreen)


async def test_compare_error_stays_in_the_dialog(rounds, tmp_path):
    bad = make_round(tmp_path / "baseline")
    (bad / "zz.toml").write_text(BROKEN)
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await round_then_key(pilot, "v")
        ask = app.screen
        ask.query_one("#ask-path", Input).value = str(bad)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is ask
        assert text_of(ask, "#ask-path-error") == f"{bad / 'zz.toml'}:2: invalid TOML: Expected '=' after a key in a key/value pair (column 6)"


async def test_palette_opens_the_coordinator_and_the_action_plan(rounds, tmp_path):
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await run_command(pilot, "Coordinator")
        assert isinstance(app.screen, OpenFolderScreen)
        await pilot.press("end")
        await type_text(pilot, "round")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CoordinatorScreen)
        await run_command(pilot, "Action plan")
        assert isinstance(app.screen, PrioritiseScreen)
        assert (tmp_path / "round-plan.toml").is_file()


async def test_palette_offers_the_action_plan_only_on_the_coordinator_screen(rounds):
    from accord_partnership.tui.commands import accord_commands

    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        names = [name for name, _, _ in accord_commands(app, app.screen)]
        assert "Coordinator: open a folder of bundles" in names and "Action plan" not in names
        await open_from_picker(pilot, "round")
        names = [name for name, _, _ in accord_commands(app, app.screen)]
        assert {"Action plan", "Compare with an earlier round"} <= set(names)


# --- accord coordinate ------------------------------------------------------------------------


async def test_app_opens_straight_on_the_coordinator_screen(rounds):
    app = AccordApp(coordinate=CoordinateRequest(rounds, min_group=4, include_private=True))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CoordinatorScreen) and not screen.busy
        assert (screen.min_group, screen.include_private) == (4, True)
        assert "4 bundles returned" in text_of(screen, "#completion-text")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, PickerScreen)  # back lands on the start screen


def test_app_refuses_a_missing_folder_before_starting(tmp_path):
    with pytest.raises(AccordError, match="no such folder"):
        AccordApp(coordinate=CoordinateRequest(tmp_path / "gone"))


def test_coordinate_command_passes_the_options(rounds, tmp_path, monkeypatch):
    import accord_partnership.tui.cli as cli

    seen = {}

    def fake_run_tui(**kwargs):
        seen.update(kwargs)
        return 0

    monkeypatch.setattr(cli, "run_tui", fake_run_tui)
    (tmp_path / "roster.txt").write_text("Ann\n")
    assert main(["--ascii", "coordinate", "round", "--roster", "roster.txt", "--min-group", "4", "--include-private"]) == 0
    assert seen == {"coordinate": CoordinateRequest(rounds, tmp_path / "roster.txt", 4, True), "ascii": True}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["coordinate", "nowhere"], "accord: nowhere: no such folder\n"),
        (["coordinate", "round/ann.toml"], "accord: round/ann.toml: not a folder: give the folder that holds the members' bundles\n"),
        (["coordinate", "round", "--roster", "missing.txt"], "accord: missing.txt: no such file\n"),
        (["coordinate", "round", "--roster", "empty-roster.txt"], "accord: empty-roster.txt: roster lists nobody (one name or email per line)\n"),
        (["coordinate", "round", "--min-group", "1"], "accord: --min-group 1: the small-group threshold cannot be below 2\n"),
    ],
)
def test_coordinate_bad_input_is_one_line_and_exit_2(rounds, tmp_path, monkeypatch, capsys, args, message):
    import accord_partnership.tui.cli as cli

    (tmp_path / "empty-roster.txt").write_text("# nobody yet\n")
    monkeypatch.setattr(cli, "run_tui", lambda **kwargs: pytest.fail("the TUI must not start on bad input"))
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == "" and err == message


def test_plan_init_of_the_current_folder_names_the_plan_after_it(rounds, monkeypatch, capsys):
    """`accord plan init .` (and the TUI's `a`) write `<folder>-plan.toml` beside the folder, never `-plan.toml`."""
    monkeypatch.chdir(rounds)
    assert main(["plan", "init", "."]) == 0
    assert (rounds.parent / "round-plan.toml").is_file()
    assert load_plan(rounds.parent / "round-plan.toml").results == "round"


async def test_every_view_has_the_keyboard_and_the_bar_is_clickable(rounds):
    app = AccordApp(coordinate=CoordinateRequest(rounds))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        for key, view, focused in [("t", "table", "items-table"), ("c", "completion", "completion"), ("d", "disagreement", "spread-table"),
                                   ("f", "findings", "findings"), ("o", "roles", "roles")]:
            await pilot.press(key)
            await pilot.pause()
            assert screen.view == view and app.focused is not None and app.focused.id == focused
        await pilot.click("#coord-views-bar", offset=(20, 0))  # " t Table "
        await pilot.pause()
        assert screen.view == "table"


async def test_plan_screen_says_why_figures_are_withheld(rounds):
    """T15: when the privacy rule withholds the figures, the plan screen says so (not an empty table)."""
    app = AccordApp(coordinate=CoordinateRequest(rounds, min_group=9))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CoordinatorScreen) and not screen.busy
        reason = screen._privacy_notes()
        assert reason and "9" in reason[0]
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, PrioritiseScreen)
        assert reason[0] in text_of(app.screen, "#prio-guide")


def test_compare_with_a_baseline_of_another_framework_names_the_baseline(rounds, tmp_path, write_bundle):
    """T6: the coordinator's `v` blames the baseline it was given, not the folder being viewed."""
    from accord_partnership.engine.errors import FrameworkMismatch

    other = tmp_path / "hgi"
    other.mkdir()
    for n in range(3):
        write_bundle("sport-england-csp", path=other / f"m{n}.toml", respondent=f"M{n}", email=f"m{n}@example.org")
    with pytest.raises(FrameworkMismatch) as info:
        CoordinatorScreen(rounds).compare_with(other)
    assert info.value.path == str(other)
    assert str(info.value) == f"{other}: the baseline is for framework sport-england-csp, the follow-up for scsn-csp"


async def test_narrow_footer_ends_with_the_palette_key(rounds):
    """At 60 columns the palette key, docked right, covers the keys cut beneath it: no letter of
    theirs shows in its last cell (once "palettea")."""
    app = AccordApp()
    async with app.run_test(size=(60, 20)) as pilot:
        screen = await open_coordinator(pilot, "round")
        await pilot.pause()
        last = screen._compositor.render_strips()[-1].text
        assert last.startswith("? Help ^q Quit a Action plan"), last
        assert last.rstrip().endswith("^p palette"), last
        # the views' bar takes two lines there, never breaking a view's name (tester T5)
        bar = [" ".join(line.split()) for line in text_of(screen, "#coord-views-bar").splitlines()]
        assert bar == ["c Completion t Table s Spider f Findings", "d Disagreement o By role"], bar


async def test_compare_dialog_typing_adds_to_the_offered_folder(rounds, tmp_path, monkeypatch):
    """The baseline dialog offers the follow-up folder's parent: typing a sibling's name goes on
    its end (the offer is not selected and replaced), and a name typed alone (the offer cleared)
    is read from the offered folder, not from wherever Accord was started (tester T9)."""
    make_round(tmp_path / "baseline", shift=-1)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await round_then_key(pilot, "v")
        ask = app.screen
        assert isinstance(ask, AskPathScreen)
        await type_text(pilot, "baselin")
        assert ask.query_one("#ask-path", Input).value == str(tmp_path / "baselin")
        await pilot.press("escape")
        await pilot.pause()
        monkeypatch.chdir(elsewhere)
        await pilot.press("v")
        await pilot.pause()
        ask = app.screen
        ask.query_one("#ask-path", Input).value = ""
        await type_text(pilot, "baseline")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CompareScreen), text_of(ask, "#ask-path-error")


@pytest.mark.parametrize("ascii", [True, False])
async def test_spider_chart_fits_a_narrow_view(rounds, ascii):
    """At 60 columns the spider chart is drawn to the view's width, so no line wraps and no label
    is torn from its value (tester T4)."""
    app = AccordApp(ascii=ascii)
    async with app.run_test(size=(60, 40)) as pilot:
        screen = await open_coordinator(pilot, "round")
        await pilot.press("s")
        await pilot.pause()
        text = screen.query_one("#radar-text", Static)
        room = text.content_region.width
        lines = str(text.render()).splitlines()
        assert sum(len(line) > 30 for line in lines) > 10  # charts were drawn
        assert max(len(line) for line in lines) <= room, (room, max(lines, key=len))
