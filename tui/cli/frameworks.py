"""`accord frameworks`, `accord show`, `accord validate`, `accord open`."""

from __future__ import annotations

import argparse
import sys

from engine.catalog import all_frameworks, get_framework, user_frameworks_dir
from engine.loader import load_framework
from exports.framework_out import framework_csv_template, framework_markdown, framework_summary, framework_text, framework_to_dict
from exports.textsafe import one_line
from tui.cli.output import emit, emit_json


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("frameworks", help="list built-in and user frameworks")
    p.add_argument("--json", action="store_true", help="print as JSON")
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("show", help="print a framework: JSON, or a blank paper copy (text, Markdown, survey CSV template)")
    p.add_argument("framework", help="framework id or path to a framework file")
    p.add_argument("--json", action="store_true", help="the whole framework as JSON")
    p.add_argument(
        "--format",
        choices=("text", "md", "csv", "limesurvey", "xlsx"),
        default="text",
        help="blank copy format (default text); limesurvey: a survey structure to import into LimeSurvey (.txt); "
        "xlsx: a fillable Excel scorecard (needs --out)",
    )
    p.add_argument("--out", help="write to this file instead of stdout")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("validate", help="check a framework file you wrote, or a bundle of answers")
    p.add_argument("path")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("open", help="open an assessment (bundle file) in the TUI")
    p.add_argument("path")
    p.set_defaults(func=cmd_open)


def cmd_frameworks(args: argparse.Namespace) -> int:
    loaded, errors = all_frameworks()
    rows = [framework_summary(fw, builtin) for fw, builtin in loaded]
    for error in errors:
        sys.stderr.write(f"accord: skipped {one_line(str(error))}\n")
    if args.json:
        emit_json(rows)
        return 0
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        where = "built-in" if r["builtin"] else "user"
        print(f"{r['id']:<{width}}  {one_line(r['title'], 60)}")
        print(f"{'':<{width}}  {r['sections']} sections, {r['items']} items, about {r['minutes']} min · {one_line(r['source'])} · {where}")
    print(f"\nYour own frameworks go in: {user_frameworks_dir()}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    fw = get_framework(args.framework)
    if args.json:
        emit_json(framework_to_dict(fw))
    elif args.format == "md":
        emit(framework_markdown(fw), args.out)
    elif args.format == "csv":
        emit(framework_csv_template(fw), args.out)
    elif args.format == "limesurvey":
        from exports.limesurvey import limesurvey_tsv

        emit(limesurvey_tsv(fw), args.out)
    elif args.format == "xlsx":
        from engine.errors import AccordError
        from exports.atomic import write_atomic
        from exports.scorecard_xlsx import scorecard_xlsx

        if not args.out:
            raise AccordError("--format xlsx writes a workbook: give --out FILE.xlsx")
        write_atomic(args.out, scorecard_xlsx(fw), mode=0o644, exclusive=True)
        sys.stderr.write(f"wrote {one_line(args.out)}\n")
    else:
        emit(framework_text(fw), args.out)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from engine.bundle import BUNDLE_FORMAT, load_bundle
    from engine.errors import FrameworkError
    from engine.textio import load_toml

    data, _text = load_toml(args.path, FrameworkError)
    if data.get("format") == BUNDLE_FORMAT:
        bundle, framework = load_bundle(args.path)
        done, total = bundle.progress(framework)
        print(f"{args.path}: ok — bundle for {framework.id} version {framework.version}: {done} of {total} items answered")
        return 0
    fw = load_framework(args.path)
    print(f"{args.path}: ok — {fw.id} version {fw.version}: {len(fw.sections)} sections, {fw.item_count} items, {len(fw.tools)} tools, {len(fw.rules)} rules")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from engine.bundle import load_bundle
    from tui.cli import run_tui

    load_bundle(args.path)  # refuse a broken file before the screen is taken over
    return run_tui(bundle=args.path, ascii=getattr(args, "ascii", False))
