"""`accord frameworks`, `accord show`, `accord validate`: the foundation's commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from accord_partnership.tui.cli import main

MINI = Path(__file__).parent / "data" / "frameworks" / "mini.toml"
SCORED = {"scsn-csp", "sport-england-csp", "hgiocld-3-2", "audit-commission-lsp"}


@pytest.fixture(autouse=True)
def _home(tmp_path, monkeypatch):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))


def test_frameworks_lists_the_four_scored_frameworks(capsys):
    assert main(["frameworks"]) == 0
    out = capsys.readouterr().out
    for fid in SCORED:
        assert fid in out
    assert "Your own frameworks go in:" in out


def test_frameworks_json(capsys):
    assert main(["frameworks", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    by_id = {r["id"]: r for r in rows}
    assert SCORED <= set(by_id)
    assert by_id["scsn-csp"]["sections"] == 8
    assert by_id["scsn-csp"]["items"] == 60
    assert all(r["builtin"] for r in rows)


def test_user_frameworks_are_found_and_broken_ones_reported(tmp_path, capsys):
    user_dir = tmp_path / "home" / "frameworks"
    user_dir.mkdir(parents=True)
    (user_dir / "mine.toml").write_text(MINI.read_text().replace('id = "mini"', 'id = "our-own"'))
    (user_dir / "broken.toml").write_text("id = ")
    assert main(["frameworks", "--json"]) == 0
    captured = capsys.readouterr()
    rows = json.loads(captured.out)
    assert {"id": "our-own", "builtin": False}.items() <= next(r for r in rows if r["id"] == "our-own").items()
    assert "broken.toml:1: invalid TOML" in captured.err


def test_show_json_gives_descriptors_per_level(capsys):
    assert main(["show", "scsn-csp", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"id", "title", "version", "sections"} <= set(data)
    pw = next(s for s in data["sections"] if s["id"] == "partnership-working")
    assert pw["private"] is False
    vision = next(i for i in pw["items"] if i["id"] == "shared-vision")
    assert vision["kind"] == "feature"
    assert [lv["score"] for lv in vision["levels"]] == [1, 2, 3, 4, 5]
    assert vision["levels"][0]["descriptor"] == "We haven't spent time developing a shared vision for the partnership"
    assert next(s for s in data["sections"] if s["id"] == "leadership")["private"] is True


@pytest.mark.parametrize("fid", sorted(SCORED))
def test_show_json_every_framework(fid, capsys):
    assert main(["show", fid, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["id"] == fid
    for section in data["sections"]:
        for item in section["items"]:
            assert {"id", "title", "kind", "levels"} <= set(item)


def test_show_markdown_blank_copy(tmp_path, capsys):
    out = tmp_path / "copy.md"
    assert main(["show", "scsn-csp", "--format", "md", "--out", str(out)]) == 0
    text = out.read_text()
    assert text.startswith("# Community Safety Partnership Self-Assessment Toolkit")
    assert "### 1. Shared vision" in text
    assert "Strongly shared aspirational vision which provides clear guidance for behaviour and practice" in text
    assert "[ ] N/A" in text


def test_show_csv_template_header_is_item_titles(capsys):
    assert main(["show", "hgiocld-3-2", "--format", "csv"]) == 0
    import csv
    import io

    header = next(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert header[:5] == ["respondent", "email", "role", "timestamp", "Developing and sustaining"]
    assert len(header) == 4 + 15


def test_validate_accepts_a_good_file(capsys):
    assert main(["validate", str(MINI)]) == 0
    assert "ok" in capsys.readouterr().out


def test_validate_rejects_a_broken_file_with_file_line_and_exit_2(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(MINI.read_text().replace('"b1", "b2", "b3", "b4", "b5"', '"b1"'))
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith(f"accord: {broken}:")
    assert "has 1 descriptors but scale 'five' has 5 levels" in err[0]


def test_unknown_framework_exit_2(capsys):
    assert main(["show", "no-such-framework"]) == 2
    assert "unknown framework 'no-such-framework'" in capsys.readouterr().err


def test_console_script_no_traceback(tmp_path):
    broken = tmp_path / "b.toml"
    broken.write_text("[[[")
    proc = subprocess.run([sys.executable, "-m", "accord_partnership.tui.cli", "validate", str(broken)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1
