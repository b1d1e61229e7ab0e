"""`accord stats --format xlsx`: the Mean Chart workbook, read back with openpyxl as Excel would."""

from __future__ import annotations

import re
import zipfile

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.merged import load_results
from accord_partnership.engine.plan import ActionPlan
from accord_partnership.exports.plan_toml import save_plan
from accord_partnership.exports.scorecard_xlsx import unique_sheet_names
from accord_partnership.exports.stats_table import stats_rows
from accord_partnership.exports.stats_xlsx import SPOKE_LABEL_CHARS
from accord_partnership.exports.textsafe import ellipsize
from accord_partnership.tui.cli import main

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
    from accord_partnership.engine.stats import compute_stats

    stats = compute_stats(fw, results, min_group=3)
    for section in shared:
        ws = book[section.title]
        assert len(ws._charts) == 1 and type(ws._charts[0]).__name__ == "RadarChart"
        series = ws._charts[0].series
        if section.id != "partnership-working":  # no feature's own target: one series (D7)
            assert len(series) == 1
            series = [series[0], series[0]]
        mean, target = series
        assert _cells(ws, mean.tx.strRef.f) == ["Mean"]
        titles = _cells(ws, mean.cat.strRef.f)
        if any(len(i.title) > SPOKE_LABEL_CHARS for i in section.rated_items):  # numbered, shortened
            assert titles == [f"[{n}] {ellipsize(i.title, SPOKE_LABEL_CHARS - 5)}" for n, i in enumerate(section.rated_items, 1)]
        else:
            assert titles == [i.title for i in section.rated_items]
        means = _cells(ws, mean.val.numRef.f)
        for item, value in zip(section.rated_items, means):
            expected = stats.item(section.id, item.id).mean
            assert value == (None if expected is None else pytest.approx(round(expected, 2), abs=0.005))
        assert mean.cat.strRef.f == target.cat.strRef.f
        targets = _cells(ws, target.val.numRef.f)
        if section.id == "partnership-working":  # a feature's own target only; the scorecard's is its average's
            assert targets == [4.5 if i.id == "trust" else None for i in section.rated_items]
            assert _cells(ws, target.tx.strRef.f) == ["12-month target"]
        if section.id in ("partnership-working", "focus-impact"):
            last = int(mean.val.numRef.f.rpartition("$")[2])
            average = [c.value for c in ws[last + 1]][:3]
            assert average[0] == f"{section.title}: average" and average[2] == (3.5 if section.id == "partnership-working" else 3.0)
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
    # every column but the title is as wide as its heading and its ids (once "framewo" / "rk", T6)
    from openpyxl.utils import get_column_letter

    ws = book["Statistics"]
    for col, name in enumerate(header):
        if name == "title":
            continue
        widest = max(len(str(v)) for v in [name, *(r[col] for r in got[1:])] if v is not None)
        assert ws.column_dimensions[get_column_letter(col + 1)].width >= min(widest, 29), name


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


def test_both_target_periods_and_the_reason_beside_a_withheld_average(tmp_path, folder):
    """D11: a 6-month and a 12-month target each get a column (and a dashed series); the Overall
    sheet has the Withheld column its note points at, with the reason beside an empty average."""
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_target("partnership-working", "", 6, 3.2)
    plan.set_target("partnership-working", "", 12, 3.5)
    plan.set_target(*TRUST, 6, 4.0)
    plan.set_target(*TRUST, 12, 4.5)
    plan_path = save_plan(plan, fw, tmp_path / "plan2.toml")
    book, _out = _write(tmp_path, folder, "--plan", str(plan_path))
    ws = book["Overall"]
    rows = [[c.value for c in row] for row in ws.iter_rows(max_col=5)]
    head = next(r for r in rows if r[0] == "Scorecard")
    assert head[:5] == ["Scorecard", "Average", "6-month target", "12-month target", "Withheld"]
    pw = next(r for r in rows if r[0] == "Partnership Working")
    assert pw[2:4] == [3.2, 3.5]
    assert len(ws._charts[0].series) == 3
    assert all(r[4] is None for r in rows if r[0] == "Partnership Working")
    sheet = book["Partnership Working"]
    cells = [[c.value for c in row] for row in sheet.iter_rows(max_col=4)]
    trust = next(r for r in cells if r[0] == "Trust")
    assert trust[2:4] == [4.0, 4.5]
    assert len(sheet._charts[0].series) == 3


def test_overall_sheet_says_why_an_average_is_empty(tmp_path, write_bundle):
    """D11: Focus and Impact answered by two members only: its average is empty, the reason beside it."""
    small = tmp_path / "small"
    small.mkdir()
    for n in range(3):
        answers = {TRUST: {"score": 2 + n}, ("partnership-working", "induction"): {"score": 3}}
        if n < 2:
            answers[("focus-impact", "evidence")] = {"score": 1}
        write_bundle(FW, answers=answers, path=small / f"m{n}.toml", respondent=f"M{n}")
    book, _out = _write(tmp_path, small)
    rows = [[c.value for c in row] for row in book["Overall"].iter_rows(max_col=3)]
    head = next(r for r in rows if r[0] == "Scorecard")
    assert head == ["Scorecard", "Average", "Withheld"]
    fi = next(r for r in rows if r[0] == "Focus and Impact")
    assert fi[1] is None and fi[2] == "fewer than 3 answers"
    pw = next(r for r in rows if r[0] == "Partnership Working")
    assert pw[1] == 3.0 and pw[2] is None


def test_framework_titles_made_visible_as_in_the_csv(tmp_path, user_framework, write_bundle):
    """D16: a framework title's bidi override and escape codes are shown as <U+202E>, ^[ ..., never raw."""
    user_framework("hostile")
    folder = tmp_path / "h"
    folder.mkdir()
    for n, score in enumerate((2, 3, 4)):
        write_bundle("hostile", answers={("alpha", "one"): {"score": score}, ("alpha", "two"): {"score": score}},
                     path=folder / f"m{n}.toml", respondent=f"M{n}")
    book, _out = _write(tmp_path, folder)
    texts = [c.value for ws in book for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert any("<U+202E>evil" in t for t in texts)
    assert not any(ch in t for t in texts for ch in ("\u202e", "\x1b", "\x07"))


def test_long_spoke_names_are_numbered_and_shortened_on_the_chart(tmp_path, write_bundle):
    """Audit Commission questions run to 150 characters: on the chart each spoke reads "[n] How
    well do…" (n: the table's row), from a hidden column, so no name runs out of the chart's frame;
    the table keeps every whole question and the sheet says how to read the spokes."""
    fw = get_framework("audit-commission-lsp")
    out = tmp_path / "returns"
    out.mkdir()
    for n in range(3):
        answers = {(s.id, i.id): {"score": 1 + (n + k) % 5} for s in fw.sections if s.scale is not None
                   for k, i in enumerate(s.rated_items)}
        write_bundle("audit-commission-lsp", answers=answers, path=out / f"m{n}.toml", respondent=f"M{n}")
    book, _out = _write(tmp_path, out)
    section = next(s for s in fw.sections if len(s.rated_items) >= 3 and any(len(i.title) > SPOKE_LABEL_CHARS for i in s.rated_items))
    ws = next(book[name] for name in book.sheetnames if book[name]["A1"].value == section.title)
    chart = ws._charts[0]
    labels = _cells(ws, chart.series[0].cat.strRef.f)
    assert len(labels) == len(section.rated_items)
    for n, (label, item) in enumerate(zip(labels, section.rated_items), 1):
        assert label.startswith(f"[{n}] ") and len(label) <= SPOKE_LABEL_CHARS
        assert item.title.startswith(label[len(f"[{n}] "):].rstrip("…"))
    ref = chart.series[0].cat.strRef.f
    column = ref.rpartition("!")[2].split(":")[0].strip("$").rstrip("0123456789$")
    assert ws.column_dimensions[column].hidden
    with zipfile.ZipFile(_out) as z:  # the chart plots hidden cells (no plotVisOnly), or it would have no labels
        xml = next(x for x in (z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/")) if ref.replace("'", "&apos;") in x or ref in x)
    assert "plotVisOnly" not in xml
    names = [row[0].value for row in ws.iter_rows() if row[0].value in {i.title for i in section.rated_items}]
    assert names == [i.title for i in section.rated_items]  # the table keeps the whole questions
    assert any(str(row[0].value).startswith("On the chart, spoke [n] is the table's n-th") for row in ws.iter_rows())
