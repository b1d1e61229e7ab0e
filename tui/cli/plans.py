"""`accord plan ...` (the partnership action plan) and `accord compare` (follow-up rounds).

Every command that changes a plan validates everything first and writes nothing on bad input:
one line on stderr naming the file, exit code 2.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path
from typing import Any

from engine.errors import AccordError
from tui.cli.output import add_force, check_out, emit, note, say


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    plan = sub.add_parser("plan", help="the partnership action plan: init, add, list, csv, agree, target")
    psub = plan.add_subparsers(dest="plan_command", metavar="PLAN_COMMAND", parser_class=type(plan))
    plan.set_defaults(func=lambda args: _plan_usage(plan))

    p = psub.add_parser("init", help="start a plan file beside merged results (or a bundle folder)")
    p.add_argument("results", help="merged results file, bundle, or folder of bundles")
    p.add_argument("--out", help="plan file to create (default: beside the results, NAME-plan.toml)")
    p.add_argument("--partnership", help="partnership name (default: from the results)")
    p.add_argument("--threshold", type=float, default=3.0, help="acceptable score: features below it are candidates (default 3.0)")
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
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = psub.add_parser("csv", help="the action plan as CSV (formula-safe)")
    p.add_argument("plan")
    p.add_argument("--out", help="write to this file instead of stdout")
    p.add_argument("--excel", action="store_true", help="add the byte-order mark Excel needs for UTF-8")
    add_force(p)
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
    p.add_argument("--min-group", type=int, default=3, help="smallest group any figure (or the paired view) is shown for (default 3)")
    from tui.cli.output import release_option

    release_option(p)
    p.add_argument("--plan", help="plan file: check its targets and its actions' features")
    p.add_argument("--ascii", dest="compare_ascii", action="store_true", help="ASCII radar")
    p.add_argument("--json", action="store_true")
    p.add_argument("--width", type=int, default=0, help="chart width (default: the terminal's)")
    p.set_defaults(func=cmd_compare)


def _plan_usage(parser: argparse.ArgumentParser) -> int:
    parser.print_usage(sys.stderr)
    sys.stderr.write("accord: plan needs a command: init, add, list, csv, agree or target\n")
    return 2


def _load(path: str) -> tuple[Any, Any]:
    from engine.plan import load_plan_with_framework

    return load_plan_with_framework(path)


def _results_path(plan: Any, plan_path: str, override: str | None) -> Path | None:
    if override:
        return Path(override)
    if plan.results:
        candidate = Path(plan.results)
        return candidate if candidate.is_absolute() else Path(plan_path).parent / candidate
    return None


def _stats_for(plan: Any, plan_path: str, framework: Any, *, quiet: bool = True) -> Any:
    """Statistics of the plan's results, or None when they cannot be read (said on stderr)."""
    from engine.merged import load_results
    from engine.stats import compute_stats

    path = _results_path(plan, plan_path, None)
    if path is None:
        return None
    try:
        results, fw = load_results(path)
    except AccordError as exc:
        if not quiet:
            from exports.textsafe import one_line

            note(f"accord: note: results not read ({one_line(str(exc))})")
        return None
    if fw.id != framework.id or fw.version != framework.version:
        return None
    return compute_stats(framework, results)


def cmd_init(args: argparse.Namespace) -> int:
    from engine.merged import load_results
    from engine.plan import PlanError
    from exports.plan_file import create_plan_file, default_plan_path

    if not math.isfinite(args.threshold):
        raise AccordError("--threshold must be a number such as 3.0")
    results, framework = load_results(args.results)
    out = Path(args.out) if args.out else default_plan_path(args.results)
    if out.exists():
        raise PlanError("already exists; not overwritten (edit it, or choose another --out)", out)
    _plan, out = create_plan_file(args.results, results, framework, out=out, partnership=args.partnership, threshold=args.threshold)
    note(f"wrote {out}")
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from engine.plan import Action, PlanError, check_feature
    from engine.smart import smart_check
    from exports.plan_toml import save_plan
    from exports.textsafe import one_line

    plan, framework = _load(args.plan)
    check_feature(framework, args.section, args.item, path=args.plan)
    if not args.action.strip():
        raise PlanError("--action is empty: say what will be done", args.plan)
    if args.score is not None and not math.isfinite(args.score):
        raise PlanError("--score must be a number", args.plan)
    score = args.score
    evidence: tuple[str, ...] = ()
    results_path = _results_path(plan, args.plan, args.results)
    if score is None or args.evidence:
        if results_path is None:
            if args.evidence:
                raise PlanError("--evidence needs results: give --results or set `results` in the plan", args.plan)
        else:
            from engine.merged import load_results
            from engine.stats import compute_stats

            try:
                results, fw = load_results(results_path, with_notes=True)
            except AccordError:
                if args.evidence or args.results:
                    raise
                results, fw = None, None
                note(f"accord: note: results {results_path} not read; no score recorded")
            if results is not None and fw is not None:
                if fw.id != framework.id or fw.version != framework.version:
                    raise AccordError(f"results are for {fw.id} {fw.version}, the plan is for {framework.id} {framework.version}", results_path)
                if score is None:
                    score = compute_stats(framework, results).item(args.section, args.item).mean
                if args.evidence:
                    result = results.items.get((args.section, args.item))
                    evidence = tuple(result.total.notes) if result else ()
                    if not results.with_notes:
                        note(f"accord: note: {results_path} was merged without notes; no evidence copied")
                    elif not evidence:
                        sys.stderr.write("accord: note: no one wrote a note on this feature; no evidence copied\n")
    action = Action(
        section_id=args.section,
        item_id=args.item,
        action=args.action.strip(),
        responsibility=args.responsibility,
        score=None if score is None else round(score, 2),
        date_of_completion=args.date_of_completion,
        score_at_target=args.score_at_target,
        key_tasks=tuple(args.key_tasks),
        milestones=tuple(args.milestones),
        timescale=args.timescale,
        lead_partners=args.lead_partners,
        resources=args.resources,
        kpi=args.kpi,
        target=args.target,
        strategic_links=args.strategic_links,
        strategic_objective=args.strategic_objective,
        effort=args.effort or "",
        evidence=evidence,
    )
    plan.add_action(action)
    save_plan(plan, framework, args.plan)
    say(f"added {action.id}: {one_line(action.action, 70)}")
    for message in smart_check(action):
        say(f"  SMART — {message}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from exports.plan_file import plan_text

    plan, framework = _load(args.plan)
    if args.json:
        from dataclasses import asdict

        from engine.smart import smart_check
        from tui.cli.output import emit_json

        data = asdict(plan)
        for action, row in zip(plan.actions, data["actions"]):
            row["smart"] = smart_check(action)
        emit_json(data)
        return 0
    emit(plan_text(plan, framework, _stats_for(plan, args.plan, framework, quiet=False)))
    return 0


def cmd_csv(args: argparse.Namespace) -> int:
    from exports.plan_toml import plan_csv

    if args.out:
        check_out(args.out, force=args.force)
    plan, framework = _load(args.plan)
    emit(plan_csv(plan, framework, excel=args.excel), args.out, force=args.force)
    return 0


def cmd_agree(args: argparse.Namespace) -> int:
    from engine.plan import PlanError, check_feature
    from exports.plan_toml import save_plan

    plan, framework = _load(args.plan)
    check_feature(framework, args.section, args.item, path=args.plan)
    scale = framework.section(args.section).scale
    raw = args.score.strip().lower()
    score: int | None
    if raw in ("n/a", "na"):
        if not scale.allow_na:
            raise PlanError(f"'{args.section}' does not allow N/A", args.plan)
        score = None
    else:
        try:
            score = int(raw)
        except ValueError:
            raise PlanError(f"agreed score must be a whole number {scale.min}-{scale.max} or n/a, not {args.score!r}", args.plan) from None
        if not scale.contains(score):
            raise PlanError(f"agreed score {score} is outside the scale {scale.min}-{scale.max}", args.plan)
    plan.set_agreed(args.section, args.item, score, args.reason)
    save_plan(plan, framework, args.plan)
    say(f"agreed {args.section} {args.item}: {'n/a' if score is None else score}")
    return 0


def cmd_target(args: argparse.Namespace) -> int:
    from engine.plan import PlanError, check_feature
    from exports.plan_toml import save_plan

    plan, framework = _load(args.plan)
    check_feature(framework, args.section, args.item, allow_section=True, path=args.plan)
    where = f"{args.section}{' ' + args.item if args.item else ''}"
    if args.remove:
        if not plan.remove_target(args.section, args.item, args.months):
            raise PlanError(f"no {args.months}-month target for {where}", args.plan)
        save_plan(plan, framework, args.plan)
        say(f"removed the {args.months}-month target for {where}")
        return 0
    if args.score is None:
        raise PlanError("--score is needed (or --remove)", args.plan)
    scale = framework.section(args.section).scale
    if not math.isfinite(args.score) or not scale.min <= args.score <= scale.max:
        raise PlanError(f"target {args.score:g} is outside the scale {scale.min}-{scale.max}", args.plan)
    plan.set_target(args.section, args.item, args.months, float(args.score))
    save_plan(plan, framework, args.plan)
    say(f"{args.months}-month target for {where}: {args.score:g}")
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    from engine.compare import compare_paths, comparison_to_dict
    from engine.privacy import min_group_option

    min_group_option(args.min_group)
    plan = None
    if args.plan:
        from engine.plan import load_plan

        plan = load_plan(args.plan)
    from tui.cli.output import release_hook

    comparison = compare_paths(args.baseline, args.followup, paired=args.paired, min_group=args.min_group, plan=plan,
                               on_merge=release_hook(args))
    if args.json:
        from tui.cli.output import emit_json

        emit_json(comparison_to_dict(comparison))
        return 0
    from exports.plan_file import comparison_text

    ascii_mode = bool(args.compare_ascii or getattr(args, "ascii", False))
    width = args.width or min(100, _terminal_width())
    emit(comparison_text(comparison, ascii=ascii_mode, width=max(40, width)))
    return 0


def _terminal_width() -> int:
    import shutil

    return shutil.get_terminal_size((80, 24)).columns
