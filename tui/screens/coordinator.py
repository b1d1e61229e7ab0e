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
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import ContentSwitcher, DataTable, Static

from accord_partnership.engine.stats import DEFAULT_MIN_GROUP
from accord_partnership.exports.textsafe import one_line, safe_line
from accord_partnership.tui.widgets.coordinator_views import (
    VIEW_KEYS,
    VIEWS,
    CompletionView,
    CoordinatorData,
    DataView,
    DisagreementView,
    FindingsView,
    ItemsTableView,
    RadarView,
    RolesView,
    SectionView,
    ViewsBar,
    short_message,
)
from accord_partnership.tui.widgets.footer import AccordFooter

if TYPE_CHECKING:
    from accord_partnership.engine.analysis import Analysis, Gap
    from accord_partnership.engine.compare import Comparison
    from accord_partnership.engine.merge import MergeReport
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.engine.roster import Completion
    from accord_partnership.engine.stats import ResultsStats


class CoordinatorScreen(Screen):
    """Completion, merged table, findings and disagreement for a folder of bundles."""

    CSS_PATH = "coordinator.tcss"

    # the views have their own bar at the top (with the current one lit), so the footer has room
    # at 80 columns for what leads on from here
    BINDINGS = [
        Binding("c", "view('completion')", "Completion", show=False,
                tooltip="completion: who has returned a bundle (never how they scored), bad files skipped"),
        Binding("t", "view('table')", "Table", show=False, tooltip="table: each item's answers, mean and spread, one section at a time"),
        Binding("s", "view('radar')", "Spider chart", show=False, tooltip="spider chart: the section's means, then the overall pattern"),
        Binding("f", "view('findings')", "Findings", show=False, tooltip="findings: the toolkit's guidance for these results"),
        Binding("d", "view('disagreement')", "Disagreement", show=False, tooltip="disagreement: items by spread, largest first, two camps"),
        Binding("o", "view('roles')", "By role", show=False, tooltip="by role: perception gaps between roles or sectors"),
        Binding("a", "plan", "Action plan", tooltip="action plan: FOLDER-plan.toml beside the folder, started from the template if missing"),
        Binding("v", "compare", "Compare", tooltip="compare with an earlier round (a folder of bundles or a merged file)"),
        Binding("right_square_bracket,n", "section(1)", "Next section", tooltip="next section"),
        Binding("left_square_bracket,p", "section(-1)", "Prev section", show=False, tooltip="previous section"),
        # shown only when the folder could not be read (the screen then says to press r)
        Binding("r", "reload(True)", "Read again", tooltip="read the folder again"),
        Binding("r", "reload", "Reload", show=False, system=True),
        Binding("escape,q", "close", "Back", tooltip="back"),
        # the same keys while there are no figures (the folder could not be read): say why (see
        # check_action); system: not keys of their own, so the help leaves them out (tui.keys)
        Binding("a", "why('action plan')", show=False, system=True),
        Binding("v", "why('comparison')", show=False, system=True),
        Binding("right_square_bracket,n,left_square_bracket,p", "why('sections')", show=False, system=True),
    ]
    HELP_TITLE = "Coordinator"

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
        self.view = "completion"
        self.section_index = 0
        self.report: MergeReport | None = None
        self.analysis: Analysis | None = None
        self.completion: Completion | None = None
        self.splits: tuple[dict[str, ResultsStats], list[Gap]] = ({}, [])
        self.error = ""
        self.release_note = ""
        self.busy = True

    # --- layout ----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(safe_line(f"Coordinator · {self.folder}"), id="coord-title")
        yield ViewsBar(id="coord-views-bar")
        yield Static(Text("Reading bundles…"), id="coord-status")
        with ContentSwitcher(initial="completion", id="coord-views"):
            yield CompletionView(id="completion")
            yield ItemsTableView(id="table")
            yield RadarView(id="radar")
            yield FindingsView(id="findings")
            yield DisagreementView(id="disagreement")
            yield RolesView(id="roles")
        yield AccordFooter(compact=True)

    def on_mount(self) -> None:
        self.action_reload()

    # --- loading (in a thread: thousands of bundles take a moment) --------------------------

    def action_reload(self, shown: bool = False) -> None:
        self.busy = True
        self.refresh_bindings()
        self.query_one("#coord-status", Static).update(Text("Reading bundles…"))
        self.query_one("#coord-status", Static).display = True
        self.run_worker(self._load, thread=True, exclusive=True, group="coordinator-load")

    def _load(self) -> None:
        from accord_partnership.engine.errors import AccordError
        from accord_partnership.engine.merge import NoValidBundles
        from accord_partnership.tui.workflows.rounds import read_folder

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

    def _release(self, report: MergeReport) -> str:
        """Check these figures against what was released before (engine.releases): when they would
        give a few members' answers away by subtraction, every figure is withheld and the reason
        shown; completion (who, never how) still shows."""
        from accord_partnership.engine.privacy import withhold_all
        from accord_partnership.engine.releases import ReleaseRefused
        from accord_partnership.exports.release_log import release

        try:
            return release(report, self.min_group, anyway=self.release_anyway)
        except ReleaseRefused as exc:
            withhold_all(report.results, "release refused: it would give a few answers away by subtraction")
            return f"Figures withheld: {exc.message}."

    def short(self, message: str) -> str:
        """A message with this folder's path left out of the file names in it (the title shows it)."""
        return short_message(self.folder, message)

    def _failed(self, message: str) -> None:
        self.busy = False
        self.error = message
        self.report = None
        short = self.short(message)
        self.query_one("#coord-status", Static).display = True
        self.query_one("#coord-status", Static).update(safe_line(f"Cannot read the folder: {short}", style="bold red"))
        self.query_one(CompletionView).failure = short
        self.refresh_bindings()  # no figures: the plan, compare and section keys leave the footer

    def _loaded(self, report: MergeReport, analysis: Analysis, splits: tuple[dict[str, ResultsStats], list[Gap]],
                done: Completion) -> None:
        self.busy = False
        self.error = ""
        self.report, self.analysis, self.splits, self.completion = report, analysis, splits, done
        fw = report.framework
        self.query_one("#coord-title", Static).update(safe_line(f"Coordinator · {self.folder} · {fw.title} ({fw.id} {fw.version})"))
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
        data = CoordinatorData(self.folder, report, analysis, splits, done, self.min_group)
        self.query_one(CompletionView).failure = ""
        self._set_section()
        for view in self.query_one("#coord-views", ContentSwitcher).children:
            if isinstance(view, DataView):
                view.data = data
        self._status_display()
        self.refresh_bindings()

    def _status_display(self) -> None:
        """The status line says what the completion view's first line says: no need for both."""
        plain = self.view == "completion" and self.report is not None and not self.report.skipped and not self._privacy_notes()
        self.query_one("#coord-status", Static).display = not plain

    def _privacy_notes(self) -> list[str]:
        """Why figures are not shown: too few returns, or a release refused (engine.privacy, engine.releases)."""
        from accord_partnership.engine.privacy import too_few_returned

        if self.report is None:
            return []
        few = too_few_returned(self.report.results.respondents, self.min_group)
        return [n for n in (few[:1].upper() + few[1:] + "." if few else "", self.release_note) if n]

    # --- actions ---------------------------------------------------------------------------

    def action_view(self, view: str) -> None:
        if view not in VIEWS:
            return
        if view != "completion" and self.failed:
            self.action_why(next(label for v, _, label in VIEW_KEYS if v == view).lower())
            return
        self.view = view
        self.query_one(ViewsBar).current = view
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
        self._set_section()

    def _set_section(self) -> None:
        for view in self.query_one("#coord-views", ContentSwitcher).children:
            if isinstance(view, SectionView):
                view.section = self.section_index

    def on_views_bar_chosen(self, message: ViewsBar.Chosen) -> None:
        self.action_view(message.view)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The plan, compare and section keys need figures: when the folder could not be read they
        are left out of the footer and their `why` binding says so."""
        if action in ("plan", "compare", "section"):
            return not self.failed
        if action == "reload" and parameters:  # the footer's "r Read again": after a failure only
            return self.failed
        return True

    @property
    def failed(self) -> bool:
        """The folder could not be read: there are no figures (and nothing is being read)."""
        return self.report is None and not self.busy

    def action_why(self, what: str) -> None:
        """A key that needs figures while there are none: say why, and how to try again."""
        self.notify(f"No {what}: the folder could not be read (see the red line). Fix it, then press r to read it again.",
                    severity="warning", markup=False)

    def _ready(self, what: str) -> bool:
        if self.busy:
            self.notify(f"Still reading the bundles: open the {what} in a moment.", markup=False)
            return False
        if self.report is None:
            self.action_why(what)
            return False
        return True

    @property
    def plan_path(self) -> Path:
        """Beside the folder, as `accord plan init FOLDER` makes it: `<folder-name>-plan.toml`."""
        from accord_partnership.exports.plan_file import default_plan_path

        return default_plan_path(self.folder)

    def load_or_create_plan(self) -> tuple[ActionPlan, Path, bool]:
        """(plan, path, created): the plan beside the folder, started from the template if missing."""
        from accord_partnership.engine.rounds import Round
        from accord_partnership.tui.workflows.plans import open_or_create_plan

        report = self.report
        assert report is not None  # callers check `_ready` first
        opened = open_or_create_plan(self.folder, Round(self.folder, report.results, report.framework, report), min_group=self.min_group)
        return opened.plan, opened.path, opened.created

    def action_plan(self) -> None:
        from accord_partnership.engine.errors import AccordError
        from accord_partnership.tui.screens.prioritise import PrioritiseScreen

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
        report = self.report
        assert report is not None  # `_ready` said so
        self.app.push_screen(PrioritiseScreen(report.framework, report.results, plan, path, min_group=self.min_group,
                                              withheld=" ".join(self._privacy_notes())))

    def compare_with(self, baseline: Path) -> Comparison:
        """This folder as the follow-up round against `baseline` (checks the plan's targets if there is one)."""
        from accord_partnership.exports.release_log import release
        from accord_partnership.tui.workflows.rounds import compare_files

        return compare_files(baseline, self.folder, paired=baseline.is_dir(), min_group=self.min_group,
                             plan_path=self.plan_path if self.plan_path.is_file() else None,
                             on_merge=lambda report: release(report, self.min_group, anyway=self.release_anyway), added="base")

    def action_compare(self) -> None:
        from accord_partnership.tui.screens.compare import CompareScreen
        from accord_partnership.tui.screens.open_folder import AskPathScreen

        if not self._ready("comparison"):
            return

        def done(comparison: Comparison | None) -> None:
            if comparison is not None:
                self.app.push_screen(CompareScreen(comparison))

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
