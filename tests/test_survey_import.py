"""Survey CSV import: headings, cells, every bad-CSV case, and `accord import` writing nothing on error."""

from __future__ import annotations

import csv
import io
import stat
from datetime import datetime, timezone
from pathlib import Path

import pytest

from accord_partnership.engine.bundle import load_bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import CsvError
from accord_partnership.engine.survey import normalise, read_survey, strip_question_number
from accord_partnership.exports.framework_out import framework_csv_template
from accord_partnership.tui.cli import main


@pytest.fixture(scope="module")
def scsn():
    return get_framework("scsn-csp")


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", bom: bool = False, encoding: str = "utf-8") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    data = ("\ufeff" if bom else "") + buffer.getvalue()
    path.write_bytes(data.encode(encoding))
    return path


def test_the_show_template_imports(tmp_path, scsn):
    header = next(csv.reader(io.StringIO(framework_csv_template(scsn))))
    items = [(s.id, i.id) for s in scsn.sections if not s.private for i in s.items]
    assert len(header) == 4 + len(items)
    values = ["1", "2", "3", "4", "5", "N/A", ""]
    rows = [header]
    for n in range(3):
        rows.append([f"Member {n}", f"m{n}@example.org", "police", "2026-11-25 09:30"] + [values[(n + k) % len(values)] for k in range(len(items))])
    result = read_survey(scsn, write_csv(tmp_path / "responses.csv", rows), partnership="Moray CSP")
    assert result.warnings == []
    assert len(result.bundles) == 3
    line, bundle = result.bundles[1]
    assert line == 3
    assert (bundle.respondent, bundle.email, bundle.role, bundle.partnership) == ("Member 1", "m1@example.org", "police", "Moray CSP")
    assert bundle.updated == datetime(2026, 11, 25, 9, 30, tzinfo=timezone.utc)
    for k, key in enumerate(items):
        expected = values[(1 + k) % len(values)]
        answer = bundle.answers.get(key)
        if expected == "":
            assert answer is None
        elif expected == "N/A":
            assert answer.na and answer.score is None
        else:
            assert answer.score == int(expected)


@pytest.mark.parametrize(
    "heading",
    ["Trust", "trust", "  TRUST ", "Q3. Trust", "3) Trust", "Q12 Trust", "12. Trust", "partnership-working.trust", "Partnership Working: Trust", "partnership-working/trust"],
)
def test_item_headings_accepted(tmp_path, scsn, heading):
    result = read_survey(scsn, write_csv(tmp_path / "r.csv", [[heading], ["4"]]))
    assert result.bundles[0][1].answers[("partnership-working", "trust")].score == 4


def test_punctuation_spacing_and_case_do_not_matter(tmp_path, scsn):
    heading = "Q7)  identifying ,assessing and  ACTION on risk"
    result = read_survey(scsn, write_csv(tmp_path / "r.csv", [[heading, "co-design"], ["2", "5"]]))
    answers = result.bundles[0][1].answers
    assert answers[("planning-delivery", "identifying-assessing-and-action-on-risk")].score == 2
    # a title beats a bare id of another section's item (Leadership has an item with id co-design)
    assert answers[("planning-delivery", "co-design")].score == 5


def test_normalise_and_question_numbers():
    assert normalise("Identifying , assessing") == normalise("identifying,assessing")
    assert strip_question_number("Q3. Trust") == "Trust"
    assert strip_question_number("3) Trust") == "Trust"
    assert strip_question_number("Question 4: Trust") == "Trust"
    assert strip_question_number("Trust") == "Trust"


def test_cells_na_words_labels_and_blank(tmp_path, scsn):
    rows = [["Trust", "Induction", "Shared vision", "Mutual understanding", "Co-design", "Review"]]
    rows += [["N/A", "NA", "n/a", "0", "4 - Agree", ""]]
    result = read_survey(scsn, write_csv(tmp_path / "r.csv", rows))
    answers = result.bundles[0][1].answers
    for item in ("trust", "induction", "shared-vision", "mutual-understanding"):
        assert answers[("partnership-working", item)].na
    assert answers[("planning-delivery", "co-design")].score == 4
    assert ("review-reflect-refine", "review") not in answers


def test_yes_no_and_open_items(tmp_path):
    audit = get_framework("audit-commission-lsp")
    yesno = [(s, i) for s, i in audit.items() if i.kind == "yesno"][:3]
    opened = next((s, i) for s, i in audit.items() if i.kind == "open")
    header = [f"{s.id}.{i.id}" for s, i in yesno] + [opened[1].title]
    rows = [header, ["Yes", "n", "TRUE", "We meet monthly."], ["false", "y", "no", ""]]
    result = read_survey(audit, write_csv(tmp_path / "r.csv", rows))
    first, second = result.bundles[0][1], result.bundles[1][1]
    assert [first.answers[(s.id, i.id)].choice for s, i in yesno] == ["yes", "no", "yes"]
    assert [second.answers[(s.id, i.id)].choice for s, i in yesno] == ["no", "yes", "no"]
    assert first.answers[(opened[0].id, opened[1].id)].note == "We meet monthly."
    bad = write_csv(tmp_path / "bad.csv", [header, ["maybe", "", "", ""]])
    with pytest.raises(CsvError, match=r"bad.csv:2: column '.*': 'maybe' is not yes or no"):
        read_survey(audit, bad)


def test_bom_semicolons_and_crlf(tmp_path, scsn):
    path = write_csv(tmp_path / "r.csv", [["Name", "E-mail", "Trust", "Induction"], ["Zoë", "z@x.org", "5", "N/A"]], delimiter=";", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    result = read_survey(scsn, path)
    bundle = result.bundles[0][1]
    assert (bundle.respondent, bundle.email) == ("Zoë", "z@x.org")
    assert bundle.answers[("partnership-working", "trust")].score == 5


def test_extra_columns_are_ignored_with_a_warning_naming_them(tmp_path, scsn):
    rows = [["ID", "Start time", "Trust", "Favourite colour", "", ""], ["1", "x", "3", "blue", "unheaded", ""]]
    result = read_survey(scsn, write_csv(tmp_path / "r.csv", rows))
    assert len(result.warnings) == 1
    warning = result.warnings[0]
    # survey metadata (ID, Start time) is ignored quietly but counted; anything else is named, except
    # a column with neither a heading nor data (a trailing comma on every line)
    assert "'Favourite colour'" in warning and "column 5 (no heading)" in warning and "'ID'" not in warning
    assert "column 6" not in warning and "ignored 2 columns" in warning
    assert "ignored 4 columns (2 survey metadata, 2 matching no item)" in result.summary()


def test_blank_rows_are_skipped_and_lines_counted(tmp_path, scsn):
    path = tmp_path / "r.csv"
    path.write_text('Trust,Induction\r\n3,4\r\n,\r\n\r\n"2",7\r\n', encoding="utf-8")
    with pytest.raises(CsvError) as info:
        read_survey(scsn, path)
    assert str(info.value) == f"{path}:5: column 'Induction': '7' is out of range 1-5"


def test_multiline_cell_keeps_line_numbers_right(tmp_path):
    audit = get_framework("audit-commission-lsp")
    opened = next(i for s, i in audit.items() if i.kind == "open")
    question = next(i for s, i in audit.items() if i.kind == "question")
    path = tmp_path / "r.csv"
    path.write_text(f'"{opened.title}","{question.title}"\r\n"two\r\nlines",3\r\nok,9\r\n', encoding="utf-8")
    with pytest.raises(CsvError, match=r"r.csv:4: column .*'9' is out of range 1-5"):
        read_survey(audit, path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("respondent,Trust\nAnn,3\nBob,3\nCy,3\nDi,2\nEd,1\nFay,7\n", "r.csv:7: column 'Trust': '7' is out of range 1-5"),
        ("Trust\n3.5\n", "r.csv:2: column 'Trust': '3.5' is not a whole number"),
        ("Trust\nabc\n", "r.csv:2: column 'Trust': 'abc' is not a score (1-5 or N/A)"),
        ("Trust\n-1\n", "r.csv:2: column 'Trust': '-1' is out of range 1-5"),
        ("respondent,email,colour\nAnn,a@x,red\n", "r.csv:1: no column matches an item of scsn-csp"),
        ("Trust,Induction\n3,4\n3\n", "r.csv:3: row has 1 cells but the header has 2 columns"),
        ("Trust,Induction\n3,4,5\n", "r.csv:2: row has 3 cells but the header has 2 columns"),
        ("Trust,trust\n3,4\n", "r.csv:1: duplicate columns: 'Trust' (column 1) and 'trust' (column 2) are both item 'partnership-working.trust'"),
        ("email,E-mail,Trust\na,b,3\n", "r.csv:1: duplicate columns: 'email' (column 1) and 'E-mail' (column 2) are both the email"),
        ("Trust,Induction\n", "r.csv:2: no responses: only a header row"),
        ("", "r.csv: file is empty"),
        ("timestamp,Trust\nyesterday,3\n", "r.csv:2: column 'timestamp': 'yesterday' is not a date and time"),
        ("leadership.co-design\nN/A\n", "r.csv:2: column 'leadership.co-design': 'N/A' (N/A) is not allowed here: the scale has no N/A"),
    ],
)
def test_bad_csv_cases(tmp_path, scsn, content, message):
    path = tmp_path / "r.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CsvError) as info:
        read_survey(scsn, path)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_text_that_is_not_utf8_is_read_as_windows_1252_and_named_in_errors(tmp_path, scsn):
    path = tmp_path / "r.csv"
    path.write_bytes(b"Trust\n3\n\xff\xfe4\n")
    with pytest.raises(CsvError) as info:
        read_survey(scsn, path)
    assert str(info.value) == f"{path}:3: column 'Trust': '\u00ff\u00fe4' is not a score (1-5 or N/A)"
    path.write_bytes(b"Respondent,Trust\nZo\xff\x00,3\n")
    with pytest.raises(CsvError, match=r"r.csv: not a text file or an .xlsx workbook"):
        read_survey(scsn, path)


# --- accord import ---------------------------------------------------------------------------------


def test_cli_import_writes_private_bundles_that_merge(tmp_path, capsys):
    src = write_csv(tmp_path / "responses.csv", [["respondent", "email", "role", "Trust", "Induction", "Extra"], ["Ann", "ann@x.org", "police", "4", "5", "?"], ["", "", "", "2", "N/A", "?"]])
    out = tmp_path / "bundles"
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(out), "--partnership", "Moray CSP"]) == 0
    captured = capsys.readouterr()
    assert "imported 2 bundles" in captured.out
    assert "'Extra'" in captured.err
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["scsn-csp-0001-ann.toml", "scsn-csp-0002-anonymous.toml"]
    for f in files:
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    bundle, _ = load_bundle(files[0])
    assert (bundle.respondent, bundle.partnership) == ("Ann", "Moray CSP")
    assert main(["merge", str(out), "--min-group", "2"]) == 0
    merged = capsys.readouterr().out
    assert "respondents = 2" in merged and "anonymous = 1" in merged


def test_cli_import_never_overwrites_and_writes_nothing_on_collision(tmp_path, capsys):
    src = write_csv(tmp_path / "responses.csv", [["respondent", "Trust"], ["Ann", "4"], ["Bob", "3"]])
    out = tmp_path / "bundles"
    out.mkdir()
    (out / "scsn-csp-0002-bob.toml").write_text("someone else's file")
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "scsn-csp-0002-bob.toml: already exists; nothing written" in err[0]
    assert sorted(p.name for p in out.iterdir()) == ["scsn-csp-0002-bob.toml"]
    assert (out / "scsn-csp-0002-bob.toml").read_text() == "someone else's file"


def test_cli_import_bad_csv_writes_nothing(tmp_path, capsys):
    src = tmp_path / "responses.csv"
    src.write_text("Trust\n3\n9\n")
    out = tmp_path / "bundles"
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(out)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"accord: {src}:3: column 'Trust': '9' is out of range 1-5"]
    assert not out.exists()


def test_cli_import_unknown_framework(tmp_path, capsys):
    src = tmp_path / "responses.csv"
    src.write_text("Trust\n3\n")
    assert main(["import", "no-such-framework", str(src), "--out-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "unknown framework 'no-such-framework'" in err[0]
    assert not (tmp_path / "o").exists()
