"""Files on shared servers: atomic, private, never through a symlink, never over someone else's."""

from __future__ import annotations

import os
import stat

import pytest

from accord_partnership.engine.errors import AccordError
from accord_partnership.exports import atomic
from accord_partnership.exports.atomic import group_mode_for, write_atomic


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_files_are_private(tmp_path):
    path = write_atomic(tmp_path / "bundle.toml", "a = 1\n")
    assert path.read_text() == "a = 1\n"
    assert mode(path) == 0o600


def test_replacing_keeps_the_file_private_and_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "bundle.toml"
    target.write_text("old")
    os.chmod(target, 0o644)
    write_atomic(target, "new")
    assert target.read_text() == "new" and mode(target) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.toml"]


def test_a_symlink_is_never_followed(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    link = tmp_path / "bundle.toml"
    link.symlink_to(victim)
    with pytest.raises(AccordError, match="refusing to write through a symbolic link"):
        write_atomic(link, "x")
    assert victim.read_text() == "precious" and link.is_symlink()


def test_exclusive_never_replaces_another_file(tmp_path):
    other = tmp_path / "someone-else.toml"
    other.write_text("their answers")
    with pytest.raises(AccordError, match="already exists; not overwritten"):
        write_atomic(other, "mine", exclusive=True)
    assert other.read_text() == "their answers"
    assert [p.name for p in tmp_path.iterdir()] == ["someone-else.toml"]


def test_a_failed_write_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "bundle.toml"
    target.write_text("saved before")

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", disk_full)
    with pytest.raises(AccordError, match="cannot save: No space left on device"):
        write_atomic(target, "half of something")
    assert target.read_text() == "saved before"
    assert [p.name for p in tmp_path.iterdir()] == ["bundle.toml"]


def test_a_directory_is_not_a_file(tmp_path):
    (tmp_path / "d").mkdir()
    with pytest.raises(AccordError, match="exists and is not a regular file"):
        write_atomic(tmp_path / "d", "x")


def test_group_readable_only_in_a_shared_drop_folder(tmp_path):
    private, shared = tmp_path / "private", tmp_path / "shared"
    private.mkdir(mode=0o700)
    shared.mkdir()
    os.chmod(shared, 0o2770)  # setgid: the partnership's drop folder
    assert group_mode_for(private) == 0o600
    assert group_mode_for(shared) == 0o640
