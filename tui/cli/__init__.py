"""The `accord` command. With no arguments it opens the TUI; subcommands work without it.

Each subcommand lives in a small module with a `register(subparsers)` function. Bad input is an
`AccordError`: one line on stderr naming the file (and line), exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from accord_partnership.engine.errors import AccordError

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors are bad input too: exit 2, one line
        self.print_usage(sys.stderr)
        _usage_exit(message)


def _usage_exit(message: str) -> NoReturn:
    from accord_partnership.exports.textsafe import one_line  # the message may quote an argument: never raw

    sys.stderr.write(f"accord: {one_line(message)}\n")
    raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    from accord_partnership.tui.cli import coordinator, frameworks, meeting, plans, trend

    parser = _Parser(prog="accord", description="Guided partnership self-assessment.")
    parser.add_argument("--out", metavar="PATH", help="save a new assessment to PATH instead of the data folder")
    parser.add_argument("--ascii", action="store_true", help="ASCII borders and charts for terminals without box drawing")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (frameworks, coordinator, meeting, plans, trend):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from accord_partnership.tui.terminal import install_output_fallback, needs_ascii

    install_output_fallback()  # a latin-1 or ASCII terminal gets stand-ins, never a traceback
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.ascii and needs_ascii():
        args.ascii = True  # charts and the TUI in ASCII where the terminal cannot show more
    try:
        if args.command is None:
            return run_tui(out=args.out, ascii=args.ascii)
        return int(args.func(args) or 0)
    except AccordError as exc:
        from accord_partnership.exports.textsafe import one_line

        sys.stderr.write(f"accord: {one_line(str(exc))}\n")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        return 143 if getattr(exc, "signal_exit", False) else 130  # 128 + SIGTERM, as the shell reports it
    except BrokenPipeError:  # `accord show x | head` is fine
        return 0
    except OSError as exc:  # the last net: a permission or disk problem is still one line, never a traceback
        from accord_partnership.exports.textsafe import one_line

        where = f"{exc.filename}: " if exc.filename else ""
        sys.stderr.write(f"accord: {one_line(where + (exc.strerror or str(exc)).lower())}\n")
        return EXIT_BAD_INPUT
    except (RecursionError, MemoryError, OverflowError) as exc:  # hostile input that got past the readers' checks
        reason = {RecursionError: "input nested too deeply", MemoryError: "input too large"}.get(type(exc), "a date or number out of range")
        sys.stderr.write(f"accord: {reason}\n")
        return EXIT_BAD_INPUT


def run_tui(*, out: str | None = None, bundle: str | None = None, ascii: bool = False, coordinate: Any = None) -> int:
    """The TUI: the start screen, or straight on a bundle (`bundle`) or a coordinator's folder
    (`coordinate`, a `tui.coordinate.CoordinateRequest`). Bad input raises before the screen is taken."""
    from accord_partnership.tui.app import AccordApp

    app = AccordApp(out_path=out, open_path=bundle, ascii=ascii, coordinate=coordinate)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
