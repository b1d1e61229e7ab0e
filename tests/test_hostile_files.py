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

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.ids import check_framework_id, is_framework_id
from accord_partnership.engine.textio import read_bytes, read_text
from accord_partnership.exports.textsafe import json_text, one_line, terminal, visible

ROOT = Path(__file__).resolve().parents[1]
GOOD_BUNDLE = (Path(__file__).parent / "data" / "good_bundle.toml").read_text()
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")


def accord(*argv: str, home: Path, timeout: float = 60, cwd: Path | None = None, user: list[str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the CLI in a subprocess; a hang is a failure (TimeoutExpired), never a stalled suite.
    `user`: a command prefix that runs it as another user (see `unprivileged`)."""
    env = {**os.environ, "ACCORD_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [*(user or []), sys.executable, "-m", "accord_partnership.tui.cli", *argv], capture_output=True, text=True, timeout=timeout,
        cwd=cwd or ROOT, env=env, stdin=subprocess.DEVNULL,
    )


@pytest.fixture
def unprivileged(tmp_path_factory):
    """(folder, prefix): a folder any user can reach, and the command prefix that runs the CLI as a
    user whom file permissions bind. Root reads and writes anything, so when the suite runs as root
    (as CI often does) the CLI runs as `nobody` through setpriv; otherwise as the user itself."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="accord-perm-"))
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        yield folder, []
    else:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: no user whom permissions bind")
        folder.chmod(0o777)
        yield folder, [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    for path in (folder, *folder.rglob("*")):
        if path.is_dir():
            path.chmod(0o700)
    shutil.rmtree(folder, ignore_errors=True)


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


# --- never replace what is there ------------------------------------------------------------------


def _run_main(argv: list[str], capsys) -> tuple[int, str, str]:
    from accord_partnership.tui.cli import main

    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_merge_out_over_a_members_bundle_is_refused_even_with_force(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    drop = tmp_path / "drop"
    drop.mkdir()
    alice = _bundle(drop, "alice.toml")
    _bundle(drop, "bob.toml", **{"Pat Example": "Bob", "pat@example.org": "bob@example.org"})
    before = alice.read_bytes()
    for extra in ([], ["--force"]):
        code, _out, err = _run_main(["merge", str(drop), "--out", str(alice), *extra], capsys)
        assert code == 2 and err.strip() == f"accord: {alice}: is a member's Accord bundle; not replaced (choose another file name)"
    assert alice.read_bytes() == before


def test_export_never_turns_a_bundle_into_csv(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    mine = _bundle(tmp_path, "mine.toml")
    before = mine.read_bytes()
    code, _out, err = _run_main(["export", str(mine), "--out", str(mine), "--force"], capsys)
    assert code == 2 and "is a member's Accord bundle; not replaced" in err and err.count("\n") == 1
    assert mine.read_bytes() == before


@pytest.mark.parametrize(
    "argv",
    [
        ["stats", "{b}", "--csv", "{out}"],
        ["show", "scsn-csp", "--out", "{out}"],
        ["invite", "scsn-csp", "--deadline", "2026-12-11", "--return", "accord submit FILE /srv/x", "--out", "{out}"],
        ["export", "{b}", "--out", "{out}"],
        ["merge", "{b}", "--out", "{out}"],
        ["report", "{b}", "--format", "md", "--out", "{out}"],
        ["plan", "csv", "{plan}", "--out", "{out}"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_out_never_replaces_an_existing_file_without_force(tmp_path, monkeypatch, capsys, argv):
    from accord_partnership.tui.cli import main

    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    bundle = _bundle(tmp_path, "b.toml")
    plan = tmp_path / "plan.toml"
    assert main(["plan", "init", str(bundle), "--out", str(plan)]) == 0
    capsys.readouterr()
    out = tmp_path / "existing.txt"
    out.write_text("precious\n")
    args = [a.format(b=bundle, out=out, plan=plan) for a in argv]
    code, _stdout, err = _run_main(args, capsys)
    assert code == 2, err
    assert err.strip() == f"accord: {out}: already exists; not replaced (add --force to replace it)"
    assert out.read_text() == "precious\n"
    code, _stdout, err = _run_main([*args, "--force"], capsys)
    assert code == 0, err
    assert out.read_text() != "precious\n"


def test_stale_temp_files_of_a_killed_write_are_cleaned_on_the_next_write(tmp_path):
    import time

    from accord_partnership.exports import atomic

    folder = tmp_path / "drop"
    folder.mkdir()
    old = time.time() - atomic.STALE_SECONDS - 60
    stale = folder / ".scsn-csp-pat-1a2b3c4d.toml.k3j_x9q2.tmp"
    fresh = folder / ".alice.toml.abcdefgh.tmp"  # a write in progress elsewhere: left alone
    lookalike = folder / ".notes.txt.tmp"  # not Accord's pattern: left alone
    for path in (stale, fresh, lookalike):
        path.write_text("half")
    os.utime(stale, (old, old))
    os.utime(lookalike, (old, old))
    if hasattr(os, "symlink"):
        link = folder / ".evil.toml.zzzzzzzz.tmp"
        link.symlink_to(tmp_path / "victim")
        (tmp_path / "victim").write_text("keep")
        os.utime(link, (old, old), follow_symlinks=False)
    atomic._cleaned.discard(os.path.abspath(folder))
    atomic.write_atomic(folder / "new.toml", "x = 1\n")
    names = sorted(p.name for p in folder.iterdir())
    assert stale.name not in names
    assert fresh.name in names and lookalike.name in names and "new.toml" in names
    assert (tmp_path / "victim").read_text() == "keep"


# --- nothing raw reaches the terminal -------------------------------------------------------------

OSC52 = "\\u001b]52;c;aGVsbG8=\\u0007"  # TOML escapes: set the clipboard
HOSTILE_NOTE = f"{OSC52} \\u202eevil \\u0085 zero\\u200bwidth"


def _no_raw_controls(text: str) -> None:
    for ch in ("\x1b", "\x07", "\u202e", "\x85", "\u200b"):
        assert ch not in text, repr(ch)


def test_export_to_a_terminal_shows_an_osc52_note_instead_of_running_it(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    bundle = _bundle(tmp_path, "b.toml", **{'note = "Strategic assessment 2026."': f'note = "{HOSTILE_NOTE}"'})
    code, out, _err = _run_main(["export", str(bundle)], capsys)
    assert code == 0
    _no_raw_controls(out)
    assert "^[]52;c;aGVsbG8=^G <U+202E>evil <U+0085> zero<U+200B>width" in out
    assert out.count("\r\n") == out.count("\n")  # CSV line ends kept
    # written to a file, the export is exact
    target = tmp_path / "b.csv"
    assert _run_main(["export", str(bundle), "--out", str(target)], capsys)[0] == 0
    assert "\x1b]52;c;aGVsbG8=\x07" in target.read_text(encoding="utf-8")


def _hostile_drop(tmp_path: Path, names: str = "") -> Path:
    """Three members whose note on focus-impact.evidence is HOSTILE_NOTE (names end in `names`)."""
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(3):
        _bundle(drop, f"m{n}.toml", **{"Pat Example": f"M{n}{names}", "pat@example.org": f"m{n}@x.org",
                                       'note = "Strategic assessment 2026."': f'note = "{HOSTILE_NOTE}"'})
    return drop


def test_merge_stdout_and_json_keep_bidi_and_c1_out_of_the_terminal(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    drop = _hostile_drop(tmp_path, names=" \\u202e\\u0085")
    code, out, err = _run_main(["merge", str(drop), "--with-notes"], capsys)
    assert code == 0, err
    _no_raw_controls(out + err)
    import tomllib

    assert HOSTILE_NOTE.encode().decode("unicode_escape") in tomllib.loads(out)["items"]["focus-impact"]["evidence"]["notes"]
    code, out, err = _run_main(["stats", str(drop), "--json"], capsys)
    assert code == 0
    _no_raw_controls(out)
    json.loads(out)


@posix_only
def test_show_csv_template_neutralises_formula_headers_and_escapes(tmp_path, capsys, monkeypatch):
    home = tmp_path / "home"
    (home / "frameworks").mkdir(parents=True)
    mini = (Path(__file__).parent / "data" / "frameworks" / "mini.toml").read_text()
    hostile = mini.replace('title = "One"', 'title = "=HYPERLINK(\\"http://x\\",\\"y\\")"').replace(
        'title = "Two"', 'title = "Two\\u001b[2J\\u202e"')
    (home / "frameworks" / "mini.toml").write_text(hostile)
    monkeypatch.setenv("ACCORD_HOME", str(home))
    code, out, err = _run_main(["show", "mini", "--format", "csv"], capsys)
    assert code == 0, err
    _no_raw_controls(out)
    header = out.splitlines()[0]
    assert "'=HYPERLINK" in header and "Two^[[2J<U+202E>" in header


def test_plan_csv_to_stdout_shows_escapes_from_copied_evidence(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ACCORD_HOME", str(tmp_path / "home"))
    drop = _hostile_drop(tmp_path)
    merged = tmp_path / "merged.toml"
    plan = tmp_path / "plan.toml"
    assert _run_main(["merge", str(drop), "--with-notes", "--out", str(merged)], capsys)[0] == 0
    assert _run_main(["plan", "init", str(merged), "--out", str(plan)], capsys)[0] == 0
    code, _out, err = _run_main(["plan", "add", str(plan), "focus-impact", "evidence", "--action", "Act", "--evidence"], capsys)
    assert code == 0, err
    code, out, _err = _run_main(["plan", "csv", str(plan)], capsys)
    assert code == 0
    _no_raw_controls(out)
    assert "^[]52;c;aGVsbG8=^G" in out


# --- the TUI coordinator on a hostile drop folder -------------------------------------------------

_COORDINATOR = """
import asyncio, sys
from pathlib import Path
from textual.app import App
from textual.widgets import Static
from accord_partnership.tui.screens.coordinator import CoordinatorScreen

class Harness(App):
    def on_mount(self):
        self.push_screen(CoordinatorScreen(Path(sys.argv[1])))

async def main():
    app = Harness()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        print(str(app.screen.query_one("#completion-text", Static).render()))

asyncio.run(main())
"""


@posix_only
def test_coordinator_skips_a_fifo_framework_and_a_deep_file_and_shows_the_rest(tmp_path):
    """framework = "FIFO" used to hang `accord coordinate` for ever (ctrl+q and SIGTERM did not
    end it); 400-deep nesting hid the whole folder behind "unexpected error"."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    drop = tmp_path / "drop"
    drop.mkdir()
    _bundle(drop, "alice.toml", **{"Pat Example": "Alice \\u200bA", "pat@example.org": "alice@x.org"})
    _bundle(drop, "bob.toml", **{"Pat Example": "Bob", "pat@example.org": "bob@x.org"})
    _bundle(drop, "evil.toml", **{'framework = "scsn-csp"': f'framework = "{fifo}"'})
    _bundle(drop, "deep.toml", **{'private_sections = ["leadership"]': "private_sections = " + "[" * 400 + "]" * 400})
    if hasattr(os, "symlink"):
        (drop / "zero.toml").symlink_to("/dev/zero")  # not a regular file: not a bundle at all
    env = {**os.environ, "ACCORD_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, "-c", _COORDINATOR, str(drop)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT, env=env, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-3000:]
    shown = proc.stdout
    assert "2 bundles returned" in shown
    assert "Alice <U+200B>A" in shown  # a zero-width character in a name is made visible
    assert "evil.toml:4: 'framework' must be a framework id" in shown
    assert "deep.toml: invalid TOML: arrays or tables nested too deeply" in shown
    assert "unexpected error" not in shown


def test_a_framework_file_dropped_beside_the_bundles_is_never_loaded(tmp_path):
    """A dropped framework with the id scsn-csp and a 1-200 scale, and a bundle scoring 200 on it,
    used to crash the merge with an IndexError."""
    drop = tmp_path / "drop"
    drop.mkdir()
    _bundle(drop, "alice.toml")
    labels = ", ".join(f'"L{n}"' for n in range(1, 201))
    builtin = (ROOT / "frameworks" / "scsn-csp.toml").read_text()
    (drop / "scsn-csp.toml").write_text(builtin.replace("max = 5", "max = 200", 1).replace(
        'labels = ["', f"labels = [{labels}]\nold_labels = [\"", 1))
    _bundle(drop, "mallory.toml", **{"Pat Example": "Mallory", "pat@example.org": "m@x.org", "score = 4": "score = 200"})
    proc = accord("merge", str(drop), "--skip-bad", home=tmp_path / "home", timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "merged 1 bundle of scsn-csp" in proc.stderr
    assert "mallory.toml:20: score 200 for 'partnership-working.trust' is out of range 1-5" in proc.stderr
    assert "scsn-csp.toml" in proc.stderr  # skipped as not a bundle, never loaded as a framework


@pytest.mark.parametrize("command", ["merge", "stats", "summary"])
def test_an_unreadable_folder_is_one_line(unprivileged, command):
    base, user = unprivileged
    drop = base / "drop"
    drop.mkdir()
    _bundle(drop, "alice.toml")
    drop.chmod(0)
    try:
        proc = accord(command, str(drop), home=base / "home", timeout=60, user=user)
    finally:
        drop.chmod(0o700)
    one_clean_line(proc, str(drop), "permission denied")


def test_submit_into_a_folder_without_search_permission_is_one_line(unprivileged):
    base, user = unprivileged
    drop = base / "drop"
    drop.mkdir()
    mine = _bundle(base, "mine.toml")
    mine.chmod(0o644)
    if user:  # the folder is the (unprivileged) member's own, as it is when not root
        os.chown(drop, 65534, 65534)
    drop.chmod(0o600)  # readable and writable, but not searchable
    try:
        proc = accord("submit", str(mine), str(drop), home=base / "home", timeout=60, user=user)
    finally:
        drop.chmod(0o700)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    last = proc.stderr.strip().splitlines()[-1]  # after the note that not every item is answered
    assert last.startswith(f"accord: {drop}") and "permission denied" in last
