"""Command-line options that several commands share, declared once each.

A command adds the options it takes with these helpers, so a flag has one spelling, one type, one
default and one meaning everywhere (`--min-group` is always resolved by
`engine.privacy.min_group_option`, `--threshold` checked by `tui.workflows.rounds.check_threshold`).
Only words that really differ by command (what `--out` writes, what `--plan` is used for) are
passed in. Nothing heavy is imported here: the parser is built on every start.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accord_partnership.engine.plan import ActionPlan

#: what the small-group option says, wherever it is taken
MIN_GROUP_HELP = "show no figure where fewer answered (default: the merge's, else 3; never below 2)"


def threshold(p: argparse.ArgumentParser, *, help: str = "scores below this are weak (default 3.0)") -> None:
    """`--threshold X`: the acceptable score (float, default 3.0)."""
    p.add_argument("--threshold", type=float, default=3.0, metavar="X", help=help)


def min_group(p: argparse.ArgumentParser) -> None:
    """`--min-group N`: the small-group threshold (default None: the merge's, else 3; resolved by
    `engine.privacy.min_group_option`, which refuses a value below 2)."""
    p.add_argument("--min-group", type=int, default=None, metavar="N", help=MIN_GROUP_HELP)


def framework(
    p: argparse.ArgumentParser, *, help: str = "folders: the framework to merge (default: the bundles decide)"
) -> None:
    """`--framework ID`: of a folder's bundles, merge only those of this framework."""
    p.add_argument("--framework", metavar="ID", help=help)


def include_private(
    p: argparse.ArgumentParser,
    *,
    help: str = "include private sections (e.g. the Chair's Leadership scorecard)",
) -> None:
    """`--include-private`: keep private sections (left out by default)."""
    p.add_argument("--include-private", action="store_true", help=help)


def skip_bad(p: argparse.ArgumentParser, *, help: str = "skip (and list) bad files instead of stopping") -> None:
    """`--skip-bad`: a merge lists bad files instead of stopping at the first."""
    p.add_argument("--skip-bad", action="store_true", help=help)


def out(
    p: argparse.ArgumentParser,
    *,
    help: str = "write to this file instead of stdout",
    dest: str = "out",
    metavar: str = "FILE",
    force: bool = True,
) -> None:
    """`--out FILE` (and `--force` unless `force=False`): never over an existing file without
    `--force`, never over a member's bundle (`tui.cli.output.check_out`)."""
    p.add_argument("--out", dest=dest, metavar=metavar, help=help)
    if force:
        add_force(p)


def add_force(p: argparse.ArgumentParser) -> None:
    """`--force`: replace the output file if it exists."""
    p.add_argument("--force", action="store_true", help="replace the output file if it exists (never a member's bundle)")


def excel(p: argparse.ArgumentParser) -> None:
    """`--excel`: CSV with the byte-order mark Excel needs to read UTF-8."""
    p.add_argument("--excel", action="store_true", help="CSV for Excel: UTF-8 with a byte-order mark")


def json(p: argparse.ArgumentParser, *, help: str = "print as JSON") -> None:
    """`--json`: the command's result as JSON on stdout."""
    p.add_argument("--json", action="store_true", help=help)


def plan(p: argparse.ArgumentParser, *, help: str) -> None:
    """`--plan PLAN`: an action plan file (`accord plan init`); `help` says what the command uses it for."""
    p.add_argument("--plan", metavar="PLAN", help=help)


def read_plan(args: argparse.Namespace) -> ActionPlan | None:
    """The `--plan` file, read and checked (`engine.plan.load_plan`: PlanError with file:line), or None."""
    if not getattr(args, "plan", None):
        return None
    from accord_partnership.engine.plan import load_plan

    return load_plan(args.plan)


def section(p: argparse.ArgumentParser) -> None:
    """`--section ID`: only this section."""
    p.add_argument("--section", metavar="ID", help="only this section (its id, as in `accord show FRAMEWORK --json`)")


def ascii(p: argparse.ArgumentParser, *, dest: str) -> None:
    """A command's own `--ascii` (after the command name; `accord --ascii` before it is global).
    `dest` keeps it apart from the global flag; commands read either."""
    p.add_argument("--ascii", dest=dest, action="store_true", help="ASCII charts and text only")


def text_width(p: argparse.ArgumentParser, *, default_width: int = 80) -> None:
    """`--width N` and `--no-color`: the layout of text printed to a terminal."""
    p.add_argument("--width", type=int, metavar="N", help=f"line width (default {default_width}, or the terminal's if narrower)")
    p.add_argument("--no-color", "--no-colour", dest="no_color", action="store_true", help="no colour (also: NO_COLOR, or not a terminal)")


def results_options(
    p: argparse.ArgumentParser,
    *,
    private: str | None = "folders: include private sections",
    framework_help: str = "folders: the framework to merge (default: the bundles decide)",
) -> None:
    """The options of every command that reads a round's figures from a folder, a merged file or
    a bundle: `--min-group`, `--framework`, `--release-anyway`, and `--include-private` (its help
    `private`; None: the command has no such option)."""
    min_group(p)
    framework(p, help=framework_help)
    if private is not None:
        include_private(p, help=private)
    release_option(p)


def release_option(p: argparse.ArgumentParser) -> None:
    """`--release-anyway`, for every command that shows figures from a folder of bundles."""
    p.add_argument(
        "--release-anyway", action="store_true",
        help="show figures even though they differ from ones released earlier by fewer than min-group members "
        "(subtracting one from the other would give those members' answers away)",
    )
