"""The action plan's columns (`engine.plan`): the SCSN Action Sheet's, then the delivery plan's own.

Kept apart from `engine.plan` so that a summary or report, which lays out its action table in
them, does not load the plan code when no plan is given.
"""

from __future__ import annotations

#: The SCSN Action Sheet's columns, verbatim, in its order: the plan CSV starts with them and the
#: reports' action plan tables (md, html, docx) are laid out in them (the reports rename the first
#: two to a framework's own vocabulary: "Theme", "Statement"...).
ACTION_SHEET_COLUMNS = ("Scorecard", "Feature", "Action", "Responsibility", "Score", "Date of completion", "Score at target")

#: The delivery plan's own column headings, verbatim (Sport Across Staffordshire and Stoke-on-Trent
#: delivery plan 2008-09, one table per strategic objective; "KPI" and "Target" stand under its
#: "Performance Measurement"), by the Action field that holds each column. The plan CSV, the report
#: and `accord plan list` head these fields with them.
DELIVERY_PLAN_HEADINGS: dict[str, str] = {
    "strategic_objective": "Strategic Objective",
    "key_tasks": "Key Tasks",
    "milestones": "Milestones",
    "timescale": "Timescales",
    "lead_partners": "Lead/ Partners",
    "resources": "Resources",
    "kpi": "KPI",
    "target": "Target",
    "strategic_links": "Strategic links & CSP Core Functions",
}
