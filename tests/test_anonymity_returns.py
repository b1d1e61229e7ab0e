"""Issue 10 follow-up: a member counted once wherever their file lies, releases keyed by the
round inside the folder, and paired views on folders written by `accord submit`."""

from __future__ import annotations

import shutil
from pathlib import Path

from accord_partnership.engine.merge import merge_paths
from accord_partnership.exports.bundle_file import save_bundle
from tests.test_anonymity import SCSN, every_rated, member, mini, run  # noqa: F401 (mini: a fixture)
from accord_partnership.engine.catalog import get_framework


def submit_a_copy(capsys, bundle: Path, folder: Path, drop: Path) -> tuple[int, str, str]:
    """Copy `bundle` into the new folder `folder` (a moved copy, a USB stick) and `accord submit`
    the copy to `drop`: (exit code, stdout, stderr)."""
    folder.mkdir()
    shutil.copy(bundle, folder / bundle.name)
    return run(capsys, "submit", str(folder / bundle.name), str(drop))


def test_the_same_bundle_from_a_moved_copy_replaces_never_counts_twice(tmp_path, capsys, mini, monkeypatch):
    drop = tmp_path / "drop"
    drop.mkdir()
    save_bundle(member(mini, {("alpha", "one"): 1}, name="Alice", email="alice@x.org"), mini, tmp_path / "alice.toml")
    dan = tmp_path / "dan.toml"
    save_bundle(member(mini, {("alpha", "one"): 4}, name="Dan", email="dan@x.org"), mini, dan)
    assert run(capsys, "submit", str(tmp_path / "alice.toml"), str(drop))[0] == 0
    assert run(capsys, "submit", str(dan), str(drop))[0] == 0
    moved = tmp_path / "moved"
    code, out, _ = submit_a_copy(capsys, dan, moved, drop)
    assert code == 0 and "replaced your earlier answers" in out
    register = (drop / "accord-returns.toml").read_text()
    assert register.count("Dan <dan@x.org>") == 1
    report = merge_paths([drop])
    assert report.results.respondents == 2
    # from another computer (no token there): refused, the name is never listed twice
    from accord_partnership.engine.catalog import data_dir

    (data_dir() / "return-tokens.toml").unlink()
    code, out, err = run(capsys, "submit", str(moved / "dan.toml"), str(drop))
    assert code == 2 and "already returned" in err and "Dan <dan@x.org>" in err
    assert (drop / "accord-returns.toml").read_text().count("Dan <dan@x.org>") == 1
    assert merge_paths([drop]).results.respondents == 2


def test_a_name_twice_in_the_register_stops_the_merge(tmp_path, capsys, mini):
    import re

    drop = tmp_path / "drop"
    drop.mkdir()
    for n, name in enumerate(["Ann", "Bob", "Cat"]):
        save_bundle(member(mini, {("alpha", "one"): 1 + n}, name=name), mini, tmp_path / f"{n}.toml")
        assert run(capsys, "submit", str(tmp_path / f"{n}.toml"), str(drop))[0] == 0
    # a folder written before submit refused this: Bob listed twice, with two answer sets
    reg = drop / "accord-returns.toml"
    text = reg.read_text()
    bob = re.search(r'\[\[returned\]\]\nframework = "mini"\nwho = "Bob"\nkey = "([0-9a-f]{32})"\n(returned = [0-9-]+\n)?', text)
    reg.write_text(text + "\n" + bob.group(0).replace(bob.group(1), "0" * 32))
    ans = drop / "accord-answers-mini.toml"
    atext = ans.read_text()
    first = atext.index("[[answers]]")
    entry = atext[first:]
    nxt = entry.find("[[answers]]", 1)
    entry = entry[:nxt] if nxt > 0 else entry
    key = re.search(r'key = "([0-9a-f]{32})"', entry).group(1)
    ans.write_text(atext.rstrip("\n") + "\n\n" + entry.replace(key, "f" * 32).rstrip("\n") + "\n")
    code, out, err = run(capsys, "merge", str(drop))
    assert code == 2 and out == "" and "lists Bob more than once" in err


def test_a_copy_of_the_drop_folder_is_the_same_round_for_releases(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(3):
        save_bundle(member(mini, {("alpha", "one"): 1 + n, ("alpha", "two"): 2}, name=f"P{n}"), mini, tmp_path / f"p{n}.toml")
        assert run(capsys, "submit", str(tmp_path / f"p{n}.toml"), str(drop))[0] == 0
    assert run(capsys, "stats", str(drop))[0] == 0
    save_bundle(member(mini, {("alpha", "one"): 5, ("alpha", "two"): 2}, name="Late"), mini, tmp_path / "late.toml")
    assert run(capsys, "submit", str(tmp_path / "late.toml"), str(drop))[0] == 0
    assert run(capsys, "stats", str(drop))[0] == 2
    copy = tmp_path / "drop2"
    shutil.copytree(drop, copy)
    code, out, err = run(capsys, "stats", str(copy))
    assert code == 2 and out == "" and "differ from the ones released" in err


def test_paired_views_on_submitted_folders_give_the_notice_not_a_bad_file(tmp_path, capsys):
    scsn = get_framework(SCSN)
    base, follow = tmp_path / "base", tmp_path / "fu"
    base.mkdir()
    follow.mkdir()
    for n in range(3):
        path = tmp_path / f"m{n}.toml"
        save_bundle(member(scsn, every_rated(scsn, 1 + n), name=f"M{n}", email=f"m{n}@x.org"), scsn, path)
        assert run(capsys, "submit", str(path), str(base))[0] == 0
        assert run(capsys, "submit", str(path), str(follow))[0] == 0
    code, out, err = run(capsys, "compare", str(base), str(follow), "--paired")
    assert code == 0, err
    assert "accord-returns.toml" not in err and "returned with `accord submit`" in out and "never pair" in out
    code, out, err = run(capsys, "report", str(follow), "--baseline", str(base), "--paired", "--format", "md", "--date", "2026-11-30")
    assert code == 0, err
    assert "never pair" in out


def test_an_anonymous_member_submitting_a_moved_copy_is_counted_once(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    anon = tmp_path / "mine.toml"
    save_bundle(member(mini, {("alpha", "one"): 2}), mini, anon)
    assert run(capsys, "submit", str(anon), str(drop))[0] == 0
    code, out, _ = submit_a_copy(capsys, anon, tmp_path / "usb", drop)
    assert code == 0 and "replaced your earlier answers" in out
    assert merge_paths([drop]).results.respondents == 1
