"""Accord's own long-form CSV bundles: one member's answers, one row per answer.

`accord export BUNDLE --csv` writes them (rows from `bundle_rows`, text by `exports.csv_out`)
for people who work in spreadsheets; `accord merge` reads them back with `read_bundle_csv`, which
returns exactly the `Bundle` the TOML file holds. Columns (docs/merged-format.md lists them too):

    framework, framework_version, partnership, respondent, email, role, created, updated,
    type, section, item, title, score, answer, note

`type` is `item` (a score, `N/A`, a yes/no answer and/or a note), `matrix` (a free-text cell:
`item` is the column id), `tool` (an interactive tool's answers as an inline TOML table in
`note`), `position` (where the respondent was) or `bundle` (a bundle with no answers yet). The
identity columns repeat on every row and must agree. Text cells are escaped against spreadsheet
formulas by the writer (a leading `'`), which the reader undoes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from accord_partnership.engine.bundle import BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, BUNDLE_IDENTITY, NA, Bundle, bundle_from_data
from accord_partnership.engine.errors import AccordError, BundleError, CsvError
from accord_partnership.engine.ids import framework_id_problem, is_framework_id
from accord_partnership.engine.model import Framework, own_mark
from accord_partnership.engine.textio import csv_rows, read_text

COLUMNS = (
    *BUNDLE_IDENTITY,
    "type",
    "section",
    "item",
    "title",
    "score",
    "answer",
    "note",
)
IDENTITY = BUNDLE_IDENTITY
NA_TEXT = "N/A"
ROW_TYPES = ("item", "matrix", "tool", "position", "bundle")


def _stamp(value: datetime) -> str:
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def bundle_rows(bundle: Bundle, framework: Framework, tool_value: Callable[[dict[str, Any]], str]) -> list[list[Any]]:
    """The CSV rows of a bundle (without the header); scores are ints, everything else text.

    `tool_value` turns a tool's answers into inline TOML (exports.toml_writer.value).
    """
    ident = [
        bundle.framework_id,
        bundle.framework_version,
        bundle.partnership,
        bundle.respondent,
        bundle.email,
        bundle.role,
        _stamp(bundle.created),
        _stamp(bundle.updated),
    ]
    rows: list[list[Any]] = []
    for section in framework.sections:
        for item in section.items:
            answer = bundle.answers.get((section.id, item.id))
            if answer is None or answer.is_empty():
                continue
            score: Any = NA_TEXT if answer.na else ("" if answer.score is None else answer.score)
            rows.append([*ident, "item", section.id, item.id, own_mark(item, "title"), score, answer.choice or "", answer.note])
    titles = {c.id: c.title for c in framework.matrix_columns}
    for section in framework.sections:
        for column, text in bundle.matrix.get(section.id, {}).items():
            rows.append([*ident, "matrix", section.id, column, titles.get(column, column), "", "", text])
    tool_titles = {t.id: t.title for t in framework.tools}
    for tool_id in sorted(bundle.tools):
        rows.append([*ident, "tool", "", tool_id, tool_titles.get(tool_id, tool_id), "", "", tool_value(bundle.tools[tool_id])])
    if bundle.position:
        rows.append([*ident, "position", bundle.position[0], bundle.position[1], "", "", "", ""])
    if not rows:
        rows.append([*ident, "bundle", "", "", "", "", "", ""])
    return rows


def _unescape(text: str) -> str:
    return text[1:] if text.startswith("'") else text


def read_bundle_csv(path: str | Path, framework_for: Callable[[str], Framework] | None = None) -> tuple[Bundle, Framework]:
    """Read and validate an Accord bundle CSV; errors are `CsvError` with the file line."""
    path = Path(path)
    text = read_text(path, CsvError)
    return bundle_from_csv_text(text, path, framework_for)


def bundle_from_csv_text(text: str, path: Path, framework_for: Callable[[str], Framework] | None = None) -> tuple[Bundle, Framework]:
    rows = csv_rows(text, path)
    _line, header = next(rows, (1, []))
    if tuple(h.strip() for h in header) != COLUMNS:
        raise CsvError("not an Accord bundle CSV (expected the columns " + ",".join(COLUMNS) + ")", path, 1)
    if framework_for is None:
        from accord_partnership.engine.catalog import get_framework

        framework_for = get_framework

    first: list[str] | None = None
    framework: Framework | None = None
    data: dict[str, Any] = {}
    answers: dict[str, dict[str, dict[str, Any]]] = {}
    matrix: dict[str, dict[str, str]] = {}
    tools: dict[str, Any] = {}
    for line, row in rows:
        if len(row) != len(COLUMNS):
            raise CsvError(f"row has {len(row)} cells, the header has {len(COLUMNS)}", path, line)
        cells = dict(zip(COLUMNS, (_unescape(c) for c in row)))

        def fail(message: str) -> CsvError:
            return CsvError(message, path, line)  # noqa: B023 - used immediately

        if first is None:
            first = [cells[c] for c in IDENTITY]
            if not is_framework_id(cells["framework"]):  # data, never a path
                raise fail(framework_id_problem(cells["framework"]))
            try:
                framework = framework_for(cells["framework"])
            except AccordError as exc:
                raise fail(f"unknown framework '{cells['framework']}' ({exc.message})") from None
            data = {
                "format": BUNDLE_FORMAT,
                "format_version": BUNDLE_FORMAT_VERSION,
                "framework": cells["framework"],
                "framework_version": cells["framework_version"],
                "partnership": cells["partnership"],
                "respondent": cells["respondent"],
                "email": cells["email"],
                "role": cells["role"],
            }
            for key in ("created", "updated"):
                if cells[key].strip():
                    try:
                        data[key] = datetime.fromisoformat(cells[key].strip())
                    except ValueError:
                        raise fail(f"column '{key}': '{cells[key]}' is not a date-time like 2026-01-31T09:30:00Z") from None
        else:
            for column, value in zip(IDENTITY, first):
                if cells[column] != value:
                    raise fail(f"column '{column}' differs from the first row (one member's answers per file)")
        assert framework is not None
        kind = cells["type"].strip()
        section_id, item_id = cells["section"].strip(), cells["item"].strip()
        if kind == "item":
            try:
                section = framework.section(section_id)
                item = section.item(item_id)
            except KeyError:
                raise fail(f"unknown item '{section_id}.{item_id}' in framework {framework.id}") from None
            if item_id in answers.get(section_id, {}):
                raise fail(f"'{section_id}.{item_id}' appears twice")
            raw: dict[str, Any] = {}
            score = cells["score"].strip()
            if score:
                if score.casefold() in (NA, "na"):
                    raw["score"] = NA
                else:
                    try:
                        raw["score"] = int(score)
                    except ValueError:
                        raise fail(f"column 'score': '{score}' is not a whole number or N/A") from None
                    scale = section.scale
                    if scale is None or not item.rated:
                        raise fail(f"'{section_id}.{item_id}' takes no score")
                    if not scale.contains(raw["score"]):
                        raise fail(f"column 'score': '{score}' is out of range {scale.min}-{scale.max}")
            choice = cells["answer"].strip()
            if choice:
                raw["answer"] = choice.casefold()
            if cells["note"]:
                raw["note"] = cells["note"]
            answers.setdefault(section_id, {})[item_id] = raw
        elif kind == "matrix":
            if item_id in matrix.get(section_id, {}):
                raise fail(f"matrix cell '{section_id}.{item_id}' appears twice")
            matrix.setdefault(section_id, {})[item_id] = cells["note"]
        elif kind == "tool":
            from accord_partnership.engine.textio import parse_toml

            try:
                value = parse_toml("v = " + cells["note"], path, CsvError)["v"]
            except CsvError:
                raise fail(f"tool '{item_id}': the answers are not an inline TOML table") from None
            if not isinstance(value, dict):
                raise fail(f"tool '{item_id}': the answers are not an inline TOML table")
            tools[item_id] = value
        elif kind == "position":
            data["position"] = f"{section_id}/{item_id}"
        elif kind != "bundle":
            raise fail(f"column 'type': '{kind}' is not one of {', '.join(ROW_TYPES)}")
    if first is None:
        raise CsvError("no rows after the header", path, 2)
    if answers:
        data["answers"] = answers
    if matrix:
        data["matrix"] = matrix
    if tools:
        data["tools"] = tools
    assert framework is not None  # read with the first row
    known, lookup = framework, framework_for

    def framework_of(ref: str) -> Framework:
        return known if ref == known.id else lookup(ref)

    try:
        return bundle_from_data(data, path, None, framework_of)
    except BundleError as exc:
        raise CsvError(exc.message, path) from None
