"""The per-item statistics table: the rows of `accord stats --csv`, `--json` and the xlsx workbook.

One source for every format: `stats_rows` turns `engine.stats` figures into one row per rated or
yes/no item (open questions have no numbers). A withheld item (`engine.privacy`: fewer than
min-group answers) has no number in any column, only the reason in `withheld`.
"""

from __future__ import annotations

from typing import Any

from accord_partnership.engine.model import Framework
from accord_partnership.engine.results import MergedResults
from accord_partnership.engine.stats import ResultsStats, compute_stats
from accord_partnership.exports.csv_out import number

__all__ = ["stats_columns", "stats_rows"]


def stats_columns(framework: Framework, results: MergedResults) -> tuple[list[str], list[int]]:
    """The stats table's header and the scale points of its level columns (`level_P`, the
    lowest point of any included section's scale, at most 1, to the highest)."""
    included = [s for s in framework.sections if s.scale and (not s.private or results.include_private)]
    low = min((s.scale.min for s in included if s.scale), default=1)
    high = max((s.scale.max for s in included if s.scale), default=5)
    points = list(range(min(low, 1), high + 1))
    header = ["framework", "section", "item", "title", "n", "n_na", "mean", "median", "min", "max", "sd"]
    header += [f"level_{p}" for p in points] + ["withheld", "yes", "no"]
    return header, points


def stats_rows(
    framework: Framework, results: MergedResults, min_group: int, *, stats: ResultsStats | None = None
) -> tuple[list[str], list[list[Any]]]:
    """(header, rows): one row per rated or yes/no item, in the framework's order.

    Cells are numbers (means, medians and sd rounded half up to 2 places), text, or None (empty).
    `stats` is `compute_stats(framework, results, min_group=min_group)` when the caller has it.
    """
    if stats is None:
        stats = compute_stats(framework, results, min_group=min_group)
    header, points = stats_columns(framework, results)
    rows: list[list[Any]] = []
    for section_stats in stats.sections:
        section = framework.section(section_stats.section_id)
        for item in section_stats.items:
            if item.kind == "open":
                continue
            levels: list[Any] = [None] * len(points)
            if item.counts and section.scale:
                for p, count in zip(section.scale.points, item.counts):
                    levels[points.index(p)] = count
            yesno = item.kind == "yesno"
            rows.append(
                [
                    framework.id,
                    section.id,
                    item.item_id,
                    item.title,
                    None if item.withheld else (item.respondents - item.unanswered) if yesno else item.n,
                    None if yesno or item.withheld else item.n_na,
                    number(item.mean),
                    number(item.median),
                    item.min,
                    item.max,
                    number(item.sd),
                    *levels,
                    item.withheld,
                    item.yes if yesno and not item.withheld else None,
                    item.no if yesno and not item.withheld else None,
                ]
            )
    return header, rows
