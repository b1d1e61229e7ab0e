"""`accord plan ...` (the partnership action plan) and `accord compare` (follow-up rounds).

Every command that changes a plan validates everything first and writes nothing on bad input:
one line on stderr naming the file, exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from accord_partnership.tui.cli import options
from accord_partnership.tui.cli.output import check_out, emit, note, say

if TYPE_CHECKING:
    from accord_partnership.tui.workflows.plans import OpenPlan


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    plan = sub.add_parser("plan", help="the partnership action plan: init, add, list, csv, agree, target")
    psub = plan.add_subparsers(dest="plan_command", metavar="PLAN_COMMAND", parser_class=type(plan))
    plan.set_defaults(func=lambda args: _plan_usage(plan))

    p = psub.add_parser("init", help="start a plan file beside merged results (or a bundle folder)")
    p.add_argument("results", help="merged results file, bundle, or folder of bundles")
    options.out(p, help="plan file to create (default: beside the results, NAME-plan.toml)", force=False)
    p.add_argument("--partnership", help="partnership name (default: from the results)")
    options.threshold(p, help="acceptable score: features below it are candidates (default 3.0)")
    p.set_defaults(func=cmd_init)

    p = psub.add_parser("add", help="add an action for a feature")
    p.add_argument("plan")
    p.add_argument("section")
    p.add_argument("item")
    p.add_argument("--action", required=True, help="what will be done")
    p.add_argument("--responsibility", default="", help="who is responsible")
    p.add_argument("--by", dest="date_of_completion", default="", metavar="DATE", help="date of completion")
    p.add_argument("--timescale", default="")
    p.add_argument("--score-at-target", default="", help='score aimed at, as the Action Sheet has it ("3-4")')
    p.add_argument("--objective", dest="strategic_objective", default="", help="strategic objective it serves")
    p.add_argument("--task", dest="key_tasks", action="append", default=[], help="a key task (repeatable)")
    p.add_argument("--milestone", dest="milestones", action="append", default=[], help="a milestone (repeatable)")
    p.add_argument("--lead", dest="lead_partners", default="", help="lead / partners")
    p.add_argument("--resources", default="")
    p.add_argument("--kpi", default="")
    p.add_argument("--target", default="", help="the KPI's target")
    p.add_argument("--links", dest="strategic_links", default="", help="strategic links")
    p.add_argument("--effort", choices=("quick win", "sustained"), help="quick win or sustained effort")
    p.add_argument("--score", type=float, help="the feature's score when set (default: its mean in the plan's results)")
    p.add_argument("--results", help="merged results to take the score (and evidence) from (default: the plan's `results`)")
    p.add_argument("--evidence", action="store_true", help="copy the feature's notes (unattributed) from the results")
    p.set_defaults(func=cmd_add)

    p = psub.add_parser("list", help="print the plan: actions with SMART checks, targets, agreed scores")
    p.add_argument("plan")
    options.json(p)
    p.set_defaults(func=cmd_list)

    p = psub.add_parser("csv", help="the action plan as CSV (formula-safe)")
    p.add_argument("plan")
    options.out(p)
    options.excel(p)
    p.set_defaults(func=cmd_csv)

    p = psub.add_parser("agree", help="record the score a meeting agreed for an item, and why")
    p.add_argument("plan")
    p.add_argument("section")
    p.add_argument("item")
    p.add_argument("score", help='whole number on the scale, or "n/a"')
    p.add_argument("--reason", default="", help="why the partnership agreed this score")
    p.set_defaults(func=cmd_agree)

    p = psub.add_parser("target", help="set a 6- or 12-month target score for a feature or a whole section")
    p.add_argument("plan")
    p.add_argument("section")
    p.add_argument("item", nargs="?", default="", help="feature id (leave out for the section's average)")
    p.add_argument("--months", type=int, choices=(6, 12), required=True)
    p.add_argument("--score", type=float, help="target score on the section's scale")
    p.add_argument("--remove", action="store_true", help="remove this target instead")
    p.set_defaults(func=cmd_target)

    p = sub.add_parser("compare", help="compare a baseline round with a follow-up round")
    p.add_argument("baseline", help="merged file, bundle or bundle folder")
    p.add_argument("followup", help="merged file, bundle or bundle folder (same framework)")
    p.add_argument("--paired", action="store_true", help="also compare only members who answered both rounds (bundle folders)")
    options.min_group(p)
    options.release_option(p)
    options.plan(p, help="plan file: check its targets and its actions' features")
    options.ascii(p, dest="compare_ascii")
    options.json(p)
    p.add_argument("--width", type=int, default=0, help="chart width (default: the terminal's)")
    p.set_defaults(func=cmd_compare)


def _plan_usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    sys.stderr.write("accord: plan needs a command: init, add, list, csv, agree or target\n")
    return 2


def _open(path: str) -> OpenPlan:
    from accord_partnership.tui.workflows.plans import open_plan

    return open_plan(path)


def cmd_init(args: argparse.Namespace) -> int:
    from accord_partnership.engine.rounds import load_round
    from accord_partnership.tui.workflows.plans import create_plan
    from accord_partnership.tui.workflows.rounds import check_threshold

    check_threshold(args.threshold)
    created = create_plan(args.results, load_round(args.results), out=args.out, partnership=args.partnership,
                          threshold=args.threshold)
    note(f"wrote {created.path}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from accord_partnership.engine.smart import smart_check
    from accord_partnership.exports.textsafe import one_line
    from accord_partnership.tui.workflows.plans import ActionDraft, ActionFields, add_action

    fields = ActionFields(
        responsibility=args.responsibility, date_of_completion=args.date_of_completion, score_at_target=args.score_at_target,
        key_tasks=tuple(args.key_tasks), milestones=tuple(args.milestones), timescale=args.timescale,
        lead_partners=args.lead_partners, resources=args.resources, kpi=args.kpi, target=args.target,
        strategic_links=args.strategic_links, strategic_objective=args.strategic_objective, effort=args.effort or "",
    )
    draft = ActionDraft(args.section, args.item, args.action, score=args.score, evidence=args.evidence,
                        results=args.results, fields=fields)
    added = add_action(_open(args.plan), draft)
    for message in added.notes:
        note(f"accord: note: {message}")
    action = added.action
    say(f"added {action.id}: {one_line(action.action, 70)}")
    for message in smart_check(action):
        say(f"  SMART — {message}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from accord_partnership.exports.plan_file import plan_text
    from accord_partnership.tui.workflows.plans import plan_stats

    opened = _open(args.plan)
    plan, framework = opened.plan, opened.framework
    if args.json:
        from accord_partnership.engine.plan import plan_to_dict
        from accord_partnership.engine.smart import smart_check
        from accord_partnership.tui.cli.output import emit_json

        from dataclasses import asdict

        data = plan_to_dict(plan)
        data["actions"] = [asdict(action) | {"smart": smart_check(action)} for action in plan.actions]
        emit_json(data)
        return 0
    stats, why_not = plan_stats(opened)
    if why_not:
        from accord_partnership.exports.textsafe import one_line

        note(f"accord: note: results not read ({one_line(why_not)})")
    emit(plan_text(plan, framework, stats))
    return 0


def cmd_csv(args: argparse.Namespace) -> int:
    from accord_partnership.exports.plan_toml import plan_csv

    if args.out:
        check_out(args.out, force=args.force)
    opened = _open(args.plan)
    emit(plan_csv(opened.plan, opened.framework, excel=args.excel), args.out, force=args.force)
    return 0


def cmd_agree(args: argparse.Namespace) -> int:
    from accord_partnership.tui.workflows.plans import agree

    score = agree(_open(args.plan), args.section, args.item, args.score, args.reason)
    say(f"agreed {args.section} {args.item}: {'n/a' if score is None else score}")
    return 0


def cmd_target(args: argparse.Namespace) -> int:
    from accord_partnership.engine.plan import PlanError, check_feature
    from accord_partnership.tui.workflows.plans import set_targets

    opened = _open(args.plan)
    check_feature(opened.framework, args.section, args.item, allow_section=True, path=args.plan)
    where = f"{args.section}{' ' + args.item if args.item else ''}"
    if args.remove:
        if opened.plan.target_for(args.section, args.item, args.months) is None:
            raise PlanError(f"no {args.months}-month target for {where}", args.plan)
        set_targets(opened, args.section, [(args.item, args.months, None)])
        say(f"removed the {args.months}-month target for {where}")
        return 0
    if args.score is None:
        raise PlanError("--score is needed (or --remove)", args.plan)
    set_targets(opened, args.section, [(args.item, args.months, args.score)])
    say(f"{args.months}-month target for {where}: {args.score:g}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from accord_partnership.engine.compare import comparison_to_dict
    from accord_partnership.tui.cli.output import release_hook
    from accord_partnership.tui.workflows.rounds import compare_files

    comparison = compare_files(args.baseline, args.followup, paired=args.paired, min_group=args.min_group,
                               plan_path=args.plan, on_merge=release_hook(args))
    if args.json:
        from accord_partnership.tui.cli.output import emit_json

        emit_json(comparison_to_dict(comparison))
        return 0
    from accord_partnership.exports.plan_file import comparison_text

    ascii_mode = bool(args.compare_ascii or getattr(args, "ascii", False))
    width = args.width or min(100, _terminal_width())
    emit(comparison_text(comparison, ascii=ascii_mode, width=max(40, width)))
    return 0


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns
