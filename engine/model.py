"""The framework model: what a self-assessment toolkit contains, as typed, immutable objects.

A `Framework` is loaded from one TOML file (see `engine.loader` and `frameworks/README.md`).
Everything the source toolkit says — descriptors, questions, guidance, tools — lives here as data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeGuard, get_args

#: Item kinds answered with a score on the section's scale.
RatedKind = Literal["feature", "statement", "theme", "question", "criterion"]
#: Every kind of item: rated ones, a yes/no question, an open question answered in words.
ItemKind = Literal[RatedKind, "yesno", "open"]

#: Conditions an interpretation rule may use; `engine.analysis` evaluates each one.
RuleCondition = Literal[
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
]

#: Kinds of resource tool: read-only references and step lists, and the interactive exercises.
ExerciseKind = Literal["degrees", "lifecycle", "checklist", "project-matrix"]
ToolKind = Literal["reference", "steps", "killers", ExerciseKind]

RATED_KINDS: frozenset[ItemKind] = frozenset(get_args(RatedKind))
TOOL_KINDS: frozenset[ToolKind] = frozenset(get_args(ToolKind))
EXERCISE_KINDS: frozenset[ToolKind] = frozenset(get_args(ExerciseKind))
ITEM_KINDS: frozenset[ItemKind] = frozenset(get_args(ItemKind))
RULE_CONDITIONS: frozenset[RuleCondition] = frozenset(get_args(RuleCondition))


def is_item_kind(value: object) -> TypeGuard[ItemKind]:
    """True when `value` is one of `ITEM_KINDS` (a framework file's `kind`, checked on load)."""
    return value in ITEM_KINDS


def is_tool_kind(value: object) -> TypeGuard[ToolKind]:
    """True when `value` is one of `TOOL_KINDS` (a tool's `kind`, checked on load)."""
    return value in TOOL_KINDS


def is_rule_condition(value: object) -> TypeGuard[RuleCondition]:
    """True when `value` is one of `RULE_CONDITIONS` (a rule's `when`, checked on load)."""
    return value in RULE_CONDITIONS


#: The mark put after anything a framework file declares as Accord's own (its `own` keys), wherever
#: a person sees it, and the legend that explains it.
OWN_MARK = "†"


def own_mark(thing: object, field_name: str, text: str | None = None) -> str:
    """`text` (default: the field's value) with OWN_MARK appended when the framework file declares
    that field of `thing` (a Framework, Scale, Section, Item, Tool, Guidance, Rule or MatrixColumn)
    as Accord's own wording rather than the source's (`own = ["title", ...]`)."""
    value = getattr(thing, field_name, "") if text is None else text
    own = getattr(thing, "own", ())
    return f"{value} {OWN_MARK}" if field_name in own and value else str(value)


@dataclass(frozen=True, slots=True)
class Source:
    """The published source a framework transcribes: publisher, year (None when it gives none), title, address."""

    publisher: str
    year: int | None  # None: the source gives no year (none is invented)
    title: str
    url: str = ""

    @property
    def credit(self) -> str:
        """"Publisher, year", or the publisher alone when the source gives no year."""
        return f"{self.publisher}, {self.year}" if self.year else self.publisher


@dataclass(frozen=True, slots=True)
class Scale:
    """A rating scale: consecutive whole-number points, a label per point, and whether N/A is allowed."""

    id: str
    min: int
    max: int
    labels: tuple[str, ...]
    allow_na: bool = True
    na_label: str = "N/A"
    own: tuple[str, ...] = ()  # fields that are Accord's wording, not the source's ("labels")

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
    kind: ItemKind
    text: str = ""  # the full wording where it differs from the title (questions, criteria)
    levels: tuple[LevelDescriptor, ...] = ()  # one per scale point for rated kinds; empty otherwise
    prompts: tuple[str, ...] = ()  # sub-prompts of a question
    examples: tuple[str, ...] = ()  # examples of best practice
    tags: tuple[str, ...] = ()
    no_means: str = ""  # for yes/no items: what a "no" asks you to do
    footnote: str = ""
    own: tuple[str, ...] = ()  # fields that are Accord's wording, not the source's ("title", "tags")

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
    own: tuple[str, ...] = ()  # ("tags",): the tags are Accord's reconstruction


@dataclass(frozen=True, slots=True)
class MatrixColumn:
    """A column of the matrix, in the source's order. A read-only column shows each row's own
    content: `content = "criteria"` (the row's rated items' texts, e.g. Sport England's
    "Challenge") or `"examples"` (the row's examples of best practice); an editable column is a
    free-text cell the respondent fills ("What we currently do", ...)."""

    id: str
    title: str
    editable: bool = True
    content: str = ""  # "criteria", "examples", or "" for an editable free-text column
    own: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    """A scorecard, theme or stage: its items on one scale (None: unrated), with the toolkit's own introduction and guidance."""

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
    own: tuple[str, ...] = ()

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
    kind: ToolKind
    relates_to: tuple[str, ...] = ()
    intro: str = ""
    entries: tuple[ToolEntry, ...] = ()
    after: str = ""
    source: str = ""
    url: str = ""
    relates_text: str = ""  # the source's own line: "This tool relates to the Focus and Impact scorecard"
    items_heading: str = ""  # the source's heading over the entries' items ("Typical characteristics of each stage:")
    actions_columns: tuple[str, ...] = ()  # the source's column headings of the entries' actions table
    after_heading: str = ""  # the source's heading over `after` ("The Partnership Life Cycle in Practice")
    own: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Guidance:
    """A block of the toolkit's process guidance (questions to ask of results, follow-up...)."""

    id: str
    title: str
    text: str = ""
    items: tuple[str, ...] = ()
    own: tuple[str, ...] = ()
    # true: the block describes how the source's original (online) process worked, not Accord's
    # (the SCSN member instructions: email address, 'email me my results'); shown as such
    original_process: bool = False


@dataclass(frozen=True, slots=True)
class ReportTemplate:
    """The toolkit's reporting template, in its own words (SCSN Appendix 4): the numbered headings,
    the fixed sentences and the closing block of the report. `accord report` follows it."""

    name: str  # "SCSN Partnership Self Assessment Reporting Template"
    title: str  # "REPORT TITLE"
    purpose: str  # "1. Purpose of report"
    background: str  # "2. Background (optional)"
    background_hint: str  # what the background section should say
    main: str  # "3. Main report"
    overall: str  # "Overall pattern"
    financial: str  # "4. Financial Implications"
    recommendations: str  # "5. Recommendations"
    weaknesses: str  # "The key areas of weakness are currently:"
    action_plan: str  # "In the light of this ... Appendix 5 of this report."
    action_plan_appendix: str  # "Appendix 5"
    action_sheet: str  # "Action Sheet"
    author: tuple[str, ...]  # ("Author Name", "Job Title")
    appendices: str  # "Appendices"
    related: str  # "Background or Related Reports"
    contact: str  # "Contact Details"
    contact_fields: tuple[str, ...]  # ("Name", "Telephone Number", "Email Address")
    national_outcomes: str  # "National Outcomes"
    national_outcomes_text: str = ""  # "We live our lives safe from crime, disorder and danger."


@dataclass(frozen=True, slots=True)
class Rule:
    """An interpretation rule taken from the source text, evaluated by `engine.analysis`."""

    id: str
    when: RuleCondition
    message: str
    section: str = ""  # empty: applies to every section
    threshold: float = 0.0
    count: int = 1
    tools: tuple[str, ...] = ()
    own: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Framework:
    """A whole self-assessment toolkit as loaded from its TOML file (`engine.loader`): sections of
    items, scales, tools, guidance and rules."""

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
    roles: tuple[str, ...] = ()  # roles or sectors offered to a respondent (empty: free text only)
    report: ReportTemplate | None = None  # the toolkit's own reporting template, if it has one
    own: tuple[str, ...] = ()  # top-level fields that are Accord's wording ("roles", ...)
    path: str = field(default="", compare=False)

    def own_parts(self) -> list[str]:
        """What in this framework is Accord's wording rather than the source's, in words, for the
        line that explains OWN_MARK wherever the framework is shown (empty: nothing is marked)."""
        parts: list[str] = []

        def add(text: str) -> None:
            if text not in parts:
                parts.append(text)

        for name in self.own:
            add({"roles": "the role list"}.get(name, f"the {name}"))
        for scale in self.scales:
            if "labels" in scale.own:
                add("the rating scale's labels")
        for column in self.matrix_columns:
            if column.own:
                add("some matrix column titles")
        for section in self.sections:
            if section.own:
                add("some section wording")
            for item in section.items:
                if "title" in item.own:
                    add("the item titles")
                if "tags" in item.own:
                    add("the tags")
            if any(example.own for example in section.examples):
                add("the tags")
        for rule in self.rules:
            if rule.own:
                add("when the interpretation rules apply")
        for g in self.guidance:
            if g.own:
                add(f"parts of \"{g.title}\"")
        for t in self.tools:
            if t.own:
                add(f"parts of {t.title}")
        return parts

    def own_legend(self) -> str:
        """The line explaining OWN_MARK for this framework ("" when nothing is Accord's own)."""
        parts = self.own_parts()
        return f"{OWN_MARK} Accord's wording, not the source's: {', '.join(parts)}." if parts else ""

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
