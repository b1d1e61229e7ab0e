"""Load and validate framework TOML files into `engine.model` objects.

Every problem is reported as one `FrameworkError` naming the file and the line: unknown keys,
wrong types, missing descriptors, wrong number of levels, duplicate ids, dangling tool links.
The format is documented in `frameworks/README.md`.
"""

from __future__ import annotations

from pathlib import Path
from collections.abc import Callable
from typing import Any

from accord_partnership.engine.errors import FrameworkError
from accord_partnership.engine.ids import framework_id_problem, is_framework_id
from accord_partnership.engine.model import (
    ITEM_KINDS,
    RATED_KINDS,
    RULE_CONDITIONS,
    TOOL_KINDS,
    is_item_kind,
    is_rule_condition,
    is_tool_kind,
    Example,
    Framework,
    Guidance,
    Item,
    ReportTemplate,
    LevelDescriptor,
    MatrixColumn,
    Rule,
    Scale,
    Section,
    Source,
    Tool,
    ToolEntry,
)
from accord_partnership.engine.textio import LineLocator, load_toml

FORMAT_VERSION = 1

# Allowed keys per table: key -> (type, required). `list[str]` etc. are checked element-wise.
_STR, _INT, _BOOL, _NUM = "str", "int", "bool", "number"
_STRS, _TABLES, _TABLE = "list[str]", "list[table]", "table"

_TOP = {
    "format": (_INT, True),
    "id": (_STR, True),
    "title": (_STR, True),
    "version": (_STR, True),
    "description": (_STR, True),
    "attribution": (_STR, True),
    "notes": (_STRS, False),
    "source": (_TABLE, True),
    "scales": (_TABLES, False),
    "matrix_columns": (_TABLES, False),
    "sections": (_TABLES, True),
    "tools": (_TABLES, False),
    "guidance": (_TABLES, False),
    "rules": (_TABLES, False),
    "roles": (_STRS, False),
    "report": (_TABLE, False),
    "own": (_STRS, False),
}
# `year` may be left out when the source gives none: Accord never invents one.
_SOURCE = {"publisher": (_STR, True), "year": (_INT, False), "title": (_STR, True), "url": (_STR, False)}
#: `own`: the keys of a table whose wording is Accord's, not the source's (shown with a mark).
_OWN = {"own": (_STRS, False)}
_REPORT = {
    "name": (_STR, True),
    "title": (_STR, True),
    "purpose": (_STR, True),
    "background": (_STR, True),
    "background_hint": (_STR, False),
    "main": (_STR, True),
    "overall": (_STR, True),
    "financial": (_STR, True),
    "recommendations": (_STR, True),
    "weaknesses": (_STR, True),
    "action_plan": (_STR, True),
    "action_plan_appendix": (_STR, True),
    "action_sheet": (_STR, True),
    "author": (_STRS, True),
    "appendices": (_STR, True),
    "related": (_STR, True),
    "contact": (_STR, True),
    "contact_fields": (_STRS, True),
    "national_outcomes": (_STR, True),
    "national_outcomes_text": (_STR, False),
}
MATRIX_CONTENTS = frozenset({"", "criteria", "examples"})
_SCALE = {
    "id": (_STR, True),
    "min": (_INT, True),
    "max": (_INT, True),
    "labels": (_STRS, True),
    "allow_na": (_BOOL, False),
    "na_label": (_STR, False),
    **_OWN,
}
_COLUMN = {"id": (_STR, True), "title": (_STR, True), "editable": (_BOOL, False), "content": (_STR, False), **_OWN}
_SECTION = {
    "id": (_STR, True),
    "title": (_STR, True),
    "kind": (_STR, True),
    "scale": (_STR, False),
    "intro": (_STR, False),
    "guidance": (_STR, False),
    "notes": (_STRS, False),
    "tools": (_STRS, False),
    "private": (_BOOL, False),
    "matrix": (_BOOL, False),
    "examples": (_TABLES, False),
    "items": (_TABLES, True),
    **_OWN,
}
_EXAMPLE = {"text": (_STR, True), "tags": (_STRS, False), **_OWN}
_ITEM = {
    "id": (_STR, True),
    "title": (_STR, True),
    "kind": (_STR, True),
    "text": (_STR, False),
    "descriptors": ("descriptors", False),
    "prompts": (_STRS, False),
    "examples": (_STRS, False),
    "tags": (_STRS, False),
    "no_means": (_STR, False),
    "footnote": (_STR, False),
    **_OWN,
}
_TOOL = {
    "id": (_STR, True),
    "number": (_INT, True),
    "title": (_STR, True),
    "kind": (_STR, True),
    "relates_to": (_STRS, False),
    "intro": (_STR, False),
    "entries": (_TABLES, False),
    "after": (_STR, False),
    "source": (_STR, False),
    "url": (_STR, False),
    "relates_text": (_STR, False),
    "items_heading": (_STR, False),
    "actions_columns": (_STRS, False),
    "after_heading": (_STR, False),
    **_OWN,
}
_ENTRY = {
    "title": (_STR, False),
    "quote": (_STR, False),
    "text": (_STR, False),
    "problem": (_STR, False),
    "solution": (_STR, False),
    "items": (_STRS, False),
    "actions": (_STRS, False),
    "risk": (_STR, False),
    "contribution": (_STR, False),
}
_GUIDANCE = {
    "id": (_STR, True),
    "title": (_STR, True),
    "text": (_STR, False),
    "items": (_STRS, False),
    "original_process": (_BOOL, False),
    **_OWN,
}
_RULE = {
    "id": (_STR, True),
    "when": (_STR, True),
    "message": (_STR, True),
    "section": (_STR, False),
    "threshold": (_NUM, False),
    "count": (_INT, False),
    "tools": (_STRS, False),
    **_OWN,
}


class _Checker:
    """Validates raw TOML tables against the schema above, raising errors located in the file."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, message: str, *where: Any) -> FrameworkError:
        # lines are only looked up when something is wrong: valid files load without the index
        return FrameworkError(message, self.path, LineLocator(self.text).line(*where))

    def table(self, data: Any, schema: dict[str, tuple[str, bool]], where: tuple[Any, ...], name: str) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise self.fail(f"{name} must be a table", *where)
        for key in data:
            if key not in schema:
                allowed = ", ".join(sorted(schema))
                raise self.fail(f"unknown key '{key}' in {name} (allowed: {allowed})", *where, key)
        for key, (kind, required) in schema.items():
            if key not in data:
                if required:
                    raise self.fail(f"missing required key '{key}' in {name}", *where)
                continue
            self._type(data[key], kind, where + (key,), f"'{key}' in {name}")
        return data

    def _type(self, value: Any, kind: str, where: tuple[Any, ...], name: str) -> None:
        ok: Callable[[Any], bool] = {
            _STR: lambda v: isinstance(v, str),
            _INT: lambda v: isinstance(v, int) and not isinstance(v, bool),
            _BOOL: lambda v: isinstance(v, bool),
            _NUM: lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
            _STRS: lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
            _TABLES: lambda v: isinstance(v, list) and all(isinstance(x, dict) for x in v),
            _TABLE: lambda v: isinstance(v, dict),
            "descriptors": lambda v: (isinstance(v, list) and all(isinstance(x, str) for x in v))
            or (isinstance(v, dict) and all(isinstance(x, str) for x in v.values())),
        }[kind]
        if not ok(value):
            expected = {
                _STR: "a string",
                _INT: "a whole number",
                _BOOL: "true or false",
                _NUM: "a number",
                _STRS: "a list of strings",
                _TABLES: "a list of tables ([[...]])",
                _TABLE: "a table",
                "descriptors": "a list of strings (one per level) or a table of level = text",
            }[kind]
            raise self.fail(f"{name} must be {expected}", *where)

    def own(self, data: dict[str, Any], schema: dict[str, tuple[str, bool]], where: tuple[Any, ...]) -> None:
        """`own` may name only this table's own text keys (not itself, ids or structure)."""
        for name in data.get("own", []):
            if name not in schema or name in ("own", "id") or schema[name][0] not in (_STR, _STRS, "descriptors"):
                raise self.fail(f"'own' names '{name}', which is not a text key of this table", *where, "own")

    def unique_id(self, seen: set[str], value: str, what: str, *where: Any) -> None:
        if not value.strip():
            raise self.fail(f"{what} id must not be empty", *where, "id")
        if value in seen:
            raise self.fail(f"duplicate {what} id '{value}'", *where, "id")
        seen.add(value)


def load_framework(path: str | Path) -> Framework:
    """Load one framework file, validating everything; raises `FrameworkError` with file:line."""
    path = Path(path)
    data, text = load_toml(path, FrameworkError)
    check = _Checker(path, text)
    top = check.table(data, _TOP, (), "the framework")
    if top["format"] != FORMAT_VERSION:
        raise check.fail(f"unsupported framework format {top['format']} (this Accord reads format {FORMAT_VERSION})", "format")
    if not is_framework_id(top["id"]):  # ids name files and are looked up from bundles: never a path
        raise check.fail(framework_id_problem(top["id"], "id"), "id")
    src = check.table(top["source"], _SOURCE, ("source",), "[source]")
    source = Source(src["publisher"], src.get("year"), src["title"], src.get("url", ""))

    scales: dict[str, Scale] = {}
    for i, raw in enumerate(top.get("scales", [])):
        where = ("scales", i)
        s = check.table(raw, _SCALE, where, "[[scales]]")
        if s["id"] in scales:
            raise check.fail(f"duplicate scale id '{s['id']}'", *where, "id")
        if s["max"] <= s["min"]:
            raise check.fail(f"scale '{s['id']}': max must be greater than min", *where, "max")
        count = s["max"] - s["min"] + 1
        if len(s["labels"]) != count:
            raise check.fail(
                f"scale '{s['id']}' has {count} points ({s['min']}-{s['max']}) but {len(s['labels'])} labels", *where, "labels"
            )
        check.own(s, _SCALE, where)
        scales[s["id"]] = Scale(
            s["id"], s["min"], s["max"], tuple(s["labels"]), s.get("allow_na", True), s.get("na_label", "N/A"), tuple(s.get("own", []))
        )

    columns: list[MatrixColumn] = []
    seen_columns: set[str] = set()
    for i, raw in enumerate(top.get("matrix_columns", [])):
        c = check.table(raw, _COLUMN, ("matrix_columns", i), "[[matrix_columns]]")
        check.unique_id(seen_columns, c["id"], "matrix column", "matrix_columns", i)
        check.own(c, _COLUMN, ("matrix_columns", i))
        content = c.get("content", "")
        if content not in MATRIX_CONTENTS:
            raise check.fail(f"matrix column '{c['id']}': unknown content '{content}' (known: criteria, examples)", "matrix_columns", i, "content")
        editable = c.get("editable", not content)
        if editable and content:
            raise check.fail(f"matrix column '{c['id']}' shows the rows' {content} and cannot be editable", "matrix_columns", i, "editable")
        columns.append(MatrixColumn(c["id"], c["title"], editable, content, tuple(c.get("own", []))))

    tool_ids = {t.get("id") for t in top.get("tools", []) if isinstance(t, dict)}
    sections: list[Section] = []
    seen_sections: set[str] = set()
    if not top["sections"]:
        raise check.fail("a framework needs at least one section", "sections")
    for si, raw in enumerate(top["sections"]):
        where = ("sections", si)
        s = check.table(raw, _SECTION, where, "[[sections]]")
        check.unique_id(seen_sections, s["id"], "section", *where)
        scale = None
        if "scale" in s:
            if s["scale"] not in scales:
                raise check.fail(f"section '{s['id']}' uses unknown scale '{s['scale']}'", *where, "scale")
            scale = scales[s["scale"]]
        for tool in s.get("tools", []):
            if tool not in tool_ids:
                raise check.fail(f"section '{s['id']}' links to unknown tool '{tool}'", *where, "tools")
        if s.get("matrix") and not columns:
            raise check.fail(f"section '{s['id']}' is a matrix but the framework has no [[matrix_columns]]", *where, "matrix")
        examples = []
        for ei, ex in enumerate(s.get("examples", [])):
            e = check.table(ex, _EXAMPLE, where + ("examples", ei), "[[sections.examples]]")
            check.own(e, _EXAMPLE, where + ("examples", ei))
            examples.append(Example(e["text"], tuple(e.get("tags", [])), tuple(e.get("own", []))))
        items = _items(check, s, scale, where)
        check.own(s, _SECTION, where)
        sections.append(
            Section(
                id=s["id"],
                title=s["title"],
                kind=s["kind"],
                scale=scale,
                items=tuple(items),
                intro=s.get("intro", ""),
                guidance=s.get("guidance", ""),
                notes=tuple(s.get("notes", [])),
                tools=tuple(s.get("tools", [])),
                private=s.get("private", False),
                matrix=s.get("matrix", False),
                examples=tuple(examples),
                own=tuple(s.get("own", [])),
            )
        )

    tools = _tools(check, top.get("tools", []), seen_sections)
    guidance = []
    seen_guidance: set[str] = set()
    for i, raw in enumerate(top.get("guidance", [])):
        g = check.table(raw, _GUIDANCE, ("guidance", i), "[[guidance]]")
        check.unique_id(seen_guidance, g["id"], "guidance", "guidance", i)
        check.own(g, _GUIDANCE, ("guidance", i))
        guidance.append(
            Guidance(g["id"], g["title"], g.get("text", ""), tuple(g.get("items", [])), tuple(g.get("own", [])), g.get("original_process", False))
        )

    rules = []
    seen_rules: set[str] = set()
    for i, raw in enumerate(top.get("rules", [])):
        where = ("rules", i)
        r = check.table(raw, _RULE, where, "[[rules]]")
        check.unique_id(seen_rules, r["id"], "rule", *where)
        if not is_rule_condition(r["when"]):
            raise check.fail(f"rule '{r['id']}': unknown condition '{r['when']}' (known: {', '.join(sorted(RULE_CONDITIONS))})", *where, "when")
        if r.get("section") and r["section"] not in seen_sections:
            raise check.fail(f"rule '{r['id']}' names unknown section '{r['section']}'", *where, "section")
        for tool in r.get("tools", []):
            if tool not in tool_ids:
                raise check.fail(f"rule '{r['id']}' links to unknown tool '{tool}'", *where, "tools")
        check.own(r, _RULE, where)
        rules.append(
            Rule(
                r["id"], r["when"], r["message"], r.get("section", ""), float(r.get("threshold", 0.0)), r.get("count", 1),
                tuple(r.get("tools", [])), tuple(r.get("own", [])),
            )
        )
    check.own(top, _TOP, ())
    report = None
    if "report" in top:
        t = check.table(top["report"], _REPORT, ("report",), "[report]")
        fields: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in t.items()}
        report = ReportTemplate(**fields)

    return Framework(
        id=top["id"],
        title=top["title"],
        version=top["version"],
        description=top["description"],
        source=source,
        attribution=top["attribution"],
        sections=tuple(sections),
        scales=tuple(scales.values()),
        tools=tuple(tools),
        guidance=tuple(guidance),
        rules=tuple(rules),
        matrix_columns=tuple(columns),
        notes=tuple(top.get("notes", [])),
        roles=tuple(top.get("roles", [])),
        report=report,
        own=tuple(top.get("own", [])),
        path=str(path),
    )


def _items(check: _Checker, s: dict[str, Any], scale: Scale | None, where: tuple[Any, ...]) -> list[Item]:
    items: list[Item] = []
    seen: set[str] = set()
    if not s["items"]:
        raise check.fail(f"section '{s['id']}' has no items", *where, "items")
    for ii, raw in enumerate(s["items"]):
        iw = where + ("items", ii)
        it = check.table(raw, _ITEM, iw, "[[sections.items]]")
        check.own(it, _ITEM, iw)
        check.unique_id(seen, it["id"], f"item (in section '{s['id']}')", *iw)
        kind = it["kind"]
        if not is_item_kind(kind):
            raise check.fail(f"item '{it['id']}': unknown kind '{kind}' (known: {', '.join(sorted(ITEM_KINDS))})", *iw, "kind")
        levels: tuple[LevelDescriptor, ...] = ()
        raw_desc = it.get("descriptors")
        if kind in RATED_KINDS:
            if scale is None:
                raise check.fail(f"item '{it['id']}' is rated ({kind}) but section '{s['id']}' has no scale", *iw, "kind")
            levels = _levels(check, it, kind, scale, raw_desc, iw)
        elif raw_desc is not None:
            raise check.fail(f"item '{it['id']}' is {kind} and cannot have descriptors", *iw, "descriptors")
        items.append(
            Item(
                id=it["id"],
                title=it["title"],
                kind=kind,
                text=it.get("text", ""),
                levels=levels,
                prompts=tuple(it.get("prompts", [])),
                examples=tuple(it.get("examples", [])),
                tags=tuple(it.get("tags", [])),
                no_means=it.get("no_means", ""),
                footnote=it.get("footnote", ""),
                own=tuple(it.get("own", [])),
            )
        )
    return items


def _levels(check: _Checker, it: dict[str, Any], kind: str, scale: Scale, raw: Any, iw: tuple[Any, ...]) -> tuple[LevelDescriptor, ...]:
    points = scale.points
    texts: dict[int, str] = {}
    if kind == "feature":
        # a feature is defined by its level descriptors: one for every point, none empty
        if not isinstance(raw, list):
            raise check.fail(f"feature '{it['id']}' needs 'descriptors', a list of {len(points)} texts (one per level)", *iw, "descriptors")
        if len(raw) != len(points):
            raise check.fail(
                f"feature '{it['id']}' has {len(raw)} descriptors but scale '{scale.id}' has {len(points)} levels", *iw, "descriptors"
            )
        for score, text in zip(points, raw):
            if not text.strip():
                raise check.fail(f"feature '{it['id']}': descriptor for level {score} is empty", *iw, "descriptors")
            texts[score] = text
    elif isinstance(raw, list):
        if len(raw) != len(points):
            raise check.fail(f"item '{it['id']}' has {len(raw)} descriptors but scale '{scale.id}' has {len(points)} levels", *iw, "descriptors")
        texts = dict(zip(points, raw))
    elif isinstance(raw, dict):
        for key, text in raw.items():
            try:
                score = int(key)
            except ValueError:
                raise check.fail(f"item '{it['id']}': descriptor key '{key}' is not a level number", *iw, "descriptors") from None
            if not scale.contains(score):
                raise check.fail(f"item '{it['id']}': descriptor for level {score} is outside scale '{scale.id}' ({scale.min}-{scale.max})", *iw, "descriptors")
            texts[score] = text
    return tuple(LevelDescriptor(p, scale.label(p), texts.get(p, "")) for p in points)


def _tools(check: _Checker, raw_tools: list[Any], section_ids: set[str]) -> list[Tool]:
    tools = []
    seen: set[str] = set()
    for i, raw in enumerate(raw_tools):
        where = ("tools", i)
        t = check.table(raw, _TOOL, where, "[[tools]]")
        check.own(t, _TOOL, where)
        check.unique_id(seen, t["id"], "tool", *where)
        if not is_tool_kind(t["kind"]):
            raise check.fail(f"tool '{t['id']}': unknown kind '{t['kind']}' (known: {', '.join(sorted(TOOL_KINDS))})", *where, "kind")
        for section in t.get("relates_to", []):
            if section not in section_ids:
                raise check.fail(f"tool '{t['id']}' relates to unknown section '{section}'", *where, "relates_to")
        entries = []
        for ei, raw_entry in enumerate(t.get("entries", [])):
            e = check.table(raw_entry, _ENTRY, where + ("entries", ei), "[[tools.entries]]")
            entries.append(
                ToolEntry(
                    title=e.get("title", ""),
                    quote=e.get("quote", ""),
                    text=e.get("text", ""),
                    problem=e.get("problem", ""),
                    solution=e.get("solution", ""),
                    items=tuple(e.get("items", [])),
                    actions=tuple(e.get("actions", [])),
                    risk=e.get("risk", ""),
                    contribution=e.get("contribution", ""),
                )
            )
        tools.append(
            Tool(
                id=t["id"],
                number=t["number"],
                title=t["title"],
                kind=t["kind"],
                relates_to=tuple(t.get("relates_to", [])),
                intro=t.get("intro", ""),
                entries=tuple(entries),
                after=t.get("after", ""),
                source=t.get("source", ""),
                url=t.get("url", ""),
                relates_text=t.get("relates_text", ""),
                items_heading=t.get("items_heading", ""),
                actions_columns=tuple(t.get("actions_columns", [])),
                after_heading=t.get("after_heading", ""),
                own=tuple(t.get("own", [])),
            )
        )
    return tools
