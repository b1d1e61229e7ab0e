"""The coordinator's view of a folder of returned bundles: who completed, and what the numbers say.

Completion lists who has returned a bundle (and, with a roster, who has not) and never shows a
score next to a name. The table shows each section's items as counts, means and spreads, with
the small-group rule applied; findings gives the toolkit's own guidance for the results; the
disagreement view lists items by spread (sd), with consensus and the two-camps flag; by role
shows perception gaps between roles large enough to report. From here the partnership's action
plan opens (`a`: guided prioritisation, the plan file beside the folder, created from the template
if there is none) and an earlier round can be compared with this one (`v`).

Bad bundles never stop the screen: they are skipped and named (`file:line: reason`); a folder with
nothing readable says why on screen.

All user and framework text is shown as `rich.text.Text` (never parsed as markup).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Static

from engine.analysis import MAX_LISTED
from engine.numbers import fmt, fmt_mean
from engine.privacy import split_min_group
from engine.stats import DEFAULT_MIN_GROUP
from exports.textsafe import one_line, visible
from tui.widgets.footer import AccordFooter

if TYPE_CHECKING:
    from engine.compare import Comparison

VIEWS = ("completion", "table", "radar", "findings", "disagreement", "roles")
_VIEW_KEYS = (
    ("completion", "c", "Completion"),
    ("table", "t", "Table"),
    ("radar", "s", "Spider"),
    ("findings", "f", "Findings"),
    ("disagreement", "d", "Disagreement"),
    ("roles", "o", "By role"),
)
_FLAG_WORDS = {
    "low": "low",
    "disagreement": "wide range",
    "polarised": "two camps",
    "strong": "strong",
    "answered-no": "answered no",
}


def _t(text: str, style: str = "") -> Text:
    """Untrusted text, shown literally with control characters made visible."""
    return Text(visible(text), style=style)


def _line(text: str, limit: int | None = None, style: str = "") -> Text:
    return Text(one_line(text, limit), style=style)


def _num(value: float | None, places: int = 2) -> str:
    return fmt(value, places)


class CoordinatorScreen(Screen):
    """Completion, merged table, findings and disagreement for a folder of bundles."""

    CSS_PATH = "coordinator.tcss"

    # the views have their own bar at the top (with the current one lit), so the footer has room
    # at 80 columns for what leads on from here
    BINDINGS = [
        Binding("c", "view('completion')", "Completion", show=False),
        Binding("t", "view('table')", "Table", show=False),
        Binding("s", "view('radar')", "Spider chart", show=False),
        Binding("f", "view('findings')", "Findings", show=False),
        Binding("d", "view('disagreement')", "Disagreement", show=False),
        Binding("o", "view('roles')", "By role", show=False),
        Binding("a", "plan", "Action plan"),
        Binding("v", "compare", "Compare"),
        Binding("right_square_bracket,n", "section(1)", "Next section"),
        Binding("left_square_bracket,p", "section(-1)", "Prev section", show=False),
        Binding("r", "reload", "Reload", show=False),
        Binding("escape,q", "close", "Back"),
    ]

    def __init__(
        self,
        folder: str | Path,
        roster: str | Path | None = None,
        *,
        min_group: int = DEFAULT_MIN_GROUP,
        include_private: bool = False,
        framework: str | None = None,
        release_anyway: bool = False,
        threshold: float = 3.0,
        ascii: bool | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.folder = Path(folder)
        self.roster_path = Path(roster) if roster else None
        self.min_group = min_group
        self.include_private = include_private
        self.framework = framework
        self.release_anyway = release_anyway
        self.threshold = threshold
        self._ascii = ascii
        self.view = "completion"
        self.section_index = 0
        self.report: Any = None
        self.analysis: Any = None
        self.completion: Any = None
        self.splits: tuple[dict[str, Any], list[Any]] = ({}, [])
        self.error = ""
        self.release_note = ""
        self.busy = True

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(_line(f"Coordinator · {self.folder}"), id="coord-title")
        yield Static(self._views_bar(), id="coord-views-bar")
        yield Static(Text("Reading bundles…"), id="coord-status")
        with ContentSwitcher(initial="completion", id="coord-views"):
            with VerticalScroll(id="completion"):
                yield Static(Text(""), id="completion-text")
            with Vertical(id="table"):
                yield Static(Text(""), id="coord-section")
                yield DataTable(id="items-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="radar"):
                yield Static(Text(""), id="radar-text")
            with VerticalScroll(id="findings"):
                yield Static(Text(""), id="findings-text")
            with Vertical(id="disagreement"):
                yield Static(Text("Where members disagree: items by spread (standard deviation), largest first."), id="spread-title")
                yield DataTable(id="spread-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="roles"):
                yield Static(Text(""), id="roles-text")
        yield AccordFooter(compact=True)

    def on_mount(self) -> None:
        self.action_reload()

    @property
    def ascii(self) -> bool:
        if self._ascii is not None:
            return self._ascii
        return bool(getattr(self.app, "ascii", False))

    # --- loading (in a thread: thousands of bundles take a moment) --------------------------

    def action_reload(self) -> None:
        self.busy = True
        self.query_one("#coord-status", Static).update(Text("Reading bundles…"))
        self.query_one("#coord-status", Static).display = True
        self.run_worker(self._load, thread=True, exclusive=True, group="coordinator-load")

    def _load(self) -> None:
        from engine.errors import AccordError
        from engine.merge import NoValidBundles
        from tui.workflows.rounds import read_folder

        try:
            view = read_folder(
                self.folder, roster=self.roster_path, include_private=self.include_private, min_group=self.min_group,
                framework=self.framework, threshold=self.threshold, release=self._release,
            )
            self.release_note = view.release_note
        except NoValidBundles as exc:  # when every file was bad, the first bad file's own line says more
            first = exc.first
            message = str(exc) if first is None else f"{exc}{': ' if len(exc.skipped) == 1 else '; the first: '}{first.reason}"
            self.app.call_from_thread(self._failed, message)
            return
        except (AccordError, OSError) as exc:
            message = str(exc)
            self.app.call_from_thread(self._failed, message)
            return
        except Exception as exc:  # noqa: BLE001 - a bug: say so on screen rather than take the app down
            message = f"unexpected error ({type(exc).__name__}: {exc}); please report it"
            self.app.call_from_thread(self._failed, message)
            return
        self.app.call_from_thread(self._loaded, view.report, view.analysis, (view.splits, view.gaps), view.completion)

    def _release(self, report: Any) -> str:
        """Check these figures against what was released before (engine.releases): when they would
        give a few members' answers away by subtraction, every figure is withheld and the reason
        shown; completion (who, never how) still shows."""
        from engine.privacy import withhold_all
        from engine.releases import ReleaseRefused
        from exports.release_log import release

        try:
            return release(report, self.min_group, anyway=self.release_anyway)
        except ReleaseRefused as exc:
            withhold_all(report.results, "release refused: it would give a few answers away by subtraction")
            return f"Figures withheld: {exc.message}."

    def short(self, message: str) -> str:
        """A message with this folder's path left out of the file names in it (the title shows it)."""
        folder = str(self.folder).rstrip(os.sep)
        if message.startswith(folder + ": "):  # about the folder itself
            message = message[len(folder) + 2 :]
        return one_line(message.replace(folder + os.sep, ""))

    def _failed(self, message: str) -> None:
        self.busy = False
        self.error = message
        self.report = None
        short = self.short(message)
        self.query_one("#coord-status", Static).display = True
        self.query_one("#coord-status", Static).update(_line(f"Cannot read the folder: {short}", style="bold red"))
        self.query_one("#completion-text", Static).update(
            _t(f"Nothing to show.\n\n{short}\n\nPress r to read the folder again once that is put right, or escape to choose another folder.")
        )

    def _loaded(self, report: Any, analysis: Any, splits: Any, done: Any) -> None:
        self.busy = False
        self.error = ""
        self.report, self.analysis, self.splits, self.completion = report, analysis, splits, done
        fw = report.framework
        self.query_one("#coord-title", Static).update(_line(f"Coordinator · {self.folder} · {fw.title} ({fw.id} {fw.version})"))
        status = Text(one_line(done.summary()))
        if report.skipped:
            count = len(report.skipped)
            status.append(f" · {count} bad file{'s' if count != 1 else ''} skipped", style="bold")
            status.append("\n")
            status.append(one_line(self.short(report.skipped[0].reason), 150), style="bold red")
            if count > 1:
                status.append(f" (and {count - 1} more: see c Completion)")
        for note in self._privacy_notes():
            status.append("\n")
            status.append(one_line(note, 300), style="bold")
        self.query_one("#coord-status", Static).update(status)
        self.section_index = min(self.section_index, max(0, len(analysis.stats.sections) - 1))
        self._show_completion()
        self._show_section()
        self._show_disagreement()
        self._show_roles()
        self._status_display()

    def _status_display(self) -> None:
        """The status line says what the completion view's first line says: no need for both."""
        plain = self.view == "completion" and self.report is not None and not self.report.skipped and not self._privacy_notes()
        self.query_one("#coord-status", Static).display = not plain

    def _privacy_notes(self) -> list[str]:
        """Why figures are not shown: too few returns, or a release refused (engine.privacy, engine.releases)."""
        from engine.privacy import too_few_returned

        if self.report is None:
            return []
        few = too_few_returned(self.report.results.respondents, self.min_group)
        return [n for n in (few[:1].upper() + few[1:] + "." if few else "", self.release_note) if n]

    # --- views -----------------------------------------------------------------------------

    def _show_completion(self) -> None:
        report, done = self.report, self.completion
        text = Text()
        text.append(one_line(done.summary()) + "\n", style="bold")
        text.append("Scores are never shown next to names: this list says who has completed, not how anyone answered.\n", style="dim")
        text.append(f"\nCompleted ({len(done.completed)} named, {done.anonymous} anonymous)\n", style="bold")
        for label in done.completed:
            text.append("  ")
            text.append(one_line(label))
            text.append("\n")
        if done.expected:
            text.append(f"\nNot yet returned ({len(done.missing)} of {done.expected} on the roster)\n", style="bold")
            for line in done.missing or ["nobody: everyone on the roster has completed"]:
                text.append("  " + one_line(line) + "\n")
            if done.unlisted:
                text.append("\nCompleted but not on the roster\n", style="bold")
                for label in done.unlisted:
                    text.append("  " + one_line(label) + "\n")
        if report.skipped:
            text.append(f"\nSkipped ({len(report.skipped)} bad file{'s' if len(report.skipped) != 1 else ''})\n", style="bold")
            for skipped in report.skipped:
                text.append("  " + self.short(skipped.reason) + "\n")
        if report.replaced:
            text.append("\nReplaced by a newer bundle from the same respondent\n", style="bold")
            for replaced in report.replaced:
                text.append("  " + one_line(f"{Path(replaced.path).name} → {Path(replaced.by).name}") + "\n")
                if replaced.why:
                    text.append("    " + self.short(replaced.why) + "\n", style="dim")
        if report.warnings:
            text.append("\nTo check\n", style="bold")
            for warning in report.warnings:
                text.append("  " + one_line(warning) + "\n")
        if report.ignored:
            text.append("\nIgnored (merged results, not bundles)\n", style="bold")
            for path in report.ignored:
                text.append("  " + one_line(path) + "\n")
        text.rstrip()
        self.query_one("#completion-text", Static).update(text)

    def _bar(self, mean: float | None, low: int, high: int, width: int = 10) -> str:
        full, empty = ("#", ".") if self.ascii else ("█", "░")
        if mean is None or high <= low:
            return " " * width
        filled = max(0, min(width, round(width * (mean - low + 1) / (high - low + 1))))
        return full * filled + empty * (width - filled)

    def _flags(self, section_id: str, item: Any) -> Text:
        kinds: list[str] = []
        for finding in self.analysis.for_section(section_id):
            if finding.item_id == item.item_id and finding.kind in _FLAG_WORDS and _FLAG_WORDS[finding.kind] not in kinds:
                kinds.append(_FLAG_WORDS[finding.kind])
        text = Text(", ".join(kinds))
        if item.withheld:
            if kinds:
                text.append(", ")
            text.append(f"withheld: {item.withheld}", style="italic")
        return text

    def _show_section(self) -> None:
        stats = self.analysis.stats
        table = self.query_one("#items-table", DataTable)
        table.clear(columns=True)
        if not stats.sections:
            self.query_one("#coord-section", Static).update(Text("No sections to show."))
            return
        section_stats = stats.sections[self.section_index]
        section = self.report.framework.section(section_stats.section_id)
        heading = Text()
        heading.append(one_line(section.title))
        heading.append(
            f"  ({self.section_index + 1} of {len(stats.sections)}; mean {_num(section_stats.mean)}; [ and ] switch section)",
            style="dim",
        )
        self.query_one("#coord-section", Static).update(heading)
        table.add_columns("Item", "n", "N/A", "Mean", "sd", "", "Flags")
        scale = section.scale
        for item in section_stats.items:
            if item.kind == "yesno":
                asked = "–" if item.withheld else str(item.respondents - item.unanswered)
                mean = Text(f"{item.yes} yes / {item.no} no" if not item.withheld else "–")
                row = [_line(item.title, 48), Text(asked), Text("–"), mean, Text("–"), Text(""), self._flags(section.id, item)]
            elif item.kind == "open":
                row = [_line(item.title, 48), Text(str(item.respondents - item.unanswered)), Text("–"), Text("–"), Text("–"), Text(""), Text("open question")]
            else:
                bar = self._bar(item.mean, scale.min, scale.max) if scale else ""
                row = [
                    _line(item.title, 48),
                    Text("–" if item.withheld else str(item.n)),
                    Text("–" if item.withheld else str(item.n_na)),
                    Text(_num(item.mean)),
                    Text(_num(item.sd)),
                    Text(bar),
                    self._flags(section.id, item),
                ]
            table.add_row(*row, key=f"{section.id}/{item.item_id}")
        self._show_radar(section, section_stats)
        self._show_findings()

    def _show_radar(self, section: Any, section_stats: Any) -> None:
        """The section's mean per item as a spider chart, then the overall pattern (one axis per section)."""
        from exports.radar import RadarSeries, radar_to_rich, render_radar_cells
        from exports.report_common import withheld_note

        width = max(40, min(self.size.width - 2, 100))
        out = Text()
        charts = [(section.title, [i for i in section_stats.items if i.mean is not None or section.scale], section.scale)]
        for title, items, scale in charts:
            rated = [i for i in items if i.kind not in ("yesno", "open")]
            out.append(one_line(title) + "\n", style="bold")
            if scale is None or len(rated) < 3:
                out.append("Fewer than three rated items: see the table (t).\n\n", style="dim")
                continue
            cells = render_radar_cells(
                [visible(i.title) for i in rated], [RadarSeries("Mean", [i.mean for i in rated])],
                scale_min=scale.min, scale_max=scale.max, width=width, height=20, ascii=self.ascii,
                threshold=self.analysis.threshold,
            )
            out.append_text(radar_to_rich(cells))
            out.append("\n")
            note = withheld_note(items, self.min_group)
            if note:
                out.append(one_line(note, 300) + "\n", style="dim")
            out.append("\n")
        pattern = self.analysis.overall
        if pattern is not None and len(pattern.titles) >= 3 and sum(v is not None for v in pattern.values) >= 3:
            out.append("Overall pattern: average per section\n", style="bold")
            cells = render_radar_cells(
                [visible(t) for t in pattern.titles], [RadarSeries("Average", list(pattern.values))],
                scale_min=pattern.scale_min, scale_max=pattern.scale_max, width=width, height=20, ascii=self.ascii,
                threshold=self.analysis.threshold,
            )
            out.append_text(radar_to_rich(cells))
            if pattern.rescaled:
                out.append(f"\nThe sections use different scales; their averages are rescaled to "
                           f"{pattern.scale_min}–{pattern.scale_max} for this chart.\n", style="dim")
        self.query_one("#radar-text", Static).update(out)

    def _show_findings(self) -> None:
        analysis, fw = self.analysis, self.report.framework
        stats = analysis.stats
        text = Text()
        if analysis.lowest_section is not None:
            text.append(f"Lowest: {one_line(analysis.lowest_section.title)} (mean {_num(analysis.lowest_section.mean)})\n", style="bold")
        if analysis.weakest:
            text.append(f"Below {fmt(analysis.threshold)}: ", style="bold")
            shown = analysis.weakest[:MAX_LISTED]
            text.append(", ".join(f"{one_line(i.title)} {fmt_mean(i.mean, analysis.threshold)}" for i in shown))
            if len(analysis.weakest) > len(shown):
                text.append(f" and {len(analysis.weakest) - len(shown)} more (table: t)")
            text.append("\n")
        if analysis.strongest:
            text.append("Strongest: ", style="bold")
            text.append(", ".join(f"{one_line(i.title)} {fmt_mean(i.mean, analysis.threshold)}" for i in analysis.strongest))
            text.append("\n")
        if stats.sections:
            section_id = stats.sections[self.section_index].section_id
            text.append(f"\n{one_line(fw.section(section_id).title)}\n", style="bold underline")
            findings = analysis.for_section(section_id)
            if not findings:
                text.append("  No findings for this section.\n", style="dim")
            for finding in findings:
                text.append(f"  {finding.kind}: ", style="bold")
                text.append(one_line(finding.detail) + "\n")
                if finding.message:
                    for paragraph in visible(finding.message).split("\n"):
                        if paragraph.strip():
                            text.append("    " + paragraph.strip() + "\n", style="italic")
                if finding.tools:
                    names = ", ".join(one_line(fw.tool(t).title) for t in finding.tools if t in {x.id for x in fw.tools})
                    text.append(f"    See: {names}\n", style="dim")
        if analysis.tools:
            text.append("\nResource tools for these results\n", style="bold")
            for tool in analysis.tools:
                text.append(f"  Tool {tool.number}: {one_line(tool.title)}\n")
        if analysis.questions is not None:
            text.append(f"\n{one_line(analysis.questions.title)}\n", style="bold")
            for question in analysis.questions.items:
                text.append(f"  • {one_line(question)}\n" if not self.ascii else f"  - {one_line(question)}\n")
        text.rstrip()
        self.query_one("#findings-text", Static).update(text)

    def _show_disagreement(self) -> None:
        table = self.query_one("#spread-table", DataTable)
        table.clear(columns=True)
        table.add_columns("Section", "Item", "n", "sd", "Range", "Consensus", "Two camps")
        fw = self.report.framework
        for item in self.analysis.disagreements:
            table.add_row(
                _line(fw.section(item.section_id).title, 24),
                _line(item.title, 40),
                Text(str(item.n)),
                Text(_num(item.sd)),
                Text(f"{item.min}–{item.max}"),
                Text(_num(item.consensus)),
                Text("yes" if item.polarised else ""),
                key=f"{item.section_id}/{item.item_id}",
            )
        withheld = sum(1 for i in self.analysis.stats.all_items() if i.withheld and i.kind != "yesno")
        title = "Where members disagree: items by spread (standard deviation), largest first."
        if withheld:
            title += f" {withheld} item{'s' if withheld != 1 else ''} with fewer than {self.min_group} answers not shown."
        if not self.analysis.disagreements:
            title += " No item has a spread to show."
        self.query_one("#spread-title", Static).update(Text(title))

    def _show_roles(self) -> None:
        from engine.analysis import ROLE_GAP, gap_sentence

        splits, gaps = self.splits
        results = self.report.results
        text = Text()
        text.append("Results by role or sector\n", style="bold")
        if results.roles:
            text.append("Respondents per role: " + ", ".join(f"{one_line(r)} {n}" for r, n in sorted(results.roles.items())) + "\n")
        if not splits:
            text.append(
                f"No role has a split to show: each split needs at least {split_min_group(self.min_group, results.min_group)} members "
                "(and enough people outside the splits), so that no one's answers can be picked out.\n",
                style="dim",
            )
        else:
            text.append("Splits shown: " + ", ".join(one_line(r) for r in splits) + "\n")
        if gaps:
            text.append(f"\nPerception gaps of {fmt(ROLE_GAP)} or more (difference of group means, largest first)\n", style="bold")
            for gap in gaps:
                text.append("  " + one_line(gap_sentence(gap)) + "\n")
        elif len(splits) >= 2:
            text.append(f"\nNo gap of {fmt(ROLE_GAP)} or more between the roles.\n", style="dim")
        text.rstrip()
        self.query_one("#roles-text", Static).update(text)

    # --- actions ---------------------------------------------------------------------------

    def _views_bar(self) -> Content:
        """The views and their keys, the current one lit; a click switches too (fixed text only)."""
        parts = []
        for view, key, label in _VIEW_KEYS:
            style = "reverse bold" if view == self.view else "dim"
            parts.append(f"[{style} @click=screen.view('{view}')] {key} {label} [/]")
        return Content.from_markup(" ".join(parts))

    def action_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        self.view = view
        self.query_one("#coord-views-bar", Static).update(self._views_bar())
        self.query_one("#coord-views", ContentSwitcher).current = view
        self._status_display()
        if view == "table":
            self.query_one("#items-table", DataTable).focus()
        elif view == "disagreement":
            self.query_one("#spread-table", DataTable).focus()
        else:  # the text views scroll with the arrow keys, whichever view was before
            self.query_one(f"#{view}", VerticalScroll).focus()

    def action_section(self, step: int) -> None:
        if self.analysis is None or not self.analysis.stats.sections:
            return
        count = len(self.analysis.stats.sections)
        self.section_index = (self.section_index + step) % count
        self._show_section()

    def _ready(self, what: str) -> bool:
        if self.busy:
            self.notify(f"Still reading the bundles: open the {what} in a moment.", markup=False)
            return False
        if self.report is None:
            self.notify(f"Nothing to open the {what} with: the folder could not be read (see the red line).", severity="warning", markup=False)
            return False
        return True

    @property
    def plan_path(self) -> Path:
        """Beside the folder, as `accord plan init FOLDER` makes it: `<folder-name>-plan.toml`."""
        from exports.plan_file import default_plan_path

        return default_plan_path(self.folder)

    def load_or_create_plan(self) -> tuple[Any, Path, bool]:
        """(plan, path, created): the plan beside the folder, started from the template if missing."""
        from engine.rounds import Round
        from tui.workflows.plans import open_or_create_plan

        report = self.report
        opened = open_or_create_plan(self.folder, Round(self.folder, report.results, report.framework, report), min_group=self.min_group)
        return opened.plan, opened.path, opened.created

    def action_plan(self) -> None:
        from engine.errors import AccordError
        from tui.screens.prioritise import PrioritiseScreen

        if not self._ready("action plan"):
            return
        try:
            plan, path, created = self.load_or_create_plan()
        except AccordError as exc:
            self.notify(one_line(str(exc)), title="Cannot open the action plan", severity="error", markup=False, timeout=10)
            return
        if created:
            self.notify(f"Saved as you go in {path}", title="New action plan", markup=False, timeout=8)
        else:
            self.notify(f"Action plan: {path}", markup=False, timeout=4)
        self.app.push_screen(PrioritiseScreen(self.report.framework, self.report.results, plan, path, min_group=self.min_group))

    def compare_with(self, baseline: Path) -> Comparison:
        """This folder as the follow-up round against `baseline` (checks the plan's targets if there is one)."""
        from exports.release_log import release
        from tui.workflows.rounds import compare_files

        return compare_files(baseline, self.folder, paired=baseline.is_dir(), min_group=self.min_group,
                             plan_path=self.plan_path if self.plan_path.is_file() else None,
                             on_merge=lambda report: release(report, self.min_group, anyway=self.release_anyway))

    def action_compare(self) -> None:
        from tui.screens.compare import CompareScreen
        from tui.screens.open_folder import AskPathScreen

        if not self._ready("comparison"):
            return

        def done(comparison: Comparison | None) -> None:
            if comparison is not None:
                self.app.push_screen(CompareScreen(comparison, ascii=self.ascii))

        start = str(self.folder.parent).rstrip(os.sep) + os.sep
        self.app.push_screen(
            AskPathScreen(
                "Compare with an earlier round",
                f"These bundles are the follow-up round ({self.folder.name}). Give the baseline: an earlier "
                "round's folder of bundles, or its merged results file (accord merge --out).",
                "Baseline folder or merged file",
                start,
                self.compare_with,
                action="Compare",
            ),
            done,
        )

    def action_close(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:
            self.app.exit()
