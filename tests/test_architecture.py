"""The domain stays free of Textual, and the CLI's fast paths stay light."""

from __future__ import annotations

import subprocess
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PKG = "accord_partnership"


def _modules_after(code: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    return set(proc.stdout.split())


def test_engine_imports_no_textual_and_no_pandas():
    engine_modules = sorted(p.stem for p in (ROOT / "engine").glob("*.py") if p.stem != "__init__")
    code = "\n".join(f"import accord_partnership.engine.{m}" for m in engine_modules)
    loaded = _modules_after(code)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    assert "pandas" not in loaded  # statistics come from counts per level: no dataframe library on any path


def test_engine_sources_never_mention_textual():
    for path in (ROOT / "engine").glob("*.py"):
        text = path.read_text()
        assert "import textual" not in text and "from textual" not in text, path


def test_cli_parser_does_not_import_textual():
    loaded = _modules_after("from accord_partnership.tui.cli import build_parser\nbuild_parser()")
    assert "textual" not in loaded


def test_engine_depends_on_nothing_above_it():
    # exports/ and tui/ build on the engine, never the other way round
    for path in (ROOT / "engine").glob("*.py"):
        text = path.read_text()
        for layer in ("exports", "tui"):
            assert f"{PKG}.{layer}" not in text, (path, layer)


def test_sources_import_the_packages_by_their_installed_name():
    # engine/, exports/, frameworks/ and tui/ install as accord_partnership.* (pyproject.toml); a bare
    # `import engine` works only by accident from the repository root and would load a second copy.
    bare = re.compile(r"^\s*(from|import) (engine|exports|frameworks|tui)\b", re.M)
    for folder in ("engine", "exports", "frameworks", "tui", "tests", "benchmarks"):
        for path in (ROOT / folder).rglob("*.py"):
            assert not bare.search(path.read_text()), path


def test_no_generic_top_level_names_are_installed():
    # the distribution owns one top-level import name; another project's `engine` or `tui` cannot collide
    proc = subprocess.run(
        [sys.executable, "-c", "import importlib.util as u; print([n for n in ('engine', 'exports', 'frameworks', 'tui') if u.find_spec(n)])"],
        capture_output=True, text=True, cwd="/", check=True,
    )
    assert proc.stdout.strip() == "[]"


def test_application_layer_imports_no_textual():
    # tui/workflows/ is the workflows the CLI and the screens share: plain Python, testable without a UI
    modules = sorted(p.stem for p in (ROOT / "tui" / "workflows").glob("*.py") if p.stem != "__init__")
    assert modules, "the application layer has modules"
    loaded = _modules_after("\n".join(f"import accord_partnership.tui.workflows.{m}" for m in modules))
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}
    for path in (ROOT / "tui" / "workflows").glob("*.py"):
        text = path.read_text()
        assert "textual" not in text.replace("Textual", ""), path
        assert "from accord_partnership.tui.screens" not in text and "from accord_partnership.tui.widgets" not in text and "from accord_partnership.tui.cli" not in text, path
