"""`accord report --format docx`: the committee report as an editable Word document (exports.report_docx)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.plan import ACTION_SHEET_COLUMNS, Action, ActionPlan
from accord_partnership.engine.report_settings import report_template
from accord_partnership.exports.plan_toml import CSV_COLUMNS, save_plan
from tests.test_report import HOSTILE_NOTE, MERGED, SHARED_SCORECARDS, hostile_merged
from accord_partnership.tui.cli import main

PNG = b"\x89PNG\r\n\x1a\n"
PW = "partnership-working"


def write_docx(capsys, tmp_path: Path, *extra: str, source: Path = MERGED, name: str = "report.docx"):
    out = tmp_path / name
    code = main(["report", str(source), "--out", str(out), "--date", "2026-11-25", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out == "" and captured.err == f"wrote {out}\n"
    assert out.read_bytes()[:2] == b"PK"  # a .docx is a zip package
    return docx.Document(str(out))


def headings(document) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph in a built-in Title/Heading style, in order."""
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name == "Title" or p.style.name.startswith("Heading")]


def pictures(document) -> list[tuple[str, bytes]]:
    """(alt text, image bytes) of every inline picture, body and table cells alike, in order."""
    out = []
    body = document.element.body
    for inline in body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}inline"):
        blip = next(inline.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}blip"))
        rid = blip.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed")
        out.append((inline.docPr.get("descr"), document.part.related_parts[rid].blob))
    return out


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    parts += [descr for descr, _ in pictures(document)]
    return "\n".join(parts)


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def full_and_summary(tmp_path_factory):
    """The golden round's report at both detail levels (written once: charts take a moment)."""
    from accord_partnership.engine.analysis import analyse
    from accord_partnership.engine.merged import load_results
    from accord_partnership.exports.report_common import build_model
    from accord_partnership.exports.report_docx import report_docx

    results, framework = load_results(MERGED)
    analysis = analyse(framework, results)
    out = {}
    for detail in ("full", "summary"):
        data = report_docx(build_model(framework, results, analysis, detail=detail), date="2026-11-25")
        out[detail] = docx.Document(io.BytesIO(data))
    return out


def test_docx_has_every_template_heading_in_word_heading_styles(full_and_summary):
    document = full_and_summary["full"]
    template = report_template(get_framework("scsn-csp"))
    found = headings(document)
    assert found[0] == ("Title", "Moray CSP: partnership self-assessment")
    level1 = [text for style, text in found if style == "Heading 1"]
    assert level1 == [template.purpose, template.background, template.main, template.financial,
                      template.recommendations, "Appendix 5: Action Sheet", "Notes (unattributed)"]
    level2 = [text for style, text in found if style == "Heading 2"]
    numbered = [f"3.{n} {title}" for n, title in enumerate(SHARED_SCORECARDS, 1)] + [f"3.{len(SHARED_SCORECARDS) + 1} {template.overall}"]
    assert level2[: len(numbered)] == numbered  # then the notes appendix's scorecards
    assert ("Heading 3", "Commentary") in found and ("Heading 3", "Guidance from the toolkit") in found
    # the template's fixed sentences and the closing block
    text = all_text(document)
    assert template.weaknesses in text and template.action_plan in text
    assert "Appendices" in text and "Contact Details" in text and "National Outcomes" in text


def test_one_radar_picture_per_scorecard_and_overall_with_legend_and_figures(full_and_summary):
    document = full_and_summary["summary"]
    shown = pictures(document)
    assert len(shown) == len(SHARED_SCORECARDS) + 1  # summary: radars only
    for (alt, blob), title in zip(shown, [*SHARED_SCORECARDS, "Average score per scorecard"]):
        assert alt.startswith(title) and blob.startswith(PNG) and len(blob) > 20_000
    # alt text is the chart's own description: every figure drawn, per series
    trust = next(alt for alt, _ in shown if alt.startswith("Partnership Working"))
    assert "Trust: Mean 2.0" in trust
    # full adds the answers of the items members disagree on, as smaller pictures after the radar
    full = pictures(document := full_and_summary["full"])
    radars = [alt for alt, _ in full if not alt.startswith("Answers to ")]
    assert radars == [alt for alt, _ in shown]
    assert any(alt.startswith("Answers to Shared vision") for alt, _ in full)
    assert document is not None


def test_item_tables_are_word_tables_in_one_style(full_and_summary):
    from accord_partnership.exports.report_docx import TABLE_STYLE

    document = full_and_summary["full"]
    item_tables = [t for t in document.tables if t.rows[0].cells[0].text == "Feature" and t.rows[0].cells[1].text == "Mean"]
    assert len(item_tables) == len(SHARED_SCORECARDS)
    trust = next(row for t in item_tables for row in table_rows(t) if row[0] == "Trust")
    assert trust[:4] == ["Trust", "2.0", "1–3", "0.8"]
    assert table_rows(item_tables[0])[0] == ["Feature", "Mean", "Range", "SD", "1", "2", "3", "4", "5", "N/A"]
    data_tables = [t for t in document.tables if t.style is not None and t.style.name == TABLE_STYLE]
    assert len(data_tables) >= len(item_tables) + 3  # overall, closing block, action sheet
    # the header row repeats on a new page
    assert item_tables[0].rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None


def test_summary_leaves_out_the_per_feature_pages(full_and_summary):
    full, summary = full_and_summary["full"], full_and_summary["summary"]
    assert not [t for t in summary.tables if t.rows[0].cells[0].text == "Feature"]
    assert ("Heading 1", "Notes (unattributed)") not in headings(summary)
    assert ("Heading 3", "Answers where members disagree most") in headings(full)
    assert ("Heading 3", "Answers where members disagree most") not in headings(summary)
    # the rest is the same document: every heading but the notes and the answer charts
    dropped = {"Answers where members disagree most"}
    full_heads = headings(full)
    full_heads = full_heads[: full_heads.index(("Heading 1", "Notes (unattributed)"))]
    assert headings(summary) == [h for h in full_heads if h[1] not in dropped]
    assert "The strongest feature is Induction (4.8)" in all_text(summary)


def test_action_sheet_in_the_plan_csv_columns(capsys, tmp_path):
    framework = get_framework("scsn-csp")
    plan = ActionPlan.new(framework)
    plan.add_action(Action(PW, "trust", "Hold a <facilitated> trust workshop", responsibility="Chair", score=2.0,
                           date_of_completion="2027-03-31", score_at_target="3-4", kpi="Attendance"))
    plan.set_target(PW, "trust", 12, 3.5)
    path = tmp_path / "plan.toml"
    save_plan(plan, framework, path)
    document = write_docx(capsys, tmp_path, "--plan", str(path))
    assert CSV_COLUMNS[: len(ACTION_SHEET_COLUMNS)] == ACTION_SHEET_COLUMNS  # one definition for both
    sheet = next(t for t in document.tables if tuple(table_rows(t)[0]) == ACTION_SHEET_COLUMNS)
    assert table_rows(sheet)[1] == ["Partnership Working", "Trust", "Hold a <facilitated> trust workshop", "Chair",
                                    "2.0", "2027-03-31", "3-4"]
    assert "KPI: Attendance" in all_text(document)
    # the target is a column of the item table and the radar's second polygon
    pw = next(t for t in document.tables if [c.text for c in t.rows[0].cells][-1] == "12-month target"
              and any(r[0] == "Trust" for r in table_rows(t)))
    assert next(r for r in table_rows(pw) if r[0] == "Trust")[-1] == "3.5"
    assert any(alt.startswith("Partnership Working") and "12-month target 3.5" in alt for alt, _ in pictures(document))


def test_baseline_and_paired_as_for_html(capsys, tmp_path, write_bundle):
    from tests.test_report_compare import BASE, FOLLOW, write_round

    base = write_round(write_bundle, tmp_path / "base", BASE, 2)
    follow = write_round(write_bundle, tmp_path / "follow", FOLLOW, 4)
    document = write_docx(capsys, tmp_path, "--baseline", str(base), "--paired", "--detail", "summary", source=follow)
    heads = headings(document)
    change = next(text for style, text in heads if style == "Heading 2" and text.endswith("Change since the baseline round"))
    assert change.startswith("3.9 ")
    assert ("Heading 3", "Paired view: members in both rounds") in heads
    trust = next(r for t in document.tables for r in table_rows(t) if r[0] == "Trust")
    assert trust[1:4] == ["2.00", "2.75", "+0.75"]
    radar = next(alt for alt, _ in pictures(document) if alt.startswith("Partnership Working"))
    assert "Follow-up mean" in radar and "Baseline mean" in radar


def test_no_figure_from_a_small_group(capsys, tmp_path, write_bundle):
    """Shared vision answered by two of five (scores 1 and 4, a 2.5 found nowhere else): the docx
    says it is withheld and shows no figure of it, in tables, text or chart pictures' alt text."""
    folder = tmp_path / "round"
    folder.mkdir()
    others = ["trust", "induction", "mutual-understanding"]
    for n in range(5):
        answers = {(PW, item): {"score": 3} for item in others}
        if n < 2:
            answers[(PW, "shared-vision")] = {"score": (1, 4)[n]}
        write_bundle("scsn-csp", answers=answers, path=folder / f"b{n}.toml", respondent=f"Member {n}")
    document = write_docx(capsys, tmp_path, source=folder)
    text = all_text(document)
    row = next(r for t in document.tables for r in table_rows(t) if r[0] == "Shared vision")
    assert row[1] == "withheld" and not re.search(r"\d", "".join(row[2:]))
    assert "No figure is shown for Shared vision: fewer than 3 people answered" in text
    assert "2.5" not in text and "(1 to 4" not in text and "scores from 1" not in text
    radar = next(alt for alt, _ in pictures(document) if alt.startswith("Partnership Working"))
    assert "Shared vision: Mean no data" in radar


def test_hostile_text_is_plain_text_in_the_document(capsys, tmp_path):
    document = write_docx(capsys, tmp_path, source=hostile_merged(tmp_path))
    text = all_text(document)
    assert "\x1b" not in text and "\x07" not in text
    assert "<script>alert(1)</script> ^[]0;pwned^G [bold]x[/bold] *em*" in text  # literal, control characters visible
    assert "Moray <b>CSP</b>" in text
    assert HOSTILE_NOTE.split(" ")[0] in text


def test_docx_needs_an_out_file(capsys):
    code = main(["report", str(MERGED), "--format", "docx"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.strip().splitlines() == ["accord: --format docx writes a Word document: give --out FILE.docx"]


def test_chart_text_renders_with_the_shipped_font_alone():
    """A fresh machine may have no fonts at all: the shipped Liberation Sans draws the labels."""
    from accord_partnership.exports.report_docx import CHART_FONT, svg_png

    assert CHART_FONT.is_file() and (CHART_FONT.parent / "OFL.txt").is_file()
    import tomllib

    root = Path(__file__).resolve().parent.parent
    patterns = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]["accord_partnership.exports"]
    shipped = {p for pattern in patterns for p in (root / "exports").glob(pattern)}
    assert {CHART_FONT, CHART_FONT.parent / "OFL.txt"} <= shipped  # installed with the package
    empty = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40" viewBox="0 0 200 40"></svg>'
    text = empty.replace("></svg>", '><text x="10" y="25" font-size="16" font-family="sans-serif">Trust (2.0)</text></svg>')
    blank = svg_png(empty, system_fonts=False)
    drawn = svg_png(text, system_fonts=False)
    assert blank.startswith(PNG) and drawn.startswith(PNG)
    assert drawn != blank  # the label was drawn
    assert svg_png(text, system_fonts=False) == drawn  # and the same way every time


def test_file_properties_are_the_reports_own(full_and_summary):
    # python-docx's blank document says "created 2013", "Microsoft Macintosh Word" and carries a
    # thumbnail of an empty page: a council's file list must show this report's own properties
    import zipfile
    from datetime import datetime, timedelta, timezone

    document = full_and_summary["full"]
    props = document.core_properties
    assert datetime.now(timezone.utc) - props.created < timedelta(hours=1)
    assert props.modified == props.created and props.revision == 1
    assert props.last_modified_by == props.author == "Accord"
    buffer = io.BytesIO()
    document.save(buffer)
    package = zipfile.ZipFile(buffer)
    assert not [name for name in package.namelist() if "thumbnail" in name]
    assert b"<Application>Accord</Application>" in package.read("docProps/app.xml")
    assert b"Macintosh" not in package.read("docProps/app.xml")
