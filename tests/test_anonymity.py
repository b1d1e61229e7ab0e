"""Issue 10: the coordinator sees who completed, never how — in the drop folder and in every output.

The attacks of the issue as regression tests (one bundle in a folder, one answer of eight, the
Chair's private scorecard, compare --paired with one newcomer, role splits minus the total, two
releases one member apart, a stray framework, a forged newer bundle), a property test over random
rounds, and a test that the drop folder, listed and read, pairs no name with any answers.
"""

from __future__ import annotations

import csv
import io
import json
import os
import random
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.merge import MergeOptions, merge_bundles, merge_paths
from accord_partnership.engine.privacy import answers_in
from accord_partnership.engine.stats import compute_stats
from accord_partnership.exports.bundle_file import save_bundle
from accord_partnership.exports.merged_file import merged_to_toml
from tests.test_coordinator_cli import bundle
from accord_partnership.tui.cli import main

SCSN = "scsn-csp"
PW = "partnership-working"


@pytest.fixture
def mini(user_framework):
    user_framework("mini")
    return get_framework("mini")


def member(framework, scores: dict, *, name="", email="", role="", minutes=0) -> Bundle:
    return bundle(framework, scores, respondent=name, email=email, role=role, minutes=minutes)


def every_rated(framework, value) -> dict:
    return {(s.id, i.id): value for s in framework.sections if not s.private for i in s.items if i.rated}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- 1. the drop folder ---------------------------------------------------------------------------

PEOPLE = [("Ann Archer", "ann@moray.gov.uk", 1), ("Bob Brown", "bob@police.uk", 2), ("Cat Cole", "", 3),
          ("Dev Dane", "dev@nhs.uk", 4), ("", "", 5)]


def test_the_drop_folder_listed_and_read_pairs_no_name_with_answers(tmp_path, capsys):
    scsn = get_framework(SCSN)
    drop = tmp_path / "drop"
    drop.mkdir()
    os.chmod(drop, 0o2770)
    for name, email, score in PEOPLE:
        path = tmp_path / f"{score}.toml"
        save_bundle(member(scsn, every_rated(scsn, score), name=name, email=email, role="police"), scsn, path)
        assert run(capsys, "submit", str(path), str(drop))[0] == 0
    visible = sorted(p.name for p in drop.iterdir() if not p.name.startswith("."))
    assert visible == ["accord-answers-scsn-csp.toml", "accord-returns.toml"]  # no file per person
    answers = (drop / "accord-answers-scsn-csp.toml").read_text()
    register = (drop / "accord-returns.toml").read_text()
    for name, email, _ in PEOPLE:
        for part in (name, email, name.split(" ")[0] if name else ""):
            if part:
                assert part not in answers  # no name or email next to any score
    assert not re.search(r"\d{4}-\d\d-\d\dT|\d\d:\d\d", answers)  # no time either
    assert "score =" not in register and "role" not in register and "[answers" not in register  # who returned, never how
    # answer sets are in key order, not the order people returned them in
    keys = re.findall(r'^key = "([0-9a-f]{32})"', answers, flags=re.M)
    assert len(keys) == 5 and keys == sorted(keys)
    order = [int(m) for m in re.findall(r"^score = (\d)", answers, flags=re.M)[:: len(every_rated(scsn, 1))]]
    assert sorted(order) == [1, 2, 3, 4, 5]
    # the register's receipt keys and the answers' keys are unrelated: nothing in common
    rkeys = re.findall(r'^key = "([0-9a-f]{32})"', register, flags=re.M)
    assert len(rkeys) == 5 and not set(rkeys) & set(keys)
    # one file holds every answer set: its owner, size and times are the last submission's, of no one entry
    stats = [(p.stat().st_ino, p.stat().st_mtime_ns) for p in drop.iterdir() if p.name.startswith("accord-answers")]
    assert len(stats) == 1
    # completion still works, from the register
    code, out, err = run(capsys, "merge", str(drop), "--roster", str(_roster(tmp_path, "Ann Archer\nBob Brown\nCat Cole\nDev Dane\nEve Ell\n")))
    assert code == 0 and "4 of 5 on the roster have completed, 1 not yet" in err and "not yet returned: Eve Ell" in err
    assert "respondents = 5" in out and "anonymous = 1" in out


def _roster(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.txt"
    path.write_text(text)
    return path


def test_a_correction_replaces_the_earlier_answers_anonymous_members_too(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    paths = []
    for n, (name, email) in enumerate([("", ""), ("Bob", ""), ("", ""), ("Dan", "dan@x.org")]):
        path = tmp_path / f"m{n}.toml"
        save_bundle(member(mini, {("alpha", "one"): 1 + n}, name=name, email=email), mini, path)
        paths.append(path)
        assert run(capsys, "submit", str(path), str(drop))[0] == 0
    # the first anonymous member corrects their answer: 1 becomes 5
    save_bundle(member(mini, {("alpha", "one"): 5}), mini, paths[0])
    code, out, _ = run(capsys, "submit", str(paths[0]), str(drop))
    assert code == 0 and "replaced your earlier answers" in out
    report = merge_paths([drop])
    assert report.results.respondents == 4 and report.results.anonymous == 2
    assert report.results.items[("alpha", "one")].total.counts == {2: 1, 3: 1, 4: 1, 5: 1}


def test_submit_tells_the_member_what_the_coordinator_sees(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    path = tmp_path / "b.toml"
    save_bundle(member(mini, {("alpha", "one"): 3}, name="Ann"), mini, path)
    code, out, _ = run(capsys, "submit", str(path), str(drop))
    assert code == 0 and "no name, email or time goes with them; your name is listed in accord-returns.toml" in out


# --- 2. no figure from fewer than min-group answers ---------------------------------------------------


def test_a_folder_of_one_bundle_shows_no_named_members_scores(tmp_path, capsys):
    scsn = get_framework(SCSN)
    drop = tmp_path / "drop"
    drop.mkdir()
    save_bundle(member(scsn, every_rated(scsn, 4), name="Ann", email="ann@x.org"), scsn, drop / "ann.toml")
    code, out, _ = run(capsys, "stats", str(drop), "--json")
    rows = json.loads(out)
    assert code == 0 and rows and all(r["mean"] is None and r["n"] is None and r["withheld"] == "fewer than 3 answers" for r in rows)
    code, out, _ = run(capsys, "summary", str(drop), "--no-color")
    assert code == 0 and "one respondent's own scores" not in out and " 4.0" not in out
    assert "No figure is shown for" in out
    code, out, _ = run(capsys, "report", str(drop), "--format", "md", "--date", "2026-11-30")
    assert code == 0 and "| 4.0 |" not in out and "withheld" in out


@pytest.fixture
def one_of_eight(tmp_path):
    scsn = get_framework(SCSN)
    drop = tmp_path / "eight"
    drop.mkdir()
    for n in range(8):
        scores = every_rated(scsn, 3)
        del scores[(PW, "trust")]
        if n == 0:
            scores[(PW, "trust")] = 1  # the only answer to Trust
        save_bundle(member(scsn, scores, name=f"P{n}", email=f"p{n}@x.org"), scsn, drop / f"p{n}.toml")
    return drop


def test_an_item_answered_by_one_of_eight_is_withheld_everywhere(one_of_eight, tmp_path, capsys):
    code, out, _ = run(capsys, "stats", str(one_of_eight), "--csv", "-")
    trust = next(r for r in csv.DictReader(io.StringIO(out)) if r["item"] == "trust")
    assert (trust["n"], trust["mean"], trust["min"], trust["level_1"], trust["withheld"]) == ("", "", "", "", "fewer than 3 answers")
    code, out, _ = run(capsys, "summary", str(one_of_eight), "--no-color", "--section", PW, "--bars")
    line = next(line for line in out.splitlines() if " Trust " in line or line.rstrip().endswith("Trust"))
    assert "1.0" not in line and "n<3" in line
    assert "No figure is shown for Trust: fewer than 3 people answered" in " ".join(out.split())
    for fmt in ("md", "html"):
        code, out, _ = run(capsys, "report", str(one_of_eight), "--format", fmt, "--date", "2026-11-30")
        assert code == 0
        row = next(line for line in out.splitlines() if "Trust" in line and ("|" in line or "<td>" in line))
        assert "1.0" not in row and "withheld" in row
    merged = tmp_path / "m.toml"
    assert run(capsys, "merge", str(one_of_eight), "--out", str(merged))[0] == 0
    text = merged.read_text()
    trust_table = text[text.index("[items.partnership-working.trust]"):].split("\n\n")[0]
    assert trust_table == "[items.partnership-working.trust]\nwithheld = true"


def test_private_scorecard_of_one_chair_is_withheld_and_never_in_the_overall_pattern(tmp_path, capsys):
    scsn = get_framework(SCSN)
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(4):
        scores = every_rated(scsn, 4)
        if n == 0:
            scores.update({("leadership", i.id): 1 for i in scsn.section("leadership").items if i.rated})
        save_bundle(member(scsn, scores, name=f"P{n}", role="chair" if n == 0 else "member"), scsn, drop / f"p{n}.toml")
    report = merge_paths([drop], MergeOptions(include_private=True))
    lead = [r for k, r in report.results.items.items() if k[0] == "leadership"]
    assert lead and all(r.total.withheld or not r.total.counts for r in lead)
    stats = compute_stats(scsn, report.results)
    assert "Leadership" not in [title for title, _ in stats.overall]
    code, out, _ = run(capsys, "summary", str(drop), "--no-color")
    assert code == 0
    overall = out[out.index("Overall pattern"):out.index("Overall pattern") + 2500]
    assert "Leadership" not in overall


# --- 3. subtraction -------------------------------------------------------------------------------


def test_compare_paired_with_one_newcomer_gives_nothing_away(tmp_path, capsys):
    scsn = get_framework(SCSN)
    base, follow = tmp_path / "base", tmp_path / "follow"
    base.mkdir()
    follow.mkdir()
    rng = random.Random(7)
    for n in range(5):
        save_bundle(member(scsn, every_rated(scsn, rng.randint(1, 5)), name=f"P{n}", email=f"p{n}@x.org"), scsn, base / f"p{n}.toml")
        save_bundle(member(scsn, every_rated(scsn, rng.randint(1, 5)), name=f"P{n}", email=f"p{n}@x.org"), scsn, follow / f"p{n}.toml")
    newcomer = {k: rng.randint(1, 5) for k in every_rated(scsn, 0)}
    save_bundle(member(scsn, newcomer, name="New", email="new@x.org"), scsn, follow / "new.toml")
    code, out, err = run(capsys, "compare", str(base), str(follow), "--paired", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["paired"]["withheld"] and "subtraction" in data["paired"]["withheld"] and data["paired"]["rows"] == []
    # the attack: all-respondents mean x n minus paired mean x n; nothing to subtract from
    recovered = 0
    paired_rows = {(r["section"], r["item"]): r for r in data["paired"]["rows"]}
    for row in data["rows"]:
        other = paired_rows.get((row["section"], row["item"]))
        if row["item"] and other and row["followup_mean"] is not None and other["followup_mean"] is not None:
            recovered += 1
    assert recovered == 0
    code, out, _ = run(capsys, "report", str(follow), "--baseline", str(base), "--paired", "--format", "md", "--date", "2026-11-30")
    assert code == 0 and "would give their answers away by subtraction" in out


def test_role_splits_never_leave_a_few_answers_to_subtract(tmp_path, mini):
    # fire has 3 members, but only one of them answered "one"; police 3 answered; one member has no role
    people = [("fire", 5), ("fire", None), ("fire", None), ("police", 2), ("police", 3), ("police", 2), ("", 4)]
    bundles = [(f"b{n}", member(mini, {("alpha", "one"): s} if s else {("alpha", "two"): 3}, name=f"P{n}", role=role))
               for n, (role, s) in enumerate(people)]
    report = merge_bundles(bundles, mini, MergeOptions())
    one = report.results.items[("alpha", "one")]
    assert "fire" not in one.by_role  # counts=[0,0,0,0,1] would be one person's score
    # police (3 answers) would leave fire's 5 and the no-role 4: two answers, fewer than 3
    assert "police" not in one.by_role
    for key, result in report.results.items.items():
        item = mini.section(key[0]).item(key[1])
        kind = "rated" if item.rated else item.kind
        rest = answers_in(result.total, kind) - sum(answers_in(t, kind) for t in result.by_role.values())
        assert rest == 0 or rest >= 3 or result.total.withheld


def test_two_releases_one_member_apart_are_refused_with_an_override(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(4):
        save_bundle(member(mini, {("alpha", "one"): 1 + n, ("alpha", "two"): 2}, name=f"P{n}"), mini, drop / f"p{n}.toml")
    assert run(capsys, "merge", str(drop), "--out", str(tmp_path / "first.toml"))[0] == 0
    assert run(capsys, "merge", str(drop))[0] == 0  # the same release again is fine
    save_bundle(member(mini, {("alpha", "one"): 5, ("alpha", "two"): 2}, name="Late"), mini, drop / "late.toml")
    for argv in (["merge", str(drop)], ["stats", str(drop)], ["summary", str(drop)]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and out == "" and len(err.splitlines()) == 1
        assert "differ from the ones released" in err and "by only 1 answer set, fewer than 3" in err
        assert "--release-anyway" in err
    code, out, err = run(capsys, "merge", str(drop), "--release-anyway")
    assert code == 0 and "(released anyway)" in err
    # two more: three new answer sets since the first release, but still one since the forced one
    for n in range(2):
        save_bundle(member(mini, {("alpha", "one"): 3, ("alpha", "two"): 4}, name=f"Q{n}"), mini, drop / f"q{n}.toml")
    code, _, err = run(capsys, "merge", str(drop))
    assert code == 2 and "by only 2 answer sets" in err
    save_bundle(member(mini, {("alpha", "one"): 3, ("alpha", "two"): 4}, name="Q2"), mini, drop / "q2.toml")
    assert run(capsys, "merge", str(drop))[0] == 0


def test_a_newcomer_with_the_same_answers_as_someone_else_still_counts_as_a_difference(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(3):
        save_bundle(member(mini, {("alpha", "one"): 2 + n}), mini, tmp_path / f"p{n}.toml")
        assert run(capsys, "submit", str(tmp_path / f"p{n}.toml"), str(drop))[0] == 0
    assert run(capsys, "merge", str(drop))[0] == 0
    save_bundle(member(mini, {("alpha", "one"): 2}, name="Twin"), mini, tmp_path / "twin.toml")  # as p0 answered
    assert run(capsys, "submit", str(tmp_path / "twin.toml"), str(drop))[0] == 0
    code, _, err = run(capsys, "merge", str(drop))
    assert code == 2 and "by only 1 answer set" in err


def test_a_release_differing_in_one_items_answers_is_refused(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(3):
        save_bundle(member(mini, {("alpha", "one"): 2, ("alpha", "two"): 2}, name=f"P{n}"), mini, drop / f"p{n}.toml")
    assert run(capsys, "merge", str(drop))[0] == 0
    # three more return, but only one of them answers "two": its mean would give that one score away
    for n in range(3):
        scores = {("alpha", "one"): 4} | ({("alpha", "two"): 5} if n == 0 else {})
        save_bundle(member(mini, scores, name=f"Q{n}"), mini, drop / f"q{n}.toml")
    code, _, err = run(capsys, "merge", str(drop))
    assert code == 2 and "by only 1 score of Two" in err


# --- 4. a stray file ------------------------------------------------------------------------------


def test_a_stray_framework_never_takes_over_a_merge(tmp_path, capsys):
    scsn, hg = get_framework(SCSN), get_framework("hgiocld-3-2")
    drop = tmp_path / "drop"
    drop.mkdir()
    for n in range(27):
        save_bundle(member(scsn, every_rated(scsn, 3), name=f"P{n:02d}"), scsn, drop / f"p{n:02d}.toml")
    save_bundle(member(hg, every_rated(hg, 2), name="Colleague"), hg, drop / "aaa-stray.toml")
    for argv in (["merge", str(drop), "--skip-bad"], ["merge", str(drop)], ["summary", str(drop)], ["report", str(drop), "--format", "md"],
                 ["stats", str(drop)]):
        code, out, err = run(capsys, *argv)
        assert code == 2 and err == (
            "accord: these bundles are for 2 frameworks: scsn-csp (27 bundles), hgiocld-3-2 (1 bundle); "
            "choose one with --framework ID\n"
        ), argv
    code, out, err = run(capsys, "merge", str(drop), "--skip-bad", "--framework", SCSN)
    assert code == 0 and "respondents = 27" in out and "aaa-stray.toml: bundle is for framework 'hgiocld-3-2'" in err
    # the framework chosen: the stray is left out and named, a good file is never blamed
    code, out, err = run(capsys, "merge", str(drop), "--framework", SCSN)
    assert code == 0 and "aaa-stray.toml" in err and "p00.toml" not in err and "respondents = 27" in out
    code, out, err = run(capsys, "summary", str(drop), "--framework", SCSN, "--no-color")
    assert code == 0 and "27 respondents" in out and "aaa-stray.toml" in err


def test_a_forged_bundle_from_the_future_never_replaces_a_members_own(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    save_bundle(member(mini, {("alpha", "one"): 4}, name="Ann", email="ann@x.org"), mini, drop / "ann.toml")
    forged = member(mini, {("alpha", "one"): 1}, name="Ann", email="ann@x.org")
    forged.updated = datetime(9999, 12, 31, tzinfo=timezone.utc)
    save_bundle(forged, mini, drop / "zz-fake.toml")
    report = merge_paths([drop], MergeOptions(min_group=2))
    assert [Path(f).name for f in report.files] == ["ann.toml"]
    (replaced,) = report.replaced
    assert Path(replaced.path).name == "zz-fake.toml" and "saved in the future (9999-12-31), which is not trusted" in replaced.why
    code, _, err = run(capsys, "merge", str(drop), "--min-group", "2")
    assert code == 0 and "zz-fake.toml replaced by" in err and "both files claim to be from Ann <ann@x.org>" in err


# --- the property: no figure from fewer than min-group answers, directly or by subtraction ------------

ANSWER = st.one_of(st.none(), st.just("na"), st.integers(1, 5))
PERSON = st.tuples(st.sampled_from(["", "fire", "police", "council"]), ANSWER, ANSWER, ANSWER, st.sampled_from([None, "yes", "no"]))


def _bundles(mini, people):
    out = []
    for n, (role, one, two, q, yn) in enumerate(people):
        scores = {k: v for k, v in ((("alpha", "one"), one), (("alpha", "two"), two), (("beta", "q"), q), (("beta", "yn"), yn)) if v is not None}
        out.append((f"b{n}", member(mini, scores, name=f"P{n}", role=role)))
    return out


def _check_group(result, kind: str, mg: int) -> None:
    groups = [result.total, *result.by_role.values()]
    for tally in groups:
        assert tally.withheld or not (0 < answers_in(tally, kind) < mg)
        if tally.withheld:
            assert not tally.counts and not tally.n_na and not tally.yes and not tally.no
    if result.by_role:
        rest = answers_in(result.total, kind) - sum(answers_in(t, kind) for t in result.by_role.values())
        assert not (0 < rest < mg)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=st.lists(PERSON, min_size=1, max_size=9), mg=st.integers(2, 4), paired=st.integers(0, 9))
def test_no_output_shows_a_figure_from_fewer_than_min_group_answers(mini, people, mg, paired):
    from accord_partnership.engine.compare import compare, comparison_to_dict
    from accord_partnership.engine.merged import merged_from_data
    from accord_partnership.engine.privacy import withhold_part
    from accord_partnership.engine.textio import parse_toml
    from accord_partnership.exports.stats_table import stats_rows

    report = merge_bundles(_bundles(mini, people), mini, MergeOptions(min_group=mg))
    results = report.results
    text = merged_to_toml(results, mini)
    reread, _ = merged_from_data(parse_toml(text, "m.toml"), Path("m.toml"), text)
    for res in (results, reread):
        for (sid, iid), result in res.items.items():
            item = mini.section(sid).item(iid)
            _check_group(result, "rated" if item.rated else item.kind, mg)
    for res in (results, reread):
        for role in [None, *res.roles]:
            for s in compute_stats(mini, res, min_group=mg, role=role).all_items():
                if s.mean is not None or s.counts or s.pct_yes is not None:
                    assert s.n >= mg or (s.kind == "yesno" and s.yes + s.no >= mg)
    # the report as circulated: a withheld item's row says so and shows no number
    from accord_partnership.engine.analysis import analyse
    from accord_partnership.exports.report_common import build_model
    from accord_partnership.exports.report_md import report_markdown
    from accord_partnership.exports.summary import summary_text

    model = build_model(mini, results, analyse(mini, results, min_group=mg))
    md = report_markdown(model, date="2026-11-30")
    plain = " ".join(summary_text(model, width=80, ascii=True, bars=True).split())
    stats = compute_stats(mini, results, min_group=mg)
    for s in stats.all_items():
        if s.withheld and s.kind != "yesno":
            row = next(line for line in md.splitlines() if line.startswith(f"| {s.title} |"))
            assert row.split("|")[2].strip() == "withheld" and not re.search(r"\d", "".join(row.split("|")[3:]))
            assert f"n<{mg}" in plain and "No figure is shown for" in plain and "No figure is shown for" in md
    header, rows = stats_rows(mini, results, mg)
    for row in rows:
        values = dict(zip(header, row))
        if values["mean"] not in (None, ""):
            assert values["n"] >= mg
    # the paired view beside the whole round: whole minus part never leaves a few answers
    part = merge_bundles(_bundles(mini, people[:paired]), mini, MergeOptions(min_group=mg)).results if paired else None
    if part is not None and paired <= len(people):
        withhold_part(part, results, mini, mg)
        for key, mine in part.items.items():
            item = mini.section(key[0]).item(key[1])
            kind = "rated" if item.rated else item.kind
            if not mine.total.withheld and kind != "open":
                rest = answers_in(results.items[key].total, kind) - answers_in(mine.total, kind)
                assert not (0 < rest < mg)
        json.dumps(comparison_to_dict(compare(mini, part, results, min_group=mg)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.lists(PERSON, min_size=1, max_size=7), more=st.lists(PERSON, min_size=0, max_size=5), mg=st.integers(2, 4))
def test_two_releases_of_a_round_never_differ_by_a_few_answers(mini, first, more, mg, tmp_path_factory, monkeypatch):
    from accord_partnership.engine.releases import ReleaseRefused
    from accord_partnership.exports.release_log import release

    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("ACCORD_HOME", str(home))
    (home / "frameworks").mkdir()
    (home / "frameworks" / "mini.toml").write_text(Path(mini.path).read_text())
    folder = tmp_path_factory.mktemp("drop")
    bundles = _bundles(mini, first + more)
    for name, b in bundles:
        save_bundle(b, mini, folder / f"{name}.toml")
    a = merge_paths([folder / f"{n}.toml" for n, _ in bundles[: len(first)]], MergeOptions(min_group=mg, framework="mini"))
    b = merge_paths([folder], MergeOptions(min_group=mg))
    release(a, mg)
    try:
        release(b, mg)
    except ReleaseRefused:
        return
    # released both: every item shown in both differs by none or at least min-group scores
    for key in a.results.items:
        ta, tb = a.results.items[key].total, b.results.items[key].total
        if ta.withheld or tb.withheld or len(a.records) < mg:
            continue
        assert not (0 < abs(tb.n - ta.n) < mg)
        for role in set(a.results.items[key].by_role) & set(b.results.items[key].by_role):
            assert not (0 < abs(b.results.items[key].by_role[role].n - a.results.items[key].by_role[role].n) < mg)


def test_answer_sets_survive_later_submissions_byte_for_byte(tmp_path, capsys, mini):
    drop = tmp_path / "drop"
    drop.mkdir()
    notes = ['a "quoted" note\nwith a second line', "tab\there, back\\slash, ünïcode", "plain"]
    for n, note in enumerate(notes):
        b = member(mini, {("alpha", "one"): 2 + n, ("beta", "yn"): "yes"}, name=f"P{n}")
        b.answer("alpha", "one").note = note
        b.matrix = {}
        save_bundle(b, mini, tmp_path / f"p{n}.toml")
        assert run(capsys, "submit", str(tmp_path / f"p{n}.toml"), str(drop))[0] == 0
    report = merge_paths([drop], MergeOptions(with_notes=True))
    assert sorted(report.results.items[("alpha", "one")].total.notes) == sorted(notes)
    assert report.results.items[("beta", "yn")].total.yes == 3
