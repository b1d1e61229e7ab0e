"""Every key on every screen, read from the bindings themselves: one source for the help screen
(? or F1, `tui.screens.help`) and for docs/keys.md, so the two cannot drift from what the keys do.

Where the rows come from, per screen (`help_screens()` lists the screens, in the order shown):
- its `BINDINGS`, then those it inherits from Accord's classes (Textual's own are left out): one
  row per help text, the binding's `tooltip` (else its description); bindings with the same text
  share a row ("tab or ]"). `system=True` bindings (fallbacks that explain why a key does nothing
  here) are left out;
- then `HELP_KEYS`: keys handled by Textual's widgets on that screen (lists, inputs, the mouse),
  as (keys, what they do);
- `HELP_TITLE`: the section's heading.

`python -m accord_partnership.tui.keys > docs/keys.md` writes the document; tests/test_keys_doc.py checks that the
file is what this module writes and that the help screen lists every binding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.dom import DOMNode

from accord_partnership.tui.widgets.footer import APP_KEYS_ON_FORM, APP_KEYS_ON_MODAL

#: key names as people read them
_NAMES = {
    "question_mark": "?",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "plus": "+",
    "minus": "-",
    "equals_sign": "=",
    "pagedown": "page down",
    "pageup": "page up",
}


@dataclass(frozen=True)
class KeyRow:
    keys: str
    what: str


@dataclass(frozen=True)
class KeySection:
    title: str
    rows: tuple[KeyRow, ...]


def key_name(key: str) -> str:
    """One Textual key name as people read it: "question_mark" -> "?", "f1" -> "F1"."""
    key = key.strip()
    if key in _NAMES:
        return _NAMES[key]
    if re.fullmatch(r"f\d+", key):
        return key.upper()
    return key


def _keys(keys: list[str]) -> str:
    """Keys that do the same, joined: a run of three or more digits reads "1-9"."""
    digits = [k for k in keys if len(k) == 1 and k.isdigit()]
    if len(digits) >= 3 and digits == [str(d) for d in range(int(digits[0]), int(digits[0]) + len(digits))]:
        first = keys.index(digits[0])
        keys = [*keys[:first], f"{digits[0]}-{digits[-1]}", *[k for k in keys[first:] if k not in digits]]
    return " or ".join(keys)


def own_bindings(cls: type[DOMNode]) -> list[Binding]:
    """The bindings `cls` declares, then those it inherits from Accord's own classes (not
    Textual's)."""
    out: list[Binding] = []
    bound: set[str] = set()  # a key bound again in a subclass shadows the base class's binding
    for base in cls.__mro__:
        if "BINDINGS" not in base.__dict__ or base.__module__.startswith("textual"):
            continue
        declared: list[BindingType] = base.__dict__["BINDINGS"]
        mine: set[str] = set()
        for item in declared:
            binding = item if isinstance(item, Binding) else Binding(*item)
            keys = {k.strip() for k in binding.key.split(",")}
            if keys - bound:
                out.append(binding)
            mine |= keys
        bound |= mine
    return out


def help_text(binding: Binding) -> str:
    """What the binding does, as the help says it: its tooltip, else its description."""
    return binding.tooltip or binding.description


def passed_to_app(binding: Binding) -> bool:
    """True for a modal's copy of the app's help or quit key (tui.widgets.footer): the help lists
    it once, under "Everywhere"."""
    return binding in (*APP_KEYS_ON_MODAL, *APP_KEYS_ON_FORM)


def screen_section(cls: type[DOMNode]) -> KeySection:
    """A screen's rows: its bindings (one row per help text), then its `HELP_KEYS`."""
    keys_for: dict[str, list[str]] = {}
    for binding in own_bindings(cls):
        if binding.system or passed_to_app(binding):
            continue
        names = keys_for.setdefault(help_text(binding), [])
        names.extend(key_name(k) for k in binding.key.split(",") if key_name(k) not in names)
    rows = [KeyRow(_keys(names), what) for what, names in keys_for.items()]
    rows += [KeyRow(keys, what) for keys, what in getattr(cls, "HELP_KEYS", ())]
    return KeySection(getattr(cls, "HELP_TITLE", cls.__name__), tuple(rows))


def help_screens() -> list[type[DOMNode]]:
    """The app (keys that work everywhere) and every screen, in the order the help lists them."""
    from accord_partnership.tui.app import AccordApp
    from accord_partnership.tui.screens.compare import CompareScreen
    from accord_partnership.tui.screens.coordinator import CoordinatorScreen
    from accord_partnership.tui.screens.guidance import GuidanceScreen
    from accord_partnership.tui.screens.help import HelpScreen
    from accord_partnership.tui.screens.matrix import MatrixScreen
    from accord_partnership.tui.screens.new_assessment import NewAssessmentScreen
    from accord_partnership.tui.screens.note_editor import NoteEditor
    from accord_partnership.tui.screens.open_folder import AskPathScreen, OpenFolderScreen
    from accord_partnership.tui.screens.picker import PickerScreen
    from accord_partnership.tui.screens.prioritise import AgreedScreen, AskTextScreen, PlanFormScreen, PrioritiseScreen, TargetScreen
    from accord_partnership.tui.screens.quit_unsaved import QuitUnsavedScreen
    from accord_partnership.tui.screens.scoring import ScoringScreen
    from accord_partnership.tui.screens.summary import SummaryScreen
    from accord_partnership.tui.screens.tool_exercises import ChecklistExercise, DegreesExercise, LifecycleExercise, ProjectMatrixExercise
    from accord_partnership.tui.screens.tools import ToolsScreen

    return [
        AccordApp, PickerScreen, NewAssessmentScreen, ScoringScreen, NoteEditor, GuidanceScreen, MatrixScreen,
        SummaryScreen, ToolsScreen, DegreesExercise, LifecycleExercise, ChecklistExercise, ProjectMatrixExercise,
        AskTextScreen, OpenFolderScreen, CoordinatorScreen, PrioritiseScreen, PlanFormScreen, AgreedScreen, TargetScreen,
        AskPathScreen, CompareScreen, QuitUnsavedScreen, HelpScreen,
    ]


def help_sections() -> list[KeySection]:
    """Every screen's keys (see the module docstring)."""
    return [screen_section(cls) for cls in help_screens()]


INTRO = """\
# Keys

This file is generated from the app's key bindings (`python -m accord_partnership.tui.keys > docs/keys.md`); the
help screen inside the app (`?` or F1) shows the same list.

Accord is driven entirely from the keyboard (the mouse works too). The footer shows the current
screen's main keys, `? Help` and `^q Quit` first, and leaves out keys that do nothing on the
current item (pressed anyway, they say why); ctrl+p opens the command palette.

Keys that arrive together (a slow SSH link, tmux `send-keys`, an autotype tool) act exactly as
if typed one by one: each key acts only after every key before it has been handled. A terminal's
paste goes whole into the text field that has the focus (its lines joined in a one-line field);
elsewhere it is not read as keys.
Escape followed at once by a digit or a letter is escape, then that key.
"""

OUTRO = """\
## Command palette (ctrl+p)

New assessment, Coordinator: open a folder of bundles, Open my summary, Open matrix, Open resource
tools, Help: keys, Toggle ASCII borders, Save, Quit, plus Textual's own (theme, keys, screenshot).
On the coordinator's screen also: Action plan, Compare with an earlier round.

## Saving

Every answer, note, matrix cell and move is saved at once (atomically, readable by you only).
If a save fails, a red bar says so; your answers stay in memory and saving is retried on the
next change and every 5 seconds. Quitting, a dropped SSH connection (SIGHUP) or SIGTERM saves first
(an open evidence note too); if that fails, quitting asks where to save instead, and a dropped
connection writes a rescue copy. A bundle is open in one Accord at a time.
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def keys_markdown(sections: list[KeySection] | None = None) -> str:
    """docs/keys.md: the introduction, one table per screen, then the palette and saving."""
    parts = [INTRO]
    for section in sections if sections is not None else help_sections():
        lines = [f"## {section.title}", "", "| key | what it does |", "|---|---|"]
        lines += [f"| {_cell(row.keys)} | {_cell(row.what)} |" for row in section.rows]
        parts.append("\n".join(lines) + "\n")
    parts.append(OUTRO)
    return "\n".join(parts)


def main() -> None:
    import sys

    sys.stdout.write(keys_markdown())


if __name__ == "__main__":
    main()
