"""Reading Excel scorecards that members filled in and returned (made by `exports.scorecard_xlsx`).

`read_scorecards(framework, path)` takes one workbook or a folder of them (every `.xlsx` in it;
Excel's `~$` lock files and other files are skipped and counted) and gives one bundle per member:
of two workbooks returned by one member (same name or e-mail), the one saved later (the workbook's
own saved time, not the file's) is kept. Rows are matched by the feature title in column A, so
a member who lifted the sheet protection and sorted or moved rows does not move scores to other
features (a row showing another feature is refused, naming the sheet and row). A workbook made for another
framework, or another version of it, is refused with a message that says which it is for; so is a
workbook that is not an Accord scorecard. Cells are read as the member left them: a note that
starts with `=` (typed as text, or even a formula) is kept as its text, never evaluated. Scores
follow the same rules as survey imports (`engine.survey`): a level, N/A, Yes/No.

Errors name the file, the sheet and the row.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from accord_partnership.engine.bundle import MAX_NOTE_CHARS, Answer, Bundle, utc_now
from accord_partnership.engine.errors import CsvError, check_same_framework
from accord_partnership.engine.model import Framework
from accord_partnership.engine.tabular import is_workbook, read_bytes_checked

#: The first cell of the very hidden sheet that marks a workbook as an Accord scorecard.
MARKER = "accord-scorecard"
META_SHEET = "accord"


@dataclass
class ScorecardImport:
    framework: Framework
    path: Path
    bundles: list[tuple[Path, Bundle]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    empty: list[Path] = field(default_factory=list)
    #: (older workbook, the one kept) for a member who returned two: the later saved time wins.
    replaced: list[tuple[Path, Path]] = field(default_factory=list)
    #: Files in a folder that are not workbooks (Excel's `~$` lock files, desktop.ini, ...): skipped.
    skipped: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        n = len(self.bundles)
        text = f"read {n + len(self.empty)} scorecard workbook{'s' if n + len(self.empty) != 1 else ''} from {self.path.name}: {n} respondent{'s' if n != 1 else ''}"
        if self.empty:
            text += f"; left out {len(self.empty)} with no answers ({', '.join(p.name for p in self.empty[:3])})"
        if self.replaced:
            older = ", ".join(f"{old.name} by {new.name}" for old, new in self.replaced[:3])
            text += f"; left out {len(self.replaced)} older workbook{'s' if len(self.replaced) != 1 else ''} of members who returned two ({older})"
        if self.skipped:
            text += f"; skipped {len(self.skipped)} other file{'s' if len(self.skipped) != 1 else ''} ({', '.join(p.name for p in self.skipped[:3])})"
        return text


def is_scorecard(path: Path) -> bool:
    """Whether `path` is an .xlsx workbook with Accord's scorecard sheet (cheap: reads the zip index)."""
    import zipfile

    try:
        if not path.is_file() or path.suffix.casefold() != ".xlsx":
            return False
        with zipfile.ZipFile(path) as archive:
            workbook = archive.read("xl/workbook.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return False
    return f'name="{META_SHEET}"' in workbook


def read_scorecards(framework: Framework, path: str | Path, *, partnership: str = "") -> ScorecardImport:
    path = Path(path)
    result = ScorecardImport(framework, path)
    if path.is_dir():
        try:
            entries = sorted(p for p in path.iterdir() if not p.name.startswith("."))
            files = [p for p in entries if p.suffix.casefold() == ".xlsx" and not p.name.startswith("~$")]
            result.skipped = [p for p in entries if p not in files and not p.is_dir()]
        except OSError as exc:
            raise CsvError(f"cannot read the folder: {exc.strerror or exc}", path) from None
        if not files:
            raise CsvError("no .xlsx workbooks in this folder", path)
    else:
        files = [path]
    from accord_partnership.engine.roster import identity_key

    latest: dict[str, int] = {}
    for file in files:
        bundle = read_scorecard(framework, file, partnership=partnership)
        if not bundle.answers:
            result.empty.append(file)
            continue
        who = identity_key(bundle.respondent, bundle.email)
        if who is not None and who in latest:
            other_file, other = result.bundles[latest[who]]
            if bundle.updated >= other.updated:
                result.bundles[latest[who]] = (file, bundle)
                result.replaced.append((other_file, file))
            else:
                result.replaced.append((file, other_file))
            continue
        if who is not None:
            latest[who] = len(result.bundles)
        result.bundles.append((file, bundle))
    if not result.bundles:
        raise CsvError("no answers in any scorecard workbook", path)
    return result


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def read_scorecard(framework: Framework, path: Path, *, partnership: str = "") -> Bundle:
    """One returned workbook as a bundle, or a `CsvError` naming the file (sheet and row)."""
    import openpyxl

    from accord_partnership.engine.survey import parse_answer

    data = read_bytes_checked(path)
    if not is_workbook(data):
        raise CsvError("not an .xlsx workbook", path)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=False, data_only=False)
    except Exception as exc:  # damaged or encrypted workbook
        raise CsvError(f"not a readable .xlsx workbook ({type(exc).__name__})", path) from None
    if META_SHEET not in book.sheetnames:
        raise CsvError(f"not an Accord scorecard (`accord show {framework.id} --format xlsx` makes one)", path)
    meta = [[_text(c) for c in row] for row in book[META_SHEET].iter_rows(values_only=True)]
    if not meta or meta[0][:1] != [MARKER]:
        raise CsvError("not an Accord scorecard (its 'accord' sheet is not Accord's)", path)
    found = {row[0]: row[1] for row in meta[1:3] if len(row) >= 2}
    fw_id, fw_version = found.get("framework", ""), found.get("version", "")
    check_same_framework((fw_id, fw_version), (framework.id, framework.version), what="this scorecard",
                         against="the framework here", path=path,
                         hint="" if fw_id == framework.id else f"import it with `accord import {fw_id} ...`")
    bundle = Bundle(framework_id=framework.id, framework_version=framework.version, partnership=partnership)
    bundle.created = bundle.updated = _saved_time(book, path)
    for row in meta[3:]:
        kind = row[0] if row else ""
        if kind == "detail" and len(row) >= 4:
            sheet_name, number, role = row[1], int(row[2]), row[3]
            value = " ".join(_text(_cell(book, sheet_name, number, 2, path)).split())
            if len(value) > 500:
                raise CsvError(f"sheet '{sheet_name}' row {number}: the {role} is too long ({len(value):,} characters)", path)
            if role == "partnership" and partnership:  # the coordinator's --partnership wins
                value = partnership
            setattr(bundle, role, value)
        elif kind == "item" and len(row) >= 5:
            sheet_name, number, section_id, item_id = row[1], int(row[2]), row[3], row[4]
            item = framework.find_item(section_id, item_id)
            if item is None:
                raise CsvError(f"sheet '{sheet_name}' row {number}: unknown item '{section_id}.{item_id}'", path)
            number = _item_row(book, sheet_name, number, item.title, path)
            section = framework.section(section_id)
            score = _text(_cell(book, sheet_name, number, 2, path)).strip()
            note = _text(_cell(book, sheet_name, number, 3, path)).strip()
            if len(note) > MAX_NOTE_CHARS:
                raise CsvError(f"sheet '{sheet_name}' row {number}: the note is too long ({len(note):,} characters; at most {MAX_NOTE_CHARS:,})", path)
            answer: Answer | None = None
            if item.kind == "open":
                answer = Answer(note=note) if note else None
                note = ""
            elif score:
                try:
                    answer = parse_answer(score, section, item)
                except ValueError as exc:
                    raise CsvError(f"sheet '{sheet_name}' row {number} ({item.title}): {exc}", path) from None
            if note:
                answer = answer or Answer()
                answer.note = note
            if answer is not None and not answer.is_empty():
                bundle.answers[(section_id, item_id)] = answer
    return bundle


def _saved_time(book: Any, path: Path) -> datetime:
    """When the member last saved the workbook (its document properties, UTC as Excel and
    LibreOffice write them), else the file's modification time: copying or e-mailing the file
    changes the latter, not the former."""
    from datetime import timezone

    saved = getattr(book.properties, "modified", None)
    if isinstance(saved, datetime):
        return (saved if saved.tzinfo else saved.replace(tzinfo=timezone.utc)).astimezone(utc_now().tzinfo).replace(microsecond=0)
    stamp = datetime.fromtimestamp(path.stat().st_mtime).astimezone().replace(microsecond=0)
    return stamp.astimezone(utc_now().tzinfo)


def _title_of(value: Any) -> str:
    """The feature title a scorecard row shows in column A (its first line), for matching."""
    from accord_partnership.engine.survey import normalise

    return normalise(_text(value).strip().split("\n", 1)[0])


def _item_row(book: Any, sheet_name: str, number: int, title: str, path: Path) -> int:
    """The sheet row that holds the feature `title`: the row it was written on, or the one row of
    the sheet that shows its title if the member sorted or moved rows (the sheets' protection has no
    password, so it can be lifted). `CsvError` naming the sheet and row if the title is nowhere or
    on several rows: scores are never read from a row that shows another feature."""
    found = _cell(book, sheet_name, number, 1, path)
    wanted = _title_of(title)
    if _title_of(found) == wanted:
        return number
    sheet = book[sheet_name]
    rows = [cells[0].row for cells in sheet.iter_rows(min_col=1, max_col=1) if _title_of(cells[0].value) == wanted]
    if len(rows) == 1:
        return int(rows[0])
    shown = " ".join(_text(found).split())[:60] or "nothing"
    raise CsvError(
        f"sheet '{sheet_name}' row {number}: expected the feature '{title}' but the row shows '{shown}'"
        f"{' (and the feature is on several rows)' if rows else ''}: were rows sorted, moved or deleted? "
        "Put them back in the order they were given (or send the member a new scorecard)",
        path,
    )


def _cell(book: Any, sheet_name: str, row: int, column: int, path: Path) -> Any:
    if sheet_name not in book.sheetnames:
        raise CsvError(f"the sheet '{sheet_name}' is missing: was it renamed or deleted?", path)
    return book[sheet_name].cell(row=row, column=column).value
