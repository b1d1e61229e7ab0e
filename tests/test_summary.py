"""`accord summary`: the meeting view on stdout (exports.summary, tui/cli/meeting.py).

Golden files live in tests/golden/. After a deliberate change to the output, regenerate them with
`ACCORD_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_summary.py tests/test_report.py`
and read the diff before committing.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from accord_partnership.tui.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
MERGED = GOLDEN / "scsn-merged.toml"
UPDATE = bool(os.environ.get("ACCORD_UPDATE_GOLDEN"))
ANSI = re.compile(r"\x1b")
HOSTILE = "Evil \x1b]0;pwned\x07 \x1b[31mred\x1b[0m [bold]loud[/bold] [@click=app.quit]x[/] <script>alert(1)</script> \u202edesrever"


# --- the fixed input ------------------------------------------------------------------------------

_BASE = [4, 3, 2, 3, 4, 2, 3, 5, 2, 3, 4, 1, 3]
_OFFSETS = [0, -1, 1, 0, -1, 1, 0, 0]


def golden_bundles():
    """Eight SCSN bundles with fixed, varied scores: the input of every golden file."""
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.catalog import get_framework

    fw = get_framework("scsn-csp")
    roles = ["police", "police", "police", "council", "council", "council", "health", "health"]
    out = []
    for k in range(8):
        named = k != 5
        b = Bundle.new(fw, partnership="Moray CSP", respondent=f"Member {k + 1}" if named else "",
                       email=f"m{k + 1}@example.org" if named else "", role=roles[k])
        b.created = b.updated = datetime.fromisoformat("2026-11-20T10:00:00+00:00")
        j = 0
        for section in fw.sections:
            if section.private:
                continue
            for item in section.items:
                j += 1
                answer = b.answer(section.id, item.id)
                if k == 7 and j % 7 == 3:
                    answer.na = True
                elif item.id == "shared-vision":
                    answer.score = 1 if k % 2 else 5  # two camps
                else:
                    answer.score = min(5, max(1, _BASE[j % len(_BASE)] + _OFFSETS[(k + j) % 8]))
        if k == 1:
            b.answer("partnership-working", "trust").note = "We trust each other more since the away day."
        if k == 4:
            b.answer("focus-impact", "evidence").note = "Strategic assessment 2026 *draft* - see [appendix]."
        out.append((f"member-{k + 1}.toml", b))
    return fw, out


def golden_merged_text() -> str:
    from accord_partnership.engine.merge import MergeOptions, merge_bundles
    from accord_partnership.exports.merged_file import merged_to_toml

    fw, bundles = golden_bundles()
    report = merge_bundles(bundles, fw, MergeOptions(with_notes=True))
    return merged_to_toml(report.results, fw)


if UPDATE:
    GOLDEN.mkdir(exist_ok=True)
    MERGED.write_text(golden_merged_text(), encoding="utf-8")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs from the golden file (ACCORD_UPDATE_GOLDEN=1 to regenerate)"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def hostile_merged(tmp_path: Path, *, partnership: str = "Moray CSP") -> Path:
    """The golden results plus a hostile note and partnership name, as a merged file."""
    from accord_partnership.engine.merged import load_results
    from accord_partnership.exports.merged_file import merged_to_toml

    results, fw = load_results(MERGED)
    results.partnerships = [partnership]
    results.item("partnership-working", "trust").total.notes.append(HOSTILE + "\nsecond line")
    path = tmp_path / "hostile-merged.toml"
    path.write_text(merged_to_toml(results, fw), encoding="utf-8")
    return path


def widths(text: str) -> list[int]:
    from accord_partnership.exports.bars import text_width

    return [text_width(line) for line in text.splitlines()]


# --- golden files ----------------------------------------------------------------------------------


def test_golden_input_is_what_the_builder_makes():
    assert MERGED.read_text(encoding="utf-8") == golden_merged_text()


def test_golden_summary_80_columns(capsys):
    code, out, err = run(capsys, "summary", str(MERGED))
    assert code == 0 and err == ""
    check_golden("summary-80.txt", out)


def test_golden_section_ascii(capsys):
    code, out, _ = run(capsys, "summary", str(MERGED), "--section", "partnership-working", "--ascii")
    assert code == 0
    check_golden("summary-partnership-working-ascii.txt", out)


# --- layout ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [None, 100, 60, 40])
@pytest.mark.parametrize("ascii", [False, True])
def test_every_line_fits_the_width(capsys, tmp_path, width, ascii):
    argv = ["summary", str(hostile_merged(tmp_path)), "--bars"]
    if width:
        argv += ["--width", str(width)]
    if ascii:
        argv.append("--ascii")
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert max(widths(out)) <= (width or 80)
    assert "Partnership Working" in out


def test_each_section_fits_a_24_line_projector_screen(capsys):
    code, out, _ = run(capsys, "summary", str(MERGED))
    assert code == 0
    lines = out.splitlines()
    starts = [i for i, line in enumerate(lines) if re.match(r"^\d+  \S", line)]
    assert len(starts) == 7  # the seven shared scorecards; the Chair's Leadership one is private
    for start in starts:
        end = start
        while end < len(lines) and lines[end].strip():
            end += 1
        assert end - start <= 24, lines[start]


def test_overall_pattern_comes_first_with_one_axis_per_section(capsys):
    _, out, _ = run(capsys, "summary", str(MERGED))
    assert out.index("Overall pattern") < out.index("1  Focus and Impact")
    overall = out[out.index("Overall pattern"):out.index("1  Focus and Impact")]
    for title in ("Focus and Impact", "Partnership Working", "Capturing Performance", "Personal Role"):
        assert title in overall


def test_summary_has_weakest_disagreements_and_guidance(capsys):
    _, out, _ = run(capsys, "summary", str(MERGED))
    assert "Weakest features (below 3.0)" in out
    assert "Where members disagree" in out
    assert "two camps" in out  # shared vision: four 1s and four 5s
    assert "Guidance from the toolkit" in out
    assert "Some questions to ask of your results" in out
    assert "Notes (unattributed)" in out
    assert "Member 1" not in out and "m1@example.org" not in out  # never who answered


def test_section_option_limits_the_output(capsys):
    _, out, _ = run(capsys, "summary", str(MERGED), "--section", "strategic-coherence")
    assert "Strategic Coherence" in out and "Overall pattern" not in out
    assert "Focus and Impact" not in out


def test_bars_option_prints_a_distribution_per_item(capsys):
    _, out, _ = run(capsys, "summary", str(MERGED), "--section", "planning-delivery", "--bars")
    assert out.count("(100%)") + out.count("%)") >= 4 * 5


def test_threshold_changes_what_is_weak(capsys):
    _, low, _ = run(capsys, "summary", str(MERGED), "--threshold", "1.5")
    _, high, _ = run(capsys, "summary", str(MERGED), "--threshold", "4.5")
    assert "below 1.5" in low and "below 4.5" in high
    assert high.count("\n") > low.count("\n")


# --- text safety and colour ------------------------------------------------------------------------


@pytest.mark.parametrize("ascii", [False, True])
def test_hostile_text_is_shown_literally(capsys, tmp_path, ascii):
    path = hostile_merged(tmp_path, partnership="\x1b]2;title\x07Evil [red]CSP[/red]")
    argv = ["summary", str(path)] + (["--ascii"] if ascii else [])
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert "^[]0;pwned^G" in out  # the escape made visible
    assert "[bold]loud[/bold]" in out and "[@click=app.quit]x[/]" in out
    assert "<script>alert(1)</script>" in out  # plain text in a terminal: shown as typed
    assert "^[]2;title^GEvil [red]CSP[/red]" in out
    assert "<U+202E>" in out


def test_ascii_output_is_ascii_only(capsys, tmp_path):
    code, out, _ = run(capsys, "summary", str(hostile_merged(tmp_path)), "--ascii", "--bars")
    assert code == 0
    assert out.isascii()
    assert all(" " <= ch <= "~" for ch in out.replace("\n", ""))


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _tty_run(monkeypatch, *argv: str) -> str:
    fake = _Tty()
    monkeypatch.setattr(sys, "stdout", fake)
    assert main(list(argv)) == 0
    return fake.getvalue()


def test_colour_on_a_terminal(monkeypatch, tmp_path):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    out = _tty_run(monkeypatch, "summary", str(hostile_merged(tmp_path)))
    assert ANSI.search(out)  # styled
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)  # only SGR colour codes were emitted
    assert "\x1b" not in plain
    assert "[bold]loud[/bold]" in plain  # never parsed as markup
    assert "^[]0;pwned^G" in plain


@pytest.mark.parametrize("how", ["NO_COLOR", "--no-color", "not a tty"])
def test_no_colour(monkeypatch, capsys, tmp_path, how):
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    argv = ["summary", str(hostile_merged(tmp_path))]
    if how == "not a tty":
        _, out, _ = run(capsys, *argv)
    else:
        if how == "NO_COLOR":
            monkeypatch.setenv("NO_COLOR", "1")
        else:
            argv.append("--no-color")
        out = _tty_run(monkeypatch, *argv)
    assert "\x1b" not in out
    assert "Partnership Working" in out


def test_hostile_framework_title_and_item_names(capsys, accord_home, write_bundle):
    folder = accord_home / "frameworks"
    folder.mkdir(parents=True)
    text = (ROOT / "tests" / "data" / "frameworks" / "mini.toml").read_text()
    text = text.replace('title = "Mini framework"', 'title = "Mini \\u001b]0;x\\u0007 [bold]framework[/bold] <b>"')
    text = text.replace('title = "One"', 'title = "One \\u001b[2J [link=x]y[/link]"')
    (folder / "mini.toml").write_text(text)
    path = write_bundle("mini", answers={("alpha", "one"): {"score": 2, "note": "[bold]n[/bold] \x1b[1m"},
                                         ("alpha", "two"): {"score": 4}})
    for ascii in ([], ["--ascii"]):
        code, out, _ = run(capsys, "summary", str(path), *ascii)
        assert code == 0
        assert "\x1b" not in out
        assert "Mini ^[]0;x^G [bold]framework[/bold] <b>" in out
        assert "One ^[[2J [link=x]y[/link]" in out


# --- inputs ----------------------------------------------------------------------------------------


def test_one_bundle_is_one_respondents_own_scores(capsys, write_bundle):
    path = write_bundle("scsn-csp", respondent="Pat", answers={
        ("partnership-working", "trust"): {"score": 2}, ("partnership-working", "induction"): {"score": 4},
        ("partnership-working", "shared-vision"): {"score": 3}, ("focus-impact", "evidence"): {"na": True},
    })
    code, out, _ = run(capsys, "summary", str(path))
    assert code == 0
    assert "one respondent's own scores" in out
    assert "Your lowest scores" in out
    assert "Where members disagree" not in out


def test_a_folder_of_bundles(capsys, tmp_path):
    from accord_partnership.exports.bundle_file import save_bundle

    fw, bundles = golden_bundles()
    for name, bundle in bundles:
        save_bundle(bundle, fw, tmp_path / name)
    code, out, _ = run(capsys, "summary", str(tmp_path), "--section", "partnership-working")
    assert code == 0
    assert "8 respondents (1 anonymous)" in out


@pytest.mark.parametrize("framework_id", ["audit-commission-lsp", "sport-england-csp", "hgiocld-3-2"])
def test_other_frameworks(capsys, write_bundle, framework_id):
    from accord_partnership.engine.catalog import get_framework

    fw = get_framework(framework_id)
    for k in range(4):
        answers = {}
        for section, item in fw.items():
            if item.rated and section.scale:
                answers[(section.id, item.id)] = {"score": section.scale.min + (k + len(item.id)) % len(section.scale.points)}
            elif item.kind == "yesno":
                answers[(section.id, item.id)] = {"choice": "yes" if k % 2 else "no"}
            elif item.kind == "open":
                answers[(section.id, item.id)] = {"note": f"answer {k}"}
        write_bundle(framework_id, respondent=f"R{k}", answers=answers)
    folder = Path(os.environ["ACCORD_HOME"]) / "bundles"
    for width in ("80", "60"):
        code, out, err = run(capsys, "summary", str(folder), "--width", width, "--bars")
        assert code == 0, err
        assert max(widths(out)) <= int(width)
        assert "4 respondents" in out


# --- errors ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--section", "no-such-section"], "unknown section 'no-such-section'"),
        (["--section", "leadership"], "private"),
        (["--width", "10"], "--width must be at least 40"),
        (["--min-group", "1"], "the small-group threshold cannot be below 2"),
        (["--threshold", "nan"], "--threshold"),
    ],
)
def test_bad_options_exit_2_with_one_line(capsys, argv, message):
    code, out, err = run(capsys, "summary", str(MERGED), *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err


def test_broken_input_exits_2(capsys, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('format = "accord-merged"\nformat_version = 1\nframework = "scsn-csp"\n[items\n')
    code, out, err = run(capsys, "summary", str(broken))
    assert code == 2 and out == "" and err.count("\n") == 1 and "broken.toml" in err
    code, out, err = run(capsys, "summary", str(tmp_path / "missing.toml"))
    assert code == 2 and out == "" and err.count("\n") == 1


# --- start-up --------------------------------------------------------------------------------------


def test_summary_imports_neither_textual_nor_pandas_nor_rich_when_piped():
    code = (
        "import sys, io\n"
        "from accord_partnership.tui.cli import main\n"
        "sys.stdout = io.StringIO()\n"
        f"assert main(['summary', {str(MERGED)!r}]) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'pandas', 'plotext', 'rich', 'tomlkit'))\n"
        "sys.stdout = sys.__stdout__\n"
        "print(bad)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert proc.stdout.strip() == "[]", proc.stdout


def test_report_and_summary_write_no_csv_of_their_own():
    for name in ("summary.py", "report_common.py", "report_md.py", "report_html.py"):
        source = (ROOT / "exports" / name).read_text()
        assert "import csv" not in source, name
