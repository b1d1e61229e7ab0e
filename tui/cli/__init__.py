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


#: The module (in tui/cli/) that registers each command, in the order `accord --help` lists them
#: (tests/test_start_paths.py checks this against what the modules register).
COMMANDS: dict[str, str] = {
    **dict.fromkeys(("frameworks", "show", "validate", "open"), "frameworks"),
    **dict.fromkeys(("coordinate", "merge", "stats", "submit", "invite", "import", "export"), "coordinator"),
    **dict.fromkeys(("summary", "report"), "meeting"),
    **dict.fromkeys(("plan", "compare"), "plans"),
    "trend": "trend",
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `accord` parser. `command` (see `command_of`): "" builds no command's options (the TUI),
    a name in `COMMANDS` only its module's commands, None every command. Building all of them
    costs more than the rest of starting `accord summary` (argparse makes a help formatter per
    option), so a command builds only its own."""
    import importlib

    parser = _Parser(prog="accord", description="Guided partnership self-assessment.")
    parser.add_argument("--out", metavar="PATH", help="save a new assessment to PATH instead of the data folder")
    parser.add_argument("--ascii", action="store_true", help="ASCII borders and charts for terminals without box drawing")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    if command is None or command in COMMANDS:
        names = list(dict.fromkeys(COMMANDS.values())) if command is None else [COMMANDS[command]]
        for name in names:
            importlib.import_module(f"accord_partnership.tui.cli.{name}").register(sub)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The command `argv` runs: "" for none (the TUI), a name, or None when it cannot be told
    without argparse (an option other than `--ascii` or `--out PATH` first, such as `--help`, or
    an unknown name): then every command is built and argparse decides, as always."""
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--ascii" or token.startswith("--out="):
            i += 1
        elif token == "--out":
            i += 2
        elif token.startswith("-"):
            return None
        else:
            return token if token in COMMANDS else None
    return ""


def main(argv: Sequence[str] | None = None) -> int:
    from accord_partnership.tui.terminal import install_output_fallback, needs_ascii

    install_output_fallback()  # a latin-1 or ASCII terminal gets stand-ins, never a traceback
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(command_of(argv)).parse_args(argv)
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
