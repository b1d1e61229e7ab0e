"""A section's introduction and the toolkit's guidance, a key away (g) from scoring."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from accord_partnership.engine.model import Framework, Section, own_mark
from accord_partnership.exports.textsafe import safe
from accord_partnership.tui.settings import glyphs_of
from accord_partnership.tui.widgets.footer import APP_KEYS_ON_MODAL, AccordFooter


#: Accord's words before a block of the toolkit that describes its original online process.
ORIGINAL_PROCESS = ("How the toolkit's original online scorecards worked, in its own words. In Accord you need "
                    "no link and no email address, and nothing is emailed: your answers are saved in your own "
                    "file, and you return it to your coordinator with accord submit.")


def guidance_text(framework: Framework, section: Section, bullet: str = "•") -> Text:
    text = Text()
    text.append_text(safe(section.title, "bold underline"))
    parts: list[tuple[str, str]] = []
    if section.intro:
        parts.append(("Introduction", section.intro))
    if section.guidance:
        parts.append(("Guidance", section.guidance))
    for title, body in parts:
        text.append(f"\n\n{title}\n", style="bold")
        text.append_text(safe(body.strip()))
    if section.notes:
        text.append("\n\nNotes\n", style="bold")
        for note in section.notes:
            text.append(f"{bullet} ")
            text.append_text(safe(note))
            text.append("\n")
    if section.tools:
        text.append("\n\nResource tools for this section (press t)\n", style="bold")
        for tool_id in section.tools:
            tool = framework.tool(tool_id)
            text.append_text(safe(f"{bullet} Tool {tool.number}: {tool.title}"))
            text.append("\n")
    if not (section.intro or section.guidance or section.notes):
        text.append("\n\nThe toolkit gives no guidance for this section.", style="italic")
    if framework.guidance:
        text.append("\n\nAbout the toolkit\n", style="bold")
        for block in framework.guidance:
            text.append("\n")
            text.append_text(safe(own_mark(block, "title"), "bold"))
            if block.original_process:
                text.append("\n")
                text.append_text(safe(ORIGINAL_PROCESS, "italic"))
            if block.text:
                text.append("\n")
                text.append_text(safe(own_mark(block, "text", block.text.strip())))
            for item in block.items:
                text.append(f"\n{bullet} ")
                text.append_text(safe(item))
            text.append("\n")
    return text


class GuidanceScreen(ModalScreen[None]):
    BINDINGS = [
        *APP_KEYS_ON_MODAL,
        Binding("escape,g,q", "close", "Close", tooltip="back to scoring"),
        Binding("t", "tools", "Tools", tooltip="resource tools linked to the section"),
    ]
    HELP_TITLE = "Guidance"
    HELP_KEYS = (("up / down, page up / page down", "scroll the guidance"),)

    def __init__(self, framework: Framework, section: Section) -> None:
        super().__init__()
        self.framework = framework
        self.section = section

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="guidance", classes="reader"):
            yield Static(guidance_text(self.framework, self.section, glyphs_of(self).bullet), id="guidance-text", markup=False)
        yield AccordFooter(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#guidance").focus()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_tools(self) -> None:
        from accord_partnership.tui.screens.tools import ToolsScreen

        if self.framework.tools:
            linked = self.section.tools
            session = getattr(self.app, "session", None)
            self.app.push_screen(ToolsScreen(self.framework, linked=linked, start=linked[0] if linked else None, session=session))
