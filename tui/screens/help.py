"""Every key, on every screen (? or F1)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static
from tui.widgets.footer import AccordFooter

#: (screen, [(keys, what they do)]) — docs/keys.md says the same
KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("? or F1", "this help"),
            ("ctrl+p", "command palette: new assessment, coordinator, action plan, summary, tools, matrix, ASCII borders, save, quit, theme"),
            ("ctrl+s", "save now (every change is already saved as you go)"),
            ("ctrl+q", "quit (answers are saved)"),
            ("escape", "back / close"),
        ],
    ),
    (
        "Start",
        [
            ("up / down", "choose an assessment or a framework"),
            ("enter", "resume the assessment / start a new one with the framework"),
            ("tab", "switch between the two lists"),
            ("n", "go to the list of frameworks"),
            ("r", "go to the assessments in progress"),
            ("c", "coordinator: open a folder of returned bundles"),
            ("q", "quit"),
        ],
    ),
    (
        "New assessment",
        [
            ("tab / shift+tab", "next / previous field"),
            ("enter", "next field; on the last one, start"),
            ("ctrl+s", "start the assessment"),
        ],
    ),
    (
        "Scoring",
        [
            ("1 - 5 (1 - 6)", "choose a level on the section's scale"),
            ("0", "not applicable (N/A)"),
            ("n", "N/A for rated items; No for yes/no questions"),
            ("y", "Yes for yes/no questions"),
            ("backspace / delete", "clear the answer (the note is kept)"),
            ("e", "write or edit the evidence note (open questions: your answer)"),
            ("up / down, k / j", "previous / next item"),
            ("home / end", "first / last item of the section"),
            ("u", "next unanswered item"),
            ("] or tab", "next section"),
            ("[ or shift+tab", "previous section"),
            ("page up / page down, space", "scroll the levels"),
            ("g", "section introduction and the toolkit's guidance"),
            ("t", "resource tools linked to the section"),
            ("m", "the stage matrix (matrix frameworks)"),
            ("s", "my summary"),
            ("mouse", "click a level to choose it, an item to go to it"),
        ],
    ),
    (
        "Evidence note",
        [
            ("ctrl+s", "save the note"),
            ("escape", "cancel (the note is left as it was)"),
        ],
    ),
    (
        "Matrix",
        [
            ("up / down", "choose a row (PLAN, DO, MEASURE, REVIEW, IMPACT)"),
            ("tab / shift+tab", "move between the row list and the editable columns"),
            ("ctrl+n / ctrl+b", "next / previous row from anywhere"),
            ("escape", "back to scoring (cells are saved as you type)"),
        ],
    ),
    (
        "Summary",
        [
            ("tab / enter", "go to a resource tool link / open it"),
            ("t", "all resource tools"),
            ("escape", "back"),
        ],
    ),
    (
        "Resource tools",
        [
            ("up / down", "choose a tool"),
            ("[ / ]", "previous / next tool"),
            ("page up / page down, space", "scroll the tool"),
            ("x", "do the tool's exercise where it has one; answers are saved with the assessment"),
            ("escape", "back"),
        ],
    ),
    (
        "Open a folder of bundles",
        [
            ("tab / shift+tab", "folder, roster (optional), buttons"),
            ("right", "take the dimmed completion of a file or folder name"),
            ("enter", "open the folder (it must exist; the roster must be readable)"),
            ("escape", "cancel"),
        ],
    ),
    (
        "Coordinator",
        [
            ("c", "completion: who has returned a bundle (never how they scored), bad files skipped"),
            ("t", "table: each item's answers, mean and spread, one section at a time"),
            ("s", "spider chart: the section's means, then the overall pattern"),
            ("f", "findings: the toolkit's guidance for these results"),
            ("d", "disagreement: items by spread, largest first, two camps"),
            ("o", "by role: perception gaps between roles or sectors"),
            ("] or n / [ or p", "next / previous section"),
            ("a", "action plan: FOLDER-plan.toml beside the folder, started from the template if missing"),
            ("v", "compare with an earlier round (a folder of bundles or a merged file)"),
            ("r", "read the folder again"),
            ("escape or q", "back"),
        ],
    ),
    (
        "Action plan",
        [
            ("1 / 2 / 3", "steps: scorecards, features, actions"),
            ("+ / -", "raise / lower the acceptable score"),
            ("space or enter", "choose or unchoose a scorecard (step 1)"),
            ("c / p / e", "within our control / a priority / quick win or sustained (step 2)"),
            ("g", "the score the meeting agreed, and why"),
            ("t", "6- and 12-month targets for the feature and its scorecard"),
            ("n", "new action for the feature (steps 2 and 3)"),
            ("enter", "new action (step 2) / edit the action (step 3)"),
            ("d", "delete the action (step 3)"),
            ("escape", "back (every change is saved in the plan file at once)"),
        ],
    ),
    (
        "Action form",
        [
            ("tab / shift+tab", "next / previous field; the SMART check updates as you type"),
            ("enter or ctrl+s", "save the action"),
            ("escape", "cancel"),
        ],
    ),
    (
        "Compare rounds",
        [
            ("p", "paired view: only members who answered both rounds"),
            ("escape or q", "back"),
        ],
    ),
]


def help_renderable() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, min_width=12, max_width=22)
    table.add_column(ratio=1)
    for index, (screen, keys) in enumerate(KEYS):
        if index:
            table.add_row("", "")
        table.add_row(Text(screen, style="bold underline"), "")
        for key, what in keys:
            table.add_row(Text(key), Text(what))
    return table


class HelpScreen(Screen):
    BINDINGS = [Binding("escape,q,question_mark,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        yield Static(Text.assemble(("Accord keys", "bold")), id="help-title", markup=False)
        with VerticalScroll(id="help", classes="reader"):
            yield Static(help_renderable(), markup=False)
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#help").focus()

    def action_close(self) -> None:
        self.app.pop_screen()
