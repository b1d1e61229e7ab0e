"""The officer's journey through the TUI, driven with Textual's pilot at 80x24."""

from __future__ import annotations

import signal
import stat

import pytest

from accord_partnership.engine.bundle import load_bundle
from accord_partnership.engine.catalog import bundles_dir
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.textio import parse_toml
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.help import HelpScreen
from accord_partnership.tui.screens.matrix import MatrixScreen
from accord_partnership.tui.screens.new_assessment import NewAssessmentScreen
from accord_partnership.tui.screens.note_editor import NoteEditor
from accord_partnership.tui.screens.picker import PickerScreen
from accord_partnership.tui.screens.scoring import ScoringScreen
from accord_partnership.tui.screens.summary import SummaryScreen
from accord_partnership.tui.screens.tools import ToolsScreen
from accord_partnership.tui.widgets.levels import DetailPane
from accord_partnership.tui.widgets.status import SaveBar
from tests.pilot_keys import press_for, run_command, type_text

SIZE = (80, 24)
HOSTILE = "[@click=app.quit]click me[/] [bold]x[/bold] [link=http://x]l[/link] [unclosed \x1b[31mred\x1b]0;pwned\x07 \u202eevil"


async def choose_framework(pilot, app, framework_id: str) -> None:
    picker = app.screen
    assert isinstance(picker, PickerScreen)
    ids = [f.id for f in picker.frameworks]
    frameworks = picker.query_one("#frameworks")
    frameworks.focus()
    frameworks.highlighted = ids.index(framework_id)
    await pilot.press("enter")
    await pilot.pause()


def saved(path):
    return load_bundle(path)[0]


async def test_whole_journey_then_reopen_resumes(user_framework, rendered):
    user_framework("mini")
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose_framework(pilot, app, "mini")
        assert isinstance(app.screen, NewAssessmentScreen)
        await type_text(pilot, "Moray CSP")
        await pilot.press("tab")
        await type_text(pilot, "Alex O'Brien")
        await pilot.press("tab")
        await type_text(pilot, "alex@example.org")
        await pilot.press("tab", "enter", "down", "enter")  # role: police
        screen = await press_for(pilot, "ctrl+s", ScoringScreen)
        path = app.session.path
        assert path.parent == bundles_dir()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(bundles_dir().stat().st_mode) == 0o700
        first = saved(path)
        assert (first.partnership, first.respondent, first.email, first.role) == (
            "Moray CSP",
            "Alex O'Brien",
            "alex@example.org",
            "police",
        )

        # score, N/A, a note with newlines, quotes and unicode
        await pilot.press("3")
        assert saved(path).answers[("alpha", "one")].score == 3
        chosen = [row.value for row in screen.levels if row.chosen]
        assert chosen == ["3"]
        await pilot.press("j", "0")
        assert saved(path).answers[("alpha", "two")].na
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, NoteEditor)
        await type_text(pilot, 'Board said "yes"\nsecond line ')
        app.screen.query_one("#note-text").insert("ünïcödé ✓ 日本")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        note = 'Board said "yes"\nsecond line ünïcödé ✓ 日本'
        assert saved(path).answers[("alpha", "two")].note == note
        assert "second line ünïcödé ✓ 日本" in screen.query_one(DetailPane).text_of("note")

        # next section with ], a question, then a yes/no answered no
        await pilot.press("right_square_bracket")
        assert (screen.section.id, screen.item.id) == ("beta", "q")
        assert "Really?" in screen.query_one(DetailPane).text_of("head")
        await pilot.press("4", "down", "n")
        await pilot.pause()
        assert saved(path).answers[("beta", "yn")].choice == "no"
        assert "Investigate the reasons." in screen.query_one(DetailPane).text_of("flag")
        progress = rendered(screen.query_one("#progress"))
        assert "section 2/2" in progress and "all 4/4" in progress and "100%" in progress

        # move back up: the position is saved
        await pilot.press("k")
        assert saved(path).position == ("beta", "q")
        await pilot.press("down")
        assert saved(path).position == ("beta", "yn")
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code in (0, None)

    data = parse_toml(path.read_text(encoding="utf-8"), path)
    assert data["answers"]["alpha"]["two"]["note"] == note

    again = AccordApp(open_path=path)
    async with again.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, ScoringScreen)
        assert (screen.section.id, screen.item.id) == ("beta", "yn")
        assert [row.value for row in screen.levels if row.chosen] == ["no"]
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.section.id == "alpha"
        await pilot.press("home", "down")
        await pilot.pause()
        assert screen.item.id == "two"
        assert [row.value for row in screen.levels if row.chosen] == ["na"]
        assert "second line ünïcödé ✓ 日本" in screen.query_one(DetailPane).text_of("note")
        items = rendered(screen.query_one("#items"))
        assert "3 One" in items and "N/A Two" in items


async def test_out_path_creates_the_assessment_there(tmp_path, user_framework):
    user_framework("mini")
    out = tmp_path / "mine.toml"
    app = AccordApp(out_path=out)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose_framework(pilot, app, "mini")
        await type_text(pilot, "P")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.session.path == out
        await pilot.press("5")
    assert saved(out).answers[("alpha", "one")].score == 5


def test_out_path_never_overwrites(tmp_path):
    out = tmp_path / "exists.toml"
    out.write_text("x")
    with pytest.raises(AccordError, match="already exists"):
        AccordApp(out_path=out)


def test_open_bad_bundle_is_reported_before_the_tui_starts(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('format = "accord-bundle"\nformat_version = 1\nframework = "nope"\n')
    with pytest.raises(AccordError, match="unknown framework"):
        AccordApp(open_path=bad)


async def test_new_assessment_needs_a_partnership_name(user_framework, rendered):
    user_framework("mini")
    app = AccordApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await choose_framework(pilot, app, "mini")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewAssessmentScreen)
        assert "partnership's name" in rendered(app.screen.query_one("#form-error"))
        assert not list(bundles_dir().glob("*.toml")) if bundles_dir().exists() else True


async def test_hostile_note_is_shown_literally_and_clicking_does_nothing(user_framework, write_bundle, rendered):
    user_framework("mini")
    path = write_bundle(
        "mini",
        partnership="[bold]Evil[/] \x1b]0;title\x07",
        answers={("alpha", "one"): {"score": 2, "note": HOSTILE}},
        position=("alpha", "one"),
    )
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        shown = pane.text_of("note")
        flat = " ".join(shown.split())
        assert "[@click=app.quit]click me[/]" in flat
        assert "[bold]x[/bold]" in flat
        assert "[link=http://x]l[/link]" in flat
        assert "[unclosed ^[[31mred^[]0;pwned^G" in flat
        assert "<U+202E>evil" in flat
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        first, count = pane.line_range("note")
        assert count >= 2, "the note is on screen"
        gutter = pane.styles.gutter
        await pilot.click(pane, offset=(gutter.left, gutter.top + first))
        await pilot.click(pane, offset=(gutter.left + 2, gutter.top + first + 1))
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, ScoringScreen)

        # the editor shows the visible form; saving unchanged keeps the original exactly
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one("#note-text")
        assert "\x1b" not in area.text and "^[[31m" in area.text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert saved(path).answers[("alpha", "one")].note == HOSTILE

        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        title = rendered(app.screen.query_one("#summary-title"))
        assert "[bold]Evil[/] ^[]0;title^G" in title
    assert app.return_code in (0, None)


async def test_escape_cancels_the_note(user_framework, write_bundle):
    user_framework("mini")
    path = write_bundle("mini", answers={("alpha", "one"): {"note": "before"}}, position=("alpha", "one"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await type_text(pilot, " and after")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
    assert saved(path).answers[("alpha", "one")].note == "before"


async def test_the_mouse_selects_text_chooses_a_level_and_goes_to_an_item(user_framework, write_bundle):
    """Selecting the item's text (as in a Static, to copy it) chooses nothing; clicking a level
    chooses it; clicking an item in the list goes to it."""
    from textual.geometry import Offset
    from textual.selection import Selection

    from accord_partnership.tui.widgets.item_list import ItemList

    user_framework("mini")
    path = write_bundle("mini", position=("alpha", "two"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        pane = screen.query_one(DetailPane)
        first, _ = pane.line_range("level", 0)
        line = pane.strip_at(first).text.rstrip()
        assert len(line.strip()) > 4, line
        screen.selections = {pane: Selection(Offset(3, first), Offset(len(line), first))}
        await pilot.pause()
        assert screen.get_selected_text() == line[3:]
        assert not any(row.chosen for row in pane.levels)
        screen.selections = {}

        offset = pane.level_offset("4")
        assert offset is not None, "level 4 is on screen"
        await pilot.click(pane, offset=offset)
        await pilot.pause()
        assert [row.value for row in pane.levels if row.chosen] == ["4"]
        assert saved(path).answers[("alpha", "two")].score == 4

        items = screen.query_one(ItemList)
        first, count = items.line_range(0)
        assert count and first < items.scrollable_content_region.height, "the first item is on screen"
        await pilot.click(items, offset=(2, first - items.scroll_offset.y))
        await pilot.pause()
        assert screen.item.id == "one" and items.current == 0
        assert "One" in pane.text_of("head")
    assert saved(path).position == ("alpha", "one")


async def test_yes_no_keys(user_framework, write_bundle, rendered):
    user_framework("mini")
    path = write_bundle("mini", position=("beta", "yn"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("3")  # not a score for a yes/no question
        assert saved(path).get("beta", "yn") is None
        await pilot.press("y")
        await pilot.pause()
        assert saved(path).answers[("beta", "yn")].choice == "yes"
        assert screen.query_one(DetailPane).text_of("flag") == ""
        await pilot.press("n")
        await pilot.pause()
        assert saved(path).answers[("beta", "yn")].choice == "no"
        assert "Investigate the reasons." in screen.query_one(DetailPane).text_of("flag")
        await pilot.press("backspace")
        await pilot.pause()
        assert saved(path).get("beta", "yn") is None


async def test_save_failure_shows_bar_keeps_answers_and_retries(user_framework, write_bundle, monkeypatch, rendered):
    import accord_partnership.exports.bundle_file as bundle_file

    user_framework("mini")
    path = write_bundle("mini", position=("alpha", "one"))
    real = bundle_file.write_atomic
    failing = {"on": True}

    def write_atomic(target, data, **kwargs):
        if failing["on"]:
            raise AccordError("cannot save: Read-only file system", target)
        return real(target, data, **kwargs)

    monkeypatch.setattr(bundle_file, "write_atomic", write_atomic)
    app = AccordApp(open_path=path, retry_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("4")
        await pilot.pause()
        bar = app.screen.query_one(SaveBar)
        assert bar.display
        text = " ".join(rendered(bar).split())
        assert "Not saved:" in text and "Read-only file system" in text and "retried" in text
        assert app.session.bundle.answers[("alpha", "one")].score == 4
        assert saved(path).get("alpha", "one") is None  # the old file is intact
        await pilot.press("down", "2")  # still failing: still kept
        assert app.session.dirty
        failing["on"] = False
        await pilot.pause(0.5)  # the retry timer saves
        assert not app.session.dirty
        assert not bar.display
    on_disk = saved(path)
    assert on_disk.answers[("alpha", "one")].score == 4
    assert on_disk.answers[("alpha", "two")].score == 2


async def test_matrix_cells_are_saved(write_bundle, rendered):
    path = write_bundle("sport-england-csp", position=("plan", "plan-1"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await press_for(pilot, "m", MatrixScreen)
        info = " ".join(rendered(screen.query_one("#matrix-info")).split())
        # the source's columns in its order: the criteria ARE the Challenge; only the last two are boxes
        assert info.index("Challenge") < info.index("The CSP has identified") < info.index("Examples of Best Practice")
        assert "[equity †]" in info and "Accord's wording, not the source's" in info
        assert [a.id for a in screen.query("TextArea")] == ["cell-current", "cell-action"]
        await pilot.press("tab")
        await type_text(pilot, "Partners not engaged")
        await pilot.press("tab")
        await type_text(pilot, "Quarterly forum")
        await pilot.press("ctrl+n")  # next row saves at once
        await pilot.pause()
        assert screen.row.id == "do"
        assert saved(path).matrix["plan"] == {"current": "Partners not engaged", "action": "Quarterly forum"}
        assert app.focused.id == "cell-action"  # the same column, next row
        await type_text(pilot, "Act")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
    assert saved(path).matrix["do"] == {"action": "Act"}


async def test_summary_tools_help_and_palette(write_bundle, rendered):
    path = write_bundle(
        "scsn-csp",
        answers={
            ("partnership-working", "shared-vision"): {"score": 1},
            ("partnership-working", "trust"): {"score": 2},
            ("partnership-working", "induction"): {"score": 5},
        },
        position=("partnership-working", "trust"),
    )
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        summary = await press_for(pilot, "s", SummaryScreen)
        text = " ".join(rendered(block) for block in summary.query(".summary-block"))
        assert "your mean 2.7" in text
        assert "Unanswered:" in text
        links = [link.target for link in summary.query("Link")]
        assert links == ["tool-4", "tool-5", "tool-6"]
        summary.query("Link").first().focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ToolsScreen)
        assert "Tool 4" in rendered(app.screen.query_one("#tool-content"))
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ToolsScreen)
        assert app.screen.current.id == "tool-4"  # first tool linked to the section
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "g")
        await pilot.pause()
        guide = " ".join(rendered(app.screen.query_one("#guidance-text")).split())
        assert "Partnership Working" in guide and "Guidance" in guide
        await pilot.press("escape")
        await run_command(pilot, "my summary")
        assert isinstance(app.screen, SummaryScreen)


async def test_ascii_toggle(write_bundle):
    path = write_bundle("scsn-csp")
    app = AccordApp(open_path=path, ascii=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.has_class("-ascii")
        items = app.screen.query_one("#items")
        assert items.styles.border_right[0] == "ascii"
        app.action_toggle_ascii()
        await pilot.pause()
        assert not app.has_class("-ascii")
        assert items.styles.border_right[0] != "ascii"


async def test_terminate_signal_saves_and_exits(write_bundle):
    path = write_bundle("scsn-csp")
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.session.bundle.answer("focus-impact", "evidence").score = 2  # an unsaved change
        app.session.dirty = True
        app._on_signal(signal.SIGTERM)
        await pilot.pause()
    assert app.return_code == 128 + signal.SIGTERM
    assert saved(path).answers[("focus-impact", "evidence")].score == 2


async def test_tool_exercise_answers_are_saved_in_the_bundle(write_bundle):
    path = write_bundle("scsn-csp", position=("partnership-working", "trust"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        tools = await press_for(pilot, "t", ToolsScreen)
        tools.query_one("#tool-list").highlighted = [t.id for t in app.session.framework.tools].index("tool-5")
        await pilot.pause()
        assert tools.current.kind == "lifecycle"
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is not tools
        await pilot.press("enter")  # choose the highlighted stage
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
    assert saved(path).tools.get("tool-5")


def test_docs_keys_lists_every_key_in_help():
    from pathlib import Path

    from accord_partnership.tui.keys import help_sections

    doc = (Path(__file__).parents[1] / "docs" / "keys.md").read_text(encoding="utf-8")
    for section in help_sections():
        assert f"## {section.title}" in doc
        for row in section.rows:
            assert f"| {row.keys} | {row.what} |" in doc, row.keys
