"""Start screen: assessments in progress to resume, and frameworks to start a new assessment with.

`c` opens the coordinator's side: a folder of members' returned bundles (tui.screens.open_folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from accord_partnership.engine.bundle import Bundle, load_bundle
from accord_partnership.engine.catalog import all_frameworks, bundles_dir
from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.model import Framework, own_mark
from accord_partnership.engine.numbers import plural
from accord_partnership.exports.textsafe import safe_line
from accord_partnership.tui.settings import glyphs_of, on_ascii_change
from accord_partnership.tui.widgets.footer import AccordFooter


@dataclass
class InProgress:
    """An assessment in the user's bundles folder: the bundle and its framework, or why it cannot be read."""

    path: Path
    bundle: Bundle | None
    framework: Framework | None
    error: str = ""


def find_in_progress(folder: Path | None = None) -> list[InProgress]:
    """The user's bundles, most recently changed first; unreadable ones carry their error."""
    folder = folder or bundles_dir()
    if not folder.is_dir():
        return []
    found: list[InProgress] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            bundle, framework = load_bundle(path)
        except AccordError as exc:
            found.append(InProgress(path, None, None, exc.message))
            continue
        found.append(InProgress(path, bundle, framework))
    found.sort(key=lambda entry: entry.bundle.updated.timestamp() if entry.bundle else 0.0, reverse=True)
    return found


def when(moment: datetime) -> str:
    return moment.astimezone().strftime("%Y-%m-%d %H:%M")


class PickerScreen(Screen):
    BINDINGS = [
        Binding("n", "focus_frameworks", "New assessment", tooltip="go to the list of frameworks"),
        Binding("c", "app.coordinator", "Coordinator", tooltip="coordinator: open a folder of returned bundles"),
        Binding("r", "focus_resume", "Resume", show=False, tooltip="go to the assessments in progress"),
        Binding("q", "app.quit", "Quit", show=False, tooltip="quit"),
    ]
    _resumed = False
    HELP_TITLE = "Start"
    HELP_KEYS = (
        ("up / down", "choose an assessment or a framework"),
        ("enter", "resume the assessment / start a new one with the framework"),
        ("tab", "switch between the two lists"),
    )

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Accord  ·  partnership self-assessment", "bold")), id="picker-title", markup=False)
        yield Static("Continue an assessment", classes="heading", id="resume-heading")
        yield OptionList(id="resume")
        yield Static("Start a new assessment: choose a framework", classes="heading")
        yield OptionList(id="frameworks")
        yield AccordFooter(compact=True)

    def on_mount(self) -> None:
        self.load()
        on_ascii_change(self, self.refresh_content)

    def on_screen_resume(self) -> None:
        if self._resumed:  # back from another screen: bundles and frameworks may have changed
            self.load()
        self._resumed = True  # the first resume comes with the mount, which loads

    def refresh_content(self) -> None:
        self.load()

    def load(self) -> None:
        resume = self.query_one("#resume", OptionList)
        frameworks = self.query_one("#frameworks", OptionList)
        keep = frameworks.highlighted
        self.entries = find_in_progress()
        resume.clear_options()
        for index, entry in enumerate(self.entries):
            resume.add_option(Option(self._bundle_prompt(entry), id=f"b{index}", disabled=entry.bundle is None))
        has_resume = bool(self.entries)
        resume.display = has_resume
        self.query_one("#resume-heading").display = has_resume

        loaded, errors = all_frameworks()
        self.frameworks = [framework for framework, _builtin in loaded]
        frameworks.clear_options()
        for index, (framework, builtin) in enumerate(loaded):
            frameworks.add_option(Option(self._framework_prompt(framework, builtin), id=f"f{index}"))
        g = glyphs_of(self)
        for error in errors:
            frameworks.add_option(Option(safe_line(f"{g.warn} not loaded: {error}", style="italic"), disabled=True))
        frameworks.highlighted = keep if keep is not None and keep < len(self.frameworks) else 0
        if has_resume:
            resume.highlighted = 0
        (resume if has_resume and any(e.bundle for e in self.entries) else frameworks).focus()

    def _framework_prompt(self, framework: Framework, builtin: bool) -> Text:
        text = safe_line(own_mark(framework, "title"), style="bold")
        items = framework.item_count
        origin = "built in" if builtin else "your own"
        src = framework.source
        details = f"{src.credit} · {plural(items, 'item')} · about {framework.minutes_estimate()} min · {origin}"
        text.append("\n")
        text.append_text(safe_line(details, style="dim"))
        return text

    def _bundle_prompt(self, entry: InProgress) -> Text:
        if entry.bundle is None or entry.framework is None:
            g = glyphs_of(self)
            return safe_line(f"{g.warn} {entry.path.name}: {entry.error}", style="italic")
        bundle, framework = entry.bundle, entry.framework
        text = safe_line(bundle.partnership or "(no partnership name)", 60, style="bold")
        text.append("  ")
        text.append_text(safe_line(framework.title, 60))
        who = bundle.display_name() + (f", {bundle.role}" if bundle.role else "")
        details = f"{bundle.percent_complete(framework)}% complete · last change {when(bundle.updated)} · {who}"
        text.append("\n")
        text.append_text(safe_line(details, style="dim"))
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if event.option_list.id == "frameworks" and option_id.startswith("f"):
            from accord_partnership.tui.screens.new_assessment import NewAssessmentScreen

            self.app.push_screen(NewAssessmentScreen(self.frameworks[int(option_id[1:])]))
        elif event.option_list.id == "resume" and option_id.startswith("b"):
            entry = self.entries[int(option_id[1:])]
            self.app.open_bundle(entry.path)  # type: ignore[attr-defined]

    def focus_frameworks(self) -> None:
        self.query_one("#frameworks", OptionList).focus()

    def action_focus_frameworks(self) -> None:
        self.focus_frameworks()

    def action_focus_resume(self) -> None:
        resume = self.query_one("#resume", OptionList)
        if resume.display:
            resume.focus()
