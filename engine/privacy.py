"""The small-group rule: no figure is ever derived from fewer than `min_group` answers.

This module is the one place the rule lives. Everything that turns answers into numbers calls it:
the merge (`engine.merge.tally`, before anything is stored), reading a merged file back
(`engine.merged`), the statistics (`engine.stats.compute_stats`), role splits and the paired
view of two rounds (`engine.compare`). Outputs only format what is left, and show the reason.

The rule, per item and per group of respondents (a partnership, a role split, a paired group):

- a rated item's figures (mean, median, min, max, spread, counts per level, N/A count,
  consensus, two camps, proportion words, bars, radar points) need at least `min_group` scores;
- a yes/no item's counts need at least `min_group` yes-or-no answers;
- an open question's texts are never figures (notes are shown only when asked for, unattributed);
- a part of a group (a role split, the members who answered both rounds) is shown only when the
  rest of the group, counted per item by answers given, is none or at least `min_group` too: the
  whole minus the part must not leave fewer than `min_group` answers to be worked out by
  subtraction.

The threshold is never below 2 (`check_min_group`); the default is 3 (the SCSN toolkit asks for
anonymity in groups, and three is the smallest group in which no one learns another's answer).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from accord_partnership.engine.model import Framework, Item, ItemKind
from accord_partnership.engine.results import MergedResults, Tally

#: How an item's answers are counted: "rated" (scores on a scale, whatever the item's kind),
#: "yesno" (yes and no answers), "open" (who wrote something); an item's own kind says the same.
CountKind = Literal["rated"] | ItemKind


def count_kind(item: Item) -> CountKind:
    """How the answers to `item` are counted for this rule: "rated" for every rated kind."""
    return "rated" if item.rated else item.kind

DEFAULT_MIN_GROUP = 3


def check_min_group(min_group: int) -> int:
    """`min_group` itself, or ValueError when it is below 2 (a group of one is a person)."""
    if min_group < 2:
        raise ValueError("the small-group threshold cannot be below 2")
    return min_group


def min_group_option(value: int | None, default: int = DEFAULT_MIN_GROUP) -> int:
    """A `--min-group` value given on the command line (None: `default`); AccordError below 2."""
    from accord_partnership.engine.errors import AccordError

    value = default if value is None else value
    if value < 2:
        raise AccordError(f"--min-group {value}: the small-group threshold cannot be below 2")
    return value


def min_group_for(value: int | None, *stored: int) -> int:
    """The threshold a view of one or more rounds uses: `value` when given (`--min-group`;
    AccordError below 2), else the largest the rounds were merged with, and never below the
    default 3 (a merge made with 2 does not lower what a later view shows without being asked).
    The one default for `stats`, `summary`, `report`, `compare` and `trend`."""
    return min_group_option(value, max((DEFAULT_MIN_GROUP, *stored)))


def split_min_group(min_group: int, stored: int) -> int:
    """How many members a role needs to be a split of its own: the view's threshold and the one
    the results were merged with, whichever is larger (the merge kept no role below its own)."""
    return max(min_group, stored)


def reason(min_group: int) -> str:
    """The words every output shows where a figure is withheld."""
    return f"fewer than {min_group} answers"


def too_few_returned(respondents: int, min_group: int) -> str:
    """What every output says when a whole set of results is too small to show any figure, or ""."""
    if not too_few(respondents, min_group):
        return ""
    return (f"only {respondents} answer set{'s' if respondents != 1 else ''} so far: no figure is shown until "
            f"{min_group} have been returned, so that no one's answers can be picked out")


def answers_in(tally: Tally, kind: CountKind) -> int:
    """How many answers a figure of this item would be computed from (scores, or yes + no)."""
    if kind == "yesno":
        return tally.yes + tally.no
    if kind == "open":
        return tally.noted
    return tally.n


def too_few(count: int, min_group: int) -> bool:
    """True when `count` answers (more than none) are too few to show any figure from."""
    return 0 < count < min_group


def enough(count: int, min_group: int) -> bool:
    """True when a figure made from `count` answers may be shown (at least `min_group`)."""
    return count >= min_group


def safe_tally(tally: Tally, kind: CountKind, min_group: int) -> Tally:
    """The tally with its figures removed (and `withheld` set) when too few answered.

    Open questions only count who wrote something, which says nothing of what: kept as they are.
    """
    if tally.withheld or kind == "open" or not too_few(answers_in(tally, kind), min_group):
        return tally
    return Tally(notes=list(tally.notes), noted=tally.noted, withheld=True)


def safe_part(part: Tally, whole: Tally, kind: CountKind, min_group: int) -> Tally:
    """A part of a group (`part`) checked against the whole it was taken from.

    Withheld when the part itself is too small, or when the whole minus the part leaves a few
    answers (scores, N/A answers or yes/no answers) that subtraction would give away.
    """
    part = safe_tally(part, kind, min_group)
    if part.withheld or kind == "open":
        return part
    if whole.withheld:
        return Tally(withheld=True)
    rest = answers_in(whole, kind) - answers_in(part, kind)
    rest_na = whole.n_na - part.n_na
    if too_few(rest, min_group) or too_few(rest_na + max(rest, 0), min_group) and rest_na > 0:
        return Tally(withheld=True)
    return part


def safe_splits(whole: Tally, splits: Mapping[str, Tally], kind: CountKind, min_group: int) -> dict[str, Tally]:
    """Role splits of one item that may be shown: each big enough, and what they leave out too.

    A split with fewer than `min_group` answers is dropped; then, while the answers outside every
    kept split are more than none but fewer than `min_group`, the smallest kept split is dropped
    too (the total minus the kept splits would otherwise be a few people's answers). Dropped
    splits come back as withheld tallies, so outputs can say why.
    """
    kept = {role: t for role, t in splits.items() if not safe_tally(t, kind, min_group).withheld and answers_in(t, kind) > 0}
    if kind != "open" and not whole.withheld:
        while kept:
            rest = answers_in(whole, kind) - sum(answers_in(t, kind) for t in kept.values())
            rest_na = whole.n_na - sum(t.n_na for t in kept.values())
            if not too_few(rest, min_group) and not (rest_na > 0 and too_few(rest + rest_na, min_group)):
                break
            smallest = min(kept, key=lambda r: (answers_in(kept[r], kind), r))
            del kept[smallest]
    elif whole.withheld:
        kept = {}
    return {role: kept.get(role, Tally(withheld=True)) for role in splits}


def parts_leave_few(whole: int, part: int, min_group: int) -> bool:
    """True when a part of `whole` respondents leaves more than none but fewer than `min_group` out."""
    return too_few(whole - part, min_group)


def withhold_all(results: MergedResults, why: str) -> None:
    """Every figure of `results` withheld (a release refused by engine.releases); completion stays."""
    results.withheld = why
    for result in results.items.values():
        result.total = Tally(notes=list(result.total.notes), noted=result.total.noted, withheld=True)
        result.by_role = {}


def withhold_part(part: MergedResults, whole: MergedResults, framework: Framework, min_group: int) -> None:
    """A part of a round's results (the members in both rounds) checked item by item against the
    whole round (`safe_part`): an item whose whole minus part leaves a few answers is withheld."""
    for section in framework.sections:
        for item in section.items:
            key = (section.id, item.id)
            mine, all_ = part.items.get(key), whole.items.get(key)
            if mine is None:
                continue
            mine.total = safe_part(mine.total, all_.total if all_ is not None else Tally(withheld=True), count_kind(item), min_group)
            mine.by_role = {}
