"""`--ascii`, a latin-1 locale and old consoles get nothing but ASCII, on every screen (issue 16).

The real app runs on a pseudo-terminal (`tui.ptyrun.PtyApp`); every byte it writes is checked.
"""

from __future__ import annotations

import os

import pytest

from tests.test_terminals import latin1_env
from accord_partnership.tui.ptyrun import PtyApp

#: a walk through the officer's screens: keys sent one write at a time, each with a pause
WALK = [
    "e", "Some note", "\x13",  # note editor, saved
    "?", "\x1b", "g", "\x1b", "s", "\x1b", "m",  # help, guidance, summary, (no matrix: a message)
    "t", "x", "\x1b", "]", "]", "x", "n", "Area", "\r", "l", "\x1b",  # tools, exercises
    "]", "]", "x", "\r", "Yes", "\r", "\x1b", "]", "x", "n", "Proj", "\r", "r", "\x1b",
    "\x1b", "\x10", "\x1b",  # command palette
    "\x1b", "n", "\r", "\x1b", "c", "\x1b",  # start, new assessment, open folder
]


#: a shorter walk: scoring, help, tools, an exercise, the start screen
SHORT_WALK = ["?", "\x1b", "t", "]", "]", "]", "x", "\x1b", "\x1b", "\x1b"]


def walk(env: dict[str, str], args: list[str], bundle, keys=WALK) -> bytes:
    with PtyApp([*args, "open", str(bundle)], env=env) as app:
        app.read_quiet(1.5, 40)
        for key in keys:
            app.send(key)
            app.read_quiet(0.25, 10)
        app.send("\x11")
        assert app.wait(30) == 0
        return bytes(app.output)


def non_ascii(output: bytes) -> list[str]:
    text = output.decode("utf-8", "replace")
    return sorted({ch for ch in text if not ch.isascii()})


@pytest.fixture
def bundle(write_bundle):
    return write_bundle(
        "scsn-csp",
        answers={("focus-impact", "evidence"): {"score": 3, "note": "Police data – 2024 “ok” café"}},
        position=("focus-impact", "evidence"),
    )


def test_ascii_flag_writes_only_ascii_on_every_screen(bundle, accord_home):
    env = dict(os.environ, ACCORD_HOME=str(accord_home), TERM="xterm-256color")
    output = walk(env, ["--ascii"], bundle)
    assert b"Traceback" not in output
    assert b"Evidence" in output and b"Resource tools" in output  # it really went through the screens
    assert non_ascii(output) == []


def test_latin1_locale_falls_back_to_ascii_by_itself(bundle, accord_home):
    env = dict(latin1_env(), ACCORD_HOME=str(accord_home), TERM="xterm-256color")
    output = walk(env, [], bundle, SHORT_WALK)
    assert b"Traceback" not in output and b"\\u" not in output
    assert max(output) < 0x80


def test_linux_console_falls_back_to_ascii_by_itself(bundle, accord_home):
    env = dict(os.environ, ACCORD_HOME=str(accord_home), TERM="linux", LC_ALL="C.UTF-8")
    env.pop("ACCORD_UNICODE", None)
    output = walk(env, [], bundle, SHORT_WALK)
    assert b"Traceback" not in output
    assert non_ascii(output) == []
