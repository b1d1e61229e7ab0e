"""`accord merge`, `stats`, `submit`, `invite`, `export` through tui.cli.main: exit codes, messages, files."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
from datetime import datetime, timedelta, timezone

import pytest

from accord_partnership.engine.bundle import Bundle, load_bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.exports.bundle_file import bundle_to_toml, save_bundle
from tests.test_merge import make
from accord_partnership.tui.cli import main

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def mini(user_framework):
    user_framework("mini")
    return get_framework("mini")


def bundle(framework, scores: dict, *, respondent="", email="", role="", minutes=0, note="") -> Bundle:
    """test_merge.make with the same note on every answer."""
    return make(framework, scores, respondent=respondent, email=email, role=role, minutes=minutes,
                notes=dict.fromkeys(scores, note) if note else None)


@pytest.fixture
def drop(tmp_path, mini):
    folder = tmp_path / "drop"
    folder.mkdir()
    people = [
        ("ann.toml", "Ann", "ann@x.org", "police", {("alpha", "one"): 4, ("alpha", "two"): 2, ("beta", "yn"): "yes"}),
        ("bob.toml", "Bob", "", "police", {("alpha", "one"): 2, ("alpha", "two"): "na", ("beta", "yn"): "no"}),
        ("cat.toml", "Cat", "cat@x.org", "fire", {("alpha", "one"): 5, ("alpha", "two"): 1, ("beta", "q"): 3}),
        ("anon.toml", "", "", "fire", {("alpha", "one"): 3, ("alpha", "two"): 5, ("beta", "yn"): "yes"}),
    ]
    for n, (name, who, email, role, scores) in enumerate(people):
        save_bundle(bundle(mini, scores, respondent=who, email=email, role=role, minutes=n, note=f"evidence from {who or 'someone'}"), mini, folder / name)
    return folder


def one_error_line(capsys) -> str:
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


# --- merge ------------------------------------------------------------------------------------------


def test_merge_to_file_prints_summary_and_roster(drop, tmp_path, capsys):
    roster = tmp_path / "roster.txt"
    roster.write_text("# CSP members\nAnn\n\nbob\nDan <dan@x.org>  # chair\ncat@x.org\n")
    out = tmp_path / "merged.toml"
    assert main(["merge", str(drop), "--out", str(out), "--roster", str(roster)]) == 0
    captured = capsys.readouterr()
    assert "merged 4 bundles of mini 1 (1 anonymous) into" in captured.out
    assert "3 of 4 on the roster have completed, 1 not yet" in captured.out
    assert "not yet returned: Dan <dan@x.org>" in captured.out
    text = out.read_text()
    assert text.startswith("# Accord merged results")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    # no score anywhere near a name: names only in the completed list, notes not carried
    assert "evidence from" not in text
    assert not re.search(r"\d{4}-\d\d-\d\dT", text)


def test_merge_order_of_arguments_does_not_matter(drop, capsys):
    files = sorted(str(p) for p in drop.iterdir())
    assert main(["merge", *files, "--with-notes"]) == 0
    first = capsys.readouterr().out
    assert main(["merge", *reversed(files), "--with-notes"]) == 0
    assert capsys.readouterr().out == first
    assert '"evidence from Ann",' in first  # notes, sorted, unattributed


def test_merge_bad_file_exit_2_one_line_nothing_written(drop, tmp_path, capsys, mini):
    bad = drop / "bad.toml"
    bad.write_text(bundle_to_toml(bundle(mini, {("alpha", "one"): 3}, respondent="Eve"), mini).replace("score = 3", "score = 6"))
    out = tmp_path / "merged.toml"
    assert main(["merge", str(drop), "--out", str(out)]) == 2
    line = one_error_line(capsys)
    assert re.fullmatch(rf"accord: {re.escape(str(bad))}:\d+: score 6 for 'alpha.one' is out of range 1-5", line)
    assert not out.exists()
    # an existing output is left unchanged
    out.write_text("previous results\n")
    assert main(["merge", str(drop), "--out", str(out)]) == 2
    capsys.readouterr()
    assert out.read_text() == "previous results\n"


def test_merge_skip_bad_lists_every_skipped_file(drop, tmp_path, capsys):
    (drop / "a-broken.toml").write_text("not toml at all = = =\n")
    (drop / "z-empty.toml").write_text("")
    out = tmp_path / "merged.toml"
    assert main(["merge", str(drop), "--out", str(out), "--skip-bad"]) == 0
    captured = capsys.readouterr()
    skipped = [line for line in captured.err.splitlines() if line.startswith("accord: skipped")]
    assert len(skipped) == 2
    assert "a-broken.toml" in skipped[0] and "invalid TOML" in skipped[0]
    assert "z-empty.toml" in skipped[1] and "file is empty" in skipped[1]
    assert "skipped 2 bad files" in captured.out
    assert "respondents = 4" in out.read_text()


def test_merge_reports_replaced_file_on_stderr_only(drop, tmp_path, capsys, mini):
    newer = drop / "ann-again.toml"
    save_bundle(bundle(mini, {("alpha", "one"): 1}, respondent="Ann Smith", email="ANN@x.org", minutes=60), mini, newer)
    out = tmp_path / "merged.toml"
    assert main(["merge", str(drop), "--out", str(out)]) == 0
    captured = capsys.readouterr()
    assert (f"accord: {drop / 'ann.toml'} replaced by {newer} (both files claim to be from Ann Smith <ANN@x.org>; "
            "the one saved later counts)") in captured.err
    text = out.read_text()
    assert "ann.toml" not in text and "replaced" not in text
    assert "respondents = 4" in text
    assert '"Ann Smith <ANN@x.org>"' in text


def test_merge_different_framework_names_the_file(drop, capsys):
    scsn = get_framework("scsn-csp")
    other = drop / "zz.toml"
    save_bundle(bundle(scsn, {("focus-impact", "evidence"): 3}, respondent="Zed"), scsn, other)
    assert main(["merge", str(drop)]) == 2
    line = one_error_line(capsys)
    assert line == "accord: these bundles are for 2 frameworks: mini (4 bundles), scsn-csp (1 bundle); choose one with --framework ID"
    assert main(["merge", str(drop), "--framework", "mini"]) == 0
    err = capsys.readouterr().err
    assert f"accord: skipped {other}: bundle is for framework 'scsn-csp' but this merge is of 'mini'" in err


def test_merge_min_group_below_two_is_refused(drop, capsys):
    assert main(["merge", str(drop), "--min-group", "1"]) == 2
    assert "cannot be below 2" in one_error_line(capsys)


def test_merge_reads_accord_csv_bundles(drop, tmp_path, capsys):
    csv_path = tmp_path / "ann.csv"
    assert main(["export", str(drop / "ann.toml"), "--csv", "--out", str(csv_path)]) == 0
    capsys.readouterr()
    assert main(["merge", str(drop / "ann.toml")]) == 0
    from_toml = capsys.readouterr().out
    assert main(["merge", str(csv_path)]) == 0
    assert capsys.readouterr().out == from_toml


# --- stats ------------------------------------------------------------------------------------------

STATS_HEADER = "framework,section,item,title,n,n_na,mean,median,min,max,sd,level_1,level_2,level_3,level_4,level_5,withheld,yes,no"


def test_stats_csv_columns_exact(drop, tmp_path, capsys):
    merged = tmp_path / "merged.toml"
    assert main(["merge", str(drop), "--out", str(merged)]) == 0
    out = tmp_path / "stats.csv"
    assert main(["stats", str(merged), "--csv", str(out)]) == 0
    capsys.readouterr()
    data = out.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert ",".join(rows[0]) == STATS_HEADER
    by_item = {r[2]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert list(by_item) == ["one", "two", "q", "yn"]
    one = by_item["one"]  # 4, 2, 5, 3
    assert (one["n"], one["n_na"], one["mean"], one["median"], one["min"], one["max"], one["sd"]) == ("4", "0", "3.5", "3.5", "2", "5", "1.29")
    assert [one[f"level_{p}"] for p in range(1, 6)] == ["0", "1", "1", "1", "1"]
    assert one["withheld"] == ""
    q = by_item["q"]  # one answer: mean shown, the rest withheld
    assert (q["n"], q["mean"], q["sd"], q["level_3"], q["withheld"]) == ("", "", "", "", "fewer than 3 answers")
    yn = by_item["yn"]
    assert (yn["n"], yn["yes"], yn["no"], yn["mean"]) == ("3", "2", "1", "")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_stats_excel_bom_and_json(drop, capsys, tmp_path):
    out = tmp_path / "stats.csv"
    assert main(["stats", str(drop), "--csv", str(out), "--excel"]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf" + STATS_HEADER.split(",")[0].encode())
    capsys.readouterr()
    assert main(["stats", str(drop), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert list(rows[0]) == STATS_HEADER.split(",")
    assert rows[0]["mean"] == 3.5 and rows[0]["sd"] == 1.29 and rows[0]["level_2"] == 1


def test_stats_of_a_single_bundle_and_text_table(drop, capsys):
    assert main(["stats", str(drop / "cat.toml"), "--csv", "-"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    one = dict(zip(rows[0], rows[1]))
    assert (one["n"], one["mean"], one["sd"], one["withheld"]) == ("1", "5.0", "0.0", "")  # your own results, in full
    assert main(["stats", str(drop)]) == 0
    text = capsys.readouterr().out
    assert "Mini framework (mini 1): 4 respondents" in text
    assert "Ann" not in text and "Bob" not in text


def test_stats_bad_input(tmp_path, capsys):
    missing = tmp_path / "nope.toml"
    out = tmp_path / "s.csv"
    assert main(["stats", str(missing), "--csv", str(out)]) == 2
    assert "no such file" in one_error_line(capsys)
    assert not out.exists()


# --- submit -----------------------------------------------------------------------------------------


def test_submit_returns_anonymous_answers_and_a_separate_receipt(drop, tmp_path, capsys):
    box = tmp_path / "box"
    box.mkdir(mode=0o700)
    assert main(["submit", str(drop / "ann.toml"), str(box)]) == 0
    assert main(["submit", str(drop / "ann.toml"), str(box)]) == 0  # a correction replaces the first
    assert main(["submit", str(drop / "anon.toml"), str(box)]) == 0
    assert main(["submit", str(drop / "anon.toml"), str(box)]) == 0  # anonymous members too
    out = capsys.readouterr().out
    assert out.count("returned your answers to") == 2 and out.count("replaced your earlier answers in") == 2
    assert sorted(f.name for f in box.iterdir()) == [".accord-returns.lock", "accord-answers-mini.toml", "accord-returns.toml"]
    for f in box.iterdir():
        assert stat.S_IMODE(f.stat().st_mode) == 0o600
    answers = (box / "accord-answers-mini.toml").read_text()
    assert answers.count("[[answers]]") == 2
    for secret in ("ann@x.org", "2026", "updated =", "created =", "respondent =", "email =", "position ="):
        assert secret not in answers
    register = (box / "accord-returns.toml").read_text()
    assert register.count("[[returned]]") == 2 and 'who = "Ann <ann@x.org>"' in register and 'who = ""' in register
    assert "score" not in register and "police" not in register
    assert main(["merge", str(box)]) == 0
    captured = capsys.readouterr()
    assert "respondents = 2" in captured.out and "anonymous = 1" in captured.out
    assert '"Ann <ann@x.org>"' in captured.out and "replaced by" not in captured.err


def test_submit_to_group_folder_is_group_readable(drop, tmp_path, capsys):
    box = tmp_path / "shared"
    box.mkdir()
    os.chmod(box, 0o2770)  # setgid, group-writable: the coordinator's group reads submissions
    assert main(["submit", str(drop / "cat.toml"), str(box)]) == 0
    for f in box.iterdir():
        if not f.name.startswith("."):
            assert stat.S_IMODE(f.stat().st_mode) == 0o640


def test_submit_into_group_writable_folder_without_setgid(drop, tmp_path, capsys):
    import grp

    box = tmp_path / "shared"
    box.mkdir()
    os.chmod(box, 0o770)  # group-writable, not setgid: files must still get the folder's group
    assert main(["submit", str(drop / "cat.toml"), str(box)]) == 0
    for f in box.iterdir():
        assert f.stat().st_gid == box.stat().st_gid
    # a folder of a group the member is not in: refused, naming the fix, nothing written
    others = [g.gr_gid for g in grp.getgrall() if g.gr_gid != os.getegid() and g.gr_gid not in os.getgroups()]
    if not others:
        pytest.skip("no group this user is not a member of")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    os.chown(theirs, -1, others[0])
    os.chmod(theirs, 0o770)
    capsys.readouterr()
    assert main(["submit", str(drop / "cat.toml"), str(theirs)]) == 2
    assert f"ask the coordinator to run `chmod g+s {theirs}`" in one_error_line(capsys)
    assert list(theirs.iterdir()) == []


def test_submit_refuses_bad_bundle_and_missing_folder(drop, tmp_path, capsys, mini):
    box = tmp_path / "box"
    box.mkdir()
    bad = tmp_path / "bad.toml"
    bad.write_text(bundle_to_toml(bundle(mini, {("alpha", "one"): 3}), mini).replace("[answers.alpha.one]", "[answers.alpha.zzz]"))
    assert main(["submit", str(bad), str(box)]) == 2
    assert "unknown item 'zzz'" in one_error_line(capsys)
    assert list(box.iterdir()) == []
    assert main(["submit", str(drop / "ann.toml"), str(tmp_path / "nowhere")]) == 2
    assert "no such folder" in one_error_line(capsys)


def test_submit_leaves_private_answers_out(tmp_path, capsys):
    from accord_partnership.engine.merge import merge_paths, MergeOptions

    scsn = get_framework("scsn-csp")
    lead = scsn.section("leadership").items[0].id
    source = tmp_path / "chair.toml"
    save_bundle(bundle(scsn, {("focus-impact", "evidence"): 4, ("leadership", lead): 2}, respondent="Chair"), scsn, source)
    box = tmp_path / "box"
    box.mkdir()
    assert main(["submit", str(source), str(box)]) == 0
    err = capsys.readouterr().err
    assert "left out your private answers (Leadership" in err
    text = (box / "accord-answers-scsn-csp.toml").read_text()
    assert "leadership" not in text and "[answers.answers.focus-impact.evidence]\nscore = 4" in text
    assert main(["submit", str(source), str(box), "--include-private"]) == 0
    capsys.readouterr()
    text = (box / "accord-answers-scsn-csp.toml").read_text()
    assert f"[answers.answers.leadership.{lead}]" in text and text.count("[[answers]]") == 1
    report = merge_paths([box], MergeOptions(include_private=True))
    assert report.results.respondents == 1 and report.results.completed == ["Chair"]


# --- invite -----------------------------------------------------------------------------------------


def test_invite_quotes_member_instructions_and_wraps_at_72(tmp_path, capsys):
    out = tmp_path / "invite.txt"
    args = ["invite", "scsn-csp", "--deadline", "2026-12-11", "--return", "accord submit FILE S:/CSP/returns", "--partnership", "Moray CSP", "--out", str(out)]
    assert main(args) == 0
    text = out.read_text()
    assert all(len(line) <= 72 for line in text.splitlines())
    assert "Friday 11 December 2026" in text
    assert "> Rocket Science has created, on behalf of the Scottish Community Safety" in text  # quoted verbatim
    flat = " ".join(text.split())
    assert "can see who has completed, but not how anyone responded" in flat
    assert "run `accord`" in flat and "Community Safety Partnership Self-Assessment Toolkit" in flat
    assert "accord submit FILE S:/CSP/returns" in flat
    assert "Leadership Manual Scorecard" in flat  # private: stays in your own file


def test_invite_without_member_instructions_and_bad_date(capsys):
    assert main(["invite", "hgiocld-3-2", "--deadline", "2027-01-08", "--return", "email it to me"]) == 0
    text = capsys.readouterr().out
    assert ">" not in text and "Friday 8 January 2027" in text and "email it to me" in text
    assert main(["invite", "hgiocld-3-2", "--deadline", "next week", "--return", "x"]) == 2
    assert "give a date like 2026-12-11" in one_error_line(capsys)


# --- export -----------------------------------------------------------------------------------------


def test_export_csv_long_form(drop, capsys):
    assert main(["export", str(drop / "ann.toml"), "--csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["framework", "framework_version", "partnership", "respondent", "email", "role", "created", "updated", "type", "section", "item", "title", "score", "answer", "note"]
    assert rows[1][:6] == ["mini", "1", "Test CSP", "Ann", "ann@x.org", "police"]
    assert [(r[8], r[9], r[10], r[12], r[13]) for r in rows[1:]] == [("item", "alpha", "one", "4", ""), ("item", "alpha", "two", "2", ""), ("item", "beta", "yn", "", "yes")]
    assert main(["export", str(drop / "bob.toml"), "--excel"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("\ufeff") and "N/A" in out
