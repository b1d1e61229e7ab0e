"""The help screen and docs/keys.md come from the key bindings themselves (tui.keys): they list
every key every screen binds, with the same words, and cannot drift from what the keys do."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

from textual.screen import Screen

import accord_partnership.tui.screens
from accord_partnership import tui
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.keys import help_screens, help_sections, key_name, keys_markdown, own_bindings, passed_to_app

DOC = Path(__file__).parents[1] / "docs" / "keys.md"


def test_docs_keys_md_is_what_the_generator_writes():
    # if this fails after changing a binding: python -m accord_partnership.tui.keys > docs/keys.md
    assert DOC.read_text(encoding="utf-8") == keys_markdown()


def test_every_screen_is_in_the_help():
    listed = set(help_screens())
    for module in pkgutil.iter_modules(tui.screens.__path__):
        mod = importlib.import_module(f"{tui.screens.__name__}.{module.name}")
        for _, cls in inspect.getmembers(mod, inspect.isclass):
            if issubclass(cls, Screen) and cls.__module__ == mod.__name__ and cls.BINDINGS and "HELP_TITLE" in vars(cls):
                assert cls in listed, cls.__name__
            if issubclass(cls, Screen) and cls.__module__ == mod.__name__ and "BINDINGS" in vars(cls):
                # a screen with keys of its own is listed, or is a base whose keys its listed subclasses carry
                assert cls in listed or any(issubclass(s, cls) for s in listed), cls.__name__


def test_every_binding_has_a_row_with_its_keys_and_words():
    sections = {section.title: section for section in help_sections()}
    assert len(sections) == len(help_screens())  # titles are unique
    for cls in help_screens():
        section = sections[cls.HELP_TITLE]  # type: ignore[attr-defined]
        for binding in own_bindings(cls):
            if binding.system:
                continue
            if passed_to_app(binding):  # a modal's copy of the app's help / quit: listed under Everywhere
                everywhere = sections[AccordApp.HELP_TITLE]
                assert any(r.what == binding.tooltip for r in everywhere.rows), (cls.__name__, binding.key)
                continue
            words = binding.tooltip or binding.description
            assert words, (cls.__name__, binding.key)
            row = next((r for r in section.rows if r.what == words), None)
            assert row is not None, (cls.__name__, binding.key)
            for key in binding.key.split(","):
                name = key_name(key)
                assert name in row.keys or (name.isdigit() and "-" in row.keys), (cls.__name__, key, row.keys)


def test_key_names_read_as_people_say_them():
    assert key_name("question_mark") == "?"
    assert key_name("f1") == "F1"
    assert key_name("right_square_bracket") == "]"
    assert key_name("pagedown") == "page down"
    assert key_name("ctrl+s") == "ctrl+s"


def test_scoring_digits_share_one_row_and_fallbacks_are_left_out():
    scoring = next(s for s in help_sections() if s.title == "Scoring")
    rows = {row.keys: row.what for row in scoring.rows}
    assert rows["1-9"].startswith("choose a level")
    assert rows["0"].startswith("not applicable (N/A)")
    assert rows["tab or ]"] == "next section"
    assert not any("why" in what for what in rows.values())
    # each key appears in one row only: the `why` fallbacks (system bindings) add none
    keys = [k for row in scoring.rows for k in row.keys.split(" or ")]
    assert len(keys) == len(set(keys))


async def test_help_screen_lists_every_row(rendered):
    from rich.console import Console

    from tests.conftest import Host
    from accord_partnership.tui.screens.help import HelpScreen, help_renderable

    console = Console(width=200, record=True)
    console.print(help_renderable())
    lines = console.export_text().splitlines()
    text = " ".join(" ".join(lines).split())
    for section in help_sections():
        assert section.title in lines
        for row in section.rows:
            assert f" {row.what} " in f" {text} ", (section.title, row.what)
            assert all(word in text for word in row.keys.split()), (section.title, row.keys)
    app = Host(HelpScreen())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = rendered(app.screen.query_one("#help > Static"))
        assert shown.lstrip().startswith("Everywhere") and "this help" in shown
