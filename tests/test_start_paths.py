"""What the start paths load (counts, not timings; speeds are in benchmarks/run.py): the TUI and
`accord summary` import only what they use, so they start fast on a slow shared server."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the merged results `accord summary` is run on (tests/test_summary.py's golden file)
MERGED = ROOT / "tests" / "golden" / "scsn-merged.toml"
#: never on any start path: heavy libraries for imports and exports (imported by the commands that use them)
HEAVY = {"pandas", "tomlkit", "openpyxl", "xlsxwriter", "docx", "jinja2", "plotext", "resvg_py"}


def _modules_after(code: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)), file=sys.stderr)"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )
    return set(proc.stderr.split())


def test_tui_start_loads_no_heavy_library():
    loaded = _modules_after("from accord_partnership.tui.app import AccordApp\nimport tui.screens.picker, tui.screens.scoring")
    assert "textual.app" in loaded  # the measure works
    assert not HEAVY & loaded, HEAVY & loaded


def test_summary_of_a_merged_file_loads_no_merge_trend_or_textual():
    assert MERGED.is_file()
    loaded = _modules_after(f"from accord_partnership.tui.cli import main\nmain(['summary', {str(MERGED)!r}])")
    assert "accord_partnership.exports.summary" in loaded and "accord_partnership.engine.analysis" in loaded  # it did summarise
    unused = {
        "accord_partnership.engine.merge",  # a merged file is read, not merged
        "accord_partnership.engine.trend", "accord_partnership.exports.trend_report",  # only `report --rounds`
        "accord_partnership.engine.compare",  # only with --baseline
        "accord_partnership.exports.atomic",  # nothing is written
        "accord_partnership.exports.report_change",  # only with --baseline
        "accord_partnership.engine.plan",  # only with --plan (the action table's columns: engine.action_sheet)
        # the other commands' modules: only `summary`'s options are built (tui.cli.build_parser)
        "accord_partnership.tui.cli.coordinator", "accord_partnership.tui.cli.plans", "accord_partnership.tui.cli.trend",
        "textual",
    }
    assert not (unused | HEAVY) & loaded, (unused | HEAVY) & loaded


def test_the_start_screen_loads_no_session_export_or_statistics_code():
    """The TUI's first frame is the start screen: what an assessment or a coordinator's folder
    needs loads when one is opened (tui/app.py imports them where they are used)."""
    loaded = _modules_after(
        "from accord_partnership.tui.app import AccordApp\nfrom accord_partnership.tui.screens.picker import PickerScreen\nAccordApp()"
    )
    assert "accord_partnership.tui.screens.picker" in loaded and "accord_partnership.engine.catalog" in loaded
    later = {
        "accord_partnership.tui.session", "accord_partnership.exports.bundle_file", "accord_partnership.tui.coordinate",
        "accord_partnership.engine.stats", "accord_partnership.engine.results", "accord_partnership.tui.screens.scoring",
        "json",
    }
    assert not later & loaded, later & loaded


def test_a_command_builds_only_its_own_modules_options_and_the_map_says_who_registers_what():
    import argparse

    from accord_partnership.tui import cli

    registered: dict[str, str] = {}
    for name in dict.fromkeys(cli.COMMANDS.values()):
        sub = argparse.ArgumentParser().add_subparsers()
        __import__(f"accord_partnership.tui.cli.{name}", fromlist=["register"]).register(sub)
        registered.update(dict.fromkeys(sub.choices, name))
    assert registered == cli.COMMANDS  # every command, by the module that registers it
    full = cli.build_parser()
    choices = next(a for a in full._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert list(choices) == list(cli.COMMANDS)  # `accord --help` lists them in this order
    only = cli.build_parser("summary")
    choices = next(a for a in only._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(choices) == {"summary", "report"}
    assert only.parse_args(["summary", "x.toml", "--width", "90"]).width == full.parse_args(["summary", "x.toml", "--width", "90"]).width == 90


def test_the_command_is_told_from_the_arguments_or_every_command_is_built():
    from accord_partnership.tui.cli import command_of

    assert command_of([]) == "" and command_of(["--ascii"]) == "" and command_of(["--out", "new.toml"]) == ""
    assert command_of(["summary", "m.toml"]) == "summary"
    assert command_of(["--ascii", "--out", "x", "report", "m.toml"]) == "report"
    assert command_of(["--out=summary", "merge", "f"]) == "merge"
    assert command_of(["--out", "summary"]) == ""  # the option's value is no command
    for argv in (["--help"], ["-h", "summary"], ["--asc", "summary"], ["nosuch"], ["--out"]):
        assert command_of(argv) in (None, ""), argv
    assert command_of(["--help"]) is None and command_of(["nosuch"]) is None
