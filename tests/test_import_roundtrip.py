"""Round trips (LimeSurvey structure and Excel scorecard: write, fill by script, import, merge,
compare) and the import's all-or-nothing writing (errors, ctrl+c, SIGTERM, stale staging)."""

from __future__ import annotations

import csv
import html
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from accord_partnership.engine.bundle import MAX_NOTE_CHARS, load_bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.survey import read_survey
from accord_partnership.exports.limesurvey import limesurvey_tsv
from accord_partnership.tui.cli import main
from accord_partnership.tui.cli.coordinator import import_names

ROOT = Path(__file__).resolve().parents[1]


def _structure(framework):
    text = limesurvey_tsv(framework)
    assert text.startswith("\ufeffclass\t")  # UTF-8 with a BOM, as LimeSurvey's own export
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter="\t"))


def _response_columns(rows, *, full_text: bool):
    """The response-export headings LimeSurvey gives for a structure: (heading, question type, subquestion text)."""
    columns = []
    question = None
    for row in rows:
        if row["class"] == "Q":
            question = row
            if row["type/scale"] in ("S", "Y", "T"):
                columns.append((html.unescape(row["text"]) if full_text else row["name"], row["type/scale"], row["name"]))
        elif row["class"] == "SQ":
            assert question is not None
            heading = f"{html.unescape(question['text'])} [{row['text']}]" if full_text else f"{question['name']}[{row['name']}]"
            columns.append((heading, question["type/scale"], row["text"]))
    return columns


def test_limesurvey_structure_is_the_tsv_format_with_valid_codes():
    fw = get_framework("audit-commission-lsp")
    rows = _structure(fw)
    assert list(rows[0].keys())[:7] == ["class", "type/scale", "name", "relevance", "text", "help", "language"]
    classes = {r["class"] for r in rows}
    assert classes == {"S", "SL", "G", "Q", "SQ", "A"}
    questions = [r["name"] for r in rows if r["class"] == "Q"]
    assert len(questions) == len(set(questions))
    for code in questions:
        assert code[0].isalpha() and code.isalnum() and len(code) <= 20
    for row in rows:
        if row["class"] == "A":
            assert row["name"].isalnum() and len(row["name"]) <= 5
    assert {r["type/scale"] for r in rows if r["class"] == "Q"} == {"S", "F", "Q", "Y", "T"}
    titles = [r["text"] for r in rows if r["class"] == "SL" and r["name"] == "surveyls_title"]
    assert titles == [fw.title]


@pytest.mark.parametrize("full_text", [False, True])
@pytest.mark.parametrize("framework_id", ["scsn-csp", "audit-commission-lsp"])
def test_limesurvey_round_trip(tmp_path, capsys, framework_id, full_text):
    fw = get_framework(framework_id)
    rows = _structure(fw)
    columns = _response_columns(rows, full_text=full_text)
    meta = ["Response ID", "Date submitted", "Last page", "Start language", "Seed"] if full_text else ["id", "submitdate", "lastpage", "startlanguage", "seed"]
    members = [("Ann", "ann@example.org", "police"), ("", "", "health"), ("Cy", "", "council")]
    filled: list[dict] = []
    table = [meta + [c[0] for c in columns]]
    for m, (name, email, role) in enumerate(members):
        values = [str(m + 1), f"2026-03-1{m + 1} 09:00:00", "9", "en", "1"]
        expect: dict = {}
        for k, (_heading, kind, code) in enumerate(columns):
            if code in ("NAME", "EMAIL", "ROLE"):
                values.append({"NAME": name, "EMAIL": email, "ROLE": role}[code])
            elif kind == "F":
                point = (k + m) % 6  # 0 = N/A
                values.append(("N/A" if full_text else "NA") if point == 0 else (f"{point} - {point}" if full_text else f"A{point}"))
                expect[("score", k)] = "na" if point == 0 else point
            elif kind == "Q":
                values.append(f"=note {m}-{k}" if k % 3 == 0 else "")
            elif kind == "Y":
                values.append(("Yes" if full_text else "Y") if (k + m) % 2 else ("No" if full_text else "N"))
            else:
                values.append(f"Open answer {m}-{k}")
        table.append(values)
        filled.append(expect)
    src = tmp_path / "responses.csv"
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    src.write_text(buffer.getvalue(), encoding="utf-8")

    result = read_survey(fw, src)
    assert result.warnings == [] and [c.heading for c in result.columns if c.role == "extra"] == []
    assert len(result.bundles) == 3
    expected_items = [c for c in result.columns if c.role in ("item", "comment")]
    assert len(expected_items) == len([c for c in columns if c[2] not in ("NAME", "EMAIL", "ROLE")])
    for m, (_line, bundle) in enumerate(result.bundles):
        assert (bundle.respondent, bundle.email, bundle.role) == members[m]
        for column in result.columns:
            if column.role != "item" or not column.item.rated:
                continue
            want = filled[m][("score", column.index - len(meta))]
            got = bundle.answers[(column.section.id, column.item.id)]
            assert (got.na and want == "na") or got.score == want
        notes = [c for c in result.columns if c.role == "comment"]
        for column in notes:
            k = column.index - len(meta)
            note = bundle.answers.get((column.section.id, column.item.id))
            if k % 3 == 0:
                assert note is not None and note.note == f"=note {m}-{k}"  # text, never a formula
    out = tmp_path / "bundles"
    assert main(["import", framework_id, str(src), "--out-dir", str(out)]) == 0
    capsys.readouterr()
    assert main(["merge", str(out), "--min-group", "2", "--with-notes"]) == 0
    merged = capsys.readouterr().out
    assert "respondents = 3" in merged and "anonymous = 1" in merged


def _fill_scorecard(template: Path, target: Path, name: str, email: str, scores: dict, notes: dict) -> None:
    import openpyxl

    book = openpyxl.load_workbook(template)
    details = book["Your details"]
    details["B5"], details["B6"], details["B7"] = name, email, "police"
    for (sheet_name, row), value in scores.items():
        book[sheet_name].cell(row=row, column=2).value = value
    for (sheet_name, row), value in notes.items():
        book[sheet_name].cell(row=row, column=3).value = value
    book.save(target)


def test_excel_scorecard_is_protected_with_drop_downs_and_no_formulas(tmp_path):
    import openpyxl

    fw = get_framework("scsn-csp")
    path = tmp_path / "card.xlsx"
    assert main(["show", "scsn-csp", "--format", "xlsx", "--out", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[0] == "Your details" and book["accord"].sheet_state == "veryHidden"
    assert book.security is not None and book.security.lockStructure  # no sheet renamed, added or deleted
    sections = [s for s in fw.sections if not s.private]
    assert book.sheetnames[1:-1] == [s.title for s in sections]
    sheet = book["Partnership Working"]
    assert sheet.protection.sheet
    assert [c.value for c in sheet[4]][:3] == ["Feature", "Score", "Evidence / notes"]
    first = fw.section("partnership-working").items[0]
    assert sheet["A5"].value.startswith(first.title)
    assert sheet["D5"].value == first.descriptor(1) and sheet["H5"].value == first.descriptor(5)
    assert not sheet["B5"].protection.locked and not sheet["C5"].protection.locked and sheet["A5"].protection.locked
    assert sheet["C5"].number_format == "@"  # typed notes stay text in Excel
    lists = [dv.formula1 for dv in sheet.data_validations.dataValidation]
    assert '"1,2,3,4,5,N/A"' in lists
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    assert main(["show", "scsn-csp", "--format", "xlsx", "--out", str(path)]) == 2  # never replaces a file


def test_excel_scorecard_round_trip_folder_import_merge(tmp_path, capsys):
    fw = get_framework("scsn-csp")
    template = tmp_path / "card.xlsx"
    assert main(["show", "scsn-csp", "--format", "xlsx", "--out", str(template)]) == 0
    back = tmp_path / "returned"
    back.mkdir()
    pw = fw.section("partnership-working")
    members = {
        "ann": ({("Partnership Working", 5): "4", ("Partnership Working", 6): 2}, {("Partnership Working", 5): '=HYPERLINK("http://evil","x")'}),
        "bob": ({("Partnership Working", 5): "N/A", ("Partnership Working", 6): "5"}, {("Partnership Working", 6): "@SUM(A1)"}),
        "cy": ({("Partnership Working", 5): 1}, {}),
    }
    for name, (scores, notes) in members.items():
        _fill_scorecard(template, back / f"{name}.xlsx", name.title(), f"{name}@example.org", scores, notes)
    (back / "~$ann.xlsx").write_bytes(b"lock file")
    out = tmp_path / "bundles"
    assert main(["import", "scsn-csp", str(back), "--out-dir", str(out)]) == 0
    captured = capsys.readouterr()
    assert "read 3 scorecard workbooks from returned: 3 respondents" in captured.err
    bundles = {b.respondent: b for b, _fw in (load_bundle(p) for p in sorted(out.iterdir()))}
    first, second = pw.items[0].id, pw.items[1].id
    assert bundles["Ann"].answers[("partnership-working", first)].score == 4
    assert bundles["Ann"].answers[("partnership-working", first)].note == '=HYPERLINK("http://evil","x")'
    assert bundles["Ann"].answers[("partnership-working", second)].score == 2
    assert bundles["Bob"].answers[("partnership-working", first)].na
    assert bundles["Bob"].answers[("partnership-working", second)].note == "@SUM(A1)"
    assert bundles["Cy"].answers[("partnership-working", first)].score == 1
    assert bundles["Ann"].role == "police" and bundles["Ann"].email == "ann@example.org"
    assert main(["merge", str(out), "--min-group", "2"]) == 0
    merged = capsys.readouterr().out
    assert "respondents = 3" in merged
    # the statistics of the merged answers are those of the filled values: 4, N/A, 1 and 2, 5
    import json

    assert main(["stats", str(out), "--json", "--min-group", "2"]) == 0
    rows = {r["item"]: r for r in json.loads(capsys.readouterr().out) if r["section"] == "partnership-working"}
    assert (rows[first]["n"], rows[first]["n_na"], rows[first]["mean"], rows[first]["min"], rows[first]["max"]) == (2, 1, 2.5, 1, 4)
    assert (rows[second]["n"], rows[second]["n_na"], rows[second]["mean"]) == (2, 0, 3.5)
    # another framework, or another version, is refused with the reason
    assert main(["import", "sport-england-csp", str(back / "ann.xlsx"), "--out-dir", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert "this scorecard is for framework scsn-csp, the framework here for sport-england-csp" in err and err.count("\n") == 1
    assert not (tmp_path / "x").exists()


def test_scorecard_of_another_version_is_refused(tmp_path, capsys):
    import openpyxl

    template = tmp_path / "card.xlsx"
    assert main(["show", "scsn-csp", "--format", "xlsx", "--out", str(template)]) == 0
    book = openpyxl.load_workbook(template)
    book["accord"]["B3"] = "2009"
    book.save(template)
    assert main(["import", "scsn-csp", str(template), "--out-dir", str(tmp_path / "o")]) == 2
    assert "this scorecard is for scsn-csp version '2009', the framework here for version '2012.1'" in capsys.readouterr().err


# --- all or nothing, lengths, names ----------------------------------------------------------------


def _many_rows(path: Path, n: int) -> Path:
    lines = ["Name,Trust,Shared vision"] + [f"Member {i},{1 + i % 5},{1 + (i * 3) % 5}" for i in range(n)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_interrupted_import_leaves_the_folder_as_it_was(tmp_path, monkeypatch, capsys):
    import accord_partnership.exports.bundle_file as bundle_file

    src = _many_rows(tmp_path / "r.csv", 20)
    real = bundle_file._write_staged
    calls = {"n": 0}

    def interrupted(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 7:
            raise KeyboardInterrupt
        return real(*args, **kwargs)

    monkeypatch.setattr(bundle_file, "_write_staged", interrupted)
    new = tmp_path / "new"
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(new)]) == 130
    assert not new.exists()
    kept = tmp_path / "kept"
    kept.mkdir()
    (kept / "mine.toml").write_text("mine")
    calls["n"] = 0
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(kept)]) == 130
    assert [p.name for p in kept.iterdir()] == ["mine.toml"]
    monkeypatch.setattr(bundle_file, "_write_staged", real)
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(kept)]) == 0  # a re-run is not refused
    assert len(list(kept.glob("scsn-csp-*.toml"))) == 20


def test_stale_staging_folder_of_a_killed_import_is_removed(tmp_path, capsys):
    src = _many_rows(tmp_path / "r.csv", 3)
    out = tmp_path / "out"
    out.mkdir()
    stale = out / ".accord-import-999999999-dead"
    stale.mkdir()
    (stale / "scsn-csp-0001-member-0.toml").write_text("half")
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(out)]) == 0
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == ["scsn-csp-0001-member-0.toml", "scsn-csp-0002-member-1.toml", "scsn-csp-0003-member-2.toml"]


def test_sigterm_during_import_is_all_or_nothing(tmp_path):
    src = _many_rows(tmp_path / "r.csv", 3000)
    out = tmp_path / "out"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen(
        [sys.executable, "-m", "accord_partnership.tui.cli", "import", "scsn-csp", str(src), "--out-dir", str(out)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        staging = list(out.glob(".accord-import-*/*.toml")) if out.exists() else []
        if len(staging) >= 50:
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    written = list(out.glob("*.toml")) if out.exists() else []
    assert len(written) in (0, 3000)
    assert not list(out.glob(".accord-import-*")) if out.exists() else True
    assert proc.returncode in (0, 143)  # 128 + SIGTERM, as a shell reports a terminated command (test12 D15)
    if proc.returncode == 143:
        assert not out.exists()


def test_an_open_answer_longer_than_a_note_is_refused_and_the_longest_reads_back(tmp_path, capsys):
    fw = get_framework("audit-commission-lsp")
    section, item = next((s, i) for s, i in fw.items() if i.kind == "open")
    src = tmp_path / "r.csv"
    src.write_text(f"Name,{section.id}.{item.id}\nAnn,{'x' * 120_000}\n", encoding="utf-8")
    assert main(["import", fw.id, str(src), "--out-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "r.csv:2:" in err and "too long (120,000 characters; a note holds at most 100,000)" in err
    assert not (tmp_path / "o").exists()
    src.write_text(f"Name,{section.id}.{item.id}\nAnn,{'x' * MAX_NOTE_CHARS}\n", encoding="utf-8")
    assert main(["import", fw.id, str(src), "--out-dir", str(tmp_path / "o")]) == 0
    (written,) = list((tmp_path / "o").iterdir())
    assert main(["validate", str(written)]) == 0
    assert main(["merge", str(tmp_path / "o"), "--min-group", "2"]) == 0


@pytest.mark.parametrize("cell", ["9999-12-31T23:59:59-01:00", "not a date"])
def test_cli_out_of_range_timestamp_is_one_line_exit_2(tmp_path, capsys, cell):
    src = tmp_path / "r.csv"
    src.write_text(f"Timestamp,Trust\n{cell},3\n", encoding="utf-8")
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{src}:2: column 'Timestamp'" in err


def test_cli_400_digit_score_is_one_line_exit_2(tmp_path, capsys):
    src = tmp_path / "r.csv"
    src.write_text("Trust\n" + "4" * 400 + "\n", encoding="utf-8")
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is out of range 1-5" in err and len(err) < 300


def test_file_names_are_built_from_checked_ids_and_slugs_only():
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.errors import AccordError

    bundles = [Bundle(framework_id="x", framework_version="1", respondent="../../etc/passwd"), Bundle(framework_id="x", framework_version="1")]
    names = import_names("my_toolkit-2", bundles)
    assert names == ["my_toolkit-2-0001-etc-passwd.toml", "my_toolkit-2-0002-anonymous.toml"]
    with pytest.raises(AccordError, match="must be a framework id"):
        import_names("../../X", bundles)


def test_hostile_framework_text_stays_text_in_the_scorecard_and_limesurvey_file(tmp_path, user_framework):
    import openpyxl

    source = user_framework("hostile")
    source.write_text(source.read_text(encoding="utf-8").replace('title = "Two"', 'title = "=HYPERLINK(\\"http://evil\\",\\"x\\")"'), encoding="utf-8")
    fw = get_framework("hostile")
    path = tmp_path / "card.xlsx"
    assert main(["show", "hostile", "--format", "xlsx", "--out", str(path)]) == 0
    book = openpyxl.load_workbook(path)
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert not [c for c in cells if c.data_type == "f"]
    assert any(str(c.value).startswith('=HYPERLINK("http://evil"') for c in cells)
    tsv = limesurvey_tsv(fw)
    assert "\t=HYPERLINK" not in tsv and "\x1b" not in tsv
    assert "'=HYPERLINK(" in tsv  # the one CSV writer's neutralised form


def test_file_names_keep_accented_names_readable():
    from accord_partnership.engine.bundle import Bundle

    names = import_names("scsn-csp", [Bundle(framework_id="scsn-csp", framework_version="1", respondent="Siân O’Neill")])
    assert names == ["scsn-csp-0001-sian-o-neill.toml"]
