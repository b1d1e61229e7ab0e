"""My summary: the officer's own scores per section (radar or bars), what is unanswered, answers
of "no", and the lowest scores with the section's guidance and links to the tools it recommends."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from accord_partnership.engine import navigation as nav
from accord_partnership.engine.model import Section
from accord_partnership.engine.numbers import fmt
from accord_partnership.exports.textsafe import one_line, safe, safe_line
from accord_partnership.tui.settings import ascii_mode, on_ascii_change
from accord_partnership.tui.session import AssessmentSession
from accord_partnership.tui.widgets.link import Link
from accord_partnership.tui.widgets.status import SaveBar
from accord_partnership.tui.widgets.text import Glyphs, bar, glyphs
from accord_partnership.tui.widgets.footer import AccordFooter

RADAR_MIN_AXES = 3


def section_chart(section: Section, overview: nav.SectionOverview, *, width: int, ascii: bool, g: Glyphs) -> Text | None:
    """The officer's scores for one section: a radar when there are enough rated items, else bars."""
    scale = section.scale
    rated = section.rated_items
    if scale is None or not rated:
        return None
    by_item = {s.item.id: s.score for s in overview.scores}
    if len(rated) >= RADAR_MIN_AXES and len(by_item) >= RADAR_MIN_AXES:
        return radar_chart(section, by_item, width=width, ascii=ascii)
    return bar_chart(section, by_item, width=width, g=g)


def radar_chart(section: Section, by_item: dict[str, int], *, width: int, ascii: bool) -> Text:
    from accord_partnership.exports.radar import RadarSeries, radar_to_rich, render_radar_cells

    scale = section.scale
    assert scale is not None
    rated = section.rated_items
    axes = [one_line(item.title, 60) for item in rated]
    values = [by_item.get(item.id) for item in rated]
    cells = render_radar_cells(
        axes,
        [RadarSeries("My scores", values)],
        scale_min=scale.min,
        scale_max=scale.max,
        width=width,
        height=16,
        ascii=ascii,
    )
    return radar_to_rich(cells)


def bar_chart(section: Section, by_item: dict[str, int], *, width: int, g: Glyphs) -> Text:
    """One line per rated item: title, a bar, the score (or "-" when not scored)."""
    scale = section.scale
    assert scale is not None
    title_width = max(12, min(36, width - 20))
    text = Text()
    for index, item in enumerate(section.rated_items):
        if index:
            text.append("\n")
        title = one_line(item.title, title_width)
        text.append(f"{title:<{title_width}} ")
        score = by_item.get(item.id)
        if score is None:
            text.append(" " * 10 + "  -", style="dim")
        else:
            text.append(bar(score - scale.min + 1, scale.max - scale.min + 1, 10, g), style="bold")
            text.append(f" {score:>2}")
    return text


class SummaryScreen(Screen):
    BINDINGS = [
        Binding("escape,q", "close", "Back", tooltip="back"),
        Binding("t", "app.tools", "Tools", tooltip="all resource tools"),
        Binding("pagedown,space", "scroll(1)", show=False, tooltip="scroll down"),
        Binding("pageup", "scroll(-1)", show=False, tooltip="scroll up"),
    ]
    HELP_TITLE = "Summary"
    HELP_KEYS = (("tab / enter", "go to a resource tool link / open it"),)

    def __init__(self, session: AssessmentSession) -> None:
        super().__init__()
        self.session = session
        self.framework = session.framework

    def compose(self) -> ComposeResult:
        yield Static("", id="summary-title", markup=False)
        yield VerticalScroll(id="summary", classes="reader")
        yield SaveBar()
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.refresh_content()
        self.query_one(SaveBar).show_error(self.session.last_error)
        on_ascii_change(self, self.refresh_content)

    def refresh_content(self) -> None:
        scroll = self.query_one("#summary", VerticalScroll)
        scroll.remove_children()
        scroll.mount_all(self._blocks())
        scroll.focus()

    def _blocks(self) -> list[Static]:
        framework, bundle = self.framework, self.session.bundle
        ascii = ascii_mode(self)
        g = glyphs(ascii)
        width = max(40, min(100, self.app.size.width - 6))
        title = Text.assemble(("My summary", "bold"))
        title.append(f" {g.sep} ")
        title.append_text(safe_line(bundle.partnership, 60))
        self.query_one("#summary-title", Static).update(title)

        blocks: list[Static] = []
        done, total = bundle.progress(framework)
        head = safe_line(framework.title, style="bold")
        who = bundle.display_name() + (f" ({bundle.role})" if bundle.role else "")
        head.append("\n")
        head.append_text(safe_line(f"{who} {g.sep} {done} of {total} answered ({bundle.percent_complete(framework)}%)"))
        head.append("\n")
        head.append_text(safe_line(f"Saved in {self.session.path}", style="dim"))
        # the officer's last step happens outside the app: say how, where the file is named
        head.append("\n")
        head.append_text(safe_line("Finished? Return it: accord submit FILE FOLDER (your coordinator's)", style="dim"))
        blocks.append(Static(head, markup=False, classes="summary-block"))

        for number, section in enumerate(framework.sections, start=1):
            overview = nav.section_overview(framework, bundle, section)
            text = safe_line(f"{number}. {section.title}", style="bold underline")
            facts = [f"{overview.answered}/{overview.total} answered"]
            if overview.mean is not None:
                facts.insert(0, f"your mean {fmt(overview.mean)}")
            if overview.not_applicable:
                facts.append(f"{len(overview.not_applicable)} N/A")
            if section.private:
                facts.append("private: not merged by default")
            text.append("\n")
            text.append(f" {g.sep} ".join(facts), style="dim")
            chart = section_chart(section, overview, width=width, ascii=ascii, g=g)
            if chart is not None and overview.scores:
                text.append("\n")
                text.append_text(chart)
            if overview.unanswered:
                text.append("\nUnanswered: ", style="bold")
                text.append_text(safe_line(", ".join(one_line(item.title, 50) for item in overview.unanswered)))
            for item in overview.said_no:
                text.append(f"\n{g.warn} No: ", style="bold")
                text.append_text(safe_line(item.title, 80))
                text.append(" — ")
                text.append_text(safe(item.no_means or "investigate the reasons."))
            blocks.append(Static(text, markup=False, classes="summary-block"))

        lowest = nav.lowest_scores(framework, bundle)
        heading = Text.assemble(("Your lowest scores", "bold underline"))
        if not lowest:
            heading.append("\nNothing scored below the top of its scale yet.", style="dim")
        blocks.append(Static(heading, markup=False, classes="summary-block"))
        by_section: dict[str, list[nav.ItemScore]] = {}
        for item_score in lowest:
            by_section.setdefault(item_score.section.id, []).append(item_score)
        for section_id, scores in by_section.items():
            section = framework.section(section_id)
            text = safe_line(section.title, style="bold")
            for item_score in scores:
                text.append(f"\n {g.bullet} ")
                text.append(f"{item_score.score} ", style="bold")
                text.append_text(safe_line(item_score.item.title, 70))
                descriptor = item_score.item.descriptor(item_score.score)
                if descriptor:
                    text.append("\n   ")
                    text.append_text(safe(descriptor, "dim"))
            if section.guidance:
                text.append("\nGuidance: ", style="bold")
                text.append_text(safe(section.guidance.strip()))
            blocks.append(Static(text, markup=False, classes="summary-block"))
            for tool_id in section.tools:
                tool = framework.tool(tool_id)
                link = Text(f"{g.current} ")
                link.append_text(safe_line(f"Tool {tool.number}: {tool.title}", 70, style="underline"))
                blocks.append(Link(link, tool_id))
        return blocks

    def on_link_activated(self, event: Link.Activated) -> None:
        from accord_partnership.tui.screens.tools import ToolsScreen

        tool_id = event.link.target
        self.app.push_screen(ToolsScreen(self.framework, start=tool_id, session=self.session))

    def action_scroll(self, direction: int) -> None:
        scroll = self.query_one("#summary", VerticalScroll)
        (scroll.scroll_page_down if direction > 0 else scroll.scroll_page_up)(animate=False)

    def action_close(self) -> None:
        self.app.pop_screen()
