"""Every view tells the same story: the summary, the reports (Markdown, HTML), the coordinator
screen and `accord plan init` list the same weakest items, in the same order, with the same
figures, all taken from the engine's read model (engine.analysis), never re-selected."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import pytest
from textual.widgets import Static

from accord_partnership.engine.analysis import MAX_LISTED, analyse
from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.catalog import get_framework
from accord_partnership.engine.numbers import fmt_mean
from accord_partnership.exports.bundle_file import save_bundle
from accord_partnership.tui.cli import main
from tests.conftest import Host
from accord_partnership.tui.screens.coordinator import CoordinatorScreen

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MEMBERS = 6


def _score(n: int, s: int, k: int) -> int:
    """Scores with many items below 3.0, ties between items, and a 2.96-like mean or two."""
    return 1 + (k * 3 + s * 2 + n * (k % 3)) % 5


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    scsn = get_framework("scsn-csp")
    folder = tmp_path_factory.mktemp("round") / "drop"
    folder.mkdir()
    for n in range(MEMBERS):
        bundle = Bundle.new(scsn, respondent=f"M{n}", role="police" if n % 2 else "council", partnership="Moray CSP")
        bundle.created = bundle.updated = T0 + timedelta(minutes=n)
        for s, section in enumerate(scsn.sections):
            if section.private:
                continue
            for k, item in enumerate(section.items):
                if item.rated:
                    bundle.answer(section.id, item.id).score = _score(n, s, k)
        save_bundle(bundle, scsn, folder / f"m{n}.toml")
    return folder


@pytest.fixture(scope="module")
def merged(folder):
    out = folder.parent / "merged.toml"
    assert main(["merge", str(folder), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def expected(merged):
    from accord_partnership.engine.merged import load_results

    results, framework = load_results(merged)
    analysis = analyse(framework, results)
    assert len(analysis.weakest) > MAX_LISTED  # the lists are long enough to need "and N more"
    return framework, analysis, [(i.section_id, i.item_id, i.title, fmt_mean(i.mean, analysis.threshold)) for i in analysis.weakest]


def _in_order(text: str, pieces: list[str]) -> bool:
    at = 0
    for piece in pieces:
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True


def test_summary_lists_the_weakest_in_the_engines_order(capsys, merged, expected):
    _framework, analysis, weakest = expected
    assert main(["summary", str(merged), "--width", "140", "--no-color"]) == 0
    out = capsys.readouterr().out
    block = out.split("Weakest features", 1)[1].split("\n\n", 1)[0]
    lines = [ln for ln in block.splitlines()[2:] if ln.strip() and "more" not in ln]
    assert [(ln.split()[0], ln.split(None, 1)[1].split(" · ")[0].strip()) for ln in lines] == \
        [(fig, title) for _s, _i, title, fig in weakest[:MAX_LISTED]]
    assert f"… and {len(weakest) - MAX_LISTED} more" in block  # never cut short silently


@pytest.mark.parametrize("fmt", ["md", "html", "docx"])
def test_reports_list_each_sections_weakest_in_the_same_order(capsys, tmp_path, merged, expected, fmt):
    framework, analysis, weakest = expected
    out = tmp_path / f"report.{fmt}"
    assert main(["report", str(merged), "--format", fmt, "--out", str(out)]) == 0
    if fmt == "docx":
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    else:
        text = out.read_text(encoding="utf-8")
    if fmt == "html":
        text = html.unescape(re.sub(r"<[^>]+>", "", text))
    text = text.replace("\\", "")  # Markdown escapes
    weaknesses = text.split("The key areas of weakness are currently:", 1)[1]
    for section in framework.sections:
        mine = [(title, fig) for sid, _i, title, fig in weakest if sid == section.id]
        if not mine:
            continue
        listed = ", ".join(f"{title} ({fig})" for title, fig in mine)
        assert listed in weaknesses, (section.id, listed)
        assert _in_order(text, [f"{title} ({fig})" for title, fig in mine])  # the section's commentary too


def test_plan_init_lists_the_same_items_and_figures(capsys, tmp_path, merged, expected):
    _framework, _analysis, weakest = expected
    plan = tmp_path / "plan.toml"
    assert main(["plan", "init", str(merged), "--out", str(plan)]) == 0
    capsys.readouterr()
    listed = re.findall(r"^#   (\S+) (\S+): (\S+)  \(", plan.read_text(encoding="utf-8"), flags=re.M)
    assert listed == [(sid, iid, fig) for sid, iid, _t, fig in weakest]


async def test_coordinator_screen_lists_the_same_items_and_says_how_many_more(folder, expected):
    _framework, _analysis, weakest = expected
    app = Host(CoordinatorScreen(folder, None))
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        await pilot.press("f")
        await pilot.pause()
        findings = str(screen.query_one("#findings-text", Static).render())
    line = next(ln for ln in findings.splitlines() if ln.startswith("Below 3.0: "))
    shown = ", ".join(f"{title} {fig}" for _s, _i, title, fig in weakest[:MAX_LISTED])
    assert line == f"Below 3.0: {shown} and {len(weakest) - MAX_LISTED} more (table: t)"
