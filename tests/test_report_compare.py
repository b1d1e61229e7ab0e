"""`accord report FOLLOWUP --baseline BASELINE`: both rounds on the radars and "Change since the baseline round"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.compare import compare_paths
from accord_partnership.engine.plan import Action, ActionPlan
from accord_partnership.exports.plan_toml import save_plan
from accord_partnership.exports.report_change import signed
from tests.test_report import parse
from accord_partnership.tui.cli import main

FW = "scsn-csp"
PW = "partnership-working"
TRUST = (PW, "trust")
INDUCTION = (PW, "induction")
VISION = (PW, "shared-vision")
EVIDENCE = ("focus-impact", "evidence")
FIT = ("strategic-coherence", "fit-within-cpp")  # a third scorecard, so the overall radar is drawn

# Four members a round; Ann and Bob answered both (Bob by name only: a new e-mail address in the follow-up).
# name, email -> trust, induction, evidence; shared vision only by the first two of a round
BASE = {
    ("Ann", "ann@example.org"): (1, 4, 2),
    ("Bob", ""): (2, 4, 3),
    ("Cat", "cat@example.org"): (2, 3, 2),
    ("Dan", "dan@example.org"): (3, 3, 3),
}
FOLLOW = {
    ("ann", "ANN@example.org"): (3, 3, 3),
    ("Bob", ""): (3, 3, 4),
    ("Eve", "eve@example.org"): (2, 3, 3),
    ("Fay", "fay@example.org"): (3, 3, 2),
}


def write_round(write_bundle, folder: Path, people: dict, vision: int) -> Path:
    folder.mkdir()
    for n, ((name, email), (trust, induction, evidence)) in enumerate(people.items()):
        answers = {TRUST: {"score": trust}, INDUCTION: {"score": induction}, EVIDENCE: {"score": evidence},
                   FIT: {"score": induction}, (PW, "mutual-understanding"): {"score": evidence}}
        if n < 2:
            answers[VISION] = {"score": vision}
        write_bundle(FW, answers=answers, path=folder / f"b{n}.toml", respondent=name, email=email)
    return folder


@pytest.fixture
def rounds(tmp_path, write_bundle) -> tuple[Path, Path]:
    return write_round(write_bundle, tmp_path / "base", BASE, 2), write_round(write_bundle, tmp_path / "follow", FOLLOW, 4)


@pytest.fixture
def plan_path(tmp_path) -> Path:
    fw = get_framework(FW)
    plan = ActionPlan.new(fw)
    plan.set_target(*TRUST, 12, 2.5)  # met: 2.75
    plan.set_target(*INDUCTION, 6, 3.5)  # not met: 3.00
    plan.add_action(Action(*TRUST, "Hold a <facilitated> trust workshop", score=2.0))
    plan.add_action(Action(*INDUCTION, "Write an induction pack", score=3.5))
    path = tmp_path / "plan.toml"
    save_plan(plan, fw, path)
    return path


def report(capsys, tmp_path: Path, follow: Path, fmt: str, *extra: str) -> str:
    out = tmp_path / f"report.{fmt}"
    code = main(["report", str(follow), "--out", str(out), "--force", "--date", "2026-11-25", *extra])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == f"wrote {out}\n"
    return out.read_text(encoding="utf-8")


def fences(text: str) -> list[str]:
    return re.findall(r"^```text\n(.*?)^```$", text, flags=re.S | re.M)


def change_section(text: str) -> str:
    start = text.index("Change since the baseline round\n")
    return text[start:text.index("## 4. Financial Implications")]


def row(text: str, title: str) -> list[str]:
    line = next(line for line in text.splitlines() if line.startswith(f"| {title} |"))
    return [cell.strip() for cell in line.strip("|").split("|")]


# --- Markdown --------------------------------------------------------------------------------------


def test_markdown_change_section_values_from_the_comparison(capsys, tmp_path, rounds):
    text = report(capsys, tmp_path, rounds[1], "md", "--baseline", str(rounds[0]))
    # after the overall pattern, before the recommendations; the introduction counts it
    assert text.index("### 3.8 Overall pattern") < text.index("### 3.9 Change since the baseline round") < text.index("## 4. Financial Implications")
    assert "It is presented in ten sections:" in text and "a section on the change since the baseline round" in text
    changes = change_section(text)
    assert "All respondents: 4 respondents in the baseline round and 4 in the follow-up." in changes
    comparison = compare_paths(rounds[0], rounds[1])
    trust, induction = comparison.item(*TRUST), comparison.item(*INDUCTION)
    assert row(changes, "Trust") == ["Trust", "2.00", "2.75", "+0.75", signed(trust.sd_change)]
    assert row(changes, "Induction") == ["Induction", "3.50", "3.00", "-0.50", signed(induction.sd_change)]
    assert row(changes, "Evidence")[1:4] == ["2.50", "3.00", "+0.50"]
    assert "| Feature | Baseline | Follow-up | Change | SD change |" in changes  # no plan: no "Target met"
    # shared vision: two answers in each round, so no figure is shown (the small-group rule), with the reason
    assert "| Shared vision |" not in changes
    assert "Figures not shown where fewer than 3 people answered in a round: Shared vision (baseline: fewer than 3 answers; follow-up: fewer than 3 answers)." in changes
    # sections nobody scored in either round are left out; a section's average comes first
    assert "#### Focus and Impact" in changes and "#### Partnership Working" in changes and "#### Personal Role" not in changes
    pw = changes[changes.index("#### Partnership Working"):]
    assert pw.splitlines()[4].startswith("| **Average** |")
    assert "Paired view" not in changes  # not asked for


def test_markdown_radars_draw_the_baseline_as_the_second_polygon(capsys, tmp_path, rounds, plan_path):
    text = report(capsys, tmp_path, rounds[1], "md", "--baseline", str(rounds[0]), "--plan", str(plan_path))
    charts = fences(text)
    section = next(c for c in charts if "Trust" in c)
    legend = section.strip().splitlines()[-1]
    assert "* Follow-up mean" in legend and "o Baseline mean" in legend and "target" not in legend
    overall = next(c for c in charts if "Focus and Impact" in c and "Partnership Working" in c)
    assert "* Follow-up average" in overall and "o Baseline average" in overall
    # the 12-month target it displaces is said under the chart, and stays in the item table
    assert "*The 12-month targets are not drawn here (a radar shows at most two series): they are in the tables.*" in text
    assert "12-month target |" in text
    # without a baseline, the target polygon is drawn as before
    text = report(capsys, tmp_path, rounds[1], "md", "--plan", str(plan_path))
    assert "Change since the baseline round" not in text and "Baseline mean" not in text
    assert any("12-month target" in c for c in fences(text))


def test_targets_met_and_actions_with_a_plan(capsys, tmp_path, rounds, plan_path):
    text = report(capsys, tmp_path, rounds[1], "md", "--baseline", str(rounds[0]), "--plan", str(plan_path))
    changes = change_section(text)
    assert "| Feature | Baseline | Follow-up | Change | SD change | Target met |" in changes
    assert row(changes, "Trust")[-1] == "yes" and row(changes, "Induction")[-1] == "no"
    assert "| Shared vision |" not in changes and row(changes, "Evidence")[-1] == "—"
    assert "Target met: the follow-up mean reaches the 12-month target where one is set, else the 6-month one." in changes
    assert "Actions and whether their features moved:" in changes
    assert "- A1 Hold a &lt;facilitated&gt; trust workshop — Trust moved up: 2.00 → 2.75 (+0.75)" in changes
    assert "- A2 Write an induction pack — Induction moved down: 3.50 → 3.00 (-0.50)" in changes


def test_paired_view_withheld_below_the_small_group_with_the_reason(capsys, tmp_path, rounds):
    text = report(capsys, tmp_path, rounds[1], "md", "--baseline", str(rounds[0]), "--paired")
    changes = change_section(text)
    assert "#### Paired view: members in both rounds" in changes
    assert "2 members answered both rounds (matched by e-mail, else name); 2 only in the baseline; 2 only in the follow-up." in changes
    assert ("**Withheld:** only 2 members answered both rounds, fewer than 3: the paired view is withheld so no one's "
            "change can be singled out.") in changes
    paired = changes[changes.index("#### Paired view"):]
    assert "| Trust |" not in paired  # no numbers of the two members
    # with a small-group rule of 2 the two members' view is shown: Ann 1 -> 3, Bob 2 -> 3
    text = report(capsys, tmp_path, rounds[1], "md", "--baseline", str(rounds[0]), "--paired", "--min-group", "2")
    paired = change_section(text)[change_section(text).index("#### Paired view"):]
    assert "Only the members who answered both rounds: 2 respondents in the baseline round and 2 in the follow-up." in paired
    assert "##### Partnership Working" in paired
    assert row(paired, "Trust")[1:4] == ["1.50", "3.00", "+1.50"]


def test_paired_view_needs_bundle_folders(capsys, tmp_path, rounds):
    from accord_partnership.engine.merged import load_results
    from accord_partnership.exports.merged_file import save_merged

    results, fw = load_results(rounds[0])
    merged = tmp_path / "base-merged.toml"
    save_merged(results, fw, merged)
    text = report(capsys, tmp_path, rounds[1], "md", "--baseline", str(merged), "--paired")
    changes = change_section(text)
    assert row(changes, "Trust")[1:4] == ["2.00", "2.75", "+0.75"]  # a merged file is a fine baseline
    assert "Paired view needs bundle folders: merged results hold no identities" in changes


# --- HTML ------------------------------------------------------------------------------------------


def test_html_change_section_is_well_formed_escaped_and_self_contained(capsys, tmp_path, rounds, plan_path):
    html_text = report(capsys, tmp_path, rounds[1], "html", "--baseline", str(rounds[0]), "--plan", str(plan_path), "--paired")
    checker = parse(html_text)
    lower = html_text.lower()
    assert "<script" not in lower and "<link" not in lower and "<img" not in lower and "url(" not in lower
    for tag, attrs in checker.tags:
        assert not any(name.startswith("on") or name in ("href", "src", "xlink:href") for name in attrs), tag
    for svg in re.findall(r"<svg\b.*?</svg>", html_text, flags=re.S):
        ET.fromstring(svg)
    assert html_text.index('id="overall"') < html_text.index('id="change"') < html_text.index("Recommendations</h2>")
    change = html_text[html_text.index('id="change"'):html_text.index("Financial Implications</h2>")]
    assert "<h3>3.9 Change since the baseline round</h3>" in change
    assert ('<td>Trust</td><td class="num">2.00</td><td class="num">2.75</td><td class="num up">+0.75</td>' in change)
    assert '<td class="num down">-0.50</td>' in change
    assert "<td>yes</td>" in change and "<td>no</td>" in change
    assert "Hold a &lt;facilitated&gt; trust workshop — Trust moved up" in change
    assert "<strong>Withheld:</strong> only 2 members answered both rounds, fewer than 3" in change
    # the radars: both rounds in the legend, the displaced target said in the caption
    section = html_text[html_text.index('id="section-2"'):html_text.index('id="section-3"')]
    svg = re.search(r"<svg\b.*?</svg>", section, flags=re.S).group(0)
    assert "Follow-up mean" in svg and "Baseline mean" in svg and "12-month target" not in svg
    assert "follow-up and baseline rounds<br>The 12-month targets are not drawn here" in section


# --- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["other-framework", "broken", "missing", "paired-alone"])
def test_bad_baseline_exits_2_with_one_line_and_writes_nothing(capsys, tmp_path, rounds, write_bundle, user_framework, case):
    argv = ["--baseline"]
    if case == "other-framework":
        user_framework("mini")
        baseline = tmp_path / "other"
        baseline.mkdir()
        write_bundle("mini", answers={("alpha", "one"): {"score": 3}}, path=baseline / "x.toml", respondent="X")
        argv.append(str(baseline))
    elif case == "broken":
        baseline = tmp_path / "broken.toml"
        baseline.write_text('format = "accord-merged"\nformat_version = 1\nrespondents = "many"\n')
        argv.append(str(baseline))
    elif case == "missing":
        baseline = tmp_path / "missing"
        argv.append(str(baseline))
    else:
        baseline = None
        argv = ["--paired"]
    out = tmp_path / "report.html"
    code = main(["report", str(rounds[1]), "--out", str(out), *argv])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert captured.out == "" and captured.err.count("\n") == 1 and captured.err.startswith("accord: ")
    if baseline is not None:
        assert str(baseline) in captured.err
    else:
        assert "--paired needs --baseline" in captured.err
    if case == "other-framework":
        assert "framework mini" in captured.err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".report")]
