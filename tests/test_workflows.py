"""The application layer without any UI: rounds, comparisons, plans and their errors' fields.

Each workflow the CLI and the screens share (tui.workflows, engine.rounds) is run here on real
files, and every error is checked by its fields, never by its text.
"""

from __future__ import annotations

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import AccordError, FrameworkMismatch, check_same_framework
from accord_partnership.engine.merge import MergeOptions, NoValidBundles, merge_paths
from accord_partnership.engine.plan import ActionPlan, PlanError, ScoreError, agreed_score, load_plan, target_score
from accord_partnership.engine.rounds import Round, SurveySource, compare_rounds, load_round
from accord_partnership.exports.merged_file import save_merged
from accord_partnership.exports.plan_toml import save_plan
from accord_partnership.tui.workflows import plans as plan_flow
from accord_partnership.tui.workflows.rounds import compare_files, read_folder, report_model

FW = "scsn-csp"
TRUST = ("partnership-working", "trust")
INDUCTION = ("partnership-working", "induction")


def write_round(write_bundle, folder, scores):
    folder.mkdir()
    for n, (trust, induction) in enumerate(scores):
        write_bundle(FW, answers={TRUST: {"score": trust}, INDUCTION: {"score": induction}}, path=folder / f"b{n}.toml",
                     respondent=f"P{n}", email=f"p{n}@example.org")
    return folder


@pytest.fixture
def rounds(tmp_path, write_bundle):
    base = write_round(write_bundle, tmp_path / "base", [(1, 2), (2, 2), (2, 3), (1, 4)])
    follow = write_round(write_bundle, tmp_path / "follow", [(3, 2), (4, 2), (3, 3), (5, 4)])
    return base, follow


@pytest.fixture
def mini_bundle(tmp_path, write_bundle, user_framework):
    user_framework("mini")
    other = tmp_path / "other"
    other.mkdir()
    write_bundle("mini", answers={("alpha", "one"): {"score": 3}}, path=other / "x.toml", respondent="X")
    return other


# --- load a round ---------------------------------------------------------------------------


def test_load_round_folder_merged_file_and_bundle_agree(rounds, tmp_path):
    folder = load_round(rounds[0])
    assert isinstance(folder, Round) and folder.report is not None
    assert folder.key == (FW, get_framework(FW).version)
    assert folder.results.respondents == 4 and len(folder.report.files) == 4
    merged = tmp_path / "base.toml"
    save_merged(folder.results, folder.framework, merged)
    from_file = load_round(merged)
    assert from_file.report is None and from_file.results.respondents == 4
    assert from_file.results.items[TRUST].total.counts == folder.results.items[TRUST].total.counts
    one = load_round(rounds[0] / "b0.toml")
    assert one.results.respondents == 1 and one.results.single


def test_load_round_sees_each_merge_and_keeps_its_report(rounds):
    seen = []
    found = load_round(rounds[1], on_merge=seen.append)
    assert seen == [found.report] and found.report.results is found.results


def test_load_round_reads_a_survey_export(tmp_path):
    fw = get_framework(FW)
    trust, induction = fw.section(TRUST[0]).item(TRUST[1]).title, fw.section(INDUCTION[0]).item(INDUCTION[1]).title
    lines = [f"Name,Email,{trust},{induction}"] + [f"P{n},p{n}@example.org,{a},{b}" for n, (a, b) in enumerate([(1, 2), (3, 4), (5, 4)])]
    export = tmp_path / "survey.csv"
    export.write_text("\n".join(lines) + "\n")
    found = load_round(export, survey=SurveySource(FW))
    assert found.report is not None and found.results.respondents == 3
    assert found.results.items[TRUST].total.n == 3 and found.results.items[INDUCTION].total.n == 3
    with pytest.raises(AccordError):  # without saying which framework it answers, a survey is not a round
        load_round(export)


def test_load_round_with_another_framework_chosen(rounds):
    with pytest.raises(NoValidBundles) as info:
        load_round(rounds[0], framework="sport-england-csp")
    # every file was left out: the fields say which, and the first
    assert len(info.value.skipped) == 4 and info.value.first == info.value.skipped[0]


def test_no_valid_bundles_names_the_first_bad_file_in_its_fields(tmp_path, write_bundle):
    folder = tmp_path / "drop"
    folder.mkdir()
    (folder / "a.toml").write_text("not toml [\n")
    (folder / "b.toml").write_text('format = "accord-bundle"\n')
    with pytest.raises(NoValidBundles) as info:
        merge_paths([folder], MergeOptions(skip_bad=True))
    error = info.value
    assert [s.path for s in error.skipped] == [str(folder / "a.toml"), str(folder / "b.toml")]
    assert error.first is not None and error.first.path == str(folder / "a.toml")
    assert error.first.reason.startswith(f"{folder / 'a.toml'}:")
    with pytest.raises(NoValidBundles) as none:
        merge_paths([tmp_path / "drop"], MergeOptions(skip_bad=True, framework="mini"))
    assert none.value.first is not None


# --- the same-framework rule ----------------------------------------------------------------


def test_same_framework_rule_fields():
    check_same_framework(("a", "1"), ("a", "1"), what="x", against="y")
    with pytest.raises(FrameworkMismatch) as info:
        check_same_framework(("a", "2"), ("a", "1"), what="the follow-up", against="the baseline", path="f.toml")
    error = info.value
    assert (error.found, error.expected, error.what, error.against, error.path) == (("a", "2"), ("a", "1"), "the follow-up", "the baseline", "f.toml")
    assert error.same_id and isinstance(error, AccordError)
    with pytest.raises(FrameworkMismatch) as other:
        check_same_framework(("b", "1"), ("a", "1"), what="x", against="y")
    assert not other.value.same_id


def test_compare_rounds_of_two_frameworks_names_the_added_round(rounds, mini_bundle):
    base, other = load_round(rounds[0]), load_round(mini_bundle)
    with pytest.raises(FrameworkMismatch) as info:
        compare_rounds(base, other)
    assert info.value.found[0] == "mini" and info.value.expected[0] == FW and info.value.path == str(mini_bundle)
    with pytest.raises(FrameworkMismatch) as info:
        compare_rounds(other, base, added="base")
    assert info.value.found[0] == "mini" and info.value.path == str(mini_bundle)


def test_compare_files_with_a_plan_file(rounds, tmp_path):
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_target(*TRUST, 6, 3.5)
    path = tmp_path / "plan.toml"
    save_plan(plan, fw, path)
    comparison = compare_files(rounds[0], rounds[1], paired=True, min_group=2, plan_path=path)
    assert comparison.item(*TRUST).base_mean == 1.5 and comparison.item(*TRUST).follow_mean == 3.75
    assert [(t.item_id, t.months, t.met) for t in comparison.targets] == [("trust", 6, True)]
    assert comparison.paired is not None and comparison.pair_info is not None and comparison.pair_info.pairs == 4
    with pytest.raises(AccordError):  # the small-group threshold is never below 2 (engine.privacy)
        compare_files(rounds[0], rounds[1], min_group=1)


def test_plan_of_another_framework_is_refused_by_fields(rounds, tmp_path):
    other = get_framework("sport-england-csp")
    path = tmp_path / "plan.toml"
    save_plan(ActionPlan.new(other), other, path)
    with pytest.raises(FrameworkMismatch) as info:
        compare_files(rounds[0], rounds[1], plan_path=path)
    assert info.value.what == "the plan" and info.value.found[0] == "sport-england-csp"
    with pytest.raises(FrameworkMismatch) as info:
        report_model(rounds[1], plan=load_plan(path))
    assert info.value.expected[0] == FW


def test_report_model_with_a_baseline(rounds):
    model = report_model(rounds[1], baseline=rounds[0], min_group=2)
    assert model.comparison is not None and model.comparison.all.counts.startswith("4 respondents in the baseline")
    assert model.comparison.paired is None and not model.comparison.paired_asked
    with pytest.raises(AccordError):
        report_model(rounds[1], paired=True)


# --- plans ----------------------------------------------------------------------------------


def test_agreed_and_target_rules_are_one_rule_with_fields():
    scale = get_framework(FW).section(TRUST[0]).scale
    assert agreed_score(scale, "4") == 4 and agreed_score(scale, 2) == 2 and agreed_score(scale, " N/A ") is None
    assert target_score(scale, "3.5") == 3.5 and target_score(scale, 5) == 5.0
    for bad in ("9", 0, "3.5", True, "four", 3.0):
        with pytest.raises(ScoreError) as info:
            agreed_score(scale, bad)
        assert (info.value.kind, info.value.value, info.value.low, info.value.high) == ("agreed", bad, scale.min, scale.max)
    for bad in ("6", float("nan"), "inf", -1, True):
        with pytest.raises(ScoreError) as info:
            target_score(scale, bad, section_id=TRUST[0])
        assert info.value.kind == "target" and info.value.section_id == TRUST[0]
    assert isinstance(ScoreError("agreed", 9, 1, 5), PlanError)


def test_plan_model_itself_validates_its_edits():
    plan = ActionPlan.new(get_framework(FW))
    with pytest.raises(ScoreError):
        plan.set_agreed(*TRUST, 7)
    with pytest.raises(ScoreError):
        plan.set_target(*TRUST, 6, 9.5)
    with pytest.raises(PlanError):
        plan.set_target(*TRUST, 3, 3.0)  # 6 or 12 months
    with pytest.raises(PlanError):
        plan.set_agreed("partnership-working", "no-such-item", 3)
    assert plan.agreed == [] and plan.targets == []  # nothing changed by a refused edit
    assert plan.set_agreed(*TRUST, "n/a").score is None
    assert plan.set_target("partnership-working", "", 12, "3.5").score == 3.5
    with pytest.raises(PlanError):  # a plan without its framework cannot check a score
        ActionPlan(FW, "x").set_agreed(*TRUST, 3)


def test_plan_file_with_a_bad_score_gives_the_rule_fields_and_the_line(tmp_path):
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_agreed(*TRUST, 3)
    path = tmp_path / "plan.toml"
    save_plan(plan, fw, path)
    path.write_text(path.read_text().replace("score = 3\n", "score = 9\n"))
    with pytest.raises(ScoreError) as info:
        load_plan(path)
    assert (info.value.kind, info.value.value, info.value.item_id) == ("agreed", 9, "trust")
    assert info.value.path == str(path) and info.value.line is not None


def test_open_create_edit_and_save_a_plan(rounds, tmp_path):
    found = load_round(rounds[0], with_notes=True)
    created = plan_flow.create_plan(rounds[0], found, out=tmp_path / "p.toml", threshold=2.5, min_group=2)
    assert created.created and created.path.is_file() and created.plan.threshold == 2.5
    with pytest.raises(PlanError):  # never over an existing file
        plan_flow.create_plan(rounds[0], found, out=tmp_path / "p.toml")
    opened = plan_flow.open_plan(created.path)
    assert plan_flow.agree(opened, *TRUST, "2", "after the discussion") == 2
    plan_flow.set_targets(opened, TRUST[0], [(TRUST[1], 6, "3.5"), ("", 12, 3.0)])
    with pytest.raises(ScoreError) as info:  # all or none: the good one is not set either
        plan_flow.set_targets(opened, TRUST[0], [(INDUCTION[1], 6, 3.0), (TRUST[1], 12, "7")])
    assert info.value.path == str(created.path) and info.value.value == "7"
    added = plan_flow.add_action(opened, plan_flow.ActionDraft(*TRUST, "Hold a trust workshop", fields={"kpi": "attendance"}))
    assert added.action.id == "A1" and added.action.score == 1.5 and added.notes == []
    saved = load_plan(created.path)
    assert saved.agreed_for(*TRUST).score == 2 and saved.agreed_for(*TRUST).reason == "after the discussion"
    assert {(t.item_id, t.months, t.score) for t in saved.targets} == {("trust", 6, 3.5), ("", 12, 3.0)}
    assert saved.actions[0].kpi == "attendance" and saved.actions[0].score == 1.5


def test_open_or_create_plan_beside_a_folder(rounds, tmp_path):
    found = load_round(rounds[0])
    first = plan_flow.open_or_create_plan(rounds[0], found)
    assert first.created and first.path == tmp_path / "base-plan.toml"
    again = plan_flow.open_or_create_plan(rounds[0], found)
    assert not again.created and again.plan == first.plan
    other = load_round(rounds[1])
    other_fw = get_framework("sport-england-csp")
    save_plan(ActionPlan.new(other_fw), other_fw, tmp_path / "follow-plan.toml")
    with pytest.raises(FrameworkMismatch) as info:
        plan_flow.open_or_create_plan(rounds[1], other)
    assert info.value.path == str(tmp_path / "follow-plan.toml")


def test_plan_results_of_another_framework_are_none_or_refused(rounds, tmp_path, mini_bundle):
    found = load_round(rounds[0])
    opened = plan_flow.create_plan(rounds[0], found, out=tmp_path / "p.toml")
    assert plan_flow.plan_results(opened).found is not None
    assert plan_flow.plan_results(opened, override=mini_bundle).found is None  # never a wrong figure
    with pytest.raises(FrameworkMismatch):
        plan_flow.plan_results(opened, override=mini_bundle, strict_framework=True)
    missing = plan_flow.plan_results(opened, override=tmp_path / "nope")
    assert missing.found is None and "no such file" in missing.why_not


def test_read_folder_for_the_coordinator(rounds):
    said = []
    view = read_folder(rounds[0], min_group=2, release=lambda report: said.append(report) or "")
    assert said == [view.report] and view.completion.respondents == 4
    assert view.analysis.stats.item(*TRUST).mean == 1.5


# --- the overall radar of two rounds: the report's rule for mixed scales ----------------------------


def test_compare_radar_rescales_mixed_scales_as_the_report_does(tmp_path, write_bundle, user_framework):
    from accord_partnership.engine.analysis import overall_pattern
    from accord_partnership.engine.compare import overall_patterns
    from accord_partnership.exports.plan_file import comparison_text

    path = user_framework("mini")
    text = path.read_text()
    text = text.replace("[[sections]]\nid = \"alpha\"", "[[scales]]\nid = \"ten\"\nmin = 1\nmax = 10\n"
                        "labels = [\"1\", \"2\", \"3\", \"4\", \"5\", \"6\", \"7\", \"8\", \"9\", \"10\"]\n\n"
                        "[[sections]]\nid = \"alpha\"", 1)
    text = text.replace("[[tools]]", "[[sections]]\nid = \"gamma\"\ntitle = \"Gamma\"\nkind = \"scorecard\"\nscale = \"ten\"\n\n"
                        "[[sections.items]]\nid = \"g\"\ntitle = \"G\"\nkind = \"question\"\ntext = \"How well?\"\n\n[[tools]]", 1)
    path.write_text(text)
    folders = []
    for name, score in (("base", 2), ("follow", 4)):
        folder = tmp_path / name
        folder.mkdir()
        for n in range(3):
            write_bundle("mini", answers={("alpha", "one"): {"score": score}, ("beta", "q"): {"score": score},
                                          ("gamma", "g"): {"score": 2 * score}}, path=folder / f"m{n}.toml", respondent=f"M{n}")
        folders.append(folder)
    comparison = compare_files(*folders)
    follow, base = overall_patterns(comparison)
    assert (follow.scale_min, follow.scale_max, follow.rescaled) == (1, 5, True)
    # the same values as the report's overall pattern of the follow-up round alone
    alone = overall_pattern(comparison.framework, [("alpha", 4.0), ("beta", 4.0), ("gamma", 8.0)])
    assert follow.values == alone.values and follow.values[2] == pytest.approx(1 + 7 * 4 / 9)
    assert base.values[:2] == (2.0, 2.0)
    shown = comparison_text(comparison, ascii=True, width=80)
    assert "rescaled to 1-5 for this chart" in shown


def test_one_default_small_group_threshold_for_every_view():
    from accord_partnership.engine.privacy import min_group_for, split_min_group

    assert min_group_for(None) == 3 and min_group_for(None, 2) == 3 and min_group_for(None, 4, 2) == 4
    assert min_group_for(2, 5) == 2  # asked for: as asked, never below 2
    with pytest.raises(AccordError):
        min_group_for(1)
    assert split_min_group(3, 5) == 5 and split_min_group(4, 3) == 4


# --- the command line prints the structured errors on one line, exit 2 ----------------------------


def test_cli_plan_edits_refused_by_the_engine_rule(rounds, tmp_path, capsys):
    from accord_partnership.tui.cli import main

    plan = tmp_path / "p.toml"
    assert main(["plan", "init", str(rounds[0]), "--out", str(plan)]) == 0
    before = plan.read_text()
    for argv in (["plan", "agree", str(plan), *TRUST, "7"], ["plan", "agree", str(plan), *TRUST, "3.5"],
                 ["plan", "target", str(plan), TRUST[0], "--months", "6", "--score", "9"]):
        capsys.readouterr()
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith(f"accord: {plan}: ")
    assert plan.read_text() == before  # nothing saved on a refused edit
    assert main(["plan", "agree", str(plan), *TRUST, "4", "--reason", "agreed"]) == 0
    assert load_plan(plan).agreed_for(*TRUST).score == 4


def test_a_folder_of_two_frameworks_names_them_in_fields(rounds, write_bundle, user_framework):
    from accord_partnership.engine.merge import MixedFrameworks

    user_framework("mini")
    write_bundle("mini", answers={("alpha", "one"): {"score": 3}}, path=rounds[0] / "stray.toml", respondent="X")
    with pytest.raises(MixedFrameworks) as info:
        load_round(rounds[0])
    assert info.value.found == ((FW, 4), ("mini", 1))
    assert load_round(rounds[0], framework="mini", skip_bad=True).results.respondents == 1
