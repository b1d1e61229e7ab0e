"""The bad-input corpus (tests/data/bad/cases.toml): every case fails cleanly.

One line on stderr naming the file (and the line where the case says), exit code 2, no
traceback, and no file is created or changed.
"""

from __future__ import annotations

import shutil
import signal
import threading
import tomllib
from pathlib import Path

import pytest

from accord_partnership.tui.cli import main

BAD = Path(__file__).parent / "data" / "bad"
CASES = tomllib.loads((BAD / "cases.toml").read_text())["case"]
GOOD_BUNDLE = (Path(__file__).parent / "data" / "good_bundle.toml").read_text()


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


TIME_LIMIT = 60  # seconds per command: a hang (a FIFO, /dev/zero) fails the test instead of stalling CI


def _timed_out(signum, frame):  # noqa: ARG001
    raise TimeoutError(f"command did not finish within {TIME_LIMIT} s")


def _run(argv: list[str], capsys) -> tuple[int, str]:
    timer = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if timer:
        previous = signal.signal(signal.SIGALRM, _timed_out)
        signal.alarm(TIME_LIMIT)
    try:
        code = main(argv)
    finally:
        if timer:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    captured = capsys.readouterr()
    return code, captured.err


def test_corpus_is_large_enough():
    generated = 4  # the big note, the directory, the missing file and the unknown framework below
    assert len(CASES) + generated >= 30
    kinds = {c["file"].split("_")[0] for c in CASES}
    assert kinds == {"bundle", "framework", "csv"}


@pytest.mark.parametrize("case", CASES, ids=[c["file"] for c in CASES])
def test_bad_case(case, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    work = tmp_path / "work"
    work.mkdir()
    target = work / case["file"]
    shutil.copyfile(BAD / case["file"], target)
    before = _snapshot(tmp_path)
    runs = [case["command"].split() + [str(target)]]
    if case["command"].startswith("import"):
        runs[0] += ["--out-dir", str(tmp_path / "out")]
    if case["file"].startswith("bundle_"):
        # the coordinator meets the same file in a merge: same message, nothing written
        runs.append(["merge", str(target), "--out", str(tmp_path / "merged.toml")])
    for argv in runs:
        code, err = _run(argv, capsys)
        assert code == 2, argv
        lines = err.strip().splitlines()
        assert len(lines) == 1, err
        assert "Traceback" not in err
        assert str(target) in lines[0]
        assert case["expect"] in lines[0]
        if "line" in case:
            assert f"{target}:{case['line']}:" in lines[0]
        assert _snapshot(tmp_path) == before


def test_ten_megabyte_note(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    path = tmp_path / "huge.toml"
    path.write_text(GOOD_BUNDLE.replace('note = "Strategic assessment 2026."', 'note = "' + "x" * 10_000_000 + '"'))
    code, err = _run(["validate", str(path)], capsys)
    assert code == 2
    assert f"{path}:" in err and "is too long (10,000,000 characters; at most 100,000)" in err


def test_directory_where_a_file_was_expected(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    code, err = _run(["validate", str(tmp_path)], capsys)
    assert code == 2
    assert err.strip() == f"accord: {tmp_path}: is a directory, expected a file"


def test_missing_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    code, err = _run(["validate", str(tmp_path / "nope.toml")], capsys)
    assert code == 2
    assert err.strip() == f"accord: {tmp_path / 'nope.toml'}: no such file"


def test_the_good_bundle_is_good(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    path = tmp_path / "good.toml"
    path.write_text(GOOD_BUNDLE)
    assert main(["validate", str(path)]) == 0
    assert "3 of 48 items answered" in capsys.readouterr().out  # the Chair's private scorecard counts once started


def test_import_with_unknown_framework(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    csv_file = tmp_path / "responses.csv"
    csv_file.write_text("respondent,Trust\nAnn,3\n")
    code, err = _run(["import", "no-such-toolkit", str(csv_file), "--out-dir", str(tmp_path / "out")], capsys)
    assert code == 2
    assert "unknown framework 'no-such-toolkit'" in err and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
