"""The drop folder is hostile ground (issue 11): files that are not files, fields that pretend to
be paths, output that would replace something, text that would drive the terminal.

Every command runs in a subprocess with a time limit, so a hang fails the test instead of
stalling CI. FIFOs and symbolic links are made in the test's own temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from engine.errors import AccordError
from engine.ids import check_framework_id, is_framework_id
from engine.textio import read_bytes, read_text
from exports.textsafe import json_text, one_line, terminal, visible

ROOT = Path(__file__).resolve().parents[1]
GOOD_BUNDLE = (Path(__file__).parent / "data" / "good_bundle.toml").read_text()
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def accord(*argv: str, home: Path, timeout: float = 60, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess; a hang is a failure (TimeoutExpired), never a stalled suite."""
    env = {**os.environ, "ACCORD_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "tui.cli", *argv], capture_output=True, text=True, timeout=timeout, cwd=cwd or ROOT, env=env,
        stdin=subprocess.DEVNULL,
    )


def one_clean_line(proc: subprocess.CompletedProcess[str], *fragments: str) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout[-500:], proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


# --- the safe reader ------------------------------------------------------------------------------


@posix_only
def test_reader_refuses_a_fifo_without_blocking(tmp_path):
    fifo = tmp_path / "answers.toml"
    os.mkfifo(fifo)
    with pytest.raises(AccordError, match="is a named pipe \\(FIFO\\), not a regular file") as exc:
        read_text(fifo)
    assert str(fifo) in str(exc.value)


@posix_only
def test_reader_refuses_dev_zero_through_a_symlink(tmp_path):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(AccordError, match="is a device, not a regular file"):
        read_bytes(link)


def test_reader_refuses_a_file_over_the_size_limit(tmp_path):
    big = tmp_path / "big.toml"
    big.write_bytes(b"x" * 2048)
    with pytest.raises(AccordError, match="is too large \\(2,048 bytes; at most 1,024 bytes\\)"):
        read_bytes(big, limit=1024)
    assert read_bytes(big, prefix=10) == b"x" * 10


# --- framework ids --------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["../../x", "/dev/zero", "x.toml", "", "A", "-x", "a" * 65, "sc\u202esn", "x\x1b[2J", 7])
def test_framework_ids_are_strict(bad):
    assert not is_framework_id(bad)
    with pytest.raises(AccordError, match="must be a framework id"):
        check_framework_id(bad)


@pytest.mark.parametrize("good", ["scsn-csp", "hgiocld-3-2", "my_toolkit", "x", "a" * 64])
def test_framework_ids_that_are_fine(good):
    assert check_framework_id(good) == good


# --- the one sanitiser ----------------------------------------------------------------------------


def test_terminal_output_makes_escapes_visible_but_keeps_csv_line_ends():
    text = "\ufeffnote,x\r\n\x1b]52;c;aGk=\x07 \u202eevil \x9b31m \rover\tTab\n"
    shown = terminal(text)
    assert shown == "\ufeffnote,x\r\n^[]52;c;aGk=^G <U+202E>evil <U+009B>31m ^Mover\tTab\n"


def test_names_show_zero_width_characters():
    assert visible("ali\u200bce") == "ali<U+200B>ce"
    assert one_line("Bob\u2060\ufeff") == "Bob<U+2060><U+FEFF>"


def test_json_escapes_the_same_characters_and_round_trips():
    data = {"note": "a\u202eb\x85c\x1bd\u200be", "plain": "Trust — très bien"}
    text = json_text(data)
    assert json.loads(text) == data
    assert "\u202e" not in text and "\x85" not in text and "\u200b" not in text
    assert "très bien" in text  # readable non-ASCII stays


# --- the CLI, end to end --------------------------------------------------------------------------


def _bundle(folder: Path, name: str, **replace: str) -> Path:
    text = GOOD_BUNDLE
    for old, new in replace.items():
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text)
    return path


@posix_only
@pytest.mark.parametrize(
    "argv",
    [
        ["validate", "{f}"],
        ["export", "{f}"],
        ["merge", "{f}"],
        ["stats", "{f}"],
        ["summary", "{f}"],
        ["report", "{f}", "--format", "md"],
        ["submit", "{f}", "{drop}"],
        ["compare", "{f}", "{f}"],
        ["plan", "list", "{f}"],
        ["plan", "init", "{f}", "--out", "{tmp}/plan.toml"],
        ["merge", "{good}", "--roster", "{f}"],
        ["summary", "{good}", "--plan", "{f}"],
        ["show", "{f}"],
        ["open", "{f}"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_a_fifo_never_hangs_a_command(tmp_path, argv):
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    drop = tmp_path / "drop"
    drop.mkdir()
    good = _bundle(tmp_path, "good.toml")
    args = [a.format(f=fifo, drop=drop, tmp=tmp_path, good=good) for a in argv]
    proc = accord(*args, home=tmp_path / "home", timeout=30)
    one_clean_line(proc, str(fifo), "named pipe")
    assert sorted(p.name for p in drop.iterdir()) == []


@posix_only
def test_dev_zero_symlink_is_refused_in_one_line(tmp_path):
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    one_clean_line(accord("validate", str(link), home=tmp_path / "home", timeout=30), str(link), "is a device")


@posix_only
@pytest.mark.parametrize("ref", ["{fifo}", "/dev/zero", "../../etc/passwd", "{tmp}/dropped.toml"])
def test_a_bundles_framework_is_an_id_never_a_path(tmp_path, ref):
    """framework = "/tmp/fifo" used to hang merge --skip-bad for ever; "/dev/zero" ate all memory."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    drop = tmp_path / "drop"
    drop.mkdir()
    _bundle(drop, "good.toml")
    value = ref.format(fifo=fifo, tmp=tmp_path)
    bad = _bundle(drop, "evil.toml", **{'framework = "scsn-csp"': f'framework = "{value}"'})
    proc = accord("validate", str(bad), home=tmp_path / "home", timeout=30)
    one_clean_line(proc, f"{bad}:4:", "'framework' must be a framework id")
    proc = accord("merge", str(drop), "--skip-bad", home=tmp_path / "home", timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "skipped" in proc.stderr and "must be a framework id" in proc.stderr
    assert "merged 1 bundle of scsn-csp" in proc.stderr
