"""Every CSV file Accord writes: safe to open in Excel, exact to read back.

Spreadsheet programs run a cell that starts with `=`, `+`, `-` or `@` as a formula (and a leading
tab or carriage return can hide one), so a note such as `=HYPERLINK(...)` would become a live
formula on the coordinator's machine. Text cells starting with one of those characters get a
leading apostrophe, which Excel and LibreOffice hide and treat as "this is text". A text cell that
already starts with an apostrophe gets one too, so the escape can always be undone exactly
(`unescape_cell`). Real numbers (Python `int`/`float`) are written as numbers and never quoted.

`excel=True` writes a UTF-8 byte-order mark first, which is how Excel recognises UTF-8.
Rows end with CRLF as RFC 4180 asks.
"""

from __future__ import annotations

import csv
import io
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, TYPE_CHECKING

from accord_partnership.engine.numbers import round_half_up
from accord_partnership.exports.atomic import write_atomic

if TYPE_CHECKING:
    from accord_partnership.engine.bundle import Bundle
    from accord_partnership.engine.model import Framework

BOM = "\ufeff"
_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "'")


def formula_like(text: str) -> bool:
    """True when a spreadsheet could take this text for a formula (or it starts with the escape)."""
    return text.startswith(_DANGEROUS)


def safe_cell(value: Any) -> Any:
    """A cell value made safe for spreadsheets: numbers untouched, risky text prefixed with `'`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return ""
        return value
    text = str(value)
    if formula_like(text):
        return "'" + text
    return text


def unescape_cell(text: str) -> str:
    """Undo `safe_cell` for a text cell read back from an Accord CSV."""
    return text[1:] if text.startswith("'") else text


def csv_text(header: Sequence[str] | None, rows: Iterable[Sequence[Any]], *, excel: bool = False, delimiter: str = ",") -> str:
    """The whole CSV as text (with a BOM first when `excel`); `delimiter="\t"` for TSV."""
    buffer = io.StringIO()
    if excel:
        buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n", delimiter=delimiter)
    if header is not None:
        writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def write_csv(
    out: str | Path | None,
    header: Sequence[str] | None,
    rows: Iterable[Sequence[Any]],
    *,
    excel: bool = False,
    mode: int = 0o600,
    exclusive: bool = False,
) -> str:
    """Write the CSV atomically to `out` (private by default), or to stdout when `out` is None."""
    text = csv_text(header, rows, excel=excel)
    if out is None or str(out) == "-":
        from accord_partnership.exports.textsafe import terminal

        sys.stdout.write(terminal(text))
    else:
        write_atomic(Path(out), text, mode=mode, exclusive=exclusive)
    return text


def number(value: float | int | None, places: int = 2) -> float | int | None:
    """A statistic as a number rounded for people (2 places); None stays empty."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    return round_half_up(float(value), places)


def bundle_csv_text(bundle: Bundle, framework: Framework, *, excel: bool = False) -> str:
    """One member's answers in Accord's long-form CSV (engine.bundle_csv reads it back exactly)."""
    from accord_partnership.engine.bundle_csv import COLUMNS, bundle_rows
    from accord_partnership.exports.toml_writer import value

    return csv_text(COLUMNS, bundle_rows(bundle, framework, value), excel=excel)
