"""`accord trend`: the averages per round over three held rounds (engine.trend), its table and chart."""

from __future__ import annotations

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.plan import ActionPlan
from accord_partnership.engine.trend import load_rounds, trend
from accord_partnership.exports.plan_toml import save_plan
from accord_partnership.exports.textsafe import text_width
from accord_partnership.exports.trend_text import trend_lines, trend_plain
from accord_partnership.tui.cli import main

FW = "scsn-csp"
TRUST = ("partnership-working", "trust")
INDUCTION = ("partnership-working", "induction")
EVIDENCE = ("focus-impact", "evidence")
# per round, per member: (trust, induction, evidence); None = not answered
ROUNDS = [
    [(1, 2, 3), (2, 2, 3), (3, 5, 3)],  # trust 2.0, induction 3.0, evidence 3.0
    [(2, 3, 1), (3, 3, None), (4, 3, None), (4, 3, None)],  # trust 3.25, induction 3.0, evidence: one answer, withheld
    [(3, 4, 4), (4, 4, 5), (5, 4, 3), (5, 5, 4)],  # trust 4.25, induction 4.25, evidence 4.0
]


@pytest.fixture
def held(tmp_path, write_bundle):
    folders = []
    for n, members in enumerate(ROUNDS, 1):
        folder = tmp_path / f"20{23 + n}"
        folder.mkdir()
        for m, (trust, induction, evidence) in enumerate(members):
            answers = {TRUST: {"score": trust}, INDUCTION: {"score": induction}}
            if evidence is not None:
                answers[EVIDENCE] = {"score": evidence}
            write_bundle(FW, answers=answers, path=folder / f"m{m}.toml", respondent=f"M{m}")
        folders.append(folder)
    return folders


def _trend(held, plan=None):
    framework, rounds = load_rounds(held)
    return trend(framework, rounds, plan=plan)


def test_three_held_rounds_give_the_averages_of_each_round(held):
    t = _trend(held)
    assert [r.label for r in t.rounds] == ["R1", "R2", "R3"] and [r.name for r in t.rounds] == ["2024", "2025", "2026"]
    assert [r.respondents for r in t.rounds] == [3, 4, 4]
    pw = t.section("partnership-working")
    trust = next(s for s in pw.items if s.key == "trust")
    induction = next(s for s in pw.items if s.key == "induction")
    assert trust.values == (2.0, 3.25, 4.25) and trust.change == 2.25
    assert induction.values == (3.0, 3.0, 4.25)
    # a scorecard's average is the mean of its item means, as engine.stats has it in each round
    assert pw.average.values == (2.5, 3.125, 4.25)
    fi = t.section("focus-impact")
    evidence = next(s for s in fi.items if s.key == "evidence")
    assert evidence.values == (3.0, None, 4.0) and evidence.withheld == ("", "fewer than 3 answers", "")
    assert evidence.change == 1.0
    assert fi.average.values == (3.0, None, 4.0)
    # overall: one line per shared scorecard, its averages (same 1-5 scale: not rescaled)
    overall = {s.key: s.values for s in t.overall.series}
    assert overall["partnership-working"] == (2.5, 3.125, 4.25) and overall["focus-impact"] == (3.0, None, 4.0)
    assert overall["strategic-coherence"] == (None, None, None)
    assert not t.overall.rescaled and (t.overall.scale_min, t.overall.scale_max) == (1, 5)


def test_plan_targets_item_own_and_the_scorecards_on_its_average_only(held):
    """D7: a scorecard's target is for its average, not shown as every feature's."""
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_target("partnership-working", "", 12, 3.5)
    plan.set_target(*TRUST, 12, 4.5)
    plan.set_target(*TRUST, 6, 3.0)
    t = _trend(held, plan)
    pw = t.section("partnership-working")
    trust = next(s for s in pw.items if s.key == "trust")
    induction = next(s for s in pw.items if s.key == "induction")
    assert trust.targets == {6: 3.0, 12: 4.5} and trust.target == (12, 4.5)
    assert induction.targets == {}
    assert pw.average.targets == {12: 3.5}
    assert next(s for s in t.overall.series if s.key == "partnership-working").targets == {12: 3.5}
    text = trend_plain(trend_lines(t, width=80, section_id="partnership-working"))
    assert "12m" in text and "4.50" in text and "Lower-case letters" in text
    row = next(line for line in text.splitlines() if "Induction" in line)
    assert "3.50" not in row
    average = next(line for line in text.splitlines() if "Partnership Working: average" in line)
    assert average.split()[-1] == "3.50"


def test_no_small_group_figure_in_the_output(held):
    t = _trend(held)
    for ascii in (False, True):
        lines = trend_lines(t, width=80, ascii=ascii, section_id="focus-impact")
        text = trend_plain(lines)
        row = next(line for line in text.splitlines() if "Evidence" in line)
        assert row.split()[-4:] == ["3.00", "n<3", "4.00", "+1.00"]
        assert "1.00 " not in row.replace("+1.00", "")  # the lone 2025 answer (1) shows nowhere
        # the chart: letter A (Evidence) at R1 and R3 only
        chart = text[text.index("┤" if not ascii else "+ "):]
        assert sum(line.count("A") for line in chart.splitlines() if "R1" not in line) == 2
        assert all(text_width(line) <= 80 for line in text.splitlines())
        if ascii:
            assert text.isascii()


def test_cli_trend_plain_no_color_and_refusals(held, tmp_path, write_bundle, capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["trend", *map(str, held)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "Overall pattern" in out and "Partnership Working" in out
    assert "R3 2026: 4 respondents" in out
    # a round of another framework: one line naming it, exit 2
    other = tmp_path / "other"
    other.mkdir()
    write_bundle("hgiocld-3-2", answers={}, path=other / "a.toml", respondent="X")
    assert main(["trend", str(held[0]), str(other)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "other" in err and "hgiocld-3-2" in err and "scsn-csp" in err
    assert main(["trend", str(held[0])]) == 2
    assert "at least two rounds" in capsys.readouterr().err
    assert main(["trend", str(held[0]), str(held[0])]) == 2
    assert "twice" in capsys.readouterr().err
    with pytest.raises(AccordError):
        load_rounds([held[0]])


def test_cli_trend_plan_for_another_framework_is_refused(held, tmp_path, capsys):
    fw = get_framework("hgiocld-3-2")
    plan_path = save_plan(ActionPlan.new(fw), fw, tmp_path / "plan.toml")
    assert main(["trend", *map(str, held), "--plan", str(plan_path)]) == 2
    assert "plan" in capsys.readouterr().err


def test_report_rounds_adds_the_trend_section_with_the_report_as_last_round(held, tmp_path, capsys):
    out = tmp_path / "report.md"
    assert main(["report", str(held[2]), "--rounds", str(held[0]), str(held[1]), "--out", str(out), "--date", "2026-11-30"]) == 0
    text = out.read_text()
    section = text[text.index("Trend over the rounds"):text.index("## 4.")]
    assert "- R1 2024: 3 respondents" in section and "- R3 2026: 4 respondents" in section
    rows = {line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
            for line in section.splitlines() if line.startswith("| ") and not line.startswith("| ---")}
    assert rows["B. Partnership Working"][:4] == ["2.50", "3.13", "4.25", "+1.75"]  # 3.125 rounds half up
    assert rows["A. Focus and Impact"][:4] == ["3.00", "n<3", "4.00", "+1.00"]
    assert rows["I. Trust"][:3] == ["2.00", "3.25", "4.25"] and rows["A. Evidence"][:3] == ["3.00", "n<3", "4.00"]
    assert "```text" in section
    # the report's own round given last as well is the same trend; summary detail keeps only the overall table
    out2 = tmp_path / "summary.md"
    assert main(["report", str(held[2]), "--rounds", *map(str, held), "--out", str(out2), "--detail", "summary",
                 "--date", "2026-11-30"]) == 0
    brief = out2.read_text()
    assert "- R3 2026" in brief and "I. Trust" not in brief and "B. Partnership Working" in brief
    # the report's results among the earlier rounds: refused, one line
    capsys.readouterr()
    assert main(["report", str(held[2]), "--rounds", str(held[2]), str(held[0]), "--format", "md"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_report_rounds_html_has_the_trend_table_and_an_svg_line_chart(held, tmp_path):
    import xml.etree.ElementTree as ET

    out = tmp_path / "report.html"
    assert main(["report", str(held[2]), "--rounds", str(held[0]), str(held[1]), "--out", str(out), "--date", "2026-11-30"]) == 0
    html = out.read_text()
    section = html[html.index('id="trend"'):]
    section = section[:section.index("</section>")]
    assert "Trend over the rounds" in section and "R2 2025: 4 respondents" in section
    assert "<td>A. Evidence</td>" in section and '<td class="num">n&lt;3</td>' in section
    svgs = [section[a:section.index("</svg>", a) + 6] for a in range(len(section)) if section.startswith("<svg", a)]
    assert len(svgs) == 3  # overall + the two scorecards with figures (full detail); the others have none to chart
    for svg in svgs:
        root = ET.fromstring(svg)
        assert not any(el.tag.endswith("script") for el in root.iter())
    # Focus and Impact: Evidence's rings at R1 and R3 only (its R2 is withheld), no ring says its lone answer
    fi = next(s for s in svgs if "Focus and Impact: averages per round" in s)
    assert "Evidence, R1: 3.00" in fi and "Evidence, R3: 4.00" in fi and "Evidence, R2" not in fi


def test_trend_svg_rejects_bad_input_and_escapes_names():
    from accord_partnership.exports.trend_chart import Line
    from accord_partnership.exports.trend_svg import trend_svg

    with pytest.raises(ValueError):
        trend_svg(["R1", "R2"], [Line("A", "x", [1.0])])
    svg = trend_svg(["R1", "R2"], [Line("A", "<script>&", [2.0, 3.0], 4.0)])
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg and ">a</text>" in svg


def test_report_rounds_docx_has_the_trend_tables_and_one_picture_per_chart(held, tmp_path):
    docx = pytest.importorskip("docx")
    plain, with_trend = tmp_path / "plain.docx", tmp_path / "trend.docx"
    assert main(["report", str(held[2]), "--out", str(plain), "--date", "2026-11-30"]) == 0
    assert main(["report", str(held[2]), "--rounds", str(held[0]), str(held[1]), "--out", str(with_trend),
                 "--date", "2026-11-30"]) == 0
    doc = docx.Document(str(with_trend))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.endswith("Trend over the rounds") for h in headings)
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["A. Evidence", "3.00", "n<3", "4.00", "+1.00"] in cells
    assert ["I. Trust", "2.00", "3.25", "4.25", "+2.25"] in cells
    pictures = lambda d: len(d.inline_shapes)  # noqa: E731
    assert pictures(doc) == pictures(docx.Document(str(plain))) + 3  # overall + the two scorecards with figures


def test_a_members_own_bundle_as_a_round_is_one_return_under_the_small_group_rule(held, capsys):
    """D4: a round is a partnership round: one member's bundle given as a round shows no figure
    (as a folder with that one return would), and the header and the table agree."""
    single = held[2] / "m0.toml"
    framework, rounds = load_rounds([held[0], single])
    assert not rounds[-1].results.own
    t = trend(framework, rounds)
    pw = t.section("partnership-working")
    assert all(s.values[-1] is None and s.withheld[-1] == "fewer than 3 answers" for s in pw.items if s.key in ("trust", "induction"))
    assert t.rounds[-1].note.startswith("only 1 answer set so far")
    assert main(["trend", str(held[0]), str(held[1]), str(single)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if "Partnership Working" in line and line.startswith("B "))
    assert row.split()[-2:] == ["n<3", "–"], row  # the member's own 3.0 average is not shown
    # the report's own results may be a member's bundle: in its trend section it is one return too
    from accord_partnership.tui.workflows.rounds import report_model

    model = report_model(single, rounds=[held[0]])
    assert model.trend is not None
    pw_row = next(r for r in model.trend.overall.rows if r.title.startswith("Partnership Working"))
    assert pw_row.values[-1] == "n<3"


def test_release_refusal_names_the_round_it_is_about(held, capsys):
    """D10: with several rounds, a release refusal says which round (one line, exit 2)."""
    assert main(["trend", *map(str, held)]) == 0
    capsys.readouterr()
    (held[2] / "m3.toml").unlink()  # one member fewer than the release just made
    assert main(["trend", *map(str, held)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "differ from the ones released" in err
    assert str(held[2]) in err, err


def test_chart_keeps_every_target_letter_when_many_share_a_target():
    """D6: eleven lines with one target: all eleven lower-case letters on the chart."""
    from accord_partnership.exports.trend_chart import Line, render_trend_cells

    lines = [Line(k, f"feature {k}", [2.0 + n / 10, 3.0], 4.0) for n, k in enumerate("ABCDEFGHIJK")]
    for ascii in (False, True):
        text = "\\n".join("".join(t for t, _ in row) for row in render_trend_cells(["R1", "R2"], lines, width=80, ascii=ascii))
        assert all(k.lower() in text for k in "ABCDEFGHIJK"), text


def _rounds(tmp_path, write_bundle, count, members=3):
    """`count` folders of `members` returns (one more each round), every round's scores a little different."""
    folders = []
    for n in range(count):
        folder = tmp_path / f"r{n + 1}"
        folder.mkdir()
        for m in range(members + (n if count > 1 else 0)):  # a different number of returns each round
            score = 1 + (n + m) % 5
            write_bundle(FW, answers={TRUST: {"score": score}, INDUCTION: {"score": 1 + (n * 2 + m) % 5}},
                         path=folder / f"m{m}.toml", respondent=f"M{m}")
        folders.append(folder)
    return folders


def test_small_round_note_wraps_at_80_columns(held, tmp_path, write_bundle, capsys):
    """D5: the round's note is wrapped under its line, never cut."""
    small = _rounds(tmp_path, write_bundle, 1, members=2)[0]
    assert main(["trend", str(held[0]), str(held[1]), str(small), "--width", "80"]) == 0
    out = capsys.readouterr().out
    head = out.split("Oldest first")[0]
    assert "so that no one's answers can be picked out)" in " ".join(head.split())
    assert "…" not in head and all(text_width(line) <= 80 for line in out.splitlines())


def test_many_rounds_keep_change_and_target_columns_and_say_what_is_left_out(tmp_path, write_bundle, capsys):
    """D18: nine rounds at 80 columns: the change and target columns stay, names stay readable,
    and a line says which rounds' columns the table leaves out (the chart keeps every round)."""
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_target("partnership-working", "", 12, 3.5)
    plan.set_target(*TRUST, 6, 3.0)
    plan_path = save_plan(plan, fw, tmp_path / "plan.toml")
    folders = _rounds(tmp_path, write_bundle, 9)
    assert main(["trend", *map(str, folders), "--plan", str(plan_path), "--section", "partnership-working"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "change" in line and "R1" in line)
    assert header.split()[-3:] == ["change", "6m", "12m"] and "R9" in header
    trust = next(line for line in out.splitlines() if " Trust " in line)
    assert trust.split()[-2] == "3.00" or trust.split()[-1] == "3.00"
    assert "Mutual understanding" in out or "Induction" in out
    assert "R2-R5: not in the table at this width" in " ".join(out.split())
    assert all(text_width(line) <= 80 for line in out.splitlines())
    chart_axis = next(line for line in out.splitlines() if "R8" in line and "R9" in line and "change" not in line)
    assert all(f"R{n}" in chart_axis for n in range(1, 10))


def test_withheld_mark_names_the_rule_that_withheld_it(held, tmp_path, write_bundle, capsys):
    """D15: a file merged with min-group 3, viewed with --min-group 2: its cells say n<3."""
    small = _rounds(tmp_path, write_bundle, 1, members=2)[0]
    merged = tmp_path / "small.merged.toml"
    assert main(["merge", str(small), "--out", str(merged)]) == 0
    capsys.readouterr()
    assert main(["trend", str(held[0]), str(held[1]), str(merged), "--min-group", "2"]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("B ") and "Partnership Working" in line)
    assert row.split()[-2] == "n<3" and "n<2" not in out.split("Oldest first")[1].split("\n")[0] + row


def test_names_cut_to_the_same_text_keep_their_ends():
    """D15: two long titles sharing a long prefix stay distinguishable when cut."""
    from accord_partnership.exports.trend_text import _names

    titles = ["Partnership Working: Governance and accountability [Core]",
              "Partnership Working: Governance and accountability [Accountability]", "Short"]
    cut = _names(titles, 30, "…")
    assert len(set(cut)) == 3 and cut[2] == "Short"
    assert cut[0].endswith("[Core]") and cut[1].endswith("ability]")
    assert all(text_width(c) <= 30 for c in cut)


def test_the_same_round_twice_is_refused_and_newest_first_is_warned(held, tmp_path, capsys):
    """D9: a folder and its merged file (or the report's own results among --rounds) are one round:
    refused with one line; rounds whose answers run newest first are warned about on stderr."""
    merged = tmp_path / "2024.merged.toml"
    assert main(["merge", str(held[0]), "--out", str(merged)]) == 0
    capsys.readouterr()
    assert main(["trend", str(held[0]), str(merged), str(held[2])]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "same answers" in err and "2024.merged.toml" in err
    out, merged26 = tmp_path / "r.md", tmp_path / "2026.merged.toml"
    assert main(["merge", str(held[2]), "--out", str(merged26)]) == 0
    assert main(["report", str(held[2]), "--rounds", str(held[0]), str(merged26), "--out", str(out)]) == 2
    assert "same answers" in capsys.readouterr().err
    # dates running backwards: each round's answers saved a year apart, given newest first
    for n, folder in enumerate(held):
        for f in folder.glob("*.toml"):
            text = f.read_text(encoding="utf-8")
            f.write_text(text.replace("updated = 2026-11-25", f"updated = {2023 + n}-03-01"), encoding="utf-8")
    assert main(["trend", str(held[2]), str(held[1]), str(held[0])]) == 0
    err = capsys.readouterr().err
    assert "oldest first, but R1 2026 (answers saved up to 2025-03-01) is newer than R2 2025" in err
    assert main(["trend", *map(str, held)]) == 0
    assert "warning" not in capsys.readouterr().err
