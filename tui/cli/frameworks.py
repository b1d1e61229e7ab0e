"""`accord frameworks`, `accord show`, `accord validate`, `accord open`."""

from __future__ import annotations

import argparse

from accord_partnership.engine.catalog import all_frameworks, framework_from_arg, user_frameworks_dir
from accord_partnership.engine.loader import load_framework
from accord_partnership.engine.numbers import plural
from accord_partnership.exports.framework_out import framework_csv_template, framework_markdown, framework_summary, framework_text, framework_to_dict
from accord_partnership.exports.textsafe import one_line
from accord_partnership.tui.cli import options
from accord_partnership.tui.cli.output import check_out, emit, emit_json, note, say, write_out


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("frameworks", help="list built-in and user frameworks")
    options.json(p)
    p.set_defaults(func=cmd_frameworks)

    p = sub.add_parser("show", help="print a framework: JSON, or a blank paper copy (text, Markdown, survey CSV template)")
    p.add_argument("framework", help="framework id or path to a framework file")
    options.json(p, help="the whole framework as JSON")
    p.add_argument(
        "--format",
        choices=("text", "md", "csv", "limesurvey", "xlsx"),
        default="text",
        help="blank copy format (default text); limesurvey: a survey structure to import into LimeSurvey (.txt); "
        "xlsx: a fillable Excel scorecard (needs --out)",
    )
    options.out(p)
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
        note(f"accord: skipped {one_line(str(error))}")
    if args.json:
        emit_json(rows)
        return 0
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        where = "built-in" if r["builtin"] else "user"
        say(f"{r['id']:<{width}}  {one_line(r['title'], 60)}")
        say(f"{'':<{width}}  {plural(r['sections'], 'section')}, {plural(r['items'], 'item')}, about {r['minutes']} min · {one_line(r['source'])} · {where}")
    say(f"\nYour own frameworks go in: {user_frameworks_dir()}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    if args.out:
        check_out(args.out, force=args.force)
    fw = framework_from_arg(args.framework)
    if args.json:
        emit_json(framework_to_dict(fw))
    elif args.format == "md":
        emit(framework_markdown(fw), args.out, force=args.force)
    elif args.format == "csv":
        emit(framework_csv_template(fw), args.out, force=args.force)
    elif args.format == "limesurvey":
        from accord_partnership.exports.limesurvey import limesurvey_tsv

        emit(limesurvey_tsv(fw), args.out, force=args.force)
    elif args.format == "xlsx":
        from accord_partnership.engine.errors import AccordError
        from accord_partnership.exports.scorecard_xlsx import scorecard_xlsx

        if not args.out:
            raise AccordError("--format xlsx writes a workbook: give --out FILE.xlsx")
        write_out(args.out, scorecard_xlsx(fw), mode=0o644, force=args.force)
        note(f"wrote {one_line(args.out)}")
    else:
        emit(framework_text(fw), args.out, force=args.force)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from accord_partnership.engine.bundle import BUNDLE_FORMAT, load_bundle
    from accord_partnership.engine.bundle_csv import COLUMNS, bundle_from_csv_text
    from accord_partnership.engine.errors import FrameworkError
    from accord_partnership.engine.textio import load_toml, read_text

    text = read_text(args.path, FrameworkError)
    if text.split("\n", 1)[0].strip().replace('"', "").split(",") == list(COLUMNS):
        # Accord's own bundle CSV (`accord export --csv`), which `merge` reads too
        from pathlib import Path

        bundle, framework = bundle_from_csv_text(text, Path(args.path))
        done, total = bundle.progress(framework)
        say(f"{args.path}: ok — bundle CSV for {framework.id} version {framework.version}: {done} of {total} items answered")
        return 0
    data, _text = load_toml(args.path, FrameworkError)
    if data.get("format") == BUNDLE_FORMAT:
        bundle, framework = load_bundle(args.path)
        done, total = bundle.progress(framework)
        say(f"{args.path}: ok — bundle for {framework.id} version {framework.version}: {done} of {total} items answered")
        return 0
    fw = load_framework(args.path)
    say(f"{args.path}: ok — {fw.id} version {fw.version}: {plural(len(fw.sections), 'section')}, {plural(fw.item_count, 'item')}, {plural(len(fw.tools), 'tool')}, {plural(len(fw.rules), 'rule')}")
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from accord_partnership.engine.bundle import load_bundle
    from accord_partnership.tui.cli import run_tui

    load_bundle(args.path)  # refuse a broken file before the screen is taken over
    return run_tui(bundle=args.path, ascii=getattr(args, "ascii", False))
