"""engine.stats against hand-computed values: N/A, blanks, one respondent, all N/A, yes/no, small groups."""

from __future__ import annotations

import math

import pytest

from accord_partnership.engine.model import Scale
from accord_partnership.engine.results import ItemResult, MergedResults, Tally
from accord_partnership.engine.stats import check_min_group, compute_stats, consensus, polarised, proportion_words

FIVE = Scale("five", 1, 5, ("1", "2", "3", "4", "5"))


@pytest.fixture
def mini(user_framework):
    from accord_partnership.engine.catalog import get_framework

    user_framework("mini")
    return get_framework("mini")


def results_with(framework, respondents: int, tallies: dict, **kw) -> MergedResults:
    results = MergedResults(framework.id, framework.version, respondents=respondents, **kw)
    results.ensure_items(framework)
    for (section_id, item_id), tally in tallies.items():
        results.items[(section_id, item_id)] = ItemResult(section_id, item_id, total=tally)
    return results


def test_item_with_na_and_blank_against_hand_computed_values(mini):
    # 7 respondents: scores 1, 2, 2, 4, 5; one N/A; one left it blank
    tally = Tally(counts={1: 1, 2: 2, 4: 1, 5: 1}, n_na=1)
    stats = compute_stats(mini, results_with(mini, 7, {("alpha", "one"): tally}))
    item = stats.item("alpha", "one")
    assert (item.respondents, item.n, item.n_na, item.unanswered) == (7, 5, 1, 1)
    assert item.mean == 2.8  # 14 / 5
    assert item.median == 2.0
    assert (item.min, item.max, item.range) == (1, 5, 4)
    # sample sd: squared deviations 3.24 + 0.64 + 0.64 + 1.44 + 4.84 = 10.8; 10.8 / 4 = 2.7
    assert item.sd == pytest.approx(math.sqrt(2.7), abs=1e-4) and item.sd == 1.6432
    assert item.counts == (1, 2, 0, 1, 1)
    # Tastle & Wierman: 1 + sum p log2(1 - |x - 2.8| / 4) = 1 - 0.634586
    assert item.consensus == pytest.approx(0.3654, abs=1e-4)
    assert item.polarised  # 3 at 1-2, 2 at 4-5, both camps >= 2 and >= a quarter
    assert item.withheld == ""


def test_even_count_median_and_section_mean(mini):
    tallies = {
        ("alpha", "one"): Tally(counts={2: 2, 3: 1, 4: 1}),  # mean 11/4 = 2.75, median (2+3)/2 = 2.5
        ("alpha", "two"): Tally(counts={4: 3, 5: 1}),  # mean 17/4 = 4.25, median 4
    }
    stats = compute_stats(mini, results_with(mini, 4, tallies))
    one, two = stats.item("alpha", "one"), stats.item("alpha", "two")
    assert (one.mean, one.median) == (2.75, 2.5)
    assert (two.mean, two.median) == (4.25, 4.0)
    # sd of 2,2,3,4: mean 2.75, squares .5625+.5625+.0625+1.5625 = 2.75, /3 = .91667
    assert one.sd == pytest.approx(0.9574, abs=1e-4)
    alpha = stats.section("alpha")
    assert alpha.mean == 3.5  # mean of the item means (2.75 + 4.25) / 2
    assert alpha.lowest.item_id == "one" and alpha.highest.item_id == "two"


def test_one_member_sees_their_own_results_in_full(mini):
    results = results_with(mini, 1, {("alpha", "one"): Tally(counts={4: 1})})
    results.own = True  # a bundle shown to its owner (engine.merged.results_from_bundle)
    item = compute_stats(mini, results).item("alpha", "one")
    assert (item.n, item.mean, item.median, item.min, item.max, item.sd) == (1, 4.0, 4.0, 4, 4, 0.0)
    assert item.counts == (0, 0, 0, 1, 0)
    assert item.consensus == 1.0
    assert not item.withheld


def test_all_na_gives_no_mean(mini):
    results = results_with(mini, 3, {("alpha", "one"): Tally(n_na=3)})
    item = compute_stats(mini, results).item("alpha", "one")
    assert (item.n, item.n_na, item.unanswered) == (0, 3, 0)
    assert item.mean is None and item.sd is None and item.counts == ()
    assert compute_stats(mini, results).section("alpha").mean is None


def test_nobody_answered(mini):
    item = compute_stats(mini, results_with(mini, 5, {})).item("beta", "q")
    assert (item.n, item.n_na, item.unanswered, item.mean) == (0, 0, 5, None)


def test_yes_no_counts_and_percent(mini):
    results = results_with(mini, 5, {("beta", "yn"): Tally(yes=3, no=1)})
    item = compute_stats(mini, results).item("beta", "yn")
    assert (item.yes, item.no, item.pct_yes, item.unanswered) == (3, 1, 75.0, 1)
    assert item.mean is None


def test_one_respondent_merged_shows_no_figure(mini):
    results = results_with(mini, 1, {("alpha", "one"): Tally(counts={4: 1})})
    item = compute_stats(mini, results).item("alpha", "one")
    assert (item.n, item.mean, item.median, item.min, item.max, item.sd, item.counts) == (0, None, None, None, None, None, ())
    assert item.withheld == "fewer than 3 answers"


def test_small_group_withholds_every_figure(mini):
    results = results_with(mini, 6, {("alpha", "one"): Tally(counts={1: 1, 5: 1}), ("beta", "yn"): Tally(yes=1, no=1)})
    stats = compute_stats(mini, results)
    item = stats.item("alpha", "one")
    assert item.mean is None and item.median is None and item.n == 0  # two answers: each would learn the other's
    assert item.sd is None and item.min is None and item.counts == () and item.consensus is None
    assert item.withheld == "fewer than 3 answers"
    assert stats.section("alpha").mean is None
    yn = stats.item("beta", "yn")
    assert (yn.yes, yn.no, yn.pct_yes) == (0, 0, None) and yn.withheld
    # a higher threshold withholds more; the threshold never goes below 2
    assert compute_stats(mini, results, min_group=2).item("alpha", "one").sd == pytest.approx(2.8284, abs=1e-4)
    with pytest.raises(ValueError):
        compute_stats(mini, results, min_group=1)
    with pytest.raises(ValueError):
        check_min_group(0)


def test_role_split_uses_role_counts(mini):
    results = results_with(mini, 7, {}, roles={"police": 4, "fire": 3})
    results.items[("alpha", "one")].by_role["police"] = Tally(counts={2: 2, 4: 2})
    results.items[("alpha", "one")].by_role["fire"] = Tally(counts={5: 2})
    police = compute_stats(mini, results, role="police").item("alpha", "one")
    assert (police.respondents, police.n, police.mean, police.unanswered) == (4, 4, 3.0, 0)
    fire = compute_stats(mini, results, role="fire").item("alpha", "one")
    assert fire.mean is None and fire.withheld  # 2 answers in the split: nothing shown
    # a split is never "single": a one-member role would not be shown in full
    lone = results_with(mini, 1, {}, roles={"x": 1})
    lone.items[("alpha", "one")].by_role["x"] = Tally(counts={3: 1})
    assert compute_stats(mini, lone, role="x").item("alpha", "one").withheld


@pytest.mark.parametrize(
    ("part", "whole", "words"),
    [
        (10, 10, "all"),
        (19, 20, "almost all"),  # 95%
        (10, 11, "almost all"),  # 90.9%
        (9, 10, "most"),  # exactly 90%: most (75-90%)
        (3, 4, "most"),  # exactly 75%
        (7, 10, "the majority"),
        (1, 2, "the majority"),  # exactly 50%
        (49, 100, "less than half"),
        (3, 20, "less than half"),  # exactly 15%
        (1, 10, "a few"),
        (0, 10, "none"),
        (0, 0, "none"),
    ],
)
def test_proportion_words_follow_education_scotland(part, whole, words):
    assert proportion_words(part, whole) == words


def test_consensus_extremes():
    assert consensus({3: 5}, FIVE) == 1.0
    assert consensus({1: 2, 5: 2}, FIVE) == 0.0  # split between the two ends
    assert consensus({}, FIVE) is None


def test_polarised_needs_two_camps():
    assert polarised({1: 2, 5: 2}, FIVE)
    assert not polarised({1: 1, 5: 1}, FIVE)  # one person at each end is not two camps
    assert not polarised({3: 6}, FIVE)
    assert not polarised({1: 2, 4: 1, 5: 1, 3: 10}, FIVE)  # camps under a quarter each
    assert not polarised({2: 2, 3: 4, 4: 2}, FIVE)  # a bell centred on 3 is not two camps
    assert polarised({1: 3, 2: 1, 3: 1, 4: 1, 5: 3}, FIVE)  # a valley in the middle is
    # a three-point scale: the middle point is in neither camp (was in both before the fix)
    three = Scale("three", 1, 3, ("low", "mid", "high"))
    assert not polarised({2: 6}, three)
    assert polarised({1: 3, 3: 3}, three)
    assert not polarised({1: 3}, Scale("one", 1, 1, ("only",)))
