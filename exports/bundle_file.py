"""Bundles as human-readable TOML files (format: docs/bundle-format.md)."""

from __future__ import annotations

import re
from pathlib import Path

from engine.bundle import BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, NA, Bundle
from engine.model import Framework
from exports import toml_writer as tw
from exports.atomic import write_atomic


def bundle_to_toml(bundle: Bundle, framework: Framework) -> str:
    """Serialise a bundle; sections and items follow the framework's order so diffs stay small."""
    lines = [
        "# Accord bundle: one respondent's answers. Format: docs/bundle-format.md",
        *tw.assignments(
            {
                "format": BUNDLE_FORMAT,
                "format_version": BUNDLE_FORMAT_VERSION,
                "framework": bundle.framework_id,
                "framework_version": bundle.framework_version,
                "partnership": bundle.partnership,
                "respondent": bundle.respondent,
                "email": bundle.email,
                "role": bundle.role,
                "created": bundle.created,
                "updated": bundle.updated,
            }
        ),
    ]
    if bundle.position:
        lines.append(f"position = {tw.string('/'.join(bundle.position))}")
    private = [s.id for s in framework.sections if s.private]
    if private:
        lines.append("# private sections are saved here but left out of merges unless asked for")
        lines.append(f"private_sections = {tw.value(private)}")
    for section in framework.sections:
        for item in section.items:
            answer = bundle.answers.get((section.id, item.id))
            if answer is None or answer.is_empty():
                continue
            lines += ["", tw.header("answers", section.id, item.id)]
            if answer.na:
                lines.append(f"score = {tw.string(NA)}")
            elif answer.score is not None:
                lines.append(f"score = {answer.score}")
            if answer.choice is not None:
                lines.append(f"answer = {tw.string(answer.choice)}")
            if answer.note:
                lines.append(f"note = {tw.string(answer.note)}")
    for section in framework.sections:
        cells = {k: v for k, v in bundle.matrix.get(section.id, {}).items() if v}
        if cells:
            lines += ["", tw.header("matrix", section.id), *tw.assignments(cells)]
    for tool_id in sorted(bundle.tools):
        if bundle.tools[tool_id]:
            lines += ["", tw.header("tools", tool_id), *tw.assignments(bundle.tools[tool_id])]
    return "\n".join(lines) + "\n"


def save_bundle(bundle: Bundle, framework: Framework, path: str | Path, *, exclusive: bool = False) -> Path:
    """Write the bundle atomically, readable by its owner only."""
    return write_atomic(path, bundle_to_toml(bundle, framework), exclusive=exclusive)


def slug(text: str, limit: int = 40) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:limit].strip("-") or "assessment"


def new_bundle_path(folder: Path, bundle: Bundle) -> Path:
    """A fresh, unused file name in `folder` for a new assessment."""
    stamp = bundle.created.strftime("%Y%m%d-%H%M%S")
    base = f"{bundle.framework_id}-{slug(bundle.partnership)}-{stamp}"
    candidate = folder / f"{base}.toml"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}.toml"
        n += 1
    return candidate
