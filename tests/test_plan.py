"""The partnership action plan: model, file round-trip, tomlkit updates, CSV, and `accord plan`."""

from __future__ import annotations

import csv
import io
import os
import stat
from pathlib import Path

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.plan import (
    Action,
    ActionPlan,
    PlanError,
    load_plan,
    target_values,
)
from accord_partnership.exports.plan_toml import plan_csv, plan_to_toml, save_plan
from accord_partnership.tui.cli import main

FW = "scsn-csp"


@pytest.fixture
def framework():
    return get_framework(FW)


def full_plan(framework) -> ActionPlan:
    plan = ActionPlan.new(framework, partnership="Moray CSP", threshold=3.5)
    plan.toggle_priority_section("partnership-working")
    plan.toggle_priority_section("capturing-performance")
    plan.set_mark("partnership-working", "trust", in_control=True, priority=True, effort="quick win")
    plan.set_mark("capturing-performance", "regular-trend-analysis", in_control=False)
    plan.add_action(
        Action(
            "capturing-performance", "regular-trend-analysis", "Establish monthly tasking meetings including wider partners",
            responsibility="J.Bloggs", score=1.0, date_of_completion="3 months", score_at_target="3-4",
            key_tasks=("Agree the protocol", "Set the calendar"), milestones=("Protocol signed",), timescale="Apr-Jun",
            lead_partners="Police; council", resources="Analyst, 1 day a month", kpi="Trend report at every meeting",
            target="12 a year", strategic_links="SOA outcome 9", strategic_objective="SO1: shared data",
            evidence=('We never see "trends"\nonly incidents', "=SUM(A1)"),
        )
    )
    plan.add_action(Action("partnership-working", "trust", "Hold a facilitated trust workshop", score=2.25))
    plan.set_target("partnership-working", "", 6, 3.5)
    plan.set_target("partnership-working", "trust", 12, 4.0)
    plan.set_agreed("partnership-working", "trust", 3, "Most felt 3 after the discussion")
    plan.set_agreed("personal-role", "recognition", None, "Not relevant for the chair")
    plan.tools["tool-3"] = {"area:Leadership": "Collaboration", "area:Data sharing": "Co-operation"}
    plan.tools["tool-7"] = {"risk:Youth hub": 2, "contribution:Youth hub": 5}
    return plan


def test_round_trip_is_equal_and_private(tmp_path, framework):
    plan = full_plan(framework)
    path = tmp_path / "plan.toml"
    save_plan(plan, framework, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_plan(path)
    assert loaded == plan
    assert loaded.actions[0].id == "A1" and loaded.actions[1].id == "A2"
    assert loaded.actions[1].in_control is True and loaded.actions[1].effort == "quick win"  # inherited marks


def test_update_keeps_hand_written_comments_and_layout(tmp_path, framework):
    path = tmp_path / "plan.toml"
    save_plan(full_plan(framework), framework, path)
    text = path.read_text()
    text = text.replace('partnership = "Moray CSP"', 'partnership = "Moray CSP"   # agreed name, do not change')
    text = text.replace('action = "Hold a facilitated trust workshop"', '# Sam suggested this at the March meeting\naction = "Hold a facilitated trust workshop"')
    text += "\n# end of plan: reviewed by the board\n"
    path.write_text(text)

    plan = load_plan(path)
    plan.actions[1].responsibility = "Sam Smith"
    plan.add_action(Action("focus-impact", "evidence", "Publish a quarterly evidence digest for all partners"))
    plan.set_target("focus-impact", "", 12, 3.8)
    plan.threshold = 3.0
    plan.tools["tool-3"]["area:Funding"] = "Co-existence"
    save_plan(plan, framework, path)

    updated = path.read_text()
    assert "# agreed name, do not change" in updated
    assert "# Sam suggested this at the March meeting\naction = \"Hold a facilitated trust workshop\"" in updated
    assert "# end of plan: reviewed by the board" in updated
    assert 'responsibility = "Sam Smith"' in updated
    assert load_plan(path) == plan

    # removing an action keeps the other rows' comments
    plan = load_plan(path)
    plan.actions = [a for a in plan.actions if a.id != "A1"]
    save_plan(plan, framework, path)
    assert "# Sam suggested this" in path.read_text()
    assert [a.id for a in load_plan(path).actions] == ["A2", "A3"]


def test_hand_written_action_without_id_gets_one(tmp_path, framework):
    path = tmp_path / "plan.toml"
    path.write_text(plan_to_toml(ActionPlan.new(framework)) + '\n[[actions]]\n# mine\nsection = "review-reflect-refine"\nitem = "learn"\naction = "Write up what we learned"\n')
    plan = load_plan(path)
    assert plan.actions[0].id == ""
    save_plan(plan, framework, path)
    text = path.read_text()
    assert text.count("[[actions]]") == 1 and "# mine" in text and 'id = "A1"' in text


@pytest.mark.parametrize(
    ("edit", "message", "line"),
    [
        (('item = "trust"\naction = "Hold', 'item = "nope"\naction = "Hold'), "unknown item 'nope' in section 'partnership-working'", True),
        (('section = "capturing-performance"', 'section = "capturing"'), "unknown section 'capturing'", True),
        (("months = 6", "months = 7"), "'months' must be 6 or 12", True),
        (('effort = "quick win"', 'effort = "soon"'), "'effort' must be", True),
        (("score = 3\n", "score = 9\n"), "agreed score must be a whole number 1-5", True),
        (('format = "accord-plan"', 'format = "other"'), "not an Accord plan", True),
        (("threshold = 3.5", "threshold = 3.5\ncolour = 1"), "unknown key 'colour'", True),
        (("threshold = 3.5", "threshold = [3"), "invalid TOML", True),
        # an action's fields: the one rule (engine.plan.check_action), T3
        (('score_at_target = "3-4"', 'score_at_target = "7"'), "Score at target must be a score 1-5 or a range such as 2-3, not '7'", True),
        (('date_of_completion = "3 months"', 'date_of_completion = "not a date"'), "Date of completion must be a date", True),
        (("score = 1.0", "score = 9.0"), "Score must be a number 1-5", True),
    ],
)
def test_bad_plan_files_name_file_and_line(tmp_path, framework, edit, message, line):
    path = tmp_path / "plan.toml"
    save_plan(full_plan(framework), framework, path)
    text = path.read_text()
    assert edit[0] in text
    path.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(PlanError) as info:
        load_plan(path)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{path}:")
    if line:
        assert info.value.line is not None


def test_target_values_item_wins_over_section(framework):
    plan = ActionPlan.new(framework)
    plan.set_target("partnership-working", "", 6, 3.5)
    plan.set_target("partnership-working", "trust", 6, 4.0)
    values = target_values(plan, framework, "partnership-working", 6)
    items = [i.id for i in framework.section("partnership-working").rated_items]
    assert len(values) == len(items)
    assert values[items.index("trust")] == 4.0
    assert values[0] == 3.5
    assert target_values(plan, framework, "partnership-working", 12) == [None] * len(items)


def test_set_mark_updates_actions_of_the_feature(framework):
    plan = ActionPlan.new(framework)
    plan.add_action(Action("partnership-working", "trust", "Hold a trust workshop for partners"))
    plan.set_mark("partnership-working", "trust", priority=False, effort="sustained")
    assert plan.actions[0].priority is False and plan.actions[0].effort == "sustained"
    with pytest.raises(ValueError):
        plan.set_mark("partnership-working", "trust", effort="someday")


def test_csv_uses_action_sheet_columns_and_neutralises_formulas(framework):
    plan = full_plan(framework)
    plan.actions[1].action = "=HYPERLINK(\"http://evil\",\"click\")"
    text = plan_csv(plan, framework)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:7] == ["Scorecard", "Feature", "Action", "Responsibility", "Score", "Date of completion", "Score at target"]
    # then the delivery plan's own headings, verbatim (seed 002: "Time / scales", "Lead/ Partners", ...)
    assert rows[0][7:16] == ["Strategic Objective", "Key Tasks", "Milestones", "Timescales", "Lead/ Partners", "Resources",
                             "KPI", "Target", "Strategic links & CSP Core Functions"]
    by_id = {r[rows[0].index("Id")]: r for r in rows[1:]}
    assert by_id["A2"][2].startswith("'=HYPERLINK")
    assert by_id["A1"][:7] == ["Capturing Performance", "Regular trend analysis", "Establish monthly tasking meetings including wider partners", "J.Bloggs", "1.0", "3 months", "3-4"]
    evidence = by_id["A1"][rows[0].index("Evidence")]
    assert "'=SUM(A1)" not in evidence.split("\n")[0]  # only a cell's start is dangerous
    assert 'We never see "trends"' in evidence
    assert not text.startswith("\ufeff")
    assert plan_csv(plan, framework, excel=True).startswith("\ufeff")


# --- CLI ---------------------------------------------------------------------------------------


@pytest.fixture
def round_folder(tmp_path, write_bundle):
    """Four members' bundles: Trust scored low, with notes."""
    folder = tmp_path / "round1"
    folder.mkdir()
    for n, score in enumerate([1, 2, 2, 3]):
        answers = {("partnership-working", "trust"): {"score": score, "note": f"note {n}"}, ("partnership-working", "induction"): {"score": 4}}
        write_bundle(FW, answers=answers, path=folder / f"m{n}.toml", respondent=f"Member {n}", email=f"m{n}@example.org")
    return folder


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_init_add_list_csv_agree_target(tmp_path, round_folder, capsys):
    plan_path = tmp_path / "plan.toml"
    code, out, err = run(capsys, "plan", "init", round_folder, "--out", plan_path)
    assert code == 0 and f"wrote {plan_path}" in err
    text = plan_path.read_text()
    assert 'results = "round1"' in text and "partnership-working trust: 2.0  (" in text
    assert stat.S_IMODE(plan_path.stat().st_mode) == 0o600

    code, out, err = run(capsys, "plan", "add", plan_path, "partnership-working", "trust", "--action", "Hold a facilitated trust workshop",
                         "--responsibility", "J. Bloggs", "--by", "2027-03-31", "--evidence", "--task", "Book a venue", "--task", "Invite partners")
    assert code == 0, err
    assert "added A1" in out and "SMART — Measured: no KPI or target score" in out and "Resources: none named" in out
    plan = load_plan(plan_path)
    action = plan.actions[0]
    assert action.score == 2.0 and action.key_tasks == ("Book a venue", "Invite partners")
    assert sorted(action.evidence) == ["note 0", "note 1", "note 2", "note 3"]

    assert run(capsys, "plan", "agree", plan_path, "partnership-working", "trust", "3", "--reason", "After discussion")[0] == 0
    assert run(capsys, "plan", "target", plan_path, "partnership-working", "--months", "6", "--score", "3.5")[0] == 0
    assert run(capsys, "plan", "target", plan_path, "partnership-working", "trust", "--months", "12", "--score", "4")[0] == 0
    plan = load_plan(plan_path)
    assert plan.agreed[0].score == 3 and plan.agreed[0].reason == "After discussion"
    assert {(t.item_id, t.months, t.score) for t in plan.targets} == {("", 6, 3.5), ("trust", 12, 4.0)}
    assert "# When this plan was made, features with a mean below 3.0" in plan_path.read_text()  # the template's comments survive

    code, out, err = run(capsys, "plan", "list", plan_path)
    assert code == 0
    assert "A1  Partnership Working › Trust" in out and "Score now: 2.00" in out
    assert "Agreed scores:" in out and "3 (mean 2.00)" in out and "After discussion" in out
    assert "6 months  3.5  Partnership Working (average)" in out

    code, out, err = run(capsys, "plan", "csv", plan_path)
    assert code == 0 and out.startswith("Scorecard,Feature,Action")
    csv_path = tmp_path / "plan.csv"
    code, out, err = run(capsys, "plan", "csv", plan_path, "--out", csv_path, "--excel")
    assert code == 0 and csv_path.read_text(encoding="utf-8").startswith("\ufeffScorecard")
    assert stat.S_IMODE(csv_path.stat().st_mode) == 0o600

    code, out, err = run(capsys, "plan", "list", plan_path, "--json")
    assert code == 0 and '"smart"' in out


def test_cli_init_never_overwrites(tmp_path, round_folder, capsys):
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text("mine\n")
    code, out, err = run(capsys, "plan", "init", round_folder, "--out", plan_path)
    assert code == 2 and err.count("\n") == 1 and str(plan_path) in err
    assert plan_path.read_text() == "mine\n"


def test_cli_init_default_path_is_beside_the_results(tmp_path, round_folder, capsys):
    assert run(capsys, "plan", "init", round_folder)[0] == 0
    assert (tmp_path / "round1-plan.toml").is_file()


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "add", "{plan}", "nope", "trust", "--action", "Do the thing properly now"],
        ["plan", "add", "{plan}", "partnership-working", "nope", "--action", "Do the thing properly now"],
        ["plan", "add", "{plan}", "partnership-working", "trust", "--action", "   "],
        ["plan", "agree", "{plan}", "partnership-working", "trust", "7"],
        ["plan", "agree", "{plan}", "partnership-working", "trust", "three"],
        ["plan", "target", "{plan}", "partnership-working", "--months", "6", "--score", "9"],
        ["plan", "target", "{plan}", "partnership-working", "--months", "6"],
        ["plan", "target", "{plan}", "nope", "--months", "12", "--score", "3"],
        ["plan", "target", "{plan}", "partnership-working", "--months", "12", "--remove"],
    ],
)
def test_cli_bad_input_exits_2_names_the_file_and_writes_nothing(tmp_path, framework, capsys, argv):
    plan_path = tmp_path / "plan.toml"
    save_plan(full_plan(framework), framework, plan_path)
    before = plan_path.read_bytes()
    code, out, err = run(capsys, *[a.format(plan=plan_path) for a in argv])
    assert code == 2
    assert err.count("\n") == 1 and str(plan_path) in err
    assert plan_path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


def test_cli_broken_plan_file_is_one_line(tmp_path, capsys):
    plan_path = tmp_path / "plan.toml"
    plan_path.write_text('format = "accord-plan"\nformat_version = 1\nframework = "scsn-csp"\nframework_version = "2012.1"\n\n[[actions]]\nsection = "x"\nitem = "y"\naction = "z"\n')
    for argv in (["plan", "list", plan_path], ["plan", "csv", plan_path, "--out", tmp_path / "x.csv"]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and err == f"accord: {plan_path}:7: unknown section 'x' in framework scsn-csp\n"
    assert not (tmp_path / "x.csv").exists()


def test_cli_missing_plan_file(tmp_path, capsys):
    code, out, err = run(capsys, "plan", "list", tmp_path / "none.toml")
    assert code == 2 and "none.toml: no such file" in err


def test_plan_file_has_no_world_access_even_after_update(tmp_path, framework):
    path = tmp_path / "plan.toml"
    save_plan(full_plan(framework), framework, path)
    os.chmod(path, 0o644)
    plan = load_plan(path)
    save_plan(plan, framework, path)
    assert stat.S_IMODE(Path(path).stat().st_mode) == 0o640  # its own permissions, less world access


def test_plan_update_keeps_the_files_permissions_and_refuses_a_read_only_plan(tmp_path, framework, capsys):
    """T5: a write-protected (444) plan is not replaced; a 0660 plan stays 0660."""
    path = tmp_path / "plan.toml"
    save_plan(full_plan(framework), framework, path)
    os.chmod(path, 0o660)
    save_plan(load_plan(path), framework, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o660
    os.chmod(path, 0o444)
    before = path.read_bytes()
    code, out, err = run(capsys, "plan", "agree", path, "partnership-working", "trust", "4")
    assert code == 2 and err.count("\n") == 1 and "read-only" in err and str(path) in err
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.toml"]


# --- any text survives both the template and the tomlkit update path --------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_TEXT, second=_TEXT, evidence=st.lists(_TEXT, max_size=3))
def test_any_text_round_trips(tmp_path_factory, first, second, evidence):
    framework = get_framework(FW)
    path = tmp_path_factory.mktemp("p") / "plan.toml"
    plan = ActionPlan.new(framework, partnership=first)
    plan.add_action(Action("partnership-working", "trust", first.strip() or "x", responsibility=second, evidence=tuple(evidence)))
    save_plan(plan, framework, path)
    assert load_plan(path) == plan
    plan.actions[0].responsibility = first
    plan.actions[0].kpi = second
    plan.partnership = second
    plan.set_agreed("partnership-working", "trust", 2, first)
    save_plan(plan, framework, path)  # the tomlkit update path
    assert load_plan(path) == plan


# --- an action's scores and date: one rule (engine.plan.check_action), issue 13 §3, T3/T4 --------


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"score_at_target": "7"}, "score_at_target", "Score at target must be a score 1-5"),
        ({"score_at_target": "4-3"}, "score_at_target", "Score at target must be"),
        ({"score_at_target": "high"}, "score_at_target", "Score at target must be"),
        ({"score": 9.0}, "score", "Score must be a number 1-5"),
        ({"date_of_completion": "not a date"}, "date_of_completion", "Date of completion must be a date"),
        ({"date_of_completion": "2027-02-31"}, "date_of_completion", "Date of completion must be a date"),
    ],
)
def test_action_fields_are_checked_by_the_plan(framework, fields, field, words):
    from accord_partnership.engine.plan import ActionFieldError

    plan = ActionPlan.new(framework)
    with pytest.raises(ActionFieldError) as info:
        plan.add_action(Action("partnership-working", "trust", "Hold a workshop", **fields))
    assert info.value.field == field and words in str(info.value)
    assert plan.actions == []


@pytest.mark.parametrize(
    "fields",
    [{"score_at_target": "3-4", "date_of_completion": "3 months"}, {"score_at_target": "4", "date_of_completion": "2027-03-31"},
     {"score_at_target": "3.5", "date_of_completion": "31/03/2027"}, {"date_of_completion": "March 2027", "score": 1.25},
     {"date_of_completion": "Q3 2027", "score_at_target": "3 - 4"}, {"date_of_completion": "6 weeks"}],
)
def test_good_action_fields_are_taken(framework, fields):
    plan = ActionPlan.new(framework)
    action = plan.add_action(Action("partnership-working", "trust", "Hold a workshop", **fields))
    assert plan.actions == [action] and action.id == "A1"


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [("--score", "9", "Score must be a number 1-5"), ("--score-at-target", "9", "Score at target must be"),
     ("--by", "not a date", "Date of completion must be a date")],
)
def test_cli_plan_add_refuses_bad_action_fields(tmp_path, framework, capsys, option, value, words):
    plan_path = tmp_path / "plan.toml"
    save_plan(full_plan(framework), framework, plan_path)
    before = plan_path.read_bytes()
    code, out, err = run(capsys, "plan", "add", plan_path, "partnership-working", "trust", "--action", "Hold a workshop", option, value)
    assert code == 2 and err.count("\n") == 1 and words in err and str(plan_path) in err
    assert plan_path.read_bytes() == before


def test_a_target_reads_the_same_on_the_plan_screen_and_in_plan_list(tmp_path, framework, capsys):
    """T13: one formatting rule for targets (engine.numbers.fmt_target): 4.25 is 4.25 everywhere."""
    from accord_partnership.engine.numbers import fmt_target

    assert [fmt_target(v) for v in (4.25, 4.0, 3.5, None)] == ["4.25", "4.0", "3.5", "–"]
    plan = full_plan(framework)
    plan.set_target("partnership-working", "", 12, 4.25)
    path = tmp_path / "plan.toml"
    save_plan(plan, framework, path)
    code, out, err = run(capsys, "plan", "list", path)
    assert code == 0 and "12 months  4.25  Partnership Working (average)" in out
