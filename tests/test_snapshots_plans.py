"""Snapshot tests (80x24) of the prioritisation screen and a tool exercise screen.

Update deliberately with `pytest --snapshot-update tests/test_snapshots_plans.py` after reading
snapshot_report.html.
"""

from __future__ import annotations

from textual.app import App

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.plan import ActionPlan
from accord_partnership.engine.results import MergedResults
from accord_partnership.tui.screens.prioritise import PrioritiseScreen
from accord_partnership.tui.screens.tool_exercises import exercise_for
from tests.conftest import Host

FW = "scsn-csp"


def fixed_results(framework) -> MergedResults:
    """Made-up counts for four respondents, the same every run."""
    from accord_partnership.engine.bundle import Answer

    results = MergedResults(framework.id, framework.version, partnerships=["Moray CSP"], respondents=4)
    results.ensure_items(framework)
    patterns = [(1, 2, 2, 3), (2, 3, 3, 4), (3, 3, 4, 4), (2, 2, 3, 5), (4, 4, 4, 5)]
    n = 0
    for section in framework.sections:
        if section.private:
            continue
        for item in section.rated_items:
            for score in patterns[n % len(patterns)]:
                results.item(section.id, item.id).total.add(Answer(score=score), item, keep_note=False)
            n += 1
    return results


def prioritise_app(tmp_path) -> App:
    framework = get_framework(FW)
    plan = ActionPlan.new(framework, partnership="Moray CSP")
    plan.priorities = ["partnership-working"]
    plan.set_mark("partnership-working", "equal-status-and-esteem", in_control=True, priority=True, effort="quick win")
    plan.set_agreed("partnership-working", "equal-status-and-esteem", 2, "Agreed at the March meeting")
    plan.set_target("partnership-working", "", 6, 3.5)
    return Host(PrioritiseScreen(framework, fixed_results(framework), plan, tmp_path / "plan.toml"))


def test_prioritise_scorecards_step(snap_compare, tmp_path):
    assert snap_compare(prioritise_app(tmp_path), terminal_size=(80, 24))


def test_prioritise_features_step(snap_compare, tmp_path):
    assert snap_compare(prioritise_app(tmp_path), press=["2"], terminal_size=(80, 24))


def test_project_matrix_exercise(snap_compare):
    framework = get_framework(FW)
    answers = {"risk:Youth hub": 2, "contribution:Youth hub": 5, "risk:CCTV upgrade": 5, "contribution:CCTV upgrade": 2,
               "risk:Night-time economy": 4, "contribution:Night-time economy": 4}
    app = Host(exercise_for(framework.tool("tool-7"), framework, answers, None))
    assert snap_compare(app, terminal_size=(80, 24))
