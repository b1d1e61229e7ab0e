"""Statistics of merged results, computed from counts per level.

Per item: respondents, answered n, n_na, unanswered, mean, median, min, max, standard deviation
(sample, n-1), count per level, consensus and a polarisation flag; yes/no counts and % yes.
Per section: mean of item means, lowest and highest item. The small-group rule
(`engine.privacy`) withholds every figure of an item answered by fewer than `min_group` people
(never below 2); only a member's own results (`MergedResults.own`) are shown in full.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from accord_partnership.engine.model import Framework, Item, ItemKind, Scale, Section, own_mark
from accord_partnership.engine.privacy import DEFAULT_MIN_GROUP, answers_in, check_min_group, count_kind, reason, safe_splits, safe_tally
from accord_partnership.engine.results import MergedResults, Tally

__all__ = ["DEFAULT_MIN_GROUP", "check_min_group", "compute_stats", "ItemStats", "SectionStats", "ResultsStats"]


@dataclass(frozen=True)
class ItemStats:
    """The figures of one item from its counts: answers, N/A, mean, median, spread, consensus, yes/no
    (the figures None and `withheld` saying why when too few answered, `engine.privacy`)."""

    section_id: str
    item_id: str
    title: str
    kind: ItemKind
    respondents: int
    n: int
    n_na: int
    unanswered: int
    mean: float | None
    median: float | None = None
    min: int | None = None
    max: int | None = None
    sd: float | None = None
    counts: tuple[int, ...] = ()  # per scale point, min..max; empty when withheld
    consensus: float | None = None  # 1 = everyone agrees, 0 = split between the extremes
    polarised: bool = False  # two camps: several low and several high scores
    yes: int = 0
    no: int = 0
    pct_yes: float | None = None
    withheld: str = ""  # why no figure is shown (engine.privacy: fewer than min_group answers)

    @property
    def range(self) -> int | None:
        return None if self.min is None or self.max is None else self.max - self.min


@dataclass(frozen=True)
class SectionStats:
    """The figures of one section: the mean of its item means and its items' figures, lowest and highest."""

    section_id: str
    title: str
    mean: float | None
    items: tuple[ItemStats, ...]
    lowest: ItemStats | None = None
    highest: ItemStats | None = None


@dataclass
class ResultsStats:
    """Every section's figures for merged results, at a small-group threshold (`compute_stats`)."""

    framework: Framework
    results: MergedResults
    min_group: int
    sections: list[SectionStats] = field(default_factory=list)

    def section(self, section_id: str) -> SectionStats:
        for s in self.sections:
            if s.section_id == section_id:
                return s
        raise KeyError(section_id)

    def item(self, section_id: str, item_id: str) -> ItemStats:
        for i in self.section(section_id).items:
            if i.item_id == item_id:
                return i
        raise KeyError(item_id)

    def all_items(self) -> list[ItemStats]:
        return [i for s in self.sections for i in s.items]

    @property
    def overall(self) -> list[tuple[str, float | None]]:
        """The overall pattern: one value (mean of item means) per shared section.

        A private section (the Chair's Leadership scorecard) is never part of it."""
        return [(s.title, s.mean) for s in self.shared_sections()]

    def shared_sections(self) -> list[SectionStats]:
        """The sections that make up the partnership's pattern (private ones left out)."""
        return [s for s in self.sections if not self.framework.section(s.section_id).private]


def _median(scores: list[int]) -> float:
    mid = len(scores) // 2
    return float(scores[mid]) if len(scores) % 2 else (scores[mid - 1] + scores[mid]) / 2


def consensus(counts: dict[int, int], scale: Scale) -> float | None:
    """Tastle & Wierman's consensus measure: 1 when all agree, 0 when split between the ends."""
    n = sum(counts.values())
    if n == 0:
        return None
    width = scale.max - scale.min
    mean = sum(s * c for s, c in counts.items()) / n
    total = 0.0
    for score, count in counts.items():
        p = count / n
        total += p * math.log2(1 - abs(score - mean) / (width + 1e-12) if width else 1)
    return round(1 + total, 4) if width else 1.0


def polarised(counts: dict[int, int], scale: Scale) -> bool:
    """Two camps: at least two people at each end of the scale, each camp a quarter of answers,
    and fewer people in between than in either camp (a spread-out bell is not two camps)."""
    n = sum(counts.values())
    width = scale.max - scale.min
    if width < 1:
        return False
    # the end quarter of the scale, but never so wide that the camps overlap (a 1-3 scale's middle
    # point is neither low nor high)
    band = min(max(1, width // 4), (width - 1) // 2)
    low = sum(c for s, c in counts.items() if s <= scale.min + band)
    high = sum(c for s, c in counts.items() if s >= scale.max - band)
    middle = n - low - high
    return n > 0 and low >= 2 and high >= 2 and min(low, high) >= 0.25 * n and middle < min(low, high)


def item_stats(section: Section, item: Item, tally: Tally, respondents: int, min_group: int) -> ItemStats:
    """One item's figures, or none (with the reason) when fewer than `min_group` answered."""
    kind = count_kind(item)
    shown = safe_tally(tally, kind, min_group)
    if shown.withheld:
        return ItemStats(
            section_id=section.id, item_id=item.id, title=item.title, kind=item.kind, respondents=respondents,
            n=0, n_na=0, unanswered=0, mean=None, withheld=reason(min_group),
        )
    scores = tally.scores()
    n = len(scores)
    answered = n + tally.n_na if item.rated else answers_in(tally, item.kind)
    base = dict(
        section_id=section.id,
        item_id=item.id,
        title=own_mark(item, "title"),  # Accord's own titles carry their mark wherever shown
        kind=item.kind,
        respondents=respondents,
        n=n,
        n_na=tally.n_na,
        unanswered=max(0, respondents - answered),
    )
    if item.kind == "yesno":
        asked = tally.yes + tally.no
        return ItemStats(
            **base,  # type: ignore[arg-type]
            mean=None,
            yes=tally.yes,
            no=tally.no,
            pct_yes=round(100 * tally.yes / asked, 4) if asked else None,  # displayed via engine.numbers.fmt
        )
    if not n or section.scale is None:
        return ItemStats(**base, mean=None)  # type: ignore[arg-type]
    scale = section.scale
    mean = sum(scores) / n
    sd = math.sqrt(sum((s - mean) ** 2 for s in scores) / (n - 1)) if n > 1 else 0.0
    return ItemStats(
        **base,  # type: ignore[arg-type]
        mean=round(mean, 4),
        median=_median(scores),
        min=scores[0],
        max=scores[-1],
        sd=round(sd, 4),
        counts=tuple(tally.counts.get(p, 0) for p in scale.points),
        consensus=consensus(tally.counts, scale),
        polarised=polarised(tally.counts, scale),
    )


def section_stats(section: Section, items: list[ItemStats]) -> SectionStats:
    rated = [i for i in items if i.mean is not None]
    mean = round(sum(i.mean for i in rated) / len(rated), 4) if rated else None  # type: ignore[misc]
    lowest = min(rated, key=lambda i: (i.mean, i.item_id)) if rated else None
    highest = max(rated, key=lambda i: (i.mean, i.item_id)) if rated else None
    return SectionStats(section.id, section.title, mean, tuple(items), lowest, highest)


def compute_stats(
    framework: Framework, results: MergedResults, *, min_group: int = DEFAULT_MIN_GROUP, role: str | None = None
) -> ResultsStats:
    """Statistics for every included section; `role` restricts them to one role/sector split.

    Every figure follows the small-group rule (`engine.privacy`), a role split also against the
    total (per item, by the answers given). One member's own results (`results.own`) are theirs
    to see in full: no withholding.
    """
    check_min_group(min_group)
    effective = 1 if results.own and role is None else min_group
    out = ResultsStats(framework, results, min_group)
    respondents = results.roles.get(role, 0) if role is not None else results.respondents
    for section in framework.sections:
        if section.private and not results.include_private:
            continue
        items = []
        for item in section.items:
            result = results.items.get((section.id, item.id))
            if result is None:
                tally = Tally()
            elif role is None:
                tally = result.total
            else:
                kind = count_kind(item)
                tally = safe_splits(result.total, result.by_role, kind, effective).get(role, Tally(withheld=True))
            stats = item_stats(section, item, tally, respondents, effective)
            if results.withheld and stats.withheld:
                stats = replace(stats, withheld=results.withheld)
            items.append(stats)
        out.sections.append(section_stats(section, items))
    return out


def proportion_words(part: int, whole: int) -> str:
    """Education Scotland's standard words for a proportion ("most members rated Trust 4 or 5").

    all 100%; almost all 91-99%; most 75-90%; the majority 50-74%; less than half 15-49%;
    a few up to 15%; none 0%. Compared in whole numbers, so 9 of 10 is exactly 90% ("most").
    """
    if whole <= 0 or part <= 0:
        return "none"
    if part >= whole:
        return "all"
    if part * 100 > whole * 90:
        return "almost all"
    if part * 100 >= whole * 75:
        return "most"
    if part * 100 >= whole * 50:
        return "the majority"
    if part * 100 >= whole * 15:
        return "less than half"
    return "a few"
