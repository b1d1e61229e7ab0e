"""A bundle: one respondent's answers to one framework, and how it is read and checked.

The file format is documented in docs/bundle-format.md; `exports.bundle_file` writes it.
Reading validates everything against the framework: unknown items, out-of-range scores,
N/A where the scale has none, wrong types, a different framework or version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from accord_partnership.engine.errors import AccordError, BundleError
from accord_partnership.engine.model import Framework, Item, Section
from accord_partnership.engine.textio import FileChecks, ToolAnswers, load_toml

BUNDLE_FORMAT = "accord-bundle"
BUNDLE_FORMAT_VERSION = 1
NA = "n/a"
YES_NO = ("yes", "no")
#: A note longer than this is refused: evidence notes are paragraphs, not documents (and a
#: runaway paste must not make every later merge and report slow).
MAX_NOTE_CHARS = 100_000


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass
class Answer:
    """One item's answer. `score` for rated items, `na` for not applicable, `choice` for yes/no."""

    score: int | None = None
    na: bool = False
    choice: str | None = None
    note: str = ""

    def is_answered(self, item: Item) -> bool:
        if item.kind == "yesno":
            return self.choice is not None
        if item.kind == "open":
            return bool(self.note.strip())
        return self.score is not None or self.na

    def is_empty(self) -> bool:
        return self.score is None and not self.na and self.choice is None and not self.note


@dataclass
class Bundle:
    """One member's answers to one framework, as saved in a bundle file: identity, times, answers
    by (section, item), matrix cells and tools."""

    framework_id: str
    framework_version: str
    partnership: str = ""
    respondent: str = ""
    email: str = ""
    role: str = ""
    created: datetime = field(default_factory=utc_now)
    updated: datetime = field(default_factory=utc_now)
    answers: dict[tuple[str, str], Answer] = field(default_factory=dict)
    matrix: dict[str, dict[str, str]] = field(default_factory=dict)
    position: tuple[str, str] | None = None
    # answers to interactive resource tools, by tool id (free-form tables checked per tool kind)
    tools: dict[str, ToolAnswers] = field(default_factory=dict)

    @classmethod
    def new(cls, framework: Framework, *, partnership: str = "", respondent: str = "", email: str = "", role: str = "") -> Bundle:
        """A blank bundle for `framework`, with the member's identity (all optional, anonymous allowed)."""
        return cls(framework.id, framework.version, partnership=partnership, respondent=respondent, email=email, role=role)

    def answer(self, section_id: str, item_id: str) -> Answer:
        """The answer for an item, created empty on first use."""
        return self.answers.setdefault((section_id, item_id), Answer())

    def get(self, section_id: str, item_id: str) -> Answer | None:
        return self.answers.get((section_id, item_id))

    def touch(self) -> None:
        self.updated = utc_now()

    def started(self, section: Section) -> bool:
        """Has the respondent answered anything in this section?"""
        for item in section.items:
            a = self.answers.get((section.id, item.id))
            if a is not None and a.is_answered(item):
                return True
        return False

    def counts_in_progress(self, section: Section) -> bool:
        """Whether a section counts in the whole assessment's progress. A private section (the
        SCSN Leadership scorecard is "solely for the Chair of the CSP") counts only once its
        respondent has started it: every other officer can still reach "everything answered"."""
        return not section.private or self.started(section)

    def progress(self, framework: Framework, section: Section | None = None) -> tuple[int, int]:
        """(answered, total) over one section, or over the whole framework (private sections only
        once started: `counts_in_progress`)."""
        sections = [section] if section else [s for s in framework.sections if self.counts_in_progress(s)]
        done = total = 0
        for s in sections:
            for item in s.items:
                total += 1
                a = self.answers.get((s.id, item.id))
                if a is not None and a.is_answered(item):
                    done += 1
        return done, total

    def percent_complete(self, framework: Framework) -> int:
        done, total = self.progress(framework)
        return round(100 * done / total) if total else 100

    def display_name(self) -> str:
        return self.respondent or self.email or "anonymous"


# --- reading -----------------------------------------------------------------------------

#: Who and what a bundle is, in file order (the bundle CSV's first columns are these too).
BUNDLE_IDENTITY = ("framework", "framework_version", "partnership", "respondent", "email", "role", "created", "updated")
#: Every key a bundle file may have at the top level (the merge's fast reader checks the same).
BUNDLE_KEYS = frozenset(
    {"format", "format_version", *BUNDLE_IDENTITY, "position", "private_sections", "answers", "matrix", "tools"}
)
#: The top-level keys whose values must be strings.
BUNDLE_STRING_KEYS = ("framework", "framework_version", "partnership", "respondent", "email", "role", "position")
_ANSWER_KEYS = {"score", "answer", "note"}


def load_bundle(path: str | Path, framework_for: Callable[[str], Framework] | None = None) -> tuple[Bundle, Framework]:
    """Read and validate a bundle file; `framework_for(id)` finds its framework (default: catalog)."""
    path = Path(path)
    data, text = load_toml(path, BundleError)
    return bundle_from_data(data, path, text, framework_for)


def bundle_from_data(
    data: dict[str, Any], path: Path, text: str | None, framework_for: Callable[[str], Framework] | None = None
) -> tuple[Bundle, Framework]:
    checks = FileChecks(path, text, BundleError)
    fail = checks.fail
    checks.header(data, fmt=BUNDLE_FORMAT, version=BUNDLE_FORMAT_VERSION, keys=BUNDLE_KEYS, what="an Accord bundle", kind="bundle")
    checks.strings(data, BUNDLE_STRING_KEYS)
    framework = checks.framework(data, "bundle", framework_for)
    for key in ("created", "updated"):
        if key in data and not isinstance(data[key], datetime):
            raise fail(f"'{key}' must be a date-time like 2026-01-31T09:30:00Z", key)
        if key in data and not in_utc_range(data[key]):
            raise fail(f"'{key}' is out of range: {data[key].isoformat()} cannot be written in UTC", key)

    bundle = Bundle(
        framework_id=framework.id,
        framework_version=framework.version,
        partnership=data.get("partnership", ""),
        respondent=data.get("respondent", ""),
        email=data.get("email", ""),
        role=data.get("role", ""),
        created=_aware(data.get("created")) or utc_now(),
        updated=_aware(data.get("updated")) or utc_now(),
    )
    position = data.get("position", "")
    if position:
        sec, _, item = position.partition("/")
        if framework.find_item(sec, item) is not None:
            bundle.position = (sec, item)

    answers = data.get("answers", {})
    if not isinstance(answers, dict):
        raise fail("'answers' must be a table", "answers")
    for section_id, items in answers.items():
        section = checks.section(framework, section_id, "answers", section_id)
        if not isinstance(items, dict):
            raise fail(f"answers for section '{section_id}' must be a table", "answers", section_id)
        for item_id, raw in items.items():
            where = ("answers", section_id, item_id)
            item = checks.item(section, item_id, *where)
            bundle.answers[(section_id, item_id)] = _answer(raw, section, item, fail, where)

    matrix = data.get("matrix", {})
    if not isinstance(matrix, dict):
        raise fail("'matrix' must be a table", "matrix")
    # every known column: a cell of a column that is read-only now (a bundle saved when Sport
    # England's "Challenge" was still a box to fill) is kept, so re-saving loses nothing
    columns = {c.id for c in framework.matrix_columns}
    for section_id, cells in matrix.items():
        try:
            section = framework.section(section_id)
        except KeyError:
            raise fail(f"unknown matrix row '{section_id}'", "matrix", section_id) from None
        if not section.matrix or not isinstance(cells, dict):
            raise fail(f"section '{section_id}' has no matrix cells", "matrix", section_id)
        for column, value in cells.items():
            if column not in columns:
                raise fail(f"unknown matrix column '{column}' (known: {', '.join(sorted(columns))})", "matrix", section_id, column)
            if not isinstance(value, str):
                raise fail(f"matrix cell '{section_id}.{column}' must be a string", "matrix", section_id, column)
        bundle.matrix[section_id] = dict(cells)

    tools = data.get("tools", {})
    if not isinstance(tools, dict) or not all(isinstance(v, dict) for v in tools.values()):
        raise fail("'tools' must be a table of tables", "tools")
    tools_by_id = {t.id: t for t in framework.tools}
    for tool_id, value in tools.items():
        if tool_id not in tools_by_id:
            raise fail(f"unknown tool '{tool_id}'", "tools", tool_id)
        from accord_partnership.engine.tools import answer_problems  # the exercises' own rules, kept with them

        problems = answer_problems(tools_by_id[tool_id], value)
        if problems:
            raise fail(f"tool '{tool_id}': {problems[0]}", "tools", tool_id)
        bundle.tools[tool_id] = value
    return bundle, framework


def _answer(raw: Any, section: Section, item: Item, fail: Callable[..., AccordError], where: tuple[Any, ...]) -> Answer:
    if not isinstance(raw, dict):
        raise fail(f"answer to '{section.id}.{item.id}' must be a table", *where)
    for key in raw:
        if key not in _ANSWER_KEYS:
            raise fail(f"unknown key '{key}' in answer to '{section.id}.{item.id}' (allowed: answer, note, score)", *where, key)
    answer = Answer()
    note = raw.get("note", "")
    if not isinstance(note, str):
        raise fail(f"note for '{section.id}.{item.id}' must be a string", *where, "note")
    if len(note) > MAX_NOTE_CHARS:
        raise fail(f"note for '{section.id}.{item.id}' is too long ({len(note):,} characters; at most {MAX_NOTE_CHARS:,})", *where, "note")
    answer.note = note
    if "score" in raw:
        score = raw["score"]
        if not item.rated:
            raise fail(f"item '{section.id}.{item.id}' is {item.kind} and takes no score", *where, "score")
        scale = section.scale
        assert scale is not None  # the loader guarantees rated items have a scale
        if isinstance(score, str) and score.strip().lower() in (NA, "na"):
            if not scale.allow_na:
                raise fail(f"'{section.id}.{item.id}' does not allow N/A", *where, "score")
            answer.na = True
        elif isinstance(score, bool) or not isinstance(score, int):
            raise fail(f"score for '{section.id}.{item.id}' must be a whole number {scale.min}-{scale.max} or \"n/a\", not {score!r}", *where, "score")
        elif not scale.contains(score):
            shown = str(score) if len(str(score)) <= 12 else f"{str(score)[:6]}… ({len(str(score).lstrip('-'))} digits)"
            raise fail(f"score {shown} for '{section.id}.{item.id}' is out of range {scale.min}-{scale.max}", *where, "score")
        else:
            answer.score = score
    if "answer" in raw:
        choice = raw["answer"]
        if item.kind != "yesno":
            raise fail(f"item '{section.id}.{item.id}' is {item.kind}, not yes/no", *where, "answer")
        if choice not in YES_NO:
            raise fail(f"answer to '{section.id}.{item.id}' must be \"yes\" or \"no\", not {choice!r}", *where, "answer")
        answer.choice = choice
    return answer


def in_utc_range(value: datetime) -> bool:
    """True when the date-time (naive means UTC) converts to UTC within the years 1-9999.

    `9999-12-31T23:59:59-01:00` is valid TOML, but is year 10000 in UTC: every later use
    (sorting, CSV export, timestamps) would overflow.
    """
    try:
        _aware(value).astimezone(timezone.utc)  # type: ignore[union-attr]
        return True
    except (OverflowError, ValueError):
        return False


def _aware(value: Any) -> datetime | None:
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
