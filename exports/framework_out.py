"""A framework as JSON, as a printable blank copy (Markdown or plain text), or as a survey CSV template."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any

from accord_partnership.engine.model import Framework, Item, Section, own_mark
from accord_partnership.exports.textsafe import visible


def _plain(value: Any) -> Any:
    """A model value as JSON data: a dataclass as a dict, a tuple as a list (its dataclasses as
    dicts), anything else (str, int, bool, None) as it is."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, tuple):
        return [asdict(v) if is_dataclass(v) and not isinstance(v, type) else v for v in value]
    return value


def _fields(thing: object, names: tuple[str, ...]) -> dict[str, Any]:
    """`{name: thing.name as JSON data}` for each of `names`, in that order (see `_plain`)."""
    return {name: _plain(getattr(thing, name)) for name in names}


def item_to_dict(item: Item) -> dict[str, Any]:
    data = _fields(item, ("id", "title", "kind", "own"))
    data["levels"] = [{"score": lv.score, "label": lv.label, "descriptor": lv.descriptor} for lv in item.levels]
    data.update(_fields(item, ("text", "prompts", "examples", "tags", "no_means", "footnote")))
    return data


_SECTION_FIELDS = ("id", "title", "kind", "private", "matrix", "scale", "intro", "guidance", "notes", "tools", "examples")


def section_to_dict(section: Section) -> dict[str, Any]:
    return {
        **_fields(section, _SECTION_FIELDS),
        "items": [item_to_dict(i) for i in section.items],
        "own": list(section.own),
    }


_FRAMEWORK_FIELDS = ("id", "title", "version", "description", "source", "attribution", "notes", "scales", "matrix_columns")
_FRAMEWORK_LATER_FIELDS = ("tools", "guidance", "rules", "roles", "report", "own")


def framework_to_dict(fw: Framework) -> dict[str, Any]:
    """The whole framework as JSON data (`accord frameworks show --json`), keys in the model's order."""
    return {
        **_fields(fw, _FRAMEWORK_FIELDS),
        "sections": [section_to_dict(s) for s in fw.sections],
        **_fields(fw, _FRAMEWORK_LATER_FIELDS),
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
    from accord_partnership.exports.csv_out import csv_text

    return csv_text(["respondent", "email", "role", "timestamp"] + [h for _, _, h in template_columns(fw)], [])
