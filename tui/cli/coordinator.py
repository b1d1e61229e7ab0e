"""The coordinator's commands: `coordinate`, `merge`, `stats`, `submit`, `invite`, `import`, `export`.

Members `submit` their finished bundle to a drop folder; the coordinator `merge`s the folder
(seeing who completed, never how), reads the numbers with `stats`, writes the invitation with
`invite`, and can `import` a survey tool's CSV or `export` one bundle as CSV for a spreadsheet.
`coordinate` opens the same folder in the TUI: completion, table, findings, the action plan.
Bad input is an `AccordError`: one line on stderr, exit code 2, nothing written.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.numbers import fmt
from accord_partnership.exports.textsafe import one_line
from accord_partnership.tui.cli import options
from accord_partnership.tui.cli.output import check_out, emit, emit_json, note, release_hook, say, write_out

if TYPE_CHECKING:
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.model import Framework
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.engine.results import MergedResults
    from accord_partnership.engine.rounds import Round


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("coordinate", help="open a folder of members' bundles in the TUI: completion, results, action plan")
    p.add_argument("folder", metavar="FOLDER", help="the folder members returned their bundles to")
    p.add_argument("--roster", metavar="FILE", help="expected members, one name or email per line: see who has not returned a bundle")
    options.results_options(p, private="include private sections (e.g. the Chair's Leadership scorecard)",
                            framework_help="merge only bundles of this framework (default: the folder's bundles decide)")
    p.set_defaults(func=cmd_coordinate)

    p = sub.add_parser("merge", help="merge members' bundles (files or folders) into anonymous partnership results")
    p.add_argument("paths", nargs="+", metavar="PATH", help="bundle files (.toml or Accord .csv) or folders of them")
    options.out(p, help="write the merged results here (default: print them)")
    options.skip_bad(p)
    p.add_argument("--with-notes", action="store_true", help="carry members' notes, unattributed and sorted")
    p.add_argument("--roster", metavar="FILE", help="expected members, one name or email per line: report who has not returned a bundle")
    options.results_options(p, private="include private sections (e.g. the Chair's Leadership scorecard)",
                            framework_help="the framework to merge; other bundles are bad files (default: the bundles decide, all one framework)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("stats", help="statistics per item from merged results, a bundle or a folder of bundles")
    p.add_argument("path", metavar="MERGED", help="a merged file, a single bundle, or a folder of bundles")
    p.add_argument("--csv", metavar="FILE", help="write one row per item as CSV ('-' for stdout)")
    options.excel(p)
    options.json(p, help="print the rows as JSON")
    p.add_argument("--format", dest="stats_format", choices=("text", "xlsx"), default="text",
                   help="xlsx: an Excel workbook (needs --out): a sheet and a radar chart per scorecard, the overall "
                        "pattern with its radar, and the per-item table")
    options.out(p, dest="stats_out", help="the workbook to write (--format xlsx)")
    options.plan(p, help="action plan file: its targets go beside the means and on the radars")
    options.skip_bad(p, help="folders: skip (and list) bad files")
    options.results_options(p)
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser(
        "submit", help="return your answers to the partnership's drop folder, anonymously (submit again to correct them)"
    )
    p.add_argument("bundle", metavar="BUNDLE")
    p.add_argument("folder", metavar="DIR")
    options.include_private(p, help="also share your private sections (left out by default)")
    p.add_argument("--no-role", action="store_true", help="leave your role out of your answers (if you are the only one in it)")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("invite", help="write the members' instructions, ready to paste into an email")
    p.add_argument("framework", metavar="FRAMEWORK")
    p.add_argument("--deadline", required=True, metavar="DATE", help="the date to finish by, e.g. 2026-12-11")
    p.add_argument("--return", dest="how_to_return", required=True, metavar="TEXT", help="how members return their file")
    p.add_argument("--partnership", default="", metavar="NAME")
    p.add_argument("--folder", default="", metavar="DIR", help="the drop folder, shown in the `accord submit` example")
    options.out(p)
    p.set_defaults(func=cmd_invite)

    p = sub.add_parser(
        "import",
        help="make one bundle per respondent from a survey export (CSV/TSV/.xlsx) or returned Excel scorecards",
        description="Reads Microsoft Forms, Google Forms, LimeSurvey, SurveyMonkey, Qualtrics, Typeform and QuestionPro "
        "exports (.xlsx, or CSV/TSV in UTF-8, UTF-16 or Windows-1252), Accord's survey template, and scorecard workbooks "
        "made by `accord show FRAMEWORK --format xlsx` (one file or a folder of them).",
    )
    p.add_argument("framework", metavar="FRAMEWORK")
    p.add_argument("csv_path", metavar="FILE", help="a survey export, a returned scorecard workbook, or a folder of workbooks")
    p.add_argument("--out-dir", required=True, metavar="DIR", help="folder for the new bundles (nothing is overwritten)")
    p.add_argument("--partnership", default="", metavar="NAME")
    p.add_argument("--include-partial", action="store_true", help="keep partial (unsubmitted) responses, left out by default")
    p.add_argument("--dates", choices=("dmy", "mdy"), help="day/month order of dates such as 3/4/2026 when the file cannot tell")
    p.add_argument("--role-column", metavar="HEADING", help="the column (heading or number) that holds each member's role or organisation")
    p.add_argument("--sheet", metavar="NAME", help="the sheet of an .xlsx export to read (default: the one whose headings match the items)")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", help="one member's answers as a long-form CSV (one row per answer)")
    p.add_argument("bundle", metavar="BUNDLE")
    p.add_argument("--csv", action="store_true", help="CSV (the default and only format)")
    options.excel(p)
    options.out(p)
    p.set_defaults(func=cmd_export)


def _note(message: str) -> None:
    note(f"accord: {one_line(message)}")


def _min_group(value: int | None, *stored: int) -> int:
    from accord_partnership.engine.privacy import min_group_for

    return min_group_for(value, *stored)


# --- coordinate ----------------------------------------------------------------------------------


def cmd_coordinate(args: argparse.Namespace) -> int:
    from accord_partnership.tui.cli import run_tui
    from accord_partnership.tui.coordinate import check_coordinate

    # a missing folder or a bad roster is refused here, before the screen is taken over
    request = check_coordinate(
        args.folder, args.roster, min_group=_min_group(args.min_group), include_private=args.include_private,
        framework=args.framework, release_anyway=args.release_anyway,
    )
    return run_tui(coordinate=request, ascii=getattr(args, "ascii", False))


# --- merge ---------------------------------------------------------------------------------------


def cmd_merge(args: argparse.Namespace) -> int:
    from accord_partnership.engine.merge import MergeOptions, merge_paths
    from accord_partnership.engine.roster import completion, load_roster
    from accord_partnership.exports.merged_file import merged_to_toml

    options = MergeOptions(
        include_private=args.include_private,
        with_notes=args.with_notes,
        min_group=_min_group(args.min_group),
        skip_bad=args.skip_bad,
        framework=args.framework,
    )
    if args.framework is not None:
        from accord_partnership.engine.ids import check_framework_id

        check_framework_id(args.framework)
    roster = load_roster(args.roster) if args.roster else None
    if args.out:  # before reading anything: never over a bundle, nor any file without --force
        check_out(args.out, force=args.force)
    report = _merge_with_progress(args.paths, options, exclude=[args.out] if args.out else ())
    release_hook(args)(report)
    results = report.results
    text = merged_to_toml(results, report.framework)
    if args.out:
        write_out(args.out, text, force=args.force)
    else:
        say(text, end="")
    done = completion(results.completed, results.respondents, results.anonymous, roster)
    skipped = f"; skipped {len(report.skipped)} bad file{'s' if len(report.skipped) != 1 else ''}" if report.skipped else ""
    lines = [
        f"merged {results.respondents} bundle{'s' if results.respondents != 1 else ''} of {report.framework.id} "
        f"{report.framework.version} ({results.anonymous} anonymous){skipped}" + (f" into {args.out}" if args.out else "")
    ]
    if roster is not None:
        lines.append(done.summary())
        if done.missing:
            lines.append("not yet returned: " + ", ".join(one_line(m) for m in done.missing))
        if done.unlisted:
            lines.append("completed but not on the roster: " + ", ".join(one_line(m) for m in done.unlisted))
    for line in lines:
        (say if args.out else note)(line)
    return 0


# --- stats ---------------------------------------------------------------------------------------


def _merge_with_progress(paths: Any, options: Any, *, exclude: Any = ()) -> Any:
    """`merge_paths` with a progress bar on a terminal when it takes more than a moment."""
    from accord_partnership.engine.merge import merge_paths
    from accord_partnership.tui.cli.progress import Progress

    bar: Progress | None = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress("Reading bundles", total)
        bar.advance(done - bar.done)

    try:
        return merge_paths(paths, options, exclude=exclude, progress=progress if sys.stderr.isatty() else None)
    finally:
        if bar is not None:
            bar.__exit__()


def _load_for_stats(args: argparse.Namespace) -> Round:
    from accord_partnership.engine.rounds import load_round

    return load_round(args.path, include_private=True if args.include_private else None, min_group=_min_group(args.min_group),
                      skip_bad=args.skip_bad, framework=args.framework, on_merge=release_hook(args))


def cmd_stats(args: argparse.Namespace) -> int:
    from accord_partnership.exports.csv_out import csv_text
    from accord_partnership.exports.stats_table import stats_rows

    if args.stats_format == "xlsx" and not args.stats_out:
        raise AccordError("--format xlsx writes a workbook: give --out FILE.xlsx")
    if args.stats_out and args.stats_format != "xlsx":
        raise AccordError("--out is for --format xlsx (the CSV goes to --csv FILE)")
    for out in (args.csv, args.stats_out):
        if out and out != "-":
            check_out(out, force=args.force)
    plan = options.read_plan(args)
    found = _load_for_stats(args)
    results, framework = found.results, found.framework
    min_group = _min_group(args.min_group, results.min_group)
    if args.stats_out:
        _write_workbook(args, framework, results, min_group, plan)
    if plan is not None and args.stats_format != "xlsx":
        _note("--plan: the targets go into the workbook (--format xlsx); the table here has none")
    if args.stats_out and not args.csv and not args.json:
        return 0
    header, rows = stats_rows(framework, results, min_group)
    if args.csv:
        emit(csv_text(header, rows, excel=args.excel), args.csv, force=args.force)
    if args.json:
        emit_json([dict(zip(header, row)) for row in rows])
    if not args.csv and not args.json:
        _print_stats(framework, results, header, rows)
    return 0


def _write_workbook(args: argparse.Namespace, framework: Framework, results: MergedResults, min_group: int, plan: ActionPlan | None) -> None:
    """The Mean Chart workbook (exports.stats_xlsx), from the report model (same radars, same targets)."""
    from accord_partnership.engine.analysis import analyse
    from accord_partnership.exports.report_common import build_model
    from accord_partnership.exports.stats_xlsx import stats_workbook

    if plan is not None:
        from accord_partnership.engine.rounds import check_plan_fits

        check_plan_fits(plan, framework, path=args.plan)
    model = build_model(framework, results, analyse(framework, results, min_group=min_group), plan=plan)
    write_out(args.stats_out, stats_workbook(model), force=args.force)
    note(f"wrote {args.stats_out}")


def _print_stats(framework: Any, results: Any, header: list[str], rows: list[list[Any]]) -> None:
    def cell(value: Any) -> str:
        return "–" if value is None or value == "" else (fmt(value, 2) if isinstance(value, float) else str(value))

    say(f"{one_line(framework.title)} ({framework.id} {framework.version}): {results.respondents} respondent{'s' if results.respondents != 1 else ''}")
    width = min(44, max((len(one_line(r[3])) for r in rows), default=10))
    current = None
    for row in rows:
        if row[1] != current:
            current = row[1]
            say(f"\n{one_line(framework.section(current).title)}")
            say(f"  {'item':<{width}}  {'n':>4} {'N/A':>4} {'mean':>5} {'sd':>5}")
        note = f"  ({row[header.index('withheld')]})" if row[header.index("withheld")] else ""
        if row[header.index("yes")] is not None:
            note = f"  yes {row[header.index('yes')]}, no {row[header.index('no')]}" + note
        say(f"  {one_line(row[3], width):<{width}}  {cell(row[4]):>4} {cell(row[5]):>4} {cell(row[6]):>5} {cell(row[10]):>5}{note}")


# --- submit --------------------------------------------------------------------------------------


def _read_bundle(path: str) -> tuple[Any, Any]:
    if path.lower().endswith(".csv"):
        from accord_partnership.engine.bundle_csv import read_bundle_csv

        return read_bundle_csv(path)
    from accord_partnership.engine.bundle import load_bundle

    return load_bundle(path)


def cmd_submit(args: argparse.Namespace) -> int:
    from accord_partnership.exports.drop_folder import folder_access, return_token, submit

    bundle, framework = _read_bundle(args.bundle)
    folder = Path(args.folder)
    if not folder.is_dir():
        raise AccordError("no such folder (the partnership's drop folder)", folder)
    folder_access(folder)  # a folder whose files the coordinator could not read is refused before anything
    private = {s.id for s in framework.sections if s.private}
    dropped = [key for key in bundle.answers if key[0] in private]
    if dropped and not args.include_private:
        for key in dropped:
            del bundle.answers[key]
        for section_id in private:
            bundle.matrix.pop(section_id, None)
        titles = ", ".join(framework.section(s).title for s in sorted({k[0] for k in dropped}))
        _note(f"left out your private answers ({titles}); --include-private shares them")
    shared = [s for s in framework.sections if not s.private or args.include_private]
    done = sum(bundle.progress(framework, s)[0] for s in shared)
    total = sum(bundle.progress(framework, s)[1] for s in shared)
    if done < total:
        _note(f"{done} of {total} items answered; submitting anyway")
    result = submit(bundle, framework, folder, return_token(bundle, Path(args.bundle)), keep_role=not args.no_role)
    what = "replaced your earlier answers in" if result.replaced else "returned your answers to"
    listed = "your name is listed" if (bundle.respondent.strip() or bundle.email.strip()) else "you are counted, anonymously,"
    say(f"{what} {folder}: no name, email or time goes with them; {listed} in {result.register.name}")
    return 0


# --- invite --------------------------------------------------------------------------------------


def cmd_invite(args: argparse.Namespace) -> int:
    from accord_partnership.engine.catalog import framework_from_arg
    from accord_partnership.exports.invite import invite_text
    try:
        deadline = date.fromisoformat(args.deadline.strip())
    except ValueError:
        raise AccordError(f"--deadline '{args.deadline}': give a date like 2026-12-11") from None
    if not args.how_to_return.strip():
        raise AccordError("--return: say how members return their file, e.g. \"accord submit FILE S:/CSP/returns\"")
    if args.out:
        check_out(args.out, force=args.force)
    framework = framework_from_arg(args.framework)
    text = invite_text(framework, deadline=deadline, how_to_return=args.how_to_return, partnership=args.partnership, drop_folder=args.folder)
    emit(text, args.out, force=args.force)
    return 0


# --- import --------------------------------------------------------------------------------------


def import_names(framework_id: str, bundles: list[Any]) -> list[str]:
    """One file name per imported respondent, fixed by the row so a second import collides.

    The framework id is checked against the one id pattern (`engine.ids`) and names are slugs
    (letters, digits, dashes), so neither an id nor a respondent's name can point outside the
    target folder.
    """
    from accord_partnership.engine.ids import check_framework_id
    from accord_partnership.exports.bundle_file import slug

    names = []
    base = check_framework_id(framework_id)
    for n, bundle in enumerate(bundles, start=1):
        who = bundle.respondent or bundle.email.split("@")[0]
        who_slug = slug(who) if who.strip() else "anonymous"
        names.append(f"{base}-{n:04d}-{'anonymous' if who_slug == 'assessment' else who_slug}.toml")
    return names


def cmd_import(args: argparse.Namespace) -> int:
    from accord_partnership.engine.catalog import framework_from_arg
    from accord_partnership.exports.bundle_file import save_bundles_together
    from accord_partnership.tui.cli.progress import Busy, Progress

    framework = framework_from_arg(args.framework)
    source = Path(args.csv_path)
    with Busy(f"Reading {one_line(source.name)}"):
        bundles, warnings, summary = _read_import(framework, source, args)
    out_dir = Path(args.out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise AccordError("exists and is not a folder", out_dir)
    names = import_names(framework.id, bundles)
    for name in names:
        target = out_dir / name
        if target.exists() or target.is_symlink():
            raise AccordError(f"already exists; nothing written ({len(names)} bundles would be imported)", target)
    for warning in warnings:
        _note(warning)
    with _terminate_as_interrupt(), Progress("Writing bundles", len(names)) as progress:
        written = save_bundles_together(out_dir, list(zip(names, bundles)), framework, advance=progress.advance)
    _note(summary)
    say(f"imported {len(written)} bundle{'s' if len(written) != 1 else ''} into {one_line(str(out_dir))}")
    return 0


def _read_import(framework: Framework, source: Path, args: argparse.Namespace) -> tuple[list[Bundle], list[str], str]:
    """(bundles, warnings, summary line) from a survey export, a scorecard workbook or a folder of them
    (`engine.rounds.survey_bundles`, the reading `accord import` and a survey round share)."""
    from accord_partnership.engine.rounds import SurveySource, survey_bundles

    found = survey_bundles(framework, source, SurveySource(
        framework.id, partnership=args.partnership, include_partial=args.include_partial, dates=args.dates,
        role_column=args.role_column, sheet=args.sheet,
    ))
    return [b for _where, b in found.bundles], found.warnings, found.summary


class _terminate_as_interrupt:  # noqa: N801 - used as a context manager
    """SIGTERM ends the command as ctrl+c does, so all-or-nothing writes can undo their work."""

    def __enter__(self) -> None:
        import signal

        def handler(signum: int, frame: Any) -> None:
            interrupt = KeyboardInterrupt()
            interrupt.signal_exit = True  # type: ignore[attr-defined]  # main() exits 143, not ctrl+c's 130
            raise interrupt

        try:
            self.previous = signal.signal(signal.SIGTERM, handler)
        except ValueError:  # not the main thread
            self.previous = None

    def __exit__(self, *exc: object) -> None:
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


# --- export --------------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from accord_partnership.exports.csv_out import bundle_csv_text

    if args.out:
        check_out(args.out, force=args.force)
    bundle, framework = _read_bundle(args.bundle)
    emit(bundle_csv_text(bundle, framework, excel=args.excel), args.out, force=args.force)
    return 0
