"""The coordinator screen with Pilot: completion (names, never scores), table, findings, disagreement, keys."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rich.text import Text
from textual.app import App
from textual.widgets import DataTable, Footer, Static

from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.exports.bundle_file import save_bundle
from accord_partnership.tui.screens.coordinator import CoordinatorScreen

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
EVIL = "[@click=app.exit]Eve[/] [bold red]x"


class _App(App):
    def __init__(self, folder, roster=None, **kw) -> None:
        super().__init__()
        self.folder, self.roster, self.kw = folder, roster, kw

    def on_mount(self) -> None:
        self.push_screen(CoordinatorScreen(self.folder, self.roster, **self.kw))


@pytest.fixture
def drop(tmp_path):
    scsn = get_framework("scsn-csp")
    folder = tmp_path / "drop"
    folder.mkdir()
    people = [("Ann", "police"), ("Bob", "police"), ("Cat", "police"), (EVIL, "council"), ("", "council"), ("Dee", "council")]
    for n, (who, role) in enumerate(people):
        bundle = Bundle.new(scsn, respondent=who, role=role, partnership="Moray CSP")
        bundle.created = bundle.updated = T0 + timedelta(minutes=n)
        for k, item in enumerate(scsn.section("partnership-working").items):
            bundle.answer("partnership-working", item.id).score = 2 if role == "police" else 3
        trust = bundle.answer("partnership-working", "trust")
        trust.score = [1, 5, 1, 5, 1, 5][n]
        trust.note = "[@click=app.exit]note"
        for item in scsn.section("focus-impact").items:
            bundle.answer("focus-impact", item.id).score = 4
        save_bundle(bundle, scsn, folder / f"m{n}.toml")
    (folder / "zz-broken.toml").write_text("this is = = not toml\n")
    return folder


@pytest.fixture
def roster(tmp_path):
    path = tmp_path / "roster.txt"
    path.write_text("Ann\nBob\nFrank\n# the chair\nGita <gita@x.org>\n")
    return path


async def loaded(pilot) -> CoordinatorScreen:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CoordinatorScreen) and not screen.busy
    return screen


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def table_cells(table: DataTable) -> list[list[object]]:
    return [table.get_row_at(n) for n in range(table.row_count)]


async def test_completion_lists_who_never_how(drop, roster):
    app = _App(drop, roster)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        completion = text_of(screen, "#completion-text")
        assert "6 bundles returned, 1 anonymous; 2 of 4 on the roster have completed, 2 not yet" in completion
        for name in ("Ann", "Bob", "Cat", "Dee"):
            assert f"\n  {name}\n" in completion
        assert "Not yet returned (2 of 4 on the roster)\n  Frank\n  Gita <gita@x.org>" in completion
        assert "zz-broken.toml" in completion and "invalid TOML" in completion  # skipped, never silently
        # no number that could be a score next to a name
        for line in completion.splitlines():
            if any(name in line for name in ("Ann", "Bob", "Cat", "Dee", "Eve")):
                assert not any(ch.isdigit() for ch in line), line
        # markup in a name is shown literally and does nothing
        assert EVIL in completion
        status = text_of(screen, "#coord-status")
        assert "1 bad file skipped" in status


async def test_table_view_and_section_switching(drop):
    app = _App(drop)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("t")
        await pilot.pause()
        assert screen.view == "table"
        table = screen.query_one("#items-table", DataTable)
        assert [str(c.label) for c in table.columns.values()] == ["Item", "n", "N/A", "Mean", "sd", "", "Flags"]
        rows = table_cells(table)
        assert str(rows[0][0]) == "Evidence" and str(rows[0][3]) == "4.00"
        assert all(isinstance(cell, Text) for row in rows for cell in row)
        assert "Focus and Impact" in text_of(screen, "#coord-section")
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "Partnership Working" in text_of(screen, "#coord-section")
        rows = {str(r[0]): [str(c) for c in r] for r in table_cells(table)}
        assert rows["Trust"][1:5] == ["6", "0", "3.00", "2.19"]
        assert "two camps" in rows["Trust"][6] and "wide range" in rows["Trust"][6]
        assert rows["Shared vision"][3] == "2.50" and "low" in rows["Shared vision"][6]
        assert set(rows["Shared vision"][5]) <= {"█", "░"} and len(rows["Shared vision"][5]) == 10
        # nobody's name is anywhere in the table
        for row in rows.values():
            assert not any(name in cell for cell in row for name in ("Ann", "Bob", "Eve"))
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "Focus and Impact" in text_of(screen, "#coord-section")
        await pilot.press("p")
        await pilot.pause()
        assert "Personal Role" in text_of(screen, "#coord-section") or "Capturing" in text_of(screen, "#coord-section")


async def test_findings_and_disagreement_views(drop):
    app = _App(drop)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("right_square_bracket", "f")
        await pilot.pause()
        assert screen.view == "findings"
        findings = text_of(screen, "#findings-text")
        scsn = get_framework("scsn-csp")
        rules = {r.id: r for r in scsn.rules}
        assert "Partnership Working" in findings
        assert rules["wide-range"].message.split("\n")[0] in findings  # verbatim guidance
        assert "Trust: scores from 1 to 5" in findings
        assert "Some questions to ask of your results" in findings
        assert "Tool 4: The Top Ten Partnership Killers (and Solutions)" in findings
        await pilot.press("d")
        await pilot.pause()
        assert screen.view == "disagreement"
        spread = screen.query_one("#spread-table", DataTable)
        first = [str(c) for c in spread.get_row_at(0)]
        assert first[:4] == ["Partnership Working", "Trust", "6", "2.19"] and first[6] == "yes"
        sds = [float(str(spread.get_row_at(n)[3])) for n in range(spread.row_count)]
        assert sds == sorted(sds, reverse=True)
        await pilot.press("o")
        await pilot.pause()
        roles = text_of(screen, "#roles-text")
        assert "council 3" in roles and "police 3" in roles
        assert "Perception gaps" in roles and "Shared vision: council 3.00 vs police 2.00 (gap 1.00)" in roles
        assert roles.index("Trust: council 3.67 vs police 2.33 (gap 1.33)") < roles.index("Shared vision")  # largest first


async def test_footer_and_view_bar_show_the_keys(drop):
    app = _App(drop)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        footer = screen.query_one(Footer)
        await pilot.pause()
        shown = {str(key.description) for key in footer.query("FooterKey")}
        assert {"Action plan", "Compare", "Next section", "Back"} <= shown
        # the views have their own bar, the current one lit; it fits at 80 columns
        bar = text_of(screen, "#coord-views-bar")
        assert bar.split() == "c Completion t Table s Spider f Findings d Disagreement o By role".split()
        assert len(bar) <= 78
        await pilot.press("t")
        await pilot.pause()
        lit = [span for span in screen.query_one("#coord-views-bar", Static).render().spans if "reverse" in str(span.style)]
        assert len(lit) == 1 and "Table" in bar[lit[0].start : lit[0].end]


async def test_small_group_hides_spreads_and_splits(tmp_path):
    scsn = get_framework("scsn-csp")
    folder = tmp_path / "two"
    folder.mkdir()
    for n in range(2):
        bundle = Bundle.new(scsn, respondent=f"P{n}", role="police")
        bundle.answer("partnership-working", "trust").score = 1 + 4 * n
        save_bundle(bundle, scsn, folder / f"{n}.toml")
    app = _App(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("t", "right_square_bracket")
        await pilot.pause()
        rows = {str(r[0]): [str(c) for c in r] for r in table_cells(screen.query_one("#items-table", DataTable))}
        # two answers: no figure at all, not even the mean or n (each of the two would learn the other's)
        assert rows["Trust"][1:5] == ["–", "–", "–", "–"]
        assert "withheld: fewer than 3 answers" in rows["Trust"][6]
        await pilot.press("d")
        await pilot.pause()
        assert screen.query_one("#spread-table", DataTable).row_count == 0
        await pilot.press("o")
        await pilot.pause()
        assert "No role has a split to show" in text_of(screen, "#roles-text")


async def test_unreadable_folder_shows_the_reason(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = _App(empty)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert "no bundle files" in text_of(screen, "#coord-status")
        # said once (tester T7): the completion view points to the red line and says what to do
        shown = "\n".join(str(w.visual) for w in screen.query(Static) if w.display)
        assert shown.count("no bundle files") == 1 and "Press r to read the folder again" in shown, shown
        # the keys that need figures leave the footer; pressed anyway, they say why
        footer = screen.query_one(Footer)
        shown = {str(key.description) for key in footer.query("FooterKey")}
        assert {"Back", "Read again"} <= shown and not shown & {"Action plan", "Compare", "Next section"}, shown
        await pilot.press("t", "right_square_bracket", "d")  # nothing to show: no crash
        await pilot.pause()
        assert screen.view == "completion"  # the other views have nothing: they say why instead (T5)
        assert any(str(n.message).startswith("No table: the folder could not be read") for n in app._notifications)
        await pilot.press("a")
        await pilot.pause()
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("No action plan: the folder could not be read") and "press r" in m for m in said), said
        assert isinstance(app.screen, CoordinatorScreen)


async def test_escape_closes_the_screen(drop):
    app = _App(drop)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CoordinatorScreen)


async def test_spider_chart_view_draws_the_section_and_overall_radars(tmp_path):
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.catalog import get_framework
    from accord_partnership.exports.bundle_file import save_bundle

    fw = get_framework("scsn-csp")
    folder = tmp_path / "round"
    folder.mkdir()
    for n in range(4):
        bundle = Bundle.new(fw, partnership="P", respondent=f"M{n}")
        for section, item in fw.items():
            if item.rated and not section.private:
                bundle.answer(section.id, item.id).score = 1 + (n + len(item.id)) % 5
        save_bundle(bundle, fw, folder / f"m{n}.toml")

    class _App(App):
        def on_mount(self) -> None:
            self.push_screen(CoordinatorScreen(folder))

    app = _App()
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if app.screen.analysis is not None:
                break
        await pilot.press("s")
        await pilot.pause()
        text = app.screen.query_one("#radar-text").render().plain
        assert "Focus and Impact" in text and "Evidence" in text
        assert "Overall pattern: average per section" in text and "Partnership Working" in text
        assert "● Mean" in text and "● Average" in text
        await pilot.press("]")
        await pilot.pause()
        assert "Shared vision" in app.screen.query_one("#radar-text").render().plain


def _focus_impact_bundle(path, score: int, **identity) -> None:
    """One member who scored every Focus and Impact feature `score`."""
    scsn = get_framework("scsn-csp")
    bundle = Bundle.new(scsn, **identity)
    for item in scsn.section("focus-impact").items:
        bundle.answer("focus-impact", item.id).score = score
    save_bundle(bundle, scsn, path)


async def test_a_folder_of_one_bundle_shows_no_figure_and_says_why(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    _focus_impact_bundle(folder / "ann.toml", 4, respondent="Ann", email="ann@x.org")
    app = _App(folder)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        status = text_of(screen, "#coord-status")
        assert "Only 1 answer set so far: no figure is shown until 3 have been returned" in " ".join(status.split())
        assert "Ann <ann@x.org>" in text_of(screen, "#completion-text")  # who, still
        await pilot.press("t")
        await pilot.pause()
        rows = [[str(c) for c in r] for r in table_cells(screen.query_one("#items-table", DataTable))]
        assert rows and all(r[1:5] == ["–", "–", "–", "–"] and "withheld" in r[6] for r in rows)


async def test_a_refused_release_keeps_completion_and_withholds_every_figure(drop, tmp_path):
    from accord_partnership.engine.merge import merge_paths
    from accord_partnership.exports.release_log import release

    (drop / "zz-broken.toml").unlink()
    release(merge_paths([drop]), 3)  # what the coordinator saw before one more member returned
    _focus_impact_bundle(drop / "late.toml", 1, respondent="Late")
    app = _App(drop)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        status = " ".join(text_of(screen, "#coord-status").split())
        assert "Figures withheld: these results differ from the ones released" in status and "by only 1 answer set" in status
        assert "Late" in text_of(screen, "#completion-text")
        await pilot.press("t")
        await pilot.pause()
        rows = [[str(c) for c in r] for r in table_cells(screen.query_one("#items-table", DataTable))]
        assert rows and all(r[3] == "–" and "release refused" in r[6] for r in rows)
    app = _App(drop, release_anyway=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("t")
        await pilot.pause()
        rows = [[str(c) for c in r] for r in table_cells(screen.query_one("#items-table", DataTable))]
        assert any(r[3] not in ("–", "") for r in rows)
