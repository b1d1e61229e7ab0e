"""Survey exports as each platform lays them out (fixtures: tests/data/import/make_fixtures.py).

Each fixture asserts who the respondents are, how many answers each item got and which rows were
left out and why; then the encodings Excel writes, the date rules, and the CLI on real files.
"""

from __future__ import annotations

import shutil
from datetime import datetime, timezone
from pathlib import Path

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import CsvError
from accord_partnership.engine.survey import read_survey
from accord_partnership.tui.cli import main

DATA = Path(__file__).parent / "data" / "import"
PW = "partnership-working"


@pytest.fixture(scope="module")
def scsn():
    return get_framework("scsn-csp")


def outcome(result):
    """(respondents as (name, email, role), answers per item id, [(row, reason)] left out)."""
    people = [(b.respondent, b.email, b.role) for _n, b in result.bundles]
    counts: dict[str, int] = {}
    for _n, bundle in result.bundles:
        for (_s, item), answer in bundle.answers.items():
            if answer.score is not None or answer.na or answer.choice:
                counts[item] = counts.get(item, 0) + 1
    return people, counts, [(x.row, x.reason) for x in result.left_out]


def answer(result, who_index: int, item: str, section: str = PW):
    return result.bundles[who_index][1].answers.get((section, item))


def test_microsoft_forms_xlsx_anonymous_rows_are_distinct_and_the_later_submission_wins(scsn):
    result = read_survey(scsn, DATA / "msforms.xlsx")
    people, counts, left = outcome(result)
    assert result.layout == "Microsoft Forms" and result.format == "Excel workbook, sheet 'Sheet1'"
    # three anonymous rows are three respondents ("anonymous" in Email is no identity)
    assert people == [("", "", "Police"), ("", "", "Health"), ("", "", "Council"), ("Ann Lee", "ann@example.org", "Fire")]
    assert counts == {"shared-vision": 4, "trust": 4}
    assert left == [(5, "replaced")]  # Ann's 4 March row, replaced by her 11 March one
    assert answer(result, 3, "shared-vision").score == 5
    assert result.bundles[3][1].updated == datetime(2026, 3, 11, 9, 5, tzinfo=timezone.utc)
    assert answer(result, 2, "shared-vision").na  # "N/A" in a workbook cell is an answer, not a missing value
    assert answer(result, 2, "trust").note == "New to the board"  # `Trust - comments`
    assert answer(result, 1, "trust").note == "General comment: We need a shared budget."  # follows the Trust column
    assert "4 respondents (3 anonymous)" in result.summary() and "1 earlier row" in result.summary()


def test_microsoft_forms_saved_as_csv_by_excel_windows_1252_us_dates(scsn):
    result = read_survey(scsn, DATA / "msforms_excel_cp1252.csv")
    people, counts, left = outcome(result)
    assert result.format == "CSV, Windows-1252, comma-separated"
    assert people == [("Siân O’Neill", "sian@example.org", ""), ("Bo Ek", "bo@example.org", "")]
    assert counts == {"shared-vision": 2, "trust": 2}
    # 3/14/2026 settles the column as month first: 2/11/2026 is 11 February, 3/11/26 is 11 March (the later one wins)
    assert left == [(2, "replaced")]
    assert result.bundles[0][1].updated == datetime(2026, 3, 11, 9, 5, 40, tzinfo=timezone.utc)
    assert answer(result, 0, "trust").score == 5


def test_undecidable_day_month_order_is_refused_then_read_with_dates_option(scsn):
    path = DATA / "msforms_undecidable_dates.csv"
    with pytest.raises(CsvError) as info:
        read_survey(scsn, path)
    message = str(info.value)
    assert "column 'Completion time'" in message and "could be day/month or month/day" in message and "--dates dmy" in message
    us = read_survey(scsn, path, dates="mdy")
    assert [b.updated.month for _n, b in us.bundles] == [3]  # 3/11/26 = 11 March beats 2/11/2026 = 11 February
    assert us.bundles[0][0] == 3
    uk = read_survey(scsn, path, dates="dmy")
    assert [b.updated.month for _n, b in uk.bundles] == [11]  # 2/11/2026 = 2 November beats 3/11/26 = 3 November
    assert uk.bundles[0][0] == 3 and uk.bundles[0][1].updated.day == 3


@pytest.mark.parametrize(
    ("file", "layout", "people", "counts", "left", "updated"),
    [
        pytest.param(
            "google_forms.csv", "Google Forms",
            [("", "a@example.org", "Police"), ("", "b@example.org", "Health"), ("", "", "Council")],
            {"shared-vision": 3, "trust": 3}, [],
            (1, datetime(2026, 3, 11, 13, 15, tzinfo=timezone.utc)),  # 1:15:00 PM GMT
            id="google-forms-timestamp-grid-headings-role-question",
        ),
        pytest.param(
            "limesurvey_codes.csv", "LimeSurvey",
            [("Ann", "ann@example.org", "police"), ("", "", "health")],
            {"shared-vision": 2, "equal-status-and-esteem": 2},
            [(4, "partial")],  # Ann's unsubmitted later visit never replaces her completed response
            None,
            id="limesurvey-code-headings-partial-left-out",
        ),
        pytest.param(
            "surveymonkey.csv", "SurveyMonkey",
            [("Cy Doe", "cy@example.org", "Police"), ("", "", "Voluntary")],  # First + Last Name
            {"shared-vision": 2, "trust": 2},
            [(5, "empty")],  # the second header row is not a respondent
            (1, datetime(2026, 3, 12, 13, 4, tzinfo=timezone.utc)),
            id="surveymonkey-second-header-row-is-not-a-respondent",
        ),
        pytest.param(
            "qualtrics.csv", "Qualtrics",
            [("Di Doe", "di@example.org", "Police"), ("", "", "Health")],
            {"shared-vision": 2, "trust": 2},
            [(6, "partial")],  # Finished = False
            (0, datetime(2026, 3, 11, 9, 5, 40, tzinfo=timezone.utc)),  # EndDate
            id="qualtrics-three-header-rows-and-unfinished-response",
        ),
        pytest.param(
            "typeform.csv", "Typeform",
            [("", "ed@example.org", "Police"), ("", "", "Council")],
            {"shared-vision": 2, "trust": 2},
            [(5, "partial")],  # group title row, unsubmitted response
            None,
            id="typeform-group-title-row-and-unsubmitted-response",
        ),
    ],
)
def test_platform_layout_respondents_and_rows_left_out(scsn, file, layout, people, counts, left, updated):
    result = read_survey(scsn, DATA / file)
    assert result.layout == layout
    assert outcome(result) == (people, counts, left)
    if updated is not None:
        row, when = updated
        assert result.bundles[row][1].updated == when


def test_google_forms_comments_and_na(scsn):
    result = read_survey(scsn, DATA / "google_forms.csv")
    assert answer(result, 0, "trust").note == "Good links"
    assert answer(result, 1, "trust").na


def test_limesurvey_answer_codes_and_kept_partial_never_replaces_a_submitted_one(scsn):
    result = read_survey(scsn, DATA / "limesurvey_codes.csv")
    assert answer(result, 0, "shared-vision").score == 5 and answer(result, 0, "shared-vision").note == "Minutes show it"
    assert answer(result, 1, "shared-vision").na
    kept = read_survey(scsn, DATA / "limesurvey_codes.csv", include_partial=True)
    # kept partial responses never replace a submitted one, even later (test12 D9)
    assert outcome(kept)[2] == [(4, "replaced")]
    assert answer(kept, 0, "shared-vision").score == 5 and len(kept.bundles) == 2


def test_limesurvey_full_text_headings_and_no_answer(scsn):
    result = read_survey(scsn, DATA / "limesurvey_fulltext.csv")
    people, counts, left = outcome(result)
    assert people == [("Ann", "ann@example.org", "police"), ("", "", "")]
    assert counts == {"shared-vision": 2, "equal-status-and-esteem": 1}  # "No answer" is unanswered
    assert left == [(4, "partial")]
    assert answer(result, 1, "shared-vision").note == "Not my area"


def test_questionpro_email_and_mm_dd_timestamp_so_two_exports_do_not_double_count(scsn, tmp_path, capsys):
    first = read_survey(scsn, DATA / "questionpro_1.csv")
    assert first.layout == "QuestionPro"
    assert outcome(first) == ([("", "fay@example.org", "")], {"shared-vision": 1, "trust": 1}, [(3, "partial")])
    assert first.bundles[0][1].updated == datetime(2026, 3, 4, 10, tzinfo=timezone.utc)  # the heading says mm/dd/yyyy
    out1, out2 = tmp_path / "a", tmp_path / "b"
    assert main(["import", "scsn-csp", str(DATA / "questionpro_1.csv"), "--out-dir", str(out1)]) == 0
    assert main(["import", "scsn-csp", str(DATA / "questionpro_2.csv"), "--out-dir", str(out2)]) == 0
    capsys.readouterr()
    assert main(["merge", str(out1), str(out2), "--min-group", "2"]) == 0
    captured = capsys.readouterr()
    assert "respondents = 2" in captured.out  # Fay twice (by email) counts once, the newer export wins
    assert "replaced" in captured.err


@pytest.mark.parametrize(
    ("name", "found"),
    [
        ("excel_cp1252_comma.csv", "CSV, Windows-1252, comma-separated"),
        ("excel_semicolon.csv", "CSV, UTF-8 with BOM, semicolon-separated"),
        ("excel_unicode_text.txt", "TSV, UTF-16, tab-separated"),
        ("utf8_bom_tab.tsv", "TSV, UTF-8 with BOM, tab-separated"),
    ],
)
def test_encodings_and_separators_excel_writes(scsn, name, found):
    result = read_survey(scsn, DATA / name)
    assert result.format == found
    people, counts, left = outcome(result)
    assert people == [("Siân O’Neill", "sian@example.org", ""), ("Zoë Müller", "", "")]
    assert counts == {"shared-vision": 2, "trust": 2} and left == []
    assert answer(result, 1, "shared-vision").na and answer(result, 0, "trust").score == 3


def test_paper_round_without_timestamps_the_later_row_wins(scsn):
    result = read_survey(scsn, DATA / "paper_round.csv")
    people, counts, left = outcome(result)
    assert people == [("Bob", "", "health"), ("Ann", "", "police")]
    assert left == [(2, "replaced")]
    assert answer(result, 1, "shared-vision").score == 1 and answer(result, 1, "shared-vision").note == "Corrected"
    assert answer(result, 0, "shared-vision").note == "Too early to say"  # `Shared vision comments`


def test_role_column_option(scsn, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Name,Agency I work for,Trust\nAnn,Police Scotland,4\n", encoding="utf-8")
    assert read_survey(scsn, path).bundles[0][1].role == ""
    assert read_survey(scsn, path, role_column="Agency I work for").bundles[0][1].role == "Police Scotland"
    assert read_survey(scsn, path, role_column="2").bundles[0][1].role == "Police Scotland"
    with pytest.raises(CsvError, match="--role-column 'Nope': no column has that heading"):
        read_survey(scsn, path, role_column="Nope")


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("9999-12-31T23:59:59-01:00", "'9999-12-31T23:59:59-01:00' is out of range"),
        ("0001-01-01 00:00", "is out of range (year 1)"),
        ("31/02/2026", "is not a real date and time"),
        ("2026/03/11 9:05:40 AM XYZ", "has an unknown time zone 'XYZ'"),
    ],
)
def test_bad_timestamps_are_one_line(scsn, tmp_path, cell, message):
    path = tmp_path / "r.csv"
    path.write_text(f"Timestamp,Trust\n{cell},4\n", encoding="utf-8")
    with pytest.raises(CsvError) as info:
        read_survey(scsn, path)
    assert f"r.csv:2: column 'Timestamp': " in str(info.value) and message in str(info.value)


def test_a_400_digit_score_is_out_of_range_in_one_short_line(scsn, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Trust\n" + "9" * 400 + "\n", encoding="utf-8")
    with pytest.raises(CsvError) as info:
        read_survey(scsn, path)
    assert "r.csv:2: column 'Trust': '9999" in str(info.value) and "is out of range 1-5" in str(info.value)
    assert len(str(info.value)) < 200 + len(str(path))


def test_day_first_column_decided_by_a_day_above_12(scsn, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("Name,Timestamp,Trust\nAnn,02/03/2026 10:00,4\nBob,25/03/2026 10:00,3\n", encoding="utf-8")
    result = read_survey(scsn, path)
    assert [b.updated.date().isoformat() for _n, b in result.bundles] == ["2026-03-02", "2026-03-25"]
    path.write_text("Name,Timestamp,Trust\nAnn,13/03/2026,4\nBob,03/13/2026,3\n", encoding="utf-8")
    with pytest.raises(CsvError, match="dates in both orders"):
        read_survey(scsn, path)


def test_old_xls_and_binary_files_say_what_they_are(scsn, tmp_path):
    xls = tmp_path / "old.xls"
    xls.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    with pytest.raises(CsvError, match=r"old.xls: an old Excel 97-2003 \(.xls\) workbook: open it in Excel and save it as .xlsx or CSV"):
        read_survey(scsn, xls)
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"PK\x03\x04not really a zip")
    with pytest.raises(CsvError, match=r"fake.xlsx: not a readable .xlsx workbook"):
        read_survey(scsn, fake)


def test_cli_import_prints_one_summary_line_and_nothing_extra_to_a_pipe(tmp_path, capsys):
    src = tmp_path / "qualtrics.csv"
    shutil.copy(DATA / "qualtrics.csv", src)
    assert main(["import", "scsn-csp", str(src), "--out-dir", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"imported 2 bundles into {tmp_path / 'out'}\n"
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("accord: read 3 response rows from qualtrics.csv (Qualtrics; CSV, UTF-8, comma-separated): 2 respondents")
    assert "left out 1 partial response (--include-partial keeps them)" in captured.err


def test_cli_microsoft_forms_workbook_merges_three_anonymous_respondents(tmp_path, capsys):
    out = tmp_path / "bundles"
    assert main(["import", "scsn-csp", str(DATA / "msforms.xlsx"), "--out-dir", str(out)]) == 0
    capsys.readouterr()
    assert main(["merge", str(out), "--min-group", "2"]) == 0
    merged = capsys.readouterr().out
    assert "respondents = 4" in merged and "anonymous = 3" in merged


def test_progress_shows_only_on_a_terminal_and_only_after_a_moment(monkeypatch):
    import io

    import accord_partnership.tui.cli.progress as progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    piped, tty = io.StringIO(), Terminal()
    monkeypatch.setattr(progress, "DELAY", 0.0)
    for stream in (piped, tty):
        with progress.Progress("Writing bundles", 3, stream=stream) as bar:
            for _ in range(3):
                bar.advance()
    assert piped.getvalue() == ""
    assert "Writing bundles" in tty.getvalue()
    monkeypatch.setattr(progress, "DELAY", 60.0)
    quick = Terminal()
    with progress.Progress("Writing bundles", 3, stream=quick) as bar:
        bar.advance()
    assert quick.getvalue() == ""  # a quick run prints nothing extra
