"""Reading text and TOML input safely, with errors that name the file and the line."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord_partnership.engine.errors import AccordError, FrameworkMismatch, check_same_framework

#: A value a TOML file can hold (what a tool's answers are made of).
TomlValue = str | int | float | bool | list["TomlValue"] | dict[str, "TomlValue"]
#: The answers to one interactive tool, as a bundle or a plan saves them (`engine.tools` checks them).
ToolAnswers = dict[str, TomlValue]

if TYPE_CHECKING:  # pragma: no cover
    from accord_partnership.engine.model import Framework, Item, Section

# rtoml (Rust's `toml` crate) reads TOML about 3.5x faster than tomli, the stdlib's tomllib compiled;
# tomli (imported only when rtoml refuses a text) gives the located error messages.
from rtoml import loads as _fast_loads

_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)")
_AT_EOF = re.compile(r"\s*\(at end of document\)")


#: The largest file Accord reads (bundles, merged files, plans, rosters, frameworks, CSV exports).
#: A 10,000-item framework is about 5 MB; anything near this is not something a person wrote.
MAX_INPUT_BYTES = 64 * 1024 * 1024
#: Tables and arrays nested deeper than this are refused: Accord's deepest file nests 5 levels.
MAX_NESTING = 32
_NONBLOCK = getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_bytes(
    path: str | Path, error: type[AccordError] = AccordError, *, limit: int = MAX_INPUT_BYTES, prefix: int | None = None
) -> bytes:
    """The bytes of a regular file, or `error` with a one-line reason naming the file.

    The one way Accord reads an input file. Files in a shared drop folder are hostile ground: a
    named pipe would block for ever and `/dev/zero` (or a symbolic link to it) would fill memory,
    so the file is opened without blocking, checked to be a regular file, and read only up to
    `limit` bytes (default `MAX_INPUT_BYTES`). Symbolic links to regular files are followed.
    `prefix=N` returns only the first N bytes, whatever the file's size.
    """
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | _NONBLOCK)
    except FileNotFoundError:
        raise error("no such file", p) from None
    except IsADirectoryError:
        raise error("is a directory, expected a file", p) from None
    except PermissionError:
        raise error("permission denied", p) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", p) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise error("is a directory, expected a file", p)
        if not stat.S_ISREG(st.st_mode):
            raise error(f"is {_kind(st.st_mode)}, not a regular file; not read", p)
        if prefix is not None:
            return os.read(fd, prefix)
        if st.st_size > limit:
            raise error(f"is too large ({_megabytes(st.st_size)}; at most {_megabytes(limit)})", p)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # grew while being read
                raise error(f"is too large (more than {_megabytes(limit)})", p)
        return b"".join(chunks)
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", p) from None
    finally:
        os.close(fd)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):,.1f} MB" if size >= 1024 * 1024 else f"{size:,} bytes"


def read_text(path: str | Path, error: type[AccordError] = AccordError, *, limit: int = MAX_INPUT_BYTES) -> str:
    """Read a UTF-8 regular file (a BOM is dropped) via `read_bytes`, or raise `error` with a one-line reason."""
    p = Path(path)
    data = read_bytes(p, error, limit=limit)
    if not data.strip():
        raise error("file is empty", p)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"not valid UTF-8 (byte {exc.start})", p, line) from None
    return text.removeprefix("\ufeff")


def parse_toml(text: str, path: str | Path, error: type[AccordError] = AccordError) -> dict[str, Any]:
    """Parse TOML text; a syntax error, nesting deeper than `MAX_NESTING` or a number too long
    for Python becomes `error` with the file (and line where known).

    The data is exactly what the stdlib's `tomllib` gives (datetimes with `datetime.timezone`),
    read by rtoml; see `parse_toml_unchecked`.
    """
    data = parse_toml_unchecked(text, path, error)
    check_toml(data, path, error)
    return data


def parse_toml_unchecked(text: str, path: str | Path, error: type[AccordError] = AccordError) -> dict[str, Any]:
    """Parse TOML text without `check_toml`: for a reader that checks the shape itself (a
    merge's fast path, `engine.merge`), and must call `check_toml` before any other use.

    rtoml (Rust) parses; on any error of its own (a syntax error, but also TOML it refuses and
    tomli reads: a float beyond 1e308, an integer beyond 128 bits, nesting deeper than about 80)
    the text is parsed again by tomli, the stdlib's parser, so the data and the error messages are
    always tomli's: `error` naming the file and the line (tests/test_toml_parsers.py compares them). Until `check_toml`, the data may nest
    up to about 80 levels and its offset date-times carry rtoml's own tzinfo.
    """
    if text[:1] == "\ufeff":  # rtoml skips a byte order mark, tomli refuses it (`read_text` drops it before)
        return _tomli_loads(text, path, error)
    try:
        # tomli reads a CRLF in a multi-line string as "\n" (TOML lets a parser choose); rtoml keeps it
        data: dict[str, Any] = _fast_loads(text.replace("\r\n", "\n") if "\r" in text else text)
        return data
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # any refusal, a Rust panic too (pyo3's PanicException is no Exception): tomli decides, and says where
        return _tomli_loads(text, path, error)


def _tomli_loads(text: str, path: str | Path, error: type[AccordError]) -> dict[str, Any]:
    import tomli

    try:
        data: dict[str, Any] = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = None
        match = _AT_LINE.search(message)
        if match:
            line = int(match.group(1))
            message = _AT_LINE.sub("", message) + f" (column {match.group(2)})"
        elif _AT_EOF.search(message):
            line = text.count("\n") + 1
            message = _AT_EOF.sub("", message) + " (at end of file)"
        raise error(f"invalid TOML: {message}", path, line) from None
    except RecursionError:
        raise error(f"invalid TOML: arrays or tables nested too deeply (at most {MAX_NESTING} levels)", path) from None
    except (ValueError, OverflowError) as exc:  # e.g. an integer of thousands of digits
        raise error(f"invalid TOML: {str(exc).split(';')[0]}", path) from None
    return data


def check_toml(data: dict[str, Any], path: str | Path, error: type[AccordError] = AccordError) -> None:
    """`check_nesting`, and give every offset date-time the stdlib's `datetime.timezone` (as
    tomllib does) in place of rtoml's own tzinfo, so that parsed data is the same whichever
    parser read it."""
    check_nesting(data, path, error, normalise=True)


def check_nesting(
    data: Any, path: str | Path, error: type[AccordError] = AccordError, limit: int = MAX_NESTING, *, normalise: bool = False
) -> None:
    """Refuse data nested deeper than `limit` (later recursive code would otherwise fail).

    `normalise`: also replace a date-time's tzinfo that is not a `datetime.timezone` by the
    `datetime.timezone` of the same offset (UTC is `timezone.utc`), in place."""
    if not isinstance(data, (dict, list)):
        return
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            raise error(f"invalid TOML: arrays or tables nested too deeply (more than {limit} levels)", path)
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        for key, item in pairs:
            kind = type(item)
            if kind is str or kind is int:
                continue
            if kind is dict or kind is list or isinstance(item, (dict, list)):
                stack.append((item, depth + 1))
            elif normalise and kind is datetime and item.tzinfo is not None and type(item.tzinfo) is not timezone:
                value[key] = item.replace(tzinfo=timezone(item.utcoffset()))


def load_toml(path: str | Path, error: type[AccordError] = AccordError) -> tuple[dict[str, Any], str]:
    """Read and parse a TOML file; returns the data and the text (for locating later errors)."""
    text = read_text(path, error)
    return parse_toml(text, path, error), text


class LineLocator:
    """Finds the line of a key path such as ("sections", 2, "items", 0, "descriptors") in TOML text.

    Valid TOML carries no line numbers once parsed, so semantic errors are located by indexing the
    table headers (`[x]`, `[[x.y]]`) and keys of the text. Inline tables point at their parent key.
    """

    _HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
    _KEY = re.compile(r"""^\s*("(?:[^"\\]|\\.)*"|'[^']*'|[A-Za-z0-9_-]+)\s*(?:\.|=)""")

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[Any, ...], int] = {}
        counters: dict[tuple[Any, ...], int] = {}
        current: tuple[Any, ...] = ()
        in_multiline: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            header = self._HEADER.match(line)
            if header:
                keys = [self._unquote(k) for k in _split_dotted(header.group(2))]
                path: tuple[Any, ...] = ()
                for depth, key in enumerate(keys):
                    path = path + (key,)
                    is_last = depth == len(keys) - 1
                    if header.group(1) == "[[" and is_last:
                        index = counters.get(path, -1) + 1
                        counters[path] = index
                        # a new element resets the counters of everything nested under it
                        for other in [p for p in counters if len(p) > len(path) and p[: len(path)] == path]:
                            del counters[other]
                        path = path + (index,)
                    elif path in counters:
                        path = path + (counters[path],)
                current = path
                # implicit parent tables ([a.b.c] defines a and a.b) are located at their first use
                for end in range(1, len(current) + 1):
                    self.lines.setdefault(current[:end], number)
                continue
            found = self._KEY.match(line)
            if found:
                self.lines.setdefault(current + (self._unquote(found.group(1)),), number)
                for quote in ('"""', "'''"):
                    if line.count(quote) % 2 == 1:
                        in_multiline = quote

    @staticmethod
    def _unquote(key: str) -> str:
        key = key.strip()
        if len(key) >= 2 and key[0] == key[-1] and key[0] in "\"'":
            return key[1:-1]
        return key

    def line(self, *path: Any) -> int | None:
        """The line of the longest prefix of `path` that the text defines."""
        for end in range(len(path), 0, -1):
            found = self.lines.get(tuple(path[:end]))
            if found is not None:
                return found
        return None


def _split_dotted(key: str) -> list[str]:
    parts, buf, quote = [], "", ""
    for ch in key:
        if quote:
            buf += ch
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
            buf += ch
        elif ch == ".":
            parts.append(buf.strip())
            buf = ""
        else:
            buf += ch
    parts.append(buf.strip())
    return parts


def csv_rows(text: str, path: str | Path, *, delimiter: str = ",") -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row of CSV text, the header first; blank rows are skipped.

    Spreadsheets leave rows of empty cells behind, so those are not rows. A malformed row (bad
    quoting) raises `CsvError` naming its line.
    """
    import csv
    import io

    from accord_partnership.engine.errors import CsvError

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise CsvError(f"malformed CSV: {exc}", path, last + 1) from None
        line, last = last + 1, reader.line_num
        if line > 1 and not any(cell.strip() for cell in row):
            continue
        yield line, row


class FileChecks:
    """The checks every Accord data file starts with, raising errors located in the file.

    Valid TOML carries no line numbers, so the line index is built only when something is wrong.
    """

    def __init__(self, path: str | Path, text: str | None, error: type[AccordError]) -> None:
        self.path, self.text, self.error = path, text, error

    def fail(self, message: str, *where: Any) -> AccordError:
        return self.error(message, self.path, LineLocator(self.text).line(*where) if self.text is not None else None)

    def header(self, data: dict[str, Any], *, fmt: str, version: int, keys: Iterable[str], what: str, kind: str) -> None:
        """`format`, `format_version`, and no keys but `keys` at the top level."""
        if data.get("format") != fmt:
            raise self.fail(f'not {what} (expected format = "{fmt}")', "format")
        if data.get("format_version") != version:
            raise self.fail(f"unsupported {kind} format_version {data.get('format_version')!r} (expected {version})", "format_version")
        allowed = set(keys)
        for key in data:
            if key not in allowed:
                raise self.fail(f"unknown key '{key}'", key)

    def section(self, framework: Framework, section_id: str, *where: Any) -> Section:
        """`framework`'s section `section_id`; an unknown one is this file's error at `where`."""
        try:
            return framework.section(section_id)
        except KeyError:
            raise self.fail(f"unknown section '{section_id}' in framework {framework.id}", *where) from None

    def item(self, section: Section, item_id: str, *where: Any) -> Item:
        """`section`'s item `item_id`; an unknown one is this file's error at `where`."""
        try:
            return section.item(item_id)
        except KeyError:
            raise self.fail(f"unknown item '{item_id}' in section '{section.id}'", *where) from None

    def strings(self, data: dict[str, Any], keys: Iterable[str]) -> None:
        """Each of `keys` present in `data` holds a string."""
        for key in keys:
            if key in data and not isinstance(data[key], str):
                raise self.fail(f"'{key}' must be a string", key)

    def framework(self, data: dict[str, Any], kind: str, framework_for: Callable[[str], Framework] | None = None) -> Framework:
        """The framework a file names: `framework` (an id, checked as data and never used as a path),
        loaded by `framework_for` (default `engine.catalog.get_framework`), at the file's
        `framework_version`. `kind` starts the version message ("bundle", "plan", "results")."""
        from accord_partnership.engine.ids import framework_id_problem, is_framework_id

        fid = data.get("framework")
        if fid is None:
            raise self.fail("missing 'framework'", "format")
        if not isinstance(fid, str):
            raise self.fail("'framework' must be a string", "framework")
        if not is_framework_id(fid):  # data, never a path
            raise self.fail(framework_id_problem(fid), "framework")
        if framework_for is None:
            from accord_partnership.engine.catalog import get_framework

            framework_for = get_framework
        try:
            framework = framework_for(fid)
        except Exception as exc:  # unknown framework: say so in this file's terms
            raise self.fail(f"unknown framework '{fid}' ({getattr(exc, 'message', exc)})", "framework") from None
        version = data.get("framework_version", "")
        try:  # the one same-framework rule, said at this file's line in its own error type
            check_same_framework((fid, str(version)), (framework.id, framework.version), what=kind, against="this framework")
        except FrameworkMismatch as exc:
            raise self.fail(exc.message, "framework_version") from None
        return framework
