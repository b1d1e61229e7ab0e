"""AssessmentSession: every change saved at once, failures kept in memory and retried."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from accord_partnership.engine.bundle import Bundle, load_bundle
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.loader import load_framework
from accord_partnership.tui.session import AssessmentSession

MINI = Path(__file__).parent / "data" / "frameworks" / "mini.toml"


@pytest.fixture
def mini():
    return load_framework(MINI)


def reload(path, framework):
    return load_bundle(path, framework_for=lambda _id: framework)[0]


def test_each_change_is_saved_private_and_positioned(tmp_path, mini):
    path = tmp_path / "b.toml"
    session = AssessmentSession(Bundle.new(mini, partnership="P"), mini, path, exists=False)
    alpha, beta = mini.section("alpha"), mini.section("beta")
    session.set_score(alpha, alpha.item("one"), 4)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert reload(path, mini).answers[("alpha", "one")].score == 4
    session.set_na(alpha, alpha.item("two"))
    session.set_choice(beta, beta.item("yn"), "no")
    session.set_note(beta, beta.item("q"), 'line 1\nline "2" ünïcödé')
    saved = reload(path, mini)
    assert saved.answers[("alpha", "two")].na
    assert saved.answers[("beta", "yn")].choice == "no"
    assert saved.answers[("beta", "q")].note == 'line 1\nline "2" ünïcödé'
    assert saved.position == ("beta", "q")
    session.move("alpha", "two")
    assert reload(path, mini).position == ("alpha", "two")


def test_clear_keeps_the_note(tmp_path, mini):
    path = tmp_path / "b.toml"
    session = AssessmentSession(Bundle.new(mini), mini, path, exists=False)
    alpha = mini.section("alpha")
    one = alpha.item("one")
    session.set_score(alpha, one, 2)
    session.set_note(alpha, one, "kept")
    session.clear(alpha, one)
    answer = reload(path, mini).answers[("alpha", "one")]
    assert answer.score is None and answer.note == "kept"
    session.set_note(alpha, one, "")
    assert ("alpha", "one") not in reload(path, mini).answers


def test_invalid_answers_are_refused(tmp_path, mini):
    session = AssessmentSession(Bundle.new(mini), mini, tmp_path / "b.toml", exists=False)
    alpha, beta = mini.section("alpha"), mini.section("beta")
    with pytest.raises(ValueError):
        session.set_score(alpha, alpha.item("one"), 6)
    with pytest.raises(ValueError):
        session.set_choice(alpha, alpha.item("one"), "yes")
    with pytest.raises(ValueError):
        session.set_score(beta, beta.item("yn"), 3)


def test_first_save_never_replaces_an_existing_file(tmp_path, mini):
    path = tmp_path / "b.toml"
    path.write_text("someone else's file")
    session = AssessmentSession(Bundle.new(mini), mini, path, exists=False)
    assert not session.save()
    assert "already exists" in (session.last_error or "")
    assert path.read_text() == "someone else's file"


def test_failed_save_keeps_answers_and_retry_succeeds(tmp_path, mini):
    path = tmp_path / "b.toml"
    calls = {"n": 0, "fail": True}

    def flaky(bundle, framework, target, *, exclusive=False):
        calls["n"] += 1
        if calls["fail"]:
            raise AccordError("cannot save: No space left on device", target)
        from accord_partnership.exports.bundle_file import save_bundle

        return save_bundle(bundle, framework, target, exclusive=exclusive)

    session = AssessmentSession(Bundle.new(mini), mini, path, exists=False, saver=flaky)
    seen = []
    session.listeners.append(lambda: seen.append(session.last_error))
    alpha = mini.section("alpha")
    assert not session.set_score(alpha, alpha.item("one"), 3)
    assert session.dirty and "No space left" in session.last_error
    assert session.bundle.answers[("alpha", "one")].score == 3
    assert not path.exists()
    calls["fail"] = False
    assert session.retry()
    assert not session.dirty and session.last_error is None
    assert reload(path, mini).answers[("alpha", "one")].score == 3
    assert seen[0] and seen[-1] is None
    assert session.retry()  # nothing to do
