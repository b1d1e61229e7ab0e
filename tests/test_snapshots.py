"""Snapshots of every screen at 80x24 (pytest-textual-snapshot).

Update deliberately with `pytest tests/test_snapshots.py --snapshot-update` after reading
`snapshot_report.html`. Bundles have fixed timestamps, local time is UTC, cursors do not blink,
and the one path on screen (the summary's "Saved in") is fixed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from accord_partnership.tui.app import AccordApp

SIZE = (80, 24)
HOSTILE = "[@click=app.quit]click me[/] [bold]x[/bold] [link=http://x]l[/link] [unclosed \x1b[31mred\x1b]0;pwned\x07 \u202eevil"
FIXED_DIR = Path("/tmp/accord-snapshot-fixed")

pytestmark = pytest.mark.usefixtures("utc")


async def settle(pilot, *keys: str) -> None:
    """Press keys, stop cursors blinking and let the screen settle."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
    for widget in pilot.app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()
    await pilot.pause()


def scsn_answers() -> dict:
    return {
        ("focus-impact", "evidence"): {"score": 3},
        ("focus-impact", "agreeing-focus-for-action"): {"score": 2, "note": "Agreed at the March board."},
        ("focus-impact", "objectives"): {"na": True},
        ("partnership-working", "shared-vision"): {"score": 4},
        ("partnership-working", "equal-status-and-esteem"): {"score": 2},
        ("partnership-working", "shared-commitment"): {"score": 3},
        ("partnership-working", "trust"): {"score": 1},
        ("partnership-working", "induction"): {"score": 5},
        ("capturing-performance", "establishing-indicators-of-success"): {
            "score": 3,
            "note": "Indicators exist for the ASB project only.\nNeed a range for the others.",
        },
    }


def test_picker(snap_compare, write_bundle, user_framework):
    user_framework("mini")
    write_bundle("scsn-csp", answers=scsn_answers(), respondent="Alex", role="police")
    write_bundle("sport-england-csp", partnership="Active Moray", answers={("plan", "plan-1"): {"score": 3}})
    assert snap_compare(AccordApp(), terminal_size=SIZE, run_before=lambda pilot: settle(pilot))


def test_new_assessment_form(snap_compare):
    async def run_before(pilot):
        picker = pilot.app.screen
        frameworks = picker.query_one("#frameworks")
        frameworks.highlighted = [f.id for f in picker.frameworks].index("scsn-csp")
        await settle(pilot, "enter", *"Moray", "space", *"CSP", "tab")

    assert snap_compare(AccordApp(), terminal_size=SIZE, run_before=run_before)


def test_scoring_scsn_longest_descriptors(snap_compare, write_bundle):
    path = write_bundle(
        "scsn-csp", answers=scsn_answers(), position=("capturing-performance", "establishing-indicators-of-success")
    )
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot))


def test_scoring_yes_no_answered_no(snap_compare, write_bundle):
    path = write_bundle(
        "audit-commission-lsp",
        answers={("common-frameworks", "cf-1"): {"choice": "no", "note": "No framework agreed yet."}},
        position=("common-frameworks", "cf-1"),
    )
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot))


def test_scoring_six_point_theme(snap_compare, write_bundle):
    path = write_bundle("hgiocld-3-2", answers={("themes", "adding-value"): {"score": 5}}, position=("themes", "adding-value"))
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot))


def test_scoring_hostile_note(snap_compare, write_bundle):
    path = write_bundle(
        "scsn-csp",
        partnership="[bold]Evil[/]",
        answers={("focus-impact", "evidence"): {"score": 2, "note": HOSTILE}},
        position=("focus-impact", "evidence"),
    )
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot))


def test_note_editor(snap_compare, write_bundle):
    path = write_bundle(
        "scsn-csp",
        answers={("focus-impact", "evidence"): {"score": 2, "note": 'Evidence: "crime audit"\nSecond line ✓'}},
        position=("focus-impact", "evidence"),
    )
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "e"))


def test_matrix(snap_compare, write_bundle):
    path = write_bundle(
        "sport-england-csp",
        answers={("plan", "plan-1"): {"score": 3}},
        matrix={"plan": {"current": "Quarterly forum.", "action": "Invite the NGBs."}},
        position=("plan", "plan-1"),
    )
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "m"))


def test_matrix_cells_in_view(snap_compare, write_bundle):
    path = write_bundle(
        "sport-england-csp",
        matrix={"plan": {"current": "Quarterly forum.", "action": "Invite the NGBs."}},
        position=("plan", "plan-1"),
    )
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "m", "tab"))


def test_summary(snap_compare, write_bundle):
    shutil.rmtree(FIXED_DIR, ignore_errors=True)
    FIXED_DIR.mkdir(mode=0o700)
    try:
        path = write_bundle("scsn-csp", answers=scsn_answers(), respondent="Alex", role="police", path=FIXED_DIR / "summary.toml")
        assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "s"))
    finally:
        shutil.rmtree(FIXED_DIR, ignore_errors=True)


def test_summary_lowest_scores(snap_compare, write_bundle):
    path = write_bundle("scsn-csp", answers=scsn_answers())
    assert snap_compare(
        AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "s", "end")
    )


def test_tools_reader(snap_compare, write_bundle):
    path = write_bundle("scsn-csp", position=("partnership-working", "trust"))
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "t"))


def test_guidance(snap_compare, write_bundle):
    path = write_bundle("scsn-csp", position=("partnership-working", "trust"))
    assert snap_compare(AccordApp(open_path=path), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "g"))


def test_help(snap_compare):
    assert snap_compare(AccordApp(), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "question_mark"))


def test_scoring_ascii(snap_compare, write_bundle):
    path = write_bundle("scsn-csp", answers=scsn_answers(), position=("partnership-working", "trust"))
    assert snap_compare(AccordApp(open_path=path, ascii=True), terminal_size=SIZE, run_before=lambda pilot: settle(pilot))


def test_save_failure_bar(snap_compare, write_bundle, monkeypatch):
    import accord_partnership.exports.bundle_file as bundle_file
    from accord_partnership.engine.errors import AccordError

    path = write_bundle("scsn-csp", position=("focus-impact", "evidence"))

    def refuse(target, data, **kwargs):
        raise AccordError("cannot save: Read-only file system", "/srv/accord/bundles/moray.toml")

    monkeypatch.setattr(bundle_file, "write_atomic", refuse)
    assert snap_compare(
        AccordApp(open_path=path, retry_seconds=3600), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "4")
    )


COORDINATOR_DIR = Path("/tmp/accord-snapshot-coordinator")


@pytest.fixture
def coordinator_dir(monkeypatch, write_bundle):
    """A fixed folder (its path is on screen) holding a round of four members' bundles."""
    shutil.rmtree(COORDINATOR_DIR, ignore_errors=True)
    (COORDINATOR_DIR / "round").mkdir(mode=0o700, parents=True)
    monkeypatch.chdir(COORDINATOR_DIR)
    scores = [(2, 3, 1), (3, 3, 2), (4, 2, 2), (3, 4, 5)]
    for (evidence, vision, trust), who in zip(scores, ("Ann", "Bob", "Cat", "Dee")):
        answers = {
            ("focus-impact", "evidence"): {"score": evidence},
            ("partnership-working", "shared-vision"): {"score": vision},
            ("partnership-working", "trust"): {"score": trust},
        }
        write_bundle("scsn-csp", answers=answers, respondent=who, path=COORDINATOR_DIR / "round" / f"{who.lower()}.toml")
    try:
        yield COORDINATOR_DIR
    finally:
        shutil.rmtree(COORDINATOR_DIR, ignore_errors=True)


def test_coordinator_folder_dialog(snap_compare, coordinator_dir):
    assert snap_compare(AccordApp(), terminal_size=SIZE, run_before=lambda pilot: settle(pilot, "c"))


def test_coordinator_from_picker(snap_compare, coordinator_dir):
    async def run_before(pilot):
        await settle(pilot, "c", *"round", "enter")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)

    assert snap_compare(AccordApp(), terminal_size=SIZE, run_before=run_before)
