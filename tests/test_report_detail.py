"""`accord report --detail summary|full`: the shared report model chooses the parts, every format follows it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from accord_partnership.tui.cli import main

GOLDEN = Path(__file__).parent / "golden"
MERGED = GOLDEN / "scsn-merged.toml"


def report(capsys, fmt: str, *extra: str) -> str:
    code = main(["report", str(MERGED), "--format", fmt, "--date", "2026-11-30", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    return captured.out


def md_headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"#{1,3} ", line)]


def test_model_parts_by_detail():
    from accord_partnership.engine.analysis import analyse
    from accord_partnership.engine.merged import load_results
    from accord_partnership.exports.report_common import build_model, report_parts

    results, framework = load_results(MERGED)
    analysis = analyse(framework, results)
    full = build_model(framework, results, analysis)
    summary = build_model(framework, results, analysis, detail="summary")
    assert full.parts == report_parts("full") and full.parts.item_tables and full.parts.answer_bars
    assert summary.parts.detail == "summary"
    assert not (summary.parts.item_tables or summary.parts.answer_bars or summary.parts.open_answers or summary.parts.notes)
    assert full.notes and summary.notes == []  # no notes appendix at summary level
    # the figures themselves are the same model: same sections, radar values, commentary, actions
    assert [v.values for v in summary.sections] == [v.values for v in full.sections]
    assert [v.commentary for v in summary.sections] == [v.commentary for v in full.sections]
    assert summary.overall.values == full.overall.values and summary.weaknesses == full.weaknesses
    with pytest.raises(ValueError, match="summary or full"):
        report_parts("brief")


def test_markdown_summary_keeps_the_template_and_drops_per_item_pages(capsys):
    full = report(capsys, "md")
    assert report(capsys, "md", "--detail", "full") == full  # full is today's report
    summary = report(capsys, "md", "--detail", "summary")
    # the same template sections and scorecards, less the notes appendix
    heads = md_headings(full)
    assert "## Notes (unattributed)" in heads
    assert md_headings(summary) == heads[: heads.index("## Notes (unattributed)")]
    # per-feature parts: the table of answer counts and the distribution bars
    assert "| Feature | Mean | Range | SD |" in full and "| Feature | Mean |" not in summary
    assert "Answers where members disagree most:" in full and "Answers where members disagree most:" not in summary
    # what a board reads stays: radars, commentary with strongest and weakest, recommendations, action sheet
    assert summary.count("```text") == full.count("```text") - full.count("Answers where members disagree most:")
    assert "The strongest" in summary and "the weakest" in summary
    assert "The key areas of weakness are currently:" in summary
    assert "## Appendix 5: Action Sheet" in summary
    assert "| Scorecard | Feature | Action | Responsibility | Score | Date of completion | Score at target |" in summary
    assert len(summary) < len(full) * 0.85


def test_html_summary_has_no_answer_bars_or_item_tables(capsys):
    full = report(capsys, "html")
    summary = report(capsys, "html", "--detail", "summary")
    assert 'class="bars' in full and 'class="bars' not in summary  # "bars" or "bars three"
    assert 'class="items"' in full and 'class="items"' not in summary
    assert 'id="notes"' in full and 'id="notes"' not in summary
    heads = re.findall(r"<h[23][^>]*>(.*?)</h[23]>", full)
    assert re.findall(r"<h[23][^>]*>(.*?)</h[23]>", summary) == [h for h in heads if h not in ("Notes (unattributed)",)
                                                                 and h not in _note_section_titles(full)]
    # one radar per scorecard and the overall one, in both
    assert summary.count('<svg xmlns="http://www.w3.org/2000/svg"') == 8
    assert 'id="action-plan"' in summary and "The key areas of weakness are currently:" in summary
    assert len(summary) < len(full) / 2


def _note_section_titles(html_text: str) -> set[str]:
    """The <h3> titles inside the notes appendix (scorecard names repeated there)."""
    start = html_text.find('id="notes"')
    return set(re.findall(r"<h3>(.*?)</h3>", html_text[start:])) if start >= 0 else set()


def test_bad_detail_is_one_clear_line(capsys):
    code = main(["report", str(MERGED), "--format", "md", "--detail", "brief"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.strip().splitlines() == ["accord: --detail must be summary or full, not 'brief'"]
