"""Never lose work on the way out, and never overwrite another copy's answers (issue 16, part 2)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from accord_partnership.engine.bundle import load_bundle
from accord_partnership.engine.errors import AccordError
from tests.keyfeed import burst, settle, slowly
from accord_partnership.tui.app import AccordApp
from accord_partnership.tui.screens.quit_unsaved import QuitUnsavedScreen
from accord_partnership.tui.session import AssessmentSession

SIZE = (80, 24)
ROOT = Path(__file__).resolve().parent.parent


def answers(path):
    bundle, _ = load_bundle(path)
    return {key: (a.score, a.note) for key, a in bundle.answers.items()}


async def test_quit_with_the_note_editor_open_saves_the_note(write_bundle):
    path = write_bundle("scsn-csp")
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await slowly(pilot, "e")
        await burst(pilot, "Half-written note", "C-q")
    assert app.return_code in (0, None)
    assert answers(path) == {("focus-impact", "evidence"): (None, "Half-written note")}


@pytest.fixture
def failing_saves(monkeypatch):
    import accord_partnership.exports.bundle_file as bundle_file

    real = bundle_file.write_atomic
    state = {"failing_folder": None}

    def write_atomic(target, data, **kwargs):
        if state["failing_folder"] is not None and Path(target).parent == state["failing_folder"]:
            raise AccordError("cannot save: Read-only file system", target)
        return real(target, data, **kwargs)

    monkeypatch.setattr(bundle_file, "write_atomic", write_atomic)
    return state


async def test_quit_while_saves_fail_offers_to_save_elsewhere(write_bundle, failing_saves, tmp_path):
    path = write_bundle("scsn-csp")
    failing_saves["failing_folder"] = path.parent
    rescue = tmp_path / "rescued.toml"
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await slowly(pilot, "4", "C-q")
        assert isinstance(app.screen, QuitUnsavedScreen)  # not gone: asked
        assert app.return_code is None
        box = app.screen.query_one("#quit-path")
        box.value = str(rescue)
        await slowly(pilot, "Enter")
    assert app.return_code == 0
    assert answers(rescue) == {("focus-impact", "evidence"): (4, "")}
    assert answers(path) == {}  # the original is untouched


async def test_quit_without_saving_says_so_with_exit_code_1(write_bundle, failing_saves):
    path = write_bundle("scsn-csp")
    failing_saves["failing_folder"] = path.parent
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await slowly(pilot, "4", "C-q")
        assert isinstance(app.screen, QuitUnsavedScreen)
        await slowly(pilot, "Escape")  # stay
        assert not isinstance(app.screen, QuitUnsavedScreen) and app.return_code is None
        await slowly(pilot, "C-q")
        await pilot.click("#lose")
        await settle(pilot)
    assert app.return_code == 1


async def test_a_dropped_connection_while_saves_fail_writes_a_rescue_file(
    write_bundle, failing_saves, accord_home, tmp_path, monkeypatch
):
    import signal

    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    path = write_bundle("scsn-csp")
    failing_saves["failing_folder"] = path.parent
    app = AccordApp(open_path=path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await slowly(pilot, "2")
        app._on_signal(signal.SIGHUP)
        await pilot.pause()
    # the bundles folder is the failing one here, so the rescue went to the next place: home
    assert not [p for p in (accord_home / "bundles").iterdir() if "rescued" in p.name]
    rescued = list(home.glob(f"{path.stem}-rescued-*.toml"))
    assert app.return_code == 128 + signal.SIGHUP
    assert len(rescued) == 1
    assert answers(rescued[0]) == {("focus-impact", "evidence"): (2, "")}


def _session(path):
    bundle, framework = load_bundle(path)
    return AssessmentSession(bundle, framework, path, exists=True)


def test_a_second_copy_in_this_process_is_refused(write_bundle):
    path = write_bundle("scsn-csp")
    first = _session(path).open()
    with pytest.raises(AccordError, match="open in another copy of Accord"):
        _session(path).open()
    first.close()
    _session(path).open().close()  # free again once closed


def test_a_bundle_open_in_another_process_is_refused(write_bundle):
    path = write_bundle("scsn-csp")
    holder = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(ROOT)!r})
        from accord_partnership.engine.bundle import load_bundle
        from accord_partnership.tui.session import AssessmentSession
        bundle, framework = load_bundle({str(path)!r})
        session = AssessmentSession(bundle, framework, {str(path)!r}, exists=True).open()
        print("ready", flush=True)
        sys.stdin.read()
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", holder], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        with pytest.raises(AccordError, match=rf"process {proc.pid}"):
            AccordApp(open_path=path)
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)
    _session(path).open().close()  # the lock went with the process


def test_answers_saved_by_another_program_are_never_overwritten(write_bundle):
    path = write_bundle("scsn-csp")
    mine = _session(path)
    framework = mine.framework
    section = framework.sections[0]
    item = section.items[0]
    # someone else (an older Accord without the lock, an editor) saves their answers meanwhile
    other = _session(path)
    other.set_score(section, item, 5)
    before = path.read_bytes()
    assert not mine.set_score(section, item, 1)
    assert "changed by another program" in mine.last_error
    assert path.read_bytes() == before  # their answer is still there
    assert mine.dirty and mine.bundle.get(section.id, item.id).score == 1  # mine kept in memory


def test_lock_files_are_removed_on_close(write_bundle):
    path = write_bundle("scsn-csp")
    session = _session(path).open()
    lock = path.with_name(f".{path.name}.lock")
    assert lock.exists() and lock.read_text() == str(os.getpid())
    session.close()
    assert not lock.exists()
