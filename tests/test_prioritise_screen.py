"""Pilot tests of the guided prioritisation screen and the compare screen (tui.screens.prioritise)."""

from __future__ import annotations

import pytest
from textual.widgets import Checkbox, DataTable, Input, Static

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.compare import compare_paths
from accord_partnership.engine.merged import load_results
from accord_partnership.engine.plan import ActionPlan, load_plan
from accord_partnership.exports.plan_toml import save_plan
from accord_partnership.tui.screens.compare import CompareScreen
from accord_partnership.tui.screens.prioritise import AgreedScreen, PlanFormScreen, PrioritiseScreen, TargetScreen
from tests.conftest import Host

FW = "scsn-csp"


@pytest.fixture
def results_folder(tmp_path, write_bundle):
    folder = tmp_path / "round"
    folder.mkdir()
    for n, (trust, induction) in enumerate([(1, 2), (2, 3), (2, 4), (1, 3)]):
        answers = {
            ("partnership-working", "trust"): {"score": trust, "note": f"[@click=app.quit]note {n}"},
            ("partnership-working", "induction"): {"score": induction},
            ("focus-impact", "evidence"): {"score": 4},
            ("capturing-performance", "regular-trend-analysis"): {"score": 3},
        }
        write_bundle(FW, answers=answers, path=folder / f"m{n}.toml", respondent=f"M{n}", email=f"m{n}@example.org")
    return folder


@pytest.fixture
def setup(tmp_path, results_folder):
    framework = get_framework(FW)
    results, _ = load_results(results_folder, with_notes=True)
    plan = ActionPlan.new(framework, partnership="Moray CSP")
    path = tmp_path / "plan.toml"
    save_plan(plan, framework, path)
    return framework, results, plan, path


def text_of(widget: Static) -> str:
    return str(widget.render())


async def test_walk_through_the_steps(setup):
    framework, results, plan, path = setup
    app = Host(PrioritiseScreen(framework, results, plan, path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#view-scorecards", DataTable)
        # each section's mean, lowest first
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == "partnership-working"
        assert [table.get_row_at(i)[1].plain for i in range(table.row_count)][:3] == ["Partnership Working", "Capturing Performance", "Focus and Impact"]

        await pilot.press("space")  # choose the lowest scorecard
        await pilot.pause()
        assert load_plan(path).priorities == ["partnership-working"]

        await pilot.press("plus")
        await pilot.pause()
        assert load_plan(path).threshold == 3.5
        await pilot.press("minus", "minus")
        await pilot.pause()
        assert load_plan(path).threshold == 2.5

        await pilot.press("2")
        await pilot.pause()
        features = screen.query_one("#view-features", DataTable)
        assert features.row_count == 1  # only trust (1.5) is below 2.5; induction (3.0) is not
        await pilot.press("plus", "plus")
        await pilot.pause()
        assert features.row_count == 2  # at 3.5 induction (3.0) is below too
        assert features.coordinate_to_cell_key((0, 0)).row_key.value == "partnership-working/trust"
        assert "One box up (2)" in text_of(screen.query_one("#prio-detail", Static))

        await pilot.press("c", "p", "e")  # within our control, a priority, a quick win
        await pilot.pause()
        mark = load_plan(path).mark_for("partnership-working", "trust")
        assert (mark.in_control, mark.priority, mark.effort) == (True, True, "quick win")
        await pilot.press("c")  # cycles to "not within our control"
        await pilot.pause()
        assert load_plan(path).mark_for("partnership-working", "trust").in_control is False
        await pilot.press("c")  # back to unmarked, then yes again
        await pilot.press("c")
        await pilot.pause()

        # draft an action with the SMART check
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PlanFormScreen)
        smart = text_of(form.query_one("#form-smart", Static))
        assert "Who: no one is responsible" in smart and "Measurable is the most important consideration" in smart
        form.query_one("#f-action", Input).value = "Hold a facilitated trust workshop"
        form.query_one("#f-responsibility", Input).value = "J. Bloggs"
        await pilot.pause()
        smart = text_of(form.query_one("#form-smart", Static))
        assert "Who:" not in smart and "When: no date of completion or timescale" in smart and "Resources: none named" in smart
        form.query_one("#f-evidence", Checkbox).value = True
        form.query_one("#f-key_tasks", Input).value = "Book a venue; Invite partners"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        saved = load_plan(path)
        action = saved.actions[0]
        assert action.action == "Hold a facilitated trust workshop" and action.responsibility == "J. Bloggs"
        assert action.score == 1.5 and action.in_control is True and action.priority is True and action.effort == "quick win"
        assert action.key_tasks == ("Book a venue", "Invite partners")
        assert sorted(action.evidence) == [f"[@click=app.quit]note {n}" for n in range(4)]

        # the agreed score beside the mean
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, AgreedScreen)
        app.screen.query_one("#agreed-score", Input).value = "2"
        app.screen.query_one("#agreed-reason", Input).value = "Agreed after discussion"
        await pilot.press("ctrl+s")
        await pilot.pause()
        agreed = load_plan(path).agreed_for("partnership-working", "trust")
        assert agreed.score == 2 and agreed.reason == "Agreed after discussion"

        # targets for 6 and 12 months, feature and scorecard
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, TargetScreen)
        app.screen.query_one("#t-item-6", Input).value = "2.5"
        app.screen.query_one("#t-section-12", Input).value = "3.5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        targets = {(t.item_id, t.months, t.score) for t in load_plan(path).targets}
        assert targets == {("trust", 6, 2.5), ("", 12, 3.5)}

        # the actions step lists it with its SMART warnings
        await pilot.press("3")
        await pilot.pause()
        actions = screen.query_one("#view-actions", DataTable)
        assert actions.row_count == 1
        detail = text_of(screen.query_one("#prio-detail", Static))
        assert "When: no date of completion or timescale" in detail
        await pilot.press("enter")  # edit
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PlanFormScreen)
        form.query_one("#f-date_of_completion", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert load_plan(path).actions[0].date_of_completion == "2027-03-31"
        await pilot.press("d")
        await pilot.pause()
        assert load_plan(path).actions == []
        assert app.is_running  # the note's [@click=app.quit] was shown as text, never run


async def test_save_failure_is_shown_not_raised(setup, tmp_path):
    framework, results, plan, _ = setup
    missing = tmp_path / "no-such-folder" / "plan.toml"
    app = Host(PrioritiseScreen(framework, results, plan, missing))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        assert "not saved" in text_of(app.screen.query_one("#prio-title", Static))
        assert plan.priorities == ["partnership-working"]


async def test_compare_screen_toggles_paired_view(tmp_path, write_bundle):
    base = tmp_path / "base"
    follow = tmp_path / "follow"
    for folder, shift in ((base, 0), (follow, 1)):
        folder.mkdir()
        for n in range(4):
            answers = {("partnership-working", "trust"): {"score": 2 + shift}, ("focus-impact", "evidence"): {"score": 3},
                       ("strategic-coherence", "fit-within-cpp"): {"score": 2 + shift}}
            write_bundle(FW, answers=answers, path=folder / f"m{n}.toml", respondent=f"M{n}", email=f"m{n}@example.org")
    comparison = compare_paths(base, follow, paired=True)
    app = Host(CompareScreen(comparison, ascii=True))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#cmp-table", DataTable)
        assert table.row_count > 0
        assert "all respondents" in text_of(screen.query_one("#cmp-title", Static))
        await pilot.press("p")
        await pilot.pause()
        assert "paired" in text_of(screen.query_one("#cmp-title", Static))


async def test_action_form_refuses_a_score_at_target_off_the_scale_and_a_non_date(setup):
    """T3: the form checks with the plan's rule (engine.plan.check_action), says why and stays open."""
    framework, results, plan, path = setup
    app = Host(PrioritiseScreen(framework, results, plan, path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("2")
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PlanFormScreen)
        form.query_one("#f-action", Input).value = "Quarterly review of refinements"
        form.query_one("#f-score_at_target", Input).value = "7"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Score at target must be a score 1-5" in text_of(form.query_one("#form-smart", Static))
        form.query_one("#f-score_at_target", Input).value = "3-4"
        form.query_one("#f-date_of_completion", Input).value = "not a date"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert "Date of completion must be a date" in text_of(form.query_one("#form-smart", Static))
        assert load_plan(path).actions == []
        form.query_one("#f-date_of_completion", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        saved = load_plan(path).actions
        assert [(a.score_at_target, a.date_of_completion) for a in saved] == [("3-4", "2027-03-31")]


async def test_plan_changes_that_cannot_be_saved_are_not_dropped_on_escape(setup, tmp_path):
    """T5: leaving the plan screen with unsaved changes asks, as for answers (QuitUnsavedScreen)."""
    from accord_partnership.tui.screens.quit_unsaved import QuitUnsavedScreen

    framework, results, plan, _ = setup
    missing = tmp_path / "no-such-folder" / "plan.toml"
    rescue = tmp_path / "rescued-plan.toml"
    app = Host(PrioritiseScreen(framework, results, plan, missing))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuitUnsavedScreen)
        assert "plan changes are NOT saved" in str(app.screen.query_one("#quit-text", Static).render())
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        app.screen.query_one("#quit-path", Input).value = str(rescue)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not screen and not isinstance(app.screen, QuitUnsavedScreen)
    assert load_plan(rescue).priorities == ["partnership-working"]
    assert not missing.exists()


async def test_quit_with_unsaved_plan_changes_asks_and_leaving_exits_1(setup, tmp_path):
    """T5: ctrl+q with plan changes that could not be saved asks; leaving without them is exit code 1."""
    from accord_partnership.tui.app import AccordApp
    from accord_partnership.tui.screens.quit_unsaved import QuitUnsavedScreen

    framework, results, plan, _ = setup
    missing = tmp_path / "no-such-folder" / "plan.toml"
    app = AccordApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(PrioritiseScreen(framework, results, plan, missing))
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, QuitUnsavedScreen) and app.return_code is None
        await pilot.click("#lose")
        await pilot.pause()
    assert app.return_code == 1
