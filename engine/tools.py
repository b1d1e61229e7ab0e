"""Pure logic of the interactive resource tools (SCSN Tools 3, 5, 6 and 7).

Answers are a flat dict of plain TOML values, saved as `[tools.<id>]` in a bundle or a plan:

* degrees (Tool 3):        ``"area:<name>" = "<degree title>"`` for each area the user names;
* lifecycle (Tool 5):      ``stage = "<stage title>"`` and ``"relevant:<stage>" = ["<action>", ...]``;
* checklist (Tool 6):      ``"answer:<g>.<q>" = "yes"|"no"|"unsure"`` and ``"note:<g>.<q>" = "<text>"``
                            (g, q count from 1 in the tool's order);
* project-matrix (Tool 7): ``"risk:<project>"`` and ``"contribution:<project>"``, each ``"low"``/``"high"``
                            or a whole number 1-5.

Titles are matched case-insensitively, ignoring punctuation, so ``stage = "functioning"`` works.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from accord_partnership.engine.model import EXERCISE_KINDS, Tool, ToolEntry
CHECK_CHOICES = ("yes", "no", "unsure")
RATING_MIN, RATING_MAX = 1, 5
MIDPOINT = 3


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", text.lower())


def find_entry(tool: Tool, title: str) -> ToolEntry | None:
    wanted = _norm(title)
    for entry in tool.entries:
        if _norm(entry.title) == wanted:
            return entry
    return None


def is_exercise(tool: Tool) -> bool:
    return tool.kind in EXERCISE_KINDS


# --- Tool 3: Five Degrees of Partnership ----------------------------------------------------

AREA = "area:"


def degree_titles(tool: Tool) -> list[str]:
    return [e.title for e in tool.entries]


def degree_areas(tool: Tool, answers: dict[str, Any]) -> list[tuple[str, str]]:
    """(area, degree title) in the order they were added; unknown degrees are kept as written."""
    out = []
    for key, value in answers.items():
        if key.startswith(AREA) and isinstance(value, str):
            entry = find_entry(tool, value)
            out.append((key[len(AREA):], entry.title if entry else value))
    return out


def degree_index(tool: Tool, title: str) -> int | None:
    """0 = the first degree (co-existence) ... len-1 = the last (co-ownership)."""
    wanted = _norm(title)
    for index, entry in enumerate(tool.entries):
        if _norm(entry.title) == wanted:
            return index
    return None


def set_degree(tool: Tool, answers: dict[str, Any], area: str, degree: str) -> None:
    area = area.strip()
    if not area:
        raise ValueError("an area needs a name")
    entry = find_entry(tool, degree)
    if entry is None:
        raise ValueError(f"unknown degree '{degree}' (known: {', '.join(degree_titles(tool))})")
    answers[AREA + area] = entry.title


def remove_area(answers: dict[str, Any], area: str) -> None:
    answers.pop(AREA + area, None)


def move_degree(tool: Tool, answers: dict[str, Any], area: str, step: int) -> str:
    """Move an area one degree along (step -1/+1), clamped; returns the new degree title."""
    current = answers.get(AREA + area, "")
    index = degree_index(tool, current) if isinstance(current, str) else None
    index = 0 if index is None else max(0, min(len(tool.entries) - 1, index + step))
    answers[AREA + area] = tool.entries[index].title
    return tool.entries[index].title


# --- Tool 5: Partnership Life Cycle ---------------------------------------------------------

STAGE = "stage"
RELEVANT = "relevant:"


def lifecycle_stage(tool: Tool, answers: dict[str, Any]) -> ToolEntry | None:
    value = answers.get(STAGE)
    return find_entry(tool, value) if isinstance(value, str) else None


def lifecycle_actions(tool: Tool, stage: str) -> list[str]:
    """The actions the tool suggests considering at this stage ("If you're at this stage, consider")."""
    entry = find_entry(tool, stage)
    return list(entry.actions) if entry else []


def set_stage(tool: Tool, answers: dict[str, Any], stage: str) -> ToolEntry:
    entry = find_entry(tool, stage)
    if entry is None:
        raise ValueError(f"unknown stage '{stage}' (known: {', '.join(e.title for e in tool.entries)})")
    answers[STAGE] = entry.title
    return entry


def relevant_actions(answers: dict[str, Any], stage: str) -> list[str]:
    value = answers.get(RELEVANT + stage, [])
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def toggle_relevant(tool: Tool, answers: dict[str, Any], stage: str, action: str) -> bool:
    """Tick or untick "Is this action relevant?"; returns the new state."""
    entry = find_entry(tool, stage)
    if entry is None or action not in entry.actions:
        raise ValueError(f"'{action}' is not an action of stage '{stage}'")
    ticked = relevant_actions(answers, entry.title)
    if action in ticked:
        ticked.remove(action)
        state = False
    else:
        ticked.append(action)
        ticked.sort(key=entry.actions.index)
        state = True
    if ticked:
        answers[RELEVANT + entry.title] = ticked
    else:
        answers.pop(RELEVANT + entry.title, None)
    return state


# --- Tool 6: Partnership Governance Checklist -----------------------------------------------


@dataclass(frozen=True)
class Question:
    key: str  # "1.2"
    group: str
    text: str


def checklist_questions(tool: Tool) -> list[Question]:
    return [
        Question(f"{g}.{q}", entry.title, text)
        for g, entry in enumerate(tool.entries, start=1)
        for q, text in enumerate(entry.items, start=1)
    ]


def checklist_answer(answers: dict[str, Any], key: str) -> tuple[str, str]:
    """(choice, note) for a question; choice is "" when not chosen."""
    choice = answers.get(f"answer:{key}", "")
    note = answers.get(f"note:{key}", "")
    return (choice if choice in CHECK_CHOICES else ""), (note if isinstance(note, str) else "")


def set_checklist_answer(answers: dict[str, Any], key: str, *, choice: str | None = None, note: str | None = None) -> None:
    if choice is not None:
        if choice and choice not in CHECK_CHOICES:
            raise ValueError(f"answer must be one of {CHECK_CHOICES}")
        if choice:
            answers[f"answer:{key}"] = choice
        else:
            answers.pop(f"answer:{key}", None)
    if note is not None:
        if note.strip():
            answers[f"note:{key}"] = note
        else:
            answers.pop(f"note:{key}", None)


def unanswered_questions(tool: Tool, answers: dict[str, Any]) -> list[Question]:
    """Questions with neither a yes/no/unsure nor a written answer."""
    out = []
    for question in checklist_questions(tool):
        choice, note = checklist_answer(answers, question.key)
        if not choice and not note.strip():
            out.append(question)
    return out


# --- Tool 7: Which Projects Should the Partnership Pursue? ----------------------------------

RISK, CONTRIBUTION = "risk:", "contribution:"


@dataclass(frozen=True)
class Placement:
    title: str  # the tool entry: Stars, Good gambles, Question marks, Carthorses
    risk: str  # "low" / "high" as used for the placement
    contribution: str
    borderline: bool = False  # a midpoint rating was read cautiously


def level(value: object, *, cautious_high: bool) -> tuple[str, bool]:
    """"low"/"high" from "low"/"high" or a rating 1-5 split at the midpoint.

    A midpoint rating (3) is read cautiously: risk as high, contribution as low (`cautious_high`
    says which way), and flagged as borderline.
    """
    if isinstance(value, str):
        word = value.strip().lower()
        if word in ("low", "high"):
            return word, False
        if word.isdigit():
            value = int(word)
        else:
            raise ValueError(f"expected low, high or {RATING_MIN}-{RATING_MAX}, not {value!r}")
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not RATING_MIN <= value <= RATING_MAX:
        raise ValueError(f"expected low, high or {RATING_MIN}-{RATING_MAX}, not {value!r}")
    if value > MIDPOINT:
        return "high", False
    if value < MIDPOINT:
        return "low", False
    return ("high" if cautious_high else "low"), True


def place_project(risk: object, contribution: object, tool: Tool) -> Placement:
    risk_level, b1 = level(risk, cautious_high=True)
    contribution_level, b2 = level(contribution, cautious_high=False)
    for entry in tool.entries:
        if entry.risk.lower() == risk_level and entry.contribution.lower() == contribution_level:
            return Placement(entry.title, risk_level, contribution_level, b1 or b2)
    raise ValueError(f"tool '{tool.id}' has no entry for {risk_level} risk and {contribution_level} contribution")


def classify_project(risk: object, contribution: object, tool: Tool) -> str:
    """The tool entry a project falls in, per the entries' risk/contribution ("Stars"...)."""
    return place_project(risk, contribution, tool).title


@dataclass(frozen=True)
class Project:
    name: str
    risk: Any
    contribution: Any


def projects(answers: dict[str, Any]) -> list[Project]:
    """Projects in the order first named; a project needs at least one rating to be listed."""
    names: list[str] = []
    for key in answers:
        for prefix in (RISK, CONTRIBUTION):
            if key.startswith(prefix) and key[len(prefix):] not in names:
                names.append(key[len(prefix):])
    return [Project(n, answers.get(RISK + n), answers.get(CONTRIBUTION + n)) for n in names]


def set_project(answers: dict[str, Any], name: str, *, risk: object = None, contribution: object = None) -> None:
    name = name.strip()
    if not name:
        raise ValueError("a project needs a name")
    for prefix, value, cautious in ((RISK, risk, True), (CONTRIBUTION, contribution, False)):
        if value is not None:
            level(value, cautious_high=cautious)  # validate
            answers[prefix + name] = value
    answers.setdefault(RISK + name, MIDPOINT)
    answers.setdefault(CONTRIBUTION + name, MIDPOINT)


def remove_project(answers: dict[str, Any], name: str) -> None:
    answers.pop(RISK + name, None)
    answers.pop(CONTRIBUTION + name, None)


def project_placements(tool: Tool, answers: dict[str, Any]) -> list[tuple[Project, Placement | None]]:
    out: list[tuple[Project, Placement | None]] = []
    for project in projects(answers):
        try:
            out.append((project, place_project(project.risk, project.contribution, tool)))
        except ValueError:
            out.append((project, None))
    return out


# --- checking answers read from a file -------------------------------------------------------


def answer_problems(tool: Tool, answers: dict[str, Any]) -> list[str]:
    """Problems with saved answers for this tool's kind (empty when fine or not an exercise)."""
    problems = []
    if tool.kind == "degrees":
        for area, degree in degree_areas(tool, answers):
            if find_entry(tool, degree) is None:
                problems.append(f"area '{area}': unknown degree '{degree}'")
    elif tool.kind == "lifecycle":
        stage = answers.get(STAGE)
        if stage is not None and (not isinstance(stage, str) or find_entry(tool, stage) is None):
            problems.append(f"unknown stage {stage!r}")
    elif tool.kind == "checklist":
        for key, value in answers.items():
            if key.startswith("answer:") and value not in CHECK_CHOICES:
                problems.append(f"'{key}' must be yes, no or unsure")
    elif tool.kind == "project-matrix":
        for project in projects(answers):
            for what, value, cautious in (("risk", project.risk, True), ("contribution", project.contribution, False)):
                try:
                    level(value, cautious_high=cautious)
                except ValueError as exc:
                    problems.append(f"project '{project.name}' {what}: {exc}")
    return problems
