"""Command palette (ctrl+p) entries for Accord's main actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from textual.screen import Screen

    from accord_partnership.tui.app import AccordApp


def accord_commands(app: AccordApp, screen: Screen[object] | None = None) -> list[tuple[str, str, Callable[[], object]]]:
    """(name, help, callback) for every palette command that makes sense right now.

    `screen` is the screen the palette was opened on (while it is open, `app.screen` is the palette).
    """
    from accord_partnership.tui.screens.coordinator import CoordinatorScreen

    screen = screen if screen is not None else app.screen
    commands: list[tuple[str, str, Callable[[], object]]] = [
        ("New assessment", "Choose a framework and start a new self-assessment", app.action_new_assessment),
        ("Coordinator: open a folder of bundles", "Who has completed, merged scores, findings and the action plan", app.action_coordinator),
        ("Help: keys", "Every key, on every screen", app.action_help),
        ("Toggle ASCII borders", "Plain ASCII borders for terminals without box drawing", app.action_toggle_ascii),
        ("Save", "Save the assessment now (every change is already saved)", app.action_save),
        ("Quit", "Save and leave Accord", app.action_quit),
    ]
    session = app.session
    if session is not None:
        commands.insert(1, ("Open my summary", "Your scores per section, unanswered and lowest items", app.action_summary))
        if session.framework.tools:
            commands.insert(2, ("Open resource tools", "Read the toolkit's resource tools", app.action_tools))
        if any(section.matrix for section in session.framework.sections):
            commands.insert(2, ("Open matrix", "Challenge, what we currently do, what action we can take", app.action_matrix))
    if isinstance(screen, CoordinatorScreen):
        commands[1:1] = [
            ("Action plan", "Prioritise, agree scores, set targets and write SMART actions (plan file beside the folder)", screen.action_plan),
            ("Compare with an earlier round", "This folder as the follow-up; a baseline folder or merged file", screen.action_compare),
        ]
    return commands


class AccordCommands(Provider):
    @property
    def _app(self) -> AccordApp:
        return self.app  # type: ignore[return-value]

    async def discover(self) -> Hits:
        for name, help_text, callback in accord_commands(self._app, self.screen):
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in accord_commands(self._app, self.screen):
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
