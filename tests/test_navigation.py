"""engine.navigation: where to resume, next unanswered, section moves, the officer's own overview."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord_partnership.engine import navigation as nav
from accord_partnership.engine.bundle import Answer, Bundle
from accord_partnership.engine.loader import load_framework

MINI = Path(__file__).parent / "data" / "frameworks" / "mini.toml"


@pytest.fixture
def mini():
    return load_framework(MINI)


def test_positions_follow_framework_order(mini):
    assert nav.positions(mini) == [("alpha", "one"), ("alpha", "two"), ("beta", "q"), ("beta", "yn")]
    assert nav.first_position(mini) == ("alpha", "one")


def test_next_unanswered_skips_answered_and_wraps(mini):
    bundle = Bundle.new(mini)
    bundle.answers[("alpha", "two")] = Answer(score=3)
    bundle.answers[("beta", "q")] = Answer(na=True)
    assert nav.next_unanswered(mini, bundle) == ("alpha", "one")
    assert nav.next_unanswered(mini, bundle, ("alpha", "one")) == ("beta", "yn")
    assert nav.next_unanswered(mini, bundle, ("beta", "yn")) == ("alpha", "one")  # wraps round
    bundle.answers[("alpha", "one")] = Answer(score=1)
    bundle.answers[("beta", "yn")] = Answer(choice="no")
    assert nav.next_unanswered(mini, bundle) is None


def test_a_note_alone_does_not_answer_a_rated_item(mini):
    bundle = Bundle.new(mini)
    bundle.answers[("alpha", "one")] = Answer(note="thinking about it")
    assert nav.next_unanswered(mini, bundle) == ("alpha", "one")


def test_resume_prefers_saved_position_then_first_unanswered(mini):
    bundle = Bundle.new(mini)
    assert nav.resume_position(mini, bundle) == ("alpha", "one")
    bundle.answers[("alpha", "one")] = Answer(score=2)
    assert nav.resume_position(mini, bundle) == ("alpha", "two")
    bundle.position = ("beta", "yn")
    assert nav.resume_position(mini, bundle) == ("beta", "yn")
    bundle.position = ("beta", "gone")  # an item no longer in the framework
    assert nav.resume_position(mini, bundle) == ("alpha", "two")


def test_neighbour_section_wraps(mini):
    assert nav.neighbour_section(mini, "alpha", 1).id == "beta"
    assert nav.neighbour_section(mini, "beta", 1).id == "alpha"
    assert nav.neighbour_section(mini, "alpha", -1).id == "beta"


def test_section_start_is_first_unanswered(mini):
    bundle = Bundle.new(mini)
    beta = mini.section("beta")
    assert nav.section_start(mini, bundle, beta) == ("beta", "q")
    bundle.answers[("beta", "q")] = Answer(score=4)
    assert nav.section_start(mini, bundle, beta) == ("beta", "yn")
    bundle.answers[("beta", "yn")] = Answer(choice="yes")
    assert nav.section_start(mini, bundle, beta) == ("beta", "q")


def test_section_overview_counts(mini):
    bundle = Bundle.new(mini)
    bundle.answers[("alpha", "one")] = Answer(score=2)
    bundle.answers[("alpha", "two")] = Answer(na=True)
    bundle.answers[("beta", "yn")] = Answer(choice="no")
    alpha = nav.section_overview(mini, bundle, mini.section("alpha"))
    assert (alpha.answered, alpha.total, alpha.mean) == (2, 2, 2.0)
    assert [i.id for i in alpha.not_applicable] == ["two"]
    beta = nav.section_overview(mini, bundle, mini.section("beta"))
    assert [i.id for i in beta.unanswered] == ["q"]
    assert [i.id for i in beta.said_no] == ["yn"]
    assert beta.mean is None


def test_lowest_scores_orders_by_score_and_ignores_top_marks(mini):
    bundle = Bundle.new(mini)
    bundle.answers[("alpha", "one")] = Answer(score=4)
    bundle.answers[("alpha", "two")] = Answer(score=2)
    bundle.answers[("beta", "q")] = Answer(score=5)
    lowest = nav.lowest_scores(mini, bundle)
    assert [(s.item.id, s.score) for s in lowest] == [("two", 2), ("one", 4)]
    assert nav.lowest_scores(mini, bundle, limit=1)[0].item.id == "two"
