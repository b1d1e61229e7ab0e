"""Every terminal a shared server meets: other locales, old consoles (issue 16, part 3)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from functools import cache

import pytest

from accord_partnership.tui.terminal import ascii_term, needs_ascii, to_ascii, unicode_encoding

LATIN1 = "en_GB.ISO-8859-1"


@cache
def latin1_env() -> dict[str, str]:
    """Environment for a child process whose locale is ISO-8859-1 (made with localedef if missing)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))}
    probe = [sys.executable, "-c", "import sys; print(sys.stdout.encoding)"]
    attempt = dict(env, LC_ALL=LATIN1)
    if subprocess.run(probe, env=attempt, capture_output=True, text=True).stdout.strip().lower() not in ("iso8859-1", "iso-8859-1", "latin-1"):
        subprocess.run(["localedef", "-i", "en_GB", "-f", "ISO-8859-1", LATIN1], capture_output=True)
    if subprocess.run(probe, env=attempt, capture_output=True, text=True).stdout.strip().lower() in ("iso8859-1", "iso-8859-1", "latin-1"):
        return attempt
    return dict(env, PYTHONIOENCODING="iso-8859-1")  # no locale tools: the same encoding, set directly


def accord(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "accord_partnership.tui.cli", *args], env=env, capture_output=True, stdin=subprocess.DEVNULL, timeout=120
    )


@pytest.fixture
def merged(write_bundle, tmp_path, accord_home):
    folder = tmp_path / "returns"
    folder.mkdir()
    for n, (role, score) in enumerate((("police", 2), ("council", 4), ("health", 3))):
        write_bundle(
            "scsn-csp",
            path=folder / f"m{n}.toml",
            respondent=f"Member {n}",
            role=role,
            answers={("partnership-working", "trust"): {"score": score, "note": "Agreed – “trust” ≥ 3…"}},
        )
    env = dict(os.environ, ACCORD_HOME=str(accord_home))
    out = tmp_path / "merged.toml"
    plan = tmp_path / "plan.toml"
    assert accord("merge", str(folder), "--out", str(out), env=env).returncode == 0
    assert accord("plan", "init", str(out), "--out", str(plan), env=env).returncode == 0
    return folder, out, plan


def test_no_command_tracebacks_under_a_latin1_locale(merged, accord_home):
    folder, out, plan = merged
    env = dict(latin1_env(), ACCORD_HOME=str(accord_home))
    commands = [
        ("frameworks",),
        ("show", "scsn-csp"),
        ("show", "scsn-csp", "--format", "md"),
        ("stats", str(out)),
        ("summary", str(out)),
        ("plan", "list", str(plan)),
        ("compare", str(folder), str(folder)),
    ]
    for command in commands:
        result = accord(*command, env=env)
        assert result.returncode == 0, (command, result.stderr.decode("latin-1")[-400:])
        assert b"Traceback" not in result.stderr and b"UnicodeEncodeError" not in result.stderr
        text = result.stdout.decode("latin-1")
        assert len(text) > 40, command
    summary = accord("summary", str(out), env=env).stdout
    assert summary.isascii()  # charts fell back to ASCII by themselves
    assert b"Trust" in summary


def test_a_bad_file_is_still_one_line_under_latin1(tmp_path, accord_home):
    env = dict(latin1_env(), ACCORD_HOME=str(accord_home))
    bad = tmp_path / "bad – “quoted”.toml"
    bad.write_text("not = [toml", encoding="utf-8")
    result = accord("validate", str(bad), env=env)
    assert result.returncode == 2
    lines = result.stderr.decode("latin-1").strip().splitlines()
    assert len(lines) == 1 and "invalid TOML" in lines[0] and "Traceback" not in lines[0]


@pytest.mark.parametrize("locale", ["latin-1", "C"])
def test_json_output_keeps_every_character_under_latin1(accord_home, locale):
    """JSON is data: where stdout cannot carry a character it is escaped, never a stand-in."""
    import json

    base = latin1_env() if locale == "latin-1" else dict(os.environ, LC_ALL="C")
    env = dict(base, ACCORD_HOME=str(accord_home))
    result = accord("frameworks", "--json", env=env)
    assert result.returncode == 0
    assert b"Traceback" not in result.stderr
    assert result.stdout.isascii()
    own = [f["own"] for f in json.loads(result.stdout) if f.get("own")]
    assert own and all(text.startswith("\u2020 ") for text in own)  # the dagger itself, not "+"


def test_the_c_locale_is_ascii(accord_home, monkeypatch):
    """LC_ALL=C asks for ASCII, though Python writes UTF-8 there (PEP 540): output is ASCII, with
    stand-ins (tester T10). LANG=C alone is coerced to C.UTF-8 by Python and stays Unicode."""
    from accord_partnership.tui.terminal import c_locale

    env = dict(os.environ, LC_ALL="C", ACCORD_HOME=str(accord_home))
    result = accord("frameworks", env=env)
    assert result.returncode == 0 and result.stdout.isascii() and b"about" in result.stdout
    monkeypatch.setenv("LC_ALL", "POSIX")
    assert c_locale()
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert not c_locale()
    monkeypatch.delenv("LC_ALL")
    monkeypatch.setenv("LC_CTYPE", "C.UTF-8")
    assert not c_locale()


@pytest.mark.parametrize(
    ("term", "expected"),
    [("linux", True), ("vt100", True), ("vt220", True), ("dumb", True), ("xterm-256color", False), ("screen", False), ("tmux-256color", False)],
)
def test_terminals_without_box_drawing(term, expected):
    assert ascii_term(term) is expected


class _Stream(io.StringIO):
    def __init__(self, encoding: str, tty: bool) -> None:
        super().__init__()
        self._encoding, self._tty = encoding, tty

    @property
    def encoding(self):  # type: ignore[override]
        return self._encoding

    def isatty(self) -> bool:
        return self._tty


def test_needs_ascii_reads_the_encoding_and_term(monkeypatch):
    monkeypatch.delenv("ACCORD_UNICODE", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert not needs_ascii(_Stream("utf-8", True))
    assert needs_ascii(_Stream("iso8859-1", True))
    assert needs_ascii(_Stream("ascii", False))
    monkeypatch.setenv("TERM", "linux")
    assert needs_ascii(_Stream("utf-8", True))
    assert not needs_ascii(_Stream("utf-8", False))  # piped output: TERM does not matter
    monkeypatch.setenv("ACCORD_UNICODE", "1")
    assert not needs_ascii(_Stream("utf-8", True))
    assert unicode_encoding("UTF8") and not unicode_encoding("latin-1")


def test_ascii_standins():
    assert to_ascii("a – b — c … “d” · ⣀ █ é ▏") == 'a - b - c . "d" * . # e |'
    assert to_ascii("中") == "??"  # as wide as the character it stands for
