"""Bundles round-trip any text unchanged: notes, names and matrix cells are data, kept exactly."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord_partnership.engine.bundle import MAX_NOTE_CHARS, Answer, Bundle, bundle_from_data
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.loader import load_framework
from accord_partnership.engine.textio import parse_toml
from accord_partnership.exports.bundle_file import bundle_to_toml

MINI = load_framework(Path(__file__).parent / "data" / "frameworks" / "mini.toml")
SPORT = get_framework("sport-england-csp")

# st.text() draws from all of unicode except surrogates, control characters included
texts = st.text()
notes = st.text(max_size=2000).filter(lambda s: len(s) <= MAX_NOTE_CHARS)


def roundtrip(bundle: Bundle, framework):
    text = bundle_to_toml(bundle, framework)
    data = parse_toml(text, "roundtrip.toml")
    return bundle_from_data(data, Path("roundtrip.toml"), text, lambda _id: framework)[0]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(partnership=texts, respondent=texts, email=texts, role=texts, note_one=notes, note_yn=notes, score=st.integers(1, 5))
def test_names_and_notes_round_trip(partnership, respondent, email, role, note_one, note_yn, score):
    bundle = Bundle.new(MINI, partnership=partnership, respondent=respondent, email=email, role=role)
    bundle.created = bundle.updated = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)
    bundle.answers[("alpha", "one")] = Answer(score=score, note=note_one)
    bundle.answers[("beta", "yn")] = Answer(choice="no", note=note_yn)
    bundle.position = ("beta", "yn")
    back = roundtrip(bundle, MINI)
    assert (back.partnership, back.respondent, back.email, back.role) == (partnership, respondent, email, role)
    assert back.answers[("alpha", "one")].note == note_one
    assert back.answers[("alpha", "one")].score == score
    assert back.answers[("beta", "yn")].note == note_yn
    assert back.answers[("beta", "yn")].choice == "no"
    assert back.position == ("beta", "yn")
    assert back.created == bundle.created


@settings(max_examples=100)
@given(cells=st.dictionaries(st.sampled_from(["current", "action"]), st.text(min_size=1), min_size=1))
def test_matrix_cells_round_trip(cells):
    bundle = Bundle.new(SPORT)
    bundle.matrix["plan"] = dict(cells)
    assert roundtrip(bundle, SPORT).matrix["plan"] == cells


def test_awkward_notes_round_trip():
    awkward = [
        "",
        "\n",
        "\n\nleading newlines",
        'quotes " and \'\'\' and """ inside',
        "backslash \\ and \\n literal",
        "\r\nwindows\r\nlines\r",
        "\x1b[31mred\x1b]0;title\x07 \u202eevil \x00 \x7f \x85",
        "trailing spaces   \n   ",
        "日本語 ✓ 🎉 e\u0301",
    ]
    for note in awkward:
        bundle = Bundle.new(MINI)
        bundle.answers[("alpha", "one")] = Answer(note=note)
        back = roundtrip(bundle, MINI)
        if note:
            assert back.answers[("alpha", "one")].note == note, repr(note)
        else:
            assert ("alpha", "one") not in back.answers
