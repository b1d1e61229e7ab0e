"""Displayed figures round half up, as a spreadsheet does, from one function (engine.numbers)."""

from __future__ import annotations

from accord_partnership.engine.numbers import fmt, fmt_mean, fmt_signed, percent, round_half_up


def test_half_up_as_a_spreadsheet() -> None:
    assert fmt(3.25) == "3.3"
    assert fmt(3.125, 2) == "3.13"
    assert fmt(2.675, 2) == "2.68"  # the binary float is 2.67499999...; its repr is what people see
    assert fmt(0.05) == "0.1"
    assert fmt(2.5, 0) == "3" and fmt(3.5, 0) == "4"
    assert fmt(-1.25) == "-1.3"
    assert fmt(-0.04) == "0.0"
    assert fmt(None) == "–" and fmt(None, none="n/a") == "n/a"
    assert round_half_up(3.125, 2) == 3.13


def test_mean_never_reads_as_meeting_the_threshold() -> None:
    assert fmt_mean(2.96, 3.0) == "2.96"
    assert fmt_mean(2.96) == "3.0"
    assert fmt_mean(2.9996, 3.0) == "2.9996"
    assert fmt_mean(3.04, 3.0) == "3.0"
    assert fmt_signed(0.5) == "+0.50" and fmt_signed(-1.255) == "-1.26"
    assert percent(1, 8) == "13%" and percent(0, 0) == "–"


def test_stats_csv_rounds_half_up() -> None:
    from accord_partnership.exports.csv_out import number

    assert number(3.125) == 3.13
    assert number(2.345) == 2.35


def test_commentary_counts_only_what_was_answered_sport_england() -> None:
    """PLAN all N/A and one DO criterion unanswered: no "every stage", no "2 criterions"."""
    from accord_partnership.engine.analysis import analyse
    from accord_partnership.engine.catalog import get_framework
    from accord_partnership.exports.report_common import build_model
    from tests.test_analysis import results_from

    framework = get_framework("sport-england-csp")
    scores = {}
    for section, item in framework.items():
        if not item.rated or item.id == "do-2":
            continue
        scores[(section.id, item.id)] = ["na"] * 5 if section.id == "plan" else [3, 3, 3, 2, 3]
    results = results_from(framework, 5, scores)
    model = build_model(framework, results, analyse(framework, results))
    overall = " ".join(model.overall.commentary)
    assert "Every stage" not in overall
    assert "The 4 stages with scores all average 2.8 (PLAN has none)." in overall
    assert "The average of the 4 criteria scored is 2.8." in overall
    do = " ".join(model.section("do").commentary)
    assert "criterions" not in do and "Every criterion" not in do
    assert "across 1 of its 2 criteria" in do
    assert "lowest-scoring" not in do  # four stages tie at 2.8: none is the lowest
    assert "The 1 criterion with scores is below 3.0." in do


def test_a_change_has_one_rule_everywhere():
    # half up, and no sign when there is no change (also when it rounds to none)
    from accord_partnership.exports.report_change import signed

    assert signed is fmt_signed
    assert fmt_signed(0.125) == "+0.13" and fmt_signed(-0.125) == "-0.13"
    assert fmt_signed(0.0) == "0.00" and fmt_signed(-0.004) == "0.00" and fmt_signed(0.004) == "0.00"
    assert fmt_signed(None) == "–"
