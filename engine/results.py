"""Partnership results: many respondents' answers reduced to counts.

Merged results keep *who* completed (names or emails, for the coordinator) apart from *how*
anyone answered: scores are only ever held as counts per level, notes only unattributed. Nothing
here can link a person, a timestamp or a role-of-one to a score.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from accord_partnership.engine.bundle import Answer
from accord_partnership.engine.model import Framework, Item


@dataclass
class Tally:
    """The answers of a group of respondents to one item, as counts only."""

    counts: dict[int, int] = field(default_factory=dict)  # score -> respondents who gave it
    n_na: int = 0
    yes: int = 0
    no: int = 0
    notes: list[str] = field(default_factory=list)  # unattributed; only kept when asked for
    noted: int = 0  # open questions: respondents who wrote an answer (counted even without notes)
    withheld: bool = False  # too few answered: the counts are not kept (engine.privacy)

    def add(self, answer: Answer, item: Item, keep_note: bool) -> None:
        if answer.na:
            self.n_na += 1
        elif answer.score is not None:
            self.counts[answer.score] = self.counts.get(answer.score, 0) + 1
        if answer.choice == "yes":
            self.yes += 1
        elif answer.choice == "no":
            self.no += 1
        if item.kind == "open" and answer.note.strip():
            self.noted += 1
        if keep_note and answer.note.strip():
            self.notes.append(answer.note)

    def merge(self, other: Tally) -> None:
        for score, count in other.counts.items():
            self.counts[score] = self.counts.get(score, 0) + count
        self.n_na += other.n_na
        self.yes += other.yes
        self.no += other.no
        self.noted += other.noted
        self.notes.extend(other.notes)

    @property
    def n(self) -> int:
        """Respondents who gave a score (N/A and unanswered excluded)."""
        return sum(self.counts.values())

    def scores(self) -> list[int]:
        """The scores in ascending order (counts expanded; individual order is never kept)."""
        return [score for score in sorted(self.counts) for _ in range(self.counts[score])]


@dataclass
class ItemResult:
    """The counts of one item: over everyone (`total`) and per stored role split (`by_role`)."""

    section_id: str
    item_id: str
    total: Tally = field(default_factory=Tally)
    by_role: dict[str, Tally] = field(default_factory=dict)


@dataclass
class MergedResults:
    """Everything the coordinator may see: completion, and per-item counts."""

    framework_id: str
    framework_version: str
    partnerships: list[str] = field(default_factory=list)
    respondents: int = 0
    completed: list[str] = field(default_factory=list)  # names/emails of named respondents, sorted
    anonymous: int = 0
    roles: dict[str, int] = field(default_factory=dict)  # respondents per role/sector
    include_private: bool = False
    with_notes: bool = False
    min_group: int = 3  # the small-group threshold the merge used (figures from fewer answers are not kept)
    own: bool = False  # one member's own answers shown to themselves (a bundle), not a partnership's
    withheld: str = ""  # every figure withheld, and why (a release refused: engine.releases)
    items: dict[tuple[str, str], ItemResult] = field(default_factory=dict)
    # matrix cells (free text), unattributed, only kept with notes: section -> column -> texts
    matrix: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    def item(self, section_id: str, item_id: str) -> ItemResult:
        return self.items.setdefault((section_id, item_id), ItemResult(section_id, item_id))

    def ensure_items(self, framework: Framework) -> None:
        """Every item of every included section gets a result, even if nobody answered it."""
        for section in framework.sections:
            if section.private and not self.include_private:
                continue
            for item in section.items:
                self.item(section.id, item.id)

    @property
    def single(self) -> bool:
        """True for one member's own results (their bundle shown to them as results).

        A merge of one bundle is not: a partnership's results from one member show no figures
        (engine.privacy)."""
        return self.own
