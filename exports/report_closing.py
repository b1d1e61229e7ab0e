"""The parts of the reporting template around the results, shared by the Markdown and HTML reports.

The template (`engine.report_settings.report_template`) gives the words: the numbered headings,
"4. Financial Implications", the closing "Author Name / Job Title" line and the block of
Appendices, Background or Related Reports, Contact Details (Name, Telephone Number, Email Address)
and National Outcomes. `ReportDetails` fill what a person gave; anything not given stays a headed
space to complete by hand. Every string is plain and one-line safe: each renderer escapes it.
"""

from __future__ import annotations

from dataclasses import dataclass

from accord_partnership.engine.model import Item, ReportTemplate
from accord_partnership.engine.report_settings import ReportDetails
from accord_partnership.exports.report_text import clean

#: What an empty space to fill shows in a report.
BLANK = "…"


NO_OPEN_ANSWERS = ("No answers in these results (members' written answers are included when the bundles are "
                   "merged with --with-notes).")


def open_answers(view: object) -> list[tuple[Item, list[str]]]:
    """A section's open items (the Sport England "Main sources of evidence", Audit Commission's open
    questions) with the answers the results hold for each, so the report lists them in place."""
    section = view.section  # type: ignore[attr-defined]
    groups = {g.heading: g.notes for g in view.notes}  # type: ignore[attr-defined]
    out = []
    for stats in view.open_items:  # type: ignore[attr-defined]
        try:
            item = section.item(stats.item_id)
        except KeyError:
            continue
        out.append((item, groups.get(clean(item.title), [])))
    return out


@dataclass
class Closing:
    """The closing block of the template, ready to lay out."""

    author: list[tuple[str, str]]  # ("Author Name", "A. Officer"), ("Job Title", "")
    rows: list[tuple[str, list[str]]]  # ("Appendices", ["Appendix 5: Action Sheet", ...]), ...


def action_sheet_heading(template: ReportTemplate) -> str:
    """ "Appendix 5: Action Sheet" — the template's own appendix number and name."""
    return f"{template.action_plan_appendix}: {template.action_sheet}"


def main_number(template: ReportTemplate) -> str:
    """ "3" of "3. Main report": the template numbers its sections itself, and the main report's
    parts follow it (3.1, 3.2...)."""
    head = template.main.split(".", 1)[0].strip()
    return head if head.isdigit() else "3"


def notes_heading(single: bool) -> str:
    """The notes appendix (Accord's, not the template's: it carries no template number)."""
    return "Your notes" if single else "Notes (unattributed)"


def closing(template: ReportTemplate, details: ReportDetails, *, has_notes: bool, single: bool) -> Closing:
    author = [(template.author[0] if template.author else "Author Name", clean(details.author)),
              (template.author[1] if len(template.author) > 1 else "Job Title", clean(details.job_title))]
    appendices = [action_sheet_heading(template)] + ([notes_heading(single)] if has_notes else [])
    values = (details.contact_name, details.telephone, details.email)
    contact = [f"{name}: {clean(value) or BLANK}" for name, value in zip(template.contact_fields, values)]
    outcomes = clean(details.national_outcomes) or clean(template.national_outcomes_text) or BLANK
    rows = [
        (template.appendices, appendices),
        (template.related, [clean(details.related) or BLANK]),
        (template.contact, contact),
        (template.national_outcomes, [outcomes]),
    ]
    return Closing(author, rows)
