"""`accord stats --format xlsx`: the Mean Chart workbook, read back with openpyxl as Excel would."""

from __future__ import annotations

import re
import zipfile

import pytest

from engine.catalog import get_framework
from engine.merged import load_results
from engine.plan import ActionPlan
from exports.plan_toml import save_plan
from exports.scorecard_xlsx import unique_sheet_names
from exports.stats_table import stats_rows
from tui.cli import main

openpyxl = pytest.importorskip("openpyxl")

FW = "scsn-csp"
TRUST = ("partnership-working", "trust")
# (score per rated item of Partnership Working and Focus and Impact) for five members; only two answer Trust
SCORES = [1, 2, 3, 4, 5]


@pytest.fixture
def folder(tmp_path, write_bundle):
    fw = get_framework(FW)
    out = tmp_path / "returns"
    out.mkdir()
    for n, score in enumerate(SCORES):
        answers = {}
        for section in fw.sections:
            if section.private or section.scale is None:
                continue
            for k, item in enumerate(section.rated_items):
                if (section.id, item.id) == TRUST and n >= 2:
                    continue
                answers[(section.id, item.id)] = {"score": 1 + (score + k) % 5}
        write_bundle(FW, answers=answers, path=out / f"m{n}.toml", respondent=f"M{n}", partnership="=1+1 CSP")
    return out


@pytest.fixture
def plan_file(tmp_path):
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_target("partnership-working", "", 12, 3.5)
    plan.set_target(*TRUST, 12, 4.5)
    plan.set_target("focus-impact", "", 12, 3.0)
    return save_plan(plan, fw, tmp_path / "plan.toml")


def _cells(ws, ref: str) -> list:
    """The values of a chart reference such as 'Partnership Working'!$A$7:$A$17."""
    _sheet, _, cells = ref.rpartition("!")
    cells = cells.replace("$", "")
    rows = ws[cells]
    if not isinstance(rows, tuple):
        return [rows.value]
    return [c.value for row in rows for c in (row if isinstance(row, tuple) else (row,))]


def _write(tmp_path, folder, *extra) -> tuple[object, str]:
    out = tmp_path / "means.xlsx"
    assert main(["stats", str(folder), "--format", "xlsx", "--out", str(out), *extra]) == 0
    return openpyxl.load_workbook(out), out


def test_one_native_radar_per_scorecard_and_overall_referring_to_the_means(tmp_path, folder, plan_file):
    book, _out = _write(tmp_path, folder, "--plan", str(plan_file))
    fw = get_framework(FW)
    shared = [s for s in fw.sections if not s.private]
    assert book.sheetnames == ["Overall", *[s.title for s in shared], "Statistics"]
    results, _ = load_results(folder)
    from engine.stats import compute_stats

    stats = compute_stats(fw, results, min_group=3)
    for section in shared:
        ws = book[section.title]
        assert len(ws._charts) == 1 and type(ws._charts[0]).__name__ == "RadarChart"
        series = ws._charts[0].series
        if section.id not in ("partnership-working", "focus-impact"):  # no target: one series
            assert len(series) == 1
            series = [series[0], series[0]]
        mean, target = series
        assert _cells(ws, mean.tx.strRef.f) == ["Mean"]
        titles = _cells(ws, mean.cat.strRef.f)
        assert titles == [i.title for i in section.rated_items]
        means = _cells(ws, mean.val.numRef.f)
        for item, value in zip(section.rated_items, means):
            expected = stats.item(section.id, item.id).mean
            assert value == (None if expected is None else pytest.approx(round(expected, 2), abs=0.005))
        assert mean.cat.strRef.f == target.cat.strRef.f
        targets = _cells(ws, target.val.numRef.f)
        if section.id == "partnership-working":  # the item's own target wins over the section's
            assert targets == [4.5 if i.id == "trust" else 3.5 for i in section.rated_items]
            assert _cells(ws, target.tx.strRef.f) == ["12-month target"]
        elif section.id == "focus-impact":
            assert targets == [3.0] * len(section.rated_items)
    ws = book["Overall"]
    assert len(ws._charts) == 1
    mean, target = ws._charts[0].series
    assert _cells(ws, mean.cat.strRef.f) == [s.title for s in shared]
    assert _cells(ws, mean.val.numRef.f) == [pytest.approx(round(stats.section(s.id).mean, 2), abs=0.005) for s in shared]
    assert _cells(ws, target.val.numRef.f)[:2] == [3.0, 3.5]
    # radar rings as the report's: the centre is one below the scale's lowest point
    assert ws._charts[0].y_axis.scaling.min == 0 and ws._charts[0].y_axis.scaling.max == 5


def test_the_statistics_sheet_is_the_stats_csv_table(tmp_path, folder):
    book, _out = _write(tmp_path, folder)
    fw = get_framework(FW)
    results, _ = load_results(folder)
    header, rows = stats_rows(fw, results, 3)
    got = [[c.value for c in row] for row in book["Statistics"].iter_rows()]
    assert got[0] == header
    assert len(got) == len(rows) + 1
    for row, expected in zip(got[1:], rows):
        assert row == [None if v in (None, "") else v for v in expected]


def test_no_small_group_figure_and_no_formula_in_the_workbook(tmp_path, folder):
    book, out = _write(tmp_path, folder)
    ws = book["Partnership Working"]
    trust = next(row for row in ws.iter_rows() if row[0].value == "Trust")
    assert [c.value for c in trust[1:-1]] == [None] * (len(trust) - 2)  # no mean, count, spread or level count
    assert trust[-1].value == "fewer than 3 answers"
    stats_row = next(r for r in book["Statistics"].iter_rows(values_only=True) if r[2] == "trust")
    assert [v for v in stats_row[4:] if isinstance(v, (int, float))] == []
    # Trust's two scores are 2 and 3 (mean 2.5): the number appears nowhere
    assert not any(isinstance(c.value, float) and c.value == 2.5 for c in trust)
    # the partnership's name starts with "=": text, marked as text, and no cell anywhere is a formula
    title = book["Overall"]["A1"]
    assert title.value.startswith("=1+1 CSP") and title.data_type == "s" and title.quotePrefix
    with zipfile.ZipFile(out) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(re.search(rb"<f[ >]", z.read(n)) for n in sheets)


def test_sheet_names_are_valid_and_unique():
    names = unique_sheet_names(
        ["Plan: do/review [2]?", "x" * 40, "x" * 40, "Overall", "'quoted'", ""], reserved=("Overall", "Statistics")
    )
    assert len(set(n.casefold() for n in names)) == len(names)
    for name in names:
        assert 0 < len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.startswith("'")
        assert name.casefold() not in ("overall", "statistics")
    assert names[0] == "Plan do review 2"


def test_xlsx_needs_out_and_bad_input_is_one_line(tmp_path, folder, capsys):
    assert main(["stats", str(folder), "--format", "xlsx"]) == 2
    assert "--out" in capsys.readouterr().err
    existing = tmp_path / "x.xlsx"
    existing.write_bytes(b"keep")
    assert main(["stats", str(folder), "--format", "xlsx", "--out", str(existing)]) == 2
    assert existing.read_bytes() == b"keep"
