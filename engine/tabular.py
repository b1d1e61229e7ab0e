"""Reading a table someone exported from a survey tool or a spreadsheet: rows of cells, located.

A survey export arrives as an Excel workbook (`.xlsx`: Microsoft Forms only exports these) or as
text saved by a survey tool or by Excel: UTF-8 with or without a byte-order mark, UTF-16 (Excel's
"Unicode Text"), or Windows-1252 (Excel's "CSV (Comma delimited)" on a Western-locale Windows
machine), separated by commas, semicolons (European locales) or tabs. `read_table` finds which,
and `Table.format` says so in words, so an error can name what was found ("CSV, Windows-1252,
semicolon-separated").

Workbooks are read with pandas (`read_excel`, openpyxl underneath): it turns a sheet into rows
whose cells keep Excel's own types (a date cell stays a date, so no day/month guessing is needed).
Text files are split by the stdlib `csv` module so that each row keeps its own line number in the
file (a quoted cell may span lines); a file that is not UTF-8 is read as Windows-1252, except
that a UTF-8 file with a few stray Windows-1252 bytes (a cell pasted from an older file) stays UTF-8
with those bytes read as Windows-1252; no other encoding is guessed. pandas is imported only here,
inside the functions that need it, so it never loads on the TUI's start path.

Errors are `CsvError`s naming the file (and line or row).
"""

from __future__ import annotations

import codecs
import datetime as _dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from accord_partnership.engine.errors import CsvError

_DELIMITER_NAMES = {",": "comma-separated", ";": "semicolon-separated", "\t": "tab-separated"}
#: A file larger than this is not a survey export (and must not exhaust memory).
MAX_TABLE_BYTES = 200 * 1024 * 1024

Cell = str | _dt.datetime


@dataclass
class Table:
    """One sheet or text file as rows of cells.

    `rows` holds (number, cells): the file line of the row's first cell for text files, the
    sheet's row number for workbooks; cells are text, or `datetime` for a workbook's date cells.
    Rows that are wholly blank are left out (spreadsheets leave them behind).
    """

    path: Path
    format: str
    rows: list[tuple[int, list[Cell]]] = field(default_factory=list)
    workbook: bool = False
    sheet: str = ""  # a workbook's sheet name
    #: The workbook's other sheets with content (`engine.survey` picks the one whose headings match).
    others: list[Table] = field(default_factory=list)


def read_bytes_checked(path: Path) -> bytes:
    """The bytes of a regular file of at most `MAX_TABLE_BYTES`, or a one-line `CsvError`
    (the shared safe reader, `engine.textio.read_bytes`: no FIFOs, devices or endless files)."""
    from accord_partnership.engine.textio import read_bytes

    return read_bytes(path, CsvError, limit=MAX_TABLE_BYTES)


def is_workbook(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_table(path: str | Path, sheet: str | None = None) -> Table:
    """Read a survey export (xlsx, or CSV/TSV text in any of the encodings above); `sheet` names
    the workbook's sheet to read (`CsvError` for a text file or a sheet that is not there)."""
    path = Path(path)
    data = read_bytes_checked(path)
    if not data.strip():
        raise CsvError("file is empty", path)
    if is_workbook(data):
        return read_workbook(path, data, sheet)
    if sheet is not None:
        raise CsvError(f"--sheet '{sheet}': this file is text, not an .xlsx workbook with sheets", path)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise CsvError("an old Excel 97-2003 (.xls) workbook: open it in Excel and save it as .xlsx or CSV", path)
    text, encoding = decode_text(data, path)
    delimiter = sniff_delimiter(text)
    table = Table(path, f"{'TSV' if delimiter == chr(9) else 'CSV'}, {encoding}, {_DELIMITER_NAMES[delimiter]}")
    from accord_partnership.engine.textio import csv_rows

    for line, row in csv_rows(text, path, delimiter=delimiter):
        if any(cell.strip() for cell in row):
            table.rows.append((line, list(row)))
    if not table.rows:
        raise CsvError("file is empty", path)
    return table


def decode_text(data: bytes, path: Path) -> tuple[str, str]:
    """(text, the encoding's name for people). UTF-8 (±BOM), UTF-16 (BOM or not), else legacy."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", path, "UTF-8 with BOM"), "UTF-8 with BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", path, "UTF-16"), "UTF-16"
    sample = data[:4000]
    if len(sample) >= 4 and sample.count(b"\x00") >= len(sample) // 3:  # UTF-16 without a BOM
        encoding = "utf-16-le" if sample[1:2] == b"\x00" else "utf-16-be"
        return _decode(data, encoding, path, "UTF-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise CsvError("not a text file or an .xlsx workbook (binary data): export the survey as CSV or .xlsx", path)
    if _UTF8_SEQUENCE.search(data):  # UTF-8 with a few stray Windows-1252 bytes (a cell pasted from elsewhere)
        strays = sum(1 for byte in _UTF8_SEQUENCE.sub(b"", data) if byte >= 0x80)
        return _decode(data, "utf-8", path, "UTF-8", errors="accord-cp1252"), f"UTF-8, {strays} stray Windows-1252 byte{'' if strays == 1 else 's'} read as such"
    return _decode(data, "cp1252", path, "Windows-1252"), "Windows-1252"


#: A well-formed UTF-8 sequence of two to four bytes (a file that has them is UTF-8, whatever else).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _cp1252_repair(exc: UnicodeError) -> tuple[str, int]:
    """A codec error handler: a byte that is not UTF-8 read as Windows-1252, else refused."""
    assert isinstance(exc, UnicodeDecodeError)
    byte = exc.object[exc.start : exc.start + 1]
    return byte.decode("cp1252"), exc.start + 1  # raises UnicodeDecodeError for the 5 unused bytes


codecs.register_error("accord-cp1252", _cp1252_repair)


def _decode(data: bytes, encoding: str, path: Path, name: str, errors: str = "strict") -> str:
    try:
        return data.decode(encoding, errors).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        text_before = data[: exc.start].decode(encoding, errors="replace")
        line = text_before.count("\n") + 1
        raise CsvError(f"not valid {name} (byte {exc.start}): save it from Excel as 'CSV UTF-8'", path, line) from None


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: the most frequent outside quotes in the first lines."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    lines = 0
    for ch in text[:20000]:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
        elif not quoted and ch == "\n":
            lines += 1
            if lines >= 5:
                break
    best = max(counts, key=lambda d: (counts[d], d == ",", d == "\t"))
    return best if counts[best] else ","


def read_workbook(path: Path, data: bytes | None = None, sheet: str | None = None) -> Table:
    """An .xlsx workbook's first sheet with content (the others in `Table.others`), or the sheet
    named `sheet`; cells as text or `datetime`."""
    import io

    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - a declared dependency
        raise CsvError("reading .xlsx needs pandas and openpyxl (pip install pandas openpyxl)", path) from None
    if data is None:
        data = read_bytes_checked(path)
    try:
        sheets = pd.read_excel(
            io.BytesIO(data), sheet_name=None, header=None, dtype=object, engine="openpyxl", keep_default_na=False, na_values=[]
        )  # "N/A" and "NA" are answers here, not missing values
    except Exception as exc:  # a zip that is not a workbook, a damaged file, an encrypted workbook
        raise CsvError(f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})", path) from None
    if sheet is not None:
        chosen = {name: frame for name, frame in sheets.items() if str(name).strip().casefold() == sheet.strip().casefold()}
        if not chosen:
            raise CsvError(f"--sheet '{sheet}': no such sheet (the sheets are {', '.join(repr(str(n)) for n in sheets)})", path)
        sheets = chosen
    tables: list[Table] = []
    for name, frame in sheets.items():
        rows: list[tuple[int, list[Cell]]] = []
        for number, values in zip(frame.index, frame.itertuples(index=False, name=None)):
            cells = [_cell(v) for v in values]
            if any(isinstance(c, _dt.datetime) or c.strip() for c in cells):
                rows.append((int(number) + 1, cells))
        if rows:
            tables.append(Table(path, f"Excel workbook, sheet '{name}'", rows, workbook=True, sheet=str(name)))
    if not tables:
        raise CsvError(f"the {'sheet' if sheet is not None else 'workbook'} has no rows", path)
    tables[0].others = tables[1:]
    return tables[0]


def _cell(value: object) -> Cell:
    """A workbook cell as text (whole numbers without `.0`) or a `datetime` for date cells."""
    import math

    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, _dt.datetime):  # pandas.Timestamp is a datetime too
        to_py = getattr(value, "to_pydatetime", None)
        return to_py() if to_py else value
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day)
    if isinstance(value, _dt.time):
        return value.isoformat()
    text = str(value)
    return "" if text in ("NaT", "nan") else text
