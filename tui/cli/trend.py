"""`accord trend ROUND1 ROUND2 ROUND3 ...`: the averages per round, per scorecard and overall.

Rounds are folders of returns, merged files or bundles, oldest first, all of one framework and
version (`engine.trend.load_rounds`); the model is `engine.trend.trend`, the layout
`exports.trend_text`. Colour only on a terminal and never under NO_COLOR or --no-color; ASCII with
--ascii (or where the terminal needs it: tui.terminal).
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.engine.trend import Trend


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "trend",
        help="the averages per round over several rounds (oldest first): a table and a line chart per scorecard and overall",
        description="Per scorecard and overall, the averages of each round as a table and a line chart. "
        "Rounds are folders of returns, merged files or bundles of one framework and version, oldest first.",
    )
    p.add_argument("rounds", nargs="+", metavar="ROUND", help="a folder of returns, a merged file or a bundle (one return); oldest first")
    from accord_partnership.tui.cli import options

    options.plan(p, help="action plan file: its targets go into the tables and charts")
    options.section(p)
    options.ascii(p, dest="trend_ascii")
    options.text_width(p)
    options.results_options(p)
    p.set_defaults(func=cmd_trend)


def load_trend(args: argparse.Namespace, *, plan: ActionPlan | None = None) -> Trend:
    """The `engine.trend.Trend` of `args.rounds` (`tui.workflows.rounds.trend_of`); bad input raises AccordError."""
    from accord_partnership.tui.cli.output import release_hook
    from accord_partnership.tui.workflows.rounds import trend_of

    private = True if getattr(args, "include_private", False) else None
    return trend_of(args.rounds, min_group=args.min_group, framework=getattr(args, "framework", None),
                    include_private=private, plan=plan, on_merge=release_hook(args))


def cmd_trend(args: argparse.Namespace) -> int:
    from accord_partnership.engine.errors import AccordError
    from accord_partnership.exports.trend_text import STYLES, trend_lines
    from accord_partnership.tui.cli import options
    from accord_partnership.tui.cli.meeting import _width, print_lines

    width = _width(args)
    plan = options.read_plan(args)
    model = load_trend(args, plan=plan)
    from accord_partnership.tui.cli.output import note

    for warning in model.warnings:
        note(f"accord: warning: {warning}")
    if args.section:
        try:
            model.section(args.section)
        except KeyError:
            known = ", ".join(s.section_id for s in model.sections)
            raise AccordError(f"unknown section '{args.section}' in {model.framework.id} (known: {known})") from None
    ascii = bool(args.trend_ascii or getattr(args, "ascii", False))
    lines = trend_lines(model, width=width, ascii=ascii, section_id=args.section)
    print_lines(args, width, lines, STYLES)
    return 0
