"""Merging bundles: validation, same respondent, private sections, anonymity, determinism, the merged file."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord_partnership.engine import merge as merge_mod
from accord_partnership.engine.bundle import Answer, Bundle, load_bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import AccordError, BundleError
from accord_partnership.engine.merge import MergeOptions, combine, merge_bundles, merge_paths, read_records
from accord_partnership.engine.merged import load_merged, load_results
from accord_partnership.exports.bundle_file import bundle_to_toml, save_bundle
from accord_partnership.exports.merged_file import merged_to_toml

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MINI_ITEMS = [("alpha", "one"), ("alpha", "two"), ("beta", "q"), ("beta", "yn")]


@pytest.fixture
def mini(user_framework):
    user_framework("mini")
    return get_framework("mini")


def make(framework, answers: dict, *, respondent="", email="", role="", minutes=0, notes: dict | None = None, partnership="Test CSP") -> Bundle:
    bundle = Bundle.new(framework, respondent=respondent, email=email, role=role, partnership=partnership)
    bundle.created = T0
    bundle.updated = T0 + timedelta(minutes=minutes)
    for key, value in answers.items():
        answer = bundle.answer(*key)
        if value == "na":
            answer.na = True
        elif value in ("yes", "no"):
            answer.choice = value
        elif value is not None:
            answer.score = value
    for key, note in (notes or {}).items():
        bundle.answer(*key).note = note
    return bundle


def write(framework, folder: Path, name: str, answers: dict, **kw) -> Path:
    path = folder / name
    save_bundle(make(framework, answers, **kw), framework, path)
    return path


@pytest.fixture
def drop(tmp_path, mini):
    """Five members' bundles of the mini framework, one anonymous."""
    folder = tmp_path / "drop"
    folder.mkdir()
    write(mini, folder, "ann.toml", {("alpha", "one"): 4, ("alpha", "two"): 5, ("beta", "q"): 3, ("beta", "yn"): "yes"}, respondent="Ann Smith", email="ann@example.org", role="police", notes={("alpha", "one"): "Ann's secret note"})
    write(mini, folder, "bob.toml", {("alpha", "one"): 2, ("alpha", "two"): "na", ("beta", "q"): 1, ("beta", "yn"): "no"}, respondent="Bob Jones", role="police", minutes=5)
    write(mini, folder, "cat.toml", {("alpha", "one"): 3, ("alpha", "two"): 3, ("beta", "q"): 2}, respondent="Cat", email="cat@example.org", role="police", minutes=7)
    write(mini, folder, "anon.toml", {("alpha", "one"): 5, ("alpha", "two"): 5, ("beta", "q"): 5, ("beta", "yn"): "yes"}, role="fire", minutes=9)
    write(mini, folder, "dan.toml", {("alpha", "one"): 1, ("beta", "yn"): "no"}, respondent="Dan", email="dan@example.org", role="fire", minutes=11)
    return folder


# --- counting -------------------------------------------------------------------------------------


def test_merge_counts_every_answer(drop, mini):
    report = merge_paths([drop])
    r = report.results
    assert (r.respondents, r.anonymous) == (5, 1)
    assert r.completed == ["Ann Smith <ann@example.org>", "Bob Jones", "Cat <cat@example.org>", "Dan <dan@example.org>"]
    one = r.items[("alpha", "one")].total
    assert one.counts == {1: 1, 2: 1, 3: 1, 4: 1, 5: 1} and one.n_na == 0
    two = r.items[("alpha", "two")].total
    assert two.counts == {3: 1, 5: 2} and two.n_na == 1
    yn = r.items[("beta", "yn")].total
    assert (yn.yes, yn.no) == (2, 2)
    assert r.partnerships == ["Test CSP"]
    assert report.skipped == [] and report.replaced == []
    assert sorted(Path(f).name for f in report.files) == ["ann.toml", "anon.toml", "bob.toml", "cat.toml", "dan.toml"]


def test_roles_listed_from_two_and_split_only_when_safe(drop):
    r = merge_paths([drop]).results
    assert r.roles == {"fire": 2, "police": 3}
    # police has 3 members but only 2 people are outside it: total minus police would expose them
    assert all(not item.by_role for item in r.items.values())
    r2 = merge_paths([drop], MergeOptions(min_group=2)).results
    assert set(r2.items[("alpha", "one")].by_role) == {"fire", "police"}
    assert r2.items[("alpha", "one")].by_role["police"].counts == {2: 1, 3: 1, 4: 1}


def test_role_of_one_is_never_listed_or_split(tmp_path, mini):
    folder = tmp_path / "d"
    folder.mkdir()
    for n in range(4):
        write(mini, folder, f"p{n}.toml", {("alpha", "one"): 2 + n % 2}, respondent=f"P{n}", role="police")
    write(mini, folder, "chief.toml", {("alpha", "one"): 5}, respondent="Chief", role="fire")
    r = merge_paths([folder]).results
    assert r.roles == {"police": 4}
    assert r.items[("alpha", "one")].by_role == {}  # total - police would be the chief's score
    text = merged_to_toml(r, mini)
    assert "fire" not in text


def test_same_respondent_newer_counts_and_is_reported(tmp_path, mini):
    folder = tmp_path / "d"
    folder.mkdir()
    write(mini, folder, "first.toml", {("alpha", "one"): 1}, respondent="Ann", email="ANN@example.org", minutes=0)
    write(mini, folder, "second.toml", {("alpha", "one"): 5}, respondent="Ann S", email="ann@example.org", minutes=30)
    write(mini, folder, "byname1.toml", {("alpha", "one"): 2}, respondent="Bob", minutes=40)
    write(mini, folder, "byname2.toml", {("alpha", "one"): 3}, respondent="bob", minutes=10)
    write(mini, folder, "anon1.toml", {("alpha", "one"): 4})
    write(mini, folder, "anon2.toml", {("alpha", "one"): 4})  # anonymous bundles never match
    report = merge_paths([folder])
    assert report.results.respondents == 4
    assert report.results.items[("alpha", "one")].total.counts == {5: 1, 2: 1, 4: 2}
    replaced = {(Path(r.path).name, Path(r.by).name) for r in report.replaced}
    assert replaced == {("first.toml", "second.toml"), ("byname2.toml", "byname1.toml")}
    assert report.results.completed == ["Ann S <ann@example.org>", "Bob"]


def test_same_time_tie_is_decided_by_content_not_order(tmp_path, mini):
    folder = tmp_path / "d"
    folder.mkdir()
    a = write(mini, folder, "a.toml", {("alpha", "one"): 1}, respondent="Ann")
    b = write(mini, folder, "b.toml", {("alpha", "one"): 5}, respondent="Ann")
    winner = Path(merge_paths([a, b]).files[0]).name
    # the same two bundles under swapped names give the same winner
    other = tmp_path / "e"
    other.mkdir()
    (other / "a.toml").write_bytes(b.read_bytes())
    (other / "b.toml").write_bytes(a.read_bytes())
    report = merge_paths([other])
    assert len(report.files) == 1 and Path(report.files[0]).name != winner
    assert (other / Path(report.files[0]).name).read_bytes() == (folder / winner).read_bytes()


def test_private_sections_left_out_unless_asked(tmp_path):
    scsn = get_framework("scsn-csp")
    folder = tmp_path / "d"
    folder.mkdir()
    for n in range(3):
        write(scsn, folder, f"m{n}.toml", {("focus-impact", "evidence"): 3, ("leadership", scsn.section("leadership").items[0].id): 2 + n}, respondent=f"M{n}", notes={("leadership", scsn.section("leadership").items[0].id): "chair only"})
    plain = merge_paths([folder], MergeOptions(with_notes=True))
    assert not any(sec == "leadership" for sec, _ in plain.results.items)
    text = merged_to_toml(plain.results, plain.framework)
    assert "[items.leadership." not in text and "chair only" not in text
    full = merge_paths([folder], MergeOptions(include_private=True))
    first = scsn.section("leadership").items[0].id
    assert full.results.items[("leadership", first)].total.counts == {2: 1, 3: 1, 4: 1}
    assert "include_private = true" in merged_to_toml(full.results, full.framework)


# --- bad input ------------------------------------------------------------------------------------


def test_bad_file_stops_the_merge_with_path_and_line(drop, mini):
    bad = drop / "bad.toml"
    text = bundle_to_toml(make(mini, {("alpha", "one"): 3}, respondent="Eve"), mini)
    bad.write_text(text.replace("score = 3", "score = 9"))
    with pytest.raises(AccordError) as info:
        merge_paths([drop])
    message = str(info.value)
    assert message.startswith(f"{bad}:") and "out of range 1-5" in message
    line = int(message.split(":")[1])
    assert bad.read_text().splitlines()[line - 1] == "score = 9"


def test_skip_bad_lists_every_skipped_file(drop, mini):
    (drop / "broken.toml").write_text("format = \n")
    (drop / "unknown.toml").write_text(bundle_to_toml(make(mini, {("alpha", "one"): 3}), mini).replace('[answers.alpha.one]', '[answers.alpha.nope]'))
    report = merge_paths([drop], MergeOptions(skip_bad=True))
    assert [Path(s.path).name for s in report.skipped] == ["broken.toml", "unknown.toml"]
    assert "invalid TOML" in report.skipped[0].reason
    assert "unknown item 'nope'" in report.skipped[1].reason
    assert report.results.respondents == 5


def test_different_frameworks_is_an_error_naming_the_file(drop, tmp_path):
    scsn = get_framework("scsn-csp")
    other = write(scsn, drop, "zz-scsn.toml", {("focus-impact", "evidence"): 3}, respondent="Zed")
    # the bundles decide: a clear stop naming every framework found, with --skip-bad too
    for options in (MergeOptions(), MergeOptions(skip_bad=True)):
        with pytest.raises(AccordError, match=re.escape("these bundles are for 2 frameworks: mini (5 bundles), scsn-csp (1 bundle); choose one with --framework ID")):
            merge_paths([drop], options)
    # a framework chosen: the other framework's bundle is left out and listed, the good ones are never blamed
    for options in (MergeOptions(framework="mini"), MergeOptions(skip_bad=True, framework="mini")):
        report = merge_paths([drop], options)
        assert [s.path for s in report.skipped] == [str(other)] and report.results.respondents == 5
        assert "framework 'scsn-csp' but this merge is of 'mini'" in report.skipped[0].reason


def test_wrong_version_and_unknown_framework(tmp_path, mini):
    folder = tmp_path / "d"
    folder.mkdir()
    good = bundle_to_toml(make(mini, {("alpha", "one"): 3}), mini)
    (folder / "old.toml").write_text(good.replace('framework_version = "1"', 'framework_version = "0.9"'))
    with pytest.raises(AccordError, match="old.toml:5: bundle is for mini version '0.9'"):
        merge_paths([folder])
    (folder / "old.toml").write_text(good.replace('framework = "mini"', 'framework = "nosuch"'))
    with pytest.raises(AccordError, match="unknown framework 'nosuch'"):
        merge_paths([folder])


def test_no_bundles_and_missing_paths(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(AccordError, match="no bundle files"):
        merge_paths([empty])
    with pytest.raises(AccordError, match="no such file or folder"):
        merge_paths([tmp_path / "missing"])


def test_merged_file_in_the_drop_folder_is_ignored_not_merged(drop):
    report = merge_paths([drop])
    (drop / "merged.toml").write_text(merged_to_toml(report.results, report.framework))
    again = merge_paths([drop])
    assert [Path(p).name for p in again.ignored] == ["merged.toml"]
    assert again.results.respondents == 5
    with pytest.raises(AccordError, match="merged results file, not a bundle"):
        merge_paths([drop / "merged.toml", drop / "ann.toml"])


# --- anonymity ------------------------------------------------------------------------------------


def test_merged_file_never_links_a_person_to_a_score(drop):
    report = merge_paths([drop], MergeOptions(with_notes=True, min_group=2))
    text = merged_to_toml(report.results, report.framework)
    # no timestamps at all (bundle created/updated are per person)
    assert not re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d", text)
    assert "created" not in text and "updated" not in text
    # names and emails appear only inside the completed list
    completed_block = text[text.index("completed = [") : text.index("]", text.index("completed = ["))]
    rest = text.replace(completed_block, "")
    for who in ("Ann", "ann@example.org", "Bob", "Cat", "cat@example.org", "Dan", "dan@example.org"):
        assert who.lower() not in rest.lower().replace("ann's secret note", ""), who
    # notes are unattributed and sorted by text
    assert 'notes = [\n  "Ann\'s secret note",\n]' in text
    # no file names of bundles either
    assert ".toml" not in text.replace("Format: docs/merged-format.md", "")


def test_notes_only_with_option_and_sorted_not_in_respondent_order(tmp_path, mini):
    folder = tmp_path / "d"
    folder.mkdir()
    for n, note in enumerate(["zebra", "apple", "mango"]):
        write(mini, folder, f"{n}.toml", {("alpha", "one"): 3}, respondent=f"R{n}", notes={("alpha", "one"): note})
    without = merged_to_toml(*_rf(merge_paths([folder])))
    assert "zebra" not in without and "with_notes = false" in without
    report = merge_paths([folder], MergeOptions(with_notes=True))
    assert report.results.items[("alpha", "one")].total.notes == ["apple", "mango", "zebra"]


def _rf(report):
    return report.results, report.framework


# --- determinism ----------------------------------------------------------------------------------


def test_same_bundles_any_order_byte_identical(tmp_path, mini):
    rnd = random.Random(7)
    bundles = []
    for n in range(25):
        answers = {key: rnd.choice([1, 2, 3, 4, 5, "na", None]) for key in MINI_ITEMS[:3]}
        answers[("beta", "yn")] = rnd.choice(["yes", "no", None])
        who = rnd.choice(["", f"P{n}", f"P{n % 7}"])
        bundles.append(make(mini, answers, respondent=who, role=rnd.choice(["a", "b", "c", ""]), minutes=rnd.randrange(5), notes={MINI_ITEMS[0]: f"note {rnd.randrange(100)}"}))
    outputs = set()
    for attempt in range(4):
        folder = tmp_path / f"round{attempt}"
        folder.mkdir()
        order = list(range(len(bundles)))
        rnd.shuffle(order)
        paths = []
        for position, index in enumerate(order):
            path = folder / f"{position:03d}-{rnd.randrange(10**6)}.toml"
            save_bundle(bundles[index], mini, path)
            paths.append(path)
        rnd.shuffle(paths)
        report = merge_paths(paths, MergeOptions(with_notes=True, min_group=2))
        outputs.add(merged_to_toml(report.results, report.framework))
    assert len(outputs) == 1


def test_parallel_reading_gives_the_same_result(drop, monkeypatch):
    sequential = merged_to_toml(*_rf(merge_paths([drop], MergeOptions(with_notes=True), workers=1)))
    monkeypatch.setattr(merge_mod, "PARALLEL_THRESHOLD", 2)
    parallel = merged_to_toml(*_rf(merge_paths([drop], MergeOptions(with_notes=True), workers=2)))
    assert parallel == sequential


def test_fast_reader_agrees_with_the_full_validator(tmp_path, mini, monkeypatch):
    """Every file the fast path accepts gives the same record as the full reader; it never accepts a bad one."""
    base = bundle_to_toml(make(mini, {("alpha", "one"): 3, ("beta", "yn"): "yes", ("beta", "q"): "na"}, respondent="A", notes={("alpha", "two"): "n"}), mini)
    variants = [
        base,
        base.replace("score = 3", "score = 0"),
        base.replace("score = 3", "score = 3.0"),
        base.replace("score = 3", "score = true"),
        base.replace("score = 3", 'score = "N/A"'),
        base.replace('answer = "yes"', 'answer = "maybe"'),
        base.replace('answer = "yes"', "answer = true"),
        base.replace('note = "n"', "note = 3"),
        base.replace('note = "n"', 'note = "' + "x" * 100_001 + '"'),
        base.replace('note = "n"', 'note = "' + "x" * 100_000 + '"'),
        base.replace('note = "n"', 'nope = "n"'),
        base.replace("[answers.beta.q]", "[answers.beta.zz]"),
        base.replace('role = ""', "role = 1"),
        base + "extra = 1\n",
        base.replace("format_version = 1", "format_version = 2"),
        base.replace("[answers.alpha.one]\nscore = 3", "[answers.alpha.one]\nscore = 3\nanswer = \"yes\""),
        # empty or odd values the full reader refuses (or accepts) where the fast path once differed
        base.replace('role = ""', 'role = ""\nmatrix = []'),
        base.replace('role = ""', 'role = ""\ntools = 0'),
        base.replace('role = ""', 'role = ""\nmatrix = {}\ntools = {}'),
        base + "[answers.nosuch]\n",
        base + "[answers.alpha]\n" if "[answers.alpha]\n" not in base else base,
        base.replace('role = ""', 'role = ""\nprivate_sections = [[["deep"]]]'),
        base.replace('role = ""', 'role = ""\nprivate_sections = "alpha"'),
        base.replace('role = ""', 'role = ""\nposition = "alpha/one"'),
    ]
    framework_for = merge_mod._framework_loader()
    for n, text in enumerate(variants):
        path = tmp_path / f"v{n}.toml"
        path.write_text(text)
        data = merge_mod.parse_toml_unchecked(text, path)  # what the merge's reader gives the fast path
        fast = merge_mod._fast_record(data, str(path), framework_for, with_notes=True, include_private=False)
        monkeypatch.setattr(merge_mod, "_fast_record", lambda *a, **k: None)
        slow = merge_mod.read_record(path, framework_for, with_notes=True, include_private=False)
        monkeypatch.undo()
        if fast is not None:
            assert not slow.error, (n, slow.error)
            assert fast == slow, n
        if slow.error:
            assert fast is None, n


# --- property test --------------------------------------------------------------------------------

answer_values = st.sampled_from([1, 2, 3, 4, 5, "na", None])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    people=st.lists(
        st.tuples(
            st.sampled_from(["", "Ann", "ann", "Bob", "Cy", "Di"]),
            st.sampled_from(["", "x", "y"]),
            st.integers(0, 3),
            st.lists(answer_values, min_size=3, max_size=3),
            st.sampled_from(["yes", "no", None]),
        ),
        min_size=1,
        max_size=12,
    ),
    seed=st.integers(0, 1000),
)
def test_merge_invariants(mini, people, seed):
    named = []
    for n, (who, role, minutes, scores, yn) in enumerate(people):
        answers = dict(zip(MINI_ITEMS[:3], scores))
        answers[("beta", "yn")] = yn
        named.append((f"b{n}", make(mini, answers, respondent=who, role=role, minutes=minutes)))
    shuffled = named[:]
    random.Random(seed).shuffle(shuffled)
    first = merge_bundles(named, mini, MergeOptions(min_group=2))
    second = merge_bundles(shuffled, mini, MergeOptions(min_group=2))
    assert merged_to_toml(first.results, mini) == merged_to_toml(second.results, mini)

    from accord_partnership.engine.stats import compute_stats

    results = first.results
    distinct = {who.casefold() for who, *_ in people if who}
    assert results.respondents == len(distinct) + sum(1 for who, *_ in people if not who)
    stats = compute_stats(mini, results, min_group=2)
    for item in stats.all_items():
        if item.kind == "yesno":
            assert item.yes + item.no + item.unanswered == results.respondents or item.withheld
            continue
        assert item.n + item.n_na + item.unanswered == results.respondents or item.withheld
        if item.withheld:
            assert (item.mean, item.counts, item.n, item.n_na) == (None, (), 0, 0)
        if item.mean is not None and item.min is not None:
            assert item.min <= item.mean <= item.max
    for result in results.items.values():
        for role, tally in result.by_role.items():
            assert results.roles[role] >= 2 and tally.n + tally.n_na <= results.roles[role]


# --- the merged file ------------------------------------------------------------------------------


def test_merged_file_round_trip(drop, tmp_path):
    report = merge_paths([drop], MergeOptions(with_notes=True, min_group=2))
    text = merged_to_toml(report.results, report.framework)
    path = tmp_path / "merged.toml"
    path.write_text(text)
    results, framework = load_merged(path)
    assert framework.id == "mini"
    assert merged_to_toml(results, framework) == text
    assert results.min_group == 2
    same, _ = load_results(path)
    assert merged_to_toml(same, framework) == text
    stripped, _ = load_results(path, with_notes=False)
    assert not any(r.total.notes for r in stripped.items.values())


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('format = "accord-merged"', 'format = "accord-bundle"', "not Accord merged results"),
        ("respondents = 5", "respondents = 6", "'completed' lists 4 people and 1 are anonymous, but respondents = 6"),
        ("counts = [1, 1, 1, 1, 1]", "counts = [1, 1, 1, 1]", "counts of 'alpha.one' must be 5 whole numbers"),
        ("counts = [1, 1, 1, 1, 1]", "counts = [1, 1, 1, 1, 9]", "counts more answers than there are respondents"),
        ("[items.alpha.one]", "[items.alpha.nope]", "unknown item 'nope'"),
        ("min_group = 2", "min_group = 1", "'min_group' cannot be below 2"),
        ("roles = { fire = 2, police = 3 }", "roles = { fire = 1, police = 3 }", "role 'fire': count must be a whole number of at least 2"),
        ("with_notes = true", "with_notes = false", "notes of 'alpha.one' are only kept with with_notes = true"),
    ],
)
def test_merged_file_errors_name_file_and_line(drop, tmp_path, old, new, message):
    report = merge_paths([drop], MergeOptions(with_notes=True, min_group=2))
    text = merged_to_toml(report.results, report.framework)
    assert old in text
    path = tmp_path / "merged.toml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(BundleError) as info:
        load_merged(path)
    assert message in str(info.value)
    assert str(info.value).startswith(f"{path}:")


def test_load_results_accepts_bundle_folder_and_csv(drop, tmp_path, mini):
    single, fw = load_results(drop / "ann.toml")
    assert single.respondents == 1 and single.single and single.with_notes
    assert single.items[("alpha", "one")].total.notes == ["Ann's secret note"]
    folder, _ = load_results(drop)
    assert folder.respondents == 5 and not folder.with_notes
    from accord_partnership.exports.csv_out import bundle_csv_text

    bundle, _ = load_bundle(drop / "ann.toml")
    csv_path = tmp_path / "ann.csv"
    csv_path.write_text(bundle_csv_text(bundle, mini), newline="")
    from_csv, _ = load_results(csv_path)
    assert merged_to_toml(from_csv, mini) == merged_to_toml(single, mini)
    with pytest.raises(AccordError, match="no such file"):
        load_results(tmp_path / "missing.toml")


def test_combine_api_used_by_compare(drop):
    records = read_records(merge_mod.collect_paths([drop]), with_notes=False, include_private=False)
    assert all(not r.error for r in records)
    report = combine(records, MergeOptions(framework="mini"))
    assert report.results.respondents == 5


# --- Accord's own CSV bundles ---------------------------------------------------------------------


def test_csv_bundle_round_trip_is_exact(tmp_path):
    from accord_partnership.engine.bundle_csv import read_bundle_csv
    from accord_partnership.exports.csv_out import bundle_csv_text

    for framework_id in ("scsn-csp", "sport-england-csp", "audit-commission-lsp"):
        fw = get_framework(framework_id)
        bundle = Bundle.new(fw, partnership="Moray, CSP", respondent="=Ann \"the\" Chair", email="ann@example.org", role="+police")
        bundle.created, bundle.updated = T0, T0 + timedelta(hours=2)
        for n, (section, item) in enumerate(fw.items()):
            answer = Answer()
            if item.kind == "yesno":
                answer.choice = "no" if n % 2 else "yes"
            elif item.kind == "open":
                answer.note = "line one\nline two, with \"quotes\"\r\nand a tab\there"
            elif n % 7 == 3 and section.scale.allow_na:
                answer.na = True
            elif n % 5 == 4:
                answer.note = "only a note"
            else:
                answer.score = section.scale.min + n % (section.scale.max - section.scale.min + 1)
            if n % 3 == 0 and item.kind != "open":
                answer.note = ["=SUM(A1:A2)", "-3", "'quoted", "@cmd", "plain ünïcode ✓", "\ttab"][n % 6]
            bundle.answers[(section.id, item.id)] = answer
        if fw.matrix_columns:
            row = next(s for s in fw.sections if s.matrix)
            bundle.matrix[row.id] = {c.id: f"+cell {c.id}" for c in fw.matrix_columns if c.editable}
        if fw.tools:
            bundle.tools[fw.tools[0].id] = {"stage": "functioning", "ticks": [1, 2], "when": T0}
        bundle.position = (fw.sections[-1].id, fw.sections[-1].items[0].id)
        toml_path = tmp_path / f"{framework_id}.toml"
        save_bundle(bundle, fw, toml_path)
        loaded, _ = load_bundle(toml_path)
        for excel in (False, True):
            csv_path = tmp_path / f"{framework_id}-{excel}.csv"
            csv_path.write_text(bundle_csv_text(loaded, fw, excel=excel), newline="", encoding="utf-8")
            again, fw2 = read_bundle_csv(csv_path)
            assert fw2.id == framework_id
            assert again == loaded


def test_csv_bundle_reader_errors(tmp_path, mini):
    from accord_partnership.engine.bundle_csv import read_bundle_csv
    from accord_partnership.engine.errors import CsvError
    from accord_partnership.exports.csv_out import bundle_csv_text

    text = bundle_csv_text(make(mini, {("alpha", "one"): 3, ("beta", "yn"): "yes"}, respondent="Ann"), mini)
    path = tmp_path / "b.csv"
    cases = [
        (text.replace(",3,,", ",8,,"), "b.csv:2: column 'score': '8' is out of range 1-5"),
        (text.replace(",Ann,", ",Bob,", 1), "b.csv:3: column 'respondent' differs from the first row"),
        (text.replace("alpha,one", "alpha,nope"), "b.csv:2: unknown item 'alpha.nope'"),
        ("a,b\n1,2\n", "b.csv:1: not an Accord bundle CSV"),
        (text.splitlines()[0] + "\n", "b.csv:2: no rows after the header"),
        (text.replace(",yes,", ",maybe,"), "must be \"yes\" or \"no\""),
    ]
    for content, message in cases:
        path.write_text(content, newline="")
        with pytest.raises(CsvError) as info:
            read_bundle_csv(path)
        assert message in str(info.value), str(info.value)


def test_merged_file_keeps_awkward_text_exactly(tmp_path, mini):
    folder = tmp_path / "d"
    folder.mkdir()
    notes = ['two\nlines', 'quote " and \\ backslash', "ctrl \x1b[31m red", "line\u2028separator", "tab\there", "ü ✓ 😀"]
    for n, note in enumerate(notes):
        write(mini, folder, f"{n}.toml", {("alpha", "one"): 3}, respondent=f'"Q" {n}', role="third sector", notes={("alpha", "one"): note})
    report = merge_paths([folder], MergeOptions(with_notes=True))
    text = merged_to_toml(report.results, report.framework)
    block = text[text.index("notes = [") : text.index("]", text.index("notes = ["))]
    assert len(block.splitlines()) == len(notes) + 1  # one note per line
    path = tmp_path / "merged.toml"
    path.write_text(text, encoding="utf-8")
    results, framework = load_merged(path)
    assert results.items[("alpha", "one")].total.notes == sorted(notes)
    assert results.roles == {"third sector": 6}
    assert set(results.items[("alpha", "one")].by_role) == {"third sector"}
    assert merged_to_toml(results, framework) == text
    # an error after the notes still points at the right line
    broken = text.replace("[items.alpha.two]\ncounts = [0, 0, 0, 0, 0]", "[items.alpha.two]\ncounts = [0, 0, 0, 0, 9]")
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(BundleError) as info:
        load_merged(path)
    line = int(str(info.value).split(":")[1])
    assert broken.split("\n")[line - 1].startswith("counts = [0, 0, 0, 0, 9]") or broken.split("\n")[line - 1] == "[items.alpha.two]"


def test_open_questions_count_as_answered_without_keeping_the_words(tmp_path):
    fw = get_framework("audit-commission-lsp")
    section, item = next((s, i) for s, i in fw.items() if i.kind == "open")
    folder = tmp_path / "drop"
    folder.mkdir()
    for n, note in enumerate(["Chosen by the council leader.", "", "By election at the AGM."]):
        bundle = Bundle.new(fw, partnership="LSP", respondent=f"Member {n}")
        if note:
            bundle.answer(section.id, item.id).note = note
        save_bundle(bundle, fw, folder / f"b{n}.toml")
    out = tmp_path / "merged.toml"
    report = merge_paths([folder], MergeOptions())
    assert report.results.items[(section.id, item.id)].total.noted == 2
    out.write_text(merged_to_toml(report.results, report.framework))
    text = out.read_text()
    assert "Chosen by the council leader" not in text  # words only with --with-notes
    results, framework = load_merged(out)
    from accord_partnership.engine.stats import compute_stats

    stats = compute_stats(framework, results).item(section.id, item.id)
    assert (stats.respondents, stats.unanswered) == (3, 1)
