"""SMART checks of actions (engine.smart), drawn from SCSN Tool 2."""

from __future__ import annotations

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.plan import Action
from accord_partnership.engine.smart import TOOL2_MEASURABLE, has_verb, smart_check, smart_issues

COMPLETE = dict(
    action="Establish monthly tasking meetings including wider partners",
    responsibility="J.Bloggs",
    date_of_completion="2027-03-31",
    kpi="Trend report tabled at every tasking meeting",
    resources="Analyst time, one day a month",
)


def action(**changes) -> Action:
    return Action("capturing-performance", "regular-trend-analysis", **{**COMPLETE, **changes})


def test_complete_action_has_no_warnings():
    assert smart_check(action()) == []


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"responsibility": ""}, "Who: no one is responsible"),
        ({"date_of_completion": ""}, "When: no date of completion or timescale"),
        ({"kpi": ""}, "Measured: no KPI or target score"),
        ({"resources": ""}, "Resources: none named"),
        ({"action": "Trust"}, "What exactly: the action is too vague (fewer than 4 words)"),
        ({"action": "Better data across all the partners"}, "What exactly: the action is too vague (no verb saying what will be done)"),
    ],
)
def test_each_missing_piece_is_named(changes, expected):
    assert smart_check(action(**changes)) == [expected]


@pytest.mark.parametrize(
    "changes",
    [
        {"responsibility": "", "lead_partners": "Police Scotland"},
        {"date_of_completion": "", "timescale": "3 months"},
        {"kpi": "", "score_at_target": "3-4"},
        {"kpi": "", "target": "12 reports a year"},
    ],
)
def test_alternatives_satisfy_a_piece(changes):
    assert smart_check(action(**changes)) == []


def test_empty_action_lists_everything_and_quotes_tool_2():
    issues = smart_issues(Action("focus-impact", "evidence", ""))
    assert [i.key for i in issues] == ["measured", "who", "when", "what", "resources"]
    assert issues[0].hint == TOOL2_MEASURABLE
    assert issues[0].hint.startswith("Measurable is the most important consideration")


def test_tool_2_quotes_are_the_toolkits_words():
    tool = get_framework("scsn-csp").tool("tool-2")
    step4 = next(e for e in tool.entries if e.title == "4")
    assert " ".join(step4.text.split()) == TOOL2_MEASURABLE


def test_dicts_are_checked_too():
    assert smart_check(dict(COMPLETE)) == []
    assert "Who: no one is responsible" in smart_check({**COMPLETE, "responsibility": "  "})


@pytest.mark.parametrize("text", ["Hold a workshop", "Reviewing the protocol", "We will prioritise youth work", "Agreed a protocol"])
def test_verbs_are_recognised(text):
    assert has_verb(text)
