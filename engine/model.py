"""The framework model: what a self-assessment toolkit contains, as typed, immutable objects.

A `Framework` is loaded from one TOML file (see `engine.loader` and `frameworks/README.md`).
Everything the source toolkit says — descriptors, questions, guidance, tools — lives here as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ItemKind = Literal["feature", "statement", "theme", "question", "criterion", "yesno", "open"]

#: Item kinds answered with a score on the section's scale.
RATED_KINDS: frozenset[str] = frozenset({"feature", "statement", "theme", "question", "criterion"})
ITEM_KINDS: frozenset[str] = RATED_KINDS | {"yesno", "open"}

#: Conditions an interpretation rule may use; `engine.analysis` evaluates each one.
RULE_CONDITIONS: frozenset[str] = frozenset(
    {
        "always",  # guidance that always applies to the section
        "item_mean_below",  # each item whose mean < threshold
        "any_item_below",  # the section has at least one item with mean < threshold
        "items_below_count",  # at least `count` items with mean < threshold
        "section_mean_below",  # section mean < threshold
        "section_mean_at_least",  # section mean >= threshold
        "item_range_at_least",  # each item whose max - min >= threshold (members disagree)
        "item_means_spread_at_least",  # max - min of the section's item means >= threshold
        "lowest_section",  # the section with the lowest mean
        "yes_no_answered_no",  # each yes/no item with at least one "no"
    }
)


@dataclass(frozen=True, slots=True)
class Source:
    publisher: str
    year: int
    title: str
    url: str = ""


@dataclass(frozen=True, slots=True)
class Scale:
    """A rating scale: consecutive whole-number points, a label per point, and whether N/A is allowed."""

    id: str
    min: int
    max: int
    labels: tuple[str, ...]
    allow_na: bool = True
    na_label: str = "N/A"

    @property
    def points(self) -> tuple[int, ...]:
        return tuple(range(self.min, self.max + 1))

    def label(self, score: int) -> str:
        return self.labels[score - self.min]

    def contains(self, score: int) -> bool:
        return self.min <= score <= self.max


@dataclass(frozen=True, slots=True)
class LevelDescriptor:
    """What one point of the scale looks like for one item (empty when the source gives none)."""

    score: int
    label: str
    descriptor: str


@dataclass(frozen=True, slots=True)
class Item:
    """One thing a respondent answers: a rated feature, a statement, a question, a criterion..."""

    id: str
    title: str
    kind: str
    text: str = ""  # the full wording where it differs from the title (questions, criteria)
    levels: tuple[LevelDescriptor, ...] = ()  # one per scale point for rated kinds; empty otherwise
    prompts: tuple[str, ...] = ()  # sub-prompts of a question
    examples: tuple[str, ...] = ()  # examples of best practice
    tags: tuple[str, ...] = ()
    no_means: str = ""  # for yes/no items: what a "no" asks you to do
    footnote: str = ""

    @property
    def rated(self) -> bool:
        return self.kind in RATED_KINDS

    def descriptor(self, score: int) -> str:
        for level in self.levels:
            if level.score == score:
                return level.descriptor
        return ""


@dataclass(frozen=True, slots=True)
class Example:
    """An example of best practice shown beside a section (Sport England matrix)."""

    text: str
    tags: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """A free-text column of a matrix section ("What we currently do", ...)."""

    id: str
    title: str
    editable: bool = True


@dataclass(frozen=True, slots=True)
class Section:
    id: str
    title: str
    kind: str  # scorecard, theme, stage, questions, ... (free text used for display)
    scale: Scale | None
    items: tuple[Item, ...]
    intro: str = ""
    guidance: str = ""  # the toolkit's "Resources" / interpretation paragraph(s)
    notes: tuple[str, ...] = ()  # further interpretation notes and footnotes
    tools: tuple[str, ...] = ()  # ids of linked resource tools
    private: bool = False  # e.g. the Chair's Leadership scorecard: not merged by default
    matrix: bool = False  # rows with editable matrix cells (framework.matrix_columns)
    examples: tuple[Example, ...] = ()

    def item(self, item_id: str) -> Item:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def rated_items(self) -> tuple[Item, ...]:
        return tuple(item for item in self.items if item.rated)


@dataclass(frozen=True, slots=True)
class ToolEntry:
    """One part of a resource tool: a step, a degree, a stage, a killer, a checklist group..."""

    title: str = ""
    quote: str = ""
    text: str = ""
    problem: str = ""
    solution: str = ""
    items: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    risk: str = ""
    contribution: str = ""


@dataclass(frozen=True, slots=True)
class Tool:
    """A resource tool from the toolkit (SCSN Tools 1-7), with its content as data."""

    id: str
    number: int
    title: str
    kind: str  # reference, degrees, lifecycle, checklist, project-matrix, steps, killers
    relates_to: tuple[str, ...] = ()
    intro: str = ""
    entries: tuple[ToolEntry, ...] = ()
    after: str = ""
    source: str = ""
    url: str = ""


@dataclass(frozen=True, slots=True)
class Guidance:
    """A block of the toolkit's process guidance (questions to ask of results, follow-up...)."""

    id: str
    title: str
    text: str = ""
    items: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Rule:
    """An interpretation rule taken from the source text, evaluated by `engine.analysis`."""

    id: str
    when: str
    message: str
    section: str = ""  # empty: applies to every section
    threshold: float = 0.0
    count: int = 1
    tools: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: str
    version: str
    description: str
    source: Source
    attribution: str
    sections: tuple[Section, ...]
    scales: tuple[Scale, ...] = ()
    tools: tuple[Tool, ...] = ()
    guidance: tuple[Guidance, ...] = ()
    rules: tuple[Rule, ...] = ()
    matrix_columns: tuple[MatrixColumn, ...] = ()
    notes: tuple[str, ...] = ()
    path: str = field(default="", compare=False)

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def tool(self, tool_id: str) -> Tool:
        for tool in self.tools:
            if tool.id == tool_id:
                return tool
        raise KeyError(tool_id)

    def find_item(self, section_id: str, item_id: str) -> Item | None:
        try:
            return self.section(section_id).item(item_id)
        except KeyError:
            return None

    def items(self) -> list[tuple[Section, Item]]:
        return [(section, item) for section in self.sections for item in section.items]

    @property
    def item_count(self) -> int:
        return sum(len(section.items) for section in self.sections)

    def minutes_estimate(self) -> int:
        """An honest time estimate: reading five descriptors takes longer than a yes/no."""
        seconds = 0
        for section, item in self.items():
            if item.kind == "feature":
                seconds += 35
            elif item.kind in ("criterion", "theme"):
                seconds += 60
            elif item.kind == "open":
                seconds += 45
            else:
                seconds += 20 + 5 * len(item.prompts)
        return max(1, round(seconds / 60))
