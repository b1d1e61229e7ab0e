"""A fillable Excel scorecard for members without a terminal (`accord show FRAMEWORK --format xlsx`).

One sheet for the member's details, then one sheet per section: each feature with its level
descriptors, a drop-down cell for the score (the scale's points and N/A; Yes/No for yes/no
questions) and a cell for evidence notes. Every sheet is protected (no password: this guards
against slips, not people) so that only the answer cells can be edited, and so is the workbook's
structure (no sheet renamed, added or deleted, which would break the way back); answer cells are
formatted as text so that a note typed as `=SUM(...)` stays text in Excel. The workbook is
written by XlsxWriter with `strings_to_formulas` off: nothing Accord writes becomes a formula.

A very hidden sheet `accord` records the framework id and version and, for each answer cell, the
section and item it belongs to; `engine.scorecard_book` reads returned workbooks by it and
refuses one made for another framework or version.
"""

from __future__ import annotations

import io
import re

from accord_partnership.engine.model import Framework, Section
from accord_partnership.engine.scorecard_book import MARKER, META_SHEET

FORMAT_VERSION = 1
DETAILS_SHEET = "Your details"
DETAILS = (("respondent", "Your name (optional)"), ("email", "Email (optional)"), ("role", "Role or organisation (optional)"), ("partnership", "Partnership"))
#: every workbook Accord writes: in memory, and no text ever turned into a formula, link or number
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")  # and no apostrophe first or last (Excel allows one inside)


def sheet_names(framework: Framework) -> dict[str, str]:
    """Section id -> a unique sheet name (at most 31 characters, none of []:*?/\\, no apostrophe first or last)."""
    sections = scorecard_sections(framework)
    names = unique_sheet_names([s.title for s in sections], reserved=(DETAILS_SHEET, META_SHEET))
    return {s.id: name for s, name in zip(sections, names)}


def unique_sheet_names(titles: list[str], *, reserved: tuple[str, ...] = ()) -> list[str]:
    """One valid, unique sheet name per title, in order (Excel's rules: at most 31 characters,
    none of []:*?/\\, no apostrophe first or last, unique ignoring case, none of `reserved`).
    An empty title becomes "Section N"; a repeated one gets " 2", " 3"..."""
    taken = {r.casefold() for r in reserved}
    names: list[str] = []
    for number, title in enumerate(titles, 1):
        base = " ".join(_BAD_SHEET_CHARS.sub(" ", title.replace("\u2019", "'")).split())[:28].strip(" '") or f"Section {number}"
        name, n = base, 1
        while name.casefold() in taken:
            n += 1
            name = f"{base[:26]} {n}"
        taken.add(name.casefold())
        names.append(name)
    return names


def scorecard_sections(framework: Framework) -> list[Section]:
    """The sections a member fills in (private sections such as the Chair's stay in the TUI)."""
    return [s for s in framework.sections if not s.private and s.items]


def scorecard_xlsx(framework: Framework) -> bytes:
    """The workbook's bytes."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, dict(WORKBOOK_OPTIONS))
    book.set_properties({"title": f"{framework.title} — scorecard", "comments": f"{MARKER} {framework.id} {framework.version}"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    title = book.add_format({"bold": True, "font_size": 14})
    header = book.add_format({"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "top"})
    answer = book.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True, "valign": "top", "num_format": "@"})
    shaded = book.add_format({"bg_color": "#EEEEEE", "border": 1})

    meta_rows: list[list[str]] = [[MARKER, str(FORMAT_VERSION)], ["framework", framework.id], ["version", framework.version]]

    details = book.add_worksheet(DETAILS_SHEET)
    details.set_column(0, 0, 34)
    details.set_column(1, 1, 60)
    details.set_paper(9)  # A4
    details.merge_range(0, 0, 0, 1, framework.title, title)
    details.merge_range(1, 0, 1, 1, f"{framework.source.credit}. Framework {framework.id}, version {framework.version}.", wrap)
    details.merge_range(
        2, 0, 2, 1,
        "Fill in the yellow cells on every sheet: choose a score from the drop-down, write your evidence beside it. "
        "Save the file and return it to your coordinator.",
        wrap,
    )  # fmt: skip
    details.set_row(0, 22)
    details.set_row(1, 30)
    details.set_row(2, 32)
    for offset, (role, label) in enumerate(DETAILS):
        row = 4 + offset
        details.write_string(row, 0, label, bold)
        details.write_blank(row, 1, None, answer)
        meta_rows.append(["detail", DETAILS_SHEET, str(row + 1), role])
    details.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})

    names = sheet_names(framework)
    for section in scorecard_sections(framework):
        sheet = book.add_worksheet(names[section.id])
        scale = section.scale
        points = list(scale.points) if scale else []
        sheet.set_column(0, 0, 38)
        sheet.set_column(1, 1, 10)
        sheet.set_column(2, 2, 45)
        sheet.set_column(3, 3 + max(len(points) - 1, 0), 30)
        head = ["Feature" if all(i.kind == "feature" for i in section.items) else "Question", "Score", "Evidence / notes"]
        if scale:
            head += [str(p) if scale.label(p) == str(p) else f"{p} — {scale.label(p)}" for p in points]
        last = len(head) - 1
        sheet.set_landscape()
        sheet.set_paper(9)  # A4, one page wide, the heading row on every page
        sheet.fit_to_pages(1, 0)
        sheet.repeat_rows(3)
        sheet.merge_range(0, 0, 0, last, section.title, title)
        sheet.set_row(0, 22)
        if section.intro:
            sheet.merge_range(1, 0, 1, last, section.intro, wrap)
            sheet.set_row(1, 15 * (1 + len(section.intro) // 160))
        for col, text in enumerate(head):
            sheet.write_string(3, col, text, header)
        row = 4
        for position, item in enumerate(section.items, 1):
            text = item.title if not item.text or item.text == item.title else f"{item.title}\n\n{item.text}"
            if item.prompts:
                text += "\n" + "\n".join(f"• {p}" for p in item.prompts)
            sheet.write_string(row, 0, text, bold)
            if item.kind == "open":
                sheet.write_blank(row, 1, None, shaded)
            else:
                sheet.write_blank(row, 1, None, answer)
                if item.kind == "yesno":
                    choices = ["Yes", "No"]
                else:
                    assert scale is not None
                    choices = [str(p) for p in points] + ([scale.na_label] if scale.allow_na else [])
                sheet.data_validation(
                    row, 1, row, 1,
                    {"validate": "list", "source": choices, "error_title": "Score", "error_message": "Choose from the list: " + ", ".join(choices)},
                )  # fmt: skip
            sheet.write_blank(row, 2, None, answer)
            for col, point in enumerate(points, start=3):
                sheet.write_string(row, col, item.descriptor(point), wrap)
            sheet.set_row(row, 90 if any(lv.descriptor for lv in item.levels) else 45)
            meta_rows.append(["item", names[section.id], str(row + 1), section.id, item.id, str(position)])
            row += 1
        sheet.freeze_panes(4, 1)
        sheet.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True, "format_columns": True})

    meta = book.add_worksheet(META_SHEET)
    for r, values in enumerate(meta_rows):
        for c, value in enumerate(values):
            meta.write_string(r, c, value)
    meta.protect()
    meta.very_hidden()
    book.close()
    return _lock_structure(buffer.getvalue())


def _lock_structure(data: bytes) -> bytes:
    """The workbook with its structure locked (no sheet added, renamed, deleted or unhidden).

    XlsxWriter protects sheets but not the workbook's structure, so the `workbookProtection`
    element (ECMA-376 §18.2.29; it comes right before `bookViews`) is added to xl/workbook.xml.
    """
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                content = content.replace(b"<bookViews>", b'<workbookProtection lockStructure="1"/><bookViews>', 1)
            target.writestr(info, content)
    return out.getvalue()
