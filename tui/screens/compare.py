"""A follow-up round beside its baseline: both rounds on one radar, and the change per item."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from accord_partnership.engine.numbers import fmt
from accord_partnership.engine.compare import Comparison
from accord_partnership.exports.textsafe import one_line, safe, safe_line
from accord_partnership.tui.settings import ascii_mode, on_ascii_change
from accord_partnership.tui.widgets.footer import AccordFooter


class CompareScreen(Screen):
    """A follow-up round beside the baseline: radar of both rounds and the changes (p: paired)."""

    TITLE_WIDTH = 28  # item titles are shortened so the whole table fits 80 columns

    CSS_PATH = "plans.tcss"
    BINDINGS = [
        Binding("escape,q", "close", "Back", tooltip="back"),
        Binding("p", "toggle_paired", "Paired view", tooltip="paired view: only members who answered both rounds"),
    ]
    HELP_TITLE = "Compare rounds"

    def __init__(self, comparison: Comparison, *, ascii: bool = False) -> None:
        super().__init__()
        self.comparison = comparison
        self.force_ascii = ascii
        self.showing = comparison

    def compose(self) -> ComposeResult:
        yield Static("", id="cmp-title", markup=False)
        with VerticalScroll(id="cmp-body"):
            yield Static("", id="cmp-radar", markup=False)
            yield Static("", id="cmp-note", markup=False)
            yield DataTable(id="cmp-table", cursor_type="row", zebra_stripes=True)
        yield AccordFooter(compact=True, show_command_palette=False)

    @property
    def ascii(self) -> bool:
        """ASCII when asked for here or by the app's setting (tui.settings)."""
        return self.force_ascii or ascii_mode(self)

    def on_mount(self) -> None:
        on_ascii_change(self, self.show)
        self.query_one("#cmp-table", DataTable).add_columns("Scorecard / feature", "Base", "Now", "Change", "SD", "Target")
        self.show()

    def show(self) -> None:
        from accord_partnership.exports.plan_file import overall_radar

        c = self.showing
        title = Text()
        # two short lines rather than one cut-off line at 80 columns
        title.append_text(safe_line(self.comparison.framework.title, 76, "bold"))
        title.append(f"\n{c.label}: baseline {c.base_respondents}, follow-up {c.follow_respondents} respondents")
        self.query_one("#cmp-title", Static).update(title)
        radar = "\n".join(overall_radar(c, ascii=self.ascii, width=76, height=16)) if not c.withheld else ""
        self.query_one("#cmp-radar", Static).update(Text(radar))
        note = Text()
        if c.withheld:
            note.append_text(safe(f"Withheld: {c.withheld}", "bold"))
        elif self.comparison.paired_note:
            note.append_text(safe(self.comparison.paired_note, "dim"))
        self.query_one("#cmp-note", Static).update(note)
        table = self.query_one("#cmp-table", DataTable)
        table.clear()
        if c.withheld:
            return
        targets = {(t.section_id, t.item_id): t for t in sorted(c.targets, key=lambda t: t.months)}

        def target_cell(section_id: str, item_id: str) -> Text:
            t = targets.get((section_id, item_id))
            if t is None:
                return Text("")
            state = "–" if t.met is None else "met" if t.met else "no"
            return Text(f"{t.target:g} {t.months}m {state}", style="green" if t.met else "")

        def signed(v: float | None) -> Text:
            return Text("–" if v is None else f"{v:+.2f}", justify="right", style="green" if (v or 0) > 0 else "red" if (v or 0) < 0 else "")

        for s in c.sections:
            table.add_row(safe_line(s.title, self.TITLE_WIDTH, "bold"), Text(fmt(s.base_mean, 2), justify="right"), Text(fmt(s.follow_mean, 2), justify="right"), signed(s.change), Text(""), target_cell(s.section_id, ""), key=s.section_id)
            for i in s.items:
                sd = "" if i.base_sd is None and i.follow_sd is None else f"{fmt(i.base_sd, 2)}{'->' if self.ascii else '→'}{fmt(i.follow_sd, 2)}"
                table.add_row(Text("  ").append_text(safe_line(i.title, self.TITLE_WIDTH - 2)), Text(fmt(i.base_mean, 2), justify="right"), Text(fmt(i.follow_mean, 2), justify="right"), signed(i.change), Text(sd or ("withheld" if i.withheld else "")), target_cell(s.section_id, i.item_id), key=f"{s.section_id}/{i.item_id}")

    def action_toggle_paired(self) -> None:
        if self.comparison.paired is None:
            self.notify(one_line(self.comparison.paired_note or "No paired view: compare two bundle folders with --paired."), markup=False)
            return
        self.showing = self.comparison if self.showing is not self.comparison else self.comparison.paired
        self.show()

    def action_close(self) -> None:
        self.app.pop_screen()
