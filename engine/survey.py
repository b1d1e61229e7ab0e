"""Importing a survey export (one row per respondent, one column per item) as bundles.

Survey tools (Microsoft Forms, Google Forms, SurveyMonkey, a spreadsheet typed up after a paper
round) all produce some variant of the wide layout that `accord show FRAMEWORK --format csv`
gives as a template. Columns are matched to items by id (`trust`, `partnership-working.trust`),
by title or by the question's full text, ignoring case, whitespace, spacing around punctuation
and a leading question number (`Q3.`, `3)`). `respondent`, `email`, `role` and `timestamp`
columns are optional; other columns are ignored with a warning that names them.

Cells: a level number (or `4 - Good`, or the level's label), blank for unanswered, `N/A`
(`NA`, `n/a`, or `0` where the scale has no 0) for not applicable; yes/no items take
yes/no/y/n/true/false; open items take any text (kept as the note).

Every problem is a `CsvError` on one line with the file line and the column heading, e.g.
`responses.csv:7: column 'Trust': '7' is out of range 1-5`; nothing is returned half-done.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from engine.bundle import Answer, Bundle, utc_now
from engine.errors import CsvError
from engine.model import Framework, Item, Section
from engine.textio import csv_rows, read_text

NA_WORDS = frozenset({"n/a", "na", "n.a.", "n.a", "not applicable"})
YES_WORDS = frozenset({"yes", "y", "true"})
NO_WORDS = frozenset({"no", "n", "false"})

SPECIAL = {
    "respondent": ("respondent", "name", "your name", "full name", "respondent name", "member"),
    "email": ("email", "e-mail", "email address", "e-mail address", "your email", "your email address"),
    "role": ("role", "sector", "role/sector", "your role", "organisation type", "organization type"),
    "timestamp": ("timestamp", "submitted", "submitted at", "date submitted", "completion time", "completed at", "submission time"),
}
_TIME_FORMATS = (
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%Y",
)
_QUESTION_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*\s*(?:[.):\-]\s*|\s+)", re.IGNORECASE)
_Q_ONLY = re.compile(r"^\s*q(?:uestion)?\s*\d+(?:\.\d+)*\s*", re.IGNORECASE)
_NUMBER_LABEL = re.compile(r"^([+]?\d+)\s*(?:[-–—:.)=]\s*|\s+)\S")
_PUNCT_SPACE = re.compile(r"\s*([^\w\s])\s*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def normalise(text: str) -> str:
    """A heading for matching: case, whitespace and spacing around punctuation ignored."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    text = " ".join(text.split())
    return _PUNCT_SPACE.sub(r"\1", text)


def loose(text: str) -> str:
    """Letters and digits only: the last resort for matching a heading."""
    return re.sub(r"[\W_]+", "", normalise(text))


def strip_question_number(text: str) -> str:
    stripped = _QUESTION_NUMBER.sub("", text, count=1)
    if stripped == text:
        stripped = _Q_ONLY.sub("", text, count=1)
    return stripped


@dataclass
class Column:
    index: int  # 0-based
    heading: str
    role: str  # "item", "respondent", "email", "role", "timestamp" or "extra"
    section: Section | None = None
    item: Item | None = None


@dataclass
class SurveyImport:
    framework: Framework
    path: Path
    bundles: list[tuple[int, Bundle]] = field(default_factory=list)  # (file line, bundle)
    columns: list[Column] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Headings:
    """Every accepted heading of every item, exact (normalised) and loose, with a strength.

    A qualified heading (`section.item`, `Section: Title`) beats a title, which beats the full
    question text, which beats a bare item id: "Co-design" is the Planning and Delivery feature
    titled so, not the Leadership statement whose id happens to be `co-design`.
    """

    def __init__(self, framework: Framework) -> None:
        self.exact: dict[str, dict[tuple[str, str], int]] = {}
        self.loose: dict[str, dict[tuple[str, str], int]] = {}
        self.items: dict[tuple[str, str], tuple[Section, Item]] = {}
        for section, item in framework.items():
            key = (section.id, item.id)
            self.items[key] = (section, item)
            names = [
                (f"{section.id}.{item.id}", 0),
                (f"{section.id}/{item.id}", 0),
                (f"{section.title}: {item.title}", 0),
                (item.title, 1),
                (item.id, 3),
            ]
            if item.text and len(item.text) < 500:
                names.append((item.text, 2))
            for name, rank in names:
                for table, norm in ((self.exact, normalise(name)), (self.loose, loose(name))):
                    found = table.setdefault(norm, {})
                    found[key] = min(rank, found.get(key, rank))

    @staticmethod
    def _best(found: dict[tuple[str, str], int]) -> set[tuple[str, str]]:
        best = min(found.values())
        return {key for key, rank in found.items() if rank == best}

    def find(self, heading: str) -> tuple[set[tuple[str, str]], str]:
        """Matching items (more than one: ambiguous) and the form that matched; empty set if none."""
        candidates = [heading]
        stripped = strip_question_number(heading)
        if stripped != heading and stripped.strip():
            candidates.append(stripped)
        for candidate in candidates:
            found = self.exact.get(normalise(candidate))
            if found:
                return self._best(found), candidate
        for candidate in candidates:
            key = loose(candidate)
            if key and key in self.loose:
                return self._best(self.loose[key]), candidate
        return set(), heading


def _sniff_delimiter(text: str) -> str:
    """Comma, semicolon (European Excel) or tab: the most frequent outside quotes in the header."""
    first = text.split("\n", 1)[0]
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for ch in first:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _special(heading: str) -> str | None:
    key = normalise(heading)
    for role, names in SPECIAL.items():
        if key in {normalise(n) for n in names}:
            return role
    return None


def map_columns(framework: Framework, header: list[str], path: Path) -> tuple[list[Column], list[str]]:
    headings = _Headings(framework)
    columns: list[Column] = []
    warnings: list[str] = []
    used: dict[object, Column] = {}
    for index, raw in enumerate(header):
        heading = raw.strip()
        if not heading:
            columns.append(Column(index, heading, "extra"))
            continue
        special = _special(heading)
        if special:
            column = Column(index, heading, special)
            key: object = special
        else:
            hits, _form = headings.find(heading)
            if len(hits) > 1:
                options = ", ".join(sorted(f"'{s}.{i}'" for s, i in hits))
                raise CsvError(
                    f"column '{heading}' could be any of {options}: head it 'Section: Title' or 'section.item'", path, 1
                )
            if not hits:
                columns.append(Column(index, heading, "extra"))
                continue
            (key,) = hits  # type: ignore[assignment]
            section, item = headings.items[key]  # type: ignore[index]
            column = Column(index, heading, "item", section, item)
        if key in used:
            other = used[key]
            what = f"item '{column.section.id}.{column.item.id}'" if column.item else f"the {column.role}"  # type: ignore[union-attr]
            raise CsvError(f"duplicate columns: '{other.heading}' (column {other.index + 1}) and '{heading}' (column {index + 1}) are both {what}", path, 1)
        used[key] = column
        columns.append(column)
    if not any(c.role == "item" for c in columns):
        example = ", ".join(f"'{item.title}'" for _s, item in framework.items()[:2])
        raise CsvError(
            f"no column matches an item of {framework.id}: headings must be item titles or ids (e.g. {example}); "
            f"`accord show {framework.id} --format csv` gives a template",
            path,
            1,
        )
    extras = [c for c in columns if c.role == "extra"]
    if extras:
        names = ", ".join(f"'{c.heading}'" if c.heading else f"column {c.index + 1} (no heading)" for c in extras)
        warnings.append(f"{path}: ignored {len(extras)} column{'s' if len(extras) != 1 else ''} that match no item: {names}")
    return columns, warnings


def _score(cell: str, section: Section, item: Item) -> tuple[int | None, bool]:
    """(score, na) for a rated cell; raises ValueError with the reason."""
    scale = section.scale
    assert scale is not None
    text = " ".join(cell.split())
    low = text.casefold()
    if low in NA_WORDS or scale.na_label.casefold() == low or (low == "0" and not scale.contains(0)):
        if not scale.allow_na:
            raise ValueError(f"'{cell}' (N/A) is not allowed here: the scale has no N/A")
        return None, True
    number: int | None = None
    if re.fullmatch(r"[+-]?\d+", text):
        number = int(text)
    elif re.fullmatch(r"[+-]?\d+\.0*", text):
        number = int(float(text))
    elif re.fullmatch(r"[+-]?\d*[.,]\d+", text):
        raise ValueError(f"'{cell}' is not a whole number")
    else:
        match = _NUMBER_LABEL.match(text)
        if match:
            number = int(match.group(1))
        else:
            for point in scale.points:
                if scale.label(point).casefold() == low:
                    number = point
                    break
    if number is None:
        raise ValueError(f"'{cell}' is not a score ({scale.min}-{scale.max}{' or N/A' if scale.allow_na else ''})")
    if not scale.contains(number):
        raise ValueError(f"'{cell}' is out of range {scale.min}-{scale.max}")
    return number, False


def _timestamp(cell: str) -> datetime:
    text = cell.strip()
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        value = None  # type: ignore[assignment]
        for fmt in _TIME_FORMATS:
            try:
                value = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if value is None:
            raise ValueError(f"'{cell}' is not a date and time (e.g. 2026-11-25 09:30 or 25/11/2026 09:30)") from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).replace(microsecond=0)


def read_survey(framework: Framework, path: str | Path, *, partnership: str = "") -> SurveyImport:
    """Read a survey CSV into one bundle per respondent row, or raise `CsvError` for the first problem."""
    path = Path(path)
    text = read_text(path, CsvError)  # empty, unreadable and invalid UTF-8 are errors; a BOM is dropped
    delimiter = _sniff_delimiter(text)
    rows = csv_rows(text, path, delimiter=delimiter)
    _line, header = next(rows, (1, []))
    columns, warnings = map_columns(framework, header, path)
    result = SurveyImport(framework, path, columns=columns, warnings=warnings)
    now = utc_now()
    seen: dict[str, int] = {}
    for line, row in rows:
        if len(row) != len(columns):
            raise CsvError(f"row has {len(row)} cells but the header has {len(columns)} columns", path, line)
        bundle = Bundle(framework_id=framework.id, framework_version=framework.version, partnership=partnership, created=now, updated=now)
        for column, cell in zip(columns, row):
            if column.role == "extra":
                continue
            if column.role in ("respondent", "email", "role"):
                setattr(bundle, column.role, " ".join(cell.split()))
                continue
            if column.role == "timestamp":
                if cell.strip():
                    try:
                        bundle.created = bundle.updated = _timestamp(cell)
                    except ValueError as exc:
                        raise CsvError(f"column '{column.heading}': {exc}", path, line) from None
                continue
            section, item = column.section, column.item
            assert section is not None and item is not None
            try:
                answer = _answer(cell, section, item)
            except ValueError as exc:
                raise CsvError(f"column '{column.heading}': {exc}", path, line) from None
            if answer is not None:
                bundle.answers[(section.id, item.id)] = answer
        who = (bundle.email or bundle.respondent).casefold()
        if who:
            if who in seen:
                result.warnings.append(
                    f"{path}:{line}: same respondent as line {seen[who]} ({bundle.email or bundle.respondent}); a merge counts only the newer"
                )
            else:
                seen[who] = line
        result.bundles.append((line, bundle))
    if not result.bundles:
        raise CsvError("no responses: only a header row", path, 2)
    return result


def _answer(cell: str, section: Section, item: Item) -> Answer | None:
    text = cell.strip()
    if not text:
        return None
    if item.kind == "open":
        return Answer(note=cell.strip())
    if item.kind == "yesno":
        low = text.casefold()
        if low in YES_WORDS:
            return Answer(choice="yes")
        if low in NO_WORDS:
            return Answer(choice="no")
        raise ValueError(f"'{cell}' is not yes or no")
    score, na = _score(text, section, item)
    return Answer(score=score, na=na)
