"""Resource tools reader: the toolkit's tools (SCSN Tools 1-7) with their intro, entries and close."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from accord_partnership.engine.model import Framework, Tool, ToolEntry
from accord_partnership.exports.textsafe import safe, safe_line
from accord_partnership.tui.settings import glyphs_of, on_ascii_change
from accord_partnership.tui.widgets.footer import AccordFooter


def tool_text(tool: Tool, bullet: str = "•") -> Text:
    """A tool in the source's own structure and words: its "This tool relates to the ... scorecard"
    line, intro, entries, and for the Life Cycle its headed parts ("Typical characteristics of each
    stage:", the "If you're at this stage | consider | Is this action relevant?" table, "The
    Partnership Life Cycle in Practice")."""
    text = Text()
    text.append_text(safe(f"Tool {tool.number}: {tool.title}", "bold underline"))
    if tool.relates_text:
        text.append("\n")
        text.append_text(safe(tool.relates_text, "bold"))
    if tool.source:
        text.append("\n")
        text.append_text(safe(f"Source: {tool.source}" + (f" ({tool.url})" if tool.url else ""), "dim"))
    if tool.intro:
        text.append("\n\n")
        text.append_text(safe(tool.intro.strip()))
    if tool.items_heading and tool.actions_columns:
        _staged(text, tool, bullet)
    else:
        for entry in tool.entries:
            _entry(text, entry, bullet)
    if tool.after:
        text.append("\n\n")
        if tool.after_heading:
            text.append_text(safe(tool.after_heading, "bold"))
            text.append("\n")
        text.append_text(safe(tool.after.strip()))
    return text


def _staged(text: Text, tool: Tool, bullet: str) -> None:
    """The Life Cycle's two tables: characteristics per stage, then what to consider per stage."""
    text.append("\n\n")
    text.append_text(safe(tool.items_heading, "bold"))
    for entry in tool.entries:
        text.append("\n")
        text.append_text(safe(entry.title, "bold"))
        for item in entry.items:
            text.append(f"\n {bullet} ")
            text.append_text(safe(item))
    text.append("\n\n")
    text.append_text(safe(" | ".join(tool.actions_columns), "bold"))
    text.append("\n")
    text.append_text(safe(f"(press x to answer \"{tool.actions_columns[-1]}\" for your stage)", "dim"))
    for n, entry in enumerate(tool.entries, 1):
        text.append("\n")
        text.append_text(safe(f"{n}. {entry.title}", "bold"))
        for action in entry.actions:
            text.append(f"\n {bullet} ")
            text.append_text(safe(action))


def _entry(text: Text, entry: ToolEntry, bullet: str) -> None:
    text.append("\n\n")
    if entry.title:
        text.append_text(safe(entry.title, "bold"))
    if entry.quote:
        text.append("\n")
        text.append_text(safe(f"“{entry.quote.strip()}”", "italic"))
    if entry.text:
        text.append("\n")
        text.append_text(safe(entry.text.strip()))
    if entry.problem:
        text.append("\nProblem: ", style="bold")
        text.append_text(safe(entry.problem.strip()))
    if entry.solution:
        text.append("\nSolution: ", style="bold")
        text.append_text(safe(entry.solution.strip()))
    for item in entry.items:
        text.append(f"\n {bullet} ")
        text.append_text(safe(item))
    if entry.actions:
        text.append("\nActions:", style="bold")
        for action in entry.actions:
            text.append(f"\n {bullet} ")
            text.append_text(safe(action))
    if entry.risk or entry.contribution:
        text.append("\n")
        text.append_text(safe(f"Risk: {entry.risk or '-'} · contribution: {entry.contribution or '-'}", "dim"))


class ToolsScreen(Screen):
    BINDINGS = [
        Binding("escape,q", "close", "Back", tooltip="back"),
        Binding("x", "exercise", "Do the exercise", tooltip="do the tool's exercise where it has one; answers are saved with the assessment"),
        # priority: the tool list would take page up/down as "choose another tool" (docs/keys.md)
        Binding("pagedown,space", "scroll(1)", "Scroll", show=False, priority=True, tooltip="scroll the tool down"),
        Binding("pageup", "scroll(-1)", show=False, priority=True, tooltip="scroll the tool up"),
        Binding("right_square_bracket", "step(1)", "Next tool", show=False, tooltip="next tool"),
        Binding("left_square_bracket", "step(-1)", "Previous tool", show=False, tooltip="previous tool"),
    ]
    HELP_TITLE = "Resource tools"
    HELP_KEYS = (("up / down", "choose a tool"),)

    def __init__(
        self, framework: Framework, linked: tuple[str, ...] = (), start: str | None = None, session=None
    ) -> None:
        super().__init__()
        self.framework = framework
        self.session = session  # when given, interactive exercises save into the assessment
        self.linked = linked
        self.start = start

    def compose(self) -> ComposeResult:
        heading = Text.assemble(("Resource tools", "bold"))
        if self.linked:
            heading.append(f"  {glyphs_of(self).chosen} = linked to this section", style="dim")  # type: ignore[attr-defined]
        yield Static(heading, id="tools-title", markup=False)
        with Horizontal(id="tools-body"):
            yield OptionList(id="tool-list")
            with VerticalScroll(id="tool-text", classes="reader"):
                yield Static("", id="tool-content", markup=False)
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        on_ascii_change(self, self.refresh_content)
        g = glyphs_of(self)
        options = []
        for tool in self.framework.tools:
            mark = g.chosen if tool.id in self.linked else " "
            prompt = Table.grid(expand=True)
            prompt.add_column(width=4, no_wrap=True)
            prompt.add_column(ratio=1)
            prompt.add_row(Text(f"{mark}{tool.number:>2}"), safe_line(tool.title, 60))
            options.append(Option(prompt, id=tool.id))
        tool_list = self.query_one("#tool-list", OptionList)
        tool_list.set_options(options)
        ids = [tool.id for tool in self.framework.tools]
        tool_list.highlighted = ids.index(self.start) if self.start in ids else 0
        tool_list.focus()
        self.show_tool(self.framework.tools[tool_list.highlighted or 0])

    def refresh_content(self) -> None:
        tool_list = self.query_one("#tool-list", OptionList)
        self.show_tool(self.framework.tools[tool_list.highlighted or 0])

    def show_tool(self, tool: Tool) -> None:
        self.current = tool
        text = tool_text(tool, glyphs_of(self).bullet)
        if self.session is not None and self._exercise_kind(tool):
            text = Text.assemble(("Press x to do this tool's exercise; your answers are saved with the assessment.\n\n", "italic"), text)
        self.query_one("#tool-content", Static).update(text)
        self.refresh_bindings()
        self.query_one("#tool-text", VerticalScroll).scroll_home(animate=False)

    def _exercise(self, tool: Tool):
        try:
            from accord_partnership.tui.screens.tool_exercises import exercise_for
        except ImportError:  # pragma: no cover - the exercises are optional
            return None
        session = self.session
        if session is None:
            return None
        answers = dict(session.bundle.tools.get(tool.id, {}))
        return exercise_for(tool, self.framework, answers, lambda new: session.set_tool_answers(tool.id, new))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "exercise":
            return self.session is not None and getattr(self, "current", None) is not None and self._exercise_kind(self.current)
        return True

    def _exercise_kind(self, tool: Tool) -> bool:
        try:
            from accord_partnership.tui.screens.tool_exercises import EXERCISES
        except ImportError:  # pragma: no cover
            return False
        return tool.kind in EXERCISES

    def action_exercise(self) -> None:
        screen = self._exercise(self.current)
        if screen is not None:
            self.app.push_screen(screen)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show_tool(self.framework.tool(event.option.id))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#tool-text").focus()

    def action_scroll(self, direction: int) -> None:
        reader = self.query_one("#tool-text", VerticalScroll)
        (reader.scroll_page_down if direction > 0 else reader.scroll_page_up)(animate=False)

    def action_step(self, step: int) -> None:
        tool_list = self.query_one("#tool-list", OptionList)
        index = ((tool_list.highlighted or 0) + step) % len(self.framework.tools)
        tool_list.highlighted = index

    def action_close(self) -> None:
        self.app.pop_screen()
