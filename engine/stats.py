"""Statistics of merged results, computed from counts per level.

Per item: respondents, answered n, n_na, unanswered, mean, median, min, max, standard deviation
(sample, n-1), count per level, consensus and a polarisation flag; yes/no counts and % yes.
Per section: mean of item means, lowest and highest item. The small-group rule withholds
distributions and spreads when fewer than `min_group` people answered (never below 2).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from engine.model import Framework, Item, Scale, Section
from engine.results import MergedResults, Tally

DEFAULT_MIN_GROUP = 3


def check_min_group(min_group: int) -> int:
    if min_group < 2:
        raise ValueError("the small-group threshold cannot be below 2")
    return min_group


@dataclass(frozen=True)
class ItemStats:
    section_id: str
    item_id: str
    title: str
    kind: str
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
    withheld: str = ""  # why distributions/spreads are not shown (small group)

    @property
    def range(self) -> int | None:
        return None if self.min is None or self.max is None else self.max - self.min


@dataclass(frozen=True)
class SectionStats:
    section_id: str
    title: str
    mean: float | None
    items: tuple[ItemStats, ...]
    lowest: ItemStats | None = None
    highest: ItemStats | None = None


@dataclass
class ResultsStats:
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
        """The overall pattern: one value (mean of item means) per section."""
        return [(s.title, s.mean) for s in self.sections]


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
    scores = tally.scores()
    n = len(scores)
    answered = n + tally.n_na if item.rated else tally.yes + tally.no if item.kind == "yesno" else tally.noted
    base = dict(
        section_id=section.id,
        item_id=item.id,
        title=item.title,
        kind=item.kind,
        respondents=respondents,
        n=n,
        n_na=tally.n_na,
        unanswered=max(0, respondents - answered),
    )
    if item.kind == "yesno":
        asked = tally.yes + tally.no
        small = 0 < asked < min_group
        return ItemStats(
            **base,  # type: ignore[arg-type]
            mean=None,
            yes=0 if small else tally.yes,
            no=0 if small else tally.no,
            pct_yes=None if small or not asked else round(100 * tally.yes / asked, 1),
            withheld=f"fewer than {min_group} answers" if small else "",
        )
    if not n or section.scale is None:
        return ItemStats(**base, mean=None)  # type: ignore[arg-type]
    scale = section.scale
    mean = sum(scores) / n
    if n < min_group:
        return ItemStats(**base, mean=round(mean, 4), withheld=f"fewer than {min_group} answers")  # type: ignore[arg-type]
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

    One respondent's own results (a single bundle) are theirs to see in full: no withholding.
    """
    check_min_group(min_group)
    effective = 1 if results.single and role is None else min_group
    out = ResultsStats(framework, results, min_group)
    respondents = results.roles.get(role, 0) if role is not None else results.respondents
    for section in framework.sections:
        if section.private and not results.include_private:
            continue
        items = []
        for item in section.items:
            result = results.items.get((section.id, item.id))
            tally = Tally() if result is None else (result.total if role is None else result.by_role.get(role, Tally()))
            items.append(item_stats(section, item, tally, respondents, effective))
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
