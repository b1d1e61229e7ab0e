"""`accord report`: the committee report as Markdown and self-contained HTML (exports.report_*)."""

from __future__ import annotations

import os
import re
import stat
import xml.etree.ElementTree as ET
import html
from html.parser import HTMLParser
from pathlib import Path

import pytest

from accord_partnership.tui.cli import main

GOLDEN = Path(__file__).parent / "golden"
MERGED = GOLDEN / "scsn-merged.toml"
UPDATE = bool(os.environ.get("ACCORD_UPDATE_GOLDEN"))
HOSTILE_NOTE = "<script>alert(1)</script> \x1b]0;pwned\x07 [bold]x[/bold] *em* _u_ `code` | pipe & amp [link](http://evil.example/)"
SCSN_COLUMNS = ["Scorecard", "Feature", "Action", "Responsibility", "Score", "Date of completion", "Score at target"]
SHARED_SCORECARDS = ["Focus and Impact", "Partnership Working", "Strategic Coherence", "Planning and Delivery",
                     "Review, Reflect and Refine", "Capturing Performance", "Personal Role"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def hostile_merged(tmp_path: Path) -> Path:
    from accord_partnership.engine.merged import load_results
    from accord_partnership.exports.merged_file import merged_to_toml

    results, fw = load_results(MERGED)
    results.item("partnership-working", "trust").total.notes.append(HOSTILE_NOTE)
    results.partnerships = ["Moray <b>CSP</b>"]
    path = tmp_path / "merged.toml"
    path.write_text(merged_to_toml(results, fw), encoding="utf-8")
    return path


def write_report(capsys, tmp_path: Path, fmt: str, *extra: str, source: Path | None = None) -> str:
    out = tmp_path / f"report.{fmt}"
    code, stdout, err = run(capsys, "report", str(source or MERGED), "--format", fmt, "--out", str(out),
                            "--date", "2026-11-25", *extra)
    assert code == 0, err
    assert stdout == "" and err == f"wrote {out}\n"
    return out.read_text(encoding="utf-8")


class _Checker(HTMLParser):
    """Well-formedness: every non-void element closed, in order; records tags and attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        self.text.append(data)


def parse(html_text: str) -> _Checker:
    checker = _Checker()
    checker.feed(html_text)
    checker.close()
    assert checker.errors == [] and checker.stack == [], (checker.errors, checker.stack)
    return checker


# --- HTML ------------------------------------------------------------------------------------------


def test_html_report_is_well_formed_and_self_contained(capsys, tmp_path):
    html_text = write_report(capsys, tmp_path, "html", source=hostile_merged(tmp_path))
    assert html_text.startswith("<!DOCTYPE html>")
    checker = parse(html_text)
    lower = html_text.lower()
    assert "<svg" in lower
    assert "<script" not in lower and "<link" not in lower and "<img" not in lower and "<iframe" not in lower
    assert "src=" not in lower and "@import" not in lower and "url(" not in lower
    for tag, attrs in checker.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)  # no event handlers
            if name in ("href", "src", "xlink:href", "action"):
                raise AssertionError(f"external reference {tag} {name}={value}")
    # every SVG is valid XML on its own
    svgs = re.findall(r"<svg\b.*?</svg>", html_text, flags=re.S)
    assert len(svgs) >= 8
    for svg in svgs:
        ET.fromstring(svg)
    assert "@page { size: A4; margin: 18mm; }" in html_text
    assert "page-break-inside: avoid" in html_text


def test_html_escapes_hostile_text(capsys, tmp_path):
    html_text = write_report(capsys, tmp_path, "html", source=hostile_merged(tmp_path))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html_text
    assert "\x1b" not in html_text and "\x07" not in html_text
    assert "^[]0;pwned^G" in html_text
    assert "Moray &lt;b&gt;CSP&lt;/b&gt;" in html_text
    assert "<b>CSP</b>" not in html_text
    assert "http://evil.example/" in html_text and 'href="http' not in html_text


def test_html_has_one_section_per_shared_scorecard_and_the_template_parts(capsys, tmp_path):
    html_text = write_report(capsys, tmp_path, "html")
    sections = re.findall(r'<section[^>]* id="section-(\d+)">\s*(?:<div class="opening">)?<h3>([^<]*)</h3>', html_text)
    assert [title.split(" ", 1)[1] for _, title in sections] == SHARED_SCORECARDS
    assert "Leadership Manual" not in html_text and "Strongly disagree" not in html_text  # the Chair's private scorecard
    for heading in ("1. Purpose of report", "Main report", "Overall pattern", "Recommendations",
                    "The key areas of weakness are currently:", "Appendix 5: Action Sheet", "Notes (unattributed)"):
        assert heading in html_text, heading
    assert "Pinpoint their strengths and weaknesses" in html_text  # the SCSN purpose guidance
    for column in SCSN_COLUMNS:
        assert f"<th>{column}</th>" in html_text or f'<th class="num">{column}</th>' in html_text, column
    assert "No actions have been agreed yet" in html_text
    assert html_text.count("<h4>Commentary</h4>") == 8  # seven scorecards + the overall pattern
    assert "Answers per feature" in html_text  # bar charts of the answers


def test_html_with_a_plan_shows_actions_targets_and_agreed_scores(capsys, tmp_path):
    plan = tmp_path / "plan.toml"
    for argv in (
        ["plan", "init", str(MERGED), "--out", str(plan)],
        ["plan", "add", str(plan), "partnership-working", "trust", "--action", "Hold a <joint> away day",
         "--responsibility", "J. Bloggs", "--by", "2027-03-31", "--score-at-target", "3-4", "--task", "Book a venue"],
        ["plan", "target", str(plan), "partnership-working", "--months", "12", "--score", "4"],
        ["plan", "agree", str(plan), "partnership-working", "trust", "3", "--reason", "discussed <at length>"],
    ):
        assert main(argv) == 0
    capsys.readouterr()
    html_text = write_report(capsys, tmp_path, "html", "--plan", str(plan))
    parse(html_text)
    assert "Hold a &lt;joint&gt; away day" in html_text and "J. Bloggs" in html_text and "2027-03-31" in html_text
    assert "Key Tasks" in html_text and "Book a venue" in html_text
    assert "12-month target" in html_text
    assert "Agreed" in html_text and "discussed &lt;at length&gt;" in html_text
    assert "No actions have been agreed yet" not in html_text
    md_text = write_report(capsys, tmp_path, "md", "--plan", str(plan))
    assert "Hold a &lt;joint&gt; away day" in md_text and "| J. Bloggs |" in md_text


# --- Markdown --------------------------------------------------------------------------------------


def test_golden_markdown_report(capsys, tmp_path):
    text = write_report(capsys, tmp_path, "md", "--title", "Moray CSP self-assessment 2026")
    path = GOLDEN / "report.md"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), "report.md differs from the golden file"


def test_markdown_has_fenced_charts_and_tables(capsys, tmp_path):
    text = write_report(capsys, tmp_path, "md")
    fences = re.findall(r"^```text\n(.*?)^```$", text, flags=re.S | re.M)
    assert len(fences) >= 8  # a radar per scorecard and the aggregate radar
    assert all(block.isascii() for block in fences)  # survives a word processor
    assert text.count("| Feature | Mean | Range | SD | 1 | 2 | 3 | 4 | 5 | N/A |") == 7
    assert "| " + " | ".join(SCSN_COLUMNS) + " |" in text
    for n, title in enumerate(SHARED_SCORECARDS, 1):
        assert f"### 3.{n} {title}" in text  # the template's own numbering: 3. Main report
    assert "### 3.8 Overall pattern" in text


def test_markdown_escapes_hostile_text(capsys, tmp_path):
    text = write_report(capsys, tmp_path, "md", source=hostile_merged(tmp_path))
    assert "<script" not in text and "<b>" not in text and "\x1b" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert r"\[bold\]x\[/bold\] \*em\* \_u\_ \`code\` \| pipe &amp; amp \[link\](http://evil.example/)" in text
    assert "^\\[\\]0;pwned^G" in text or "^[]0;pwned^G" in text
    assert "Moray &lt;b&gt;CSP&lt;/b&gt;" in text


def test_markdown_table_cells_stay_on_one_line(capsys, tmp_path):
    from accord_partnership.engine.merged import load_results
    from accord_partnership.exports.merged_file import merged_to_toml

    results, fw = load_results(MERGED)
    path = tmp_path / "m.toml"
    path.write_text(merged_to_toml(results, fw))
    plan = tmp_path / "plan.toml"
    assert main(["plan", "init", str(path), "--out", str(plan)]) == 0
    assert main(["plan", "add", str(plan), "focus-impact", "evidence", "--action", "Line one\nline | two"]) == 0
    capsys.readouterr()
    text = write_report(capsys, tmp_path, "md", "--plan", str(plan), source=path)
    row = next(line for line in text.splitlines() if "Line one" in line)
    assert row.startswith("| Focus and Impact | Evidence | Line one line \\| two |")
    cells = re.split(r"(?<!\\)\|", row)[1:-1]  # an escaped pipe is not a separator
    assert len(cells) == len(SCSN_COLUMNS)
    assert cells[4].strip() == "3.0"  # the feature's mean, as the Action Sheet's Score


# --- options and inputs ----------------------------------------------------------------------------


def test_title_and_background_from_text_or_file(capsys, tmp_path):
    text = write_report(capsys, tmp_path, "md", "--title", "Our *report*", "--background", "Agreed in <May>.")
    assert text.startswith("# Our \\*report\\*\n")
    assert "## 2. Background" in text and "Agreed in &lt;May&gt;." in text
    background = tmp_path / "background.txt"
    background.write_text("First paragraph.\n\nSecond paragraph.\n")
    html_text = write_report(capsys, tmp_path, "html", "--background", str(background))
    assert "<p>First paragraph.</p>" in html_text and "<p>Second paragraph.</p>" in html_text


def test_format_from_the_file_name_and_stdout(capsys, tmp_path):
    out = tmp_path / "r.html"
    assert main(["report", str(MERGED), "--out", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")
    code, stdout, _ = run(capsys, "report", str(MERGED), "--format", "md")
    assert code == 0 and stdout.startswith("# Moray CSP: partnership self-assessment")


def test_single_bundle_report(capsys, tmp_path, write_bundle):
    from accord_partnership.engine.catalog import get_framework

    leadership = get_framework("scsn-csp").section("leadership").items[0].id
    path = write_bundle("scsn-csp", respondent="Pat", answers={
        ("partnership-working", "trust"): {"score": 2, "note": "mine"},
        ("partnership-working", "induction"): {"score": 4},
        ("partnership-working", "shared-vision"): {"score": 3},
        ("leadership", leadership): {"score": 2},
    })
    html_text = write_report(capsys, tmp_path, "html", source=path)
    parse(html_text)
    assert "one respondent's own scores" in html.unescape(html_text)
    assert "<h2>Your notes</h2>" in html_text
    assert "What this score says" in html_text  # the level descriptor of one's own score
    assert "Leadership Manual" not in html_text  # a report is for circulation: private sections stay out
    assert "Leadership Manual" in write_report(capsys, tmp_path, "md", "--include-private", source=path)
    code, out, _ = run(capsys, "summary", str(path))  # one's own screen shows everything
    assert code == 0 and "Leadership Manual" in out


@pytest.mark.parametrize("framework_id", ["audit-commission-lsp", "sport-england-csp", "hgiocld-3-2"])
def test_reports_for_other_frameworks_use_generic_headings(capsys, tmp_path, write_bundle, framework_id):
    from accord_partnership.engine.catalog import get_framework

    fw = get_framework(framework_id)
    for k in range(3):
        answers = {}
        for section, item in fw.items():
            if item.rated and section.scale:
                answers[(section.id, item.id)] = {"score": section.scale.min + (k * 2 + len(item.title)) % len(section.scale.points)}
            elif item.kind == "yesno":
                answers[(section.id, item.id)] = {"choice": "no" if k == 1 else "yes"}
        write_bundle(framework_id, respondent=f"R{k}", answers=answers)
    folder = Path(os.environ["ACCORD_HOME"]) / "bundles"
    html_text = write_report(capsys, tmp_path, "html", source=folder)
    parse(html_text)
    assert "SCSN" not in html_text and "Scorecard</th>" not in html_text
    shown = [s for s in fw.sections if not s.private]
    assert len(re.findall(r'id="section-\d+"', html_text)) == len(shown)
    md_text = write_report(capsys, tmp_path, "md", source=folder)
    assert "## Appendix 5: Action Sheet" in md_text
    for heading in ("## 1. Purpose of report", "## 2. Background (optional)", "## 3. Main report",
                    "## 4. Financial Implications", "## 5. Recommendations", "**Author Name:**", "| National Outcomes | … |"):
        assert heading in md_text, heading
    assert "crime, disorder" not in md_text  # Scotland's community-safety outcome belongs to the SCSN toolkit


# --- files and errors ------------------------------------------------------------------------------


def test_existing_report_is_replaced_privately_only_with_force(capsys, tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old")
    os.chmod(out, 0o644)
    assert main(["report", str(MERGED), "--out", str(out)]) == 2
    assert "already exists; not replaced (add --force to replace it)" in capsys.readouterr().err
    assert out.read_text() == "old"
    assert main(["report", str(MERGED), "--out", str(out), "--force"]) == 0
    assert out.read_text().startswith("# ")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_never_writes_through_a_symlink(capsys, tmp_path):
    target = tmp_path / "elsewhere.md"
    target.write_text("precious")
    link = tmp_path / "report.md"
    link.symlink_to(target)
    code, out, err = run(capsys, "report", str(MERGED), "--out", str(link))
    assert code == 2 and err.count("\n") == 1 and "symbolic link" in err
    assert target.read_text() == "precious"


@pytest.mark.parametrize("case", ["broken", "missing", "no-format", "bad-plan", "other-framework-plan"])
def test_bad_input_exits_2_and_writes_nothing(capsys, tmp_path, write_bundle, case):
    source = MERGED
    argv: list[str] = []
    out = tmp_path / "report.html"
    if case == "broken":
        source = tmp_path / "broken.toml"
        source.write_text('format = "accord-merged"\nformat_version = 1\nrespondents = "many"\n')
    elif case == "missing":
        source = tmp_path / "missing.toml"
    elif case == "no-format":
        out = tmp_path / "report.txt"
    elif case == "bad-plan":
        plan = tmp_path / "plan.toml"
        plan.write_text('format = "accord-plan"\nformat_version = 99\n')
        argv = ["--plan", str(plan)]
    else:
        bundle = write_bundle("sport-england-csp", respondent="X", answers={("plan", next(iter(
            i.id for i in __import__("accord_partnership.engine.catalog", fromlist=["x"]).get_framework("sport-england-csp").section("plan").items))): {"score": 3}})
        plan = tmp_path / "plan.toml"
        assert main(["plan", "init", str(bundle), "--out", str(plan)]) == 0
        capsys.readouterr()
        argv = ["--plan", str(plan)]
    code, stdout, err = run(capsys, "report", str(source), "--out", str(out), *argv)
    assert code == 2, err
    assert stdout == "" and err.count("\n") == 1 and err.startswith("accord: ")
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []
