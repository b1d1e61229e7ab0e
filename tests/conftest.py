"""Shared fixtures: every test runs with its own Accord data folder, never the real one."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from textual.app import App

DATA = Path(__file__).parent / "data"


@pytest.fixture(autouse=True)
def accord_home(tmp_path, monkeypatch) -> Path:
    """`ACCORD_HOME` in a temporary folder, so nothing touches the user's real data folder.

    A machine whose environment asks for the C locale (LC_ALL=C: ASCII output, tui.terminal.c_locale)
    runs the tests in the usual UTF-8 one; the tests about locales set theirs explicitly."""
    home = tmp_path / "accord-home"
    monkeypatch.setenv("ACCORD_HOME", str(home))
    for name in ("LC_ALL", "LC_CTYPE", "LANG"):
        if os.environ.get(name) in ("C", "POSIX"):
            monkeypatch.setenv(name, "C.UTF-8")
    return home


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC, so times shown on screen do not depend on the machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def user_framework(accord_home):
    """Install a test framework from tests/data/frameworks as one of the user's own frameworks."""

    def install(name: str) -> Path:
        folder = accord_home / "frameworks"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{name}.toml"
        shutil.copyfile(DATA / "frameworks" / f"{name}.toml", target)
        return target

    return install


FIXED_TIME = "2026-11-25T09:00:00+00:00"


@pytest.fixture
def write_bundle(accord_home):
    """Write a bundle file with fixed timestamps; returns its path (default: in the bundles folder).

    `answers` maps (section_id, item_id) to keyword arguments of `engine.bundle.Answer`.
    """
    from datetime import datetime

    from accord_partnership.engine.bundle import Answer, Bundle
    from accord_partnership.engine.catalog import get_framework
    from accord_partnership.exports.bundle_file import save_bundle

    def write(framework_id: str, *, answers=None, matrix=None, position=None, path=None, **identity) -> Path:
        framework = get_framework(framework_id)
        moment = datetime.fromisoformat(FIXED_TIME)
        identity.setdefault("partnership", "Moray CSP")
        bundle = Bundle.new(framework, **identity)
        bundle.created = bundle.updated = moment
        for key, values in (answers or {}).items():
            bundle.answers[key] = Answer(**values)
        bundle.matrix = dict(matrix or {})
        bundle.position = position
        if path is None:
            folder = accord_home / "bundles"
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            path = folder / f"{framework_id}-{len(list(folder.iterdir())) + 1}.toml"
        save_bundle(bundle, framework, path)
        return Path(path)

    return write


def rendered_text(widget) -> str:
    """What a mounted widget shows on screen, as plain text lines."""
    from textual.geometry import Region

    lines = widget.render_lines(Region(0, 0, widget.region.width, widget.region.height))
    return "\n".join(line.text.rstrip() for line in lines)


@pytest.fixture
def rendered():
    return rendered_text


class Host(App):
    """A bare app that opens one screen (screen tests)."""

    def __init__(self, screen) -> None:
        super().__init__()
        self.first = screen

    def on_mount(self) -> None:
        self.push_screen(self.first)
