"""Importing a survey export (one row per respondent, one column per item) as bundles.

Coordinators collect answers in whatever tool the council already uses. `read_survey` reads the
export as the tool writes it (`engine.tabular`: .xlsx, or CSV/TSV in UTF-8, UTF-16 or
Windows-1252 with comma, semicolon or tab) and recognises these layouts:

| tool | what is special |
|---|---|
| Microsoft Forms | .xlsx; `Completion time`; `Email` is `anonymous` for anonymous responses |
| Google Forms | `Timestamp` like `2026/03/11 9:05:40 AM GMT`; grids headed `Question [Item title]` |
| LimeSurvey | full-text headings (`Question [Item]`) or codes (`PW[SQ001]`, see `engine.survey_codes`); answer codes `A5`; `No answer`; an empty `submitdate` is a partial response |
| SurveyMonkey | a second header row (`Response`, or a matrix's row labels); `First Name`/`Last Name` |
| Qualtrics | three header rows (codes, question text, ImportId); `Finished`; `Question - Item` |
| Typeform | a group-title row above the header; `Submit Date (UTC)`; `Response Type` |
| QuestionPro | `Respondent Email`, `Timestamp (mm/dd/yyyy)`, `Response Status` |

The header is the row (among the first few) that names the most items; rows above it (group
titles) and below it that are still headings (SurveyMonkey's second row, Qualtrics' ImportId row)
are read as headings too: a column's heading may come from any of them, or from the question
above and the row label below (`Question [Item]`).

Columns are matched to items by id (`trust`, `partnership-working.trust`), by title or by the
question's full text, ignoring case, whitespace, spacing around punctuation and a leading question
number (`Q3.`, `3)`); a grid's `Question [Item]`, `Question - Item` and the LimeSurvey codes. Other
recognised columns: name (or first and last name), email, role (a role or organisation question,
or `--role-column`), timestamp, completion status, a comment on one item (`Trust - comments`,
`Comments on Trust`: into that item's note), and general comments (into an open item whose title
speaks of comments, else into the note of the last item before the column, marked
`General comment:`). Survey metadata (IDs, IP addresses, durations) is ignored quietly; any other
column is ignored and named.

Cells: a level number (or `4 - Good`, the level's label, or LimeSurvey's `A4`), blank or `No
answer` for unanswered, `N/A` (`NA`, `n/a`, or `0` where the scale has no 0) for not applicable;
yes/no items take yes/no/y/n/true/false; open items take text up to the bundle's note limit.

Rows left out, each counted in the summary: partial responses (unless `include_partial`: a
status such as `Partial`, `Not Completed`, `False`), rows that are no member's response (a status
such as Qualtrics' `Survey Preview` or `Spam`, `Disqualified`, `Screened Out`), rows with no
answers, and the earlier row of a member who appears twice (by email, else name): the
later timestamp wins, and without timestamps the later row (a typed-up correction) wins.
Anonymous rows are never merged with one another.

A completion status Accord does not know stops the import (it cannot tell whether to count the
row). Every problem is a `CsvError` on one line with the file, the line (or sheet row) and the column
heading, e.g. `responses.csv:7: column 'Trust': '7' is out of range 1-5`; nothing is returned
half-done.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from accord_partnership.engine.bundle import MAX_NOTE_CHARS, Answer, Bundle, utc_now
from accord_partnership.engine.dates import DateProblem, Order, column_order, parse_datetime
from accord_partnership.engine.errors import CsvError
from accord_partnership.engine.model import Framework, Item, Section
from accord_partnership.engine.roster import identity_key
from accord_partnership.engine.survey_codes import CodeTarget, answer_code_score, code_table, lookup_code
from accord_partnership.engine.tabular import Cell, Table, read_table

NA_WORDS = frozenset({"n/a", "na", "n.a.", "n.a", "not applicable"})
YES_WORDS = frozenset({"yes", "y", "true"})
NO_WORDS = frozenset({"no", "n", "false"})
#: What survey tools write for "not answered".
BLANK_WORDS = frozenset({"no answer", "-99", "-", "not answered", "[no answer]"})
ANONYMOUS_WORDS = frozenset({"anonymous", "anon", "anonymous user"})

SPECIAL = {
    "respondent": ("respondent", "name", "your name", "full name", "respondent name", "member", "name of respondent"),
    "first_name": ("first name", "firstname", "recipientfirstname", "recipient first name", "forename", "given name"),
    "last_name": ("last name", "lastname", "recipientlastname", "recipient last name", "surname", "family name"),
    "email": (
        "email", "e-mail", "email address", "e-mail address", "your email", "your email address", "respondent email",
        "recipientemail", "recipient email", "email (optional)",
    ),
    "role": ("role", "sector", "role/sector", "your role", "organisation type", "organization type", "agency type", "partner type"),
    # most preferred first: the moment the response was completed
    "timestamp": (
        "timestamp", "completion time", "submitted", "submitted at", "completed at", "submission time", "end date", "enddate",
        "recordeddate", "recorded date", "timestamp (mm/dd/yyyy)", "timestamp (dd/mm/yyyy)", "date", "last modified time",
        "datestamp", "date last action",
    ),
    # a submission date: the timestamp, and empty means the response was never submitted
    "submitted": ("submitdate", "date submitted", "submit date (utc)", "submit date"),
    "status": ("finished", "response status", "response type", "completion status", "complete", "completed?"),
}  # fmt: skip
#: Columns survey tools add that say nothing about the answers: ignored without a warning.
METADATA = frozenset(
    normalise_name
    for normalise_name in (
        "id", "#", "response id", "responseid", "respondent id", "collector id", "start time", "start date", "startdate",
        "date started", "ip address", "ipaddress", "duration (in seconds)", "duration", "progress", "status", "last page", "lastpage",
        "start language", "startlanguage", "seed", "token", "referrer url", "refurl", "network id", "custom data 1", "externalreference",
        "external data reference", "locationlatitude", "locationlongitude", "location latitude", "location longitude",
        "distributionchannel", "distribution channel", "userlanguage", "user language", "country code", "region", "email list",
        "score", "total score", "quiz feedback", "language", "response type", "start date (utc)", "stage date (utc)", "tags",
        "custom variable 1", "custom variable 2", "custom variable 3", "custom variable 4", "custom variable 5", "points",
    )
)  # fmt: skip
#: Cells on a heading row that are not headings (SurveyMonkey's second row).
_FILLER = frozenset({"response", "open-ended response", "open ended response", "other (please specify)"})
_COMMENT_WORDS = r"(?:comments?|notes?|evidence(?:\s+notes?)?|explanation|reasons?|remarks?)"
_COMMENT_AFTER = re.compile(rf"^(?P<rest>.+?)\s*(?:[-–—:(\[,]\s*)?(?:any\s+)?{_COMMENT_WORDS}\s*[)\]]?\s*\??$", re.IGNORECASE)
_COMMENT_BEFORE = re.compile(
    rf"^(?:any\s+|your\s+)?{_COMMENT_WORDS}\s*(?:on|for|about|regarding|re|:|-|–)\s*(?P<rest>.+?)\s*\??$", re.IGNORECASE
)
_GENERAL = re.compile(
    r"^(?:any\s+|do you have any\s+)?(?:other\s+|further\s+|additional\s+|general\s+|final\s+|overall\s+)?"
    r"(?:comments?|remarks|feedback|thoughts)(?:\s+(?:or|and)\s+(?:suggestions|questions))?\s*\??$"
    r"|^(?:is there )?anything else.*$",
    re.IGNORECASE,
)
_ROLE_HINT = re.compile(
    r"\b(?:your role|role in|which role|sector|organi[sz]ation type|type of organi[sz]ation|organi[sz]ation (?:do|does) you|"
    r"which organi[sz]ation|partner type|agency type|which agency|what agency)\b",
    re.IGNORECASE,
)
_BRACKET = re.compile(r"^(?P<prefix>.*?)\s*\[(?P<inner>[^\[\]]+)\]\s*$")
_DASH = re.compile(r"^(?P<prefix>.+?)\s+[-–—]\s+(?P<inner>.+)$")
_QUESTION_NUMBER = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*\s*(?:[.):\-]\s*|\s+)", re.IGNORECASE)
_Q_ONLY = re.compile(r"^\s*q(?:uestion)?\s*\d+(?:\.\d+)*\s*", re.IGNORECASE)
_NUMBER_LABEL = re.compile(r"^([+]?\d+)\s*(?:[-–—:.)=]\s*|\s+)\S")
_PUNCT_SPACE = re.compile(r"\s*([^\w\s])\s*")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-", "\u00a0": " "})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # NUL and other control characters: never part of a name
_HEADER_SCAN = 8  # rows examined for the header


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


_SPECIAL_NAMES = {normalise(name): role for role, names in SPECIAL.items() for name in names}
_TIMESTAMP_RANK = {normalise(name): rank for rank, name in enumerate(SPECIAL["timestamp"] + SPECIAL["submitted"])}
_METADATA_NAMES = frozenset(normalise(n) for n in METADATA)


def shorten(cell: str, limit: int = 40) -> str:
    """A cell quoted in a message: one line, at most `limit` characters."""
    flat = " ".join(str(cell).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@dataclass
class Column:
    index: int  # 0-based
    heading: str
    role: str  # item, comment, general, respondent, first_name, last_name, email, role, timestamp, submitted, status, metadata, extra, blank
    section: Section | None = None
    item: Item | None = None


@dataclass
class LeftOut:
    row: int
    reason: str  # "partial", "excluded" (a preview, test, spam or screened-out row), "empty", "replaced"
    detail: str = ""


@dataclass
class SurveyImport:
    framework: Framework
    path: Path
    bundles: list[tuple[int, Bundle]] = field(default_factory=list)  # (file line or sheet row, bundle)
    columns: list[Column] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    layout: str = "spreadsheet"
    format: str = ""
    rows_read: int = 0

    def summary(self) -> str:
        """One line: what was read, what was left out and why, which columns were ignored."""
        anonymous = sum(1 for _n, b in self.bundles if identity_key(b.respondent, b.email) is None)
        n = len(self.bundles)
        parts = [
            f"read {self.rows_read} response row{_s(self.rows_read)} from {self.path.name} ({self.layout}; {self.format}): "
            f"{n} respondent{_s(n)}" + (f" ({anonymous} anonymous)" if anonymous else "")
        ]
        left = []
        partial = sum(1 for x in self.left_out if x.reason == "partial")
        if partial:
            left.append(f"{partial} partial response{_s(partial)} (--include-partial keeps them)")
        replaced = [x for x in self.left_out if x.reason == "replaced"]
        if replaced:
            left.append(f"{len(replaced)} earlier row{_s(len(replaced))} of members who answered again ({', '.join(x.detail for x in replaced[:3])}{', …' if len(replaced) > 3 else ''})")
        excluded = [x for x in self.left_out if x.reason == "excluded"]
        if excluded:
            kinds = ", ".join(dict.fromkeys(x.detail for x in excluded))
            left.append(f"{len(excluded)} row{_s(len(excluded))} that {'are' if len(excluded) != 1 else 'is'} no member's response ({kinds})")
        empty = sum(1 for x in self.left_out if x.reason == "empty")
        if empty:
            left.append(f"{empty} row{_s(empty)} with no answers")
        if left:
            parts.append("left out " + ", ".join(left))
        metadata = [c for c in self.columns if c.role == "metadata"]
        extra = [c for c in self.columns if c.role == "extra"]
        if metadata or extra:
            ignored = f"ignored {len(metadata) + len(extra)} column{_s(len(metadata) + len(extra))}"
            why = []
            if metadata:
                why.append(f"{len(metadata)} survey metadata")
            if extra:
                why.append(f"{len(extra)} matching no item")
            parts.append(f"{ignored} ({', '.join(why)})")
        return "; ".join(parts)


def _s(n: int) -> str:
    return "" if n == 1 else "s"


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
        self.sections = [(normalise(s.title), s.id) for s in framework.sections]
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

    def find(self, heading: str) -> set[tuple[str, str]]:
        """Matching items (more than one: ambiguous); empty set if none."""
        candidates = [heading]
        stripped = strip_question_number(heading)
        if stripped != heading and stripped.strip():
            candidates.append(stripped)
        for candidate in candidates:
            found = self.exact.get(normalise(candidate))
            if found:
                return self._best(found)
        for candidate in candidates:
            key = loose(candidate)
            if key and key in self.loose:
                return self._best(self.loose[key])
        return set()

    def narrow(self, hits: set[tuple[str, str]], context: str) -> set[tuple[str, str]]:
        """Of several items with one title, those whose section the question's text names."""
        if len(hits) <= 1:
            return hits
        text = normalise(context)
        named = {sid for title, sid in self.sections if title and title in text}
        narrowed = {key for key in hits if key[0] in named}
        return narrowed or hits


class _Matcher:
    """Classifies one heading: (role, section, item) or None."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.headings = _Headings(framework)
        self.codes = code_table(framework)

    def _items(self, text: str, context: str = "") -> tuple[Section, Item] | None | str:
        hits = self.headings.narrow(self.headings.find(text), context or text)
        if not hits:
            return None
        if len(hits) > 1:
            options = ", ".join(sorted(f"'{s}.{i}'" for s, i in hits))
            return f"could be any of {options}: head it 'Section: Title' or 'section.item'"
        (key,) = hits
        return self.headings.items[key]

    def classify(self, heading: str) -> tuple[str, Section | None, Item | None] | str | None:
        """The column's role for one heading text; a string is an ambiguity to report."""
        text = heading.strip()
        if not text or normalise(text) in _FILLER or text.startswith('{"ImportId"'):
            return None
        key = normalise(text)
        if key in _SPECIAL_NAMES:
            return _SPECIAL_NAMES[key], None, None
        found = self._items(text)
        if isinstance(found, str):
            return found
        if found:
            return "item", found[0], found[1]
        coded = lookup_code(self.codes, text)
        if isinstance(coded, CodeTarget):
            return coded.role, coded.section, coded.item
        if isinstance(coded, str):
            return coded, None, None
        for pattern in (_BRACKET, _DASH):
            match = pattern.match(text)
            if match:
                prefix, inner = match.group("prefix"), match.group("inner")
                found = self._items(inner, prefix)
                if isinstance(found, str):
                    return found
                if found:
                    role = "comment" if re.search(rf"\b{_COMMENT_WORDS}\b", prefix, re.IGNORECASE) else "item"
                    return role, found[0], found[1]
        if "." in text and pattern_dot(text):  # Microsoft Forms' Likert rows: `Question.Statement`
            prefix, _, inner = text.rpartition(".")
            found = self._items(inner.strip(), prefix)
            if found and not isinstance(found, str):
                return "item", found[0], found[1]
        for pattern in (_COMMENT_BEFORE, _COMMENT_AFTER):
            match = pattern.match(text)
            if match:
                found = self._items(match.group("rest"))
                if found and not isinstance(found, str):
                    return "comment", found[0], found[1]
        if _GENERAL.match(strip_question_number(text).strip()):
            return "general", None, None
        if key in _METADATA_NAMES or re.fullmatch(r"custom (?:data|variable) \d+", key):
            return "metadata", None, None
        if _ROLE_HINT.search(text):
            return "role?", None, None
        return None


def pattern_dot(text: str) -> bool:
    prefix, _, inner = text.rpartition(".")
    return bool(prefix.strip()) and bool(inner.strip()) and not inner.strip()[:1].isdigit()


@dataclass
class _Layout:
    header_rows: list[int]  # indexes into table.rows
    first_data: int  # index into table.rows
    columns: list[Column]


def _cell_text(cell: Cell) -> str:
    return cell.isoformat(sep=" ") if isinstance(cell, datetime) else str(cell)


def _row_score(matcher: _Matcher, row: list[Cell]) -> tuple[int, int]:
    items = others = 0
    for cell in row:
        found = matcher.classify(_cell_text(cell))
        if isinstance(found, tuple):
            if found[0] in ("item", "comment"):
                items += 1
            elif found[0] != "role?":
                others += 1
    return items, others


def _is_subheader(matcher: _Matcher, row: list[Cell]) -> bool:
    texts = [_cell_text(c).strip() for c in row]
    if any(t.startswith('{"ImportId"') for t in texts):
        return True
    if any(normalise(t) in _FILLER for t in texts if t):
        return True
    items, _others = _row_score(matcher, row)
    return items >= 2


def _candidates(block: list[list[Cell]], index: int) -> list[str]:
    """A column's possible headings from a header block: own cells bottom-up, then `above [below]`."""
    own: list[str] = []
    carried: list[str] = []
    for row in block:
        text = _cell_text(row[index]).strip() if index < len(row) else ""
        usable = text and normalise(text) not in _FILLER and not text.startswith('{"ImportId"')
        own.append(text if usable else "")
        carry = text if usable else ""
        if not carry:  # a merged cell spans to the right: the nearest heading on its left
            for j in range(min(index, len(row)) - 1, -1, -1):
                left = _cell_text(row[j]).strip()
                if left:
                    carry = left if normalise(left) not in _FILLER and not left.startswith('{"ImportId"') else ""
                    break
        carried.append(carry)
    result = [t for t in reversed(own) if t]
    for upper in range(len(block)):
        for lower in range(upper + 1, len(block)):
            if carried[upper] and own[lower] and carried[upper] != own[lower]:
                result.append(f"{carried[upper]} [{own[lower]}]")
    return result


def find_layout(framework: Framework, table: Table, role_column: str | None = None) -> tuple[_Layout, list[str]]:
    """The header block, data start and every column's role; raises `CsvError` if no item matches."""
    matcher = _Matcher(framework)
    path = table.path
    scan = table.rows[:_HEADER_SCAN]
    scores = [_row_score(matcher, row) for _n, row in scan]
    best = max(range(len(scan)), key=lambda i: (scores[i][0], scores[i][1], -i))
    if scores[best][0] == 0:
        example = ", ".join(f"'{item.title}'" for _s, item in framework.items()[:2])
        raise CsvError(
            f"no column matches an item of {framework.id} (read as {table.format}): headings must be item titles or ids "
            f"(e.g. {example}); `accord show {framework.id} --format csv` gives a template",
            path,
            table.rows[0][0],
        )
    header_rows = list(range(best + 1))
    following = best + 1
    while following < len(table.rows) and following < _HEADER_SCAN + 2 and _is_subheader(matcher, table.rows[following][1]):
        header_rows.append(following)
        following += 1
    block = [table.rows[i][1] for i in header_rows]
    width = max(len(row) for row in block)
    if table.workbook:  # a sheet's rows are all as wide as its widest: trailing blank headings are no columns
        while width > 1 and not any(index < len(row) and _cell_text(row[width - 1]).strip() for row in block for index in [width - 1]):
            width -= 1
    header_line = table.rows[best][0]
    columns: list[Column] = []
    warnings: list[str] = []
    forced_role = _role_column_index(role_column, block, width, path) if role_column else None
    for index in range(width):
        candidates = _candidates(block, index)
        heading = " / ".join(dict.fromkeys(c for c in (_cell_text(r[index]).strip() if index < len(r) else "" for r in block) if c))
        column = Column(index, heading, "extra")
        for candidate in candidates:
            found = matcher.classify(candidate)
            if isinstance(found, str):
                if index == forced_role:
                    break
                raise CsvError(f"column '{shorten(heading, 80)}' {found}", path, header_line)
            if found is None:
                continue
            role, section, item = found
            column = Column(index, heading, role, section, item)
            break
        if index == forced_role:
            if column.role not in ("extra", "metadata", "role", "role?"):
                what = f"item '{column.item.title}'" if column.item else f"the {column.role.replace('_', ' ')}"
                raise CsvError(
                    f"--role-column '{shorten(role_column or '')}': column {index + 1} ('{shorten(heading)}') holds {what}, not a role: "
                    "give the heading or number of the column with each member's role or organisation",
                    path,
                    header_line,
                )
            column = Column(index, heading, "role")
        columns.append(column)
    _settle_roles(columns, path, header_line)
    data_rows = [row for _n, row in table.rows[following:]]
    for column in columns:  # neither heading nor data (a trailing comma on every line): not worth a word
        if column.role == "extra" and not column.heading and not any(column.index < len(row) and _cell_text(row[column.index]).strip() for row in data_rows):
            column.role = "blank"
    extras = [c for c in columns if c.role == "extra"]
    if extras:
        names = ", ".join(f"'{shorten(c.heading)}'" if c.heading else f"column {c.index + 1} (no heading)" for c in extras[:10])
        more = f" and {len(extras) - 10} more" if len(extras) > 10 else ""
        warnings.append(f"{path}: ignored {len(extras)} column{_s(len(extras))} that match no item: {names}{more}")
    return _Layout(header_rows, following, columns), warnings


def _role_column_index(role_column: str, block: list[list[Cell]], width: int, path: Path) -> int:
    wanted = role_column.strip()
    if wanted.isdigit() and 1 <= int(wanted) <= width:
        return int(wanted) - 1
    for index in range(width):
        for row in block:
            if index < len(row) and normalise(_cell_text(row[index])) == normalise(wanted):
                return index
    raise CsvError(f"--role-column '{shorten(wanted)}': no column has that heading (give the heading or the column's number)", path)


def _settle_roles(columns: list[Column], path: Path, line: int) -> None:
    """One column per role: the best timestamp wins; a role question only if no role column."""
    if not any(c.role == "role" for c in columns):
        hinted = [c for c in columns if c.role == "role?"]
        if hinted:
            hinted[0].role = "role"
    for column in columns:
        if column.role == "role?":
            column.role = "extra"
    stamps = [c for c in columns if c.role in ("timestamp", "submitted")]
    if len(stamps) > 1:
        keep = min(stamps, key=lambda c: (c.role != "submitted", _TIMESTAMP_RANK.get(normalise(c.heading.split(" / ")[0]), 99), c.index))
        for column in stamps:
            if column is not keep:
                column.role = "metadata"
    used: dict[object, Column] = {}
    for column in columns:
        if column.role in ("extra", "metadata", "blank", "status", "general"):  # several general comments add up
            continue
        key: object = (column.role, column.section.id, column.item.id) if column.item and column.section else column.role
        if key in used:
            other = used[key]
            if column.item:
                what = f"{'comments on ' if column.role == 'comment' else ''}item '{column.section.id}.{column.item.id}'"  # type: ignore[union-attr]
            else:
                what = f"the {column.role.replace('_', ' ')}"
            raise CsvError(
                f"duplicate columns: '{shorten(other.heading)}' (column {other.index + 1}) and '{shorten(column.heading)}' (column {column.index + 1}) are both {what}",
                path,
                line,
            )
        used[key] = column


class _Shown:
    """A cell quoted in a message, shortened only when a message is actually made."""

    __slots__ = ("cell",)

    def __init__(self, cell: str) -> None:
        self.cell = cell

    def __format__(self, spec: str) -> str:
        return shorten(self.cell)


def _score(cell: str, section: Section, item: Item) -> tuple[int | None, bool]:
    """(score, na) for a rated cell; raises ValueError with the reason."""
    scale = section.scale
    assert scale is not None
    text = " ".join(cell.split())
    low = text.casefold()
    shown = _Shown(cell)
    if low in NA_WORDS or scale.na_label.casefold() == low or (low == "0" and not scale.contains(0)):
        if not scale.allow_na:
            raise ValueError(f"'{shown}' (N/A) is not allowed here: the scale has no N/A")
        return None, True
    number: int | None = None
    if re.fullmatch(r"[+-]?\d+(?:\.0*)?", text):
        digits = text.split(".")[0].lstrip("+-").lstrip("0")
        if len(digits) > 6:
            raise ValueError(f"'{shown}' is out of range {scale.min}-{scale.max}")
        number = int(text.split(".")[0])
    elif re.fullmatch(r"[+-]?\d*[.,]\d+", text):
        raise ValueError(f"'{shown}' is not a whole number")
    else:
        coded = answer_code_score(text)
        match = _NUMBER_LABEL.match(text)
        if coded is not None:
            number = coded
        elif match and len(match.group(1)) <= 6:
            number = int(match.group(1))
        else:
            for point in scale.points:
                if scale.label(point).casefold() == low:
                    number = point
                    break
    if number is None:
        raise ValueError(f"'{shown}' is not a score ({scale.min}-{scale.max}{' or N/A' if scale.allow_na else ''})")
    if not scale.contains(number):
        raise ValueError(f"'{shown}' is out of range {scale.min}-{scale.max}")
    return number, False


def parse_answer(cell: str, section: Section, item: Item) -> Answer | None:
    """One cell as an answer to `item` (None when blank or "No answer"); `ValueError` with the reason.

    Rated items: a level, `4 - Good`, the level's label, `A4`, or N/A; yes/no items: yes/no/y/n/
    true/false; open items: the text, up to the bundle's note limit (`MAX_NOTE_CHARS`).
    """
    text = cell.strip()
    if not text or text.casefold() in BLANK_WORDS:
        return None
    if item.kind == "open":
        _check_note(text)
        return Answer(note=text)
    if item.kind == "yesno":
        low = text.casefold()
        if low in YES_WORDS:
            return Answer(choice="yes")
        if low in NO_WORDS:
            return Answer(choice="no")
        raise ValueError(f"'{shorten(cell)}' is not yes or no")
    score, na = _score(text, section, item)
    return Answer(score=score, na=na)


def _check_note(text: str) -> None:
    if len(text) > MAX_NOTE_CHARS:
        raise ValueError(f"answer is too long ({len(text):,} characters; a note holds at most {MAX_NOTE_CHARS:,})")


def _add_note(answer: Answer, text: str) -> None:
    answer.note = f"{answer.note}\n\n{text}" if answer.note else text
    _check_note(answer.note)


_DONE_WORDS = frozenset({"true", "1", "yes", "y", "completed", "complete", "finished", "submitted"})
#: Status values that mean the member never finished: left out unless `include_partial`.
_PARTIAL_WORDS = frozenset({
    "false", "0", "no", "n", "partial", "started", "terminated", "incomplete", "in progress", "not finished", "abandoned",
    "not completed", "not complete", "not submitted", "unfinished", "dropped", "dropped out", "timed out", "timeout", "expired",
})  # fmt: skip
#: Status values that mean the row is no member's response (a tool's preview or test, spam, a screened-out
#: or over-quota respondent, e.g. Qualtrics' Response Type "Survey Preview"): always left out, and counted.
_EXCLUDED_WORDS = frozenset({
    "survey preview", "preview", "survey test", "test", "spam", "preview spam", "imported spam", "offline preview",
    "disqualified", "screened out", "screenout", "screened", "quota full", "over quota", "overquota", "rejected", "duplicate",
})  # fmt: skip
#: Status values that say nothing about completion (Qualtrics' Response Type for real responses).
_NEUTRAL_WORDS = frozenset({"ip address", "imported", "offline", "email", "anonymous", "social media", "sms", "web", "link"})


def _general_target(framework: Framework, columns: list[Column], column: Column) -> tuple[Section, Item] | None:
    for section, item in framework.items():
        if item.kind == "open" and re.search(r"\b(?:comments?|anything else)\b", item.title, re.IGNORECASE):
            return section, item
    before = [c for c in columns if c.role == "item" and c.index < column.index]
    chosen = before[-1] if before else next((c for c in columns if c.role == "item"), None)
    if chosen is None or chosen.section is None or chosen.item is None:
        return None
    return chosen.section, chosen.item


def read_survey(
    framework: Framework,
    path: str | Path,
    *,
    partnership: str = "",
    include_partial: bool = False,
    dates: Order | None = None,
    role_column: str | None = None,
    table: Table | None = None,
) -> SurveyImport:
    """Read a survey export into one bundle per respondent, or raise `CsvError` for the first problem.

    `path` is read by `engine.tabular.read_table` (or `table` if already read); of a workbook's
    sheets, the one whose headings name the most items is read, and errors name it. Returns a
    `SurveyImport`: `bundles` as (file line or sheet row, Bundle) in file order, one per member
    (see the module docstring for who wins), `left_out` rows with their reason ("partial",
    "empty", "replaced"), `columns` with the role found for each, `warnings` naming unknown
    columns, and `summary()` for the one line the CLI prints. `include_partial` keeps unfinished
    responses; `dates` ("dmy"/"mdy") settles a day/month order the file leaves open;
    `role_column` (a heading or 1-based number) names the role column. Timestamps become the
    bundles' `created`/`updated` (UTC); without one, the time of the import.
    """
    path = Path(path)
    table = table or read_table(path)
    table = _matching_sheet(framework, table)
    try:
        return _read_survey(framework, path, table, partnership, include_partial, dates, role_column)
    except CsvError as exc:
        if not table.sheet or exc.path != str(path):
            raise
        where = f"sheet '{table.sheet}'" + (f" row {exc.line}" if exc.line else "")
        raise CsvError(f"{where}: {exc.message}", path) from None


def _matching_sheet(framework: Framework, table: Table) -> Table:
    """Of a workbook's sheets, the one whose heading rows name the most items (the first on a tie):
    a 'Read me' or 'Summary' sheet before the responses is passed over."""
    if not table.others:
        return table
    matcher = _Matcher(framework)
    sheets = [table, *table.others]
    scores = [max((_row_score(matcher, row)[0] for _n, row in sheet.rows[:_HEADER_SCAN]), default=0) for sheet in sheets]
    return sheets[max(range(len(sheets)), key=lambda i: (scores[i], -i))]


def _read_survey(
    framework: Framework, path: Path, table: Table, partnership: str, include_partial: bool, dates: Order | None, role_column: str | None
) -> SurveyImport:
    layout, warnings = find_layout(framework, table, role_column)
    columns = layout.columns
    result = SurveyImport(framework, path, columns=columns, warnings=warnings, format=table.format)
    result.layout = detect_tool(columns, table, layout)
    data = table.rows[layout.first_data :]
    header_line = table.rows[layout.header_rows[-1]][0]
    width = len(columns)
    for line, row in data:
        if len(row) > width and any(_cell_text(c).strip() for c in row[width:]):
            raise CsvError(f"row has {len(row)} cells but the header has {width} columns", path, line)
        if len(row) < width and not table.workbook:
            raise CsvError(f"row has {len(row)} cells but the header has {width} columns", path, line)
    orders: dict[int, Order | None] = {}
    for column in columns:
        if column.role in ("timestamp", "submitted"):
            texts = [(line, _cell_text(row[column.index])) for line, row in data if column.index < len(row) and not isinstance(row[column.index], datetime)]
            try:
                orders[column.index] = column_order([(n, t) for n, t in texts if t.strip()], column.heading, dates)
            except DateProblem as exc:
                raise CsvError(f"column '{shorten(column.heading)}': {exc}", path, header_line) from None
    now = utc_now()
    kept: list[tuple[int, Bundle, bool, bool]] = []  # (line, bundle, has timestamp, submitted)
    general_target = {c.index: _general_target(framework, columns, c) for c in columns if c.role == "general"}
    wheres = {c.index: _where(c) for c in columns}
    item_keys = {c.index: (c.section.id, c.item.id) for c in columns if c.section and c.item}
    memo: dict[tuple[int, str], tuple[int | None, bool, str | None]] = {}  # (column, cell) -> a closed answer
    for line, row in data:
        result.rows_read += 1
        cells = [row[i] if i < len(row) else "" for i in range(width)]
        bundle = Bundle(framework_id=framework.id, framework_version=framework.version, partnership=partnership, created=now, updated=now)
        answers = bundle.answers
        first = last = ""
        complete: bool | None = None
        excluded = ""  # the status value that makes this row no member's response
        stamped = False
        for column, raw in zip(columns, cells):
            role = column.role
            if role == "item" and raw.__class__ is str:  # the common case first: a closed answer seen before
                known = memo.get((column.index, raw))
                if known is not None:
                    key = item_keys[column.index]
                    if key not in answers:
                        answers[key] = Answer(known[0], known[1], known[2])
                        continue
            elif role in ("extra", "metadata", "blank"):
                continue
            cell = _cell_text(raw) if not isinstance(raw, datetime) else raw
            where = wheres[column.index]
            if role in ("timestamp", "submitted"):
                if role == "submitted" and not (isinstance(cell, datetime) or cell.strip()):
                    complete = False  # never submitted
                if isinstance(cell, datetime) or cell.strip():
                    try:
                        bundle.created = bundle.updated = parse_datetime(cell, orders.get(column.index))
                        stamped = True
                    except DateProblem as exc:
                        raise CsvError(f"{where}: '{shorten(_cell_text(raw))}' {exc}", path, line) from None
                continue
            text = str(cell)
            if role == "status":  # several status columns: any that says partial makes it partial
                word = " ".join(text.split()).casefold()
                if word in _EXCLUDED_WORDS:
                    excluded = excluded or f"{' '.join(text.split())}"
                elif word in _PARTIAL_WORDS:
                    complete = False
                elif word in _DONE_WORDS:
                    complete = complete if complete is False else True
                elif word and word not in _NEUTRAL_WORDS:
                    raise CsvError(
                        f"{where}: '{shorten(text)}' is not a completion status Accord knows (complete: Completed, True, 1; "
                        "partial: Partial, Not Completed, False, 0; left out: Survey Preview, Spam, Disqualified, Screened Out): "
                        "change it to one of these or delete the row",
                        path,
                        line,
                    )
                continue
            if role in ("respondent", "email", "role"):
                value = " ".join(_CONTROL.sub("", text).split())
                if role in ("respondent", "email") and value.casefold() in ANONYMOUS_WORDS:
                    value = ""
                if len(value) > 500:
                    raise CsvError(f"{where}: '{shorten(value)}' is too long for a {role} ({len(value):,} characters)", path, line)
                setattr(bundle, role, value)
                continue
            if role in ("first_name", "last_name"):
                value = " ".join(_CONTROL.sub("", text).split())
                if role == "first_name":
                    first = value
                else:
                    last = value
                continue
            try:
                if role == "general":
                    target = general_target.get(column.index)
                    if text.strip() and target:
                        note = text.strip() if target[1].kind == "open" else f"General comment: {text.strip()}"
                        _add_note(bundle.answer(target[0].id, target[1].id), note)
                    continue
                section, item = column.section, column.item
                assert section is not None and item is not None
                if role == "comment":
                    if text.strip() and text.strip().casefold() not in BLANK_WORDS:
                        _add_note(bundle.answer(section.id, item.id), text.strip())
                    continue
                answer = parse_answer(text, section, item)
                if answer is not None and item.kind != "open":
                    memo[(column.index, text)] = (answer.score, answer.na, answer.choice)
            except ValueError as exc:
                raise CsvError(f"{where}: {exc}", path, line) from None
            if answer is not None:
                existing = bundle.answers.get((section.id, item.id))
                if existing is not None and existing.note:
                    answer.note = f"{answer.note}\n\n{existing.note}" if answer.note else existing.note
                    _check_note_at(answer.note, where, path, line)
                bundle.answers[(section.id, item.id)] = answer
        if not bundle.respondent and (first or last):
            bundle.respondent = " ".join(p for p in (first, last) if p)
        bundle.answers = {k: a for k, a in bundle.answers.items() if not a.is_empty()}
        if excluded:
            result.left_out.append(LeftOut(line, "excluded", excluded))
            continue
        if complete is False and not include_partial:
            result.left_out.append(LeftOut(line, "partial"))
            continue
        if not bundle.answers:
            result.left_out.append(LeftOut(line, "empty"))
            continue
        kept.append((line, bundle, stamped, complete is not False))
    _keep_latest(kept, result)
    if not result.bundles and not result.left_out:
        raise CsvError("no responses: only a header row", path, header_line + 1)
    return result


def _where(column: Column) -> str:
    """A column in a message: its number and heading, and the item it was matched to (a long grid
    heading shortened must not hide which item it is)."""
    heading = shorten(column.heading)
    if heading == " ".join(column.heading.split()):
        return f"column '{heading}'"
    item = f"; item '{shorten(column.item.title)}'" if column.item is not None else ""
    return f"column '{heading}' (no. {column.index + 1}{item})"


def _check_note_at(note: str, where: str, path: Path, line: int) -> None:
    try:
        _check_note(note)
    except ValueError as exc:
        raise CsvError(f"{where}: {exc}", path, line) from None


def _keep_latest(kept: list[tuple[int, Bundle, bool, bool]], result: SurveyImport) -> None:
    """One bundle per member: a submitted response beats a partial one (kept by `include_partial`:
    an attempt abandoned later never replaces what the member submitted); then the later
    timestamp, else (no timestamps) the later row, wins."""
    winners: dict[str, int] = {}
    for position, (line, bundle, stamped, submitted) in enumerate(kept):
        who = identity_key(bundle.respondent, bundle.email)
        if who is None:
            continue
        if who in winners:
            other = winners[who]
            o_line, o_bundle, o_stamped, o_submitted = kept[other]
            if submitted != o_submitted:
                later = submitted
            else:
                later = bundle.updated >= o_bundle.updated if (stamped and o_stamped) else True
            loser, winner = (other, position) if later else (position, other)
            winners[who] = winner
            result.left_out.append(LeftOut(kept[loser][0], "replaced", f"row {kept[loser][0]} by row {kept[winner][0]}"))
        else:
            winners[who] = position
    losers = {x.row for x in result.left_out if x.reason == "replaced"}
    result.bundles = [(line, bundle) for line, bundle, _s, _c in kept if line not in losers]
    result.left_out.sort(key=lambda x: x.row)


def detect_tool(columns: list[Column], table: Table, layout: _Layout) -> str:
    """The survey tool whose layout this is, for the summary line (a best guess, never a rule)."""
    names = {normalise(h) for c in columns for h in c.heading.split(" / ")}
    if any(_cell_text(c).startswith('{"ImportId"') for i in layout.header_rows for c in table.rows[i][1]) or "responseid" in names:
        return "Qualtrics"
    if "respondent id" in names and "collector id" in names:
        return "SurveyMonkey"
    if names & {"submitdate", "lastpage", "startlanguage"} or {"date submitted", "last page"} <= names:
        return "LimeSurvey"
    if names & {"submit date (utc)", "network id"}:
        return "Typeform"
    if names & {"respondent email", "timestamp (mm/dd/yyyy)"}:
        return "QuestionPro"
    if "completion time" in names and "start time" in names:
        return "Microsoft Forms"
    if {"respondent", "email", "role", "timestamp"} <= names:
        return "Accord template"
    if "timestamp" in names:
        return "Google Forms"
    return "spreadsheet"
