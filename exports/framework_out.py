"""A framework as JSON, as a printable blank copy (Markdown or plain text), or as a survey CSV template."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from engine.model import Framework, Item, Section, own_mark
from exports.textsafe import visible


def item_to_dict(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {"id": item.id, "title": item.title, "kind": item.kind, "own": list(item.own)}
    data["levels"] = [{"score": lv.score, "label": lv.label, "descriptor": lv.descriptor} for lv in item.levels]
    for name in ("text", "prompts", "examples", "tags", "no_means", "footnote"):
        value = getattr(item, name)
        data[name] = list(value) if isinstance(value, tuple) else value
    return data


def section_to_dict(section: Section) -> dict[str, Any]:
    return {
        "id": section.id,
        "title": section.title,
        "kind": section.kind,
        "private": section.private,
        "matrix": section.matrix,
        "scale": asdict(section.scale) if section.scale else None,
        "intro": section.intro,
        "guidance": section.guidance,
        "notes": list(section.notes),
        "tools": list(section.tools),
        "examples": [asdict(e) for e in section.examples],
        "items": [item_to_dict(i) for i in section.items],
        "own": list(section.own),
    }


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    return {
        "id": fw.id,
        "title": fw.title,
        "version": fw.version,
        "description": fw.description,
        "source": asdict(fw.source),
        "attribution": fw.attribution,
        "notes": list(fw.notes),
        "scales": [asdict(s) for s in fw.scales],
        "matrix_columns": [asdict(c) for c in fw.matrix_columns],
        "sections": [section_to_dict(s) for s in fw.sections],
        "tools": [asdict(t) for t in fw.tools],
        "guidance": [asdict(g) for g in fw.guidance],
        "rules": [asdict(r) for r in fw.rules],
        "roles": list(fw.roles),
        "report": asdict(fw.report) if fw.report else None,
        "own": list(fw.own),
        "own_legend": fw.own_legend(),
    }


def framework_summary(fw: Framework, builtin: bool) -> dict[str, Any]:
    return {
        "id": fw.id,
        "title": fw.title,
        "version": fw.version,
        "builtin": builtin,
        "source": fw.source.credit,
        "own": fw.own_legend(),
        "sections": len(fw.sections),
        "items": fw.item_count,
        "minutes": fw.minutes_estimate(),
        "path": fw.path,
    }


def _answer_line(section: Section, item: Item) -> str:
    if item.kind == "yesno":
        return "Answer: [ ] Yes   [ ] No" + (f"  ({item.no_means})" if item.no_means else "")
    if item.kind == "open":
        return "Answer: ______________________________________________"
    assert section.scale is not None
    boxes = "   ".join(f"[ ] {p}" for p in section.scale.points)
    if section.scale.allow_na:
        boxes += f"   [ ] {section.scale.na_label}"
    return "Score: " + boxes


def _tags(thing: object) -> str:
    tags = getattr(thing, "tags", ())
    return f" ({own_mark(thing, 'tags', ', '.join(tags))})" if tags else ""


def _blank(title: str) -> list[str]:
    return [f"**{title}:** ____________________________________________", ""]


def framework_markdown(fw: Framework) -> str:
    """A printable blank copy, for people who prefer paper or score in a meeting.

    A matrix section is printed as one row of the source's matrix, its columns in the source's
    order under their own headings: a read-only column shows the row's criteria (each to score)
    or its examples; an editable column is a space to fill. Anything the framework file declares
    as Accord's own wording carries OWN_MARK, explained under the title."""
    out = [f"# {own_mark(fw, 'title')}", "", f"*{fw.source.credit}: {fw.source.title}*", "", own_mark(fw, "description"), ""]
    legend = fw.own_legend()
    if legend:
        out += [f"*{legend}*", ""]
    role = "Role: ____________"
    if fw.roles:
        role = f"Role ({own_mark(fw, 'roles', ', '.join(fw.roles))}): ____________"
    out += [f"Partnership: ____________________   Name (optional): ____________________   {role}", ""]
    for section in fw.sections:
        out += [f"## {own_mark(section, 'title')}" + (" (private)" if section.private else ""), ""]
        if section.intro:
            out += [section.intro, ""]
        if section.scale:
            labels = ", ".join(f"{p} = {section.scale.label(p)}" for p in section.scale.points)
            out += [f"Scale: {own_mark(section.scale, 'labels', labels)}" + (f"; {section.scale.na_label} allowed" if section.scale.allow_na else ""), ""]
        columns = fw.matrix_columns if section.matrix else ()
        shown_examples = False
        for column in columns:
            if column.content == "criteria":
                out += [f"**{own_mark(column, 'title')}:**", ""]
                out += _items_md(section)
            elif column.content == "examples":
                out += [f"**{own_mark(column, 'title')}:**", ""] + [f"- {e.text}{_tags(e)}" for e in section.examples] + [""]
                shown_examples = True
            else:
                out += _blank(own_mark(column, "title"))
        if not any(c.content == "criteria" for c in columns):
            if section.examples and not shown_examples:
                out += ["**Examples of best practice:**", ""] + [f"- {e.text}{_tags(e)}" for e in section.examples] + [""]
            out += _items_md(section)
        if section.guidance:
            out += ["**Guidance:** " + section.guidance, ""]
    return visible("\n".join(out)).rstrip() + "\n"


def _items_md(section: Section) -> list[str]:
    out: list[str] = []
    for n, item in enumerate(section.items, 1):
        out += [f"### {n}. {own_mark(item, 'title')}{_tags(item)}", ""]
        if item.text and item.text != item.title:
            out += [item.text, ""]
        out += [f"- {p}" for p in item.prompts]
        if item.prompts:
            out.append("")
        described = [lv for lv in item.levels if lv.descriptor]
        if described:
            out += ["| Level | Descriptor |", "|---|---|"]
            out += [f"| {lv.score} ({lv.label}) | {lv.descriptor.replace('|', '/').replace(chr(10), ' ')} |" for lv in described]
            out.append("")
        out += [_answer_line(section, item), ""]
        if item.kind != "open":
            out += ["Evidence / notes: ____________________________________________", ""]
        if item.footnote:
            out += [f"*{item.footnote}*", ""]
    return out


def framework_text(fw: Framework) -> str:
    """The blank copy for the terminal: the Markdown copy is already plain enough to read."""
    return framework_markdown(fw)


def template_columns(fw: Framework) -> list[tuple[str, str, str]]:
    """(section id, item id, column heading) for each answerable item, headings unique."""
    titles: dict[str, int] = {}
    for _section, item in fw.items():
        titles[item.title.casefold()] = titles.get(item.title.casefold(), 0) + 1
    columns = []
    for section, item in fw.items():
        if section.private:
            continue
        heading = item.title if titles[item.title.casefold()] == 1 else f"{section.title}: {item.title}"
        columns.append((section.id, item.id, heading))
    return columns


def framework_csv_template(fw: Framework) -> str:
    """An empty survey template: one row per respondent, one column per item (headed by its title)."""
    from exports.csv_out import csv_text

    return csv_text(["respondent", "email", "role", "timestamp"] + [h for _, _, h in template_columns(fw)], [])
