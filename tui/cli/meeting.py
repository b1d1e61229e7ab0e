"""`accord summary` (the meeting view on stdout) and `accord report` (the committee report file).

Both read a merged results file, one bundle (its owner's own scores) or a folder of bundles.
Start-up stays light: nothing heavier than the engine is imported until a command runs, Rich
only when colour is on, and never Textual or pandas.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord_partnership.tui.cli import options

if TYPE_CHECKING:
    from accord_partnership.engine.plan import ActionPlan
    from accord_partnership.engine.report_settings import ReportDetails
    from accord_partnership.exports.report_common import ReportModel

DEFAULT_WIDTH = 80
MIN_WIDTH = 40


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "summary",
        help="print a meeting-ready summary of results (radar, means and spread, weakest, disagreements, guidance)",
        description="Print a meeting-ready summary of merged results, one bundle or a folder of bundles.",
    )
    p.add_argument("path", metavar="FILE", help="merged results file, a bundle, or a folder of bundles")
    options.section(p)
    options.ascii(p, dest="summary_ascii")
    options.text_width(p, default_width=DEFAULT_WIDTH)
    p.add_argument("--bars", action="store_true", help="also print the distribution of answers for every item")
    options.plan(p, help="action plan file: its targets are drawn as a second polygon")
    options.threshold(p)
    options.results_options(p, private=None)  # a summary is for one's own screen: what the results hold
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser(
        "report",
        help="write the committee report (SCSN reporting template) as Markdown, self-contained HTML or Word (.docx)",
        description="Write a report following the SCSN Partnership Self Assessment Reporting Template.",
    )
    p.add_argument("path", metavar="MERGED", help="merged results file, a bundle, or a folder of bundles")
    p.add_argument("--format", choices=("md", "html", "docx"), help="md, html or docx (default: from the --out file name; docx needs --out)")
    p.add_argument("--detail", metavar="LEVEL", default="full",
                   help="summary: what a board reads (radars, commentary, recommendations, action plan), without the "
                        "per-item tables, answer charts and notes; full (default): everything")
    options.out(p, dest="report_out", help="file to write (an existing file only with --force); default: stdout")
    options.plan(p, help="action plan file (accord plan init) for Appendix A, targets and agreed scores")
    p.add_argument("--baseline", metavar="BASELINE",
                   help="an earlier round (merged file, bundle or bundle folder, same framework): radars show both "
                        "rounds and a section shows the change since it")
    p.add_argument("--rounds", nargs="+", metavar="ROUND",
                   help="earlier rounds (folders of returns, merged files), oldest first: the report gains a section "
                        "with the averages of every round, these and its own last")
    p.add_argument("--paired", action="store_true",
                   help="with --baseline: also compare only members who answered both rounds (bundle folders)")
    p.add_argument("--title", metavar="T", help="report title (default: from the partnership name)")
    p.add_argument("--background", metavar="TEXT_OR_FILE", help="text for the optional Background section, or a file holding it")
    p.add_argument("--date", metavar="DATE", help="date printed on the report (default: today)")
    p.add_argument("--settings", metavar="FILE",
                   help="report settings (author, job title, contact details...; default: report.toml in the data folder)")
    p.add_argument("--author", metavar="NAME", help="Author Name (overrides the settings file)")
    p.add_argument("--job-title", metavar="T", help="Job Title")
    p.add_argument("--contact-name", metavar="NAME", help="Contact Details: Name")
    p.add_argument("--telephone", metavar="N", help="Contact Details: Telephone Number")
    p.add_argument("--email", metavar="ADDRESS", help="Contact Details: Email Address")
    p.add_argument("--related", metavar="TEXT_OR_FILE", help="Background or Related Reports")
    p.add_argument("--financial", metavar="TEXT_OR_FILE", help="text for 4. Financial Implications, or a file holding it")
    options.threshold(p)
    options.results_options(p, private="keep private sections (the Chair's Leadership scorecard) if the results hold them")
    p.set_defaults(func=cmd_report)


# ---------------------------------------------------------------------------------------------


def _model(args: argparse.Namespace, *, plan: ActionPlan | None = None, title: str | None = None, background: str = "",
           detail: str = "full") -> ReportModel:
    """Load results, analyse them and build the report model (`tui.workflows.rounds.report_model`);
    bad input raises AccordError."""
    from accord_partnership.tui.cli.output import release_hook
    from accord_partnership.tui.workflows.rounds import report_model

    # a report is for circulation: private sections only when asked for (a summary is for one's own screen)
    private = None if getattr(args, "include_private", None) is None else (True if args.include_private else False)
    model = report_model(
        args.path, threshold=args.threshold, min_group=args.min_group, framework=args.framework, include_private=private,
        section=getattr(args, "section", None), plan=plan, baseline=getattr(args, "baseline", None),
        paired=bool(getattr(args, "paired", False)), title=title, background=background, detail=detail, on_merge=release_hook(args),
        rounds=getattr(args, "rounds", None) or (),
    )
    if model.trend is not None:
        from accord_partnership.tui.cli.output import note

        for warning in model.trend.warnings:
            note(f"accord: warning: {warning}")
    return model


def _use_colour(args: argparse.Namespace) -> bool:
    if args.no_color or os.environ.get("NO_COLOR", ""):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def _width(args: argparse.Namespace) -> int:
    from accord_partnership.engine.errors import AccordError

    if args.width is not None:
        if args.width < MIN_WIDTH:
            raise AccordError(f"--width must be at least {MIN_WIDTH}")
        return args.width
    width = DEFAULT_WIDTH
    if sys.stdout.isatty():
        import shutil

        columns = shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
        if MIN_WIDTH <= columns < width:
            width = columns
    return width


def cmd_summary(args: argparse.Namespace) -> int:
    from accord_partnership.exports.summary import summary_lines

    width = _width(args)
    plan = options.read_plan(args)
    model = _model(args, plan=plan)
    ascii = bool(getattr(args, "summary_ascii", False) or getattr(args, "ascii", False))
    lines = summary_lines(model, section_id=args.section, width=width, ascii=ascii, bars=args.bars)
    print_lines(args, width, lines)
    return 0


def print_lines(args: argparse.Namespace, width: int, lines: Any, styles: dict[str, str] | None = None) -> None:
    """Lines of `(text, role)` runs on stdout: in colour (`exports.summary.to_rich`, `styles` per
    role) on a terminal unless NO_COLOR or --no-color, else plain; a closed pipe ends it quietly."""
    try:
        if _use_colour(args):
            from rich.console import Console

            from accord_partnership.exports.summary import to_rich

            console = Console(file=sys.stdout, width=width, highlight=False, markup=False, emoji=False, soft_wrap=True)
            console.print(to_rich(lines, styles), crop=False, overflow="ignore")
        else:
            from accord_partnership.exports.summary import to_plain
            from accord_partnership.tui.cli.output import say

            say(to_plain(lines), end="")
        sys.stdout.flush()
    except BrokenPipeError:  # `accord summary FILE | head`: stop quietly, and keep exit-time flushing quiet too
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError, AttributeError):
            pass


def _background(value: str | None) -> str:
    if not value:
        return ""
    path = Path(value)
    if "\n" not in value and len(value) < 4096 and path.is_file():
        from accord_partnership.engine.errors import AccordError
        from accord_partnership.engine.textio import read_text

        return read_text(path, AccordError)
    return value


def _details(args: argparse.Namespace) -> ReportDetails:
    """The template's spaces: the settings file (given once), with command-line options over it."""
    from accord_partnership.engine.report_settings import report_details

    return report_details(args.settings).merged(
        author=args.author, job_title=args.job_title, contact_name=args.contact_name, telephone=args.telephone,
        email=args.email, related=_background(args.related), financial=_background(args.financial),
    )


def cmd_report(args: argparse.Namespace) -> int:
    from accord_partnership.engine.errors import AccordError

    out = args.report_out
    fmt = args.format
    if fmt is None:
        suffix = Path(out).suffix.lower() if out else ""
        fmt = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".docx": "docx"}.get(suffix)
        if fmt is None:
            raise AccordError("say --format md, html or docx (or use an --out file ending .md, .html or .docx)")
    if fmt == "docx" and (not out or out == "-"):
        raise AccordError("--format docx writes a Word document: give --out FILE.docx")
    from accord_partnership.exports.report_common import report_parts

    try:
        report_parts(args.detail)
    except ValueError as exc:
        raise AccordError(f"--{exc}") from None  # "--detail must be summary or full, not 'x'"
    if out:
        from accord_partnership.tui.cli.output import check_out

        check_out(out, force=args.force)
    plan = options.read_plan(args)
    background = _background(args.background)
    model = _model(args, plan=plan, title=args.title, background=background, detail=args.detail)
    details = _details(args)
    date = args.date
    if date is None:
        import datetime

        date = datetime.date.today().isoformat()
    if fmt == "docx":
        from accord_partnership.exports.report_docx import report_docx
        from accord_partnership.tui.cli.output import note, write_out

        write_out(out, report_docx(model, date=date, details=details), force=args.force)
        note(f"wrote {out}")
        return 0
    if fmt == "md":
        from accord_partnership.exports.report_md import report_markdown

        text = report_markdown(model, date=date, details=details)
    else:
        from accord_partnership.exports.report_html import report_html

        text = report_html(model, date=date, details=details)
    from accord_partnership.tui.cli.output import emit

    emit(text, out, force=args.force)
    return 0
