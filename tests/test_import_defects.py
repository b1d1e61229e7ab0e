"""Regressions for the defects a tester found in `accord import` (notes/test12: D1-D15)."""

from __future__ import annotations

import csv
import io
import os
from datetime import datetime
from pathlib import Path

import pytest

from accord_partnership.engine.bundle import load_bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import CsvError
from accord_partnership.engine.scorecard_book import read_scorecards
from accord_partnership.engine.survey import read_survey
from accord_partnership.tui.cli import main

DATA = Path(__file__).parent / "data" / "import"
PW = "Partnership Working"


@pytest.fixture(scope="module")
def scsn():
    return get_framework("scsn-csp")


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("card") / "card.xlsx"
    assert main(["show", "scsn-csp", "--format", "xlsx", "--out", str(path)]) == 0
    return path


def fill(template: Path, target: Path, name: str, scores: dict[int, object], *, saved: datetime | None = None, edit=None) -> Path:
    import openpyxl

    book = openpyxl.load_workbook(template)
    details = book["Your details"]
    details["B5"], details["B6"], details["B7"] = name, f"{name.casefold()}@example.org", "police"
    for row, value in scores.items():
        book[PW].cell(row=row, column=2).value = value
    if edit:
        edit(book[PW])
    book.save(target)
    if saved is not None:  # the workbook's own saved time (openpyxl stamps `modified` on save: rewrite it)
        import re
        import zipfile

        with zipfile.ZipFile(target) as archive:
            parts = {n: archive.read(n) for n in archive.namelist()}
        core = parts["docProps/core.xml"].decode()
        stamp = saved.strftime("%Y-%m-%dT%H:%M:%SZ")
        parts["docProps/core.xml"] = re.sub(r"(<dcterms:modified[^>]*>)[^<]*", rf"\g<1>{stamp}", core).encode()
        with zipfile.ZipFile(target, "w") as archive:
            for name_, data in parts.items():
                archive.writestr(name_, data)
    return target


def pw_scores(bundle, framework) -> dict[str, object]:
    section = framework.section("partnership-working")
    return {i.id: (bundle.answers[(section.id, i.id)].score if (section.id, i.id) in bundle.answers else None) for i in section.items[:3]}


# --- D1: sorted or moved scorecard rows -----------------------------------------------------------


def test_d1_sorted_rows_keep_scores_on_their_features(tmp_path, scsn, template):
    def swap(sheet):  # the member lifted the protection and sorted: rows 5 and 6 trade places, whole
        for col in range(1, sheet.max_column + 1):
            a, b = sheet.cell(row=5, column=col), sheet.cell(row=6, column=col)
            a.value, b.value = b.value, a.value

    card = fill(template, tmp_path / "sorted.xlsx", "Ann", {5: 4, 6: 2}, edit=swap)
    bundle = read_scorecards(scsn, card).bundles[0][1]
    first, second, third = scsn.section("partnership-working").items[:3]
    assert pw_scores(bundle, scsn) == {first.id: 4, second.id: 2, third.id: None}


def test_d1_a_row_showing_another_feature_is_refused_naming_sheet_and_row(tmp_path, capsys, scsn, template):
    def overwrite(sheet):  # row 5 pasted over row 6: the second feature is nowhere
        for col in range(1, sheet.max_column + 1):
            sheet.cell(row=6, column=col).value = sheet.cell(row=5, column=col).value

    card = fill(template, tmp_path / "moved.xlsx", "Ann", {5: 4}, edit=overwrite)
    second = scsn.section("partnership-working").items[1].title
    with pytest.raises(CsvError, match=rf"sheet '{PW}' row 6: expected the feature '{second}' but the row shows"):
        read_scorecards(scsn, card)
    assert main(["import", "scsn-csp", str(card), "--out-dir", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "sorted, moved or deleted" in err and not (tmp_path / "out").exists()


# --- D2: UTF-8 with a stray Windows-1252 byte --------------------------------------------------------


def test_d2_stray_cp1252_byte_in_utf8_keeps_utf8(scsn):
    result = read_survey(scsn, DATA / "utf8_stray_cp1252.csv")
    assert [b.respondent for _n, b in result.bundles] == ["Siân Jones", "Zoë Brontë"]
    assert result.format.startswith("CSV, UTF-8, 2 stray Windows-1252 bytes")


def test_d2_legacy_text_is_windows_1252_only(tmp_path, scsn):
    path = tmp_path / "r.csv"
    path.write_bytes("Name,Trust\r\nSiân,3\r\nZoë,4\r\n".encode("cp1252"))
    result = read_survey(scsn, path)
    assert [b.respondent for _n, b in result.bundles] == ["Siân", "Zoë"] and "Windows-1252" in result.format
    path.write_bytes(b"Name,Trust\r\nAnn,3\r\nB\x81b,4\r\n")  # 0x81 is no Windows-1252 character: no other guess
    with pytest.raises(CsvError, match=r"r.csv:3: not valid Windows-1252"):
        read_survey(scsn, path)


# --- D3, D4: completion statuses ------------------------------------------------------------------


def test_d3_d4_statuses_partial_excluded_and_unknown(tmp_path, scsn):
    statuses = ["Completed", "Not Completed", "Dropped", "Disqualified", "Screened Out", "Survey Preview", "Spam", "IP Address"]
    rows = [["Response Status", "Email", "Trust"]] + [[s, f"m{n}@x.org", "3"] for n, s in enumerate(statuses)]
    path = write_csv(tmp_path / "s.csv", rows)
    result = read_survey(scsn, path)
    assert [b.email for _n, b in result.bundles] == ["m0@x.org", "m7@x.org"]
    summary = result.summary()
    assert "2 partial responses" in summary and "4 rows that are no member's response (Disqualified, Screened Out, Survey Preview, Spam)" in summary
    kept = read_survey(scsn, path, include_partial=True)  # partial ones come back; previews and spam never
    assert [b.email for _n, b in kept.bundles] == ["m0@x.org", "m1@x.org", "m2@x.org", "m7@x.org"]
    path = write_csv(tmp_path / "u.csv", [["Response Status", "Email", "Trust"], ["Completed", "a@x.org", "3"], ["Maybe", "b@x.org", "4"]])
    with pytest.raises(CsvError, match=r"u.csv:3: column 'Response Status': 'Maybe' is not a completion status Accord knows"):
        read_survey(scsn, path)


# --- D5: workbooks with several sheets --------------------------------------------------------------


def test_d5_the_sheet_whose_headings_match_is_read_and_named_in_errors(tmp_path, capsys, scsn):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Read me"
    book.active.append(["This export holds the responses on the next sheet."])
    responses = book.create_sheet("Responses")
    responses.append(["Email", "Trust", "Induction"])
    responses.append(["a@x.org", 4, 3])
    responses.append(["b@x.org", 5, "N/A"])
    summary = book.create_sheet("Summary")
    summary.append(["Item", "Mean"])
    summary.append(["Trust", 4.5])
    path = tmp_path / "multi.xlsx"
    book.save(path)
    result = read_survey(scsn, path)
    assert [b.email for _n, b in result.bundles] == ["a@x.org", "b@x.org"] and "sheet 'Responses'" in result.format
    responses.append(["c@x.org", 9, 1])
    book.save(path)
    with pytest.raises(CsvError, match=r"multi.xlsx: sheet 'Responses' row 4: column 'Trust': '9' is out of range"):
        read_survey(scsn, path)
    assert main(["import", "scsn-csp", str(path), "--sheet", "Nope", "--out-dir", str(tmp_path / "o")]) == 2
    assert "--sheet 'Nope': no such sheet (the sheets are 'Read me', 'Responses', 'Summary')" in capsys.readouterr().err


# --- D6: two general-comment columns ----------------------------------------------------------------


def test_d6_every_general_comment_column_is_kept(tmp_path, scsn):
    rows = [["Email", "Trust", "Comments", "Induction", "Comments"], ["a@x.org", "3", "first words", "4", "second words"]]
    bundle = read_survey(scsn, write_csv(tmp_path / "c.csv", rows)).bundles[0][1]
    notes = " ".join(a.note for a in bundle.answers.values())
    assert "first words" in notes and "second words" in notes


# --- D7: one member's two returned workbooks --------------------------------------------------------


def test_d7_two_workbooks_of_one_member_are_one_bundle_by_saved_time(tmp_path, capsys, scsn, template):
    folder = tmp_path / "back"
    folder.mkdir()
    final = fill(template, folder / "a-final.xlsx", "Ann", {5: 5}, saved=datetime(2026, 3, 12, 9, 0))
    draft = fill(template, folder / "b-draft.xlsx", "Ann", {5: 1}, saved=datetime(2026, 3, 10, 9, 0))
    os.utime(final, (1_700_000_000, 1_700_000_000))  # the final was copied long ago: its file time is older
    os.utime(draft, (1_800_000_000, 1_800_000_000))
    fill(template, folder / "bob.xlsx", "Bob", {5: 3})
    (folder / "~$bob.xlsx").write_bytes(b"lock")
    (folder / "desktop.ini").write_text("[.ShellClassInfo]")
    result = read_scorecards(scsn, folder)
    by_name = {b.respondent: b for _p, b in result.bundles}
    assert sorted(by_name) == ["Ann", "Bob"]
    assert pw_scores(by_name["Ann"], scsn)[scsn.section("partnership-working").items[0].id] == 5
    assert by_name["Ann"].updated.isoformat().startswith("2026-03-12T09:00")
    summary = result.summary()
    assert "left out 1 older workbook of members who returned two (b-draft.xlsx by a-final.xlsx)" in summary
    assert "skipped 2 other files (desktop.ini, ~$bob.xlsx)" in summary


# --- D10, D11, D13, D14 -----------------------------------------------------------------------------


def test_d10_long_grid_heading_errors_name_the_item(tmp_path, scsn):
    heading = "Rate each feature of Partnership Working in your area [Trust]"
    path = write_csv(tmp_path / "g.csv", [["Email", heading], ["a@x.org", "7"]])
    with pytest.raises(CsvError, match=r"g.csv:2: column 'Rate each .*' \(no. 2; item 'Trust'\): '7' is out of range 1-5"):
        read_survey(scsn, path)


def test_d11_role_column_refuses_the_email_and_item_columns(tmp_path, scsn):
    path = write_csv(tmp_path / "r.csv", [["Email", "Trust", "Agency"], ["a@x.org", "3", "Police"]])
    with pytest.raises(CsvError, match=r"--role-column '1': column 1 \('Email'\) holds the email, not a role"):
        read_survey(scsn, path, role_column="1")
    with pytest.raises(CsvError, match=r"--role-column 'Trust': column 2 \('Trust'\) holds item 'Trust', not a role"):
        read_survey(scsn, path, role_column="Trust")
    assert read_survey(scsn, path, role_column="Agency").bundles[0][1].role == "Police"


def test_d13_partnership_option_applies_to_scorecards(tmp_path, scsn, template):
    card = fill(template, tmp_path / "ann.xlsx", "Ann", {5: 4})
    assert read_scorecards(scsn, card, partnership="Borough CSP").bundles[0][1].partnership == "Borough CSP"


def test_d14_ignored_columns_warning_is_capped(tmp_path, scsn):
    header = ["Email", "Trust"] + [f"Unrelated question {n}" for n in range(30)]
    path = write_csv(tmp_path / "w.csv", [header, ["a@x.org", "3"] + ["x"] * 30])
    (warning,) = read_survey(scsn, path).warnings
    assert "ignored 30 columns" in warning and warning.endswith("'Unrelated question 9' and 20 more") and len(warning) < 700


# --- D12, D15 and small ones --------------------------------------------------------------------------


def test_d12_typographic_apostrophe_is_the_same_person(tmp_path, scsn):
    rows = [["Name", "Trust"], ["Siân O'Neill", "2"], ["Siân O\u2019Neill", "4"]]
    result = read_survey(scsn, write_csv(tmp_path / "a.csv", rows))
    assert len(result.bundles) == 1 and result.bundles[0][1].answers[("partnership-working", "trust")].score == 4


def test_d15_control_characters_leave_names_and_roles(tmp_path, scsn):
    rows = [["Name", "Role", "Trust"], ["A\x00nn", "Hea\x00lth", "3"]]
    bundle = read_survey(scsn, write_csv(tmp_path / "n.csv", rows)).bundles[0][1]
    assert (bundle.respondent, bundle.role) == ("Ann", "Health")


def test_limesurvey_answers_read_as_levels_not_repeated_numbers():
    from accord_partnership.exports.limesurvey import limesurvey_tsv

    def answer_texts(framework_id: str) -> list[str]:
        text = limesurvey_tsv(get_framework(framework_id))
        return [line.split("\t")[4] for line in text.splitlines() if line.startswith("A\t")]

    assert answer_texts("scsn-csp")[:6] == ["1", "2", "3", "4", "5", "N/A"]  # levels without labels: not "1 - 1"
    assert answer_texts("hgiocld-3-2")[:2] == ["1 - unsatisfactory", "2 - weak"]


def test_sheet_names_keep_apostrophes_inside():
    from accord_partnership.exports.scorecard_xlsx import sheet_names

    names = sheet_names(get_framework("audit-commission-lsp")).values()
    assert "The LSP's long-term goals" in names and not any(n.startswith("'") or n.endswith("'") for n in names)
