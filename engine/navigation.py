"""Moving through an assessment, and a respondent's own overview of it: plain functions, no UI.

Positions are `(section_id, item_id)` pairs in framework order. The TUI uses these to decide
where to resume, where "next unanswered" is, and what to show on the officer's own summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord_partnership.engine.bundle import Bundle
from accord_partnership.engine.model import Framework, Item, Section

Position = tuple[str, str]


def positions(framework: Framework) -> list[Position]:
    """Every item of the framework as (section_id, item_id), in order."""
    return [(section.id, item.id) for section, item in framework.items()]


def is_answered(bundle: Bundle, section: Section, item: Item) -> bool:
    answer = bundle.get(section.id, item.id)
    return answer is not None and answer.is_answered(item)


def first_position(framework: Framework) -> Position | None:
    found = positions(framework)
    return found[0] if found else None


def next_unanswered(framework: Framework, bundle: Bundle, after: Position | None = None) -> Position | None:
    """The first unanswered item after `after` (wrapping round), or None when all are answered.

    A private section (the Chair's Leadership scorecard) is skipped unless its respondent has
    started it or is in it now (`Bundle.counts_in_progress`)."""
    order = positions(framework)
    if not order:
        return None
    start = order.index(after) + 1 if after in order else 0
    here = after[0] if after else None
    for offset in range(len(order)):
        section_id, item_id = order[(start + offset) % len(order)]
        section = framework.section(section_id)
        if section_id != here and not bundle.counts_in_progress(section):
            continue
        if not is_answered(bundle, section, section.item(item_id)):
            return section_id, item_id
    return None


def resume_position(framework: Framework, bundle: Bundle) -> Position | None:
    """Where to open an assessment: the saved position, else the first unanswered item, else the first."""
    if bundle.position and framework.find_item(*bundle.position) is not None:
        return bundle.position
    return next_unanswered(framework, bundle) or first_position(framework)


def section_index(framework: Framework, section_id: str) -> int:
    for index, section in enumerate(framework.sections):
        if section.id == section_id:
            return index
    raise KeyError(section_id)


def neighbour_section(framework: Framework, section_id: str, step: int) -> Section:
    """The section `step` places away, wrapping round at either end."""
    index = section_index(framework, section_id)
    return framework.sections[(index + step) % len(framework.sections)]


def section_start(framework: Framework, bundle: Bundle, section: Section) -> Position | None:
    """Where to land when entering a section: its first unanswered item, else its first item."""
    for item in section.items:
        if not is_answered(bundle, section, item):
            return section.id, item.id
    return (section.id, section.items[0].id) if section.items else None


# --- the respondent's own overview ---------------------------------------------------------


@dataclass(frozen=True)
class ItemScore:
    section: Section
    item: Item
    score: int


@dataclass(frozen=True)
class SectionOverview:
    section: Section
    answered: int
    total: int
    scores: tuple[ItemScore, ...]  # rated items with a score, framework order
    not_applicable: tuple[Item, ...]
    unanswered: tuple[Item, ...]
    said_no: tuple[Item, ...]  # yes/no items answered "no"

    @property
    def mean(self) -> float | None:
        if not self.scores:
            return None
        return sum(s.score for s in self.scores) / len(self.scores)


def section_overview(framework: Framework, bundle: Bundle, section: Section) -> SectionOverview:
    scores: list[ItemScore] = []
    na: list[Item] = []
    unanswered: list[Item] = []
    said_no: list[Item] = []
    answered = 0
    for item in section.items:
        answer = bundle.get(section.id, item.id)
        if answer is None or not answer.is_answered(item):
            unanswered.append(item)
            continue
        answered += 1
        if answer.na:
            na.append(item)
        elif answer.score is not None:
            scores.append(ItemScore(section, item, answer.score))
        if item.kind == "yesno" and answer.choice == "no":
            said_no.append(item)
    return SectionOverview(section, answered, len(section.items), tuple(scores), tuple(na), tuple(unanswered), tuple(said_no))


def lowest_scores(framework: Framework, bundle: Bundle, limit: int = 5) -> list[ItemScore]:
    """The respondent's lowest scored items across the framework, relative to each scale.

    Only items below the top of their scale are included: nothing to improve otherwise. Ties keep
    framework order.
    """
    found: list[tuple[float, int, ItemScore]] = []
    order = 0
    for section in framework.sections:
        scale = section.scale
        if scale is None:
            continue
        span = max(1, scale.max - scale.min)
        for item_score in section_overview(framework, bundle, section).scores:
            if item_score.score < scale.max:
                found.append(((item_score.score - scale.min) / span, order, item_score))
            order += 1
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [entry[2] for entry in found[:limit]]
