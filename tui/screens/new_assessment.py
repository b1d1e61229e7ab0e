"""New assessment: partnership name, optional respondent name and email, optional role or sector."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Input, Select, Static

from accord_partnership.engine.model import OWN_MARK, Framework, own_mark
from accord_partnership.engine.numbers import plural
from accord_partnership.exports.textsafe import safe_line
from accord_partnership.tui.widgets.footer import AccordFooter



def role_choices(framework: Framework) -> list[str]:
    """The roles or sectors offered: the framework's own list (`roles` in its file), always with
    "other" (then typed), so a Sport England assessment never offers community-safety roles."""
    roles = [r for r in framework.roles if r.strip()]
    return roles + ([] if "other" in roles else ["other"])


class NewAssessmentScreen(Screen):
    BINDINGS = [
        Binding("escape", "cancel", "Back", tooltip="back to the start screen"),
        Binding("ctrl+s", "start", "Start", priority=True, tooltip="start the assessment"),
    ]
    HELP_TITLE = "New assessment"
    HELP_KEYS = (("tab / shift+tab", "next / previous field"), ("enter", "next field; on the last one, start"))

    def __init__(self, framework: Framework) -> None:
        super().__init__()
        self.framework = framework

    def compose(self) -> ComposeResult:
        f = self.framework
        heading = safe_line(own_mark(f, "title"), 200, style="bold")
        heading.append("\n")
        heading.append_text(safe_line(f"{plural(f.item_count, 'item')} · about {f.minutes_estimate()} minutes · answers are saved as you go", style="dim"))
        if "roles" in f.own:
            heading.append("\n")
            heading.append_text(safe_line(f"{OWN_MARK} The roles listed are Accord's, not the toolkit's.", style="dim"))
        yield Static(heading, id="new-heading", markup=False)
        with VerticalScroll(id="form"):
            with Horizontal(classes="field"):
                yield Static("Partnership *", classes="field-label")
                yield Input(placeholder="e.g. Moray CSP", id="partnership", max_length=200)
            with Horizontal(classes="field"):
                yield Static("Your name", classes="field-label")
                yield Input(placeholder="optional: leave empty to stay anonymous", id="respondent", max_length=200)
            with Horizontal(classes="field"):
                yield Static("Email", classes="field-label")
                yield Input(placeholder="optional", id="email", max_length=200)
            with Horizontal(classes="field"):
                yield Static(f"Role/sector {OWN_MARK}" if "roles" in self.framework.own else "Role / sector", classes="field-label")
                yield Select([(role[:1].upper() + role[1:], role) for role in role_choices(self.framework)], prompt="optional", id="role")
            with Horizontal(classes="field"):
                yield Static("Other role", classes="field-label")
                yield Input(placeholder="choose Other above, then say which", id="role-text", max_length=100, disabled=True)
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="form-buttons"):
                yield Button("Start", id="start", variant="primary")
                yield Button("Back", id="back")
        yield AccordFooter(compact=True)

    def on_mount(self) -> None:
        self.query_one("#partnership", Input).focus()

    def values(self) -> dict[str, str]:
        partnership = self.query_one("#partnership", Input).value.strip()
        respondent = self.query_one("#respondent", Input).value.strip()
        email = self.query_one("#email", Input).value.strip()
        selected = self.query_one("#role", Select).value
        free = self.query_one("#role-text", Input).value.strip()
        role = selected if isinstance(selected, str) else ""
        if role == "other" and free:
            role = free
        return {"partnership": partnership, "respondent": respondent, "email": email, "role": role}

    def on_select_changed(self, event: Select.Changed) -> None:
        """Choosing Other enables the Other-role box, which tab reaches next (focus stays put, so
        tab after choosing goes into the box rather than past it)."""
        free = self.query_one("#role-text", Input)
        free.disabled = event.value != "other"

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "role-text":
            self.action_start()
        else:
            self.focus_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_start()
        else:
            self.action_cancel()

    def _error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(Text(message))
        error.display = bool(message)

    def action_start(self) -> None:
        values = self.values()
        if not values["partnership"]:
            self._error("Please give the partnership's name.")
            self.query_one("#partnership", Input).focus()
            return
        if values["email"] and "@" not in values["email"]:
            self._error("That email address has no @; leave it empty to stay anonymous.")
            self.query_one("#email", Input).focus()
            return
        self._error("")
        app = self.app
        app.pop_screen()
        app.new_assessment(self.framework, **values)  # type: ignore[attr-defined]

    def action_cancel(self) -> None:
        self.app.pop_screen()
