"""Writes the survey-export fixtures in this folder, each laid out as its tool documents its export.

Run `python tests/data/import/make_fixtures.py` to re-create them. Every fixture answers the SCSN
toolkit (`scsn-csp`), Partnership Working: Shared vision (SQ001), Equal status and esteem (SQ002),
Trust. The expected results are asserted in tests/test_survey_platforms.py.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _csv(rows: list[list[str]], *, delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def write(name: str, rows: list[list[str]], *, encoding: str = "utf-8", delimiter: str = ",", bom: bool = False) -> None:
    text = ("\ufeff" if bom else "") + _csv(rows, delimiter=delimiter)
    (HERE / name).write_bytes(text.encode(encoding))


def msforms_xlsx() -> None:
    """Microsoft Forms: .xlsx only; `anonymous` in Email; date cells; Last modified time."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time", "Shared vision", "Trust",
                  "Which organisation type do you represent?", "Trust - comments", "Any other comments?"])  # fmt: skip
    rows = [
        [1, datetime(2026, 3, 2, 9, 0), datetime(2026, 3, 2, 9, 5, 40), "anonymous", "", None, 4, 5, "Police", "", ""],
        [2, datetime(2026, 3, 2, 10, 0), datetime(2026, 3, 2, 10, 4), "anonymous", "", None, 3, 2, "Health", "", "We need a shared budget."],
        [3, datetime(2026, 3, 3, 9, 0), datetime(2026, 3, 3, 9, 9), "anonymous", "", None, "N/A", 3, "Council", "New to the board", ""],
        [4, datetime(2026, 3, 4, 9, 0), datetime(2026, 3, 4, 9, 9), "ann@example.org", "Ann Lee", None, 2, 2, "Fire", "", ""],
        [5, datetime(2026, 3, 11, 9, 0), datetime(2026, 3, 11, 9, 5), "ann@example.org", "Ann Lee", None, 5, 4, "Fire", "", ""],
    ]
    for row in rows:
        sheet.append(row)
    book.save(HERE / "msforms.xlsx")


def msforms_excel_csv() -> None:
    """Microsoft Forms data saved by Excel as "CSV (Comma delimited)": Windows-1252, US short dates."""
    header = ["ID", "Start time", "Completion time", "Email", "Name", "Shared vision", "Trust"]
    rows = [
        ["1", "2/11/2026 9:00:00", "2/11/2026 9:05:40", "sian@example.org", "Siân O’Neill", "2", "2"],
        ["2", "3/11/26 9:00:00", "3/11/26 9:05:40", "sian@example.org", "Siân O’Neill", "4", "5"],
        ["3", "3/14/2026 8:00:00", "3/14/2026 8:10:00", "bo@example.org", "Bo Ek", "3", "3"],
    ]
    write("msforms_excel_cp1252.csv", [header] + rows, encoding="cp1252")
    write("msforms_undecidable_dates.csv", [header] + rows[:2], encoding="cp1252")


def google_csv() -> None:
    """Google Forms' own CSV download: Timestamp with AM/PM and zone; grid `Question [Row]`."""
    header = ["Timestamp", "Email Address", "Rate each feature of Partnership Working [Shared vision]",
              "Rate each feature of Partnership Working [Trust]", "What is your role?", "Comments on Trust"]  # fmt: skip
    rows = [
        ["2026/03/11 9:05:40 AM GMT", "a@example.org", "4", "5", "Police", "Good links"],
        ["2026/03/11 1:15:00 PM GMT", "b@example.org", "2", "N/A", "Health", ""],
        ["2026/03/12 10:00:00 AM GMT", "", "3", "3", "Council", ""],
    ]
    write("google_forms.csv", [header] + rows)


def limesurvey() -> None:
    """LimeSurvey responses: question-code headings with answer codes, and full-text headings."""
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp", "NAME", "EMAIL", "ROLE",
              "PW[SQ001]", "PW[SQ002]", "PWN[SQ001]"]  # fmt: skip
    rows = [
        ["1", "2026-03-11 09:05:40", "3", "en", "123", "2026-03-11 09:00:00", "2026-03-11 09:05:40", "Ann", "ann@example.org", "police", "A5", "A3", "Minutes show it"],
        ["2", "2026-03-11 10:00:00", "3", "en", "456", "2026-03-11 09:50:00", "2026-03-11 10:00:00", "", "", "health", "NA", "A1", ""],
        # Ann came back later and left without submitting: never replaces her completed response
        ["3", "", "1", "en", "789", "2026-03-12 09:00:00", "2026-03-12 09:01:00", "Ann", "ann@example.org", "police", "A1", "", ""],
    ]
    write("limesurvey_codes.csv", [header] + rows)
    header = ["Response ID", "Date submitted", "Last page", "Start language", "Seed", "Date started", "Date last action",
              "Your name", "Email address", "Your role", "Partnership Working [Shared vision]",
              "Partnership Working [Equal status and esteem]", "Evidence notes: Partnership Working [Shared vision]"]  # fmt: skip
    rows = [
        ["1", "2026-03-11 09:05:40", "3", "en", "1", "2026-03-11 09:00:00", "2026-03-11 09:05:40", "Ann", "ann@example.org", "police", "5 - 5", "No answer", ""],
        ["2", "2026-03-11 10:00:00", "3", "en", "2", "2026-03-11 09:50:00", "2026-03-11 10:00:00", "", "", "", "N/A", "2 - 2", "Not my area"],
        ["3", "", "2", "en", "3", "2026-03-12 09:00:00", "2026-03-12 09:01:00", "Bea", "", "", "3 - 3", "No answer", ""],
    ]
    write("limesurvey_fulltext.csv", [header] + rows)


def surveymonkey() -> None:
    """SurveyMonkey: a second header row (`Response`, or the matrix's row labels)."""
    first = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name", "Last Name",
             "Custom Data 1", "Rate each feature of Partnership Working", "", "Which sector do you work in?"]  # fmt: skip
    second = ["", "", "", "", "", "", "", "", "", "Shared vision", "Trust", "Response"]
    rows = [
        ["11", "9", "03/11/2026 09:00:00 AM", "03/11/2026 09:05:40 AM", "1.2.3.4", "cy@example.org", "Cy", "Doe", "", "4", "3", "Police"],
        ["12", "9", "03/12/2026 01:00:00 PM", "03/12/2026 01:04:00 PM", "1.2.3.5", "", "", "", "", "5", "5", "Voluntary"],
        ["13", "9", "03/13/2026 01:00:00 PM", "03/13/2026 01:04:00 PM", "1.2.3.6", "", "", "", "", "", "", ""],
    ]
    write("surveymonkey.csv", [first, second] + rows)


def qualtrics() -> None:
    """Qualtrics: three header rows (codes, question text, ImportId); Finished."""
    codes = ["StartDate", "EndDate", "Status", "IPAddress", "Progress", "Duration (in seconds)", "Finished", "RecordedDate",
             "ResponseId", "RecipientLastName", "RecipientFirstName", "RecipientEmail", "ExternalReference", "LocationLatitude",
             "LocationLongitude", "DistributionChannel", "UserLanguage", "Q1_1", "Q1_2", "Q2"]  # fmt: skip
    texts = ["Start Date", "End Date", "Response Type", "IP Address", "Progress", "Duration (in seconds)", "Finished",
             "Recorded Date", "Response ID", "Recipient Last Name", "Recipient First Name", "Recipient Email",
             "External Data Reference", "Location Latitude", "Location Longitude", "Distribution Channel", "User Language",
             "Rate each feature of Partnership Working - Shared vision", "Rate each feature of Partnership Working - Trust",
             "What is your role?"]  # fmt: skip
    import_ids = ['{"ImportId":"startDate","timeZone":"Europe/London"}', '{"ImportId":"endDate","timeZone":"Europe/London"}',
                  '{"ImportId":"status"}', '{"ImportId":"ipAddress"}', '{"ImportId":"progress"}', '{"ImportId":"duration"}',
                  '{"ImportId":"finished"}', '{"ImportId":"recordedDate","timeZone":"Europe/London"}', '{"ImportId":"_recordId"}',
                  '{"ImportId":"recipientLastName"}', '{"ImportId":"recipientFirstName"}', '{"ImportId":"recipientEmail"}',
                  '{"ImportId":"externalDataReference"}', '{"ImportId":"locationLatitude"}', '{"ImportId":"locationLongitude"}',
                  '{"ImportId":"distributionChannel"}', '{"ImportId":"userLanguage"}', '{"ImportId":"QID1_1"}',
                  '{"ImportId":"QID1_2"}', '{"ImportId":"QID2_TEXT"}']  # fmt: skip
    rows = [
        ["2026-03-11 09:00:00", "2026-03-11 09:05:40", "IP Address", "1.2.3.4", "100", "340", "True", "2026-03-11 09:05:41",
         "R_1", "Doe", "Di", "di@example.org", "", "", "", "email", "EN", "4", "4", "Police"],
        ["2026-03-11 10:00:00", "2026-03-11 10:03:00", "IP Address", "1.2.3.5", "100", "180", "True", "2026-03-11 10:03:01",
         "R_2", "", "", "", "", "", "", "anonymous", "EN", "2", "1", "Health"],
        ["2026-03-11 11:00:00", "2026-03-11 11:01:00", "IP Address", "1.2.3.6", "40", "60", "False", "2026-03-18 11:01:00",
         "R_3", "", "", "", "", "", "", "anonymous", "EN", "5", "", ""],
    ]  # fmt: skip
    write("qualtrics.csv", [codes, texts, import_ids] + rows)


def typeform() -> None:
    """Typeform: a group-title row above the header; Submit Date (UTC); hidden fields."""
    groups = ["", "Partnership Working", "", "", "", "", "", ""]
    header = ["#", "Shared vision", "Trust", "What is your role?", "email", "Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    rows = [
        ["abc1", "5", "4", "Police", "ed@example.org", "2026-03-11 09:00:00", "2026-03-11 09:05:40", "n1"],
        ["abc2", "3", "3", "Council", "", "2026-03-11 10:00:00", "2026-03-11 10:04:00", "n2"],
        ["abc3", "1", "", "", "", "2026-03-11 11:00:00", "", "n3"],
    ]
    write("typeform.csv", [groups, header] + rows)


def questionpro() -> None:
    """QuestionPro: Respondent Email, Timestamp (mm/dd/yyyy), Response Status."""
    header = ["Response ID", "Timestamp (mm/dd/yyyy)", "Response Status", "IP Address", "Duration (in seconds)",
              "Respondent Email", "Shared vision", "Trust"]  # fmt: skip
    first = [
        ["1", "03/04/2026 10:00:00", "Completed", "1.1.1.1", "200", "fay@example.org", "3", "3"],
        ["2", "03/05/2026 10:00:00", "Started", "1.1.1.2", "20", "gus@example.org", "2", ""],
    ]
    second = [
        ["7", "03/09/2026 10:00:00", "Completed", "1.1.1.1", "150", "fay@example.org", "4", "4"],
        ["8", "03/09/2026 11:00:00", "Completed", "1.1.1.3", "150", "hal@example.org", "5", "2"],
    ]
    write("questionpro_1.csv", [header] + first)
    write("questionpro_2.csv", [header] + second)


def encodings() -> None:
    """One small table in each encoding and separator Excel writes."""
    rows = [["Name", "Email", "Shared vision", "Trust"], ["Siân O’Neill", "sian@example.org", "4", "3"], ["Zoë Müller", "", "N/A", "5"]]
    write("excel_cp1252_comma.csv", rows, encoding="cp1252")
    write("excel_semicolon.csv", rows, delimiter=";", bom=True)
    write("excel_unicode_text.txt", rows, encoding="utf-16", delimiter="\t")
    write("utf8_bom_tab.tsv", rows, delimiter="\t", bom=True)


def paper_round() -> None:
    """A paper round typed up: no timestamps; the second row for Ann is the correction."""
    rows = [["Name", "Role", "Shared vision", "Trust", "Shared vision comments"],
            ["Ann", "police", "5", "5", ""], ["Bob", "health", "2", "3", "Too early to say"], ["Ann", "police", "1", "2", "Corrected"]]  # fmt: skip
    write("paper_round.csv", rows)


if __name__ == "__main__":
    msforms_xlsx()
    msforms_excel_csv()
    google_csv()
    limesurvey()
    surveymonkey()
    qualtrics()
    typeform()
    questionpro()
    encodings()
    paper_round()
