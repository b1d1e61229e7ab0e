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
        "textual",
    }
    assert not (unused | HEAVY) & loaded, (unused | HEAVY) & loaded
