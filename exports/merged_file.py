"""Merged partnership results as a TOML file (format: docs/merged-format.md).

The file says who completed (names/emails, sorted) and how many gave each answer, and nothing
that links the two: no per-respondent timestamps, no order, no notes unless asked for (then
sorted by text), no split for a role too small to hide a person. The output depends only on the
counts, so merging the same bundles in any order gives a byte-identical file.
"""

from __future__ import annotations

import re
from pathlib import Path

from accord_partnership.engine.merged import MERGED_FORMAT
from accord_partnership.engine.model import Framework
from accord_partnership.engine.results import MergedResults, Tally
from accord_partnership.exports import toml_writer as tw
from accord_partnership.exports.atomic import write_atomic
from accord_partnership.exports.textsafe import UNSAFE

MERGED_FORMAT_VERSION = 1

# TOML basic-string escapes for one-line strings (tab may stay literal), also of the characters
# str.splitlines() breaks on (so line numbers in error messages stay right) and of everything
# the terminal policy makes visible (C1, bidi overrides, zero-width): `exports.textsafe.UNSAFE`
_NEEDS_ESCAPE = re.compile(f'[\\\\"\n]|{UNSAFE.pattern}')
_CONTROL = UNSAFE


def one_line_string(text: str) -> str:
    """A TOML basic string on one line: a list of notes stays one note per line."""
    if _NEEDS_ESCAPE.search(text) is None:
        return '"' + text + '"'
    text = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return '"' + _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + '"'


def _list(name: str, values: list[str]) -> list[str]:
    if not values:
        return [f"{name} = []"]
    return [f"{name} = ["] + [f"  {one_line_string(v)}," for v in values] + ["]"]


def _tally_lines(tally: Tally, kind: str, points: tuple[int, ...], with_notes: bool) -> list[str]:
    lines: list[str] = []
    if tally.withheld:
        lines.append("withheld = true")
    elif kind == "yesno":
        lines += [f"yes = {tally.yes}", f"no = {tally.no}"]
    elif points:
        lines += [f"counts = {tw.value([tally.counts.get(p, 0) for p in points])}", f"n_na = {tally.n_na}"]
    elif kind == "open":
        lines.append(f"answered = {tally.noted}")
    if with_notes and tally.notes:
        lines += _list("notes", sorted(tally.notes))
    return lines


def merged_to_toml(results: MergedResults, framework: Framework) -> str:
    lines = [
        "# Accord merged results: who completed, and how many gave each answer; never who answered what.",
        "# Format: docs/merged-format.md",
        *tw.assignments(
            {
                "format": MERGED_FORMAT,
                "format_version": MERGED_FORMAT_VERSION,
                "framework": results.framework_id,
                "framework_version": results.framework_version,
            }
        ),
        *_list("partnerships", sorted(results.partnerships)),
        f"respondents = {results.respondents}",
        f"anonymous = {results.anonymous}",
        *_list("completed", sorted(results.completed, key=lambda s: (s.casefold(), s))),
        "roles = " + (tw.value(dict(sorted(results.roles.items()))) if results.roles else "{}"),
        f"include_private = {tw.value(results.include_private)}",
        f"with_notes = {tw.value(results.with_notes)}",
        f"min_group = {results.min_group}",
    ]
    for section in framework.sections:
        if section.private and not results.include_private:
            continue
        points = section.scale.points if section.scale else ()
        for item in section.items:
            result = results.items.get((section.id, item.id))
            tally = result.total if result else Tally()
            item_points = points if item.rated else ()
            lines += ["", tw.header("items", section.id, item.id)]
            lines += _tally_lines(tally, item.kind, item_points, results.with_notes)
            if result:
                for role in sorted(result.by_role):
                    lines += ["", tw.header("items", section.id, item.id, "by_role", role)]
                    lines += _tally_lines(result.by_role[role], item.kind, item_points, False)
    if results.with_notes:
        for section in framework.sections:
            cells = results.matrix.get(section.id)
            if not cells:
                continue
            lines += ["", tw.header("matrix", section.id)]
            for column in sorted(cells):
                lines += _list(tw.key(column), sorted(cells[column]))
    return "\n".join(lines) + "\n"


def save_merged(results: MergedResults, framework: Framework, path: str | Path) -> Path:
    """Write the merged file atomically, readable by its owner only."""
    return write_atomic(path, merged_to_toml(results, framework))
