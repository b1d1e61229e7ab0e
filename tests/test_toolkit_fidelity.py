"""The toolkits' own words and structure (issue 14): the reporting template's every section, the
delivery plan's headings, Accord's own wording marked, the original online process presented as
such, hand-written plans updated safely, bundle CSVs validated, private sections out of progress."""

from __future__ import annotations

import csv
import io
import os
import re
import tomllib
from html import unescape
from pathlib import Path

import pytest

from accord_partnership.engine.catalog import get_framework
from accord_partnership.tui.cli import main

GOLDEN = Path(__file__).parent / "golden"
MERGED = GOLDEN / "scsn-merged.toml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def report(capsys, tmp_path: Path, fmt: str, *extra: str, source: Path = MERGED) -> str:
    out = tmp_path / f"report.{fmt}"
    code, _, err = run(capsys, "report", str(source), "--format", fmt, "--out", str(out), "--date", "2026-11-25", *extra)
    assert code == 0, err
    return out.read_text(encoding="utf-8")


# --- the reporting template, section by section ------------------------------------------------

TEMPLATE_PARTS = [
    "1. Purpose of report", "2. Background (optional)", "3. Main report", "Overall pattern", "4. Financial Implications",
    "5. Recommendations", "The key areas of weakness are currently:",
    "In the light of this the partnership will be taking forward the action plan outlined in Appendix 5 of this report.",
    "Author Name", "Job Title", "Appendices", "Background or Related Reports", "Contact Details", "Name",
    "Telephone Number", "Email Address", "National Outcomes", "We live our lives safe from crime, disorder and danger.",
    "Appendix 5: Action Sheet",
]


def test_every_section_of_the_scsn_template_is_in_the_source_and_in_both_reports(capsys, tmp_path):
    template = get_framework("scsn-csp").report
    assert template is not None
    seed = Path(__file__).parents[2] / "shared" / "seeds" / "001_6709f6080defb8cd.txt"
    if seed.exists():  # every heading is the source's, verbatim
        text = " ".join(seed.read_text(encoding="utf-8").split())
        for part in (template.purpose, template.background, template.main, template.financial, template.recommendations,
                     template.weaknesses, template.action_plan, template.background_hint, template.appendices,
                     template.contact, template.national_outcomes, template.national_outcomes_text, template.action_sheet,
                     *template.author, *template.contact_fields, template.related.split(" or ")[1]):
            assert part in text, part
    md = report(capsys, tmp_path, "md")
    html = report(capsys, tmp_path, "html")
    for part in TEMPLATE_PARTS:
        assert part in md, part
        assert part in html, part
    # in the template's order
    order = [md.index(f"## {p}") for p in ("1. Purpose of report", "2. Background (optional)", "3. Main report",
                                            "4. Financial Implications", "5. Recommendations")]
    assert order == sorted(order)
    assert md.index("5. Recommendations") < md.index("**Author Name:**") < md.index("| National Outcomes |") < md.index("## Appendix 5")
    assert "Appendix A" not in md and "Appendix A" not in html and "Appendix B" not in md


def test_author_and_contact_details_are_given_once_in_a_settings_file(capsys, tmp_path, accord_home):
    accord_home.mkdir(parents=True, exist_ok=True)
    (accord_home / "report.toml").write_text(
        'author = "A. Officer"\njob_title = "Community Safety Manager"\ncontact_name = "B. Contact"\n'
        'telephone = "01234 567890"\nemail = "b.contact@example.org"\nrelated = "Strategic Assessment 2026"\n'
        'financial = "No new money is needed."\n', encoding="utf-8")
    md = report(capsys, tmp_path, "md")
    assert "**Author Name:** A. Officer" in md and "**Job Title:** Community Safety Manager" in md
    assert "| Contact Details | Name: B. Contact; Telephone Number: 01234 567890; Email Address: b.contact@example.org |" in md
    assert "| Background or Related Reports | Strategic Assessment 2026 |" in md
    assert "## 4. Financial Implications\n\nNo new money is needed." in md
    html = report(capsys, tmp_path, "html", "--author", "C. Chair")  # an option overrides the file
    assert "<strong>Author Name:</strong> C. Chair" in html and "Community Safety Manager" in html


def test_a_bad_settings_file_is_one_line_and_exit_2(capsys, tmp_path):
    bad = tmp_path / "settings.toml"
    bad.write_text('author = "A"\nphone = "1"\n', encoding="utf-8")
    out = tmp_path / "r.md"
    code, _, err = run(capsys, "report", str(MERGED), "--out", str(out), "--settings", str(bad))
    assert code == 2 and err.count("\n") == 1 and f"{bad}:2: unknown key 'phone'" in err
    assert not out.exists()


def test_the_evidence_sources_and_crlf_notes_reach_the_report(capsys, tmp_path, write_bundle):
    folder = tmp_path / "returns"
    folder.mkdir()
    for n in range(3):
        write_bundle("sport-england-csp", respondent=f"R{n}", path=folder / f"r{n}.toml", answers={
            ("evidence", "sources"): {"note": f"Partner survey {n}\r\nBoard minutes"},
            ("plan", "plan-1"): {"score": 2 + n, "note": "line one\r\nline two"},
        }, matrix={"plan": {"current": "Quarterly\r\nmeetings", "action": "Invite NGBs"}})
    merged = tmp_path / "merged.toml"
    assert main(["merge", str(folder), "--out", str(merged), "--with-notes"]) == 0
    md = report(capsys, tmp_path, "md", source=merged)
    html = report(capsys, tmp_path, "html", source=merged)
    section = md[md.index("### 3.1 Main sources of evidence"):md.index("### 3.2 PLAN")]
    assert "List the main sources of evidence used for the self-assessment" in section
    assert "- Partner survey 0 Board minutes" in section
    assert "Partner survey 2<br>Board minutes" in html
    for text in (md, html):
        assert "^M" not in text and "\r" not in text
    assert "2019" not in md and "2019" not in html  # no invented year
    # Accord's item titles are marked, and the mark explained
    assert "Priority partners and engagement plans †" in html
    assert "† Accord's wording, not the source's" in unescape(html)  # whichever entity the escaper uses


# --- Sport England: printed copies and listings --------------------------------------------------


def test_the_printed_matrix_has_the_sources_columns_and_marks_accords_wording(capsys):
    code, md, _ = run(capsys, "show", "sport-england-csp", "--format", "md")
    assert code == 0
    plan = md[md.index("## PLAN"):md.index("## DO")]
    heads = [plan.index(f"**{title}:**") for title in
             ("Challenge", "Examples of Best Practice", "What we currently do", "What action can we take")]
    assert heads == sorted(heads)
    # the criteria are the Challenge: between its heading and the examples, nothing to fill but scores
    challenge = plan[heads[0]:heads[1]]
    assert "The CSP has identified its priority partners" in challenge and "Score: [ ] 1" in challenge
    assert "**Challenge:** ____" not in md
    assert plan.count("____________________________________________") == 3 + 2  # 3 criteria notes + 2 columns
    assert "2019" not in md
    assert "Priority partners and engagement plans †" in md and "Exemplary †" in md
    assert "† Accord's wording, not the source's: the title" in md
    code, listing, _ = run(capsys, "frameworks")
    assert "2019" not in listing and "Sport England ·" in listing
    code, js, _ = run(capsys, "show", "sport-england-csp", "--json")
    data = __import__("json").loads(js)
    assert data["source"]["year"] is None and "the item titles" in data["own_legend"]


def test_roles_belong_to_the_framework():
    scsn, sport = get_framework("scsn-csp"), get_framework("sport-england-csp")
    assert "fire and rescue" in scsn.roles and "police" in scsn.roles
    assert not {"fire and rescue", "police"} & set(sport.roles)
    for fw in (scsn, sport, get_framework("hgiocld-3-2"), get_framework("audit-commission-lsp")):
        assert fw.roles and "roles" in fw.own  # no source gives a role list: Accord's, marked


def test_tools_keep_their_relates_to_lines_and_tool_5_its_headings():
    fw = get_framework("scsn-csp")
    assert [t.relates_text for t in fw.tools] == [
        "This tool relates to the Focus and Impact scorecard"] * 3 + [
        "This tool relates to the Partnership working scorecard"] * 3 + [
        "This tool relates to the Planning and Delivery scorecard"]
    tool5 = fw.tool("tool-5")
    assert tool5.items_heading == "Typical characteristics of each stage:"
    assert tool5.actions_columns == ("If you're at this stage", "consider", "Is this action relevant?")
    assert tool5.after_heading == "The Partnership Life Cycle in Practice"


# --- the invitation: Accord's steps, then the original online process as such --------------------


def test_the_invitation_separates_accords_steps_from_the_original_online_process(capsys):
    code, text, _ = run(capsys, "invite", "scsn-csp", "--deadline", "2026-12-12", "--return", "accord submit FILE /srv/returns")
    assert code == 0
    mine, _, quoted = text.partition("original online scorecards")
    assert "You do not need to give an email address" in mine
    assert "email me my results" not in mine and "We require you to enter your email address" not in mine
    # the source's words, verbatim, after a line that says what they are
    assert "We are not using that online process" in quoted
    flat = " ".join(line.removeprefix(">").strip() for line in quoted.splitlines())
    assert "We require you to enter your email address so your coordinator can see who has completed each scorecard." in flat
    assert "'email me my results'" in flat
    assert get_framework("scsn-csp").guidance[[g.id for g in get_framework("scsn-csp").guidance].index("member-instructions")].original_process


# --- plans people write by hand --------------------------------------------------------------------

PLAN_HEAD = '''format = "accord-plan"
format_version = 1
framework = "scsn-csp"
framework_version = "2012.1"
partnership = "Moray CSP"
threshold = 3.0
priorities = []
'''
INLINE = PLAN_HEAD + '''actions = [
  { section = "partnership-working", item = "trust", action = "Hold a joint away day" },  # agreed in March
]
targets = [{ section = "partnership-working", months = 12, score = 3.5 }]
'''
DOTTED = PLAN_HEAD + '''tools.tool-5.stage = "forming"

[[actions]]
section = "partnership-working"
item = "trust"
action = "Hold a joint away day"

[[targets]]
section = "partnership-working"
months = 12
score = 3.5
'''


@pytest.mark.parametrize("text", [INLINE, DOTTED], ids=["inline-arrays", "dotted-keys"])
def test_plan_add_and_target_update_hand_written_plans(capsys, tmp_path, text):
    from accord_partnership.engine.plan import load_plan

    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["plan", "add", str(path), "capturing-performance", "regular-trend-analysis",
                 "--action", "Establish monthly tasking meetings including wider partners"]) == 0
    assert main(["plan", "target", str(path), "partnership-working", "--months", "12", "--score", "4"]) == 0
    assert main(["plan", "target", str(path), "partnership-working", "--months", "6", "--score", "3"]) == 0
    capsys.readouterr()
    updated = path.read_text(encoding="utf-8")
    tomllib.loads(updated)  # valid TOML
    assert 'item = ""' not in updated  # no key added to say what its absence already says
    plan = load_plan(path)
    assert [(a.section_id, a.item_id, a.action) for a in plan.actions] == [
        ("partnership-working", "trust", "Hold a joint away day"),
        ("capturing-performance", "regular-trend-analysis", "Establish monthly tasking meetings including wider partners")]
    assert sorted((t.months, t.score) for t in plan.targets) == [(6, 3.0), (12, 4.0)]
    if text is INLINE:
        assert "# agreed in March" in updated and "[[actions]]" not in updated  # the person's style is kept
    else:
        assert 'tools.tool-5.stage = "forming"' in updated
    code, listing, err = run(capsys, "plan", "list", str(path))
    assert code == 0, err


def test_an_update_that_would_not_read_back_leaves_the_file_alone(tmp_path, monkeypatch):
    from accord_partnership.engine.errors import AccordError
    from accord_partnership.engine.plan import load_plan_with_framework
    from accord_partnership.exports import plan_toml

    path = tmp_path / "plan.toml"
    path.write_text(DOTTED, encoding="utf-8")
    plan, fw = load_plan_with_framework(path)
    plan.targets[0].score = 4.0
    monkeypatch.setattr(plan_toml, "update_plan_text", lambda old, plan, framework=None: old + "\n[[actions]]\nsection = 1\n")
    with pytest.raises(AccordError, match="nothing was changed"):
        plan_toml.save_plan(plan, fw, path)
    assert path.read_text(encoding="utf-8") == DOTTED


def test_plan_csv_has_the_delivery_plans_own_headings(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    assert main(["plan", "init", str(MERGED), "--out", str(plan)]) == 0
    assert main(["plan", "add", str(plan), "partnership-working", "trust", "--action", "Hold a joint away day"]) == 0
    capsys.readouterr()
    code, out, _ = run(capsys, "plan", "csv", str(plan))
    header = next(csv.reader(io.StringIO(out)))
    seed = Path(__file__).parents[2] / "shared" / "seeds" / "002_166aa281ed843ce8.txt"
    for heading in ("Strategic Objective", "Key Tasks", "Milestones", "Timescales", "Lead/ Partners", "Resources", "KPI",
                    "Target", "Strategic links & CSP Core Functions"):
        assert heading in header
        if seed.exists():
            assert heading.replace("Timescales", "Time") in seed.read_text(encoding="utf-8")


# --- validate reads Accord's own bundle CSV ------------------------------------------------------


def test_validate_accepts_accords_bundle_csv_and_names_a_bad_row(capsys, tmp_path, write_bundle):
    bundle = write_bundle("scsn-csp", respondent="Pat", answers={("partnership-working", "trust"): {"score": 3, "note": "a\r\nb"}})
    out = tmp_path / "mine.csv"
    assert main(["export", str(bundle), "--csv", "--out", str(out)]) == 0
    capsys.readouterr()
    code, text, err = run(capsys, "validate", str(out))
    assert code == 0, err
    assert "ok — bundle CSV for scsn-csp" in text and "1 of 48 items answered" in text
    broken = tmp_path / "broken.csv"
    broken.write_text(out.read_text(encoding="utf-8").replace(",trust,Trust,3,", ",trust,Trust,9,"), encoding="utf-8")
    code, _, err = run(capsys, "validate", str(broken))
    assert code == 2 and err.count("\n") == 1 and str(broken) in err and "out of range" in err


# --- the Chair's private scorecard --------------------------------------------------------------


def test_the_chairs_private_scorecard_is_out_of_progress_until_started():
    from accord_partnership.engine import navigation as nav
    from accord_partnership.engine.bundle import Answer, Bundle

    fw = get_framework("scsn-csp")
    bundle = Bundle.new(fw)
    for section in fw.sections:
        if not section.private:
            for item in section.items:
                bundle.answers[(section.id, item.id)] = Answer(score=3)
    assert bundle.progress(fw) == (48, 48) and bundle.percent_complete(fw) == 100
    assert nav.next_unanswered(fw, bundle, ("personal-role", "mutual-knowledge")) is None  # "Everything is answered"
    leadership = fw.section("leadership")
    assert leadership.private
    bundle.answers[("leadership", leadership.items[0].id)] = Answer(score=4)  # the Chair starts it
    assert bundle.progress(fw) == (49, 60)
    assert nav.next_unanswered(fw, bundle, ("personal-role", "mutual-knowledge")) == ("leadership", leadership.items[1].id)


def test_no_framework_shows_an_invented_year(capsys):
    for fw_id in ("scsn-csp", "sport-england-csp", "hgiocld-3-2", "audit-commission-lsp"):
        fw = get_framework(fw_id)
        seed_dir = Path(__file__).parents[2] / "shared" / "seeds"
        if fw.source.year is not None and seed_dir.exists():
            assert any(str(fw.source.year) in p.read_text(encoding="utf-8") for p in seed_dir.glob("*.txt")), fw_id
    assert os.environ.get("ACCORD_HOME")
    assert re.search(r"Sport England\b(?! \(\d{4}\))", get_framework("sport-england-csp").source.credit)


# --- the TUI: roles, the private scorecard, Accord's marks -----------------------------------------


def test_the_new_assessment_screen_offers_the_frameworks_own_roles():
    from accord_partnership.tui.screens.new_assessment import role_choices

    assert "fire and rescue" in role_choices(get_framework("scsn-csp"))
    sport = role_choices(get_framework("sport-england-csp"))
    assert "fire and rescue" not in sport and "police" not in sport and sport[-1] == "other"


async def test_the_chairs_scorecard_says_it_is_private_and_accords_words_are_marked(write_bundle, rendered):
    from accord_partnership.tui.app import AccordApp
    from accord_partnership.tui.screens.scoring import PRIVATE_NOTE, ScoringScreen

    lead = get_framework("scsn-csp").section("leadership").items[0].id
    path = write_bundle("scsn-csp", position=("leadership", lead))
    app = AccordApp(open_path=path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        head = " ".join(app.screen.query_one("#detail").text_of("head").split())
        assert PRIVATE_NOTE.split(".")[0] in head
        assert "Private: Leadership Manual Scorecard" in rendered(app.screen.query_one("#section-title"))
        assert "all 0/48" in rendered(app.screen.query_one("#progress"))
    path = write_bundle("sport-england-csp", position=("plan", "plan-1"))
    app = AccordApp(open_path=path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        head = " ".join(app.screen.query_one("#detail").text_of("head").split())
        assert "Priority partners and engagement plans †" in head and "Accord's wording, not the source's" in head
