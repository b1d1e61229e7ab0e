"""engine.analysis: the framework's rules, weakest/strongest, disagreement, tools, questions, role splits."""

from __future__ import annotations

from collections import Counter

import pytest

from accord_partnership.engine.analysis import Finding, Gap, agreement_sentence, analyse, gap_sentence, role_splits
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.results import MergedResults, Tally
from accord_partnership.engine.stats import compute_stats


def results_from(framework, respondents: int, scores: dict, *, roles=None, by_role=None, include_private=False) -> MergedResults:
    """Results from lists of scores per item ('na' for N/A; 'yes'/'no' for yes/no items)."""
    results = MergedResults(framework.id, framework.version, respondents=respondents, roles=dict(roles or {}), include_private=include_private)
    results.ensure_items(framework)
    for key, values in scores.items():
        results.item(*key).total = _tally(values)
    for role, per_item in (by_role or {}).items():
        for key, values in per_item.items():
            results.item(*key).by_role[role] = _tally(values)
    return results


def _tally(values) -> Tally:
    counted = Counter(values)
    return Tally(
        counts={v: c for v, c in counted.items() if isinstance(v, int)},
        n_na=counted.get("na", 0),
        yes=counted.get("yes", 0),
        no=counted.get("no", 0),
    )


@pytest.fixture
def mini(user_framework):
    user_framework("mini")
    return get_framework("mini")


@pytest.fixture(scope="module")
def scsn():
    return get_framework("scsn-csp")


def test_mini_low_item_uses_the_rule_message_and_factual_detail(mini):
    results = results_from(mini, 5, {("alpha", "one"): [1, 2, 2, 4, 3], ("alpha", "two"): [4, 5, 4, 4, 5], ("beta", "q"): [3, 3, 4, 3, 3]})
    analysis = analyse(mini, results)
    assert [i.item_id for i in analysis.weakest] == ["one"]
    low = [f for f in analysis.findings if f.kind == "low"]
    assert low == [Finding("low", "alpha", "one", "Low.", "One: mean 2.40 (n=5); less than half rated it 4 or 5", "low", ())]
    assert [i.item_id for i in analysis.strongest] == ["two", "q", "one"]
    strong = [f for f in analysis.findings if f.kind == "strong"]
    assert [(f.section_id, f.item_id) for f in strong] == [("alpha", "two"), ("beta", "q")]  # not the low one
    assert analysis.lowest_section.section_id == "beta" or analysis.lowest_section.section_id == "alpha"
    assert analysis.lowest_section.mean == min(s.mean for s in analysis.stats.sections)
    # the weak section's linked tools are offered
    assert [t.id for t in analysis.tools] == ["tool-1"]
    assert analysis.questions is None  # mini has no questions-to-ask guidance
    assert analysis.for_section("beta") == [f for f in analysis.findings if f.section_id == "beta"]


def test_threshold_is_a_parameter(mini):
    results = results_from(mini, 4, {("alpha", "one"): [3, 3, 4, 4]})
    assert analyse(mini, results).weakest == []
    assert [i.item_id for i in analyse(mini, results, threshold=4.0).weakest] == ["one"]


def test_scsn_rules_fire_with_verbatim_messages_and_tools(scsn):
    pw = [i.id for i in scsn.section("partnership-working").items]
    fi = [i.id for i in scsn.section("focus-impact").items]
    pd = [i.id for i in scsn.section("planning-delivery").items]
    scores = {}
    for item in fi:
        scores[("focus-impact", item)] = [4, 4, 5, 4, 5, 4]  # mean 4.33: "very solid"
    for n, item in enumerate(pw):
        scores[("partnership-working", item)] = [2, 3, 2, 3, 2, 3] if n < 6 else [3, 3, 3, 3, 3, 4]
    scores[("partnership-working", "trust")] = [1, 1, 5, 5, 1, 5]  # two camps, range 4
    scores[("planning-delivery", pd[0])] = [2, 2, 2, 2, 2, 2]
    scores[("planning-delivery", pd[1])] = [4, 4, 4, 4, 4, 4]  # item means spread 2.0
    results = results_from(scsn, 6, scores)
    analysis = analyse(scsn, results)
    fired = {(f.rule_id, f.section_id, f.item_id) for f in analysis.findings if f.rule_id}
    rules = {r.id: r for r in scsn.rules}

    assert ("focus-impact-solid", "focus-impact", "") in fired
    assert ("focus-impact-spectrum", "focus-impact", "") in fired  # "always"
    assert ("focus-impact-tool-1", "focus-impact", "") not in fired  # no low scores there
    assert ("partnership-weak-link", "partnership-working", "") in fired
    assert ("partnership-vision", "partnership-working", "") in fired
    assert ("partnership-lifecycle", "partnership-working", "") in fired  # section mean < 3
    assert ("planning-uneven", "planning-delivery", "") in fired
    assert ("planning-projects", "planning-delivery", "") in fired
    assert ("wide-range", "partnership-working", "trust") in fired
    assert ("low-feature", "partnership-working", "trust") not in fired  # 18 / 6 = 3.0 is not below 3.0
    assert ("low-feature", "partnership-working", pw[0]) in fired  # 15 / 6 = 2.5
    lowest = [f for f in analysis.findings if f.kind == "lowest-section"]
    assert len(lowest) == 1 and lowest[0].rule_id == "lowest-scorecard"
    assert lowest[0].message == rules["lowest-scorecard"].message
    for finding in analysis.findings:
        if finding.rule_id:
            assert finding.message == rules[finding.rule_id].message  # verbatim
            assert finding.tools == rules[finding.rule_id].tools
    polarised = [f for f in analysis.findings if f.kind == "polarised"]
    assert [(f.section_id, f.item_id) for f in polarised] == [("partnership-working", "trust")]
    # tools of fired rules, in the toolkit's order, no duplicates
    # focus-impact is strong, so only its "always" Tool 3; the weak sections add their own tools
    assert [t.id for t in analysis.tools] == ["tool-3", "tool-4", "tool-5", "tool-6", "tool-7"]
    assert len({t.id for t in analysis.tools}) == len(analysis.tools)
    assert analysis.questions is not None and analysis.questions.id == "questions-to-ask"
    assert "strongest scores" in analysis.questions.items[1]
    # disagreement first: trust has the largest spread
    assert analysis.disagreements[0].item_id == "trust"
    assert analysis.disagreements[0].sd == pytest.approx(2.1909, abs=1e-4)


def test_low_feature_and_trust_detail(scsn):
    results = results_from(scsn, 7, {("partnership-working", "trust"): [1, 2, 2, 3, 2, 4, 3]})
    analysis = analyse(scsn, results)
    trust = [f for f in analysis.findings if f.item_id == "trust" and f.kind == "low"]
    assert trust[0].detail == "Trust: mean 2.43 (n=7); a few rated it 4 or 5"
    assert trust[0].rule_id == "low-feature"


def test_findings_are_in_section_then_item_order(scsn):
    scores = {(s.id, i.id): [1, 2, 5, 1, 5] for s in scsn.sections if not s.private for i in s.items}
    analysis = analyse(scsn, results_from(scsn, 5, scores))
    order = {s.id: n for n, s in enumerate(scsn.sections)}
    positions = [(order[f.section_id], [i.id for i in scsn.section(f.section_id).items].index(f.item_id) if f.item_id else -1) for f in analysis.findings]
    assert positions == sorted(positions)
    assert not any(f.section_id == "leadership" for f in analysis.findings)  # private, not merged


def test_withheld_spread_never_fires_a_rule(scsn):
    results = results_from(scsn, 9, {("partnership-working", "trust"): [1, 5]})  # only two answered
    analysis = analyse(scsn, results)
    assert not [f for f in analysis.findings if f.item_id == "trust" and f.kind in ("disagreement", "polarised")]
    assert not [i for i in analysis.disagreements if i.item_id == "trust"]
    # no figure at all from two answers, and the reason is given
    trust = analysis.stats.item("partnership-working", "trust")
    assert trust.mean is None and trust.withheld == "fewer than 3 answers"
    assert not [i for i in analysis.weakest + analysis.strongest if i.item_id == "trust"]


def test_yes_no_answered_no_uses_the_rule(user_framework):
    audit = get_framework("audit-commission-lsp")
    results = results_from(audit, 4, {("common-frameworks", "cf-2"): ["yes", "no", "no", "yes"]})
    findings = [f for f in analyse(audit, results).findings if f.kind == "answered-no"]
    assert findings == [
        Finding(
            "answered-no",
            "common-frameworks",
            "cf-2",
            "If the answer is 'no' you should investigate the reasons.",
            f"{audit.section('common-frameworks').item('cf-2').title}: 2 yes, 2 no; the majority answered no",
            "answered-no",
        )
    ]


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        ([4, 5, 4, 5, 4, 5, 4, 5, 4, 5], "all members rated Trust 4 or 5"),
        ([4, 5, 4, 5, 4, 5, 4, 5, 3, 5], "most members rated Trust 4 or 5"),
        ([4, 5, 4, 5, 4, 1, 1, 1, 1, 1], "the majority of members rated Trust 4 or 5"),
        ([4, 1, 2, 3, 3, 1, 1, 1, 1, 1], "a few members rated Trust 4 or 5"),
        ([4, 5, 4, 1, 2, 1, 1, 1, 1, 1], "less than half of the members rated Trust 4 or 5"),
        ([1, 1, 1], "no members rated Trust 4 or 5"),
    ],
)
def test_agreement_sentence_in_education_scotland_words(scsn, values, sentence):
    results = results_from(scsn, len(values), {("partnership-working", "trust"): values})
    item = compute_stats(scsn, results).item("partnership-working", "trust")
    assert agreement_sentence(item, scsn.section("partnership-working").scale) == sentence


def test_agreement_sentence_withheld_for_small_groups(scsn):
    results = results_from(scsn, 5, {("partnership-working", "trust"): [5, 5]})
    item = compute_stats(scsn, results).item("partnership-working", "trust")
    assert agreement_sentence(item, scsn.section("partnership-working").scale) == ""


def test_role_splits_follow_the_small_group_rule(scsn):
    key = ("partnership-working", "trust")
    other = ("partnership-working", "induction")
    results = results_from(
        scsn,
        11,
        {key: [2, 2, 2, 2, 5, 5, 5, 4, 3, 3, 3], other: [3] * 11},
        roles={"police": 4, "council": 4, "fire": 3},
        by_role={
            "police": {key: [2, 2, 2, 2], other: [3, 3, 3, 3]},
            "council": {key: [5, 5, 5, 4], other: [3, 3, 3, 3]},
            "fire": {key: [3, 3, 3], other: [3, 3, 3]},
        },
    )
    results.min_group = 3
    splits, gaps = role_splits(scsn, results, min_group=3)
    assert set(splits) == {"council", "fire", "police"}
    assert splits["police"].item(*key).mean == 2.0
    assert gaps[0] == Gap("partnership-working", "trust", "Trust", "council", 4.75, "police", 2.0, 2.75)
    assert gap_sentence(gaps[0]) == "Trust: council 4.75 vs police 2.00 (gap 2.75)"
    assert all(g.item_id != "induction" for g in gaps)  # no difference, no gap
    # a higher threshold drops the roles below it: fire (3) and then nothing to compare
    splits4, gaps4 = role_splits(scsn, results, min_group=4)
    assert set(splits4) == {"council", "police"}
    # ...and per item, the total minus police and council would be fire's 3 answers: one split goes
    assert splits4["council"].item(*key).withheld and splits4["police"].item(*key).mean == 2.0
    assert gaps4 == []
    splits5, gaps5 = role_splits(scsn, results, min_group=5)
    assert splits5 == {} and gaps5 == []


def test_role_split_items_answered_by_too_few_are_not_compared(scsn):
    key = ("partnership-working", "trust")
    results = results_from(
        scsn,
        8,
        {key: [1, 5, 5, 5]},
        roles={"police": 4, "council": 4},
        by_role={"police": {key: [1]}, "council": {key: [5, 5, 5]}},
    )
    splits, gaps = role_splits(scsn, results, min_group=3)
    assert set(splits) == {"council", "police"}
    assert splits["police"].item(*key).withheld
    assert gaps == []  # one police answer: its mean is not compared


def test_merge_then_analyse_end_to_end(tmp_path, scsn):
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.merge import MergeOptions, merge_paths
    from accord_partnership.exports.bundle_file import save_bundle

    folder = tmp_path / "drop"
    folder.mkdir()
    for n, role in enumerate(["police"] * 3 + ["council"] * 3):
        bundle = Bundle.new(scsn, respondent=f"M{n}", role=role)
        for item in scsn.section("partnership-working").items:
            bundle.answer("partnership-working", item.id).score = 2 if role == "police" else 4
        save_bundle(bundle, scsn, folder / f"m{n}.toml")
    report = merge_paths([folder], MergeOptions(min_group=3))
    assert set(report.results.items[("partnership-working", "trust")].by_role) == {"council", "police"}
    splits, gaps = role_splits(scsn, report.results)
    assert len(gaps) == 11 and all(g.gap == 2.0 and g.high_role == "council" for g in gaps)
    analysis = analyse(scsn, report.results)
    assert analysis.lowest_section.section_id == "partnership-working"


def test_the_acceptable_score_decides_what_is_low(mini):
    # "One" averages 2.8 and "Two" 3.2; the toolkit's rule says below 3.0
    results = results_from(mini, 5, {("alpha", "one"): [2, 3, 3, 3, 3], ("alpha", "two"): [3, 3, 3, 4, 3]})
    lowered = analyse(mini, results, threshold=2.5)
    assert [f for f in lowered.findings if f.kind == "low"] == []
    raised = analyse(mini, results, threshold=3.5)
    low = {f.item_id: f.message for f in raised.findings if f.kind == "low"}
    assert low == {"one": "Low.", "two": ""}  # the rule's words only where the rule itself applies
