"""Reading TOML with rtoml (fast) and tomli (the error path): the data is always exactly tomli's,
and a bad file still gets tomli's located one-line error (engine/textio.py)."""

from __future__ import annotations

import importlib.util
import math
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any

import pytest
import rtoml
import tomli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import AccordError, BundleError
from accord_partnership.engine.merge import MergeOptions, merge_paths, read_records
from accord_partnership.engine.textio import MAX_NESTING, parse_toml, parse_toml_unchecked
from accord_partnership.exports.bundle_file import bundle_to_toml

ROOT = Path(__file__).resolve().parents[1]


def exact(value: Any) -> Any:
    """`value` with every type made visible: aware datetimes compare equal across tzinfo classes,
    1 == 1.0 == True, and nan != nan, so plain `==` would hide a difference between parsers."""
    if isinstance(value, dict):
        return {k: exact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [exact(v) for v in value]
    if isinstance(value, datetime):
        return ("datetime", value.isoformat(), type(value.tzinfo).__name__, value.tzinfo is timezone.utc)
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def _bench():
    spec = importlib.util.spec_from_file_location("merge_bench", ROOT / "benchmarks" / "merge.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmarks_generated_bundles_read_exactly_as_tomli_reads_them(tmp_path):
    _bench().generate(tmp_path, 150)
    files = sorted(tmp_path.glob("*.toml"))
    assert len(files) == 150
    for path in files:
        text = path.read_text(encoding="utf-8")
        ours, theirs = parse_toml(text, path), tomli.loads(text)
        assert exact(ours) == exact(theirs), path.name
        assert ours["updated"].tzinfo is timezone.utc  # not rtoml's own TzInfo(UTC)


VALID = [
    # date-times in every form TOML has, with offsets
    'a = 1979-05-27T07:32:00Z\nb = 1979-05-27T00:32:00-07:00\nc = 1979-05-27T00:32:00.999999+05:30\n'
    'd = 1979-05-27 07:32:00z\ne = 1979-05-27T07:32:00\nf = 1979-05-27\ng = 07:32:00.5\nh = 1979-05-27T07:32:00+00:00\n'
    'i = 1979-05-27T07:32:00-00:00\nj = 1979-05-27T07:32:00.123456789Z\n',
    "[t]\nwhen = [2026-11-01T09:00:00+01:00, {at = 2026-11-01T09:00:00-02:30}]\n[[t.more]]\nx = 2026-01-01T00:00:00Z\n",
    # numbers
    "a = +99\nb = -0\nc = 1_000\nd = 0xDEAD_beef\ne = 0o755\nf = 0b1101\ng = 9223372036854775807\nh = -9223372036854775808\n"
    "i = 99999999999999999999\nj = 0xffffffffffffffffffffffff\n",
    "a = 6.626e-34\nb = -0.0\nc = 1e+300\nd = inf\ne = -inf\nf = nan\ng = +nan\nh = 224_617.445_991\ni = 5e-324\n",
    # strings and keys
    'a = "tab\\t quote\\" backslash\\\\ unicode\\u00e9 \\U0001F600"\nb = \'C:\\\\Users\\raw\'\n'
    'c = """\nfirst\\\n   joined\n"""\nd = \'\'\'\nline\n  kept \'\' quotes\n\'\'\'\n',
    '"quoted key" = 1\n\'literal key\' = 2\n"" = 3\nbare-key_1 = 4\n1234 = 5\na.b."c.d" = 6\n"é" = 7\n',
    "[a]\n[a.b]\nc = 1\n[a.d]\n[[e]]\n[[e]]\nf = [1, 'two', [3.0], {g = true}]\n",
    "a = [\n  1,\n  2, # comment\n]\nb = {}\nc = []\nd = [[], [[]]]\n# comment at the end",
    "a = 1\r\nb = 'crlf'\r\n[c]\r\nd = \"\"\"x\r\ny\"\"\"\r\n",
    "a = \"\"\"x\"\"\"\"\"\nb = '''y'''''\n",  # quotes at the end of multi-line strings
    # TOML 1.1, which both parsers read: \x and \e escapes, inline tables over lines, optional seconds
    'a = "\\x41\\e"\nb = {c = 1,}\nd = {\n  e = 1, # comment\n  f = 2\n}\ng = 1979-05-27T07:32Z\nh = 07:32\n',
    "",
    # what Accord writes: a bundle with odd notes
    'format = "accord-bundle"\n[answers.s.i]\nscore = "n/a"\nnote = "line one\\nline \\u0000 two \\u007f"\n',
]


@pytest.mark.parametrize("text", VALID)
def test_odd_but_valid_toml_reads_exactly_as_tomli_reads_it(text):
    assert exact(parse_toml(text, "odd.toml")) == exact(tomli.loads(text))


INVALID = [
    "a = 1\na = 2\n",  # duplicate key
    "[a]\nb = 1\n[a]\n",  # table defined twice
    "a = {b = 1}\n[a.c]\n",  # inline tables are closed
    "a = 1979-05-27T25:00:00Z\n",
    "a = 1979-02-30\n",
    "a = 01\n",
    "a = 1__0\n",
    "a = .5\n",
    "a = 'unterminated\n",
    'a = "\\ud800"\n',  # a surrogate escape
    "a = \"bare\x01control\"\n",
    "a = [1, 2\n",
    "= 1\n",
    "a = 1 b = 2\n",
    "[[a]]\n[a]\n",
    "a.b = 1\na = 2\n",
    "\x7f = 1\n",
    "\ufeffa = 1\n",  # a byte order mark: rtoml skips it, tomli refuses it (read_text drops it before parsing)
    "\ufeff",
    "a = 1\n\ufeffb = 2\n",
]


@pytest.mark.parametrize("text", INVALID)
def test_invalid_toml_is_refused_with_tomlis_located_message(text):
    with pytest.raises(tomli.TOMLDecodeError) as expected:
        tomli.loads(text)
    with pytest.raises(BundleError) as got:
        parse_toml(text, "bad.toml", BundleError)
    error = expected.value
    if "(at end of document)" in str(error):
        where = f"bad.toml:{text.count(chr(10)) + 1}: invalid TOML: {error.msg} (at end of file)"
    else:
        where = f"bad.toml:{error.lineno}: invalid TOML: {error.msg} (column {error.colno})"
    assert str(got.value) == where


def test_a_syntax_error_names_the_file_line_and_column_as_before():
    text = 'format = "accord-bundle"\n[answers.s.i]\nscore = 3\nnote = "unterminated\n'
    with pytest.raises(BundleError) as got:
        parse_toml(text, Path("m.toml"), BundleError)
    assert str(got.value) == "m.toml:4: invalid TOML: Illegal character '\\n' (column 21)"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a = 1e400\n", {"a": math.inf}),  # rtoml refuses floats beyond double; tomli reads inf
        ("a = -1e400\n", {"a": -math.inf}),
        ("a = 99999999999999999999999999999999999999999\n", {"a": 99999999999999999999999999999999999999999}),
        ("a = " + "[" * 30 + "]" * 30 + "\n", tomli.loads("a = " + "[" * 30 + "]" * 30)),
    ],
)
def test_toml_that_rtoml_refuses_but_tomli_reads_is_read_by_tomli(text, expected):
    assert parse_toml(text, "f.toml") == expected


@pytest.mark.parametrize("depth", [MAX_NESTING + 2, 60, 100, 400])
def test_nesting_deeper_than_the_limit_is_one_located_line_whichever_parser_stops(depth):
    text = "a = " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(BundleError) as got:
        parse_toml(text, "deep.toml", BundleError)
    assert str(got.value).startswith("deep.toml: invalid TOML: arrays or tables nested too deeply")


def test_an_integer_of_thousands_of_digits_is_refused_in_one_line():
    with pytest.raises(BundleError) as got:
        parse_toml("a = " + "9" * 5000 + "\n", "big.toml", BundleError)
    assert str(got.value) == "big.toml: invalid TOML: Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits"


def test_unchecked_data_is_rtoml_s_own_and_checked_data_is_tomli_s():
    text = "a = 2026-11-01T09:00:00Z\n"
    raw = parse_toml_unchecked(text, "f.toml")
    assert raw == {"a": datetime(2026, 11, 1, 9, tzinfo=timezone.utc)}
    assert raw["a"].tzinfo is not timezone.utc  # rtoml's TzInfo: the fast path must not keep it
    assert parse_toml(text, "f.toml")["a"].tzinfo is timezone.utc


notes = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(note=notes, name=notes, minute=st.integers(0, 59), offset=st.integers(-23, 23))
def test_bundles_with_any_text_read_exactly_as_tomli_reads_them(note, name, minute, offset):
    framework = get_framework("scsn-csp")
    bundle = Bundle.new(framework, partnership=name or "P", respondent=name, role=note[:10])
    bundle.updated = datetime(2026, 11, 1, 9, minute, tzinfo=timezone.utc)
    section = framework.sections[0]
    bundle.answer(section.id, section.items[0].id).note = note
    text = bundle_to_toml(bundle, framework).replace("Z\n", f"{offset:+03d}:00\n", 1)
    assert exact(parse_toml(text, "b.toml")) == exact(tomli.loads(text))


def test_the_merges_fast_path_counts_offset_times_as_the_full_reader_does(tmp_path):
    """rtoml's data goes unchecked into the merge's fast reader: the newest bundle of a respondent
    is decided by the same instants as with tomli's data."""
    framework = get_framework("scsn-csp")
    section = framework.sections[0]
    item = section.items[0]
    for name, stamp, score in (("a", "2026-11-01T10:00:00+02:00", 2), ("b", "2026-11-01T09:00:00Z", 4)):
        bundle = Bundle.new(framework, partnership="P", respondent="Pat", email="pat@example.org")
        bundle.answer(section.id, item.id).score = score
        text = bundle_to_toml(bundle, framework)
        lines = [f"updated = {stamp}" if line.startswith("updated = ") else line for line in text.splitlines()]
        (tmp_path / f"{name}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    records = read_records(sorted(tmp_path.glob("*.toml")), with_notes=False, include_private=False, workers=1)
    assert [r.updated for r in records] == [datetime(2026, 11, 1, 8, tzinfo=timezone.utc).timestamp(), datetime(2026, 11, 1, 9, tzinfo=timezone.utc).timestamp()]
    report = merge_paths([tmp_path])
    assert [Path(r.path).name for r in report.replaced] == ["a.toml"]  # 08:00 UTC is older than 09:00 UTC
    assert [Path(f).name for f in report.files] == ["b.toml"]


def test_a_bad_bundle_in_a_merge_is_still_located_by_tomli(tmp_path):
    framework = get_framework("scsn-csp")
    good = bundle_to_toml(Bundle.new(framework, partnership="P"), framework)
    (tmp_path / "a.toml").write_text(good, encoding="utf-8")
    bad = good.replace('partnership = "P"', 'partnership = "P"\npartnership = "Q"')
    (tmp_path / "b.toml").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index('partnership = "Q"') + 1
    with pytest.raises(AccordError) as got:
        merge_paths([tmp_path])
    assert str(got.value).startswith(f"{tmp_path / 'b.toml'}:{line}: invalid TOML: Cannot overwrite a value")


def test_times_and_dates_are_the_stdlib_types():
    data = parse_toml("a = 07:32:00\nb = 1979-05-27\n", "f.toml")
    assert type(data["a"]) is time and type(data["b"]) is date


def test_anything_rtoml_raises_even_a_rust_panic_leaves_the_text_to_tomli(monkeypatch):
    from accord_partnership.engine import textio

    class PanicException(BaseException):  # what pyo3 raises when Rust code panics
        pass

    def panics(text: str) -> dict[str, Any]:
        raise PanicException("called `Option::unwrap()` on a `None` value")

    monkeypatch.setattr(textio, "_fast_loads", panics)
    assert parse_toml("a = 2026-11-01T09:00:00Z\n", "f.toml") == {"a": datetime(2026, 11, 1, 9, tzinfo=timezone.utc)}
    with pytest.raises(BundleError) as got:
        parse_toml("a = [1,\n", "bad.toml", BundleError)
    assert str(got.value).startswith("bad.toml:2: invalid TOML:")


VALUES = ["1", "-0", "+1_000", "0x1F", "0o7", "0b1", "1.5", "1e5", "-1E-5", "inf", "-nan", "true", '"s"', "'l'", '"""m\nl"""',
          "'''r\nl'''", "2026-11-01", "2026-11-01T09:00:00Z", "2026-11-01 09:00:00+05:30", "2026-11-01T09:00:00.5", "09:00:00",
          "[]", "[1, 2,]", "{}", "{x = 1}", '"\\u00e9\\t"', "[[1], ['a']]", "{ x = { y = [1] } }", "99999999999999999999999",
          "1e400", '"""a\r\nb"""', "2026-02-30", "24:00:00", "1__0", "'unterminated", "[1,,2]", "01"]
KEYS = ["a", "b", '"q k"', "'l k'", "a.b", "c.d.e", "1", "-", "é", '""', "a b"]
line = st.one_of(
    st.builds(lambda k, v, end: f"{k} = {v}{end}", st.sampled_from(KEYS), st.sampled_from(VALUES), st.sampled_from(["", " # c", "  "])),
    st.builds(lambda k: f"[{k}]", st.sampled_from(KEYS)),
    st.builds(lambda k: f"[[{k}]]", st.sampled_from(KEYS)),
    st.just("# comment"),
)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(line, min_size=1, max_size=6), newline=st.sampled_from(["\n", "\r\n"]))
def test_random_documents_are_accepted_or_refused_exactly_as_tomli_does(lines, newline):
    text = newline.join(lines) + newline
    try:
        expected = exact(tomli.loads(text))
    except tomli.TOMLDecodeError:
        with pytest.raises(AccordError):
            parse_toml(text, "f.toml")
    else:
        assert exact(parse_toml(text, "f.toml")) == expected
