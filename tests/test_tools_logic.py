"""Pure logic of the interactive resource tools (engine.tools) on the SCSN toolkit's tools."""

from __future__ import annotations

import pytest

from accord_partnership.engine import tools
from accord_partnership.engine.catalog import get_framework


@pytest.fixture(scope="module")
def fw():
    return get_framework("scsn-csp")


@pytest.mark.parametrize(
    ("risk", "contribution", "title"),
    [
        ("low", "high", "Stars"),
        ("high", "high", "Good gambles"),
        ("low", "low", "Question marks"),
        ("high", "low", "Carthorses"),
        (1, 5, "Stars"),
        (5, 4, "Good gambles"),
        (2, 1, "Question marks"),
        (4, 2, "Carthorses"),
        ("HIGH", "Low", "Carthorses"),
        ("2", "4", "Stars"),
    ],
)
def test_classify_project_follows_the_tools_entries(fw, risk, contribution, title):
    assert tools.classify_project(risk, contribution, fw.tool("tool-7")) == title


def test_midpoint_is_read_cautiously(fw):
    tool = fw.tool("tool-7")
    placement = tools.place_project(3, 5, tool)
    assert placement.title == "Good gambles" and placement.borderline  # medium risk counts as high
    placement = tools.place_project(1, 3, tool)
    assert placement.title == "Question marks" and placement.borderline  # medium contribution counts as low
    assert not tools.place_project(1, 5, tool).borderline


@pytest.mark.parametrize("bad", [0, 6, "medium", True, None, 2.5 + 10])
def test_bad_ratings_are_refused(fw, bad):
    with pytest.raises(ValueError):
        tools.classify_project(bad, "high", fw.tool("tool-7"))


def test_projects_in_answers(fw):
    tool = fw.tool("tool-7")
    answers: dict = {}
    tools.set_project(answers, "Youth hub", risk=2, contribution=5)
    tools.set_project(answers, "CCTV", risk="high")
    assert answers == {"risk:Youth hub": 2, "contribution:Youth hub": 5, "risk:CCTV": "high", "contribution:CCTV": 3}
    placed = {p.name: pl.title for p, pl in tools.project_placements(tool, answers)}
    assert placed == {"Youth hub": "Stars", "CCTV": "Carthorses"}
    tools.remove_project(answers, "CCTV")
    assert [p.name for p in tools.projects(answers)] == ["Youth hub"]
    with pytest.raises(ValueError):
        tools.set_project(answers, "X", risk=9)


def test_unanswered_questions(fw):
    tool = fw.tool("tool-6")
    questions = tools.checklist_questions(tool)
    assert len(questions) == sum(len(e.items) for e in tool.entries)
    assert questions[0].key == "1.1" and questions[0].text == "Why does this partnership exist?"
    answers: dict = {}
    tools.set_checklist_answer(answers, "1.1", choice="yes")
    tools.set_checklist_answer(answers, "1.2", note="To cut reoffending")
    tools.set_checklist_answer(answers, "1.3", choice="unsure")
    left = tools.unanswered_questions(tool, answers)
    assert [q.key for q in left][:2] == ["1.4", "2.1"] and len(left) == len(questions) - 3
    tools.set_checklist_answer(answers, "1.1", choice="")
    assert "1.1" in [q.key for q in tools.unanswered_questions(tool, answers)]
    with pytest.raises(ValueError):
        tools.set_checklist_answer(answers, "1.1", choice="maybe")


def test_lifecycle_actions_and_relevance(fw):
    tool = fw.tool("tool-5")
    assert tools.lifecycle_actions(tool, "Failing") == ["go back to Stage 1?"]
    assert tools.lifecycle_actions(tool, "frustration")[0].startswith("revisit the common ground")
    assert tools.lifecycle_actions(tool, "nowhere") == []
    answers: dict = {"stage": "functioning"}  # as docs/bundle-format.md shows it
    assert tools.lifecycle_stage(tool, answers).title == "Functioning"
    first = tools.lifecycle_actions(tool, "Functioning")[0]
    assert tools.toggle_relevant(tool, answers, "Functioning", first) is True
    assert tools.relevant_actions(answers, "Functioning") == [first]
    assert tools.toggle_relevant(tool, answers, "Functioning", first) is False
    assert "relevant:Functioning" not in answers
    with pytest.raises(ValueError):
        tools.toggle_relevant(tool, answers, "Functioning", "not an action")


def test_degrees(fw):
    tool = fw.tool("tool-3")
    answers: dict = {}
    tools.set_degree(tool, answers, "Leadership", "collaboration")
    assert answers == {"area:Leadership": "Collaboration"}
    assert tools.move_degree(tool, answers, "Leadership", 1) == "Co-ownership"
    assert tools.move_degree(tool, answers, "Leadership", 1) == "Co-ownership"  # clamped
    assert tools.move_degree(tool, answers, "Data", -1) == "Co-existence"  # a new area starts at the first
    assert tools.degree_areas(tool, answers) == [("Leadership", "Co-ownership"), ("Data", "Co-existence")]
    with pytest.raises(ValueError):
        tools.set_degree(tool, answers, "X", "Merger")


def test_answer_problems(fw):
    assert tools.answer_problems(fw.tool("tool-5"), {"stage": "Dancing"}) == ["unknown stage 'Dancing'"]
    assert tools.answer_problems(fw.tool("tool-6"), {"answer:1.1": "perhaps"})
    assert tools.answer_problems(fw.tool("tool-7"), {"risk:A": 9, "contribution:A": 1})
    assert tools.answer_problems(fw.tool("tool-3"), {"area:A": "Co-operation"}) == []
    assert [t.id for t in fw.tools if tools.is_exercise(t)] == ["tool-3", "tool-5", "tool-6", "tool-7"]
