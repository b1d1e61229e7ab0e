"""The reporting template a report follows, and the details a person fills in once (author, contacts).

`report_template(framework)` is the framework's own `[report]` (the SCSN Partnership Self Assessment
Reporting Template, frameworks/scsn-csp.toml) or, for a toolkit that has none, the SCSN template
without its Scottish community-safety National Outcome (that row is left as a space to fill).

`ReportDetails` are the template's spaces a person fills: author name and job title, contact name,
telephone and email, background or related reports, financial implications, national outcomes.
They come from a small settings file, read on every report so they are given once:
`$ACCORD_HOME/report.toml` (or the per-user data folder's), or `--settings FILE`, and command-line
options override it. Format (every key optional, all strings):

    author = "A. Officer"
    job_title = "Community Safety Manager"
    contact_name = "A. Officer"
    telephone = "01234 567890"
    email = "a.officer@example.org"
    related = "CSP Strategic Assessment 2026"
    financial = "No financial implications."
    national_outcomes = ""        # only to replace the template's own text

No Textual here.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path

from accord_partnership.engine.errors import AccordError
from accord_partnership.engine.model import Framework, ReportTemplate
from accord_partnership.engine.textio import FileChecks, load_toml

#: The settings file's name in the data folder (engine.catalog.data_dir()).
SETTINGS_NAME = "report.toml"


@dataclass(frozen=True)
class ReportDetails:
    """What a person writes into the template's spaces; empty strings are left as spaces to fill."""

    author: str = ""
    job_title: str = ""
    contact_name: str = ""
    telephone: str = ""
    email: str = ""
    related: str = ""
    financial: str = ""
    national_outcomes: str = ""

    def merged(self, **overrides: str | None) -> ReportDetails:
        """These details with every non-empty override in its place (command-line options)."""
        return replace(self, **{k: v for k, v in overrides.items() if v})


_KEYS = tuple(f.name for f in fields(ReportDetails))


def load_report_settings(path: str | Path) -> ReportDetails:
    """Read a report settings file (format in this module's docstring); bad input raises
    `AccordError` naming the file and line."""
    data, text = load_toml(path, AccordError)
    checks = FileChecks(path, text, AccordError)
    for key, value in data.items():
        if key not in _KEYS:
            raise checks.fail(f"unknown key '{key}' (allowed: {', '.join(_KEYS)})", key)
        if not isinstance(value, str):
            raise checks.fail(f"'{key}' must be a string", key)
    return ReportDetails(**data)


def default_settings_path() -> Path:
    from accord_partnership.engine.catalog import data_dir

    return data_dir() / SETTINGS_NAME


def report_details(settings: str | Path | None = None) -> ReportDetails:
    """The details from `settings`, else from the default settings file when it exists, else empty."""
    if settings:
        return load_report_settings(settings)
    path = default_settings_path()
    return load_report_settings(path) if path.is_file() else ReportDetails()


def report_template(framework: Framework) -> ReportTemplate:
    """The framework's own reporting template, or the SCSN one for a toolkit without its own.

    Borrowed for another toolkit, the SCSN template keeps its headings and sentences but not its
    background hint (written for a CSP) nor its National Outcome text (Scotland's community-safety
    outcome): those are left as spaces to fill.
    """
    if framework.report is not None:
        return framework.report
    from accord_partnership.engine.catalog import get_framework

    scsn = get_framework("scsn-csp").report
    if scsn is None:  # the built-in file always has one; a broken install says so
        raise AccordError("the built-in SCSN framework has no [report] template")
    return replace(scsn, background_hint="", national_outcomes_text="")
