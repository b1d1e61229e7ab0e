"""A framework as a LimeSurvey survey structure: the tab-separated `.txt` that LimeSurvey imports.

LimeSurvey's "Tab Separated Value survey structure" has one row per element, its `class` saying
which: `S` survey settings, `SL` language settings (the title), `G` a question group, `Q` a
question (its `type/scale` the question type: `F` array, `Q` multiple short text, `Y` yes/no, `T`
long free text, `S` short free text), `SQ` a subquestion, `A` an answer option. Each section is a
group: its rated items are one array question (subquestions are the features, answers the scale's
points and N/A), then a multiple-short-text question for evidence notes; yes/no and open items are
questions of their own. The question codes come from `engine.survey_codes`, so `accord import`
maps a response export headed by codes (`PW[SQ001]`) or by full text (`Partnership Working
[Trust]`) back to the same items exactly.

Written through the one CSV writer (`exports.csv_out`, tab-separated), so no cell can become a
spreadsheet formula; UTF-8 with a byte-order mark, as LimeSurvey's own export. Private sections (the Chair's own scorecard) are left out, as in the CSV
template.
"""

from __future__ import annotations

from accord_partnership.engine.model import Framework
from accord_partnership.engine.survey_codes import own_question_code, section_codes, subquestion_code
from accord_partnership.exports.csv_out import csv_text

COLUMNS = ["class", "type/scale", "name", "relevance", "text", "help", "language", "validation", "mandatory", "other", "default", "same_default"]
LANGUAGE = "en"
NA_CODE = "NA"


def _html(text: str) -> str:
    """LimeSurvey shows question texts as HTML: framework text is escaped (control characters made
    visible, as everywhere Accord shows framework text), line breaks kept as `<br />`."""
    import html

    from accord_partnership.exports.textsafe import visible

    return "<br />".join(html.escape(visible(line), quote=False) for line in text.replace("\r\n", "\n").split("\n"))


def limesurvey_tsv(framework: Framework) -> str:
    """The survey structure as LimeSurvey's tab-separated import text."""
    rows: list[list[str]] = []

    def row(cls: str, kind: str = "", name: str = "", text: str = "", *, relevance: str = "", help: str = "", mandatory: str = "") -> None:
        values = {"class": cls, "type/scale": kind, "name": name, "relevance": relevance, "text": _html(text), "help": _html(help), "mandatory": mandatory}
        if cls in ("SL", "G", "Q", "SQ", "A"):
            values["language"] = LANGUAGE
        if cls == "Q":
            values["other"] = "N"
        rows.append([values.get(c, "") for c in COLUMNS])

    row("S", name="language", text=LANGUAGE)
    row("S", name="format", text="G")
    row("S", name="anonymized", text="N")
    row("S", name="datestamp", text="Y")
    row("SL", name="surveyls_title", text=framework.title)
    row("SL", name="surveyls_description", text=f"{framework.source.credit}: {framework.source.title}. Accord framework {framework.id} version {framework.version}.")
    row("G", "1", "About you", "Your details are optional: leave them blank to answer anonymously.", relevance="1")  # type/scale: group order
    row("Q", "S", "NAME", "Your name", relevance="1", mandatory="N")
    row("Q", "S", "EMAIL", "Email address", relevance="1", mandatory="N")
    row("Q", "S", "ROLE", "Your role", help="Your role or the kind of organisation you represent (e.g. police, health, council).", relevance="1", mandatory="N")
    codes = section_codes(framework)
    order = 1
    for section in framework.sections:
        if section.private or not section.items:
            continue
        code = codes[section.id]
        order += 1
        row("G", str(order), section.title, section.intro, relevance="1")
        rated = [(p, i) for p, i in enumerate(section.items, 1) if i.rated]
        if rated and section.scale:
            scale = section.scale
            help_lines = []
            for _p, item in rated:
                described = [f"{lv.score}{'' if lv.label == str(lv.score) else ' ' + lv.label}: {lv.descriptor}" for lv in item.levels if lv.descriptor]
                if described:
                    help_lines.append(f"{item.title} — " + " | ".join(described))
            row("Q", "F", code, section.title, help="\n".join(help_lines), relevance="1", mandatory="N")
            for position, item in rated:
                row("SQ", "0", subquestion_code(position), item.title, relevance="1")
            for point in scale.points:  # an answer row's relevance column is its assessment value
                label = scale.label(point)  # "4 - Good"; a bare level reads "4", never "4 - 4"
                row("A", "0", f"A{point}", str(point) if label == str(point) else f"{point} - {label}", relevance=str(point))
            if scale.allow_na:
                row("A", "0", NA_CODE, scale.na_label)
            row("Q", "Q", f"{code}N", f"Evidence notes: {section.title}", help="Optional: what your scores are based on.", relevance="1", mandatory="N")
            for position, item in rated:
                row("SQ", "0", subquestion_code(position), item.title, relevance="1")
        for position, item in enumerate(section.items, 1):
            if item.rated:
                continue
            kind = "Y" if item.kind == "yesno" else "T"
            text = item.text or item.title
            help = "\n".join(item.prompts) + (f"\n{item.no_means}" if item.no_means else "")
            row("Q", kind, own_question_code(code, position), text, help=help.strip(), relevance="1", mandatory="N")
    return csv_text(COLUMNS, rows, excel=True, delimiter="\t")  # UTF-8 with a BOM, as LimeSurvey writes it
